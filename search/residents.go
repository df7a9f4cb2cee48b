package search

import (
	"strings"

	"github.com/liwanbot/liwanbot/corpus"
)

// residentsText renders a sentence's residents' vocabulary as the engine
// reads questions: Chinese normalised, Cantonese rewritten, simplified and
// put in the report's terms; English as Porter stems, which is how an
// English question's words the glossary cannot place reach the matcher.
func (e *Engine) residentsText(v corpus.Vocabulary, stems map[string]string) string {
	// The Chinese is gathered first and converted in one pass (see
	// simplifyLines).
	var zh, parts []string
	chinese := func(s string) {
		zh = append(zh, e.cantonese.apply(normalizeText(s)))
	}
	english := func(s string) {
		parts = append(parts, strings.Join(stemWordsMemo(s, stems), " "))
	}
	for _, w := range v.Words {
		chinese(w)
	}
	for _, w := range v.Cantonese {
		chinese(w)
	}
	for _, w := range v.English {
		english(w)
	}
	for _, q := range v.Questions {
		if detectLang(normalizeText(q)) == English {
			english(q)
		} else {
			chinese(q)
		}
	}
	if len(zh) > 0 {
		parts = append(parts, e.synonyms.apply(e.scripts.simplifyLines(zh)))
	}
	return strings.Join(parts, "\n")
}

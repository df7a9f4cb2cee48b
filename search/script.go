package search

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// Lang is the language and script a question was written in; the reply is
// written in the same.
type Lang string

const (
	Simplified  Lang = "zh-Hans"
	Traditional Lang = "zh-Hant"
	English     Lang = "en"
)

// scripts converts between the scripts. Questions are matched in
// simplified characters, the script of the report and its index; replies go
// back in the asker's script.
//
// hk2s is cheap (about 4 ms and 0.5 MB to set up) and needed for every
// question, so it loads with the process's first engine (every engine
// shares it: shared.go). s2hk costs about ten times that in time and 8 MB,
// and is needed only once someone writes in traditional characters, so it
// loads then.
type scripts struct {
	toSimplified *opencc.OpenCC
	toHK         func() (*opencc.OpenCC, error)
	// hkFixes undo s2hk choices that are wrong for the report's own terms
	// (托位 is not 託位).
	hkFixes *rewriter
	// hk2s is toSimplified's conversion, skipping what cannot change.
	hk2s *simplifier
}

func newScripts() (*scripts, error) {
	t2s, err := opencc.New("hk2s")
	if err != nil {
		return nil, fmt.Errorf("search: traditional-to-simplified converter: %w", err)
	}
	fixes, err := loadPairs("s2hk_fixes.txt")
	if err != nil {
		return nil, err
	}
	return &scripts{
		toSimplified: t2s,
		hk2s:         newSimplifier(t2s),
		toHK:         sync.OnceValues(func() (*opencc.OpenCC, error) { return opencc.New("s2hk") }),
		hkFixes:      newRewriter(fixes),
	}, nil
}

// simplify converts text to simplified characters and reports whether it
// held any traditional ones.
func (s *scripts) simplify(text string) (string, bool) {
	if s.hk2s.unchanged(text) {
		return text, false
	}
	out, err := s.hk2s.convert(text)
	if err != nil {
		return text, false
	}
	return out, out != text
}

// simplifyLines is simplify of the lines joined by newlines. Only the lines
// that may change are converted, in one call (OpenCC's cost is per call as
// much as per character); no dictionary entry holds a newline, so no
// conversion runs across one.
func (s *scripts) simplifyLines(lines []string) string {
	var slow []string
	for _, l := range lines {
		if !s.hk2s.unchanged(l) {
			slow = append(slow, l)
		}
	}
	if len(slow) == 0 {
		return strings.Join(lines, "\n")
	}
	joined, _ := s.simplify(strings.Join(slow, "\n"))
	converted := strings.Split(joined, "\n")
	if len(converted) != len(slow) { // a line held a newline of its own
		out, _ := s.simplify(strings.Join(lines, "\n"))
		return out
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if !s.hk2s.unchanged(l) {
			l, converted = converted[0], converted[1:]
		}
		out[i] = l
	}
	return strings.Join(out, "\n")
}

// traditional writes simplified text in Hong Kong traditional characters.
// If the converter cannot load, the text stays simplified: a reply in the
// wrong script beats no reply.
func (s *scripts) traditional(text string) string {
	cc, err := s.toHK()
	if err != nil {
		return text
	}
	out, err := cc.Convert(text)
	if err != nil {
		return text
	}
	return s.hkFixes.apply(out)
}

// detectLang tells English from Chinese; the script of Chinese is decided
// by simplify.
//
// Residents abroad write English with the Chinese of a name or term in
// brackets ("investment target for urban renewal (城市更新)"): a message is
// English when its English words are at least three and outnumber its Han
// characters, so "GDP预期增长多少" and "Sam's Club几时开" stay Chinese.
func detectLang(text string) Lang {
	han, letters, words := 0, 0, 0
	inWord := false
	for _, r := range text {
		latin := r < unicode.MaxASCII && unicode.IsLetter(r)
		switch {
		case isHan(r):
			han++
		case latin:
			letters++
			if !inWord {
				words++
			}
		}
		inWord = latin || inWord && r == '\''
	}
	if han == 0 {
		if letters >= 2 {
			return English
		}
		return Simplified
	}
	if words >= 3 && words >= han {
		return English
	}
	return Simplified
}

// loadPairs reads "from<TAB>to" lines into rewrites.
func loadPairs(name string) ([]rewrite, error) {
	var rules []rewrite
	err := eachLine(name, func(fields []string) error {
		if len(fields) != 2 || strings.TrimSpace(fields[0]) == "" {
			return fmt.Errorf("want from<TAB>to")
		}
		rules = append(rules, rewrite{from: fields[0], to: fields[1]})
		return nil
	})
	return rules, err
}

// loadCantonese reads the Cantonese lexicon. Its words are matched as
// typed, in traditional characters, and also in simplified characters when
// that form is two characters or more: a lone simplified 系 is as likely
// 体系 as Cantonese 係.
// mandarinToo are simplified spellings of Cantonese words that mean
// something else in Mandarin: 幾大 asks "how big", 几大方面 "how many major
// areas". Typed in traditional script they are still rewritten.
var mandarinToo = map[string]bool{"几大": true}

func loadCantonese(sc *scripts) (*rewriter, error) {
	pairs, err := loadPairs("cantonese.txt")
	if err != nil {
		return nil, err
	}
	rules := make([]rewrite, 0, 2*len(pairs))
	for _, p := range pairs {
		to := p.to
		if to == "" {
			to = " " // a particle: it only separates
		}
		rules = append(rules, rewrite{from: p.from, to: to})
		if simp, changed := sc.simplify(p.from); changed && utf8.RuneCountInString(simp) >= 2 && !mandarinToo[simp] {
			rules = append(rules, rewrite{from: simp, to: to})
		}
	}
	return newRewriter(rules), nil
}

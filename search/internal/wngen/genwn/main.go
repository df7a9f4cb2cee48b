// Command genwn writes search/data/en_synonyms.txt from WordNet 3.0 and the
// embedded report's English side (its rendering, topics, and residents'
// English words and questions):
//
//	apt-get install wordnet-base
//	go run ./internal/wngen/genwn -wordnet /usr/share/wordnet -out data/en_synonyms.txt
//
// run from search/ (go generate -run genwn ./search/ does that). The flags other than
// -wordnet and -out are the generator's knobs (wngen.Options); their
// defaults are the settings the committed file is built with.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"unicode"

	"github.com/liwanbot/liwanbot/search/internal/wngen"
	"github.com/liwanbot/liwanbot/seeds"
)

func main() {
	dir := flag.String("wordnet", "/usr/share/wordnet", "WordNet 3.0's dict folder (Debian: wordnet-base)")
	out := flag.String("out", "data/en_synonyms.txt", "file to write")
	d := wngen.DefaultOptions
	senses := flag.Int("senses", d.Senses, "senses per report word, most frequent first")
	qsenses := flag.Int("qsenses", d.QuestionSenses, "the shared sense must be among the question word's first N (0: any)")
	hyponyms := flag.Int("hyponyms", d.Hyponyms, "offer the direct hyponyms of kept senses with at most N of them (0: none)")
	derived := flag.Bool("derived", d.Derived, "follow derivational links before taking senses")
	flag.Parse()
	if err := run(*dir, *out, wngen.Options{Senses: *senses, QuestionSenses: *qsenses, Hyponyms: *hyponyms, Derived: *derived}); err != nil {
		fmt.Fprintln(os.Stderr, "genwn:", err)
		os.Exit(1)
	}
}

func run(dir, out string, opt wngen.Options) error {
	texts, err := englishSide()
	if err != nil {
		return err
	}
	data, err := wngen.Generate(os.DirFS(dir), texts, opt)
	if err != nil {
		return err
	}
	return os.WriteFile(out, data, 0o644)
}

// englishSide is every English text the engine matches questions against:
// the rendering of each sentence and topic, and residents' English words
// and questions for each sentence.
func englishSide() ([]string, error) {
	r, err := seeds.Parse()
	if err != nil {
		return nil, err
	}
	var texts []string
	for _, t := range r.English {
		texts = append(texts, t)
	}
	for _, t := range r.EnglishTopics {
		texts = append(texts, t)
	}
	for _, v := range r.Vocabulary {
		texts = append(texts, v.English...)
		for _, q := range v.Questions {
			if !strings.ContainsFunc(q, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
				texts = append(texts, q)
			}
		}
	}
	return texts, nil
}

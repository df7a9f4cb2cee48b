package search

import (
	"fmt"
	"slices"
	"strings"
)

//go:generate go run ./internal/wngen/genwn -wordnet /usr/share/wordnet -out data/en_synonyms.txt

// englishSynonyms are the words residents may use for the report's English
// ones, from WordNet (data/en_synonyms.txt, written by internal/wngen): a
// question's "finished" for the rendering's complete, "facelift" for
// renovation, "daycare" for childcare. Keys and targets are stems as the
// English analyzer makes them; a key or target of several words is their
// stems, space-joined ("dai care").
type englishSynonyms struct {
	targets  map[string][][]string // question stems → report stems each may stand for
	maxWords int                   // the most stems a key has
}

// englishSynonymLine is a line of the synonym file with what does not depend on
// the report already dropped: its key, if a question can weigh it (not a
// question frame alone), and its targets that are not question frames.
type englishSynonymLine struct {
	key     string // stems, space-joined
	words   int    // how many stems the key has
	targets [][]string
}

// parseEnglishSynonyms reads the synonym file, in its order.
func parseEnglishSynonyms() ([]englishSynonymLine, error) {
	var lines []englishSynonymLine
	framed := func(stems []string) bool { return allOf(stems, func(t string) bool { return englishStopwords[t] }) }
	err := eachLine("en_synonyms.txt", func(fields []string) error {
		if len(fields) != 2 || fields[0] == "" || fields[1] == "" {
			return fmt.Errorf("want question stems<TAB>report stems|…")
		}
		key := strings.Fields(fields[0])
		if framed(key) {
			return nil
		}
		l := englishSynonymLine{key: strings.Join(key, " "), words: len(key)}
		for _, t := range strings.Split(fields[1], "|") {
			if stems := strings.Fields(t); len(stems) > 0 && !framed(stems) {
				l.targets = append(l.targets, stems)
			}
		}
		if len(l.targets) > 0 {
			lines = append(lines, l)
		}
		return nil
	})
	return lines, err
}

// loadEnglishSynonyms keeps of the synonym file what can matter for this
// report: targets the report's English side holds (holds reports a stem's
// presence). A key the file lists twice keeps its last line with any.
func loadEnglishSynonyms(holds func(stem string) bool) (*englishSynonyms, error) {
	lines, err := sharedEnglishSynonyms()
	if err != nil {
		return nil, err
	}
	s := &englishSynonyms{targets: make(map[string][][]string, len(lines))}
	for _, l := range lines {
		targets := l.targets // shared with the parsed file while the report holds them all, as it mostly does
		for i, t := range l.targets {
			if !allOf(t, holds) {
				targets = slices.Clone(l.targets[:i])
				for _, t := range l.targets[i+1:] {
					if allOf(t, holds) {
						targets = append(targets, t)
					}
				}
				break
			}
		}
		if len(targets) > 0 {
			s.targets[l.key] = targets
			s.maxWords = max(s.maxWords, l.words)
		}
	}
	return s, nil
}

// of finds the synonyms of a question's stems, in order: for each stem, the
// targets of the longest key starting at or spanning it ("dai care" gives
// both dai and care childcare's stem).
func (s *englishSynonyms) of(stems []string) map[string][][]string {
	if s == nil {
		return nil
	}
	var out map[string][][]string
	for i := 0; i < len(stems); {
		n := min(s.maxWords, len(stems)-i)
		for ; n > 0; n-- {
			if targets, ok := s.targets[strings.Join(stems[i:i+n], " ")]; ok {
				if out == nil {
					out = map[string][][]string{}
				}
				for _, st := range stems[i : i+n] {
					out[st] = append(out[st], targets...)
				}
				break
			}
		}
		i += max(n, 1)
	}
	return out
}

// known reports whether a word's stem is a synonym key: a word to take as
// written, not to spell into a report word.
func (s *englishSynonyms) known(stem string) bool {
	if s == nil {
		return false
	}
	_, ok := s.targets[stem]
	return ok
}

// holdsAny reports whether stems holds every stem of one of targets.
func holdsAny(stems map[string]bool, targets [][]string) bool {
	for _, t := range targets {
		if allOf(t, func(x string) bool { return stems[x] }) {
			return true
		}
	}
	return false
}

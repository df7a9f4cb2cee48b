package search

import (
	"fmt"
	"strings"
)

// services recognises questions about a resident's own paperwork
// (passports, 社保卡, 户口): a work report plans the district's work and
// says nothing of how to get them, so such a question gets a pointer to
// where residents get that help, from search/data/services.txt.
type services struct {
	words, asks []string
	reply       map[string]string // by language: "zh", "en"
}

func loadServices() (*services, error) {
	s := &services{reply: map[string]string{}}
	err := eachLine("services.txt", func(fields []string) error {
		switch {
		case len(fields) == 3 && fields[0] == "reply":
			s.reply[fields[1]] = fields[2]
		case len(fields) == 2 && fields[0] == "words":
			s.words = append(s.words, strings.Split(normalizeText(fields[1]), "|")...)
		case len(fields) == 2 && fields[0] == "asks":
			s.asks = append(s.asks, strings.Split(normalizeText(fields[1]), "|")...)
		default:
			return fmt.Errorf("want reply<TAB>lang<TAB>text, words<TAB>…, or asks<TAB>…")
		}
		return nil
	})
	if err == nil && (s.reply["zh"] == "" || s.reply["en"] == "") {
		err = fmt.Errorf("search: services.txt needs a zh and an en reply")
	}
	return s, err
}

// match reports whether a normalised, simplified question (or the raw
// English) asks about a personal service: it names one, and either asks how
// or is short enough to be about nothing else.
func (s *services) match(text string) bool {
	named := false
	for _, w := range s.words {
		if containsWord(text, w) {
			named = true
			break
		}
	}
	if !named {
		return false
	}
	if len([]rune(text)) <= 12 {
		return true
	}
	for _, a := range s.asks {
		if containsWord(text, a) {
			return true
		}
	}
	return false
}

// containsWord finds w in text; a Latin word must stand on its own, so that
// "visa" is not found in "visakhapatnam".
func containsWord(text, w string) bool {
	if w == "" {
		return false
	}
	if isHanRun(w) {
		return strings.Contains(text, w)
	}
	for i := 0; ; {
		j := strings.Index(text[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		if (start == 0 || !isASCIILetter(text[start-1])) && (end == len(text) || !isASCIILetter(text[end])) {
			return true
		}
		i = start + 1
	}
}

package search

import (
	"fmt"
	"strings"
)

// services recognises questions about things a work report does not
// cover but residents ask it anyway: their own paperwork (passports, 社保卡,
// 户口), the weather. A report plans the district's work, so such a question
// gets a pointer to where residents get that help, from
// search/data/services.txt, rather than a sentence that shares a word with it.
type services struct {
	topics []*serviceTopic
}

// serviceTopic is one kind of help the report does not give.
type serviceTopic struct {
	name        string
	words, asks []string          // with no asks, naming a word is enough
	reply       map[string]string // by language: "zh", "en"
}

func loadServices() (*services, error) {
	s := &services{}
	var cur *serviceTopic
	topic := func(name string) {
		cur = &serviceTopic{name: name, reply: map[string]string{}}
		s.topics = append(s.topics, cur)
	}
	err := eachLine("services.txt", func(fields []string) error {
		switch {
		case len(fields) == 2 && fields[0] == "topic":
			topic(fields[1])
			return nil
		case cur == nil:
			return fmt.Errorf("want topic<TAB>name before a topic's lines")
		case len(fields) == 3 && fields[0] == "reply":
			cur.reply[fields[1]] = fields[2]
		case len(fields) == 2 && fields[0] == "words":
			cur.words = append(cur.words, strings.Split(normalizeText(fields[1]), "|")...)
		case len(fields) == 2 && fields[0] == "asks":
			cur.asks = append(cur.asks, strings.Split(normalizeText(fields[1]), "|")...)
		default:
			return fmt.Errorf("want topic<TAB>name, reply<TAB>lang<TAB>text, words<TAB>…, or asks<TAB>…")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, t := range s.topics {
		if t.reply["zh"] == "" || t.reply["en"] == "" || len(t.words) == 0 {
			return nil, fmt.Errorf("search: services.txt: topic %q needs words and a zh and an en reply", t.name)
		}
	}
	return s, nil
}

// match returns the topic a normalised, simplified question (or the raw
// English) asks about, or nil: it names one of the topic's words, and
// either asks how (where the topic has ask words) or is short enough to be
// about nothing else.
func (s *services) match(text string) *serviceTopic {
	for _, t := range s.topics {
		if t.matches(text) {
			return t
		}
	}
	return nil
}

func (t *serviceTopic) matches(text string) bool {
	named := false
	for _, w := range t.words {
		if containsWord(text, w) {
			named = true
			break
		}
	}
	if !named {
		return false
	}
	if len(t.asks) == 0 || len([]rune(text)) <= 12 {
		return true
	}
	for _, a := range t.asks {
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

package console

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/liwanbot/liwanbot/corpus"
)

// maxFreeFigureRunes bounds a figure that is not one of the sentence's own:
// room for a number with its unit ("1.2万平方米"), not for a message.
const maxFreeFigureRunes = 24

// ratingInput is the body of POST /api/feedback.
type ratingInput struct {
	Sentence string `json:"sentence"`
	Figure   string `json:"figure"`
	Rating   int    `json:"rating"`
}

// decodeRating reads exactly one JSON object: anything after it is a
// malformed request, not something to ignore.
func decodeRating(r io.Reader) (ratingInput, error) {
	var in ratingInput
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return in, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return in, errors.New("trailing data after the JSON object")
	}
	return in, nil
}

// checkRating says what is wrong with a rating of the report rep, or nil:
// the sentence must be one of the report's, and the figure one of that
// sentence's or short plain text, since it is stored and shown to staff.
func checkRating(rep *corpus.Report, in ratingInput) error {
	if in.Rating != 1 && in.Rating != -1 {
		return errors.New("rating must be 1 or -1")
	}
	st, ok := findSentence(rep, in.Sentence)
	if !ok {
		return fmt.Errorf("no such sentence in the report: %q", clipRunes(in.Sentence, 40))
	}
	if in.Figure == "" {
		return nil
	}
	for _, f := range st.Figures {
		if in.Figure == f.Value || in.Figure == f.Text {
			return nil
		}
	}
	if utf8.RuneCountInString(in.Figure) > maxFreeFigureRunes {
		return fmt.Errorf("figure is not one of sentence %s's and is longer than %d characters", st.ID, maxFreeFigureRunes)
	}
	if i := strings.IndexFunc(in.Figure, notPlain); i >= 0 {
		return fmt.Errorf("figure holds %q: only letters, digits, spaces and punctuation other than <>&\"'` are taken", []rune(in.Figure[i:])[0])
	}
	return nil
}

// findSentence finds a sentence by its full id: p31.s4, not p31.s999 nor
// p31.s4.s5, which share only its paragraph.
func findSentence(rep *corpus.Report, id string) (corpus.Sentence, bool) {
	p, ok := rep.Paragraph(id)
	if !ok {
		return corpus.Sentence{}, false
	}
	for _, st := range p.Sentences {
		if st.ID == id {
			return st, true
		}
	}
	return corpus.Sentence{}, false
}

// notPlain reports a rune that has no place in a figure: controls, format
// characters (bidi overrides, zero-width), and markup.
func notPlain(r rune) bool {
	switch {
	case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Cf, r), strings.ContainsRune("<>&\"'`", r):
		return true
	}
	return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || r == ' ' || unicode.Is(unicode.Mn, r))
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

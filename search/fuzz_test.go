package search_test

import (
	"context"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/liwanbot/liwanbot/search"
)

// FuzzAnswer asks the engine anything. Whatever the question, the engine
// must not panic, must give a known outcome, and an answer must cite a
// sentence and state no number that sentence lacks.
//
// The seed corpus (the dev questions and the robustness edge cases) runs in
// plain `go test`; fuzz with
//
//	go test -run XXX -fuzz FuzzAnswer -fuzztime 60s ./search
func FuzzAnswer(f *testing.F) {
	if qs, err := readQuestions(devSet); err == nil {
		for _, q := range qs {
			f.Add(q.Q)
		}
	}
	for _, q := range edgeCases() {
		f.Add(q)
	}
	for _, q := range concurrentQuestions {
		f.Add(q)
	}
	for _, q := range extraGroundingQuestions {
		f.Add(q)
	}
	e := engine(f)
	f.Fuzz(func(t *testing.T, q string) {
		a := e.Answer(context.Background(), q)
		if !slices.Contains(validOutcomes, a.Outcome) {
			t.Fatalf("%q: invalid outcome %q", q, a.Outcome)
		}
		if !slices.Contains(validLangs, a.Lang) {
			t.Fatalf("%q: invalid lang %q", q, a.Lang)
		}
		if !utf8.ValidString(a.Text) {
			t.Fatalf("%q: reply is not valid UTF-8: %q", q, a.Text)
		}
		if a.Outcome != search.Answered {
			if len(a.Sources) != 0 || a.Figure != nil {
				t.Fatalf("%q: %s reply carries sources or a figure:\n%s", q, a.Outcome, describe(a))
			}
			return
		}
		if len(a.Sources) == 0 {
			t.Fatalf("%q: answered with no source", q)
		}
		if bad := ungrounded(a.Text, a.Sources[0].Text); len(bad) > 0 {
			t.Fatalf("%q: reply states %q, not in its cited sentence:\n%s", q, bad, describe(a))
		}
	})
}

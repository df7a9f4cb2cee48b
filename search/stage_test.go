package search_test

import (
	"context"
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/seeds"
)

// unrenderedEngine answers from the embedded report without its English
// rendering, as a new year's report comes.
func unrenderedEngine(t *testing.T) *search.Engine {
	t.Helper()
	r, err := corpus.Parse(seeds.Report)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := search.New(r)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	return eng
}

// TestStageAskedPicksItsSentence asks of the report without its English
// rendering, as a new year's report comes: the English words then reach
// the sentences through the glossary alone, and the shorter 新开工 sentence
// outranks the 建成 one for the same kinds of building. The stage asked
// decides which sentence holds the figure.
func TestStageAskedPicksItsSentence(t *testing.T) {
	eng := unrenderedEngine(t)
	tests := []struct {
		q, figure, sentence string
	}{
		{"What's the floor area of the high-standard factory buildings to be completed this year?", "35.48万平方米", "全年力争建成16个产业载体"},
		{"What's the floor area of the high-standard factory buildings that start construction this year?", "130.38万平方米", "新开工项目23个"},
		{"今年开工的高标准工业厂房项目有几个", "11个", "新开工项目23个"},
		{"今年建成的高标准工业厂房面积多少", "35.48万平方米", "全年力争建成16个产业载体"},
	}
	for _, tt := range tests {
		a := eng.Answer(context.Background(), tt.q)
		if a.Figure == nil || a.Figure.Text != tt.figure || len(a.Sources) == 0 || !strings.Contains(a.Sources[0].Text, tt.sentence) {
			t.Errorf("%q: want %s from the sentence with %q, got\n%s", tt.q, tt.figure, tt.sentence, describe(a))
		}
	}
}

// TestUnitOnlyAskTakesNoCommonHead asks, of a report without its English
// rendering, a question whose ask names only units after a context of new
// builds: 建设, in a third of the report's sentences, names no thing, and
// an area of any of them (the land expropriated) would be a wrong figure.
func TestUnitOnlyAskTakesNoCommonHead(t *testing.T) {
	eng := unrenderedEngine(t)
	q := "New builds starting this year — how many projects and how much total area?"
	for _, a := range append([]search.Answer{eng.Answer(context.Background(), q)}, eng.Answer(context.Background(), q).Parts...) {
		if a.Figure != nil && (len(a.Sources) == 0 || !strings.Contains(a.Sources[0].Text, "新开工项目23个")) {
			t.Errorf("%q: states %s from another sentence:\n%s", q, a.Figure.Text, describe(a))
		}
	}
}

package search

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/search/internal/synth"
)

// TestBestAsBleveSorts holds the engine's own collection of a query's best
// hits to what bleve's search returns for the same query sorted by score,
// then id: on every golden question, and on half the report's sentences
// asked as questions, on the report and on a synthetic one whose copies'
// sentences tie in score.
func TestBestAsBleveSorts(t *testing.T) {
	r := parsedReport(t)
	big, err := synth.Report(r, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	questions := goldenQuestions(t)
	for _, c := range []struct {
		name   string
		report *corpus.Report
	}{{"real", r}, {"synthetic", big}} {
		t.Run(c.name, func(t *testing.T) {
			e, err := New(c.report)
			if err != nil {
				t.Fatal(err)
			}
			defer e.Close()
			if got := len(e.index.rankOf); got != len(e.sentences) {
				t.Fatalf("index knows %d sentences, the report has %d", got, len(e.sentences))
			}
			qs := slices.Clone(questions)
			for i, s := range e.sentences {
				if i%2 == 0 {
					qs = append(qs, s.Text)
				}
			}
			qs = append(qs, "区", "How many childcare places are planned?", "the", "")
			ties := 0
			for _, text := range qs {
				runs := e.analyze(text).runs
				english := ""
				if isLatinQuestion(text) {
					english = text
				}
				q := lookupQuery(runs, english, nil)
				if q == nil {
					continue
				}
				for _, n := range []int{1, candidates} {
					got, err := e.index.best(context.Background(), q, n)
					if err != nil {
						t.Fatalf("%q: %v", text, err)
					}
					req := bleve.NewSearchRequestOptions(q, n, 0, false)
					req.SortBy([]string{"-_score", "_id"})
					res, err := e.index.SearchInContext(context.Background(), req)
					if err != nil {
						t.Fatalf("%q: bleve: %v", text, err)
					}
					want := make([]hit, 0, len(res.Hits))
					for _, h := range res.Hits {
						want = append(want, hit{id: h.ID, score: h.Score})
					}
					if !slices.Equal(got, want) {
						t.Fatalf("%q, best %d:\n got %v\nwant %v", text, n, got, want)
					}
					if n > 1 && len(want) == n && res.Total > uint64(n) && want[n-1].score == want[n-2].score {
						ties++
					}
				}
			}
			t.Logf("%d queries, %d with a tie at the cut", len(qs), ties)
			if c.name == "synthetic" && ties == 0 {
				t.Errorf("no query tied at the cut: the tie order went untested")
			}
		})
	}
}

// isLatinQuestion reports whether text has no Han character, as an English
// question has.
func isLatinQuestion(text string) bool {
	for _, r := range text {
		if isHan(r) {
			return false
		}
	}
	return text != ""
}

// goldenQuestions are the golden file's questions (the golden package
// imports this one, so it is read here directly).
func goldenQuestions(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../golden/questions.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var q struct {
			Q string `json:"q"`
		}
		if err := json.Unmarshal(sc.Bytes(), &q); err != nil {
			t.Fatalf("golden line: %v", err)
		}
		out = append(out, q.Q)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

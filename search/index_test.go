package search

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
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
// sentences tie in score. The engine adds a sentence's clause scores in
// query order, bleve in the order its heap yields them, so the two may
// differ by rounding: scores must agree to within that, and two hits may
// only trade places, or places at the cut, where their scores do.
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
			known := 0
			for _, rank := range e.index.rankOf {
				if rank >= 0 {
					known++
				}
			}
			if got := known; got != len(e.sentences) {
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
				var synonyms [][]string
				if isLatinQuestion(text) {
					english = text
					synonyms = e.english.synonymQuery(e.english.terms(text))
				}
				q := lookupQuery(runs, english, synonyms)
				if q == nil {
					continue
				}
				for _, n := range []int{1, 5, candidates} {
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
					if why := sameHits(got, want); why != "" {
						t.Fatalf("%q, best %d: %s\n got %v\nwant %v", text, n, why, got, want)
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

// sameHits says how got differs from want beyond the rounding of scores
// summed in another order, or "" where it does not: got must be sorted by
// score, then id; its scores must be want's, place by place; a hit in both
// must score the same in both; and a hit in only one must score as the
// other's last, a tie at the cut that rounding decided.
func sameHits(got, want []hit) string {
	const tolerance = 1e-12 // relative: some hundred roundings of a sum
	near := func(a, b float64) bool { return math.Abs(a-b) <= tolerance*math.Max(math.Abs(a), math.Abs(b)) }
	if len(got) != len(want) {
		return fmt.Sprintf("%d hits, want %d", len(got), len(want))
	}
	if len(got) == 0 {
		return ""
	}
	scoreOf := func(hs []hit) map[string]float64 {
		m := make(map[string]float64, len(hs))
		for _, h := range hs {
			m[h.id] = h.score
		}
		return m
	}
	gotScore, wantScore := scoreOf(got), scoreOf(want)
	for i, h := range got {
		if i > 0 && (h.score > got[i-1].score || h.score == got[i-1].score && h.id < got[i-1].id) {
			return fmt.Sprintf("hit %d (%s) sorts before hit %d", i, h.id, i-1)
		}
		if !near(h.score, want[i].score) {
			return fmt.Sprintf("hit %d scores %v, want %v", i, h.score, want[i].score)
		}
	}
	for _, c := range []struct {
		hs    []hit
		other map[string]float64
		last  float64
	}{{got, wantScore, want[len(want)-1].score}, {want, gotScore, got[len(got)-1].score}} {
		for _, h := range c.hs {
			s, ok := c.other[h.id]
			if !ok {
				s = c.last
			}
			if !near(h.score, s) {
				return fmt.Sprintf("%s scores %v against %v", h.id, h.score, s)
			}
		}
	}
	return ""
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

// TestEnglishAnalyzerFoldsAccents: the rendering writes "façade" and
// residents type "facade"; both sides must meet in one term.
func TestEnglishAnalyzerFoldsAccents(t *testing.T) {
	a, err := englishAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][2]string{{"the fifth façade", "the fifth facade"}, {"Café opening", "cafe opens"}} {
		if got, want := englishStems(a, pair[0]), englishStems(a, pair[1]); !slices.Equal(got, want) {
			t.Errorf("englishStems(%q) = %q, englishStems(%q) = %q; want one", pair[0], got, pair[1], want)
		}
	}
}

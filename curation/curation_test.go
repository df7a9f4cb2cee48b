package curation_test

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/curation"
	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/golden"
	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/seeds"
)

// The engine is the real one, on the real report: a curation is checked
// for what it does to real answers.
var shelf = sync.OnceValues(func() (*search.Shelf, error) {
	r, err := seeds.Parse()
	if err != nil {
		return nil, err
	}
	return search.NewShelf([]*corpus.Report{r})
})

func engine(t *testing.T) *search.Shelf {
	t.Helper()
	s, err := shelf()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func store(t *testing.T) *feedback.Store {
	t.Helper()
	s, err := feedback.Open(context.Background(), filepath.Join(t.TempDir(), "feedback.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// goldenSubset is some of the built-in golden questions: r094 (托位, which
// p31.s4 answers and a link of 托位 to another sentence breaks) and those
// about childcare places and school places, the ones the curations here
// touch, and a few more that they do not.
func goldenSubset(t *testing.T) []golden.Question {
	t.Helper()
	all, err := golden.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var out []golden.Question
	for i, q := range all {
		if i < 10 || q.ID == "r094" || strings.Contains(q.Q, "托位") {
			out = append(out, q)
		}
	}
	if !slices.ContainsFunc(out, func(q golden.Question) bool { return q.ID == "r094" }) {
		t.Fatal("the built-in golden file has no r094 (托位) any more")
	}
	return out
}

const (
	refusedQuestion = "托儿所学位有几多" // refused until linked to p31.s4
	childcare       = "p31.s4"   // 争取全区托位总量超6500个
)

func TestSet(t *testing.T) {
	link := feedback.Curation{Version: 1, Type: feedback.KindLink, Question: refusedQuestion, Sentence: childcare}
	synonym := feedback.Curation{Version: 2, Type: feedback.KindSynonym, Words: []string{"托儿所"}, Term: "托育"}
	reply := feedback.Curation{Version: 3, Type: feedback.KindReply, Words: []string{"护照|passport"}, Reply: &feedback.Reply{ZH: "请到出入境办理。", EN: "Ask the exit-entry office."}}
	// Rows another version of the program wrote, which this one cannot
	// apply: skipped, the others kept.
	unknown := feedback.Curation{Version: 4, Type: "rewrite", Question: "x"}
	noWords := feedback.Curation{Version: 5, Type: feedback.KindSynonym, Term: "托育"}
	tests := []struct {
		name    string
		version int64
		active  []feedback.Curation
		len     int
		skipped []int64
	}{
		{"none", 0, nil, 0, nil},
		{"one link", 1, []feedback.Curation{link}, 1, nil},
		{"every kind", 3, []feedback.Curation{link, synonym, reply}, 3, nil},
		{"rows this program cannot apply", 5, []feedback.Curation{link, unknown, noWords}, 1, []int64{4, 5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			set, skipped := curation.Set(tc.version, tc.active)
			if set.Version() != tc.version || set.Len() != tc.len || !slices.Equal(skipped, tc.skipped) {
				t.Errorf("set at version %d with %d curations, skipped %v; want %d, %d, %v", set.Version(), set.Len(), skipped, tc.version, tc.len, tc.skipped)
			}
		})
	}
}

func TestToSearch(t *testing.T) {
	tests := []struct {
		name string
		in   feedback.Curation
		want search.Curation
	}{
		{"link", feedback.Curation{Version: 7, Type: "link", Question: "q", Sentence: "p1.s1", Author: "chen", Reason: "r"},
			search.Curation{ID: 7, Kind: search.CurationLink, Question: "q", Sentence: "p1.s1"}},
		{"reply in two languages", feedback.Curation{Version: 8, Type: "reply", Words: []string{"a|b"}, Reply: &feedback.Reply{ZH: "中", EN: "en"}},
			search.Curation{ID: 8, Kind: search.CurationReply, Words: []string{"a|b"}, ReplyZH: "中", ReplyEN: "en"}},
		{"reply without its text", feedback.Curation{Version: 9, Type: "reply", Words: []string{"a"}},
			search.Curation{ID: 9, Kind: search.CurationReply, Words: []string{"a"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := curation.ToSearch(tc.in)
			if got.ID != tc.want.ID || got.Kind != tc.want.Kind || got.Question != tc.want.Question || got.Sentence != tc.want.Sentence ||
				!slices.Equal(got.Words, tc.want.Words) || got.ReplyZH != tc.want.ReplyZH || got.ReplyEN != tc.want.ReplyEN {
				t.Errorf("ToSearch = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// A service on the real engine and a fresh database, with a refused
// question residents asked in the window.
func service(t *testing.T) (*curation.Service, *feedback.Store, map[string]int) {
	t.Helper()
	st := store(t)
	if err := st.Write(context.Background(), feedback.Batch{Refusals: []feedback.Refusal{
		{At: time.Now().Add(-time.Hour), Question: refusedQuestion, Lang: "zh-Hans", Channel: "telegram", Outcome: "refused"},
	}}); err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	var mu sync.Mutex
	svc := curation.NewService(st, engine(t), goldenSubset(t), 24*time.Hour, nil)
	svc.Count = func(result string) {
		mu.Lock()
		counts[result]++
		mu.Unlock()
	}
	return svc, st, counts
}

// Check and Apply: what each kind of curation does to the golden answers
// and residents' questions, and whether it is kept.
func TestCheckAndApply(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		c    feedback.Curation
		err  error // from Apply; nil: kept
		// broken golden ids; the asked question's answer after, if it
		// changes ("" if it must not).
		broken   []string
		askedNow string
		sentence string // the asked question's cited sentence after
	}{
		{name: "link a refused question", c: feedback.Curation{Type: "link", Question: refusedQuestion, Sentence: childcare},
			askedNow: "answered", sentence: childcare},
		{name: "link 托位 elsewhere", c: feedback.Curation{Type: "link", Question: "托位有几多", Sentence: "p4.s2"},
			err: curation.ErrBreaks, broken: []string{"r094", "c073", "r13-005", "e10-017"}}, // 托位, 托位總共有幾多個, 今年目標托位總量幾多個, "total childcare places (托位)…"
		{name: "a reply for the question", c: feedback.Curation{Type: "reply", Words: []string{"托儿所学位"}, Reply: &feedback.Reply{ZH: "托儿所的事请问街道。"}},
			askedNow: "curated"},
		// n147 asks of 托儿所 and of 学位 (and is answered from the
		// report): a reply for every question naming both would take it.
		{name: "a reply too wide", c: feedback.Curation{Type: "reply", Words: []string{"托儿所", "学位"}, Reply: &feedback.Reply{ZH: "托儿所的事请问街道。"}},
			err: curation.ErrBreaks, broken: []string{"n147"}, askedNow: "curated"},
		{name: "never with an unrelated sentence", c: feedback.Curation{Type: "never", Question: "全区托位有多少", Sentence: "p4.s2"}},
		{name: "no such sentence", c: feedback.Curation{Type: "link", Question: refusedQuestion, Sentence: "p999.s9"},
			err: feedback.ErrBadCuration},
		{name: "a term the report lacks", c: feedback.Curation{Type: "synonym", Words: []string{"火箭"}, Term: "宇宙飞船"},
			err: feedback.ErrBadCuration},
		{name: "no author", c: feedback.Curation{Type: "link", Question: refusedQuestion, Sentence: childcare, Author: " "},
			err: feedback.ErrBadCuration},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			svc, st, counts := service(t)
			c := tc.c
			if c.Author == "" {
				c.Author = "chen"
			}
			c.Reason = "test"
			checked, checkErr := svc.Check(ctx, c)
			rep, err := svc.Apply(ctx, c)
			if !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
				t.Fatalf("Apply: %v, want %v", err, tc.err)
			}
			if tc.err != nil && !errors.Is(tc.err, curation.ErrBreaks) {
				if !errors.Is(checkErr, tc.err) {
					t.Errorf("Check: %v, want %v", checkErr, tc.err)
				}
				if counts["failed"] != 1 {
					t.Errorf("counted %v, want one failed", counts)
				}
				return
			}
			if checkErr != nil || checked.Accepted != (tc.err == nil) {
				t.Errorf("Check: accepted %v, %v; want accepted %v", checked.Accepted, checkErr, tc.err == nil)
			}
			if got := rep.BrokenIDs(); !slices.Equal(got, tc.broken) {
				t.Errorf("broken %v, want %v", got, tc.broken)
			}
			if rep.Asked != 1 {
				t.Errorf("compared %d residents' questions, want 1", rep.Asked)
			}
			if rep.Golden.After.Total != len(goldenSubset(t)) || rep.Golden.Before.Right-len(rep.Broken)+len(rep.Fixed) != rep.Golden.After.Right {
				t.Errorf("golden %+v → %+v with %d broken and %d fixed", rep.Golden.Before, rep.Golden.After, len(rep.Broken), len(rep.Fixed))
			}
			var asked *golden.Change
			for i, ch := range rep.Changed {
				if ch.ID == "" && ch.Question == refusedQuestion {
					asked = &rep.Changed[i]
				}
			}
			switch {
			case tc.askedNow == "" && asked != nil:
				t.Errorf("the asked question changes: %+v", *asked)
			case tc.askedNow != "" && asked == nil:
				t.Errorf("the asked question does not change; changed %+v", rep.Changed)
			case asked != nil && (asked.Before.Outcome != "refused" || asked.After.Outcome != tc.askedNow || asked.After.Sentence != tc.sentence):
				t.Errorf("the asked question goes %+v → %+v, want refused → %s %s", asked.Before, asked.After, tc.askedNow, tc.sentence)
			}
			v, err := st.CurationVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if kept := tc.err == nil; kept != (v == 1) || kept != (rep.Curation.Version == 1) {
				t.Errorf("the log is at version %d, the report says version %d; kept: %v", v, rep.Curation.Version, kept)
			}
			want := map[string]int{"kept": 1}
			if tc.err != nil {
				want = map[string]int{"refused": 1}
			}
			if len(counts) != 1 || counts["kept"] != want["kept"] || counts["refused"] != want["refused"] {
				t.Errorf("counted %v, want %v", counts, want)
			}
		})
	}
}

// An undo is checked as a curation is, kept as a row of its own, and
// refused for a curation undone already or never made.
func TestUndo(t *testing.T) {
	ctx := context.Background()
	svc, st, _ := service(t)
	kept, err := svc.Apply(ctx, feedback.Curation{Type: "link", Question: refusedQuestion, Sentence: childcare, Author: "chen", Reason: "asked daily"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		version int64
		err     error
	}{
		{"the link", kept.Curation.Version, nil},
		{"the link again", kept.Curation.Version, feedback.ErrUndone},
		{"a version never made", 99, feedback.ErrNoCuration},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := svc.Undo(ctx, tc.version, "li", "wrong sentence")
			if !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
				t.Fatalf("Undo(%d): %v, want %v", tc.version, err, tc.err)
			}
			if err != nil {
				return
			}
			if rep.Curation.Type != feedback.KindUndo || rep.Curation.Undoes != tc.version || rep.Curation.Author != "li" {
				t.Errorf("undo kept as %+v", rep.Curation)
			}
			// Undoing the link puts the asked question back to refused.
			back := false
			for _, ch := range rep.Changed {
				back = back || (ch.Question == refusedQuestion && ch.Before.Outcome == "answered" && ch.After.Outcome == "refused")
			}
			if !back {
				t.Errorf("the undo's changes %+v do not put %s back to refused", rep.Changed, refusedQuestion)
			}
		})
	}
	_, active, err := st.ActiveCurations(ctx)
	if err != nil || len(active) != 0 {
		t.Errorf("in force after the undo: %+v, %v", active, err)
	}
}

// The watcher publishes the curations in force when the version moves,
// and only then; answers on the published set use them.
func TestWatcherLoad(t *testing.T) {
	ctx := context.Background()
	st := store(t)
	eng := engine(t)
	var published []*search.Curations
	w := &curation.Watcher{Store: st, Engine: eng, Publish: func(c *search.Curations) { published = append(published, c) }}
	steps := []struct {
		name      string
		do        func()
		published bool
		version   int64
		answer    string // the cited sentence of refusedQuestion on the latest set
	}{
		{"an empty log publishes nothing", func() {}, false, 0, ""},
		{"a link", func() {
			if _, err := st.AddCuration(ctx, feedback.Curation{Type: "link", Question: refusedQuestion, Sentence: childcare, Author: "chen", Reason: "r"}); err != nil {
				t.Fatal(err)
			}
		}, true, 1, childcare},
		{"nothing new", func() {}, false, 1, childcare},
		{"its undo", func() {
			if _, err := st.UndoCuration(ctx, 1, "chen", "r"); err != nil {
				t.Fatal(err)
			}
		}, true, 2, ""},
	}
	for _, s := range steps {
		n := len(published)
		got, err := w.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		s.do()
		if got, err = w.Load(ctx); err != nil {
			t.Fatal(err)
		}
		if got != s.published || (len(published) > n) != s.published {
			t.Errorf("%s: published %v (%d sets), want %v", s.name, got, len(published)-n, s.published)
		}
		if len(published) == 0 {
			continue
		}
		set := published[len(published)-1]
		if set.Version() != s.version {
			t.Errorf("%s: the set in force is at version %d, want %d", s.name, set.Version(), s.version)
		}
		a := eng.AnswerWith(ctx, refusedQuestion, set)
		top := ""
		if a.Answered() && len(a.Sources) > 0 {
			top = a.Sources[0].ID
		}
		if top != s.answer {
			t.Errorf("%s: %s answered from %q on the set in force, want %q", s.name, refusedQuestion, top, s.answer)
		}
	}
}

// Two instances share a database: a change is kept only if the check
// that passed it answered on the curations it joins. Here a golden
// question is right only with a link another instance keeps while this
// one checks a staff reply for the same question: alone, the reply breaks
// nothing (the question was refused anyway); kept after the link, it
// would turn the golden answer the link made right wrong. It is checked
// again on the state with the link, and refused. An undo checked
// while another instance keeps a change is checked again too.
func TestChangesAreCheckedAgainstWhatTheyJoin(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "feedback.db")
	open := func() *feedback.Store {
		s, err := feedback.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	qs := []golden.Question{{ID: "linked", Lang: "zh-Hans", Type: "fact", Q: refusedQuestion, Expect: []string{"争取全区托位总量超6500个"}}}
	a := curation.NewService(open(), engine(t), qs, 24*time.Hour, nil)
	b := curation.NewService(open(), engine(t), qs, 24*time.Hour, nil)
	link := feedback.Curation{Type: "link", Question: refusedQuestion, Sentence: childcare, Author: "li", Reason: "asked daily"}
	reply := feedback.Curation{Type: "reply", Words: []string{"托儿所学位"}, Reply: &feedback.Reply{ZH: "托儿所的事请问街道。"}, Author: "chen", Reason: "asked often"}
	if rep, err := a.Check(ctx, reply); err != nil || !rep.Accepted {
		t.Fatalf("the reply alone: accepted %v, %v; the test needs it safe alone", rep.Accepted, err)
	}
	if rep, err := a.Check(ctx, link); err != nil || !rep.Accepted || len(rep.Fixed) != 1 {
		t.Fatalf("the link alone: accepted %v, fixed %d, %v; the test needs it to fix the golden question", rep.Accepted, len(rep.Fixed), err)
	}

	others := 0
	curation.SetBeforeKeep(a, func() {
		if others++; others == 1 {
			if _, err := b.Apply(ctx, link); err != nil {
				t.Errorf("the other instance's link: %v", err)
			}
		}
	})
	rep, err := a.Apply(ctx, reply)
	if !errors.Is(err, curation.ErrBreaks) || !slices.Equal(rep.BrokenIDs(), []string{"linked"}) || rep.Version != 1 {
		t.Errorf("the reply, kept after the other instance's link: %v, broken %v, checked at version %d; want refused, breaking linked, at version 1",
			err, rep.BrokenIDs(), rep.Version)
	}
	st := open()
	_, active, err := st.ActiveCurations(ctx)
	if err != nil || len(active) != 1 || active[0].Type != "link" {
		t.Errorf("in force: %+v, %v; want the link alone", active, err)
	}

	// An undo, while the other instance keeps an unrelated curation:
	// checked again on the state with it, and kept after it.
	unrelated := func(q string) feedback.Curation {
		return feedback.Curation{Type: "never", Question: q, Sentence: "p4.s2", Author: "li", Reason: "a 👎"}
	}
	first, err := a.Apply(ctx, unrelated("全区托位有多少"))
	if err != nil {
		t.Fatal(err)
	}
	others = 0
	curation.SetBeforeKeep(a, func() {
		if others++; others == 1 {
			if _, err := b.Apply(ctx, unrelated("新增公办基础教育学位有多少")); err != nil {
				t.Errorf("the other instance's curation: %v", err)
			}
		}
	})
	rep, err = a.Undo(ctx, first.Curation.Version, "chen", "not needed")
	if err != nil || rep.Version != first.Curation.Version+1 || rep.Curation.Version != first.Curation.Version+2 || others != 2 {
		t.Errorf("the undo: %v, checked at version %d and kept as %d (%d checks); want checked again at %d, kept as %d",
			err, rep.Version, rep.Curation.Version, others, first.Curation.Version+1, first.Curation.Version+2)
	}
}

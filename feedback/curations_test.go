package feedback_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/liwanbot/liwanbot/feedback"
)

func TestCurationLog(t *testing.T) {
	stores(t, func(t *testing.T, open func() *feedback.Store) {
		s := open()
		ctx := context.Background()
		if v, err := s.CurationVersion(ctx); err != nil || v != 0 {
			t.Fatalf("empty log: version %d, %v", v, err)
		}
		link := feedback.Curation{Type: feedback.KindLink, Question: "托儿所学位有几多", Sentence: "p31.s4", Author: "chen", Reason: "residents ask it so"}
		reply := feedback.Curation{Type: feedback.KindReply, Words: []string{"公园", "几点|关门"}, Reply: &feedback.Reply{ZH: "见公园公告", EN: "See the park's notice"}, Author: "li"}
		a, err := s.AddCuration(ctx, link)
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.AddCuration(ctx, reply)
		if err != nil {
			t.Fatal(err)
		}
		if a.Version != 1 || b.Version != 2 || a.At.IsZero() {
			t.Fatalf("versions %d, %d; at %v", a.Version, b.Version, a.At)
		}
		u, err := s.UndoCuration(ctx, 1, "wang", "wrong sentence")
		if err != nil {
			t.Fatal(err)
		}
		if u.Version != 3 || u.Undoes != 1 {
			t.Fatalf("undo %+v", u)
		}
		for _, tc := range []struct {
			version int64
			want    error
		}{{1, feedback.ErrUndone}, {3, feedback.ErrNoCuration}, {99, feedback.ErrNoCuration}} {
			if _, err := s.UndoCuration(ctx, tc.version, "wang", ""); !errors.Is(err, tc.want) {
				t.Errorf("undo %d: %v, want %v", tc.version, err, tc.want)
			}
		}
		if _, err := s.UndoCuration(ctx, 2, "", "no author"); !errors.Is(err, feedback.ErrBadCuration) {
			t.Errorf("undo without an author: %v", err)
		}
		hist, err := s.CurationHistory(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 3 || hist[0].UndoneBy != 3 || hist[0].Author != "chen" || hist[0].Reason != "residents ask it so" ||
			hist[1].Reply == nil || hist[1].Reply.EN != "See the park's notice" || hist[2].Author != "wang" || hist[2].Type != feedback.KindUndo {
			t.Fatalf("history %+v", hist)
		}
		v, active, err := s.ActiveCurations(ctx)
		if err != nil || v != 3 || len(active) != 1 || active[0].Version != 2 || strings.Join(active[0].Words, ",") != "公园,几点|关门" {
			t.Fatalf("active at %d: %+v, %v", v, active, err)
		}
		// A new database reading the export gets the same curations.
		var buf bytes.Buffer
		if err := feedback.WriteCurations(&buf, active); err != nil {
			t.Fatal(err)
		}
		back, err := feedback.ReadCurations(&buf)
		if err != nil || len(back) != 1 || back[0].Author != "li" || back[0].Version != 0 || back[0].Reply.ZH != "见公园公告" {
			t.Fatalf("read back %+v, %v", back, err)
		}
	})
}

func TestCurationChecks(t *testing.T) {
	tests := []struct {
		name string
		c    feedback.Curation
		ok   bool
	}{
		{"link", feedback.Curation{Type: "link", Question: "q", Sentence: "p1.s1", Author: "a"}, true},
		{"no author", feedback.Curation{Type: "link", Question: "q", Sentence: "p1.s1"}, false},
		{"link without sentence", feedback.Curation{Type: "link", Question: "q", Author: "a"}, false},
		{"synonym", feedback.Curation{Type: "synonym", Words: []string{"w"}, Term: "t", Author: "a"}, true},
		{"synonym without words", feedback.Curation{Type: "synonym", Term: "t", Author: "a"}, false},
		{"reply without Chinese", feedback.Curation{Type: "reply", Words: []string{"w"}, Reply: &feedback.Reply{EN: "x"}, Author: "a"}, false},
		{"undo", feedback.Curation{Type: "undo", Undoes: 1, Author: "a"}, false},
		{"unknown", feedback.Curation{Type: "boost", Author: "a"}, false},
		{"long author", feedback.Curation{Type: "link", Question: "q", Sentence: "p1.s1", Author: strings.Repeat("a", 65)}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.c.Check()
			if (err == nil) != tc.ok {
				t.Errorf("Check = %v, want ok %v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, feedback.ErrBadCuration) {
				t.Errorf("%v does not wrap ErrBadCuration", err)
			}
		})
	}
}

func TestReadCurationsNamesBadLine(t *testing.T) {
	in := `{"type":"link","question":"q","sentence":"p1.s1","author":"a","reason":"r"}

{"type":"link","question":"q","sentense":"p1.s1"}
`
	if _, err := feedback.ReadCurations(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("error %v does not name line 3", err)
	}
	if _, err := feedback.ReadCurations(strings.NewReader(`{"type":"undo","undoes":1,"author":"a","reason":""}`)); err == nil {
		t.Error("an undo was read from a file")
	}
}

// Instances adding curations at once each get a version of their own,
// and the versions have no gaps: an instance that has read version n has
// read every curation up to n.
func TestCurationVersionsUnderConcurrentWriters(t *testing.T) {
	stores(t, func(t *testing.T, open func() *feedback.Store) {
		const writers, each = 4, 10
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := range writers {
			s := open() // one store (pool) per instance
			wg.Go(func() {
				for i := range each {
					_, err := s.AddCuration(context.Background(), feedback.Curation{Type: "link", Question: "q", Sentence: "p1.s1", Author: "w", Reason: string(rune('a' + w*each + i))})
					if err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		hist, err := open().CurationHistory(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != writers*each {
			t.Fatalf("%d rows, want %d", len(hist), writers*each)
		}
		for i, c := range hist {
			if c.Version != int64(i+1) {
				t.Fatalf("row %d has version %d", i, c.Version)
			}
		}
	})
}

func TestAskedQuestions(t *testing.T) {
	stores(t, func(t *testing.T, open func() *feedback.Store) {
		s := open()
		ctx := context.Background()
		now := time.Now()
		r := func(q string, at time.Time) feedback.Refusal {
			return feedback.Refusal{At: at, Question: q, Lang: "zh-Hans", Channel: "api", Outcome: "refused"}
		}
		if err := s.Write(ctx, feedback.Batch{Refusals: []feedback.Refusal{r("a", now), r("b", now), r("b", now), r("old", now.Add(-48*time.Hour))}}); err != nil {
			t.Fatal(err)
		}
		got, err := s.AskedQuestions(ctx, now.Add(-time.Hour), 10)
		if err != nil || strings.Join(got, ",") != "b,a" {
			t.Errorf("asked %q, %v", got, err)
		}
	})
}

// A change kept "after" a version is kept only if the log is still at
// that version, so that the state a check passed it on is the one it
// joins; otherwise nothing is kept and ErrMoved says so.
func TestCurationAfterAVersion(t *testing.T) {
	stores(t, func(t *testing.T, open func() *feedback.Store) {
		s, other := open(), open()
		ctx := context.Background()
		link := feedback.Curation{Type: feedback.KindLink, Question: "托儿所学位有几多", Sentence: "p31.s4", Author: "chen", Reason: "asked"}
		if c, err := s.AddCurationAfter(ctx, link, 0); err != nil || c.Version != 1 {
			t.Fatalf("after 0 on an empty log: %+v, %v", c, err)
		}
		if _, err := other.AddCuration(ctx, link); err != nil { // another instance, meanwhile
			t.Fatal(err)
		}
		if _, err := s.AddCurationAfter(ctx, link, 1); !errors.Is(err, feedback.ErrMoved) {
			t.Errorf("after 1 on a log at 2: %v, want ErrMoved", err)
		}
		if _, err := s.UndoCurationAfter(ctx, 1, "li", "wrong", 1); !errors.Is(err, feedback.ErrMoved) {
			t.Errorf("an undo after 1 on a log at 2: %v, want ErrMoved", err)
		}
		if v, err := s.CurationVersion(ctx); err != nil || v != 2 {
			t.Errorf("after the moved changes the log is at %d (%v), want 2: nothing kept", v, err)
		}
		if u, err := s.UndoCurationAfter(ctx, 1, "li", "wrong", 2); err != nil || u.Version != 3 {
			t.Errorf("an undo after 2 on a log at 2: %+v, %v", u, err)
		}
		if _, err := s.UndoCurationAfter(ctx, 1, "li", "again", 3); !errors.Is(err, feedback.ErrUndone) {
			t.Errorf("a second undo at the log's version: %v, want ErrUndone", err)
		}
		if _, err := s.UndoCurationAfter(ctx, 9, "li", "none", 3); !errors.Is(err, feedback.ErrNoCuration) {
			t.Errorf("an undo of no curation at the log's version: %v, want ErrNoCuration", err)
		}
	})
}

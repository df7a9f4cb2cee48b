package synth_test

import (
	"testing"

	"github.com/liwanbot/liwanbot/search/internal/synth"
	"github.com/liwanbot/liwanbot/seeds"
)

func TestReport(t *testing.T) {
	base, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	const copies = 100 // the size the benchmarks use
	r, err := synth.Report(base, copies, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(r.Sentences()), copies*len(base.Sentences()); got != want {
		t.Errorf("%d sentences, want %d", got, want)
	}
	// The first copy is the report itself; every other copy of a body
	// sentence is a text of its own.
	baseSentences := base.Sentences()
	seen := map[string]string{}
	for i, s := range r.Sentences() {
		o := baseSentences[i%len(baseSentences)]
		if i < len(baseSentences) {
			if s.Text != o.Text {
				t.Errorf("%s: first copy %q, want the original %q", s.ID, s.Text, o.Text)
			}
			continue
		}
		if s.Heading {
			continue
		}
		if s.Text == o.Text {
			t.Errorf("%s: copy of %s unvaried: %q", s.ID, o.ID, s.Text)
		}
		if prev, ok := seen[s.Text]; ok {
			t.Errorf("%s repeats %s: %q", s.ID, prev, s.Text)
		}
		seen[s.Text] = s.ID
		if len(s.Figures) != len(o.Figures) {
			t.Errorf("%s: %d figures, its original %s %d", s.ID, len(s.Figures), o.ID, len(o.Figures))
		}
		if r.English[s.ID] != base.English[o.ID] {
			t.Errorf("%s: English %q, want its original's %q", s.ID, r.English[s.ID], base.English[o.ID])
		}
		if len(r.Vocabulary[s.ID].Words) != len(base.Vocabulary[o.ID].Words) {
			t.Errorf("%s: vocabulary not its original's", s.ID)
		}
	}
	again, err := synth.Report(base, copies, 1)
	if err != nil {
		t.Fatal(err)
	}
	if again.Hash != r.Hash {
		t.Errorf("same seed, another report: %s then %s", r.Hash, again.Hash)
	}
	other, err := synth.Report(base, copies, 2)
	if err != nil {
		t.Fatal(err)
	}
	if other.Hash == r.Hash {
		t.Errorf("seeds 1 and 2 gave the same report %s", r.Hash)
	}
}

func TestReportRejectsNoCopies(t *testing.T) {
	base, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := synth.Report(base, 0, 1); err == nil {
		t.Error("0 copies: no error")
	}
}

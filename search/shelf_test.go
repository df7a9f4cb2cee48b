package search_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/internal/variant"
	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/seeds"
)

// yearBefore is the report of 2024 made from the embedded one, with the
// residents' vocabulary beside it as --corpus would find it.
func yearBefore(t testing.TB) *corpus.Report {
	t.Helper()
	r, err := corpus.Parse(variant.YearBefore(seeds.Report))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.AttachVocabulary(seeds.ResidentsVocabulary); err != nil {
		t.Fatal(err)
	}
	return r
}

var (
	twoYearsOnce sync.Once
	twoYears     *search.Shelf
	twoYearsErr  error
)

// twoYearShelf holds the embedded report and the year before, the earlier
// one given first: the default is the newest, not the first.
func twoYearShelf(t testing.TB) *search.Shelf {
	t.Helper()
	twoYearsOnce.Do(func() {
		var embedded *corpus.Report
		if embedded, twoYearsErr = seeds.Parse(); twoYearsErr == nil {
			twoYears, twoYearsErr = search.NewShelf([]*corpus.Report{yearBefore(t), embedded})
		}
	})
	if twoYearsErr != nil {
		t.Fatal(twoYearsErr)
	}
	return twoYears
}

func TestShelfAnswersFromTheReportAQuestionNames(t *testing.T) {
	s := twoYearShelf(t)
	for _, c := range []struct {
		q       string
		outcome search.Outcome
		year    string // the report answered from
		want    []string
		notWant []string
	}{
		// The year before: its figure, and the reply names its report.
		{"去年全区托位有多少？", search.Answered, "2024", []string{"超6501个", "——荔湾区2024年政府工作报告"}, []string{"6500"}},
		{"舊年全區托位有幾多？", search.Answered, "2024", []string{"6501", "2024年政府工作報告"}, nil},
		{"上一年新增公办基础教育学位多少个？", search.Answered, "2024", []string{"2024年政府工作报告"}, nil},
		{"2024年全区托位有多少？", search.Answered, "2024", []string{"超6501个", "2024年政府工作报告"}, nil},
		{"二〇二四年全区托位有多少？", search.Answered, "2024", []string{"超6501个"}, nil},
		{"How many childcare places were planned last year?", search.Answered, "2024", []string{"6,501", "— Liwan District 2024 Government Work Report"}, nil},
		// Named or not, this year's is the default's, named as always.
		{"全区托位有多少？", search.Answered, "2025", []string{"超6500个", "——荔湾区政府工作报告"}, []string{"2024", "6501"}},
		{"今年全区托位有多少？", search.Answered, "2025", []string{"超6500个"}, []string{"2024"}},
		{"2025年全区托位有多少？", search.Answered, "2025", []string{"超6500个"}, []string{"2024"}},
		// A year with no report loaded: today's scope reply, from the default.
		{"2023年全区托位有多少？", search.OutOfScope, "2025", []string{"今年（2025年）", "2023年"}, nil},
		{"前年全区托位有多少？", search.OutOfScope, "2025", []string{"今年（2025年）", "前年"}, nil},
		{"越秀区托位有多少？", search.OutOfScope, "2025", []string{"越秀区"}, nil},
		// The year in a clause that does not ask is no year asked about.
		{"我女儿去年上幼儿园，今年全区托位有多少？", search.Answered, "2025", []string{"超6500个"}, []string{"2024"}},
	} {
		a := s.Answer(context.Background(), c.q)
		if a.Outcome != c.outcome || a.Report == nil || a.Report.Year != c.year {
			year := ""
			if a.Report != nil {
				year = a.Report.Year
			}
			t.Errorf("%q: %s from the %s report, want %s from %s:\n%s", c.q, a.Outcome, year, c.outcome, c.year, a.Text)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(a.Text, w) {
				t.Errorf("%q: reply lacks %q:\n%s", c.q, w, a.Text)
			}
		}
		for _, w := range c.notWant {
			if strings.Contains(a.Text, w) {
				t.Errorf("%q: reply holds %q:\n%s", c.q, w, a.Text)
			}
		}
		for _, src := range a.Sources {
			if key, _ := corpus.SplitKey(src.ID); key != c.year {
				t.Errorf("%q: source %s is not keyed by the %s report", c.q, src.ID, c.year)
			}
			if r, ok := s.Find(src.ID); !ok || r != a.Report {
				t.Errorf("%q: Find(%s) does not give the report answered from", c.q, src.ID)
			}
		}
	}
}

// A shelf of one report is that report's engine: the same answers, ids
// unkeyed.
func TestShelfOfOneIsTheEngine(t *testing.T) {
	r, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	e, err := search.New(r)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	s, err := search.NewShelf([]*corpus.Report{r})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, q := range []string{"全区托位有多少？", "去年托位有多少？", "越秀区托位有多少？", "How many childcare places are planned?"} {
		want, got := e.Answer(context.Background(), q), s.Answer(context.Background(), q)
		if got.Text != want.Text || len(got.Sources) != len(want.Sources) || (len(got.Sources) > 0 && got.Sources[0].ID != want.Sources[0].ID) {
			t.Errorf("%q: shelf of one answers\n%s\nthe engine\n%s", q, got.Text, want.Text)
		}
	}
	if _, ok := s.Find("p31.s4"); !ok {
		t.Error("a shelf of one does not find p31.s4")
	}
	if _, ok := s.Find("2025/p31.s4"); ok {
		t.Error("a shelf of one finds a keyed id")
	}
}

func TestShelfRefusesReportsItCannotTellApart(t *testing.T) {
	r, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	noYear, err := corpus.Parse("---\ndistrict: 荔湾区\n---\n" + strings.ReplaceAll(variant.YearBefore(seeds.Report), "2024", ""))
	if err != nil {
		t.Fatal(err)
	}
	if noYear.Year != "" || noYear.District != r.District {
		t.Fatalf("the report of no year is of %q, %q", noYear.Year, noYear.District)
	}
	for name, reports := range map[string][]*corpus.Report{
		"the same year twice":    {r, r},
		"no year beside another": {r, noYear},
		"no report":              nil,
	} {
		if s, err := search.NewShelf(reports); err == nil {
			s.Close()
			t.Errorf("%s: shelf built", name)
		}
	}
}

// Two districts: a question naming the second is answered from its report
// (which takes its own district as its own, not Liwan), and one naming
// neither from the first's.
func TestShelfAnswersFromTheDistrictAQuestionNames(t *testing.T) {
	liwan, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	yuexiu, err := corpus.Parse(variant.ShiftNumbers(strings.ReplaceAll(seeds.Report, "荔湾", "越秀"), 2))
	if err != nil {
		t.Fatal(err)
	}
	s, err := search.NewShelf([]*corpus.Report{liwan, yuexiu})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct{ q, district, want string }{
		{"越秀区托位有多少？", "越秀区", "超6502个"},
		{"越秀托位有多少？", "越秀区", "——越秀区政府工作报告"},
		{"How many childcare places does Yuexiu plan?", "越秀区", "6,502"},
		{"全区托位有多少？", "荔湾区", "超6500个"},
		{"荔湾区托位有多少？", "荔湾区", "超6500个"},
	} {
		a := s.Answer(context.Background(), c.q)
		if !a.Answered() || a.Report.District != c.district || !strings.Contains(a.Text, c.want) {
			t.Errorf("%q: %s from %s, want %q from %s:\n%s", c.q, a.Outcome, a.Report.District, c.want, c.district, a.Text)
		}
	}
	// A district with no report loaded keeps the scope reply.
	if a := s.Answer(context.Background(), "海珠区托位有多少？"); a.Outcome != search.OutOfScope || a.Report.District != "荔湾区" {
		t.Errorf("海珠区: %s from %s:\n%s", a.Outcome, a.Report.District, a.Text)
	}
}

// TestShelfGivesNoTargetAsAResult: with the year before loaded, a question
// about what that year actually achieved is answered from its report but
// states none of its targets as a result.
func TestShelfGivesNoTargetAsAResult(t *testing.T) {
	s := twoYearShelf(t)
	for _, q := range []string{"荔湾区2024年实际完成固定资产投资多少亿？", "去年完成了多少个老旧小区微改造？", "How much did Liwan's GDP actually grow in 2024?"} {
		a := s.Answer(context.Background(), q)
		if a.Figure != nil {
			t.Errorf("%q: states %s, the 2024 report's target, as a result:\n%s", q, a.Figure.Text, a.Text)
		}
	}
}

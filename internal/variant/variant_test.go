package variant

import (
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/seeds"
)

func TestTransforms(t *testing.T) {
	for _, c := range []struct{ in, years, numbers, before string }{
		{"2025年,地区生产总值增长5%左右;固定资产投资完成535亿元;", "2026年,地区生产总值增长5%左右;固定资产投资完成535亿元;", "2025年,地区生产总值增长6%左右;固定资产投资完成536亿元;",
			"2024年,地区生产总值增长6%左右;固定资产投资完成536亿元;"},
		{"(2021-2035年)", "(2022-2036年)", "(2021-2035年)", "(2020-2034年)"},
		{"47.6万平方米、新增1-2家、PM2.5、99个", "47.6万平方米、新增1-2家、PM2.5、99个", "48.6万平方米、新增2-3家、PM3.5、100个", "48.6万平方米、新增2-3家、PM3.5、100个"},
		{"in 2025, 12025 and 2025.5", "in 2026, 12025 and 2025.5", "in 2025, 12026 and 2026.5", "in 2024, 12026 and 2026.5"},
	} {
		if got := ShiftYears(c.in, 1); got != c.years {
			t.Errorf("ShiftYears(%q) = %q, want %q", c.in, got, c.years)
		}
		if got := ShiftNumbers(c.in, 1); got != c.numbers {
			t.Errorf("ShiftNumbers(%q) = %q, want %q", c.in, got, c.numbers)
		}
		if got := YearBefore(c.in); got != c.before {
			t.Errorf("YearBefore(%q) = %q, want %q", c.in, got, c.before)
		}
		if back := ShiftYears(ShiftYears(c.in, 1), -1); back != c.in {
			t.Errorf("ShiftYears does not undo: %q → %q", c.in, back)
		}
		if back := ShiftNumbers(ShiftNumbers(c.in, 1), -1); back != c.in {
			t.Errorf("ShiftNumbers does not undo: %q → %q", c.in, back)
		}
	}
	if back := ShiftNumbers(ShiftNumbers(seeds.Report, 1), -1); back != seeds.Report {
		t.Error("ShiftNumbers does not undo on the report")
	}
	dropped := DropSecondHalf(seeds.Report)
	if strings.Contains(dropped, "托位") || !strings.Contains(dropped, "荔湾区政府工作报告") || !strings.Contains(dropped, "全区固定资产投资535亿元") {
		t.Error("DropSecondHalf keeps childcare places, or drops the report's name or its investment target")
	}
	if n, all := strings.Count(dropped, "\n"), strings.Count(strings.TrimSpace(seeds.Report), "\n"); n > all/2+1 || n < all/2-1 {
		t.Errorf("DropSecondHalf keeps %d of %d lines", n+1, all+1)
	}
}

// The year before must parse as a report of 2024 about the same district,
// with the same paragraphs: loaded beside the embedded one, only its year
// and its figures tell it apart.
func TestYearBeforeIsA2024Report(t *testing.T) {
	base, err := corpus.Parse(seeds.Report)
	if err != nil {
		t.Fatal(err)
	}
	r, err := corpus.Parse(YearBefore(seeds.Report))
	if err != nil {
		t.Fatal(err)
	}
	if r.Year != "2024" || r.District != base.District {
		t.Errorf("year before: year %q, district %q; want 2024, %q", r.Year, r.District, base.District)
	}
	if len(r.Paragraphs) != len(base.Paragraphs) || r.Hash == base.Hash {
		t.Errorf("year before: %d paragraphs (want %d), hash %s (the embedded report's is %s)", len(r.Paragraphs), len(base.Paragraphs), r.Hash, base.Hash)
	}
	if !strings.Contains(r.Sentences()[0].Text, "2024") && !strings.Contains(r.Title, "2024") {
		t.Errorf("year before: title %q names no 2024", r.Title)
	}
}

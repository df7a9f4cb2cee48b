package corpus_test

import (
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/seeds"
)

func TestParseNamesEmbeddedReport(t *testing.T) {
	r := parseReport(t)
	// The title line is a news headline holding the year; the district is
	// named by the report's name in the next line.
	if r.Year != "2025" || r.District != "荔湾区" {
		t.Errorf("Year, District = %q, %q, want 2025, 荔湾区", r.Year, r.District)
	}
	if r.Title != reportTitle {
		t.Errorf("Title = %q, want the title line", r.Title)
	}
}

func TestParseNames(t *testing.T) {
	const body = "加快建设重大项目。锚定全区固定资产投资535亿元目标。\n"
	cases := []struct {
		name, text            string
		year, district, title string
	}{
		{"name as title", "2026年荔湾区政府工作报告\n" + body, "2026", "荔湾区", "2026年荔湾区政府工作报告"},
		{"with city", "广州市荔湾区2027年政府工作报告\n" + body, "2027", "荔湾区", "广州市荔湾区2027年政府工作报告"},
		{"with province and city", "广东省广州市越秀区2026年人民政府工作报告\n" + body, "2026", "越秀区", "广东省广州市越秀区2026年人民政府工作报告"},
		{"county", "2024年从化县政府工作报告\n" + body, "2024", "从化县", "2024年从化县政府工作报告"},
		{"name in a later line", "今年荔湾要做什么\n当天,2026年荔湾区政府工作报告正式出炉。\n" + body, "2026", "荔湾区", "今年荔湾要做什么"},
		{"title year wins over the name's", "@街坊2026工作重点来了\n当天,2025年荔湾区政府工作报告正式出炉。\n" + body, "2026", "荔湾区", "@街坊2026工作重点来了"},
		{"not a year: longer number, decimal, percentage", "增长12025个、2030.5和2028%\n" + body, "", "", "增长12025个、2030.5和2028%"},
		{"a name deep in the body does not count", "标题\n第一段。\n第二段。\n对照2024年越秀区政府工作报告。\n", "", "", "标题"},
		{"nothing said", "工作重点\n" + body, "", "", "工作重点"},
		{"front matter", "---\nyear: 2026\ndistrict: 越秀区\ntitle: 越秀区工作报告\n---\n2025年荔湾区政府工作报告\n" + body, "2026", "越秀区", "越秀区工作报告"},
		{"front matter sets some keys, the text the rest", "\ufeff\n---\nDistrict： 海珠区\n\n---\n2026年荔湾区政府工作报告\n" + body, "2026", "海珠区", "2026年荔湾区政府工作报告"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := corpus.Parse(c.text)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if r.Year != c.year || r.District != c.district || r.Title != c.title {
				t.Errorf("Year, District, Title = %q, %q, %q, want %q, %q, %q", r.Year, r.District, r.Title, c.year, c.district, c.title)
			}
		})
	}
}

// A front matter block is not part of the report: the title line after it
// is p1 still, so adding one moves no sentence id.
func TestFrontMatterKeepsIDs(t *testing.T) {
	plain := parseReport(t)
	with, err := corpus.Parse("---\nyear: 2025\ndistrict: 荔湾区\n---\n" + seeds.Report)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if len(with.Paragraphs) != len(plain.Paragraphs) {
		t.Fatalf("%d paragraphs with front matter, %d without", len(with.Paragraphs), len(plain.Paragraphs))
	}
	for i, p := range plain.Paragraphs {
		if q := with.Paragraphs[i]; q.ID != p.ID || q.Sentences[0].Text != p.Sentences[0].Text {
			t.Errorf("paragraph %d is %s %q with front matter, %s %q without", i, q.ID, q.Sentences[0].Text, p.ID, p.Sentences[0].Text)
		}
	}
	if with.Title != plain.Title {
		t.Errorf("Title = %q, want %q", with.Title, plain.Title)
	}
	if with.Hash == plain.Hash {
		t.Error("the hash does not tell the two texts apart")
	}
}

func TestFrontMatterErrors(t *testing.T) {
	const rest = "标题\n第一段。\n"
	cases := []struct{ name, text, want string }{
		{"not closed", "---\nyear: 2025\n\n", "not closed"},
		{"not closed before the text", "---\nyear: 2025\n" + rest, "line 3"},
		{"no colon", "---\nyear 2025\n---\n" + rest, "line 2"},
		{"empty value", "---\ndistrict:\n---\n" + rest, "line 2"},
		{"unknown key", "---\nyear: 2025\nyaer: 2026\n---\n" + rest, `"yaer"`},
		{"bad year", "---\nyear: 25\n---\n" + rest, `"25"`},
		{"year with 年", "---\nyear: 2025年\n---\n" + rest, "four-digit"},
		{"nothing after it", "---\nyear: 2025\n---\n", "no paragraphs"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := corpus.Parse(c.text)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Parse error = %v, want one that mentions %s", err, c.want)
			}
		})
	}
}

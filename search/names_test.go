package search

import (
	"context"
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/seeds"
)

func TestNamesOf(t *testing.T) {
	for _, c := range []struct {
		year, district string
		want           Names
	}{
		{"2025", "荔湾区", Names{Year: "2025", District: "荔湾区", DistrictEN: "Liwan District"}},
		{"2026", "越秀区", Names{Year: "2026", District: "越秀区", DistrictEN: "Yuexiu District"}},
		{"", "从化区", Names{District: "从化区", DistrictEN: "Conghua District"}},
		{"2026", "佛山市", Names{Year: "2026", District: "佛山市", DistrictEN: "Foshan"}},
		// No romanisation to be had: the Chinese name, rather than none.
		{"2026", "无名区", Names{Year: "2026", District: "无名区", DistrictEN: "无名区"}},
		{"", "", Names{}},
	} {
		if got := NamesOf(&corpus.Report{Year: c.year, District: c.district}); got != c.want {
			t.Errorf("NamesOf(%q, %q) = %+v, want %+v", c.year, c.district, got, c.want)
		}
	}
}

// textEngine builds an engine on a report text, failing the test if it
// cannot.
func textEngine(t testing.TB, text string) *Engine {
	t.Helper()
	r, err := corpus.Parse(text)
	if err != nil {
		t.Fatalf("corpus.Parse: %v", err)
	}
	e, err := New(r)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { e.Close() })
	return e
}

// TestScopeFollowsTheReport: the year a question may ask about, and the
// year and district the scope reply names, are the report's own, whichever
// report is loaded.
func TestScopeFollowsTheReport(t *testing.T) {
	cases := []struct {
		name, text string
		year       string // the report's year, as replies name it
		district   string
		inScope    []string
		outOfScope map[string]string // question → what the reply says is not covered
	}{
		{
			name: "the embedded report", text: seeds.Report, year: "2025", district: "荔湾区",
			inScope:    []string{"2025年GDP增长目标是多少", "荔湾区2025年新增就业多少"},
			outOfScope: map[string]string{"2026年GDP增长目标是多少": "2026年", "What is the GDP growth target for 2026?": "2026"},
		},
		{
			name: "another year's report", text: strings.ReplaceAll(seeds.Report, "2025", "2026"), year: "2026", district: "荔湾区",
			inScope:    []string{"2026年GDP增长目标是多少", "2026年荔湾区新增就业多少", "What is the GDP growth target for 2026?"},
			outOfScope: map[string]string{"2025年GDP增长目标是多少": "2025年", "去年GDP增长多少": "去年", "What was the GDP growth target in 2025?": "2025"},
		},
		{
			name: "a year from front matter", text: "---\nyear: 2030\n---\n" + seeds.Report, year: "2030", district: "荔湾区",
			inScope:    []string{"2030年GDP增长目标是多少"},
			outOfScope: map[string]string{"2025年GDP增长目标是多少": "2025年"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := textEngine(t, c.text)
			for _, q := range c.inScope {
				if a := e.Answer(context.Background(), q); a.Outcome == OutOfScope {
					t.Errorf("%q: out of scope on a %s report: %s", q, c.year, a.Text)
				}
			}
			for q, what := range c.outOfScope {
				a := e.Answer(context.Background(), q)
				if a.Outcome != OutOfScope {
					t.Errorf("%q: %s, want out of scope on a %s report", q, a.Outcome, c.year)
					continue
				}
				if !strings.Contains(a.Text, c.year) || !strings.Contains(a.Text, what) {
					t.Errorf("%q: the scope reply names neither the report's year %s nor %q:\n%s", q, c.year, what, a.Text)
				}
				district := c.district
				if a.Lang == English {
					district = e.names.DistrictEN
				}
				if !strings.Contains(a.Text, district) {
					t.Errorf("%q: the scope reply does not name %s:\n%s", q, district, a.Text)
				}
			}
		})
	}
}

// TestRepliesNameTheReport: help, scope replies and attributions name the
// report's district, in English by the gazetteer's romanisation, and a
// report that names no year gets no year in them.
func TestRepliesNameTheReport(t *testing.T) {
	text := "---\ndistrict: 越秀区\n---\n" + strings.ReplaceAll(seeds.Report, "2025", "")
	e := textEngine(t, text)
	if e.names.Year != "" {
		t.Fatalf("the report's year is %q, want none", e.names.Year)
	}
	for _, c := range []struct{ q, want string }{
		{"你好", "越秀区政府工作报告"},
		{"hello", "Yuexiu District's government work report"},
		{"托位有多少", "——越秀区政府工作报告"},
		{"How many childcare places are planned?", "— Yuexiu District Government Work Report"},
		{"去年托位有多少", "只讲越秀区的工作安排"},
		{"How many childcare places were there last year?", "covers Yuexiu District's plans only"},
	} {
		a := e.Answer(context.Background(), c.q)
		if !strings.Contains(a.Text, c.want) {
			t.Errorf("%q: reply lacks %q:\n%s", c.q, c.want, a.Text)
		}
		if strings.Contains(a.Text, "荔湾区政府") || strings.Contains(a.Text, "Liwan") || strings.Contains(a.Text, "年）") {
			t.Errorf("%q: reply names what the report does not:\n%s", c.q, a.Text)
		}
	}
}

// TestExamplesAreAnswered: the questions help and scope replies suggest
// are ones this report answers: a report without childcare places does not
// suggest asking about them.
func TestExamplesAreAnswered(t *testing.T) {
	var kept []string
	for _, line := range strings.Split(seeds.Report, "\n") {
		if !strings.Contains(line, "托位") {
			kept = append(kept, line)
		}
	}
	for name, text := range map[string]string{"the embedded report": seeds.Report, "no childcare": strings.Join(kept, "\n")} {
		t.Run(name, func(t *testing.T) {
			e := textEngine(t, text)
			help := e.Answer(context.Background(), "你好").Text
			scope := e.Answer(context.Background(), "去年GDP增长多少").Text
			for _, reply := range []string{help, scope, e.Answer(context.Background(), "hello").Text} {
				_, examples, ok := strings.Cut(reply, "“")
				if !ok {
					t.Fatalf("no example in %q", reply)
				}
				for _, q := range strings.Split(examples, "“") {
					q, _, _ = strings.Cut(q, "”")
					if a := e.Answer(context.Background(), q); !a.Answered() || a.Figure == nil {
						t.Errorf("suggests %q, which gets %s:\n%s", q, a.Outcome, a.Text)
					}
				}
			}
			if name == "no childcare" && strings.Contains(help+scope, "托位") {
				t.Errorf("suggests childcare places to a report without them:\n%s\n%s", help, scope)
			}
		})
	}
}

package corpus_test

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/corpus"
)

// englishReport is a small report with a topic, a qualified figure, a
// figure in 万 and a name with digits.
const englishReport = "标题2025\n托育。争取全区托位总量超6500个。新增就业1万人以上。\n完成9个地块共47.6万平方米征收工作。锚定“1283”现代化产业体系。\n"

func englishFile(hash string, lines ...string) []byte {
	return []byte(strings.Join(append([]string{fmt.Sprintf(`{"report":%q,"title":"Title 2025"}`, hash)}, lines...), "\n"))
}

var englishLines = []string{
	`{"id":"p2","topic":"Childcare"}`,
	`{"id":"p2.s1","zh":"托育。","en":"Childcare."}`,
	`{"id":"p2.s2","zh":"争取全区托位总量","en":"Aiming for more than 6,500 childcare places in the district."}`,
	`{"id":"p2.s3","zh":"新增就业1万","en":"New employment for 10,000 or more people."}`,
	`{"id":"p3.s1","zh":"完成9个地块","en":"Completing the expropriation of 9 plots totalling 476,000 square metres."}`,
	`{"id":"p3.s2","zh":"锚定“1283”","en":"Keeping to the \"1283\" modern industrial system."}`,
}

func TestAttachEnglish(t *testing.T) {
	r, err := corpus.Parse(englishReport)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		data      []byte
		wantErr   error // nil: no error expected
		anyErr    bool  // an error without a sentinel (malformed input)
		wantStale int
		wantEN    string // of p2.s2
		wantTopic string // of p2
	}{
		{"attached", englishFile(r.Hash, englishLines...), nil, false, 0,
			"Aiming for more than 6,500 childcare places in the district.", "Childcare"},
		{"another report's hash", englishFile("0123456789abcdef", englishLines...), corpus.ErrEnglishReport, false, 0, "", ""},
		{"unknown sentence is stale", englishFile(r.Hash, `{"id":"p9.s1","zh":"争取全区","en":"x"}`, englishLines[2]), nil, false, 1,
			"Aiming for more than 6,500 childcare places in the district.", ""},
		{"anchor no longer starts the sentence", englishFile(r.Hash, `{"id":"p2.s2","zh":"新增就业","en":"x"}`), nil, false, 1, "", ""},
		{"empty anchor is stale", englishFile(r.Hash, `{"id":"p2.s2","zh":"","en":"x"}`), nil, false, 1, "", ""},
		{"topic of a paragraph without one", englishFile(r.Hash, `{"id":"p3","topic":"x"}`), nil, false, 1, "", ""},
		{"no header", []byte(englishLines[1]), nil, true, 0, "", ""},
		{"empty", nil, nil, true, 0, "", ""},
		{"not JSON", englishFile(r.Hash, `{"id":`), nil, true, 0, "", ""},
		{"both en and topic", englishFile(r.Hash, `{"id":"p2","topic":"x","en":"y"}`), nil, true, 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := corpus.Parse(englishReport)
			if err != nil {
				t.Fatal(err)
			}
			stale, err := r.AttachEnglish(tt.data)
			switch {
			case tt.wantErr != nil:
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("AttachEnglish: err = %v, want %v", err, tt.wantErr)
				}
				if r.English != nil {
					t.Errorf("a failed attach left English = %v", r.English)
				}
				return
			case tt.anyErr:
				if err == nil {
					t.Fatal("AttachEnglish: no error")
				}
				return
			case err != nil:
				t.Fatalf("AttachEnglish: %v", err)
			}
			if stale != tt.wantStale {
				t.Errorf("stale = %d, want %d", stale, tt.wantStale)
			}
			if got := r.English["p2.s2"]; got != tt.wantEN {
				t.Errorf("English[p2.s2] = %q, want %q", got, tt.wantEN)
			}
			if got := r.EnglishTopics["p2"]; got != tt.wantTopic {
				t.Errorf("EnglishTopics[p2] = %q, want %q", got, tt.wantTopic)
			}
			if r.EnglishTitle != "Title 2025" {
				t.Errorf("EnglishTitle = %q", r.EnglishTitle)
			}
		})
	}
}

// TestAttachEnglishReportChanged shows the hash check firing on a rendering
// that was right for the report before one figure changed.
func TestAttachEnglishReportChanged(t *testing.T) {
	before, err := corpus.Parse(englishReport)
	if err != nil {
		t.Fatal(err)
	}
	after, err := corpus.Parse(strings.Replace(englishReport, "6500", "6600", 1))
	if err != nil {
		t.Fatal(err)
	}
	data := englishFile(before.Hash, englishLines...)
	if _, err := before.AttachEnglish(data); err != nil {
		t.Fatalf("the rendering's own report: %v", err)
	}
	_, err = after.AttachEnglish(data)
	if !errors.Is(err, corpus.ErrEnglishReport) {
		t.Fatalf("changed report: err = %v, want ErrEnglishReport", err)
	}
	if !strings.Contains(err.Error(), before.Hash) || !strings.Contains(err.Error(), after.Hash) {
		t.Errorf("the error should name both hashes: %v", err)
	}
}

func TestCheckEnglish(t *testing.T) {
	tests := []struct {
		name string
		edit func(lines []string) []string
		want []error // nil: the check passes
	}{
		{"as written", nil, nil},
		{"figure altered", replaceIn(2, "6,500", "6,600"), []error{corpus.ErrEnglishExtraNumber, corpus.ErrEnglishDroppedFigure}},
		{"figure dropped", replaceIn(2, "more than 6,500 ", ""), []error{corpus.ErrEnglishDroppedFigure}},
		{"qualifier changed", replaceIn(2, "more than", "about"), []error{corpus.ErrEnglishQualifier}},
		{"qualifier dropped", replaceIn(3, " or more", ""), []error{corpus.ErrEnglishQualifier}},
		{"qualifier added", replaceIn(4, "9 plots", "some 9 plots"), []error{corpus.ErrEnglishQualifier}},
		{"scale lost", replaceIn(4, "476,000", "47.6"), []error{corpus.ErrEnglishExtraNumber, corpus.ErrEnglishDroppedFigure}},
		{"figure spelled out", replaceIn(4, "9 plots", "nine plots"), []error{corpus.ErrEnglishExtraNumber, corpus.ErrEnglishDroppedFigure}},
		{"unit changed", replaceIn(4, "square metres", "hectares"), []error{corpus.ErrEnglishUnit}},
		{"year added", replaceIn(5, "system", "system in 2025"), []error{corpus.ErrEnglishExtraNumber}},
		{"spelled-out number added", replaceIn(1, "Childcare", "Two childcare centres"), []error{corpus.ErrEnglishExtraNumber}},
		{"sentence missing", removeLine(1), []error{corpus.ErrEnglishMissing}},
		{"topic missing", removeLine(0), []error{corpus.ErrEnglishMissing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := corpus.Parse(englishReport)
			if err != nil {
				t.Fatal(err)
			}
			lines := append([]string(nil), englishLines...)
			if tt.edit != nil {
				lines = tt.edit(lines)
				if strings.Join(lines, "\n") == strings.Join(englishLines, "\n") {
					t.Fatal("the edit changed nothing")
				}
			}
			if _, err := r.AttachEnglish(englishFile(r.Hash, lines...)); err != nil {
				t.Fatal(err)
			}
			err = r.CheckEnglish()
			if tt.want == nil && err != nil {
				t.Fatalf("CheckEnglish: %v", err)
			}
			for _, want := range tt.want {
				if !errors.Is(err, want) {
					t.Errorf("CheckEnglish: err = %v, want %v", err, want)
				}
			}
		})
	}
}

func replaceIn(i int, old, new string) func([]string) []string {
	return func(lines []string) []string {
		lines[i] = strings.Replace(lines[i], old, new, 1)
		return lines
	}
}

func removeLine(i int) func([]string) []string {
	return func(lines []string) []string { return append(lines[:i], lines[i+1:]...) }
}

func TestReadEnglishNumbers(t *testing.T) {
	type num struct {
		value     float64
		percent   bool
		qualifier string
	}
	tests := []struct {
		text string
		want []num
	}{
		{"more than 6,500 childcare places", []num{{6500, false, corpus.QualifierMore}}},
		{"GDP growth of about 5%;", []num{{5, true, corpus.QualifierAbout}}},
		{"new employment for 10,000 or more people", []num{{10000, false, corpus.QualifierMore}}},
		{"at least 10,000 person-times", []num{{10000, false, corpus.QualifierMore}}},
		{"no fewer than 3 parks", []num{{3, false, corpus.QualifierMore}}},
		{"up to 15 minutes", []num{{15, false, corpus.QualifierUpTo}}},
		{"53.5 billion yuan", []num{{53.5e9, false, ""}}},
		{"2.5105 million square metres", []num{{2510500, false, ""}}},
		{"2,510,500 square metres", []num{{2510500, false, ""}}},
		{"one or two enterprises", []num{{1, false, ""}, {2, false, ""}}},
		{"3 to 5 specialties", []num{{3, false, ""}, {5, false, ""}}},
		{"a thousand-year-old capital", []num{{1000, false, ""}}},
		{"the fifth façade, seventeen halls", []num{{5, false, ""}, {17, false, ""}}},
		{"the PM2.5 compliance rate", []num{{2.5, false, ""}}},
		{"Master Plan (2021-2035)", []num{{2021, false, ""}, {2035, false, ""}}},
		{"a 15-minute ecosystem", []num{{15, false, ""}}},
		{"100 per cent coverage", []num{{100, true, ""}}},
		{"moreover, someone alone", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := corpus.ReadEnglishNumbers(tt.text)
			if len(got) != len(tt.want) {
				t.Fatalf("ReadEnglishNumbers(%q) = %+v, want %d numbers", tt.text, got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if math.Abs(g.Value-w.value) > 1e-6 || g.Percent != w.percent || g.Qualifier != w.qualifier {
					t.Errorf("number %d = %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func FuzzReadEnglishNumbers(f *testing.F) {
	for _, s := range []string{"more than 6,500 childcare places", "about 5%", "10,000 or more", "53.5 billion yuan",
		"1,2,3", "9,99,999.5", "PM2.5 and 2021-2035", "one or two", "a thousand-year-old", "100 per cent", "%%", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, n := range corpus.ReadEnglishNumbers(s) {
			if n.Value < 0 || math.IsNaN(n.Value) {
				t.Errorf("%q: value %g", s, n.Value)
			}
			if !strings.Contains(s, n.Text) {
				t.Errorf("%q: number text %q is not in it", s, n.Text)
			}
		}
	})
}

func TestEnglishFigures(t *testing.T) {
	r, err := corpus.Parse("标题2025\n城市更新。力争城市更新完成投资125亿元,新开工5个地块、续建21个地块(其中完工9个)。新增5个公园、5个广场。\n")
	if err != nil {
		t.Fatal(err)
	}
	s := r.Sentences()
	if len(s) != 3 {
		t.Fatalf("%d sentences, want 3: %v", len(s), s)
	}
	tests := []struct {
		sentence corpus.Sentence
		en       string
		want     map[string]string // figure text → the English after its number
	}{
		{s[1], "12.5 billion yuan of investment in urban renewal, with work starting on 5 new plots, continuing on 21 plots (9 of them to be completed)",
			map[string]string{"125亿元": " yuan of investment in urban renewal", "5个": " new plots", "21个": " plots ", "9个": " of them to be completed"}},
		// Two figures state 5: neither English 5 can say which it is.
		{s[2], "5 new parks and 5 new squares", map[string]string{}},
	}
	for _, tt := range tests {
		got := map[string]string{}
		for _, f := range tt.sentence.EnglishFigures(tt.en) {
			got[tt.sentence.Figures[f.Figure].Text] = f.After
		}
		if !maps.Equal(got, tt.want) {
			t.Errorf("EnglishFigures(%q) = %q, want %q", tt.en, got, tt.want)
		}
	}
	// What leads to a number runs from the end of what the number before
	// counts, or the punctuation before: what is done to what it counts.
	en := "12.5 billion yuan of investment in urban renewal, with work starting on 5 new plots, continuing on 21 plots (9 of them to be completed)"
	before := map[string]string{}
	for _, f := range s[1].EnglishFigures(en) {
		before[s[1].Figures[f.Figure].Text] = f.Before
	}
	if want := map[string]string{"125亿元": "", "5个": " with work starting on ", "21个": " continuing on ", "9个": "("}; !maps.Equal(before, want) {
		t.Errorf("EnglishFigures(%q) leads = %q, want %q", en, before, want)
	}
	// In a list, what the number before counts leads to nothing after it.
	list := corpus.ReadEnglishNumbers("3 village and town industrial clusters and 1 rebuilt property")
	if len(list) != 2 || list[1].Before != "" {
		t.Errorf("ReadEnglishNumbers of a list: %+v, want the 1 led to by nothing", list)
	}
}

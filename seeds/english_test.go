package seeds_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/seeds"
)

// TestEnglishFigures is the figure test: every sentence, topic and the title
// of the report has English, and every number in it is the sentence's, with
// its qualifier and unit (corpus.Report.CheckEnglish).
func TestEnglishFigures(t *testing.T) {
	r, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.CheckEnglish(); err != nil {
		for _, e := range unjoin(err) {
			t.Error(e)
		}
	}
}

// TestEnglishFigureCheckFails shows the figure test failing on a rendering
// with one thing wrong: the same check as TestEnglishFigures, on the
// embedded file edited in one place.
func TestEnglishFigureCheckFails(t *testing.T) {
	tests := []struct {
		name     string
		id       string // the entry edited
		old, new string // replaced once in it; new "" with old "" removes the entry
		want     []error
	}{
		{"figure altered", "p31.s4", "6,500", "6,600", []error{corpus.ErrEnglishExtraNumber, corpus.ErrEnglishDroppedFigure}},
		{"figure dropped", "p31.s4", ", aiming for more than 6,500 childcare places in the district in total", "", []error{corpus.ErrEnglishDroppedFigure}},
		{"qualifier changed", "p31.s4", "more than", "about", []error{corpus.ErrEnglishQualifier}},
		{"qualifier dropped", "p3.s5", " or more", "", []error{corpus.ErrEnglishQualifier}},
		{"approximation made exact", "p3.s1", "about 5%", "5%", []error{corpus.ErrEnglishQualifier}},
		{"scale changed", "p3.s2", "53.5 billion", "53.5 million", []error{corpus.ErrEnglishExtraNumber, corpus.ErrEnglishDroppedFigure}},
		{"unit changed", "p5.s3", "476,000 square metres", "476,000 hectares", []error{corpus.ErrEnglishUnit}},
		{"year added", "p16.s4", "basic education", "basic education in 2025", []error{corpus.ErrEnglishExtraNumber}},
		{"range end dropped", "p30.s3", "3 to 5", "up to 5", []error{corpus.ErrEnglishDroppedFigure}},
		{"repeated figure stated once", "p14.s3", "5 old-property", "the old-property", []error{corpus.ErrEnglishDroppedFigure}},
		{"sentence removed", "p31.s4", "", "", []error{corpus.ErrEnglishMissing}},
		{"heading removed", "p20.s1", "", "", []error{corpus.ErrEnglishMissing}},
		{"topic removed", "p20", "", "", []error{corpus.ErrEnglishMissing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := editEntry(t, seeds.English, tt.id, tt.old, tt.new)
			r, err := corpus.Parse(seeds.Report)
			if err != nil {
				t.Fatal(err)
			}
			if stale, err := r.AttachEnglish(data); err != nil || stale != 0 {
				t.Fatalf("AttachEnglish: stale %d, %v", stale, err)
			}
			err = r.CheckEnglish()
			for _, want := range tt.want {
				if !errors.Is(err, want) {
					t.Errorf("CheckEnglish: err = %v, want %v", err, want)
				}
			}
			// The edit is the only problem: the check names that entry alone.
			for _, e := range unjoin(err) {
				if !strings.HasPrefix(e.Error(), tt.id+":") && !strings.HasPrefix(e.Error(), tt.id+" topic:") {
					t.Errorf("an error about another entry: %v", e)
				}
			}
		})
	}
}

// editEntry returns the rendering with entry id's text changed (old to new,
// once) or, with old and new both empty, without the entry. It fails the test
// when the edit would change nothing, so a case cannot pass vacuously.
func editEntry(t *testing.T, data []byte, id, old, new string) []byte {
	t.Helper()
	var out bytes.Buffer
	edited := false
	for _, line := range bytes.Split(bytes.TrimSpace(data), []byte("\n")) {
		var e map[string]string
		if err := json.Unmarshal(line, &e); err != nil {
			t.Fatal(err)
		}
		if e["id"] == id && !edited {
			edited = true
			if old == "" && new == "" {
				continue
			}
			key := "en"
			if _, ok := e["topic"]; ok {
				key = "topic"
			}
			if !strings.Contains(e[key], old) {
				t.Fatalf("%s: %q not in %q", id, old, e[key])
			}
			e[key] = strings.Replace(e[key], old, new, 1)
			var err error
			if line, err = json.Marshal(e); err != nil {
				t.Fatal(err)
			}
		}
		out.Write(line)
		out.WriteByte('\n')
	}
	if !edited {
		t.Fatalf("no entry %s", id)
	}
	return out.Bytes()
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// TestEnglishHashCheck: the embedded rendering does not attach to a report
// whose text changed, however little.
func TestEnglishHashCheck(t *testing.T) {
	changed := strings.Replace(seeds.Report, "超6500个", "超6600个", 1)
	if changed == seeds.Report {
		t.Fatal("the edit changed nothing")
	}
	r, err := corpus.Parse(changed)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.AttachEnglish(seeds.English); !errors.Is(err, corpus.ErrEnglishReport) {
		t.Fatalf("AttachEnglish on a changed report: err = %v, want ErrEnglishReport", err)
	}
}

// TestEnglishFileLayout: one entry per sentence and topic, in report order
// (a topic just before its heading sentence), each sentence anchored by
// exactly its first eight characters, and the report's hash first.
func TestEnglishFileLayout(t *testing.T) {
	r, err := corpus.Parse(seeds.Report)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	anchors := map[string]string{}
	for _, p := range r.Paragraphs {
		if p.Topic != "" {
			want = append(want, p.ID)
		}
		for _, s := range p.Sentences {
			want = append(want, s.ID)
			rs := []rune(s.Text)
			anchors[s.ID] = string(rs[:min(8, len(rs))])
		}
	}
	var got []string
	sc := bufio.NewScanner(bytes.NewReader(seeds.English))
	for n := 1; sc.Scan(); n++ {
		var e struct{ Report, Title, ID, ZH, EN, Topic string }
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		if n == 1 {
			if e.Report != r.Hash || e.Title == "" {
				t.Errorf("line 1 = %s, want the report hash %s and a title", sc.Text(), r.Hash)
			}
			continue
		}
		got = append(got, e.ID)
		if e.Topic == "" && e.ZH != anchors[e.ID] {
			t.Errorf("%s: anchor %q, want %q", e.ID, e.ZH, anchors[e.ID])
		}
		if strings.ContainsFunc(e.EN+e.Topic, func(r rune) bool { return r >= 0x3000 }) {
			t.Errorf("%s: English with CJK characters or full-width punctuation: %q", e.ID, e.EN+e.Topic)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("entries\n got %v\nwant %v", got, want)
	}
}

// TestEnglishTerms keeps terms of art and Liwan's place names rendered the
// same way wherever the report uses them, so that a resident who learns
// "childcare places" from one answer finds it in the next.
func TestEnglishTerms(t *testing.T) {
	r, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	terms := []struct{ zh, en string }{
		{"托位", `childcare places`},
		{"城市更新", `urban renewal`},
		{"微改造", `micro-renovation`},
		{"攻城拔寨", `"all-out push" projects`},
		{"专精特新", `"specialised, refined, distinctive and innovative" \(SRDI\)`},
		{"老旧小区", `old residential compounds`},
		{"学位", `school places`},
		{"固定资产投资", `fixed-asset investment`},
		{"地区生产总值", `\bGDP\b`},
		{"粤港澳大湾区", `Guangdong-Hong Kong-Macao Greater Bay Area`},
		{"城中村", `urban village`},
		{"经济联社", `economic cooperatives`},
		{"留用地", `reserved land|land reserved`},
		{"收储", `land reserve`},
		{"历史文化街区", `historical and cultural blocks`},
		{"非遗", `intangible`},
		{"岭南", `Lingnan`},
		{"永庆坊", `Yongqingfang`},
		{"白鹅潭", `Bai'etan`},
		{"芳村", `Fangcun`},
		{"西关", `Xiguan`},
		{"陈家祠", `Chen Clan Ancestral Hall`},
		{"上下九", `Shangxiajiu`},
		{"荔枝湾", `Lychee Bay`},
		{"花地河", `Huadi River`},
		{"聚龙湾", `Julong Bay`},
		{"海龙围", `Hailongwei`},
		{"荔湾湖", `Liwan Lake`},
	}
	for _, term := range terms {
		re := regexp.MustCompile("(?i)" + term.en) // a sentence may begin with the term
		uses := 0
		for _, s := range r.Sentences() {
			if !strings.Contains(s.Text, term.zh) {
				continue
			}
			uses++
			if en := r.English[s.ID]; !re.MatchString(en) {
				t.Errorf("%s has %s, its English %q lacks %s", s.ID, term.zh, en, term.en)
			}
		}
		if uses == 0 {
			t.Errorf("no sentence has %s: the term list is out of date", term.zh)
		}
	}
	for _, p := range r.Paragraphs {
		if en := r.EnglishTopics[p.ID]; p.Topic != "" && en != strings.TrimSuffix(r.English[p.ID+".s1"], ".") {
			t.Errorf("%s: topic %q is not its heading sentence %q", p.ID, en, r.English[p.ID+".s1"])
		}
	}
}

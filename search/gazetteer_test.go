package search

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/search/internal/gazgen"
)

// divisionsDir is where the shared division files sit beside the repo.
var divisionsDir = filepath.Join("..", "..", "shared", "data", "divisions")

// TestPlacesTSVUpToDate: the committed gazetteer is what the generator
// makes from the division files today.
func TestPlacesTSVUpToDate(t *testing.T) {
	if _, err := os.Stat(divisionsDir); err != nil {
		t.Skipf("no division files at %s (%v): cannot check data/places.tsv is up to date", divisionsDir, err)
	}
	want, err := gazgen.Generate(os.DirFS(divisionsDir))
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != placesTSV {
		got := strings.Split(placesTSV, "\n")
		for i, line := range strings.Split(string(want), "\n") {
			if i >= len(got) || got[i] != line {
				t.Fatalf("data/places.tsv is stale from line %d: want %q; run go generate ./search/", i+1, line)
			}
		}
		t.Fatalf("data/places.tsv has %d lines, the generator %d; run go generate ./search/", len(got), strings.Count(string(want), "\n")+1)
	}
}

// TestGazetteerForms: full names always count; short forms count unless
// they are ordinary words (白云 in 蓝天白云, 中山 in 中山路) or one-character
// stems (东区); Liwan's streets and the report's landmarks are in scope.
func TestGazetteerForms(t *testing.T) {
	g, err := loadGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		form, name, scope string // name "" means the form must not be found
	}{
		{"佛山", "佛山市", scopeOut},
		{"佛山市", "佛山市", scopeOut},
		{"顺德", "顺德区", scopeOut},
		{"越秀", "越秀区", scopeOut},
		{"天河", "天河区", scopeOut},
		{"花都", "花都区", scopeOut},
		{"南山区", "南山区", scopeOut},
		{"南山", "", ""}, // 钟南山
		{"南海", "南海区", scopeOut},
		{"白云区", "白云区", scopeOut},
		{"中山市", "中山市", scopeOut},
		{"连山", "连山壮族瑶族自治县", scopeOut},
		{"延边", "延边朝鲜族自治州", scopeOut},
		{"广西", "广西壮族自治区", scopeOut},
		{"香港", "香港特别行政区", scopeOut},
		{"湾仔", "湾仔区", scopeOut},
		{"氹仔", "嘉模堂区", scopeOut},
		{"台湾", "台湾省", scopeOut},
		{"台北", "台北市", scopeOut},
		{"广州", "广州市", scopeParent},
		{"广东", "广东省", scopeParent},
		{"全市", "全市", scopeParent},
		{"荔湾", "荔湾区", scopeIn},
		{"西村街", "西村街道", scopeIn},
		{"沙面街", "沙面街道", scopeIn},
		{"沙面", "沙面街道", scopeIn},
		{"白鹤洞", "白鹤洞街道", scopeIn},
		{"白鹅潭", "白鹅潭", scopeIn},
		{"广州工控", "广州工控", scopeIn},
		{"白云", "", ""},
		{"中山", "", ""},
		{"新兴", "", ""},
		{"光明", "", ""},
		{"城区", "", ""},
		{"东区", "", ""},
		{"大堂", "", ""},
		{"和田", "", ""},
	} {
		hits := g.find(c.form)
		if c.name == "" {
			if len(hits) != 0 {
				t.Errorf("%q is found as %s; it is an ordinary word", c.form, hits[0].place.name)
			}
			continue
		}
		if len(hits) != 1 || hits[0].form != c.form {
			t.Errorf("%q: found %v, want the whole form once", c.form, hits)
			continue
		}
		if p := hits[0].place; p.name != c.name || p.scope != c.scope {
			t.Errorf("%q is %s (%s), want %s (%s)", c.form, p.name, p.scope, c.name, c.scope)
		}
	}
}

// TestFindIsLeftmostLongest: a longer name wins over a short form inside
// it, and a name next to another is found on its own.
func TestFindIsLeftmostLongest(t *testing.T) {
	g, err := loadGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		text string
		want []string
	}{
		{"佛山顺德区gdp", []string{"佛山", "顺德区"}},
		{"花地玛堂区", []string{"花地玛堂区"}}, // Macau, not Liwan's 花地
		{"广州市荔湾区托位", []string{"广州市荔湾区"}},
		{"广州荔湾托位", []string{"广州", "荔湾"}},
		{"how many places in sha tin", []string{"sha tin"}},
		{"shund gdp", []string{"shunde"}},
	} {
		var got []string
		for _, h := range g.find(c.text) {
			got = append(got, h.form)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: found %q, want %q", c.text, got, c.want)
		}
	}
}

// TestReportNamesOtherPlaces lists every name of another place that the
// report's own text holds, each reviewed: either the report names that place
// (a question in the report's words stays in scope through mentionedAlike)
// or the name is part of a report term (inReportTerm keeps a question
// quoting that term in scope; TestPlaceScope asks both ways). A new name
// here is a short form to review: an ordinary word goes to gazgen's
// ordinaryWords, a real mention to this list.
func TestReportNamesOtherPlaces(t *testing.T) {
	e := scopeEngine(t)
	g, err := loadGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]bool{}
	for _, d := range e.normText {
		for _, h := range g.find(d) {
			if h.place.scope != scopeIn {
				found[h.form] = true
			}
		}
	}
	var got []string
	for f := range found {
		got = append(got, f)
	}
	slices.Sort(got)
	want := []string{
		"佛山", "禅城", "南海", // Foshan and its districts, in a joint event
		"全国",        // 全国象棋冠军赛, 全国义务教育优质均衡发展区, 全国辐射面
		"全市",        // inside 健全市场
		"广州", "广州市", // 广州“6+4”城市性质, 广州市国土空间总体规划
		"江西", // inside 珠江西岸
		"海南", // a Liwan village: 完成海南等9个片区建设
		"湖南", // 湖南建投南方中心, a developer
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("report sentences hold other places' names %q, want the reviewed %q", got, want)
	}
}

// TestLandmarksOccurInReport: every landmark in scope is one the report
// names, so the list grows from the report, not from questions.
func TestLandmarksOccurInReport(t *testing.T) {
	e := scopeEngine(t)
	for _, line := range strings.Split(placesTSV, "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 5 || f[2] != "landmark" {
			continue
		}
		if !e.stats.mentions(normalizeText(f[0])) {
			t.Errorf("landmark %q does not occur in the report", f[0])
		}
	}
}

// TestPlaceFormsAreNormalized: every form is as a question reaches the
// finder (NFKC, lower case), so the finder can compare bytes.
func TestPlaceFormsAreNormalized(t *testing.T) {
	g, err := loadGazetteer()
	if err != nil {
		t.Fatal(err)
	}
	for _, forms := range g.byFirst {
		for _, f := range forms {
			if f.form != normalizeText(f.form) || f.form == "" {
				t.Errorf("form %q of %s is not normalised", f.form, f.place.name)
			}
		}
	}
}

func TestParseGazetteerRejectsBadLines(t *testing.T) {
	for _, tsv := range []string{
		"佛山市\t佛山\tcity\tout\n广州市\t广州\tcity\n",
		"佛山市\t佛山\tcity\tsomewhere\tfoshan\n",
	} {
		if _, err := parseGazetteer(tsv); err == nil || !strings.Contains(err.Error(), "places.tsv line") {
			t.Errorf("%q: error %v, want one naming the line", tsv, err)
		}
	}
}

// BenchmarkLoadGazetteer times parsing the embedded gazetteer, paid once
// per process on the first question.
func BenchmarkLoadGazetteer(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseGazetteer(placesTSV); err != nil {
			b.Fatal(err)
		}
	}
}

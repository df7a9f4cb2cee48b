package search

import (
	"context"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/liwanbot/liwanbot/seeds"
)

// seededEngine is an engine on the embedded report with its English
// rendering and residents' words, built once: the English side is what
// the synonyms are for.
var seededEngine = sync.OnceValues(func() (*Engine, error) {
	r, err := seeds.Parse()
	if err != nil {
		return nil, err
	}
	return New(r)
})

func englishEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := seededEngine()
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Every report word the synonym file offers a question word for is one the
// report's English side holds, in its rendering or residents' English: a
// target it lacks would credit nothing and could only mean that the file
// was built from another text. The file carries WordNet's licence and stays
// small enough to embed.
func TestEnglishSynonymsTargetTheReport(t *testing.T) {
	e := englishEngine(t)
	data, err := fs.ReadFile(dataFiles, "data/en_synonyms.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(data) > 300<<10 {
		t.Errorf("en_synonyms.txt is %d bytes, over 300 KB", len(data))
	}
	if !strings.Contains(string(data), "WordNet 3.0 Copyright 2006 by Princeton University") {
		t.Error("en_synonyms.txt lacks WordNet's licence notice")
	}
	lines := 0
	for n, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		lines++
		key, targets, ok := strings.Cut(line, "\t")
		if !ok || key == "" || targets == "" {
			t.Fatalf("line %d: %q is not stems<TAB>targets", n+1, line)
		}
		for _, target := range strings.Split(targets, "|") {
			if target == key {
				t.Errorf("line %d: %q stands for itself", n+1, key)
			}
			for _, stem := range strings.Fields(target) {
				if e.english.df[stem] == 0 {
					t.Errorf("line %d: target stem %q (for %q) is not in the report's English", n+1, stem, key)
				}
			}
		}
	}
	if lines < 1000 {
		t.Errorf("en_synonyms.txt has %d entries; a WordNet build for the report has thousands", lines)
	}
	if len(e.english.synonyms.targets) == 0 {
		t.Error("the engine loaded no English synonyms")
	}
}

// A resident's word that is not the rendering's finds the sentence through
// its WordNet synonym: the sentence's English coverage is higher with the
// synonyms than without, and the answer cites it.
func TestEnglishSynonymFindsItsSentence(t *testing.T) {
	e := englishEngine(t)
	for _, tt := range []struct {
		q, id, figure string
	}{
		// day care (WordNet: daycare, a kind of childcare), spots (place)
		{"How many day care spots will there be in Liwan?", "p31.s4", "超6500个"},
		// accomplished (complete; residents' own words already say
		// finished); the figure is not stated, because the
		// sentence of premises started covers the question as well ("end"
		// of high-end is a synonym of finish too) and offers 23个.
		{"How many industrial premises will be accomplished this year?", "p14.s3", ""},
		{"Which roads will be finished and opened to traffic?", "p21.s2", ""},
	} {
		t.Run(tt.q, func(t *testing.T) {
			pos, ok := e.byID[tt.id]
			if !ok {
				t.Fatalf("no sentence %s", tt.id)
			}
			terms := e.english.terms(tt.q)
			bare := slices.Clone(terms)
			for i := range bare {
				bare[i].synonyms = nil
			}
			with, without := e.english.coverage(terms, pos), e.english.coverage(bare, pos)
			if with <= without {
				t.Errorf("coverage of %s: %.3f with synonyms, %.3f without", tt.id, with, without)
			}
			a := e.Answer(context.Background(), tt.q)
			if a.Outcome != Answered || len(a.Sources) == 0 || a.Sources[0].ID != tt.id {
				t.Fatalf("answer %s (coverage %.3f), sources %v; want %s", a.Outcome, a.Coverage, sourceIDs(a), tt.id)
			}
			if tt.figure != "" && (a.Figure == nil || a.Figure.Text != tt.figure) {
				t.Errorf("figure %v, want %s", a.Figure, tt.figure)
			}
		})
	}
}

func sourceIDs(a Answer) []string {
	var ids []string
	for _, s := range a.Sources {
		ids = append(ids, s.ID)
	}
	return ids
}

// Synonym credit goes only to a term the sentence lacks whose synonym its
// rendering holds, and is less than the term itself earns; a word with no
// synonym there, or whose synonym only residents' words hold, earns nothing.
func TestEnglishSynonymCredit(t *testing.T) {
	a, err := englishAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	s := newEnglishSide(a)
	s.add("We will complete 16 industrial premises.", "")
	s.add("We will plant trees along the river.", "finish the greening")
	s.add("Childcare places will exceed 6,500.", "")
	s.synonyms = &englishSynonyms{targets: map[string][][]string{
		"finish":   {{"complet"}},
		"complet":  {{"finish"}},
		"dai care": {{"childcar"}},
	}, maxWords: 2}
	share := func(q string, pos int) float64 { return s.coverage(s.terms(q), pos) }
	for _, tt := range []struct {
		name string
		q    string
		pos  int
		want float64
	}{
		{"the rendering's own word", "complete", 0, 1},
		{"a synonym of it", "finished", 0, synonymCredit},
		{"a phrase's synonym credits each of its words", "day care", 2, synonymCredit},
		{"a word with no synonym", "banana", 0, 0},
		{"a synonym the sentence lacks", "finished", 2, 0},
		{"a synonym only residents' words hold", "completed", 1, 0},
		{"residents' own word beats a synonym", "finish", 1, residentsCredit},
	} {
		if got := share(tt.q, tt.pos); !near(got, tt.want) {
			t.Errorf("%s: coverage of %q on sentence %d = %.3f, want %.3f", tt.name, tt.q, tt.pos, got, tt.want)
		}
	}
	if synonymCredit >= residentsCredit {
		t.Errorf("synonymCredit %.2f is not below residentsCredit %.2f", synonymCredit, residentsCredit)
	}
}

func near(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }

// Synonyms are found for a question's stems in order, a longer key first:
// "day care" is one key for both its words, and a stem no key names gets
// none.
func TestEnglishSynonymsOf(t *testing.T) {
	s := &englishSynonyms{targets: map[string][][]string{
		"dai care": {{"childcar"}},
		"care":     {{"servic"}},
		"spot":     {{"place"}},
	}, maxWords: 2}
	got := s.of([]string{"dai", "care", "spot", "liwan", "care"})
	want := map[string][][]string{
		"dai":  {{"childcar"}},
		"care": {{"childcar"}, {"servic"}},
		"spot": {{"place"}},
	}
	if len(got) != len(want) {
		t.Fatalf("of = %v, want %v", got, want)
	}
	for k, w := range want {
		if !slices.EqualFunc(got[k], w, slices.Equal) {
			t.Errorf("of[%q] = %v, want %v", k, got[k], w)
		}
	}
	var none *englishSynonyms
	if none.of([]string{"spot"}) != nil || none.known("spot") {
		t.Error("a nil table offers synonyms")
	}
}

// TestInflects: a question's word takes a glossary entry only as an
// inflection of the entry's word, not as another word with its stem.
func TestInflects(t *testing.T) {
	for _, tt := range []struct {
		words, entry []string
		want         bool
	}{
		{[]string{"fittings"}, []string{"fitness"}, false},
		{[]string{"buildings"}, []string{"building"}, true},
		{[]string{"policies"}, []string{"policy"}, true},
		{[]string{"renovated"}, []string{"renovation"}, true},
		{[]string{"children"}, []string{"child"}, true},
		{[]string{"water", "fittings"}, []string{"water", "fitness"}, false},
		{[]string{"water", "pipes"}, []string{"water", "pipe"}, true},
		{[]string{"public"}, []string{"publication"}, false}, // one stem, another word
		{[]string{"communities"}, []string{"community"}, true},
	} {
		if got := inflects(tt.words, tt.entry); got != tt.want {
			t.Errorf("inflects(%q, %q) = %v, want %v", tt.words, tt.entry, got, tt.want)
		}
	}
	g, err := loadGlossary()
	if err != nil {
		t.Fatal(err)
	}
	q := g.translate("water supply fittings replaced")
	for _, s := range q.spans {
		if s.chinese == "全民健身" {
			t.Errorf("fittings read as fitness: %+v", q.spans)
		}
	}
}

// TestMeasuredNoun: an amount's English says what it measures after its
// unit and "of".
func TestMeasuredNoun(t *testing.T) {
	a, err := englishAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	s := newEnglishSide(a)
	for _, tt := range []struct{ after, want string }{
		{"square metres of land and the demolition", "land"},
		{"billion yuan of investment", "invest"},
		{"square metres, including", ""},
		{"households", ""},
		{"of the plan", ""},
	} {
		if got := s.measuredNoun(tt.after); got != tt.want {
			t.Errorf("measuredNoun(%q) = %q, want %q", tt.after, got, tt.want)
		}
	}
}

// TestCountOfUnits: "how many square metres of land" asks an amount of
// land, as "how much land" does; "how many square metres" alone and "how
// many plots" count.
func TestCountOfUnits(t *testing.T) {
	a, err := englishAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	s := newEnglishSide(a)
	for _, tt := range []struct {
		q    string
		noun string
		mass bool
	}{
		{"how many square metres of land get expropriated this year", "land", true},
		{"How much land is expropriated?", "land", true},
		{"how many plots are sold?", "plot", false},
		{"Ruyifang project, how many square metres?", "metr", false},
		// A partitive says whose things are counted, not what is counted.
		{"How many of the city's 'all-out push' projects are in Liwan?", "project", false},
		{"how many of those new plots are sold?", "plot", false},
	} {
		c := s.countOf(tt.q)
		if c.noun != tt.noun || c.mass != tt.mass {
			t.Errorf("countOf(%q) = noun %q mass %v, want %q %v", tt.q, c.noun, c.mass, tt.noun, tt.mass)
		}
	}
}

// TestSeparatedParticlesJoinTheirVerb reads a phrasal verb whose object
// stands between it and its particle as the glossary's entry.
func TestSeparatedParticlesJoinTheirVerb(t *testing.T) {
	gl, err := loadGlossary()
	if err != nil {
		t.Fatalf("loadGlossary: %v", err)
	}
	for _, tt := range []struct{ q, want, not string }{
		{"what's the plan to bring people back to Shangxiajiu?", "振兴", ""},
		{"how will they bring the pedestrian street back to life?", "振兴", ""},
		{"how will they bring them back?", "振兴", ""},
		// More than an object between: no phrasal verb.
		{"bring the kids to school and come back", "", "振兴"},
	} {
		got := gl.translate(tt.q).chinese
		if tt.want != "" && !strings.Contains(got, tt.want) || tt.not != "" && strings.Contains(got, tt.not) {
			t.Errorf("translate(%q) = %q, want it to hold %q and not %q", tt.q, got, tt.want, tt.not)
		}
	}
}

// TestDerivedFrom reads tourism, tourist and visitor as the rendering's
// tour and visit, and leaves words whose base the rendering lacks.
func TestDerivedFrom(t *testing.T) {
	e := englishEngine(t)
	for stem, want := range map[string]string{"tourism": "tour", "tourist": "tour", "investor": "invest", "water": "", "major": ""} {
		if got := e.english.derivedFrom(stem); got != want {
			t.Errorf("derivedFrom(%q) = %q, want %q", stem, got, want)
		}
	}
}

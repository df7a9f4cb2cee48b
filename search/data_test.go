package search

// Tests of the data files under search/data: they are hand-edited, so these
// tests keep them consistent with the report they serve.

import (
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/seeds"
)

// synonymLine is one line of synonyms.txt, read independently of
// loadSynonyms so that a bug in the loader cannot hide a bad line.
type synonymLine struct {
	line    int
	term    string
	aliases []string
}

func readSynonyms(t *testing.T) []synonymLine {
	t.Helper()
	var out []synonymLine
	n := 0
	err := eachLine("synonyms.txt", func(fields []string) error {
		n++
		if len(fields) != 2 {
			t.Errorf("synonyms.txt entry %d: %d tab-separated fields, want 2: %q", n, len(fields), fields)
			return nil
		}
		s := synonymLine{line: n, term: fields[0]}
		for _, a := range strings.Split(fields[1], "|") {
			if strings.TrimSpace(a) == "" {
				t.Errorf("synonyms.txt entry %d (%s): empty alias in %q", n, fields[0], fields[1])
				continue
			}
			s.aliases = append(s.aliases, a)
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		t.Fatalf("read synonyms.txt: %v", err)
	}
	if len(out) == 0 {
		t.Fatal("synonyms.txt has no entries")
	}
	return out
}

func TestSynonymTermsOccurInReport(t *testing.T) {
	for _, s := range readSynonyms(t) {
		if strings.TrimSpace(s.term) != s.term || s.term == "" {
			t.Errorf("synonym entry %d: report term %q has surrounding space or is empty", s.line, s.term)
		}
		if !strings.Contains(seeds.Report, s.term) {
			t.Errorf("synonym report term %q does not occur in the report", s.term)
		}
	}
}

// TestSynonymAliasesDoNotOccurInReport checks that no alias can rewrite the
// report's own wording. An alias may stand in the report only inside one of
// the synonym table's report terms (生产总值 inside 地区生产总值), because each
// term maps to itself and so shields what it contains.
func TestSynonymAliasesDoNotOccurInReport(t *testing.T) {
	report := normalizeText(seeds.Report)
	syns := readSynonyms(t)
	// shielded[i] is true for bytes of the report covered by a report term.
	shielded := make([]bool, len(report))
	for _, s := range syns {
		term := normalizeText(s.term)
		for from := 0; ; {
			i := strings.Index(report[from:], term)
			if i < 0 {
				break
			}
			for k := from + i; k < from+i+len(term); k++ {
				shielded[k] = true
			}
			from += i + len(term)
		}
	}
	for _, s := range syns {
		for _, alias := range s.aliases {
			a := normalizeText(alias)
			for from := 0; ; {
				i := strings.Index(report[from:], a)
				if i < 0 {
					break
				}
				start := from + i
				covered := true
				for k := start; k < start+len(a); k++ {
					covered = covered && shielded[k]
				}
				if !covered {
					ctx := report[max(0, start-12):min(len(report), start+len(a)+12)]
					t.Errorf("alias %q of %q occurs in the report outside any report term: …%s…", alias, s.term, strings.ToValidUTF8(ctx, ""))
				}
				from = start + len(a)
			}
		}
	}
	// The loaded rewriter, applied to the report itself, must leave every
	// sentence as it is.
	var rules []rewrite
	for _, name := range []string{"synonyms.txt", "thesaurus.txt"} {
		more, skipped, err := loadSynonyms(name, func(string) bool { return true })
		if err != nil || len(skipped) != 0 {
			t.Fatalf("loadSynonyms(%s): %d skipped, %v", name, len(skipped), err)
		}
		rules = append(rules, more...)
	}
	rw := newRewriter(rules)
	r := parsedReport(t)
	for _, sent := range r.Sentences() {
		norm := normalizeText(sent.Text)
		if got := rw.apply(norm); got != norm {
			t.Errorf("synonyms rewrite report sentence %s:\n  %s\nto\n  %s", sent.ID, norm, got)
		}
	}
}

func TestSynonymAliasesAreUnambiguous(t *testing.T) {
	seen := map[string]string{}
	for _, s := range readSynonyms(t) {
		for _, alias := range s.aliases {
			a := normalizeText(alias)
			if prev, dup := seen[a]; dup && prev != s.term {
				t.Errorf("alias %q maps to both %q and %q", alias, prev, s.term)
			}
			seen[a] = s.term
		}
	}
}

func parsedReport(t testing.TB) *corpus.Report {
	t.Helper()
	r, err := corpus.Parse(seeds.Report)
	if err != nil {
		t.Fatalf("corpus.Parse(seeds.Report): %v", err)
	}
	return r
}

// glossaryLine is one entry of glossary_en.txt.
type glossaryLine struct {
	entry    int
	variants []string
	chinese  string
}

// TestGlossaryLinesParse reads every entry of the English glossary and
// checks its shape: english|variant…<TAB>中文, English in lower case, no
// empty variant, no variant that stems to nothing.
func TestGlossaryLinesParse(t *testing.T) {
	lines := readGlossary(t)
	if len(lines) < 100 {
		t.Errorf("glossary has only %d entries; was it truncated?", len(lines))
	}
	for _, g := range lines {
		for _, v := range g.variants {
			if strings.ToLower(v) != v {
				t.Errorf("glossary entry %d: variant %q is not lower case (the file's own rule)", g.entry, v)
			}
			if len(stemWords(v)) == 0 {
				t.Errorf("glossary entry %d: variant %q has no words", g.entry, v)
			}
		}
	}
	// And the engine's own loader accepts the file.
	gl, err := loadGlossary()
	if err != nil {
		t.Fatalf("loadGlossary: %v", err)
	}
	if len(gl.phrases) == 0 || gl.maxWords < 2 {
		t.Errorf("loadGlossary: %d phrases, longest %d words", len(gl.phrases), gl.maxWords)
	}
}

func readGlossary(t *testing.T) []glossaryLine {
	t.Helper()
	var out []glossaryLine
	n := 0
	err := eachLine("glossary_en.txt", func(fields []string) error {
		n++
		if len(fields) != 2 {
			t.Errorf("glossary entry %d: %d tab-separated fields, want 2: %q", n, len(fields), fields)
			return nil
		}
		g := glossaryLine{entry: n, chinese: fields[1]}
		if strings.TrimSpace(fields[1]) != fields[1] || fields[1] == "" {
			t.Errorf("glossary entry %d: Chinese side %q is empty or has surrounding space", n, fields[1])
		}
		for _, v := range strings.Split(fields[0], "|") {
			if strings.TrimSpace(v) == "" {
				t.Errorf("glossary entry %d: empty English variant in %q", n, fields[0])
				continue
			}
			g.variants = append(g.variants, v)
		}
		out = append(out, g)
		return nil
	})
	if err != nil {
		t.Fatalf("read glossary_en.txt: %v", err)
	}
	return out
}

// TestGlossaryChineseInReport keeps the glossary from rotting: every Chinese
// side must be something a sentence can contain, that is text of the report
// or one of the synonym table's report terms.
func TestGlossaryChineseInReport(t *testing.T) {
	terms := map[string]bool{}
	for _, s := range readSynonyms(t) {
		terms[s.term] = true
	}
	report := normalizeText(seeds.Report)
	for _, g := range readGlossary(t) {
		if strings.Contains(seeds.Report, g.chinese) || strings.Contains(report, normalizeText(g.chinese)) || terms[g.chinese] {
			continue
		}
		t.Errorf("glossary entry %d (%s): Chinese %q is neither in the report nor a synonym report term", g.entry, g.variants[0], g.chinese)
	}
}

// TestCantoneseLexiconParses checks the shape of cantonese.txt: two fields,
// a non-empty Cantonese side.
func TestCantoneseLexiconParses(t *testing.T) {
	n := 0
	err := eachLine("cantonese.txt", func(fields []string) error {
		n++
		if len(fields) != 2 || strings.TrimSpace(fields[0]) == "" {
			t.Errorf("cantonese.txt entry %d: want 粵語<TAB>书面语, got %q", n, fields)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("read cantonese.txt: %v", err)
	}
	if n == 0 {
		t.Fatal("cantonese.txt has no entries")
	}
}

// roundTripAllowlist lists report sentences that do not survive
// simplified → Hong Kong traditional → simplified, with why. Keep it short:
// a sentence here is one whose traditional reply reads differently from the
// report. (Empty while every sentence round-trips.)
var roundTripAllowlist = map[string]string{}

// TestS2HKRoundTrip converts every report sentence to traditional with the
// engine's scripts (s2hk plus s2hk_fixes.txt) and back with simplify; the
// result must be the sentence itself, or the fixes are wrong or missing.
func TestS2HKRoundTrip(t *testing.T) {
	sc, err := newScripts()
	if err != nil {
		t.Fatalf("newScripts: %v", err)
	}
	if _, err := sc.toHK(); err != nil {
		t.Fatalf("s2hk converter does not load: %v", err)
	}
	fixes, err := loadPairs("s2hk_fixes.txt")
	if err != nil {
		t.Fatalf("loadPairs: %v", err)
	}
	r := parsedReport(t)
	texts := map[string]string{"title": r.Title}
	for _, s := range r.Sentences() {
		texts[s.ID] = s.Text
	}
	var failed []string
	converted := 0
	for id, text := range texts {
		trad := sc.traditional(text)
		if trad != text {
			converted++
		}
		for _, f := range fixes {
			if strings.Contains(trad, f.from) {
				t.Errorf("sentence %s in traditional still holds %q, which s2hk_fixes.txt rewrites to %q: %s", id, f.from, f.to, trad)
			}
		}
		back, _ := sc.simplify(trad)
		if back == text {
			if why, ok := roundTripAllowlist[id]; ok {
				t.Errorf("sentence %s now round-trips; remove it from the allowlist (%s)", id, why)
			}
			continue
		}
		if _, ok := roundTripAllowlist[id]; ok {
			continue
		}
		failed = append(failed, id)
		t.Errorf("sentence %s does not round-trip:\n  report: %s\n  s2hk:   %s\n  back:   %s\n  diff:   %s",
			id, text, trad, back, runeDiff(text, back))
	}
	if len(texts)-len(failed) == 0 {
		t.Fatal("no sentence round-trips")
	}
	// A converter that silently returns its input would round-trip
	// everything; nearly every sentence of the report has a character that
	// Hong Kong writes differently.
	if converted < len(texts)*9/10 {
		t.Errorf("only %d of %d sentences changed on conversion to traditional; is s2hk working?", converted, len(texts))
	}
}

// TestS2HKFixesApply checks each fix on its own: the fix's target is what
// s2hk should have written, so converting it back gives the report's text,
// and the wrong form s2hk writes does not survive in any reply.
func TestS2HKFixesApply(t *testing.T) {
	sc, err := newScripts()
	if err != nil {
		t.Fatalf("newScripts: %v", err)
	}
	fixes, err := loadPairs("s2hk_fixes.txt")
	if err != nil {
		t.Fatalf("loadPairs: %v", err)
	}
	for _, f := range fixes {
		if f.from == f.to {
			t.Errorf("fix %q→%q does nothing", f.from, f.to)
		}
		if got := sc.hkFixes.apply(f.from); got != f.to {
			t.Errorf("hkFixes.apply(%q) = %q, want %q", f.from, got, f.to)
		}
	}
	for _, c := range []struct{ simp, wantTrad string }{
		{"托位总量", "托位總量"},
		{"托育服务", "托育服務"},
		{"家庭养老床位", "家庭養老床位"},
		{"太古里", "太古里"},
	} {
		if got := sc.traditional(c.simp); got != c.wantTrad {
			t.Errorf("traditional(%q) = %q, want %q", c.simp, got, c.wantTrad)
		}
	}
}

// runeDiff shows the runes at which two strings first differ.
func runeDiff(a, b string) string {
	ra, rb := []rune(a), []rune(b)
	var diffs []string
	for i := 0; i < max(len(ra), len(rb)); i++ {
		var x, y rune
		if i < len(ra) {
			x = ra[i]
		}
		if i < len(rb) {
			y = rb[i]
		}
		if x != y {
			diffs = append(diffs, string(x)+"→"+string(y))
		}
	}
	return strings.Join(diffs, " ")
}

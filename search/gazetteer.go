package search

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

//go:generate go run ./internal/gazgen/gengaz -divisions ../../shared/data/divisions -out data/places.tsv

// placesTSV is the gazetteer, generated from China's administrative
// divisions by internal/gazgen and embedded so the binary needs no files.
//
//go:embed data/places.tsv
var placesTSV string

// Scopes a place can have (the TSV's fourth column).
const (
	scopeIn     = "in"     // Liwan's own
	scopeOut    = "out"    // another place
	scopeParent = "parent" // holds Liwan (广州市, 广东省, 全市): out unless Liwan is named too
)

// place is one gazetteer entry.
type place struct {
	name  string   // full official name
	forms []string // every Chinese form matched: the full name and the short forms
	level string
	scope string
	en    []string // romanised names, as the TSV writes them ("liwan")
}

// gazetteer finds place names in a normalised question.
type gazetteer struct {
	byFirst map[rune][]placeForm   // Chinese forms by first rune, longest first
	english map[string]englishName // romanised names by their space-joined Porter stems
	// englishWord holds every stem of a romanised name, so that the
	// English speller leaves place names alone.
	englishWord map[string]bool
	maxWords    int // the longest romanised name, in words
	// parentEnglish are the romanised names of the places that hold the
	// district (guangzhou, guangdong), stopwords or not: the English
	// speller drops them as framing ("Liwan District, Guangzhou"), but a
	// quantity question naming one and not the district asks about it.
	parentEnglish []englishName
}

// englishName is a romanised name as a reply writes it ("shunde", where the
// question's stem is "shund").
type englishName struct {
	name  string
	place *place
}

// placeForm is one written form of a place: its full name or a short form.
type placeForm struct {
	form  string
	place *place
}

// placeHit is a form found in a question, at text[start:end].
type placeHit struct {
	form       string
	place      *place
	start, end int
}

// loadGazetteer parses the embedded TSV once, on first use: the engine's
// start-up does not pay for it, and every engine shares it.
var loadGazetteer = sync.OnceValues(func() (*gazetteer, error) { return parseGazetteer(placesTSV) })

func parseGazetteer(tsv string) (*gazetteer, error) {
	g := &gazetteer{byFirst: map[rune][]placeForm{}, english: map[string]englishName{}, englishWord: map[string]bool{}}
	for n, line := range strings.Split(tsv, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("search: places.tsv line %d: want 5 tab-separated fields, got %d", n+1, len(f))
		}
		p := &place{name: f[0], level: f[2], scope: f[3]}
		switch p.scope {
		case scopeIn, scopeOut, scopeParent:
		default:
			return nil, fmt.Errorf("search: places.tsv line %d: scope %q is not in, out or parent", n+1, p.scope)
		}
		if p.level == "ambiguous" {
			continue // 东区, 南区: a place only once its city is named
		}
		forms := []string{p.name}
		if f[1] != "" {
			forms = append(forms, strings.Split(f[1], "|")...)
		}
		for _, form := range forms {
			// The generator writes forms as normalizeText leaves them
			// (TestPlaceFormsAreNormalized), so loading skips NFKC.
			p.forms = append(p.forms, form)
			first, _ := utf8.DecodeRuneInString(form)
			g.byFirst[first] = append(g.byFirst[first], placeForm{form: form, place: p})
		}
		if f[4] == "" {
			continue
		}
		p.en = strings.Split(f[4], "|")
		if p.scope == scopeParent {
			for _, en := range p.en {
				g.parentEnglish = append(g.parentEnglish, englishName{name: en, place: p})
			}
		}
		for _, en := range p.en {
			var stems []string
			for _, w := range strings.Fields(en) {
				if s := porterstemmer.StemString(w); !englishStopwords[s] {
					stems = append(stems, s)
					g.englishWord[s] = true
				}
			}
			if len(stems) == 0 {
				continue
			}
			g.english[strings.Join(stems, " ")] = englishName{name: en, place: p}
			g.maxWords = max(g.maxWords, len(stems))
		}
	}
	for _, forms := range g.byFirst {
		sort.SliceStable(forms, func(i, j int) bool { return len(forms[i].form) > len(forms[j].form) })
	}
	return g, nil
}

// find returns the places a question names, leftmost-longest and not
// overlapping: 佛山顺德区 is 佛山 then 顺德区, and 花地玛堂区 (Macau) is
// not 花地 (Liwan's street).
func (g *gazetteer) find(text string) []placeHit {
	var hits []placeHit
	for i := 0; i < len(text); {
		c, size := utf8.DecodeRuneInString(text[i:])
		matched := false
		for _, f := range g.byFirst[c] {
			if strings.HasPrefix(text[i:], f.form) {
				hits = append(hits, placeHit{form: f.form, place: f.place, start: i, end: i + len(f.form)})
				i += len(f.form)
				matched = true
				break
			}
		}
		if !matched {
			i += size
		}
	}
	return append(hits, g.findEnglish(text)...)
}

// findEnglish finds romanised names among the Latin words an English
// question keeps after translation (words the glossary does not know stay
// as Porter stems: "foshan", "hong kong").
func (g *gazetteer) findEnglish(text string) []placeHit {
	if g.maxWords == 0 || !strings.ContainsFunc(text, func(r rune) bool { return r >= 'a' && r <= 'z' }) {
		return nil
	}
	words := strings.FieldsFunc(text, func(r rune) bool { return !(r >= 'a' && r <= 'z') })
	var hits []placeHit
	for i := 0; i < len(words); {
		n := min(g.maxWords, len(words)-i)
		for ; n > 0; n-- {
			key := strings.Join(words[i:i+n], " ")
			if en, ok := g.english[key]; ok {
				// An English name has no Han neighbours to judge it by:
				// start and end stay -1.
				hits = append(hits, placeHit{form: en.name, place: en.place, start: -1, end: -1})
				break
			}
		}
		i += max(n, 1)
	}
	return hits
}

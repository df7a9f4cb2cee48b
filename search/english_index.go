package search

import (
	"math"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
)

// English questions are matched against the report's English rendering
// first, with bleve's English analyzer on both sides (possessives, case,
// stop words, Porter stems), and against the report's Chinese through the
// glossary second: "daycare slots" meets "childcare places" in the rendering
// or in residents' words even where the glossary has no entry for it. The
// figure and the grounding check still work on the Chinese sentence.

// englishAnalyzer is bleve's "en" analyzer, the one the index's English
// field uses, so that a question is cut into the same terms.
func englishAnalyzer() (analysis.Analyzer, error) {
	return registry.NewCache().AnalyzerNamed(en.AnalyzerName)
}

// englishStems are the terms of English text as the index holds them.
func englishStems(a analysis.Analyzer, text string) []string {
	var out []string
	for _, tok := range a.Analyze([]byte(text)) {
		out = append(out, string(tok.Term))
	}
	return out
}

// englishSide is what the engine knows of the report in English: per
// sentence position, the stems of its rendering (with its topic) and of
// residents' English words for it, and how many sentences hold each stem.
type englishSide struct {
	analyzer  analysis.Analyzer
	rendering []map[string]bool
	residents []map[string]bool
	df        map[string]int
	n         float64
}

func newEnglishSide(a analysis.Analyzer) *englishSide {
	return &englishSide{analyzer: a, df: map[string]int{}}
}

// add records a sentence's English; call it in sentence order.
func (s *englishSide) add(rendering, residents string) {
	r, v := map[string]bool{}, map[string]bool{}
	for _, t := range englishStems(s.analyzer, rendering) {
		r[t] = true
	}
	for _, t := range englishStems(s.analyzer, residents) {
		v[t] = true
	}
	seen := map[string]bool{}
	for t := range r {
		seen[t] = true
	}
	for t := range v {
		seen[t] = true
	}
	for t := range seen {
		s.df[t]++
	}
	s.rendering = append(s.rendering, r)
	s.residents = append(s.residents, v)
	s.n++
}

// englishTerm is a stem of an English question with its weight.
type englishTerm struct {
	stem   string
	weight float64
}

// terms weighs an English question's stems by how rare they are in the
// rendering; the question frames of englishStopwords weigh nothing, and a
// stem no sentence holds weighs what an unknown word does (it is what the
// question asks that the report lacks, or chatter).
func (s *englishSide) terms(question string) []englishTerm {
	var out []englishTerm
	seen := map[string]bool{}
	for _, t := range englishStems(s.analyzer, question) {
		if seen[t] || englishStopwords[t] {
			continue
		}
		seen[t] = true
		w := chatterFactor * math.Log(1+s.n/0.5)
		if df := s.df[t]; df > 0 {
			w = math.Log(1 + s.n/float64(df))
		}
		out = append(out, englishTerm{stem: t, weight: w})
	}
	return out
}

// coverage is the weighted share of an English question's terms that
// sentence pos holds in its rendering (full credit) or residents' English
// words for it (residentsCredit).
func (s *englishSide) coverage(terms []englishTerm, pos int) float64 {
	if pos >= len(s.rendering) {
		return 0
	}
	total, covered := 0.0, 0.0
	for _, t := range terms {
		total += t.weight
		switch {
		case s.rendering[pos][t.stem]:
			covered += t.weight
		case s.residents[pos][t.stem]:
			covered += residentsCredit * t.weight
		}
	}
	if total == 0 {
		return 0
	}
	return covered / total
}

// englishQuery is the English of a question's part, for lookup.
func englishQuery(p part) string {
	if p.en == nil {
		return ""
	}
	return strings.TrimSpace(p.en.raw)
}

package search

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

const (
	analyzerName   = "liwan_cjk"
	bigramFilter   = "liwan_cjk_bigram"
	fieldText      = "text"
	fieldTopic     = "topic"
	fieldResidents = "residents"
	fieldEnglish   = "en"
	// topicBoost keeps a paragraph's heading weaker than the sentence's own
	// words, so a detail sentence beats its bare heading.
	topicBoost = 0.3
	// residentsBoost keeps residents' words for a sentence weaker still:
	// they are how people might ask, not what the report says.
	residentsBoost = 0.25
	// candidates is how many index hits the reranker looks at.
	candidates = 40
)

// document is what bleve indexes for one sentence.
type document struct {
	Text      string `json:"text"`
	Topic     string `json:"topic"`
	Residents string `json:"residents"`
	English   string `json:"en"` // the English rendering and its topic
}

// indexMapping builds a mapping whose analyzer splits Han text into bigrams
// and keeps unigrams, so one-character questions still match.
func indexMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	if err := m.AddCustomTokenFilter(bigramFilter, map[string]interface{}{
		"type":           cjk.BigramName,
		"output_unigram": true,
	}); err != nil {
		return nil, fmt.Errorf("search: bigram filter: %w", err)
	}
	if err := m.AddCustomAnalyzer(analyzerName, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{cjk.WidthName, lowercase.Name, bigramFilter},
	}); err != nil {
		return nil, fmt.Errorf("search: analyzer: %w", err)
	}
	field := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzerName
		f.Store = false
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		return f
	}
	doc := bleve.NewDocumentMapping()
	doc.AddFieldMappingsAt(fieldText, field())
	doc.AddFieldMappingsAt(fieldTopic, field())
	doc.AddFieldMappingsAt(fieldResidents, field())
	english := field()
	english.Analyzer = en.AnalyzerName
	doc.AddFieldMappingsAt(fieldEnglish, english)
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzerName
	return m, nil
}

// buildIndex indexes the documents in memory with scorch, in batches of
// indexBatch: one batch of the whole report peaks at several times the
// index's own size while scorch builds its segment.
func buildIndex(ids []string, docs []document) (bleve.Index, error) {
	m, err := indexMapping()
	if err != nil {
		return nil, err
	}
	idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: create index: %w", err)
	}
	for start := 0; start < len(docs); start += indexBatch {
		b := idx.NewBatch()
		for i := start; i < min(start+indexBatch, len(docs)); i++ {
			if err := b.Index(ids[i], docs[i]); err != nil {
				idx.Close()
				return nil, fmt.Errorf("search: index %s: %w", ids[i], err)
			}
		}
		if err := idx.Batch(b); err != nil {
			idx.Close()
			return nil, fmt.Errorf("search: index batch: %w", err)
		}
	}
	return idx, nil
}

// indexBatch is how many sentences go into the index at a time.
const indexBatch = 32

// hit is one bleve result.
type hit struct {
	id    string
	score float64
}

// lookup asks bleve for the sentences sharing most terms with the question,
// or, for an English question, synonyms of them (stems of the English field,
// a phrase as all its stems). The query is built from query objects, never
// parsed from the user's text, so no input can break it.
func lookup(ctx context.Context, idx bleve.Index, runs []string, english string, synonyms [][]string) ([]hit, error) {
	terms := queryTerms(runs)
	if len(terms) == 0 && english == "" {
		return nil, nil
	}
	var queries []query.Query
	for _, f := range []struct {
		name  string
		boost float64
	}{{fieldText, 1}, {fieldTopic, topicBoost}, {fieldResidents, residentsBoost}} {
		for _, t := range terms {
			q := bleve.NewTermQuery(t)
			q.SetField(f.name)
			q.SetBoost(f.boost)
			queries = append(queries, q)
		}
	}
	if english != "" {
		// An English question meets the rendering through bleve's English
		// analyzer; the glossary's Chinese above is the second signal.
		onEnglish := bleve.NewMatchQuery(english)
		onEnglish.SetField(fieldEnglish)
		queries = append(queries, onEnglish)
	}
	for _, syn := range synonyms {
		var all []query.Query
		for _, stem := range syn {
			t := bleve.NewTermQuery(stem)
			t.SetField(fieldEnglish)
			all = append(all, t)
		}
		q := query.Query(all[0])
		if len(all) > 1 {
			q = query.NewConjunctionQuery(all)
		}
		q.(query.BoostableQuery).SetBoost(synonymCredit)
		queries = append(queries, q)
	}
	req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(queries), candidates, 0, false)
	req.SortBy([]string{"-_score", "_id"})
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search: query: %w", err)
	}
	hits := make([]hit, 0, len(res.Hits))
	for _, h := range res.Hits {
		hits = append(hits, hit{id: h.ID, score: h.Score})
	}
	return hits, nil
}

// queryTerms are the index terms a question looks up: the bigrams of its
// Han runs (a lone character only where a run is one character long) and
// its Latin words. The index also holds every single character, so that a
// one-character question finds something; querying them for longer runs
// would visit most sentences for nothing, since the reranker scores bigrams.
func queryTerms(runs []string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, run := range runs {
		if !isHanRun(run) {
			add(strings.ToLower(run))
			continue
		}
		rs := []rune(run)
		if len(rs) == 1 {
			add(run)
			continue
		}
		for i := 0; i+1 < len(rs); i++ {
			add(string(rs[i : i+2]))
		}
	}
	return out
}

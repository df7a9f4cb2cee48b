package search

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	"go.uber.org/zap"
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
	if err := m.AddCustomAnalyzer(englishAnalyzerName, englishAnalyzerConfig); err != nil {
		return nil, fmt.Errorf("search: English analyzer: %w", err)
	}
	english := field()
	english.Analyzer = englishAnalyzerName
	doc.AddFieldMappingsAt(fieldEnglish, english)
	m.DefaultMapping = doc
	m.DefaultAnalyzer = analyzerName
	return m, nil
}

// buildIndex indexes the documents with scorch. A report of at most
// indexBatch sentences is one batch, one segment, kept in memory: nothing
// is written, waited for or read back. A longer one is indexed in a
// temporary directory, in batches of indexBatch, merged into one segment,
// and reopened read-only with its directory removed. In memory, scorch
// keeps a segment per batch (it merges only what it has persisted), and
// every term of a question is then looked up in each; one batch of the
// whole report instead peaks at several times the index's own size. On disk
// the batches stay small and the merger compacts them. Read-only, scorch
// writes nothing more, and its files stay mapped once unlinked: no process,
// however it ends, leaves an index behind. Either way the segment is the
// same zap segment, scored by the same code.
func buildIndex(m *mapping.IndexMappingImpl, ids []string, docs []document) (bleve.Index, error) {
	if len(docs) <= indexBatch {
		idx, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, fmt.Errorf("search: create index: %w", err)
		}
		if err := fill(idx, ids, docs); err != nil {
			idx.Close()
			return nil, err
		}
		return idx, nil
	}
	dir, err := os.MkdirTemp("", "liwanbot-index-")
	if err != nil {
		return nil, fmt.Errorf("search: index directory: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "index")
	if err := writeIndex(path, m, ids, docs); err != nil {
		return nil, err
	}
	idx, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("search: reopen index: %w", err)
	}
	return idx, nil
}

// writeIndex builds the index in the directory path and closes it.
func writeIndex(path string, m *mapping.IndexMappingImpl, ids []string, docs []document) error {
	idx, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return fmt.Errorf("search: create index: %w", err)
	}
	if err := fill(idx, ids, docs); err != nil {
		idx.Close()
		return err
	}
	if err := mergeIndex(idx); err != nil {
		idx.Close()
		return err
	}
	if err := idx.Close(); err != nil {
		return fmt.Errorf("search: close index: %w", err)
	}
	return nil
}

// fill indexes the documents in batches.
func fill(idx bleve.Index, ids []string, docs []document) error {
	for start := 0; start < len(docs); start += indexBatch {
		b := idx.NewBatch()
		for i := start; i < min(start+indexBatch, len(docs)); i++ {
			if err := b.Index(ids[i], docs[i]); err != nil {
				return fmt.Errorf("search: index %s: %w", ids[i], err)
			}
		}
		if err := idx.Batch(b); err != nil {
			return fmt.Errorf("search: index batch: %w", err)
		}
	}
	return nil
}

// mergeIndex merges the index's segments into one: a question's terms are
// then looked up once, not once per batch.
func mergeIndex(idx bleve.Index) error {
	adv, err := idx.Advanced()
	if err != nil {
		return fmt.Errorf("search: index internals: %w", err)
	}
	s, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	if err := s.ForceMerge(context.Background(), &mergeplan.SingleSegmentMergePlanOptions); err != nil {
		return fmt.Errorf("search: merge index: %w", err)
	}
	// The merged segment is reopened only from a snapshot the persister has
	// written; an earlier one answers the same, only slower.
	st, ok := s.Stats().(*scorch.Stats)
	if !ok {
		return nil
	}
	for wait := time.Millisecond; wait < 4*time.Second; wait *= 2 {
		if atomic.LoadUint64(&st.LastPersistedEpoch) >= atomic.LoadUint64(&st.CurRootEpoch) {
			break
		}
		time.Sleep(wait)
	}
	return nil
}

// indexBatch is how many sentences go into the index at a time.
const indexBatch = 256

// hit is one bleve result.
type hit struct {
	id    string
	score float64
}

// sentenceIndex is the bleve index of the report's sentences, with what
// the engine needs to collect a query's best hits from it.
type sentenceIndex struct {
	bleve.Index
	adv index.Index // the index underneath, for its readers
	ids []string    // the sentences' ids, sorted
	// rankOf is a sentence's place in ids, by its internal doc number
	// (scorch numbers its sentences from 0 up), -1 for a number that is
	// no sentence's.
	rankOf []int32
	// impact holds, by field and term, the most that BM25's share for the
	// term's frequency and the field's length comes to in any sentence: with
	// the term's idf and the query's weights, a bound on its score. Only
	// terms in impactDocs sentences or more are there.
	impact map[string]map[string]float64
	key    string // the hash of what the index was built from
	cached bool   // opened from the embedded cache, not built
}

// newSentenceIndex indexes docs, or opens the embedded cache's index where
// it was built from the same (index_cache.go), and learns, once, which
// sentence each of the index's internal ids is.
func newSentenceIndex(ids []string, docs []document, log *zap.Logger) (*sentenceIndex, error) {
	m, err := indexMapping()
	if err != nil {
		return nil, err
	}
	key, err := indexKey(m, ids, docs)
	if err != nil {
		return nil, err
	}
	var idx bleve.Index
	cache, err := embeddedIndexCache()
	if err != nil {
		// TestIndexCacheCurrent keeps a broken cache from being committed.
		log.Warn("index cache unreadable: building the index", zap.Error(err))
		cache = nil
	}
	cached := useIndexCache && cache.usable(key)
	if cached {
		if idx, err = cache.open(); err != nil {
			// Its files could not be written (a full or read-only
			// temporary directory): build it, in memory where it fits.
			log.Warn("cached index not opened: building it", zap.Error(err))
			cached = false
		}
	}
	if !cached {
		if idx, err = buildIndex(m, ids, docs); err != nil {
			return nil, err
		}
	}
	si := &sentenceIndex{Index: idx, ids: slices.Sorted(slices.Values(ids)), key: key, cached: cached}
	if err := si.learnRanks(); err != nil {
		si.Close()
		return nil, err
	}
	if cached {
		si.impact = cache.impact
	} else if err := si.learnImpacts(); err != nil {
		si.Close()
		return nil, err
	}
	return si, nil
}

// useIndexCache is false only in tests that time or check a fresh build.
var useIndexCache = true

func (si *sentenceIndex) learnRanks() error {
	adv, err := si.Advanced()
	if err != nil {
		return fmt.Errorf("search: index internals: %w", err)
	}
	si.adv = adv
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("search: index reader: %w", err)
	}
	defer r.Close()
	all, err := r.DocIDReaderAll()
	if err != nil {
		return fmt.Errorf("search: index documents: %w", err)
	}
	defer all.Close()
	type numbered struct {
		num  uint64
		rank int32
	}
	var nums []numbered
	for {
		internal, err := all.Next()
		if err != nil {
			return fmt.Errorf("search: index documents: %w", err)
		}
		if internal == nil {
			break
		}
		id, err := r.ExternalID(internal)
		if err != nil {
			return fmt.Errorf("search: index document id: %w", err)
		}
		rank, ok := slices.BinarySearch(si.ids, id)
		if !ok {
			return fmt.Errorf("search: index holds unknown sentence %q", id)
		}
		nums = append(nums, numbered{internal.Value(), int32(rank)})
	}
	if len(nums) != len(si.ids) {
		return fmt.Errorf("search: index holds %d sentences of %d", len(nums), len(si.ids))
	}
	last := uint64(0)
	for _, n := range nums {
		last = max(last, n.num)
	}
	si.rankOf = slices.Repeat([]int32{-1}, int(last)+1)
	known := 0
	for _, n := range nums {
		if si.rankOf[n.num] < 0 {
			known++
		}
		si.rankOf[n.num] = n.rank
	}
	if known != len(si.ids) {
		return fmt.Errorf("search: index holds %d sentences of %d", known, len(si.ids))
	}
	return nil
}

// learnImpacts reads the postings of the fields a question's terms are
// looked up in, once, for the most each term's frequency and each sentence's
// field length make of BM25's score: the bound best prunes a lookup with.
// The index is read-only, so the bounds hold as long as it does. Most terms
// are in a few sentences only (on the report, 3,000 of 3,200 in fewer than
// eight): opening a reader for each would cost some 10 ms of the start-up,
// and a lookup gains little from leaving so rare a term out of its walk, so
// they keep BM25's own bound.
func (si *sentenceIndex) learnImpacts() error {
	r, err := si.adv.Reader()
	if err != nil {
		return fmt.Errorf("search: index reader: %w", err)
	}
	defer r.Close()
	docs, err := r.DocCount()
	if err != nil || docs == 0 {
		return err
	}
	bm, ok := r.(index.BM25Reader)
	if !ok {
		return nil // no bounds: best then visits every sentence, as bleve does
	}
	si.impact = map[string]map[string]float64{}
	for _, field := range []string{fieldText, fieldTopic, fieldResidents, fieldEnglish} {
		card, err := bm.FieldCardinality(field)
		if err != nil {
			return fmt.Errorf("search: field %s: %w", field, err)
		}
		// bleve's BM25 "average length": the field's distinct terms per
		// sentence, rounded up.
		avg := math.Ceil(float64(card) / float64(docs))
		if avg <= 0 {
			continue
		}
		dict, err := r.FieldDict(field)
		if err != nil {
			return fmt.Errorf("search: field %s: %w", field, err)
		}
		var terms []string
		for {
			e, err := dict.Next()
			if err != nil {
				dict.Close()
				return fmt.Errorf("search: field %s: %w", field, err)
			}
			if e == nil {
				break
			}
			if e.Count >= impactDocs {
				terms = append(terms, e.Term)
			}
		}
		dict.Close()
		impacts := make(map[string]float64, len(terms))
		var tfd index.TermFieldDoc
		for _, term := range terms {
			tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, true, true, false)
			if err != nil {
				return fmt.Errorf("search: term %s:%s: %w", field, term, err)
			}
			most := 0.0
			for {
				d, err := tfr.Next(tfd.Reset())
				if err != nil {
					tfr.Close()
					return fmt.Errorf("search: term %s:%s: %w", field, term, err)
				}
				if d == nil {
					break
				}
				most = max(most, bm25Share(d.Freq, d.Norm, avg))
			}
			tfr.Close()
			impacts[term] = most
		}
		si.impact[field] = impacts
	}
	return nil
}

// impactDocs is how many sentences a term must be in for its bound to be
// learnt at start-up.
const impactDocs = 8

// bm25Share is bleve's BM25 term score without its idf and query weight,
// computed as scorer.TermQueryScorer does.
func bm25Share(freq uint64, norm, avg float64) float64 {
	tf := math.Sqrt(float64(freq))
	length := 1 / (norm * norm)
	return tf * search.BM25_k1 / (tf + search.BM25_k1*(1-search.BM25_b+search.BM25_b*length/avg))
}

// lookup asks bleve for the sentences sharing most terms with the question,
// or, for an English question, synonyms of them (stems of the English field,
// a phrase as all its stems). The query is built from query objects, never
// parsed from the user's text, so no input can break it.
func lookup(ctx context.Context, idx *sentenceIndex, runs []string, english string, synonyms [][]string) ([]hit, error) {
	q := lookupQuery(runs, english, synonyms)
	if q == nil {
		return nil, nil
	}
	return idx.best(ctx, q, candidates)
}

// lookupQuery is the disjunction of the question's terms on each field.
func lookupQuery(runs []string, english string, synonyms [][]string) *query.DisjunctionQuery {
	terms := queryTerms(runs)
	if len(terms) == 0 && english == "" {
		return nil
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
	return query.NewDisjunctionQuery(queries)
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

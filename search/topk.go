package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// clause is one disjunct of a lookup, as bleve searches it.
type clause struct {
	s    search.Searcher
	curr *search.DocumentMatch // the searcher's match on sentence at, if not yet used
	at   uint64                // the sentence the searcher is on
	done bool                  // the searcher holds no more sentences
	// bound is more than the clause can add to any sentence's sum, or +Inf
	// where that is not known.
	bound float64
}

func (c *clause) next(sctx *search.SearchContext) error {
	sctx.DocumentMatchPool.Put(c.curr)
	dm, err := c.s.Next(sctx)
	return c.land(dm, err)
}

func (c *clause) advance(sctx *search.SearchContext, id index.IndexInternalID) error {
	sctx.DocumentMatchPool.Put(c.curr)
	dm, err := c.s.Advance(sctx, id)
	return c.land(dm, err)
}

func (c *clause) land(dm *search.DocumentMatch, err error) error {
	c.curr = dm
	if err != nil {
		return err
	}
	if dm == nil {
		c.done = true
		return nil
	}
	c.at = dm.IndexInternalID.Value()
	return nil
}

// best keeps the n best sentences for the disjunction q by score, then id:
// what bleve's search sorted by -_score, _id returns, up to the rounding of
// a sum added in another order. bleve's disjunction visits every sentence
// holding any of q's terms, and a common term holds a share of the report
// however large it grows. Here the disjuncts are bleve's own searchers,
// scored by bleve's BM25 and its disjunction scorer, but walked the MaxScore
// way: once the n-th best score is known, the clauses whose bounds together
// cannot reach it no longer propose sentences; they are only advanced to
// the sentences the other clauses propose, likeliest first, until those
// are scored in full or can no longer reach it. A
// sentence's place in id order is learnt once at start-up and looked up
// only when its score reaches the n-th best, not read from its stored id.
func (si *sentenceIndex) best(ctx context.Context, q *query.DisjunctionQuery, n int) ([]hit, error) {
	if q == nil || n <= 0 {
		return nil, nil
	}
	if q.Min > 1 {
		// The walk takes any sentence a clause holds for a hit, as bleve's
		// disjunction does for a minimum of 0 or 1.
		return nil, fmt.Errorf("search: query: disjunction with a minimum of %v", q.Min)
	}
	r, err := si.adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: index reader: %w", err)
	}
	defer r.Close()
	// What bleve's own search sets up for its searchers: the scoring model.
	ctx = context.WithValue(ctx, search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return index.BM25Scoring }))
	ctx = search.ContextWithTermSearchersCounter(ctx)
	var opts search.SearcherOptions
	cls := make([]clause, 0, len(q.Disjuncts))
	shares := make([]float64, 0, len(q.Disjuncts)) // a term's most BM25 share, or +Inf
	defer func() {
		for _, c := range cls {
			c.s.Close()
		}
	}()
	for _, d := range q.Disjuncts {
		s, err := d.Searcher(ctx, r, si.Mapping(), opts)
		if err != nil {
			return nil, fmt.Errorf("search: query: %w", err)
		}
		if s == nil {
			continue
		}
		cls = append(cls, clause{s: s, bound: math.Inf(1)})
		shares = append(shares, si.mostShare(d))
	}
	if len(cls) == 0 {
		return nil, nil
	}
	// bleve's disjunction normalises its clauses' weights together.
	var weights float64
	for _, c := range cls {
		weights += c.s.Weight()
	}
	norm := 1 / math.Sqrt(weights)
	pool := len(cls)
	for i := range cls {
		c := &cls[i]
		c.s.SetQueryNorm(norm)
		pool += c.s.DocumentMatchPoolSize()
		switch c.s.(type) {
		case *searcher.TermSearcher, *searcher.DisjunctionSliceSearcher,
			*searcher.DisjunctionHeapSearcher, *searcher.ConjunctionSearcher:
			// A BM25 term scores share·idf·boost·idf·norm, its weight is
			// (boost·idf)², and a disjunction or conjunction of terms
			// scores at most the sum of its terms' scores and weighs the
			// sum of their weights.
			c.bound = shares[i] * c.s.Weight() * norm * (1 + slack)
		}
	}
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(pool, 0),
		IndexReader:       r,
	}
	for i := range cls {
		if err := cls[i].next(sctx); err != nil {
			return nil, fmt.Errorf("search: query: %w", err)
		}
	}

	// A sentence holding only clauses of order[:lazy] sums at most
	// sums[lazy] and shares at most lazy of the clauses in bleve's coord
	// factor: under the n-th best score, it cannot make the list. Clauses
	// that hold no sentence are in no order.
	total := float64(len(cls))
	var live []int // the clauses holding sentences, in query order
	for i := range cls {
		if !cls[i].done {
			live = append(live, i)
		}
	}
	order := slices.Clone(live)
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(cls[a].bound, cls[b].bound) })
	sums := make([]float64, len(order)+1)
	for k, i := range order {
		sums[k+1] = sums[k] + cls[i].bound
	}
	lazy := 0
	isLazy := make([]bool, len(cls))
	eager := order
	raise := func(floor float64) {
		for lazy < len(order) && sums[lazy+1]*float64(lazy+1)/total < floor {
			isLazy[order[lazy]] = true
			lazy++
		}
		eager = order[lazy:]
	}

	type ranked struct {
		score float64
		rank  int32
	}
	top := make([]ranked, 0, n+1)
	before := func(a, b ranked) bool { return a.score > b.score || a.score == b.score && a.rank < b.rank }
	floor := math.Inf(-1) // the n-th best score, once there are n
	sc := scorer.NewDisjunctionQueryScorer(opts)
	matching := make([]*search.DocumentMatch, 0, len(cls))
	var target index.IndexInternalID
	for visited := 0; ; visited++ {
		if visited%1024 == 0 && ctx.Err() != nil {
			return nil, fmt.Errorf("search: query: %w", ctx.Err())
		}
		// The next sentence an eager clause holds.
		d, found := uint64(math.MaxUint64), false
		for _, i := range eager {
			if c := &cls[i]; !c.done && c.at <= d {
				d, found = c.at, true
			}
		}
		if !found {
			break
		}
		upper, shared := sums[lazy], lazy
		for _, i := range eager {
			if c := &cls[i]; !c.done && c.at == d {
				upper += c.curr.Score
				shared++
			}
		}
		// Probe the lazy clauses, likeliest to score most first, and give
		// d up as soon as what it may still score cannot reach the floor.
		target = index.NewIndexInternalID(target, d)
		reaches := func() bool { return upper*float64(shared)/total*(1+slack) >= floor }
		ok := reaches()
		for k := lazy - 1; k >= 0 && ok; k-- {
			c := &cls[order[k]]
			if !c.done && c.at < d {
				if err := c.advance(sctx, target); err != nil {
					return nil, fmt.Errorf("search: query: %w", err)
				}
			}
			upper -= c.bound
			if !c.done && c.at == d {
				upper += c.curr.Score
			} else {
				shared--
			}
			ok = reaches()
		}
		if ok {
			// bleve's disjunction scorer, on the clauses in query order.
			matching = matching[:0]
			for _, i := range live {
				if c := &cls[i]; !c.done && c.at == d && c.curr != nil {
					matching = append(matching, c.curr)
				}
			}
			dm := sc.Score(sctx, matching, len(matching), len(cls))
			if score := dm.Score; len(top) < n || score >= floor {
				rank := int32(-1)
				if d < uint64(len(si.rankOf)) {
					rank = si.rankOf[d]
				}
				if rank < 0 {
					return nil, fmt.Errorf("search: query hit an unknown sentence")
				}
				if c := (ranked{score, rank}); len(top) < n || before(c, top[n-1]) {
					at, _ := slices.BinarySearchFunc(top, c, func(a, b ranked) int {
						if before(a, b) {
							return -1
						}
						return 1
					})
					top = slices.Insert(top, at, c)
					if len(top) > n {
						top = top[:n]
					}
					if len(top) == n && top[n-1].score > floor {
						floor = top[n-1].score
						raise(floor)
					}
				}
			}
		}
		// Every clause on d moves on: an eager one to its next sentence, a
		// lazy one when it is next probed.
		for _, i := range live {
			c := &cls[i]
			if c.done || c.at != d {
				continue
			}
			if isLazy[i] {
				sctx.DocumentMatchPool.Put(c.curr)
				c.curr = nil
				continue
			}
			if err := c.next(sctx); err != nil {
				return nil, fmt.Errorf("search: query: %w", err)
			}
		}
	}
	hits := make([]hit, len(top))
	for i, c := range top {
		hits[i] = hit{id: si.ids[c.rank], score: c.score}
	}
	return hits, nil
}

// slack covers the rounding of a bound, summed in another order than the
// score it bounds.
const slack = 1e-9

// mostShare is, over the terms q looks up, the most BM25 share any sentence
// gives a term, over the term's boost; +Inf where q is no term, match,
// disjunction or conjunction of terms, or a term's field has no impacts.
func (si *sentenceIndex) mostShare(q query.Query) float64 {
	most := 0.0
	term := func(field, term string, boost float64) {
		impacts, ok := si.impact[field]
		if !ok || boost <= 0 {
			most = math.Inf(1)
			return
		}
		share, ok := impacts[term]
		if !ok {
			// bleve's share, tf·k1/(tf+k1·fieldNorm), is under k1.
			share = search.BM25_k1
		}
		most = max(most, share/boost)
	}
	var walk func(q query.Query)
	walk = func(q query.Query) {
		switch q := q.(type) {
		case *query.TermQuery:
			term(q.Field(), q.Term, q.Boost())
		case *query.MatchQuery:
			// The terms bleve's MatchQuery.Searcher looks up.
			name := q.Analyzer
			if name == "" {
				name = si.Mapping().AnalyzerNameForPath(q.Field())
			}
			a := si.Mapping().AnalyzerNamed(name)
			if a == nil || q.Fuzziness != 0 {
				most = math.Inf(1)
				return
			}
			for _, t := range a.Analyze([]byte(q.Match)) {
				term(q.Field(), string(t.Term), q.Boost())
			}
		case *query.DisjunctionQuery:
			for _, d := range q.Disjuncts {
				walk(d)
			}
		case *query.ConjunctionQuery:
			for _, c := range q.Conjuncts {
				walk(c)
			}
		default:
			most = math.Inf(1)
		}
	}
	walk(q)
	return most
}

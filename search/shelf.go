package search

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/liwanbot/liwanbot/corpus"
)

// Shelf answers from several reports at once: the reports of several years
// of a district (2024's and 2025's), or of several districts. A question
// that names a year or a district is answered from that report; one that
// names neither, from the newest report of the default district, the first
// one's. A Shelf of one report answers exactly as that report's Engine
// does, ids and all. It is safe for concurrent use.
//
// The default report decides which report a question names: its scope
// check already reads the clause that asks (not a daughter's school year
// in the context), in every script and in English. A question it would
// give the scope reply for a year or a place the shelf holds is asked of
// that report instead; a year or place the shelf does not hold keeps the
// scope reply.
type Shelf struct {
	engines []*Engine // in the order the reports were given
	def     *Engine
	byKey   map[string]*Engine
}

// maxHops bounds how many reports one question is passed along: a district
// (越秀区), then a year of it (2024年).
const maxHops = 3

// NewShelf builds an engine for each report, the options applying to every
// one. With several reports, each report's ids start with its key (its
// year, see corpus.Report.WithKey), relative years count from the year of
// the newest report of the default district, and an earlier report's
// replies name it by its year. Two reports of one district and year, or a
// report of no year beside another of its district, cannot be told apart
// by a question, and are refused.
func NewShelf(reports []*corpus.Report, opts ...Option) (*Shelf, error) {
	switch len(reports) {
	case 0:
		return nil, errors.New("search: no report to answer from")
	case 1:
		e, err := New(reports[0], opts...)
		if err != nil {
			return nil, err
		}
		return &Shelf{engines: []*Engine{e}, def: e}, nil
	}
	defDistrict := reports[0].District
	today, newest := "", 0
	seen := map[string]int{}
	perDistrict := map[string]int{}
	for i, r := range reports {
		id := r.District + "|" + r.Year
		if j, ok := seen[id]; ok {
			return nil, fmt.Errorf("search: reports %d and %d are both of %s %s: a question could not tell them apart", j+1, i+1, orNone(r.District), orNone(r.Year))
		}
		seen[id] = i
		perDistrict[r.District]++
		if r.District == defDistrict && r.Year > today {
			today, newest = r.Year, i
		}
	}
	for i, r := range reports {
		if r.Year == "" && perDistrict[r.District] > 1 {
			return nil, fmt.Errorf("search: report %d (%s) says no year, and is not its district's only report: give it a year in a front matter block", i+1, orNone(r.District))
		}
	}
	keys := reportKeys(reports)
	s := &Shelf{engines: make([]*Engine, len(reports)), byKey: map[string]*Engine{}}
	errs := make([]error, len(reports))
	var wg sync.WaitGroup
	for i, r := range reports {
		wg.Go(func() {
			s.engines[i], errs[i] = New(r.WithKey(keys[i]), append(opts, WithToday(today))...)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		s.Close()
		return nil, err
	}
	for i, e := range s.engines {
		s.byKey[keys[i]] = e
	}
	s.def = s.engines[newest]
	return s, nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// reportKeys names each report for its ids: by its year, which is short
// (a button's data holds 64 bytes) and what a resident names it by; a
// second report of a year (another district's) gets its place in the list
// after the year, a report of no year its place alone.
func reportKeys(reports []*corpus.Report) []string {
	keys := make([]string, len(reports))
	taken := map[string]bool{}
	for i, r := range reports {
		k := r.Year
		if k == "" || taken[k] {
			k += "r" + strconv.Itoa(i+1)
		}
		taken[k] = true
		keys[i] = k
	}
	return keys
}

// Answer answers a question from the report it names, or the default one.
// It never fails, as Engine.Answer does not; the answer's Report is the
// report it came from.
func (s *Shelf) Answer(ctx context.Context, raw string) Answer {
	start := time.Now()
	e := s.def
	a := e.answer(ctx, raw)
	asked := map[*Engine]bool{e: true}
	for range maxHops {
		if a.Outcome != OutOfScope || a.miss == nil {
			break
		}
		next := s.route(e, *a.miss)
		if next == nil || asked[next] {
			break
		}
		asked[next] = true
		e, a = next, next.answer(ctx, raw)
	}
	a.Latency = time.Since(start)
	a.Report = e.report
	e.logAnswer(a)
	return a
}

// route is the report a scope miss of from names, or nil: for a year, that
// year's report of from's district; for a place, the newest report of the
// district it is, if the shelf holds one.
func (s *Shelf) route(from *Engine, m scopeMiss) *Engine {
	var best *Engine
	for _, e := range s.engines {
		switch {
		case m.year != "":
			if e.names.District == from.names.District && e.names.Year == m.year {
				return e
			}
		case m.place != "":
			if samePlace(m.place, e.names.District) && (best == nil || e.names.Year > best.names.Year) {
				best = e
			}
		}
	}
	return best
}

// samePlace reports whether a place a question names is the district a
// report is about: 越秀 and 越秀区 are one district.
func samePlace(named, district string) bool {
	if named == "" || district == "" {
		return false
	}
	if named == district {
		return true
	}
	g, err := loadGazetteer()
	if err != nil {
		return false
	}
	p := g.place(named)
	return p != nil && p == g.place(district)
}

// Find returns the report an id (a sentence's, 2024/p31.s4, or a
// paragraph's) is of: with several reports, the one its key names; alone,
// the one report. It says false for an id no report on the shelf holds,
// such as a button under an answer from a report since unloaded.
func (s *Shelf) Find(id string) (*corpus.Report, bool) {
	if s.byKey == nil {
		return s.def.Find(id)
	}
	key, _ := corpus.SplitKey(id)
	e, ok := s.byKey[key]
	if !ok {
		return nil, false
	}
	return e.Find(id)
}

// Report is the default report: the newest of the default district, what
// a question that names no report is answered from, and what help, topics
// and health checks name.
func (s *Shelf) Report() *corpus.Report { return s.def.report }

// Reports are the reports on the shelf, in the order given.
func (s *Shelf) Reports() []*corpus.Report {
	out := make([]*corpus.Report, len(s.engines))
	for i, e := range s.engines {
		out[i] = e.report
	}
	return out
}

// Traditional writes simplified text in traditional characters, as every
// report's engine does alike.
func (s *Shelf) Traditional(text string) string { return s.def.Traditional(text) }

// Indexed is how many sentences the shelf's indexes hold together.
func (s *Shelf) Indexed() int {
	n := 0
	for _, e := range s.engines {
		n += e.Indexed()
	}
	return n
}

// Close releases every report's index.
func (s *Shelf) Close() error {
	var errs []error
	for _, e := range s.engines {
		if e != nil {
			errs = append(errs, e.Close())
		}
	}
	return errors.Join(errs...)
}

// Find returns the engine's report if it holds the id (a sentence's or a
// paragraph's), so that an Engine serves where a Shelf does.
func (e *Engine) Find(id string) (*corpus.Report, bool) {
	if _, ok := e.report.Paragraph(id); !ok {
		return nil, false
	}
	return e.report, true
}

// Package curation puts staff's corrections live safely: a curation is
// checked against the golden questions and the questions residents asked
// before it is kept (one that turns a right golden answer wrong is
// refused, naming what it would break), kept in the feedback database, and
// picked up by every instance sharing that database, whose engine then
// answers on the new set as a whole.
//
// The engine applies curations (search.Curation), the feedback store keeps
// them (feedback.Curation); this package is the one that knows both.
package curation

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/golden"
	"github.com/liwanbot/liwanbot/search"
)

// Engine is what curations are checked and applied on; *search.Shelf is
// one.
type Engine interface {
	AnswerWith(ctx context.Context, question string, c *search.Curations) search.Answer
	CheckCuration(c search.Curation) error
	Prepare(c *search.Curations)
	// Report changes when the engine is rebuilt (a reload), which makes
	// answers computed before stale.
	Report() *corpus.Report
}

// ToSearch is a stored curation as the engine applies it.
func ToSearch(c feedback.Curation) search.Curation {
	s := search.Curation{ID: c.Version, Kind: search.CurationKind(c.Type), Question: c.Question, Sentence: c.Sentence, Words: c.Words, Term: c.Term}
	if c.Reply != nil {
		s.ReplyZH, s.ReplyEN = c.Reply.ZH, c.Reply.EN
	}
	return s
}

// Set makes the engine's set of the curations in force at a version. A
// stored curation the engine cannot take (written by another version of
// the program) is left out and returned in skipped, so that one bad row
// does not keep the others from applying.
func Set(version int64, active []feedback.Curation) (set *search.Curations, skipped []int64) {
	list := make([]search.Curation, 0, len(active))
	for _, c := range active {
		sc := ToSearch(c)
		if _, err := search.NewCurations(0, []search.Curation{sc}); err != nil {
			skipped = append(skipped, c.Version)
			continue
		}
		list = append(list, sc)
	}
	set, _ = search.NewCurations(version, list) // each was checked above
	return set, skipped
}

// ErrBreaks means a curation would turn right golden answers wrong; the
// Report names them.
var ErrBreaks = errors.New("curation: would break golden answers")

// Report is what a check found, and for a change, what was kept.
type Report struct {
	// Accepted says the change is safe (a check) or was kept (apply, undo).
	Accepted bool `json:"accepted"`
	// Curation is the change: as proposed for a check, as kept (with its
	// version) once applied.
	Curation feedback.Curation `json:"curation"`
	// Version is the curation version checked against.
	Version int64 `json:"version"`
	// Golden is the golden questions answered right before and after.
	Golden struct {
		Before golden.Tally `json:"before"`
		After  golden.Tally `json:"after"`
	} `json:"golden"`
	// Broken are golden answers right before and wrong after: any one
	// refuses the change. Changed are all questions whose answer changes.
	Broken  []golden.Change `json:"broken"`
	Fixed   []golden.Change `json:"fixed"`
	Changed []golden.Change `json:"changed"`
	// Asked is how many residents' questions were compared.
	Asked int `json:"asked"`
}

// BrokenIDs are the golden questions a report says would break.
func (r Report) BrokenIDs() []string {
	var out []string
	for _, b := range r.Broken {
		out = append(out, b.ID)
	}
	return out
}

// Service checks and applies curations on one engine and one store.
type Service struct {
	store  *feedback.Store
	engine Engine
	golden []golden.Question
	window time.Duration
	log    *zap.Logger
	// Count, if set, counts each change asked for by result: "kept",
	// "refused" (it would break golden answers) or "failed".
	Count func(result string)

	// mu makes one change at a time on this instance; instances sharing
	// a database are kept in order by the store.
	mu sync.Mutex
	// last caches the answers at a version, so that a run of changes (an
	// import) answers each state once.
	last struct {
		version int64
		report  *corpus.Report // the engine's, so that a reloaded report is answered anew
		answers *golden.Answers
		asked   []string
	}
	pending *golden.Answers // the state after the last check, until it is kept
	// beforeKeep, if set (by tests), runs between a change's check and
	// its keeping: where another instance may keep one of its own.
	beforeKeep func()
}

// maxAsked bounds the residents' questions a check asks again.
const maxAsked = 2000

// NewService checks and applies curations on engine, kept in store; the
// questions residents asked within window are compared too.
func NewService(store *feedback.Store, engine Engine, qs []golden.Question, window time.Duration, log *zap.Logger) *Service {
	if log == nil {
		log = zap.NewNop()
	}
	return &Service{store: store, engine: engine, golden: qs, window: window, log: log}
}

// History is the whole curation log.
func (s *Service) History(ctx context.Context) ([]feedback.Curation, error) {
	return s.store.CurationHistory(ctx)
}

// Check says what adding c would do, and whether it is safe. It keeps
// nothing.
func (s *Service) Check(ctx context.Context, c feedback.Curation) (Report, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.check(ctx, c)
}

func (s *Service) check(ctx context.Context, c feedback.Curation) (Report, error) {
	rep := Report{Curation: c}
	if err := c.Check(); err != nil {
		return rep, err
	}
	version, active, err := s.store.ActiveCurations(ctx)
	if err != nil {
		return rep, err
	}
	proposed := c
	proposed.Version = version + 1 // what it would be kept as, for answers to name
	if err := s.engine.CheckCuration(ToSearch(proposed)); err != nil {
		return rep, fmt.Errorf("%w: %w", feedback.ErrBadCuration, err)
	}
	return s.compare(ctx, rep, version, active, append(active, proposed))
}

// compare answers on the curations before and after and reports what
// changes.
func (s *Service) compare(ctx context.Context, rep Report, version int64, before, after []feedback.Curation) (Report, error) {
	rep.Version = version
	var asked []string
	cached := s.last.answers != nil && s.last.version == version && s.last.report == s.engine.Report()
	if cached {
		asked = s.last.asked
	} else {
		var err error
		if asked, err = s.store.AskedQuestions(ctx, time.Now().Add(-s.window), maxAsked); err != nil {
			return rep, err
		}
	}
	rep.Asked = len(asked)
	b := s.last.answers
	if !cached {
		set, _ := Set(version, before)
		var err error
		if b, err = golden.AnswerAll(ctx, with{s.engine, set}, s.golden, asked); err != nil {
			return rep, err
		}
	}
	set, _ := Set(version+1, after)
	s.engine.Prepare(set)
	a, err := golden.AnswerAll(ctx, with{s.engine, set}, s.golden, asked)
	if err != nil {
		return rep, err
	}
	cmp := golden.Compare(s.golden, asked, b, a)
	rep.Golden.Before, rep.Golden.After = cmp.Before, cmp.After
	rep.Broken, rep.Fixed, rep.Changed = cmp.Broken, cmp.Fixed, cmp.Changed
	rep.Accepted = len(rep.Broken) == 0
	// The state before is kept: a check refused leaves it the current one,
	// and Apply moves the cache on to the state after.
	s.last.version, s.last.report, s.last.answers, s.last.asked = version, s.engine.Report(), b, asked
	s.pending = a
	return rep, nil
}

// maxRechecks bounds how many times a change is checked again because
// other instances kept changes while it was checked.
const maxRechecks = 5

// Apply checks c and keeps it if it breaks no golden answer; else it
// returns the report with ErrBreaks. It is kept only on the curations it
// was checked with: if another instance kept a change meanwhile, c is
// checked again on the new state.
func (s *Service) Apply(ctx context.Context, c feedback.Curation) (rep Report, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.count(&err)
	var kept feedback.Curation
	for try := 0; ; try++ {
		rep, err = s.check(ctx, c)
		if err != nil {
			return rep, err
		}
		if !rep.Accepted {
			s.log.Warn("curation refused: it would break golden answers", zap.String("type", c.Type), zap.String("author", c.Author), zap.Strings("broken", rep.BrokenIDs()))
			return rep, fmt.Errorf("%w: %v", ErrBreaks, rep.BrokenIDs())
		}
		if s.beforeKeep != nil {
			s.beforeKeep()
		}
		kept, err = s.store.AddCurationAfter(ctx, c, rep.Version)
		if !errors.Is(err, feedback.ErrMoved) || try == maxRechecks {
			break
		}
		s.log.Info("curations changed during the check: checking again", zap.Error(err))
	}
	if err != nil {
		return rep, err
	}
	rep.Curation = kept
	s.advance(rep.Version, kept.Version)
	s.log.Info("curation kept", zap.Int64("version", kept.Version), zap.String("type", kept.Type), zap.String("author", kept.Author),
		zap.Int("changed", len(rep.Changed)), zap.Int("fixed", len(rep.Fixed)))
	return rep, nil
}

// Undo retracts the curation of a version, after the same check: an undo
// that would break a golden answer (one a later curation relies on) is
// refused too.
func (s *Service) Undo(ctx context.Context, version int64, author, reason string) (rep Report, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.count(&err)
	for try := 0; ; try++ {
		rep, err = s.undo(ctx, version, author, reason)
		if !errors.Is(err, feedback.ErrMoved) || try == maxRechecks {
			return rep, err
		}
		s.log.Info("curations changed during the check: checking again", zap.Error(err))
	}
}

// undo is one try of Undo: it keeps the undo only on the curations it
// was checked with, else returns feedback.ErrMoved.
func (s *Service) undo(ctx context.Context, version int64, author, reason string) (rep Report, err error) {
	rep = Report{Curation: feedback.Curation{Type: feedback.KindUndo, Undoes: version, Author: author, Reason: reason}}
	at, active, err := s.store.ActiveCurations(ctx)
	if err != nil {
		return rep, err
	}
	var rest []feedback.Curation
	found := false
	for _, c := range active {
		if c.Version == version {
			found = true
			continue
		}
		rest = append(rest, c)
	}
	if !found {
		// The store says why: no such curation, or undone already.
		_, err := s.store.UndoCuration(ctx, version, author, reason)
		if err == nil {
			err = fmt.Errorf("%w: version %d", feedback.ErrNoCuration, version)
		}
		return rep, err
	}
	if rep, err = s.compare(ctx, rep, at, active, rest); err != nil {
		return rep, err
	}
	if !rep.Accepted {
		return rep, fmt.Errorf("%w: %v", ErrBreaks, rep.BrokenIDs())
	}
	if s.beforeKeep != nil {
		s.beforeKeep()
	}
	kept, err := s.store.UndoCurationAfter(ctx, version, author, reason, at)
	if err != nil {
		return rep, err
	}
	rep.Curation = kept
	s.advance(at, kept.Version)
	s.log.Info("curation undone", zap.Int64("version", kept.Version), zap.Int64("undoes", version), zap.String("author", author))
	return rep, nil
}

func (s *Service) count(err *error) {
	if s.Count == nil {
		return
	}
	switch {
	case *err == nil:
		s.Count("kept")
	case errors.Is(*err, ErrBreaks):
		s.Count("refused")
	default:
		s.Count("failed")
	}
}

// advance moves the cache to the state just kept, if nothing else was
// kept in between.
func (s *Service) advance(checked, kept int64) {
	if kept == checked+1 && s.pending != nil {
		s.last.version, s.last.answers = kept, s.pending
	} else {
		s.last.answers = nil
	}
	s.pending = nil
}

// with answers on an engine with a fixed set of curations.
type with struct {
	e   Engine
	set *search.Curations
}

// Answer answers, then lets other goroutines run: a check asks some two
// thousand questions in a row, and residents' answers waiting for the core
// go first.
func (w with) Answer(ctx context.Context, q string) search.Answer {
	a := w.e.AnswerWith(ctx, q, w.set)
	runtime.Gosched()
	return a
}

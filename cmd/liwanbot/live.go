package main

import (
	"context"
	"sync"
	"sync/atomic"

	"go.uber.org/zap"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/search"
)

// engine is what serve answers with; *search.Shelf is one.
type engine interface {
	Answer(ctx context.Context, question string) search.Answer
	// AnswerWith, CheckCuration and Prepare apply staff curations (see
	// package curation).
	AnswerWith(ctx context.Context, question string, c *search.Curations) search.Answer
	CheckCuration(c search.Curation) error
	Prepare(c *search.Curations)
	Report() *corpus.Report
	Traditional(s string) string
	Find(id string) (*corpus.Report, bool)
	Indexed() int
	Close() error
}

// generation is one built engine and the answers in flight on it.
type generation struct {
	eng engine
	// refs counts the answers in flight, plus one while the generation is
	// current. It reaches zero once, after the generation is replaced and
	// its last answer is done; then drained closes and nothing may take a
	// reference any more.
	refs    atomic.Int64
	drained chan struct{}
}

func newGeneration(e engine) *generation {
	g := &generation{eng: e, drained: make(chan struct{})}
	g.refs.Store(1)
	return g
}

// acquire takes a reference, unless the generation is drained (and so
// already replaced).
func (g *generation) acquire() bool {
	for {
		n := g.refs.Load()
		if n <= 0 {
			return false
		}
		if g.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

func (g *generation) release() {
	if g.refs.Add(-1) == 0 {
		close(g.drained)
	}
}

// live is the engine serve answers with, replaced whole when the report is
// reloaded. Each call loads the current generation once and answers on it
// alone, so an answer is never computed half on the old engine and half on
// the new; the answer carries its report (search.Answer.Report), so what a
// channel shows beside it comes from the same report. A replaced engine is
// closed once the answers in flight on it are done.
//
// The staff curations answered with are kept beside the engine, and each
// answer loads them once too: an answer is on one set of curations, whole.
type live struct {
	cur       atomic.Pointer[generation]
	curations atomic.Pointer[search.Curations]
	closing   sync.WaitGroup // replaced generations not yet closed
	log       *zap.Logger
}

func newLive(e engine, log *zap.Logger) *live {
	l := &live{log: log}
	l.cur.Store(newGeneration(e))
	return l
}

// acquire returns the current generation with a reference taken, and a
// release to call once done with it. A generation that drains between the
// load and the reference has been replaced, so the next load finds its
// successor; one still current after draining was closed by Close, and is
// returned without a reference: its closed engine refuses.
func (l *live) acquire() (*generation, func()) {
	for {
		g := l.cur.Load()
		if g.acquire() {
			return g, g.release
		}
		if l.cur.Load() == g {
			return g, func() {}
		}
	}
}

func (l *live) Answer(ctx context.Context, question string) search.Answer {
	g, release := l.acquire()
	defer release()
	return g.eng.AnswerWith(ctx, question, l.curations.Load())
}

// AnswerWith answers with other curations than those in force: a check of
// a curation compares the answers with and without it.
func (l *live) AnswerWith(ctx context.Context, question string, c *search.Curations) search.Answer {
	g, release := l.acquire()
	defer release()
	return g.eng.AnswerWith(ctx, question, c)
}

func (l *live) CheckCuration(c search.Curation) error {
	g, release := l.acquire()
	defer release()
	return g.eng.CheckCuration(c)
}

// Prepare compiles a set of curations on the engine answering now.
func (l *live) Prepare(c *search.Curations) {
	g, release := l.acquire()
	defer release()
	g.eng.Prepare(c)
}

// setCurations makes c the curations answers begin with from now on.
func (l *live) setCurations(c *search.Curations) { l.curations.Store(c) }

// Report is the report answered from now. A channel that has an answer
// takes the answer's report instead: this one may be newer.
func (l *live) Report() *corpus.Report { return l.cur.Load().eng.Report() }

func (l *live) Traditional(s string) string {
	g, release := l.acquire()
	defer release()
	return g.eng.Traditional(s)
}

// Find looks an id up in the reports answered from now: a button under an
// answer from a report since unloaded finds nothing.
func (l *live) Find(id string) (*corpus.Report, bool) { return l.cur.Load().eng.Find(id) }

func (l *live) Indexed() int { return l.cur.Load().eng.Indexed() }

// swap makes e the engine answered with; the one it replaces is closed
// once the answers in flight on it finish.
func (l *live) swap(e engine) {
	// The curations in force are compiled on the new engine before it
	// answers, so its first answers do not wait for that.
	e.Prepare(l.curations.Load())
	l.retire(l.cur.Swap(newGeneration(e)))
}

func (l *live) retire(g *generation) {
	l.closing.Add(1)
	go func() {
		defer l.closing.Done()
		<-g.drained
		if err := g.eng.Close(); err != nil {
			l.log.Warn("replaced engine did not close cleanly", zap.String("report", g.eng.Report().Hash), zap.Error(err))
			return
		}
		l.log.Debug("replaced engine closed", zap.String("report", g.eng.Report().Hash))
	}()
	g.release()
}

// Close closes the current engine and any replaced one once the answers
// in flight on them finish. Call it once, and swap no more after it.
func (l *live) Close() error {
	l.retire(l.cur.Load())
	l.closing.Wait()
	return nil
}

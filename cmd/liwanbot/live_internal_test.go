package main

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/search"
)

// fakeEngine answers with its report, and counts answers begun after it
// was closed: a live engine must never let one happen.
type fakeEngine struct {
	report    *corpus.Report
	closed    atomic.Bool
	afterShut atomic.Int64
	entered   chan struct{} // if set, each answer says it began, then waits for hold
	hold      chan struct{}
}

func newFake(hash string) *fakeEngine { return &fakeEngine{report: &corpus.Report{Hash: hash}} }

func (f *fakeEngine) Answer(ctx context.Context, q string) search.Answer {
	if f.closed.Load() {
		f.afterShut.Add(1)
	}
	if f.entered != nil {
		f.entered <- struct{}{}
		<-f.hold
	}
	if f.closed.Load() {
		f.afterShut.Add(1)
	}
	return search.Answer{Question: q, Report: f.report}
}
func (f *fakeEngine) AnswerWith(ctx context.Context, q string, _ *search.Curations) search.Answer {
	return f.Answer(ctx, q)
}
func (f *fakeEngine) CheckCuration(search.Curation) error { return nil }
func (f *fakeEngine) Prepare(*search.Curations)           {}
func (f *fakeEngine) Report() *corpus.Report              { return f.report }
func (f *fakeEngine) Traditional(s string) string         { return s }
func (f *fakeEngine) Indexed() int                        { return 1 }
func (f *fakeEngine) Find(string) (*corpus.Report, bool)  { return f.report, true }
func (f *fakeEngine) Close() error {
	if f.closed.Swap(true) {
		return fmt.Errorf("%s closed twice", f.report.Hash)
	}
	return nil
}

func waitClosed(t *testing.T, f *fakeEngine) {
	t.Helper()
	for start := time.Now(); !f.closed.Load(); time.Sleep(time.Millisecond) {
		if time.Since(start) > patience {
			t.Fatalf("engine %s not closed within %v", f.report.Hash, patience)
		}
	}
}

// TestLiveClosesAReplacedEngineAfterItsAnswers: an answer in flight when
// the engine is replaced finishes on it, and only then is it closed;
// answers begun after the swap go to the new one.
func TestLiveClosesAReplacedEngineAfterItsAnswers(t *testing.T) {
	old, next := newFake("old"), newFake("new")
	old.entered, old.hold = make(chan struct{}), make(chan struct{})
	l := newLive(old, zap.NewNop())
	got := make(chan search.Answer)
	go func() { got <- l.Answer(context.Background(), "q") }()
	<-old.entered
	l.swap(next)
	if a := l.Answer(context.Background(), "q"); a.Report.Hash != "new" {
		t.Errorf("an answer begun after the swap came from %s", a.Report.Hash)
	}
	if l.Report().Hash != "new" {
		t.Errorf("Report after the swap: %s", l.Report().Hash)
	}
	if old.closed.Load() {
		t.Fatal("the replaced engine was closed with an answer in flight on it")
	}
	close(old.hold)
	if a := <-got; a.Report.Hash != "old" {
		t.Errorf("the answer in flight at the swap came from %s", a.Report.Hash)
	}
	waitClosed(t, old)
	if next.closed.Load() {
		t.Error("the current engine was closed")
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	if !next.closed.Load() || old.afterShut.Load() != 0 {
		t.Errorf("after Close: current closed %v, answers on a closed engine %d", next.closed.Load(), old.afterShut.Load())
	}
}

// TestLiveSwapsUnderLoad swaps engines while goroutines answer: no answer
// runs on a closed engine, every engine but the last is closed once, and
// Close waits for them all.
func TestLiveSwapsUnderLoad(t *testing.T) {
	engines := []*fakeEngine{newFake("0")}
	l := newLive(engines[0], zap.NewNop())
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var answered atomic.Int64
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1_000_000 {
				select {
				case <-stop:
					return
				default:
				}
				if a := l.Answer(context.Background(), "q"); a.Report == nil {
					t.Error("an answer without its report")
					return
				}
				l.Traditional("x")
				answered.Add(1)
			}
		}()
	}
	for i := 1; i <= 50; i++ {
		e := newFake(fmt.Sprint(i))
		engines = append(engines, e)
		l.swap(e)
		for n := answered.Load(); answered.Load() < n+5; {
			time.Sleep(10 * time.Microsecond) // let answers run on each engine
		}
	}
	close(stop)
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	for _, e := range engines {
		if !e.closed.Load() || e.afterShut.Load() != 0 {
			t.Errorf("engine %s: closed %v, answers begun or ended after close %d", e.report.Hash, e.closed.Load(), e.afterShut.Load())
		}
	}
}

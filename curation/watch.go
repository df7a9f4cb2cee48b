package curation

import (
	"context"
	"time"

	"go.uber.org/zap"

	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/search"
)

// Watcher keeps an instance's curations those of the database: it polls
// the curation version (one indexed MAX a poll), and when it changes reads
// the curations in force, compiles them on the engine, and publishes the
// new set, which answers begun after take whole. A database that fails a
// poll leaves the set in force as it is.
type Watcher struct {
	Store   *feedback.Store
	Engine  interface{ Prepare(*search.Curations) }
	Poll    time.Duration // DefaultPoll if 0
	Publish func(*search.Curations)
	Log     *zap.Logger

	version int64
	failing bool
}

// DefaultPoll is how often the version is read: a change made on any
// instance answers everywhere within about this long.
const DefaultPoll = time.Second

// Load reads the curations in force now and publishes them if their
// version is not the one published; it reports whether it published.
func (w *Watcher) Load(ctx context.Context) (bool, error) {
	v, err := w.Store.CurationVersion(ctx)
	if err != nil {
		return false, err
	}
	if v == w.version {
		return false, nil
	}
	at, active, err := w.Store.ActiveCurations(ctx)
	if err != nil {
		return false, err
	}
	set, skipped := Set(at, active)
	if len(skipped) > 0 {
		w.log().Warn("curations skipped: this program cannot apply them", zap.Int64s("versions", skipped))
	}
	w.Engine.Prepare(set)
	w.Publish(set)
	w.version = at
	w.log().Info("curations in force", zap.Int64("version", at), zap.Int("curations", set.Len()))
	return true, nil
}

// Run loads the curations every poll until ctx ends.
func (w *Watcher) Run(ctx context.Context) {
	poll := w.Poll
	if poll <= 0 {
		poll = DefaultPoll
	}
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		_, err := w.Load(ctx)
		switch {
		case err != nil && ctx.Err() == nil && !w.failing:
			// Once, not every second while the database is down.
			w.failing = true
			w.log().Warn("curations not read: the ones in force stay", zap.Int64("version", w.version), zap.Error(err))
		case err == nil && w.failing:
			w.failing = false
			w.log().Info("curations read again", zap.Int64("version", w.version))
		}
	}
}

func (w *Watcher) log() *zap.Logger {
	if w.Log == nil {
		return zap.NewNop()
	}
	return w.Log
}

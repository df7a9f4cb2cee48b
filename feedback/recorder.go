package feedback

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"
)

// Recorder writes refusals and ratings to a store without ever making an
// answer wait for the database: records go into a buffer, and one goroutine
// writes them in batches. A database fault costs a logged warning (and, if
// it lasts, the records of the failing batch, counted in Dropped), never a
// reply.
type Recorder struct {
	store     *Store
	log       *zap.Logger
	in        chan any
	flushes   chan chan error
	stop      chan context.Context
	stopped   chan struct{}
	retention time.Duration
	now       func() time.Time

	// closed is set under the write lock by Close; put holds the read lock
	// while it checks and sends, so nothing enters the buffer after Close
	// has begun and everything before it is written or counted.
	gate   sync.RWMutex
	closed bool

	mu      sync.Mutex
	dropped int
}

// RecorderOption configures a Recorder.
type RecorderOption func(*Recorder)

// WithLogger sets where write failures are reported.
func WithLogger(l *zap.Logger) RecorderOption { return func(r *Recorder) { r.log = l } }

// WithRetention deletes rows older than d, at start and every hour.
func WithRetention(d time.Duration) RecorderOption {
	return func(r *Recorder) { r.retention = d }
}

// Buffer sizes: how many records may wait for the database, and how many
// go in one transaction.
const (
	bufferSize = 4096
	batchSize  = 256
	batchDelay = 200 * time.Millisecond
)

// writeAttempts is how often a batch is tried before its records are
// written one by one, so that one bad record costs only itself.
const writeAttempts = 3

// NewRecorder starts a recorder writing to store. Close it to write what
// is buffered.
func NewRecorder(store *Store, opts ...RecorderOption) *Recorder {
	r := &Recorder{
		store:   store,
		log:     zap.NewNop(),
		in:      make(chan any, bufferSize),
		flushes: make(chan chan error),
		stop:    make(chan context.Context),
		stopped: make(chan struct{}),
		now:     time.Now,
	}
	for _, o := range opts {
		o(r)
	}
	go r.run()
	return r
}

// Refusal records a refused question. It never blocks.
func (r *Recorder) Refusal(x Refusal) { r.put(x) }

// Rating records a 👍 or 👎. It never blocks.
func (r *Recorder) Rating(x Rating) { r.put(x) }

func (r *Recorder) put(x any) {
	r.gate.RLock()
	defer r.gate.RUnlock()
	if r.closed {
		r.drop(1, "recorder closed")
		return
	}
	select {
	case r.in <- x:
	default:
		r.drop(1, "buffer full: the database is not keeping up")
	}
}

func (r *Recorder) drop(n int, why string) {
	if n == 0 {
		return
	}
	r.mu.Lock()
	r.dropped += n
	total := r.dropped
	r.mu.Unlock()
	// Log the first drop and then every hundredth, not each one.
	if total == n || total/100 != (total-n)/100 {
		r.log.Warn("feedback records dropped", zap.Int("dropped", n), zap.Int("dropped_total", total), zap.String("why", why))
	}
}

// Dropped is how many records were lost to a full buffer or a failing
// database.
func (r *Recorder) Dropped() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.dropped
}

// ErrNotWritten means records could not be written (yet).
var ErrNotWritten = errors.New("feedback: records not written")

// Flush writes everything recorded before the call. It returns nil only
// once those records are committed; on a database fault they stay
// buffered for the next attempt and Flush says so.
func (r *Recorder) Flush(ctx context.Context) error {
	ack := make(chan error, 1)
	select {
	case r.flushes <- ack:
	case <-r.stopped:
		return fmt.Errorf("%w: the recorder is closed", ErrNotWritten)
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-ack:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops taking records, writes those buffered (retrying until ctx
// ends) and stops the writer. It reports records that could not be
// written. Records made after Close are dropped.
func (r *Recorder) Close(ctx context.Context) error {
	r.gate.Lock()
	already := r.closed
	r.closed = true
	r.gate.Unlock()
	before := r.Dropped()
	if !already {
		select {
		case r.stop <- ctx:
		case <-r.stopped:
		}
	}
	select {
	case <-r.stopped:
	case <-ctx.Done():
		return fmt.Errorf("%w: %v", ErrNotWritten, ctx.Err())
	}
	if lost := r.Dropped() - before; lost > 0 {
		return fmt.Errorf("%w: %d records lost at close", ErrNotWritten, lost)
	}
	return nil
}

func (r *Recorder) run() {
	defer close(r.stopped)
	tick := time.NewTicker(batchDelay)
	defer tick.Stop()
	var sweep <-chan time.Time
	if r.retention > 0 {
		r.sweep()
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		sweep = t.C
	}
	var pending Batch
	failures := 0
	// write tries the pending batch once; after writeAttempts failures it
	// writes the records one by one and drops only those that fail.
	write := func(ctx context.Context) error {
		if pending.len() == 0 {
			return nil
		}
		wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err := r.store.Write(wctx, pending)
		cancel()
		if err == nil {
			pending, failures = Batch{}, 0
			return nil
		}
		failures++
		r.log.Warn("feedback write failed; will retry", zap.Error(err), zap.Int("records", pending.len()), zap.Int("failures", failures))
		if failures >= writeAttempts {
			r.drop(r.writeEach(ctx, pending), "database write failed "+fmt.Sprint(writeAttempts)+" times")
			pending, failures = Batch{}, 0
			return fmt.Errorf("%w: %v", ErrNotWritten, err)
		}
		return fmt.Errorf("%w: %v", ErrNotWritten, err)
	}
	add := func(x any) {
		switch v := x.(type) {
		case Refusal:
			pending.Refusals = append(pending.Refusals, v)
		case Rating:
			pending.Ratings = append(pending.Ratings, v)
		}
		if pending.len() >= batchSize {
			write(context.Background())
		}
	}
	drain := func() {
		for {
			select {
			case x := <-r.in:
				add(x)
			default:
				return
			}
		}
	}
	for {
		select {
		case x := <-r.in:
			add(x)
		case <-tick.C:
			write(context.Background())
		case <-sweep:
			r.sweep()
		case ack := <-r.flushes:
			drain()
			ack <- write(context.Background())
		case ctx := <-r.stop:
			// Close holds the gate shut: what is in the buffer now is all
			// there will be.
			drain()
			for pending.len() > 0 && ctx.Err() == nil {
				if write(ctx) != nil && pending.len() > 0 {
					sleepCtx(ctx, 100*time.Millisecond)
				}
			}
			r.drop(pending.len(), "not written before the recorder closed")
			return
		}
	}
}

// writeEach writes a failed batch's records one at a time and returns how
// many could not be written.
func (r *Recorder) writeEach(ctx context.Context, b Batch) int {
	failed := 0
	one := func(single Batch) {
		wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if err := r.store.Write(wctx, single); err != nil {
			failed++
		}
	}
	for _, x := range b.Refusals {
		one(Batch{Refusals: []Refusal{x}})
	}
	for _, x := range b.Ratings {
		one(Batch{Ratings: []Rating{x}})
	}
	return failed
}

func sleepCtx(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

func (r *Recorder) sweep() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	n, err := r.store.DeleteBefore(ctx, r.now().Add(-r.retention))
	if err != nil {
		r.log.Warn("feedback retention failed", zap.Error(err))
		return
	}
	if n > 0 {
		r.log.Info("feedback rows past retention deleted", zap.Int64("rows", n), zap.Duration("retention", r.retention))
	}
}

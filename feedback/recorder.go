package feedback

import (
	"context"
	"sync"
	"time"

	"go.uber.org/zap"
)

// Recorder writes refusals and ratings to a store without ever making an
// answer wait for the database: records go into a buffer, and one goroutine
// writes them in batches. A database fault costs a logged warning (and, if
// it lasts, the oldest unwritten records), never a reply.
type Recorder struct {
	store     *Store
	log       *zap.Logger
	in        chan any
	flushes   chan chan struct{}
	done      chan struct{}
	closeOnce sync.Once
	retention time.Duration
	now       func() time.Time

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

// NewRecorder starts a recorder writing to store. Close it to write what
// is buffered.
func NewRecorder(store *Store, opts ...RecorderOption) *Recorder {
	r := &Recorder{
		store:   store,
		log:     zap.NewNop(),
		in:      make(chan any, bufferSize),
		flushes: make(chan chan struct{}),
		done:    make(chan struct{}),
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
	select {
	case <-r.done:
		r.drop(1, "recorder closed")
		return
	default:
	}
	select {
	case r.in <- x:
	default:
		r.drop(1, "buffer full: the database is not keeping up")
	}
}

func (r *Recorder) drop(n int, why string) {
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

// Flush waits until everything recorded before the call is written (or
// has failed), or ctx ends.
func (r *Recorder) Flush(ctx context.Context) error {
	ack := make(chan struct{})
	select {
	case r.flushes <- ack:
	case <-r.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-ack:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close writes what is buffered, waiting at most until ctx ends, and stops
// the recorder. Records made after Close are dropped.
func (r *Recorder) Close(ctx context.Context) error {
	err := r.Flush(ctx)
	r.closeOnce.Do(func() { close(r.done) })
	return err
}

func (r *Recorder) run() {
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
	write := func() {
		if pending.len() == 0 {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err := r.store.Write(ctx, pending)
		cancel()
		if err == nil {
			pending, failures = Batch{}, 0
			return
		}
		failures++
		r.log.Warn("feedback write failed; will retry", zap.Error(err), zap.Int("records", pending.len()), zap.Int("failures", failures))
		if failures >= 3 || pending.len() >= bufferSize {
			r.drop(pending.len(), "database write failed three times")
			pending, failures = Batch{}, 0
		}
	}
	add := func(x any) {
		switch v := x.(type) {
		case Refusal:
			pending.Refusals = append(pending.Refusals, v)
		case Rating:
			pending.Ratings = append(pending.Ratings, v)
		}
		if pending.len() >= batchSize {
			write()
		}
	}
	for {
		select {
		case x := <-r.in:
			add(x)
		case <-tick.C:
			write()
		case <-sweep:
			r.sweep()
		case ack := <-r.flushes:
			// Take everything already buffered, then write it.
			for drained := false; !drained; {
				select {
				case x := <-r.in:
					add(x)
				default:
					drained = true
				}
			}
			write()
			close(ack)
		case <-r.done:
			return
		}
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

package feedback

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"
)

// Recorder writes refusals and ratings to a store with group commit: one
// goroutine commits, in one transaction, whatever was queued while its
// previous commit ran, and tells each record's caller once its transaction
// has committed. There is no fixed wait: an idle writer commits a lone
// record at once, and a busy one takes everything that queued meanwhile,
// so the batches grow with the load and the window in which a record is
// acknowledged but not yet durable is gone.
//
// Queuing never blocks: a caller decides how long to wait for the commit
// (Pending.Wait), so a database fault costs a logged warning and a bounded
// wait, never a reply.
type Recorder struct {
	store   *Store
	log     *zap.Logger
	in      chan item
	quit    chan struct{} // closed by Close
	stopped chan struct{}
	// ctx is the writer's: Close cancels it once its own context ends, so
	// that a write stuck on a locked or unreachable database gives up.
	ctx       context.Context
	cancel    context.CancelFunc
	retention time.Duration
	now       func() time.Time

	// closed is set under the write lock by Close; put holds the read lock
	// while it checks and sends, so nothing enters the queue after Close
	// has begun and everything before it is written or counted.
	gate   sync.RWMutex
	closed bool

	mu      sync.Mutex
	dropped int
}

// item is one queued record: a Refusal, a Rating, an Answered, or nil for a Flush,
// which only waits for the records queued before it.
type item struct {
	x   any
	res *result
}

// result is a record's fate, told once: err is set before done closes.
type result struct {
	done chan struct{}
	err  error
}

func newResult() *result { return &result{done: make(chan struct{})} }

func (r *result) settle(err error) {
	r.err = err
	close(r.done)
}

// Pending is a queued record on its way to the database. The zero Pending
// has nothing to wait for (no recorder is configured).
type Pending struct {
	res *result
	err error // the record was never queued
}

// Wait returns nil once the record is committed. It returns ErrNotWritten
// if the record was dropped (the queue was full, the recorder closed, or
// the database refused it), or, wrapping ctx's error, if ctx ended first:
// the record then stays queued and may still be written. Wait may be
// called any number of times.
func (p Pending) Wait(ctx context.Context) error {
	if p.err != nil {
		return p.err
	}
	if p.res == nil {
		return nil
	}
	select {
	case <-p.res.done:
		return p.res.err
	case <-ctx.Done():
		return fmt.Errorf("%w: not committed yet: %w", ErrNotWritten, ctx.Err())
	}
}

// RecorderOption configures a Recorder.
type RecorderOption func(*Recorder)

// WithLogger sets where write failures are reported.
func WithLogger(l *zap.Logger) RecorderOption { return func(r *Recorder) { r.log = l } }

// WithRetention deletes rows older than d, at start and every hour.
func WithRetention(d time.Duration) RecorderOption {
	return func(r *Recorder) { r.retention = d }
}

// Queue sizes: how many records may wait for the database, and how many
// go in one transaction at most.
const (
	bufferSize = 4096
	batchSize  = 256
)

// writeAttempts is how often a batch is tried before its records are
// written one by one, so that one bad record costs only itself.
const writeAttempts = 3

// Time limits on the database: one attempt at a batch, the pause after a
// failed one (times the attempt's number), and the whole of writing a
// failed batch's records one by one.
const (
	writeTimeout = 10 * time.Second
	retryPause   = 100 * time.Millisecond
	eachTimeout  = 10 * time.Second
)

// NewRecorder starts a recorder writing to store. Close it to write what
// is queued.
func NewRecorder(store *Store, opts ...RecorderOption) *Recorder {
	r := &Recorder{
		store:   store,
		log:     zap.NewNop(),
		in:      make(chan item, bufferSize),
		quit:    make(chan struct{}),
		stopped: make(chan struct{}),
		now:     time.Now,
	}
	r.ctx, r.cancel = context.WithCancel(context.Background())
	for _, o := range opts {
		o(r)
	}
	go r.run()
	return r
}

// Refusal queues a refused question without blocking; Wait on the result
// to know it is committed.
func (r *Recorder) Refusal(x Refusal) Pending { return r.put(x) }

// Answer queues an answered question without blocking; Wait on the
// result to know it is committed.
func (r *Recorder) Answer(x Answered) Pending { return r.put(x) }

// Rating queues a 👍 or 👎 without blocking; Wait on the result to know it
// is committed.
func (r *Recorder) Rating(x Rating) Pending { return r.put(x) }

func (r *Recorder) put(x any) Pending {
	r.gate.RLock()
	defer r.gate.RUnlock()
	if r.closed {
		return Pending{err: r.drop(1, "recorder closed")}
	}
	it := item{x: x, res: newResult()}
	select {
	case r.in <- it:
		return Pending{res: it.res}
	default:
		return Pending{err: r.drop(1, "queue full: the database is not keeping up")}
	}
}

// drop counts n lost records and returns the error their callers get.
func (r *Recorder) drop(n int, why string) error {
	err := fmt.Errorf("%w: %s", ErrNotWritten, why)
	if n == 0 {
		return err
	}
	r.mu.Lock()
	r.dropped += n
	total := r.dropped
	r.mu.Unlock()
	// Log the first drop and then every hundredth, not each one.
	if total == n || total/100 != (total-n)/100 {
		r.log.Warn("feedback records dropped", zap.Int("dropped", n), zap.Int("dropped_total", total), zap.String("why", why))
	}
	return err
}

// Dropped is how many records were lost to a full queue or a failing
// database.
func (r *Recorder) Dropped() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.dropped
}

// ErrNotWritten means records could not be written (yet).
var ErrNotWritten = errors.New("feedback: records not written")

// Flush waits until everything queued before the call is committed. It
// returns nil only if none of it was dropped meanwhile.
func (r *Recorder) Flush(ctx context.Context) error {
	before := r.Dropped()
	it := item{res: newResult()}
	// A Flush may wait for room in the queue, unlike a record: it is a
	// caller asking to wait.
	select {
	case r.in <- it:
	case <-r.stopped:
		return fmt.Errorf("%w: the recorder is closed", ErrNotWritten)
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", ErrNotWritten, ctx.Err())
	}
	select {
	case <-it.res.done:
	case <-r.stopped:
		// Closed with the marker still queued: Close has written or
		// counted everything before it.
		select {
		case <-it.res.done:
		default:
			return fmt.Errorf("%w: the recorder is closed", ErrNotWritten)
		}
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", ErrNotWritten, ctx.Err())
	}
	if it.res.err != nil {
		return it.res.err
	}
	if lost := r.Dropped() - before; lost > 0 {
		return fmt.Errorf("%w: %d records dropped", ErrNotWritten, lost)
	}
	return nil
}

// Close stops taking records, writes those queued (retrying until ctx
// ends) and stops the writer. It reports records that could not be
// written. Records made after Close are dropped.
func (r *Recorder) Close(ctx context.Context) error {
	before := r.Dropped()
	r.gate.Lock()
	if !r.closed {
		r.closed = true
		close(r.quit)
		// Past ctx, the writes in progress and those queued give up.
		context.AfterFunc(ctx, r.cancel)
	}
	r.gate.Unlock()
	select {
	case <-r.stopped:
	case <-ctx.Done():
		return fmt.Errorf("%w: %w", ErrNotWritten, ctx.Err())
	}
	if lost := r.Dropped() - before; lost > 0 {
		return fmt.Errorf("%w: %d records lost at close", ErrNotWritten, lost)
	}
	return nil
}

func (r *Recorder) run() {
	defer close(r.stopped)
	defer r.cancel()
	var sweep <-chan time.Time
	if r.retention > 0 {
		r.sweep()
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		sweep = t.C
	}
	batch := make([]item, 0, batchSize)
	for {
		select {
		case it := <-r.in:
			batch = append(batch[:0], it)
		case <-sweep:
			r.sweep()
			continue
		case <-r.quit:
			r.finish(r.ctx)
			return
		}
		// Group commit: everything that queued while the last commit ran
		// goes in this one, up to batchSize.
	gather:
		for len(batch) < batchSize {
			select {
			case it := <-r.in:
				batch = append(batch, it)
			default:
				break gather
			}
		}
		r.commit(r.ctx, batch)
		clear(batch) // let the records go before the next one arrives
	}
}

// finish writes what is queued once Close has shut the gate: what is in
// the queue now is all there will be.
func (r *Recorder) finish(ctx context.Context) {
	for {
		batch := make([]item, 0, batchSize)
	drain:
		for len(batch) < batchSize {
			select {
			case it := <-r.in:
				batch = append(batch, it)
			default:
				break drain
			}
		}
		if len(batch) == 0 {
			return
		}
		r.commit(ctx, batch)
	}
}

// commit writes batch in one transaction and settles every record in it.
// A failed transaction is tried writeAttempts times; then its records are
// written one by one and only those that fail are dropped.
func (r *Recorder) commit(ctx context.Context, batch []item) {
	var b Batch
	for _, it := range batch {
		switch v := it.x.(type) {
		case Refusal:
			b.Refusals = append(b.Refusals, v)
		case Rating:
			b.Ratings = append(b.Ratings, v)
		case Answered:
			b.Answered = append(b.Answered, v)
		}
	}
	err := r.write(ctx, b)
	switch {
	case err == nil:
		for _, it := range batch {
			it.res.settle(nil)
		}
	case ctx.Err() != nil:
		dropped := r.drop(b.len(), fmt.Sprintf("not written before the recorder closed: %v", err))
		for _, it := range batch {
			it.res.settle(dropped)
		}
	default:
		r.writeEach(ctx, batch, err)
	}
}

// write tries b up to writeAttempts times, pausing longer after each
// failure.
func (r *Recorder) write(ctx context.Context, b Batch) error {
	if b.len() == 0 {
		return nil
	}
	var err error
	for attempt := 1; ; attempt++ {
		wctx, cancel := context.WithTimeout(ctx, writeTimeout)
		err = r.store.Write(wctx, b)
		cancel()
		if err == nil {
			return nil
		}
		r.log.Warn("feedback write failed", zap.Error(err), zap.Int("records", b.len()), zap.Int("attempt", attempt))
		if attempt == writeAttempts {
			return err
		}
		sleepCtx(ctx, time.Duration(attempt)*retryPause)
		if ctx.Err() != nil {
			return err
		}
	}
}

// writeEach writes a failed batch's records one at a time, so that one bad
// record costs only itself, and settles each.
func (r *Recorder) writeEach(ctx context.Context, batch []item, cause error) {
	ctx, cancel := context.WithTimeout(ctx, eachTimeout)
	defer cancel()
	why := fmt.Sprintf("database write failed %d times: %v", writeAttempts, cause)
	failed := 0
	for _, it := range batch {
		var single Batch
		switch v := it.x.(type) {
		case Refusal:
			single.Refusals = []Refusal{v}
		case Rating:
			single.Ratings = []Rating{v}
		case Answered:
			single.Answered = []Answered{v}
		}
		var err error
		if single.len() > 0 {
			err = r.store.Write(ctx, single)
		}
		if err != nil {
			failed++
			it.res.settle(fmt.Errorf("%w: %s", ErrNotWritten, why))
			continue
		}
		if single.len() == 0 && failed > 0 {
			// A Flush behind records that were dropped.
			it.res.settle(fmt.Errorf("%w: %s", ErrNotWritten, why))
			continue
		}
		it.res.settle(nil)
	}
	r.drop(failed, why)
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

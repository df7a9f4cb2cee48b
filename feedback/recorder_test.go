package feedback_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/liwanbot/liwanbot/feedback"
)

// A U+0000 in any text field would be stored by SQLite but refused by
// PostgreSQL, taking the whole batch with it: both must take it alike.
func TestNULIsStoredAlikeByBothDatabases(t *testing.T) {
	stores(t, func(t *testing.T, open func() *feedback.Store) {
		s := open()
		err := s.Write(context.Background(), feedback.Batch{Refusals: []feedback.Refusal{
			{At: time.Now(), Question: "good", Lang: "en", Channel: "api", Outcome: "refused"},
			{At: time.Now(), Question: "a\x00b", Lang: "en", Channel: "api", Outcome: "refused"},
		}})
		if err != nil {
			t.Errorf("batch with a NUL in one question refused: %v", err)
		}
	})
}

// A database locked by another writer at Close: Close must say the record
// was not written, not report success.
func TestCloseReportsWhatItCouldNotWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	s, err := feedback.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	lock, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	conn, _ := lock.Conn(context.Background())
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	r := feedback.NewRecorder(s)
	r.Refusal(feedback.Refusal{At: time.Now(), Question: "q", Lang: "en", Channel: "api", Outcome: "refused"})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	cerr := r.Close(ctx) // the write waits on the lock past ctx
	var n int
	if err := lock.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM refusals").Scan(&n); err != nil {
		t.Fatal(err)
	}
	conn.ExecContext(context.Background(), "ROLLBACK")
	conn.Close()
	t.Logf("Close: %v, rows when Close returned: %d, dropped: %d", cerr, n, r.Dropped())
	if n == 0 && !errors.Is(cerr, feedback.ErrNotWritten) {
		t.Errorf("Close returned %v with the record unwritten", cerr)
	}
	// Once the lock is gone the writer finishes; wait for it before the
	// store closes under it.
	r.Close(context.Background())
	s.Close()
}

// lockSQLite holds the write lock of the SQLite file at path, as another
// writer would, until the returned release is called.
func lockSQLite(t *testing.T, path string) (release func()) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	return func() {
		conn.ExecContext(context.Background(), "ROLLBACK")
		conn.Close()
		db.Close()
	}
}

// A Pending tells its record's fate: nil only once the record is
// committed (so that a crash after it loses nothing), ErrNotWritten when
// it is dropped, and ErrNotWritten with ctx's error when the wait ends
// first, the record still queued.
func TestPendingTellsTheRecordsFate(t *testing.T) {
	refusal := feedback.Refusal{At: time.Now(), Question: "q", Lang: "en", Channel: "api", Outcome: "refused"}
	for _, tc := range []struct {
		name string
		// setup breaks the store or recorder as the case needs; it
		// returns what to do once the first Wait has returned.
		setup     func(t *testing.T, s *feedback.Store, path string, r *feedback.Recorder) (after func())
		ctxErr    error // the first Wait's context ends with this (nil: no limit)
		want      []error
		committed int // rows in the database once the recorder is closed
	}{
		{name: "committed", want: nil, committed: 1},
		{
			name: "database closed",
			setup: func(t *testing.T, s *feedback.Store, _ string, _ *feedback.Recorder) func() {
				s.Close()
				return nil
			},
			want: []error{feedback.ErrNotWritten},
		},
		{
			name: "recorder closed",
			setup: func(t *testing.T, _ *feedback.Store, _ string, r *feedback.Recorder) func() {
				r.Close(context.Background())
				return nil
			},
			want: []error{feedback.ErrNotWritten},
		},
		{
			name: "database locked past the wait, written later",
			setup: func(t *testing.T, _ *feedback.Store, path string, _ *feedback.Recorder) func() {
				return lockSQLite(t, path)
			},
			ctxErr:    context.DeadlineExceeded,
			want:      []error{feedback.ErrNotWritten, context.DeadlineExceeded},
			committed: 1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.db")
			s, err := feedback.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			r := feedback.NewRecorder(s)
			var after func()
			if tc.setup != nil {
				after = tc.setup(t, s, path, r)
			}
			ctx := context.Background()
			if tc.ctxErr != nil {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, 200*time.Millisecond)
				defer cancel()
			}
			p := r.Refusal(refusal)
			err = p.Wait(ctx)
			if tc.want == nil && err != nil {
				t.Errorf("Wait: %v, want nil", err)
			}
			for _, want := range tc.want {
				if !errors.Is(err, want) {
					t.Errorf("Wait: %v, want %v", err, want)
				}
			}
			if after != nil {
				after()
			}
			if tc.committed > 0 {
				// The record was queued all along: it is written once the
				// database lets it, and Wait says so.
				if err := p.Wait(context.Background()); err != nil {
					t.Errorf("second Wait: %v", err)
				}
			}
			r.Close(context.Background())
			if tc.name == "database closed" {
				return
			}
			refusals, _, err := s.Counts(context.Background())
			if err != nil || refusals != tc.committed {
				t.Errorf("%d refusals in the database (%v), want %d", refusals, err, tc.committed)
			}
			s.Close()
		})
	}
	if err := (feedback.Pending{}).Wait(context.Background()); err != nil {
		t.Errorf("the zero Pending: %v", err)
	}
}

// Queuing never blocks: with the writer stuck on a locked database, a
// record beyond the queue's room is refused at once, and counted.
func TestFullQueueRefusesAtOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.db")
	s, err := feedback.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	release := lockSQLite(t, path)
	r := feedback.NewRecorder(s)
	// The queue holds 4096 and the stuck writer at most one batch of 256.
	const n = 4096 + 256 + 10
	refused := 0
	for i := 0; i < n; i++ {
		p := r.Refusal(feedback.Refusal{At: time.Now(), Question: strconv.Itoa(i), Lang: "en", Channel: "api", Outcome: "refused"})
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // only a record refused outright fails without context.Canceled
		if err := p.Wait(ctx); errors.Is(err, feedback.ErrNotWritten) && !errors.Is(err, context.Canceled) {
			refused++
		}
	}
	release()
	if refused < 10 {
		t.Errorf("%d of %d records refused with the queue full, want at least 10", refused, n)
	}
	// What was queued is written once the lock is gone.
	if err := r.Close(context.Background()); err != nil {
		t.Errorf("Close: %v", err)
	}
	refusals, _, err := s.Counts(context.Background())
	if err != nil || refusals != n-refused || r.Dropped() != refused {
		t.Errorf("%d refusals written, %d dropped, %d refused (%v); %d recorded", refusals, r.Dropped(), refused, err, n)
	}
}

// Many callers at once: every Wait returns nil, and every record is there.
func TestConcurrentRecordsAllCommit(t *testing.T) {
	stores(t, func(t *testing.T, open func() *feedback.Store) {
		s := open()
		r := feedback.NewRecorder(s)
		const callers, each = 32, 20
		errs := make(chan error, callers*each)
		var wg sync.WaitGroup
		for c := 0; c < callers; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < each; i++ {
					var p feedback.Pending
					if i%2 == 0 {
						p = r.Rating(feedback.Rating{At: time.Now(), Rating: 1, Sentence: "p1.s1", Channel: "api"})
					} else {
						p = r.Refusal(feedback.Refusal{At: time.Now(), Question: "q", Lang: "en", Channel: "api", Outcome: "refused"})
					}
					errs <- p.Wait(context.Background())
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("Wait: %v", err)
			}
		}
		refusals, ratings, err := s.Counts(context.Background())
		if err != nil || refusals != callers*each/2 || ratings != callers*each/2 {
			t.Errorf("%d refusals and %d ratings committed (%v), want %d each", refusals, ratings, err, callers*each/2)
		}
		r.Close(context.Background())
	})
}

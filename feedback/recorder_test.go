package feedback_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
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

package feedback_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/internal/pgtest"
	"github.com/liwanbot/liwanbot/internal/skipnote"
)

// postgresSkips are the PostgreSQL variants skipped without a server; go
// test says so in one line even without -v (printed from TestMain, a
// passing package's output would be shown only with -v).
var postgresSkips = &skipnote.Group{
	Pkg:   "feedback",
	What:  "PostgreSQL tests",
	HowTo: "run .ci/run (as root), or set " + pgtest.Env + " to a server's URL (postgres://user@127.0.0.1:5432/db), to run them",
}

func TestMain(m *testing.M) {
	if os.Getenv(crashWriterEnv) != "" {
		crashWriter()
		return
	}
	os.Exit(skipnote.Main(m, postgresSkips))
}

// stores runs fn against a fresh SQLite file and, when a server is
// available, a fresh PostgreSQL schema.
func stores(t *testing.T, fn func(t *testing.T, open func() *feedback.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "feedback.db")
		fn(t, func() *feedback.Store { return mustOpen(t, path) })
	})
	t.Run("postgres", func(t *testing.T) {
		addr := postgresSchema(t)
		fn(t, func() *feedback.Store { return mustOpen(t, addr) })
	})
}

func mustOpen(t *testing.T, addr string) *feedback.Store {
	t.Helper()
	s, err := feedback.Open(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// postgresSchema creates a schema of its own for one test and returns the
// address that uses it.
func postgresSchema(t *testing.T) string {
	t.Helper()
	return pgtest.Schema(t, postgresSkips, "t_")
}

func TestWriteAndSummarize(t *testing.T) {
	stores(t, func(t *testing.T, open func() *feedback.Store) {
		s := open()
		ctx := context.Background()
		now := time.Now()
		old := now.Add(-40 * 24 * time.Hour)
		refusal := func(q string, at time.Time) feedback.Refusal {
			return feedback.Refusal{At: at, Question: q, Lang: "zh-Hans", Channel: "telegram", Outcome: "refused", Topics: []string{"打造荔湾教育品牌"}, Resident: "ab12", Report: "h1"}
		}
		rating := func(r int, sentence string) feedback.Rating {
			return feedback.Rating{At: now, Rating: r, Sentence: sentence, Figure: "6500", Report: "h1", Channel: "telegram", Resident: "ab12"}
		}
		b := feedback.Batch{
			Refusals: []feedback.Refusal{refusal("地铁几时通", now), refusal("地铁几时通", now), refusal("地铁几时通", now.Add(-time.Hour)),
				refusal("公园几点关门", now), refusal("很久以前的问题", old), refusal("很久以前的问题", old)},
			Ratings: []feedback.Rating{rating(-1, "p31.s4"), rating(-1, "p31.s4"), rating(1, "p31.s4"), rating(1, "p16.s4"), rating(-1, "p5.s2")},
		}
		if err := s.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
		sum, err := s.Summarize(ctx, now.Add(-7*24*time.Hour), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(sum.Refused) != 2 || sum.Refused[0].Question != "地铁几时通" || sum.Refused[0].Count != 3 || sum.Refused[1].Count != 1 {
			t.Fatalf("refused %+v", sum.Refused)
		}
		if got := sum.Refused[0]; got.Lang != "zh-Hans" || got.Channel != "telegram" || len(got.Topics) != 1 || got.Last.Before(got.First) {
			t.Errorf("refused details %+v", got)
		}
		if len(sum.Disliked) != 2 || sum.Disliked[0].Sentence != "p31.s4" || sum.Disliked[0].Down != 2 || sum.Disliked[0].Up != 1 {
			t.Errorf("disliked %+v", sum.Disliked)
		}
		for _, d := range sum.Disliked {
			if d.Sentence == "p16.s4" {
				t.Error("an answer with only 👍 is listed as disliked")
			}
		}
		if err := s.Write(ctx, feedback.Batch{Ratings: []feedback.Rating{rating(5, "p1.s1")}}); err == nil {
			t.Error("a rating of 5 was stored")
		}
	})
}

func TestRetention(t *testing.T) {
	stores(t, func(t *testing.T, open func() *feedback.Store) {
		s := open()
		ctx := context.Background()
		now := time.Now()
		var b feedback.Batch
		for i, age := range []time.Duration{time.Hour, 10 * 24 * time.Hour, 100 * 24 * time.Hour} {
			b.Refusals = append(b.Refusals, feedback.Refusal{At: now.Add(-age), Question: strconv.Itoa(i), Lang: "en", Channel: "api", Outcome: "refused"})
			b.Ratings = append(b.Ratings, feedback.Rating{At: now.Add(-age), Rating: 1, Sentence: "p1.s1", Channel: "telegram"})
		}
		if err := s.Write(ctx, b); err != nil {
			t.Fatal(err)
		}
		n, err := s.DeleteBefore(ctx, now.Add(-30*24*time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("deleted %d rows (%v), want 2", n, err)
		}
		refusals, ratings, err := s.Counts(ctx)
		if err != nil || refusals != 2 || ratings != 2 {
			t.Errorf("%d refusals and %d ratings left (%v), want 2 and 2", refusals, ratings, err)
		}
	})
}

func TestMigrationsRunOnce(t *testing.T) {
	stores(t, func(t *testing.T, open func() *feedback.Store) {
		s := open()
		ctx := context.Background()
		if err := s.Write(ctx, feedback.Batch{Refusals: []feedback.Refusal{{At: time.Now(), Question: "x", Lang: "en", Channel: "api", Outcome: "refused"}}}); err != nil {
			t.Fatal(err)
		}
		again := open() // migrates an existing database: nothing lost
		if n, _, err := again.Counts(ctx); err != nil || n != 1 {
			t.Errorf("after reopening: %d refusals, %v", n, err)
		}
	})
}

func TestOpenRefusesOtherDatabases(t *testing.T) {
	for _, addr := range []string{"", "mysql://u:secretpw@host/db"} {
		_, err := feedback.Open(context.Background(), addr)
		if !errors.Is(err, feedback.ErrUnsupported) {
			t.Errorf("Open(%q): %v", addr, err)
		}
		if err != nil && strings.Contains(err.Error(), "secretpw") {
			t.Errorf("the password is in %q", err)
		}
	}
	_, err := feedback.Open(context.Background(), "postgres://liwanbot:secretpw@127.0.0.1:1/none?connect_timeout=2")
	if err == nil || strings.Contains(err.Error(), "secretpw") {
		t.Errorf("Open with nothing listening: %v", err)
	}
}

func TestRecorderWritesInBatches(t *testing.T) {
	stores(t, func(t *testing.T, open func() *feedback.Store) {
		s := open()
		r := feedback.NewRecorder(s)
		for i := 0; i < 1000; i++ {
			r.Refusal(feedback.Refusal{At: time.Now(), Question: strconv.Itoa(i % 7), Lang: "en", Channel: "api", Outcome: "refused"})
			if i%10 == 0 {
				r.Rating(feedback.Rating{At: time.Now(), Rating: -1, Sentence: "p1.s1", Channel: "telegram"})
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := r.Close(ctx); err != nil {
			t.Fatal(err)
		}
		refusals, ratings, err := s.Counts(ctx)
		if err != nil || refusals != 1000 || ratings != 100 || r.Dropped() != 0 {
			t.Errorf("%d refusals, %d ratings, %d dropped (%v)", refusals, ratings, r.Dropped(), err)
		}
	})
}

// TestRecorderSurvivesAFailingDatabase closes the database under a
// recorder: recording must go on returning at once, and the loss must be
// counted, not hidden.
func TestRecorderSurvivesAFailingDatabase(t *testing.T) {
	s, err := feedback.Open(context.Background(), filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	r := feedback.NewRecorder(s)
	const n = 3 * 4096
	for i := 0; i < n; i++ {
		r.Refusal(feedback.Refusal{At: time.Now(), Question: "x"})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for r.Dropped() < n && ctx.Err() == nil {
		r.Flush(ctx)
	}
	r.Close(ctx)
	if r.Dropped() != n {
		t.Errorf("%d of %d records counted as dropped", r.Dropped(), n)
	}
}

// The crash test: a child process records through a Recorder, printing
// "acked N" after each Flush returns; the parent kills it with SIGKILL in
// the middle of writing and checks that every acknowledged record is in
// the database.
const crashWriterEnv = "LIWANBOT_CRASH_WRITER_DB"

func crashWriter() {
	s, err := feedback.Open(context.Background(), os.Getenv(crashWriterEnv))
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	r := feedback.NewRecorder(s)
	w := bufio.NewWriter(os.Stdout)
	for batch := 0; ; batch++ {
		for i := 0; i < 20; i++ {
			r.Refusal(feedback.Refusal{At: time.Now(), Question: fmt.Sprintf("b%d-q%d", batch, i), Lang: "zh-Hans", Channel: "telegram", Outcome: "refused"})
		}
		if err := r.Flush(context.Background()); err != nil {
			os.Exit(1)
		}
		fmt.Fprintf(w, "acked %d\n", batch)
		w.Flush()
	}
}

func TestCrashKeepsAcknowledgedRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashWriterEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	acked := -1
	sc := bufio.NewScanner(out)
	deadline := time.AfterFunc(60*time.Second, func() { cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		var n int
		if _, err := fmt.Sscanf(sc.Text(), "acked %d", &n); err != nil {
			t.Fatalf("writer said %q", sc.Text())
		}
		acked = n
		if acked == 20 {
			cmd.Process.Kill() // SIGKILL: no deferred code, no flush
			break
		}
	}
	cmd.Wait()
	if acked < 20 {
		t.Fatalf("the writer acknowledged only %d batches before it stopped", acked+1)
	}
	s := mustOpen(t, path)
	ctx := context.Background()
	sum, err := s.Summarize(ctx, time.Time{}, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, q := range sum.Refused {
		have[q.Question] = true
	}
	for b := 0; b <= acked; b++ {
		for i := 0; i < 20; i++ {
			if q := fmt.Sprintf("b%d-q%d", b, i); !have[q] {
				t.Fatalf("acknowledged record %s is missing after the crash", q)
			}
		}
	}
	t.Logf("killed after %d acknowledged batches; the database holds %d records", acked+1, len(have))
}

func TestClaims(t *testing.T) {
	stores(t, func(t *testing.T, open func() *feedback.Store) {
		ctx := context.Background()
		a, b := open().Claims(time.Minute), open().Claims(time.Minute) // two instances, one database
		steps := []struct {
			name string
			do   func() (feedback.ClaimState, error)
			want feedback.ClaimState
		}{
			{"first delivery", func() (feedback.ClaimState, error) { return a.Claim(ctx, 7) }, feedback.Won},
			{"redelivery to another instance meanwhile", func() (feedback.ClaimState, error) { return b.Claim(ctx, 7) }, feedback.Busy},
			{"after it is answered", func() (feedback.ClaimState, error) { a.Done(ctx, 7); return b.Claim(ctx, 7) }, feedback.Done},
			{"another update", func() (feedback.ClaimState, error) { return b.Claim(ctx, 8) }, feedback.Won},
			{"after a release", func() (feedback.ClaimState, error) { b.Release(ctx, 8); return a.Claim(ctx, 8) }, feedback.Won},
			{"a done update is not released", func() (feedback.ClaimState, error) { a.Release(ctx, 7); return a.Claim(ctx, 7) }, feedback.Done},
		}
		for _, s := range steps {
			got, err := s.do()
			if err != nil || got != s.want {
				t.Fatalf("%s: %v, %v; want %v", s.name, got, err, s.want)
			}
		}
		// A claim whose instance died lapses after the lease.
		short := open().Claims(time.Millisecond)
		if st, _ := short.Claim(ctx, 9); st != feedback.Won {
			t.Fatal("claim 9")
		}
		time.Sleep(5 * time.Millisecond)
		if st, err := short.Claim(ctx, 9); st != feedback.Won || err != nil {
			t.Errorf("a lapsed claim was not taken over: %v %v", st, err)
		}
	})
}

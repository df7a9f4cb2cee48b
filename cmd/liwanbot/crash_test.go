package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/internal/pgtest"
)

// TestCrashKeepsAcknowledgedFeedback is issue 13's crash test: a real
// `liwanbot serve` process gets n ratings (answered 202) and n refused
// questions (answered 200) from several goroutines, and is sent SIGKILL by
// whichever goroutine receives the last acknowledgement, straight after it.
// Every acknowledged record must then be in the database: an
// acknowledgement means "committed", not "queued".
func TestCrashKeepsAcknowledgedFeedback(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it 40 times; skipped with -short")
	}
	bin := buildBinary(t)
	const (
		reps    = 20
		n       = 25 // ratings, and as many refusals, per run
		clients = 8
	)
	dbs := []struct {
		name string
		addr func(t *testing.T, rep int) string
	}{
		{"sqlite", func(t *testing.T, rep int) string {
			// #, ? and % are avoided: issue 13 point 5 is about them.
			return filepath.Join(t.TempDir(), fmt.Sprintf("crash-%d.db", rep))
		}},
		{"postgres", crashPostgresSchema},
	}
	for _, db := range dbs {
		t.Run(db.name, func(t *testing.T) {
			var gaps []time.Duration
			lostRecords := 0
			for rep := 0; rep < reps; rep++ {
				addr := db.addr(t, rep)
				gap, refusals, ratings := crashOnce(t, bin, addr, n, clients)
				gaps = append(gaps, gap)
				if refusals != n || ratings != n {
					lostRecords += 2*n - refusals - ratings
					t.Errorf("run %d: %d of %d acknowledged refusals and %d of %d acknowledged ratings in the database after SIGKILL", rep+1, refusals, n, ratings, n)
				}
			}
			// The gap is logged, not asserted: on a busy machine the
			// scheduler, not the code, decides the slowest one.
			slices.Sort(gaps)
			over := len(gaps) - sort.Search(len(gaps), func(i int) bool { return gaps[i] > time.Millisecond })
			t.Logf("%d runs of %d ratings + %d refusals from %d clients; SIGKILL after the last acknowledgement: median %v, max %v, %d runs over 1 ms; %d acknowledged records lost",
				reps, n, n, clients, gaps[len(gaps)/2], gaps[len(gaps)-1], over, lostRecords)
		})
	}
}

// buildBinary builds liwanbot for the crash test: it must be a process of
// its own to be killed.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "liwanbot")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashOnce starts serve on a fresh database at addr, sends n ratings and n
// refusals, kills the process right after the last acknowledgement and
// counts what the database holds. gap is the time from that
// acknowledgement to the kill.
func crashOnce(t *testing.T, bin, addr string, n, clients int) (gap time.Duration, refusals, ratings int) {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--no-telegram", "--http", "127.0.0.1:0", "--db", addr,
		"--log-format", "json", "--state-file", "off")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
		}
		cmd.Wait()
	}()
	guard := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() }) // only a hung run gets here
	defer guard.Stop()

	// Read the log until the server listens, then keep draining it so that
	// the child never blocks on a full pipe.
	listening := make(chan string, 1)
	var logTail strings.Builder
	var logMu sync.Mutex
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			logMu.Lock()
			if logTail.Len() < 64<<10 {
				logTail.WriteString(line + "\n")
			}
			logMu.Unlock()
			if a := listenAddr(line); a != "" {
				listening <- a
			}
		}
		close(listening)
	}()
	base, ok := <-listening
	if !ok {
		cmd.Wait()
		logMu.Lock()
		defer logMu.Unlock()
		t.Fatalf("serve stopped before listening:\n%s", logTail.String())
	}
	base = "http://" + base

	type job struct {
		rating bool
		i      int
	}
	jobs := make(chan job, 2*n)
	for i := 0; i < n; i++ {
		jobs <- job{rating: true, i: i}
		jobs <- job{rating: false, i: i}
	}
	close(jobs)
	client := &http.Client{Timeout: 30 * time.Second}
	var acked atomic.Int64
	var gapNS atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				var req *http.Request
				if j.rating {
					body := `{"sentence":"p31.s4","figure":"6500","rating":-1}`
					req, _ = http.NewRequest(http.MethodPost, base+"/api/feedback", strings.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
				} else {
					// Mars is not in Liwan's report: refused, and so recorded.
					req, _ = http.NewRequest(http.MethodGet, base+"/api/ask?q="+url.QueryEscape(fmt.Sprintf("火星上有多少个海滩%d?", j.i)), nil)
				}
				resp, err := client.Do(req)
				if err != nil {
					errs <- err
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil {
					errs <- err
					return
				}
				at := time.Now()
				if acked.Add(1) == int64(2*n) {
					// The last acknowledgement: kill at once, no pause.
					cmd.Process.Kill()
					gapNS.Store(int64(time.Since(at)))
				}
				want := http.StatusOK
				if j.rating {
					want = http.StatusAccepted
				}
				if resp.StatusCode != want {
					errs <- fmt.Errorf("%s: %s %s", req.URL.Path, resp.Status, body)
					continue
				}
				if !j.rating {
					var a struct{ Outcome string }
					if err := json.Unmarshal(body, &a); err != nil || (a.Outcome != "refused" && a.Outcome != "scope") {
						errs <- fmt.Errorf("question %d was not refused (%v): %s", j.i, err, body)
					}
				}
			}
		}()
	}
	wg.Wait()
	killed = true
	cmd.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("request failed: %v", err)
	}

	s, err := feedback.Open(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r, g, err := s.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return time.Duration(gapNS.Load()), r, g
}

// crashPostgresSchema makes a fresh schema for one run and returns the
// address that uses it.
func crashPostgresSchema(t *testing.T, _ int) string {
	t.Helper()
	return pgtest.Schema(t, postgresSkips, "crash_")
}

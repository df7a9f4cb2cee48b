package console_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/liwanbot/liwanbot/console"
	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/search"
)

// generous bounds a wait that only a broken run reaches.
const generous = 20 * time.Second

// A request without the token is refused on its headers: its body is never
// read. Before, a slow body of a few kilobytes was read to its end (60 s
// in the probe) before the 401.
func TestUnauthenticatedBodyIsNotRead(t *testing.T) {
	base := serveWith(t, console.Config{StaffToken: staffToken})
	addr := strings.TrimPrefix(base, "http://")
	for _, path := range []string{"/api/eval", "/api/feedback"} {
		t.Run(path, func(t *testing.T) {
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			// Headers and the first bytes of a body of 100 KB, the rest
			// never sent.
			fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n{\"id\":", path, addr)
			conn.SetReadDeadline(time.Now().Add(generous))
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("no answer while the body is still coming: %v", err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("status %s, want 401", resp.Status)
			}
		})
	}
}

// gate is an engine whose answers wait until it is opened or the
// request's context ends, counting the questions asked.
type gate struct {
	report *corpus.Report
	open   chan struct{}
	asked  atomic.Int64
	first  chan struct{}
	once   sync.Once
}

func newGate(t *testing.T) *gate {
	eng, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	return &gate{report: eng.Report(), open: make(chan struct{}), first: make(chan struct{})}
}

func (g *gate) Answer(ctx context.Context, q string) search.Answer {
	g.asked.Add(1)
	g.once.Do(func() { close(g.first) })
	select {
	case <-g.open:
	case <-ctx.Done():
	}
	return search.Answer{Question: q, Outcome: search.Refused}
}

func (g *gate) Report() *corpus.Report { return g.report }

func (g *gate) Find(string) (*corpus.Report, bool) { return g.report, true }

func evalFile(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"id":"q%d","lang":"zh-Hans","type":"offtopic","q":"火星%d"}`+"\n", i, i)
	}
	return b.String()
}

// Beyond the bound, an evaluation is refused with Retry-After instead of
// queueing more seconds of CPU. Before, any number ran at once.
func TestConcurrentEvalsAreBounded(t *testing.T) {
	g := newGate(t)
	base := serveWith(t, console.Config{API: g, MaxEvals: 1})
	done := make(chan response, 1)
	go func() {
		done <- postNoFatal(base+"/api/eval", evalFile(3))
	}()
	select {
	case <-g.first:
	case <-time.After(generous):
		t.Fatal("the first evaluation never started")
	}
	// Bounded, so that a server that queues the second run fails the test
	// instead of hanging it.
	req, _ := http.NewRequest("POST", base+"/api/eval", strings.NewReader(evalFile(3)))
	req.Header.Set("Content-Type", "text/plain")
	resp, err := (&http.Client{Timeout: generous}).Do(req)
	if err != nil {
		close(g.open)
		t.Fatalf("second evaluation: %v", err)
	}
	resp.Body.Close()
	r := response{status: resp.StatusCode, header: resp.Header}
	if r.status != http.StatusTooManyRequests {
		t.Errorf("second evaluation: status %d, want 429: %s", r.status, r.body)
	}
	if secs, err := strconv.Atoi(r.header.Get("Retry-After")); err != nil || secs < 1 {
		t.Errorf("Retry-After %q", r.header.Get("Retry-After"))
	}
	close(g.open)
	if r := <-done; r.status != http.StatusOK {
		t.Fatalf("first evaluation: status %d: %s", r.status, r.body)
	}
	// The slot is free again.
	if r := post(t, base+"/api/eval", "text/plain", strings.NewReader(evalFile(3))); r.status != http.StatusOK {
		t.Errorf("evaluation after the first ended: status %d", r.status)
	}
}

func postNoFatal(u, body string) response {
	resp, err := http.Post(u, "text/plain", strings.NewReader(body))
	if err != nil {
		return response{status: -1, body: err.Error()}
	}
	defer resp.Body.Close()
	var b strings.Builder
	bufio.NewReader(resp.Body).WriteTo(&b)
	return response{resp.StatusCode, resp.Header, b.String()}
}

// An evaluation stops when its client goes away. Before, golden.Run asked
// every remaining question (5,000 cost 10.8 s of CPU) for nobody.
func TestEvalStopsWhenTheClientGoes(t *testing.T) {
	g := newGate(t)
	mux := http.NewServeMux()
	console.Routes(mux, console.Config{Engine: g, API: g})
	finished := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux.ServeHTTP(w, r)
		if r.URL.Path == "/api/eval" {
			close(finished)
		}
	}))
	t.Cleanup(srv.Close)

	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "POST", srv.URL+"/api/eval", strings.NewReader(evalFile(500)))
	req.Header.Set("Content-Type", "text/plain")
	go func() {
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	select {
	case <-g.first:
	case <-time.After(generous):
		t.Fatal("the evaluation never started")
	}
	cancel() // the client goes away while the first answer is under way
	select {
	case <-finished:
	case <-time.After(generous):
		t.Fatal("the evaluation did not stop after its client went away")
	}
	if n := g.asked.Load(); n > 1 {
		t.Errorf("%d of 500 questions asked after the client went away, want 1", n)
	}
}

// A rating must name a sentence of the report, and a figure of that
// sentence or short plain text, in one JSON object. Before, only the
// paragraph was checked, any figure was stored, and junk after the object
// was ignored.
func TestFeedbackValidatesTheRating(t *testing.T) {
	base := serveWith(t, console.Config{})
	cases := []struct {
		name, body string
		status     int
		say        string
	}{
		{"valid", `{"sentence":"p31.s4","figure":"6500","rating":-1}`, 503, "not being recorded"},
		{"the figure as written", `{"sentence":"p31.s4","figure":"超6500个","rating":1}`, 503, "not being recorded"},
		{"no figure", `{"sentence":"p31.s4","rating":1}`, 503, "not being recorded"},
		{"short plain figure", `{"sentence":"p31.s4","figure":"6,500 places","rating":1}`, 503, "not being recorded"},
		{"sentence past the paragraph's end", `{"sentence":"p31.s999","figure":"6500","rating":-1}`, 400, "no such sentence"},
		{"sentence id with a tail", `{"sentence":"p31.s4.s5","figure":"6500","rating":-1}`, 400, "no such sentence"},
		{"paragraph only", `{"sentence":"p31","rating":-1}`, 400, "no such sentence"},
		{"no such paragraph", `{"sentence":"p9999.s1","rating":-1}`, 400, "no such sentence"},
		{"4 KB figure", `{"sentence":"p31.s4","figure":"` + strings.Repeat("6", 3900) + `","rating":-1}`, 400, "longer than"},
		{"HTML in the figure", `{"sentence":"p31.s4","figure":"<b>6500</b>","rating":-1}`, 400, "figure holds"},
		{"control character in the figure", `{"sentence":"p31.s4","figure":"65\u001b[2J00","rating":-1}`, 400, "figure holds"},
		{"bidi override in the figure", `{"sentence":"p31.s4","figure":"65\u202e00","rating":-1}`, 400, "figure holds"},
		{"trailing junk", `{"sentence":"p31.s4","figure":"6500","rating":-1} trailing`, 400, "trailing"},
		{"a second object", `{"sentence":"p31.s4","figure":"6500","rating":-1}{"sentence":"p31.s4","rating":1}`, 400, "trailing"},
		{"trailing whitespace is fine", `{"sentence":"p31.s4","figure":"6500","rating":-1}` + "\n\t ", 503, "not being recorded"},
		{"rating out of range", `{"sentence":"p31.s4","figure":"6500","rating":5}`, 400, "rating must be"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := post(t, base+"/api/feedback", "application/json", strings.NewReader(c.body))
			if r.status != c.status || !strings.Contains(r.body, c.say) {
				t.Errorf("status %d, want %d saying %q: %.300s", r.status, c.status, c.say, r.body)
			}
		})
	}
}

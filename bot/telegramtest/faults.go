package telegramtest

import (
	"bytes"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"
)

// Faults configures injected failures: the ways a real Bot API and the
// network between fail, so a test can check the bot survives them.
//
// Each request to a faulted method is, with probability Rate, given one
// fault chosen uniformly among four kinds, decided before the request is
// processed, so a faulted request never takes effect (except "slow"):
//
//   - "429": 429 "Too Many Requests: retry after N", parameters.retry_after N;
//   - "502": status 502 with nginx's HTML page, as when Telegram's front
//     end loses its backend (clients fail to decode it as JSON);
//   - "drop": the connection is closed without any response;
//   - "slow": the answer is delayed by SlowDelay, then processed normally.
type Faults struct {
	Rate       float64       // share of requests faulted, 0..1
	RetryAfter int           // seconds in injected 429s (default 1)
	SlowDelay  time.Duration // delay of "slow" faults (default 300ms)
	Seed       uint64        // seeds the choice (PCG), for reproducible runs
	Methods    []string      // faulted methods; empty: all except getMe
}

// faultKinds are the four kinds, in the order the random choice indexes.
var faultKinds = [...]string{"429", "502", "drop", "slow"}

// nginx502 is the page nginx serves when its upstream fails, which is what
// api.telegram.org answers during outages.
const nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"

// fault is one decided fault with the settings it needs.
type fault struct {
	kind       string
	retryAfter int
	delay      time.Duration
}

// SetFaults replaces the fault configuration; the zero Faults turns
// injection off. The random sequence restarts from f.Seed.
func (s *Server) SetFaults(f Faults) {
	if f.RetryAfter <= 0 {
		f.RetryAfter = 1
	}
	if f.SlowDelay <= 0 {
		f.SlowDelay = 300 * time.Millisecond
	}
	f.Methods = append([]string(nil), f.Methods...)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	s.rng = rand.New(rand.NewPCG(f.Seed, f.Seed^0x9e3779b97f4a7c15))
}

// FaultCounts returns how many faults of each kind ("429", "502", "drop",
// "slow") were injected since the server started.
func (s *Server) FaultCounts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.faultCounts))
	for k, v := range s.faultCounts {
		out[k] = v
	}
	return out
}

// pickFaultLocked decides whether a request to method is faulted, and how.
func (s *Server) pickFaultLocked(method string) fault {
	f := s.faults
	if f.Rate <= 0 || s.rng == nil {
		return fault{}
	}
	if len(f.Methods) == 0 {
		if method == "getMe" {
			return fault{}
		}
	} else if !containsFold(f.Methods, method) {
		return fault{}
	}
	if s.rng.Float64() >= f.Rate {
		return fault{}
	}
	kind := faultKinds[s.rng.IntN(len(faultKinds))]
	s.faultCounts[kind]++
	return fault{kind: kind, retryAfter: f.RetryAfter, delay: f.SlowDelay}
}

// applyFault performs f and reports whether the request is finished; a
// slow fault returns false once the delay is over so processing goes on.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f fault) bool {
	switch f.kind {
	case "429":
		writeError(w, tooManyRequests(f.retryAfter))
	case "502":
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = io.WriteString(w, nginx502)
	case "drop":
		// Read the request first so the close is a clean EOF for the
		// client rather than a reset racing its write.
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxBody))
		hj, ok := w.(http.Hijacker)
		if !ok {
			panic("telegramtest: response writer cannot be hijacked")
		}
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
		}
	case "slow":
		// net/http notices a client that hangs up (and cancels
		// r.Context) only once the request body has been read: read it
		// now and hand the rest of the processing a copy.
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
		if err != nil {
			return true
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		t := time.NewTimer(f.delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-s.closed:
		case <-r.Context().Done():
			return true
		}
		return false
	default:
		return false
	}
	return true
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// getUpdatesCall is one getUpdates request as the fake saw it.
type getUpdatesCall struct {
	offset, timeout int
}

// fakeTelegram keeps pending updates and confirms below each getUpdates
// offset, as Telegram does. With nothing to return it long-polls until the
// client gives up: no timer, so what a test sees does not depend on how
// busy the machine is.
type fakeTelegram struct {
	mu        sync.Mutex
	pending   []int
	confirmed int
	calls     []getUpdatesCall
	replied   map[string]int // chat id -> replies sent
	changed   chan struct{}  // signalled on every request
}

func newFakeTelegram(pending ...int) *fakeTelegram {
	return &fakeTelegram{pending: pending, replied: map[string]int{}, changed: make(chan struct{}, 1)}
}

func (f *fakeTelegram) handler() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		defer f.signal()
		method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		switch method {
		case "getMe":
			fmt.Fprint(w, `{"ok":true,"result":{"id":42,"is_bot":true,"first_name":"L","username":"LiwanBot"}}`)
		case "getUpdates":
			off, _ := strconv.Atoi(r.Form.Get("offset"))
			timeout, _ := strconv.Atoi(r.Form.Get("timeout"))
			f.mu.Lock()
			f.calls = append(f.calls, getUpdatesCall{off, timeout})
			if off > 0 {
				f.confirmed = max(f.confirmed, off)
			}
			var out []string
			for _, id := range f.pending {
				if id >= f.confirmed {
					out = append(out, fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1,"chat":{"id":%d,"type":"private"},"from":{"id":%d,"first_name":"y"},"text":"q%d"}}`, id, id, 100+id, 100+id, id))
				}
			}
			f.mu.Unlock()
			f.signal()
			if len(out) == 0 && timeout > 0 {
				<-r.Context().Done() // a long poll with no news
			}
			fmt.Fprintf(w, `{"ok":true,"result":[%s]}`, strings.Join(out, ","))
		case "sendMessage":
			f.mu.Lock()
			f.replied[r.Form.Get("chat_id")]++
			f.mu.Unlock()
			fmt.Fprint(w, `{"ok":true,"result":{"message_id":9,"date":1,"chat":{"id":6,"type":"private"}}}`)
		default:
			fmt.Fprint(w, `{"ok":true,"result":true}`)
		}
	}
}

func (f *fakeTelegram) signal() {
	select {
	case f.changed <- struct{}{}:
	default:
	}
}

// waitFor blocks until cond holds (checked under the fake's lock after
// every request) or a generous deadline passes, which fails the test. The
// deadline only bounds a broken run; a passing run never depends on it.
func (f *fakeTelegram) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.NewTimer(30 * time.Second)
	defer deadline.Stop()
	for {
		f.mu.Lock()
		ok := cond()
		f.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-f.changed:
		case <-deadline.C:
			f.mu.Lock()
			defer f.mu.Unlock()
			t.Fatalf("gave up waiting until %s: getUpdates calls %v, confirmed %d, replies %v", what, f.calls, f.confirmed, f.replied)
		}
	}
}

// runPollWithState polls the fake from the given state until until() holds,
// then shuts the poller down and waits for it to finish.
func runPollWithState(t *testing.T, f *fakeTelegram, state pollState, what string, until func() bool) {
	t.Helper()
	srv := httptest.NewServer(f.handler())
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "state.json")
	state.Saved = time.Now()
	data, _ := json.Marshal(state)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := Dial(ctx, "1:tok", srv.URL+"/bot%s/%s", nil)
	if err != nil {
		t.Fatal(err)
	}
	b := New(c, stubEngine{}, WithStateFile(path))
	done := make(chan error, 1)
	go func() { done <- b.Poll(ctx, time.Second) }()
	f.waitFor(t, what, until)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Poll: %v", err)
	}
}

// Restart after a stop that left {offset 10, handled 11,12}: once 10 is
// answered the offset must move past 11 and 12, which need no answer, and
// polling must then wait for news, not spin on them. Until 10 is answered
// Telegram hands back 10–12 at once on every call, so how many calls come
// before that depends on the machine's speed; what must hold is that the
// first call past them is a long poll, and that it is the only one.
func TestRestartMovesPastHandledUpdates(t *testing.T) {
	f := newFakeTelegram(10, 11, 12)
	past := func(c getUpdatesCall) bool { return c.offset >= 13 && c.timeout > 0 }
	runPollWithState(t, f, pollState{Offset: 10, Handled: []int{11, 12}}, "a long poll past update 12", func() bool {
		for _, c := range f.calls {
			if past(c) {
				return true
			}
		}
		return false
	})
	f.mu.Lock()
	defer f.mu.Unlock()
	t.Logf("getUpdates calls: %v, replies: %v", f.calls, f.replied)
	if f.replied["110"] != 1 {
		t.Errorf("update 10 answered %d times, want once", f.replied["110"])
	}
	if f.replied["111"]+f.replied["112"] > 0 {
		t.Errorf("updates 11 and 12, handled before the restart, were answered again: %v", f.replied)
	}
	polls := 0
	for _, c := range f.calls {
		if past(c) {
			polls++
		}
		if c.timeout == 0 && c.offset != 13 {
			t.Errorf("getUpdates %+v without waiting: only the shutdown's confirmation of offset 13 may skip the long poll", c)
		}
	}
	if polls != 1 {
		t.Errorf("%d long polls past update 12 while nothing was new, want 1: the poller spins", polls)
	}
}

// The state file says everything below 10 was handled, but the shutdown's
// confirm did not reach Telegram, so 8 and 9 come again: they must not be
// answered a second time.
func TestStateOffsetIsAFloor(t *testing.T) {
	f := newFakeTelegram(8, 9, 10)
	runPollWithState(t, f, pollState{Offset: 10}, "update 10 is answered and confirmed", func() bool {
		return f.replied["110"] > 0 && f.confirmed >= 11
	})
	f.mu.Lock()
	defer f.mu.Unlock()
	t.Logf("replies: %v", f.replied)
	if f.replied["108"] > 0 || f.replied["109"] > 0 {
		t.Errorf("updates 8 and 9, below the saved offset 10, were answered again: %v", f.replied)
	}
	if f.replied["110"] != 1 {
		t.Errorf("update 10 answered %d times, want once", f.replied["110"])
	}
}

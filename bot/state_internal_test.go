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

// fakeTelegram keeps pending updates and confirms below each getUpdates
// offset, as Telegram does; with nothing to return it long-polls.
type fakeTelegram struct {
	mu        sync.Mutex
	pending   []int
	confirmed int
	gets      int
	replied   map[string]int // text -> times sent
}

func (f *fakeTelegram) handler() http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		switch method {
		case "getMe":
			fmt.Fprint(w, `{"ok":true,"result":{"id":42,"is_bot":true,"first_name":"L","username":"LiwanBot"}}`)
		case "getUpdates":
			off, _ := strconv.Atoi(r.Form.Get("offset"))
			f.mu.Lock()
			f.gets++
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
			if len(out) == 0 && r.Form.Get("timeout") != "0" {
				select { // long poll
				case <-r.Context().Done():
				case <-time.After(2 * time.Second):
				}
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

func runPollWithState(t *testing.T, f *fakeTelegram, state pollState, d time.Duration) {
	t.Helper()
	srv := httptest.NewServer(f.handler())
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "state.json")
	state.Saved = time.Now()
	data, _ := json.Marshal(state)
	os.WriteFile(path, data, 0o600)
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	c, err := Dial(ctx, "1:tok", srv.URL+"/bot%s/%s", nil)
	if err != nil {
		t.Fatal(err)
	}
	b := New(c, stubEngine{}, WithStateFile(path))
	b.Poll(ctx, time.Second)
}

// Restart after a stop that left {offset 10, handled 11,12}: once 10 is
// answered the offset must move past 11 and 12, which need no answer, and
// polling must wait, not spin on them.
func TestRestartMovesPastHandledUpdates(t *testing.T) {
	f := &fakeTelegram{pending: []int{10, 11, 12}, replied: map[string]int{}}
	runPollWithState(t, f, pollState{Offset: 10, Handled: []int{11, 12}}, 5*time.Second)
	f.mu.Lock()
	defer f.mu.Unlock()
	t.Logf("getUpdates calls: %d, confirmed offset: %d, replies: %v", f.gets, f.confirmed, f.replied)
	if f.confirmed < 13 {
		t.Errorf("handled updates 11,12 never confirmed: Telegram's offset is %d", f.confirmed)
	}
	if f.gets > 5 {
		t.Errorf("%d getUpdates calls in 5 s while idle: the poller spins on handled updates", f.gets)
	}
}

// The state file says everything below 10 was handled, but the shutdown's
// confirm did not reach Telegram, so 8 and 9 come again: they must not be
// answered a second time.
func TestStateOffsetIsAFloor(t *testing.T) {
	f := &fakeTelegram{pending: []int{8, 9, 10}, replied: map[string]int{}}
	runPollWithState(t, f, pollState{Offset: 10}, 3*time.Second)
	f.mu.Lock()
	defer f.mu.Unlock()
	t.Logf("replies: %v", f.replied)
	if f.replied["108"] > 0 || f.replied["109"] > 0 {
		t.Errorf("updates 8 and 9, below the saved offset 10, were answered again: %v", f.replied)
	}
}

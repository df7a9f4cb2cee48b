package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/liwanbot/liwanbot/bot/telegramtest"
	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/search"
)

// An entity whose offset+length overflows int passes the bounds check in
// stripMention and panics when slicing.
func TestMalformedEntityDoesNotPanic(t *testing.T) {
	raw := fmt.Sprintf(`{"update_id":1,"message":{"message_id":1,"date":1,
		"chat":{"id":5,"type":"private"},"from":{"id":5,"first_name":"x"},
		"text":"hello","entities":[{"type":"mention","offset":%d,"length":1}]}}`, math.MaxInt64)
	var u tgbotapi.Update
	if err := json.Unmarshal([]byte(raw), &u); err != nil {
		t.Fatal(err)
	}
	b := &Bot{self: tgbotapi.User{ID: 42, UserName: "LiwanBot"}}
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("stripMention panicked on a malformed entity: %v", r)
		}
	}()
	b.stripMention(u.Message)
}

// One update the library cannot decode makes every getUpdates fail the
// same way: Poll never advances its offset and the good update after it is
// never handled.
//
// The fake hands back every update at or above the offset and, with
// nothing to return, long-polls until the client hangs up (no timer), so
// the test waits for a condition rather than counting calls in a window: a
// busy machine makes more calls before update 2 is answered, which says
// nothing about spinning.
func TestPollSkipsUndecodableUpdate(t *testing.T) {
	var mu sync.Mutex
	type call struct{ offset, timeout int }
	var calls []call
	var sends atomic.Int32
	changed := make(chan struct{}, 1)
	signal := func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		defer signal()
		method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		switch method {
		case "getMe":
			fmt.Fprint(w, `{"ok":true,"result":{"id":42,"is_bot":true,"first_name":"L","username":"LiwanBot"}}`)
		case "getUpdates":
			off, _ := strconv.Atoi(r.Form.Get("offset"))
			timeout, _ := strconv.Atoi(r.Form.Get("timeout"))
			mu.Lock()
			calls = append(calls, call{off, timeout})
			mu.Unlock()
			signal()
			// update 1 has a string where the library wants a number
			// (as when a Bot API release changes a field's type).
			var out []string
			if off <= 1 {
				out = append(out, `{"update_id":1,"message":{"message_id":"x","date":1,"chat":{"id":5,"type":"private"}}}`)
			}
			if off <= 2 {
				out = append(out, `{"update_id":2,"message":{"message_id":2,"date":1,"chat":{"id":6,"type":"private"},"from":{"id":6,"first_name":"y"},"text":"hi"}}`)
			}
			if len(out) == 0 && timeout > 0 {
				<-r.Context().Done() // a long poll with no news
			}
			fmt.Fprintf(w, `{"ok":true,"result":[%s]}`, strings.Join(out, ","))
		case "sendMessage":
			sends.Add(1)
			fmt.Fprint(w, `{"ok":true,"result":{"message_id":9,"date":1,"chat":{"id":6,"type":"private"}}}`)
		default:
			fmt.Fprint(w, `{"ok":true,"result":true}`)
		}
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c, err := Dial(ctx, "1:tok", srv.URL+"/bot%s/%s", nil)
	if err != nil {
		t.Fatal(err)
	}
	b := New(c, stubEngine{})
	done := make(chan error, 1)
	go func() { done <- b.Poll(ctx, time.Second) }()

	past := func(c call) bool { return c.offset >= 3 && c.timeout > 0 }
	// Only a broken run reaches this deadline: one that never gets past
	// update 1 keeps asking at offset 0 or 1.
	deadline := time.NewTimer(60 * time.Second)
	defer deadline.Stop()
	for waiting := true; waiting; {
		mu.Lock()
		waiting = !slices.ContainsFunc(calls, past)
		mu.Unlock()
		if !waiting {
			break
		}
		select {
		case <-changed:
		case <-deadline.C:
			mu.Lock()
			t.Fatalf("no long poll past update 2 within 60 s: getUpdates calls %v, sendMessage calls %d", calls, sends.Load())
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Poll: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	t.Logf("getUpdates calls %v; sendMessage calls: %d", calls, sends.Load())
	if n := sends.Load(); n != 1 {
		t.Errorf("update 2 answered %d times, want once", n)
	}
	polls := 0
	for _, c := range calls {
		if past(c) {
			polls++
		}
	}
	if polls != 1 {
		t.Errorf("%d long polls past update 2 while nothing was new, want 1: polling spins", polls)
	}
}

// Property check of the pacer: every window keeps its limit, and every
// reservation is the earliest time that does.
func TestPacerBooksTheEarliestSlot(t *testing.T) {
	type win struct {
		n   int
		per time.Duration
	}
	for seed := 0; seed < 15; seed++ {
		rng := uint64(seed*2654435761 + 1)
		rnd := func(n int) int { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return int(rng % uint64(n)) }
		l := Limits{
			PerChat:  Window{N: 1 + rnd(2), Per: time.Duration(50+rnd(100)) * time.Millisecond},
			PerGroup: Window{N: 1 + rnd(5), Per: time.Duration(100+rnd(400)) * time.Millisecond},
			Global:   Window{N: 1 + rnd(4), Per: time.Duration(10+rnd(60)) * time.Millisecond},
		}
		p := newPacer(l)
		base := time.Unix(1000, 0)
		clock := base
		p.now = func() time.Time { return clock }
		p.quiet = time.Time{}
		hist := map[string][]time.Time{}
		ok := func(ts []time.Time, w Window, x time.Time) bool {
			all := append(append([]time.Time{}, ts...), x)
			slicesSort(all)
			for i := 0; i+w.N < len(all); i++ {
				if all[i+w.N].Sub(all[i]) < w.Per {
					return false
				}
			}
			return true
		}
		for step := 0; step < 60; step++ {
			clock = clock.Add(time.Duration(rnd(40)) * time.Millisecond)
			chat := int64(rnd(3))
			group := chat != 0
			keys := []struct {
				k string
				w Window
			}{{"g", l.Global}, {fmt.Sprint("c", chat), l.PerChat}}
			if group {
				keys = append(keys, struct {
					k string
					w Window
				}{fmt.Sprint("G", chat), l.PerGroup})
			}
			got := p.reserve(chat, group)
			for _, k := range keys {
				if !ok(hist[k.k], k.w, got) {
					t.Fatalf("seed %d step %d: reservation %v breaks window %s %+v", seed, step, got.Sub(base), k.k, k.w)
				}
			}
			// minimality: try every ms before got
			for c := clock; c.Before(got.Add(-time.Millisecond)); c = c.Add(time.Millisecond) {
				fits := true
				for _, k := range keys {
					fits = fits && ok(hist[k.k], k.w, c)
				}
				if fits {
					t.Fatalf("seed %d step %d: reserved %v but %v already fits", seed, step, got.Sub(base), c.Sub(base))
				}
			}
			for _, k := range keys {
				hist[k.k] = append(hist[k.k], got)
			}
		}
	}
}

func slicesSort(ts []time.Time) {
	for i := 1; i < len(ts); i++ {
		for j := i; j > 0 && ts[j].Before(ts[j-1]); j-- {
			ts[j], ts[j-1] = ts[j-1], ts[j]
		}
	}
}

type stubEngine struct{}

func (stubEngine) Answer(_ context.Context, q string) search.Answer {
	return search.Answer{Outcome: search.Refused, Text: "answer to " + q, Lang: search.English}
}
func (stubEngine) Report() *corpus.Report { return &corpus.Report{} }

func (stubEngine) Traditional(s string) string { return s }

func (stubEngine) Find(string) (*corpus.Report, bool) { return nil, false }

// A graceful stop while one chat's reply waits on the pacer: the other
// chat's update in the same batch is answered but not confirmed (the offset
// stops at the unfinished one), so the next run answers it a second time.
func TestRestartDoesNotReplyTwice(t *testing.T) {
	srv := telegramtest.NewServer("7:tok", telegramtest.User{ID: 7, IsBot: true, FirstName: "L", Username: "LiwanBot"})
	defer srv.Close()
	group := telegramtest.Chat{ID: -100, Type: "supergroup", Title: "g"}
	srv.AddChat(group)
	alice := telegramtest.User{ID: 11, FirstName: "A"}
	bob := telegramtest.User{ID: 12, FirstName: "B"}
	srv.SendText(group, alice, "/ask one")
	bobsUpdate, _ := srv.SendText(telegramtest.Chat{ID: bob.ID, Type: "private"}, bob, "two")

	state := filepath.Join(t.TempDir(), "updates.json")
	newBot := func() *Bot {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		c, err := Dial(ctx, "7:tok", srv.Endpoint(), nil)
		if err != nil {
			t.Fatal(err)
		}
		return New(c, stubEngine{}, WithStateFile(state), WithLimits(Limits{
			PerChat: Window{N: 1, Per: time.Millisecond}, PerGroup: Window{N: 1, Per: 30 * time.Second}, Global: Window{N: 1, Per: time.Millisecond}}))
	}
	run := func(b *Bot, until func() bool) {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- b.Poll(ctx, 300*time.Millisecond) }()
		// Only a broken run reaches this deadline.
		wctx, wcancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer wcancel()
		if err := srv.WaitUntil(wctx, until); err != nil {
			t.Fatal(err)
		}
		cancel()
		<-done
	}
	// First run: the group was sent to just before (the previous run, as
	// the pacer would know), so its reply must wait.
	b1 := newBot()
	b1.pacer.reserve(group.ID, true)
	run(b1, func() bool { return len(srv.MessagesTo(bob.ID)) == 1 })
	t.Logf("confirmed offset after graceful stop: %d", srv.Confirmed())
	// Second run, until the group is answered and Telegram's offset has
	// moved past bob's update: it is then handled (or skipped) for good,
	// so a second reply to bob would already be there; no pause needed.
	b2 := newBot()
	run(b2, func() bool { return len(srv.MessagesTo(group.ID)) == 1 && srv.Confirmed() > bobsUpdate })
	if n := len(srv.MessagesTo(bob.ID)); n != 1 {
		t.Errorf("bob asked once and got %d replies across a graceful restart", n)
	}
}

// While one chat's reply waits on the pacer, Poll fetches nothing more:
// every other chat (and every button press and inline query, whose ids
// expire) waits for the slowest chat of the previous batch.
//
// The group's budget is spent for an hour, so its reply cannot go out
// during the test: bob's reply arriving first is the property, checked by
// order rather than by a time limit. The test waits for the group's typing
// action (sent once its reply is queued behind the pacer) instead of
// sleeping until the update has probably been fetched.
func TestSlowChatDoesNotStallOthers(t *testing.T) {
	srv := telegramtest.NewServer("7:tok", telegramtest.User{ID: 7, IsBot: true, FirstName: "L", Username: "LiwanBot"})
	defer srv.Close()
	group := telegramtest.Chat{ID: -100, Type: "supergroup", Title: "g"}
	srv.AddChat(group)
	alice := telegramtest.User{ID: 11, FirstName: "A"}
	bob := telegramtest.User{ID: 12, FirstName: "B"}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c, err := Dial(ctx, "7:tok", srv.Endpoint(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b := New(c, stubEngine{}, WithLimits(Limits{
		PerChat: Window{N: 1, Per: time.Millisecond}, PerGroup: Window{N: 1, Per: time.Hour}, Global: Window{N: 1, Per: time.Millisecond}}))
	b.pacer.reserve(group.ID, true) // the group's budget is spent
	pctx, pcancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Poll(pctx, 100*time.Millisecond) }()
	defer func() { pcancel(); <-done }()
	srv.SendText(group, alice, "/ask one")
	// Only a broken run reaches these deadlines.
	wait := func(what string, cond func() bool) {
		t.Helper()
		wctx, wcancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer wcancel()
		if err := srv.WaitUntil(wctx, cond); err != nil {
			t.Fatalf("waiting until %s: %v", what, err)
		}
	}
	wait("the group's reply waits on the pacer", func() bool {
		return slices.ContainsFunc(srv.Actions(), func(a telegramtest.ChatAction) bool { return a.ChatID == group.ID })
	})
	srv.SendText(telegramtest.Chat{ID: bob.ID, Type: "private"}, bob, "two")
	wait("bob's private question is answered", func() bool { return len(srv.MessagesTo(bob.ID)) == 1 })
	if n := len(srv.MessagesTo(group.ID)); n != 0 {
		t.Fatalf("the group got %d replies with its budget spent for an hour", n)
	}
}

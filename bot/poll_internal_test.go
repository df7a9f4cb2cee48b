package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"path/filepath"
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
func TestPollSkipsUndecodableUpdate(t *testing.T) {
	var mu sync.Mutex
	var offsets []string
	var sends atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		switch method {
		case "getMe":
			fmt.Fprint(w, `{"ok":true,"result":{"id":42,"is_bot":true,"first_name":"L","username":"LiwanBot"}}`)
		case "getUpdates":
			mu.Lock()
			offsets = append(offsets, r.Form.Get("offset"))
			mu.Unlock()
			// update 1 has a string where the library wants a number
			// (as when a Bot API release changes a field's type).
			fmt.Fprint(w, `{"ok":true,"result":[
				{"update_id":1,"message":{"message_id":"x","date":1,"chat":{"id":5,"type":"private"}}},
				{"update_id":2,"message":{"message_id":2,"date":1,"chat":{"id":6,"type":"private"},"from":{"id":6,"first_name":"y"},"text":"hi"}}]}`)
		case "sendMessage":
			sends.Add(1)
			fmt.Fprint(w, `{"ok":true,"result":{"message_id":9,"date":1,"chat":{"id":6,"type":"private"}}}`)
		default:
			fmt.Fprint(w, `{"ok":true,"result":true}`)
		}
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	c, err := Dial(ctx, "1:tok", srv.URL+"/bot%s/%s", nil)
	if err != nil {
		t.Fatal(err)
	}
	b := New(c, stubEngine{})
	b.Poll(ctx, time.Second)
	mu.Lock()
	defer mu.Unlock()
	t.Logf("%d getUpdates calls, the last at offset %s; sendMessage calls: %d", len(offsets), offsets[len(offsets)-1], sends.Load())
	if len(offsets) > 20 {
		t.Errorf("%d getUpdates calls in 4 s: polling spins on updates it already has", len(offsets))
	}
	if sends.Load() == 0 {
		t.Errorf("update 2 was never handled: %d getUpdates calls, all at offset %q", len(offsets), offsets[len(offsets)-1])
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
	srv.SendText(telegramtest.Chat{ID: bob.ID, Type: "private"}, bob, "two")

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
		wctx, wcancel := context.WithTimeout(context.Background(), 10*time.Second)
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
	// Second run.
	b2 := newBot()
	run(b2, func() bool { return len(srv.MessagesTo(group.ID)) == 1 })
	time.Sleep(500 * time.Millisecond)
	if n := len(srv.MessagesTo(bob.ID)); n != 1 {
		t.Errorf("bob asked once and got %d replies across a graceful restart", n)
	}
}

// While one chat's reply waits on the pacer, Poll fetches nothing more:
// every other chat (and every button press and inline query, whose ids
// expire) waits for the slowest chat of the previous batch.
func TestSlowChatDoesNotStallOthers(t *testing.T) {
	srv := telegramtest.NewServer("7:tok", telegramtest.User{ID: 7, IsBot: true, FirstName: "L", Username: "LiwanBot"})
	defer srv.Close()
	group := telegramtest.Chat{ID: -100, Type: "supergroup", Title: "g"}
	srv.AddChat(group)
	alice := telegramtest.User{ID: 11, FirstName: "A"}
	bob := telegramtest.User{ID: 12, FirstName: "B"}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := Dial(ctx, "7:tok", srv.Endpoint(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b := New(c, stubEngine{}, WithLimits(Limits{
		PerChat: Window{N: 1, Per: time.Millisecond}, PerGroup: Window{N: 1, Per: 20 * time.Second}, Global: Window{N: 1, Per: time.Millisecond}}))
	b.pacer.reserve(group.ID, true) // the group's budget is spent
	pctx, pcancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Poll(pctx, 100*time.Millisecond) }()
	defer func() { pcancel(); <-done }()
	srv.SendText(group, alice, "/ask one")
	time.Sleep(1500 * time.Millisecond) // the group's update is fetched and waits
	srv.SendText(telegramtest.Chat{ID: bob.ID, Type: "private"}, bob, "two")
	wctx, wcancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer wcancel()
	if err := srv.WaitUntil(wctx, func() bool { return len(srv.MessagesTo(bob.ID)) == 1 }); err != nil {
		t.Errorf("bob's private question got no reply within 5s while a group reply waits on the pacer")
	}
}

package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/liwanbot/liwanbot/bot"
	"github.com/liwanbot/liwanbot/bot/telegramtest"
	"github.com/liwanbot/liwanbot/feedback"
)

// BenchmarkHandle measures the bot's own cost per question: parse the
// update, answer it, render the HTML and send it through telegram-bot-api
// to a Bot API server on loopback. Telegram's limits are off on both sides:
// with them the bot is paced, by design, at under 28 replies a second.
//
// The refused cases measure what recording costs: every refused question
// is recorded, so "refused/sqlite" against "refused/none" is the price of
// the feedback store under load; answered questions are recorded too (for
// the question a 👎 was given to), so "answered/sqlite" against
// "simplified" is the same price on the common path.
func BenchmarkHandle(b *testing.B) {
	for _, q := range []struct{ name, text, store string }{
		{"simplified", "全区托位有多少?", ""},
		{"answered/sqlite", "全区托位有多少?", "sqlite"},
		{"traditional", "今年新增幾多個學位?", ""},
		{"english", "How many childcare places?", ""},
		{"refused/none", "火星上有多少个托位?", ""},
		{"refused/sqlite", "火星上有多少个托位?", "sqlite"},
	} {
		b.Run(q.name, func(b *testing.B) {
			srv := telegramtest.NewServer(token, botUser)
			defer srv.Close()
			srv.SetLimits(false)
			eng, err := engine()
			if err != nil {
				b.Fatal(err)
			}
			client, err := bot.Dial(context.Background(), token, srv.Endpoint(), nil)
			if err != nil {
				b.Fatal(err)
			}
			free := bot.Window{N: 1 << 20, Per: time.Nanosecond}
			opts := []bot.Option{bot.WithLimits(bot.Limits{PerChat: free, PerGroup: free, Global: free}), bot.WithFloodControl(1<<30, time.Nanosecond)}
			if q.store == "sqlite" {
				store, err := feedback.Open(context.Background(), filepath.Join(b.TempDir(), "f.db"))
				if err != nil {
					b.Fatal(err)
				}
				defer store.Close()
				rec := feedback.NewRecorder(store)
				defer rec.Close(context.Background())
				opts = append(opts, bot.WithRecorder(rec))
			}
			bt := bot.New(client, eng, opts...)
			const chats = 64
			for i := 0; i < chats; i++ {
				srv.AddChat(telegramtest.Chat{ID: int64(9000 + i), Type: "private"})
			}
			updates := make([]tgbotapi.Update, chats)
			for i := range updates {
				raw := fmt.Sprintf(`{"update_id":0,"message":{"message_id":1,"date":0,"text":%q,"chat":{"id":%d,"type":"private"},"from":{"id":%d,"first_name":"R"}}}`, q.text, 9000+i, 9000+i)
				if err := json.Unmarshal([]byte(raw), &updates[i]); err != nil {
					b.Fatal(err)
				}
			}
			time.Sleep(time.Second + 50*time.Millisecond) // the pacer's start-up quiet
			var next atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					n := next.Add(1)
					u := updates[n%chats]
					u.UpdateID = int(n)
					if err := bt.Handle(context.Background(), u); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "replies/s")
		})
	}
}

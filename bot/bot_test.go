package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/liwanbot/liwanbot/bot"
	"github.com/liwanbot/liwanbot/bot/telegramtest"
	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/seeds"
)

const token = "4242:AAE-test_token_never_logged"

// patience bounds every wait for the bot. Only a broken run reaches it: a
// passing one waits at most a few seconds of pacing (four replies to one
// chat take four), longer when the machine is busy and the tests run in
// parallel under the race detector.
const patience = 60 * time.Second

var (
	botUser = telegramtest.User{ID: 4242, IsBot: true, FirstName: "Liwan", Username: "LiwanBot"}
	alice   = telegramtest.User{ID: 1001, FirstName: "Alice", LanguageCode: "zh-hans"}
	bob     = telegramtest.User{ID: 1002, FirstName: "Bob", LanguageCode: "en"}
	carol   = telegramtest.User{ID: 1003, FirstName: "Carol", LanguageCode: "zh-hk"}
)

func private(u telegramtest.User) telegramtest.Chat {
	return telegramtest.Chat{ID: u.ID, Type: "private"}
}

var engine = sync.OnceValues(func() (*search.Engine, error) {
	r, err := seeds.Parse()
	if err != nil {
		return nil, err
	}
	return search.New(r)
})

// harness runs a bot against a fake Bot API server, polling as in
// production.
type harness struct {
	t    *testing.T
	srv  *telegramtest.Server
	bot  *bot.Bot
	logs *syncBuffer
	stop func() error
}

func start(t *testing.T, opts ...bot.Option) *harness {
	t.Helper()
	srv := telegramtest.NewServer(token, botUser)
	t.Cleanup(srv.Close)
	h := &harness{t: t, srv: srv, logs: &syncBuffer{}}
	h.bot = h.newBot(opts...)
	h.stop = h.poll(h.bot)
	t.Cleanup(func() {
		h.stop()
		if strings.Contains(h.logs.String(), token) {
			t.Error("the bot token appears in the logs")
		}
		if strings.Contains(h.logs.String(), `"resident":"1001"`) || strings.Contains(h.logs.String(), "Alice") {
			t.Error("a resident appears in the logs in the clear")
		}
	})
	return h
}

func (h *harness) newBot(opts ...bot.Option) *bot.Bot {
	h.t.Helper()
	eng, err := engine()
	if err != nil {
		h.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	client, err := bot.Dial(ctx, token, h.srv.Endpoint(), nil)
	if err != nil {
		h.t.Fatal(err)
	}
	log := zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(h.logs), zap.DebugLevel))
	return bot.New(client, eng, append([]bot.Option{bot.WithLogger(log)}, opts...)...)
}

// poll runs b until the returned stop is called, which returns Poll's error.
func (h *harness) poll(b *bot.Bot) func() error {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Poll(ctx, 5*time.Second) }()
	var once sync.Once
	var err error
	return func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(patience):
				err = fmt.Errorf("Poll did not return within %v of shutdown", patience)
			}
		})
		return err
	}
}

// settle waits until every update up to last is handled and confirmed.
func (h *harness) settle(last int) {
	h.t.Helper()
	h.waitFor("updates to be confirmed", func() bool { return h.srv.Confirmed() > last })
}

func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if err := h.srv.WaitUntil(ctx, cond); err != nil {
		h.t.Fatalf("waiting for %s: %v", what, err)
	}
}

// replies waits for n messages to chat and returns them.
func (h *harness) replies(chat int64, n int) []telegramtest.Sent {
	h.t.Helper()
	h.waitFor("replies", func() bool { return len(h.srv.MessagesTo(chat)) >= n })
	return h.srv.MessagesTo(chat)
}

type button struct{ Text, Data string }

func buttons(t *testing.T, m telegramtest.Sent) []button {
	t.Helper()
	if len(m.Markup) == 0 {
		return nil
	}
	var kb struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal(m.Markup, &kb); err != nil {
		t.Fatalf("reply markup %s: %v", m.Markup, err)
	}
	var out []button
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			out = append(out, button{b.Text, b.CallbackData})
		}
	}
	return out
}

func TestPrivateChat(t *testing.T) {
	t.Parallel()
	h := start(t)
	cases := []struct {
		name, question string
		want           []string // in the reply's plain text
		wantBold       []string // set in <b> in the HTML
		buttons        bool
	}{
		{"simplified figure", "全区托位有多少?", []string{"超6500个", "托位总量超6500个"}, []string{"<b>超6500个</b>", "<b>托位</b>"}, true},
		{"traditional", "今年新增幾多個學位?", []string{"5040個", "學位"}, []string{"<b>5040個</b>"}, true},
		{"english", "How many childcare places?", []string{"more than 6,500", "超6500个"}, nil, true},
		{"refused", "火星上有多少个托位?", []string{"报告"}, nil, false},
		{"markup in the question is harmless", "全区托位有多少?<>&", []string{"超6500个"}, nil, true},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id, _ := h.srv.SendText(private(alice), alice, c.question)
			got := h.replies(alice.ID, i+1)[i]
			h.settle(id)
			if len(h.srv.MessagesTo(alice.ID)) != i+1 {
				t.Fatalf("%d replies to one question", len(h.srv.MessagesTo(alice.ID))-i)
			}
			if got.ParseMode != "HTML" {
				t.Errorf("parse mode %q", got.ParseMode)
			}
			for _, w := range c.want {
				if !strings.Contains(got.Text, w) {
					t.Errorf("reply %q lacks %q", got.Text, w)
				}
			}
			for _, w := range c.wantBold {
				if !strings.Contains(got.Raw, w) {
					t.Errorf("reply HTML %q lacks %q", got.Raw, w)
				}
			}
			if got.ReplyTo != 0 {
				t.Errorf("a private reply is threaded to %d", got.ReplyTo)
			}
			bs := buttons(t, got)
			if c.buttons != (len(bs) > 0) {
				t.Errorf("buttons %v, want some: %v", bs, c.buttons)
			}
			for _, b := range bs {
				if len(b.Data) == 0 || len(b.Data) > 64 {
					t.Errorf("button %q carries %d bytes", b.Text, len(b.Data))
				}
			}
		})
	}
}

func TestCommandsAndHints(t *testing.T) {
	t.Parallel()
	h := start(t)
	cases := []struct {
		name string
		send func() int
		want []string
	}{
		{"start explains in three languages", func() int { id, _ := h.srv.SendText(private(alice), alice, "/start"); return id },
			[]string{"全区托位有多少", "全區托位有幾多", "How many childcare places"}},
		{"help", func() int { id, _ := h.srv.SendText(private(alice), alice, "/help"); return id }, []string{"/topics"}},
		{"ask without a question", func() int { id, _ := h.srv.SendText(private(alice), alice, "/ask"); return id }, []string{"/ask 全区托位有多少"}},
		{"unknown command", func() int { id, _ := h.srv.SendText(private(alice), alice, "/weather"); return id }, []string{"不认识这个命令"}},
		{"sticker", func() int { id, _ := h.srv.SendSticker(private(alice), alice); return id }, []string{"文字"}},
		{"photo", func() int { id, _ := h.srv.SendPhoto(private(bob), bob); return id }, []string{"only read text"}},
		{"voice", func() int { id, _ := h.srv.SendVoice(private(carol), carol); return id }, []string{"文字問題"}},
		{"over-long question is cut with a note", func() int {
			id, _ := h.srv.SendText(private(alice), alice, "全区托位有多少?"+strings.Repeat("请详细说明", 80))
			return id
		}, []string{"只读了其中一部分"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(h.srv.Messages())
			id := c.send()
			h.settle(id)
			msgs := h.srv.Messages()
			if len(msgs) != before+1 {
				t.Fatalf("%d replies, want 1", len(msgs)-before)
			}
			for _, w := range c.want {
				if !strings.Contains(msgs[before].Text, w) {
					t.Errorf("reply %q lacks %q", msgs[before].Text, w)
				}
			}
		})
	}
}

func TestGroupAnswersOnlyWhenAddressed(t *testing.T) {
	t.Parallel()
	h := start(t)
	group := telegramtest.Chat{ID: -2001, Type: "group", Title: "逢源街坊"}
	h.srv.AddChat(group)
	_, prompt := h.srv.SendText(group, alice, "/ask 全区托位有多少?")
	first := h.replies(group.ID, 1)[0]
	_, other := h.srv.SendText(group, bob, "今晚饮茶?")

	cases := []struct {
		name   string
		send   func() int // returns the message id
		answer bool
	}{
		{"plain chatter", func() int { _, m := h.srv.SendText(group, alice, "全区托位有多少?"); return m }, false},
		{"ask with the bot's name", func() int { _, m := h.srv.SendText(group, alice, "/ask@LiwanBot 新增多少学位"); return m }, true},
		{"ask for another bot", func() int { _, m := h.srv.SendText(group, alice, "/ask@OtherBot 新增多少学位"); return m }, false},
		{"mention", func() int { _, m := h.srv.SendText(group, bob, "@LiwanBot 今年新增多少公办学位?"); return m }, true},
		{"mention of someone else", func() int { _, m := h.srv.SendText(group, bob, "@alice 今年新增多少公办学位?"); return m }, false},
		{"reply to the bot", func() int {
			_, m := h.srv.ReplyText(group, carol, "城市更新投资多少?", first.MessageID)
			return m
		}, true},
		{"reply to a resident", func() int { _, m := h.srv.ReplyText(group, carol, "城市更新投资多少?", other); return m }, false},
		{"bare help, which every bot in the group sees", func() int { _, m := h.srv.SendText(group, carol, "/help"); return m }, false},
		{"help for this bot", func() int { _, m := h.srv.SendText(group, carol, "/help@LiwanBot"); return m }, true},
		{"another bot's bare command", func() int { _, m := h.srv.SendText(group, carol, "/weather"); return m }, false},
		{"sticker", func() int { _, m := h.srv.SendSticker(group, carol); return m }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := len(h.srv.MessagesTo(group.ID))
			msg := c.send()
			// A marker question that is always answered shows that the bot
			// has handled everything before it.
			_, marker := h.srv.SendText(group, alice, "/ask 全区托位有多少?")
			var got []telegramtest.Sent
			h.waitFor("the marker's reply", func() bool {
				got = h.srv.MessagesTo(group.ID)[before:]
				return len(got) > 0 && got[len(got)-1].ReplyTo == marker
			})
			answered := len(got) == 2
			if answered != c.answer || len(got) > 2 {
				t.Fatalf("%d replies; want answered=%v", len(got)-1, c.answer)
			}
			if answered && got[0].ReplyTo != msg {
				t.Errorf("reply threaded to %d, want the question %d", got[0].ReplyTo, msg)
			}
		})
	}
	if first.ReplyTo != prompt {
		t.Errorf("first reply threaded to %d, want %d", first.ReplyTo, prompt)
	}
}

func TestGroupMovesToSupergroup(t *testing.T) {
	t.Parallel()
	h := start(t)
	group := telegramtest.Chat{ID: -3001, Type: "group", Title: "多宝街坊"}
	h.srv.AddChat(group)
	h.srv.SendText(group, alice, "/ask 全区托位有多少?")
	h.replies(group.ID, 1)
	super := h.srv.MigrateToSupergroup(group)
	// A question still filed under the old id, and one in the new chat.
	h.srv.SendText(group, bob, "/ask 新增多少学位?")
	id, _ := h.srv.SendText(super, carol, "/ask 城市更新投资多少?")
	h.settle(id)
	if n := len(h.srv.MessagesTo(super.ID)); n != 2 {
		t.Errorf("%d replies in the supergroup, want 2", n)
	}
	if n := len(h.srv.MessagesTo(group.ID)); n != 1 {
		t.Errorf("%d replies in the old group, want only the one before the move", n)
	}
}

func TestInlineQuery(t *testing.T) {
	t.Parallel()
	h := start(t)
	_, q1 := h.srv.InlineQuery(alice, "全区托位有多少")
	_, q2 := h.srv.InlineQuery(bob, "")
	id, q3 := h.srv.InlineQuery(bob, "火星上有多少个托位")
	h.settle(id)
	answers := map[string]telegramtest.InlineAnswer{}
	for _, a := range h.srv.InlineAnswers() {
		answers[a.QueryID] = a
	}
	a := answers[q1]
	if n := len(a.Results); n < 2 || n > 5 {
		t.Fatalf("%d cards for an answerable question, want 2 to 5", n)
	}
	if title := a.Results[0]["title"]; title != "超6500个" {
		t.Errorf("first card is %v, want the figure", title)
	}
	if a.CacheTime <= 0 || a.CacheTime > 60 {
		t.Errorf("cache time %d s; want short but set", a.CacheTime)
	}
	if _, ok := answers[q2]; !ok {
		t.Error("an empty inline query was not answered")
	}
	if n := len(answers[q3].Results); n != 1 {
		t.Errorf("%d cards for a question the report does not cover, want one saying so", n)
	}
}

func TestButtons(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.srv.SendText(private(alice), alice, "全区托位有多少?")
	answer := h.replies(alice.ID, 1)[0]
	data := map[string]string{}
	for _, b := range buttons(t, answer) {
		data[b.Text] = b.Data
	}
	press := func(msgID int, d string) (reply *telegramtest.Sent, ack telegramtest.CallbackAnswer) {
		t.Helper()
		before := len(h.srv.MessagesTo(alice.ID))
		id, q := h.srv.PressButton(private(alice), alice, msgID, d)
		h.settle(id)
		var found bool
		for _, a := range h.srv.CallbackAnswers() {
			if a.QueryID == q {
				ack, found = a, true
			}
		}
		if !found {
			t.Fatalf("button %q was not answered", d)
		}
		if msgs := h.srv.MessagesTo(alice.ID); len(msgs) > before {
			reply = &msgs[len(msgs)-1]
		}
		return reply, ack
	}

	t.Run("source paragraph", func(t *testing.T) {
		r, _ := press(answer.MessageID, data["📄 原文段落"])
		if r == nil || !strings.Contains(r.Text, "争取全区托位总量超6500个") || !strings.Contains(r.Raw, "<b>启动西村") {
			t.Fatalf("source reply %+v", r)
		}
		if len(r.Text) <= len("启动西村、东漖、茶滘等普惠性托育服务示范机构和区级示范性托育综合服务中心建设,争取全区托位总量超6500个。") {
			t.Error("the source reply is only the sentence, not its paragraph")
		}
	})
	t.Run("no more results when nothing else is close", func(t *testing.T) {
		// The runners-up of this answer cover half the question or less.
		h.srv.SendText(private(alice), alice, "新增就业多少人?")
		msgs := h.replies(alice.ID, len(h.srv.MessagesTo(alice.ID))+1)
		for _, b := range buttons(t, msgs[len(msgs)-1]) {
			if strings.Contains(b.Text, "更多") {
				t.Errorf("more-results button %q under an answer with no close runner-up", b.Text)
			}
		}
	})
	t.Run("more results", func(t *testing.T) {
		// Two sentences name 就业服务 alike.
		h.srv.SendText(private(alice), alice, "就业服务")
		msgs := h.replies(alice.ID, len(h.srv.MessagesTo(alice.ID))+1)
		more := ""
		for _, b := range buttons(t, msgs[len(msgs)-1]) {
			if strings.Contains(b.Text, "更多") {
				more = b.Data
			}
		}
		if more == "" {
			t.Fatal("no more-results button under an answer with close runners-up")
		}
		r, _ := press(msgs[len(msgs)-1].MessageID, more)
		if r == nil || !strings.Contains(r.Text, "1. “") {
			t.Errorf("more results: %+v", r)
		}
	})
	t.Run("feedback", func(t *testing.T) {
		for _, b := range []string{"👍", "👎"} {
			r, ack := press(answer.MessageID, data[b])
			if r != nil || !strings.Contains(ack.Text, "谢") {
				t.Errorf("%s: reply %v, ack %q", b, r, ack.Text)
			}
		}
		if !strings.Contains(h.logs.String(), `"rating":1`) {
			t.Error("feedback was not logged")
		}
	})
	t.Run("stale or forged data", func(t *testing.T) {
		for _, d := range []string{"garbage", "src|s|p999.s1", "more|s|nope"} {
			_, ack := press(answer.MessageID, d)
			if !strings.Contains(ack.Text, "失效") {
				t.Errorf("%q: ack %q", d, ack.Text)
			}
		}
	})
	t.Run("topics", func(t *testing.T) {
		h.srv.SendText(private(alice), alice, "/topics")
		msgs := h.replies(alice.ID, len(h.srv.MessagesTo(alice.ID))+1)
		list := msgs[len(msgs)-1]
		bs := buttons(t, list)
		if len(bs) < 5 {
			t.Fatalf("topics list has %d buttons", len(bs))
		}
		r, _ := press(list.MessageID, bs[0].Data)
		if r == nil || !strings.Contains(r.Text, bs[0].Text) {
			t.Errorf("topic %q showed %v", bs[0].Text, r)
		}
		next := bs[len(bs)-1]
		if !strings.Contains(next.Text, "下一页") {
			t.Fatalf("no next page button in %v", bs)
		}
		edits := h.srv.Calls("editMessageReplyMarkup")
		press(list.MessageID, next.Data)
		if h.srv.Calls("editMessageReplyMarkup") != edits+1 {
			t.Error("next page did not edit the list")
		}
	})
}

// TestRepeatedAndUnknownUpdates hands the bot an update twice, as Telegram
// does when a confirmation is lost, and an update of a type newer than the
// library, which decodes as an update with only its id.
func TestRepeatedAndUnknownUpdates(t *testing.T) {
	t.Parallel()
	h := start(t)
	h.srv.AddChat(private(alice))
	var u tgbotapi.Update
	if err := json.Unmarshal([]byte(`{"update_id":77,"message":{"message_id":9,"date":0,"text":"全区托位有多少?",
		"chat":{"id":1001,"type":"private"},"from":{"id":1001,"first_name":"Alice"}}}`), &u); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if err := h.bot.Handle(ctx, u); err != nil {
			t.Fatalf("delivery %d: %v", i+1, err)
		}
	}
	var unknown tgbotapi.Update
	if err := json.Unmarshal([]byte(`{"update_id":78,"message_reaction":{"chat":{"id":1001,"type":"private"},"message_id":9,"date":0}}`), &unknown); err != nil {
		t.Fatal(err)
	}
	if err := h.bot.Handle(ctx, unknown); err != nil {
		t.Errorf("unknown update type: %v", err)
	}
	// The same through polling: a later question shows the bot is past both.
	h.srv.Push(map[string]any{"business_message": map[string]any{"message_id": 1, "date": 0, "chat": map[string]any{"id": alice.ID, "type": "private"}}})
	id, _ := h.srv.SendText(private(alice), alice, "新增多少学位?")
	h.settle(id)
	if n := len(h.srv.MessagesTo(alice.ID)); n != 2 {
		t.Errorf("%d replies to two questions, one delivered three times: %+v", n, h.srv.MessagesTo(alice.ID))
	}
	if err := h.stop(); err != nil {
		t.Errorf("Poll: %v", err)
	}
}

func TestFloodControl(t *testing.T) {
	t.Parallel()
	h := start(t, bot.WithFloodControl(3, time.Hour))
	var last int
	for i := 0; i < 6; i++ {
		last, _ = h.srv.SendText(private(bob), bob, "How many childcare places?")
	}
	h.settle(last)
	msgs := h.srv.MessagesTo(bob.ID)
	if len(msgs) != 4 {
		t.Fatalf("%d replies to 6 questions with a budget of 3; want 3 answers and one warning", len(msgs))
	}
	if !strings.Contains(msgs[3].Text, "a little fast") {
		t.Errorf("fourth reply %q is not the warning", msgs[3].Text)
	}
}

// TestSendingLimits checks the default pacing against the fake server,
// which refuses sends beyond Telegram's limits, and then a bot that ignores
// the limits, which must wait out every 429 and still reply once to each.
func TestSendingLimits(t *testing.T) {
	t.Parallel()
	t.Run("default limits are kept", func(t *testing.T) {
		h := start(t)
		var last int
		for i := 0; i < 4; i++ {
			last, _ = h.srv.SendText(private(alice), alice, "全区托位有多少?")
		}
		h.settle(last)
		msgs := h.srv.MessagesTo(alice.ID)
		if len(msgs) != 4 {
			t.Fatalf("%d replies, want 4", len(msgs))
		}
		if v := h.srv.LimitViolations(); len(v) > 0 {
			t.Errorf("limits broken: %v", v)
		}
	})
	t.Run("typing while a reply waits", func(t *testing.T) {
		// The bot shows it is typing when a reply must wait over a second.
		// Under the default limits a chat's next reply waits 1.05 s less
		// the time the previous send and the next answer took, so whether
		// it types there depends on the machine's speed; a 3 s window
		// leaves it 2 s to spare.
		slow := bot.Window{N: 1, Per: 3 * time.Second}
		fast := bot.Window{N: 100, Per: time.Millisecond}
		h := start(t, bot.WithLimits(bot.Limits{PerChat: slow, PerGroup: fast, Global: fast}))
		h.srv.SendText(private(alice), alice, "全区托位有多少?")
		last, _ := h.srv.SendText(private(alice), alice, "全区托位有多少?")
		h.settle(last)
		if n := len(h.srv.MessagesTo(alice.ID)); n != 2 {
			t.Fatalf("%d replies, want 2", n)
		}
		if h.srv.Calls("sendChatAction") == 0 {
			t.Error("no typing action while a reply waited 3 s behind the limit")
		}
	})
	t.Run("429 waits retry_after", func(t *testing.T) {
		fast := bot.Window{N: 100, Per: time.Millisecond}
		h := start(t, bot.WithLimits(bot.Limits{PerChat: fast, PerGroup: fast, Global: fast}))
		var last int
		for i := 0; i < 3; i++ {
			last, _ = h.srv.SendText(private(alice), alice, "全区托位有多少?")
		}
		h.settle(last)
		msgs := h.srv.MessagesTo(alice.ID)
		if len(msgs) != 3 {
			t.Fatalf("%d replies, want 3", len(msgs))
		}
		if len(h.srv.LimitViolations()) == 0 {
			t.Fatal("the bot never hit the fake's limits; the test shows nothing")
		}
		for i := 1; i < len(msgs); i++ {
			if gap := msgs[i].At.Sub(msgs[i-1].At); gap < 900*time.Millisecond {
				t.Errorf("replies %d and %d %v apart", i-1, i, gap)
			}
		}
	})
}

func TestWebhook(t *testing.T) {
	t.Parallel()
	srv := telegramtest.NewServer(token, botUser)
	defer srv.Close()
	h := &harness{t: t, srv: srv, logs: &syncBuffer{}}
	b := h.newBot()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const secret = "s3cret-webhook_token"
	hook := httptest.NewServer(b.WebhookHandler(ctx, secret))
	defer hook.Close()

	if err := b.SetWebhook(ctx, hook.URL+"/telegram", "bad secret!"); !errors.Is(err, bot.ErrBadSecret) {
		t.Errorf("a secret with a space and ! was accepted: %v", err)
	}
	if err := b.SetWebhook(ctx, hook.URL+"/telegram", secret); err != nil {
		t.Fatal(err)
	}
	if url, got := srv.Webhook(); got != secret || url != hook.URL+"/telegram" {
		t.Fatalf("webhook %q with secret %q", url, got)
	}
	id, _ := srv.SendText(private(alice), alice, "全区托位有多少?")
	h.replies(alice.ID, 1)
	srv.Redeliver(id)
	h.waitFor("the redelivery", func() bool { return srv.Pending() == 0 })

	body, _ := json.Marshal(map[string]any{"update_id": 999999, "message": map[string]any{
		"message_id": 50, "date": 0, "text": "全区托位有多少?",
		"chat": map[string]any{"id": alice.ID, "type": "private"}, "from": map[string]any{"id": alice.ID, "first_name": "A"}}})
	for _, c := range []struct {
		name, secret string
		body         []byte
		want         int
	}{
		{"no secret", "", body, http.StatusUnauthorized},
		{"wrong secret", "s3cret-webhook_tokeN", body, http.StatusUnauthorized},
		{"longer secret", secret + "x", body, http.StatusUnauthorized},
		{"bad json", secret, []byte("{"), http.StatusBadRequest},
		{"too large", secret, bytes.Repeat([]byte(" "), 2<<20), http.StatusRequestEntityTooLarge},
	} {
		req, _ := http.NewRequest(http.MethodPost, hook.URL+"/telegram", bytes.NewReader(c.body))
		if c.secret != "" {
			req.Header.Set(bot.SecretHeader, c.secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s: status %d, want %d", c.name, resp.StatusCode, c.want)
		}
	}
	if n := len(srv.MessagesTo(alice.ID)); n != 1 {
		t.Errorf("%d replies; rejected deliveries or the redelivery were answered", n)
	}
}

func TestConflictIsReported(t *testing.T) {
	t.Parallel()
	h := start(t)
	other := h.poll(h.newBot())
	h.waitFor("a conflict to be logged", func() bool { return strings.Contains(h.logs.String(), "another instance") })
	if err := other(); err != nil {
		t.Errorf("second poller: %v", err)
	}
}

func TestDialRejectsBadToken(t *testing.T) {
	t.Parallel()
	srv := telegramtest.NewServer(token, botUser)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	_, err := bot.Dial(ctx, "4242:wrong", srv.Endpoint(), nil)
	if !errors.Is(err, bot.ErrUnauthorized) {
		t.Fatalf("Dial with a wrong token: %v", err)
	}
	if strings.Contains(err.Error(), "4242:wrong") {
		t.Errorf("error %q holds the token", err)
	}
}

// syncBuffer collects logs written from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestInstancesShareOneWebhook runs two bots on one database, as several
// instances behind one webhook address: the same update delivered to both,
// at once and again later, gets one reply.
func TestInstancesShareOneWebhook(t *testing.T) {
	t.Parallel()
	srv := telegramtest.NewServer(token, botUser)
	defer srv.Close()
	h := &harness{t: t, srv: srv, logs: &syncBuffer{}}
	store, err := feedback.Open(context.Background(), filepath.Join(t.TempDir(), "shared.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	a := h.newBot(bot.WithClaims(store.Claims(time.Minute)))
	b := h.newBot(bot.WithClaims(store.Claims(time.Minute)))
	srv.AddChat(private(alice))
	var u tgbotapi.Update
	json.Unmarshal([]byte(`{"update_id":501,"message":{"message_id":3,"date":0,"text":"全区托位有多少?",
		"chat":{"id":1001,"type":"private"},"from":{"id":1001,"first_name":"Alice"}}}`), &u)
	for round := 0; round < 2; round++ {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, inst := range []*bot.Bot{a, b} {
			wg.Go(func() { errs[i] = inst.Handle(context.Background(), u) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil && !errors.Is(err, bot.ErrBusy) {
				t.Errorf("round %d, instance %d: %v", round, i, err)
			}
		}
	}
	if n := len(srv.MessagesTo(alice.ID)); n != 1 {
		t.Errorf("%d replies to one update delivered four times to two instances", n)
	}
}

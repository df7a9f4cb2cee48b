package telegramtest_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/liwanbot/liwanbot/bot/telegramtest"
)

const token = "123456789:AAE-fake_token-for_tests"

var (
	botUser = telegramtest.User{ID: 7000000001, FirstName: "Liwan", Username: "liwan_test_bot"}
	alice   = telegramtest.User{ID: 1001, FirstName: "Alice", Username: "alice_w", LanguageCode: "zh-hans"}
	bob     = telegramtest.User{ID: 1002, FirstName: "Bob"}
	aliceDM = telegramtest.Chat{ID: alice.ID, Type: "private"}
	group   = telegramtest.Chat{ID: -4001, Type: "group", Title: "Liwan fans"}
)

// patience bounds every wait for a condition. Only a broken run reaches
// it: a passing one waits milliseconds, a second perhaps on a busy machine.
const patience = 60 * time.Second

// longPoll is a getUpdates timeout (in seconds) longer than patience, so a
// poll that should have been woken or ended is caught by the test's wait,
// not ended by its own timeout.
const longPoll = 90

// start runs a fake server and a real tgbotapi client against it. The
// client's timeout bounds every request of the test; it outlasts a long
// poll, so it never ends one that a busy machine is slow to answer.
func start(t *testing.T) (*telegramtest.Server, *tgbotapi.BotAPI) {
	t.Helper()
	srv := telegramtest.NewServer(token, botUser)
	t.Cleanup(srv.Close)
	api, err := tgbotapi.NewBotAPIWithClient(token, srv.Endpoint(), &http.Client{Timeout: 2 * longPoll * time.Second})
	if err != nil {
		t.Fatalf("NewBotAPIWithClient: %v", err)
	}
	return srv, api
}

// apiError asserts err is a Bot API error with the given code and returns it.
func apiError(t *testing.T, err error, code int) *tgbotapi.Error {
	t.Helper()
	var e *tgbotapi.Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %v (%T), want *tgbotapi.Error %d", err, err, code)
	}
	if e.Code != code {
		t.Fatalf("got error code %d (%q), want %d", e.Code, e.Message, code)
	}
	return e
}

// receive waits for the value a goroutine sends on ch, for at most
// patience.
func receive[T any](t *testing.T, what string, ch <-chan T) T {
	t.Helper()
	deadline := time.NewTimer(patience)
	defer deadline.Stop()
	select {
	case v := <-ch:
		return v
	case <-deadline.C:
		t.Fatalf("%s: nothing within %v", what, patience)
	}
	panic("unreachable")
}

func wait(t *testing.T, srv *telegramtest.Server, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if err := srv.WaitUntil(ctx, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func TestGetMe(t *testing.T) {
	srv, api := start(t)
	if api.Self.ID != botUser.ID || !api.Self.IsBot || api.Self.UserName != botUser.Username || api.Self.FirstName != "Liwan" {
		t.Errorf("Self = %+v", api.Self)
	}
	resp, err := api.MakeRequest("getMe", nil)
	if err != nil {
		t.Fatal(err)
	}
	var me map[string]any
	if err := json.Unmarshal(resp.Result, &me); err != nil {
		t.Fatal(err)
	}
	for field, want := range map[string]any{
		"is_bot": true, "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": true,
	} {
		if me[field] != want {
			t.Errorf("getMe %s = %v, want %v", field, me[field], want)
		}
	}
	if n := srv.Calls("getme"); n != 2 {
		t.Errorf("Calls(getme) = %d, want 2", n)
	}
}

func TestWrongTokenAndUnknownMethod(t *testing.T) {
	srv, api := start(t)
	_, err := tgbotapi.NewBotAPIWithClient("42:wrong", srv.Endpoint(), &http.Client{Timeout: 5 * time.Second})
	if e := apiError(t, err, 401); e.Message != "Unauthorized" {
		t.Errorf("description %q", e.Message)
	}
	_, err = api.MakeRequest("sendTelepathy", nil)
	if e := apiError(t, err, 404); e.Message != "Not Found" {
		t.Errorf("description %q", e.Message)
	}
	if _, err := api.MakeRequest("GETME", nil); err != nil {
		t.Errorf("method names are case-insensitive: %v", err)
	}
}

// TestWireFormat checks the raw HTTP contract: encodings, envelope,
// status codes and Content-Type.
func TestWireFormat(t *testing.T) {
	srv, _ := start(t)
	srv.AddChat(aliceDM)
	client := &http.Client{Timeout: 5 * time.Second}
	base := srv.URL() + "/bot" + token + "/"
	post := func(method, contentType, body string) (int, string, map[string]any) {
		t.Helper()
		resp, err := client.Post(base+method, contentType, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var env map[string]any
		if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, resp.Header.Get("Content-Type"), env
	}

	code, ctype, env := post("sendMessage", "application/json", `{"chat_id":1001,"text":"<b>hi</b>","parse_mode":"HTML","reply_markup":{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}}`)
	if code != 200 || ctype != "application/json" || env["ok"] != true {
		t.Fatalf("JSON body: %d %s %v", code, ctype, env)
	}
	msg := env["result"].(map[string]any)
	if msg["text"] != "hi" || msg["reply_markup"] == nil || msg["entities"] == nil {
		t.Errorf("result %v", msg)
	}

	code, _, env = post("sendMessage?chat_id=1001", "application/x-www-form-urlencoded", "text=")
	if code != 400 || env["ok"] != false || env["error_code"] != float64(400) || env["description"] != "Bad Request: message text is empty" {
		t.Errorf("empty text: %d %v", code, env)
	}
	if _, ok := env["parameters"]; ok {
		t.Errorf("parameters present without any: %v", env)
	}

	body := "--XX\r\nContent-Disposition: form-data; name=\"chat_id\"\r\n\r\n1001\r\n--XX\r\nContent-Disposition: form-data; name=\"action\"\r\n\r\ntyping\r\n--XX--\r\n"
	code, _, env = post("sendChatAction", "multipart/form-data; boundary=XX", body)
	if code != 200 || env["result"] != true {
		t.Errorf("multipart: %d %v", code, env)
	}

	code, _, env = post("nope", "application/json", `{}`)
	if code != 404 || env["description"] != "Not Found" {
		t.Errorf("unknown method: %d %v", code, env)
	}
}

func TestGetUpdatesConfirmation(t *testing.T) {
	srv, api := start(t)
	u1, m1 := srv.SendText(aliceDM, alice, "/ask@liwan_test_bot 你好 @bob_the_builder 😀 @someone")
	u2, m2 := srv.SendText(aliceDM, alice, "second")
	if u2 != u1+1 || m2 != m1+1 || u1 < 100000 {
		t.Fatalf("ids: updates %d,%d messages %d,%d", u1, u2, m1, m2)
	}

	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ups) != 2 || ups[0].UpdateID != u1 || ups[1].UpdateID != u2 {
		t.Fatalf("got %d updates: %+v", len(ups), ups)
	}
	msg := ups[0].Message
	if msg.From.ID != alice.ID || msg.Chat.ID != alice.ID || !msg.Chat.IsPrivate() || msg.MessageID != m1 || msg.Date == 0 {
		t.Errorf("message %+v", msg)
	}
	if !msg.IsCommand() || msg.Command() != "ask" || msg.CommandWithAt() != "ask@liwan_test_bot" || msg.CommandArguments() != "你好 @bob_the_builder 😀 @someone" {
		t.Errorf("command: %q %q %q", msg.Command(), msg.CommandWithAt(), msg.CommandArguments())
	}
	// Offsets and lengths count UTF-16 code units: 你好 is 2 units, 😀 is 2.
	want := []tgbotapi.MessageEntity{
		{Type: "bot_command", Offset: 0, Length: 19},
		{Type: "mention", Offset: 23, Length: 16},
		{Type: "mention", Offset: 43, Length: 8},
	}
	if len(msg.Entities) != len(want) {
		t.Fatalf("entities %+v", msg.Entities)
	}
	for i, e := range msg.Entities {
		if e.Type != want[i].Type || e.Offset != want[i].Offset || e.Length != want[i].Length {
			t.Errorf("entity %d = %+v, want %+v", i, e, want[i])
		}
	}

	// Not confirmed yet: the same updates come again.
	if ups, _ := api.GetUpdates(tgbotapi.UpdateConfig{}); len(ups) != 2 || srv.Pending() != 2 {
		t.Fatalf("before confirmation: %d updates, %d pending", len(ups), srv.Pending())
	}
	ups, err = api.GetUpdates(tgbotapi.UpdateConfig{Offset: u1 + 1})
	if err != nil || len(ups) != 1 || ups[0].UpdateID != u2 {
		t.Fatalf("offset u1+1: %v %+v", err, ups)
	}
	if srv.Confirmed() != u1+1 || srv.Pending() != 1 {
		t.Errorf("Confirmed %d Pending %d", srv.Confirmed(), srv.Pending())
	}
	ups, err = api.GetUpdates(tgbotapi.UpdateConfig{Offset: u2 + 1, Limit: 5})
	if err != nil || len(ups) != 0 || srv.Pending() != 0 || srv.Confirmed() != u2+1 {
		t.Fatalf("after confirming all: %v %d updates, %d pending", err, len(ups), srv.Pending())
	}

	// Limit and negative offset.
	for i := 0; i < 5; i++ {
		srv.SendText(aliceDM, alice, "more")
	}
	if ups, _ := api.GetUpdates(tgbotapi.UpdateConfig{Offset: u2 + 1, Limit: 2}); len(ups) != 2 {
		t.Errorf("limit 2: %d updates", len(ups))
	}
	ups, _ = api.GetUpdates(tgbotapi.UpdateConfig{Offset: -1})
	if len(ups) != 1 || ups[0].UpdateID != u2+5 || srv.Pending() != 1 {
		t.Errorf("offset -1: %d updates (last %d), %d pending", len(ups), u2+5, srv.Pending())
	}
}

// TestLongPoll checks that an empty queue holds a poll for its timeout and
// that a new update wakes a waiting poll. Neither is timed from above: a
// poll that is not woken waits for its own timeout, longer than the test's
// patience, so only a broken fake fails, however busy the machine.
func TestLongPoll(t *testing.T) {
	srv, api := start(t)

	// An empty queue is held for the timeout.
	type result struct {
		ups  []tgbotapi.Update
		err  error
		took time.Duration
	}
	empty := make(chan result, 1)
	go func() {
		began := time.Now()
		ups, err := api.GetUpdates(tgbotapi.UpdateConfig{Timeout: 1})
		empty <- result{ups, err, time.Since(began)}
	}()
	if r := receive(t, "empty long poll of 1 s", empty); r.err != nil || len(r.ups) != 0 || r.took < 900*time.Millisecond {
		t.Fatalf("empty long poll: %v %d updates after %v", r.err, len(r.ups), r.took)
	}

	// A new update wakes the waiting poll at once.
	done := make(chan result, 1)
	go func() {
		ups, err := api.GetUpdates(tgbotapi.UpdateConfig{Timeout: longPoll})
		done <- result{ups, err, 0}
	}()
	wait(t, srv, "the poll to wait", srv.Polling)
	id, _ := srv.SendText(aliceDM, alice, "wake up")
	if r := receive(t, "the woken long poll", done); r.err != nil || len(r.ups) != 1 || r.ups[0].UpdateID != id {
		t.Fatalf("woken poll: %v %+v", r.err, r.ups)
	}
}

func TestTwoPollersConflict(t *testing.T) {
	srv, api := start(t)
	older := make(chan error, 1)
	go func() {
		_, err := api.GetUpdates(tgbotapi.UpdateConfig{Timeout: longPoll})
		older <- err
	}()
	wait(t, srv, "the first poll to wait", srv.Polling)

	newer := make(chan []tgbotapi.Update, 1)
	go func() {
		ups, _ := api.GetUpdates(tgbotapi.UpdateConfig{Timeout: longPoll})
		newer <- ups
	}()
	e := apiError(t, receive(t, "the older poll's end", older), 409)
	if e.Message != "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running" {
		t.Errorf("description %q", e.Message)
	}
	wait(t, srv, "the second poll to wait", srv.Polling)
	srv.SendText(aliceDM, alice, "for the survivor")
	if ups := receive(t, "the newer poll's update", newer); len(ups) != 1 {
		t.Errorf("newer poll got %d updates", len(ups))
	}
}

func TestAllowedUpdates(t *testing.T) {
	srv, api := start(t)
	srv.SendText(aliceDM, alice, "a message")
	srv.Push(map[string]any{"message_reaction": map[string]any{"chat": map[string]any{"id": 1001, "type": "private"}}})
	future := srv.Push(map[string]any{"business_message": map[string]any{"message_id": 1}})

	// Default: everything except chat_member and reactions.
	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 2 || ups[0].Message == nil || ups[1].UpdateID != future {
		t.Fatalf("default allowed_updates: %v %+v", err, ups)
	}
	srv.PressButton(aliceDM, alice, 1, "x")
	ups, err = api.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{"callback_query"}})
	if err != nil || len(ups) != 1 || ups[0].CallbackQuery == nil || ups[0].CallbackQuery.Data != "x" {
		t.Fatalf("callback_query only: %v %+v", err, ups)
	}
}

func TestSendMessage(t *testing.T) {
	srv, api := start(t)
	long := strings.Repeat("字", 4097)
	tests := []struct {
		name      string
		chat      int64 // 0: a fresh known private chat
		text      string
		parseMode string
		replyTo   int
		noReplyOK bool
		wantErr   string // "" for success
		wantText  string
	}{
		{name: "plain", text: "  hello  ", wantText: "hello"},
		{name: "html", text: `<b>Bold</b> &amp; <i>it</i> <a href="https://x.org/?a=1&b=2">link</a> <code>&lt;x&gt;</code> &#x1F600;`, parseMode: "HTML", wantText: "Bold & it link <x> 😀"},
		{name: "html pre", text: "<pre><code class=\"language-go\">x := 1</code></pre>", parseMode: "HTML", wantText: "x := 1"},
		{name: "bare lt", text: "1 < 2", parseMode: "HTML", wantErr: `Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2`},
		{name: "bare amp", text: "Q&A", parseMode: "HTML", wantErr: `Bad Request: can't parse entities: Character "&" at byte offset 1 must be escaped as "&amp;"`},
		{name: "unsupported tag", text: "<b>x</b> <foo>bar</foo>", parseMode: "HTML", wantErr: `Bad Request: can't parse entities: Unsupported start tag "foo" at byte offset 9`},
		{name: "missing end tag", text: "<b>bold", parseMode: "HTML", wantErr: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`},
		{name: "crossed tags", text: "<b><i>x</b></i>", parseMode: "HTML", wantErr: `Bad Request: can't parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"`},
		{name: "lower case parse mode", text: "<u>x</u>", parseMode: "html", wantText: "x"},
		{name: "bad parse mode", text: "x", parseMode: "BBCode", wantErr: "Bad Request: unsupported parse_mode"},
		{name: "too long", text: long, wantErr: "Bad Request: message is too long"},
		{name: "4096 after parsing", text: "<b>" + strings.Repeat("a", 4096) + "</b>", parseMode: "HTML", wantText: strings.Repeat("a", 4096)},
		{name: "empty after parsing", text: "<b> </b>", parseMode: "HTML", wantErr: "Bad Request: message text is empty"},
		{name: "unknown chat", chat: 999, text: "x", wantErr: "Bad Request: chat not found"},
		{name: "reply not found", text: "x", replyTo: 77, wantErr: "Bad Request: message to be replied not found"},
		{name: "reply not found allowed", text: "x", replyTo: 77, noReplyOK: true, wantText: "x"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			chat := tc.chat
			if chat == 0 {
				chat = int64(5000 + i)
				srv.AddChat(telegramtest.Chat{ID: chat})
			}
			cfg := tgbotapi.NewMessage(chat, tc.text)
			cfg.ParseMode = tc.parseMode
			cfg.ReplyToMessageID = tc.replyTo
			cfg.AllowSendingWithoutReply = tc.noReplyOK
			msg, err := api.Send(cfg)
			if tc.wantErr != "" {
				if e := apiError(t, err, 400); e.Message != tc.wantErr {
					t.Errorf("description\n got %q\nwant %q", e.Message, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if msg.Text != tc.wantText || msg.From.ID != botUser.ID || msg.Chat.ID != chat || msg.MessageID == 0 {
				t.Errorf("message %+v", msg)
			}
			sent := srv.MessagesTo(chat)
			if len(sent) != 1 || sent[0].Text != tc.wantText || sent[0].Raw != tc.text || sent[0].ParseMode != tc.parseMode {
				t.Errorf("recorded %+v", sent)
			}
		})
	}

	// Entities of the HTML case, in UTF-16 units.
	cfg := tgbotapi.NewMessage(5001, "<b>粗</b>😀<pre><code class=\"language-go\">x</code></pre>")
	cfg.ParseMode = tgbotapi.ModeHTML
	srv.SetLimits(false)
	msg, err := api.Send(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(msg.Entities) != 2 || msg.Entities[0].Type != "bold" || msg.Entities[0].Length != 1 ||
		msg.Entities[1].Type != "pre" || msg.Entities[1].Offset != 3 || msg.Entities[1].Language != "go" {
		t.Errorf("entities %+v", msg.Entities)
	}
}

func TestRepliesCarryStoredMessages(t *testing.T) {
	srv, api := start(t)
	_, asked := srv.SendText(group, alice, "question")
	botMsg, err := api.Send(tgbotapi.MessageConfig{BaseChat: tgbotapi.BaseChat{ChatID: group.ID, ReplyToMessageID: asked}, Text: "answer"})
	if err != nil {
		t.Fatal(err)
	}
	if botMsg.ReplyToMessage == nil || botMsg.ReplyToMessage.MessageID != asked || botMsg.ReplyToMessage.Text != "question" {
		t.Fatalf("bot reply %+v", botMsg.ReplyToMessage)
	}
	if botMsg.MessageID != asked+1 {
		t.Errorf("message ids are per chat and shared: got %d after %d", botMsg.MessageID, asked)
	}
	id, _ := srv.ReplyText(group, bob, "thanks", botMsg.MessageID)
	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil {
		t.Fatal(err)
	}
	last := ups[len(ups)-1]
	r := last.Message.ReplyToMessage
	if last.UpdateID != id || r == nil || r.From.ID != botUser.ID || !r.From.IsBot || r.Text != "answer" || r.ReplyToMessage != nil {
		t.Errorf("reply_to_message %+v", r)
	}
	if last.Message.Chat.Title != "Liwan fans" || !last.Message.Chat.IsGroup() {
		t.Errorf("chat %+v", last.Message.Chat)
	}
	for _, send := range []func(telegramtest.Chat, telegramtest.User) (int, int){srv.SendSticker, srv.SendPhoto, srv.SendVoice} {
		send(aliceDM, alice)
	}
	ups, _ = api.GetUpdates(tgbotapi.UpdateConfig{Offset: id + 1})
	if len(ups) != 3 || ups[0].Message.Sticker == nil || len(ups[1].Message.Photo) == 0 || ups[1].Message.Text != "" || ups[2].Message.Voice == nil {
		t.Errorf("media updates %+v", ups)
	}
}

func TestInlineKeyboardsAndCallbacks(t *testing.T) {
	srv, api := start(t)
	srv.SetLimits(false)
	srv.AddChat(aliceDM)
	keyboard := func(data string) tgbotapi.InlineKeyboardMarkup {
		return tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("Next", data)))
	}
	for _, tc := range []struct {
		name    string
		markup  any
		wantErr string
	}{
		{"64 bytes", keyboard(strings.Repeat("d", 64)), ""},
		{"65 bytes", keyboard(strings.Repeat("d", 65)), "Bad Request: BUTTON_DATA_INVALID"},
		{"empty data", keyboard(""), "Bad Request: BUTTON_DATA_INVALID"},
		{"text only", tgbotapi.NewInlineKeyboardMarkup([]tgbotapi.InlineKeyboardButton{{Text: "plain"}}), "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := tgbotapi.NewMessage(alice.ID, "pick")
			cfg.ReplyMarkup = tc.markup
			_, err := api.Send(cfg)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if e := apiError(t, err, 400); e.Message != tc.wantErr {
				t.Errorf("got %q, want %q", e.Message, tc.wantErr)
			}
		})
	}
	empty := tgbotapi.NewInlineKeyboardMarkup([]tgbotapi.InlineKeyboardButton{tgbotapi.NewInlineKeyboardButtonData("", "d")})
	cfg := tgbotapi.NewMessage(alice.ID, "pick")
	cfg.ReplyMarkup = empty
	if _, err := api.Send(cfg); err == nil {
		t.Error("button with empty text accepted")
	}

	cfg = tgbotapi.NewMessage(alice.ID, "<b>Page 1</b>")
	cfg.ParseMode = tgbotapi.ModeHTML
	cfg.ReplyMarkup = keyboard("page:2")
	msg, err := api.Send(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if msg.ReplyMarkup == nil || *msg.ReplyMarkup.InlineKeyboard[0][0].CallbackData != "page:2" {
		t.Fatalf("reply_markup %+v", msg.ReplyMarkup)
	}
	_, queryID := srv.PressButton(aliceDM, alice, msg.MessageID, "page:2")
	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 1 || ups[0].CallbackQuery == nil {
		t.Fatalf("callback update: %v %+v", err, ups)
	}
	cq := ups[0].CallbackQuery
	if cq.ID != queryID || cq.Data != "page:2" || cq.From.ID != alice.ID || cq.Message.MessageID != msg.MessageID || cq.Message.Text != "Page 1" || cq.ChatInstance == "" {
		t.Errorf("callback query %+v", cq)
	}
	if _, err := api.Request(tgbotapi.NewCallback(queryID, "Turning the page")); err != nil {
		t.Fatal(err)
	}
	_, err = api.Request(tgbotapi.NewCallback(queryID, "again"))
	if e := apiError(t, err, 400); e.Message != "Bad Request: query is too old and response timeout expired or query ID is invalid" {
		t.Errorf("double answer: %q", e.Message)
	}
	if a := srv.CallbackAnswers(); len(a) != 1 || a[0] != (telegramtest.CallbackAnswer{QueryID: queryID, Text: "Turning the page"}) {
		t.Errorf("answers %+v", a)
	}

	// Editing: new text and keyboard, then the same again.
	edit := tgbotapi.NewEditMessageTextAndMarkup(alice.ID, msg.MessageID, "<b>Page 2</b>", keyboard("page:3"))
	edit.ParseMode = tgbotapi.ModeHTML
	if _, err := api.Send(edit); err != nil {
		t.Fatal(err)
	}
	_, err = api.Send(edit)
	if e := apiError(t, err, 400); !strings.HasPrefix(e.Message, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same") {
		t.Errorf("unmodified edit: %q", e.Message)
	}
	if _, err := api.Send(tgbotapi.NewEditMessageReplyMarkup(alice.ID, msg.MessageID, keyboard("page:4"))); err != nil {
		t.Errorf("editMessageReplyMarkup: %v", err)
	}
	_, err = api.Send(tgbotapi.NewEditMessageText(alice.ID, 999, "x"))
	if e := apiError(t, err, 400); e.Message != "Bad Request: message to edit not found" {
		t.Errorf("edit unknown: %q", e.Message)
	}
	last := srv.Messages()[len(srv.Messages())-1]
	if last.Method != "editMessageText" || last.Text != "Page 2" || last.MessageID != msg.MessageID {
		t.Errorf("recorded edit %+v", last)
	}
	// The button press now carries the edited message.
	srv.PressButton(aliceDM, alice, msg.MessageID, "page:4")
	ups, _ = api.GetUpdates(tgbotapi.UpdateConfig{Offset: ups[0].UpdateID + 1})
	if len(ups) != 1 || ups[0].CallbackQuery.Message.Text != "Page 2" || ups[0].CallbackQuery.Message.EditDate == 0 {
		t.Errorf("callback after edit %+v", ups)
	}
}

func TestInlineQueries(t *testing.T) {
	srv, api := start(t)
	_, qid := srv.InlineQuery(alice, "天气")
	ups, err := api.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 1 || ups[0].InlineQuery == nil || ups[0].InlineQuery.ID != qid || ups[0].InlineQuery.Query != "天气" {
		t.Fatalf("inline update: %v %+v", err, ups)
	}
	article := func(id, text string) any { return tgbotapi.NewInlineQueryResultArticleHTML(id, "Title "+id, text) }
	many := make([]any, 51)
	for i := range many {
		many[i] = article(strings.Repeat("r", i+1), "x")
	}
	for _, tc := range []struct {
		name    string
		results []any
		wantErr string
	}{
		{"too many", many, "Bad Request: RESULTS_TOO_MUCH"},
		{"duplicate", []any{article("1", "a"), article("1", "b")}, "Bad Request: RESULT_ID_DUPLICATE"},
		{"long id", []any{article(strings.Repeat("i", 65), "a")}, "Bad Request: RESULT_ID_INVALID"},
		{"bad html", []any{article("1", "<b>oops")}, `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`},
		{"no title", []any{tgbotapi.NewInlineQueryResultArticle("1", "", "x")}, `Bad Request: can't parse inline query result: Can't find field "title"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := api.Request(tgbotapi.InlineConfig{InlineQueryID: qid, Results: tc.results})
			if e := apiError(t, err, 400); e.Message != tc.wantErr {
				t.Errorf("got %q, want %q", e.Message, tc.wantErr)
			}
		})
	}
	ok := tgbotapi.InlineConfig{InlineQueryID: qid, Results: []any{article("a", "<b>sunny</b>")}, CacheTime: 5, IsPersonal: true}
	if _, err := api.Request(ok); err != nil {
		t.Fatal(err)
	}
	_, err = api.Request(ok)
	if e := apiError(t, err, 400); e.Message != "Bad Request: query is too old and response timeout expired or query ID is invalid" {
		t.Errorf("double answer: %q", e.Message)
	}
	answers := srv.InlineAnswers()
	if len(answers) != 1 || answers[0].QueryID != qid || answers[0].CacheTime != 5 || !answers[0].IsPersonal || answers[0].Results[0]["title"] != "Title a" {
		t.Errorf("answers %+v", answers)
	}
}

func TestChatActionsAndCommands(t *testing.T) {
	srv, api := start(t)
	srv.AddChat(aliceDM)
	if _, err := api.Request(tgbotapi.NewChatAction(alice.ID, tgbotapi.ChatTyping)); err != nil {
		t.Fatal(err)
	}
	_, err := api.Request(tgbotapi.NewChatAction(alice.ID, "dancing"))
	if e := apiError(t, err, 400); e.Message != "Bad Request: wrong parameter action in request" {
		t.Errorf("bad action: %q", e.Message)
	}
	if a := srv.Actions(); len(a) != 1 || a[0] != (telegramtest.ChatAction{ChatID: alice.ID, Action: "typing"}) {
		t.Errorf("actions %+v", a)
	}
	if _, err := api.Request(tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "ask", Description: "Ask a question"})); err != nil {
		t.Fatal(err)
	}
	if c := srv.Commands(); len(c) != 1 || c[0]["command"] != "ask" {
		t.Errorf("commands %v", c)
	}
	_, err = api.Request(tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "Ask!", Description: "x"}))
	apiError(t, err, 400)
	if _, err := api.Request(tgbotapi.NewDeleteMyCommands()); err != nil || srv.Commands() != nil {
		t.Errorf("deleteMyCommands: %v %v", err, srv.Commands())
	}
}

func TestMigrationToSupergroup(t *testing.T) {
	srv, api := start(t)
	srv.SendText(group, alice, "hello group")
	super := srv.MigrateToSupergroup(group)
	if super.Type != "supergroup" || super.ID > -1000000000000 {
		t.Fatalf("new chat %+v", super)
	}
	_, err := api.Send(tgbotapi.NewMessage(group.ID, "still there?"))
	e := apiError(t, err, 400)
	if e.Message != "Bad Request: group chat was upgraded to a supergroup chat" || e.MigrateToChatID != super.ID {
		t.Errorf("error %+v", e)
	}
	if _, err := api.Send(tgbotapi.NewMessage(super.ID, "found you")); err != nil {
		t.Errorf("send to supergroup: %v", err)
	}
	ups, _ := api.GetUpdates(tgbotapi.UpdateConfig{})
	if len(ups) != 3 || ups[1].Message.MigrateToChatID != super.ID || ups[1].Message.Chat.ID != group.ID ||
		ups[2].Message.MigrateFromChatID != group.ID || ups[2].Message.Chat.ID != super.ID || !ups[2].Message.Chat.IsSuperGroup() {
		t.Errorf("service messages %+v", ups)
	}
}

func TestSendingLimits(t *testing.T) {
	srv, api := start(t)
	srv.AddChat(aliceDM)
	if _, err := api.Send(tgbotapi.NewMessage(alice.ID, "one")); err != nil {
		t.Fatal(err)
	}
	_, err := api.Send(tgbotapi.NewMessage(alice.ID, "two, too soon"))
	e := apiError(t, err, 429)
	if e.RetryAfter != 1 || e.Message != "Too Many Requests: retry after 1" {
		t.Errorf("error %+v", e)
	}
	if v := srv.LimitViolations(); len(v) != 1 || !strings.Contains(v[0], "chat 1001") {
		t.Errorf("violations %q", v)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("refused send recorded: %d messages", n)
	}
	srv.SetLimits(false)
	if _, err := api.Send(tgbotapi.NewMessage(alice.ID, "three")); err != nil {
		t.Errorf("limits off: %v", err)
	}
}

// TestCloseEndsLongPoll: Close must end a waiting long poll and return.
// The poll's own timeout is longer than the test's patience, so a Close
// that waited for it fails here, without timing Close on a busy machine.
func TestCloseEndsLongPoll(t *testing.T) {
	srv, api := start(t)
	done := make(chan error, 1)
	go func() {
		_, err := api.GetUpdates(tgbotapi.UpdateConfig{Timeout: longPoll})
		done <- err
	}()
	wait(t, srv, "the poll to wait", srv.Polling)
	closed := make(chan struct{})
	go func() {
		srv.Close()
		srv.Close() // idempotent
		close(closed)
	}()
	receive(t, "Close with a long poll waiting", closed)
	receive(t, "the long poll's end after Close", done)
	resp, err := http.Get(srv.URL())
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		t.Error("server still answering after Close")
	}
}

func TestForbiddenPrivateChats(t *testing.T) {
	srv, api := start(t)
	srv.SendText(group, bob, "hi all") // bob is known, but never wrote to the bot
	_, err := api.Send(tgbotapi.NewMessage(bob.ID, "psst"))
	if e := apiError(t, err, 403); e.Message != "Forbidden: bot can't initiate conversation with a user" {
		t.Errorf("stranger: %q", e.Message)
	}
	srv.SendText(aliceDM, alice, "/start")
	srv.Block(alice)
	_, err = api.Send(tgbotapi.NewMessage(alice.ID, "still there?"))
	if e := apiError(t, err, 403); e.Message != "Forbidden: bot was blocked by the user" {
		t.Errorf("blocked: %q", e.Message)
	}
	srv.SendText(aliceDM, alice, "/start")
	if _, err := api.Send(tgbotapi.NewMessage(alice.ID, "welcome back")); err != nil {
		t.Errorf("after unblocking: %v", err)
	}
}

// TestNoGoroutineLeak runs polls and webhook deliveries, closes everything
// and checks the goroutine count returns to where it was.
func TestNoGoroutineLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	func() {
		srv := telegramtest.NewServer(token, botUser)
		defer srv.Close()
		httpClient := &http.Client{Timeout: 2 * longPoll * time.Second}
		defer httpClient.CloseIdleConnections()
		api, err := tgbotapi.NewBotAPIWithClient(token, srv.Endpoint(), httpClient)
		if err != nil {
			t.Fatal(err)
		}
		hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "always failing", http.StatusServiceUnavailable)
		}))
		defer hook.Close()
		go func() { _, _ = api.GetUpdates(tgbotapi.UpdateConfig{Timeout: longPoll}) }()
		wait(t, srv, "poll", srv.Polling)
		srv.SendText(aliceDM, alice, "x")
		if _, err := api.MakeRequest("setWebhook", tgbotapi.Params{"url": hook.URL}); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ {
			srv.SendText(aliceDM, alice, "y")
		}
		wait(t, srv, "failed deliveries", func() bool {
			info, err := api.GetWebhookInfo()
			return err == nil && info.LastErrorDate != 0
		})
	}()
	// Goroutines of closed connections take a moment to end, longer on a
	// busy machine: wait for the count with the test's patience.
	deadline := time.Now().Add(patience)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines before, %d after Close:\n%s", before, n, buf[:runtime.Stack(buf, true)])
	}
}

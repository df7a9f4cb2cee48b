package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/liwanbot/liwanbot/bot/telegramtest"
	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/golden"
	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/seeds"
)

const testToken = "777000:AAF-serve_test-token_must_not_leak"

var botUser = telegramtest.User{ID: 777000, IsBot: true, FirstName: "Liwan", Username: "LiwanBot"}

// patience bounds every wait for serve. Only a broken run reaches it.
const patience = 60 * time.Second

// serving is one `liwanbot serve` process, run in-process through run.
type serving struct {
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
}

// startServe runs `liwanbot serve args…` with env and waits until its HTTP
// server listens, returning its address.
func startServe(t *testing.T, env map[string]string, logs *syncBuffer, args ...string) (*serving, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &serving{logs: logs, cancel: cancel, done: make(chan error, 1)}
	args = append([]string{"serve", "--http", "127.0.0.1:0", "--log-format", "json", "--log-level", "debug", "--db", filepath.Join(t.TempDir(), "feedback.db"), "--state-file", filepath.Join(t.TempDir(), "updates.json")}, args...)
	go func() {
		s.done <- run(ctx, args, func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, logs)
	}()
	// Start-up builds the search index, seconds on a busy machine under
	// the race detector; only a broken run reaches the deadline.
	deadline := time.After(patience)
	for {
		if addr := listenAddr(logs.String()); addr != "" {
			return s, addr
		}
		select {
		case err := <-s.done:
			t.Fatalf("serve stopped before listening: %v\n%s", err, logs)
		case <-deadline:
			cancel()
			t.Fatalf("serve did not listen within %v:\n%s", patience, logs)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stop sends the equivalent of SIGTERM and waits for a clean exit.
func (s *serving) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(patience):
		t.Fatalf("serve did not stop within %v of shutdown", patience)
	}
}

func listenAddr(logs string) string {
	for _, line := range strings.Split(logs, "\n") {
		var entry struct {
			Msg  string `json:"msg"`
			Addr string `json:"addr"`
		}
		if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "HTTP server listening" {
			return entry.Addr
		}
	}
	return ""
}

func TestServeWithoutTokenServesHTTP(t *testing.T) {
	logs := &syncBuffer{}
	s, addr := startServe(t, nil, logs)
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %s", path, resp.Status)
		}
	}
	s.stop(t)
	if !strings.Contains(logs.String(), "Telegram channel is off") {
		t.Errorf("serve did not say the Telegram channel is off:\n%s", logs)
	}
}

func TestServeNeedsAStaffTokenOffLoopback(t *testing.T) {
	_, _, err := runCmd(t, "", "serve", "--http", "0.0.0.0:0", "--log-level", "error")
	if !errors.Is(err, errUsage) || !strings.Contains(err.Error(), "STAFF_TOKEN") {
		t.Fatalf("serve on 0.0.0.0 without STAFF_TOKEN: %v", err)
	}
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "[::1]:8080": true, "localhost:8080": true, "127.8.9.1:80": true,
		":8080": false, "0.0.0.0:8080": false, "192.168.1.5:8080": false, "[::]:8080": false, "example.org:80": false, "nonsense": false,
	} {
		if isLoopback(addr) != want {
			t.Errorf("isLoopback(%q) = %v", addr, !want)
		}
	}
	// With a token set, the API asks for it even on loopback.
	s, addr := startServe(t, map[string]string{"STAFF_TOKEN": "t0ken"}, &syncBuffer{})
	defer s.stop(t)
	resp, err := http.Get("http://" + addr + "/api/ask?q=x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("API without the staff token: %s", resp.Status)
	}
}

func TestServeStopsOnARejectedToken(t *testing.T) {
	srv := telegramtest.NewServer(testToken, botUser)
	defer srv.Close()
	cases := []struct {
		name, token, endpoint, want string
	}{
		{"wrong token", "777000:AAF-wrong-token", srv.Endpoint(), "rejected the bot token"},
		{"nothing listening", testToken, "http://127.0.0.1:1/bot%s/%s", "connect to telegram"},
		{"malformed endpoint", testToken, "http://127.0.0.1:1/bot", "two %s"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// serve builds its index before it dials Telegram: on a busy
			// machine that alone can take seconds, and a deadline hit
			// there fails with the wrong error.
			ctx, cancel := context.WithTimeout(context.Background(), patience)
			defer cancel()
			var logs syncBuffer
			env := map[string]string{"TELEGRAM_BOT_TOKEN": c.token}
			err := run(ctx, []string{"serve", "--http", "127.0.0.1:0", "--telegram-api", c.endpoint, "--log-format", "json", "--db", "off", "--state-file", "off"},
				func(k string) string { return env[k] }, strings.NewReader(""), io.Discard, &logs)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("serve: %v, want an error saying %q", err, c.want)
			}
			if strings.Contains(err.Error(), c.token) || strings.Contains(logs.String(), c.token) {
				t.Errorf("the token leaked:\nerror: %v\nlogs: %s", err, logs.String())
			}
		})
	}
}

func TestServeWebhookChecksTheSecret(t *testing.T) {
	srv := telegramtest.NewServer(testToken, botUser)
	defer srv.Close()
	env := map[string]string{"TELEGRAM_BOT_TOKEN": testToken, "TELEGRAM_WEBHOOK_SECRET": "hook-secret_1"}

	// The webhook's address is only known once serve listens; the first
	// run learns it, the second registers it.
	first, addr := startServe(t, env, &syncBuffer{}, "--telegram-api", srv.Endpoint(), "--no-telegram")
	first.stop(t)
	logs := &syncBuffer{}
	s, _ := startServe(t, env, logs, "--telegram-api", srv.Endpoint(), "--http", addr, "--webhook-url", "http://"+addr+"/telegram/hook")

	alice := telegramtest.User{ID: 55, FirstName: "Alice"}
	srv.SendText(telegramtest.Chat{ID: 55, Type: "private"}, alice, "全区托位有多少?")
	waitUntil(t, srv, func() bool { return len(srv.MessagesTo(55)) == 1 && srv.Pending() == 0 })
	for _, secret := range []string{"", "hook-secret_2"} {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/telegram/hook", strings.NewReader(`{"update_id":1,"message":{"message_id":1,"date":0,"chat":{"id":55,"type":"private"},"from":{"id":55,"first_name":"A"},"text":"托位"}}`))
		if secret != "" {
			req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("secret %q: %s, want 401", secret, resp.Status)
		}
	}
	if n := len(srv.MessagesTo(55)); n != 1 {
		t.Errorf("%d replies; a delivery without the secret was answered", n)
	}
	if _, secret := srv.Webhook(); secret != "hook-secret_1" {
		t.Errorf("webhook registered with secret %q", secret)
	}
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`liwanbot_questions_total{channel="telegram",lang="zh-Hans",outcome="answered"} 1`,
		`liwanbot_telegram_api_calls_total{code="ok",method="sendMessage"} 1`,
		`liwanbot_telegram_api_calls_total{code="ok",method="setWebhook"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	s.stop(t)
	if strings.Contains(logs.String(), testToken) || strings.Contains(logs.String(), "hook-secret_1") {
		t.Error("the token or the webhook secret appears in the logs")
	}
	// Webhook mode with a database claims each update there.
	if strings.Contains(logs.String(), "claim failed") || strings.Contains(logs.String(), "claim not settled") {
		t.Errorf("update claims failed:\n%s", logs)
	}
}

// TestServeUnderFaults is the reliability test of the Telegram channel: a
// thousand questions from a hundred chats, with one Bot API call in five
// failing (429, 502 with an HTML page, a dropped connection, or a slow
// reply), and the bot restarted half-way. Every question must get exactly
// one reply, the right one, and the token must appear nowhere in the logs.
func TestServeUnderFaults(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("the fault run takes about a minute")
	}
	questions := faultQuestions(t)
	eng := testEngine(t)

	srv := telegramtest.NewServer(testToken, botUser)
	defer srv.Close()
	srv.SetFaults(telegramtest.Faults{Rate: 0.2, RetryAfter: 1, SlowDelay: 300 * time.Millisecond, Seed: 7})

	// 70 private chats and 30 groups, ten questions each, arriving in
	// rounds as residents type.
	type asked struct {
		chat     telegramtest.Chat
		msgID    int
		question string
	}
	var chats []telegramtest.Chat
	var users []telegramtest.User
	for i := 0; i < 100; i++ {
		u := telegramtest.User{ID: int64(5000 + i), FirstName: fmt.Sprintf("R%d", i)}
		c := telegramtest.Chat{ID: u.ID, Type: "private"}
		if i >= 70 {
			c = telegramtest.Chat{ID: int64(-9000 - i), Type: "supergroup", Title: fmt.Sprintf("街坊群%d", i)}
			srv.AddChat(c)
		}
		chats, users = append(chats, c), append(users, u)
	}
	var all []asked
	lastUpdate := 0
	env := map[string]string{"TELEGRAM_BOT_TOKEN": testToken}
	logs := &syncBuffer{}
	began := time.Now()
	// Both runs share their files, as one installation would.
	dir := t.TempDir()
	args := []string{"--telegram-api", srv.Endpoint(), "--db", filepath.Join(dir, "feedback.db"), "--state-file", filepath.Join(dir, "updates.json")}
	s, _ := startServe(t, env, logs, args...)
	for round := 0; round < 10; round++ {
		for i, c := range chats {
			q := questions[(round*len(chats)+i)%len(questions)]
			text := q
			if c.Type != "private" {
				text = "/ask " + q
			}
			id, msg := srv.SendText(c, users[i], text)
			all = append(all, asked{c, msg, q})
			lastUpdate = max(lastUpdate, id)
		}
		if round == 4 {
			// Restart mid-run: stop as SIGTERM would, then start again.
			waitUntil(t, srv, func() bool { return len(srv.Messages()) >= 300 })
			s.stop(t)
			t.Logf("restarted after %d replies", len(srv.Messages()))
			s, _ = startServe(t, env, logs, args...)
		}
	}
	waitUntilFor(t, srv, 5*time.Minute, func() bool { return srv.Confirmed() > lastUpdate || len(srv.Messages()) >= len(all) })
	waitUntil(t, srv, func() bool { return len(srv.Messages()) >= len(all) })
	elapsed := time.Since(began)
	s.stop(t)

	// Each question: exactly one reply, the engine's answer to it. Group
	// replies are threaded to their question; a private chat's come in the
	// order asked.
	byChat := map[int64][]telegramtest.Sent{}
	for _, m := range srv.Messages() {
		byChat[m.ChatID] = append(byChat[m.ChatID], m)
	}
	next := map[int64]int{}
	for _, a := range all {
		msgs := byChat[a.chat.ID]
		i := next[a.chat.ID]
		next[a.chat.ID]++
		if i >= len(msgs) {
			t.Errorf("chat %d: question %q got no reply", a.chat.ID, a.question)
			continue
		}
		got := msgs[i]
		if a.chat.Type != "private" && got.ReplyTo != a.msgID {
			t.Errorf("chat %d: reply %d threaded to %d, want %d", a.chat.ID, i, got.ReplyTo, a.msgID)
		}
		want := eng.Answer(context.Background(), a.question).Text
		if firstLine(got.Text) != firstLine(want) {
			t.Errorf("chat %d: %q answered %q, want %q", a.chat.ID, a.question, firstLine(got.Text), firstLine(want))
		}
	}
	for id, msgs := range byChat {
		if len(msgs) != next[id] {
			t.Errorf("chat %d: %d replies to %d questions", id, len(msgs), next[id])
		}
	}
	// The pacer keeps every limit when requests take the same time (see
	// the bot package's tests, on a fake clock). Here slow replies can
	// bunch sends that left evenly spaced into one second at Telegram; the
	// fake refuses those with a 429, which the bot waits out. How many
	// bunch depends on the machine, not the code: on two cores under
	// -race, 45 of 1000 while other builds ran and 50 with stress-ng
	// keeping both busy, where the bound used to be 10. A pacer without
	// the global limit breaks it
	// on most sends (874 of 1000 measured), so a quarter is reached only
	// by a broken pacer. Per chat and per group, where the margins are
	// wide and a slow send is booked again at its end, nothing may bunch.
	var global int
	for _, v := range srv.LimitViolations() {
		if global < 5 {
			t.Log(v)
		}
		if !strings.Contains(v, "overall") {
			t.Errorf("limit broken: %s", v)
		}
		global++
	}
	if global > len(all)/4 {
		t.Errorf("%d of %d sends broke the global limit", global, len(all))
	}
	if strings.Contains(logs.String(), testToken) || strings.Contains(logs.String(), strings.SplitN(testToken, ":", 2)[1]) {
		t.Error("the bot token appears in the logs")
	}
	faults := srv.FaultCounts()
	t.Logf("%d questions, %d replies in %v (%.1f replies/s), %d over the global limit; faults injected: %v", len(all), len(srv.Messages()), elapsed.Round(time.Millisecond), float64(len(srv.Messages()))/elapsed.Seconds(), global, faults)
	for _, kind := range []string{"429", "502", "drop", "slow"} {
		if faults[kind] == 0 {
			t.Errorf("no %q fault was injected; the test shows nothing about it", kind)
		}
	}
}

func faultQuestions(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../../golden/questions.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := golden.Load(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, q := range qs {
		out = append(out, q.Q)
	}
	return out
}

func testEngine(t *testing.T) *search.Engine {
	t.Helper()
	r, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	eng, err := search.New(r)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	return eng
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func waitUntil(t *testing.T, srv *telegramtest.Server, cond func() bool) {
	t.Helper()
	waitUntilFor(t, srv, 60*time.Second, cond)
}

func waitUntilFor(t *testing.T, srv *telegramtest.Server, d time.Duration, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if err := srv.WaitUntil(ctx, cond); err != nil {
		t.Fatalf("waited %v: %v (%d replies so far)", d, err, len(srv.Messages()))
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

// TestFeedbackIsRecordedAndReported goes the whole way: residents' refused
// questions and 👎 through Telegram, and the same through the HTTP API, end
// up in the SQLite file, and `liwanbot report` reads them back.
func TestFeedbackIsRecordedAndReported(t *testing.T) {
	srv := telegramtest.NewServer(testToken, botUser)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "feedback.db")
	env := map[string]string{"TELEGRAM_BOT_TOKEN": testToken}
	s, addr := startServe(t, env, &syncBuffer{}, "--telegram-api", srv.Endpoint(), "--db", db)

	alice := telegramtest.User{ID: 5551, FirstName: "Alice", LanguageCode: "zh-hans"}
	chat := telegramtest.Chat{ID: alice.ID, Type: "private"}
	srv.SendText(chat, alice, "火星上有多少个托位?")
	srv.SendText(chat, alice, "火星上有多少个托位？")
	srv.SendText(chat, alice, "全区托位有多少?")
	waitUntil(t, srv, func() bool { return len(srv.MessagesTo(alice.ID)) == 3 })
	answer := srv.MessagesTo(alice.ID)[2]
	var kb struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal(answer.Markup, &kb); err != nil {
		t.Fatal(err)
	}
	down := ""
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.Text == "👎" {
				down = b.CallbackData
			}
		}
	}
	_, q := srv.PressButton(chat, alice, answer.MessageID, down)
	waitUntil(t, srv, func() bool {
		for _, a := range srv.CallbackAnswers() {
			if a.QueryID == q {
				return true
			}
		}
		return false
	})

	api := "http://" + addr
	resp, err := http.Get(api + "/api/ask?q=" + url.QueryEscape("荔湾区有几个海滩?"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = http.Post(api+"/api/feedback", "application/json", strings.NewReader(`{"sentence":"p31.s4","figure":"6500","rating":-1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /api/feedback: %s", resp.Status)
	}
	s.stop(t) // writes what is buffered

	// A question an older build refused, which a synonym added since
	// covers: re-run from the report, it is answered now.
	store, err := feedback.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	old := feedback.Refusal{At: time.Now().Add(-time.Hour), Question: "幼儿托位有几多", Lang: "zh-Hans", Channel: "telegram", Outcome: "refused"}
	if err := store.Write(context.Background(), feedback.Batch{Refusals: []feedback.Refusal{old}}); err != nil {
		t.Fatal(err)
	}
	store.Close()

	out, _, err := runCmd(t, "", "report", "--db", db, "--json", "--rerun", "--log-level", "error")
	if err != nil {
		t.Fatal(err)
	}
	var rev struct {
		Refused []struct {
			Question, Channel, Lang string
			Count                   int
			Now                     *struct{ Outcome string }
		}
		Disliked []struct {
			Sentence, Figure, Text string
			Down, Up               int
		}
	}
	if err := json.Unmarshal([]byte(out), &rev); err != nil {
		t.Fatalf("report --json: %v\n%s", err, out)
	}
	byQuestion := map[string]int{}
	for i, r := range rev.Refused {
		byQuestion[r.Question] = i
	}
	if len(rev.Refused) != 3 || rev.Refused[0].Question != "火星上有多少个托位" || rev.Refused[0].Count != 2 || rev.Refused[0].Channel != "telegram" {
		t.Fatalf("refused: %+v", rev.Refused)
	}
	if r := rev.Refused[byQuestion["荔湾区有几个海滩"]]; r.Channel != "api" || r.Now == nil || r.Now.Outcome != "refused" {
		t.Errorf("the API's refusal: %+v", r)
	}
	if r := rev.Refused[byQuestion["幼儿托位有几多"]]; r.Now == nil || r.Now.Outcome != "answered" {
		t.Errorf("the question refused by an older build, re-run: %+v", r)
	}
	if len(rev.Disliked) != 1 || rev.Disliked[0].Sentence != "p31.s4" || rev.Disliked[0].Down != 2 || rev.Disliked[0].Figure != "6500" ||
		!strings.Contains(rev.Disliked[0].Text, "托位总量超6500个") {
		t.Errorf("disliked: %+v", rev.Disliked)
	}

	table, _, err := runCmd(t, "", "report", "--db", db, "--log-level", "error")
	if err != nil || !strings.Contains(table, "火星上有多少个托位") || !strings.Contains(table, "p31.s4") {
		t.Errorf("report table (%v):\n%s", err, table)
	}

	// Residents are in the file only as keyed hashes.
	conn, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.Query(`SELECT resident FROM refusals UNION ALL SELECT resident FROM ratings`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	hashed := regexp.MustCompile(`^[0-9a-f]{16}$`)
	n := 0
	for rows.Next() {
		var r string
		rows.Scan(&r)
		if r != "" && !hashed.MatchString(r) || r == "5551" {
			t.Errorf("resident stored as %q, not a keyed hash", r)
		}
		if r != "" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d rows carry a resident hash, want the 3 from Telegram", n)
	}
}

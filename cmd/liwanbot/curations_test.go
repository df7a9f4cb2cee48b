package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/liwanbot/liwanbot/bot/telegramtest"
	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/internal/pgtest"
)

// The question residents could not get answered, the sentence staff link
// it to, and what the reply quotes of it.
const (
	unansweredQuestion = "托儿所学位有几多"
	linkedSentence     = "p31.s4"
	linkedText         = "争取全区托位总量超6500个"
)

// liveWithin is how soon a curation made anywhere must answer everywhere.
const liveWithin = 5 * time.Second

// staffClient sends requests to one serve as a member of staff.
type staffClient struct {
	addr, token string
}

func (c staffClient) do(t *testing.T, method, path, body string, v any) int {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+c.addr+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if v != nil {
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatalf("%s %s: %s: %v: %s", method, path, resp.Status, err, data)
		}
	}
	return resp.StatusCode
}

// curatedAnswer is what the tests read of an answer.
type curatedAnswer struct {
	Outcome   string `json:"outcome"`
	Answer    string `json:"answer"`
	Curations int64  `json:"curations"`
	Curation  int64  `json:"curation"`
	Sources   []struct {
		ID string `json:"id"`
	} `json:"sources"`
}

func (a curatedAnswer) top() string {
	if len(a.Sources) == 0 {
		return ""
	}
	return a.Sources[0].ID
}

func (c staffClient) ask(t *testing.T, q string) curatedAnswer {
	t.Helper()
	var a curatedAnswer
	if code := c.do(t, "GET", "/api/ask?q="+url.QueryEscape(q), "", &a); code != http.StatusOK {
		t.Fatalf("ask: %d", code)
	}
	return a
}

// waitAnswer asks until cond holds of the answer, for at most d; it
// returns how long that took.
func (c staffClient) waitAnswer(t *testing.T, q string, d time.Duration, cond func(curatedAnswer) bool) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		a := c.ask(t, q)
		if cond(a) {
			return time.Since(start)
		}
		if time.Since(start) > d {
			t.Fatalf("%q not answered as wanted within %v: %+v", q, d, a)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func linkBody(reason string) string {
	return fmt.Sprintf(`{"type":"link","question":%q,"sentence":%q,"reason":%q,"author":"mallory"}`, unansweredQuestion, linkedSentence, reason)
}

func staffFile(t *testing.T, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "staff")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkGolden is the golden file serve and import check curations
// against in these tests: the built-in one, or under the race detector,
// which makes each of its answers several times slower, its first 60
// questions and r094 (托位), the one the breaking line breaks.
func checkGolden(t *testing.T) []string {
	t.Helper()
	if !raceEnabled {
		return nil
	}
	var keep []string
	for i, line := range strings.Split(strings.TrimSpace(string(goldenFile(t))), "\n") {
		if i < 60 || strings.Contains(line, `"r094"`) {
			keep = append(keep, line)
		}
	}
	path := filepath.Join(t.TempDir(), "golden.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(keep, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{"--reload-golden", path}
}

func goldenFile(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "golden", "questions.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func hashLine(name, token string) string {
	h := sha256.Sum256([]byte(token))
	return name + ":" + hex.EncodeToString(h[:])
}

// Two instances share a PostgreSQL database: a curation made on one is
// answered with on the other within 5 s, and so is its undo; each records
// who signed in.
func TestCurationsReachEveryInstanceOnPostgres(t *testing.T) {
	db := pgtest.Schema(t, postgresSkips, "cur_")
	const chenToken, sharedToken = "chen-token-0123456789abcdef", "shared-token-0123456789abcdef"
	staff := staffFile(t, "# staff of the district office", hashLine("chen", chenToken))
	a, addrA := startServe(t, map[string]string{}, &syncBuffer{}, append([]string{"--no-telegram", "--db", db, "--staff-tokens", staff}, checkGolden(t)...)...)
	defer a.stop(t)
	b, addrB := startServe(t, map[string]string{"STAFF_TOKEN": sharedToken}, &syncBuffer{}, append([]string{"--no-telegram", "--db", db}, checkGolden(t)...)...)
	defer b.stop(t)
	onA, onB := staffClient{addrA, chenToken}, staffClient{addrB, sharedToken}

	if got := onB.ask(t, unansweredQuestion); got.Outcome != "refused" || got.Curations != 0 {
		t.Fatalf("before any curation: %+v", got)
	}
	var rep struct {
		Accepted bool              `json:"accepted"`
		Curation feedback.Curation `json:"curation"`
	}
	if code := onA.do(t, "POST", "/api/curations", linkBody("asked every day"), &rep); code != http.StatusCreated || !rep.Accepted {
		t.Fatalf("apply on A: %d %+v", code, rep)
	}
	if rep.Curation.Author != "chen" || rep.Curation.Version != 1 {
		t.Errorf("kept as %+v, want version 1 by chen (not the body's author)", rep.Curation)
	}
	took := onB.waitAnswer(t, unansweredQuestion, liveWithin, func(a curatedAnswer) bool {
		return a.Outcome == "answered" && a.top() == linkedSentence && a.Curations == 1 && a.Curation == 1
	})
	t.Logf("the link answered on the other instance after %v", took)
	var metrics bytes.Buffer
	req, _ := http.NewRequest("GET", "http://"+addrB+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+sharedToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(&metrics, resp.Body)
	resp.Body.Close()
	if !strings.Contains(metrics.String(), "liwanbot_curation_version 1\n") {
		t.Errorf("/metrics on B does not show curation version 1")
	}

	var undo struct {
		Curation feedback.Curation `json:"curation"`
	}
	if code := onB.do(t, "POST", "/api/curations/1/undo", `{"reason":"the wrong sentence after all"}`, &undo); code != http.StatusOK {
		t.Fatalf("undo on B: %d", code)
	}
	if undo.Curation.Author != "staff" || undo.Curation.Undoes != 1 || undo.Curation.Version != 2 {
		t.Errorf("undo kept as %+v", undo.Curation)
	}
	onA.waitAnswer(t, unansweredQuestion, liveWithin, func(a curatedAnswer) bool { return a.Outcome == "refused" && a.Curations == 2 })
	if code := onA.do(t, "POST", "/api/curations/1/undo", `{"reason":"again"}`, nil); code != http.StatusConflict {
		t.Errorf("a second undo: %d, want 409", code)
	}

	var list struct {
		Version   int64               `json:"version"`
		Curations []feedback.Curation `json:"curations"`
	}
	onA.do(t, "GET", "/api/curations", "", &list)
	if list.Version != 2 || len(list.Curations) != 2 || list.Curations[0].UndoneBy != 2 ||
		list.Curations[0].Author != "chen" || list.Curations[1].Author != "staff" || list.Curations[0].Reason != "asked every day" {
		t.Errorf("history %+v", list)
	}
}

// `curations import` into the SQLite file of a running serve: the line
// that breaks golden answers is refused, named, and not applied; the other
// is answered with within 5 s; the exit status says one was refused.
func TestImportReachesRunningServe(t *testing.T) {
	db := filepath.Join(t.TempDir(), "feedback.db")
	s, addr := startServe(t, map[string]string{}, &syncBuffer{}, "--no-telegram", "--db", db)
	defer s.stop(t)
	local := staffClient{addr: addr}
	file := filepath.Join(t.TempDir(), "curations.jsonl")
	lines := fmt.Sprintf(`{"type":"link","question":%q,"sentence":%q,"author":"li","reason":"residents ask it so"}
{"type":"link","question":"托位有几多","sentence":"p4.s2","author":"li","reason":"a mistake"}
`, unansweredQuestion, linkedSentence)
	if err := os.WriteFile(file, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errs bytes.Buffer
	args := []string{"curations", "import", "--db", db, "--log-level", "warn"}
	if g := checkGolden(t); g != nil {
		args = append(args, "--golden", g[1])
	}
	err := run(context.Background(), append(args, file), func(string) string { return "" }, strings.NewReader(""), &out, &errs)
	if !errors.Is(err, errRefused) || exitCode(err) == 0 {
		t.Errorf("import of a breaking line: err %v (exit %d), want errRefused", err, exitCode(err))
	}
	for _, want := range []string{"curation 1 (link): kept as version 1 by li", "curation 2 (link): refused", "r094"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("import output lacks %q:\n%s", want, out.String())
		}
	}
	took := local.waitAnswer(t, unansweredQuestion, liveWithin, func(a curatedAnswer) bool {
		return a.Outcome == "answered" && a.top() == linkedSentence && a.Curations == 1
	})
	t.Logf("the imported link answered after %v", took)
	if got := local.ask(t, "托位"); got.top() != "p31.s4" || got.Curations != 1 {
		t.Errorf("the refused line was applied: 托位 answered %+v", got)
	}
	out.Reset()
	if err := run(context.Background(), []string{"curations", "export", "--db", db}, func(string) string { return "" }, strings.NewReader(""), &out, &errs); err != nil {
		t.Fatal(err)
	}
	back, err := feedback.ReadCurations(&out)
	if err != nil || len(back) != 1 || back[0].Author != "li" || back[0].Sentence != linkedSentence || back[0].Reason != "residents ask it so" {
		t.Errorf("export %+v, %v", back, err)
	}
}

// A question residents could not get answered, linked by staff while the
// bot runs, is then answered on Telegram from the linked sentence, with no
// restart.
func TestLinkedQuestionAnsweredOnTelegram(t *testing.T) {
	srv := telegramtest.NewServer(testToken, botUser)
	defer srv.Close()
	s, addr := startServe(t, map[string]string{"TELEGRAM_BOT_TOKEN": testToken}, &syncBuffer{}, append([]string{"--telegram-api", srv.Endpoint()}, checkGolden(t)...)...)
	defer s.stop(t)
	alice := telegramtest.User{ID: 6071, FirstName: "Alice", LanguageCode: "zh-hans"}
	chat := telegramtest.Chat{ID: alice.ID, Type: "private"}
	srv.SendText(chat, alice, unansweredQuestion)
	waitUntil(t, srv, func() bool { return len(srv.MessagesTo(alice.ID)) == 1 })
	if got := srv.MessagesTo(alice.ID)[0].Text; strings.Contains(got, linkedText) {
		t.Fatalf("answered from the sentence before the link:\n%s", got)
	}
	local := staffClient{addr: addr}
	if code := local.do(t, "POST", "/api/curations", linkBody("refused three times this week"), nil); code != http.StatusCreated {
		t.Fatalf("apply: %d", code)
	}
	local.waitAnswer(t, unansweredQuestion, liveWithin, func(a curatedAnswer) bool { return a.Curations == 1 })
	srv.SendText(chat, alice, unansweredQuestion)
	waitUntil(t, srv, func() bool { return len(srv.MessagesTo(alice.ID)) == 2 })
	if got := srv.MessagesTo(alice.ID)[1].Text; !strings.Contains(got, linkedText) {
		t.Errorf("after the link, not answered from %s:\n%s", linkedSentence, got)
	}
}

func TestStaffHash(t *testing.T) {
	const token = "0123456789abcdef0123"
	tests := []struct {
		name, stdin string
		args        []string
		want        string
		usage       bool
	}{
		{"hash", token + "\n", []string{"staff", "hash"}, hashLine("x", token)[2:] + "\n", false},
		{"line", token + "\n", []string{"staff", "hash", "--name", "chen"}, hashLine("chen", token) + "\n", false},
		{"short token", "short\n", []string{"staff", "hash"}, "", true},
		{"bad name", token, []string{"staff", "hash", "--name", "a:b"}, "", true},
		{"no subcommand", "", []string{"staff"}, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, _, err := runCmd(t, tc.stdin, tc.args...)
			if tc.usage {
				if !errors.Is(err, errUsage) {
					t.Errorf("err %v, want a usage error", err)
				}
				return
			}
			if err != nil || out != tc.want {
				t.Errorf("out %q, err %v; want %q", out, err, tc.want)
			}
		})
	}
}

// answerLog is what the tests read of an answer's log line.
type answerLog struct {
	Msg       string `json:"msg"`
	Outcome   string `json:"outcome"`
	Top       string `json:"top"`
	Curations *int64 `json:"curations"`
	Curation  int64  `json:"curation"`
}

// answerLogs is the answer log lines logs holds from offset on.
func answerLogs(t *testing.T, logs string, offset int) []answerLog {
	t.Helper()
	var out []answerLog
	for _, line := range strings.Split(logs[offset:], "\n") {
		var e answerLog
		if json.Unmarshal([]byte(line), &e) == nil && e.Msg == "answer" {
			if e.Curations == nil {
				t.Errorf("an answer's log line names no curation version: %s", line)
			}
			out = append(out, e)
		}
	}
	return out
}

// Every answer says which curations it was computed on: its JSON and its
// log line carry the version in force ("curations") and, when a curation
// shaped it, that one ("curation"), on the API and on Telegram alike; and
// /metrics shows the version and how many curations are in force.
func TestAnswersCarryTheCurationVersion(t *testing.T) {
	srv := telegramtest.NewServer(testToken, botUser)
	defer srv.Close()
	logs := &syncBuffer{}
	s, addr := startServe(t, map[string]string{"TELEGRAM_BOT_TOKEN": testToken}, logs, append([]string{"--telegram-api", srv.Endpoint()}, checkGolden(t)...)...)
	defer s.stop(t)
	local := staffClient{addr: addr}
	metric := func() string {
		req, _ := http.NewRequest("GET", "http://"+addr+"/metrics", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}

	from := len(logs.String())
	if a := local.ask(t, unansweredQuestion); a.Curations != 0 || a.Curation != 0 || a.Outcome != "refused" {
		t.Fatalf("before any curation: %+v", a)
	}
	if l := answerLogs(t, logs.String(), from); len(l) != 1 || *l[0].Curations != 0 || l[0].Curation != 0 {
		t.Errorf("before any curation, the answer's log lines %+v, want one at version 0", l)
	}
	if m := metric(); !strings.Contains(m, "liwanbot_curation_version 0\n") || !strings.Contains(m, "liwanbot_curations 0\n") {
		t.Errorf("/metrics before any curation lacks liwanbot_curation_version 0 and liwanbot_curations 0")
	}

	if code := local.do(t, "POST", "/api/curations", linkBody("asked every day"), nil); code != http.StatusCreated {
		t.Fatalf("apply: %d", code)
	}
	local.waitAnswer(t, unansweredQuestion, liveWithin, func(a curatedAnswer) bool { return a.Curations == 1 })

	// Through the API: the linked question, shaped by curation 1, and
	// another question, answered on version 1 but not shaped by it.
	from = len(logs.String())
	if a := local.ask(t, unansweredQuestion); a.Curations != 1 || a.Curation != 1 || a.top() != linkedSentence {
		t.Errorf("the linked question's JSON: %+v, want curations 1, curation 1, from %s", a, linkedSentence)
	}
	if a := local.ask(t, "新增公办基础教育学位有多少？"); a.Curations != 1 || a.Curation != 0 {
		t.Errorf("an unrelated question's JSON: curations %d, curation %d; want 1 and none", a.Curations, a.Curation)
	}
	l := answerLogs(t, logs.String(), from)
	if len(l) != 2 || *l[0].Curations != 1 || l[0].Curation != 1 || l[0].Top != linkedSentence || *l[1].Curations != 1 || l[1].Curation != 0 {
		t.Errorf("the two answers' log lines %+v, want version 1 on both and curation 1 on the linked one's only", l)
	}

	// On Telegram: the same answer, the same log line.
	alice := telegramtest.User{ID: 6072, FirstName: "Alice", LanguageCode: "zh-hans"}
	from = len(logs.String())
	srv.SendText(telegramtest.Chat{ID: alice.ID, Type: "private"}, alice, unansweredQuestion)
	waitUntil(t, srv, func() bool { return len(srv.MessagesTo(alice.ID)) == 1 })
	if got := srv.MessagesTo(alice.ID)[0].Text; !strings.Contains(got, linkedText) {
		t.Errorf("on Telegram, not answered from %s:\n%s", linkedSentence, got)
	}
	if l := answerLogs(t, logs.String(), from); len(l) != 1 || *l[0].Curations != 1 || l[0].Curation != 1 || l[0].Top != linkedSentence {
		t.Errorf("the Telegram answer's log lines %+v, want one at version 1 shaped by curation 1", l)
	}
	if m := metric(); !strings.Contains(m, "liwanbot_curation_version 1\n") || !strings.Contains(m, "liwanbot_curations 1\n") {
		t.Errorf("/metrics after the link lacks liwanbot_curation_version 1 and liwanbot_curations 1")
	}
}

package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/bot/telegramtest"
	"github.com/liwanbot/liwanbot/internal/variant"
	"github.com/liwanbot/liwanbot/seeds"
)

// The several-reports scenario loads the embedded report of 2025 beside
// the report of the year before, whose figures are all one more: 去年 asks
// the 2024 report (超6501个 childcare places, its reply naming it), a
// question that names no year the 2025 one (超6500个), and a year with no
// report loaded gets the 2025 report's scope reply.
const (
	lastYearQuestion = "去年全区托位有多少？"
	thisYearQuestion = "全区托位有多少？"
	noReportQuestion = "2023年全区托位有多少？"
	lastYearFigure   = "6501"
	thisYearFigure   = "6500"
	lastYearName     = "荔湾区2024年政府工作报告"
)

// writeYearBefore writes the report of 2024 into dir, with the residents'
// vocabulary beside it as a deployment would, and returns its path.
func writeYearBefore(t *testing.T, dir, text string) string {
	t.Helper()
	file := filepath.Join(dir, "liwan-2024.txt")
	writeReport(t, file, text)
	if err := os.WriteFile(filepath.Join(dir, "liwan-2024.residents.jsonl"), seeds.ResidentsVocabulary, 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// shelfAnswer is what the scenario reads of a JSON answer.
type shelfAnswer struct {
	Outcome string `json:"outcome"`
	Answer  string `json:"answer"`
	Report  string `json:"report"`
	Figure  *struct {
		Value string `json:"value"`
	} `json:"figure"`
	Sources []struct {
		ID   string `json:"id"`
		Text string `json:"text"`
	} `json:"sources"`
}

// checkShelfAnswer says what is wrong with an answer to one of the
// scenario's questions, or "".
func checkShelfAnswer(q string, a shelfAnswer) string {
	switch q {
	case lastYearQuestion, thisYearQuestion:
		figure, key, name := thisYearFigure, "2025/", "——荔湾区政府工作报告"
		if q == lastYearQuestion {
			figure, key, name = lastYearFigure, "2024/", "——"+lastYearName
		}
		switch {
		case a.Outcome != "answered" || a.Figure == nil || a.Figure.Value != figure:
			return "want figure " + figure + " answered"
		case len(a.Sources) == 0 || !strings.HasPrefix(a.Sources[0].ID, key) || !strings.Contains(a.Sources[0].Text, "超"+figure+"个"):
			return "want a source of " + key + " stating " + figure
		case !strings.Contains(a.Answer, name):
			return "the reply does not name its report, " + name
		case q == thisYearQuestion && strings.Contains(a.Answer, "2024"):
			return "the reply to a question naming no year names 2024"
		}
	case noReportQuestion:
		if a.Outcome != "scope" || !strings.Contains(a.Answer, "今年（2025年）") || !strings.Contains(a.Answer, "2023年") {
			return "want the 2025 report's scope reply naming 2023"
		}
	}
	return ""
}

// TestAskAnswersFromSeveralReports: through the CLI, the report a question
// names answers it, however --corpus names the two reports.
func TestAskAnswersFromSeveralReports(t *testing.T) {
	dir := t.TempDir()
	file := writeYearBefore(t, dir, variant.YearBefore(seeds.Report))
	questions := strings.Join([]string{lastYearQuestion, thisYearQuestion, noReportQuestion}, "\n") + "\n"
	for name, flags := range map[string][]string{
		"repeated":        {"--corpus", file, "--corpus", "embedded"},
		"comma-separated": {"--corpus", "embedded," + file},
		"a directory":     {"--corpus", "embedded", "--corpus", dir},
	} {
		t.Run(name, func(t *testing.T) {
			out, logs, err := runCmd(t, questions, append([]string{"ask", "--json", "--log-level", "error"}, flags...)...)
			if err != nil {
				t.Fatalf("ask: %v\n%s", err, logs)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != 3 {
				t.Fatalf("%d answers to 3 questions:\n%s", len(lines), out)
			}
			hashes := map[string]bool{}
			for i, q := range []string{lastYearQuestion, thisYearQuestion, noReportQuestion} {
				var a shelfAnswer
				if err := json.Unmarshal([]byte(lines[i]), &a); err != nil {
					t.Fatal(err)
				}
				if why := checkShelfAnswer(q, a); why != "" {
					t.Errorf("%q: %s:\n%s", q, why, lines[i])
				}
				hashes[a.Report] = true
			}
			if len(hashes) != 2 {
				t.Errorf("answers came from %d reports by their hashes, want 2", len(hashes))
			}
		})
	}
	// The embedded report alone, named or not, keeps its own ids.
	for _, args := range [][]string{{"ask", "--log-level", "error", thisYearQuestion}, {"ask", "--log-level", "error", "--corpus", "embedded", thisYearQuestion}} {
		out, _, err := runCmd(t, "", args...)
		if err != nil || !strings.Contains(out, " p31.s4 ") || strings.Contains(out, "2025/") {
			t.Errorf("%v: want the unkeyed id p31.s4, %v:\n%s", args, err, out)
		}
	}
	// A report the shelf cannot tell from another stops start-up.
	if _, _, err := runCmd(t, "", "ask", "--corpus", "embedded,embedded", thisYearQuestion); err == nil {
		t.Error("the embedded report loaded twice was accepted")
	}
}

// TestServeAnswersFromSeveralReports: the same through serve's HTTP API,
// the console's paragraph, and a rating of the 2024 report's sentence.
func TestServeAnswersFromSeveralReports(t *testing.T) {
	file := writeYearBefore(t, t.TempDir(), variant.YearBefore(seeds.Report))
	s, addr := startServe(t, nil, &syncBuffer{}, "--no-telegram", "--corpus", "embedded,"+file)
	defer s.stop(t)
	hashes := map[string]string{}
	for _, q := range []string{lastYearQuestion, thisYearQuestion, noReportQuestion} {
		var a shelfAnswer
		if err := getJSON(http.DefaultClient, addr, "/api/ask?q="+url.QueryEscape(q), &a); err != nil {
			t.Fatal(err)
		}
		if why := checkShelfAnswer(q, a); why != "" {
			t.Errorf("/api/ask %q: %s: %+v", q, why, a)
		}
		hashes[q] = a.Report
	}
	if hashes[lastYearQuestion] == hashes[thisYearQuestion] {
		t.Error("answers from both reports carry one hash")
	}
	if got := readyHash(t, addr); got != hashes[thisYearQuestion] {
		t.Errorf("/readyz names %s, want the default report %s", got, hashes[thisYearQuestion])
	}
	var v struct {
		Paragraph *struct {
			ID        string `json:"id"`
			Sentences []struct {
				Text  string `json:"text"`
				Cited bool   `json:"cited"`
			} `json:"sentences"`
		} `json:"paragraph"`
	}
	if err := getJSON(http.DefaultClient, addr, "/api/console?q="+url.QueryEscape(lastYearQuestion), &v); err != nil {
		t.Fatal(err)
	}
	cited := ""
	if v.Paragraph != nil {
		for _, st := range v.Paragraph.Sentences {
			if st.Cited {
				cited = st.Text
			}
		}
	}
	if v.Paragraph == nil || !strings.HasPrefix(v.Paragraph.ID, "2024/") || !strings.Contains(cited, "超"+lastYearFigure+"个") {
		t.Errorf("the console's paragraph for %q is not the 2024 report's: %+v", lastYearQuestion, v.Paragraph)
	}
	for body, want := range map[string]int{
		`{"sentence":"2024/p31.s4","figure":"` + lastYearFigure + `","rating":1}`: http.StatusAccepted,
		`{"sentence":"2025/p31.s4","figure":"` + thisYearFigure + `","rating":1}`: http.StatusAccepted,
		`{"sentence":"p31.s4","figure":"` + thisYearFigure + `","rating":1}`:      http.StatusBadRequest, // which report's?
		`{"sentence":"2023/p31.s4","rating":1}`:                                   http.StatusBadRequest,
	} {
		resp, err := http.Post("http://"+addr+"/api/feedback", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("POST /api/feedback %s: %s, want %d", body, resp.Status, want)
		}
	}
}

// TestTelegramAnswersFromSeveralReports: through the fake Bot API, a
// resident asking about last year gets the 2024 report's answer, naming
// it, and its 📄 button shows the 2024 paragraph; 👎 records the rating
// against the 2024 report's hash.
func TestTelegramAnswersFromSeveralReports(t *testing.T) {
	srv := telegramtest.NewServer(testToken, botUser)
	defer srv.Close()
	file := writeYearBefore(t, t.TempDir(), variant.YearBefore(seeds.Report))
	db := filepath.Join(t.TempDir(), "feedback.db")
	env := map[string]string{"TELEGRAM_BOT_TOKEN": testToken}
	s, addr := startServe(t, env, &syncBuffer{}, "--telegram-api", srv.Endpoint(), "--corpus", "embedded", "--corpus", file, "--db", db)

	alice := telegramtest.User{ID: 6061, FirstName: "Alice", LanguageCode: "zh-hans"}
	chat := telegramtest.Chat{ID: alice.ID, Type: "private"}
	srv.SendText(chat, alice, lastYearQuestion)
	waitUntil(t, srv, func() bool { return len(srv.MessagesTo(alice.ID)) == 1 })
	srv.SendText(chat, alice, thisYearQuestion)
	waitUntil(t, srv, func() bool { return len(srv.MessagesTo(alice.ID)) == 2 })
	last, this := srv.MessagesTo(alice.ID)[0], srv.MessagesTo(alice.ID)[1]
	if !strings.Contains(last.Text, "超"+lastYearFigure+"个") || !strings.Contains(last.Text, lastYearName) {
		t.Errorf("reply to %q is not the 2024 report's, named:\n%s", lastYearQuestion, last.Text)
	}
	if !strings.Contains(this.Text, "超"+thisYearFigure+"个") || strings.Contains(this.Text, "2024") {
		t.Errorf("reply to %q is not the 2025 report's alone:\n%s", thisYearQuestion, this.Text)
	}
	buttons := buttonData(t, last.Markup)
	for label, data := range buttons {
		if len(data) > 64 {
			t.Errorf("button %s carries %d bytes: %s", label, len(data), data)
		}
		if !strings.Contains(data, "2024/p31.s4") && (label == "📄" || label == "👎") {
			t.Errorf("button %s does not carry the 2024 sentence's id: %s", label, data)
		}
	}
	srv.PressButton(chat, alice, last.MessageID, buttons["📄"])
	waitUntil(t, srv, func() bool { return len(srv.MessagesTo(alice.ID)) == 3 })
	if p := srv.MessagesTo(alice.ID)[2].Text; !strings.Contains(p, "超"+lastYearFigure+"个") || strings.Contains(p, "超"+thisYearFigure+"个") {
		t.Errorf("📄 under the 2024 answer shows another paragraph:\n%s", p)
	}
	_, q := srv.PressButton(chat, alice, last.MessageID, buttons["👎"])
	waitUntil(t, srv, func() bool {
		for _, a := range srv.CallbackAnswers() {
			if a.QueryID == q {
				return true
			}
		}
		return false
	})
	// Inline, the quote cards name the 2024 report too.
	_, inline := srv.InlineQuery(alice, lastYearQuestion)
	waitUntil(t, srv, func() bool {
		for _, a := range srv.InlineAnswers() {
			if a.QueryID == inline {
				return true
			}
		}
		return false
	})
	for _, a := range srv.InlineAnswers() {
		if a.QueryID != inline {
			continue
		}
		quotes := 0
		for _, r := range a.Results {
			id, _ := r["id"].(string)
			if !strings.HasPrefix(id, "s:") {
				continue // the figure card is the reply itself
			}
			quotes++
			card, _ := json.Marshal(r)
			if !strings.HasPrefix(id, "s:2024/") || !strings.Contains(string(card), lastYearName) {
				t.Errorf("inline quote card for %q is not the 2024 report's, named:\n%s", lastYearQuestion, card)
			}
		}
		if quotes == 0 {
			t.Errorf("no inline quote card for %q: %v", lastYearQuestion, a.Results)
		}
	}
	var lastHash shelfAnswer
	if err := getJSON(http.DefaultClient, addr, "/api/ask?q="+url.QueryEscape(lastYearQuestion), &lastHash); err != nil {
		t.Fatal(err)
	}
	s.stop(t) // writes what is buffered

	conn, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var sentence, report string
	if err := conn.QueryRowContext(context.Background(), `SELECT sentence, report FROM ratings WHERE channel = 'telegram'`).Scan(&sentence, &report); err != nil {
		t.Fatal(err)
	}
	if sentence != "2024/p31.s4" || report != lastHash.Report {
		t.Errorf("rating recorded for %s of report %s, want 2024/p31.s4 of %s", sentence, report, lastHash.Report)
	}
}

// buttonData maps a reply's buttons, by the first rune of their label (📄,
// 🔎, 👍, 👎), to their callback data.
func buttonData(t *testing.T, markup json.RawMessage) map[string]string {
	t.Helper()
	var kb struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal(markup, &kb); err != nil {
		t.Fatalf("reply markup %s: %v", markup, err)
	}
	out := map[string]string{}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			out[string([]rune(b.Text)[:1])] = b.CallbackData
		}
	}
	return out
}

// TestServeReloadsEveryReport: serve with two report files rebuilds both
// when either changes, and goes on answering each question from its own.
func TestServeReloadsEveryReport(t *testing.T) {
	dir := t.TempDir()
	before := writeYearBefore(t, dir, variant.YearBefore(seeds.Report))
	current := filepath.Join(dir, "liwan-2025.txt")
	writeReport(t, current, seeds.Report)
	if err := os.WriteFile(filepath.Join(dir, "liwan-2025.residents.jsonl"), seeds.ResidentsVocabulary, 0o600); err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	s, addr := startServe(t, nil, logs, "--no-telegram", "--corpus", current+","+before, "--reload-poll", "100ms")
	defer s.stop(t)
	ask := func(q string) shelfAnswer {
		var a shelfAnswer
		if err := getJSON(http.DefaultClient, addr, "/api/ask?q="+url.QueryEscape(q), &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	figure := func(a shelfAnswer) string {
		if a.Figure == nil {
			return ""
		}
		return a.Figure.Value
	}
	if l, n := ask(lastYearQuestion), ask(thisYearQuestion); figure(l) != lastYearFigure || figure(n) != thisYearFigure {
		t.Fatalf("before the change: last year %q, this year %q", figure(l), figure(n))
	}
	// The earlier report changes: answers about last year follow it, and
	// the current report, rebuilt too, answers as before.
	writeReport(t, before, strings.Replace(variant.YearBefore(seeds.Report), "托位总量超"+lastYearFigure+"个", "托位总量超6901个", 1))
	waitFor(t, "answers from the changed 2024 report", logs, func() bool { return figure(ask(lastYearQuestion)) == "6901" })
	if n := ask(thisYearQuestion); figure(n) != thisYearFigure || !strings.HasPrefix(n.Sources[0].ID, "2025/") {
		t.Errorf("after the 2024 report changed, this year's answer: %+v", n)
	}
	// Then the current one: both reports are read again, the 2024 change kept.
	writeReport(t, current, reportWith(figureAfter))
	waitFor(t, "answers from the changed 2025 report", logs, func() bool { return figure(ask(thisYearQuestion)) == figureAfter })
	if l := ask(lastYearQuestion); figure(l) != "6901" || !strings.Contains(l.Answer, lastYearName) {
		t.Errorf("after the 2025 report changed, last year's answer: %+v", l)
	}
	// The new engine answers as soon as it is swapped in, a moment before
	// the reload is logged.
	const reloaded = `"msg":"report reloaded: answers now come from the new report"`
	waitFor(t, "both reloads' log lines", logs, func() bool { return strings.Count(logs.String(), reloaded) >= 2 })
	if n := strings.Count(logs.String(), reloaded); n != 2 {
		t.Errorf("%d reloads swapped in, want 2:\n%s", n, grepLines(logs.String(), `"logger":"reload"`))
	}
	if strings.Contains(logs.String(), "report not swapped in") {
		t.Errorf("a reload was rejected:\n%s", grepLines(logs.String(), "report not swapped in"))
	}
}

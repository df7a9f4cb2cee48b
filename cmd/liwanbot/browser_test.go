package main

// Browser tests of the whole loop, with the real headless Chromium the
// console's own browser tests drive (internal/browsertest): a resident's
// question refused on Telegram (the fake Bot API on 127.0.0.1), read by
// staff in the console's feedback view, linked to a sentence through the
// curation form and its safety check, and answered from that sentence the
// next time it is asked, by the same running serve. They live here, where
// serve itself runs: the console cannot import this package.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/liwanbot/liwanbot/bot/telegramtest"
	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/internal/browsertest"
)

// consoleView is what the tests read of GET /api/console, which answers
// as the console does without recording anything.
type consoleView struct {
	Answer struct {
		Outcome    string `json:"outcome"`
		NearMisses []struct {
			ID string `json:"id"`
		} `json:"near_misses"`
	} `json:"answer"`
}

// button is the callback data of the button labelled label under a
// message, as the bot sent it.
func button(t *testing.T, m telegramtest.Sent, label string) string {
	t.Helper()
	var kb struct {
		InlineKeyboard [][]struct {
			Text string `json:"text"`
			Data string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal(m.Markup, &kb); err != nil {
		t.Fatalf("the reply's keyboard: %v: %s", err, m.Markup)
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.Text == label {
				return b.Data
			}
		}
	}
	t.Fatalf("no %s button under %q", label, m.Text)
	return ""
}

// waitRows waits, a bounded number of times, until the store holds the
// refusals and ratings wanted: a Telegram update is confirmed once its
// record commits, but the test sees the reply before the confirmation.
func waitRows(t *testing.T, store *feedback.Store, refusals, ratings int) {
	t.Helper()
	for i := 0; ; i++ {
		r, g, err := store.Counts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if r >= refusals && g >= ratings {
			return
		}
		if i == 600 {
			t.Fatalf("the database holds %d refusals and %d ratings after 30 s, want %d and %d", r, g, refusals, ratings)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// The whole loop: a resident's refused question appears in the feedback
// view with its near misses; staff click one, the curation form opens
// prefilled, the safety check passes and shows the question going from
// refused to answered; staff apply it; the same question sent through the
// fake Bot API is then answered from the linked sentence, by the same
// serve, with no restart. A 👎 given on Telegram shows the question it was
// given to. Undone from the list of corrections, the question is refused
// again.
func TestBrowserFeedbackLoop(t *testing.T) {
	srv := telegramtest.NewServer(testToken, botUser)
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "feedback.db")
	s, addr := startServe(t, map[string]string{"TELEGRAM_BOT_TOKEN": testToken}, &syncBuffer{},
		append([]string{"--telegram-api", srv.Endpoint(), "--db", db}, checkGolden(t)...)...)
	defer s.stop(t)
	store, err := feedback.OpenExisting(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	local := staffClient{addr: addr}

	// On Telegram: a question refused, and an answer given a 👎.
	alice := telegramtest.User{ID: 6071, FirstName: "Alice", LanguageCode: "zh-hans"}
	chat := telegramtest.Chat{ID: alice.ID, Type: "private"}
	srv.SendText(chat, alice, unansweredQuestion)
	waitUntil(t, srv, func() bool { return len(srv.MessagesTo(alice.ID)) == 1 })
	if got := srv.MessagesTo(alice.ID)[0].Text; strings.Contains(got, linkedText) {
		t.Fatalf("answered from %s before the link:\n%s", linkedSentence, got)
	}
	const disliked = "全区托位有多少"
	srv.SendText(chat, alice, disliked)
	waitUntil(t, srv, func() bool { return len(srv.MessagesTo(alice.ID)) == 2 })
	answer := srv.MessagesTo(alice.ID)[1]
	srv.PressButton(chat, alice, answer.MessageID, button(t, answer, "👎"))
	waitRows(t, store, 1, 1)

	// What the console offers to link the question to: its near misses
	// as the engine finds them (GET /api/console records nothing).
	var before consoleView
	if code := local.do(t, "GET", "/api/console?q="+url.QueryEscape(unansweredQuestion), "", &before); code != http.StatusOK {
		t.Fatalf("GET /api/console: %d", code)
	}
	var near []string
	for _, n := range before.Answer.NearMisses {
		near = append(near, n.ID)
	}
	if before.Answer.Outcome != "refused" || !contains(near, linkedSentence) {
		t.Fatalf("%s is %s with near misses %q: the test links it to %s, which should be one", unansweredQuestion, before.Answer.Outcome, near, linkedSentence)
	}

	tb := browsertest.Open(t, browserSkips)
	base := "http://" + addr
	tb.Do("opening the feedback view", chromedp.Navigate(base+"/#feedback"))
	tb.WaitFor("the console's script", browsertest.PageReady)
	row := fmt.Sprintf(`#refused tbody tr[data-question=%s]`, browsertest.Quote(unansweredQuestion))
	tb.WaitFor("the refused question", fmt.Sprintf(`(() => { const e = document.querySelector('#feedback-error');
		return !e.hidden || !!document.querySelector(%s); })()`, browsertest.Quote(row)))
	type feedbackRead struct {
		Error    string   `json:"error"`
		Near     []string `json:"near"`
		Asked    string   `json:"asked"`
		Refused  string   `json:"refused"`
		Share    string   `json:"share"`
		Down     string   `json:"down"`
		Trend    int      `json:"trend"`
		Disliked []string `json:"disliked"`
		Never    int      `json:"never"`
	}
	v := browsertest.Eval[feedbackRead](tb, "reading the feedback view", fmt.Sprintf(`(() => {
		const q = s => document.querySelector(s), text = s => (q(s)?.textContent ?? '').trim();
		return {
			error: q('#feedback-error').hidden ? '' : text('#feedback-error'),
			near: [...document.querySelectorAll(%s + ' .near')].map(n => n.dataset.id),
			asked: text('#fb-asked .tile-value'), refused: text('#fb-refused .tile-value'),
			share: text('#fb-share .tile-value'), down: text('#fb-down .tile-value'),
			trend: [...document.querySelectorAll('#trend .trend-day')].reduce((n, d) => n + Number(d.dataset.asked), 0),
			disliked: [...document.querySelectorAll('#disliked .asked')].map(n => n.dataset.question),
			never: document.querySelectorAll('#disliked .act-never').length,
		}; })()`, browsertest.Quote(row)))
	if v.Error != "" {
		t.Fatalf("the feedback view shows an error: %s", v.Error)
	}
	if strings.Join(v.Near, " ") != strings.Join(near, " ") {
		t.Errorf("near misses shown %q, want the engine's %q", v.Near, near)
	}
	// Two questions asked on Telegram, one refused: half.
	if v.Asked != "2" || v.Refused != "1" || v.Share != "50%" || v.Down != "1" || v.Trend != 2 {
		t.Errorf("counts: asked %s, refused %s, share %s, 👎 %s, trend %d; want 2, 1, 50%%, 1, 2", v.Asked, v.Refused, v.Share, v.Down, v.Trend)
	}
	if len(v.Disliked) != 1 || v.Disliked[0] != disliked || v.Never != 1 {
		t.Errorf("the 👎 names the questions %q (%d never-answer actions), want [%s]", v.Disliked, v.Never, disliked)
	}
	tb.Shot("loop-feedback.png")

	// One click opens the curation form, prefilled.
	tb.Do("clicking link on the near miss "+linkedSentence,
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`%s .near[data-id=%q] .act-link`, row, linkedSentence))))
	tb.WaitFor("the curation form", `document.querySelector('#curation').open`)
	type form struct {
		Type, Question, Sentence string
		Checked                  string
	}
	f := browsertest.Eval[form](tb, "reading the form", `({ Type: document.querySelector('#cur-type').value,
		Question: document.querySelector('#cur-question').value, Sentence: document.querySelector('#cur-sentence').value,
		Checked: document.querySelector('#cur-choices input:checked')?.value ?? '' })`)
	if f.Type != "link" || f.Question != unansweredQuestion || f.Sentence != linkedSentence || f.Checked != linkedSentence {
		t.Errorf("the form opened with %+v, want a link of %s to %s", f, unansweredQuestion, linkedSentence)
	}

	// The safety check: it passes, and shows the question answered after.
	tb.Do("checking the link", chromedp.SendKeys(chromedp.ID("cur-reason"), "refused on Telegram"), chromedp.Click(chromedp.ID("cur-check")))
	verdict := func(want string) {
		tb.WaitFor("the check's verdict", fmt.Sprintf(`(() => { const e = document.querySelector('#cur-error');
			return !e.hidden || document.querySelector('#cur-verdict').dataset.verdict === %s; })()`, browsertest.Quote(want)))
		if msg := browsertest.Eval[string](tb, "reading the form's error", `document.querySelector('#cur-error').hidden ? '' : document.querySelector('#cur-error').textContent`); msg != "" {
			t.Fatalf("the curation form shows an error: %s", msg)
		}
	}
	verdict("checked")
	type change struct {
		Before, After, Sentence, Text string
	}
	ch := browsertest.Eval[change](tb, "reading the change", fmt.Sprintf(`(() => {
		const li = document.querySelector('#cur-changed li[data-question=' + CSS.escape(%s) + ']');
		return li ? { Before: li.dataset.before, After: li.dataset.after, Sentence: li.dataset.afterSentence, Text: li.innerText } : {}; })()`,
		browsertest.Quote(unansweredQuestion)))
	if ch.Before != "refused" || ch.After != "answered" || ch.Sentence != linkedSentence || !strings.Contains(ch.Text, linkedText) {
		t.Errorf("the check shows %s as %+v, want refused before, answered from %s (%s) after", unansweredQuestion, ch, linkedSentence, linkedText)
	}
	if n := browsertest.Eval[int](tb, "counting broken answers", `document.querySelectorAll('#cur-broken li').length`); n != 0 {
		t.Errorf("the check lists %d broken golden answers", n)
	}
	tb.Do("showing the check", chromedp.Evaluate[chromedp.Void](`(document.querySelector('#cur-verdict').scrollIntoView(), true)`))
	tb.ShotView("loop-check.png")

	tb.Do("applying the link", chromedp.Click(chromedp.ID("cur-apply")))
	verdict("applied")
	tb.ShotView("loop-applied.png")

	// Live on the running serve: the same question on Telegram is now
	// answered from the sentence.
	local.waitAnswer(t, unansweredQuestion, liveWithin, func(a curatedAnswer) bool { return a.Curations == 1 })
	srv.SendText(chat, alice, unansweredQuestion)
	waitUntil(t, srv, func() bool { return len(srv.MessagesTo(alice.ID)) == 3 })
	if got := srv.MessagesTo(alice.ID)[2].Text; !strings.Contains(got, linkedText) {
		t.Errorf("after the link, not answered from %s:\n%s", linkedSentence, got)
	}
	var hist struct {
		Curations []feedback.Curation `json:"curations"`
	}
	local.do(t, "GET", "/api/curations", "", &hist)
	if len(hist.Curations) != 1 || hist.Curations[0].Author != "local" || hist.Curations[0].Reason != "refused on Telegram" {
		t.Errorf("the curation log %+v, want the link by local with its reason", hist.Curations)
	}

	// The feedback view lists the link among the corrections made, and
	// undoes it: the question is refused again, still with no restart.
	tb.Do("closing the form", chromedp.Click(chromedp.ID("cur-cancel")))
	item := `#history .history-item[data-version="1"]`
	tb.WaitFor("the link in the history", fmt.Sprintf(`!!document.querySelector(%s)`, browsertest.Quote(item+`[data-type="link"]`)))
	if got := browsertest.Eval[string](tb, "reading the history", fmt.Sprintf(`document.querySelector(%s).innerText`, browsertest.Quote(item))); !strings.Contains(got, unansweredQuestion) ||
		!strings.Contains(got, linkedText) || !strings.Contains(got, "refused on Telegram") || !strings.Contains(got, "local") {
		t.Errorf("the history shows the link as %q, want its question, the sentence's words, reason and author", got)
	}
	tb.Do("undoing the link",
		chromedp.Click(chromedp.CSS(item+" .undo-open")),
		chromedp.SendKeys(chromedp.CSS(item+" .undo-reason"), "wrong sentence after all"),
		chromedp.Click(chromedp.CSS(item+" .undo-confirm")))
	tb.WaitFor("the undo in the history", fmt.Sprintf(`!!document.querySelector(%s) || !!document.querySelector('.undo-msg.failed')`,
		browsertest.Quote(item+`[data-undone-by="2"]`)))
	if msg := browsertest.Eval[string](tb, "reading the undo", `document.querySelector('.undo-msg.failed')?.textContent ?? ''`); msg != "" {
		t.Fatalf("the undo failed: %s", msg)
	}
	tb.Shot("loop-history.png")
	local.waitAnswer(t, unansweredQuestion, liveWithin, func(a curatedAnswer) bool { return a.Curations == 2 })
	srv.SendText(chat, alice, unansweredQuestion)
	waitUntil(t, srv, func() bool { return len(srv.MessagesTo(alice.ID)) == 4 })
	if got := srv.MessagesTo(alice.ID)[3].Text; strings.Contains(got, linkedText) {
		t.Errorf("after the undo, still answered from %s:\n%s", linkedSentence, got)
	}
	tb.CheckConsole()
}

// A curation that would turn a right golden answer wrong is refused, the
// form names the golden questions it would break (those the API's check
// names), and nothing is kept.
func TestBrowserCurationRefused(t *testing.T) {
	s, addr := startServe(t, map[string]string{}, &syncBuffer{}, append([]string{"--no-telegram"}, checkGolden(t)...)...)
	defer s.stop(t)
	local := staffClient{addr: addr}
	const question, sentence = "托位有几多", "p4.s2"
	var check struct {
		Accepted bool `json:"accepted"`
		Broken   []struct {
			ID       string `json:"id"`
			Question string `json:"question"`
		} `json:"broken"`
	}
	body := fmt.Sprintf(`{"type":"link","question":%q,"sentence":%q}`, question, sentence)
	if code := local.do(t, "POST", "/api/curations/check", body, &check); code != http.StatusConflict && code != http.StatusOK {
		t.Fatalf("POST /api/curations/check: %d", code)
	}
	if check.Accepted || len(check.Broken) == 0 {
		t.Fatalf("linking %s to %s breaks no golden answer now: %+v", question, sentence, check)
	}
	var want []string
	for _, b := range check.Broken {
		want = append(want, b.ID)
	}

	tb := browsertest.Open(t, browserSkips)
	tb.Do("opening the feedback view", chromedp.Navigate("http://"+addr+"/#feedback"))
	tb.WaitFor("the console's script", browsertest.PageReady)
	// In English this time: the verdict and its reasons too.
	tb.Do("switching to English", chromedp.Click(chromedp.ID("lang-en")))
	tb.WaitFor("the English button", browsertest.ShownText("#cur-new", "New correction"))
	tb.Do("opening a new curation", chromedp.Click(chromedp.ID("cur-new")))
	tb.WaitFor("the curation form", `document.querySelector('#curation').open`)
	tb.Do("filling in the link",
		chromedp.SendKeys(chromedp.ID("cur-question"), question),
		chromedp.SendKeys(chromedp.ID("cur-sentence"), sentence),
		chromedp.SendKeys(chromedp.ID("cur-reason"), "a mistake"),
		chromedp.Click(chromedp.ID("cur-apply")))
	tb.WaitFor("the refusal", `(() => { const e = document.querySelector('#cur-error');
		return !e.hidden || document.querySelector('#cur-verdict').dataset.verdict === 'refused'; })()`)
	type refusal struct {
		Error   string   `json:"error"`
		Verdict string   `json:"verdict"`
		IDs     []string `json:"ids"`
		Text    string   `json:"text"`
	}
	v := browsertest.Eval[refusal](tb, "reading the refusal", `(() => {
		const q = s => document.querySelector(s);
		return { error: q('#cur-error').hidden ? '' : q('#cur-error').textContent,
			verdict: q('#cur-verdict').textContent,
			ids: [...document.querySelectorAll('#cur-broken li')].map(n => n.dataset.id),
			text: q('#cur-broken').textContent }; })()`)
	if v.Error != "" {
		t.Fatalf("the form shows an error, not the refusal: %s", v.Error)
	}
	if strings.Join(v.IDs, " ") != strings.Join(want, " ") {
		t.Errorf("the form names the golden questions %q, want %q", v.IDs, want)
	}
	for _, b := range check.Broken {
		if !strings.Contains(v.Text, b.ID) || !strings.Contains(v.Text, b.Question) {
			t.Errorf("the list of broken answers does not name %s %q:\n%s", b.ID, b.Question, v.Text)
		}
	}
	if !strings.HasPrefix(v.Verdict, "Refused: it would turn "+fmt.Sprint(len(want))+" golden question") {
		t.Errorf("the verdict %q does not say, in English, how many would break (%d)", v.Verdict, len(want))
	}
	if !strings.Contains(v.Text, "wrong source") && !strings.Contains(v.Text, "not answered") && !strings.Contains(v.Text, "figure missing") {
		t.Errorf("the broken answers do not say what goes wrong:\n%s", v.Text)
	}
	tb.Do("showing the refusal", chromedp.Evaluate[chromedp.Void](`(document.querySelector('#cur-verdict').scrollIntoView(), true)`))
	tb.ShotView("curation-refused.png")
	tb.Forgive("/api/curations", "409") // the browser logs the refused request

	var hist struct {
		Version int64 `json:"version"`
	}
	local.do(t, "GET", "/api/curations", "", &hist)
	if hist.Version != 0 {
		t.Errorf("a refused curation was kept: the log is at version %d", hist.Version)
	}
	tb.CheckConsole()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

package console_test

// Browser tests: real headless Chromium, driven with chromedp, against the
// console served on 127.0.0.1 with the real engine. They check what staff
// see (the Telegram preview, the figure, the candidates, the paragraph, the
// evaluation), that the page works on a phone and behind the staff token,
// and that the browser reports no script error or CSP violation. Each view's
// screenshot is saved under $LIWANBOT_ARTIFACTS (default <repo>/artifacts).
//
// Chromium is Debian's package (/usr/bin/chromium). Without it the tests
// skip, and go test says so in one line (see main_test.go), unless
// LIWANBOT_REQUIRE_BROWSER is set (as .ci/run sets it).

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/liwanbot/liwanbot/console"
	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/golden"
	"github.com/liwanbot/liwanbot/internal/browsertest"
	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/seeds"
)

var browserEngine = sync.OnceValues(func() (*search.Engine, error) {
	r, err := seeds.Parse()
	if err != nil {
		return nil, err
	}
	return search.New(r)
})

// browserServer serves the console on 127.0.0.1 with the real engine.
func browserServer(t *testing.T, staffToken string) (*search.Engine, string) {
	t.Helper()
	return serveConsole(t, console.Config{StaffToken: staffToken})
}

// serveConsole serves the console on 127.0.0.1 as cfg says, with the real
// engine answering.
func serveConsole(t *testing.T, cfg console.Config) (*search.Engine, string) {
	t.Helper()
	eng, err := browserEngine()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Engine, cfg.API = eng, eng
	mux := http.NewServeMux()
	console.Routes(mux, cfg)
	srv := httptest.NewServer(mux) // 127.0.0.1, a free port
	t.Cleanup(srv.Close)
	return eng, srv.URL
}

// browserTab is one browser tab of one test (see internal/browsertest),
// with the short names these tests use.
type browserTab struct {
	*browsertest.Tab
	t   *testing.T
	ctx context.Context
}

// openTab starts a headless Chromium for the test and opens a tab.
func openTab(t *testing.T) *browserTab {
	t.Helper()
	return openTabWithin(t, browsertest.Budget)
}

func openTabWithin(t *testing.T, budget time.Duration) *browserTab {
	t.Helper()
	tab := browsertest.OpenWithin(t, browserSkips, budget)
	return &browserTab{Tab: tab, t: t, ctx: tab.Ctx}
}

// evalPerQuestion is how long the console's evaluation may take a golden
// question, under -race on a loaded 2-core machine (about 16 ms when
// 3,231 of them missed a 60 s budget beside other packages' tests; 4 ms on
// a quiet one).
const evalPerQuestion = 30 * time.Millisecond

func (tb *browserTab) checkConsole()               { tb.t.Helper(); tb.CheckConsole() }
func (tb *browserTab) forgive(subs ...string)      { tb.t.Helper(); tb.Forgive(subs...) }
func (tb *browserTab) fail(step string, err error) { tb.t.Helper(); tb.Fail(step, err) }
func (tb *browserTab) waitFor(step, expr string)   { tb.t.Helper(); tb.WaitFor(step, expr) }
func (tb *browserTab) shot(name string)            { tb.t.Helper(); tb.Shot(name) }
func (tb *browserTab) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	tb.Do(step, actions...)
}

// evalJS evaluates a JavaScript expression into a T.
func evalJS[T any](tb *browserTab, step, expr string) T {
	tb.t.Helper()
	return browsertest.Eval[T](tb.Tab, step, expr)
}

var (
	jsQuote    = browsertest.Quote
	clearField = browsertest.ClearField
	shownText  = browsertest.ShownText
)

const pageReady = browsertest.PageReady

// askView is what the ask view shows, read in one go.
type askView struct {
	Question    string   `json:"question"`
	Outcome     string   `json:"outcome"`
	Bubble      string   `json:"bubble"`
	Bold        []string `json:"bold"`
	Buttons     []string `json:"buttons"`
	Figure      string   `json:"figure"`
	FigureShown bool     `json:"figureShown"`
	Subject     string   `json:"subject"`
	Topic       string   `json:"topic"`
	Candidates  []string `json:"candidates"`
	CitedCand   []string `json:"citedCand"`
	Marks       []string `json:"marks"`
	ParaCited   []string `json:"paraCited"`
	ParaMarks   []string `json:"paraMarks"`
	Suggestions []string `json:"suggestions"`
	Error       string   `json:"error"`
}

const readAskView = `(() => {
	const q = s => document.querySelector(s), all = s => [...document.querySelectorAll(s)];
	const text = s => (q(s)?.textContent ?? '').trim();
	return {
		question: text('#result-question'),
		outcome: q('#outcome')?.dataset.outcome ?? '',
		bubble: q('#telegram')?.textContent ?? '',
		bold: all('#telegram b').map(n => n.textContent),
		buttons: all('#keyboard .tg-kb-btn').map(n => n.textContent),
		figure: text('#figure-text'),
		figureShown: !!q('#figure-text') && q('#figure-text').getClientRects().length > 0,
		subject: text('#figure-subject'),
		topic: text('#topic'),
		candidates: all('#candidates > li').map(n => n.dataset.id),
		citedCand: all('#candidates > li.cited').map(n => n.dataset.id),
		marks: all('#candidates mark').map(n => n.textContent),
		paraCited: all('#paragraph .cited').map(n => n.textContent),
		paraMarks: all('#paragraph .cited mark').map(n => n.textContent),
		suggestions: all('#suggestions button').map(n => n.textContent),
		error: q('#ask-error')?.hidden ? '' : text('#ask-error'),
	};
})()`

func anyContains(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// askQuestion types a question into the ask view and submits it, by the
// button or by Enter, and waits for its answer.
func (tb *browserTab) askQuestion(q string, enter bool) askView {
	tb.t.Helper()
	submit := chromedp.Click(chromedp.ID("ask"))
	if enter {
		submit = chromedp.SendKeys(chromedp.ID("question"), "\r")
	}
	tb.do("asking "+q,
		chromedp.WaitVisible(chromedp.ID("question")),
		clearField("question"),
		chromedp.SendKeys(chromedp.ID("question"), q),
		submit,
	)
	tb.waitFor("the answer to "+q, fmt.Sprintf(`(() => {
		const r = document.querySelector('#result'), e = document.querySelector('#ask-error');
		return (e && !e.hidden) || (r && !r.hidden && document.querySelector('#result-question').textContent === %s
			&& !document.querySelector('#ask').disabled); })()`, jsQuote(q)))
	v := evalJS[askView](tb, "reading the answer to "+q, readAskView)
	if v.Error != "" {
		tb.t.Fatalf("asking %q: the page shows an error: %s", q, v.Error)
	}
	return v
}

func TestBrowserAsk(t *testing.T) {
	eng, base := browserServer(t, "")
	tb := openTab(t)
	tb.do("opening the console", chromedp.Navigate(base+"/#ask"))
	tb.waitFor("the console's script", pageReady)
	// The page names the report it answers from, as the report names itself.
	tb.waitFor("the report's name in the footer", shownText("footer.foot span", "答案均出自《2025年荔湾区政府工作报告》原文。"))
	tb.waitFor("the district in the title", shownText(".topbar .brand-title", "荔湾区政府工作报告问答"))

	// A figure question, by the button.
	const q = "全区托位有多少?"
	want := eng.Answer(context.Background(), q)
	if !want.Answered() || want.Figure == nil || want.Figure.Text != "超6500个" || len(want.Sources) == 0 {
		t.Fatalf("the engine's answer to %q changed: %+v", q, want)
	}
	cited := want.Sources[0]
	tb.do("typing and clicking Ask",
		chromedp.WaitVisible(chromedp.ID("question")),
		chromedp.SendKeys(chromedp.ID("question"), q),
		chromedp.Click(chromedp.ID("ask")),
	)
	tb.waitFor("the figure 超6500个", shownText("#figure-text", "超6500个"))
	v := evalJS[askView](tb, "reading the answer", readAskView)
	if v.Outcome != "answered" {
		t.Errorf("outcome badge %q, want answered", v.Outcome)
	}
	if !strings.Contains(v.Bubble, cited.Text) {
		t.Errorf("the Telegram bubble lacks the cited sentence %q:\n%s", cited.Text, v.Bubble)
	}
	if !anyContains(v.Bold, "托位") {
		t.Errorf("no <b> with 托位 in the Telegram bubble: bold %q", v.Bold)
	}
	if !anyContains(v.Bold, "超6500个") {
		t.Errorf("the figure is not bold in the Telegram bubble: bold %q", v.Bold)
	}
	if len(v.Buttons) == 0 || !anyContains(v.Buttons, "原文段落") || !anyContains(v.Buttons, "👍") {
		t.Errorf("inline keyboard %q", v.Buttons)
	}
	if !strings.Contains(v.Subject, "托位") {
		t.Errorf("figure subject %q", v.Subject)
	}
	if len(v.Candidates) != len(want.Sources) || len(v.Candidates) == 0 || v.Candidates[0] != cited.ID {
		t.Errorf("candidates %q, want %d starting with %s", v.Candidates, len(want.Sources), cited.ID)
	}
	if len(v.CitedCand) != 1 || v.CitedCand[0] != cited.ID {
		t.Errorf("cited candidates %q, want [%s]", v.CitedCand, cited.ID)
	}
	if !anyContains(v.Marks, "托位") {
		t.Errorf("no highlighted term 托位 among the candidates: marks %q", v.Marks)
	}
	if len(v.ParaCited) != 1 || v.ParaCited[0] != cited.Text {
		t.Errorf("paragraph highlights %q, want the cited sentence %q", v.ParaCited, cited.Text)
	}
	if !anyContains(v.ParaMarks, "托位") {
		t.Errorf("the cited sentence in the paragraph does not mark 托位: %q", v.ParaMarks)
	}
	tb.shot("ask.png")

	// Traditional Chinese, by Enter.
	const trad = "今年新增幾多個學位?"
	v = tb.askQuestion(trad, true)
	if v.Outcome != "answered" || v.Figure != "5040個" || !v.FigureShown {
		t.Errorf("%s: outcome %q, figure %q (shown %v), want 5040個", trad, v.Outcome, v.Figure, v.FigureShown)
	}
	if !strings.Contains(v.Bubble, "5040個") || !anyContains(v.Bold, "學位") {
		t.Errorf("%s: Telegram bubble %q, bold %q", trad, v.Bubble, v.Bold)
	}
	if len(v.ParaCited) != 1 || !strings.Contains(v.ParaCited[0], "5040") {
		t.Errorf("%s: paragraph highlights %q", trad, v.ParaCited)
	}

	// Off topic: the refusal and its suggestions, and nothing cited.
	const off = "明天广州会下雨吗?"
	refusal := eng.Answer(context.Background(), off)
	if refusal.Outcome != search.Refused {
		t.Fatalf("the engine now answers %q: %+v", off, refusal)
	}
	v = tb.askQuestion(off, false)
	if v.Outcome != "refused" {
		t.Errorf("%s: outcome %q, want refused", off, v.Outcome)
	}
	if !strings.Contains(v.Bubble, refusal.Text) {
		t.Errorf("%s: the Telegram bubble %q lacks the refusal %q", off, v.Bubble, refusal.Text)
	}
	if v.FigureShown || len(v.Candidates) != 0 || len(v.ParaCited) != 0 {
		t.Errorf("%s: a refusal shows a figure (%v %q), candidates %q or a cited sentence %q", off, v.FigureShown, v.Figure, v.Candidates, v.ParaCited)
	}
	if len(v.Suggestions) != len(refusal.Suggestions) || (len(v.Suggestions) > 0 && v.Suggestions[0] != refusal.Suggestions[0]) {
		t.Errorf("%s: suggestions %q, want %q", off, v.Suggestions, refusal.Suggestions)
	}

	// English labels are one click away, and the answer stays.
	tb.do("switching to English", chromedp.Click(chromedp.ID("lang-en")))
	tb.waitFor("English labels", shownText("#tab-eval", "Evaluation"))
	if got := evalJS[string](tb, "reading the badge", `document.querySelector('#outcome').textContent`); got != "Refused" {
		t.Errorf("English outcome badge %q, want Refused", got)
	}
	tb.shot("ask-en.png")
	tb.checkConsole()
}

// evalView is what the evaluation view shows.
type evalView struct {
	Total      string   `json:"total"`
	Accuracy   string   `json:"accuracy"`
	Categories int      `json:"categories"`
	Failures   []string `json:"failures"`
	First      string   `json:"first"`
	NoFailures bool     `json:"noFailures"`
	Status     string   `json:"status"`
	Error      string   `json:"error"`
}

const readEvalView = `(() => {
	const q = s => document.querySelector(s), all = s => [...document.querySelectorAll(s)];
	const text = s => (q(s)?.textContent ?? '').trim();
	return {
		total: text('#eval-total .tile-value'),
		accuracy: text('#eval-accuracy'),
		categories: all('#categories tbody tr').length,
		failures: all('#failures > li').map(n => n.dataset.id),
		first: text('#failures > li'),
		noFailures: !q('#failures-none').hidden,
		status: text('#eval-status'),
		error: q('#eval-error').hidden ? '' : text('#eval-error'),
	};
})()`

func TestBrowserEval(t *testing.T) {
	eng, base := browserServer(t, "")
	qs, err := golden.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	res, err := golden.Run(context.Background(), eng, qs)
	if err != nil {
		t.Fatal(err)
	}

	tb := openTabWithin(t, browsertest.Budget+time.Duration(len(qs))*evalPerQuestion)
	tb.do("opening the evaluation view", chromedp.Navigate(base+"/#eval"))
	tb.waitFor("the console's script", pageReady)
	tb.do("running the built-in golden file",
		chromedp.WaitVisible(chromedp.ID("run-builtin")),
		chromedp.Click(chromedp.ID("run-builtin")),
	)
	total := fmt.Sprint(len(qs))
	tb.waitFor("the summary of "+total+" questions", fmt.Sprintf(`(() => {
		const e = document.querySelector('#eval-error');
		return (e && !e.hidden) || (%s && document.querySelectorAll('#categories tbody tr').length > 0); })()`,
		shownText("#eval-total .tile-value", total)))
	v := evalJS[evalView](tb, "reading the evaluation", readEvalView)
	if v.Error != "" {
		t.Fatalf("the evaluation view shows an error: %s", v.Error)
	}
	if v.Total != total {
		t.Errorf("total %q, want %s, the built-in file's", v.Total, total)
	}
	if !strings.Contains(v.Accuracy, "%") || !strings.Contains(v.Accuracy, fmt.Sprintf("%d / %d", res.Right, res.Total)) {
		t.Errorf("accuracy tile %q, want a percentage and %d / %d", v.Accuracy, res.Right, res.Total)
	}
	if v.Categories != len(res.Categories()) {
		t.Errorf("%d category rows, want %d", v.Categories, len(res.Categories()))
	}
	if len(v.Failures) != len(res.Failures) || v.NoFailures != (len(res.Failures) == 0) {
		t.Errorf("failures %q (none shown: %v), want %d", v.Failures, v.NoFailures, len(res.Failures))
	} else if len(res.Failures) > 0 {
		f := res.Failures[0]
		if v.Failures[0] != f.Question.ID || !strings.Contains(v.First, f.Question.Q) || !strings.Contains(v.First, f.Why) {
			t.Errorf("first failure row %q (%s), want %s %q, why %q", v.First, v.Failures[0], f.Question.ID, f.Question.Q, f.Why)
		}
	}
	tb.shot("eval.png")

	// An uploaded file: three of the built-in questions.
	dir := t.TempDir()
	var lines []string
	for _, q := range qs[:3] {
		b, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, string(b))
	}
	good := filepath.Join(dir, "three.jsonl")
	if err := os.WriteFile(good, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tb.do("uploading a question file", chromedp.SetUploadFiles(chromedp.ID("eval-file"), []string{good}))
	tb.waitFor("the uploaded file's summary", shownText("#eval-total .tile-value", "3"))
	if v := evalJS[evalView](tb, "reading the upload's evaluation", readEvalView); !strings.Contains(v.Status, "three.jsonl") {
		t.Errorf("status %q does not name the uploaded file", v.Status)
	}

	// A broken file: the API's error, shown as it is.
	bad := filepath.Join(dir, "broken.jsonl")
	if err := os.WriteFile(bad, []byte("this is not JSON\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tb.do("uploading a broken file", chromedp.SetUploadFiles(chromedp.ID("eval-file"), []string{bad}))
	tb.waitFor("the API's error", `(() => { const e = document.querySelector('#eval-error');
		return !e.hidden && e.textContent.includes('400') && e.textContent.includes('bad question file'); })()`)
	tb.forgive("/api/eval", "400 (Bad Request)") // the browser logs the failed request
	tb.checkConsole()
}

func TestBrowserPhone(t *testing.T) {
	_, base := browserServer(t, "")
	qs, err := golden.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	tb := openTabWithin(t, browsertest.Budget+time.Duration(len(qs))*evalPerQuestion) // it runs the built-in file too
	const width = 390
	tb.do("emulating a phone and opening the console",
		chromedp.EmulateViewport(width, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)),
		chromedp.Navigate(base+"/#ask"),
	)
	tb.waitFor("the console's script", pageReady)
	if w := evalJS[int](tb, "reading the viewport", `window.innerWidth`); w != width {
		t.Fatalf("viewport %d px wide, want %d", w, width)
	}
	v := tb.askQuestion("全区托位有多少?", false)
	if v.Figure != "超6500个" || !v.FigureShown || len(v.Candidates) == 0 {
		t.Errorf("on a phone: figure %q (shown %v), candidates %q", v.Figure, v.FigureShown, v.Candidates)
	}
	overflow := `document.documentElement.scrollWidth`
	if w := evalJS[int](tb, "measuring the page", overflow); w > width {
		t.Errorf("the ask view scrolls sideways on a phone: %d px wide in a %d px screen", w, width)
	}
	tb.shot("phone.png")

	tb.do("opening the evaluation on a phone", chromedp.Navigate(base+"/#eval"))
	tb.waitFor("the evaluation view", `!document.querySelector('#view-eval').hidden`)
	tb.do("running the built-in file on a phone", chromedp.Click(chromedp.ID("run-builtin")))
	tb.waitFor("the phone's evaluation", `document.querySelectorAll('#failures > li, #failures-none:not([hidden])').length > 0`)
	if w := evalJS[int](tb, "measuring the evaluation", overflow); w > width {
		t.Errorf("the evaluation view scrolls sideways on a phone: %d px wide in a %d px screen", w, width)
	}
	tb.shot("phone-eval.png")
	tb.checkConsole()
}

func TestBrowserLogin(t *testing.T) {
	const token = "browser-staff-9c1e"
	_, base := browserServer(t, token)

	// The login page needs its stylesheet and script before anyone has
	// logged in.
	assets := true
	plain := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range []string{"/style.css", "/login.js"} {
		resp, err := plain.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			assets = false
			t.Errorf("GET %s without the staff token: %d, want 200: the login page loads it before anyone has logged in, "+
				"so without it the page is unstyled and cannot show the wrong-token message "+
				"(console.go: serve the login page's assets without the token)", p, resp.StatusCode)
		}
	}

	tb := openTab(t)
	tb.do("opening the console without a token", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("token")))
	if loc := evalJS[string](tb, "reading the address", `location.pathname`); loc != "/login" {
		t.Errorf("/ without a token is at %s, want /login", loc)
	}

	// A wrong token.
	if _, err := chromedp.RunResponse(tb.ctx,
		chromedp.SendKeys(chromedp.ID("token"), "not-the-token"),
		chromedp.Click(chromedp.ID("login")),
	); err != nil {
		tb.fail("logging in with a wrong token", err)
	}
	tb.waitFor("the login page again", `location.pathname === '/login' && location.search.includes('failed') && !!document.querySelector('#token')`)
	if assets {
		tb.waitFor("the wrong-token message", `(() => { const e = document.querySelector('#login-error');
			return !!e && !e.hidden && e.getClientRects().length > 0 && e.textContent.includes('令牌不对'); })()`)
		tb.shot("login.png")
	}

	// The right token reaches the console, and its API.
	if _, err := chromedp.RunResponse(tb.ctx,
		clearField("token"),
		chromedp.SendKeys(chromedp.ID("token"), token),
		chromedp.Click(chromedp.ID("login")),
	); err != nil {
		tb.fail("logging in with the right token", err)
	}
	tb.do("reaching the console", chromedp.WaitVisible(chromedp.ID("question")))
	if loc := evalJS[string](tb, "reading the address", `location.pathname`); loc != "/" {
		t.Errorf("after logging in at %s, want /", loc)
	}
	tb.waitFor("the console's script", pageReady)
	if v := tb.askQuestion("全区托位有多少?", false); v.Figure != "超6500个" {
		t.Errorf("logged in: figure %q, want 超6500个", v.Figure)
	}
	if assets {
		tb.checkConsole() // else the console holds the blocked assets' errors, reported above
	}
}

// feedbackView is what the feedback view shows.
type feedbackView struct {
	Refused []struct {
		Question string   `json:"question"`
		Count    string   `json:"count"`
		Channel  string   `json:"channel"`
		Topics   []string `json:"topics"`
		Now      string   `json:"now"`
		Badge    string   `json:"badge"`
		Figure   string   `json:"figure"`
	} `json:"refused"`
	NowShown bool `json:"nowShown"`
	Disliked []struct {
		Sentence string `json:"sentence"`
		Down     string `json:"down"`
		Up       string `json:"up"`
		Figure   string `json:"figure"`
		Text     string `json:"text"`
	} `json:"disliked"`
	NoRefused  bool   `json:"noRefused"`
	NoDisliked bool   `json:"noDisliked"`
	Summary    string `json:"summary"`
	Error      string `json:"error"`
}

const readFeedbackView = `(() => {
	const q = s => document.querySelector(s), all = s => [...document.querySelectorAll(s)];
	const text = (n, s) => (n.querySelector(s)?.textContent ?? '').trim();
	const shown = s => !!q(s) && q(s).getClientRects().length > 0;
	return {
		refused: all('#refused tbody tr').map(r => ({
			question: text(r, '.q-link'), count: text(r, '.count-col'), channel: r.cells[3].textContent.trim(),
			topics: [...r.querySelectorAll('.topic')].map(n => n.textContent),
			now: r.dataset.now ?? '', badge: text(r, '.now-badge'), figure: text(r, '.now-figure'),
		})),
		nowShown: shown('#refused thead .now-col'),
		disliked: all('#disliked tbody tr').map(r => ({
			sentence: r.dataset.sentence, down: text(r, '.down'), up: text(r, '.up'),
			figure: text(r, '.figure-col'), text: text(r, '.text-col'),
		})),
		noRefused: shown('#refused-none'),
		noDisliked: shown('#disliked-none'),
		summary: (q('#rerun-summary')?.textContent ?? '').trim(),
		error: q('#feedback-error').hidden ? '' : q('#feedback-error').textContent.trim(),
	};
})()`

func TestBrowserFeedback(t *testing.T) {
	ctx := context.Background()
	store, err := feedback.Open(ctx, filepath.Join(t.TempDir(), "feedback.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	rec := feedback.NewRecorder(store)
	t.Cleanup(func() { rec.Close(context.Background()) })
	eng, base := serveConsole(t, console.Config{Store: store}.WithRecorder(rec))
	hash := eng.Report().Hash

	// A question refused three times that the engine answers now (a
	// synonym came since), one it still refuses, and one from long ago.
	const (
		nowAnswered = "全区托位有多少"
		refused     = "火星上有几个托位"
		old         = "月球上有几个托位"
	)
	if a := eng.Answer(ctx, nowAnswered); !a.Answered() || a.Figure == nil || a.Figure.Text != "超6500个" {
		t.Fatalf("the engine's answer to %q changed: %+v", nowAnswered, a)
	}
	mars := eng.Answer(ctx, refused)
	if mars.Answered() {
		t.Fatalf("the engine now answers %q: %+v", refused, mars)
	}
	var sentence string
	for _, s := range eng.Report().Sentences() {
		if s.ID == "p31.s4" {
			sentence = s.Text
		}
	}
	if !strings.Contains(sentence, "托位总量超6500个") {
		t.Fatalf("p31.s4 is now %q", sentence)
	}
	// An empty database: both empty states.
	tb := openTab(t)
	tb.do("opening the feedback view", chromedp.Navigate(base+"/#feedback"))
	tb.waitFor("the console's script", pageReady)
	tb.waitFor("the empty states", `(() => { const e = document.querySelector('#feedback-error');
		return !e.hidden || !document.querySelector('#disliked-none').hidden; })()`)
	if v := evalJS[feedbackView](tb, "reading the empty feedback", readFeedbackView); v.Error != "" || !v.NoRefused || !v.NoDisliked || len(v.Refused) != 0 {
		t.Errorf("an empty database: error %q, empty states shown %v %v, rows %+v", v.Error, v.NoRefused, v.NoDisliked, v.Refused)
	}

	now := time.Now()
	refusal := func(q string, ago time.Duration, channel string, topics []string) feedback.Refusal {
		return feedback.Refusal{At: now.Add(-ago), Question: q, Lang: "zh-Hans", Channel: channel, Outcome: "refused",
			Topics: topics, Resident: "r-" + fmt.Sprint(ago), Report: "an-older-report"}
	}
	rating := func(r int) feedback.Rating {
		return feedback.Rating{At: now.Add(-time.Hour), Rating: r, Sentence: "p31.s4", Figure: "6500", Report: hash, Channel: "telegram"}
	}
	err = store.Write(ctx, feedback.Batch{
		Refusals: []feedback.Refusal{
			refusal(nowAnswered, 26*time.Hour, "telegram", []string{"推进托育服务"}),
			refusal(nowAnswered, 2*time.Hour, "telegram", []string{"推进托育服务"}),
			refusal(nowAnswered, time.Hour, "telegram", []string{"办好民生实事", "推进托育服务"}),
			refusal(refused, 30*time.Minute, "api", mars.Suggestions),
			refusal(old, 40*24*time.Hour, "telegram", nil),
		},
		Ratings: []feedback.Rating{rating(-1), rating(-1), rating(1)},
	})
	if err != nil {
		t.Fatal(err)
	}

	tb.do("refreshing", chromedp.Click(chromedp.ID("fb-reload")))
	tb.waitFor("the refused questions", `(() => { const e = document.querySelector('#feedback-error');
		return !e.hidden || document.querySelectorAll('#refused tbody tr').length > 0; })()`)
	v := evalJS[feedbackView](tb, "reading the feedback", readFeedbackView)
	if v.Error != "" {
		t.Fatalf("the feedback view shows an error: %s", v.Error)
	}
	if len(v.Refused) != 2 || v.Refused[0].Question != nowAnswered || v.Refused[0].Count != "3" ||
		v.Refused[1].Question != refused || v.Refused[1].Count != "1" {
		t.Fatalf("refused questions of the last 7 days %+v, want %s ×3 then %s ×1", v.Refused, nowAnswered, refused)
	}
	if v.Refused[1].Channel != "API" || len(v.Refused[0].Topics) != 2 || v.Refused[0].Topics[0] != "办好民生实事" {
		t.Errorf("first row's topics %q (want the latest asking's), second row's channel %q", v.Refused[0].Topics, v.Refused[1].Channel)
	}
	if v.NowShown || v.Refused[0].Now != "" {
		t.Errorf("the answer-now column shows before a re-run")
	}
	if len(v.Disliked) != 1 || v.NoDisliked {
		t.Fatalf("disliked answers %+v (none shown: %v), want p31.s4", v.Disliked, v.NoDisliked)
	}
	d := v.Disliked[0]
	if d.Sentence != "p31.s4" || d.Down != "2" || d.Up != "1" || d.Figure != "6500" || !strings.Contains(d.Text, "托位总量超6500个") {
		t.Errorf("disliked row %+v, want p31.s4 👎2 👍1, figure 6500, text with 托位总量超6500个", d)
	}

	// Asked again of the engine as it is now.
	tb.do("re-running the refused questions", chromedp.Click(chromedp.ID("fb-rerun")))
	tb.waitFor("the re-run", `document.querySelectorAll('#refused tbody tr[data-now]').length === 2`)
	v = evalJS[feedbackView](tb, "reading the re-run", readFeedbackView)
	if r := v.Refused[0]; r.Question != nowAnswered || r.Now != "answered" || r.Badge != "现在能回答 ✓" || r.Figure != "超6500个" {
		t.Errorf("first row after the re-run %+v, want %s now answered ✓ with 超6500个", r, nowAnswered)
	}
	if r := v.Refused[1]; r.Question != refused || r.Now != "refused" || r.Badge != "仍然婉拒" {
		t.Errorf("second row after the re-run %+v, want %s still refused", r, refused)
	}
	if !v.NowShown || !strings.Contains(v.Summary, "1 / 2") {
		t.Errorf("after the re-run: answer-now column shown %v, summary %q", v.NowShown, v.Summary)
	}
	tb.shot("feedback.png")
	// This console has no curator (serve without a database has none):
	// it offers no corrections it could not make.
	if n := evalJS[int](tb, "counting correction buttons", `[...document.querySelectorAll('#cur-new, .act-link, .act-synonym, .act-reply, .act-never')]
		.filter(n => n.getClientRects().length > 0).length`); n != 0 {
		t.Errorf("%d correction buttons shown without a curator", n)
	}

	// English, and a longer period that reaches the old question.
	tb.do("switching to English", chromedp.Click(chromedp.ID("lang-en")))
	tb.waitFor("English badges", shownText("#refused tbody tr:first-child .now-badge", "Now answered ✓"))
	if got := evalJS[string](tb, "reading the second badge", `document.querySelector('#refused tbody tr:nth-child(2) .now-badge').textContent`); got != "Still refused" {
		t.Errorf("English badge %q, want Still refused", got)
	}
	tb.do("choosing 90 days", chromedp.Evaluate[chromedp.Void](`(() => { const s = document.querySelector('#fb-since');
		s.value = '90d'; s.dispatchEvent(new Event('change')); return true; })()`))
	tb.waitFor("the old question", fmt.Sprintf(`[...document.querySelectorAll('#refused tbody tr[data-now] .q-link')].some(n => n.textContent === %s)`, jsQuote(old)))
	tb.shot("feedback-en.png")

	// A refused question is one click from the ask view.
	tb.do("clicking the first refused question", chromedp.Click(chromedp.CSS("#refused tbody tr:first-child .q-link")))
	tb.waitFor("the figure 超6500个", shownText("#figure-text", "超6500个"))
	if got := evalJS[string](tb, "reading the ask view", `location.hash + ' ' + document.querySelector('#question').value + ' ' +
		document.querySelector('#tab-ask').getAttribute('aria-selected') + ' ' + document.querySelector('#view-feedback').hidden`); got != "#ask "+nowAnswered+" true true" {
		t.Errorf("after clicking the question: %q, want the ask view with %s asked", got, nowAnswered)
	}

	// On a phone: one card a row, nothing wider than the screen.
	const width = 390
	tb.do("emulating a phone", chromedp.EmulateViewport(width, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)),
		chromedp.Navigate(base+"/?phone#feedback")) // a new page, not a jump within this one
	tb.waitFor("the feedback on a phone", `document.querySelectorAll('#refused tbody tr').length > 0`)
	tb.do("re-running on a phone", chromedp.Click(chromedp.ID("fb-rerun")))
	tb.waitFor("the re-run on a phone", `document.querySelectorAll('#refused tbody tr[data-now]').length > 0`)
	if w := evalJS[int](tb, "measuring the page", `document.documentElement.scrollWidth`); w > width {
		t.Errorf("the feedback view scrolls sideways on a phone: %d px wide in a %d px screen", w, width)
	}
	tb.shot("feedback-phone.png")
	tb.checkConsole()
}

func TestBrowserFeedbackNoDatabase(t *testing.T) {
	_, base := browserServer(t, "")
	tb := openTab(t)
	tb.do("opening the feedback view", chromedp.Navigate(base+"/#feedback"))
	tb.waitFor("the console's script", pageReady)
	tb.waitFor("the no-database message", `(() => { const e = document.querySelector('#feedback-error');
		return !e.hidden && e.classList.contains('nodb') && e.getClientRects().length > 0; })()`)
	v := evalJS[feedbackView](tb, "reading the feedback view", readFeedbackView)
	if !strings.Contains(v.Error, "没有数据库") || !strings.Contains(v.Error, "503") || !strings.Contains(v.Error, "no database") {
		t.Errorf("no-database message %q", v.Error)
	}
	if len(v.Refused) != 0 || v.NoRefused {
		t.Errorf("without a database the view shows a table or an empty state: %+v", v)
	}
	tb.do("switching to English", chromedp.Click(chromedp.ID("lang-en")))
	tb.waitFor("the English message", `document.querySelector('#feedback-error').textContent.includes('No database')`)
	tb.shot("feedback-nodb.png")
	tb.forgive("/api/report", "503")
	tb.checkConsole()
}

// refusalView is what the ask view shows of a refusal, and of jargon.
type refusalView struct {
	Shown     bool     `json:"shown"`
	Line      string   `json:"line"`
	Why       string   `json:"why"`
	Near      []string `json:"near"`
	NearCover []string `json:"nearCover"`
	Visible   string   `json:"visible"` // what the ask view shows, closed toggles and the raw JSON left out
	Metrics   string   `json:"metrics"`
	Chips     []string `json:"chips"`
	Badge     string   `json:"badge"`
	Title     string   `json:"title"`
}

const readRefusalView = `(() => {
	const q = s => document.querySelector(s), all = s => [...document.querySelectorAll(s)];
	return {
		shown: !!q('#refusal-card') && q('#refusal-card').getClientRects().length > 0,
		line: (q('#refusal-line')?.textContent ?? '').trim(),
		why: (q('#refusal-why')?.textContent ?? '').trim(),
		near: all('#near-misses > li').map(n => n.dataset.id),
		nearCover: all('#near-misses .near-cov').map(n => n.textContent.trim()),
		visible: [...q('#result').children].filter(n => !n.matches('details.raw')).map(n => n.innerText).join('\n'),
		metrics: all('.cand-meta, #coverage').map(n => n.innerText).join(' '),
		chips: all('#terms .term-chip, .cand-terms .term-chip').map(n => n.textContent),
		badge: q('#outcome').textContent,
		title: q('#refusal-title').textContent,
	};
})()`

// The ask view explains a refusal (the line the resident read, why, the
// sentences that came closest with how much of the question each covers)
// and keeps developer jargon out of sight: sentence ids behind a toggle,
// no scores, matched words as words rather than the search's overlapping
// character pairs, and outcomes in the page's language.
func TestBrowserAskExplainsRefusal(t *testing.T) {
	eng, base := serveConsole(t, console.Config{Curator: &curator{}})
	ctx := context.Background()
	const q = "托儿所学位有几多"
	want := eng.Answer(ctx, q)
	if want.Outcome != search.Refused || len(want.NearMisses) == 0 {
		t.Fatalf("the engine's answer to %q changed: %s with %d near misses", q, want.Outcome, len(want.NearMisses))
	}
	var wantNear, wantCover, wantCoverEN []string
	for _, s := range want.NearMisses {
		wantNear = append(wantNear, s.ID)
		p := fmt.Sprintf("%d%%", int(math.Round(s.Coverage*100)))
		wantCover = append(wantCover, "覆盖问题的 "+p)
		wantCoverEN = append(wantCoverEN, "covers "+p+" of the question")
	}
	ids := regexp.MustCompile(`\bp\d+\.s\d+\b`)

	tb := openTab(t)
	tb.do("opening the console", chromedp.Navigate(base+"/#ask"))
	tb.waitFor("the console's script", pageReady)
	tb.askQuestion(q, false)
	v := evalJS[refusalView](tb, "reading the refusal", readRefusalView)
	line, _, _ := strings.Cut(want.Text, "\n")
	if !v.Shown || v.Line != line {
		t.Errorf("refusal card shown %v with line %q, want %q", v.Shown, v.Line, line)
	}
	if strings.Join(v.Near, " ") != strings.Join(wantNear, " ") || strings.Join(v.NearCover, "|") != strings.Join(wantCover, "|") {
		t.Errorf("near misses %q covering %q, want %q covering %q", v.Near, v.NearCover, wantNear, wantCover)
	}
	if !strings.Contains(v.Why, wantCover[0][len("覆盖问题的 "):]) {
		t.Errorf("the refusal's reason %q does not give the closest sentence's coverage %s", v.Why, wantCover[0])
	}
	if m := ids.FindAllString(v.Visible, -1); len(m) > 0 {
		t.Errorf("the ask view shows sentence ids %q outside their toggles", m)
	}
	tb.shot("ask-refusal.png")

	// One click opens the curation form on the closest sentence.
	tb.do("linking the question to the closest sentence", chromedp.Click(chromedp.CSS("#near-misses > li:first-child .act-link")))
	tb.waitFor("the curation form", `document.querySelector('#curation').open`)
	if got := evalJS[string](tb, "reading the form", `[document.querySelector('#cur-type').value, document.querySelector('#cur-question').value,
		document.querySelector('#cur-sentence').value].join(' ')`); got != "link "+q+" "+wantNear[0] {
		t.Errorf("the form opened with %q, want a link of %s to %s", got, q, wantNear[0])
	}
	tb.do("closing the form", chromedp.Click(chromedp.ID("cur-cancel")))

	// An answer: matched words as words, no scores, no visible ids.
	const answered = "全区托位有多少?"
	a := eng.Answer(ctx, answered)
	if !a.Answered() || !slices.Contains(a.Terms, "区托") {
		t.Fatalf("the engine no longer matches the pair 区托 for %q (terms %q): this test needs another question", answered, a.Terms)
	}
	tb.askQuestion(answered, false)
	v = evalJS[refusalView](tb, "reading the answer", readRefusalView)
	if v.Shown {
		t.Errorf("an answered question shows the refusal card")
	}
	if slices.Contains(v.Chips, "区托") || len(v.Chips) == 0 {
		t.Errorf("matched terms %q: the pair 区托 is no word", v.Chips)
	}
	for _, c := range v.Chips {
		if !strings.Contains(a.Sources[0].Text, c) && !slices.ContainsFunc(a.Sources, func(s search.Source) bool { return strings.Contains(s.Text, c) }) {
			t.Errorf("matched term %q is in no candidate sentence", c)
		}
	}
	if strings.Contains(v.Metrics, "-") || strings.Contains(v.Visible, "得分") {
		t.Errorf("the ask view shows scores or negative numbers: %q", v.Metrics)
	}
	if m := ids.FindAllString(v.Visible, -1); len(m) > 0 {
		t.Errorf("the ask view shows sentence ids %q outside their toggles", m)
	}
	tb.do("opening the first candidate's details", chromedp.Click(chromedp.CSS("#candidates > li:first-child .sid-details summary")))
	if got := evalJS[string](tb, "reading the id", `document.querySelector('#candidates > li:first-child .sid-details code').innerText`); got != a.Sources[0].ID {
		t.Errorf("the first candidate's details show %q, want %s", got, a.Sources[0].ID)
	}

	// In English, the refusal and its reasons are in English.
	tb.do("switching to English", chromedp.Click(chromedp.ID("lang-en")))
	tb.askQuestion(q, false)
	v = evalJS[refusalView](tb, "reading the English refusal", readRefusalView)
	if v.Badge != "Refused" || v.Title != "Why it was not answered" || strings.Join(v.NearCover, "|") != strings.Join(wantCoverEN, "|") {
		t.Errorf("in English: badge %q, title %q, coverage %q", v.Badge, v.Title, v.NearCover)
	}
	tb.shot("ask-refusal-en.png")
	tb.checkConsole()
}

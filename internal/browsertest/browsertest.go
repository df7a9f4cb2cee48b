// Package browsertest drives a real headless Chromium (chromedp) for the
// browser tests of the staff console, wherever the pieces the test needs
// are: the console's own tests, and cmd/liwanbot's, which run the whole of
// serve with a fake Bot API. Each screenshot is saved under
// $LIWANBOT_ARTIFACTS (default <repo>/artifacts).
//
// Chromium is Debian's package (/usr/bin/chromium). Without it a test
// skips, counted in the caller's skipnote.Group, unless
// LIWANBOT_REQUIRE_BROWSER is set, which makes it fail instead.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/liwanbot/liwanbot/internal/skipnote"
)

// Budget bounds each browser test, the browser's start included. The
// slowest takes 10 s with both cores kept busy by stress-ng under -race
// (4 s on a quiet machine); only a hung browser or page reaches it.
const Budget = 60 * time.Second

// chromiumPath returns the browser to run, or skips the test loudly.
func chromiumPath(t *testing.T, skips *skipnote.Group) string {
	t.Helper()
	const debian = "/usr/bin/chromium"
	if _, err := os.Stat(debian); err == nil {
		return debian
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const why = "no chromium on PATH (nor /usr/bin/chromium)"
	if os.Getenv("LIWANBOT_REQUIRE_BROWSER") != "" {
		t.Fatalf("%s, and LIWANBOT_REQUIRE_BROWSER is set; %s", why, skips.HowTo)
	}
	skips.Skip(t, why)
	return ""
}

// ArtifactDir is where screenshots go: $LIWANBOT_ARTIFACTS, or the repo's
// artifacts/ (git-ignored).
func ArtifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("LIWANBOT_ARTIFACTS")
	if dir == "" {
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		root := wd
		for {
			if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
				break
			}
			up := filepath.Dir(root)
			if up == root {
				root = wd
				break
			}
			root = up
		}
		dir = filepath.Join(root, "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Tab is one browser tab of one test, with the test's deadline.
type Tab struct {
	T    *testing.T
	Ctx  context.Context // the test's actions, bounded by its deadline
	live context.Context // the tab itself, for diagnostics after a timeout

	budget time.Duration // the test's bound, its browser's start included

	mu       sync.Mutex
	problems []string // script errors, CSP violations, failed loads
}

// Open starts a headless Chromium for the test and opens a tab, bounded by
// Budget.
func Open(t *testing.T, skips *skipnote.Group) *Tab {
	t.Helper()
	return OpenWithin(t, skips, Budget)
}

// OpenWithin is Open for a test whose page does work that grows with its
// data (evaluating every golden question under -race), bounded by budget.
func OpenWithin(t *testing.T, skips *skipnote.Group, budget time.Duration) *Tab {
	t.Helper()
	exe := chromiumPath(t, skips)
	deadline := time.Now().Add(budget)
	profile := t.TempDir() // removed after the browser stops (cleanups run last-in first-out)
	// Chromium puts its singleton socket in a directory of its own under
	// $TMPDIR and leaves it there when it is killed; one per test run
	// piled up in /tmp, so it gets a temporary directory of the test's.
	tmp := t.TempDir()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.Env("TMPDIR="+tmp),
		chromedp.WindowSize(1280, 900),
		// This machine's network is closed: without these, Chromium's own
		// connections (updates, sync, QUIC probes) are refused and stall it.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
	)
	t.Cleanup(cancelAlloc) // kills the browser and waits for it
	live, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelTab)

	// The first Do starts the browser and binds it to live; it gets the
	// test's deadline through the select, not through its context.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(live) }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("starting %s: %v", exe, err)
		}
	case <-time.After(time.Until(deadline)):
		cancelTab()
		t.Fatalf("%s did not start within %s", exe, budget)
	}

	ctx, cancel := context.WithDeadline(live, deadline)
	t.Cleanup(cancel)
	tb := &Tab{T: t, Ctx: ctx, live: live, budget: budget}

	// Collect what the page's console says: CheckConsole fails the test for
	// any error or exception, and a CSP violation is one.
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
				tb.mu.Lock()
				tb.problems = append(tb.problems, fmt.Sprintf("%s %s:%d", m, m.URL, m.Line+1))
				tb.mu.Unlock()
			}
		}
	}()
	return tb
}

// CheckConsole fails the test for every error the page's console showed.
func (tb *Tab) CheckConsole() {
	tb.T.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, p := range tb.problems {
		tb.T.Errorf("browser console: %s", p)
	}
	tb.problems = nil
}

// Forgive drops the console errors that hold every one of subs: the ones
// a test provokes on purpose. The console's events come on their own
// stream, later than the page shows the failure, and later still on a
// busy machine: forgive waits for the expected one as long as the test
// may run (a fixed pause could end first and let it fail checkConsole),
// and fails the test if it never comes.
func (tb *Tab) Forgive(subs ...string) {
	tb.T.Helper()
	matches := func(p string) bool {
		for _, s := range subs {
			if !strings.Contains(p, s) {
				return false
			}
		}
		return true
	}
	for {
		tb.mu.Lock()
		kept, found := tb.problems[:0], false
		for _, p := range tb.problems {
			if matches(p) {
				found = true
			} else {
				kept = append(kept, p)
			}
		}
		tb.problems = kept
		tb.mu.Unlock()
		if found {
			return
		}
		select {
		case <-tb.Ctx.Done():
			tb.Fail(fmt.Sprintf("waiting for the browser console to report %q", subs), tb.Ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Fail reports a step that failed, with what the page shows, and saves a
// screenshot of it.
func (tb *Tab) Fail(step string, err error) {
	tb.T.Helper()
	ctx, cancel := context.WithTimeout(tb.live, 5*time.Second)
	defer cancel()
	var notes []string
	if loc, e := chromedp.Run(ctx, chromedp.Location()); e == nil {
		notes = append(notes, "at "+loc)
	}
	if msg, e := chromedp.Run(ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll('.error:not([hidden])')].map(e => e.textContent.trim()).join(' | ')`)); e == nil && msg != "" {
		notes = append(notes, "page error: "+msg)
	}
	if png, e := chromedp.Run(ctx, chromedp.FullScreenshot(100)); e == nil {
		p := filepath.Join(ArtifactDir(tb.T), strings.ReplaceAll(tb.T.Name(), "/", "_")+"-failure.png")
		if os.WriteFile(p, png, 0o644) == nil {
			notes = append(notes, "screenshot "+p)
		}
	}
	tb.mu.Lock()
	if len(tb.problems) > 0 {
		notes = append(notes, "console: "+strings.Join(tb.problems, "; "))
	}
	tb.mu.Unlock()
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("not within the test's %s: %w", tb.budget, err)
	}
	tb.T.Fatalf("%s: %v\n\t%s", step, err, strings.Join(notes, "\n\t"))
}

// Do runs the actions of one step.
func (tb *Tab) Do(step string, actions ...chromedp.Action[chromedp.Void]) {
	tb.T.Helper()
	if err := chromedp.Do(tb.Ctx, actions...); err != nil {
		tb.Fail(step, err)
	}
}

// WaitFor polls a JavaScript expression until it is truthy, within the
// tab's budget: chromedp's own 30-second poll timeout is turned off, since
// the budget (which OpenWithin sets from the work, as the console's
// evaluation of every golden question) bounds the wait.
func (tb *Tab) WaitFor(step, expr string) {
	tb.T.Helper()
	tb.Do("waiting for "+step, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(0)))
}

// Eval evaluates a JavaScript expression into a T.
func Eval[T any](tb *Tab, step, expr string) T {
	tb.T.Helper()
	v, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.Fail(step, err)
	}
	return v
}

// Shot saves a full-page screenshot as an artefact.
func (tb *Tab) Shot(name string) {
	tb.T.Helper()
	png, err := chromedp.Run(tb.Ctx, chromedp.FullScreenshot(100)) // 100: PNG
	tb.save(name, png, err)
}

// ShotView saves a screenshot of what the window shows, as an artefact:
// a modal dialog over the page, which a full-page screenshot would tear.
func (tb *Tab) ShotView(name string) {
	tb.T.Helper()
	png, err := chromedp.Run(tb.Ctx, chromedp.CaptureScreenshot())
	tb.save(name, png, err)
}

// save writes a screenshot the browser took, or fails the test with why it
// could not take it.
func (tb *Tab) save(name string, png []byte, err error) {
	tb.T.Helper()
	if err != nil {
		tb.Fail("screenshot "+name, err)
	}
	p := filepath.Join(ArtifactDir(tb.T), name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		tb.T.Fatal(err)
	}
	tb.T.Logf("screenshot: %s", p)
}

// Quote quotes a Go string as a JavaScript string literal.
func Quote(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// ClearField empties an input (chromedp.SetValue cannot set "").
func ClearField(id string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => { document.getElementById(%s).value = ''; return true; })()`, Quote(id)))
}

// ShownText is a predicate: the element is shown and its text is want.
func ShownText(sel, want string) string {
	return fmt.Sprintf(`(() => { const n = document.querySelector(%s);
		return !!n && n.getClientRects().length > 0 && n.textContent.trim() === %s; })()`, Quote(sel), Quote(want))
}

// PageReady is true once the console's script has run.
const PageReady = `document.body && document.body.classList.contains('ready')`

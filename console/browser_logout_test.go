package console_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// Logging out in the browser ends the session: the console sends the
// browser back to the login page, and the console is closed to it until
// it logs in again. The login and logout forms pass the origin check as
// the browser sends them.
func TestBrowserLogout(t *testing.T) {
	const token = "browser-staff-logout-4d2b"
	_, base := browserServer(t, token)
	tb := openTab(t)
	tb.do("opening the login page", chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.ID("token")))
	if _, err := chromedp.RunResponse(tb.ctx,
		chromedp.SendKeys(chromedp.ID("token"), token),
		chromedp.Click(chromedp.ID("login")),
	); err != nil {
		tb.fail("logging in", err)
	}
	tb.do("reaching the console", chromedp.WaitVisible(chromedp.ID("question")))
	tb.waitFor("the console's script", pageReady)
	if v := tb.askQuestion("全区托位有多少?", false); v.Figure != "超6500个" {
		t.Errorf("logged in: figure %q, want 超6500个", v.Figure)
	}
	tb.do("switching to English", chromedp.Click(chromedp.ID("lang-en")))
	tb.waitFor("the logout button in English", `document.querySelector('#logout').textContent.trim() === 'Log out'`)
	tb.shot("logout-button.png")
	if _, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.ID("logout"))); err != nil {
		tb.fail("logging out", err)
	}
	tb.waitFor("the login page", `location.pathname === '/login' && !!document.querySelector('#token')`)
	tb.do("opening the console again", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("token")))
	if loc := evalJS[string](tb, "reading the address", `location.pathname`); loc != "/login" {
		t.Errorf("the console after logging out is at %s, want /login", loc)
	}
	tb.checkConsole()
}

package console_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/liwanbot/liwanbot/console"
	"github.com/liwanbot/liwanbot/feedback"
)

// A member of staff signed in under their own name through the login form
// corrects the bot from the feedback view: the page's requests carry the
// session and pass the origin check, every kind of action opens the form
// prefilled, and what is kept names who signed in, whatever the page sent.
func TestBrowserCurationAsStaff(t *testing.T) {
	ctx := context.Background()
	store, err := feedback.Open(ctx, filepath.Join(t.TempDir(), "feedback.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	staff, err := console.ParseStaffTokens(strings.NewReader("chen:" + console.HashToken(chenToken)))
	if err != nil {
		t.Fatal(err)
	}
	cur := &curator{}
	eng, base := serveConsole(t, console.Config{Staff: staff, Store: store, Curator: cur})

	const refused, disliked = "托儿所学位有几多", "全区托位有多少"
	top := eng.Answer(ctx, disliked)
	if !top.Answered() || eng.Answer(ctx, refused).Answered() {
		t.Fatalf("the engine changed: %s or %s", refused, disliked)
	}
	now := time.Now()
	err = store.Write(ctx, feedback.Batch{
		Refusals: []feedback.Refusal{{At: now.Add(-time.Hour), Question: refused, Lang: "zh-Hans", Channel: "telegram", Outcome: "refused", Resident: "r1"}},
		Answered: []feedback.Answered{{At: now.Add(-time.Hour), Question: disliked, Lang: "zh-Hans", Channel: "telegram", Outcome: "answered", Sentence: top.Sources[0].ID, Resident: "r2"}},
		Ratings:  []feedback.Rating{{At: now.Add(-time.Minute), Rating: -1, Sentence: top.Sources[0].ID, Figure: "6500", Report: eng.Report().Hash, Channel: "telegram", Resident: "r2"}},
	})
	if err != nil {
		t.Fatal(err)
	}

	tb := openTab(t)
	tb.do("opening the login page", chromedp.Navigate(base+"/login"), chromedp.WaitVisible(chromedp.ID("token")))
	if _, err := chromedp.RunResponse(tb.ctx, chromedp.SendKeys(chromedp.ID("token"), chenToken), chromedp.Click(chromedp.ID("login"))); err != nil {
		tb.fail("logging in as chen", err)
	}
	tb.do("opening the feedback view", chromedp.WaitVisible(chromedp.ID("question")), chromedp.Navigate(base+"/#feedback"))
	tb.waitFor("the console's script", pageReady)
	row := fmt.Sprintf(`#refused tbody tr[data-question=%s]`, jsQuote(refused))
	tb.waitFor("the refused question and the 👎", fmt.Sprintf(`!!document.querySelector(%s) && !!document.querySelector('#disliked .act-never')`, jsQuote(row)))

	type form struct {
		Type     string `json:"type"`
		Question string `json:"question"`
		Sentence string `json:"sentence"`
		Words    string `json:"words"`
		Shown    []string
	}
	readForm := `(() => ({ type: document.querySelector('#cur-type').value, question: document.querySelector('#cur-question').value,
		sentence: document.querySelector('#cur-sentence').value, words: document.querySelector('#cur-words').value,
		Shown: [...document.querySelectorAll('#cur-form [data-for]')].filter(n => n.getClientRects().length > 0).map(n => n.querySelector('input[id], textarea, select')?.id ?? '') }))()`
	actions := []struct {
		name, click string
		want        form
	}{
		{"a synonym", row + " .act-synonym", form{Type: "synonym", Words: refused, Shown: []string{"cur-words", "cur-term"}}},
		{"a reply", row + " .act-reply", form{Type: "reply", Words: refused, Shown: []string{"cur-words", "cur-reply-zh", "cur-reply-en"}}},
		{"never answer with", "#disliked .act-never", form{Type: "never", Question: disliked, Sentence: top.Sources[0].ID, Shown: []string{"cur-question", "cur-sentence"}}},
	}
	for _, a := range actions {
		tb.do("opening "+a.name, chromedp.Click(chromedp.CSS(a.click)))
		tb.waitFor("the form for "+a.name, `document.querySelector('#curation').open`)
		f := evalJS[form](tb, "reading the form", readForm)
		if f.Type != a.want.Type || f.Question != a.want.Question || f.Sentence != a.want.Sentence || f.Words != a.want.Words ||
			strings.Join(f.Shown, " ") != strings.Join(a.want.Shown, " ") {
			t.Errorf("%s: the form opened as %+v, want %+v", a.name, f, a.want)
		}
		if a.want.Type != "never" {
			tb.do("closing the form", chromedp.Click(chromedp.ID("cur-cancel")))
		}
	}

	// The 👎 confirmed: kept under chen's name.
	tb.do("applying never-answer-with",
		chromedp.SendKeys(chromedp.ID("cur-reason"), "residents say it is wrong"),
		chromedp.Click(chromedp.ID("cur-apply")))
	tb.waitFor("the curation applied", `(() => { const e = document.querySelector('#cur-error');
		return !e.hidden || document.querySelector('#cur-verdict').dataset.verdict === 'applied'; })()`)
	if msg := evalJS[string](tb, "reading the form's error", `document.querySelector('#cur-error').hidden ? '' : document.querySelector('#cur-error').textContent`); msg != "" {
		t.Fatalf("the form shows an error: %s", msg)
	}
	cur.mu.Lock()
	applied := append([]feedback.Curation{}, cur.applied...)
	cur.mu.Unlock()
	if len(applied) != 1 || applied[0].Type != "never" || applied[0].Question != disliked || applied[0].Sentence != top.Sources[0].ID ||
		applied[0].Author != "chen" || applied[0].Reason != "residents say it is wrong" {
		t.Errorf("kept %+v, want chen's never-answer-with of %s and %s", applied, disliked, top.Sources[0].ID)
	}
	// A reason is asked for before anything is sent.
	tb.do("applying without a reason", chromedp.Click(chromedp.ID("cur-cancel")), chromedp.Click(chromedp.CSS(row+" .act-link")))
	tb.waitFor("the form", `document.querySelector('#curation').open`)
	tb.do("applying without a reason", chromedp.Click(chromedp.ID("cur-apply")))
	tb.waitFor("the request for a reason", `!document.querySelector('#cur-error').hidden`)
	cur.mu.Lock()
	n := len(cur.applied)
	cur.mu.Unlock()
	if n != 1 {
		t.Errorf("%d curations kept, want still 1: nothing is sent without a reason", n)
	}
	tb.shot("curation-form.png")

	// On a phone: the actions and the form fit the screen.
	const width = 390
	tb.do("emulating a phone", chromedp.EmulateViewport(width, 844, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2)),
		chromedp.Navigate(base+"/?phone#feedback"))
	tb.waitFor("the feedback on a phone", fmt.Sprintf(`!!document.querySelector(%s)`, jsQuote(row+" .act-link")))
	if w := evalJS[int](tb, "measuring the page", `document.documentElement.scrollWidth`); w > width {
		t.Errorf("the feedback view scrolls sideways on a phone: %d px wide in a %d px screen", w, width)
	}
	tb.do("opening the form on a phone", chromedp.Click(chromedp.CSS(row+" .act-link")))
	tb.waitFor("the form on a phone", `document.querySelector('#curation').open`)
	if r := evalJS[float64](tb, "measuring the form", `document.querySelector('#curation').getBoundingClientRect().right`); r > width {
		t.Errorf("the curation form reaches %v px on a %d px screen", r, width)
	}
	tb.do("checking on a phone", chromedp.Click(chromedp.ID("cur-check")))
	tb.waitFor("the check on a phone", `document.querySelector('#cur-verdict').dataset.verdict === 'checked'`)
	tb.Tab.ShotView("curation-phone.png")
	tb.checkConsole()
}

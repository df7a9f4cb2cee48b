package console_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/liwanbot/liwanbot/search"
)

// englishView is what the ask view shows of the English rendering.
type englishView struct {
	// By candidate: its id, its Chinese and the English under it ("" for none).
	IDs     []string `json:"ids"`
	Chinese []string `json:"chinese"`
	English []string `json:"english"`
	// The English line follows the Chinese one in each candidate.
	Below  []bool   `json:"below"`
	Lang   []string `json:"lang"`
	Topics []string `json:"topics"`
	Bubble string   `json:"bubble"`
	Shown  bool     `json:"shown"`
}

const readEnglishView = `(() => {
	const all = s => [...document.querySelectorAll(s)];
	const lis = all('#candidates > li');
	const en = li => li.querySelector('.cand-text-en');
	return {
		ids: lis.map(li => li.dataset.id),
		chinese: lis.map(li => li.querySelector('.cand-text')?.textContent ?? ''),
		english: lis.map(li => en(li)?.textContent ?? ''),
		below: lis.map(li => !en(li) || (li.querySelector('.cand-text').compareDocumentPosition(en(li)) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0),
		lang: lis.map(li => en(li)?.lang ?? ''),
		topics: all('#candidates .cand-topic-en').map(n => n.textContent),
		bubble: document.querySelector('#telegram')?.textContent ?? '',
		shown: !!document.querySelector('#candidates .cand-text-en') && document.querySelector('#candidates .cand-text-en').getClientRects().length > 0,
	};
})()`

// TestBrowserEnglish asks the console an English question: each candidate
// shows its English rendering under the report's Chinese, and the Telegram
// preview gives the answer as an English reader gets it.
func TestBrowserEnglish(t *testing.T) {
	eng, base := browserServer(t, "")
	const q = "What will Yongqingfang be developed into?"
	want := eng.Answer(context.Background(), q)
	if !want.Answered() || want.Lang != search.English || len(want.Sources) == 0 || want.Sources[0].TextEN == "" {
		t.Fatalf("the engine's answer to %q changed: %+v", q, want)
	}
	cited := want.Sources[0]

	tb := openTab(t)
	tb.do("opening the console", chromedp.Navigate(base+"/#ask"))
	tb.waitFor("the console's script", pageReady)
	v := tb.askQuestion(q, true)
	if v.Outcome != "answered" {
		t.Fatalf("outcome %q", v.Outcome)
	}
	for _, w := range []string{cited.TextEN, "(unofficial English rendering)", "Official text:", cited.Text} {
		if !strings.Contains(v.Bubble, w) {
			t.Errorf("the Telegram preview lacks %q:\n%s", w, v.Bubble)
		}
	}
	if len(v.Buttons) == 0 || !anyContains(v.Buttons, "Source paragraph") {
		t.Errorf("the preview's buttons %q are not the English reader's", v.Buttons)
	}

	e := evalJS[englishView](tb, "reading the English renderings", readEnglishView)
	if len(e.IDs) != len(want.Sources) {
		t.Fatalf("%d candidates, want %d", len(e.IDs), len(want.Sources))
	}
	if !e.Shown {
		t.Error("no English rendering is visible")
	}
	var topics []string
	for i, s := range want.Sources {
		if e.IDs[i] != s.ID || e.Chinese[i] != s.Text {
			t.Errorf("candidate %d is %s %q, want %s %q", i, e.IDs[i], e.Chinese[i], s.ID, s.Text)
		}
		if e.English[i] != s.TextEN {
			t.Errorf("candidate %d (%s) shows the English %q, want %q", i, s.ID, e.English[i], s.TextEN)
		}
		if s.TextEN != "" && (!e.Below[i] || e.Lang[i] != "en") {
			t.Errorf("candidate %d (%s): English below the Chinese %v, lang %q", i, s.ID, e.Below[i], e.Lang[i])
		}
		if s.TopicEN != "" {
			topics = append(topics, s.TopicEN)
		}
	}
	if strings.Join(e.Topics, "|") != strings.Join(topics, "|") {
		t.Errorf("English topics %q, want %q", e.Topics, topics)
	}
	tb.shot("ask-english.png")
	tb.checkConsole()
}

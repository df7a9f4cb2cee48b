package bot_test

import (
	"context"
	"errors"
	"html"
	"io/fs"
	"os"
	"strings"
	"testing"
	"unicode"

	"github.com/liwanbot/liwanbot/bot/telegramtest"
	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/golden"
	"github.com/liwanbot/liwanbot/search"
)

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// inOrder reports the first of want that text lacks after the ones before
// it, or "".
func inOrder(text string, want ...string) string {
	at := 0
	for _, w := range want {
		i := strings.Index(text[at:], w)
		if i < 0 {
			return w
		}
		at += i + len(w)
	}
	return ""
}

// say sends text from u in their private chat and returns the bot's reply.
func (h *harness) say(u telegramtest.User, text string) telegramtest.Sent {
	h.t.Helper()
	before := len(h.srv.MessagesTo(u.ID))
	id, _ := h.srv.SendText(private(u), u, text)
	h.settle(id)
	msgs := h.srv.MessagesTo(u.ID)
	if len(msgs) != before+1 {
		h.t.Fatalf("%q: %d replies, want 1", text, len(msgs)-before)
	}
	return msgs[before]
}

// press presses the button labelled label under m and returns the bot's
// follow-up message.
func (h *harness) press(u telegramtest.User, m telegramtest.Sent, label string) telegramtest.Sent {
	h.t.Helper()
	data := ""
	for _, b := range buttons(h.t, m) {
		if b.Text == label {
			data = b.Data
		}
	}
	if data == "" {
		h.t.Fatalf("no button %q under %q: %v", label, m.Text, buttons(h.t, m))
	}
	before := len(h.srv.MessagesTo(u.ID))
	id, _ := h.srv.PressButton(private(u), u, m.MessageID, data)
	h.settle(id)
	msgs := h.srv.MessagesTo(u.ID)
	if len(msgs) != before+1 {
		h.t.Fatalf("button %q: %d replies, want 1", label, len(msgs)-before)
	}
	return msgs[before]
}

// TestEnglishAndTraditionalReaders follows an English reader (Bob) and a
// traditional one (Carol) through /topics, a topic, an answer's 📄 paragraph
// and 🔎 more results, /help and an inline query: everything they see is in
// their language, the report's official Chinese after the English.
func TestEnglishAndTraditionalReaders(t *testing.T) {
	t.Parallel()
	eng, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	report := eng.Report()
	ctx := context.Background()
	firstTopics := func(label func(corpus.Paragraph) string) []string {
		var out []string
		for _, p := range report.Paragraphs {
			if p.Topic != "" && len(out) < 12 {
				out = append(out, label(p))
			}
		}
		return out
	}
	topicLabels := func(t *testing.T, m telegramtest.Sent) []string {
		var out []string
		for _, b := range buttons(t, m) {
			if strings.HasPrefix(b.Data, "topic|") {
				out = append(out, b.Text)
			}
		}
		return out
	}
	sentence := func(id string) corpus.Sentence {
		for _, s := range report.Sentences() {
			if s.ID == id {
				return s
			}
		}
		t.Fatalf("no sentence %s", id)
		return corpus.Sentence{}
	}
	same := func(s string) string { return s }
	paragraphText := func(id string, script func(string) string) string {
		p, _ := report.Paragraph(id)
		var b strings.Builder
		for _, s := range p.Sentences {
			b.WriteString(script(s.Text))
		}
		return b.String()
	}

	t.Run("english", func(t *testing.T) {
		t.Parallel()
		h := start(t)
		list := h.say(bob, "/topics")
		if list.Text != "The report's main areas of work. Tap one to read it:" {
			t.Errorf("/topics says %q", list.Text)
		}
		want := firstTopics(func(p corpus.Paragraph) string { return report.EnglishTopics[p.ID] })
		if got := topicLabels(t, list); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("topic buttons\n%q, want\n%q", got, want)
		}
		for _, b := range buttons(t, list) {
			if hasHan(b.Text) {
				t.Errorf("button %q is Chinese", b.Text)
			}
		}
		topic := h.press(bob, list, want[0])
		first := report.Paragraphs[0]
		for _, p := range report.Paragraphs {
			if p.Topic != "" {
				first = p
				break
			}
		}
		if miss := inOrder(topic.Text, "From the report · "+want[0], report.English[first.Sentences[1].ID], "(unofficial English rendering)", "Official text:", paragraphText(first.ID, same)); miss != "" {
			t.Errorf("topic %q: the paragraph lacks %q:\n%s", want[0], miss, topic.Text)
		}

		const q = "How many childcare places?"
		a := eng.Answer(ctx, q)
		if !a.Answered() || a.Sources[0].TextEN == "" {
			t.Fatalf("%q: %s, sources %+v", q, a.Outcome, a.Sources)
		}
		cited := a.Sources[0]
		answer := h.say(bob, q)
		if !strings.Contains(answer.Text, cited.TextEN) {
			t.Errorf("the answer lacks the English of %s:\n%s", cited.ID, answer.Text)
		}
		src := h.press(bob, answer, "📄 Source paragraph")
		if miss := inOrder(src.Text, "From the report", cited.TextEN, "(unofficial English rendering)", "Official text:", paragraphText(cited.ID, same)); miss != "" {
			t.Errorf("📄 lacks %q:\n%s", miss, src.Text)
		}
		if !strings.Contains(src.Raw, "<b>"+html.EscapeString(cited.TextEN)+"</b>") || !strings.Contains(src.Raw, "<b>"+html.EscapeString(cited.Text)+"</b>") {
			t.Errorf("📄 does not set the cited sentence in bold, in English and Chinese:\n%s", src.Raw)
		}

		const mq = "employment services"
		ma := eng.Answer(ctx, mq)
		answer = h.say(bob, mq)
		more := h.press(bob, answer, "🔎 More results")
		runner := ma.Sources[1]
		if runner.TextEN == "" {
			t.Fatalf("%q: the runner-up %s has no English", mq, runner.ID)
		}
		if miss := inOrder(more.Text, "Other related passages:", "1. “"+runner.TextEN+"”", "Official text:", runner.Text); miss != "" {
			t.Errorf("🔎 lacks %q:\n%s", miss, more.Text)
		}

		if help := h.say(bob, "/help"); hasHan(help.Text) || !strings.Contains(help.Text, "/topics") {
			t.Errorf("/help for an English reader:\n%s", help.Text)
		}

		id, qid := h.srv.InlineQuery(bob, "How many childcare places")
		h.settle(id)
		var cards []map[string]any
		for _, ans := range h.srv.InlineAnswers() {
			if ans.QueryID == qid {
				cards = ans.Results
			}
		}
		if len(cards) < 2 {
			t.Fatalf("%d inline cards", len(cards))
		}
		if title, _ := cards[0]["title"].(string); title != "Childcare places: more than 6,500" {
			t.Errorf("figure card titled %q", title)
		}
		for i, c := range cards {
			if d, _ := c["description"].(string); d == "" || hasHan(d) {
				t.Errorf("card %d described as %q", i, d)
			}
			if title, _ := c["title"].(string); hasHan(title) {
				t.Errorf("card %d titled %q", i, title)
			}
		}
	})

	t.Run("traditional", func(t *testing.T) {
		t.Parallel()
		h := start(t)
		list := h.say(carol, "/topics")
		if list.Text != "報告的主要工作，點一個看原文：" {
			t.Errorf("/topics says %q", list.Text)
		}
		want := firstTopics(func(p corpus.Paragraph) string { return eng.Traditional(p.Topic) })
		simplified := firstTopics(func(p corpus.Paragraph) string { return p.Topic })
		if strings.Join(want, "") == strings.Join(simplified, "") {
			t.Fatal("no topic looks different in traditional script; the test shows nothing")
		}
		if got := topicLabels(t, list); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("topic buttons\n%q, want\n%q", got, want)
		}

		const q = "全區托位有幾多個？"
		a := eng.Answer(ctx, q)
		if !a.Answered() || a.Lang != search.Traditional {
			t.Fatalf("%q: %s in %s", q, a.Outcome, a.Lang)
		}
		cited := a.Sources[0]
		answer := h.say(carol, q)
		src := h.press(carol, answer, "📄 原文段落")
		tradCited := eng.Traditional(cited.Text)
		if miss := inOrder(src.Text, "報告原文", paragraphText(cited.ID, eng.Traditional)); miss != "" {
			t.Errorf("📄 lacks %q:\n%s", miss, src.Text)
		}
		if !strings.Contains(src.Raw, "<b>"+tradCited+"</b>") {
			t.Errorf("📄 does not set %q in bold:\n%s", tradCited, src.Raw)
		}
		if strings.Contains(src.Text, cited.Text) {
			t.Errorf("📄 quotes the simplified %q", cited.Text)
		}

		const mq = "就業服務"
		ma := eng.Answer(ctx, mq)
		answer = h.say(carol, mq)
		more := h.press(carol, answer, "🔎 更多結果")
		runner := sentence(ma.Sources[1].ID)
		if miss := inOrder(more.Text, "其他相關的原文", "1. “"+eng.Traditional(runner.Text)+"”"); miss != "" || strings.Contains(more.Text, runner.Text) {
			t.Errorf("🔎 lacks %q, or quotes the simplified text:\n%s", miss, more.Text)
		}

		id, qid := h.srv.InlineQuery(carol, "全區托位有幾多")
		h.settle(id)
		var cards []map[string]any
		for _, ans := range h.srv.InlineAnswers() {
			if ans.QueryID == qid {
				cards = ans.Results
			}
		}
		if len(cards) < 2 {
			t.Fatalf("%d inline cards", len(cards))
		}
		for i, c := range cards {
			title, _ := c["title"].(string)
			desc, _ := c["description"].(string)
			if desc == "" || desc != eng.Traditional(desc) || title != eng.Traditional(title) {
				t.Errorf("card %d in simplified script: %q / %q", i, title, desc)
			}
		}
	})
}

// englishQuestions are the English questions of a question file, or nil
// and false when the file is not there (the shared dev set lives beside
// the repo).
func englishQuestions(t *testing.T, path string) ([]golden.Question, bool) {
	t.Helper()
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := golden.Load(f)
	if err != nil {
		t.Fatal(err)
	}
	var en []golden.Question
	for _, q := range qs {
		if q.Lang == "en" {
			en = append(en, q)
		}
	}
	return en, true
}

// settleBatch is how many questions are sent before waiting for them.
const settleBatch = 200

// TestEnglishTelegramRepliesQuoteTheRendering asks every English question
// of the repo's golden file and the shared dev set on Telegram, each from
// its own resident: no answered one gets a Chinese-only reply; the message
// holds the English rendering of the sentence it cites.
func TestEnglishTelegramRepliesQuoteTheRendering(t *testing.T) {
	t.Parallel()
	eng, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	h := start(t)
	checked := 0
	for _, path := range []string{"../golden/questions.jsonl", "../../shared/eval/dev.jsonl"} {
		t.Run(path, func(t *testing.T) {
			qs, ok := englishQuestions(t, path)
			if !ok {
				t.Skipf("%s is not there", path)
			}
			if len(qs) == 0 {
				t.Fatalf("%s has no English question", path)
			}
			type asked struct {
				q    golden.Question
				user telegramtest.User
			}
			var sent []asked
			last := 0
			for i, q := range qs {
				u := telegramtest.User{ID: int64(50000 + checked*100000 + i), FirstName: "R", LanguageCode: "en"}
				last, _ = h.srv.SendText(private(u), u, q.Q)
				sent = append(sent, asked{q, u})
				// In batches, each settled within the harness's patience:
				// the golden file grows with every blind round, and one
				// wait for all of it would outgrow any fixed bound.
				if (i+1)%settleBatch == 0 {
					h.settle(last)
				}
			}
			h.settle(last)
			answered := 0
			for _, s := range sent {
				a := eng.Answer(context.Background(), s.q.Q)
				msgs := h.srv.MessagesTo(s.user.ID)
				if len(msgs) == 0 {
					t.Errorf("%s %q: no reply", s.q.ID, s.q.Q)
					continue
				}
				if !a.Answered() {
					continue
				}
				answered++
				var text strings.Builder
				for _, m := range msgs {
					text.WriteString(m.Text + "\n")
				}
				en := a.Sources[0].TextEN
				if en == "" {
					t.Errorf("%s %q: the cited %s has no English", s.q.ID, s.q.Q, a.Sources[0].ID)
					continue
				}
				if !strings.Contains(a.Text, en) {
					t.Errorf("%s %q: the reply does not quote the English of %s:\n%s", s.q.ID, s.q.Q, a.Sources[0].ID, a.Text)
				}
				if !strings.Contains(text.String(), en) {
					t.Errorf("%s %q: the Telegram message does not quote the English of %s:\n%s", s.q.ID, s.q.Q, a.Sources[0].ID, text.String())
				}
			}
			t.Logf("%s: %d English questions, %d answered and checked", path, len(qs), answered)
			if answered == 0 {
				t.Errorf("no English question of %s is answered; the test shows nothing", path)
			}
			checked++
		})
	}
}

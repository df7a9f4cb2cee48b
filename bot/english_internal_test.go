package bot

import (
	"context"
	"strings"
	"sync"
	"testing"
	"unicode"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/seeds"
)

// seedEngine is the engine on the embedded report, with its English.
var seedEngine = sync.OnceValues(func() (*search.Engine, error) {
	r, err := seeds.Parse()
	if err != nil {
		return nil, err
	}
	return search.New(r)
})

func testEngine(t *testing.T) *search.Engine {
	t.Helper()
	eng, err := seedEngine()
	if err != nil {
		t.Fatal(err)
	}
	return eng
}

// withoutEnglish is the report as another report would come: no rendering.
func withoutEnglish(r *corpus.Report) *corpus.Report {
	bare := *r
	bare.English, bare.EnglishTopics, bare.EnglishTitle = nil, nil, ""
	return &bare
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// TestFollowUpsInTheReadersLanguage checks what a reader sees after an
// answer (the 📄 paragraph, 🔎 more results, the topic buttons) for each
// kind of reader, and for an English reader of a report that has no English.
func TestFollowUpsInTheReadersLanguage(t *testing.T) {
	eng := testEngine(t)
	full := eng.Report()
	bare := withoutEnglish(full)
	const cited, runnerUp, para = "p16.s4", "p17.s5", "p16"
	sentence := func(id string) corpus.Sentence {
		for _, s := range full.Sentences() {
			if s.ID == id {
				return s
			}
		}
		t.Fatalf("the report has no %s", id)
		return corpus.Sentence{}
	}
	zhCited, zhRunner := sentence(cited).Text, sentence(runnerUp).Text
	enCited, enRunner, enTopic := full.English[cited], full.English[runnerUp], full.EnglishTopics[para]
	if enCited == "" || enRunner == "" || enTopic == "" {
		t.Fatalf("the rendering lacks %s, %s or %s's topic", cited, runnerUp, para)
	}
	p, _ := full.Paragraph(para)
	trad := eng.Traditional(zhCited)
	if trad == zhCited {
		t.Fatalf("%q has no traditional form of its own; the test shows nothing", zhCited)
	}

	cases := []struct {
		name   string
		lang   search.Lang
		report *corpus.Report
		// In the paragraph, in this order.
		paragraph []string
		bold      []string // set in <b> in the paragraph's HTML
		more      []string // in the more-results reply, in this order
		absent    []string // in neither
		topic     func(corpus.Paragraph) string
	}{
		{
			name: "english", lang: search.English, report: full,
			paragraph: []string{"From the report · " + enTopic, enCited, "(unofficial English rendering)", "Official text:", zhCited},
			bold:      []string{enCited, zhCited},
			more:      []string{"Other related passages:", enRunner, "Official text:", zhRunner},
			topic:     func(p corpus.Paragraph) string { return full.EnglishTopics[p.ID] },
		},
		{
			// Another report, without a rendering: the Chinese, under the
			// bot's English words.
			name: "english, report without a rendering", lang: search.English, report: bare,
			paragraph: []string{"From the report · " + p.Topic, zhCited},
			bold:      []string{zhCited},
			more:      []string{"Other related passages:", zhRunner},
			absent:    []string{"Official text:", "unofficial"},
			topic:     func(p corpus.Paragraph) string { return p.Topic },
		},
		{
			name: "traditional", lang: search.Traditional, report: full,
			paragraph: []string{"報告原文 · " + eng.Traditional(p.Topic), trad},
			bold:      []string{trad},
			more:      []string{"其他相關的原文", eng.Traditional(zhRunner)},
			absent:    []string{zhCited, zhRunner, enCited},
			topic:     func(p corpus.Paragraph) string { return eng.Traditional(p.Topic) },
		},
		{
			name: "simplified", lang: search.Simplified, report: full,
			paragraph: []string{"报告原文 · " + p.Topic, zhCited},
			bold:      []string{zhCited},
			more:      []string{"其他相关的原文", zhRunner},
			absent:    []string{enCited, "Official text:"},
			topic:     func(p corpus.Paragraph) string { return p.Topic },
		},
	}
	inOrder := func(t *testing.T, what, text string, want []string) {
		t.Helper()
		at := 0
		for _, w := range want {
			i := strings.Index(text[at:], w)
			if i < 0 {
				t.Errorf("%s lacks %q after byte %d:\n%s", what, w, at, text)
				return
			}
			at += i + len(w)
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := voice{lang: c.lang, t: texts[c.lang], report: c.report, script: func(s string) string { return s }}
			if c.lang == search.Traditional {
				v.script = eng.Traditional
			}
			r, ok := paragraphReply(v, cited)
			if !ok {
				t.Fatalf("no paragraph for %s", cited)
			}
			inOrder(t, "the paragraph", r.text, c.paragraph)
			html := strings.Join(r.parts(), "\n")
			for _, b := range c.bold {
				if !strings.Contains(html, "<b>"+b+"</b>") {
					t.Errorf("%q is not bold in %s", b, html)
				}
			}
			more := moreReply(v, []string{runnerUp, "p999.s1"})
			if more == nil {
				t.Fatal("no more-results reply")
			}
			inOrder(t, "more results", more.text, c.more)
			if strings.Contains(more.text, "2.") {
				t.Errorf("a sentence the report lacks is listed: %s", more.text)
			}
			for _, a := range c.absent {
				if strings.Contains(r.text, a) || strings.Contains(more.text, a) {
					t.Errorf("%q shown to this reader:\n%s\n%s", a, r.text, more.text)
				}
			}

			topics := topicsReply(v, 0)
			var labels []string
			for _, row := range topics.keyboard.InlineKeyboard {
				for _, b := range row {
					if strings.HasPrefix(*b.CallbackData, "topic|") {
						labels = append(labels, b.Text)
					}
				}
			}
			var want []string
			for _, p := range c.report.Paragraphs {
				if p.Topic != "" && len(want) < topicsPerPage {
					want = append(want, c.topic(p))
				}
			}
			if strings.Join(labels, "|") != strings.Join(want, "|") {
				t.Errorf("topic buttons\n%q, want\n%q", labels, want)
			}
			if topics.text != texts[c.lang].topics {
				t.Errorf("topics header %q", topics.text)
			}
		})
	}
}

// The English help suggests questions the bot answers, and holds no Chinese.
func TestEnglishHelp(t *testing.T) {
	eng := testEngine(t)
	for _, q := range englishHelpExamples {
		if a := eng.Answer(context.Background(), q); !a.Answered() || a.Lang != search.English {
			t.Errorf("the help suggests %q, which gets %s in %s", q, a.Outcome, a.Lang)
		}
	}
	help := texts[search.English].help("LiwanBot", namesOf(eng.Report(), eng.Traditional))
	if hasHan(help) {
		t.Errorf("the English help holds Chinese:\n%s", help)
	}
	for _, w := range []string{"/topics", "@LiwanBot", "unofficial", "Liwan District's 2025 government work report"} {
		if !strings.Contains(help, w) {
			t.Errorf("the English help lacks %q", w)
		}
	}
}

// TestInlineCardsInTheReadersLanguage checks the cards' titles and
// descriptions, which are all a resident reads before choosing one.
func TestInlineCardsInTheReadersLanguage(t *testing.T) {
	eng := testEngine(t)
	cases := []struct {
		name, question string
		report         *corpus.Report
		check          func(t *testing.T, a search.Answer, title, desc, body string, i int)
	}{
		{"english", "How many childcare places?", eng.Report(), func(t *testing.T, a search.Answer, title, desc, body string, i int) {
			if hasHan(desc) {
				t.Errorf("card %d: description %q is Chinese", i, desc)
			}
			if i == 0 && !strings.Contains(title, "more than 6,500") {
				t.Errorf("figure card title %q", title)
			}
			if i > 0 && !strings.Contains(body, "Official text:") {
				t.Errorf("card %d gives no official text: %s", i, body)
			}
		}},
		{"traditional", "全區托位有幾多", eng.Report(), func(t *testing.T, a search.Answer, title, desc, body string, i int) {
			if desc != eng.Traditional(desc) || title != eng.Traditional(title) || body != eng.Traditional(body) {
				t.Errorf("card %d in simplified script: %q / %q / %s", i, title, desc, body)
			}
			if !strings.Contains(body, "荔灣區政府工作報告") {
				t.Errorf("card %d: %s", i, body)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := eng.Answer(context.Background(), c.question)
			if !a.Answered() || a.Figure == nil {
				t.Fatalf("%q: %s, figure %v", c.question, a.Outcome, a.Figure)
			}
			v := voice{lang: a.Lang, t: texts[a.Lang], report: c.report, script: func(s string) string { return s }}
			if a.Lang == search.Traditional {
				v.script = eng.Traditional
			}
			cards := inlineResults(a, v)
			if len(cards) < 2 {
				t.Fatalf("%d cards", len(cards))
			}
			for i, card := range cards {
				art, ok := card.(tgbotapi.InlineQueryResultArticle)
				if !ok {
					t.Fatalf("card %d is a %T", i, card)
				}
				content, ok := art.InputMessageContent.(tgbotapi.InputTextMessageContent)
				if !ok {
					t.Fatalf("card %d sends a %T", i, art.InputMessageContent)
				}
				c.check(t, a, art.Title, art.Description, content.Text, i)
			}
		})
	}
}

// BenchmarkFollowUps measures what a button press costs each reader: the
// traditional one converts every sentence and topic it shows.
func BenchmarkFollowUps(b *testing.B) {
	r, err := seeds.Parse()
	if err != nil {
		b.Fatal(err)
	}
	eng, err := search.New(r)
	if err != nil {
		b.Fatal(err)
	}
	for _, lang := range []search.Lang{search.Simplified, search.Traditional, search.English} {
		v := voice{lang: lang, t: texts[lang], report: r, script: func(s string) string { return s }}
		if lang == search.Traditional {
			v.script = eng.Traditional
			v.script("预热") // the converter loads on first use
		}
		b.Run(string(lang)+"/paragraph", func(b *testing.B) {
			for b.Loop() {
				paragraphReply(v, "p31.s4")
			}
		})
		b.Run(string(lang)+"/topics", func(b *testing.B) {
			for b.Loop() {
				topicsReply(v, 0)
			}
		})
	}
}

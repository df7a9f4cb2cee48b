package bot

import (
	"context"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/seeds"
)

// TestTextsNameTheReport: /help, the group welcome and the inline cards'
// attribution name the loaded report's district and year, in each reader's
// script or in English, not Liwan's 2025 whatever the report.
func TestTextsNameTheReport(t *testing.T) {
	cases := []struct {
		name, text string
		want       map[search.Lang][]string // in every text for that reader
		not        []string                 // in none
	}{
		{
			name: "the embedded report", text: seeds.Report,
			want: map[search.Lang][]string{
				search.Simplified:  {"荔湾区"},
				search.Traditional: {"荔灣區"},
				search.English:     {"Liwan District"},
			},
		},
		{
			name: "another district and year", text: "---\nyear: 2026\ndistrict: 越秀区\n---\n" + seeds.Report,
			want: map[search.Lang][]string{
				search.Simplified:  {"越秀区"},
				search.Traditional: {"越秀區"},
				search.English:     {"Yuexiu District"},
			},
			not: []string{"荔湾区", "荔灣區", "Liwan", "2025"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := corpus.Parse(c.text)
			if err != nil {
				t.Fatal(err)
			}
			eng, err := search.New(r)
			if err != nil {
				t.Fatal(err)
			}
			defer eng.Close()
			names := namesOf(r, eng.Traditional)
			for lang, want := range c.want {
				v := voice{lang: lang, t: texts[lang], report: r, script: func(s string) string { return s }}
				if lang == search.Traditional {
					v.script = eng.Traditional
				}
				q := map[search.Lang]string{search.Simplified: "全区托位有多少", search.Traditional: "全區托位有幾多", search.English: "How many childcare places?"}[lang]
				cards := inlineResults(eng.Answer(context.Background(), q), v)
				card, ok := cards[len(cards)-1].(tgbotapi.InlineQueryResultArticle)
				if !ok {
					t.Fatalf("%s: the last card is a %T", lang, cards[len(cards)-1])
				}
				content, _ := card.InputMessageContent.(tgbotapi.InputTextMessageContent)
				for what, text := range map[string]string{
					"help":          texts[lang].help("AskBot", names),
					"group welcome": texts[lang].groupWelcome("AskBot", v.district()),
					"inline card":   content.Text,
				} {
					for _, w := range want {
						if !strings.Contains(text, w) {
							t.Errorf("%s %s lacks %q:\n%s", lang, what, w, text)
						}
					}
					for _, w := range c.not {
						if strings.Contains(text, w) {
							t.Errorf("%s %s names %q:\n%s", lang, what, w, text)
						}
					}
				}
			}
			if c.not != nil {
				help := texts[search.Simplified].help("AskBot", names)
				if !strings.Contains(help, "2026年") {
					t.Errorf("the help does not name the report's year:\n%s", help)
				}
			}
		})
	}
}

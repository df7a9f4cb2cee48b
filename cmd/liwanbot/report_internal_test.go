package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/liwanbot/liwanbot/feedback"
)

// Stored text reaches the operator's terminal escaped: before, a question
// holding "\x1b[2J" cleared the screen of whoever ran liwanbot report.
func TestReportEscapesControlCharacters(t *testing.T) {
	cases := []struct {
		name, stored, want string
	}{
		{"clear screen", "托位\x1b[2J\x1b[H多少", `托位\x1b[2J\x1b[H多少`},
		{"carriage return hides the start", "真的问题\r假的", `真的问题\r假的`},
		{"newline breaks the table", "一行\n两行", `一行\n两行`},
		{"tab shifts the columns", "a\tb", `a\tb`},
		{"bidi override", "abc\u202edef", `abc\u202edef`},
		{"C1 control", "x\u009by", `x\u009by`},
		{"invalid UTF-8", "a\xffb", `a\xffb`},
		{"plain text is kept", "全区托位有多少？", "全区托位有多少？"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rev := feedback.Review{
				Since: time.Now(),
				Refused: []feedback.ReviewedQuestion{{RefusedQuestion: feedback.RefusedQuestion{
					Question: c.stored, Count: 1, Last: time.Now(), Lang: "zh-Hans", Channel: "api", Topics: []string{c.stored},
				}, Now: &feedback.Rerun{Outcome: "answered", Sentence: "p1.s1", Figure: c.stored}}},
				Disliked: []feedback.ReviewedAnswer{{RatedAnswer: feedback.RatedAnswer{Sentence: "p1.s1", Figure: c.stored, Down: 1}, Text: c.stored}},
			}
			var out bytes.Buffer
			if err := printReview(&out, rev, true); err != nil {
				t.Fatal(err)
			}
			got := out.String()
			for _, r := range got {
				if r != '\n' && (unicode.IsControl(r) || unicode.In(r, unicode.Bidi_Control)) {
					t.Fatalf("output holds %U:\n%q", r, got)
				}
			}
			if strings.Contains(got, "\xff") {
				t.Fatalf("output holds invalid UTF-8:\n%q", got)
			}
			// In the question, topics, now, figure and text columns.
			if n := strings.Count(got, c.want); n < 5 {
				t.Errorf("%q shown %d times, want 5:\n%s", c.want, n, got)
			}
		})
	}
}

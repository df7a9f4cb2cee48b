package search

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/liwanbot/liwanbot/corpus"
)

// Some of the report's numbers are names, not quantities: the “1283”
// industrial system, Guangzhou's “6+4” city functions, the “4+N+N” path of
// the food clusters, the plan of 2021-2035年, the congress that met on
// 4月17日. Residents ask for them as numbers ("报告入面嗰个「几加几」係咩数字",
// "which years does the master plan cover", "what date was the meeting"),
// and the answer is the name, as the sentence writes it.

// namedKind is the kind of number-name a question asks for.
type namedKind int

const (
	noNamed    namedKind = iota
	namedCode            // a code or formula in quotes: “1283”, “6+4”
	namedYears           // a span of years: 2021-2035年
	namedDate            // a day: 4月17日
)

// A cue is a Chinese phrase or English words. Chinese cues are substrings;
// English ones are whole words of the lowered text, looked for only in text
// with Latin letters: one case-folded regular expression of both, tried at
// every rune of a chatty question, cost more than the rest of its answer.
var (
	codeCues = cues{
		words:   []string{"几加几", "几+几", "什么数字", "啥数字", "咩数字", "乜嘢数字", "乜数字", "哪个数字", "哪些数字", "串数字", "数字是什么", "数字是啥", "什么代号", "代号", "编号", "公式", "口诀"},
		english: []string{"formula", "code", "what number", "what numbers", "which number", "which numbers", "what digits", "which digits"},
		// "the 6+4 thing": only a text with a plus sign can hold one.
		plus: regexp.MustCompile(`\b[a-z]\s*\+\s*[a-z0-9](?:\s*\+\s*[a-z0-9])*\b`),
	}
	yearCues = cues{
		words:   []string{"哪年到哪年", "哪一年到哪一年", "哪年到哪一年", "哪一年到哪年", "几年到几年", "哪几年", "起止", "年份", "哪个时间段"},
		english: []string{"which years", "what years", "what period", "time frame", "timeframe", "span", "from when"},
	}
	dateCues = cues{
		words:   []string{"几月几号", "几月几日", "哪天", "哪一天", "什么日子", "日期", "几号"},
		english: []string{"what date", "which date", "what day", "which day", "when was", "when did", "when is"},
	}

	quotedCode = regexp.MustCompile(`“([0-9A-Za-z+]+)”`)
	yearSpan   = regexp.MustCompile(`((?:19|20)\d\d)[-–—至到]((?:19|20)\d\d)年`)
	dayOfMonth = regexp.MustCompile(`(\d{1,2})月(\d{1,2})日`)
)

// namedAsked reads which number-name a question asks for, if any. text is
// the question as the asker wrote it, simplified (or English).
func namedAsked(text string) namedKind {
	lower := ""
	if strings.ContainsFunc(text, func(r rune) bool { return r < utf8.RuneSelf && isASCIILetter(byte(r)) }) {
		lower = strings.ToLower(text)
	}
	switch {
	case codeCues.in(text, lower):
		return namedCode
	case yearCues.in(text, lower):
		return namedYears
	case dateCues.in(text, lower):
		return namedDate
	}
	return noNamed
}

// cues are the ways a question asks for one kind of number-name.
type cues struct {
	words   []string       // Chinese phrases, as substrings of the simplified text
	english []string       // whole words of the lowered text
	plus    *regexp.Regexp // on the lowered text, when it holds a "+"
}

// in reports whether text asks with one of c; lower is text lowered, or ""
// when text has no Latin letters.
func (c cues) in(text, lower string) bool {
	for _, w := range c.words {
		if strings.Contains(text, w) {
			return true
		}
	}
	if lower == "" {
		return false
	}
	for _, w := range c.english {
		if containsWord(lower, w) {
			return true
		}
	}
	return c.plus != nil && strings.Contains(lower, "+") && c.plus.MatchString(lower)
}

// namedNumber finds the number-name of kind k in sentence s, as a figure
// whose Text is what the sentence writes. A sentence with none, or with
// two different ones, gives none: the answer would be a guess.
func namedNumber(k namedKind, s corpus.Sentence) (corpus.Figure, bool) {
	var found []string
	switch k {
	case namedCode:
		for _, m := range quotedCode.FindAllStringSubmatch(s.Text, -1) {
			if strings.ContainsAny(m[1], "0123456789") {
				found = append(found, m[1])
			}
		}
	case namedYears:
		found = yearSpan.FindAllString(s.Text, -1)
	case namedDate:
		found = dayOfMonth.FindAllString(s.Text, -1)
	}
	found = slices.Compact(found)
	if len(found) != 1 {
		return corpus.Figure{}, false
	}
	return corpus.Figure{Text: found[0], Clause: s.Text}, true
}

var monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// englishNamed writes a number-name for an English reader: "17 April", "2021
// to 2035"; a code stays as written.
func englishNamed(text string) string {
	if m := dayOfMonth.FindStringSubmatch(text); m != nil {
		month, _ := strconv.Atoi(m[1])
		if month >= 1 && month <= 12 {
			return fmt.Sprintf("%s %s (%s)", strings.TrimLeft(m[2], "0"), monthNames[month-1], text)
		}
	}
	if m := yearSpan.FindStringSubmatch(text); m != nil {
		return fmt.Sprintf("%s to %s (%s)", m[1], m[2], text)
	}
	return text
}

// preferNamed puts first, among the sentences that cover the question as
// well as the line asks, the first that writes a number-name of kind k,
// when the first does not.
func (e *Engine) preferNamed(k namedKind, ranked []candidate) {
	if _, ok := namedNumber(k, e.sentences[ranked[0].pos]); ok {
		return
	}
	if top := ranked[0]; k == namedDate && top.pos > 0 && startsSameDay(e.sentences[top.pos].Text) &&
		paragraphOf(e.sentences[top.pos].ID) == paragraphOf(e.sentences[top.pos-1].ID) {
		// "当天,2025年荔湾区政府工作报告正式出炉": its day is the one the
		// sentence before it names, which answers first.
		if _, ok := namedNumber(k, e.sentences[top.pos-1]); ok {
			copy(ranked[1:], ranked[:len(ranked)-1])
			ranked[0] = candidate{pos: top.pos - 1, coverage: top.coverage, score: top.score, figure: -1, matched: top.matched}
			return
		}
	}
	for i, c := range ranked[1:min(len(ranked), maxSources)] {
		if c.coverage < e.minCoverage {
			continue
		}
		if _, ok := namedNumber(k, e.sentences[c.pos]); ok {
			copy(ranked[1:i+2], ranked[:i+1])
			ranked[0] = c
			return
		}
	}
}

// startsSameDay reports a sentence that dates itself by the one before it.
func startsSameDay(text string) bool {
	return strings.HasPrefix(text, "当天") || strings.HasPrefix(text, "同日") || strings.HasPrefix(text, "当日")
}

package search

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

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

var (
	codeCues = regexp.MustCompile(`(?i)几加几|几\+几|什么数字|啥数字|咩数字|乜嘢数字|乜数字|哪个数字|哪些数字|串数字|数字是什么|数字是啥|什么代号|代号|编号|公式|口诀|\bformula\b|\bcode\b|\bwhat (?:numbers?|digits)\b|\bwhich (?:numbers?|digits)\b|\b[a-z]\s*\+\s*[a-z0-9](?:\s*\+\s*[a-z0-9])*\b`)
	yearCues = regexp.MustCompile(`(?i)哪一?年到哪一?年|几年到几年|哪几年|起止|年份|哪个时间段|\b(?:which|what) years\b|\bwhat period\b|\btime ?frame\b|\bspan\b|\bfrom when\b`)
	dateCues = regexp.MustCompile(`(?i)几月几[号日]|哪一?天|什么日子|日期|几号|\b(?:what|which) (?:date|day)\b|\bwhen (?:was|did|is)\b`)

	quotedCode = regexp.MustCompile(`“([0-9A-Za-z+]+)”`)
	yearSpan   = regexp.MustCompile(`((?:19|20)\d\d)[-–—至到]((?:19|20)\d\d)年`)
	dayOfMonth = regexp.MustCompile(`(\d{1,2})月(\d{1,2})日`)
)

// namedAsked reads which number-name a question asks for, if any. text is
// the question as the asker wrote it, simplified (or English).
func namedAsked(text string) namedKind {
	switch {
	case codeCues.MatchString(text):
		return namedCode
	case yearCues.MatchString(text):
		return namedYears
	case dateCues.MatchString(text):
		return namedDate
	}
	return noNamed
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

package search

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/liwanbot/liwanbot/corpus"
)

// greetings are what small talk is made of; a message of nothing else
// ("hi 👋 good morning", "你好，早上好") is no question.
var greetings = map[string]bool{}

// longestGreeting is the length in bytes of the longest greeting.
var longestGreeting int

func init() {
	for _, g := range []string{
		"你好", "您好", "你们好", "大家好", "嗨", "哈喽", "哈啰", "早", "早上好", "上午好", "中午好", "下午好", "晚上好", "早安", "午安", "晚安",
		"在吗", "在不在", "唔该", "早晨", "多谢晒", "你哋好", "有人吗", "谢谢", "谢谢你", "多谢", "感谢", "非常感谢", "辛苦了", "再见", "拜拜", "好的", "好", "嗯", "哈哈", "ok", "okay",
		"hi", "hello", "hey", "thanks", "thank you", "thx", "bye", "goodbye", "good morning", "good afternoon", "good evening", "good night", "help", "start",
		// Who a greeting is to says nothing more.
		"there", "everyone", "everybody", "all", "guys", "bot", "大家", "各位",
	} {
		greetings[g] = true
		longestGreeting = max(longestGreeting, len(g))
	}
}

// isGreeting reports whether a normalised message is only small talk:
// greetings one after another, whatever stands between them.
func isGreeting(text string) bool {
	t := strings.Map(func(r rune) rune {
		if isHan(r) || r >= 'a' && r <= 'z' {
			return r
		}
		return ' '
	}, strings.TrimLeft(text, "/"))
	seen := false
	for t = strings.TrimSpace(t); t != ""; t = strings.TrimLeft(t, "啊呀呢吧啦哦喔嘛 ") {
		n := greetingPrefix(t)
		if n == 0 {
			return false
		}
		t, seen = t[n:], true
	}
	return seen
}

// greetingPrefix is the length of the longest greeting t starts with, where
// an English one ends a word ("hi", not the start of "high"), or 0.
func greetingPrefix(t string) int {
	for n := min(len(t), longestGreeting); n > 0; n-- {
		if !greetings[t[:n]] {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(t[n:]); n < len(t) && r >= 'a' && r <= 'z' {
			continue
		}
		return n
	}
	return 0
}

// phrasebook holds a language's fixed wording. Traditional replies are the
// simplified ones converted, so they need no book of their own.
type phrasebook struct {
	code     string // the language's key in data files: zh or en
	help     string
	scope    func(what string) string
	refusal  func(suggestions []string) string
	noFigure string
	source   string // how a quote is attributed
	// guessed says that the question named something the report does not
	// (车位) and the nearest report word was taken instead (托位).
	guessed func(asked, term string) string
	// corrected says how a typo was read (坨位 → 托位).
	corrected func(term string) string
	answer    func(f *corpus.Figure, s corpus.Sentence, wantedFigure bool, en *englishQuestion, r rendering) string
	// about names the part of a message a reply is for.
	about func(question string) string
	// noNumberFor opens a refusal of a quantity question with what it asked.
	noNumberFor func(thing string) string
	// tooMany ends a reply to a message that asked more than maxParts things.
	tooMany string
	// official marks the report's own text after an English rendering,
	// which unofficial marks as such.
	official, unofficial string
}

// exampleQuestions are what the help and scope replies suggest asking, by
// phrasebook code, in order of preference. A report is offered those it
// answers with a figure (see Engine.examples): another year's report need
// not plan childcare places.
var exampleQuestions = map[string][]string{
	"zh": {"全区托位有多少？", "今年新增多少公办学位？", "城市更新投资多少？", "新增就业多少人？", "固定资产投资多少？", "地区生产总值增长多少？"},
	"en": {"How many childcare places are planned?", "What is the GDP growth target?", "How many new jobs are planned?", "How much fixed-asset investment is planned?"},
}

// newPhrasebooks writes the fixed wording for a report: the year and
// district it names are the report's own, and the example questions
// (by phrasebook code) some it answers. A dated report (one of an earlier
// year than the one asked in, see WithToday) is named by its year where a
// reply names it, and is not "this year's".
func newPhrasebooks(n Names, examples map[string][]string, dated bool) map[Lang]phrasebook {
	district, districtEN := n.zhDistrict(), n.enDistrictPossessive()
	report, reportEN := "报告", "the report"
	zhSource, enSource := "——"+district+"政府工作报告", "— "+n.englishReportName()
	if dated {
		dated := Names{Year: n.Year, District: n.District, DistrictEN: strings.TrimSpace(n.DistrictEN + " " + n.Year)}
		report, reportEN = district+n.Year+"年政府工作报告", "the "+dated.englishReportName()
		zhSource, enSource = "——"+report, "— "+dated.englishReportName()
	}
	// A reply with no example to give ends (with none) where it would
	// have offered one.
	zhExamples := func(max int, lead, none string) string {
		qs := examples["zh"][:min(max, len(examples["zh"]))]
		if len(qs) == 0 {
			return none
		}
		return lead + "“" + strings.Join(qs, "”“") + "”"
	}
	enExamples := func(max int, lead, none string) string {
		qs := examples["en"][:min(max, len(examples["en"]))]
		if len(qs) == 0 {
			return none
		}
		return lead + "“" + strings.Join(qs, "” or “") + "”"
	}
	zh := phrasebook{
		code: "zh",
		help: "你好！我可以回答" + district + "政府工作报告里的问题，并引用报告原文。" + zhExamples(3, "例如：", ""),
		scope: func(what string) string {
			if n.Year == "" {
				return fmt.Sprintf("这份报告只讲%s的工作安排，没有%s的内容。可以问我%s的目标", district, what, district) + zhExamples(1, "，例如", "。")
			}
			if dated {
				return fmt.Sprintf("这份报告只讲%s%s年的工作安排，没有%s的内容。可以问我%s%s年的目标", district, n.Year, what, district, n.Year) + zhExamples(1, "，例如", "。")
			}
			return fmt.Sprintf("这份报告只讲%s今年（%s年）的工作安排，没有%s的内容。可以问我%s%s年的目标", district, n.Year, what, district, n.Year) + zhExamples(1, "，例如", "。")
		},
		refusal: func(suggestions []string) string {
			msg := "抱歉，" + report + "里没有找到能回答这个问题的内容。"
			if len(suggestions) > 0 {
				msg += "报告讲到的相关主题有：" + strings.Join(suggestions, "；") + "。"
			} else {
				msg += "可以换个说法再问，或看看报告讲了哪些主题。"
			}
			return msg
		},
		noFigure: "报告没有给出这方面的具体数字，原文是：",
		source:   zhSource,
		guessed: func(asked, term string) string {
			return fmt.Sprintf("报告没有讲到“%s”，也没有它的数字。您是问“%s”吗？报告里最接近的原文是：", asked, term)
		},
		about:       func(q string) string { return fmt.Sprintf("关于“%s”：", q) },
		noNumberFor: func(thing string) string { return fmt.Sprintf("报告没有给出“%s”的数字。", thing) },
		tooMany:     "一次最多回答三个问题，其余的请分开再问。",
		corrected:   func(term string) string { return fmt.Sprintf("（按“%s”理解）", term) },
	}
	zh.answer = zh.writeAnswer
	en := phrasebook{
		code: "en",
		help: "Hello! I answer questions about " + districtEN + " government work report for this year, quoting the report itself." + enExamples(2, " Try: ", ""),
		scope: func(what string) string {
			if n.Year == "" {
				return fmt.Sprintf("The report covers %s plans only; it says nothing about %s. Ask me about its targets", districtEN, what) + enExamples(1, ", for example ", ".")
			}
			return fmt.Sprintf("The report covers %s plans for %s only; it says nothing about %s. Ask me about its %s targets", districtEN, n.Year, what, n.Year) + enExamples(1, ", for example ", ".")
		},
		refusal: func(suggestions []string) string {
			msg := "Sorry, " + reportEN + " does not seem to cover that."
			if len(suggestions) > 0 {
				msg += " Topics it does cover include: " + strings.Join(suggestions, "; ") + "."
			} else {
				msg += " Try asking in other words, or see which topics the report covers."
			}
			return msg
		},
		noFigure:   "The report gives no specific number for this. It says:",
		official:   "Official text:",
		unofficial: "(unofficial English rendering)",
		source:     enSource,
		guessed: func(asked, term string) string {
			return fmt.Sprintf("The report does not mention “%s” or give a number for it. Did you mean “%s”? The nearest passage is:", asked, term)
		},
		about:       func(q string) string { return fmt.Sprintf("About “%s”: ", q) },
		noNumberFor: func(thing string) string { return fmt.Sprintf("The report gives no number for “%s”. ", thing) },
		tooMany:     "I answer up to three questions at a time; please ask the rest separately.",
		corrected:   func(term string) string { return fmt.Sprintf(" (read as “%s”)", term) },
	}
	en.answer = en.writeAnswer
	return map[Lang]phrasebook{Simplified: zh, Traditional: zh, English: en}
}

// writeAnswer writes a grounded reply: the figure first when one was asked
// for, then the sentence quoted whole with its topic. It holds no number the
// sentence does not (no IDs, no year of its own), so checkGrounded can hold
// every reply to that rule.
func (p phrasebook) writeAnswer(f *corpus.Figure, s corpus.Sentence, wantedFigure bool, en *englishQuestion, r rendering) string {
	var b strings.Builder
	switch {
	case f != nil && en != nil:
		fmt.Fprintf(&b, "%s: %s\n", en.label(*f, r.text), englishFigure(*f))
	case f != nil:
		fmt.Fprintf(&b, "%s\n", f.Text)
	case wantedFigure:
		b.WriteString(p.noFigure + "\n")
	}
	topic := s.Topic
	if p.code == "en" && r.text != "" {
		// The English first, for a reader of English; the report's own
		// words after it, as the text that counts.
		fmt.Fprintf(&b, "“%s” %s\n%s “%s”\n%s", r.text, p.unofficial, p.official, s.Text, p.source)
		topic = r.topic
	} else {
		fmt.Fprintf(&b, "“%s”\n%s", s.Text, p.source)
	}
	if topic != "" {
		fmt.Fprintf(&b, " · %s", topic)
	}
	return b.String()
}

// rendering is a sentence's English and its topic's, where the report has
// an English rendering.
type rendering struct{ text, topic string }

// numberPattern finds numbers with what scales them: 万 and 亿 in the
// report, "billion" and "million" in English replies.
var numberPattern = regexp.MustCompile(`(\d+(?:,\d{3})*(?:\.\d+)?)(\s*(?:万|亿|billion|million))?`)

var scales = map[string]float64{"万": 1e4, "亿": 1e8, "billion": 1e9, "million": 1e6}

// checkGrounded enforces the rule that matters most: every number in a reply
// appears in the sentence it cites. Numbers are compared by value, so
// "6,500" and "10,000" in a reply are grounded by "6500" and "1万" in the
// source.
func checkGrounded(reply, source string) error {
	var have []float64
	for _, m := range numberPattern.FindAllStringSubmatch(source, -1) {
		if v, ok := parseNumber(m[1]); ok {
			have = append(have, v)
			if scale := scales[strings.TrimSpace(m[2])]; scale != 0 {
				have = append(have, v*scale)
			}
		}
	}
	for _, f := range corpus.ExtractFigures(source) {
		if lo, hi, ok := f.Amount(); ok { // also Chinese numerals: 四大 is 4
			have = append(have, lo, hi)
		}
	}
	for _, m := range numberPattern.FindAllStringSubmatch(reply, -1) {
		v, ok := parseNumber(m[1])
		if !ok {
			return fmt.Errorf("unreadable number %q in reply", m[0])
		}
		scaled := v
		if scale := scales[strings.TrimSpace(m[2])]; scale != 0 {
			scaled = v * scale
		}
		if !slices.ContainsFunc(have, func(h float64) bool { return sameNumber(h, v) || sameNumber(h, scaled) }) {
			return fmt.Errorf("number %q is not in the cited sentence", m[0])
		}
	}
	return nil
}

func sameNumber(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(a)) }

func parseNumber(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return v, err == nil
}

package search

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/liwanbot/liwanbot/corpus"
)

const helpText = "你好！我可以回答荔湾区政府工作报告里的问题，并引用报告原文。例如：“全区托位有多少？”“今年新增多少公办学位？”“城市更新投资多少？”"

// greetings are whole messages that are small talk, not questions.
var greetings = map[string]bool{}

func init() {
	for _, g := range []string{
		"你好", "您好", "你们好", "大家好", "嗨", "哈喽", "哈啰", "早", "早上好", "上午好", "中午好", "下午好", "晚上好", "早安", "午安", "晚安",
		"在吗", "在不在", "有人吗", "谢谢", "谢谢你", "多谢", "感谢", "非常感谢", "辛苦了", "再见", "拜拜", "好的", "好", "嗯", "哈哈", "ok", "okay",
		"hi", "hello", "hey", "thanks", "thank you", "thx", "bye", "goodbye", "good morning", "good evening", "help", "start",
	} {
		greetings[g] = true
	}
}

// isGreeting reports whether a normalised message is only small talk.
func isGreeting(text string) bool {
	t := strings.TrimFunc(text, func(r rune) bool {
		return !(isHan(r) || (r >= 'a' && r <= 'z') || r == ' ')
	})
	t = strings.TrimRight(t, "啊呀呢吧啦哦喔嘛 ")
	t = strings.TrimLeft(t, "/")
	return greetings[strings.TrimSpace(t)]
}

func scopeText(what string) string {
	return fmt.Sprintf("这份报告只讲荔湾区今年（2025年）的工作安排，没有%s的内容。可以问我荔湾区2025年的目标，例如“全区托位有多少？”", what)
}

func refusalText(suggestions []string) string {
	msg := "抱歉，报告里没有找到能回答这个问题的内容。"
	if len(suggestions) > 0 {
		msg += "报告讲到的相关主题有：" + strings.Join(suggestions, "；") + "。"
	}
	return msg
}

// answerText writes a grounded reply: the figure first when one was asked
// for, then the sentence quoted whole with its topic. It holds no number the
// sentence does not (no IDs, no year of its own), so checkGrounded can hold
// every reply to that rule.
func answerText(f *corpus.Figure, s corpus.Sentence, wantedFigure bool) string {
	var b strings.Builder
	switch {
	case f != nil:
		fmt.Fprintf(&b, "%s\n", f.Text)
	case wantedFigure:
		b.WriteString("报告没有给出这方面的具体数字，原文是：\n")
	}
	fmt.Fprintf(&b, "“%s”", s.Text)
	if s.Topic != "" {
		fmt.Fprintf(&b, "\n——荔湾区政府工作报告·%s", s.Topic)
	} else {
		b.WriteString("\n——荔湾区政府工作报告")
	}
	return b.String()
}

var numberPattern = regexp.MustCompile(`\d+(?:[.,]\d+)*`)

// checkGrounded enforces the rule that matters most: every number in a reply
// appears in the sentence it cites. Numbers are compared by value, so
// "6,500" in a reply is grounded by "6500" in the source.
func checkGrounded(reply, source string) error {
	have := map[float64]bool{}
	for _, n := range numberPattern.FindAllString(source, -1) {
		if v, ok := parseNumber(n); ok {
			have[v] = true
		}
	}
	for _, n := range numberPattern.FindAllString(reply, -1) {
		v, ok := parseNumber(n)
		if !ok || !have[v] {
			return fmt.Errorf("number %q is not in the cited sentence", n)
		}
	}
	return nil
}

func parseNumber(s string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	return v, err == nil
}

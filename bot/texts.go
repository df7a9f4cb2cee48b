package bot

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/search"
)

// botTexts are the bot's own words in one language. Answers come from the
// engine, already in the question's language.
type botTexts struct {
	askUsage       string
	unknownCommand string
	media          string
	slowDown       string
	truncated      string
	topics         string
	topicsHint     string // under a refusal that has no near topic to offer
	noTopics       string
	paragraph      string                       // header of a shown paragraph
	more           string                       // header of the runners-up
	source         func(district string) string // how a quote is attributed, to the report of the district as the reader writes it
	thanksUp       string
	thanksDown     string
	expired        string
	sourceButton   string
	moreButton     string
	prevButton     string
	nextButton     string
	inlineHelp     string // shown in the inline result list for an empty query
	inlineNoAnswer string
	groupWelcome   func(botName, district string) string
	help           func(botName string, n reportNames) string // /start and /help

	// unofficial follows the report's English rendering, and official
	// introduces the report's own words after it: the Chinese is the text
	// that counts. Empty where no rendering is shown.
	unofficial, official string
}

// TruncationNote is what a reply adds when the question was cut to the
// part the engine reads, in the asker's language; the staff's CLI shows
// the same note the resident would see.
func TruncationNote(lang search.Lang) string { return texts[lang].truncated }

var texts = map[search.Lang]botTexts{
	search.Simplified: {
		askUsage:       "请在 /ask 后面写上问题，例如：/ask 全区托位有多少？",
		unknownCommand: "我不认识这个命令。直接发问题给我就可以，例如“全区托位有多少？”；/help 查看用法，/topics 浏览报告主题。",
		media:          "我只能读文字问题，请用文字提问，例如“今年新增多少学位？”",
		slowDown:       "你问得有点快，请稍等一分钟再问，我会继续回答。",
		truncated:      "（问题较长，我只读了其中一部分。）",
		topics:         "报告的主要工作，点一个看原文：",
		topicsHint:     "发送 /topics 浏览报告讲了哪些主题。",
		noTopics:       "这份报告没有分主题。",
		paragraph:      "报告原文",
		more:           "其他相关的原文：",
		source:         func(d string) string { return "——" + d + "政府工作报告" },
		thanksUp:       "谢谢！很高兴帮到你。",
		thanksDown:     "谢谢反馈，我们会改进这个回答。",
		expired:        "这个按钮已失效，请重新提问。",
		sourceButton:   "📄 原文段落",
		moreButton:     "🔎 更多结果",
		prevButton:     "◀ 上一页",
		nextButton:     "下一页 ▶",
		inlineHelp:     "输入问题，例如：全区托位有多少",
		inlineNoAnswer: "报告里没有找到答案",
		groupWelcome: func(name, d string) string {
			return fmt.Sprintf("大家好！我回答%s政府工作报告里的问题，并引用原文。在群里用 /ask 问题，或 @%s 加问题，或回复我的消息来提问。", d, name)
		},
		help: chineseHelp,
	},
	search.Traditional: {
		askUsage:       "請在 /ask 後面寫上問題，例如：/ask 全區托位有幾多？",
		unknownCommand: "我不認識這個命令。直接發問題給我就可以，例如「全區托位有幾多？」；/help 查看用法，/topics 瀏覽報告主題。",
		media:          "我只能讀文字問題，請用文字提問，例如「今年新增幾多個學位？」",
		slowDown:       "你問得有點快，請稍等一分鐘再問，我會繼續回答。",
		truncated:      "（問題較長，我只讀了其中一部分。）",
		topics:         "報告的主要工作，點一個看原文：",
		topicsHint:     "發送 /topics 瀏覽報告講了哪些主題。",
		noTopics:       "這份報告沒有分主題。",
		paragraph:      "報告原文",
		more:           "其他相關的原文：",
		source:         func(d string) string { return "——" + d + "政府工作報告" },
		thanksUp:       "多謝！很高興幫到你。",
		thanksDown:     "多謝反饋，我們會改進這個回答。",
		expired:        "這個按鈕已失效，請重新提問。",
		sourceButton:   "📄 原文段落",
		moreButton:     "🔎 更多結果",
		prevButton:     "◀ 上一頁",
		nextButton:     "下一頁 ▶",
		inlineHelp:     "輸入問題，例如：全區托位有幾多",
		inlineNoAnswer: "報告裏沒有找到答案",
		groupWelcome: func(name, d string) string {
			return fmt.Sprintf("大家好！我回答%s政府工作報告裏的問題，並引用原文。在群裏用 /ask 問題，或 @%s 加問題，或回覆我的訊息來提問。", d, name)
		},
		help: chineseHelp,
	},
	search.English: {
		askUsage:       "Write your question after /ask, for example: /ask How many childcare places?",
		unknownCommand: "I don't know that command. Just send me a question, such as “How many childcare places?”; /help explains, /topics lists the report's topics.",
		media:          "I can only read text. Please type your question, for example “How many new school places this year?”",
		slowDown:       "You're asking a little fast. Please wait a minute and I'll answer again.",
		truncated:      "(Your question was long; I read only part of it.)",
		topics:         "The report's main areas of work. Tap one to read it:",
		topicsHint:     "Send /topics to see what the report covers.",
		noTopics:       "This report has no topics.",
		paragraph:      "From the report",
		more:           "Other related passages:",
		source:         func(d string) string { return "— " + strings.TrimSpace(d+" Government Work Report") },
		unofficial:     "(unofficial English rendering)",
		official:       "Official text:",
		thanksUp:       "Thanks! Glad it helped.",
		thanksDown:     "Thanks for telling us. We'll work on this answer.",
		expired:        "This button has expired. Please ask again.",
		sourceButton:   "📄 Source paragraph",
		moreButton:     "🔎 More results",
		prevButton:     "◀ Previous",
		nextButton:     "Next ▶",
		inlineHelp:     "Type a question, e.g. How many childcare places",
		inlineNoAnswer: "The report does not answer this",
		groupWelcome: func(name, d string) string {
			return fmt.Sprintf("Hello everyone! I answer questions about %s government work report, quoting the report. In this group, ask with /ask followed by your question, mention @%s, or reply to one of my messages.", englishOwner(d), name)
		},
		help: englishHelp,
	},
}

// chineseHelp explains the bot in all three of its languages at once:
// /start is the first thing a resident sees, before the bot knows how they
// write, and a Chinese Telegram does not say which script its user reads.
func chineseHelp(botName string, n reportNames) string {
	year := ""
	if n.year != "" {
		year = n.year + "年"
	}
	return fmt.Sprintf(`你好！我回答%s%s政府工作报告里的问题，给出报告原文和其中的数字。
直接发问题给我，例如：
• 全区托位有多少？
• 今年新增多少公办学位？
• 城市更新投资多少？

你好！我回答%s政府工作報告的問題，並引用原文。例如：
• 全區托位有幾多？
• 今年新增幾多個學位？

Hello! I answer questions about %s government work report, quoting the report. For example:
• How many childcare places?
• What is the GDP growth target?

/topics 报告主题 · 報告主題 · the report's topics
在群里 · 在群裏 · In groups: /ask 问题, @%s 问题, or reply to me.
Inline: @%s 托位`, n.district[search.Simplified], year, n.district[search.Traditional], englishOwner(n.englishWithYear()), botName, botName)
}

// englishHelpExamples are the questions the English help suggests; a test
// checks that each is answered.
var englishHelpExamples = []string{
	"How many childcare places?",
	"What is the GDP growth target?",
	"How much will be invested in urban renewal?",
}

// englishHelp explains the bot to a resident whose Telegram is set to a
// language other than Chinese: in English only, since a reader of English
// gains nothing from two screens of Chinese first.
func englishHelp(botName string, n reportNames) string {
	var b strings.Builder
	b.WriteString("Hello! I answer questions about " + englishOwner(n.englishWithYear()) + " government work report, quoting the report and its figures. Just send me a question, for example:\n")
	for _, q := range englishHelpExamples {
		b.WriteString("• " + q + "\n")
	}
	fmt.Fprintf(&b, `
Each answer gives an unofficial English rendering of the report's sentence, then the official Chinese text. You can ask in Chinese too.

/topics — browse the report's topics
In groups: /ask followed by your question, @%s and your question, or reply to one of my messages.
Inline, in any chat: @%s How many childcare places?`, botName, botName)
	return b.String()
}

// reportNames are the report's names as the bot's texts write them: the
// district in simplified and traditional characters and in English (""
// where the report names none), and the year ("" likewise).
type reportNames struct {
	year     string
	district map[search.Lang]string
}

// namesOf reads a report's names; traditional writes simplified text in
// traditional characters, as the engine does.
func namesOf(r *corpus.Report, traditional func(string) string) reportNames {
	n := search.NamesOf(r)
	zh := cmp.Or(n.District, "本区")
	return reportNames{year: n.Year, district: map[search.Lang]string{
		search.Simplified: zh, search.Traditional: traditional(zh), search.English: n.DistrictEN,
	}}
}

// englishWithYear is the English district with the year after it: "Liwan
// District's 2025" once made an owner.
func (n reportNames) englishWithYear() string {
	d := n.district[search.English]
	if n.year == "" {
		return d
	}
	if d == "" {
		return "the " + n.year
	}
	return d + "'s " + n.year
}

// englishOwner makes an English district the owner of what follows:
// "Liwan District's", or "the district's" for a report that names none.
// What englishWithYear wrote already is one.
func englishOwner(d string) string {
	switch {
	case d == "":
		return "the district's"
	case strings.HasPrefix(d, "the ") || strings.Contains(d, "'s "):
		return d
	}
	return d + "'s"
}

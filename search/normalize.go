package search

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// normalizeText is the one normalisation that report text and questions
// share: NFKC folds full-width letters, digits and punctuation ("５．２％")
// to their ASCII forms, which bleve's unicode tokenizer would otherwise drop,
// and case is folded so "GDP" and "gdp" meet.
func normalizeText(s string) string {
	return strings.TrimSpace(strings.ToLower(norm.NFKC.String(s)))
}

// groupKey folds a normalised question further, so that "托位有多少？" and
// "托位 有多少" count as one question: inner spaces and the punctuation
// around it go.
func groupKey(text string) string {
	sep := " "
	if strings.IndexFunc(text, isHan) >= 0 {
		sep = "" // Chinese is written without spaces; any there are noise
	}
	text = strings.Join(strings.Fields(text), sep)
	return strings.TrimFunc(text, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r) })
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// spacesAsCommas reads a space a resident types between Chinese words as the
// comma it stands for in chat ("托位准备搞到多少个 还有新增的学位是多少个"):
// Chinese is written without spaces, so one there ends a clause.
func spacesAsCommas(text string) string {
	rs := []rune(text)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if unicode.IsSpace(rs[i]) && i > 0 && isHan(rs[i-1]) {
			j := i
			for j < len(rs) && unicode.IsSpace(rs[j]) {
				j++
			}
			if j < len(rs) && isHan(rs[j]) {
				b.WriteRune('，')
				i = j - 1
				continue
			}
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

// misTypedHowMany is 多少 typed as 多小 (the two differ by one letter in
// pinyin, shao and xiao), before the counter, unit or stop that shows it
// asks a quantity: "技能培训开展多小人次". The report never asks how small.
var misTypedHowMany = regexp.MustCompile(`多小([个条家项所场宗户人间座片名次钱元万亿平公]|[?？,，。!！]|$)`)

// howBigAtEnd is 几大 ending a clause: Cantonese "how big" (面积有几大?)
// typed in simplified characters, where Mandarin's 几大 counts the noun
// after it (几大方面).
var howBigAtEnd = regexp.MustCompile(`几大([啊呀呢吖嘅]*)([?？,，。!！]|$)`)

// mendHowMany reads 多小 as the 多少 it was typed for, and a clause-final
// 几大 as 多大.
func mendHowMany(text string) string {
	if strings.Contains(text, "几大") {
		text = howBigAtEnd.ReplaceAllString(text, "多大$1$2")
	}
	if !strings.Contains(text, "多小") {
		return text
	}
	return misTypedHowMany.ReplaceAllString(text, "多少$1")
}

// functionChars carry grammar, not content. A question bigram that holds one
// and does not occur in the report ("湾有", "要建") is an artefact of
// bigram-splitting across words and says nothing about the topic.
var functionChars = map[rune]bool{}

func init() {
	for _, r := range "的了是有要会将在和与及把给被对从到也都还就又呢吗吧啊呀么这那些们我你他她它能可得地着过该请问想或" {
		functionChars[r] = true
	}
}

// questionWords are phrases that shape a question but name nothing the
// report could contain. They are removed, longest first, before matching,
// with the words of the report's own year and place (scopeWords).
var questionWords = []string{
	"请告诉我", "我想知道", "我想了解", "想了解一下", "了解一下", "介绍一下", "告诉我", "想知道", "想问问", "想问一下", "想问下", "问一下", "问下", "想问", "请问",
	"区里面", "里面", "这边", "一下",
	// pointing back at what was named before: "今年能建好的那批面积多少"
	"的那批", "的这批", "那批", "这批",
	// chat around a question: hearsay, politeness, asking around
	"听说", "听讲", "据说", "好像", "到底", "究竟", "不知道", "有人知道", "谁知道", "知道吗", "麻烦问下", "麻烦问一下", "麻烦",
	// doubting what was heard: "他说有几百亿,我不信"
	"我不相信", "不相信", "我不信", "不信", "我唔信", "唔信",
	// ... or thinking it more, or less: "我说好像不止"
	"应该不止", "不止吧", "不止", "不只", "没那么多", "冇咁多",
	// ... or what the asker makes of it: "感觉有点高啊"
	"感觉有点高", "感觉有点低", "感觉有点多", "感觉有点少", "有点高", "有点低", "太高了", "太低了",
	"请教一下", "请教", "咨询一下", "打听一下", "问问", "求问", "求助", "各位", "大家",
	// how the asker's own life is going: 生意一般般 says nothing of 一般公共预算
	"一般般", "马马虎虎", "麻麻地", "还行吧",
	// who asks, and for whom: the report never speaks of them
	"老板", "同事", "朋友圈", "朋友", "老公", "老婆", "邻居", "阿姨", "阿叔",
	// asking someone to look it up
	"帮忙查一下", "帮忙查下", "帮我查一下", "帮我查下", "让我查一下", "让我查下", "查一下", "查下", "帮忙看看", "帮我看看",
	"帮我们查一下", "帮我们查下", "帮我们查查", "帮我们看看", "帮我查查", "帮忙查查", "让我查查", "叫我查查", "查一查", "查查",
	// being told to find out: "老板叫我留意今年出让几多宗地"
	"叫我留意", "叫我关注", "叫我看看", "叫我问问", "叫我问下", "叫我问一下", "叫我查下", "叫我查一下", "叫我", "让我留意", "留意一下", "留意",
	// how the asker knows of it: "全国有名的那个五羊杯…跟荔湾有关系"
	"有名的", "有名", "有没有关系", "有关系", "跟荔湾", "同荔湾",
	// how one gets there: "就业服务圈走路多少分钟能到"
	"走路", "行路",
	// how thoroughly: "主要马路沿线都整治一遍"
	"都整一遍", "一遍",
	// settling who is right between askers: "他说500亿,我说不止,谁对谁错"
	"谁对谁错", "谁说得对", "谁说的对", "谁对", "边个啱",
	// asking a name: 叫什么名字, 好像叫产业载体
	"叫什么名字", "叫啥名字", "什么名字", "啥名字", "叫什么", "叫啥",
	// asking a number that is a name: "那个「几加几」是什么数字", "后面那串数字"
	"是什么数字", "什么数字", "啥数字", "哪个数字", "那串数字", "串数字", "几加几", "数字是什么", "数字是啥",
	// asking which title or designation: the report names it (创建省级…区)
	"荣誉称号", "称号", "名号", "头衔", "什么级别", "啥级别", "那一带", "那边", "那里",
	"多到数不过来", "数都数不过来", "数不过来", "数不清",
	// where a thing stands, before the place the scope check reads:
	// "落在荔湾的…有多少个"
	"坐落在", "落在", "位于", "设在",
	// where the asker lives, and a vague many: "我住白鹅潭附近…要开好几个大商场"
	"附近", "好几个", "好几家", "好几条", "好几间", "好几项",
	// asking what is being done: "区里有啥办法让它旺起来"
	"有什么办法", "有啥办法", "有没有办法", "有冇办法", "什么办法", "啥办法",
	// ... and back to how it was: "把人气搞回来"
	"搞回来", "搞返来", "回来",
	// how it would be used, which says nothing of what: "药和器械能直接拿来用的试点"
	"直接拿来用", "拿来用", "直接用",
	// "or" joins what is asked about, naming nothing itself; "and the
	// like" names nothing either: "一条绿化带之类的"
	"或者", "或是", "之类的", "之类",
	// asking what help there is: "区里有乜嘢帮手"
	"有什么帮助", "有什么帮忙", "有什么帮手", "有啥帮助", "有啥帮忙", "有没有帮助", "能帮什么", "帮到手", "帮帮忙",
	"这一块", "这块", "区里", "我们区", "咱们区", "做什么", "做啥", "干什么", "干啥",
	"什么时候", "什么样的", "有多少个", "有多少", "是多少", "多少个", "多少钱", "多少", "有几个", "几个", "几家", "几条", "几项", "几多",
	"是什么", "有什么", "什么", "是甚么", "有甚么", "甚么", "有哪些", "是哪些", "哪些", "哪个", "哪里", "哪儿", "哪天", "怎么样", "怎么", "如何", "怎样",
	"指的是", "是指", "是啥", "啥", "意思",
	"为什么", "是否", "有没有", "会不会", "能不能", "要不要", "是不是", "多不多", "够不够", "好不好",
	// "真的有这么多吗": how many the asker heard, said again
	"有这么多", "有那么多", "有咁多", "这么多", "那么多", "咁多",
	"一共", "总共", "共有", "大概", "大约", "大致", "具体", "情况", "相关", "方面的", "方面", "一些", "打算", "计划要", "准备",
	// what the report says, of the report: "报告提到和佛山哪两个区一起办活动"
	"提到", "提及", "讲到", "说到", "写到", "写着", "讲过", "说过", "提过", "里面", "入面", "说的是", "写的是", "讲的是",
	// "这个报告是在什么会上出来的": how the report came out, which the
	// report never says of itself but by its meeting
	"出来的", "出来",
	"今年", "全年", "本年度", "年内", "一年到头", "一年下来", "一年", "每年", "以后", "将来", "的时候", "时候",
	// "really": "实际是多少个" asks what the figure really is (a result asked
	// for, 实际完成, is read from the question as written)
	"准确数字", "确切数字", "具体数字", "实际数字", "数字是多少", "实际上", "实际", "准确", "确切", "区政府", "政府工作报告", "工作报告", "报告里", "报告中", "报告",
	"几", "哪", "吗", "呢", "吧", "啊", "呀", "嘛", "哦", "么", "哈", "呗", "咯", "哇", "噢", "嘞",
}

// "是哪两个地方", "哪几家": which ones, by a number and its counter, names
// nothing; the 两个 of 两个清单 is no answer to it.
func init() {
	for _, n := range []string{"一", "两", "二", "三", "四", "五", "六", "七", "八", "九", "十", "几"} {
		for _, c := range []string{"个", "家", "条", "项", "处", "所", "座", "片", "间", "大"} {
			questionWords = append(questionWords, "哪"+n+c+"地方", "哪"+n+c)
		}
	}
	questionWords = append(questionWords, "哪些地方", "哪个地方", "什么地方", "啥地方")
}

// figureCues mark a question that asks for a quantity.
var figureCues = []string{"多少", "几", "多大", "多长", "多高", "多远", "多久", "比例", "百分之", "增速", "增幅", "增长率", "多不多", "够不够"}

// unitCues map words in a question to the unit of the figure it wants.
var unitCues = []struct{ cue, unit string }{
	// A percent asked outright beats the money it is of: "how much % more
	// money does the district expect in its budget".
	{"百分之", "%"},
	// A cue with the question word says what is asked before a unit the
	// asker's own number brings ("那3公顷土地收储要花多少钱").
	{"多少钱", "元"}, {"多少亿", "元"}, {"几亿", "元"}, {"个亿", "元"}, {"几多亿", "元"},
	{"平方米", "平方米"}, {"平方", "平方米"}, {"面积", "平方米"}, {"公顷", "公顷"}, {"公里", "公里"}, {"多长", "公里"},
	{"人次", "人次"}, {"资金", "元"}, {"投资", "元"}, {"亿元", "元"}, {"万元", "元"},
	{"增长", "%"}, {"增速", "%"}, {"增幅", "%"}, {"比例", "%"}, {"占比", "%"}, {"比重", "%"}, {"百分比", "%"}, {"达标率", "%"},
}

// countUnits are the counters that may follow 多少/几 ("几家", "多少条").
var countUnits = []string{"平方米", "人次", "分钟", "大", "公里", "公顷", "个", "家", "条", "宗", "户", "场", "人", "项", "片", "所", "座", "名", "张", "亩", "间", "套", "台", "辆", "次", "床", "位", "幅", "块", "栋", "处"}

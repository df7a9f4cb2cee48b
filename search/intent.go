package search

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/liwanbot/liwanbot/corpus"
)

// This file decides whether a figure may answer a quantity question. A
// sentence can cover most of a question ("全区…有多少") and still hold no
// number about what was asked: the report counts 托位, never 车位, and its
// 100% is a share, not a number of beds. So a figure is stated only when it
// measures what the question asks for (a count, an amount of money, a share,
// an area…) and the thing the question counts, its head noun, stands in the
// figure's own list item or clause.

// measure is the kind of quantity a question asks for.
type measure int

const (
	anyMeasure measure = iota // "有多少": whatever the figure counts, but not a share
	// The report plans the district's work: it states targets and totals,
	// never what a resident pays, when something opens or how long it takes.
	priceMeasure     // 收费, 多少钱一个月, cost per month
	dateMeasure      // 什么时候, 几月, when
	durationMeasure  // 多久, 多长时间, how long does it take
	perPersonMeasure // 人均, 每人, per person
)

// measureCues name the kinds of quantity no target or total answers. They
// are read from the question as typed (after simplification), before
// question words are dropped.
var measureCues = []struct {
	cue  string
	kind measure
}{
	{"什么时候", dateMeasure}, {"何时", dateMeasure}, {"哪天", dateMeasure}, {"哪一天", dateMeasure},
	{"几月", dateMeasure}, {"几号", dateMeasure}, {"几日", dateMeasure}, {"哪年", dateMeasure}, {"哪一年", dateMeasure},
	{"几时", dateMeasure}, {"什么时间", dateMeasure}, {"日期", dateMeasure}, {"几点", dateMeasure}, {"开放时间", dateMeasure},
	{"多久", durationMeasure}, {"多长时间", durationMeasure}, {"几年", durationMeasure}, {"几个月", durationMeasure}, {"几天", durationMeasure},
	{"收费", priceMeasure}, {"费用", priceMeasure}, {"价格", priceMeasure}, {"价钱", priceMeasure}, {"票价", priceMeasure},
	{"门票", priceMeasure}, {"学费", priceMeasure}, {"租金", priceMeasure}, {"房价", priceMeasure}, {"房租", priceMeasure},
	{"月租", priceMeasure}, {"工资", priceMeasure}, {"薪水", priceMeasure}, {"薪酬", priceMeasure}, {"车费", priceMeasure},
	{"每月", priceMeasure}, {"每个月", priceMeasure}, {"一个月", priceMeasure}, {"月费", priceMeasure}, {"一次多少钱", priceMeasure},
	{"贵不贵", priceMeasure}, {"便宜", priceMeasure}, {"补贴多少", priceMeasure}, {"补助多少", priceMeasure},
	{"人均", perPersonMeasure}, {"每人", perPersonMeasure}, {"每个人", perPersonMeasure}, {"每户", perPersonMeasure}, {"每家", perPersonMeasure},
	// "培训基地每个每年要培训多少人": each one's share, not the total
	{"每个", perPersonMeasure}, {"每所", perPersonMeasure}, {"每间", perPersonMeasure},
}

// rateCues make a question one about a share or a growth rate: only they
// license a percentage.
var rateCues = []string{"率", "比例", "百分", "占比", "增长", "增速", "增幅", "提高", "下降", "降低", "提升", "%", "达标", "覆盖"}

func measureOf(text string) measure {
	for _, c := range measureCues {
		if strings.Contains(text, c.cue) {
			return c.kind
		}
	}
	return anyMeasure
}

// englishRise finds an English question about how much something rises:
// its answer may be a growth rate.
var englishRise = regexp.MustCompile(`(?i)\bby how much\b|\b(?:go(?:es)?|going|went)\s+up\b|\b(?:ris(?:e|es|ing)|grow(?:s|th|ing)?|increas(?:e|es|ing)|rais(?:e|es|ing))\b`)

// actualCues ask for a result achieved, not a target: 实际完成, 完成了,
// "actually grew", "achieved".
var actualCues = regexp.MustCompile(`(?i)实际完成|实际增长|实际达到|实际上涨|完成了多少|完成了几|成绩单|\bactually\s+(?:grew|grow|achieved?|reached|completed|increased|rose|rise)\b|\bdid\b[^?]*\b(?:grow|rise|increase)\b|\bactual\s+(?:figure|result|growth|number|outcome)s?\b`)

func asksActual(text string) bool { return actualCues.MatchString(text) }

// targetCues ask for a target.
var targetCues = []string{"目标", "指标", "target", "goal", "aim for", "aiming for"}

func asksTarget(text string) bool {
	lower := strings.ToLower(text)
	return slices.ContainsFunc(targetCues, func(c string) bool { return strings.Contains(lower, c) })
}

func asksRate(text string) bool {
	for _, c := range rateCues {
		if strings.Contains(text, c) {
			return true
		}
	}
	return false
}

// quantityCues are the interrogatives a head noun stands next to.
var quantityCues = []string{"多少", "几多", "几", "多大", "多长", "多高", "多远", "多少钱", "百分之几", "百分之多少", "百分之", "多不多"}

// headTrailers are words that end a head phrase without naming what is
// counted: "固定资产投资目标" counts 投资, "托位总量要超过" counts 托位.
var headTrailers = []string{
	"目标", "指标", "任务", "数量", "总数", "数目", "数字", "规模", "计划", "预期", "预计", "情况", "要求", "水平", "一共", "总共",
	// measures name how a thing is counted, not the thing: 道路总长, 征收面积, 达标率
	"总长", "长度", "建筑面积", "建设面积", "占地面积", "用地面积", "总面积", "面积", "总额", "金额", "总量", "比例", "比率", "占比", "比重", "百分比", "率", "多少", "人数", "个数", "数",
	"超过", "达到", "完成", "实现", "争取", "力争", "大概", "大约", "左右", "以上", "加起来", "起来", "合计", "累计",
	"定为", "设定", "定在", "定了", "定", "订", "控制在", "保持在", "维持在",
	// a light verb or adverb after what is counted: "分了多少个项目做",
	// "在哪几条街道先搞"
	"做", "搞", "先",
	// the time of a stock: "高新技术企业现在有多少家"
	"现在", "目前", "如今", "当前",
	"要", "会", "能", "将", "有", "是", "的", "了", "共", "总", "达", "又", "还", "呢", "一下",
	// when and how a resident asks: "全区托位到时能有多少个", "公办学位今年加多少个"
	"到时", "届时", "到时候", "做到", "到", "增加", "新增", "加", "搞", "弄", "可以", "程度", "建成",
	// where and how it comes about: "人大会议上出来的" names the 会议; and
	// what is done to it: "示范基地建几家" counts 基地
	"出来", "上", "建",
	// what is made sure of: "荔湾这边今年要保证几个按计划推进"
	"保证", "确保",
	// what it takes in: "征收工作涉及多大面积" (覆盖 is no such verb: 全覆盖
	// is what the report counts)
	"涉及",
	// what it has: "固定资产投资有个大目标" names the 投资
	"有一个大", "有一个", "有个大", "有个",
	// what is done to it: "技能培训一共安排多少人次" counts 培训
	"安排", "举办", "举行", "开展", "组织", "提供", "推出",
	// sentence-final particles: "一共要收储多少个土地项目哦", "涨多少来着"
	"来着", "哦", "啊", "呀", "吧", "嘛", "哈", "呗", "咯", "哇", "噢", "嘞", "喔", "啦", "喇", "吗", "么",
}

// measureTrailers are the headTrailers that name a measure, and the
// investment an English question names before what is invested in ("the
// total investment of the 198 key projects").
var measureTrailers = []string{"总长", "长度", "总面积", "面积", "总额", "金额", "总量", "比例", "比率", "占比", "比重", "百分比", "率", "人数", "个数", "规模", "总投资", "投资"}

// plainNoun drops the modifier of a two-character head that is no word of
// the report: 新路 counts 路.
func (s *corpusStats) plainNoun(head string) string {
	if rs := []rune(head); len(rs) == 2 && modifierChars[rs[0]] && s.bigramDF[head] == 0 {
		return string(rs[1])
	}
	return head
}

// particles end a question after its counter ("多少分钟的？"): they are
// never what is counted.
const particles = "的了吗呢啊呀吧嘛是有和与"

// modifierChars start a two-character head that is a modifier and a noun,
// not a word: 新路 and 条路 count 路, 老楼 counts 楼.
var modifierChars = map[rune]bool{'新': true, '旧': true, '老': true, '大': true, '小': true, '好': true, '多': true, '的': true,
	'条': true, '个': true, '家': true, '所': true, '座': true, '些': true}

// predicateStarts begin a predicate, not a noun.
var predicateStarts = []string{"要", "会", "能", "将", "可以", "可", "来", "达到", "达标", "被", "是", "获得", "完成", "实现", "建成", "变成", "变", "成为", "参加", "受惠", "得到", "享受",
	// being among those included: "有几个小区有份", "纳入"
	"有份", "纳入", "列入", "入选", "轮到",
	// how it is done: "有几个按计划推进"
	"按计划", "按时", "按期", "如期",
	// what it takes: "走路多少分钟就能到"
	"就能", "就可以", "就会", "才能", "才可以"}

// timesAfterCue are the times that may stand between a count's cue and its
// predicate.
var timesAfterCue = []string{"今年内", "今年", "明年", "年内", "年底前", "全年"}

// heardCount is a number the asker heard, before its counter and noun.
var heardCount = regexp.MustCompile(`([0-9０-９一二两三四五六七八九十百千万]+[多几]?)(?:个|個|家|所|条|宗|场|项)\p{Han}`)

// headUnits follow a cue as units, not as what is counted: "多少个百分点",
// "多少场", "几多分钟".
var headUnits = append(append([]string{"百分点", "个点", "平米", "万元", "亿元", "万", "亿", "元", "钱", "间", "栋", "块"}, countUnits...),
	"平方") // "多少万平方": square metres, as residents drop the 米

// head finds the phrase naming what a quantity question counts: the content
// right after its cue ("新增多少公办学位" → 公办学位), else right before it
// ("托位总量要超过多少" → 托位总量), with trailing generic words dropped.
// text is the analysed question (synonyms applied). An English question's
// pseudo-Chinese puts its cues first, then the glossary's Chinese terms
// among the English words it could not place: its head is the first term.
func (e *Engine) head(text string, english bool) string {
	if english {
		return e.englishHeadOr(e.englishHead(text))(text)
	}
	// Quotes set off a name inside the noun phrase, not the phrase's end:
	// "几个市级“攻城拔寨”项目" counts 项目.
	text = quotedInside.ReplaceAllString(text, "$1$2")
	// An approximate amount names nothing: "他说有几百亿" asks nothing.
	text = approxAmount.ReplaceAllString(text, " ")
	// Nor does the check of what was heard: "…有7000个,是真的吗", nor a
	// bound set on the guess (要超6500个).
	unchecked := checksHeard.ReplaceAllString(text, " ")
	checked := unchecked != text
	text = unchecked
	text = guessBound.ReplaceAllString(text, "$1")
	// Nor does the asker's own guess at the figure ("是不是35条这么多").
	text = guessedQuantity.ReplaceAllString(text, " ")
	// An ordinal asks which one, and names it after: "第几届人大第几次会议".
	text = ordinalCue.ReplaceAllString(text, " ")
	pos, cue := firstQuantityCue(text)
	if pos < 0 && checked {
		// "中介话今年收储出让8个地块,…,系咪真嘅": the heard count asks as
		// a cue would, and what its counter stands before is counted.
		if m := heardCount.FindStringSubmatchIndex(text); m != nil {
			pos, cue = m[2], text[m[2]:m[3]]
		}
	}
	if pos < 0 {
		return namingHead(e.contentRuns(text))
	}
	after := text[pos+len(cue):]
	// Counters go, but not the first character of a noun: "几个项目"
	// counts 项目, though 项 is a counter too; "几条路" counts 路.
	counted := false
	for {
		u := firstPrefix(after, headUnits)
		if u == "" {
			break
		}
		rest := leadingHan(after[len(u):])
		if rest != "" {
			// The counter may start the noun: 项目 in "几个项目来推进".
			last, _ := utf8.DecodeLastRuneInString(u)
			first, _ := utf8.DecodeRuneInString(rest)
			// A pair the report writes only after a number is a counter
			// and its noun there too: 宗地 in "9宗地块".
			if e.stats.bigramDF[string([]rune{last, first})] > 0 && !e.stats.onlyAfterNumbers(last, first) && (counted || utf8.RuneCountInString(rest) == 1) {
				break
			}
		}
		after, counted = after[len(u):], true
	}
	// A time after the counter says when, not what: "有几个今年能完工".
	for t := firstPrefix(after, timesAfterCue); t != ""; t = firstPrefix(after, timesAfterCue) {
		after = after[len(t):]
	}
	// After the cue stands what is counted ("多少公办学位", "几大方面"),
	// unless a predicate follows instead ("有几家要达到…标准"). One
	// character right after the cue is a typo for a counter ("演出有多少
	// 厂"), not the thing counted.
	// "有多大一块": a quantity and its counter after the cue name nothing;
	// what is measured stands before it.
	if rs := []rune(leadingHan(after)); counted && len(rs) > 2 && firstPrefix(string(rs[1:]), predicateStarts) != "" &&
		!(e.stats.known(rs[0], rs[1]) && isChineseWord(string(rs[:2]))) && !strings.ContainsRune(particles, rs[0]) &&
		firstPrefix(string(rs), predicateStarts) == "" && !functionChars[rs[0]] {
		return string(rs[0]) // "多少条路要翻新": a one-character noun before its predicate
	}
	if h := trimHead(e.beforePredicate(leadingHan(after))); h != "" && (counted || utf8.RuneCountInString(h) > 1) && firstPrefix(h, predicateStarts) == "" && afterQuantity(h) != "" {
		if x, _, ok := strings.Cut(h, "的"); ok && counted && utf8.RuneCountInString(x) >= 2 {
			return x // the counter counts what it stands before: "几个地块的征收工作" counts 地块
		}
		return h
	}
	if h := leadingHan(after); counted && utf8.RuneCountInString(h) == 1 && !strings.ContainsAny(h, particles) {
		return h // after a counter, 地 is land: "多少幅地"
	}
	before := e.contentRuns(text[:pos])
	for i, run := range before {
		// "培训基地(今年)会起几多个": a modal and a verb the report never
		// pairs with it (会起 is "will build") end no name; what precedes
		// them does.
		if rs := []rune(run); len(rs) >= 2 && strings.ContainsRune("会要将能想", rs[len(rs)-2]) && !e.stats.known(rs[len(rs)-2], rs[len(rs)-1]) {
			if len(rs) == 2 {
				before[i] = string(rs[1]) // a lone verb, which namingHead passes over
			} else {
				before[i] = string(rs[:len(rs)-2])
			}
		}
		// "城中村改造占多少", "每个小区改造花多少钱": a verb of share or
		// spending before the cue ends no name.
		run = trimHead(before[i]) // "占的比重": the verb before the measure
		if rs := []rune(run); len(rs) > 2 && strings.ContainsRune(spendVerbs, rs[len(rs)-1]) && !e.stats.known(rs[len(rs)-2], rs[len(rs)-1]) {
			run = string(rs[:len(rs)-1])
		}
		before[i] = run
	}
	if h := namingHead(before); h != "" {
		return h
	}
	// What follows may say what is done rather than what is counted
	// ("有多少个要按计划推的"): a clause of context that names a thing
	// says more (see weakHead).
	for _, run := range e.contentRuns(after) {
		if h := trimHead(run); h != "" {
			return h
		}
	}
	return ""
}

// quotedInside is a name in quotes with more of its noun phrase after it.
var quotedInside = regexp.MustCompile(`[“「『]([^”」』]+)[”」』](\p{Han})`)

// spendVerbs are verbs of a share, a spending or a charge that stand right
// before a quantity cue: 占, 花, 用, 投, 需, 收, 交, 付.
const spendVerbs = "占花用投需收交付"

// approxAmount is an amount written with 几 for a digit: 几百亿, 十几个,
// 二十几万.
var approxAmount = regexp.MustCompile(`(?:[0-9〇一二三四五六七八九十廿卅两百千万]+几|几[十百千万亿])[十百千万亿]*[个条家项万亿元]?`)

// guessBound is a bound before a number: 超, 超过 or 达到 6500个.
var guessBound = regexp.MustCompile(`(?:超过|超|达到|不少于|逾)([0-9０-９])`)

// ordinalCue is 第几 and its counter.
var ordinalCue = regexp.MustCompile(`第几[届次期批个号轮]?`)

// englishHead reads the head of an English question's pseudo-Chinese: its
// first term that is no cue or unit. English puts a measure before what it
// measures ("floor area of old-property conversion projects": 建设面积 老旧
// 物业…), so a term that ends in a measure is passed over for the next,
// and returned as measure for a reading to fall back on.
func (e *Engine) englishHead(text string) (head, measure string) {
	return e.englishHeadPassing(text, true)
}

// phraseHead is the head of the English phrase after "how many", where a
// stage verb that opens it is what is asked ("how many newly start
// construction", "how many new ones start upgrading works"): it is not
// passed over for the words after it.
func (e *Engine) phraseHead(text string) string {
	return e.englishHeadOr(e.englishHeadPassing(text, false))(text)
}

// englishHeadOr returns, for an English question's text, the head
// englishHead found, its measure where it found no head, or the last term.
func (e *Engine) englishHeadOr(head, measure string) func(text string) string {
	return func(text string) string {
		if head != "" {
			return head
		} else if measure != "" {
			return measure
		}
		// A unit is no head ("…: how many sq m?"): what it measures is then
		// named in the context.
		return lastHead(slices.DeleteFunc(e.contentRuns(text), func(run string) bool {
			return cueFragment(run) || slices.Contains(headUnits, run)
		}))
	}
}

// englishHeadPassing is englishHead, passing over a stage verb before a
// name when passStages is set.
func (e *Engine) englishHeadPassing(text string, passStages bool) (head, measure string) {
	stage := ""
	for _, run := range e.contentRuns(text) {
		if !isHanRun(run) || slices.Contains(headUnits, run) || slices.Contains(figureCues, run) || cueFragment(run) || actors[run] {
			continue
		}
		if passStages && stageVerbs[run] && stage == "" {
			stage = run
			continue
		}
		m := lastSuffix(run, measureTrailers)
		switch h := trimHead(run); {
		case m == "" && h != "":
			if stage != "" && utf8.RuneCountInString(h) < 3 {
				// "how many newly start construction" (新开工 建设): the
				// stage is what is asked, not a short word after it.
				return stage, measure
			}
			return h, measure
		case m != "" && measure == "":
			// 建设面积 is measured by its 建设 (the whole's own area).
			measure = trimHead(strings.TrimSuffix(run, m))
		}
	}
	return stage, measure
}

// stageVerbs say how far a thing gets rather than what it is: "of those
// finishing this year, the factory buildings — how many sqm" measures
// buildings, not 完工; a name after the stage is the head.
var stageVerbs = map[string]bool{"完工": true, "竣工": true, "开工": true, "新开工": true, "建成": true, "完成": true}

// withoutStages drops the stage verbs from a question's runs: the last
// noun of "urban renewal plots start construction" (城市更新 地块 新开工) is
// 地块.
func withoutStages(runs []string) []string {
	return slices.DeleteFunc(runs, func(r string) bool { return stageVerbs[r] })
}

// actors are who acts in a question, never what its quantity measures:
// in "how fast is the district government hoping the local economy grows",
// the economy grows.
var actors = map[string]bool{"政府": true, "区政府": true, "市政府": true, "政府部门": true}

// cueFragment reports a run that is a quantity cue or what question words
// leave of one: 分之 of 百分之.
func cueFragment(run string) bool {
	return slices.ContainsFunc(quantityCues, func(c string) bool { return strings.Contains(c, run) })
}

// weakHead reports whether head read text's head from a predicate after
// its quantity cue ("有多少个要按计划推的", "有几多户可以改造用水设施"),
// having found no noun before or right after the cue. The object of the
// predicate may be what is counted, but a context clause that names a
// thing ("市里面那种叫攻城拔寨的项目") says it better.
func (e *Engine) weakHead(text string) bool {
	pos, cue := firstQuantityCue(text)
	if pos < 0 {
		return false
	}
	after := text[pos+len(cue):]
	for u := firstPrefix(after, headUnits); u != ""; u = firstPrefix(after, headUnits) {
		after = after[len(u):]
	}
	return firstPrefix(leadingHan(after), predicateStarts) != "" && namingHead(e.contentRuns(text[:pos])) == ""
}

// firstQuantityCue finds the quantity cue that stands first in text, the
// longest where two start alike (多少 before 多), and where; -1 for none.
func firstQuantityCue(text string) (pos int, cue string) {
	pos = -1
	for _, c := range quantityCues {
		if i := strings.Index(text, c); i >= 0 && (pos < 0 || i < pos || (i == pos && len(c) > len(cue))) {
			pos, cue = i, c
		}
	}
	return pos, cue
}

// beforePredicate cuts a noun phrase where a predicate starts after it: in
// "有几个重点项目要推进", 重点项目 is counted and 要推进 says what happens to
// it. A predicate word that makes a word of the report with the character
// before it is part of that word (重要项目) and cuts nothing.
func (e *Engine) beforePredicate(run string) string {
	rs := []rune(run)
	for i := 2; i < len(rs); i++ {
		// A pair seen only across two words ("大湾区会议" holds 区会) is no word.
		if firstPrefix(string(rs[i:]), predicateStarts) != "" && !(e.stats.known(rs[i-1], rs[i]) && isChineseWord(string(rs[i-1:i+1]))) {
			return string(rs[:i])
		}
	}
	return run
}

// leadingHan is the run of Han characters text starts with.
func leadingHan(text string) string {
	text = strings.TrimSpace(text)
	end := strings.IndexFunc(text, func(r rune) bool { return !isHan(r) })
	if end < 0 {
		return text
	}
	return text[:end]
}

// lastHead is the head of the last run that names something.
func lastHead(runs []string) string {
	for i := len(runs) - 1; i >= 0; i-- {
		if h := trimHead(runs[i]); h != "" {
			return h
		}
	}
	return ""
}

// namingHead is the head of the last run before a quantity cue that names
// something, passing over a lone character when an earlier run names more:
// in "区级技能人才培训基地今年起几个" the 起 is Cantonese for build, and
// what is counted is the 基地.
func namingHead(runs []string) string {
	single := ""
	for i := len(runs) - 1; i >= 0; i-- {
		h := trimHead(runs[i])
		if scopeHeads[h] {
			continue // "用水设施改造,全区今年要改多少户": 全区 says where
		}
		switch n := utf8.RuneCountInString(h); {
		case n > 1:
			return h
		case n == 1 && single == "":
			single = h
		}
	}
	return single
}

// trimHead drops trailing generic words from a head phrase.
func trimHead(run string) string {
	for {
		w := lastSuffix(run, headTrailers)
		if w == "" {
			break
		}
		run = strings.TrimSuffix(run, w)
	}
	if utf8.RuneCountInString(run) == 1 && functionChars[[]rune(run)[0]] {
		return ""
	}
	return run
}

// nounOf is a head phrase's noun: the last two characters of a Chinese
// noun phrase name the thing ("公办学位" counts 学位); a Latin word stands
// for itself.
func nounOf(phrase string) string {
	if !isHanRun(phrase) {
		return phrase
	}
	if rs := []rune(phrase); len(rs) > 2 {
		return string(rs[len(rs)-2:])
	}
	return phrase
}

// isGrowth reports whether a percentage is a growth rate ("增长5%左右"): it
// answers a question about its subject's target, where a share ("100%达标")
// answers only a question about a share. subject is the figure's list item,
// normalised (figureWords.subject).
func isGrowth(subject string) bool {
	for _, w := range []string{"增长", "增速", "提高", "提升", "增幅"} {
		if strings.HasSuffix(subject, w) {
			return true
		}
	}
	return false
}

func lastSuffix(s string, options []string) string {
	for _, o := range options {
		if strings.HasSuffix(s, o) {
			return o
		}
	}
	return ""
}

// intent is what a quantity question asks for, beyond its terms.
type intent struct {
	measure measure
	// phrase is the Chinese of an English question's phrase after "how
	// many", where it names one kind ("the city's 'gongcheng bazhai'
	// projects": 城市 攻城拔寨 项目); "" otherwise.
	phrase string
	rate   bool   // a share or growth rate may answer
	head   string // the thing counted, in the report's words once corrected
	// guessed is a correction of the head that changed how it sounds
	// (车位 → 托位): the report may hold the corrected word, but the
	// resident did not ask about it, so no figure of it is stated.
	guessed string
	// corrected is a correction by sound (坨位 → 托位): a typo, stated with
	// the figure so the resident sees what was understood.
	corrected string
	asked     string // the head as the resident wrote it, when guessed
	// named is the head phrase as written, for a reply to say what the
	// report has no number for: 消费券, where asked is its noun 费券.
	named string
	mass  bool // English "how much": an amount, not a count
	// whole is the reading of an English question's head from all its
	// words, where head was read from the words after "how many".
	whole *intent
	// measured: this reading's head is the measure an English question
	// names before what it measures (建设面积 of "floor area of …").
	measured bool
	// union: an English question counts several kinds of one thing
	// ("industrial and office buildings"), which no one item of a list
	// answers.
	union bool
	// total: the question asks for a whole ("total tax revenue", 总共),
	// which a growth rate does not answer.
	total bool
	// key is the head phrase's weightiest report word (攻城 in 攻城拔寨项目),
	// which may stand for the phrase where the counted noun comes later.
	key string
	// itemKey is the weightiest report word of the whole question.
	itemKey string
	// modifier is what the head phrase names before its noun (高端商业 in
	// 高端商业载体): among figures of one noun, it picks the item.
	modifier string
	// unknown is a word of the head phrase that the report never uses
	// (三甲 in 三甲医院): no figure of the report counts that.
	unknown bool
	// enCount is what an English "how many" question counts, in the
	// rendering's words: a figure whose English number is followed by it
	// may answer.
	enCount englishCount
	// target: the question asks for a target ("养老机构达标的目标是多少",
	// "what's the target for care homes meeting the standard"), which a
	// share of the report may set as well as a growth rate.
	target bool
	// stock: the question asks how many there are ("全区有多少家企业"),
	// not how many the plan adds; a figure of what is added does not
	// answer it.
	stock bool
	// now: the question asks what there is at present ("荔湾现在已经有几家
	// 小巨人企业", "how many are there right now"), which a plan's targets
	// and additions never say.
	now bool
	// part: an English question names a whole before it counts ("Of the
	// plots under construction, how many are finished?"), so a part of
	// that whole answers, as 其中 asks in Chinese.
	part bool
	// alternatives are readings of the head by the other names an English
	// question offers for it ("land parcels/projects"): a figure of any of
	// them may answer.
	alternatives []intent
	// counted: a figure fits this reading only where its head is what
	// stands right after the figure's counter (续建21个地块), a reading of the
	// English noun phrase's last word.
	counted bool
	// text is the question as analysed.
	text string
	// context is the message's context, whose names may point at one item
	// of a list ("they mentioned Kuipeng South": the 23 land projects of
	// 葵蓬南片区); nil for none.
	context *question
	// alongside: the context holds the message's other questions, which say
	// nothing of which figure this one asks.
	alongside bool
	// quoted are the report's figures the asker states as known: not
	// the answer, and their sentence is what is asked about.
	quoted []quotedFigure
	// measureOfQuoted: the question asks only a measure (总投资多少) after
	// stating a figure, so it asks the measure of the thing that figure
	// counts ("198个重点项目，总投资多少").
	measureOfQuoted bool
}

// addedBy start a figure's item when the figure is what the plan adds,
// not what there is: "新增…企业1-2家", "新开工项目23个".
var addedBy = []string{"新增", "新开工", "新建", "新引进", "新培育", "新缔结", "新设", "新招", "新认定", "新打造", "增加"}

// planCues in a question ask about what the plan will do or add, so a
// figure of what is added may answer: "今年新增几多个学位", "要建多少".
var planCues = []string{"新", "增", "加", "建", "开", "引", "培育", "认定", "今年", "年内", "全年", "计划", "目标", "指标",
	"要", "将", "会", "争取", "力争", "打算", "预计", "预期", "准备", "拟", "多了", "达到", "超过", "2025"}

// englishPlanCues are planCues for an English question.
var englishPlanCues = []string{"new", "add", "added", "adding", "more", "extra", "additional", "build", "built", "building",
	"open", "opening", "create", "created", "creating", "will", "plan", "plans", "planned", "target", "targets", "aim",
	"aims", "aiming", "goal", "going", "expect", "expected", "start", "starting", "started", "increase", "boost", "gain",
	"set", "up", "2025", "this", "next", "launch", "introduce", "bring", "attract", "cultivate", "nurture", "hit", "reach",
	"meant", "supposed", "due", "scheduled", "slated", "intended"}

// stockCues say a question asks what a whole place has: "全区有多少家
// 企业", "荔湾有几多间公司", "how many companies are in Liwan".
var (
	stockCues        = []string{"全区有", "荔湾有", "区内有", "区里有", "现有", "目前有", "现在有", "总共有", "一共有", "共有", "有几多", "有冇"}
	englishStockCues = []string{"are there", "are in", "is there", "does liwan have", "do they have", "does the district have", "exist", "altogether", "in total",
		"live in", "living in", "live here", "reside", "population"}
)

// nowCues ask what there is at present, not what the year's plan sets.
var (
	nowCues        = []string{"现有", "已经有", "已有", "目前有", "现在有", "现时有", "至今", "截至目前"}
	englishNowCues = []string{"already", "so far", "currently have", "currently has", "are there now", "are there currently", "right now there"}
)

// presentCues in a figure's own words say it counts what there is already.
var presentCues = []string{"现有", "已有", "已建", "已批", "累计", "目前"}

// asksNow reports whether a question asks what there is at present, with
// no word of planning or adding: "现在的目标是多少" asks the plan's.
func asksNow(core string, english bool) bool {
	if english {
		words := strings.FieldsFunc(strings.ToLower(core), func(r rune) bool { return !unicode.IsLetter(r) })
		if slices.ContainsFunc(words, func(w string) bool { return slices.Contains(englishPlanCues, w) }) {
			return false
		}
		joined := " " + strings.Join(words, " ") + " "
		return slices.ContainsFunc(englishNowCues, func(c string) bool { return strings.Contains(joined, " "+c+" ") })
	}
	plain := core
	for _, w := range newInName {
		plain = strings.ReplaceAll(plain, w, "")
	}
	return !slices.ContainsFunc(planCues, func(c string) bool { return strings.Contains(plain, c) }) &&
		slices.ContainsFunc(nowCues, func(c string) bool { return strings.Contains(core, c) })
}

// asksStock reports whether a question asks how many there are, with no
// word of planning or adding: a bare "学位呢" may well mean the plan's.
func asksStock(core string, english bool) bool {
	if english {
		lower := strings.ToLower(core)
		for _, w := range strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if slices.Contains(englishPlanCues, w) {
				return false
			}
		}
		return slices.ContainsFunc(englishStockCues, func(c string) bool { return strings.Contains(lower, c) })
	}
	plain := core
	for _, w := range newInName {
		plain = strings.ReplaceAll(plain, w, "")
	}
	return !slices.ContainsFunc(planCues, func(c string) bool { return strings.Contains(plain, c) }) &&
		slices.ContainsFunc(stockCues, func(c string) bool { return strings.Contains(core, c) })
}

// newInName are words that hold a plan cue's character without planning
// anything: the 新 of 高新技术企业 is no new one.
var newInName = []string{"高新", "创新", "专精特新", "更新", "焕新", "新时代", "新质", "新西关", "增材", "加工", "开放", "开发区"}

// figureWords are a figure's words as the head check reads them,
// normalised once when the engine is built.
type figureWords struct {
	own     string // its list item up to it, and what follows it in its clause
	added   bool   // it counts what the plan adds (新增, 新开工), not what there is
	present bool   // its own words say it counts what there is already (现有, 累计)
	subject string // its whole list item
	clause  string
	topic   string // the sentence's paragraph heading
	counted string // what the figure counts, its first countedRunes runes
	// governing is the clause of the total a part is listed under: in
	// "全年力争建成16个产业载体…其中…高端商业载体项目2个", 建成 governs
	// the 2 too.
	governing string
	// whole is, for a part that names no noun, the list item of the total
	// it is a part of: "其中完工9个" counts 续建地块 that are finished.
	whole string
	// lead is the sentence's opening clause where it holds no number: the
	// theme the areas and amounts after it measure ("全面盘活土地资源，…完成9个地块
	// 共47.6万平方米征收工作" measures land).
	lead string
	// examples are the names its clause lists right before it, as examples
	// of what it counts (葵蓬南片区、花博园首期、岭南V谷等23个土地项目).
	examples []string
}

// wordsOf finds a figure's own words. Chinese names what a counter counts
// right after it, across a list of figures that share it: in
// "35条、12.4公里道路建成通车" both count 道路. Only a few characters are
// kept, so "8家社区卫生服务中心建成省级社区医院" counts centres, not
// hospitals.
func wordsOf(f corpus.Figure, s corpus.Sentence) figureWords {
	siblings := s.Figures
	w := figureWords{subject: normalizeText(f.Subject), clause: normalizeText(f.Clause), topic: normalizeText(s.Topic), counted: normalizeText(f.Counted),
		examples: examplesOf(f)}
	if i := strings.IndexAny(s.Text, ",，;；:："); i > 0 {
		if lead := s.Text[:i]; !strings.ContainsAny(lead, "0123456789") && !strings.Contains(f.Clause, lead) {
			w.lead = normalizeText(lead)
		}
	}
	before := strings.TrimSuffix(w.subject, w.counted)
	if rs := []rune(w.counted); len(rs) > countedRunes {
		w.counted = string(rs[:countedRunes])
	}
	after := ""
	if i := indexNumber(f.Clause, f.Text); i >= 0 {
		after = f.Clause[i+len(f.Text):]
		before = coordinates(f.Clause[:i]) + before
	}
	// A list of figures shares the noun after the last: "35条、12.4公里道路".
	// Any other list item is another figure's.
	for strings.HasPrefix(after, "、") {
		rest := strings.TrimPrefix(after, "、")
		next := ""
		for _, s := range siblings {
			if s.Text != "" && strings.HasPrefix(rest, s.Text) {
				next = s.Text
			}
		}
		if next == "" {
			break
		}
		after = rest[len(next):]
	}
	coordinated := ""
	if i := strings.IndexAny(after, "、,，;；(（"); i >= 0 { // a parenthesis opens a part of its own: 续建21个地块(其中完工9个)
		if rest, ok := strings.CutPrefix(after[i:], "、"); ok {
			// "3-5个中医临床重点、特色专科": a short item with no number
			// after 、 shares the count; the noun it ends in is counted too.
			if j := strings.IndexAny(rest, "、,，;；(（。"); j >= 0 {
				rest = rest[:j]
			}
			if n := utf8.RuneCountInString(rest); n >= 2 && n <= coordinatedRunes && !strings.ContainsAny(rest, "0123456789") {
				coordinated = normalizeText(rest)
			}
		}
		after = after[:i]
	}
	after = normalizeText(after)
	if rs := []rune(after); len(rs) > ownCountedRunes {
		after = string(rs[:ownCountedRunes])
	}
	if coordinated != "" {
		after += "、" + coordinated
	}
	w.own = before + "\n" + after
	w.added = slices.ContainsFunc(addedBy, func(v string) bool { return strings.Contains(before, v) })
	w.present = slices.ContainsFunc(presentCues, func(v string) bool { return strings.Contains(before, v) })
	if f.Detail {
		for _, s := range siblings {
			if s.Detail {
				break
			}
			w.governing = normalizeText(s.Clause) // the last total before the parts
			// Only a part that names no noun of its own is elliptical, a
			// verb at most ("其中完工9个"): "高端商业载体项目5个" is a kind of
			// its own.
			own := utf8.RuneCountInString(strings.TrimPrefix(normalizeText(f.Subject), "其中"))
			if s.BaseUnit() == f.BaseUnit() && f.Counted == "" && s.Counted != "" && own <= 2 {
				w.whole = normalizeText(s.Subject)
			}
		}
	}
	return w
}

// coordinates are the list items that stand, with no number of their own,
// right before the item that holds a figure: in "石围塘、塞坝口连片3公顷",
// the 3 hectares are Shiweitang's as much as Saibakou's, and in "宝源路、
// 龙津西路等25条重要道路" both roads are of the 25. upTo is the clause up to
// the figure; the result ends in 、, or is "".
func coordinates(upTo string) string {
	items := strings.Split(upTo, "、")
	n := len(items) - 1 // the figure's own item is the last
	first := n
	for first > 0 && !strings.ContainsAny(items[first-1], "0123456789") {
		first--
	}
	if first == n {
		return ""
	}
	return normalizeText(strings.Join(items[first:n], "、")) + "、"
}

// figureFits reports whether figure f, with words w, may answer a question
// with intent in: it measures what was asked for, and the head noun stands
// in its own words.
func figureFits(q *question, in intent, f corpus.Figure, w figureWords) bool {
	return measureFits(q, in, f, w) && headFits(in, f, w)
}

// measureFits reports whether figure f measures what the question asks
// for: a count, an amount, a share, in the unit asked.
func measureFits(q *question, in intent, f corpus.Figure, w figureWords) bool {
	if in.guessed != "" {
		return false
	}
	switch in.measure {
	case priceMeasure, dateMeasure:
		return false
	case durationMeasure:
		// How long something takes is never planned, but a plan's own span
		// of years (三年行动) is: "这个行动计划搞几年".
		// ... and so is a service's reach in minutes: "行多久就找到就业服务"
		// asks the 15分钟 of 15分钟就业服务圈.
		return f.BaseUnit() == "年" || f.BaseUnit() == "分钟" || f.BaseUnit() == "小时"
	case perPersonMeasure:
		if !strings.Contains(w.subject+w.clause, "人均") && !strings.Contains(w.subject+w.clause, "每") {
			return false
		}
	}
	if f.BaseUnit() == "年" {
		return false // a plan's span (三年行动) answers only how long it runs
	}
	if u := f.BaseUnit(); (u == "分钟" || u == "小时") && q.unit != u {
		return false // "15分钟就业服务圈" names a reach; only "多少分钟" asks it
	}
	if w.added && in.stock {
		return false
	}
	if in.now && !w.present {
		return false
	}
	if f.BaseUnit() == "%" && strings.Contains(w.subject, "数量") && !in.rate && !in.target {
		return false // "有多少高新技术企业": the number, not its growth (认定数量增长5%以上)
	}
	if f.BaseUnit() == "%" && (!in.rate && !(q.unit == "" && !in.total && (isGrowth(w.subject) || in.target)) || in.total && in.mass ||
		in.mass && !in.rate && !in.target) { // "how much tax revenue does Liwan collect": an amount, not its growth
		return false // "how much is the budget revenue in total": an amount, never a rate
	}
	if in.mass && q.unit != countUnit && unitFits(countUnit, f) {
		return false // "how much office space" is not 4个 projects
	}
	if want := q.unit; want != "" {
		if slices.Contains(counters, want) && measureClass[want] == "" {
			// 几个 asks for a count: 两大, 8家 and 3所 answer it. 多少人
			// asks for people, whom 14家 centres are not.
			want = countUnit
		}
		if !unitFits(want, f) {
			return false
		}
	}
	return true
}

// givenAsExample reports a name that text gives as an example, before 等:
// 大坦沙 in "加快推动大坦沙等已批项目建设".
func givenAsExample(text, name string) bool {
	i := strings.Index(text, name)
	if i < 0 {
		return false
	}
	rest := []rune(text[i+len(name):])
	for j := 0; j < len(rest) && j <= exampleTailRunes; j++ {
		if rest[j] == '等' {
			return true
		}
		if !isHan(rest[j]) {
			return false
		}
	}
	return false
}

// exampleTailRunes is how far past the start of a name its 等 may stand.
const exampleTailRunes = 4

// headFits reports whether the question's head noun stands in figure f's
// own words, or in its clause beside the question's key word.
func headFits(in intent, f corpus.Figure, w figureWords) bool {
	for _, alt := range in.alternatives {
		if headFits(alt, f, w) {
			return true
		}
	}
	if in.measure == durationMeasure && f.BaseUnit() == "年" {
		return true // a span of years is the plan's, whatever the asker calls the plan
	}
	if in.head == "" || in.unknown {
		return false
	}
	if in.counted {
		// What a figure counts is kept to its first runes, so a long noun
		// phrase (文化惠民演出) fits where its start is what is counted.
		// An elliptical part (其中完工9个) counts its whole's noun.
		return strings.HasPrefix(w.counted, in.head) ||
			utf8.RuneCountInString(w.counted) == countedRunes && strings.HasPrefix(in.modifier+in.head, w.counted) ||
			w.counted == "" && strings.Contains(w.whole, in.head)
	}
	// "大坦沙那个项目总投资多少": the investment asked is 大坦沙's, and
	// 城市更新完成投资125亿元 beside it is another's. Where the phrase asked
	// is the measure alone ("大坦沙那些项目总共投资多少亿"), the whole
	// question's weightiest word says whose, if the sentence gives it as an
	// example (大坦沙等已批项目).
	whose := in.key
	if whose == "" || strings.Contains(in.head, whose) {
		whose = ""
		if in.itemKey != "" && givenAsExample(w.lead, in.itemKey) {
			whose = in.itemKey
		}
	}
	if slices.Contains(measureWords, in.head) && whose != "" && !strings.Contains(in.head, whose) &&
		!strings.Contains(w.own+"\n"+w.clause+"\n"+w.governing, whose) {
		return false
	}
	if strings.Contains(w.own, in.head) || strings.Contains(w.whole, in.head) {
		return true // an elliptical part counts its whole's noun: (其中完工9个) counts 地块
	}
	for _, c := range compoundsOf[in.head] {
		// "征借多少土地": the report's land is 征借地, where the question
		// says how it is had (借), as the compound does.
		if first, _ := utf8.DecodeRuneInString(c); strings.Contains(w.own, c) && strings.ContainsRune(in.text, first) {
			return true
		}
	}
	if unitFits(countUnit, f) && slices.ContainsFunc(areaNouns, func(n string) bool { return strings.HasPrefix(w.counted, n) }) &&
		strings.Contains(w.lead, in.head) {
		// "持续深化城中村环境综合整治,完成海南等9个片区建设": areas are counted
		// of the sentence's theme, so they answer how many urban villages.
		return true
	}
	// "村镇工业集聚区新开工几个": the phrase ends in a verb; its weightiest
	// word names the item, and the verb stands in the clause. A paragraph
	// heading names what all its figures are about: "拓展产业载体新空间".
	inClause := strings.Contains(w.subject+"\n"+w.clause+"\n"+w.governing, in.head)
	// A count names its noun beside its counter (14家社区卫生服务中心);
	// an area or an amount may measure the sentence's theme.
	inClause = inClause || !unitFits(countUnit, f) && strings.Contains(w.lead, in.head)
	keyed := in.key != "" && strings.Contains(w.own, in.key) || in.itemKey != "" && strings.Contains(w.own, in.itemKey)
	// "Ruyifang radial road, land to requisition how many sq m?": an area
	// or an amount measures the theme its sentence opens with (加快推进如意坊
	// 放射线个项目征拆,完成征借地23.1万平方米), which names the key.
	keyed = keyed || !unitFits(countUnit, f) && in.key != "" && strings.Contains(w.lead, in.key)
	// "聽說要改造升級村鎮工業集聚區,今年新開工的有幾個": a core that asks
	// only of a stage (新开工的) is about the item its context names.
	if !keyed && in.asksOnlyStage() {
		keyed = contextNamesItem(in.context, w)
	}
	// A unit the question names is evidence too: "城市更新要投多少钱" ends in
	// a verb the report does not use, but asks for yuan of 城市更新.
	// The heading's word must be the question's whole word: 重大项目建设
	// is about projects, but not the 重点项目 the question names.
	topical := strings.Contains(w.topic, in.head) && !f.Detail &&
		(in.key == "" || strings.Contains(in.head, in.key) || strings.Contains(w.topic+"\n"+w.own+"\n"+w.clause, in.key))
	return keyed && inClause || topical
}

// asksOnlyStage reports an intent whose phrase names nothing but a stage
// verb: "今年新开工的有几个".
func (in intent) asksOnlyStage() bool {
	return stageVerbs[in.head] && (in.modifier == "" || stageVerbs[in.modifier+in.head]) && strings.Contains(in.modifier+in.head, in.key)
}

// contextNamesItem reports whether a message's context names a word of a
// figure's own list item that its paragraph heading does not hold.
func contextNamesItem(context *question, w figureWords) bool {
	if context == nil {
		return false
	}
	for _, t := range context.terms {
		if utf8.RuneCountInString(t.text) >= 2 && strings.Contains(w.own+"\n"+w.whole, t.text) && !strings.Contains(w.topic, t.text) {
			return true
		}
	}
	return false
}

// compoundsOf are the report's compounds that hold a head noun in a short
// form: the 土地 a resident asks about is the 地 of 征借地 and 用地.
var compoundsOf = map[string][]string{"土地": {"借地", "用地", "征地"}}

// areaNouns count places of whatever the sentence is about.
var areaNouns = []string{"片区", "区域"}

// scopeHeads say where a quantity is counted, never what is counted.
var scopeHeads = map[string]bool{"全区": true, "全市": true, "全省": true, "全国": true, "荔湾": true, "荔湾区": true,
	"我区": true, "本区": true, "区里": true, "区内": true, "全年": true, "今年": true}

// ownCountedRunes is how far after a counter its counted noun may reach.
const ownCountedRunes = 8

// coordinatedRunes is how long an item after 、 may be and still share the
// count before it (特色专科).
const coordinatedRunes = 6

// keyOf returns a phrase's weightiest report bigram that is not generic,
// and whether the noun compound it ends in (its last four characters:
// 三甲医院, not 免费的文化惠民演出) holds a word the report never uses: a
// bigram unknown to the report that is neither a seam beside a known word
// nor a grammatical one.
func (s *corpusStats) keyOf(phrase string) (key string, unknown bool) {
	rs := []rune(phrase)
	if len(rs) < 2 || !isHan(rs[0]) {
		return "", false
	}
	best := 0.0
	for i := 0; i+1 < len(rs); i++ {
		inCompound := i+1 >= len(rs)-compoundRunes
		bg := string(rs[i : i+2])
		if df := s.bigramDF[bg]; df > 0 {
			if w := s.idf(df); w > best && !genericTerms[bg] {
				key, best = bg, w
			}
			continue
		}
		if functionChars[rs[i]] || functionChars[rs[i+1]] || modifierChars[rs[i]] {
			continue // 新路 in 新路通车 is a modifier and a noun, as plainNoun reads it
		}
		leftKnown := i > 0 && s.known(rs[i-1], rs[i])
		rightKnown := i+2 < len(rs) && s.known(rs[i+1], rs[i+2])
		if !leftKnown && !rightKnown && inCompound {
			unknown = true
		}
	}
	return key, unknown
}

// compoundRunes is how much of a head phrase is its noun compound.
const compoundRunes = 4

// measureNouns end a search-box query that wants a number: "新增就业目标",
// "土地收储项目数", "产业载体建设面积".
var measureNouns = []string{"目标", "指标", "数", "数量", "总量", "面积", "规模", "金额", "总额", "人数", "个数", "增速", "增幅", "比例", "率", "多少"}

// englishMeasureFirst opens an English question that names a measure of
// something rather than asking: "floor area of …?", "number of …".
var englishMeasureFirst = regexp.MustCompile(`(?i)^(?:the\s+|and\s+)?(?:total\s+)?(?:floor\s+area|floor\s+space|land\s+area|area|number|amount|size|length|count|percentage|share|growth\s+target|target)\s+(?:of|for)\b`)

// englishChecks finds an English question asked to be confirmed: "is it
// more than…", "will they add…", "…, right?", also in a clause after a
// dash ("the job service circle - is it 15 min or 10 min?").
var englishChecks = regexp.MustCompile(`(?i)(?:^|[.!?;:,–—]|\s-)\s*(?:is|are|was|were|will|would|does|do|did|has|have|can|could|should)\b|\b(?:true|right|rite|correct)\s*\?+\s*$`)

// englishGuess finds a number that ends a question, maybe with a scale,
// a unit or a Hong Kong particle after it: the asker's guess of the
// figure, to be checked.
var englishGuess = regexp.MustCompile(`(?i)(?:^|[\s,(])\d[\d,.]*\s*(?:k|wan|yi|million|mil|billion|bn|%|percent|sqm|people|ppl|places)?(?:\s+(?:ah|lah|leh|lor|meh|rite|right|hor|ar|wor|or so|or something|or more))?\s*\?+$`)

// englishHeardCheck asks whether what was heard is so.
var englishHeardCheck = regexp.MustCompile(`(?i)\b(?:is|was)\s+(?:that|it|this|he|she|they)\s+(?:the\s+)?(?:right|true|correct|accurate|legit|real|actual|making\s+(?:it|that|this)\s+up)\b|\b(?:true|right|correct|accurate|legit|really)\s*\?+\s*$|\bmaking\s+(?:it|that|this)\s+up\b`)

// heardEnglishNumber reports whether English text holds a number that is
// no year: 8%, 10,000.
func heardEnglishNumber(text string) bool {
	for _, n := range englishNumber.FindAllString(text, -1) {
		if !yearPattern.MatchString(n) {
			return true
		}
	}
	return false
}

// englishNumber is a number as English writes it.
var englishNumber = regexp.MustCompile(`\d[\d,]*(?:\.\d+)?`)

// englishMeasureNouns end an English query for a figure.
var englishMeasureNouns = []string{"target", "number", "amount", "total", "goal", "revenue", "income", "gdp", "growth", "investment", "budget", "population"}

// trailingYear is the year or "this year" a query ends with.
var trailingYear = regexp.MustCompile(`\s+(?:for|in|of)?\s*(?:20\d\d|this year)\s*\??$`)

// startsEnglishAsk reports an English sentence that opens with a question
// word ("how many households…"), as asksEnglish does without its question
// mark.
func startsEnglishAsk(sentence string) bool {
	return asksEnglish(strings.TrimRight(strings.TrimSpace(sentence), "?"))
}

// searchesFigure reports whether a part that asks nothing in so many words
// is a query for a figure: a phrase that ends in a measure noun or names a
// unit, with no interrogative of its own.
func searchesFigure(p part, q *question) bool {
	if p.en != nil {
		if englishMeasureFirst.MatchString(strings.TrimSpace(p.en.raw)) {
			return true // "Floor area of the high-spec factory buildings that start this year?"
		}
		if englishChecks.MatchString(p.en.raw) && guessedQuantity.MatchString(p.en.chinese) {
			// "Is Liwan adding something like 20 hectares of new parks?":
			// the asker's amount is checked against the figure.
			return true
		}
		if englishGuess.MatchString(strings.TrimSpace(p.contextEN)) {
			return true // "Is Liwan adding public school places this year? about 5000 right?"
		}
		if whole := p.en.raw + " " + p.contextEN; englishHeardCheck.MatchString(whole) && heardEnglishNumber(whole) {
			// "My uncle says revenue goes up 8% this year. Is that right?":
			// the number heard is checked against the report's.
			return true
		}
		if startsEnglishAsk(p.en.raw) {
			return false
		}
		if englishGuess.MatchString(trailingYear.ReplaceAllString(strings.TrimSpace(p.en.raw), "")) {
			return true // "childcare places total in Liwan, 6000 ah?": a figure to check
		}
		// "Macau government budget revenue for 2025?": a query that ends in
		// a measure, before the year it is for.
		query := strings.TrimRight(trailingYear.ReplaceAllString(strings.ToLower(strings.TrimSpace(p.en.raw)), ""), "? ")
		return q.unit != "" || slices.ContainsFunc(englishMeasureNouns, func(w string) bool {
			return strings.HasSuffix(query, w)
		})
	}
	if asks(p.core) {
		return false
	}
	core := strings.TrimRight(p.core, "?？。.! ")
	return q.unit != "" || lastSuffix(core, measureNouns) != ""
}

// plainAmount writes a figure scaled by 万 or 亿 in digits ("1万人次" →
// "10,000人次"), or "" for a figure without a scale.
func plainAmount(f corpus.Figure) string {
	if !strings.HasPrefix(f.Unit, "万") && !strings.HasPrefix(f.Unit, "亿") {
		return ""
	}
	lo, hi, ok := f.Amount()
	if !ok || lo >= 1e9 {
		return "" // "12.5 billion" would not help a Chinese reader
	}
	s := formatAmount(lo)
	if hi != lo {
		s += "-" + formatAmount(hi)
	}
	return s + f.BaseUnit()
}

// keywordRunes bounds a keyword query: one or two words typed into a
// search box.
const keywordRunes = 4

// isKeyword reports whether a part is a bare keyword ("托位", "学位"), not a
// question.
func isKeyword(p part) bool {
	if p.en != nil || p.context != "" || asks(p.core) {
		return false
	}
	core := strings.TrimSpace(p.core)
	n := utf8.RuneCountInString(core)
	return n >= 2 && n <= keywordRunes && strings.IndexFunc(core, func(r rune) bool { return !isHan(r) }) < 0
}

// indexNumber finds a figure's text in its clause where no digit runs on
// before it: "1个" stands in "复建物业1个", not inside "11个".
func indexNumber(clause, figure string) int {
	for from := 0; from < len(clause); {
		i := strings.Index(clause[from:], figure)
		if i < 0 {
			return -1
		}
		i += from
		if r, _ := utf8.DecodeLastRuneInString(clause[:i]); i == 0 || !unicode.IsDigit(r) && r != '.' {
			return i
		}
		from = i + 1
	}
	return -1
}

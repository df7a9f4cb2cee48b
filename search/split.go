package search

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Residents write a question as a core and its context: "我女儿九月上一年级，
// 想问今年新增多少公办学位？" asks about school places; the daughter's grade
// is context. The core decides the scope and the coverage; the context may
// only add evidence. Some messages ask two things ("新增就业和GDP目标分别
// 是多少？", "托位有多少？学位呢？"): each is a part with its own answer.

// part is one thing a message asks, with the clauses around it.
type part struct {
	core    string // the clause (or clauses) that ask
	context string // the rest of the message
	// en is the English part's reading in the report's terms; core and
	// context then hold its pseudo-Chinese.
	en *englishQuestion
	// before is what an English message asked before this part, as
	// written: "Is the district adding daycare? How many places in total?"
	// counts daycare places. It may choose between sentences the part fits
	// alike, as context does.
	before string
	// contextEN is the English message's context as written: a vague
	// count ("how many places in total?") counts what it names ("nursery
	// spots for under-3s").
	contextEN string
	// alongside: the message asks other things too, and context holds
	// them; another question is no context of this one.
	alongside bool
	// story is what such a message says besides its questions: "报告里说要
	// 搞重要道路沿线整治" before "总共整治几多条路？龙津西路是不是其中一条".
	// It may back a sentence as context does.
	story string
	// lead is the clauses a core that names too little took in before it
	// ("天天早上去荔湾湖公园打太极"), asking the clause that asks: their
	// words the report never uses are the asker's life, not the question.
	lead, asking string
	// apart is what the message sets apart from what it asks, in the
	// report's terms: "not the urban renewal ones" (城市更新).
	apart string
	// after is the figure the part before was answered with, if any: a
	// measure asked right after a count is the counted thing's
	// ("建成16个产业载体、建设面积101.45万平方米").
	after *figureRef
}

// enRaw is an English part as written, or "" for a Chinese one.
func (p part) enRaw() string {
	if p.en == nil {
		return ""
	}
	return p.en.raw
}

// figureRef is one figure of one sentence.
type figureRef struct{ pos, figure int }

// maxParts bounds how many answers one message gets.
const maxParts = 3

// askCues mark a clause that asks something. The question arrives
// simplified with Cantonese rewritten (幾多 → 多少, 咩 → 什么).
var askCues = []string{
	"多少", "几", "什么", "啥", "哪", "吗", "如何", "怎", "是否", "有没有", "会不会", "能不能", "是不是", "有冇",
	"多大", "多长", "多久", "多高", "多远", "呢", "可否", "何时", "谁", "?", "？",
}

// notAsking are words that hold an ask cue but ask nothing: "我住在荔湾
// 好几年了" (several years), 几乎 (almost), 十几个 (a dozen or so), 哪怕
// (even if), "托位什么的" (and so on).
var notAsking = strings.NewReplacer("好几", "", "几乎", "", "几十", "", "几百", "", "几千", "", "几万", "", "十几", "", "没几", "", "哪怕", "", "什么的", "")

// approxNumber is a number with 几 for its last digit, which asks nothing:
// "八几年的老小区" (built in the eighty-somethings), "三十几岁", "廿几年"
// (Cantonese: twenty-some years).
var approxNumber = regexp.MustCompile(`[0-9〇一二三四五六七八九十廿卅两百千万]几`)

// fewPeople is "a few" of the people the asker is with: "我同几个朋友想一齐
// 创业", "跟几个街坊去饮茶". Who the asker goes with is asked by no one.
var fewPeople = regexp.MustCompile(`([我们同跟和与约带叫找])几个(朋友|同事|街坊|邻居|老友|亲戚|同学|老乡|姐妹|兄弟|家长|伙伴|人)`)

// withoutNonAsking is text with what holds an ask cue but asks nothing dropped.
func withoutNonAsking(text string) string {
	text = fewPeople.ReplaceAllString(text, "$1$2")
	return approxNumber.ReplaceAllString(notAsking.Replace(text), "")
}

// Content weights, in the IDF units of corpusStats (a bigram found in one
// sentence of 125 weighs about 4.8, one in ten sentences about 2.6).
const (
	// minCoreWeight is the least a core must name: "今年有多少？" names
	// nothing, so the clause before it ("荔湾区的托位") joins the core.
	minCoreWeight = 2.0
	// minPartWeight is the least an extra asking clause must name to be a
	// second question rather than a tag ("是今年的目标吗？").
	minPartWeight = 2.5
)

// clauseBreak reports whether r ends a clause of a question.
func clauseBreak(r rune) bool {
	switch r {
	case '，', ',', '。', '？', '?', '！', '!', '；', ';', '：', ':', '\n', '…', '~', '～', '、':
		return true
	}
	return unicode.Is(unicode.So, r) // emoji and other symbols end a thought
}

// splitClauses cuts a normalised question at clause punctuation. Spaces do
// not cut: the Cantonese rewriter leaves one where it drops a particle. The
// question mark stays with its clause: it marks the clause that asks.
// Lists stay whole ("托位、学位各多少"), but 、 between two asks cuts:
// "建成几多个、几大面积" asks a count and an area.
func splitClauses(text string) []string {
	var out []string
	for _, c := range cutAt(text, func(r rune) bool { return r != '、' && clauseBreak(r) }) {
		items := strings.Split(c, "、")
		from := 0
		for i := 1; i < len(items); i++ {
			if asks(items[i-1]) && asks(items[i]) {
				out = append(out, strings.Join(items[from:i], "、"))
				from = i
			}
		}
		out = append(out, strings.Join(items[from:], "、"))
	}
	return out
}

// examplesApart moves the examples a question gives of the kind it counts
// into a clause of their own before it: in "多少个产业园区、楼宇这种产业空间"
// the kind (产业空间) is what is counted, and 产业园区, a word the report
// uses of other things, is only context.
func examplesApart(text string) string {
	m := kindAfterExamples.FindStringSubmatchIndex(text)
	if m == nil {
		return text
	}
	examples, kind := text[m[4]:m[5]], text[m[8]:m[9]]
	return examples + "，" + text[:m[4]] + kind + text[m[1]:]
}

// kindAfterExamples is a count's cue (of which 几 also stands in 好几, 十几),
// then a list of examples, a kind marker and at least two characters of the
// kind, which stay where they are: "多少个产业园区、楼宇这种产业空间",
// "多少个工厂、写字楼之类的产业载体". Two examples at least, so that "这种项目"
// alone is left as it is.
var kindAfterExamples = regexp.MustCompile(`((?:多少|几多|几)[个家条项所座间片]?)(\p{Han}{2,8}?(?:、\p{Han}{2,8}?)+)(这种|这类|这样的|那种|那类|之类的|之类|呢种|呢类|嗰种|嗰类)(\p{Han}{2,6})`)

// cutAt cuts text before each rune that breaks, dropping it, except that a
// question mark stays with the piece it ends and a point between digits
// (251.05) is no break.
func cutAt(text string, breaks func(rune) bool) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if s := strings.TrimSpace(cur.String()); s != "" {
			out = append(out, s)
		}
		cur.Reset()
	}
	rs := []rune(text)
	for i, r := range rs {
		switch {
		case r == '?' || r == '？':
			cur.WriteRune(r)
			flush()
		case r == '.' && i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]):
			cur.WriteRune(r)
		case breaks(r):
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return out
}

func asks(clause string) bool {
	if firstPrefix(strings.TrimLeft(clause, "，, "), purposeOpeners) != "" {
		return false // "想对比一下有没有达标": why the resident asks, not what
	}
	clause = withoutNonAsking(clause)
	for _, c := range askCues {
		if strings.Contains(clause, c) {
			return true
		}
	}
	return asksAorNotA(clause)
}

// ownFew reports a clause of the asker's own story whose only cue is 几
// before a counter: "本人在城中村有几栋出租屋" has a few houses to let, and
// asks nothing.
func ownFew(clause string) bool {
	return isOwnStory(clause) && firstCue(clause) == "几" && ownFewCount.MatchString(clause) && !strings.ContainsAny(clause, "?？吗")
}

// ownFewCount is 有几 and a counter: what the asker has.
var ownFewCount = regexp.MustCompile(`有几[个栋间套家只条位口]`)

// countedThenWhich reports a clause that asks which of the things the
// clause before counted with 几: "听讲有几条街会开…，是哪几条街" asks
// which streets, and the count was what the asker heard.
func countedThenWhich(before, clause string) bool {
	m := whichOf.FindStringSubmatch(clause)
	return m != nil && strings.Contains(strings.ReplaceAll(before, "哪几", ""), "几"+m[1])
}

// checksHeard ends a clause that checks what the asker heard: "是不是真的？",
// "真的假的".
var checksHeard = regexp.MustCompile(`(?:(?:这个|那个|呢个)(?:数字|数|说法|讲法)?\s*)?(是不是真的?|是真的吗|是否真的?|真的吗|真的假的|是真是假|真还是假|谁对谁错|谁说得对|属实吗|准确吗|准不准|靠谱吗|是不是(?:这个|那个|呢个)(?:数字?|说法)|是(?:这个|那个)数字?吗|(?:真的)?有(?:这么|那么|咁)多(?:吗|咩|么)?|是不是这样|对不对|对吗|是吗)\s*[啊呀呢吧]*\s*[?？]?$`)

// emphasisFirst puts first the part asking the measure a message says it
// most wants ("…有几个、一共多少面积？面积是重点。"), so that the reply
// answers it first.
func emphasisFirst(text string, parts []part) []part {
	m := emphasis.FindStringSubmatch(text)
	if m == nil {
		return parts
	}
	word := m[1] + m[2]
	at := -1
	for i, p := range parts {
		if strings.Contains(p.core, word) {
			if at >= 0 {
				return parts // asked in more than one part: no one is first
			}
			at = i
		}
	}
	if at <= 0 {
		return parts
	}
	return append([]part{parts[at]}, slices.Delete(slices.Clone(parts), at, at+1)...)
}

// emphasis finds the measure a message says it most wants to know.
var emphasis = regexp.MustCompile(`(?:最想知道|最想知|主要想知道|最想问|最关心|最关注|最在意|重点是|关键是|最紧要)(?:的是)?(面积|投资|金额|人数)|(面积|投资|金额|人数)(?:是重点|最重要|最关键|最紧要)`)

// purposeOpeners open a clause that says why a resident asks: to compare,
// to estimate, or a worry ("担心荔湾今年冒出太多办公楼，会不会供过于求").
var purposeOpeners = []string{"想对比", "想比较", "想比一比", "对比一下", "比较一下", "好对比", "方便对比",
	"想估计", "想估算", "想预估", "想评估", "担心", "担忧", "害怕", "就怕"}

// asksAorNotA finds Chinese's A-not-A question: 多不多, 够不够, 好不好.
func asksAorNotA(clause string) bool {
	rs := []rune(clause)
	for i := 1; i+1 < len(rs); i++ {
		if rs[i] == '不' && rs[i-1] == rs[i+1] && isHan(rs[i-1]) {
			return true
		}
	}
	return false
}

// weight is how much a piece of a question names of what the report talks
// about: the IDF of the report bigrams it holds, generic ones discounted.
// Words the report never uses weigh nothing here: "我女儿九月上一年级" names
// no topic of the report, so it cannot be a question's core.
func (e *Engine) weight(text string) float64 {
	w := 0.0
	// The asker's guess at the figure names nothing, as analyze reads it:
	// "係咪得3公頃咋?" asks of the clause before it.
	text = guessedQuantity.ReplaceAllString(approxAmount.ReplaceAllString(e.synonyms.apply(text), " "), " ")
	for _, run := range e.contentRuns(text) {
		if !isHanRun(run) {
			if e.stats.mentions(run) {
				w += e.stats.latinIDF(run)
			}
			continue
		}
		// A word typed by sound names what its report word does: 拖位 is
		// 托位, and a clause that asks about it names enough to be a core.
		run, _ = e.stats.sounds.correct(run)
		rs := []rune(run)
		for i := 0; i+1 < len(rs); i++ {
			bg := string(rs[i : i+2])
			if strings.ContainsRune(bg, '的') || strings.ContainsRune(bg, '是') {
				continue // a seam: "写的目标" names 目标, not 的目; "目标是增长" not 标是
			}
			if df := e.stats.bigramDF[bg]; df > 0 {
				f := 1.0
				if genericTerms[bg] || growthWords[bg] {
					f = genericFactor
				}
				w += f * e.stats.idf(df)
			}
		}
	}
	return w
}

// growthWords say which measure is asked, a growth, not what of:
// "区级那个一般公共预算收入,报告定的目标是增长多少" asks the growth of the
// clause before.
var growthWords = map[string]bool{"增长": true, "增速": true, "增幅": true}

// isOwnStory reports a Chinese clause about the asker (我在荔湾开了家小公司),
// not one that only says the asker asks (我想问下…).
func isOwnStory(clause string) bool {
	if !strings.HasPrefix(clause, "我") && !strings.HasPrefix(clause, "俺") && !strings.HasPrefix(clause, "本人") {
		return false
	}
	return !slices.ContainsFunc([]string{"我想问", "我想知", "我想了解", "我问", "我想请问", "我想查"}, func(p string) bool { return strings.HasPrefix(clause, p) })
}

// hearsayRunes is how far into a clause the source of hearsay may reach:
// "楼下阿叔说", "看新闻说", "我同事跟我说".
const hearsayRunes = 7

// dropHearsay drops who said it from a clause ("楼下阿叔说今年重点项目有
// 几个" asks about key projects, not the uncle downstairs), when the report
// itself never says 说: a work report states, it does not report speech, so
// the words before 说 name nothing it could hold.
func (e *Engine) dropHearsay(clause string) string {
	rs := []rune(clause)
	// 讲 reports what was heard as 说 does, after 听 or a teller ("听人讲",
	// "街坊讲"); "识唔识讲下" (can you tell me about) is no hearsay.
	says := func(i, start int) bool {
		switch rs[i] {
		case '说':
			return e.stats.charDF['说'] == 0
		case '讲':
			return e.stats.charDF['讲'] == 0 && (strings.ContainsRune(string(rs[start:i]), '听') || i > start && strings.ContainsRune("人们坊哋", rs[i-1]))
		}
		return false
	}
	start := 0 // where the run of Han before 说 starts: "有点慌😰 看新闻说…"
	for i := 0; i < len(rs); i++ {
		switch {
		case !isHan(rs[i]):
			start = i + 1
		case says(i, start) && i > start && i-start <= hearsayRunes && i+1 < len(rs):
			return string(rs[:start]) + string(rs[i+1:])
		}
	}
	return clause
}

// parts splits a normalised, simplified question into what it asks.
func (e *Engine) parts(text string) []part {
	clauses := splitClauses(examplesApart(text))
	if len(clauses) == 0 {
		return []part{{core: text}}
	}
	for i, c := range clauses {
		clauses[i] = e.dropHearsay(c)
	}
	// "会卖多少幅地？即是出让多少宗": a clause that says the one before in
	// other words asks the same thing.
	for i := 1; i < len(clauses); i++ {
		if firstPrefix(clauses[i], restatements) != "" {
			clauses[i-1] += "，" + clauses[i]
			clauses = slices.Delete(clauses, i, i+1)
			i--
		}
	}
	weights := make([]float64, len(clauses))
	for i, c := range clauses {
		weights[i] = e.weight(c)
	}
	// "区里要培育美食集聚区，总共几多个？几年的培育路径？": an ask that names too
	// little asks about the topic the clause before it set, if that clause
	// asks nothing itself, and together they are one question of the
	// several the message asks.
	for i := 1; i < len(clauses); i++ {
		// A clause that only checks what was heard ("托位会有六千几个，是不是
		// 真的？") sets the topic as one that asks nothing does.
		before := !asks(clauses[i-1]) || checksHeard.MatchString(clauses[i-1]) || countedThenWhich(clauses[i-1], clauses[i])
		// "高新技术企业的认定数量，今年目标是增长多少？": a clause that names a
		// measure of something and asks nothing is the topic the ask after
		// it comments on, however much the ask's own frame words weigh.
		topic := !asks(clauses[i-1]) && namesMeasure(clauses[i-1]) && weights[i] < weights[i-1]
		ownLife := weights[i] > 0 && isOwnStory(clauses[i-1]) && !topic
		if asks(clauses[i]) && (weights[i] < minCoreWeight || e.namesNothing(clauses[i]) || topic) && before && weights[i-1] > 0 && !ownLife {
			clauses[i-1] += "，" + clauses[i]
			weights[i-1] += weights[i]
			clauses = slices.Delete(clauses, i, i+1)
			weights = slices.Delete(weights, i, i+1)
			i--
		}
	}
	// Asking clauses that name enough are questions of their own.
	var askIdx []int
	for i, c := range clauses {
		// "建成几多个、几大面积？": a measure asked right after another ask
		// is a second question about the same thing, however little it
		// names itself.
		measureAfterAsk := i > 0 && slices.Contains(askIdx, i-1) && (e.asksOnlyMeasure(c) || e.asksSecondMeasure(clauses[i-1], c))
		// "我家在坑口那边，有几间旧屋出租": the story may start a clause before.
		if (ownFew(c) || i > 0 && ownFew(clauses[i-1]+c)) && i+1 < len(clauses) {
			continue // "本人在城中村有几栋出租屋": a few of the asker's own
		}
		if asks(c) && (weights[i] >= minPartWeight || e.asksForOwnCount(c) || e.asksAboutOtherScope(c) || measureAfterAsk) {
			askIdx = append(askIdx, i)
		}
	}
	// "几长？多少公里？" asks one thing twice: a clause that only asks, in
	// a unit at most, belongs to the question before it.
	// But "几长？几多条？" asks two measures of one thing: two questions.
	askIdx = slices.DeleteFunc(askIdx, func(i int) bool {
		return i > 0 && slices.Contains(askIdx, i-1) && e.namesNothing(clauses[i]) && !e.asksSecondMeasure(clauses[i-1], clauses[i])
	})
	if len(askIdx) >= 2 {
		var out []part
		prevCue := ""
		for _, i := range askIdx {
			core := clauses[i]
			cue := firstCue(core)
			if bare := strings.TrimRight(core, "?？"); cue == "" && prevCue != "" && strings.HasSuffix(bare, "呢") {
				// "学位呢？" after "托位有多少？" asks the same about 学位.
				core = strings.TrimSuffix(bare, "呢") + prevCue
			}
			if cue != "" {
				prevCue = cue
			}
			// "制剂中心几时落成？投资几多？": a later ask naming only a measure
			// asks it of what the one before named, which is its context.
			alongside := len(out) == 0 || !e.asksOnlyMeasure(core) && !e.namesNothing(core)
			if !alongside && i > 0 && slices.Contains(askIdx, i-1) {
				// "高标准工业厂房今年建成几多个、几大面积": the area is of
				// what the count before it counted, done as it says (建成).
				prev := clauses[i-1]
				if at := strings.Index(prev, firstCue(prev)); at > 0 && e.weight(prev[:at]) >= minCoreWeight {
					core = prev[:at] + core
				}
			}
			out = append(out, part{core: core, context: joinExcept(clauses, i), alongside: alongside, story: joinExcept(clauses, askIdx...)})
			if len(out) > maxParts { // one more than is answered, so that the reply can say so
				break
			}
		}
		return emphasisFirst(text, out)
	}
	core := -1
	for i, c := range clauses {
		if asks(c) && (core < 0 || weights[i] >= weights[core]) {
			core = i
		}
	}
	if core < 0 {
		// No clause asks: a phrase typed as a search ("托位 数量").
		return e.splitList(part{core: strings.Join(clauses, " ")})
	}
	// A core that names too little takes in the clauses before it, where
	// Chinese puts the topic: "荔湾区的托位，今年有多少？".
	// A core that names a little (a growth: "今年目标是增长多少") does not
	// take the asker's own life for its topic ("我在荔湾开了家小公司").
	from, w := core, weights[core]
	for from > 0 && w < minCoreWeight && !(weights[core] > 0 && weights[from-1] > 0 && isOwnStory(clauses[from-1])) {
		from--
		w += weights[from]
	}
	// A core that points back ("那份市规划是哪年的") asks about what the
	// clause before it named.
	if from == core && from > 0 && firstPrefix(clauses[core], pointersBack) != "" {
		from--
	}
	// A clause after the core that only asks, in a unit at most, asks the
	// core's question: "要达标到什么程度，百分之多少？".
	to := core
	// So does one that asks how many of what the core, a yes-or-no question,
	// names: "区政府是不是会帮忙改用水设施，改几多户".
	for to+1 < len(clauses) && asks(clauses[to+1]) && (e.namesNothing(clauses[to+1]) ||
		to == core && firstCue(clauses[core]) == "" && firstCue(clauses[to+1]) != "" && weights[to+1] < minCoreWeight) {
		to++
	}
	p := part{core: strings.Join(clauses[from:to+1], "，")}
	if from < core {
		p.lead = strings.Join(clauses[from:core], "，")
		p.asking = strings.Join(clauses[core:to+1], "，")
	}
	var rest []string
	rest = append(rest, clauses[:from]...)
	rest = append(rest, clauses[to+1:]...)
	p.context = strings.Join(rest, "，")
	return e.splitList(p)
}

// asksSecondMeasure reports a clause that names nothing but asks another
// measure than the ask before it ("几长？几多条？"), which is a second question
// of the same thing, unless the ask before only checks a number heard
// ("系咪35条咁多？总共几多公里？").
func (e *Engine) asksSecondMeasure(before, clause string) bool {
	return e.namesNothing(clause) && asksOtherMeasure(before, clause) && !checksGuess(before) && !checksHeardNumber(before)
}

// asksOtherMeasure reports whether clause b asks a quantity of another kind
// than clause a: a count after a length, an area after a count.
func asksOtherMeasure(a, b string) bool {
	_, ua := figureIntent(a)
	_, ub := figureIntent(b)
	ka, kb := unitKind(ua), unitKind(ub)
	return ka != "" && kb != "" && ka != kb
}

// unitKind is the kind of quantity a unit measures: its measureClass, a
// count for a counter, or the unit itself (元, %).
func unitKind(unit string) string {
	switch {
	case unit == "":
		return ""
	case measureClass[unit] != "":
		return measureClass[unit]
	case strings.Contains(singleCounters, unit):
		return "count"
	}
	return unit
}

// pointersBack open a clause that asks about what the one before named;
// a total (一共, 加起来) is a total of what the one before listed.
var pointersBack = []string{"那份", "那个", "那些", "那项", "那条", "这份", "这个", "这些", "这项", "该", "它", "其",
	"一共", "总共", "合共", "共计", "总计", "加起来", "加埋", "全部加起来"}

// restatements open a clause that says the one before in other words.
var restatements = []string{"即是", "也就是说", "也就是", "就是说", "意思是", "换句话说", "换言之", "或者说"}

// measureWords name how much of something a question asks, not what.
var measureWords = []string{"总投资", "投资", "总面积", "面积", "占地", "金额", "费用", "造价", "规模", "投入", "资金"}

// topicMeasures end a noun phrase that names what is measured, as the topic
// of a question about it: "认定数量", "建设面积", "投资规模".
var topicMeasures = []string{"数量", "数目", "总数", "人数", "面积", "规模", "总额", "金额", "比例", "占比", "增速", "增幅", "指标", "目标", "长度", "总量"}

// namesMeasure reports whether a clause ends in a measure of something.
func namesMeasure(clause string) bool {
	clause = strings.TrimRight(clause, "呢啊呀嘛吧 ")
	m := lastSuffix(clause, topicMeasures)
	return m != "" && utf8.RuneCountInString(clause) > utf8.RuneCountInString(m)+1
}

// asksOnlyMeasure reports whether a clause asks a quantity and names
// nothing but a measure of it: "投资几多？", "面积多大呢".
func (e *Engine) asksOnlyMeasure(clause string) bool {
	words := e.askedWords(clause, measureWords, headUnits, quantityCues, headTrailers)
	return words != nil && slices.ContainsFunc(words, func(w string) bool { return slices.Contains(measureWords, w) })
}

// namesNothing reports whether a clause names nothing but a quantity cue
// and a unit: "多少公里？", "百分之多少？", "几多？".
func (e *Engine) namesNothing(clause string) bool {
	return e.askedWords(clause, headUnits, quantityCues) != nil
}

// askedWords splits a clause that asks a quantity into words of the given
// lists, tried in order at each place, or returns nil where it asks
// nothing or holds anything else.
func (e *Engine) askedWords(clause string, lists ...[]string) []string {
	if firstCue(clause) == "" {
		return nil
	}
	words := []string{}
	for _, run := range e.contentRuns(clause) {
		if !isHanRun(run) {
			return nil
		}
		for run != "" {
			u := ""
			for _, list := range lists {
				if u = firstPrefix(run, list); u != "" {
					break
				}
			}
			if u == "" {
				return nil
			}
			words = append(words, u)
			run = run[len(u):]
		}
	}
	return words
}

// asksForOwnCount reports whether a clause asks for a quantity of
// something it names itself, even something the report lacks ("车位有
// 多少？"): a question of its own, to be answered or refused, never
// dropped as context.
func (e *Engine) asksForOwnCount(clause string) bool {
	cue := firstCue(clause)
	if cue == "" {
		return false
	}
	before, _, _ := strings.Cut(clause, cue)
	for _, run := range e.contentRuns(before) {
		if isHanRun(run) && utf8.RuneCountInString(run) >= 2 {
			return true
		}
	}
	return false
}

// asksAboutOtherScope reports whether a clause asks about another year or
// place ("去年呢？"): a question of its own, which gets the scope reply
// rather than vanishing into the context of the one before.
func (e *Engine) asksAboutOtherScope(clause string) bool {
	_, out := e.outOfScope(clause)
	return out
}

// joinExcept joins the clauses but those at skip.
func joinExcept(clauses []string, skip ...int) string {
	var rest []string
	for i, c := range clauses {
		if !slices.Contains(skip, i) {
			rest = append(rest, c)
		}
	}
	return strings.Join(rest, "，")
}

// eachMarkers say that a question asks the same of several things:
// "新增就业和GDP目标分别是多少".
var eachMarkers = []string{"分别", "各自", "各是", "各有", "各为", "各多少", "各几", "各要", "各"}

// listJoiners join the things an each-question lists.
var listJoiners = []string{"以及", "还有", "和", "与", "及", "跟", "同", "、"}

// splitList turns "A和B分别是多少" into "A是多少" and "B是多少"; any other
// part comes back as it is.
func (e *Engine) splitList(p part) []part {
	marker, at := "", -1
	for _, m := range eachMarkers {
		if i := strings.Index(p.core, m); i > 0 {
			marker, at = m, i
			break
		}
	}
	if at < 0 {
		return []part{p}
	}
	head, tail := p.core[:at], p.core[at+len(marker):]
	if marker == "各多少" || marker == "各几" {
		tail = strings.TrimPrefix(marker, "各") + tail
	}
	if firstCue(tail) == "" && !asks(tail) {
		return []part{p}
	}
	items := []string{head}
	for _, j := range listJoiners {
		var next []string
		for _, it := range items {
			next = append(next, strings.Split(it, j)...)
		}
		items = next
	}
	var out []part
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" || e.weight(it) < minCoreWeight {
			continue
		}
		out = append(out, part{core: it + tail, context: p.context})
		if len(out) > maxParts { // one more than is answered, so that the reply can say so
			break
		}
	}
	if len(out) < 2 {
		return []part{p}
	}
	return out
}

// firstCue is the first quantity interrogative in text, or "".
func firstCue(text string) string {
	best, pos := "", -1
	for _, c := range quantityCues {
		if i := strings.Index(text, c); i >= 0 && (pos < 0 || i < pos || i == pos && len(c) > len(best)) {
			best, pos = c, i
		}
	}
	return best
}

// genericTerms name nothing a sentence is about: the district, the year,
// the notion of a target or a total. They carry a fifth of their weight, so
// "全区车位有多少" is not covered by any sentence that says 全区.
var genericTerms = map[string]bool{
	"全区": true, "区里": true, "区内": true, "本区": true, "我区": true, "辖区": true, "全年": true, "今年": true, "年度": true,
	"目标": true, "计划": true, "预期": true, "预计": true, "主要": true, "数量": true, "总数": true, "总量": true, "情况": true,
	"工作": true, "政府": true, "报告": true, "方面": true, "有关": true, "相关": true, "多少": true, "个数": true,
	// who is served and how it is arranged: every sentence of the plan is
	// arranged for the people ("免费给老百姓看的文化演出，一年安排多少场")
	"安排": true, "百姓": true, "市民": true, "群众": true, "街坊": true, "居民": true,
	// light verbs of holding and doing: what is held names the thing
	// ("民俗活动会持续举办" asks about folk events, whoever holds them)
	"举办": true, "举行": true, "开展": true, "组织": true,
	// ... and of carrying on: "今年报告里有没有说要继续搞" asks about what is
	// carried on (the 五羊杯 of the clause before)
	"继续": true, "持续": true,
	// where, of what the clause before names: "区里话要搞普惠托育示范机构,喺边
	// 几条街道?"
	"街道": true,
	// reaching a number is how a quantity is asked ("托位要达到多少个"),
	// not what it is of
	"达到": true, "做到": true,
	// one of a thing names no thing: "要搞一条绿化带"
	"一条": true, "一个": true, "一项": true, "一座": true, "一家": true, "一所": true,
	// measures: what a figure is, not what it is about
	"面积": true, "总长": true, "长度": true, "金额": true, "总额": true, "规模": true, "比例": true, "加起": true, "起来": true,
}

const genericFactor = 0.2

// discountGeneric lowers the weight of generic terms and of the units they
// cover.
func discountGeneric(q *question) {
	q.discount(func(t term) bool { return genericTerms[t.text] }, genericFactor)
}

// discount multiplies the weight of the terms that match by factor, and
// weighs each unit again by its heaviest term.
func (q *question) discount(match func(term) bool, factor float64) {
	changed := false
	for i, t := range q.terms {
		if match(t) {
			q.terms[i].weight *= factor
			changed = true
		}
	}
	if !changed {
		return
	}
	for i, u := range q.units {
		w := 0.0
		for _, t := range u.terms {
			w = max(w, q.terms[t].weight)
		}
		q.units[i].weight = w
	}
}

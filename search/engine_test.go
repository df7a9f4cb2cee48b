package search_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/longbridgeapp/opencc"

	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/seeds"
)

// The engine is built once per test binary: building it indexes the whole
// report, and every test only reads from it.
var (
	sharedOnce   sync.Once
	sharedEngine *search.Engine
	sharedErr    error
)

func engine(tb testing.TB) *search.Engine {
	tb.Helper()
	sharedOnce.Do(func() { sharedEngine, sharedErr = newEngine() })
	if sharedErr != nil {
		tb.Fatalf("building the engine: %v", sharedErr)
	}
	return sharedEngine
}

func newEngine() (*search.Engine, error) {
	r, err := seeds.Parse()
	if err != nil {
		return nil, fmt.Errorf("seeds.Parse: %w", err)
	}
	return search.New(r)
}

func ask(tb testing.TB, q string) search.Answer {
	tb.Helper()
	return engine(tb).Answer(context.Background(), q)
}

var validOutcomes = []search.Outcome{search.Answered, search.Refused, search.OutOfScope, search.Greeting}

var validLangs = []search.Lang{search.Simplified, search.Traditional, search.English}

// describe prints an answer for failure messages.
func describe(a search.Answer) string {
	var b strings.Builder
	fmt.Fprintf(&b, "outcome=%s lang=%s coverage=%.3f truncated=%v", a.Outcome, a.Lang, a.Coverage, a.Truncated)
	if a.Figure != nil {
		fmt.Fprintf(&b, " figure=%q", a.Figure.Text)
	}
	for i, s := range a.Sources {
		fmt.Fprintf(&b, "\n  source %d %s (%.3f): %s", i, s.ID, s.Score, s.Text)
	}
	if len(a.Suggestions) > 0 {
		fmt.Fprintf(&b, "\n  suggestions: %q", a.Suggestions)
	}
	fmt.Fprintf(&b, "\n  text: %q", a.Text)
	return b.String()
}

// ---- Figure questions -------------------------------------------------------

func TestAnswersExactFigureWithSource(t *testing.T) {
	cases := []struct {
		name   string
		q      string
		figure string // Figure.Text, and the reply holds it
		source string // the first source holds it
	}{
		{"childcare", "全区托位有多少?", "超6500个", "托位总量超6500个"},
		{"school places", "新增公办基础教育学位有多少？", "5040个", "基础教育学位5040个"},
		{"GDP synonym", "GDP预期增长多少？", "5%左右", "地区生产总值增长5%左右"},
		{"gdp lower case", "gdp预期增长多少", "5%左右", "地区生产总值增长5%左右"},
		{"one figure of many", "村镇工业集聚区新开工几个？", "3个", "村镇工业集聚区3个"},
		{"count not length", "建成通车的道路有多少条？", "35条", "35条、12.4公里道路建成通车"},
		{"length not count", "建成通车的道路有多少公里？", "12.4公里", "35条、12.4公里道路建成通车"},
		{"typo 托为", "托为总量有多少", "超6500个", "托位总量超6500个"},
		// The asker's guess is checked, and its unit says what is asked:
		// 30条 asks the roads' count, not their 12.4公里.
		{"guess in hectares", "今年新增绿地是不是20公顷?", "9万平方米", "新增9万平方米绿地"},
		{"guess of a count", "今年建成通车的道路是不是30条", "35条", "35条、12.4公里道路建成通车"},
		// The counter of the asker's number is no start of the noun after
		// it: 个老 would make 14个项目…老旧小区 the estates' count.
		{"counter of a heard number", "听讲今年要改造40个老小区,报告里写的是几个?", "29个", "29个老旧小区"},
		// A clause that only guesses names nothing: it asks of the clause
		// before it. 是不是得 (only) offers a guess as 是不是 does.
		{"guess clause", "石围塘、塞坝口要连片收储土地，是不是5公顷？", "3公顷", "连片3公顷土地收储"},
		{"guess of only", "石围塘、塞坝口要连片收储土地，是不是得5公顷？", "3公顷", "连片3公顷土地收储"},
		// The counter counts what it stands before: plots, not the work.
		{"counted before 的", "今年要完成几个地块的征收工作？", "9个", "完成9个地块共47.6万平方米征收工作"},
		// Doubting what was heard (我不信) names nothing asked.
		{"doubt", "他说固定资产投资有几百亿，我不信。报告里写的目标到底是多少亿？", "535亿元", "固定资产投资"},
		// The report's 地 is land: a typo may mean it (绿第 for 绿地).
		{"typo 绿第", "今年新增多少绿第？", "9万平方米", "新增9万平方米绿地"},
		// A plan's span of years, in Chinese numerals, answers how long it
		// runs; the plan's name in the question is the sentence's.
		{"span of a plan", "人才高地建设行动要搞几年？", "三年", "岭南文化人才高地建设三年行动"},
		{"span, how long", "美食集聚区那个培育路径要多久？", "三年", "三年培育路径"},
		// An area asked is held by a figure in square metres: the land
		// expropriated, not the sentence that names 面积 beside 土地征收.
		{"area by its unit", "今年荔湾征收土地的总面积大概有多大?", "47.6万平方米", "完成9个地块共47.6万平方米征收工作"},
		// The topic clause names the economy's growth target, and 一般般 is
		// the asker's trade, not the 一般公共预算.
		{"topic clause", "我开小店生意一般般，听说区里定了经济增长目标，增长几个点？", "5%左右", "地区生产总值增长5%左右"},
		{"full-width GDP", "ＧＤＰ预期增长多少？", "5%左右", "地区生产总值增长5%左右"},
		{"full-width year", "２０２５年全区托位有多少？", "超6500个", "托位总量超6500个"},
		{"full-width punctuation", "全区托位有多少？", "超6500个", "托位总量超6500个"},
		// The main targets' list and the key projects' paragraph both state it.
		{"fixed assets", "固定资产投资目标是多少？", "535亿元", "固定资产投资完成535亿元|固定资产投资535亿元"},
		{"urban renewal", "城市更新投资多少钱？", "125亿元", "城市更新完成投资125亿元"},
		{"jobs", "全年新增就业多少？", "1万人以上", "新增就业1万人以上"},
		{"water facilities", "要改造多少户用水设施？", "7500户", "完成7500户用水设施改造"},
		{"performances", "文化惠民演出有多少场？", "1000场", "开展1000场文化惠民演出"},
		{"Chinese numeral", "城市品质提升行动有几大方面？", "四大", "四大方面129个项目"},
		// A word of the paragraph's heading (产业载体) does not pick a part.
		{"total over heading-word part", "产业载体项目今年新开工几个？", "23个", "新开工项目23个"},
		// 建成 governs the parts listed under the total it verbs.
		{"part under its total's verb", "商务办公空间项目建成几个？", "5个", "商务办公空间项目5个、面积47.86万平方米"},
		// What the head phrase says of its noun picks the item among the
		// figures of that noun, over the total they are part of; and a
		// following "面积多大" asks about the same item.
		{"modifier picks the item", "今年力争建成的高端商业载体有几个?", "2个", "高端商业载体项目2个、面积14万平方米"},
		// Cantonese 巴仙 is percent; 想升 (wants to rise) ends no name.
		{"Cantonese percent", "区政府今年嘅财政收入想升几多个巴仙?", "3%", "区级一般公共预算收入增长3%"},
		// 八几年 (the eighty-somethings) asks nothing: the question comes after.
		{"approximate year is no question", "我住的是八几年的老小区。今年区里老旧小区微改造一共改多少个小区?", "29个", "共29个老旧小区微改造"},
		{"Cantonese approximate number is no question", "我在花地湾住了廿几年，想问下全区托位总量争取到多少个？", "超6500个", "托位总量超6500个"},
		// 宗地 stands in the report only as "9宗地块": 宗 counts there too.
		{"counter the report writes only after numbers", "今年打算卖出去几宗地?", "9宗", "组织出让9宗地块"},
		// 建筑面积 is a measure: what it measures is the 产业载体 before it.
		{"measure compound", "今年建成的那些产业载体,加起来建筑面积有多大?", "101.45万平方米", "建设面积101.45万平方米"},
		// Reaching a number (达到, Cantonese 去到) is how the quantity is
		// asked, not what it is of.
		{"reach frame", "托位要达到多少个?", "超6500个", "托位总量超6500个"},
		// A total asked of a part the question names by its own words is
		// the part's: the old-property projects' area, not the new starts'.
		{"total of a named part", "今年新开工的老旧物业改造项目面积一共多大？不是建成的那批哈", "7.86万平方米", "老旧物业改造项目3个、面积7.86万平方米"},
		// 总 before a measure says a total, not what is measured.
		{"total before a measure", "今年建成的产业载体，总建设面积是多少万平方米？", "101.45万平方米", "建设面积101.45万平方米"},
		// 好多条 (many) is no part of what is counted.
		{"quantity before the counter", "宝源路龙津西路沿街都在搞整治，听说总共要弄好多条路，具体多少条？", "25条", "宝源路、龙津西路等25条重要道路沿线整治"},
		// The asker's guess in the context names nothing; the roads do.
		{"guess in the context", "听讲今年好多新路通车，系咪35条咁多？总共几多公里？", "12.4公里", "35条、12.4公里道路建成通车"},
		// A lone character before the cue is a verb (Cantonese 起, build).
		{"lone verb before the cue", "孵化示范基地今年起几多家？", "2家", "创业孵化示范基地2家"},
		// A modal and a verb (会起, will build) end no name.
		{"modal and verb before the cue", "技能人才培训基地会起几个？", "2个", "区级技能人才培训基地2个"},
		// 新路 is a modifier and a noun, not a word the report lacks.
		{"modifier before the noun", "今年会有多少条新路通车呀？", "35条", "35条、12.4公里道路建成通车"},
		// 几个点 asks for percentage points.
		{"percentage points", "今年一般公共预算收入计划增长几个点", "3%", "区级一般公共预算收入增长3%"},
		// A part of a whole the question names: of the plots carried on,
		// those that finish; 今年 is no part of what is counted.
		{"part of a whole", "续建的地块里面有几个今年完工？", "9个", "其中完工9个"},
		// A part is of its whole: the question names both, with no 里面.
		{"part named by its own word", "续建的地块今年完工几个?", "9个", "其中完工9个"},
		{"whole named alone", "续建的地块有几个?", "21个", "续建21个地块"},
		// The asker's own guess at the figure is no word the answer must hold.
		{"the asker's guess", "重点项目多到数不过来，到底有几个，是不是快两百个了？", "198个", "加快实施198个重点项目建设"},
		// Who asked the asker to look it up is no part of the question.
		{"asked on someone's behalf", "老板让我查下今年新增几家国家级小巨人", "1-2家", "新增国家级专精特新“小巨人”企业1-2家"},
		{"looked up for the asker", "帮我查一查全区托位有多少", "超6500个", "托位总量超6500个"},
		// The asker names the report's own term for what they mean.
		{"the report's term named", "我想问区里今年能建好多少个给企业用的楼宇厂房（好像叫产业载体？）", "16个", "建成16个产业载体"},
		// Sentence-final particles are never what is counted.
		{"particle after the head", "今年要收储多少个土地项目哦", "23个", "23个土地项目收储"},
		{"particle after the cue", "今年财政收入涨多少来着？", "3%", "区级一般公共预算收入增长3%"},
		{"area in hectares", "石围塘那块地收储面积有多大？", "3公顷", "连片3公顷土地收储"},
		// The figure whose counter stands before the head counts it: 14个
		// 项目, not the 29个老旧小区 the question shares more words with.
		{"head counted by its counter", "老旧小区微改造今年分了多少个项目做?", "14个", "分类推进14个项目共29个老旧小区微改造"},
		// Two sentences answer alike; the figure that counts just what is
		// asked, not a kind of it (新开工留用地项目11个), is the answer.
		{"plain count over a narrower one", "今年新开工多少个项目", "23个", "新开工项目23个"},
		// A programme's scale (规模有多大) is the people it reaches, not a
		// size in square metres.
		{"scale of a programme", "荔湾今年的技能培训规模有多大?", "不少于1万人次", "开展技能培训不少于1万人次"},
		{"涨 is growth", "财政收入涨几多？", "3%", "区级一般公共预算收入增长3%"},
		// Who said it is not what is asked.
		{"hearsay", "隔篱王太话说，楼下阿叔说今年重点项目到底有几个？", "198个", "加快实施198个重点项目建设"},
		// 好几个 (several) names no unit: 总面积多大 asks for an area.
		{"several is no counter", "朋友圈说今年要征收好几个地块，总面积多大？", "47.6万平方米", "完成9个地块共47.6万平方米征收工作"},
		// The core fits two sentences alike; the one report word of a
		// chatty context chooses between them.
		{"context chooses", "住喺老城区，成日听人讲城市更新，今年投资几多钱呀？", "125亿元", "城市更新完成投资125亿元"},
		{"unit named in the core, item in the clause before", "东漖南路那批道路升级改造，一共多少公里？", "59公里", "59公里道路完成升级改造"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := ask(t, c.q)
			if a.Outcome != search.Answered {
				t.Fatalf("%q: not answered:\n%s", c.q, describe(a))
			}
			if a.Lang != search.Simplified {
				t.Errorf("%q: Lang = %q, want %q", c.q, a.Lang, search.Simplified)
			}
			if a.Figure == nil || a.Figure.Text != c.figure {
				t.Errorf("%q: figure wrong, want %q:\n%s", c.q, c.figure, describe(a))
			}
			if len(a.Sources) == 0 || !containsOneOf(a.Sources[0].Text, c.source) {
				t.Fatalf("%q: first source lacks %q:\n%s", c.q, c.source, describe(a))
			}
			if !strings.HasPrefix(a.Text, c.figure) {
				t.Errorf("%q: reply does not lead with %q:\n%s", c.q, c.figure, a.Text)
			}
			if !strings.Contains(a.Text, a.Sources[0].Text) {
				t.Errorf("%q: reply does not quote its first source whole:\n%s", c.q, a.Text)
			}
			if a.Figure != nil && !strings.Contains(a.Sources[0].Text, a.Figure.Text) {
				t.Errorf("%q: figure %q is not in the first source", c.q, a.Figure.Text)
			}
			if a.Coverage < search.DefaultMinCoverage || a.Coverage > 1 {
				t.Errorf("%q: coverage %.3f outside [%.2f, 1]", c.q, a.Coverage, search.DefaultMinCoverage)
			}
			if a.Truncated {
				t.Errorf("%q: short question marked truncated", c.q)
			}
		})
	}
}

// TestFactQuestionsQuoteWithoutFigure: a question that asks for no quantity
// gets the sentence quoted, with no figure leading it.
func TestFactQuestionsQuoteWithoutFigure(t *testing.T) {
	cases := []struct{ q, source string }{
		{"白鹅潭要建什么商圈？", "白鹅潭世界级地标商圈"},
		// 会上 is the meeting's, and how the report came out (出来) is said
		// by its meeting.
		{"这份报告是在什么会上出来的？", "十七届人大五次会议"},
		// A light verb (举办) weighs little beside what is held: the folk
		// events carried on, not the one event held with Foshan.
		{"过年想带小孩去逛逛,荔湾有哪些民俗活动会持续举办?", "水上花市、端午龙舟"},
		{"湾区时尚周是什么活动？", "湾区时尚周"},
		{"花地文学榜是什么？", "花地文学榜"},
		// 哪几家 asks which, not how many.
		{"招商依托哪几家龙头企业？", "依托广州工控、广药、唯品会、立白等龙头企业"},
		// 商场 is a residents' word for the malls' sentence, not a typo of
		// 市场 (大市场 of another sentence).
		{"白鹅潭那边会不会有大商场开？", "华润万象城、广州聚龙湾太古里"},
		// 称号 and 那边 frame the question: the report names the title.
		{"永庆坊今年要争取个什么称号？", "永庆坊创建省级夜间文旅消费集聚区"},
		{"白鹅潭那边要建成什么级别的商圈？", "白鹅潭世界级地标商圈"},
		// Which streets, of what the clause before names: not the
		// sentence that says 街道 ("白鹤洞、茶滘等街道").
		{"听说区里要搞普惠性的托育示范机构,在哪几条街道?", "西村、东漖、茶滘等普惠性托育服务示范机构"},
		// The place asked about itself, not the area around it (环荔湾湖).
		{"荔湾湖今年有什么计划?", "建成荔湾湖省级幸福河湖"},
		// Carrying on (继续) and how the asker knows of it (有名的, 跟荔湾有
		// 关系) name nothing: the ask is about the 五羊杯 before it.
		{"听说全国很有名的那个五羊杯象棋赛跟荔湾有关系,报告里有没有说要继续搞?", "五羊杯"},
		// A river tour is sightseeing along it: residents' words for the
		// sentence of 花地河全域游, not the themed routes of heritage.
		{"花地河有咩新玩法?", "花地河全域游"},
		// 这块 and 做啥 frame the question; 养老 is all it asks about.
		{"养老这块区里重点做啥？", "家庭养老床位建设"},
		// 哪两个 asks which two: its 两个 is not 两个清单's.
		{"报告说要建两大美丽单元，是哪两个地方？", "环荔湾湖、聚龙湾片区两大美丽单元"},
		// 提到 says what the report does, not what it is about.
		{"报告里面提到和佛山哪两个区一起办活动？", "华光祖师诞"},
		// 的时候 frames the time too.
		{"我在荔湾开店，去办事的时候政务服务中心有没有专门给港澳人的窗口？", "港澳服务专窗"},
		// 第几届 asks which session, which the sentence names.
		{"这份报告是在第几届人大第几次会议上出来的？", "十七届人大五次会议"},
		// Cantonese 细细个 is 小小; the 街坊 it is for names nothing.
		{"有没有说起些细细个的运动场给街坊用？", "小小运动场"},
		{"我在上下九开糖水铺，听街坊讲会搞个什么美食节，是不是真的？", "永不落幕的美食节"},
		// 一条 and 之类的 name nothing; 绿化带 is the residents' 碧带.
		{"花地河那边是不是要搞一条绿化带之类的？", "花地河碧带"},
		// The clause taken in before a core that names too little is the
		// asker's life: its words the report never uses weigh less.
		{"我家就在白鹅潭附近，邻居讲江边要开好几个大商场，到底是哪几个？", "华润万象城"},
		// 以后 frames the time; the report never says it.
		{"花地河以后会有什么旅游项目？", "花地河全域游"},
		// The drugs and devices of Hong Kong used here are the report's
		// 港澳药械通; how they are used (直接拿来用) names nothing.
		{"听说荔湾要搞一个港澳的药和器械能直接拿来用的试点，叫啥名字？", "港澳药械通"},
		// 港澳人士的窗口 is the report's 港澳服务专窗.
		{"区政务服务中心有没有专门给港澳人士的窗口？", "港澳服务专窗"},
		// A street gone quiet asks for its revival (振兴), and 搞回来 only
		// says back to how it was.
		{"宝华路那边越来越冷清，政府有没有办法把上下九的人气搞回来？", "振兴上下九步行街"},
		// A generic word (计划) found only in residents' questions for a
		// sentence ("美麗荔灣係咩計劃?") is their frame, not evidence: the
		// provincial title is asked.
		{"荔湾湖今年有什么计划,是不是要评省级的河湖?", "荔湾湖省级幸福河湖"},
	}
	for _, c := range cases {
		a := ask(t, c.q)
		if a.Outcome != search.Answered || len(a.Sources) == 0 || !strings.Contains(a.Sources[0].Text, c.source) {
			t.Errorf("%q: want an answer citing %q:\n%s", c.q, c.source, describe(a))
			continue
		}
		if a.Figure != nil {
			t.Errorf("%q: fact question got figure %q", c.q, a.Figure.Text)
		}
		if !strings.HasPrefix(a.Text, "“"+a.Sources[0].Text+"”") {
			t.Errorf("%q: reply should open with the quoted sentence:\n%s", c.q, a.Text)
		}
	}
}

// ---- Traditional characters and Cantonese -------------------------------------

// simplifiedOnly are characters of the report's sentences that Hong Kong
// writes differently; a traditional reply must hold none of them.
const simplifiedOnly = "区总务设资产个级实现项发达动这计划标专营经济团业门开东汇农与为务"

func TestTraditionalQuestionsGetTraditionalReplies(t *testing.T) {
	cases := []struct {
		name     string
		q        string
		contains []string // in the reply
		absent   []string // not in the reply
		figure   string   // Figure.Text, in traditional
		source   string   // the first source, in the report's simplified text
	}{
		{"Cantonese childcare", "全區托位有幾多個？", []string{"托位", "6500", "總量"}, []string{"託位", "总量"}, "超6500個", "托位总量超6500个"},
		{"fixed assets", "固定資產投資目標是多少？", []string{"資產", "535", "億元"}, []string{"资产"}, "535億元", "固定资产投资完成535亿元|固定资产投资535亿元"},
		// OpenCC's Hong Kong standard writes 户, not the Taiwan 戶.
		{"water facilities", "要改造多少戶用水設施？", []string{"7500", "設施"}, []string{"设施"}, "7500户", "7500户用水设施改造"},
		{"Cantonese money", "城市更新投資幾多錢？", []string{"125", "城市更新"}, nil, "125億元", "城市更新完成投资125亿元"},
		// Taiwan's word for project (專案) is the report's 项目.
		{"Taiwan word", "今年新開工的產業載體專案有幾個？", []string{"23"}, nil, "23個", "新开工项目23个"},
		// "多大一塊": the piece is no thing of its own; the land reserve is.
		{"a piece of land", "石圍塘、塞壩口那邊之前都是舊倉庫,聽說要收儲土地,大概有多大一塊?", []string{"3公頃"}, nil, "3公頃", "石围塘、塞坝口连片3公顷土地收储"},
		// 社衛中心 is the residents' short name of the centres.
		{"short name", "有幾多間社衛中心要達到推薦標準?", []string{"14"}, nil, "14家", "14家社区卫生服务中心"},
		// 係…嚟㗎 frames what something is: 嚟 (come) is no word asked.
		{"係…嚟㗎", "塞壩口嗰邊連片收儲嘅土地係幾多公頃嚟㗎?", []string{"3公頃"}, nil, "3公頃", "石围塘、塞坝口连片3公顷土地收储"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := ask(t, c.q)
			if a.Outcome != search.Answered {
				t.Fatalf("%q: not answered:\n%s", c.q, describe(a))
			}
			if a.Lang != search.Traditional {
				t.Errorf("%q: Lang = %q, want %q", c.q, a.Lang, search.Traditional)
			}
			for _, w := range c.contains {
				if !strings.Contains(a.Text, w) {
					t.Errorf("%q: reply lacks %q:\n%s", c.q, w, a.Text)
				}
			}
			for _, w := range c.absent {
				if strings.Contains(a.Text, w) {
					t.Errorf("%q: reply holds %q:\n%s", c.q, w, a.Text)
				}
			}
			if i := strings.IndexAny(a.Text, simplifiedOnly); i >= 0 {
				r, _ := utf8.DecodeRuneInString(a.Text[i:])
				t.Errorf("%q: traditional reply holds simplified %q:\n%s", c.q, r, a.Text)
			}
			if a.Figure == nil || a.Figure.Text != c.figure {
				t.Errorf("%q: figure wrong, want %q:\n%s", c.q, c.figure, describe(a))
			}
			if len(a.Sources) == 0 || !containsOneOf(a.Sources[0].Text, c.source) {
				t.Fatalf("%q: first source is not the report's simplified sentence with %q:\n%s", c.q, c.source, describe(a))
			}
			// Sources are citations: the report's own text, untouched.
			for _, s := range a.Sources {
				if !strings.Contains(seeds.Report, s.Text) {
					t.Errorf("%q: source %s is not the report's text: %s", c.q, s.ID, s.Text)
				}
			}
		})
	}
}

func TestTraditionalRefusalStaysTraditional(t *testing.T) {
	a := ask(t, "今日恒生指數點樣？")
	if a.Outcome != search.Refused {
		t.Fatalf("want refused:\n%s", describe(a))
	}
	if a.Lang != search.Traditional {
		t.Errorf("Lang = %q, want %q", a.Lang, search.Traditional)
	}
	if i := strings.IndexAny(a.Text, simplifiedOnly); i >= 0 {
		t.Errorf("traditional refusal holds simplified characters: %s", a.Text)
	}
	for _, s := range a.Suggestions {
		if strings.ContainsAny(s, simplifiedOnly) {
			t.Errorf("suggestion %q is not in traditional", s)
		}
	}
}

// TestFigureMeasuresWhatIsAsked: a figure is stated only when it is the
// kind of number asked for. A target may be a share the report sets
// ("100%达标"), not only a growth rate; an amount is not its growth, while a
// rise is; and a work report sets targets, so a question about what was
// actually achieved gets the sentence, not its target as a result.
func TestFigureMeasuresWhatIsAsked(t *testing.T) {
	for _, tt := range []struct{ q, figure string }{
		{"养老机构服务安全达标的目标是多少", "100%"},
		{"What's the target for care homes meeting the basic service safety standard?", "100%"},
		{"养老机构有多少", ""},
		{"How much tax revenue does Liwan collect?", ""},
		{"By how much will the district's budget revenue go up?", "3%"},
		{"今年固定资产投资实际完成了多少？", ""},
		{"How much did Liwan's GDP actually grow this year?", ""},
		{"固定资产投资完成多少？", "535亿元"},
		{"How many key projects are they actually pushing this year?", "198个"},
		// A percent asked outright beats the money it is of.
		{"how much % more money does the district expect to collect in its own budget this year?", "3%"},
		// 多少个亿 asks an amount in 亿, not a count.
		{"今年城市更新计划完成投资多少个亿？", "125亿元"},
		// Cantonese 幾長 asks a length, which a count of roads is not.
		{"條隧道有幾長？", ""},
		{"条隧道有几长？", ""},
		// A share (占比, 比重) is a percent, which a count is not.
		{"普惠托位占比多少?", ""},
		{"普惠托位占的比重是多少?", ""},
	} {
		a := ask(t, tt.q)
		got := ""
		if a.Figure != nil {
			got = a.Figure.Text
		}
		if got != tt.figure {
			t.Errorf("%q: figure %q, want %q\n%s", tt.q, got, tt.figure, a.Text)
		}
	}
}

// ---- English -----------------------------------------------------------------

func TestEnglishQuestions(t *testing.T) {
	cases := []struct {
		q        string
		contains []string
		source   string
	}{
		{"How many childcare places are planned in Liwan?", []string{"6,500", "超6500个"}, "托位总量超6500个"},
		{"What is the target for urban renewal investment?", []string{"12.5 billion"}, "城市更新完成投资125亿元"},
		{"How many square metres of green space?", []string{"90,000 square metres"}, "新增9万平方米绿地"},
		// An area said of what takes it up ("covered by", "involved") is
		// the area of that thing.
		{"how much floor area is covered by the new industrial-space projects starting construction in 2025?", []string{"2,510,500 square metres (251.05万平方米)"}, "新开工项目23个、面积251.05万平方米"},
		{"for the old property makeovers finishing this year, how much floor area is involved?", []string{"41,100 square metres (4.11万平方米)"}, "老旧物业改造项目5个、面积4.11万平方米"},
		// "sq metres" is square metres: an area, never the count beside it.
		{"How many sq metres of old buildings get completed this year?", []string{"41,100 square metres (4.11万平方米)"}, "老旧物业改造项目5个、面积4.11万平方米"},
		// Premises finished this year are the completed ones (建成), in
		// residents' words for the sentence, not the new starts.
		{"how many old buildings get refurbished and finished this year?", []string{"5 (5个)"}, "老旧物业改造项目5个、面积4.11万平方米"},
		// An area measures the theme its sentence opens with (如意坊放射线
		// 项目征拆), and the question's own words say which area.
		{"Ruyifang radial road, land to requisition how many sq m?", []string{"231,000 square metres (23.1万平方米)"}, "完成征借地23.1万平方米"},
		{"Ruyifang radial road, demolition how many sq m?", []string{"62,000 square metres (6.2万平方米)"}, "房屋拆迁6.2万平方米"},
		// "is that the right number?" checks what was heard, and where the
		// teller lives ("my aunt in Fangcun") is no part of what is asked.
		{"Parent here, we're moving to Fangcun in spring and worried about getting our son into a decent public school. I heard Liwan is adding about 6000 good public school places this year - is that the right number?", []string{"5,040 (5040个)"}, "5040个"},
		{"My aunt in Fangcun says budget revenue will go up 10% this year. Is that right?", []string{"3% (3%)"}, "区级一般公共预算收入增长3%"},
		// Checking what was heard ("is that correct?") names nothing the
		// rendering must hold.
		{"a friend told me liwan has 180 key projects this year, is that correct?", []string{"198 (198个)"}, "198个重点项目"},
		// A figure the asker states in a phrase before the question ("With
		// …, what…") sets the scene: the question after it decides.
		{"With fixed-asset investment targeted at 53.5 billion yuan, what GDP growth is Liwan aiming for in 2025?", []string{"about 5%"}, "地区生产总值增长5%左右"},
		// A part that names no noun (其中完工9个) counts its whole's plots,
		// and a question naming its own word (finished) asks it, not the
		// plots that start.
		{"how many urban renewal plots will be finished in 2025", []string{"9 (9个)"}, "其中完工9个"},
		// A sightseeing route along a river is its tour (花地河全域游), not
		// the heritage routes of another sentence.
		{"is there a new sightseeing route along the Huadi River?", []string{"Whole Huadi River Tour"}, "花地河全域游"},
		// The Chinese of a term, in brackets and in either script, helps an English question.
		{"What's the investment target for urban renewal (城市更新) in Liwan this year?", []string{"12.5 billion"}, "城市更新完成投资125亿元"},
		{"How many childcare places (託位) are planned?", []string{"6,500"}, "托位总量超6500个"},
		// A count that names only its noun counts what the message asked before.
		{"Are they adding nurseries for toddlers? How many places overall?", []string{"6,500"}, "托位总量超6500个"},
		// "How big" asks a size, not the count beside it.
		{"the fancy shopping premises starting construction, how big are they?", []string{"691,200 square metres"}, "高端商业载体项目5个、面积69.12万平方米"},
		// A question that opens with a possessive (their, its) asks of
		// what the sentence before named.
		{"The report mentions finishing expropriation of 9 land plots. What is their total area?", []string{"476,000 square metres (47.6万平方米)"}, "完成9个地块共47.6万平方米征收工作"},
		// Two kinds joined by a slash are both asked: the total, not the
		// first kind's part; one kind's two names are one kind.
		{"What's the total area of the industrial/commercial projects starting construction in 2025?", []string{"2,510,500 square metres (251.05万平方米)"}, "新开工项目23个、面积251.05万平方米"},
		{"how many childcare/nursery places?", []string{"more than 6,500 (超6500个)"}, "托位总量超6500个"},
		// A number heard, then checked ("true?", "is that right?"), asks
		// for the report's.
		{"heard liwan adding 10,000 public school places in 2025? true?", []string{"5,040 (5040个)"}, "新增优质公办基础教育学位5040个"},
		{"Someone told me the district's own budget revenue goes up 8% this year. Is that right?", []string{"3% (3%)"}, "区级一般公共预算收入增长3%"},
		// The usual English for 村镇工业集聚区 (village industrial estate).
		{"how many village industrial estates start being rebuilt this year?", []string{"3 (3个)"}, "村镇工业集聚区3个"},
		{"How many people (person-times) will get job skills training in Liwan this year, minimum?", []string{"10,000 person-times (不少于1万人次)"}, "开展技能培训不少于1万人次"},
		// A later question that names only a measure measures what the
		// message named before it.
		{"New high-spec factory buildings starting construction this year — how many projects and how much floor space?", []string{"1,303,800 square metres (130.38万平方米)"}, "高标准工业厂房项目11个、面积130.38万平方米"},
		// A measure named first asks its figure, with no "how much".
		{"Floor area of the high-spec factory buildings that start construction this year?", []string{"1,303,800 square metres (130.38万平方米)"}, "高标准工业厂房项目11个、面积130.38万平方米"},
		// "how many" counts, though growing reads as a rate.
		{"how many food hubs are they planning to grow?", []string{": 4 (四大)"}, "构建四大美食集聚区"},
		// "9 of them" counts the plots before it; a phrase put before the
		// question names what its "how many" counts.
		{"Of the ongoing redevelopment plots, how many actually get completed", []string{"9 (9个)"}, "其中完工9个"},
		{"Among the plots carried on, how many will be finished?", []string{"9 (9个)"}, "其中完工9个"},
		// Texting short forms: hw, r.
		{"hw many key projects r they gonna speed up this year", []string{"198 (198个)"}, "加快实施198个重点项目建设"},
		{"free cultural shows for residents - how mny this year?", []string{"1,000 (1000场)"}, "开展1000场文化惠民演出"},
		// English names a measure before what it measures: the area is the
		// old-property projects' that start, not the whole's 建设面积 ...
		{"How much floor area of old-property conversion projects starts this year?", []string{"78,600 square metres (7.86万平方米)"}, "老旧物业改造项目3个、面积7.86万平方米"},
		// ... unless the question asks the whole's total.
		{"What's the total floor area of the industrial buildings they want to finish this year?", []string{"1,014,500 square metres (101.45万平方米)"}, "建设面积101.45万平方米"},
		// What follows "how many" is what is counted, not the hospital before it.
		{"TCM hospital: how many key clinical specialties will it build?", []string{"3 to 5", "3-5个"}, "打造3-5个中医临床重点、特色专科"},
		// "minutes" after a repeated cue still asks for minutes.
		{"what is the job service circle? how many minutes?", []string{"15"}, "15分钟就业服务圈"},
		// A runner-up whose figure lacks the asked modifier is no tie.
		{"How many key projects will the district carry out?", []string{"198 (198个)"}, "加快实施198个重点项目建设"},
		// "generally" is chatter, not the report's "general public budget".
		{"how are schools improving generally? do school groups share teachers?", nil, "深化集团化办学改革"},
		// "trained" is not a train: skills training counts people trained.
		{"skills training: how many people get trained?", []string{"10,000"}, "开展技能培训不少于1万人次"},
		// Hainan is also one of Liwan's villages, which the report names.
		{"How many areas like Hainan village finish their environment cleanup?", []string{"9"}, "完成海南等9个片区建设"},
		// "how much land" is answered by the amount the rendering says is
		// "of land", not by the demolished buildings' beside it.
		{"for the Ruyifang road project how much land do they need to take?", []string{"231,000 square metres (23.1万平方米)"}, "完成征借地23.1万平方米"},
		// "back", "life", "bring" are words of the report's English, not
		// words it lacks: they weigh as such.
		{"What are they doing to bring Shangxiajiu pedestrian street back to life?", nil, "上下九"},
		// "investment" asks for yuan and names 投资 too.
		{"total investment target Liwan 2025", []string{"53.5 billion"}, "固定资产投资"},
		// Fittings are no fitness: the water facilities' households.
		{"Our block has old water pipes. How many households get their water supply fittings replaced?", []string{"7,500"}, "完成7500户用水设施改造"},
		// An area measures the theme its sentence opens with (盘活土地资源);
		// the figure line, not only the rendering, states it.
		{"How much land is the district planning to expropriate this year, in square meters?", []string{"476,000 square metres (47.6万平方米)"}, "完成9个地块共47.6万平方米征收工作"},
		// Two sentences with an area of land taken: the figure whose own
		// words name the expropriation answers.
		{"how many square metres of land get expropriated this year", []string{"476,000 square metres (47.6万平方米)"}, "完成9个地块共47.6万平方米征收工作"},
		// "How fast" asks a rate; the government hopes, the economy grows.
		{"Roughly how fast is the district government hoping the local economy grows?", []string{"about 5% (5%左右)"}, "地区生产总值增长5%左右"},
		// A partitive names whose projects are counted.
		{"How many of the city's 'all-out push' projects are in Liwan?", []string{"61 (61个)"}, "61个市“攻城拔寨”项目"},
		// The question's modifier (high-standard) stands among the
		// figure's, though not all of them are asked (plant): a part, not
		// the 23 new projects it is a part of.
		{"For the new industrial spaces starting construction this year, how many high-standard factory projects are there?", []string{"11 (11个)"}, "高标准工业厂房项目11个"},
		// Pinyin whose syllables the glossary spells in other names (da shen
		// lin, chang xiang hui) is still read as the report's 免申即享.
		{"mian shen ji xiang policies — what's liwan doing with them?", nil, "免申即享"},
		// The glossary reads "completing" as 竣工, which neither sentence of
		// office space holds; the finished one's English says "complete".
		{"office space projects completing this yr, how many sq m", []string{"478,600 square metres (47.86万平方米)"}, "商务办公空间项目5个、面积47.86万平方米"},
		// A question that points back ("for it") asks about the topic set
		// before it: the Ruyifang road's land, not the land reserve's.
		{"Ruyifang radial road: how much land to acquire for it?", []string{"231,000 square metres (23.1万平方米)"}, "完成征借地23.1万平方米"},
		// The asker's Chinese, or pinyin the speller mends into a glossary
		// entry's, backs the figure though the English side cannot see it.
		{"How many 攻城拔寨 projects are in Liwan?", []string{"61 (61个)"}, "61个市“攻城拔寨”项目"},
		{"How many gongcheng baizhai projects are in Liwan?", []string{"61 (61个)"}, "61个市“攻城拔寨”项目"},
		// ... and the modifier a resident gives (major, for the report's
		// key) says more than a verb that happens to be in a name (push).
		{"How many major projects does Liwan have lined up to push forward this year?", []string{"198 (198个)"}, "加快实施198个重点项目建设"},
		// A vague noun (spots) counts what the question's other words name:
		// the 8 key node areas such as Shangxiajiu Plaza, not the 25 roads.
		{"Someone told me they're fixing up rooftops as a 'fifth facade' around Shangxiajiu Plaza. How many spots get that?", []string{"8 (8个)"}, "上下九广场等8个重要节点片区"},
		// ... or what leads to a count in the rendering does: the façades
		// (folded to facade) repaired in the 8 key node areas.
		{"how many spots get the 'fifth facade' rooftop tidy-up?", []string{"8 (8个)"}, "上下九广场等8个重要节点片区"},
		{"how many places get the rooftop work?", []string{"8 (8个)"}, "上下九广场等8个重要节点片区"},
		// Chat frames (says, i guess) name nothing the rendering must cover.
		{"my neighbour says Shangxiajiu Plaza gets one, i guess — how many spots get the fifth facade rooftop tidy-up?", []string{"8 (8个)"}, "上下九广场等8个重要节点片区"},
		// A vague noun's modifier names the count: the 5 new plots of the
		// programme (城市更新), not the 老旧物业改造 projects that start.
		{"For the redevelopment programme, how many new sites are supposed to start construction?", []string{"5 (5个)"}, "新开工5个地块"},
		// A whole named before "how many" is what a part is counted of:
		// the 9 plots finished of the 21 carried on, not the 21.
		{"Among the village redevelopment plots still under construction, how many should be finished in 2025?", []string{"9 (9个)"}, "其中完工9个"},
		// A plural before a plural modifies it: "5 high-end commercial
		// premises projects" count projects, not the 23 new ones.
		{"How many high-end commercial projects start construction this year?", []string{"5 (5个)"}, "高端商业载体项目5个"},
		// A unit asked for ("in sqm") asks the amount, and "what's the
		// area" is a size, not the 片区 of a place.
		{"For high-end commercial projects that start this year, what's the planned floor area in sqm?", []string{"691,200 square metres"}, "高端商业载体项目5个、面积69.12万平方米"},
		// A size asked after a count is asked of what was counted.
		{"how many old-property renovation projects start this year, and how big are they?", []string{"3 (3个)", "78,600 square metres"}, "老旧物业改造项目3个"},
		// A size asked after a question that counts nothing asks it of
		// what that question names: the finished high-end premises' area.
		{"high-end commercial carriers to be completed this year — i think just 2 projects? total area?", []string{"140,000 square metres (14万平方米)"}, "高端商业载体项目2个、面积14万平方米"},
		// A stage (finishing, 完工) named before a thing is not what is
		// measured: the finished factory buildings' area.
		{"of those ones finishing this yr, the high-standard factory buildings — how many sqm? I remember 35 wan but want to check", []string{"354,800 square metres (35.48万平方米)"}, "高标准工业厂房项目4个、面积35.48万平方米"},
		// The part named after a fronted whole (the new starts) is what is
		// measured, not the whole's total (251.05万平方米).
		{"among the newly started ones, the high-standard industrial plant projects, how much floor area is that?", []string{"1,303,800 square metres (130.38万平方米)"}, "高标准工业厂房项目11个、面积130.38万平方米"},
		// ... nor one that opens the phrase after "how many": the new ones
		// that start are the 3 village-town clusters, and the 1 rebuilt
		// property after them is led to by nothing of the question's.
		{"village-level industrial clusters: how many new ones start upgrading works?", []string{"3 (3个)"}, "村镇工业集聚区3个"},
		// ... but a stage asked with no name after it is the head.
		{"for the urban renewal plots, how many newly start construction and how many continue building from before?", []string{"5 (5个)"}, "新开工5个地块"},
		// The first term may say how (close to home, 家门口); the question's
		// last names the thing: the job services' 15 minutes.
		{"how close to home do they want job services to be - within how many minutes?", []string{"15 minutes (15分钟)"}, "15分钟就业服务圈"},
		// Next year is the child's, last year the family's: the clause that
		// asks decides the scope.
		{"my kid starts primary school next yr, how many new public school places are they adding? like 5000?", []string{"5,040 (5040个)"}, "基础教育学位5040个"},
		{"we moved here last year, how many daycare places does liwan have?", []string{"more than 6,500 (超6500个)"}, "托位总量超6500个"},
		// A measure asked "of" a thing is the thing's: the finished factory
		// buildings' area, not the 16 premises' 101.45万平方米.
		{"I run a small workshop and need space. How much floor area of new high-spec factory buildings is due to be completed this year?", []string{"354,800 square metres (35.48万平方米)"}, "高标准工业厂房项目4个、面积35.48万平方米"},
		// Finished office space is the 建成 sentence's, not that of the
		// office space started this year, which the glossary's Chinese
		// names as well.
		{"office space finished in 2025, how many sq m?", []string{"478,600 square metres (47.86万平方米)"}, "商务办公空间项目5个、面积47.86万平方米"},
		// Parts listed between dashes or in brackets are examples of what
		// the question counts, not one part asked alone; the dash that
		// closes the aside starts no question, nor does "etc." end one.
		{"How many new premises — plants, offices, shopping space — will be completed in 2025?", []string{"16 (16个)"}, "全年力争建成16个产业载体"},
		{"How many business premises (plants, offices etc.) will be completed this year?", []string{"16 (16个)"}, "全年力争建成16个产业载体"},
		// A number that ends the question is the asker's guess, to be
		// checked: the figure is asked, whatever particle (lah) or
		// Cantonese scale word (yi, 亿) follows it.
		{"new public school places this year, 5000 lah?", []string{"5,040 (5040个)"}, "5040个"},
		{"investment in urban renewal this year, 200 yi?", []string{"12.5 billion yuan (125亿元)"}, "125亿元"},
		{"the food cluster plan runs over how many years?", []string{"3 years (三年)"}, "三年培育路径"},
		// Three kinds joined by slashes are counted together: the whole's
		// area, not the first kind's (130.38万平方米 of factory buildings).
		{"total area of factory/office/retail projects that break ground in 2025?", []string{"2,510,500 square metres (251.05万平方米)"}, "新开工项目23个、面积251.05万平方米"},
		{"industrial/office/commercial projects starting construction this year, total floor area?", []string{"2,510,500 square metres (251.05万平方米)"}, "新开工项目23个、面积251.05万平方米"},
		{"are they adding 20 hectares of green space, right?", []string{"90,000 square metres (9万平方米)"}, "新增9万平方米绿地"},
		{"Is it more than 5,000 people getting skills training this year?", []string{"at least 10,000 person-times (不少于1万人次)"}, "不少于1万人次"},
		// A question that names only its unit ("…: how many square
		// metres?") measures what its context names, and is labelled with
		// the context's words, not the unit's.
		{"old-property renovation projects starting this year: how many square metres?", []string{"Old property renovation: 78,600 square metres (7.86万平方米)"}, "老旧物业改造项目3个、面积7.86万平方米"},
		// What goes into the land reserve is no money when the question
		// counts: the parcels sold are asked.
		{"Besides the land going into the reserve, how many land parcels will be sold this year, not counting the urban renewal ones?", []string{"9 (9宗)"}, "组织出让9宗地块"},
		// A one-word entry whose stem is a stopword's ("meeting", as "meet
		// the target" stems) stands for the word as written.
		{"At which meeting was this report delivered?", []string{"People's Congress"}, "十七届人大五次会议"},
		// "area pls" asks a size; the area is no place (片区) here.
		{"business office space finished this year, area pls?", []string{"478,600 square metres (47.86万平方米)"}, "商务办公空间项目5个、面积47.86万平方米"},
		// What is set apart may be listed beside what is asked: the
		// sentence of both still answers, with the asked one's figure.
		{"not counting the provincial main platform, how many themed industrial parks?", []string{"2 (2个)"}, "2个主题产业园区"},
		// "title" and "status" ask what a thing is named, as "kind" asks
		// what it is: words no rendering need hold.
		{"Liwan Lake: any new title or status for it this year?", []string{"Liwan Lake"}, "荔湾湖"},
		// A sentence dated by the one before it (当天, the same day) gives
		// way to that one when the date is asked.
		{"when did the district's 2025 work report come out?", []string{"17 April (4月17日)"}, "十七届人大五次会议"},
		// Minutes guessed (in a clause after a dash) check a reach in
		// minutes: only such a question asks the 15分钟 of a service circle.
		{"the employment service circle - is it 10 mins from home?", []string{"15 minutes (15分钟)"}, "15分钟就业服务圈"},
		// A guess in a sentence of its own after the question checks its
		// figure.
		{"My daughter turns two soon. Is the district adding childcare places? Around 6000 right?", []string{"more than 6,500 (超6500个)"}, "超6500个"},
		// A cue that ends the question asks, though a glossary entry
		// (托位总量) ends in it too.
		{"childcare places total in Liwan?", []string{"more than 6,500 (超6500个)"}, "超6500个"},
		// "what's the floor area of" asks a size, as "what's the area" does.
		{"whats the floor area of the high end shoping projects that start construction in 2025", []string{"691,200 square metres (69.12万平方米)"}, "高端商业载体项目5个、面积69.12万平方米"},
		// "how much space is for X" measures X, not 空间 (business office
		// space); two names of one kind (shopping, retail) are no list of
		// kinds to total.
		{"Among the construction starting this year, how much space is for upscale shopping and retail buildings?", []string{"691,200 square metres (69.12万平方米)"}, "高端商业载体项目5个、面积69.12万平方米"},
		// "Not the number of projects" names the sentence's other figure,
		// so the sentence is not set apart.
		{"how many historical and cultural blocks get renovated this year? I mean not the number of projects, the blocks themselves", []string{"6 (6片)"}, "耀华大街等5个项目6片历史文化街区改造"},
		// "but not the size" says what the asker does not know, and sets
		// no sentence apart.
		{"how much floor area of old-property renovation projects will be finished this year? heard 5 projects but not the size", []string{"41,100 square metres (4.11万平方米)"}, "老旧物业改造项目5个、面积4.11万平方米"},
		// "business office" is the rendering's own name for 商务办公空间, not
		// a business (企业) and an office.
		{"how many business office projects are finished this year?", []string{"Business office projects: 5 (5个)"}, "商务办公空间项目5个"},
		// New projects that start are projects counted: not the 5 plots of
		// urban renewal that start, in a sentence that also builds 已批项目.
		{"How many new projects start construction this year?", []string{"23 (23个)"}, "新开工项目23个"},
		// A count whose noun the asker's words do not give is labelled in
		// the rendering's words, not "Figure".
		{"how many new industrial and office buildings will be finished this year?", []string{"Industrial premises: 16 (16个)"}, "建成16个产业载体"},
		{"how much floor area is for factories among this year's new starts?", []string{"1,303,800 square metres (130.38万平方米)"}, "高标准工业厂房项目11个、面积130.38万平方米"},
		// A short item after 、 shares the count before it: key and
		// distinctive clinical specialties (重点、特色专科).
		{"How many key or speciality Chinese medicine departments will the district TCM hospital build up?", []string{"3 to 5 (3-5个)"}, "打造3-5个中医临床重点、特色专科"},
		// A whole put first and a part named after "how many are": the
		// 61 city projects the asker names in pinyin, not the 198.
		{"Of all the key projects, how many are the city's 'gongcheng bazhai' projects that must stay on schedule?", []string{"61 (61个)"}, "61个市“攻城拔寨”项目"},
		// "For X, how many Y" names Y's kind: the old-property projects.
		{"For revamping old buildings/properties, how many projects start this year and what area?", []string{"3 (3个)", "78,600 square metres"}, "老旧物业改造项目3个"},
		// "incl." ends no sentence.
		{"How many roads incl. the Baietan Avenue tunnel section will open to traffic this year?", []string{"35 (35条)"}, "35条、12.4公里道路建成通车"},
		// "… question:" labels the ask; it is no topic of it.
		{"Real estate question: how many land projects go into the land reserve this year?", []string{"23 (23个)"}, "23个土地项目收储"},
		{"For the urban renewal plots still under construction, how many will be completed this year?", []string{"9 (9个)"}, "其中完工9个"},
		// A total's measure (建设面积) is read first, and the head's own
		// reading after it: the new starts' total is only 面积.
		{"total floor area of industrial carrier projects that start construction this year?", []string{"2,510,500 square metres (251.05万平方米)"}, "新开工项目23个、面积251.05万平方米"},
		// Either name a slash offers may be the report's (plots, projects),
		// and a name the context gives (Kuipeng South) points at its item.
		{"how many land plots/projects are going into the land reserve? someone said Kuipeng South is one", []string{"23 (23个)"}, "23个土地项目收储"},
		// An aside in brackets leaves the phrase's noun its own, and a noun
		// phrase longer than what a figure's counted words keep (文化惠民演出)
		// still fits them.
		{"how many free (public benefit) cultural shows are they putting on this year?", []string{"1,000 (1000场)"}, "开展1000场文化惠民演出"},
		// An English noun phrase ends in its noun: urban renewal's plots.
		{"how many urban renewal plots are continuing construction?", []string{"21 (21个)"}, "续建21个地块"},
		// ... which a stage verb after it (start construction, 新开工) does
		// not take the place of.
		{"how many urban renewal plots start construction this year?", []string{"5 (5个)"}, "新开工5个地块"},
		// "but" before a question word still asks; the sentence before,
		// which asks nothing, is context.
		{"ok the gdp target i got already. but what percent will urban residents income grow this year", nil, "城市居民收入增长"},
		// A pronoun points back at the topic its own sentence sets ...
		{"Sorry for the dumb question, my Chinese is not so good. In the report the district level general public budget revenue, how much it suppose to grow this year?", []string{"3% (3%)"}, "区级一般公共预算收入增长3%"},
		// ... and a count that names its noun asks about it, whatever "it" is.
		{"saw a banner about it near the subway. how many key projects are they pushing this year was it like 200 or so", []string{"198 (198个)"}, "198个重点项目"},
		// A target for a kind of enterprise is the growth target of their
		// number, not the count of another kind beside it.
		{"do they have a target for high tech enterprises?", []string{"more than 5% (5%以上)"}, "高新技术企业、创新型企业认定数量增长5%以上"},
		// "what is the area of" asks a size too: area is no 片区 there.
		{"What is the area of the Shiweitang land reserve?", []string{"3 hectares (3公顷)"}, "石围塘、塞坝口连片3公顷土地收储"},
		{"what is the area of the land to be expropriated this year?", []string{"476,000 square metres (47.6万平方米)"}, "完成9个地块共47.6万平方米征收工作"},
		// "what area?" that ends a sentence asks a size, not where.
		{"old property renovation projects that newly start this year, what area?", []string{"78,600 square metres (7.86万平方米)"}, "老旧物业改造项目3个、面积7.86万平方米"},
		// The report's own term in brackets, typed or in pinyin, is what
		// is counted.
		{"how many village-town industrial clusters (cunzhen gongye jijuqu) r they starting this year", []string{"3 (3个)"}, "村镇工业集聚区3个"},
		// A whole put before "how many" needs no comma after a determiner.
		{"for those continued urban renewal plots how many are finished this year", []string{"9 (9个)"}, "其中完工9个"},
		// A personal paper named in the asker's story (HK ID) is no service
		// asked for: the counter for Hongkongers is.
		{"every time I go do paperwork they dunno how to handle my HK ID. Is there a special counter for Hongkongers at the Liwan govt service centre?", nil, "港澳服务专窗"},
		// "big-name companies" are the report's leading ones (龙头企业).
		{"which big-name companies are they leaning on to pull in investment?", nil, "依托广州工控、广药、唯品会、立白等龙头企业"},
		// A glossary phrase longer than its first words' entry wins:
		// "chinese chess competition" is the championship, not 象棋 and a
		// "competition" whose stem meets competitiveness.
		{"is there a chinese chess competition in liwan", nil, "全国象棋冠军赛"},
		{"does Liwan have that scheme where hospitals here can use drugs and devices approved in HK?", nil, "港澳药械通"},
		// The report "presented" is the report that came out (出炉), not a
		// show staged, which WordNet's present (stage) would read.
		{"when was the 2025 report actually presented? mid April? which date", []string{"17 April (4月17日)"}, "4月17日"},
		// A vague count reads what the message's other sentences name.
		{"We just moved to Liwan, daycare for our 1 yr old is a worry. How many places are planned across Liwan?", []string{"more than 6,500 (超6500个)"}, "托位总量超6500个"},
		// "percentage" asks a rate, as "percent" does.
		{"what growth are they expecting for the district's own budget revenue this year? percentage", []string{"3% (3%)"}, "一般公共预算收入"},
		// "lined up" plans; "count" is chatter; major is the report's key.
		{"How many major projects has Liwan lined up for 2025? just the overall count", []string{"198 (198个)"}, "加快实施198个重点项目建设"},
		// "etc." before a question word ends a sentence.
		{"our flat has rusty pipes etc. how many households are getting their water facilities redone this year?", []string{"7,500"}, "完成7500户用水设施改造"},
		// How many of a whole is answered by a count or by its share.
		{"Mental health rehab services (精康) — how many of the street communities will be covered?", []string{"100%"}, "精康服务100%全覆盖"},
		// Kinds listed in brackets ask for the whole they make up, and the
		// whole's own count stays licensed by its English.
		{"how many industry space projects (factories, offices, malls, old building reno) will break ground this year?", []string{"23 (23个)"}, "新开工项目23个"},
		{"how many city-improvement projects altogether (parks, rivers, streets, cityscape)?", []string{"129"}, "四大方面129个项目"},
		// A chat form the rendering writes out: demo centres are its
		// demonstration institutions.
		{"which neighbourhoods get the new daycare demo centres? we live near Chajiao", nil, "托育服务示范机构"},
		// The figure's modifier (childcare) is asked in the question's
		// Chinese (nurseries, 托育), and "whole" frames the district.
		{"how many spots for toddlers at nurseries in the whole district?", []string{"6,500"}, "托位总量超6500个"},
		// "this yr" is a time, not a pointer back at the sentence before.
		{"my dad in Macau keeps asking me lol - what growth is the Liwan govt aiming for in the local economy this yr? like GDP %", []string{"about 5%"}, "地区生产总值增长5%左右"},
		// A proper name of the rendering (Lingnan) weighs more than its
		// rarity alone says.
		{"Is there some multi-year plan for attracting Lingnan culture talent? What is it exactly?", nil, "岭南文化人才高地"},
		// Plots that start construction, not the "land reserve" plots
		// whose English shares the question's modifier (land).
		{"For urban renewal this year, how many land plots will start construction?", []string{"5 (5个)"}, "新开工5个地块"},
		// One kind named twice (shopping/commercial) is no union of kinds.
		{"how many upscale shopping/commercial buildings will be completed in 2025?", []string{"2 (2个)"}, "高端商业载体项目2个"},
		// A measure asked after a count is a part of its own.
		{"How many new factory + office buildings (产业载体) do they want finished this yr, and total floor area?", []string{"1,014,500 square metres"}, "建设面积101.45万平方米"},
		// The point of "e.g." ends no sentence; Rd is a road.
		{"How many main raods are getting a cleanup along the sides, e.g. Baoyuan Rd?", []string{"25 (25条)"}, "25条重要道路沿线整治"},
		// Modifiers joined by "and" in the rendering ("3 village and town
		// industrial clusters") still name what the number counts.
		{"How many village-level industrial clusters are planned to start work in Liwan this year?", []string{"3 (3个)"}, "村镇工业集聚区3个"},
		// The asker's Chinese is the Chinese side's to match, not characters
		// that dilute the English coverage of the sentence it names.
		{"If our old house gets demolished and they compensate with housing vouchers (房票), can we use them in other districts? eg Haizhu.", nil, "房票"},
		// ... and the district the asker would buy in is where they are
		// used, not whose plans are asked.
		{"He wants to buy in Panyu. Can those housing vouchers be used in other districts?", nil, "房票跨区使用"},
		// Pinyin whose first syllable is an English word (fang) is read
		// beside one that can only be pinyin (piao); "my flat" is the
		// asker's home, not the report's 公寓.
		{"if my flat gets demolished they give housing vouchers (fang piao) right. can i use them in another district or only inside liwan", nil, "房票跨区使用"},
		// The report's term in brackets is what is counted when "how many"
		// names nothing after it.
		{"old shops being done up (老旧物业) - how many to finish this year?", []string{"5 (5个)"}, "老旧物业改造项目5个"},
		// "name" and "mention" say what the report does, not what it is
		// about.
		{"the report names some old brands to revamp - which?", []string{"Tao Tao Ju"}, "陶陶居等老字号"},
		// Residents' words for 老字号: a famous old brand, an old restaurant brand.
		{"Does the plan say anything about the old famous brands?", []string{"Tao Tao Ju"}, "陶陶居等老字号"},
		{"I love the old restaurant brands. Any plans for them?", []string{"Tao Tao Ju"}, "陶陶居等老字号"},
		// Run-down, dilapidated: how residents say a building is old (老旧).
		{"how many dilapidated commercial buildings get renovated and finished this year?", []string{"5 (5个)"}, "老旧物业改造项目5个"},
		// A syllable the rendering spells in a name ("Ju" of Tao Tao Ju)
		// is pinyin beside syllables that can only be.
		{"how many 'little giant' (xiao ju ren) firms will be added?", []string{"1 to 2 (1-2家)"}, "小巨人"},
		// Alternatives joined by a spaced slash are one phrase, each of its
		// words spelt on its own.
		{"How many free / public-benefit cultural shows are there going to be this year?", []string{"1,000"}, "开展1000场文化惠民演出"},
		{"How much new greenary / park area are they adding? square metres", []string{"90,000 square metres"}, "新增9万平方米绿地"},
		// What is measured follows "how much is" too.
		{"of the buildings finishing this year, how much is proper high-spec factory space? sq m", []string{"354,800 square metres"}, "高标准工业厂房项目4个、面积35.48万平方米"},
		// Slashed modifiers are each read with the noun they share, and a
		// contraction ("they're") frames the question without naming anything.
		{"total childcare / nursery places (tuo wei) they're aiming for in Liwan?", []string{"6,500"}, "托位总量超6500个"},
		// A topic set off by a dash is what the share after it is of.
		{"nursing homes in liwan – what share are supposed to meet the basic safety rules?", []string{"100%"}, "养老机构服务安全基本规范100%达标"},
	}
	for _, c := range cases {
		a := ask(t, c.q)
		if a.Outcome != search.Answered {
			t.Errorf("%q: not answered:\n%s", c.q, describe(a))
			continue
		}
		if a.Lang != search.English {
			t.Errorf("%q: Lang = %q, want %q", c.q, a.Lang, search.English)
		}
		for _, w := range c.contains {
			if !strings.Contains(a.Text, w) {
				t.Errorf("%q: reply lacks %q:\n%s", c.q, w, a.Text)
			}
			// The quoted rendering holds the sentence's numbers whether or
			// not a figure is stated: a number looked for is the figure's.
			if strings.ContainsAny(w, "0123456789") && a.Figure == nil {
				t.Errorf("%q: states no figure, want %q:\n%s", c.q, w, a.Text)
			}
		}
		if len(a.Sources) == 0 || !strings.Contains(a.Sources[0].Text, c.source) {
			t.Errorf("%q: first source lacks %q:\n%s", c.q, c.source, describe(a))
			continue
		}
		if !strings.Contains(a.Text, a.Sources[0].Text) {
			t.Errorf("%q: reply does not quote the Chinese sentence:\n%s", c.q, a.Text)
		}
	}
}

// TestEnglishFigureNotStated: English questions whose figure the report
// does not hold get none, however much they share with a sentence.
func TestEnglishFigureNotStated(t *testing.T) {
	cases := []struct {
		q       string
		outcome search.Outcome // "" for any outcome
	}{
		{"How many childcare places will Hong Kong add?", search.OutOfScope},
		{"What's Guangzhou's GDP growth target?", search.OutOfScope},
		// A year in the asker's story is the asker's, unless what is asked
		// stands there too.
		{"my son wants to know last year's GDP growth, what was it?", search.OutOfScope},
		{"next year, how many new public school places are they adding?", search.OutOfScope},
		{"how much is the district's budget revenue in total, the amount?", ""},
		{"how do I renew my HKID card", search.Refused},
		// A count names its noun beside its counter: the sentence's opening
		// theme (医疗集团) is no licence to count doctors with centres.
		{"How many doctors work in Liwan's community health centres?", ""},
		// What a thing costs is money: not the road's 12.4 km.
		{"How much will the Bai'etan Avenue tunnel section cost to build?", ""},
		// A vague noun with nothing else that names one count.
		{"How many spots will be improved this year?", ""},
		// What is done with land is what is counted: the 9 plots
		// expropriated (征收) are not those going into the land bank (收储).
		{"How many plots are going into the land bank this year, like Kuipeng South?", ""},
		// Kinds joined by "and" are counted by no one kind: not the 4
		// factory projects (the 16 premises hold more than both kinds).
		{"How many factory and office buildings do they want finished this yr", ""},
		// Households are no count of compounds (29 old residential
		// compounds), as people are none of centres.
		{"How many households will benefit from the old neighbourhood renovations?", search.Answered},
		// A part of a whole the asker quotes is not the whole's number.
		{"How many of the 5040 new school places are primary school places?", search.Answered},
	}
	for _, c := range cases {
		a := ask(t, c.q)
		if a.Figure != nil {
			t.Errorf("%q: stated %q:\n%s", c.q, a.Figure.Text, describe(a))
		}
		if c.outcome != "" && a.Outcome != c.outcome {
			t.Errorf("%q: outcome %q, want %q:\n%s", c.q, a.Outcome, c.outcome, describe(a))
		}
	}
	// Ties with another place are still the report's.
	if a := ask(t, "What is Liwan doing with Hong Kong?"); a.Outcome != search.Answered {
		t.Errorf("Liwan's ties with Hong Kong: %q:\n%s", a.Outcome, describe(a))
	}
}

// TestEnglishScopeReplyNamesPlaceInEnglish: the Chinese scope check finds
// 佛山 or 天河; an English asker reads Foshan and Tianhe District.
func TestEnglishScopeReplyNamesPlaceInEnglish(t *testing.T) {
	for q, name := range map[string]string{"What is the GDP target of Foshan?": "Foshan", "What about Tianhe district GDP?": "Tianhe District",
		// A wage asks a figure, and the city's is no district's.
		"what's the minimum wage in Guangzhou now?": "Guangzhou"} {
		a := ask(t, q)
		if a.Outcome != search.OutOfScope || !strings.Contains(a.Text, name) || strings.ContainsFunc(a.Text, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
			t.Errorf("%q: want an English scope reply naming %s:\n%s", q, name, describe(a))
		}
	}
}

func TestEnglishOffTopicNotAnswered(t *testing.T) {
	for _, q := range []string{"Tell me a joke", "What's the weather like in Paris tomorrow?", "Who won the football match?", "Tell me a fun fact about pandas",
		// A booking is a service, though the restaurant is a name the report holds.
		"Can you book me a table at Tao Tao Ju for Sunday dim sum?",
		// A sentence asking for a personal service makes the office the
		// visa's, not the report's office space.
		"where can I extend my work visa in Guangzhou? is there an office in Liwan",
		// A follow-up of one word of content asks about the service too.
		"How can I renew my passport here? which office should I go to?",
		// ... and one that points back or asks little takes in the sentence
		// before it.
		"My passport expired. How do I renew it?", "I lost my passport. Where in Liwan?",
		// "renew" is the glossary's 焕新 (renewal): a sentence that meets
		// the question only there does not answer it.
		"How do I renew my work visa?",
		// The exit-entry office is where visas are seen to.
		"My work visa expires next month. How do I renew it and where's the exit-entry office?",
		// No forecast of prices, no advice to buy, no etiquette of tipping.
		"is now a good time to buy a flat in Liwan? will prices go up??",
		"do ppl tip waiters in Guangzhou restaurants? how much is normal"} {
		a := ask(t, q)
		if a.Outcome == search.Answered {
			t.Errorf("%q answered:\n%s", q, describe(a))
		}
		if a.Lang != search.English {
			t.Errorf("%q: Lang = %q, want en", q, a.Lang)
		}
	}
}

// ---- Refusals, greetings, scope ----------------------------------------------------

func TestOffTopicRefused(t *testing.T) {
	for _, q := range []string{"广州塔门票多少钱？", "怎么给手机充话费？", "今日恒生指數點樣？", "Tell me a joke", "", "   "} {
		a := ask(t, q)
		if a.Outcome != search.Refused {
			t.Errorf("%q: outcome %q, want refused:\n%s", q, a.Outcome, describe(a))
			continue
		}
		// Nothing here shares a weighty word with the report, so no topic
		// is near: the refusal offers none rather than the report's first.
		if n := len(a.Suggestions); n != 0 {
			t.Errorf("%q: %d suggestions, want none: %q", q, n, a.Suggestions)
		}
		if strings.ContainsFunc(a.Text, unicode.IsDigit) {
			t.Errorf("%q: refusal states a number: %s", q, a.Text)
		}
		if a.Figure != nil || len(a.Sources) != 0 {
			t.Errorf("%q: refusal carries a figure or sources:\n%s", q, describe(a))
		}
		for _, s := range a.Suggestions {
			if !strings.Contains(a.Text, s) {
				t.Errorf("%q: refusal text does not offer suggestion %q: %s", q, s, a.Text)
			}
		}
	}
}

func TestGreetings(t *testing.T) {
	for _, c := range []struct {
		q    string
		lang search.Lang
	}{
		{"你好", search.Simplified}, {"谢谢", search.Simplified}, {"hi", search.English},
		{"Hi!", search.English}, {"您好！", search.Simplified}, {"thank you", search.English},
		// Greetings one after another, with an emoji between.
		{"hi 👋 good morning", search.English}, {"Hello there!", search.English}, {"你好，早上好", search.Simplified},
	} {
		a := ask(t, c.q)
		if a.Outcome != search.Greeting {
			t.Errorf("%q: outcome %q, want greeting:\n%s", c.q, a.Outcome, describe(a))
			continue
		}
		if a.Lang != c.lang {
			t.Errorf("%q: Lang = %q, want %q", c.q, a.Lang, c.lang)
		}
		if a.Text == "" || a.Figure != nil || len(a.Sources) != 0 {
			t.Errorf("%q: greeting should be a bare help text:\n%s", c.q, describe(a))
		}
	}
}

func TestOutOfScope(t *testing.T) {
	for _, c := range []struct{ q, names string }{
		{"越秀区新增多少学位？", "越秀"},
		{"2030年托位目标是多少？", "2030"},
		{"明年GDP增长多少", "明年"},
		{"去年托位有多少", "去年"},
		{"How many school places will Yuexiu add?", "Yuexiu"},
		// A romanised place name is not a typo to correct.
		{"How many new school places will Panyu district add this year?", "Panyu"},
	} {
		a := ask(t, c.q)
		if a.Outcome != search.OutOfScope {
			t.Errorf("%q: outcome %q, want scope:\n%s", c.q, a.Outcome, describe(a))
			continue
		}
		if a.Figure != nil || len(a.Sources) != 0 {
			t.Errorf("%q: out-of-scope reply carries a figure or source:\n%s", c.q, describe(a))
		}
		if strings.Contains(a.Text, "6500") || strings.Contains(a.Text, "5040") {
			t.Errorf("%q: out-of-scope reply states Liwan's figure: %s", c.q, a.Text)
		}
	}
}

// TestQuantityIsNotAYear: a four-digit quantity starting 19 or 20 in a
// question ("超过2000个") is not a year.
func TestQuantityIsNotAYear(t *testing.T) {
	for _, q := range []string{"托位是不是超过2000个？", "新增就业有1950人吗"} {
		a := ask(t, q)
		if a.Outcome == search.OutOfScope {
			t.Errorf("%q is out of scope as if %q were a year: %s", q, "2000", a.Text)
		}
	}
}

// TestCantoneseOnlyQuestionGetsTraditionalReply: a question whose only
// traditional characters are in Cantonese words (幾多, 幾多個) is still a
// traditional question.
func TestCantoneseOnlyQuestionGetsTraditionalReply(t *testing.T) {
	for _, q := range []string{"托位幾多個", "托位有幾多？"} {
		a := ask(t, q)
		if a.Outcome != search.Answered {
			t.Errorf("%q: not answered:\n%s", q, describe(a))
			continue
		}
		if a.Lang != search.Traditional {
			t.Errorf("%q answered as %s: %q", q, a.Lang, clip(a.Text, 20))
		}
	}
}

// TestTraditionalGreetings: 謝謝 is as much a greeting as 谢谢.
func TestTraditionalGreetings(t *testing.T) {
	for _, q := range []string{"謝謝", "多謝", "你們好"} {
		if a := ask(t, q); a.Outcome != search.Greeting {
			t.Errorf("%q gets %s, not a greeting", q, a.Outcome)
		}
	}
}

func figureText(a search.Answer) string {
	if a.Figure == nil {
		return "none"
	}
	return a.Figure.Text
}

// labelledQuestion is a line of a question file with what the tests use.
type labelledQuestion struct {
	ID, Lang, Type, Q string
}

// langKnownWrong are labelled questions whose detected script is known to
// differ from the label, with why.
var langKnownWrong = map[string]string{}

// TestLangMatchesLabel: every question of the question files is answered in
// the language and script it is labelled with. Cantonese (yue) is answered
// in traditional script when it is typed in it; typed in simplified, as
// Guangzhou residents do ("今晚食咩好呀"), in simplified.
func TestLangMatchesLabel(t *testing.T) {
	hk2s, err := opencc.New("hk2s")
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{devSet, goldenFile} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			for _, q := range labelledQuestions(t, path) {
				want := search.Lang(q.Lang)
				if q.Lang == "yue" {
					want = search.Traditional
					if simp, err := hk2s.Convert(q.Q); err == nil && simp == q.Q {
						want = search.Simplified
					}
				}
				a := ask(t, q.Q)
				why, known := langKnownWrong[q.ID]
				switch {
				case a.Lang == want && known:
					t.Errorf("%s %q is now %s as labelled; remove it from langKnownWrong", q.ID, q.Q, a.Lang)
				case a.Lang != want && known:
					t.Logf("%s %q: %s (%s)", q.ID, q.Q, a.Lang, why)
				case a.Lang != want:
					t.Errorf("%s %q: Lang %s, labelled %s", q.ID, q.Q, a.Lang, q.Lang)
				}
			}
		})
	}
}

// ---- The grounding invariant ---------------------------------------------------------

// numberRE finds numbers the way a reader does: digit runs with thousands
// commas and a decimal part.
var numberRE = regexp.MustCompile(`[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?`)

var scaleWords = []struct {
	word  string
	scale float64
}{{"万", 1e4}, {"亿", 1e8}, {"billion", 1e9}, {"million", 1e6}}

// scaleAfter returns the multiplier written right after a number, if any.
func scaleAfter(rest string) float64 {
	rest = strings.TrimLeft(rest, " ")
	for _, s := range scaleWords {
		if strings.HasPrefix(rest, s.word) {
			return s.scale
		}
	}
	return 0
}

var hanDigit = map[rune]float64{'零': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
var hanPlace = map[rune]float64{'十': 10, '百': 100, '千': 1000}

// hanValue reads a run of Chinese numerals ("十五", "四", "一百二十"); runs
// that are not one number ("十四五", a plan's name) are not read.
func hanValue(run []rune) (float64, bool) {
	total, digit, have := 0.0, -1.0, false
	for _, r := range run {
		if p, ok := hanPlace[r]; ok {
			if digit < 0 {
				digit = 1
			}
			total += digit * p
			digit, have = -1, true
			continue
		}
		if digit >= 0 {
			return 0, false // two digits in a row
		}
		digit, have = hanDigit[r], true
	}
	if digit > 0 {
		total += digit
	}
	return total, have
}

// sourceNumbers lists every value a sentence states: its digit numbers, the
// same scaled by a following 万 or 亿, and its Chinese numerals other than
// the article 一 and ordinals.
func sourceNumbers(source string) []float64 {
	source = norm.NFKC.String(source)
	var have []float64
	for _, m := range numberRE.FindAllStringIndex(source, -1) {
		v, err := strconv.ParseFloat(strings.ReplaceAll(source[m[0]:m[1]], ",", ""), 64)
		if err != nil {
			continue
		}
		have = append(have, v)
		if s := scaleAfter(source[m[1]:]); s != 0 {
			have = append(have, v*s)
		}
	}
	rs := []rune(source)
	for i := 0; i < len(rs); {
		if _, d := hanDigit[rs[i]]; !d {
			if _, p := hanPlace[rs[i]]; !p {
				i++
				continue
			}
		}
		j := i
		for j < len(rs) {
			_, d := hanDigit[rs[j]]
			_, p := hanPlace[rs[j]]
			if !d && !p {
				break
			}
			j++
		}
		run := rs[i:j]
		ordinal := i > 0 && rs[i-1] == '第'
		if !ordinal && string(run) != "一" {
			if v, ok := hanValue(run); ok {
				have = append(have, v)
			}
		}
		i = j
	}
	return have
}

// ungrounded returns the numbers of a reply that its cited sentence does not
// state. A number with a scale word ("12.5 billion", "47.6万") must match by
// its scaled value; thousands commas are ignored. It is written apart from
// the engine's own check so that it can catch a bug in it.
func ungrounded(reply, source string) []string {
	reply = norm.NFKC.String(reply)
	have := sourceNumbers(source)
	var bad []string
	for _, m := range numberRE.FindAllStringIndex(reply, -1) {
		text := reply[m[0]:m[1]]
		v, err := strconv.ParseFloat(strings.ReplaceAll(text, ",", ""), 64)
		if err != nil {
			bad = append(bad, text)
			continue
		}
		if s := scaleAfter(reply[m[1]:]); s != 0 {
			v *= s
		}
		if !slices.ContainsFunc(have, func(h float64) bool { return math.Abs(h-v) <= 1e-9*math.Max(1, math.Abs(h)) }) {
			bad = append(bad, text)
		}
	}
	return bad
}

func TestUngroundedChecker(t *testing.T) {
	src := "力争城市更新完成投资125亿元,新开工5个地块、续建21个地块,完成园林、河道、街区、市容四大方面129个项目建设,新增9万平方米绿地,面积251.05万平方米,打造十五分钟产业生态圈,一批项目。"
	for _, c := range []struct {
		reply string
		bad   []string
	}{
		{"125亿元", nil},
		{"Urban renewal: 12.5 billion yuan (125亿元)", nil},
		{"90,000 square metres (9万平方米)", nil},
		{"2,510,500 square metres", nil},
		{"4 aspects, 15 minutes, 129 projects, 21 plots", nil},
		{"1 batch", []string{"1"}},          // 一批 is an article, not 1
		{"5 billion", []string{"5"}},        // 5 is there, 5 billion is not
		{"12.5", []string{"12.5"}},          // only with its scale
		{"6,500 places", []string{"6,500"}}, // not in this sentence
		{"１２９个", nil},                       // full-width digits are read
		{"2025年", []string{"2025"}},         // no year of its own
		{"125亿元 and 126", []string{"126"}},
	} {
		if got := ungrounded(c.reply, src); !slices.Equal(got, c.bad) {
			t.Errorf("ungrounded(%q) = %q, want %q", c.reply, got, c.bad)
		}
	}
}

// readQuestions reads every line of a JSON-lines question file.
func readQuestions(path string) ([]labelledQuestion, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var qs []labelledQuestion
	for n, line := range strings.Split(string(b), "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		var q struct {
			ID   string `json:"id"`
			Lang string `json:"lang"`
			Type string `json:"type"`
			Q    string `json:"q"`
		}
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, n+1, err)
		}
		qs = append(qs, labelledQuestion{q.ID, q.Lang, q.Type, q.Q})
	}
	return qs, nil
}

// labelledQuestions reads a question file, or skips the test if it is
// absent.
func labelledQuestions(t *testing.T, path string) []labelledQuestion {
	t.Helper()
	qs, err := readQuestions(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not present", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	return qs
}

// evalQuestions returns the question texts of a question file.
func evalQuestions(t *testing.T, path string) []string {
	t.Helper()
	var qs []string
	for _, q := range labelledQuestions(t, path) {
		qs = append(qs, q.Q)
	}
	return qs
}

const (
	devSet     = "../../shared/eval/dev.jsonl"
	goldenFile = "../golden/questions.jsonl"
)

// extraGroundingQuestions reach replies the question files may not: English
// figures with scales, ranges, Chinese numerals, labels from the question.
var extraGroundingQuestions = []string{
	"How many K-12 school places will be added?",
	"How many land projects in Flower Expo Park Phase 1 are to be acquired?",
	"What about the 100 million yuan of fixed asset investment?",
	"How many billion yuan of fixed asset investment?",
	"How many square metres will the new industrial carriers cover?",
	"How many specialised little giant enterprises will be added?",
	"How many TCM specialties will be built?",
	"How long is the 15-minute employment service circle?",
	"城市品质提升行动有几大方面？",
	"新开工产业载体面积一共多少平方米？",
	"中医临床重点专科打造几个？",
	"专精特新小巨人企业新增几家？",
	"2025年GDP增长多少",
	"PM2.5达标率是多少",
	"\"6+4\"城市性质是什么",
}

func TestRepliesStateOnlyTheirSourcesNumbers(t *testing.T) {
	var qs []string
	for _, path := range []string{devSet, goldenFile} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			got := evalQuestions(t, path)
			if len(got) == 0 {
				t.Fatalf("%s has no questions", path)
			}
			qs = append(qs, got...)
		})
	}
	qs = append(qs, extraGroundingQuestions...)
	answered := 0
	for _, q := range qs {
		a := ask(t, q)
		if !slices.Contains(validOutcomes, a.Outcome) {
			t.Errorf("%q: invalid outcome %q", q, a.Outcome)
		}
		if a.Outcome != search.Answered {
			continue
		}
		answered++
		if len(a.Sources) == 0 {
			t.Errorf("%q: answered with no source", q)
			continue
		}
		if len(a.Parts) > 0 {
			for i, p := range a.Parts {
				if len(p.Sources) > 0 {
					if bad := ungrounded(p.Text, citation(p.Sources[0])); len(bad) > 0 {
						t.Errorf("%q part %d: states %q, not in its cited sentence:\n%s", q, i, bad, describe(p))
					}
				}
			}
		} else if bad := ungrounded(a.Text, citation(a.Sources[0])); len(bad) > 0 {
			t.Errorf("%q: reply states %q, not in its cited sentence:\n%s", q, bad, describe(a))
		}
		if a.Figure != nil && !strings.Contains(a.Sources[0].Text, a.Figure.Value) {
			t.Errorf("%q: figure value %q is not in the cited sentence:\n%s", q, a.Figure.Value, describe(a))
		}
	}
	if answered < len(qs)/2 {
		t.Errorf("only %d of %d questions answered; the property checked little", answered, len(qs))
	}
	t.Logf("%d questions, %d answered and checked", len(qs), answered)
}

// ---- Robustness ----------------------------------------------------------------------

func edgeCases() map[string]string {
	return map[string]string{
		"empty":             "",
		"whitespace":        " \t\n\u3000 \r\n",
		"100KB 托位":          strings.Repeat("托位", 100*1024/len("托位")),
		"control chars":     "\x00\x01\x02托位\x1b[31m有多少\x7f\u200b\ufeff",
		"emoji":             "🏫👶托位有多少？😀🇭🇰",
		"only emoji":        "😀😀😀",
		"invalid UTF-8":     "托位\xff\xfe有多少\xc3\x28?\xe2\x82",
		"query syntax":      `+-:^()"*~[]{}\/ 托位 AND OR NOT text:托位 topic:* /.*/ "托位总量"~2 托位^100`,
		"query syntax 2":    `+-:^()"*~[]{}\/`,
		"10000 English":     strings.Repeat("how many childcare places ", 10000/26+1)[:10000],
		"RTL and combining": "\u202e托位\u0301有多少\u202c",
		"numbers only":      "6500",
		"long digits":       strings.Repeat("9", 5000),
		"year only":         "2025",
		"fullwidth all":     "ＨＯＷ　ＭＡＮＹ　ＣＨＩＬＤＣＡＲＥ　ＰＬＡＣＥＳ？",
	}
}

func TestRobustInputs(t *testing.T) {
	for name, q := range edgeCases() {
		t.Run(name, func(t *testing.T) {
			a := answerNoPanic(t, context.Background(), q)
			checkWellFormed(t, q, a)
			long := utf8.RuneCountInString(q) > 1000
			if long && !a.Truncated {
				t.Errorf("%d-rune question not marked truncated", utf8.RuneCountInString(q))
			}
			if utf8.RuneCountInString(q) < 100 && a.Truncated {
				t.Errorf("short question marked truncated")
			}
			if a.Question != q {
				t.Errorf("Question not kept as asked")
			}
		})
	}
}

func answerNoPanic(t *testing.T, ctx context.Context, q string) (a search.Answer) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("Answer(%q) panicked: %v", clip(q, 60), p)
		}
	}()
	return engine(t).Answer(ctx, q)
}

func clip(s string, n int) string {
	if rs := []rune(s); len(rs) > n {
		return string(rs[:n]) + "…"
	}
	return s
}

// checkWellFormed checks what holds of every answer: a known outcome and
// language, sources exactly when answered, grounded numbers, valid JSON.
func checkWellFormed(t *testing.T, q string, a search.Answer) {
	t.Helper()
	if !slices.Contains(validOutcomes, a.Outcome) {
		t.Errorf("%q: invalid outcome %q", clip(q, 40), a.Outcome)
	}
	if !slices.Contains(validLangs, a.Lang) {
		t.Errorf("%q: invalid lang %q", clip(q, 40), a.Lang)
	}
	if a.Text == "" {
		t.Errorf("%q: empty reply text", clip(q, 40))
	}
	if !utf8.ValidString(a.Text) {
		t.Errorf("%q: reply is not valid UTF-8", clip(q, 40))
	}
	if a.Answered() != (len(a.Sources) > 0) {
		t.Errorf("%q: answered=%v with %d sources", clip(q, 40), a.Answered(), len(a.Sources))
	}
	if a.Answered() {
		if bad := ungrounded(a.Text, citation(a.Sources[0])); len(bad) > 0 {
			t.Errorf("%q: ungrounded numbers %q:\n%s", clip(q, 40), bad, describe(a))
		}
	}
	if a.Coverage < 0 || a.Coverage > 1 || math.IsNaN(a.Coverage) {
		t.Errorf("%q: coverage %v", clip(q, 40), a.Coverage)
	}
	b, err := json.Marshal(a)
	if err != nil || !json.Valid(b) {
		t.Errorf("%q: marshal: %v", clip(q, 40), err)
	}
}

func TestCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, q := range []string{"全区托位有多少?", "How many childcare places are planned in Liwan?", "全區托位有幾多個？", "你好", "广州塔门票多少钱？"} {
		a := answerNoPanic(t, ctx, q)
		checkWellFormed(t, q, a)
	}
	// The engine still answers once a cancelled call has gone through.
	if a := ask(t, "全区托位有多少?"); a.Outcome != search.Answered {
		t.Errorf("after a cancelled call: %s", describe(a))
	}
}

// ---- Concurrency -----------------------------------------------------------------------

// fingerprint is what two answers to the same question must share.
func fingerprint(a search.Answer) string {
	var ids []string
	for _, s := range a.Sources {
		ids = append(ids, fmt.Sprintf("%s:%.3f", s.ID, s.Score))
	}
	fig := ""
	if a.Figure != nil {
		fig = a.Figure.Text
	}
	return fmt.Sprintf("%s|%s|%s|%.3f|%q|%q|%v|%s", a.Outcome, a.Lang, fig, a.Coverage, ids, a.Suggestions, a.Truncated, a.Text)
}

var concurrentQuestions = []string{
	"全区托位有多少?",
	"全區托位有幾多個？",
	"How many childcare places are planned in Liwan?",
	"广州塔门票多少钱？",
	"固定資產投資目標是多少？",
	"建成通车的道路有多少条？",
	"越秀区新增多少学位？",
	"What is the target for urban renewal investment?",
}

func TestConcurrentAnswersMatchSequential(t *testing.T) {
	const goroutines, rounds = 8, 50
	// A fresh engine, so that the goroutines race for its lazily loaded
	// traditional converter too.
	fresh, err := newEngine()
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	got := make([][]string, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := concurrentQuestions[g%len(concurrentQuestions)]
			for range rounds {
				got[g] = append(got[g], fingerprint(fresh.Answer(context.Background(), q)))
			}
		}()
	}
	wg.Wait()
	for g := range goroutines {
		q := concurrentQuestions[g%len(concurrentQuestions)]
		want := fingerprint(ask(t, q))
		for i, fp := range got[g] {
			if fp != want {
				t.Errorf("goroutine %d round %d, %q:\n got  %s\n want %s", g, i, q, fp, want)
				break
			}
		}
	}
}

// ---- JSON ------------------------------------------------------------------------------

func TestAnswerJSON(t *testing.T) {
	decode := func(t *testing.T, a search.Answer) map[string]json.RawMessage {
		t.Helper()
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("not a JSON object: %v\n%s", err, b)
		}
		for _, k := range []string{"question", "answered", "answer", "figure", "sources"} {
			if _, ok := m[k]; !ok {
				t.Errorf("key %q missing: %s", k, b)
			}
		}
		return m
	}

	t.Run("answered", func(t *testing.T) {
		a := ask(t, "全区托位有多少?")
		m := decode(t, a)
		var q, text string
		var answered bool
		json.Unmarshal(m["question"], &q)
		json.Unmarshal(m["answer"], &text)
		json.Unmarshal(m["answered"], &answered)
		if q != "全区托位有多少?" || text != a.Text || !answered {
			t.Errorf("question %q answered %v answer %q", q, answered, text)
		}
		var fig map[string]any
		if err := json.Unmarshal(m["figure"], &fig); err != nil || fig == nil {
			t.Fatalf("figure is not an object: %s", m["figure"])
		}
		for k, want := range map[string]string{"value": "6500", "unit": "个", "qualifier": "超", "text": "超6500个"} {
			if fig[k] != want {
				t.Errorf("figure.%s = %v, want %q", k, fig[k], want)
			}
		}
		var sources []map[string]any
		if err := json.Unmarshal(m["sources"], &sources); err != nil || len(sources) != len(a.Sources) {
			t.Fatalf("sources: %v %s", err, m["sources"])
		}
		for i, s := range sources {
			for _, k := range []string{"id", "text", "topic", "score"} {
				if _, ok := s[k]; !ok {
					t.Errorf("source %d lacks %q: %v", i, k, s)
				}
			}
			if s["id"] != a.Sources[i].ID || s["text"] != a.Sources[i].Text {
				t.Errorf("source %d = %v, want %s %s", i, s, a.Sources[i].ID, a.Sources[i].Text)
			}
			if _, ok := s["score"].(float64); !ok {
				t.Errorf("source %d score is not a number: %v", i, s["score"])
			}
		}
	})

	t.Run("fact has null figure", func(t *testing.T) {
		a := ask(t, "白鹅潭要建什么商圈？")
		if a.Outcome != search.Answered || a.Figure != nil {
			t.Fatalf("want a figureless answer:\n%s", describe(a))
		}
		m := decode(t, a)
		if string(m["figure"]) != "null" {
			t.Errorf("figure = %s, want null", m["figure"])
		}
	})

	for _, q := range []string{"广州塔门票多少钱？", "你好", "越秀区新增多少学位？", ""} {
		t.Run("not answered "+q, func(t *testing.T) {
			a := ask(t, q)
			m := decode(t, a)
			if string(m["figure"]) != "null" {
				t.Errorf("figure = %s, want null", m["figure"])
			}
			if string(m["sources"]) != "[]" {
				t.Errorf("sources = %s, want []", m["sources"])
			}
			if string(m["answered"]) != "false" {
				t.Errorf("answered = %s, want false", m["answered"])
			}
		})
	}

	t.Run("hand-built", func(t *testing.T) {
		a := search.Answer{Question: "q", Outcome: search.Refused, Text: "no"}
		m := decode(t, a)
		if string(m["sources"]) != "[]" || string(m["figure"]) != "null" {
			t.Errorf("zero answer: sources %s figure %s", m["sources"], m["figure"])
		}
	})
}

func TestNormalizedGroupsWordingsOfOneQuestion(t *testing.T) {
	e := engine(t)
	groups := [][]string{
		{"托位有多少？", "托位 有多少", "托位有多少?!", "  托位有多少  "},
		{"全區托位有幾多？", "全区托位有几多"},
		{"How many childcare places?", "how  many CHILDCARE places"},
	}
	for _, g := range groups {
		want := e.Answer(context.Background(), g[0]).Normalized
		if want == "" {
			t.Errorf("%q normalised to nothing", g[0])
		}
		for _, q := range g[1:] {
			if got := e.Answer(context.Background(), q).Normalized; got != want {
				t.Errorf("%q normalised to %q, want %q as for %q", q, got, want, g[0])
			}
		}
	}
}

// containsOneOf reports whether s holds one of the |-separated alternatives.
func containsOneOf(s, alternatives string) bool {
	for _, a := range strings.Split(alternatives, "|") {
		if strings.Contains(s, a) {
			return true
		}
	}
	return false
}

// citation is what a reply may quote numbers from: the cited sentence and
// its English rendering, whose numbers seeds' tests hold to the sentence's.
func citation(s search.Source) string { return s.Text + "\n" + s.TextEN }

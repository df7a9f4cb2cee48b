package search_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/liwanbot/liwanbot/search"
)

// The figures a resident's question must never get: the report counts
// none of these things, so any figure stated is another thing's.
func TestNoFigureForThingsTheReportDoesNotCount(t *testing.T) {
	for _, q := range []string{
		"全区车位有多少个？", "荔湾区人口有多少", "全区税收有多少", "全区医生有多少", "全区床位有多少",
		"全區有幾多間醫院？", "荔湾区有多少家三甲医院？", "荔灣有幾多個停車場呀", "How many parking spaces does Liwan have?",
		"How many doctors work in the district?", "托位一个月收费多少钱？", "托育每个月要交几多钱", "新学校几月开学？",
		"How much does daycare cost per month?", "养老机构有多少家？",
		// What the plan adds does not say what there is.
		"全区有多少家企业？", "荔灣有幾多間公司？", "How many companies are in Liwan?",
		// A total in 亿 is not the growth rate.
		"荔湾今年GDP总量是多少亿？",
		// A figure's English names what it counts, all of it: "2 themed
		// industrial parks" are not parks, 7,500 households' water
		// facilities are not gas.
		"How many parks does Liwan have?", "How many households will get gas?",
		// Restaurants are no food (美食): the four food clusters are not
		// counted restaurants.
		"How many restaurants are there in Liwan?",
		// People are counted in 人, 人次 or 名: 14家 centres are no number
		// of people, asked outright or checked against a guess.
		"How many people get free health checks this year?", "Are 3,000 people getting free health checks this year?",
		// A plan's span of years answers how long it runs, and nothing
		// else: not the talents' award, not how many talents.
		"How much cash award does a top talent get under the Lingnan culture talent action?", "岭南文化人才高地建设引进多少人才？",
		// How many there are is neither the growth of their number nor
		// the new ones: the 新 of 高新 plans nothing.
		"荔湾有多少高新技术企业?", "荔灣而家有幾多間高新技術企業?",
		// Liwan's figure is no answer for Foshan's, though the report
		// names Foshan.
		"What is Foshan's GDP target compared with Liwan?",
		// 全区 says where, not what: the centres' count is not the
		// hospitals' the context asks about.
		"社康中心听说要升级成省级社区医院，全区今年有几家要建成？",
		// The investment asked is 大坦沙's; 城市更新完成投资125亿元 is
		// the programme's, in another clause.
		"大坦沙那个项目总投资多少钱啊",
		// ... also when the phrase asked is the measure alone: 大坦沙 is
		// the sentence's example (大坦沙等已批项目), not what 125亿元 is of.
		"今年大坦沙那些项目总共投资多少亿?",
		// The investment asked is the key projects'; 535亿元 is the
		// district's fixed-asset target, under a heading of 重大项目.
		"What's the total investment of the 198 key projects combined?",
		// The question gives the figure's number as the whole it asks a
		// part of: the whole's figure is no answer for the part.
		"129个城市品质提升项目里，园林方面的有几个？",
		"6500个托为里面普惠托位有多少个？",
		// One listed road singled out (这条路): the 35 roads' 12.4 km are
		// no one road's length.
		"白鹅潭大道珠江隧道段这条路具体有多长啊？",
		// Each base's share (每个) is no total: 不少于1万人次 is all of them.
		"區級技能人才培訓基地每個每年要培訓多少人？",
		// The asker's own area (3公顷) is no cue: what it costs is asked.
		"石圍塘、塞壩口那3公頃土地收儲要花多少錢？",
		// One of the centres the sentence lists (茶滘) is asked about; the
		// district's total (全区托位总量超6500个) is no centre's.
		"茶滘那个托育中心有几多个托位?",
		"How many nursery places will the new Chajiao childcare centre have?",
		// What there is already is no year's target or addition: 超6500个
		// is what the plan strives for, 1-2家 what it adds.
		"全区现有多少个托位?", "荔湾目前有几家专精特新小巨人企业?", "How many childcare places does Liwan already have?",
	} {
		a := ask(t, q)
		if a.Figure != nil {
			t.Errorf("%q: states %s, a figure of something else:\n%s", q, a.Figure.Text, describe(a))
		}
	}
}

// A count of a thing the report never names is refused, saying what it
// has no number for, rather than quoting a sentence about something else.
func TestCountOfAnUnnamedThingIsRefused(t *testing.T) {
	for _, tt := range []struct{ q, thing string }{
		{"老樓加裝電梯今年有幾台?我住七樓沒電梯,爬得好累", "電梯"},
		{"老楼加装电梯今年有几台？", "电梯"},
		// 消费 is the report's word, but 消费券 (费券) never stands in it.
		{"荔湾今年会派几多消费券?", "消费券"},
		// How many there are of a thing no figure near counts: 医院 is the
		// report's word (省级社区医院), but no number counts hospitals.
		{"全区有多少家医院", "医院"},
	} {
		a := ask(t, tt.q)
		if a.Outcome != search.Refused || a.Figure != nil || !strings.Contains(a.Text, tt.thing) {
			t.Errorf("%q: outcome %s, figure %v; want a refusal naming %s:\n%s", tt.q, a.Outcome, a.Figure, tt.thing, describe(a))
		}
	}
	// So is an English one: "live in" asks how many there are.
	for _, q := range []string{"How many people live in Liwan right now? Just curious how crowded it is", "how many residents does liwan have"} {
		if a := ask(t, q); a.Outcome != search.Refused {
			t.Errorf("%q: outcome %s, want refused:\n%s", q, a.Outcome, describe(a))
		}
	}
	// A thing the report names is still answered, with or without its figure.
	if a := ask(t, "这次荔湾区人大会议是第几届第几次会议？"); a.Outcome != search.Answered {
		t.Errorf("the congress session is refused:\n%s", describe(a))
	}
}

// An English count question is answered in the rendering's words where the
// glossary has none: the number in the English is followed by the noun asked.
func TestEnglishCountNamedByTheRendering(t *testing.T) {
	for _, tt := range []struct{ q, figure string }{
		{"How many urban village areas get their environment cleanup finished, like Hainan village?", "9个"},
		{"How many urban village areas will finish their environmental improvement?", "9个"},
		// Of three counts of plots, the one whose words say what is asked.
		{"for urban renewal, how many plots will be acquired and then sold off this year?", "6个"},
		// A sentence that only asks how many asks it of the one before.
		{"Are they adding places in the government-run schools? How many roughly?", "5040个"},
		{"Is the district's general public budget revenue expected to grow? By how much?", "3%"},
		// An acronym typed with two letters swapped.
		{"whats the GPD growth targt for liwan", "5%左右"},
		// What the plan adds answers what it asks about.
		{"How many new little giant companies will there be?", "1-2家"},
		// Kinds of carriers (载体) joined by a slash are the 16 of all kinds.
		{"How many industrial/business 'carriers' should be completed this year?", "16个"},
		// A phrase that names only a measure asks it of what the question
		// names, and of the whole's own where it names nothing else.
		{"Old properties being renovated: how much floor area of that gets finished this year?", "4.11万平方米"},
		{"how much floor area will be completed this year?", "101.45万平方米"},
		// Where the asker read or saw it is chatter, not what is asked.
		{"Saw somewhere that Liwan has a huge list of key projects. How many exactly?", "198个"},
		// Two kinds of one noun ask for the whole, not one item of it.
		{"How many industrial and office buildings will be finished this year?", "16个"},
		{"How many new industrial or office buildings get completed?", "16个"},
		// A reach in minutes (15分钟就业服务圈) counts no jobs.
		{"jobs target?", "1万人以上"},
	} {
		a := ask(t, tt.q)
		if a.Figure == nil || a.Figure.Text != tt.figure {
			t.Errorf("%q: figure %v, want %s:\n%s", tt.q, a.Figure, tt.figure, describe(a))
		}
	}
}

// A common word the report lacks is no typo: 市级 (city level) is not 市居,
// a seam of 城市居民, and the city's 攻城拔寨 projects are counted, not the
// 198 key projects of their sentence. Quotes set off a name inside the
// phrase counted.
func TestCommonWordsAndQuotedNamesInTheCounted(t *testing.T) {
	wantFigures(t, []figureCase{
		{"全区市级攻城拔寨项目有多少个?", "61个"},
		{"今年有几个市级「攻城拔寨」项目要推进?", "61个"},
	})
}

// What a thing takes in (涉及) is no thing counted: what stands before it is.
func TestWhatAThingTakesIn(t *testing.T) {
	wantFigures(t, []figureCase{
		{"今年完成的征收工作涉及多少平方米?", "47.6万平方米"},
		{"城中村环境整治涉及几个?", "9个"},
	})
}

// A unit typed by sound (公倾, 公理) is the unit the resident meant: it is
// asked, and no correction of what is counted is noted.
func TestUnitsTypedBySound(t *testing.T) {
	if a := ask(t, "塞坝口那片地收储几多公倾?"); a.Figure == nil || a.Figure.Text != "3公顷" || strings.Contains(a.Text, "理解") {
		t.Errorf("几多公倾: want 3公顷 with no correction noted:\n%s", describe(a))
	}
	a := ask(t, "今年几条路建成通车?总长几公理?")
	if len(a.Parts) != 2 || a.Parts[1].Figure == nil || a.Parts[1].Figure.Text != "12.4公里" {
		t.Errorf("几公理 after a count: want a second part with 12.4公里:\n%s", describe(a))
	}
}

// A refusal names what the report has no number for as the asker typed it,
// not the last two characters of it.
func TestRefusalNamesTheTypedThing(t *testing.T) {
	for _, tt := range []struct{ q, named string }{
		{"全区今年要装几多个电动单车充电桩?", "电动单车充电桩"},
		{"我们小区的快递柜今年会加几多个?", "快递柜"},
		{"街道的垃圾分类点有几个?", "垃圾分类点"},
		// The 的 after a unit is no part of it.
		{"今年修多少公里的马陆?", "马陆"},
	} {
		if a := ask(t, tt.q); a.Figure != nil || !strings.Contains(a.Text, "没有给出“"+tt.named+"”的数字") {
			t.Errorf("%q: want no figure and a refusal that names %s:\n%s", tt.q, tt.named, describe(a))
		}
	}
}

// A refusal says the report has no number of what was asked only when no
// near miss has one: "演出" has its 1000场, which this question missed.
func TestRefusalDoesNotDenyANearFigure(t *testing.T) {
	a := ask(t, "那些送去养老院的文化演出有多少场")
	if a.Outcome == search.Answered {
		t.Skipf("answered now, so there is no refusal to check:\n%s", describe(a))
	}
	if strings.Contains(a.Text, "没有给出“演出”的数字") {
		t.Errorf("the refusal denies the report's number of 演出 (开展1000场文化惠民演出):\n%s", a.Text)
	}
	if a := ask(t, "全区医生有多少"); !strings.Contains(a.Text, "医生") {
		t.Errorf("a refusal no longer says what the report has no number for:\n%s", a.Text)
	}
}

// What a question sets apart is the sentence it means not to get: of the
// plots for sale, those of urban renewal (收储出让6个地块) are set apart, and
// the district's own land sales (组织出让9宗地块) answer.
func TestSetApartSentenceDoesNotAnswer(t *testing.T) {
	for _, q := range []string{
		"how many plots sold this year (not the urban renewal ones)?",
		"How many plots will be sold this year, other than the urban renewal ones?",
	} {
		a := ask(t, q)
		if a.Figure == nil || a.Figure.Text != "9宗" {
			t.Errorf("%q: figure %v, want 9宗:\n%s", q, a.Figure, describe(a))
		}
	}
}

// A correction that changes what the question counts by shape is a guess:
// offered as a question back, never answered with the guessed word's figure.
func TestGuessedHeadIsOfferedNotAnswered(t *testing.T) {
	a := ask(t, "全区车位有多少个？")
	if a.Outcome != search.Refused || a.Figure != nil {
		t.Fatalf("outcome %s, figure %v; want a refusal without a figure:\n%s", a.Outcome, a.Figure, describe(a))
	}
	if !strings.Contains(a.Text, "车位") || !strings.Contains(a.Text, "托位") {
		t.Errorf("the reply does not say what was asked (车位) and what it guessed (托位):\n%s", a.Text)
	}
}

// A typo typed by sound is read and answered, and the reply says how it was read.
func TestPhoneticTypoAnsweredWithNote(t *testing.T) {
	for _, tt := range []struct{ q, figure, read string }{
		{"坨位有多少", "超6500个", "托位"},
		{"拖位总量有多少个", "超6500个", "托位"},
	} {
		a := ask(t, tt.q)
		if a.Figure == nil || a.Figure.Text != tt.figure {
			t.Errorf("%q: figure %v, want %s:\n%s", tt.q, a.Figure, tt.figure, describe(a))
			continue
		}
		if first, _, _ := strings.Cut(a.Text, "\n"); !strings.HasPrefix(first, tt.figure) || !strings.Contains(first, tt.read) {
			t.Errorf("%q: first line %q, want the figure then how the typo was read (%s)", tt.q, first, tt.read)
		}
	}
}

// A number heard is checked against the report's, and the exact figure
// asked after the check (准确数字, 有那么多吗, what the report says) is one
// question with it, not a second one.
func TestHeardNumberIsChecked(t *testing.T) {
	for _, tt := range []struct{ q, figure string }{
		{"群里有人说今年新增公办学位有6000个,是不是真的?准确数字是多少?", "5040个"},
		{"楼下说今年要改造40个老小区,真的有那么多吗?报告里写的是多少个?", "29个"},
		// A check alone of a number inside what was heard asks for the
		// report's number, and the check names nothing counted.
		{"聽人講今年荔灣新增5000個公辦學位,係咪真㗎?", "5040個"},
		{"聽說城中村綜合整治今年要完成12個片區,對嗎?", "9個"},
		{"群里有人说托位有7000个,是真的吗", "超6500个"},
		// Words between the offer and the number (说要超过) set the figure.
		{"荔湾的托位今年是不是说要超过6500个?", "超6500个"},
		// A word typed by sound (拖位) names enough for the clause to ask
		// alone, so the asker's story (明年生BB) is no part of it.
		{"我哋兩公婆諗住明年生BB,但係返工冇人湊。想問下荔灣啲拖位今年係咪話要超過6500個?", "超6500個"},
		// A heard growth rate is checked too, and "这个数字" is the check's.
		{"朋友說高新技術企業認定數量今年要增長10%,這個數字對嗎?", "5%以上"},
		// Other ways to check: 真的假的, 是不是这个数.
		{"听人说今年新增的公办学位有8000个,真的假的?", "5040个"},
		{"听讲全区今年要改造5000户用水设施,是不是这个数?", "7500户"},
		// Two askers' guesses, and what the asker makes of one (不止,
		// 有点高), name nothing the report counts.
		{"邻居说全区固定资产投资要到500亿,我说不止,谁对谁错?", "535亿元"},
		{"听说今年经济增长目标定了6%,感觉有点高,到底定的是多少?", "5%左右"},
	} {
		a := ask(t, tt.q)
		if a.Outcome != search.Answered || a.Figure == nil || a.Figure.Text != tt.figure || len(a.Parts) > 1 {
			t.Errorf("%q: want %s as one answer:\n%s", tt.q, tt.figure, describe(a))
		}
	}
}

// What the asker has a few of (本人有几栋出租屋) is their story, not a
// question: the message asks one thing, answered.
func TestOwnFewIsNoQuestion(t *testing.T) {
	a := ask(t, "本人在城中村有几栋出租屋,问一下今年城中村环境综合整治要完成几个片区?")
	if a.Outcome != search.Answered || a.Figure == nil || a.Figure.Text != "9个" || len(a.Parts) > 1 {
		t.Errorf("want 9个 as one answer:\n%s", describe(a))
	}
}

// "A few friends" (我同几个朋友) is who the asker is with, not a question:
// the message asks two things, both answered, and no third one refused.
func TestFewPeopleAreNoQuestion(t *testing.T) {
	a := ask(t, "我同幾個朋友想一齊創業搞文創小店,想搵孵化基地幫手。荔灣今年會建幾多家區級創業孵化示範基地?另外技能人才培訓基地又有幾多個?")
	var figures []string
	for _, p := range a.Parts {
		if p.Outcome != search.Answered || p.Figure == nil {
			t.Errorf("a part is not answered with a figure:\n%s", describe(a))
			return
		}
		figures = append(figures, p.Figure.Text)
	}
	if want := []string{"2家", "2個"}; !slices.Equal(figures, want) {
		t.Errorf("figures %q, want %q:\n%s", figures, want, describe(a))
	}
}

// "有几条街会开…，是哪几条街" asks which streets: the count is what the
// asker heard, so the reply quotes the sentence that names them and says
// no number is missing.
func TestCountedThenWhichAsksWhich(t *testing.T) {
	for _, q := range []string{
		"听说荔湾有几条街会开普惠性托育示范机构,是哪几条街?",
		// Cantonese 喺邊幾條 is 在哪几条: which streets, and 先搞 (do first)
		// is no thing counted.
		"普惠性托育示範機構今年會喺邊幾條街道先搞?",
		"聽講荔灣有幾條街會開普惠性托育示範機構,係邊幾條街呀?",
	} {
		a := ask(t, q)
		if a.Outcome != search.Answered || a.Figure != nil || len(a.Sources) == 0 || !strings.Contains(a.Sources[0].Text, "西村、东漖、茶滘") ||
			strings.Contains(a.Text, "具体数字") || strings.Contains(a.Text, "具體數字") {
			t.Errorf("%q: want the sentence naming the streets, with no word of a missing number:\n%s", q, describe(a))
		}
	}
}

// A verb of share or spending (占, 花) or a time (现在) before the cue is no
// part of what is counted: a reply that says which number the report lacks
// never names "造花" or "现在".
func TestHeadIsNoVerbOrTime(t *testing.T) {
	for _, tt := range []struct{ q, notNamed string }{
		{"城市更新投资125亿元,其中城中村改造占多少?", "“造占”"},
		{"每个老旧小区改造花多少钱?", "“造花”"},
		{"高新技术企业现在有多少家?", "“现在”"},
		{"托位6500個,每個月收幾多錢?", "“月收”"},
		{"失業率控制喺幾多?", "“制在”"},
	} {
		a := ask(t, tt.q)
		if strings.Contains(a.Text, tt.notNamed) || a.Figure != nil {
			t.Errorf("%q: names %s or states a figure:\n%s", tt.q, tt.notNamed, describe(a))
		}
	}
}

// A refusal names the word the asker used for what the report has no
// number of, not the two characters at its end (年人, 儿园).
func TestRefusalNamesTheAskersWord(t *testing.T) {
	for _, tt := range []struct{ q, named string }{
		{"新增就业1万人以上,其中青年人有多少?", "“青年人”"},
		{"全区有多少间幼儿园?", "“幼儿园”"},
		{"今年发多少消费券?", "“消费券”"},
	} {
		if a := ask(t, tt.q); !strings.Contains(a.Text, tt.named) || a.Figure != nil {
			t.Errorf("%q: want a reply that names %s and states no figure:\n%s", tt.q, tt.named, describe(a))
		}
	}
}

// Cantonese 加埋 is 加起来: a total of what the clause before named, not a
// thing counted.
func TestCantoneseTotal(t *testing.T) {
	a := ask(t, "聽講今年要徵收九個地塊,加埋有幾大面積?")
	if a.Figure == nil || a.Figure.Text != "47.6萬平方米" {
		t.Errorf("want 47.6萬平方米:\n%s", describe(a))
	}
}

// figureCase is a question and the figure its answer must state.
type figureCase struct{ q, figure string }

// wantNoFigure asks each question and checks that its answer states none.
func wantNoFigure(t *testing.T, questions ...string) {
	t.Helper()
	for _, q := range questions {
		if a := ask(t, q); a.Figure != nil {
			t.Errorf("%q: want no figure:\n%s", q, describe(a))
		}
	}
}

// wantFigures asks each question and checks the figure its answer states.
func wantFigures(t *testing.T, cases []figureCase) {
	t.Helper()
	for _, tt := range cases {
		a := ask(t, tt.q)
		if a.Figure == nil || a.Figure.Text != tt.figure {
			t.Errorf("%q: want %s:\n%s", tt.q, tt.figure, describe(a))
		}
	}
}

// Residents type by hand: Cantonese in simplified characters (又系 for
// 又係), and 多小 for 多少.
func TestTypedCantoneseAndHowMany(t *testing.T) {
	wantFigures(t, []figureCase{
		{"新开工留用地项目11个,村镇工业集聚区又系几多个?", "3个"},
		{"区级技能人才培训基地有多小个?", "2个"},
		{"技能培训要开展多小人次?", "不少于1万人次"},
		// 几大 ending a clause is Cantonese "how big": an area, not a count.
		{"新开工的老旧物业改造项目面积有几大?", "7.86万平方米"},
		// Still being built (继续在建) is the report's 续建, not the new starts.
		{"城市更新继续在建的地块有几个?", "21个"},
	})
}

// What a resident says around the ask names nothing counted: where (全区),
// who sent them (老板叫我), a check that the chat goes on after, an
// approximation (咁上下), how long a walk takes to a service's reach.
func TestAsidesNameNothing(t *testing.T) {
	wantFigures(t, []figureCase{
		{"用水设施改造,全区今年要改多少户?", "7500户"},
		{"老板叫我看看今年出让多少宗地", "9宗"},
		{"听说今年要办1000场文化惠民演出,是真的吗?那我可以看个够了", "1000场"},
		{"今年荔灣出讓幾多宗地?係咪10宗咁上下?", "9宗"},
		{"托位系咪7000个咁上下?", "超6500个"},
		// How one gets there (走路) is no thing counted either.
		{"就业服务圈走路多少分钟能到?", "15分钟"},
		// Nor is where one gets to once a predicate (就能到) follows the cue.
		{"就业服务圈走路多少分钟就能到驿站？", "15分钟"},
		// How thoroughly it is done (都整治一遍) is no thing counted.
		{"听说要把主要马路沿线都整治一遍,到底是多少条啊?", "25条"},
		{"就业服务圈是多少分钟的?即是走多久能找到就业服务?", "15分钟"},
	})
}

// What points back (那批) names nothing, square metres may lose their 米,
// and 建好 is the report's 建成.
func TestPointedBackAndTypedUnits(t *testing.T) {
	wantFigures(t, []figureCase{
		{"今年能建好的厂房有多少平方?", "35.48万平方米"},
		{"听说区里要建一批高标准的工业厂房,今年能建好的那批面积大概多少万平方?", "35.48万平方米"},
	})
}

// What is meant, supposed or due to happen is the plan's: "already under
// construction" names the plots carried on (续建), not what there is now.
func TestEnglishPlansAreDue(t *testing.T) {
	wantFigures(t, []figureCase{
		{"Of the redevelopment plots already under construction, how many are meant to be completed?", "9个"},
		{"Of the plots already under construction, how many are supposed to be finished?", "9个"},
	})
}

// Plots that already started and keep going are the ones carried on (续建),
// not the new starts beside them.
func TestEnglishCarriedOn(t *testing.T) {
	wantFigures(t, []figureCase{
		{"How many redevelopment plots that already started will keep going under construction this year?", "21个"},
		{"how many plots already started get carried on?", "21个"},
	})
}

// A heard count asks as a cue would, though a noun follows its counter and
// an aside (叫我哋快啲落订) stands between it and the check.
func TestHeardCountBeforeItsNoun(t *testing.T) {
	wantFigures(t, []figureCase{
		{"我哋两公婆睇紧楼，中介话城市更新今年收储出让8个地块，叫我哋快啲落订，系咪真嘅？", "6个"},
		{"听说今年要出让10宗地,叫我快点留意,是不是真的?", "9宗"},
	})
}

// "一大片地" is land of some size, and "具体是几公顷" names nothing but its
// unit: the ask measures the land the clause before names, and no
// correction is noted, as none was made.
func TestSizeOfWhatWasNamed(t *testing.T) {
	for _, q := range []string{
		"我們小兩口想在白鵝潭附近買房，聽說石圍塘、塞壩口那邊要收儲一大片地，具體是幾公頃？",
		"石围塘、塞坝口那边要收储一大片地，有几公顷？",
	} {
		a := ask(t, q)
		if a.Figure == nil || a.Figure.Text != "3公顷" && a.Figure.Text != "3公頃" || strings.Contains(a.Text, "理解") {
			t.Errorf("%q: want 3公顷 with no correction noted:\n%s", q, describe(a))
		}
	}
}

// What the district tries to do is its plan: "trying" names nothing the
// sentence must hold.
func TestEnglishTryingNamesNothing(t *testing.T) {
	wantFigures(t, []figureCase{
		{"Two questions: how many new industrial and office buildings is Liwan trying to finish this year, and what's the total floor area?", "16个"},
	})
}

// A count question naming two of the examples a count lists (葵蓬南片区、
// 花博园首期…等23个土地项目) counts what they are examples of, by whatever
// name the asker gives it ("land plots").
func TestCountOfNamedExamples(t *testing.T) {
	wantFigures(t, []figureCase{
		{"How many land plots are being taken back into the land bank this year, like Kuipeng South and the Flower Expo Park first phase?", "23个"},
		{"how many land plots will be taken into the government land reserve this year? stuff like Kuipeng south and the flower expo park (花博园)", "23个"},
		{"葵蓬南、花博园那些收储的地有几块?", "23个"},
	})
}

// The examples one count lists (花博园首期…等23个土地项目收储) are none of
// another clause's figures: the 9 plots expropriated are not said to be
// 花博园首期's.
func TestExampleOfAnotherCount(t *testing.T) {
	wantNoFigure(t, "花博园首期有几个地块?", "葵蓬南片区要征收多少个地块?")
}

// A list of means (通过土地征收、城中村改造…等途径) counts nothing: the
// projects of the clauses after it (老旧物业改造项目5个) are none of its items'.
func TestMeansCountNothing(t *testing.T) {
	wantNoFigure(t, "今年城中村改造有几个项目?", "工改工有几个项目?")
}

// The asker's own few houses (有几间旧屋出租) are their story, though the
// clause before says whose: the figure asked after is the reply's.
func TestOwnFewAfterOwnPlace(t *testing.T) {
	wantFigures(t, []figureCase{
		{"我家在坑口那边，有几间旧屋出租，一直在等旧改。今年城市更新力争完成投资多少亿？", "125亿元"},
	})
}

// Residents tell their story first and ask last: a message too long to read
// whole is read at its end when only the end asks, so the question is not
// the part cut off.
func TestLongMessageAsksAtTheEnd(t *testing.T) {
	story := "Hi there, my wife and I moved to Liwan from Melbourne last spring with our two kids, and we have been getting used to the neighbourhood, the markets, the dim sum and the humid summers. Our eldest starts primary school soon and the younger one is still at home with her grandmother most days. "
	q := story + "I heard the district wants more than 6000 childcare places in total this year - is that the right number?"
	if n := utf8.RuneCountInString(q); n <= 200 {
		t.Fatalf("the message is %d runes; it must be longer than what is read", n)
	}
	a := ask(t, q)
	if a.Figure == nil || a.Figure.Text != "超6500个" || !a.Truncated {
		t.Errorf("want more than 6,500 childcare places, and the cut noted:\n%s", describe(a))
	}
}

// Context around the question neither decides the scope nor dilutes the match.
func TestContextClausesDoNotDecide(t *testing.T) {
	for _, tt := range []struct{ q, figure string }{
		{"我女儿九月上一年级，想问一下今年新增多少公办学位？", "5040个"},
		// What was heard, checked, then asked for real: one question.
		{"听人讲今年托位会有六千几个，是不是真的？实际目标是多少？", "超6500个"},
		// Who it is for and that it is arranged name nothing the report is about.
		{"我妈超爱看戏，区里那种免费给老百姓看的文化演出，一年大概安排多少场？", "1000场"},
		{"我係荔灣街坊，屋企有個細路，想問吓區入面嘅托位有幾多？", "超6500個"},
		{"荔湾区的托位，今年有多少？", "超6500个"},
		// A core that names only the measure (增长) and a seam (目标是) asks
		// of the clause before: not the GDP growth of the targets' lead-in.
		{"想问下区级一般公共预算收入,今年目标是增长多少?", "3%"},
		// ... but the asker's own life is no topic of it, and no context the
		// figure must be of.
		{"我在荔湾开了家小公司,今年目标是增长多少?", "5%左右"},
		// A core that names only the measure (增长) and a seam (目标是) asks
		// of the clause before: not the GDP growth of the targets' lead-in.
		{"想问下区级一般公共预算收入,今年目标是增长多少?", "3%"},
		// Reaching a number (Cantonese 去到, 达到) is how it is asked.
		{"我哋兩公婆都要返工 阿仔啱啱一歲 報告講托位要去到幾多個啊?係咪六千幾", "超6500個"},
		{"My grandma's building still has ancient water pipes lol. How many households will get their water supply facilities upgraded?", "7500户"},
		// A question that names no thing ("有几个要按计划推进的") counts what its
		// context names; one whose predicate names it keeps that.
		{"那个叫攻城拔寨的项目，今年有几个要按计划推进的？", "61个"},
		// The asker's own clause (我等紧回迁) names nothing asked about; the
		// other context clause names the plots.
		{"城市更新續建嗰啲地塊 今年有幾多個會完工？我等緊回遷", "9個"},
		// A core that asks only of a stage (新开工的) counts the list item its
		// context names; the verb before the list is all the items'.
		{"我家在村里开小作坊,听说村镇工业集聚区要改造升级,今年新开工的有几个?", "3个"},
		// What follows a figure's noun in its own clause sets it apart:
		// 8家社区卫生服务中心建成省级社区医院.
		{"我在社康中心上班,听说今年要建成省级社区医院,全区有几家中心要升级?", "8家"},
		// 按计划 says how it is done, 保证 what is made sure of: neither is
		// what is counted.
		{"市里那种“攻城拔寨”的项目，荔湾这边今年要保证几个按计划推进？是不是五十个左右", "61个"},
		{"我家水管老是坏，今年有多少户能改造用水设施？", "7500户"},
		// Where the context's last word is the asker's doing (看病), the
		// report's longest phrase it holds is what is counted.
		{"我妈经常去社区卫生服务中心看病，今年有几家要建成省级社区医院？", "8家"},
		// A number half remembered is checked against the report's, and
		// is no word the answer must hold.
		{"全区今年要搞到六千几个托位？是不是真的", "超6500个"},
		{"固定资产投资今年目标好像是五百多亿，具体是多少啊", "535亿元"},
		// 有份 (being among them) is a predicate, not what is counted.
		{"老旧小区微改造今年有几个小区有份", "29个"},
		// A context's word the report never uses (到路, a typo) names
		// nothing a unit-only core could count.
		{"听说今年要改照好多条到路，升级改造的一共多少条多少公里", "70条"},
		// A yes-or-no question, then how many of what it names.
		{"区政府是不是会帮忙改用水设施，改几多户", "7500户"},
		// Examples of the kind counted (产业园区 is a word the report uses of
		// two parks) are context; the kind after them is what is counted.
		{"今年能建好多少个产业园区、楼宇这种产业空间？", "16个"},
		// Areas are counted of what the sentence is about: urban villages.
		{"城中村环境整治今年完成几个", "9个"},
		// The land asked is the report's 征借地, which the question's 征借 says.
		{"如意坊放射线今年要征借多少土地", "23.1万平方米"},
	} {
		a := ask(t, tt.q)
		if a.Outcome != search.Answered || a.Figure == nil || a.Figure.Text != tt.figure {
			t.Errorf("%q: want %s:\n%s", tt.q, tt.figure, describe(a))
		}
	}
}

// A message that asks two things gets both, each cited.
func TestCompoundQuestionsAnswerEachPart(t *testing.T) {
	for _, tt := range []struct {
		q       string
		figures []string
	}{
		{"新增就业和GDP目标分别是多少？", []string{"1万人以上", "5%左右"}},
		{"托位有多少？学位呢？", []string{"超6500个", "5040个"}},
		{"新增就業幾多人？技能培訓又幾多人次？", []string{"1萬人以上", "不少於1萬人次"}},
		{"What's the GDP growth target? And the fixed asset investment one?", []string{"5%左右", "535亿元"}},
		{"What's the GDP growth target, and what about fixed-asset investment?", []string{"5%左右", "535亿元"}},
		{"How many community health centres should hit the national standard, and how many will become provincial community hospitals?", []string{"14家", "8家"}},
		{"社區衛生服務中心有幾多間達標，幾多間變省級社區醫院？", []string{"14家", "8家"}},
		// A space typed between Chinese clauses is the comma it stands for.
		{"想问下区里今年托位总量准备搞到多少个 还有新增的公办学位是多少个 谢谢", []string{"超6500个", "5040个"}},
		// A measure asked after a count is the counted thing's: the area of
		// those projects, where other sentences state areas too.
		{"How many high-standard factory projects will be finished, and how much floor area?", []string{"4个", "35.48万平方米"}},
		{"How many projects start construction this year and what's the total floor area?", []string{"23个", "251.05万平方米"}},
		// Kinds listed of one noun are counted together: the whole, not
		// one of its items.
		{"Adding up the factory, office and retail projects breaking ground this year, how many projects is that, and how much floor area?", []string{"23个", "251.05万平方米"}},
		// "their area" is the counted projects' size, not a 片区 (area) of
		// another sentence.
		{"How many new office space projects start this year, and what is their area?", []string{"4个", "43.69万平方米"}},
		// A count and a size asked of a topic set off before them.
		{"new office space projects starting this year: number and area?", []string{"4个", "43.69万平方米"}},
		{"high-end commercial premises finished this year: how many? how big?", []string{"2个", "14万平方米"}},
		// A worry or an estimate the asker means to make is why they ask,
		// no question of its own.
		{"我做写字楼出租的,担心荔湾今年冒出太多办公楼,会不会供过于求。今年建成的商务办公空间有几个项目、面积多少?", []string{"5个", "47.86万平方米"}},
		{"想估计一下明年写字楼会多出多少竞争。今年建成的商务办公空间有几个项目、面积多大?", []string{"5个", "47.86万平方米"}},
		// The measure the message says it most wants is answered first.
		{"我做商铺出租的,担心今年荔湾商场太多,会不会租不出去。今年建成的高端商业载体有几个?面积多少?最关心面积。", []string{"14万平方米", "2个"}},
		// A label that counts the asks names nothing.
		{"two q's - how many key projects this yr, and how much investment for urban renewal?", []string{"198个", "125亿元"}},
	} {
		a := ask(t, tt.q)
		if len(a.Parts) != len(tt.figures) {
			t.Errorf("%q: %d parts, want %d:\n%s", tt.q, len(a.Parts), len(tt.figures), describe(a))
			continue
		}
		for i, p := range a.Parts {
			if p.Figure == nil || p.Figure.Text != tt.figures[i] {
				t.Errorf("%q part %d: figure %v, want %s:\n%s", tt.q, i, p.Figure, tt.figures[i], describe(p))
				continue
			}
			if len(p.Sources) == 0 || !strings.Contains(a.Text, p.Sources[0].Text) && a.Lang != search.Traditional {
				t.Errorf("%q part %d: the reply does not cite its sentence:\n%s", tt.q, i, a.Text)
			}
		}
		if a.Figure == nil || a.Figure.Text != tt.figures[0] {
			t.Errorf("%q: the answer's own figure %v, want the first part's %s", tt.q, a.Figure, tt.figures[0])
		}
	}
}

// Context around a question is not a question of its own: 唔係幾好 (not
// very well) is a degree, no 几 that asks how many.
func TestDegreeWordsAskNothing(t *testing.T) {
	a := ask(t, "我老竇住喺西村,精神方面唔係幾好。想問街道嘅精神康復服務而家覆蓋咗幾多?")
	if a.Figure == nil || a.Figure.Text != "100%" || len(a.Parts) > 1 || strings.Contains(a.Text, "沒有") {
		t.Errorf("want only the coverage of rehabilitation services, 100%%:\n%s", describe(a))
	}
}

// Two parts answered by one sentence quote it once, with the figure asked.
func TestPartsCitingOneSentenceQuoteItOnce(t *testing.T) {
	a := ask(t, "东漖南路、葵蓬路那些坑坑洼洼的路今年修不修?一共多少条路要翻新升级")
	if a.Figure == nil || a.Figure.Text != "70条" {
		t.Fatalf("want the 70 roads upgraded:\n%s", describe(a))
	}
	if n := strings.Count(a.Text, "东漖南路、葵蓬路等70条"); n != 1 {
		t.Errorf("the sentence is quoted %d times, want once:\n%s", n, a.Text)
	}
}

// Asking what help there is frames a question; it names nothing the
// report must hold.
func TestAskingForHelpIsAFrame(t *testing.T) {
	a := ask(t, "我开了间小店，小微企业借钱好难，区里有什么帮助？")
	if a.Outcome != search.Answered || len(a.Sources) == 0 || !strings.Contains(a.Sources[0].Text, "小微企业融资") {
		t.Errorf("want the small-business financing sentence:\n%s", describe(a))
	}
}

// A later ask that names only a measure asks it of what the first named:
// the district's investment total is no answer about one project's cost.
func TestMeasureAskedOfTheThingBefore(t *testing.T) {
	for _, q := range []string{"广州市医疗机构制剂中心什么时候落地？投资多少？", "如意坊放射线几时通车？总投资几多？"} {
		a := ask(t, q)
		for _, p := range append([]search.Answer{a}, a.Parts...) {
			if p.Figure != nil && strings.Contains(p.Figure.Text, "亿元") {
				t.Errorf("%q: states %s, another project's or the district's money:\n%s", q, p.Figure.Text, describe(a))
			}
		}
	}
}

// Personal paperwork gets a pointer to where residents get that help.
func TestPersonalServicesPointToTheHotline(t *testing.T) {
	for _, q := range []string{"社保卡怎么补办", "how do i renew my passport", "公积金怎么提取", "医保卡丢了怎么补办", "護照點樣續期",
		// A follow-up about the paperwork is no question of its own.
		"How do I apply for a social security card in Liwan? Can I do it online?",
		"how do I get a work permit here? how long does it take?",
		// "how do I apply" asks about the licence, whatever its one word meets.
		"Can I use my HK driving licence to drive in Guangzhou, and how do I apply?",
		// 要预 stands in the report only as the seam of 主要预期: it does
		// not make the follow-up "要预约吗" a question the report answers.
		"我护照快过期了,在荔湾哪里可以办换发?要预约吗"} {
		a := ask(t, q)
		if a.Outcome != search.Refused || !strings.Contains(a.Text, "12345") {
			t.Errorf("%q: want a refusal naming the 12345 hotline:\n%s", q, describe(a))
		}
		if a.Lang == search.English && regexp.MustCompile(`\p{Han}`).MatchString(a.Text) {
			t.Errorf("%q: English asker gets Chinese: %s", q, a.Text)
		}
	}
	// A report topic that merely shares a word is still answered.
	if a := ask(t, "人才公寓怎么申请"); a.Outcome != search.Answered {
		t.Errorf("人才公寓怎么申请: %s", describe(a))
	}
}

// The weather is no part of a work report: "rain" is not 大通烟雨井's 雨,
// and a trip to Lychee Bay does not make a typhoon question one the report
// answers.
func TestWeatherQuestionsPointToTheForecast(t *testing.T) {
	for _, q := range []string{"Will it rain in Guangzhou this weekend?", "听日会唔会落雨？", "荔湾今天天气怎么样",
		"Is there a typhoon coming to Guangzhou this weekend? Should I cancel my trip to Lychee Bay?"} {
		a := ask(t, q)
		if a.Outcome != search.Refused || !strings.Contains(a.Text, "12121") {
			t.Errorf("%q: want a refusal naming the 12121 weather hotline:\n%s", q, describe(a))
		}
	}
}

// A metro line asked by its number (its opening, its first train) is the
// metro's to tell; the report's rail-transit plans are still answered.
func TestMetroLinesPointToTheMetro(t *testing.T) {
	for _, q := range []string{"when does metro line 22 open", "Line 11 first train time at the Liwan stations?"} {
		a := ask(t, q)
		if a.Outcome != search.Refused || !strings.Contains(a.Text, "Guangzhou Metro") {
			t.Errorf("%q: want the metro-lines reply:\n%s", q, describe(a))
		}
	}
	if a := ask(t, "荔湾要加强谋划哪些轨道交通站点?"); a.Outcome != search.Answered {
		t.Errorf("the report's rail-transit stations: want the report's answer:\n%s", describe(a))
	}
}

// A resident asking where to eat gets told the report rates no restaurant,
// and its food plans are still answered.
func TestRecommendationsAreNotTheReports(t *testing.T) {
	for _, q := range []string{"best dim sum place in Xiguan?", "西关哪家茶楼最好吃？", "Can you recommend a good restaurant near Yongqingfang?"} {
		a := ask(t, q)
		if a.Outcome != search.Refused || !strings.Contains(a.Text, "美食节") && !strings.Contains(a.Text, "Food Festival") {
			t.Errorf("%q: want the recommendations reply:\n%s", q, describe(a))
		}
	}
	for _, q := range []string{"上下九会搞美食节吗", "What food events are planned?"} {
		if a := ask(t, q); a.Outcome != search.Answered {
			t.Errorf("%q: a food plan of the report is no longer answered:\n%s", q, describe(a))
		}
	}
}

// Refusals suggest topics only of near misses that hold the question's key word.
func TestRefusalSuggestsNearMisses(t *testing.T) {
	a := ask(t, "托育机构的老师工资待遇怎么样？")
	if a.Outcome == search.Answered {
		t.Skipf("answered: %s", describe(a))
	}
	for _, s := range a.Suggestions {
		if s == "积极融入粤港澳大湾区建设" {
			t.Errorf("suggests the report's first topic, not a near miss: %q", a.Suggestions)
		}
	}
}

// No answered English question gets a Chinese-only reply: the reply holds
// the English rendering of its cited sentence (issue 11).
func TestEnglishRepliesQuoteTheRendering(t *testing.T) {
	n := 0
	for _, path := range []string{devSet, goldenFile} {
		for _, q := range labelledQuestions(t, path) {
			if q.Lang != "en" {
				continue
			}
			a := ask(t, q.Q)
			if a.Outcome != search.Answered {
				continue
			}
			n++
			if a.Sources[0].TextEN == "" || !strings.Contains(a.Text, a.Sources[0].TextEN) {
				t.Errorf("%s %q: the reply does not quote the English of %s:\n%s", q.ID, q.Q, a.Sources[0].ID, a.Text)
			}
			if !strings.Contains(a.Text, "Official text:") || !strings.Contains(a.Text, a.Sources[0].Text) {
				t.Errorf("%s %q: the reply does not give the official Chinese:\n%s", q.ID, q.Q, a.Text)
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d answered English questions checked", n)
	}
}

// A follow-up about another year or place gets the scope reply as a part of
// its own, not silence.
func TestFollowUpAboutAnotherScope(t *testing.T) {
	for _, q := range []string{"托位有多少？去年呢？", "How many childcare places? What about in Yuexiu?"} {
		a := ask(t, q)
		if len(a.Parts) != 2 || a.Parts[1].Outcome != search.OutOfScope {
			t.Errorf("%q: want a second part with the scope reply:\n%s", q, describe(a))
			continue
		}
		if a.Figure == nil || !strings.Contains(a.Text, a.Parts[1].Text) {
			t.Errorf("%q: the reply should answer the first part and say the second is out of scope:\n%s", q, a.Text)
		}
	}
}

// Pinyin in an English question names the report stretch it reads as.
func TestPinyinNamesTheReportsTerm(t *testing.T) {
	a := ask(t, "how many rebuilt properties (fujian wuye) will start construction this yr?")
	if a.Figure == nil || a.Figure.Text != "1个" || len(a.Sources) == 0 || !strings.Contains(a.Sources[0].Text, "复建物业1个") {
		t.Errorf("want 复建物业1个, got:\n%s", describe(a))
	}
}

// A number that is a name is answered as the sentence writes it, and the
// reply is grounded like any figure.
func TestNumberThatIsAName(t *testing.T) {
	for _, tt := range []struct{ q, figure string }{
		{"报告话围绕广州「几加几」嘅城市性质?我成日记唔住", "6+4"},
		{"荔灣的規劃要對接的那份廣州國土空間總體規劃,是哪一年到哪一年的?", "2021-2035年"},
		// The number asked names nothing itself: what it names is the context.
		{"講到廣州嘅城市性質同核心功能,報告入面嗰個「幾加幾」係咩數字?", "6+4"},
		{"報告成日講個乜嘢現代化產業體系,後面跟住嗰串數字係咩嚟㗎?", "1283"},
		{"what date was the Liwan people's congress meeting where this report came out?", "4月17日"},
		{"there's a code number for Liwan's modern industry system they keep repeating, what is it?", "1283"},
	} {
		a := ask(t, tt.q)
		if a.Figure == nil || a.Figure.Text != tt.figure || !strings.Contains(a.Text, tt.figure) {
			t.Errorf("%q: want %s stated, got:\n%s", tt.q, tt.figure, describe(a))
		}
	}
}

// A context that names the sentence backs a core that covers it short of
// the line; a context that names nothing of it does not.
func TestContextBacksANearMiss(t *testing.T) {
	for _, tt := range []struct{ q, source string }{
		{"白鹅潭嗰边有边啲老建筑会修返?我记得有个培英书院", "培英书院"},
		{"永庆坊晚上挺热闹的,今年区里对永庆坊有啥新的目标或者定位吗", "永庆坊"},
	} {
		a := ask(t, tt.q)
		if a.Outcome != search.Answered || len(a.Sources) == 0 || !strings.Contains(a.Sources[0].Text, tt.source) {
			t.Errorf("%q: want the sentence of %s, got:\n%s", tt.q, tt.source, describe(a))
		}
	}
	if a := ask(t, "白鹅潭嗰边有边啲老建筑会修返?"); a.Outcome == search.Answered {
		t.Errorf("the core alone is answered, so the test shows nothing of the context:\n%s", describe(a))
	}
	// A message that asks two things backs a sentence by what it says
	// besides them, its story: the roads counted are the ones it names.
	if a := ask(t, "听说要搞重要道路沿线整治，总共整治多少条路？宝源路是不是其中一条？"); a.Figure == nil || a.Figure.Text != "25条" {
		t.Errorf("the roads of the story: want 25条, got:\n%s", describe(a))
	}
	if a := ask(t, "总共整治多少条路？宝源路是不是其中一条？"); a.Figure != nil {
		t.Errorf("without the story the asks name too little to be answered, so the test shows nothing of it:\n%s", describe(a))
	}
}

// A question about where prices go, or whether to buy, gets told the report
// forecasts no market; its housing plans are still answered.
// Share and flat prices, tickets, opening hours and bus routes are none of
// the report's, though it names the company, the sight or the station.
func TestPricesHoursAndRoutesAreNotTheReports(t *testing.T) {
	for _, q := range []string{"永庆坊几点开门?", "唯品会的股价现在多少?", "How much is a flat per square metre near Shamian these days?",
		"去陈家祠坐几路公交最方便?", "What time does the Chen Clan Academy open and close?",
		// Hours asked as a time or a day, of a restaurant the report names.
		"Is the Guangzhou Restaurant on Wenchang Road open on weekends?", "what time does the Lingnan Impression Park open?"} {
		a := ask(t, q)
		if a.Outcome != search.Refused || a.Figure != nil || !strings.Contains(a.Text, "营业时间") && !strings.Contains(a.Text, "opening hours") {
			t.Errorf("%q: want the prices-and-hours reply:\n%s", q, describe(a))
		}
	}
}

func TestMarketAdviceIsNotTheReports(t *testing.T) {
	// Who may buy and how much (限购, "purchase limits") is the city's
	// housing policy, which the report does not set out either.
	for _, q := range []string{"荔湾的房价今年会不会涨?", "is now a good time to buy a flat in Liwan? will prices go up??", "拿了房票买房划不划算?",
		"Can overseas Chinese buy property in Liwan? Are there purchase restrictions?", "外地人在荔湾买房限购吗?"} {
		a := ask(t, q)
		if a.Outcome != search.Refused || !strings.Contains(a.Text, "房价") && !strings.Contains(a.Text, "house or market prices") {
			t.Errorf("%q: want the market-advice reply:\n%s", q, describe(a))
		}
	}
	if a := ask(t, "房票能不能跨区买房?"); a.Outcome != search.Answered || len(a.Sources) == 0 || !strings.Contains(a.Sources[0].Text, "房票跨区使用") {
		t.Errorf("housing vouchers across districts: want the report's answer:\n%s", describe(a))
	}
}

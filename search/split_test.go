package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/liwanbot/liwanbot/corpus"
)

func TestSplitClauses(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"托位有多少？", []string{"托位有多少？"}},
		{"我女儿九月上一年级，想问今年新增多少学位？", []string{"我女儿九月上一年级", "想问今年新增多少学位？"}},
		{"托位有多少？学位呢？", []string{"托位有多少？", "学位呢？"}},
		{"新开工面积251.05万平方米吗", []string{"新开工面积251.05万平方米吗"}},
		{"公园、河道、街区各有几个", []string{"公园、河道、街区各有几个"}},
		{"托位 有多少", []string{"托位 有多少"}}, // the Cantonese rewriter leaves spaces
		{"🎭文化惠民演出有多少场", []string{"文化惠民演出有多少场"}},
		// Two asks in a list are two clauses.
		{"高标准工业厂房今年建成多少个、多大面积?", []string{"高标准工业厂房今年建成多少个", "多大面积?"}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := splitClauses(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitClauses(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParts(t *testing.T) {
	e := reportEngine(t)
	tests := []struct {
		in          string
		cores       []string
		wantContext bool
	}{
		{"我女儿九月上一年级，想问今年新增多少公办学位？", []string{"想问今年新增多少公办学位？"}, true},
		// The asking clause names nothing: the topic before it joins the core.
		{"荔湾区的托位，今年有多少？", []string{"荔湾区的托位，今年有多少？"}, false},
		{"新增就业和地区生产总值目标分别是多少？", []string{"新增就业是多少？", "地区生产总值目标是多少？"}, false},
		{"托位有多少？学位呢？", []string{"托位有多少？", "学位多少"}, true},
		{"托位", []string{"托位"}, false},
		// An ask that names too little takes the topic before it, and is one
		// of the two questions asked.
		{"区里要培育美食集聚区，总共多少个？几年的培育路径？", []string{"区里要培育美食集聚区，总共多少个？", "几年的培育路径？"}, true},
		// An ask of units only ("多少条、多少公里") names nothing either, and
		// two kinds of measure (a count, a length) are two questions of
		// what the ask before names.
		{"除了新通车的路，今年还有升级改造的道路，大概多少条、多少公里？", []string{"今年还有升级改造的道路，大概多少条", "今年还有升级改造的道路，大概多少公里？"}, true},
		{"今年总共有多长的路会升级改造?多少条?", []string{"今年总共有多长的路会升级改造?", "多少条?"}, true},
		// One measure asked twice is one question.
		{"道路升级改造有多长?多少公里?", []string{"道路升级改造有多长?，多少公里?"}, false},
		// A measure asked after a count asks it of what was counted.
		{"高标准工业厂房今年建成多少个、多大面积?", []string{"高标准工业厂房今年建成多少个", "高标准工业厂房今年建成多大面积?"}, true},
		// A clause naming a measure of something is the topic of the ask
		// after it, whose frame words (目标, 增长) weigh more than the floor.
		{"高新技术企业的认定数量,今年目标是增长多少?", []string{"高新技术企业的认定数量，今年目标是增长多少?"}, false},
		// A clause about the asker names no measure: context.
		{"我在荔湾开了家小公司,今年目标是增长多少?", []string{"今年目标是增长多少?"}, true},
	}
	for _, tt := range tests {
		ps := e.parts(tt.in)
		var cores []string
		for _, p := range ps {
			cores = append(cores, p.core)
			if (p.context != "") != tt.wantContext {
				t.Errorf("parts(%q): context %q, want context: %v", tt.in, p.context, tt.wantContext)
			}
		}
		if !slices.Equal(cores, tt.cores) {
			t.Errorf("parts(%q) cores = %q, want %q", tt.in, cores, tt.cores)
		}
	}
}

func TestHead(t *testing.T) {
	e := reportEngine(t)
	tests := []struct{ in, head string }{
		{"全区车位有多少个", "车位"},
		{"新增多少公办学位", "学位"},
		{"托位总量要超过多少", "托位"}, // 总量 says how it is counted, 托位 what
		{"固定资产投资目标是多少", "投资"},
		{"今年建成通车的道路总长多少公里", "道路"},
		{"城市品质提升行动包括几大方面", "方面"},
		{"社区卫生服务中心有几家要达到国家标准", "中心"},
		{"养老机构达标率要达到多少", "达标"},
		// When and how residents ask is not what they count.
		{"想问下全区托位到时能有多少个", "托位"},
		{"公办学位今年加多少个", "学位"},
		{"街道那些精康服务覆盖率要做到多少", "覆盖"},
		// A counter that starts a noun stays; one after the cue is a typo.
		{"历史文化街区改造包括几个项目", "项目"},
		{"城中村环境综合整治要完成几个片区", "片区"},
		{"今年一共要升级改造多少条路", "路"},
		{"今年文化惠民演出有多少厂", "演出"},
		// A modifier and a noun that make no report word count the noun.
		{"今年能建成通车的新路加起来一共多少公里", "路"},
		{"养老机构的服务安全规范要达标到什么程度，百分之多少", "达标"},
		{"今年荔湾会卖多少幅地", "地"},
		{"就业服务圈是多少分钟的", "务圈"}, // not 的
		// What happens to the counted thing is no part of it.
		{"到底有几个重点项目要推进啊", "项目"},
		{"一共多少条路要翻新升级", "路"},    // a one-character noun before its predicate
		{"今年总共几片历史街区会改好", "街区"}, // 区会 is seen only across words (大湾区会议)
		{"今年有多少个重要项目", "项目"},    // 重要 is a word: nothing to cut
		// A time after the counter says when: what is counted stands before.
		{"续建的地块有几个今年能完工", "地块"},
		{"今年分几个项目来推进", "项目"},        // a counter that starts the noun, then what is done with it
		{"今年区里的技能培训一共安排多少人次", "培训"}, // arranged: done to it
		{"文化惠民演出今年举办多少场", "演出"},
		{"文化演出一年大概安排多少场", "演出"},         // 一年 is when, not what
		{"社区卫生服务中心有多少间达标", "中心"},        // 达标 says what becomes of them
		{"他说固定资产投资有几百亿，目标到底是多少亿", "投资"}, // 几百亿 is the asker's guess
		{"听说有二十几万平方米，征收面积到底多大", "征收"},
		// A quantity and its counter after the cue name nothing: what is
		// measured stands before the cue.
		{"要土地收储，大概有多大一块?", "收储"},
	}
	for _, tt := range tests {
		if got := e.stats.plainNoun(nounOf(e.head(tt.in, false))); got != tt.head {
			t.Errorf("head(%q) = %q, want %q", tt.in, got, tt.head)
		}
	}
}

// An English question's pseudo-Chinese names its head among the glossary's
// terms: not a cue or what question words leave of one (分之 of 百分之), and
// not a measure named first where a thing follows, and not who acts ("how
// much does the government expect in budget revenue").
func TestEnglishHead(t *testing.T) {
	e := reportEngine(t)
	for _, tt := range []struct{ in, head, measure string }{
		{"多少 百分之 多少钱 政府 一般公共预算收入", "一般公共预算收入", ""},
		{"百分之 多少 政府 hope local 经济 增长 2025", "经济", ""},
		{"多少 建设面积 老旧物业 项目 新开工", "老旧物业", "建设"},
		{"多少 建设面积", "", "建设"},
	} {
		if head, measure := e.englishHead(tt.in); head != tt.head || measure != tt.measure {
			t.Errorf("englishHead(%q) = %q, %q; want %q, %q", tt.in, head, measure, tt.head, tt.measure)
		}
	}
}

func TestMeasureOf(t *testing.T) {
	tests := []struct {
		in   string
		want measure
	}{
		{"托位有多少", anyMeasure},
		{"托位一个月收费多少钱", priceMeasure},
		{"新学校几月开学", dateMeasure},
		{"装修要多久", durationMeasure},
		{"人均收入多少", perPersonMeasure},
		{"城市更新投资多少钱", anyMeasure},
	}
	for _, tt := range tests {
		if got := measureOf(tt.in); got != tt.want {
			t.Errorf("measureOf(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// FuzzParts splits anything into parts: never a panic, at most maxParts+1,
// and every core is a piece of what was asked.
func FuzzParts(f *testing.F) {
	for _, s := range []string{"托位有多少？学位呢？", "新增就业和GDP目标分别是多少？", "，，？", "和分别", "各多少各多少", "A、B、C、D、E各有几个？", "呢呢呢？？"} {
		f.Add(s)
	}
	e := reportEngine(f)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		s = normalizeText(s)
		ps := e.parts(s)
		if len(ps) == 0 || len(ps) > maxParts+1 {
			t.Fatalf("parts(%q): %d parts", s, len(ps))
		}
		for _, p := range ps {
			if !utf8.ValidString(p.core) || len([]rune(p.core)) > len([]rune(s))+len("多少") {
				t.Fatalf("parts(%q): core %q", s, p.core)
			}
			for _, r := range strings.TrimRight(p.core, "多少?？") {
				if !strings.ContainsRune(s, r) && r != '，' && r != ' ' {
					t.Fatalf("parts(%q): core %q holds %q, which was not asked", s, p.core, r)
				}
			}
		}
	})
}

func TestSpellPrefersKeptEnds(t *testing.T) {
	e := reportEngine(t)
	for _, tt := range []struct{ in, want string }{
		{"how meny new scool places", "how many new school places"},
		{"internatinal respiritory center", "international respiratory center"},
		{"childcare places", "childcare places"}, // nothing to mend
		// A known word's plural, where it is nearer than any known word;
		// not where a known word is as near (places, not palaces).
		{"land parcles for sale", "land parcels for sale"},
		{"child care palces", "child care places"},
	} {
		if got := e.spell(tt.in); got != tt.want {
			t.Errorf("spell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSpellExpandsChatForms: short forms typed in chat become the words the
// report's English uses, only where they stand alone.
func TestSpellExpandsChatForms(t *testing.T) {
	e := englishEngine(t)
	for _, tt := range []struct{ in, want string }{
		{"Small biz owner here - any help getting loans?", "Small business owner here - any help getting loans?"},
		{"any new hosp this yr, e.g. the 1st one", "any new hospital this year, e.g. the 1st one"},
		// Residents' wording of a sentence may hold the short form itself;
		// the rendering writes the full word.
		{"cleanup along Baoyuan Rd?", "cleanup along Baoyuan road?"},
		// The glossary's own short forms are read as they are.
		{"office space, how many sqm", "office space, how many sqm"},
		// A long word two edits from any known word is mended by its stem.
		{"how much land will they finish expropiating?", "how much land will they finish expropriate?"},
	} {
		if got := e.spell(tt.in); got != tt.want {
			t.Errorf("spell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Words spell must leave as written, on the report with its English side:
// a WordNet synonym of a report word is no typo of another ("shelter" is
// not "theater"), nor is a place the scope check must see ("panyu", not the
// glossary's "yanyu").
func TestSpellKeepsSynonymsAndPlaces(t *testing.T) {
	e := englishEngine(t)
	for _, in := range []string{"where is the new shelter", "new roads in panyu",
		// Words of English are no typos of the report's: month/mouth, dad/add, hours/tours.
		"my dad is worried, what are the hours this month?", "my brother and cousins hope so"} {
		if got := e.spell(in); got != in {
			t.Errorf("spell(%q) = %q, want it unchanged", in, got)
		}
	}
}

func TestEnglishUnitIsACueOnlyAfterHowMany(t *testing.T) {
	e := reportEngine(t)
	if q := e.glossary.translate("is the district doing anything for elderly people living at home"); strings.Contains(q.chinese, "多少") {
		t.Errorf("'for elderly people' read as a quantity: %q", q.chinese)
	}
	if q := e.glossary.translate("how many people will get skills training"); !strings.Contains(q.chinese, "多少人") {
		t.Errorf("'how many people' lost its unit: %q", q.chinese)
	}
}

func TestAsks(t *testing.T) {
	tests := []struct {
		clause string
		want   bool
	}{
		{"我住在荔湾好几年了", false}, // several years
		{"几乎每天都堵车", false},
		{"十几个人排队", false},
		{"我住咗廿几年", false},
		{"想对比一下有没有达标", false}, // why the resident asks
		{"托位会有六千几个", false},
		{"三百几万平方米", false},
		{"今年有几个项目", true},
		{"托位有多少", true},
	}
	for _, tt := range tests {
		if got := asks(tt.clause); got != tt.want {
			t.Errorf("asks(%q) = %v, want %v", tt.clause, got, tt.want)
		}
	}
}

func TestSplitEnglishAsks(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"How many centres will meet the standard, and how many will become hospitals?",
			[]string{"How many centres will meet the standard", "how many will become hospitals?"}},
		// The second ask is about what the first named.
		{"Is there a city quality campaign, and how many projects are in it?",
			[]string{"Is there a city quality campaign, and how many projects are in it?"}},
		// A possessive points at its own noun.
		{"How much new green space, and how many homes get their water facilities fixed?",
			[]string{"How much new green space", "how many homes get their water facilities fixed?"}},
		// A measure asked after a count, with no question word of its own.
		{"How many new buildings do they want finished this yr, and total floor area?",
			[]string{"How many new buildings do they want finished this yr", "total floor area?"}},
		{"How many projects, and the floor area of the office ones?",
			[]string{"How many projects, and the floor area of the office ones?"}},
	}
	for _, tt := range tests {
		if got := splitEnglishAsks(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitEnglishAsks(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSplitEnglish cuts a message into sentences; a condition or a time
// set before the question is a sentence of its own, the question's context.
func TestSplitEnglish(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string
	}{
		{"If our old home gets demolished, can the housing voucher be used in another district?",
			[]string{"If our old home gets demolished", "can the housing voucher be used in another district?"}},
		{"My son is 3. When he turns 4, how many kindergarten places are there?",
			[]string{"My son is 3", "When he turns 4", "how many kindergarten places are there?"}},
		// Not a condition: the comma is inside the question.
		{"How many plots, roughly, will be sold?", []string{"How many plots, roughly, will be sold?"}},
		{"What if the plan changes, is there a backup?", []string{"What if the plan changes, is there a backup?"}},
		// An abbreviation's point ends no sentence.
		{"How many roads get a cleanup, e.g. Baoyuan Rd. and Longjin Rd.?", []string{"How many roads get a cleanup, eg Baoyuan Rd and Longjin Rd?"}},
		{"Approx. how many? I heard 25.", []string{"Approx how many?", "I heard 25"}},
	} {
		if got := splitEnglish(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitEnglish(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCueOnlyClauseJoinsItsQuestion(t *testing.T) {
	e := reportEngine(t)
	for _, tt := range []struct{ in, core string }{
		{"想知道养老机构的服务安全规范要达标到什么程度，百分之多少？", "想知道养老机构的服务安全规范要达标到什么程度，百分之多少？"},
		{"升级改造的路总共几长？多少公里？", "升级改造的路总共几长？，多少公里？"},
		// A clause that says the one before in other words.
		{"今年会卖多少幅地？即是出让多少宗", "今年会卖多少幅地？，即是出让多少宗"},
	} {
		ps := e.parts(tt.in)
		if len(ps) != 1 || ps[0].core != tt.core {
			t.Errorf("parts(%q) = %+v, want one part with core %q", tt.in, ps, tt.core)
		}
	}
}

// TestGuessedQuantity: a number and its counter that end a clause are the
// asker's guess; one that runs on into a name is part of it.
func TestGuessedQuantity(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"是不是快两百个了？", true},
		{"係咪35條咁多？", false}, // traditional: simplified before analysis
		{"是不是35条这么多？", true},
		{"学位有5040个吗", true},
		{"15分钟就业服务圈是什么", false},
		{"两个清单是什么", false},
		{"今年新增5040个学位", false},
		{"托位会有六千几个，是不是真的", true},  // some six thousand
		{"目标好像是五百多亿，具体是多少", true}, // an amount, as a count
		{"完成投资125亿元以上的项目", false},
	} {
		if got := guessedQuantity.MatchString(tt.in); got != tt.want {
			t.Errorf("guessedQuantity.MatchString(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestDetectLang: English with a Chinese term in brackets is English; a
// Chinese question with a Latin acronym or name is Chinese.
func TestDetectLang(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Lang
	}{
		{"How many childcare places?", English},
		{"What's the investment target for urban renewal (城市更新) in Liwan this year?", English},
		{"Anything new at Bai'etan (白鵝潭)?", English},
		{"GDP预期增长多少", Simplified},
		{"听说Sam's Club几时开", Simplified},
		{"全区托位有多少", Simplified},
		{"ok", English},
		{"1", Simplified},
	} {
		if got := detectLang(tt.in); got != tt.want {
			t.Errorf("detectLang(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestChineseWords: the general word list answers for words of Chinese at
// large, not for typos or the report's coinages, and its lines are sorted
// as the binary search needs.
func TestChineseWords(t *testing.T) {
	for _, tt := range []struct {
		w    string
		want bool
	}{
		{"免费", true}, {"老百姓", true}, {"车位", true}, {"一一", true},
		{"坨位", false}, {"就叶", false}, {"种免", false}, {"", false}, {"免费给", false},
	} {
		if got := isChineseWord(tt.w); got != tt.want {
			t.Errorf("isChineseWord(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
	lines := strings.Split(strings.TrimSuffix(chineseWords(), "\n"), "\n")
	if len(lines) < 40000 {
		t.Fatalf("%d words, want the dictionary's 50,000 or so", len(lines))
	}
	for i := 1; i < len(lines); i++ {
		if lines[i-1] >= lines[i] {
			t.Fatalf("line %d %q is not after %q", i, lines[i], lines[i-1])
		}
	}
	// Every word is found, the first and last too.
	for _, i := range []int{0, 1, len(lines) / 2, len(lines) - 1} {
		if !isChineseWord(lines[i]) {
			t.Errorf("isChineseWord(%q) = false for a word of the list", lines[i])
		}
	}
}

// TestSeamsBetweenWords: where two words of Chinese at large meet, the
// pair across the seam is no word the report lacks; the words themselves
// still are.
func TestSeamsBetweenWords(t *testing.T) {
	e := reportEngine(t)
	q := e.analyze("那种免费给老百姓看的文化演出")
	var got []string
	for _, tm := range q.terms {
		got = append(got, tm.text)
	}
	for _, seam := range []string{"种免", "姓看"} {
		if slices.Contains(got, seam) {
			t.Errorf("terms %v hold the seam %s", got, seam)
		}
	}
	for _, word := range []string{"免费", "演出"} {
		if !slices.Contains(got, word) {
			t.Errorf("terms %v lack %s", got, word)
		}
	}
}

// TestFollowsUp: a short question about what the one before it named is a
// follow-up; "this year" points at a time, not back.
func TestFollowsUp(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"Can I do it online?", true},
		{"How long does that take?", true},
		{"Is it free?", true},
		{"How many performances this year?", false},
		{"What about fixed-asset investment?", false},
		{"Is it true that the district will build more childcare centres for working parents?", false},
	} {
		if got := followsUp(tt.in); got != tt.want {
			t.Errorf("followsUp(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestGoingIntoIsMoneyOnlyForHowMuch: "how much is going into renewal"
// asks for yuan; "how many projects will go into the land reserve" counts.
func TestGoingIntoIsMoneyOnlyForHowMuch(t *testing.T) {
	e := reportEngine(t)
	if q := e.glossary.translate("how much money is going into old-town renewal"); !strings.Contains(q.chinese, "多少钱") {
		t.Errorf("how much … going into: %q, want 多少钱", q.chinese)
	}
	if q := e.glossary.translate("how many land projects will go into the land reserve"); strings.Contains(q.chinese, "多少钱") {
		t.Errorf("how many … go into: %q, want no 多少钱", q.chinese)
	}
}

// TestCorePointingBack: a core that opens by pointing back (那份, 这个)
// takes in the clause before it, which names what it asks about.
func TestCorePointingBack(t *testing.T) {
	e := reportEngine(t)
	ps := e.parts("报告说要对接广州市的总体规划，那份规划是哪一年到哪一年的？")
	if len(ps) != 1 || !strings.Contains(ps[0].core, "总体规划") {
		t.Fatalf("parts: %+v, want one core holding 总体规划", ps)
	}
}

// TestEnglishWordList: the list holds ordinary words, not typos, and is
// sorted as the binary search needs.
func TestEnglishWordList(t *testing.T) {
	for _, tt := range []struct {
		w    string
		want bool
	}{{"month", true}, {"hours", true}, {"dad", true}, {"meny", false}, {"scool", false}, {"respiritory", false}} {
		if got := isEnglishWord(tt.w); got != tt.want {
			t.Errorf("isEnglishWord(%q) = %v, want %v", tt.w, got, tt.want)
		}
	}
	lines := strings.Split(strings.TrimSuffix(englishWordList(), "\n"), "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i-1] >= lines[i] {
			t.Fatalf("line %d %q is not after %q", i, lines[i], lines[i-1])
		}
	}
}

// TestOrNamesNothing: 或 and 或者 join what is asked about and weigh
// nothing themselves.
func TestOrNamesNothing(t *testing.T) {
	e := reportEngine(t)
	for _, tm := range e.analyze("有哪些楼或园区要竣工，目标或者定位是什么").terms {
		if strings.Contains(tm.text, "或") {
			t.Errorf("term %q holds 或", tm.text)
		}
	}
}

// TestNegatedUnitIsNotAsked: "counting roads, not km" asks no kilometres.
func TestNegatedUnitIsNotAsked(t *testing.T) {
	e := reportEngine(t)
	if q := e.glossary.translate("how many roads will be upgraded, counting roads not km"); strings.Contains(q.chinese, "公里") {
		t.Errorf("%q asks 公里", q.chinese)
	}
	if q := e.glossary.translate("how many km of roads will be upgraded"); !strings.Contains(q.chinese, "公里") {
		t.Errorf("%q lacks 公里", q.chinese)
	}
}

// TestDashBeforeAsk: a dash before a question word ends what the resident
// says first; a hyphen in a word or a range does not cut.
func TestDashBeforeAsk(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{
		{"I'm writing a piece for my class — what's Liwan's investment target?", 2},
		{"Small biz owner here - any help getting loans?", 2},
		{"How many old-property projects start in 2021-2035?", 1},
		{"Shek Wai Tong and Saibakou — how big is that land?", 1}, // "how" may ask of what comes before
		{"I'm job hunting lol how many new jobs this year", 2},
		{"how many new jobs this year", 1},
	} {
		if got := len(splitEnglish(tt.in)); got != tt.want {
			t.Errorf("splitEnglish(%q): %d sentences, want %d: %q", tt.in, got, tt.want, splitEnglish(tt.in))
		}
	}
}

// TestTotalAreaAsksSquareMetres: "the total area" is a measure in square
// metres, not the report's 片区 (an area of the district); a sentence that
// checks what the asker heard is a follow-up.
// TestDashedTopicJoinsItsAsk: a noun phrase set off by a dash is what the
// question after it asks about; a sentence about the asker stays context.
func TestDashedTopicJoinsItsAsk(t *testing.T) {
	e := englishEngine(t)
	for _, tt := range []struct {
		in, core    string
		wantContext bool
	}{
		{"nursing homes in liwan – what share are supposed to meet the basic safety rules?", "nursing homes in liwan, what share are supposed to meet the basic safety rules?", false},
		{"I'm writing a piece for my class — what's Liwan's investment target?", "what's Liwan's investment target?", true},
		{"Two things: how much is being spent on redevelopment?", "how much is being spent on redevelopment?", true},
	} {
		ps := e.englishParts(tt.in)
		if len(ps) != 1 {
			t.Fatalf("englishParts(%q): %d parts, want 1", tt.in, len(ps))
		}
		if got := ps[0].en.raw; got != tt.core {
			t.Errorf("englishParts(%q) core = %q, want %q", tt.in, got, tt.core)
		}
		if (ps[0].context != "") != tt.wantContext {
			t.Errorf("englishParts(%q) context = %q, want context: %v", tt.in, ps[0].context, tt.wantContext)
		}
	}
}

func TestTotalAreaAsksSquareMetres(t *testing.T) {
	e := reportEngine(t)
	q := e.glossary.translate("what's the total area of the projects starting this year")
	if !strings.Contains(q.chinese, "平方米") || !strings.Contains(q.chinese, "多少") || strings.Contains(q.chinese, "片区") {
		t.Errorf("%q, want 平方米 and 多少, no 片区", q.chinese)
	}
	if !followsUp("Someone told me it's like 2.5 million sqm, is that right?") {
		t.Errorf("a check of what was heard is no question of its own")
	}
}

// TestOrdinaryEnglishWordsWeighLess: a word of English the report never
// uses counts against a sentence less than a word that is no English at
// all (a name, a typo past mending).
func TestOrdinaryEnglishWordsWeighLess(t *testing.T) {
	e := englishEngine(t)
	if proper, other := e.stats.latinIDF("proper"), e.stats.latinIDF("xqzvt"); proper >= other {
		t.Errorf("latinIDF(proper) = %.2f, not below latinIDF(xqzvt) = %.2f", proper, other)
	}
}

// List items with no number of their own share the figure of the item
// after them; an item with a number is another figure's.
func TestCoordinates(t *testing.T) {
	for _, tt := range []struct{ upTo, want string }{
		{"全力推进石围塘、塞坝口连片", "全力推进石围塘、"},
		{"实施宝源路、龙津西路等", "实施宝源路、"},
		{"新开工5个地块、续建", ""},
		{"争取全区托位总量超", ""},
	} {
		if got := coordinates(tt.upTo); got != tt.want {
			t.Errorf("coordinates(%q) = %q, want %q", tt.upTo, got, tt.want)
		}
	}
}

// TestAskedPhrase reads what an English "how many" counts, joining
// coordinated modifiers before one noun into a union of its kinds.
func TestAskedPhrase(t *testing.T) {
	for _, tt := range []struct {
		q, phrase string
		union     bool
	}{
		{"How many childcare places are planned?", "childcare places", false},
		{"How many industrial and office buildings should be finished?", "industrial buildings", true},
		{"How many new industrial/office buildings should be finished?", "new industrial buildings", true},
		{"how many free or cheap public cultural shows will there be?", "free public cultural shows", true},
		{"How many industrial and offices are there?", "industrial", false},
		{"How many factory + office buildings?", "factory buildings", true},
		// Two nouns are two things counted, not two kinds of one.
		{"How many plots and households will be moved?", "plots", false},
		{"How many plots and how many square metres?", "plots", false},
		{"What is the GDP target?", "", false},
		// A second ask is no second kind.
		{"how much money and how many jobs?", "money", false},
		// What is counted follows the copula.
		{"Of the industrial spaces, how many are high-standard factory projects?", "high-standard factory projects", false},
		{"How many are there?", "", false},
		// A space measures what it is for.
		{"how much space is for factories?", "factories", false},
		{"Of the new starts, how much floor space goes to office buildings?", "office buildings", false},
		{"how much space is left?", "space", false},
	} {
		phrase, _, union := askedPhrase(tt.q)
		if phrase != tt.phrase || union != tt.union {
			t.Errorf("askedPhrase(%q) = %q, %v; want %q, %v", tt.q, phrase, union, tt.phrase, tt.union)
		}
	}
}

// TestCoordinatesKinds finds kinds of one noun listed anywhere in an English
// question, and not two nouns.
func TestCoordinatesKinds(t *testing.T) {
	e := englishEngine(t)
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{"Counting all the factory, office, retail and renovated-building projects that start this year, how many are there?", true},
		{"How many industrial or office buildings?", true},
		{"How many plots and households?", false},
		{"How many plots and how many square metres?", false},
		{"What is the GDP target and the investment target?", false},
		// Kinds listed in brackets after what is counted.
		{"how many industry space projects (factories, offices, malls, old building reno) will break ground?", true},
		{"How many childcare places (託位) are planned?", false},
		{"how many plots (like Hainan and Datansha) get finished?", false},
		// Two names of one kind.
		{"how much space is for upscale shopping and retail buildings?", false},
	} {
		if got := e.coordinatesKinds(tt.q); got != tt.want {
			t.Errorf("coordinatesKinds(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// TestAsksEnglish: a question word opens an ask at the start, or after a
// comma behind a phrase that sets what it asks about.
func TestAsksEnglish(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"how many households get new water facilities", true},
		{"Counting all the projects that start this year, how many are there", true},
		{"My son is going to start school", false},
		{"My son, who is six, is going to start school", false},
		{"The plan, which starts in May, covers schools", false},
	} {
		if got := asksEnglish(tt.s); got != tt.want {
			t.Errorf("asksEnglish(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// TestDefiniteTermsPointBack writes out a term an earlier sentence named
// where a later one points back at it by its last word.
func TestDefiniteTermsPointBack(t *testing.T) {
	named := []enSpan{{english: "housing vouchers", chinese: "房票"}, {english: "liwan", chinese: "荔湾"}}
	for _, tt := range []struct{ in, want string }{
		{"Can they use the vouchers outside Liwan?", "Can they use the housing vouchers outside Liwan?"},
		{"Is that voucher transferable?", "Is that housing voucher transferable?"},
		// Already in full, or no pointing back.
		{"Can the housing vouchers be used elsewhere?", "Can the housing vouchers be used elsewhere?"},
		{"Are vouchers free?", "Are housing vouchers free?"},
		{"What about the voucherless ones?", "What about the voucherless ones?"},
		{"Do they bathe voucher?", "Do they bathe voucher?"}, // "the" inside a word
		// A bare plural points back as "the" does.
		{"Can they use vouchers outside Liwan?", "Can they use housing vouchers outside Liwan?"},
		{"Is a voucher free?", "Is a voucher free?"}, // a singular needs its determiner
	} {
		if got := definiteTerms(tt.in, named); got != tt.want {
			t.Errorf("definiteTerms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A plural whose own modifiers are the term's words names its own kind.
	named = []enSpan{{english: "village industrial cluster", chinese: "村镇工业集聚区"}}
	for _, tt := range []struct{ in, want string }{
		{"How many village and town industrial clusters start?", "How many village and town industrial clusters start?"},
		{"How many clusters start?", "How many village industrial clusters start?"},
	} {
		if got := definiteTerms(tt.in, named); got != tt.want {
			t.Errorf("definiteTerms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSeamsNameNothing: a clause's weight counts what it names, not the
// bigrams across 的 ("写的目标" holds 的目, which the report has too).
func TestSeamsNameNothing(t *testing.T) {
	e := reportEngine(t)
	if w := e.weight("报告里写的目标到底是多少亿"); w >= minCoreWeight {
		t.Errorf("weight of a clause that names only a target = %.2f, want under %.1f", w, minCoreWeight)
	}
	if w := e.weight("固定资产投资的目标"); w < minCoreWeight {
		t.Errorf("weight of a clause that names fixed-asset investment = %.2f, want at least %.1f", w, minCoreWeight)
	}
}

// TestDropHearsay takes out who the asker heard it from, with 说 or with a
// 讲 after 听 or a teller, and leaves "can you tell me about" alone.
func TestDropHearsay(t *testing.T) {
	e := reportEngine(t)
	for _, tt := range []struct{ in, want string }{
		{"听人讲今年托位会有六千几个", "今年托位会有六千几个"},
		{"街坊讲会搞个什么美食节", "会搞个什么美食节"},
		{"看新闻说托位有六千多个", "托位有六千多个"},
		{"你识唔识讲下香港的施政报告", "你识唔识讲下香港的施政报告"},
	} {
		if got := e.dropHearsay(tt.in); got != tt.want {
			t.Errorf("dropHearsay(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestAsksStock: a question asks how many there are unless it plans or
// adds; the 新 of a name (高新技术企业) plans nothing.
func TestAsksStock(t *testing.T) {
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{"荔湾现在有多少家高新技术企业?", true},
		{"全区有多少家企业", true},
		{"今年新增多少家企业", false},
		{"荔湾现在有多少新企业", false},
	} {
		if got := asksStock(tt.q, false); got != tt.want {
			t.Errorf("asksStock(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// A guess at the figure is checked; a number of the asker's own life is not
// one.
func TestChecksGuess(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"学位有5040个吗", true},
		{"是不是快两百个了？", true},
		{"目标好像是五百多亿，具体是多少", true},
		{"我月薪5000元，能申请补贴吗", false},
		{"我家离地铁站2公里，会通地铁吗", false},
	} {
		if got := checksGuess(tt.in); got != tt.want {
			t.Errorf("checksGuess(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// An English follow-up asks too little to be a question of its own; a
// count never is one.
func TestAsksLittle(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want bool
	}{
		{"how do I apply?", true},
		{"which office do I go to?", true},
		{"which office does it go to?", true},
		{"how many parks are there?", false},
		{"what is the GDP growth target for this year?", false},
	} {
		if got := asksLittle(tt.in); got != tt.want {
			t.Errorf("asksLittle(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestRenderedNoun reads what the English rendering counts a figure with,
// and nothing where the rendering cannot say which number is the figure's.
func TestRenderedNoun(t *testing.T) {
	premises := "strive to complete 16 industrial premises with a floor area of 1,014,500 square metres in the year, " +
		"including 4 high-standard industrial plant projects of 354,800 square metres, 5 business office projects of " +
		"478,600 square metres, 2 high-end commercial premises projects of 140,000 square metres and 5 old-property " +
		"renovation projects of 41,100 square metres;"
	for _, tt := range []struct {
		value, unit, rendered, want string
	}{
		{"16", "个", premises, "industrial premises"},
		{"4", "个", premises, "high-standard industrial plant projects"},
		// Two 5s with other words after each: which is this one?
		{"5", "个", premises, ""},
		// A unit says how a figure measures, not what.
		{"101.45", "万平方米", premises, ""},
		{"6500", "个", "the total number of childcare places will exceed 6,500.", ""},
		{"9", "个", "completing the work in 9 areas including Hainan Village.", "areas"},
		{"16", "个", "", ""},
	} {
		f := corpus.Figure{Value: tt.value, Unit: tt.unit, Text: tt.value + tt.unit}
		if got := renderedNoun(f, tt.rendered); got != tt.want {
			t.Errorf("renderedNoun(%s in %.40q…) = %q, want %q", f.Text, tt.rendered, got, tt.want)
		}
	}
}

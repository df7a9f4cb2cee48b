package search

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
)

var (
	scopeEngineOnce sync.Once
	scopeEngineVal  *Engine
	scopeEngineErr  error
)

// scopeEngine is one engine on the embedded report, shared by the scope
// tests.
func scopeEngine(t testing.TB) *Engine {
	t.Helper()
	scopeEngineOnce.Do(func() { scopeEngineVal, scopeEngineErr = New(parsedReport(t)) })
	if scopeEngineErr != nil {
		t.Fatal(scopeEngineErr)
	}
	return scopeEngineVal
}

// asked folds a question as respond receives it: normalised and simplified.
func asked(e *Engine, q string) string {
	text, _ := e.scripts.simplify(e.cantonese.apply(normalizeText(q)))
	return text
}

// TestPlaceScope: a question about another place, or about Guangzhou (or
// the province, or the country) as a whole, is out of scope and names the
// place as the question wrote it; Liwan's own streets and landmarks, report
// terms that hold a place name, and places the report itself mentions, asked
// about in the report's sense, stay in scope.
func TestPlaceScope(t *testing.T) {
	e := scopeEngine(t)
	for _, c := range []struct{ q, want string }{
		// Other districts and cities, by full and short names.
		{"佛山顺德区GDP增长多少", "佛山"},
		{"顺德区GDP增长多少", "顺德区"},
		{"顺德的GDP增长多少", "顺德"},
		{"佛山GDP增长多少", "佛山"},
		{"禅城GDP增长多少", "禅城"},
		{"南海区GDP增长多少", "南海区"},
		{"越秀新增多少学位", "越秀"},
		{"天河的托位有多少", "天河"},
		{"花都新增多少学位", "花都"},
		{"白云区新增多少学位", "白云区"},
		{"南山区GDP", "南山区"},
		{"深圳南山GDP增长多少", "深圳"},
		{"中山市托位有多少", "中山市"},
		{"增城新增就业多少", "增城"},
		{"北京新增就业多少", "北京"},
		{"海南GDP增长多少", "海南"},
		{"香港GDP增长多少", "香港"},
		{"湾仔区托位有多少", "湾仔区"},
		{"氹仔有多少托位", "氹仔"},
		{"台北有多少托位", "台北"},
		{"延边的固定资产投资多少", "延边"},
		// A place that holds Liwan, asked about as a whole.
		{"广州市GDP增长多少", "广州市"},
		{"广州GDP增长多少", "广州"},
		{"广州的托位有多少", "广州"},
		{"全市GDP增长多少", "全市"},
		{"全省托位有多少", "全省"},
		{"广东新增就业多少", "广东"},
		{"全国GDP增长多少", "全国"},
		// In scope: Liwan under its city's name.
		{"广州市荔湾区GDP增长多少", ""},
		{"广州荔湾GDP增长多少", ""},
		{"广州市荔湾区西村街托育机构", ""},
		// In scope: report names that start with 广州, and 广州 in the
		// report's own sense.
		{"广州工控有什么项目", ""},
		{"广州酒家要怎么焕新", ""},
		{"广州市激光与增材制造产业园什么时候开园", ""},
		{"广州聚龙湾太古里什么时候运营", ""},
		{"广州市医疗机构制剂中心", ""},
		{"广州的城市性质是什么", ""},
		{"广州塔门票多少钱", ""},      // a landmark, not the city's own figure
		{"广州工业投资控股有什么项目", ""}, // 广州工控 by its full name, no quantity asked
		{"广东省建筑科学研究院", ""},
		{"中国象棋比赛", ""},
		{"广东大戏", ""},
		{"禅城区", ""}, // the report names 禅城
		{"禅城区GDP增长多少", "禅城区"},
		// In scope: Liwan's streets and landmarks.
		{"西村街有托育机构吗", ""},
		{"沙面街有什么活动", ""},
		{"白鹤洞街道的试点经验", ""},
		{"茶滘托育示范机构", ""},
		{"花地河碧带建设", ""},
		{"白鹅潭商务区有什么项目", ""},
		// In scope: other places the report names, asked in its sense.
		{"联动佛山举办什么活动", ""},
		{"和禅城、南海一起举办什么活动", ""},
		{"海南片区建设完成了吗", ""},
		{"湖南建投南方中心什么时候建成", ""},
		{"全国象棋冠军赛", ""},
		{"港澳药械通试点", ""},
		// In scope: short forms inside ordinary words and report terms.
		{"新增城中村改造项目有多少", ""}, // 增城
		{"健全市场主体培育机制", ""},   // 全市
		{"珠江西岸有哪些产业", ""},    // 江西
		{"蓝天白云空气质量达标率", ""},  // 白云
		{"中山八路改造", ""},       // 中山
		{"和田玉设计", ""},        // 和田
		{"新兴产业有哪些", ""},      // 新兴
		{"东区有多少托位", ""},      // 东区, Hong Kong's only once Hong Kong is named
		{"老城区更新投资多少", ""},    // 城区, a district of Shanwei
		{"提高要求", ""},         // 高要
		{"钟南山的呼吸医院在荔湾吗", ""}, // 南山
		// In scope: a place the report names, asked about alone or beside
		// Liwan.
		{"佛山", ""},
		{"海南村", ""},
		{"在荔湾能用上香港的药吗", ""},
		{"荔湾和佛山联合办什么活动", ""},
		{"去佛山的路", ""},
		{"香港医生有多少", "香港"},
		{"荔湾和越秀哪个托位多", "越秀"},
		// Crossing the district's bounds names another place as where.
		{"房票可以跨区用吗？比如番禺", ""},
		{"番禺的房票有几多", "番禺"},
	} {
		what, ok := e.outOfScope(asked(e, c.q))
		switch {
		case c.want == "" && ok:
			t.Errorf("%q: out of scope as %q, want in scope", c.q, what)
		case c.want != "" && !ok:
			t.Errorf("%q: in scope, want out of scope as %q", c.q, c.want)
		case c.want != "" && what != normalizeText(c.want):
			t.Errorf("%q: out of scope as %q, want %q", c.q, what, c.want)
		}
	}
}

// TestTimeScope: a year other than the report's, or a relative year, is
// out of scope only as a word of its own: 上一年级 is a school grade, and
// 125亿元 or 2000个 are amounts.
func TestTimeScope(t *testing.T) {
	e := scopeEngine(t)
	for _, c := range []struct{ q, want string }{
		{"去年新增多少公办学位", "去年"},
		{"上一年新增多少学位", "上一年"},
		{"上一年度GDP增长多少", "上一年"},
		{"前年托位有多少", "前年"},
		{"大前年托位有多少", "大前年"},
		{"明年GDP增长多少", "明年"},
		{"后年GDP增长多少", "后年"},
		{"往年新增就业多少", "往年"},
		{"过去几年新增就业多少", "过去几年"},
		{"2030年托位目标是多少", "2030年"},
		{"2024年新增就业多少", "2024年"},
		{"到2035年GDP增长多少", "2035年"},
		{"托位2030目标", ""}, // a bare number before a noun: not read as a year
		{"2023 GDP增长多少", "2023"},
		// Not a year of their own.
		{"我女儿九月上一年级，今年新增多少公办学位", ""},
		{"上一年级新增学位有多少", ""},
		{"一年级新增学位", ""},
		{"下一年级的学位", ""},
		{"年级有多少学位", ""},
		{"上年纪的老人养老床位", ""},
		{"推出年货节吗", ""},
		{"2025年9月新增多少学位", ""},
		{"2025年GDP增长多少", ""},
		{"城市更新投资125亿元吗", ""},
		{"托位是不是超过2000个", ""},
		{"开展2000场文化惠民演出吗", ""},
		{"新增就业有1950人吗", ""},
		{"托位超过2000", ""},
		{"新增就业是不是有1990", ""},
		{"面积101.45万平方米", ""},
		{"国土空间总体规划(2021-2035年)", ""},
		{"上半年开工多少项目", ""},
		{"下半年开工多少项目", ""},
	} {
		what, ok := e.outOfScope(asked(e, c.q))
		switch {
		case c.want == "" && ok:
			t.Errorf("%q: out of scope as %q, want in scope", c.q, what)
		case c.want != "" && !ok:
			t.Errorf("%q: in scope, want out of scope as %q", c.q, c.want)
		case c.want != "" && what != c.want:
			t.Errorf("%q: out of scope as %q, want %q", c.q, what, c.want)
		}
	}
}

// TestScopeAcrossScriptsAndEnglish: traditional questions reach the scope
// check simplified, and English ones through the glossary, which keeps the
// words it does not know (romanised places, years) and reads "last year"
// and "next year" as 去年 and 明年.
func TestScopeAcrossScriptsAndEnglish(t *testing.T) {
	e := scopeEngine(t)
	for _, c := range []struct {
		q     string
		scope bool
	}{
		{"去年的托位有幾多", true},
		{"後年GDP增長幾多", true},
		{"舊年托位有幾多", true},   // Cantonese: last year
		{"出年GDP增長幾多", true}, // Cantonese: next year
		{"佛山順德區GDP增長幾多", true},
		{"廣州市GDP增長多少", true},
		{"上一年級新增學位有幾多", false},
		// Why the resident asks (to compare) is no question of its own.
		{"那荔湾区2024年GDP实际增长了多少？想对比一下有没有达标", true},
		{"廣州市荔灣區GDP增長多少", false},
		{"西村街托育機構", false},
		{"How many childcare places were there last year?", true},
		{"What is the GDP target for next year?", true},
		{"What is the childcare target in 2030?", true},
		{"What is Foshan's GDP growth?", true},
		// A pinyin road name is no city whose name stems alike: Nan Lu
		// is not Nanning.
		{"What's the total length of the roads getting upgraded (Dongjiao Nan Lu, Kuipeng Lu etc)?", false},
		{"How many childcare places are there in Nanning?", true},
		// The country as a whole is no district's.
		{"What is the whole country's GDP growth target for 2025?", true},
		{"what GDP growth is the country aiming for", true},
		{"How many school places will Shunde add?", true},
		{"How many childcare places are there in Sha Tin?", true},
		{"How many childcare places are planned in Liwan?", false},
		{"Are there more than 2000 childcare places?", false},
		{"How many redevelopment sites will keep going from last year?", false},
		{"How many projects are carried over from last year?", false},
		{"How many projects started last year?", true},
		// A search for a measure names whose it is; a topic of the report
		// that names the place is the report's.
		{"Macau government budget revenue for 2025?", true},
		{"Macau budget revenue", true},
		{"Macau youth exchange programmes?", false},
		// Liwan beside a place the report names asks about both; beside
		// one it never names, about that place.
		{"Any plans to connect Liwan better with Foshan?", false},
		{"I know Liwan is going for about 5%, but what's Tianhe district's GDP growth target?", true},
		{"Hong Kong and Macau service window at the govt centre?", false},
	} {
		a := e.Answer(context.Background(), c.q)
		if got := a.Outcome == OutOfScope; got != c.scope {
			t.Errorf("%q: outcome %s (%s), want out of scope %v", c.q, a.Outcome, a.Text, c.scope)
		}
		if c.scope && (a.Figure != nil || strings.Contains(a.Text, "5%")) {
			t.Errorf("%q: out-of-scope reply states a figure: %s", c.q, a.Text)
		}
		if c.scope && a.Lang == English && strings.ContainsFunc(a.Text, isHan) {
			t.Errorf("%q: English scope reply holds Chinese: %s", c.q, a.Text)
		}
	}
	// The reply names the place as English writes it.
	for q, name := range map[string]string{
		"What is China's GDP growth target?":                      "nothing about China.",
		"What is the whole country's GDP growth target for 2025?": "nothing about China as a whole.",
	} {
		if a := e.Answer(context.Background(), q); !strings.Contains(a.Text, name) {
			t.Errorf("%q: %q, want it to say %q", q, a.Text, name)
		}
	}
}

// TestEnglishRelativeYears: every relative year the scope check reads has
// an English name for the English scope reply.
func TestEnglishRelativeYears(t *testing.T) {
	for _, y := range relativeYears {
		if _, ok := englishRelativeYears[y.phrase]; !ok {
			t.Errorf("relative year %s has no English name", y.phrase)
		}
	}
}

// BenchmarkOutOfScope times the scope check on a question naming a place
// the report mentions (the slowest path: it reads the report around it).
func BenchmarkOutOfScope(b *testing.B) {
	e := scopeEngine(b)
	text := asked(e, "联动佛山举办什么活动？去年呢")
	b.ReportAllocs()
	for b.Loop() {
		e.outOfScope(text)
	}
}

// findYear reads the years a question names as the Shelf and the scope
// check both need them: by number, in Chinese numerals, and relative to
// the year asked in, with the words that only look like years left alone.
func TestFindYear(t *testing.T) {
	e := scopeEngine(t)
	type ref struct {
		phrase, year string
		relative     bool
	}
	for _, c := range []struct {
		q, today string
		want     []ref
	}{
		{"2024年托位有多少", "2025", []ref{{"2024年", "2024", false}}},
		{"how many childcare places in 2024?", "2025", []ref{{"2024", "2024", false}}}, // English asks bare
		{"二〇二四年托位有多少", "2025", []ref{{"二〇二四年", "2024", false}}},
		{"二零二三年的GDP", "2025", []ref{{"二零二三年", "2023", false}}},
		{"去年托位有多少", "2025", []ref{{"去年", "2024", true}}},
		{"舊年全區托位有幾多", "2025", []ref{{"旧年", "2024", true}}},
		{"上一年新增就业多少人", "2025", []ref{{"上一年", "2024", true}}},
		{"上年GDP增长多少", "2025", []ref{{"上年", "2024", true}}},
		{"前年GDP增长多少", "2025", []ref{{"前年", "2023", true}}},
		{"大前年GDP增长多少", "2025", []ref{{"大前年", "2022", true}}}, // not 前年 as well
		{"明年GDP目标", "2025", []ref{{"明年", "2026", true}}},
		{"去年托位有多少", "", []ref{{"去年", "", true}}},     // no year to count from
		{"往年托位有多少", "2025", []ref{{"往年", "", true}}}, // a span, no one year
		{"2024年和去年", "2025", []ref{{"2024年", "2024", false}, {"去年", "2024", true}}},
		{"超过2024个托位", "2025", nil}, // a counter follows
		{"超过2024", "2025", nil},    // a quantity cue before
		{"2000年", "2025", []ref{{"2000年", "2000", false}}},
		{"托位2000", "2025", nil}, // a round hundred, bare
		{"我女儿上一年级", "2025", nil},
		{"今年托位有多少", "2025", nil},
		{"国土空间总体规划(2021-2035年)是什么", "2025", nil}, // a name of the report
	} {
		text := asked(e, c.q)
		var got []ref
		for _, y := range findYear(text, c.today, e.stats) {
			got = append(got, ref{y.phrase, y.year, y.relative})
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("findYear(%q, today %q) = %v, want %v", c.q, c.today, got, c.want)
		}
	}
}

// An earlier report asked in a later year reads the relative years that
// name its own year as its own, and every other as another's.
func TestOtherYearCountsFromToday(t *testing.T) {
	e := scopeEngine(t)
	for _, c := range []struct {
		q, own, today string
		want          string // what the scope reply names; "" for in scope
	}{
		{"去年托位有多少", "2025", "", "去年"},
		{"去年托位有多少", "2025", "2025", "去年"},
		{"去年托位有多少", "2024", "2025", ""},
		{"上一年托位有多少", "2024", "2025", ""},
		{"前年托位有多少", "2024", "2025", "前年"},
		{"前年托位有多少", "2023", "2025", ""},
		{"2024年托位有多少", "2024", "2025", ""},
		{"2025年托位有多少", "2024", "2025", "2025年"},
		{"往年托位有多少", "2024", "2025", "往年"},
		{"2023年托位有多少", "", "", ""}, // a report that names no year is asked about none
		{"去年托位有多少", "", "", "去年"},
	} {
		y, ok := otherYear(asked(e, c.q), c.own, c.today, e.stats)
		if y.phrase != c.want || ok != (c.want != "") {
			t.Errorf("otherYear(%q, own %q, today %q) = %q, %v; want %q", c.q, c.own, c.today, y.phrase, ok, c.want)
		}
	}
	if got := ownRelativeYears("2024", "2025"); !slices.Contains(got, "去年") || !slices.Contains(got, "上一年") || slices.Contains(got, "前年") {
		t.Errorf("ownRelativeYears(2024, 2025) = %v, want 去年 and 上一年 but not 前年", got)
	}
	if got := ownRelativeYears("2025", "2025"); got != nil {
		t.Errorf("ownRelativeYears(2025, 2025) = %v, want none", got)
	}
}

package search_test

import (
	"context"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/liwanbot/liwanbot/search"
)

// FuzzAnswer asks the engine anything. Whatever the question, the engine
// must not panic, must give a known outcome, and an answer must cite a
// sentence and state no number that sentence lacks.
//
// The seed corpus (the dev questions and the robustness edge cases) runs in
// plain `go test`; fuzz with
//
//	go test -run XXX -fuzz FuzzAnswer -fuzztime 60s ./search
func FuzzAnswer(f *testing.F) {
	if qs, err := readQuestions(devSet); err == nil {
		for _, q := range qs {
			f.Add(q.Q)
		}
	}
	for _, q := range edgeCases() {
		f.Add(q)
	}
	for _, q := range concurrentQuestions {
		f.Add(q)
	}
	for _, q := range extraGroundingQuestions {
		f.Add(q)
	}
	// Residents' ways of asking: context, two things at once, typos by
	// sound, things the report does not count.
	for _, q := range []string{
		"我女儿九月上一年级，想问一下今年新增多少公办学位？", "新增就业和GDP目标分别是多少？", "托位有多少？学位呢？",
		"What's the GDP growth target? And the fixed asset investment one?", "how many fujian wuye (churang) liuyongdi", "全区车位有多少个？", "坨位有多少",
		"技能培訓今年搞幾多人次", "，，，？？", "和和和分别是多少", "呢？呢？呢？", "多少？多少？多少？多少？",
		"how meny new scool places r they adding", "社保卡怎么补办", "A和B和C和D分别是多少？",
		// Two asks in a list, greetings in a row, Taiwan's words, the weather.
		"高標準工業廠房今年建成幾多個、幾大面積？", "多少、多少、、多少", "hi 👋 good morning", "你好，早上好，",
		"今年新開工的產業載體專案有幾個？", "Will it rain in Guangzhou this weekend?", "How many of the city's projects?",
		// What is set apart, listed kinds, phrasal verbs, conditions, a
		// measure after a count, pointing back, ordinals, approximate numbers.
		"how many plots sold this year (not the urban renewal ones)?", "not the", "Not the urban renewal ones.", "apart from the ,",
		"How many industrial and office buildings and and and?", "how many a/b/c/d buildings", "( , , )",
		"bring back back back", "bring them them them back to life", "If, how many", "When when when, how many?",
		"How many high-standard factory projects will be finished, and how much floor area?", "and how much floor area?",
		"they got housing vouchers. Can they use the vouchers?", "第几届第几次第几", "住咗廿幾年，二十几万，几百亿", "條隧道有幾長？幾多個亿",
		"best dim sum place in Xiguan?", "想对比一下有没有达标", "Macau budget revenue for 2025?",
		// Spaces for commas, examples of a kind, half-remembered amounts,
		// typos of function characters, brackets of Chinese or "not".
		"托位 学位 多少 多少", "  多少   个  ", "多少个A、B这种C", "多少个、这种、之类的", "多少个工厂、写字楼之类的", "目标好像是五百多亿 具体", "六千几个 几百多亿 三十几条",
		"高端商业在体在在在体", "在在在在", "how many (村镇工业集聚区) (not new starts)", "( not )", "(不)", "for those how many", "what area? what is the area?",
		"but ok so like how many", "X/Y/Z plots how many", "区政府是不是会帮忙，改几多户，改几多户",
	} {
		f.Add(q)
	}
	e := engine(f)
	f.Fuzz(func(t *testing.T, q string) {
		a := e.Answer(context.Background(), q)
		if !slices.Contains(validOutcomes, a.Outcome) {
			t.Fatalf("%q: invalid outcome %q", q, a.Outcome)
		}
		if !slices.Contains(validLangs, a.Lang) {
			t.Fatalf("%q: invalid lang %q", q, a.Lang)
		}
		if !utf8.ValidString(a.Text) {
			t.Fatalf("%q: reply is not valid UTF-8: %q", q, a.Text)
		}
		if a.Outcome != search.Answered {
			if a.Figure != nil {
				t.Fatalf("%q: %s reply carries a figure:\n%s", q, a.Outcome, describe(a))
			}
			// A guess offered back ("您是问托位吗？") quotes its sentence.
			if len(a.Sources) > 0 {
				checkGrounded(t, q, a)
			}
			return
		}
		if len(a.Sources) == 0 {
			t.Fatalf("%q: answered with no source", q)
		}
		checkGrounded(t, q, a)
	})
}

// checkGrounded fails when a reply states a number its cited sentence
// lacks; a reply in parts is checked part by part, each against its own.
func checkGrounded(t *testing.T, q string, a search.Answer) {
	t.Helper()
	if len(a.Parts) == 0 {
		if bad := ungrounded(a.Text, citation(a.Sources[0])); len(bad) > 0 {
			t.Fatalf("%q: reply states %q, not in its cited sentence:\n%s", q, bad, describe(a))
		}
		return
	}
	for i, p := range a.Parts {
		if len(p.Sources) == 0 {
			if p.Figure != nil {
				t.Fatalf("%q part %d: a figure with no source", q, i)
			}
			continue
		}
		if bad := ungrounded(p.Text, citation(p.Sources[0])); len(bad) > 0 {
			t.Fatalf("%q part %d: states %q, not in its cited sentence:\n%s", q, i, bad, describe(p))
		}
	}
}

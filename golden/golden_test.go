package golden_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/golden"
	"github.com/liwanbot/liwanbot/search"
)

// ---- Load ---------------------------------------------------------------------

func TestLoad(t *testing.T) {
	in := `{"id":"a1","lang":"zh-Hans","type":"figure","q":"全区托位有多少？","expect":["托位总量超6500个"],"figure":["6500"]}

   
{"id":"a2","lang":"zh-Hant","type":"fact","q":"永慶坊要創建什麼？","expect":["永庆坊创建省级夜间文旅消费集聚区"],"script":"創建"}
{"id":"a3","lang":"en","type":"offtopic","q":"Tell me a joke"}
{"id":"a4","lang":"zh-Hans","type":"trap","q":"越秀区新增多少学位？"}
`
	qs, err := golden.Load(strings.NewReader(in))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := []golden.Question{
		{ID: "a1", Lang: "zh-Hans", Type: "figure", Q: "全区托位有多少？", Expect: []string{"托位总量超6500个"}, Figure: []string{"6500"}},
		{ID: "a2", Lang: "zh-Hant", Type: "fact", Q: "永慶坊要創建什麼？", Expect: []string{"永庆坊创建省级夜间文旅消费集聚区"}, Script: "創建"},
		{ID: "a3", Lang: "en", Type: "offtopic", Q: "Tell me a joke"},
		{ID: "a4", Lang: "zh-Hans", Type: "trap", Q: "越秀区新增多少学位？"},
	}
	if !reflect.DeepEqual(qs, want) {
		t.Errorf("Load =\n%+v\nwant\n%+v", qs, want)
	}
	for i, q := range qs {
		if got, wantR := q.Refusable(), i >= 2; got != wantR {
			t.Errorf("%s Refusable() = %v, want %v", q.ID, got, wantR)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	good := `{"id":"ok","lang":"zh-Hans","type":"fact","q":"白鹅潭要建什么商圈？","expect":["白鹅潭世界级地标商圈"]}` + "\n"
	cases := []struct {
		name, in string
		line     string // the error names this line, if not empty
	}{
		{"bad JSON", good + `{"id":"x","q":"托位"` + "\n", "line 2"},
		{"not an object", `["q"]` + "\n", "line 1"},
		{"wrong field type", `{"id":"x","type":"fact","q":"托位","expect":"托位总量"}` + "\n", "line 1"},
		{"missing q", good + `{"id":"x","type":"fact","expect":["托位"]}` + "\n", "line 2"},
		{"blank q", `{"id":"x","type":"fact","q":"   ","expect":["托位"]}` + "\n", "line 1"},
		{"answerable without expect", good + good + `{"id":"x","type":"figure","q":"托位有多少？","figure":["6500"]}` + "\n", "line 3"},
		{"answerable with empty expect", `{"id":"x","type":"fact","q":"托位？","expect":[]}` + "\n", "line 1"},
		{"empty file", "", ""},
		{"blank lines only", "\n  \n\t\n", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			qs, err := golden.Load(strings.NewReader(c.in))
			if err == nil {
				t.Fatalf("Load succeeded with %d questions", len(qs))
			}
			if !errors.Is(err, golden.ErrBadFile) {
				t.Errorf("error %v does not wrap ErrBadFile", err)
			}
			if c.line != "" && !strings.Contains(err.Error(), c.line) {
				t.Errorf("error %q does not name %s", err, c.line)
			}
			if qs != nil {
				t.Errorf("questions returned with the error: %v", qs)
			}
		})
	}
}

// A refusable question needs no expect.
func TestLoadRefusableWithoutExpect(t *testing.T) {
	for _, typ := range []string{"offtopic", "trap"} {
		if _, err := golden.Load(strings.NewReader(`{"id":"x","type":"` + typ + `","q":"广州塔门票多少钱？"}`)); err != nil {
			t.Errorf("%s without expect: %v", typ, err)
		}
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestLoadReadErrorIsNotBadFile(t *testing.T) {
	_, err := golden.Load(failingReader{})
	if err == nil || errors.Is(err, golden.ErrBadFile) {
		t.Errorf("read error: got %v, want an error that is not ErrBadFile", err)
	}
}

func TestLoadRepoQuestionFile(t *testing.T) {
	f, err := os.Open("questions.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	qs, err := golden.Load(f)
	if err != nil {
		t.Fatalf("Load(questions.jsonl): %v", err)
	}
	ids := map[string]bool{}
	for _, q := range qs {
		if ids[q.ID] {
			t.Errorf("duplicate id %s", q.ID)
		}
		ids[q.ID] = true
	}
	if len(qs) < 100 {
		t.Errorf("only %d questions", len(qs))
	}
}

// ---- Judge --------------------------------------------------------------------

const toddlerSentence = "启动西村、东漖、茶滘等普惠性托育服务示范机构和区级示范性托育综合服务中心建设,争取全区托位总量超6500个。"

var figureQ = golden.Question{ID: "f", Lang: "zh-Hans", Type: "figure", Q: "全区托位有多少？", Expect: []string{"托位总量超6500个"}, Figure: []string{"6500"}}

func answered(text string, fig *corpus.Figure, sources ...string) search.Answer {
	a := search.Answer{Outcome: search.Answered, Text: text, Figure: fig}
	for i, s := range sources {
		a.Sources = append(a.Sources, search.Source{ID: "p" + string(rune('1'+i)), Text: s})
	}
	return a
}

var fig6500 = &corpus.Figure{Value: "6500", Unit: "个", Qualifier: "超", Text: "超6500个"}

func TestJudge(t *testing.T) {
	long := strings.Repeat("长", 300) + "托位总量超6500个" + strings.Repeat("长", 20)
	factQ := golden.Question{ID: "c", Type: "fact", Q: "白鹅潭要建什么商圈？", Expect: []string{"白鹅潭世界级地标商圈", "地标商圈"}}
	cases := []struct {
		name string
		q    golden.Question
		a    search.Answer
		why  string
	}{
		{"right figure", figureQ, answered("超6500个\n“"+toddlerSentence+"”", fig6500, toddlerSentence), ""},
		{"right fact, any expect", factQ, answered("“加快建设白鹅潭世界级地标商圈”", nil, "加快建设白鹅潭世界级地标商圈,推动…"), ""},
		{"fact needs no figure", factQ, answered("…", fig6500, "地标商圈"), ""},
		{"expect in a runner-up only", figureQ, answered("超6500个", fig6500, "新增优质公办基础教育学位5040个。", toddlerSentence), "wrong source"},
		{"wrong source", figureQ, answered("5040个", &corpus.Figure{Value: "5040", Unit: "个", Text: "5040个"}, "新增优质公办基础教育学位5040个。"), "wrong source"},
		{"answered without sources", figureQ, search.Answer{Outcome: search.Answered, Text: "超6500个", Figure: fig6500}, "wrong source"},
		{"refused", figureQ, search.Answer{Outcome: search.Refused, Text: "抱歉"}, "not answered"},
		{"out of scope", figureQ, search.Answer{Outcome: search.OutOfScope, Text: "…"}, "not answered"},
		{"greeting", figureQ, search.Answer{Outcome: search.Greeting, Text: "你好"}, "not answered"},
		{"refused with sources", figureQ, search.Answer{Outcome: search.Refused, Sources: []search.Source{{Text: toddlerSentence}}}, "not answered"},
		{"figure absent from Figure", figureQ, answered("超6500个\n“"+toddlerSentence+"”", nil, toddlerSentence), "figure missing"},
		{"wrong Figure", figureQ, answered("超6500个", &corpus.Figure{Value: "8", Unit: "家", Text: "8家"}, toddlerSentence), "figure missing"},
		{"figure absent from Text", figureQ, answered("“启动西村…建设”", fig6500, toddlerSentence), "figure missing"},
		{"figure in Figure.Value only", figureQ, answered("超6500个", &corpus.Figure{Value: "6500"}, toddlerSentence), ""},
		{"source too long", figureQ, answered("超6500个", fig6500, long), "source too long"},
		{"source of exactly 320 runes", figureQ, answered("超6500个", fig6500, strings.Repeat("长", 320-len([]rune("托位总量超6500个")))+"托位总量超6500个"), ""},
		{"source of 321 runes", figureQ, answered("超6500个", fig6500, strings.Repeat("长", 321-len([]rune("托位总量超6500个")))+"托位总量超6500个"), "source too long"},
		{"offtopic answered", golden.Question{Type: "offtopic", Q: "广州塔门票多少钱？"}, answered("…", nil, toddlerSentence), "answered a question it should have declined"},
		{"trap answered", golden.Question{Type: "trap", Q: "越秀区新增多少学位？"}, answered("5040个", nil, "新增优质公办基础教育学位5040个。"), "answered a question it should have declined"},
		{"offtopic refused", golden.Question{Type: "offtopic", Q: "广州塔门票多少钱？"}, search.Answer{Outcome: search.Refused}, ""},
		{"trap out of scope", golden.Question{Type: "trap", Q: "越秀区新增多少学位？"}, search.Answer{Outcome: search.OutOfScope}, ""},
		{"offtopic greeted", golden.Question{Type: "offtopic", Q: "谢谢"}, search.Answer{Outcome: search.Greeting}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := golden.Judge(c.q, c.a); got != c.why {
				t.Errorf("Judge = %q, want %q", got, c.why)
			}
		})
	}
}

// ---- Run ----------------------------------------------------------------------

// fakeAnswerer answers from a table and records what it was asked.
type fakeAnswerer struct {
	answers map[string]search.Answer
	asked   []string
}

func (f *fakeAnswerer) Answer(_ context.Context, q string) search.Answer {
	f.asked = append(f.asked, q)
	if a, ok := f.answers[q]; ok {
		a.Question = q
		return a
	}
	return search.Answer{Question: q, Outcome: search.Refused, Text: "抱歉"}
}

func runQuestions() []golden.Question {
	return []golden.Question{
		{ID: "s1", Lang: "zh-Hans", Type: "figure", Q: "全区托位有多少？", Expect: []string{"托位总量超6500个"}, Figure: []string{"6500"}},
		{ID: "s2", Lang: "zh-Hans", Type: "figure", Q: "新增公办学位有多少？", Expect: []string{"学位5040个"}, Figure: []string{"5040"}},
		{ID: "t1", Lang: "zh-Hant", Type: "figure", Q: "全區托位有幾多個？", Expect: []string{"托位总量超6500个"}, Figure: []string{"6500"}, Script: "總量"},
		{ID: "t2", Lang: "zh-Hant", Type: "fact", Q: "永慶坊要創建什麼？", Expect: []string{"永庆坊创建省级夜间文旅消费集聚区"}, Script: "創建"},
		{ID: "e1", Lang: "en", Type: "offtopic", Q: "Tell me a joke"},
		{ID: "s3", Lang: "zh-Hans", Type: "trap", Q: "越秀区新增多少学位？"},
	}
}

func runAnswerer() *fakeAnswerer {
	yongqing := "推动永庆坊创建省级夜间文旅消费集聚区。"
	return &fakeAnswerer{answers: map[string]search.Answer{
		"全区托位有多少？": answered("超6500个\n“"+toddlerSentence+"”", fig6500, toddlerSentence),
		// s2: the right sentence but no figure in the reply.
		"新增公办学位有多少？": answered("“新增优质公办基础教育学位。”", nil, "新增优质公办基础教育学位5040个。"),
		// t1: right, in traditional script.
		"全區托位有幾多個？": answered("超6500個\n“爭取全區托位總量超6500個。”", &corpus.Figure{Value: "6500", Unit: "個", Qualifier: "超", Text: "超6500個"}, toddlerSentence),
		// t2: right, but the reply is in simplified script.
		"永慶坊要創建什麼？": answered("“"+yongqing+"”", nil, yongqing),
		// s3: a trap answered.
		"越秀区新增多少学位？": answered("5040个", nil, "新增优质公办基础教育学位5040个。"),
	}}
}

func TestRun(t *testing.T) {
	qs := runQuestions()
	fa := runAnswerer()
	res, err := golden.Run(context.Background(), fa, qs)
	if err != nil {
		t.Fatal(err)
	}

	var wantAsked []string
	for _, q := range qs {
		wantAsked = append(wantAsked, q.Q)
	}
	if !reflect.DeepEqual(fa.asked, wantAsked) {
		t.Errorf("asked %q, want every question once in order %q", fa.asked, wantAsked)
	}
	if res.Right != 4 || res.Total != 6 {
		t.Errorf("tally %d/%d, want 4/6", res.Right, res.Total)
	}
	wantCats := map[golden.Category]golden.Tally{
		{Lang: "zh-Hans", Type: "figure"}: {Right: 1, Total: 2},
		{Lang: "zh-Hant", Type: "figure"}: {Right: 1, Total: 1},
		{Lang: "zh-Hant", Type: "fact"}:   {Right: 1, Total: 1},
		{Lang: "en", Type: "offtopic"}:    {Right: 1, Total: 1},
		{Lang: "zh-Hans", Type: "trap"}:   {Right: 0, Total: 1},
	}
	if len(res.ByCategory) != len(wantCats) {
		t.Errorf("%d categories, want %d: %v", len(res.ByCategory), len(wantCats), res.ByCategory)
	}
	for c, want := range wantCats {
		if got := res.ByCategory[c]; got == nil || *got != want {
			t.Errorf("category %v = %v, want %v", c, got, want)
		}
	}
	if res.Script != (golden.Tally{Right: 1, Total: 2}) {
		t.Errorf("script hits %v, want 1/2 (t1 in traditional, t2 not)", res.Script)
	}
	var failed []string
	for _, f := range res.Failures {
		failed = append(failed, f.Question.ID+": "+f.Why)
		if f.Got.Question != f.Question.Q {
			t.Errorf("failure %s keeps answer to %q", f.Question.ID, f.Got.Question)
		}
	}
	wantFailed := []string{"s2: figure missing", "s3: answered a question it should have declined"}
	if !reflect.DeepEqual(failed, wantFailed) {
		t.Errorf("failures %q, want %q", failed, wantFailed)
	}
	if got := res.Accuracy(); got < 0.666 || got > 0.667 {
		t.Errorf("Accuracy = %v, want 4/6", got)
	}
	wantOrder := []golden.Category{
		{Lang: "en", Type: "offtopic"}, {Lang: "zh-Hans", Type: "figure"}, {Lang: "zh-Hans", Type: "trap"},
		{Lang: "zh-Hant", Type: "fact"}, {Lang: "zh-Hant", Type: "figure"},
	}
	if got := res.Categories(); !reflect.DeepEqual(got, wantOrder) {
		t.Errorf("Categories = %v, want %v", got, wantOrder)
	}
}

func TestRunEmpty(t *testing.T) {
	res, err := golden.Run(context.Background(), &fakeAnswerer{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || res.Accuracy() != 0 || len(res.Failures) != 0 || res.ByCategory == nil {
		t.Errorf("empty run: %+v", res)
	}
	if (golden.Tally{}).Accuracy() != 0 {
		t.Error("zero tally accuracy is not 0")
	}
}

// ---- WriteReport ----------------------------------------------------------------

func TestWriteReport(t *testing.T) {
	res, err := golden.Run(context.Background(), runAnswerer(), runQuestions())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := res.WriteReport(&buf); err != nil {
		t.Fatalf("WriteReport: %v", err)
	}
	got := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	want := []string{
		"en       offtopic    1/1   100.0%",
		"zh-Hans  figure      1/2    50.0%",
		"zh-Hans  trap        0/1     0.0%",
		"zh-Hant  fact        1/1   100.0%",
		"zh-Hant  figure      1/1   100.0%",
		"FAIL s2 新增公办学位有多少？ — figure missing — top: p1 新增优质公办基础教育学位5040个。",
		"FAIL s3 越秀区新增多少学位？ — answered a question it should have declined — top: p1 新增优质公办基础教育学位5040个。",
		"answer in the asker's script: 1/2",
		"score: 4/6 (66.7%)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("report:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWriteReportClipsAndOmits(t *testing.T) {
	long := strings.Repeat("长", 50)
	res := golden.Result{
		Tally:      golden.Tally{Right: 0, Total: 2},
		ByCategory: map[golden.Category]*golden.Tally{{Lang: "zh-Hans", Type: "fact"}: {Right: 0, Total: 2}},
		Failures: []golden.Failure{
			{Question: golden.Question{ID: "a", Q: "问"}, Why: "wrong source", Got: answered("…", nil, long)},
			{Question: golden.Question{ID: "b", Q: "问"}, Why: "not answered", Got: search.Answer{Outcome: search.Refused}},
		},
	}
	var buf bytes.Buffer
	if err := res.WriteReport(&buf); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "top: p1 "+strings.Repeat("长", 40)+"…\n") {
		t.Errorf("long top source not clipped to 40 runes:\n%s", out)
	}
	if !strings.Contains(out, "FAIL b 问 — not answered — top: \n") {
		t.Errorf("failure without a source not written with an empty top:\n%s", out)
	}
	if strings.Contains(out, "asker's script") {
		t.Errorf("script line written with no script questions:\n%s", out)
	}
	if !strings.HasSuffix(out, "score: 0/2 (0.0%)\n") {
		t.Errorf("score line wrong:\n%s", out)
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("pipe closed") }

func TestWriteReportReturnsWriteError(t *testing.T) {
	res, err := golden.Run(context.Background(), runAnswerer(), runQuestions())
	if err != nil {
		t.Fatal(err)
	}
	if err := res.WriteReport(failingWriter{}); err == nil {
		t.Error("WriteReport to a failing writer returned nil")
	}
}

// cancelling is an answerer that ends the run's context after a number of
// answers, as a client that goes away does.
type cancelling struct {
	fakeAnswerer
	after  int
	cancel context.CancelFunc
}

func (c *cancelling) Answer(ctx context.Context, q string) search.Answer {
	a := c.fakeAnswerer.Answer(ctx, q)
	if len(c.asked) == c.after {
		c.cancel()
	}
	return a
}

// A run whose context ends stops asking: before Run honoured it, all 600
// questions were asked.
func TestRunStopsWhenTheContextEnds(t *testing.T) {
	var qs []golden.Question
	for range 100 {
		qs = append(qs, runQuestions()...)
	}
	for _, after := range []int{0, 1, 7} {
		ctx, cancel := context.WithCancel(context.Background())
		a := &cancelling{fakeAnswerer: *runAnswerer(), after: after, cancel: cancel}
		if after == 0 {
			cancel()
		}
		res, err := golden.Run(ctx, a, qs)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("after %d: error %v, want context.Canceled", after, err)
		}
		if len(a.asked) != after || res.Total != after {
			t.Errorf("after %d: %d asked, %d scored, want %d", after, len(a.asked), res.Total, after)
		}
		cancel()
	}
}

package search_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/seeds"
)

// BenchmarkAnswer times one question of each kind on the shared engine.
// The traditional converter is loaded before timing starts.
func BenchmarkAnswer(b *testing.B) {
	e := engine(b)
	ctx := context.Background()
	for _, c := range []struct {
		name, q string
		want    search.Outcome
	}{
		{"simplified_figure", "全区托位有多少?", search.Answered},
		{"traditional", "全區托位有幾多個？", search.Answered},
		{"english", "How many childcare places are planned in Liwan?", search.Answered},
		{"offtopic", "广州塔门票多少钱？", search.Refused},
		// Residents' own ways of asking: context, two parts, chatter.
		{"context", "我女儿九月上一年级，我们住在芳村，想问一下今年区里新增多少个公办学位呀？", search.Answered},
		{"compound", "新增就业和GDP目标分别是多少？", search.Answered},
		{"english_chatty", "My grandma's building still has ancient water pipes lol. How many households will get their water supply facilities upgraded?", search.Answered},
		{"not_counted", "全区车位有多少个？", search.Refused},
		// Words the rendering does not use, met through WordNet synonyms
		// (day care: childcare; spots: places).
		{"english_synonyms", "How many day care spots will there be in Liwan?", search.Answered},
	} {
		b.Run(c.name, func(b *testing.B) {
			if a := e.Answer(ctx, c.q); a.Outcome != c.want {
				b.Fatalf("%q: outcome %s, want %s", c.q, a.Outcome, c.want)
			}
			b.ReportAllocs()
			start := cpuTime()
			for b.Loop() {
				e.Answer(ctx, c.q)
			}
			reportCPU(b, start)
		})
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU time per operation to a benchmark's results. On a
// machine other processes keep busy, wall-clock ns/op measures the wait for
// a core as much as the work; the process's own CPU time does not (run with
// -cpu 1, so that nothing else of the process runs meanwhile but the GC,
// which is part of the cost).
func reportCPU(b *testing.B, start time.Duration) {
	if b.N > 0 {
		b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e3, "cpu-µs/op")
	}
}

// BenchmarkNew times building the engine from a parsed report with its
// residents' vocabulary.
func BenchmarkNew(b *testing.B) {
	r, err := seeds.Parse()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	start := cpuTime()
	defer func() { reportCPU(b, start) }()
	for b.Loop() {
		e, err := search.New(r)
		if err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

// BenchmarkParseAndNew times the whole start-up: parsing the embedded report
// and its vocabulary, and building the engine.
func BenchmarkParseAndNew(b *testing.B) {
	b.ReportAllocs()
	start := cpuTime()
	defer func() { reportCPU(b, start) }()
	for b.Loop() {
		r, err := seeds.Parse()
		if err != nil {
			b.Fatal(err)
		}
		e, err := search.New(r)
		if err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}

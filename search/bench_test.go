package search_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/liwanbot/liwanbot/golden"
	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/search/internal/synth"
	"github.com/liwanbot/liwanbot/seeds"
)

// synthCopies is how many times the synthetic report repeats the real one.
const synthCopies = 100

// The synthetic engine is built once per test binary, like the real one:
// indexing a hundred copies of the report takes seconds.
var (
	synthOnce   sync.Once
	synthEngine *search.Engine
	synthErr    error
)

// synthetic is the engine on a report synthCopies times the real one's
// size (package synth: its paragraphs repeated, numbers and places varied).
func synthetic(tb testing.TB) *search.Engine {
	tb.Helper()
	synthOnce.Do(func() {
		r, err := seeds.Parse()
		if err != nil {
			synthErr = err
			return
		}
		big, err := synth.Report(r, synthCopies, 1)
		if err != nil {
			synthErr = err
			return
		}
		synthEngine, synthErr = search.New(big)
	})
	if synthErr != nil {
		tb.Fatalf("building the synthetic engine: %v", synthErr)
	}
	return synthEngine
}

// reports are the engines the scale benchmarks run side by side: the cost
// of a question should not grow with the report.
func reports(b *testing.B) []struct {
	name string
	e    *search.Engine
} {
	return []struct {
		name string
		e    *search.Engine
	}{{"real", engine(b)}, {fmt.Sprintf("x%d", synthCopies), synthetic(b)}}
}

// BenchmarkAnswer times one question of each kind on the real report and on
// the synthetic one; benchstat -col /report sets them side by side. The
// traditional converter is loaded before timing starts.
func BenchmarkAnswer(b *testing.B) {
	for _, r := range reports(b) {
		b.Run("report="+r.name, func(b *testing.B) { benchmarkAnswer(b, r.e) })
	}
}

func benchmarkAnswer(b *testing.B, e *search.Engine) {
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
		// A long message, its story first and its question last, near the
		// most runes a message is read to.
		{"long_story", longStory, search.Answered},
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

// longStory is a resident's long message: a story, then the question.
var longStory = strings.Repeat("Hi there, my wife and I moved to Liwan from Melbourne last spring with our two kids, and we are still getting used to the markets and the humid summers. ", 2) +
	"I heard the district wants more than 6000 childcare places in total this year - is that the right number?"

// BenchmarkQuestionMix answers every golden question once per op, on the
// real report and on the synthetic one, and reports the median question's
// latency: p50-µs in wall-clock time, p50-cpu-µs in the CPU time of the
// thread that answered (which the machine's other load does not inflate,
// and which leaves out the collector's background work).
func BenchmarkQuestionMix(b *testing.B) {
	qs, err := golden.Builtin()
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range reports(b) {
		b.Run("report="+r.name, func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			ctx := context.Background()
			var wall, cpu []time.Duration
			b.ReportAllocs()
			for b.Loop() {
				for _, q := range qs {
					c0, t0 := threadCPU(), time.Now()
					r.e.Answer(ctx, q.Q)
					wall = append(wall, time.Since(t0))
					cpu = append(cpu, threadCPU()-c0)
				}
			}
			b.ReportMetric(median(wall), "p50-µs")
			b.ReportMetric(median(cpu), "p50-cpu-µs")
			b.ReportMetric(0, "ns/op") // an op is the whole mix: its medians say more
		})
	}
}

// median is the middle of ds, in microseconds.
func median(ds []time.Duration) float64 {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return float64(ds[len(ds)/2]) / 1e3
}

// threadCPU is the CPU time the calling thread has used, user and system.
func threadCPU() time.Duration {
	// CLOCK_THREAD_CPUTIME_ID, not getrusage(RUSAGE_THREAD): the kernel
	// may count a thread's rusage in scheduler ticks, too coarse for one
	// question.
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
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

// BenchmarkNewUncached times New on the embedded report as on any report
// the index cache does not hold (another --corpus, a changed report): the
// index is built.
func BenchmarkNewUncached(b *testing.B) {
	defer search.UseIndexCache(search.UseIndexCache(false))
	BenchmarkNew(b)
}

// BenchmarkNewFresh times the first engine of a fresh process, which is
// what a started or restarted server waits for: BenchmarkNew's builds share
// whatever one process loads once (data files, converters), so they leave
// that out. Each op runs this test binary again, to build one engine in
// TestFreshNew; new-ms/op and new-cpu-ms/op are that New's wall-clock and
// the child's CPU time over it, ns/op the whole child process (start-up,
// parsing the report, New, exit).
func BenchmarkNewFresh(b *testing.B) {
	var wall, cpu time.Duration
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestFreshNew$")
		cmd.Env = append(os.Environ(), freshNewEnv+"=1", fmt.Sprintf("GOMAXPROCS=%d", runtime.GOMAXPROCS(0)))
		out, err := cmd.Output()
		if err != nil {
			b.Fatalf("%v: %s", err, out)
		}
		var w, c int64
		if _, err := fmt.Sscanf(string(out), "fresh-new %d %d", &w, &c); err != nil {
			b.Fatalf("reading the child's times: %v in %q", err, out)
		}
		wall += time.Duration(w)
		cpu += time.Duration(c)
	}
	b.ReportMetric(float64(wall)/float64(b.N)/1e6, "new-ms/op")
	b.ReportMetric(float64(cpu)/float64(b.N)/1e6, "new-cpu-ms/op")
}

// freshNewEnv makes TestFreshNew build its engine: BenchmarkNewFresh sets it
// in the child it starts.
const freshNewEnv = "LIWANBOT_FRESH_NEW"

// TestFreshNew builds one engine, as the first of its process, and prints
// how long New took for BenchmarkNewFresh.
func TestFreshNew(t *testing.T) {
	if os.Getenv(freshNewEnv) == "" {
		t.Skip("run by BenchmarkNewFresh, in a process of its own")
	}
	r, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	start, cpu := time.Now(), cpuTime()
	e, err := search.New(r)
	wall, cpu := time.Since(start), cpuTime()-cpu
	if err != nil {
		t.Fatal(err)
	}
	e.Close()
	fmt.Printf("fresh-new %d %d\n", wall, cpu)
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

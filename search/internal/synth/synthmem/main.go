// Command synthmem builds the answering engine on the embedded report or on
// a synthetic one many times its size (package synth) and prints the heap
// the engine keeps against the process's peak resident memory: the cost of
// building an index beyond what the index itself holds.
//
//	go run ./search/internal/synth/synthmem -copies 100
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"

	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/search/internal/synth"
	"github.com/liwanbot/liwanbot/seeds"
)

func main() {
	copies := flag.Int("copies", 100, "how many copies of the report the synthetic one holds (1: the report itself)")
	seed := flag.Uint64("seed", 1, "the seed that varies the copies")
	flag.Parse()
	if err := run(*copies, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "synthmem:", err)
		os.Exit(1)
	}
}

func run(copies int, seed uint64) error {
	r, err := seeds.Parse()
	if err != nil {
		return err
	}
	if copies > 1 {
		if r, err = synth.Report(r, copies, seed); err != nil {
			return err
		}
	}
	runtime.GC()
	before, err := peakRSS()
	if err != nil {
		return err
	}
	e, err := search.New(r)
	if err != nil {
		return err
	}
	defer e.Close()
	// One question of each script, so that what answering loads on first
	// use (the traditional converter) is counted too.
	for _, q := range []string{"全区托位有多少?", "全區托位有幾多個？", "How many childcare places are planned?"} {
		e.Answer(context.Background(), q)
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	peak, err := peakRSS()
	if err != nil {
		return err
	}
	const mb = 1 << 20
	fmt.Printf("sentences indexed        %d\n", e.Indexed())
	fmt.Printf("live heap (HeapInuse)    %.1f MB\n", float64(m.HeapInuse)/mb)
	fmt.Printf("peak RSS before New      %.1f MB\n", float64(before)/mb)
	fmt.Printf("peak RSS (VmHWM)         %.1f MB\n", float64(peak)/mb)
	fmt.Printf("peak RSS / live heap     %.2f\n", float64(peak)/float64(m.HeapInuse))
	runtime.KeepAlive(e)
	return nil
}

// peakRSS is the process's peak resident set size, VmHWM in
// /proc/self/status, in bytes.
func peakRSS() (uint64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, fmt.Errorf("peak RSS: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("peak RSS: %q: %w", rest, err)
			}
			return kb << 10, nil
		}
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("peak RSS: %w", err)
	}
	return 0, fmt.Errorf("peak RSS: no VmHWM in /proc/self/status")
}

// Package skipnote tells whoever runs the tests which groups of tests were
// skipped, and how to run them.
//
// `go test ./...` prints only "ok" for a package that passes: its tests'
// output, t.Skip messages and whatever TestMain prints included, is shown
// only with -v or when the package fails. A newcomer whose machine lacks
// Chromium or PostgreSQL would never learn that the browser and database
// tests did not run. A Group counts the tests it skips, and Main prints one
// line per group that skipped where the go command's own output goes.
package skipnote

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
)

// A Group is a set of tests that skip for one reason, such as a missing
// browser. Its line reads "<Pkg>: <n> <What> skipped: <why>; <HowTo>".
type Group struct {
	Pkg   string // the package, as a reader finds it: "console"
	What  string // the tests, plural: "browser tests"
	HowTo string // how to run them: "install Debian's chromium to run them"

	mu  sync.Mutex
	n   int
	why string
}

// Skip records that t is skipped because of why, and skips it.
func (g *Group) Skip(t testing.TB, why string) {
	t.Helper()
	g.mu.Lock()
	g.n++
	g.why = why
	g.mu.Unlock()
	t.Skipf("SKIPPED: %s; %s", why, g.HowTo)
}

// Line is the group's line, or "" when none of its tests was skipped.
func (g *Group) Line() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n == 0 {
		return ""
	}
	what := g.What
	if g.n == 1 {
		what = strings.TrimSuffix(what, "s")
	}
	return fmt.Sprintf("%s: %d %s skipped: %s; %s", g.Pkg, g.n, what, g.why, g.HowTo)
}

// Main runs the tests, then prints the line of every group that skipped.
// It returns the code for os.Exit:
//
//	func TestMain(m *testing.M) { os.Exit(skipnote.Main(m, browsers)) }
func Main(m *testing.M, groups ...*Group) int {
	code := m.Run()
	var text strings.Builder
	for _, g := range groups {
		if line := g.Line(); line != "" {
			text.WriteString(line + "\n")
		}
	}
	if text.Len() > 0 {
		announce(text.String())
	}
	return code
}

// announce writes text where the person running the tests sees it. With
// -v the go command shows this binary's output, so standard error will
// do; without it, the go command keeps a passing package's output to
// itself, and text goes to the go command's own standard error instead.
func announce(text string) {
	if !testing.Verbose() {
		if w, ok := goCommandStderr(); ok {
			_, err := io.WriteString(w, text)
			w.Close()
			if err == nil {
				return
			}
		}
	}
	os.Stderr.WriteString(text)
}

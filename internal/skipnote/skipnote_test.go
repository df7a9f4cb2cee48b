package skipnote_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/internal/skipnote"
)

func TestLine(t *testing.T) {
	cases := []struct {
		name  string
		skips []string
		want  string
	}{
		{"nothing skipped", nil, ""},
		{"one", []string{"no chromium on PATH"}, "console: 1 browser test skipped: no chromium on PATH; install chromium to run them"},
		{"several, the last reason", []string{"a", "b", "no chromium on PATH"}, "console: 3 browser tests skipped: no chromium on PATH; install chromium to run them"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := &skipnote.Group{Pkg: "console", What: "browser tests", HowTo: "install chromium to run them"}
			for i, why := range c.skips {
				t.Run(string(rune('a'+i)), func(t *testing.T) { g.Skip(t, why) })
			}
			if got := g.Line(); got != c.want {
				t.Errorf("Line() = %q, want %q", got, c.want)
			}
		})
	}
}

// TestLinesReachGoTestOutput runs the fixture package with go test, as a
// newcomer would, without -v: the go command then shows nothing of a
// passing package's output but its "ok" line, so each group's line must
// get past it, once, whether the output goes to a pipe or to a log file.
func TestLinesReachGoTestOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a test binary with go test")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the go command's output is found through /proc")
	}
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	want := []string{
		"skipper: 2 browser tests skipped: no chromium on PATH; install chromium to run them\n",
		"skipper: 1 database test skipped: DB is not set; set DB to run them\n",
	}
	check := func(t *testing.T, out string) {
		t.Helper()
		for _, w := range want {
			if n := strings.Count(out, w); n != 1 {
				t.Errorf("%q appears %d times in go test's output:\n%s", w, n, out)
			}
		}
		if strings.Contains(out, "unused") {
			t.Errorf("a group with no skipped test has a line:\n%s", out)
		}
		if !strings.Contains(out, "ok  \tgithub.com/liwanbot/liwanbot/internal/skipnote/testdata/skipper") {
			t.Errorf("no ok line:\n%s", out)
		}
	}
	t.Run("pipe", func(t *testing.T) {
		cmd := exec.Command(goCmd, "test", "-count=1", "./testdata/skipper")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("go test: %v\n%s", err, out.String())
		}
		check(t, out.String())
	})
	t.Run("log file", func(t *testing.T) {
		// Written at the go command's own offset: the "ok" line after the
		// notes must not overwrite them.
		path := filepath.Join(t.TempDir(), "log")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(goCmd, "test", "-count=1", "./testdata/skipper")
		cmd.Stdout, cmd.Stderr = f, f
		err = cmd.Run()
		f.Close()
		out, _ := os.ReadFile(path)
		if err != nil {
			t.Fatalf("go test: %v\n%s", err, out)
		}
		check(t, string(out))
	})
}

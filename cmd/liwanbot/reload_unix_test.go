//go:build unix

package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestServeReloadsOnSIGHUP: with polling off, a changed report file is
// answered from only after a SIGHUP, sent to this process as an operator
// would send it to serve; a SIGHUP with nothing changed rebuilds nothing.
func TestServeReloadsOnSIGHUP(t *testing.T) {
	file := filepath.Join(t.TempDir(), "report.txt")
	writeReport(t, file, reportWith(figureBefore))
	logs := &syncBuffer{}
	s, addr := startServe(t, nil, logs, "--no-telegram", "--corpus", file, "--reload-poll", "0")
	defer s.stop(t)
	hup := func() {
		t.Helper()
		if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
	}

	const unchanged = `"msg":"report unchanged: nothing to reload","trigger":"SIGHUP"`
	hup()
	waitFor(t, "the SIGHUP's reload", logs, func() bool { return strings.Contains(logs.String(), unchanged) })

	writeReport(t, file, reportWith(figureAfter))
	if figure, _, err := askFigure(http.DefaultClient, addr); err != nil || figure != figureBefore {
		t.Errorf("with polling off, the changed file was read before a SIGHUP: figure %q, %v", figure, err)
	}
	hup()
	waitFor(t, "answers from the report after SIGHUP", logs, func() bool {
		figure, _, err := askFigure(http.DefaultClient, addr)
		return err == nil && figure == figureAfter
	})
	// The new engine answers as soon as it is swapped in, a moment before
	// the reload is logged.
	const reloaded = `"msg":"report reloaded: answers now come from the new report"`
	waitFor(t, "the reload's log line", logs, func() bool { return strings.Contains(logs.String(), reloaded) })
	if line := grepLines(logs.String(), reloaded); !strings.Contains(line, `"trigger":"SIGHUP"`) {
		t.Errorf("the reload does not say SIGHUP caused it:\n%s", line)
	}
}

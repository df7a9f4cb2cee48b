package console_test

import (
	"os"
	"testing"

	"github.com/liwanbot/liwanbot/internal/skipnote"
)

// browserSkips are the browser tests skipped on a machine without
// Chromium; go test says so in one line even without -v.
var browserSkips = &skipnote.Group{
	Pkg:   "console",
	What:  "browser tests",
	HowTo: "install Debian's chromium (apt-get install chromium fonts-noto-cjk), or run .ci/run, to run them",
}

func TestMain(m *testing.M) { os.Exit(skipnote.Main(m, browserSkips)) }

package main

import (
	"os"
	"testing"

	"github.com/liwanbot/liwanbot/internal/skipnote"
)

// The groups of tests that skip when the machine lacks what they need; go
// test says so in one line per group even without -v.
var (
	postgresSkips = &skipnote.Group{
		Pkg:   "cmd/liwanbot",
		What:  "PostgreSQL tests",
		HowTo: "run .ci/run (as root), or set LIWANBOT_TEST_POSTGRES to a server's URL (postgres://user@127.0.0.1:5432/db), to run them",
	}
	browserSkips = &skipnote.Group{
		Pkg:   "cmd/liwanbot",
		What:  "browser tests",
		HowTo: "install Debian's chromium (apt-get install chromium fonts-noto-cjk), or run .ci/run, to run them",
	}
	devSetSkips = &skipnote.Group{
		Pkg:   "cmd/liwanbot",
		What:  "dev-set tests",
		HowTo: "put the shared evaluation set at ../shared/eval/dev.jsonl beside the repo to run them",
	}
)

func TestMain(m *testing.M) { os.Exit(skipnote.Main(m, postgresSkips, browserSkips, devSetSkips)) }

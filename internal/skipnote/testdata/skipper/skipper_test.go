// Package skipper is skipnote's fixture: two tests skipped by one group,
// one by another, and one that runs. skipnote's own test runs it with go
// test, as a newcomer would, to see what reaches the go command's output.
package skipper

import (
	"os"
	"testing"

	"github.com/liwanbot/liwanbot/internal/skipnote"
)

var (
	browsers  = &skipnote.Group{Pkg: "skipper", What: "browser tests", HowTo: "install chromium to run them"}
	databases = &skipnote.Group{Pkg: "skipper", What: "database tests", HowTo: "set DB to run them"}
	unused    = &skipnote.Group{Pkg: "skipper", What: "unused tests", HowTo: "never printed"}
)

func TestMain(m *testing.M) { os.Exit(skipnote.Main(m, browsers, databases, unused)) }

func TestBrowserOne(t *testing.T) { browsers.Skip(t, "no chromium on PATH") }
func TestBrowserTwo(t *testing.T) { browsers.Skip(t, "no chromium on PATH") }
func TestDatabase(t *testing.T)   { databases.Skip(t, "DB is not set") }
func TestRuns(t *testing.T)       {}

//go:build race

package main

// raceEnabled: the race detector slows building and answering several
// times over, so bounds meant for a plain build do not hold.
const raceEnabled = true

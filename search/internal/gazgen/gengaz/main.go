// Command gengaz writes search/data/places.tsv from the division files:
//
//	go run ./internal/gazgen/gengaz -divisions ../../shared/data/divisions -out data/places.tsv
//
// run from search/ (go generate ./search/ does that).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/liwanbot/liwanbot/search/internal/gazgen"
)

func main() {
	dir := flag.String("divisions", "../../shared/data/divisions", "folder of the division files")
	out := flag.String("out", "data/places.tsv", "TSV to write")
	flag.Parse()
	tsv, err := gazgen.Generate(os.DirFS(*dir))
	if err != nil {
		fmt.Fprintln(os.Stderr, "gengaz:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, tsv, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gengaz:", err)
		os.Exit(1)
	}
}

// Command enwords writes search/data/en_words.txt, the words of English
// the speller must leave alone, from SCOWL's list as Debian ships it:
//
//	apt-get install wamerican
//	go run ./internal/enwords -list /usr/share/dict/american-english
//
// run from search/. Kept: lower-case words of letters only, three to
// fifteen long (no possessives, no proper names).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
)

func main() {
	list := flag.String("list", "/usr/share/dict/american-english", "SCOWL word list (Debian: wamerican)")
	header := flag.String("header", "data/en_words.txt", "file whose leading # lines (the licence and how to build it) are kept")
	out := flag.String("out", "data/en_words.txt", "file to write")
	flag.Parse()
	if err := run(*list, *header, *out); err != nil {
		fmt.Fprintln(os.Stderr, "enwords:", err)
		os.Exit(1)
	}
}

func run(list, headerPath, out string) error {
	head, err := os.ReadFile(headerPath)
	if err != nil {
		return err
	}
	var b strings.Builder
	for line := range strings.Lines(string(head)) {
		if !strings.HasPrefix(line, "#") {
			break
		}
		b.WriteString(line)
	}
	f, err := os.Open(list)
	if err != nil {
		return err
	}
	defer f.Close()
	var words []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		w := sc.Text()
		if len(w) >= 3 && len(w) <= 15 && strings.Trim(w, "abcdefghijklmnopqrstuvwxyz") == "" {
			words = append(words, w)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	slices.Sort(words)
	for _, w := range slices.Compact(words) {
		b.WriteString(w)
		b.WriteByte('\n')
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

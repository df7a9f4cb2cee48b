// Command zhwords writes search/data/zh_words.txt, the common words of
// Chinese at large, from jieba's dictionary as gse ships it:
//
//	go mod download github.com/go-ego/gse@v0.80.3
//	go run ./internal/zhwords -dict "$(go env GOMODCACHE)/github.com/go-ego/gse@v0.80.3/data/dict/zh/s_1.txt"
//
// run from search/. The dictionary's lines are "word frequency tag"; the
// words kept are all Han, two or three characters long, and at least
// -min frequent.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

func main() {
	dict := flag.String("dict", "", "jieba's dictionary (gse's data/dict/zh/s_1.txt)")
	header := flag.String("header", "data/zh_words.txt", "file whose leading # lines (the licence and how to build it) are kept")
	out := flag.String("out", "data/zh_words.txt", "file to write")
	minFreq := flag.Int("min", 10, "least frequency a word needs")
	flag.Parse()
	if err := run(*dict, *header, *out, *minFreq); err != nil {
		fmt.Fprintln(os.Stderr, "zhwords:", err)
		os.Exit(1)
	}
}

func run(dict, headerPath, out string, minFreq int) error {
	if dict == "" {
		return fmt.Errorf("-dict is required")
	}
	header, err := leadingComments(headerPath)
	if err != nil {
		return err
	}
	words, err := read(dict, minFreq)
	if err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString(header)
	for _, w := range words {
		b.WriteString(w)
		b.WriteByte('\n')
	}
	return os.WriteFile(out, []byte(b.String()), 0o644)
}

func leadingComments(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for line := range strings.Lines(string(data)) {
		if !strings.HasPrefix(line, "#") {
			break
		}
		b.WriteString(line)
	}
	return b.String(), nil
}

func read(path string, minFreq int) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		freq, err := strconv.Atoi(fields[1])
		if err != nil || freq < minFreq {
			continue
		}
		w := fields[0]
		if n := utf8.RuneCountInString(w); n < 2 || n > 3 || strings.ContainsFunc(w, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
			continue
		}
		seen[w] = true
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	words := make([]string, 0, len(seen))
	for w := range seen {
		words = append(words, w)
	}
	slices.Sort(words)
	return words, nil
}

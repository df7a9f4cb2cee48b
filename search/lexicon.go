package search

import (
	"bufio"
	"cmp"
	"embed"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"
)

//go:embed data/*.txt
var dataFiles embed.FS

// rewrite is one phrase replaced by another before matching.
type rewrite struct{ from, to string }

// rewriter replaces phrases, longest first, in one left-to-right pass, so a
// replacement is never itself rewritten again.
type rewriter struct {
	byFirst map[rune][]rewrite // rules by their first rune, longest first
}

func newRewriter(rules []rewrite) *rewriter {
	sort.SliceStable(rules, func(i, j int) bool { return len(rules[i].from) > len(rules[j].from) })
	w := &rewriter{byFirst: make(map[rune][]rewrite)}
	for _, r := range rules {
		first, _ := utf8.DecodeRuneInString(r.from)
		w.byFirst[first] = append(w.byFirst[first], r)
	}
	return w
}

func (w *rewriter) apply(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		matched := false
		for _, r := range w.byFirst[c] {
			if strings.HasPrefix(s[i:], r.from) {
				b.WriteString(r.to)
				i += len(r.from)
				matched = true
				break
			}
		}
		if !matched {
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	return b.String()
}

// loadSynonyms reads "report term<TAB>alias|alias" lines into rewrites from
// each alias to the report's term. A term inReport does not hold is listed
// in absent, and its aliases still lead to it, so that a question using one
// asks, as it means to, about what this report lacks (see
// corpusStats.absent), rather than about whatever its characters meet;
// but an alias the report itself uses is then the report's own word, and
// left as typed.
func loadSynonyms(name string, inReport func(term string) bool) (rules []rewrite, absent []string, err error) {
	err = eachLine(name, func(fields []string) error {
		if len(fields) != 2 {
			return fmt.Errorf("want 2 tab-separated fields, got %d", len(fields))
		}
		present := inReport(normalizeText(fields[0]))
		if !present {
			absent = append(absent, normalizeText(fields[0]))
		}
		// The term maps to itself so that an alias inside it (生产总值 in
		// 地区生产总值) is never rewritten.
		rules = append(rules, rewrite{from: fields[0], to: fields[0]})
		for _, alias := range strings.Split(fields[1], "|") {
			if alias = normalizeText(alias); alias != "" && (present || !inReport(alias)) {
				rules = append(rules, rewrite{from: alias, to: fields[0]})
			}
		}
		return nil
	})
	return rules, absent, err
}

// absentTerms orders the report terms a report lacks for matching:
// distinct, longest first.
func absentTerms(terms []string) []string {
	out := slices.Clone(terms)
	slices.SortFunc(out, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return slices.Compact(out)
}

// eachLine calls fn with the tab-separated fields of every line of an
// embedded data file that is neither blank nor a # comment.
func eachLine(name string, fn func(fields []string) error) error {
	f, err := dataFiles.Open("data/" + name)
	if err != nil {
		return fmt.Errorf("search: open %s: %w", name, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(strings.Split(line, "\t")); err != nil {
			return fmt.Errorf("search: %s line %d: %w", name, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("search: read %s: %w", name, err)
	}
	return nil
}

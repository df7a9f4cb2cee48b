package search

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// phraseIndex finds the documents that contain a phrase without reading
// every document: it keeps, for each pair of adjacent runes (any runes, not
// only Han) and each single rune, the documents holding it. A phrase's
// documents are among those of its rarest pair, which are then read; so a
// look-up costs what that pair's documents cost, not what the report does.
// The answers are exactly strings.Contains's.
type phraseIndex struct {
	docs  []string
	pairs map[[2]rune][]int32 // documents by the rune pairs they hold, in order
	runes map[rune][]int32    // documents by the runes they hold, in order
}

func newPhraseIndex(docs []string) *phraseIndex {
	x := &phraseIndex{docs: docs, pairs: map[[2]rune][]int32{}, runes: map[rune][]int32{}}
	for i, d := range docs {
		pos := int32(i)
		prev := rune(-1)
		for _, r := range d {
			// Each document is added once per key: a key's list ends with
			// this document if it was seen earlier in it.
			if l := x.runes[r]; len(l) == 0 || l[len(l)-1] != pos {
				x.runes[r] = append(l, pos)
			}
			if prev >= 0 {
				k := [2]rune{prev, r}
				if l := x.pairs[k]; len(l) == 0 || l[len(l)-1] != pos {
					x.pairs[k] = append(l, pos)
				}
			}
			prev = r
		}
	}
	return x
}

// each calls fn with the position of every document containing phrase, in
// order, until fn returns false.
func (x *phraseIndex) each(phrase string, fn func(pos int) bool) {
	cands, all := x.candidates(phrase)
	if all {
		for i, d := range x.docs {
			if strings.Contains(d, phrase) && !fn(i) {
				return
			}
		}
		return
	}
	for _, p := range cands {
		if strings.Contains(x.docs[p], phrase) && !fn(int(p)) {
			return
		}
	}
}

// candidates are the documents that may contain phrase: those of its rarest
// rune pair, or of its rune if it has one. all says every document may (an
// empty phrase, or one that is not UTF-8, which runes do not spell).
func (x *phraseIndex) candidates(phrase string) (cands []int32, all bool) {
	if phrase == "" || !utf8.ValidString(phrase) {
		return nil, true
	}
	r0, size := utf8.DecodeRuneInString(phrase)
	if size == len(phrase) {
		return x.runes[r0], false
	}
	prev, first := rune(-1), true
	for _, r := range phrase {
		if prev >= 0 {
			l := x.pairs[[2]rune{prev, r}]
			if first || len(l) < len(cands) {
				cands, first = l, false
			}
			if len(cands) == 0 {
				return nil, false
			}
		}
		prev = r
	}
	return cands, false
}

// contains reports whether any document contains phrase.
func (x *phraseIndex) contains(phrase string) bool {
	found := false
	x.each(phrase, func(int) bool { found = true; return false })
	return found
}

// count is how many documents contain phrase.
func (x *phraseIndex) count(phrase string) int {
	n := 0
	x.each(phrase, func(int) bool { n++; return true })
	return n
}

// union is the positions of the documents containing any of phrases, in
// order.
func (x *phraseIndex) union(phrases []string) []int {
	var out []int
	for _, p := range phrases {
		x.each(p, func(pos int) bool { out = append(out, pos); return true })
	}
	slices.Sort(out)
	return slices.Compact(out)
}

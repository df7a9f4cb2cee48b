package search

import (
	"index/suffixarray"
	"sort"
)

// A question's terms are looked for in each candidate sentence's text, its
// paragraph heading and the residents' words written for it. The residents'
// words run to hundreds of bytes a sentence, and a chatty question has dozens
// of terms weighed against dozens of candidates (and its context against the
// same), so finding each term once, in all sentences together, costs less
// than looking for it in each candidate: a suffix array over every field of
// every sentence answers "which sentences hold this term" in one lookup.

// The fields a term is found in, in the order credit ranks them.
const (
	siteText = iota
	siteTopic
	siteResidents
	siteFields
)

// siteIndex finds the sentences whose analysed fields hold a term.
type siteIndex struct {
	sa *suffixarray.Index
	// starts[k] is where segment k begins in the indexed text; segment
	// k is field k%siteFields of the sentence at position k/siteFields.
	starts    []int
	sentences int
}

// newSiteIndex indexes the fields by sentence position: text[pos],
// topic[pos], residents[pos].
func newSiteIndex(text, topic, residents []string) *siteIndex {
	var all []byte
	si := &siteIndex{sentences: len(text), starts: make([]int, 0, len(text)*siteFields)}
	for pos := range text {
		for _, field := range [siteFields]string{text[pos], topic[pos], residents[pos]} {
			si.starts = append(si.starts, len(all))
			// No analysed text holds a NUL, so no term spans two fields.
			all = append(append(all, field...), 0)
		}
	}
	si.sa = suffixarray.New(all)
	return si
}

// sites is where one term stands: for each field, the set of sentence
// positions whose field holds it.
type sites [siteFields][]uint64

func (s *sites) has(field, pos int) bool {
	words := s[field]
	return pos/64 < len(words) && words[pos/64]&(1<<(pos%64)) != 0
}

// find is where term stands. An empty term, like strings.Contains's, is in
// every field.
func (si *siteIndex) find(term string) *sites {
	s := new(sites)
	for f := range s {
		s[f] = make([]uint64, (si.sentences+63)/64)
	}
	if term == "" {
		for f := range s {
			for pos := range si.sentences {
				s[f][pos/64] |= 1 << (pos % 64)
			}
		}
		return s
	}
	for _, off := range si.sa.Lookup([]byte(term), -1) {
		k := sort.Search(len(si.starts), func(k int) bool { return si.starts[k] > off }) - 1
		pos, field := k/siteFields, k%siteFields
		s[field][pos/64] |= 1 << (pos % 64)
	}
	return s
}

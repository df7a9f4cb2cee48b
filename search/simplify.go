package search

import (
	"strings"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
)

// simplifier is OpenCC's conversion with the lookups skipped that would
// find nothing. OpenCC looks up every character of the text in each
// dictionary of each step, allocating a map per lookup; most characters of
// a question or of residents' words start no entry, and most of these
// texts are simplified already.
type simplifier struct {
	cc *opencc.OpenCC
	// changers holds a character of every dictionary entry that converts
	// to something else. starts holds, by step of the conversion, the first
	// characters of its dictionaries' entries. Both are nil if the entries
	// could not all be read; the converter then does every lookup.
	changers map[rune]bool
	starts   []map[rune]bool
}

func newSimplifier(cc *opencc.OpenCC) *simplifier {
	s := &simplifier{cc: cc, changers: map[rune]bool{}}
	for _, g := range cc.DictChains {
		starts := map[rune]bool{}
		for _, d := range g.Dicts {
			// Every line of the dictionary is an entry with a value
			// of its own: as many keys as values is every one.
			ids := d.Trie.PrefixPredict(nil, 0)
			if len(ids) != len(d.Values) {
				return &simplifier{cc: cc}
			}
			for _, id := range ids {
				key, err := d.Trie.Key(id)
				if err != nil {
					return &simplifier{cc: cc}
				}
				v, err := d.Trie.Value(id)
				if err != nil || v < 0 || v >= len(d.Values) {
					return &simplifier{cc: cc}
				}
				first, _ := utf8.DecodeRune(key)
				starts[first] = true
				if vals := d.Values[v]; len(vals) == 0 || vals[0] != string(key) {
					s.changers[firstChange(string(key), vals)] = true
				}
			}
		}
		s.starts = append(s.starts, starts)
	}
	return s
}

// firstChange is the character of key where its conversion (the first of
// vals) first differs from it, or its first character.
func firstChange(key string, vals []string) rune {
	first, _ := utf8.DecodeRuneInString(key)
	if len(vals) == 0 {
		return first
	}
	to := vals[0]
	for _, r := range key {
		t, size := utf8.DecodeRuneInString(to)
		if size == 0 || t != r {
			return r
		}
		to = to[size:]
	}
	return first
}

// unchanged reports whether text converts to itself: OpenCC replaces a run
// of text only by the conversion of an entry that the run is, so text
// holding no character of changers holds no entry that changes.
func (s *simplifier) unchanged(text string) bool {
	return s.changers != nil && strings.IndexFunc(text, func(r rune) bool { return s.changers[r] }) < 0
}

// convert is OpenCC's Convert (opencc.go in github.com/longbridgeapp/opencc,
// v0.3.13), step by step and character by character as it does, but
// for the lookups at characters that start no entry of the step: there it
// keeps the character, as Convert does when its lookups find nothing.
func (s *simplifier) convert(in string) (string, error) {
	if s.starts == nil {
		return s.cc.Convert(in)
	}
	const window = 10 // how many characters Convert looks up at once
	for gi, group := range s.cc.DictChains {
		r := []rune(in)
		var b strings.Builder
		b.Grow(len(in))
		for i := 0; i < len(r); {
			if !s.starts[gi][r[i]] {
				b.WriteRune(r[i])
				i++
				continue
			}
			token, longest := "", 0
			for _, dict := range group.Dicts {
				ret, err := dict.PrefixMatch(string(r[i:min(len(r), i+window)]))
				if err != nil {
					return "", err
				}
				if len(ret) > 0 {
					o := ""
					for k, v := range ret {
						if len(k) > longest {
							longest, token, o = len(k), v[0], k
						}
					}
					i += utf8.RuneCountInString(o)
					break
				}
			}
			if longest == 0 {
				token = string(r[i])
				i++
			}
			b.WriteString(token)
		}
		in = b.String()
	}
	return in, nil
}

package search

import (
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/go-porterstemmer"
)

// Residents who write English often name the report's terms in pinyin, as
// Guangzhou people say them: "rebuilt properties (fujian wuye)", "putting
// lots up for sale (churang)". No glossary lists every term's pinyin, but
// the report itself spells them: a run of words that are no English and
// that read, syllable by syllable, as a stretch of the report's own text is
// that stretch, and the question goes on with the report's characters in
// its place, as when the resident types them.

// reportSounds is the report's text as the first reading of each Han
// character, built on the first question that needs it.
type reportSounds struct {
	once      sync.Once
	docs      [][]rune   // each document's Han runs, joined by a non-Han rune
	sounds    [][]string // the first toneless reading of each rune; "" for none
	syllables map[string]bool
}

// maxPinyinRunes is the longest stretch of the report a pinyin run names.
const maxPinyinRunes = 6

func (s *reportSounds) build(docs []string) {
	s.once.Do(func() {
		s.syllables = map[string]bool{}
		for _, d := range docs {
			rs := []rune(d)
			sounds := make([]string, len(rs))
			for i, r := range rs {
				if !isHan(r) {
					continue
				}
				if rd := readings(r); len(rd) > 0 {
					sounds[i] = rd[0]
					for _, x := range rd {
						s.syllables[x] = true
					}
				}
			}
			s.docs = append(s.docs, rs)
			s.sounds = append(s.sounds, sounds)
		}
	})
}

// find returns the stretch of the report that reads as sound (syllables
// run together, "fujianwuye"), the commonest where several do, or "".
func (s *reportSounds) find(sound string) string {
	counts := map[string]int{}
	best := ""
	for d, rs := range s.docs {
		sounds := s.sounds[d]
		for i := range rs {
			rest := sound
			for j := i; j < len(rs) && j-i < maxPinyinRunes && sounds[j] != ""; j++ {
				var ok bool
				if rest, ok = strings.CutPrefix(rest, sounds[j]); !ok {
					break
				}
				if rest == "" {
					if j > i { // one character is too little to be sure of
						w := string(rs[i : j+1])
						counts[w]++
						if counts[w] > counts[best] {
							best = w
						}
					}
					break
				}
			}
		}
	}
	return best
}

// isPinyin reports whether word, in lower case, runs together syllables the
// report's characters are read as.
func (s *reportSounds) isPinyin(word string) bool {
	if word == "" {
		return false
	}
	// can[i]: word[:i] splits into syllables.
	can := make([]bool, len(word)+1)
	can[0] = true
	for i := 1; i <= len(word); i++ {
		for j := max(0, i-6); j < i && !can[i]; j++ {
			can[i] = can[j] && s.syllables[word[j:i]]
		}
	}
	return can[len(word)]
}

// hanForPinyin writes the report's characters in place of each run of
// pinyin words in an English question that reads as a stretch of the
// report. A word of English, of the report's English or of the glossary is
// no pinyin: "change" splits as chang-e but means change, and Xiguan has
// its own entry.
func (e *Engine) hanForPinyin(text string) string {
	var words []string     // lower case, as they stand
	var starts, ends []int // each word's byte offsets
	pinyin := []bool{}
	maybe := false
	for i := 0; i < len(text); {
		if !isASCIILetter(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isASCIILetter(text[j]) {
			j++
		}
		w := strings.ToLower(text[i:j])
		words, starts, ends = append(words, w), append(starts, i), append(ends, j)
		p := !isEnglishWord(w) && !e.glossaryKnows(w) && (e.stats.englishDF == nil || e.stats.englishDF(porterstemmer.StemString(w)) == 0)
		pinyin = append(pinyin, p)
		maybe = maybe || p
		i = j
	}
	if !maybe {
		return text
	}
	e.sounds.build(e.stats.docs)
	// A word of English that reads as syllables too ("fang" of "fang
	// piao"), or a syllable the rendering spells in a name ("Ju" of Tao Tao
	// Ju, in "xiao ju ren"), may be pinyin beside a word that can only be.
	soft := make([]bool, len(words))
	for i := range pinyin {
		soft[i] = !pinyin[i] && !e.glossaryKnows(words[i]) && e.sounds.isPinyin(words[i]) &&
			(isEnglishWord(words[i]) || e.stats.englishDF != nil && e.stats.englishDF(porterstemmer.StemString(words[i])) > 0)
		pinyin[i] = pinyin[i] && e.sounds.isPinyin(words[i]) && !e.glossaryPair(words, i)
	}
	var out strings.Builder
	from := 0
	for i := 0; i < len(words); i++ {
		if !pinyin[i] && !soft[i] {
			continue
		}
		j := i
		for j < len(words) && (pinyin[j] || soft[j]) {
			j++
		}
		found := false
		// The longest run from i that the report spells, of five letters
		// or more: "di" alone could be anything.
		for k := j; k > i; k-- {
			sound := strings.Join(words[i:k], "")
			if len(sound) < minPinyinLetters {
				break
			}
			if !slices.Contains(pinyin[i:k], true) {
				continue // English words all: "change", "long"
			}
			if han := e.sounds.find(sound); han != "" {
				// The characters stand in the pinyin's place: "fujian" is
				// no province here.
				out.WriteString(text[from:starts[i]])
				out.WriteString(han)
				from = ends[k-1]
				j, found = k, true
				break
			}
		}
		if !found && soft[i] {
			continue // "can fang piao…": the run may start at a later word
		}
		i = j - 1
	}
	out.WriteString(text[from:])
	return out.String()
}

// minPinyinLetters is the least pinyin that names a stretch of the report.
const minPinyinLetters = 5

func isASCIILetter(b byte) bool { return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' }

// glossaryKnows reports whether the glossary has an English entry for the
// word (Xiguan, Yongqingfang): its own reading stands.
func (e *Engine) glossaryKnows(word string) bool {
	_, ok := e.glossary.phrases[porterstemmer.StemString(word)]
	return ok
}

// glossaryPair reports whether words[i] stands beside a neighbour as two
// words of one glossary entry ("gongcheng bazhai"), the neighbour perhaps
// misspelt ("baizhai"): the glossary reads the pair, and the pinyin reader
// would read only half of it.
func (e *Engine) glossaryPair(words []string, i int) bool {
	for _, j := range []int{i - 1, i + 1} {
		if j < 0 || j >= len(words) {
			continue
		}
		other := []string{words[j]}
		if w, ok := e.nearestWord(words[j]); ok {
			other = append(other, w)
		}
		for _, o := range other {
			a, b := words[i], o
			if j < i {
				a, b = o, words[i]
			}
			if e.glossary.pairs[a+" "+b] {
				return true
			}
		}
	}
	return false
}

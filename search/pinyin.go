package search

import (
	"slices"
	"strings"
	"sync"

	"github.com/mozillazg/go-pinyin"
)

// Residents type with pinyin input methods, so their typos are homophones of
// the word they meant (坨位 for 托位, 就叶 for 就业, 固定姿产 for 固定资产). The
// sound corrector mends such a typo only by turning a stretch of the question
// the report never says into a word the report does say, that sounds the same
// and keeps at least one of the resident's characters.
//
// go-pinyin has no Cantonese readings and no maintained Go library was found
// that has them, so only Mandarin sounds are compared.

const (
	minSoundWindow = 2
	maxSoundWindow = 4
)

// soundFixed are characters a resident types for themselves, never as a
// typo: postpositions (市里, 体系里: 里 is not 荔 or 列), measure words, and
// the remnant of a question word (甚 of 甚么), and how much is asked (总, 共,
// 多, 少, 几: 总面积 is no typo of 综). Function characters are too.
var soundFixed = map[rune]bool{}

// ownChars are the soundFixed characters that are not function characters.
const ownChars = "里上下内外边间个甚啥咋总共多少几"

// notTargets are characters a typo is never mended into: grammar, whose
// bigrams in the report are seams between words (路等 of 道路等 is not a
// word 路灯 could have meant).
var notTargets = map[rune]bool{}

func init() {
	for _, r := range ownChars {
		soundFixed[r] = true
	}
	for _, r := range "等以之其并于而为与及或" {
		notTargets[r] = true
	}
	for r := range functionChars {
		soundFixed[r] = true
		notTargets[r] = true
	}
	// The report's 地 is land, not grammar: 绿地, 地块, 用地 are words a
	// typo may have meant ("新增多少绿第").
	delete(notTargets, '地')
	// Measure words: "卖多少幅地" is not 帮扶地区's 扶地.
	for _, u := range countUnits {
		if rs := []rune(u); len(rs) == 1 {
			soundFixed[rs[0]] = true
		}
	}
}

// correction is one change the engine made to the question before matching
// it. A phonetic correction (same sound, report word) is a likely reading of
// what the resident meant; a non-phonetic one (same shape of context) is a
// guess. from and to have as many characters; applied in order, each to the
// text the ones before it left, they turn the question as typed into the
// question as matched.
type correction struct {
	from, to string
	phonetic bool
}

// gram is a report n-gram of 2 to 4 Han characters, zero-padded, so that it
// can key a map without allocating a string.
type gram [maxSoundWindow]rune

func gramOf(rs []rune) gram {
	var g gram
	copy(g[:], rs)
	return g
}

type soundWord struct {
	text      gram
	chars     [maxSoundWindow]int32 // indexes into soundCorrector.chars
	n         int
	df        int   // documents holding it: ties go to the commoner word
	notTarget uint8 // bit p: text[p] is in notTargets
	lastDoc   int   // the last document counted in df, while building
}

// charSound is a report character's toneless syllables, every reading
// pinyin-data knows, and the same under the southern mergers.
type charSound struct{ exact, fuzzy []uint16 }

// slotKey names a character at a position of a report n-gram of length n,
// packed in an integer: the lookup runs for every window of a question.
func slotKey(n, at int, r rune) uint64 { return uint64(n)<<40 | uint64(at)<<32 | uint64(uint32(r)) }

// soundCorrector is built once from the report and only read afterwards, so
// it is safe for concurrent use.
type soundCorrector struct {
	names     []string // never typos: the report's own place words (荔湾), and report terms of the data files it lacks (托位)
	kept      wordSet  // never typos either: residents' words for the report's sentences (商场)
	words     []soundWord
	byGram    map[gram]int32     // report n-gram → index into words
	bySlot    map[uint64][]int32 // words holding a character at a position (slotKey)
	charIDs   map[rune]int32     // the report's characters → index into chars
	chars     []charSound
	syllables map[string]uint16 // toneless syllable → id, from 1
	fuzzyIDs  map[string]uint16 // merged syllable → id, from 1
	fuzzyOf   []uint16          // syllable id → merged syllable id
	args      pinyin.Args
}

func newSoundCorrector(docs []string) *soundCorrector {
	han := hanCount(docs)
	grams := sizeHint(han * 8 / 5) // distinct n-grams: about 1.5 a character on the real report
	c := &soundCorrector{
		byGram:    make(map[gram]int32, grams),
		bySlot:    make(map[uint64][]int32, sizeHint(han*6/5)),
		words:     make([]soundWord, 0, grams),
		charIDs:   map[rune]int32{},
		syllables: map[string]uint16{},
		fuzzyIDs:  map[string]uint16{},
		fuzzyOf:   []uint16{0},
		args:      soundArgs,
	}
	for di, d := range docs {
		rs := []rune(d)
		for _, r := range rs {
			if isHan(r) {
				c.learn(r)
			}
		}
		for i := range rs {
			if !isHan(rs[i]) {
				continue
			}
			for n := minSoundWindow; n <= maxSoundWindow && i+n <= len(rs) && isHan(rs[i+n-1]); n++ {
				g := gramOf(rs[i : i+n])
				if w, ok := c.byGram[g]; ok {
					if c.words[w].lastDoc != di {
						c.words[w].lastDoc = di
						c.words[w].df++
					}
					continue
				}
				wi := int32(len(c.words))
				c.byGram[g] = wi
				w := soundWord{text: g, n: n, df: 1, lastDoc: di}
				for p := range n {
					w.chars[p] = c.charIDs[g[p]]
					if notTargets[g[p]] {
						w.notTarget |= 1 << p
					}
				}
				c.words = append(c.words, w)
				for p := range n {
					k := slotKey(n, p, g[p])
					c.bySlot[k] = append(c.bySlot[k], wi)
				}
			}
		}
	}
	return c
}

// learn records a report character's syllables, giving new ones an id.
func (c *soundCorrector) learn(r rune) {
	if _, ok := c.charIDs[r]; ok {
		return
	}
	var cs charSound
	for _, s := range readings(r) {
		id, ok := c.syllables[s]
		if !ok {
			id = uint16(len(c.syllables) + 1)
			c.syllables[s] = id
			m := fuzzySyllable(s)
			fid, ok := c.fuzzyIDs[m]
			if !ok {
				fid = uint16(len(c.fuzzyIDs) + 1)
				c.fuzzyIDs[m] = fid
			}
			c.fuzzyOf = append(c.fuzzyOf, fid)
		}
		cs.exact = append(cs.exact, id)
		if f := c.fuzzyOf[id]; !slices.Contains(cs.fuzzy, f) {
			cs.fuzzy = append(cs.fuzzy, f)
		}
	}
	c.charIDs[r] = int32(len(c.chars))
	c.chars = append(c.chars, cs)
}

// soundArgs ask go-pinyin for every toneless reading of a character, and
// none for a character it does not know.
var soundArgs = pinyin.Args{Style: pinyin.Normal, Heteronym: true, Fallback: func(rune, pinyin.Args) []string { return nil }}

// readingsOf caches a character's readings (soundArgs) for every engine of
// the process: looking them up was most of building a corrector, go-pinyin
// restyling each reading with regular expressions, and they are the same
// for every report. The slices are only read.
var readingsOf sync.Map // rune → []string

func readings(r rune) []string {
	if v, ok := readingsOf.Load(r); ok {
		return v.([]string)
	}
	rs := pinyin.SinglePinyin(r, soundArgs)
	readingsOf.Store(r, rs)
	return rs
}

// firstSound returns the syllable of a typed character's first, commonest
// reading, or 0 if no report character has that syllable (then nothing in
// the report sounds like it).
func (c *soundCorrector) firstSound(r rune) uint16 {
	if id, ok := c.charIDs[r]; ok {
		if cs := c.chars[id]; len(cs.exact) > 0 {
			return cs.exact[0]
		}
		return 0
	}
	if !isHan(r) {
		return 0
	}
	args := c.args
	args.Heteronym = false
	for _, s := range pinyin.SinglePinyin(r, args) {
		return c.syllables[s]
	}
	return 0
}

// fuzzySyllable merges the pairs southern speakers (Cantonese among them)
// confuse when they type pinyin: z/zh, c/ch, s/sh, n/l, in/ing, en/eng, an/ang.
func fuzzySyllable(s string) string {
	switch {
	case strings.HasPrefix(s, "zh"), strings.HasPrefix(s, "ch"), strings.HasPrefix(s, "sh"):
		s = s[:1] + s[2:]
	case strings.HasPrefix(s, "n") && s != "n" && s != "ng":
		s = "l" + s[1:]
	}
	if strings.HasSuffix(s, "ing") || strings.HasSuffix(s, "eng") || strings.HasSuffix(s, "ang") {
		s = s[:len(s)-1]
	}
	return s
}

// startsAlike reports whether some reading of a and some reading of b
// begin with the same consonant, as southern speakers hear them (zh as z,
// n as l), or both with none: 泣 qì and 迁 qiān do, 靠 kào and 预 yù do not.
func startsAlike(a, b rune) bool {
	args := pinyin.Args{Style: pinyin.Normal, Heteronym: true, Fallback: func(rune, pinyin.Args) []string { return nil }}
	for _, x := range pinyin.SinglePinyin(a, args) {
		for _, y := range pinyin.SinglePinyin(b, args) {
			if initialOf(fuzzySyllable(x)) == initialOf(fuzzySyllable(y)) {
				return true
			}
		}
	}
	return false
}

// initialOf is a syllable's initial consonant, "" for none (a, e, o; y and
// w are written vowels).
func initialOf(syllable string) string {
	if syllable == "" || strings.ContainsRune("aeoiuvyw", rune(syllable[0])) {
		return ""
	}
	return syllable[:1]
}

func (c *soundCorrector) known(a, b rune) bool {
	_, ok := c.byGram[gram{a, b}]
	return ok
}

// looseWindow is the shortest report word a function character may be
// mended into.
const looseWindow = 3

// soundFix is a candidate rewrite of rs[at:at+n] into a report word.
type soundFix struct {
	at, n int
	word  int32
	exact bool
}

// better orders fixes: same sound before merged sound, longer before
// shorter, then the word the report uses in more sentences.
func (c *soundCorrector) better(a, b soundFix) bool {
	if a.exact != b.exact {
		return a.exact
	}
	if a.n != b.n {
		return a.n > b.n
	}
	return c.words[a.word].df > c.words[b.word].df
}

// correct rewrites the stretches of a Han run that the report never says
// into report words that sound the same, best fix first, and says what it
// changed. A character may change only if it is a typo by the report's
// standards: it makes no report bigram with either neighbour, and it is not
// a function character or part of a place name. The window must keep one of
// the resident's characters, must not leave a typo next to a character it
// changed (区车 in 全区车位 is not a word: 位 shows the word is 车位), and a
// merged-sound match may change only one character.
func (c *soundCorrector) correct(run string) (string, []correction) {
	rs := []rune(run)
	if len(rs) < minSoundWindow {
		return run, nil
	}
	first := make([]uint16, len(rs))
	for i, r := range rs {
		first[i] = c.firstSound(r)
	}
	protected := make([]bool, len(rs))
	// Questions naming another place are answered by scope before they get
	// here; the report's own place words may remain, and are names.
	for _, name := range c.names {
		if strings.Contains(run, name) {
			markAll(rs, []rune(name), protected)
		}
	}
	c.kept.mark(rs, protected)
	bad := make([]bool, len(rs))        // a typo by the report's standards
	changeable := make([]bool, len(rs)) // a typo the corrector may mend
	// A function character the report never writes beside one of its
	// neighbours may be a typo too (商业在体 for 商业载体), but it is mended
	// only inside a longer report word that keeps two of the resident's
	// characters.
	loose := make([]bool, len(rs))
	changed := make([]bool, len(rs)) // in this pass
	dirty := make([]bool, len(rs))   // changed in the pass before
	for i := range dirty {
		dirty[i] = true
	}
	var fixes []correction
	var cands []soundFix
	// Each pass applies, best first, every fix that no fix applied before it
	// in the pass can have altered; a fix mends at least one typo, so the
	// passes end.
	for range rs {
		for i, r := range rs {
			bad[i] = !protected[i] && !functionChars[r] &&
				(i == 0 || !c.known(rs[i-1], r)) && (i == len(rs)-1 || !c.known(r, rs[i+1]))
			changeable[i] = bad[i] && !soundFixed[r] && first[i] != 0
			loose[i] = !protected[i] && functionChars[r] && first[i] != 0 &&
				(i == 0 || !c.known(rs[i-1], r) || i == len(rs)-1 || !c.known(r, rs[i+1]))
		}
		cands = cands[:0]
		for n := minSoundWindow; n <= maxSoundWindow; n++ {
			for at := 0; at+n <= len(rs); at++ {
				// A window no change of the last pass can have altered has
				// already had its best fix applied, or lost it to a better one.
				if slices.Contains(dirty[max(0, at-2):min(len(rs), at+n+2)], true) {
					cands = c.candidates(cands, rs, first, bad, changeable, loose, at, n)
				}
			}
		}
		if len(cands) == 0 {
			break
		}
		slices.SortStableFunc(cands, func(a, b soundFix) int {
			switch {
			case c.better(a, b):
				return -1
			case c.better(b, a):
				return 1
			}
			return 0
		})
		clear(changed)
		var applied []soundFix
		for _, f := range cands {
			// A fix depends on its window, the neighbours whose typo
			// status it reads, and theirs.
			if slices.Contains(changed[max(0, f.at-2):min(len(rs), f.at+f.n+2)], true) {
				continue
			}
			for p := range f.n {
				changed[f.at+p] = true
			}
			applied = append(applied, f)
		}
		// The fixes of one pass are apart, so they are applied and
		// recorded left to right.
		slices.SortFunc(applied, func(a, b soundFix) int { return a.at - b.at })
		for _, f := range applied {
			w := c.words[f.word]
			// The record takes in a neighbour a changed edge now makes a
			// report word with: 就叶人 → 就业人 whichever window won.
			lo, hi := f.at, f.at+f.n
			if lo > 0 && rs[lo] != w.text[0] && !functionChars[rs[lo-1]] && c.known(rs[lo-1], w.text[0]) {
				lo--
			}
			if hi < len(rs) && rs[hi-1] != w.text[f.n-1] && !functionChars[rs[hi]] && c.known(w.text[f.n-1], rs[hi]) {
				hi++
			}
			from := string(rs[lo:hi])
			for p := range f.n {
				if rs[f.at+p] != w.text[p] {
					rs[f.at+p] = w.text[p]
					first[f.at+p] = c.firstSound(w.text[p])
				}
			}
			fixes = append(fixes, correction{from: from, to: string(rs[lo:hi]), phonetic: true})
		}
		copy(dirty, changed)
	}
	if len(fixes) == 0 {
		return run, nil
	}
	return string(rs), fixes
}

// candidates appends the report words rs[at:at+n] may be rewritten into.
// Every candidate keeps a character of the window, so it is found among the
// report words holding one of the window's characters at its position.
func (c *soundCorrector) candidates(out []soundFix, rs []rune, first []uint16, bad, changeable, loose []bool, at, n int) []soundFix {
	win := rs[at : at+n]
	if !slices.Contains(changeable[at:at+n], true) && (n < looseWindow || !slices.Contains(loose[at:at+n], true)) {
		return out
	}
	if _, ok := c.byGram[gramOf(win)]; ok {
		return out
	}
	for p := range n {
	words:
		for _, wi := range c.bySlot[slotKey(n, p, win[p])] {
			w := c.words[wi]
			changed, strong, loosened := 0, true, false
			for q := range n {
				if w.text[q] == win[q] {
					if q < p {
						continue words // found through its first kept character
					}
					continue
				}
				if w.notTarget&(1<<q) != 0 {
					continue words
				}
				if !changeable[at+q] {
					// Inside the word only: at its edge a function
					// character is grammar (项目是几个).
					if !loose[at+q] || n < looseWindow || q == 0 || q == n-1 {
						continue words
					}
					loosened = true
				}
				changed++
				switch c.reading(w.chars[q], first[at+q]) {
				case noMatch:
					continue words
				case weakMatch:
					strong = false
				}
			}
			// A weak (merged-sound) match may change only one character,
			// and needs a window of three to be more than a coincidence.
			if !strong && (changed > 1 || n < 3) {
				continue
			}
			if loosened && (!strong || n-changed < 2) {
				continue
			}
			if breaksWord(win, w.text[:n]) {
				continue
			}
			// A typo next to a changed character that the change leaves a
			// typo means the resident's word runs on past the window: 全区车
			// of 全区车位 (居位 is no report word either). 就叶 of 就叶人数 is
			// mended, since 业人 is.
			if w.text[0] != win[0] && at > 0 && bad[at-1] && !c.known(rs[at-1], w.text[0]) {
				continue
			}
			if end := at + n; w.text[n-1] != win[n-1] && end < len(rs) && bad[end] && !c.known(w.text[n-1], rs[end]) {
				continue
			}
			out = append(out, soundFix{at: at, n: n, word: wi, exact: strong})
		}
	}
	return out
}

// breaksWord reports a fix that turns a pair of the resident's characters
// that is a common word of Chinese into a pair that is none: 市级 (city
// level) is no typo of 市居, a seam the report writes only across two words
// (城市居民). A typo makes a non-word (就叶) or another word (公理 for 公里).
func breaksWord(typed, fixed []rune) bool {
	for i := 0; i+1 < len(typed); i++ {
		if (typed[i] != fixed[i] || typed[i+1] != fixed[i+1]) && isChineseWord(string(typed[i:i+2])) && !isChineseWord(string(fixed[i:i+2])) {
			return true
		}
	}
	return false
}

type match int

const (
	noMatch match = iota
	weakMatch
	strongMatch
)

// reading says how well a typed character stands for the report's one by
// sound. The report's character may be read any way pinyin-data knows (行 in
// 银行 is hang), but the typed one only its first, common way, the one an
// input method offers it for: pinyin-data lists every reading a character
// has ever had, and through them 厂 sounds like 验 (yan), 税 like 托 (tuo)
// and 车 like 居 (ju). A merged (fuzzy) sound is a weak match.
func (c *soundCorrector) reading(want int32, typedFirst uint16) match {
	cs := c.chars[want]
	switch {
	case typedFirst == 0:
		return noMatch
	case slices.Contains(cs.exact, typedFirst):
		return strongMatch
	case slices.Contains(cs.fuzzy, c.fuzzyOf[typedFirst]):
		return weakMatch
	}
	return noMatch
}

// markAll marks the positions of every occurrence of name in rs.
func markAll(rs, name []rune, marks []bool) {
	for i := 0; i+len(name) <= len(rs); i++ {
		match := true
		for j, r := range name {
			if rs[i+j] != r {
				match = false
				break
			}
		}
		if match {
			for j := range name {
				marks[i+j] = true
			}
		}
	}
}

// soundedUnits are the units of more than one character a resident may
// type by sound after a quantity cue: "几公倾" is 几公顷.
var soundedUnits = []string{"平方米", "平方", "公顷", "公里", "分钟", "人次"}

// withSoundedUnits mends a unit typed by sound right after 几 or 多少
// ("有多大一片?几公倾?"), so that the unit is asked as the resident meant
// it: the unit says how the figure measures, and licenses no other noun.
func withSoundedUnits(text string) string {
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		at := -1
		switch {
		case rs[i] == '几':
			at = i + 1
		case rs[i] == '多' && i+1 < len(rs) && rs[i+1] == '少':
			at = i + 2
		}
		if at < 0 {
			continue
		}
		for _, u := range soundedUnits {
			ur := []rune(u)
			if at+len(ur) <= len(rs) && string(rs[at:at+len(ur)]) != u && soundsAs(rs[at:at+len(ur)], ur) {
				copy(rs[at:], ur)
				break
			}
		}
	}
	return string(rs)
}

// soundsAs reports typed runes each of which has a reading of the wanted
// rune in its place, and at least one of them the same character.
func soundsAs(typed, want []rune) bool {
	same := false
	for i, r := range typed {
		if r == want[i] {
			same = true
			continue
		}
		if !isHan(r) || !slices.ContainsFunc(readings(r), func(s string) bool { return slices.Contains(readings(want[i]), s) }) {
			return false
		}
	}
	return same
}

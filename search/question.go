package search

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxQuestionRunes bounds the work one message can cause; a longer message is
// cut and the reply says so.
const maxQuestionRunes = 200

// readablePart is the part of a message longer than maxQuestionRunes that is
// read: its beginning, unless only its end asks. Residents tell their story
// first and ask last ("…our eldest starts school soon. I heard the district
// wants 6000 childcare places - is that right?"), and the story's runes
// would leave the question unread.
func readablePart(text string) string {
	rs := []rune(text)
	head, tail := string(rs[:maxQuestionRunes]), rs[len(rs)-maxQuestionRunes:]
	if strings.ContainsAny(head, "?？") || !strings.ContainsAny(string(tail), "?？") {
		return head
	}
	// Start the end at a word, so that no word is cut and as much of the
	// story stays as may; Chinese has no spaces, and starts anywhere.
	for i, r := range tail {
		if i > maxQuestionRunes/4 {
			break
		}
		if r == ' ' {
			return string(tail[i+1:])
		}
	}
	return string(tail)
}

// question is what the engine understood of a resident's message.
type question struct {
	text        string   // normalised, synonyms applied
	wantsFigure bool     // asks for a quantity
	unit        string   // the unit the quantity should have, if the question names one
	runs        []string // the content left once question words are gone, typos corrected
	terms       []term   // what a sentence must contain to answer it
	units       []unit   // the question's characters (or Latin words), which terms cover them
	// corrections are the typos mended in runs, by sound or by context: a
	// figure found through a guessed word must say what was understood.
	corrections []correction
	// found memoises where each term stands in siteIndex in: credit asks
	// for the same terms of every candidate sentence.
	found map[string]*sites
	in    *siteIndex
}

// sitesOf is where term t stands in si, found once per question.
func (q *question) sitesOf(si *siteIndex, t string) *sites {
	if q.in != si {
		q.found, q.in = map[string]*sites{}, si
	}
	s, ok := q.found[t]
	if !ok {
		s = si.find(t)
		q.found[t] = s
	}
	return s
}

// unit is one character of the question, or one Latin word, with the terms
// that cover it; a sentence covers the unit if it holds any of them.
type unit struct {
	weight float64
	terms  []int // indexes into question.terms
}

// term is a piece of the question a sentence can contain: a Han bigram, a
// lone Han character, or a Latin word or number.
type term struct {
	text   string
	weight float64 // how much the term says about the topic (inverse document frequency)
}

func (q *question) totalWeight() float64 {
	t := 0.0
	for _, tm := range q.terms {
		t += tm.weight
	}
	return t
}

// coverage is the weighted share of the question's units that a sentence
// covers, given how much credit the sentence earns for each term.
func (q *question) coverage(credit []float64) float64 {
	total, covered := 0.0, 0.0
	for _, u := range q.units {
		total += u.weight
		best := 0.0
		for _, t := range u.terms {
			best = max(best, credit[t])
		}
		covered += best * u.weight
	}
	if total == 0 {
		return 0
	}
	return covered / total
}

// analyze turns normalised question text into weighted terms. Steps: note
// the quantity cues, rewrite synonyms to the report's wording, drop question
// words, correct typos (by sound against the report's words, then what is
// still unknown against the report's own trigrams), then weigh bigrams by
// how rare they are in the report.
func (e *Engine) analyze(text string) *question {
	q := &question{}
	q.text = withSoundedUnits(e.synonyms.apply(text))
	q.wantsFigure, q.unit = figureIntent(q.text)
	// "是不是快两百个了": the asker's own guess at the figure is no word the
	// answer must hold.
	// Nor is an amount given roughly ("搞到六千几个托位").
	content := guessedQuantity.ReplaceAllString(approxAmount.ReplaceAllString(q.text, " "), " ")
	// A counter is its number's, not the start of the noun after it: "改造50
	// 个老小区" names 老旧小区, and 个老 is no word of it.
	content = countedNumber.ReplaceAllString(content, " ")
	for _, run := range e.contentRuns(content) {
		if isHanRun(run) {
			var fixed []correction
			run, fixed = e.stats.sounds.correct(run)
			q.corrections = append(q.corrections, fixed...)
			run, fixed = e.stats.correct(run)
			q.corrections = append(q.corrections, fixed...)
		}
		q.runs = append(q.runs, run)
	}
	q.terms, q.units = e.stats.terms(q.runs)
	return q
}

// countedNumber is a number in digits with its one-rune counter.
var countedNumber = regexp.MustCompile(`[0-9０-９]+(?:\.[0-9]+)?[个条家项所场宗户片座间]`)

// sizeChars say how big, new or old a thing is, as the resident means it:
// "有个大目标" is no typo of 个项目.
var sizeChars = map[rune]bool{'大': true, '小': true, '新': true, '老': true}

// checksGuess reports a guess at the figure the asker checks: one with a
// word of approximation or a question particle of its own ("快两百个了？",
// "学位有5040个吗"), or after a word that offers it ("好像是五百多亿",
// "是不是35条"), not a number of the asker's own life ("我月薪5000元").
func checksGuess(text string) bool {
	for _, m := range guessedQuantity.FindAllStringSubmatchIndex(text, -1) {
		if m[2] >= 0 || m[8] >= 0 && m[9] > m[8] {
			return true
		}
		// "是不是说要超过6500个": what stands between the offer and the
		// number says how the figure is set, not what is guessed.
		before := guessLinks.ReplaceAllString(text[:m[0]], "")
		if slices.ContainsFunc(guessOffers, func(w string) bool { return strings.HasSuffix(before, w) }) {
			return true
		}
	}
	return false
}

// checksHeardNumber reports whether a message checks a number the asker
// heard inside what they heard: "听人讲今年新增5000个公办学位,是不是真的?"
// asks for the report's number as "是不是5000个" does.
// The check may end any clause: "听说要办1000场演出,是真的吗?那我可以看到
// 手软了哈哈" goes on after it.
func checksHeardNumber(text string) bool {
	return heardNumber.MatchString(text) && slices.ContainsFunc(splitClauses(text), checksHeard.MatchString)
}

// heardNumber is a number with its counter or unit anywhere in a clause.
var heardNumber = regexp.MustCompile(`[0-9０-９]+(%|％|` + countedUnits + `|亿元|万元|亿|万|元)`)

// guessLinks end the words between a guess offer and its number.
var guessLinks = regexp.MustCompile(`(?:说|话|讲|要|会|能|可以|超过|超|达到|达|有|到)+$`)

// guessOffers stand right before a guess at the figure.
// "係咪得3公頃": 得 is Cantonese "only".
var guessOffers = []string{"是不是", "是", "有", "好像", "好似", "听说", "听讲", "据说", "系咪", "係咪", "应该", "估计", "是不是得", "系咪得", "係咪得"}

// guessedQuantity is a number with its counter or unit that ends a clause, as an
// asker's guess at the figure does ("快两百个了？", "是35条吗", "好像是五百多亿",
// "系咪7000个咁上下"); a number
// inside a name (15分钟就业服务圈, 两个清单) runs on into it.
var guessedQuantity = regexp.MustCompile(`(快|近|差不多|大概|大约|约)?[0-9０-９〇一二两三四五六七八九十百千万]+[多几]?(` + countedUnits + `|分钟|亿元|万元|亿|万|元|%|％)(这么多|那么多|咁多|左右|上下)?(了|吗|吧|呢|啊|呀|么)*([^\p{Han}]|$)`)

// countedUnits are the counters and measures an asker's number is written
// with, longest first where one holds another (万平方米 before 平方米).
const countedUnits = `个|条|家|项|所|场|宗|户|人次|人|片|座|间|万平方米|平方米|平方公里|公里|公顷|亩`

// whichOf is a question of which things, by their counter: 哪几条(街).
var whichOf = regexp.MustCompile(`哪几([个条家所项座间片])`)

func figureIntent(text string) (wants bool, unit string) {
	// "托位是不是六千几个": an asker checking a number they heard wants the
	// report's; a number of their own ("我月薪5000元") is no check.
	wants = approxAmount.MatchString(text) || checksGuess(text) || checksHeardNumber(text)
	// 哪几家, 哪几个 ask which, not how many; 好几个 (several) asks
	// nothing.
	// 第几届 asks which one, as 哪 does: the sentence that names it answers.
	// And "有几条街会开…，是哪几条街": the count before a question of
	// which names the things the question asks about, not how many.
	for _, m := range whichOf.FindAllStringSubmatch(text, -1) {
		text = strings.ReplaceAll(text, "几"+m[1], m[1])
	}
	text = withoutNonAsking(ordinalCue.ReplaceAllString(strings.ReplaceAll(text, "哪几", "哪"), "哪"))
	for _, c := range figureCues {
		if strings.Contains(text, c) {
			wants = true
			break
		}
	}
	for _, cue := range []string{"多少", "几"} {
		// Every occurrence: an English question's pseudo-Chinese may
		// repeat the cue ("多少 多少分钟").
		for rest := text; ; {
			_, after, ok := strings.Cut(rest, cue)
			if !ok {
				break
			}
			if strings.HasPrefix(after, "个点") || strings.HasPrefix(after, "个百分点") || strings.HasPrefix(after, "百分点") {
				return wants, "%" // 增长几个点: percentage points
			}
			if strings.HasPrefix(after, "个亿") || strings.HasPrefix(after, "个万") {
				break // 投资多少个亿: an amount in 亿, which unitCues read
			}
			if u := firstPrefix(after, countUnits); u != "" {
				return wants, u
			}
			rest = after
		}
	}
	for _, c := range unitCues {
		if strings.Contains(text, c.cue) {
			return wants, c.unit
		}
	}
	return wants, guessUnit(text)
}

// guessUnit is the unit of the asker's guess at the figure, if they check
// one ("是不是3000人", "20公顷吗"): what the guess measures is what is asked,
// and 14家 centres do not check 3000 people. A guess in 万 or 亿 alone
// names no unit.
func guessUnit(text string) string {
	if !checksGuess(text) {
		return ""
	}
	m := guessedQuantity.FindStringSubmatch(text)
	switch u := m[2]; u {
	case "万", "亿":
		return ""
	case "亿元", "万元":
		return "元"
	case "万平方米":
		return "平方米"
	default:
		return u
	}
}

// contentRuns removes question and place words and splits what is left into
// runs of Han characters and Latin words or numbers.
func (e *Engine) contentRuns(text string) []string {
	text = e.questionWords.apply(text)
	var b strings.Builder
	for i := 0; i < len(text); {
		rest := text[i:]
		if w := firstPrefix(rest, e.placeWords); w != "" && !e.stats.continuesName(rest, w) {
			b.WriteByte(' ')
			i += len(w)
			continue
		}
		r, size := utf8.DecodeRuneInString(rest)
		b.WriteRune(r)
		i += size
	}
	var runs []string
	var cur []rune
	kind := 0 // 1 Han, 2 Latin letter or digit
	flush := func() {
		if len(cur) > 0 {
			runs = append(runs, string(cur))
		}
		cur, kind = cur[:0:0], 0
	}
	for _, r := range b.String() {
		k := 0
		switch {
		case isHan(r):
			k = 1
		case unicode.IsLetter(r) || unicode.IsDigit(r) || (r == '.' && kind == 2):
			k = 2
		}
		if k != kind {
			flush()
		}
		if k != 0 {
			cur = append(cur, r)
			kind = k
		}
	}
	flush()
	return runs
}

func isHanRun(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isHan(r)
}

// corpusStats are the report's own statistics, the ground truth for
// weighing, correcting and covering a question.
// onlyAfterNumbers reports whether the report writes the pair a, b only
// right after a number: 宗地 stands only in "9宗地块", where 宗 counts.
func (s *corpusStats) onlyAfterNumbers(a, b rune) bool {
	for _, c := range s.heads[[2]rune{a, b}] {
		if !strings.ContainsRune(hanNumerals, c) {
			return false
		}
	}
	return true
}

// hanNumerals write a number in Chinese.
const hanNumerals = "〇一二两三四五六七八九十百千万亿几"

type corpusStats struct {
	n        float64            // documents (indexed sentences)
	bigramDF map[string]int     // documents whose text or topic holds the bigram
	charDF   map[rune]int       // documents holding the character
	middles  map[[2]rune][]rune // report trigrams a?b by their outer pair (a, b)
	heads    map[[2]rune][]rune // report trigrams ?ab by their tail (a, b)
	tails    map[[2]rune][]rune // report trigrams ab? by their head (a, b)
	trigrams map[[3]rune]int    // how often each trigram occurs in the report
	docs     []string           // normalised text and topic of every document
	phrases  *phraseIndex       // the same, to find a phrase in
	sounds   *soundCorrector    // the report's words by their pinyin

	// absent are report terms of the data files that this report lacks
	// (托位, on a report without childcare places): a question naming one
	// means it as written, and asks what the report does not cover.
	absent []string
	// residentWords are the words residents' vocabulary uses for the
	// report's sentences (商场, 写字楼): words the report lacks but that
	// mean what they say, so never typos to correct.
	residentWords wordSet
	// englishDF counts the sentences whose English rendering holds a stem,
	// where the report has one: an English word the glossary could not
	// place may still be an ordinary word of the report's English.
	englishDF func(stem string) int
}

func newCorpusStats(docs []string) *corpusStats {
	// On the real report: about one distinct bigram for two Han
	// characters, a distinct trigram for each two.
	han := hanCount(docs)
	s := &corpusStats{
		n:        float64(len(docs)),
		bigramDF: make(map[string]int, sizeHint(han/2)),
		charDF:   map[rune]int{},
		middles:  make(map[[2]rune][]rune, sizeHint(han*3/5)),
		heads:    make(map[[2]rune][]rune, sizeHint(han/2)),
		tails:    make(map[[2]rune][]rune, sizeHint(han/2)),
		trigrams: make(map[[3]rune]int, sizeHint(han*3/5)),
		docs:     docs,
		phrases:  newPhraseIndex(docs),
		sounds:   newSoundCorrector(docs),
	}
	seenB := map[string]bool{}
	seenC := map[rune]bool{}
	var rs []rune
	var at []int // the byte offset of each of rs in its document, and its length
	for _, d := range docs {
		clear(seenB)
		clear(seenC)
		rs, at = rs[:0], at[:0]
		for i, r := range d {
			rs, at = append(rs, r), append(at, i)
		}
		at = append(at, len(d))
		for i, r := range rs {
			if !isHan(r) {
				continue
			}
			if !seenC[r] {
				seenC[r] = true
				s.charDF[r]++
			}
			if i+1 < len(rs) && isHan(rs[i+1]) {
				bg := d[at[i]:at[i+2]] // the document's own bytes: no string to allocate
				if !seenB[bg] {
					seenB[bg] = true
					s.bigramDF[bg]++
				}
			}
			if i+2 < len(rs) && isHan(rs[i+1]) && isHan(rs[i+2]) {
				t := [3]rune{r, rs[i+1], rs[i+2]}
				if s.trigrams[t] == 0 {
					s.middles[[2]rune{t[0], t[2]}] = append(s.middles[[2]rune{t[0], t[2]}], t[1])
					s.heads[[2]rune{t[1], t[2]}] = append(s.heads[[2]rune{t[1], t[2]}], t[0])
					s.tails[[2]rune{t[0], t[1]}] = append(s.tails[[2]rune{t[0], t[1]}], t[2])
				}
				s.trigrams[t]++
			}
		}
	}
	return s
}

// hanCount is how many Han characters docs hold.
func hanCount(docs []string) int {
	n := 0
	for _, d := range docs {
		for _, r := range d {
			if isHan(r) {
				n++
			}
		}
	}
	return n
}

// sizeHint caps a map's size hint: the maps of the statistics are sized for
// the report at once (growing them was a good part of building them), but a
// larger report repeats more of its n-grams than the estimate assumes, and
// past the cap they grow as they fill.
func sizeHint(n int) int { return min(n, 1<<15) }

func (s *corpusStats) idf(df int) float64 { return math.Log(1 + s.n/float64(df)) }

// unseenIDF weighs what the report never says: more than its rarest term.
func (s *corpusStats) unseenIDF() float64 { return math.Log(1 + s.n/0.5) }

func (s *corpusStats) charIDF(r rune) float64 {
	if df := s.charDF[r]; df > 0 {
		return s.idf(df)
	}
	return s.unseenIDF()
}

func (s *corpusStats) known(a, b rune) bool { return s.bigramDF[string([]rune{a, b})] > 0 }

// continuesName reports whether the place word at the start of text runs on
// into a term of the report, as 荔湾 does in 荔湾湖.
func (s *corpusStats) continuesName(text, word string) bool {
	rest := text[len(word):]
	next, _ := utf8.DecodeRuneInString(rest)
	last, _ := utf8.DecodeLastRuneInString(word)
	return isHan(next) && s.known(last, next)
}

// correct mends one-character typos in a Han run (托泣总量 → 托位总量): a
// character whose bigrams with both neighbours never occur in the report is
// replaced by the character that makes a trigram the report does contain,
// preferring one that fits both neighbours (托?总), else, for a character the
// report never uses, one that ends the two characters before it (屋拆? in
// 房屋拆泣面积) or starts the two after it. Typos by sound (托为, 拆签) are the
// sound corrector's, which runs first. Each change is reported with the
// neighbours it now makes report bigrams with (车位 → 托位): a guess by
// shape, so that the caller can say which word it guessed.
func (s *corpusStats) correct(run string) (string, []correction) {
	rs := []rune(run)
	if len(rs) < 3 {
		return run, nil
	}
	var fixes []correction
	kept := make([]bool, len(rs))
	for _, w := range s.absent {
		if strings.Contains(run, w) {
			markAll(rs, []rune(w), kept)
		}
	}
	s.residentWords.mark(rs, kept)
	changed := make([]bool, len(rs))
	fix := func(i int, c rune) {
		changed[i] = true
		lo, hi := i, i+1
		if i > 0 && s.known(rs[i-1], c) {
			lo = i - 1
		}
		if i+1 < len(rs) && s.known(c, rs[i+1]) {
			hi = i + 2
		}
		from := string(rs[lo:hi])
		rs[i] = c
		fixes = append(fixes, correction{from: from, to: string(rs[lo:hi])})
	}
	for i := range rs {
		leftBad := i == 0 || !s.known(rs[i-1], rs[i])
		rightBad := i == len(rs)-1 || !s.known(rs[i], rs[i+1])
		if !leftBad || !rightBad || functionChars[rs[i]] || kept[i] || sizeChars[rs[i]] {
			continue
		}
		if i == 0 && slices.Contains(counters, string(rs[0])) {
			// A run starting with a counter follows the quantity cue that
			// was dropped before it (几宗地块): the question's unit is read
			// from it, and a report that never counts in it (宗) does not
			// make it a typo of one that does (个).
			continue
		}
		if i > 0 && strings.ContainsRune(singleCounters, rs[i-1]) && s.charDF[rs[i]] > 0 {
			// What stands after a counter is what is counted: 路 in
			// "多少条路要翻新" is a road, not a typo of "25条重要道路"'s 重.
			continue
		}
		if i > 0 && i < len(rs)-1 {
			if c, ok := s.bestFit(s.middles[[2]rune{rs[i-1], rs[i+1]}], func(x rune) [3]rune { return [3]rune{rs[i-1], x, rs[i+1]} }); ok {
				fix(i, c)
				continue
			}
		}
		// A fit on one side only is weak evidence: "道路总长" is no typo of
		// "道路等…", nor "覆盖率" of "覆盖广". Only a character the report
		// never uses is replaced on it, and only on a side this pass left
		// as typed (世界杯冠军 is not 世界级, then 世界级地, then 世界级地标).
		if s.charDF[rs[i]] > 0 {
			continue
		}
		// Nor is a character replaced whose other neighbour is itself
		// unexplained, in no report bigram: 组织 in 组织出让 is a word the
		// report lacks, not a typo of 收储出让's 储. Beside a known word
		// (房屋拆泣面积's 面积) or the end of the run, it may be one.
		leftAlone := i > 0 && (i < 2 || !s.known(rs[i-2], rs[i-1]))
		rightAlone := i+1 < len(rs) && (i+2 >= len(rs) || !s.known(rs[i+1], rs[i+2]))
		// And the two must at least start alike when spoken: 拆泣 is 拆迁
		// mistyped, but 主要靠 (rely on) is no 主要预期.
		if i >= 2 && !changed[i-1] && !changed[i-2] && !rightAlone {
			if c, ok := s.bestFit(s.tails[[2]rune{rs[i-2], rs[i-1]}], func(x rune) [3]rune { return [3]rune{rs[i-2], rs[i-1], x} }); ok && startsAlike(rs[i], c) {
				fix(i, c)
				continue
			}
		}
		if i+2 < len(rs) && !leftAlone {
			if c, ok := s.bestFit(s.heads[[2]rune{rs[i+1], rs[i+2]}], func(x rune) [3]rune { return [3]rune{x, rs[i+1], rs[i+2]} }); ok && startsAlike(rs[i], c) {
				fix(i, c)
			}
		}
	}
	if len(fixes) == 0 {
		return run, nil
	}
	return string(rs), fixes
}

// bestFit picks the candidate whose trigram the report uses most.
func (s *corpusStats) bestFit(cands []rune, tri func(rune) [3]rune) (rune, bool) {
	best, bestN := rune(0), 0
	for _, c := range cands {
		if n := s.trigrams[tri(c)]; n > bestN {
			best, bestN = c, n
		}
	}
	return best, bestN > 0
}

// terms weighs the question's pieces and groups them by the character they
// cover. A bigram the report contains weighs its IDF. One it never contains
// counts against every sentence (it is what the question asks that the
// report lacks) unless it is only a seam next to a known word or holds a
// function character.
//
// Coverage is then counted per character, not per bigram: "老旧小区改造"
// is covered by a sentence saying "老旧小区微改造" even though the seam
// bigram 区改 is not in it, because 区 and 改 are each covered by another
// bigram the sentence holds.
//
// A report term of the data files that this report lacks (s.absent) is one
// term, unseen, for each of its characters: no sentence covers it in part
// by the words the report makes of its characters elsewhere (升级改造 by
// 改造), nor is it a seam, so the question's other words (全区, 道路) do
// not carry it to a sentence about something else.
func (s *corpusStats) terms(runs []string) ([]term, []unit) {
	var terms []term
	var units []unit
	index := map[string]int{}
	add := func(t string, w float64) int {
		if i, ok := index[t]; ok {
			return i
		}
		index[t] = len(terms)
		terms = append(terms, term{text: t, weight: w})
		return len(terms) - 1
	}
	for _, run := range runs {
		if !isHanRun(run) {
			units = append(units, unit{weight: s.latinIDF(run), terms: []int{add(run, s.latinIDF(run))}})
			continue
		}
		rs := []rune(run)
		if len(rs) == 1 {
			if !functionChars[rs[0]] {
				w := 0.5 * s.charIDF(rs[0])
				units = append(units, unit{weight: w, terms: []int{add(run, w)}})
			}
			continue
		}
		// span[p] is the absent term rs[p] stands in, or -1.
		span := make([]int, len(rs))
		for p := range span {
			span[p] = -1
		}
		for _, t := range s.absent {
			if !strings.Contains(run, t) {
				continue
			}
			tr := []rune(t)
			for i := 0; i+len(tr) <= len(rs); i++ {
				if span[i] < 0 && string(rs[i:i+len(tr)]) == t && !slices.ContainsFunc(span[i:i+len(tr)], func(x int) bool { return x >= 0 }) {
					id := add(t, s.unseenIDF())
					for p := i; p < i+len(tr); p++ {
						span[p] = id
					}
				}
			}
		}
		// bigram i joins rs[i] and rs[i+1]; -1 marks one that does not count.
		ids := make([]int, len(rs)-1)
		for i := range ids {
			ids[i] = -1
			if span[i] >= 0 && span[i] == span[i+1] {
				continue // inside an absent term, which counts whole
			}
			bg := string(rs[i : i+2])
			if df := s.bigramDF[bg]; df > 0 {
				// "要预约吗": 要预 stands in the report only as the seam of
				// 主要预期, and the question's word is 预约, which the report
				// never says. Such a seam names nothing asked.
				// A name the report does use (五羊杯) chains on through
				// bigrams it knows, and stays.
				leftKnown := i > 0 && s.known(rs[i-1], rs[i])
				rightKnown := i+2 < len(rs) && s.known(rs[i+1], rs[i+2])
				if !isChineseWord(bg) && (i > 0 && s.absentWord(rs[i-1:i+1]) && !rightKnown || i+2 < len(rs) && s.absentWord(rs[i+1:i+3]) && !leftKnown) {
					continue
				}
				ids[i] = add(bg, s.idf(df))
				continue
			}
			if functionChars[rs[i]] || functionChars[rs[i+1]] {
				continue
			}
			leftKnown := i > 0 && s.known(rs[i-1], rs[i])
			rightKnown := i+2 < len(rs) && s.known(rs[i+1], rs[i+2])
			if leftKnown || rightKnown {
				continue // a seam where a known word meets the next one
			}
			if !isChineseWord(bg) && (i > 0 && isChineseWord(string(rs[i-1:i+1])) || i+2 < len(rs) && isChineseWord(string(rs[i+1:i+3]))) {
				continue // a seam between words of Chinese at large: 种免 in 那种免费
			}
			ids[i] = add(bg, 0.5*(s.charIDF(rs[i])+s.charIDF(rs[i+1])))
		}
		for p := range rs {
			u := unit{}
			if span[p] >= 0 {
				u.terms, u.weight = []int{span[p]}, terms[span[p]].weight
			}
			for _, i := range []int{p - 1, p} {
				if i >= 0 && i < len(ids) && ids[i] >= 0 {
					u.terms = append(u.terms, ids[i])
					u.weight = max(u.weight, terms[ids[i]].weight)
				}
			}
			if len(u.terms) > 0 {
				units = append(units, u)
			}
		}
	}
	return terms, units
}

// absentWord reports a word of Chinese at large that the report never
// uses.
func (s *corpusStats) absentWord(pair []rune) bool {
	w := string(pair)
	return s.bigramDF[w] == 0 && isChineseWord(w)
}

func (s *corpusStats) latinIDF(word string) float64 {
	df := s.phrases.count(word)
	if df == 0 && s.englishDF != nil {
		df = s.englishDF(word)
	}
	if df == 0 {
		// An unknown word stands for a word of the question the report
		// lacks, worth about two Han characters; an ordinary word of
		// English ("proper", "basically") says less of what is asked.
		if isEnglishWord(word) {
			return s.unseenIDF()
		}
		return 2 * s.unseenIDF()
	}
	return s.idf(df)
}

func firstPrefix(s string, options []string) string {
	for _, o := range options {
		if strings.HasPrefix(s, o) {
			return o
		}
	}
	return ""
}

// wordSet is a set of Han words, to find in a run.
type wordSet struct {
	words    map[string]bool
	min, max int // word lengths in runes
}

func newWordSet(words []string) wordSet {
	ws := wordSet{words: map[string]bool{}, min: 1 << 30}
	for _, w := range words {
		n := utf8.RuneCountInString(w)
		ws.words[w] = true
		ws.min, ws.max = min(ws.min, n), max(ws.max, n)
	}
	return ws
}

// mark sets marks for every character of rs inside one of the words.
func (ws wordSet) mark(rs []rune, marks []bool) {
	for i := range rs {
		for n := ws.min; n <= ws.max && i+n <= len(rs); n++ {
			if ws.words[string(rs[i:i+n])] {
				for j := i; j < i+n; j++ {
					marks[j] = true
				}
			}
		}
	}
}

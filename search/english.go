package search

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	porterstemmer "github.com/blevesearch/go-porterstemmer"

	"github.com/liwanbot/liwanbot/corpus"
)

// glossary maps English phrases to the report's Chinese terms. Phrases are
// matched as sequences of Porter stems, so "childcare places", "childcare
// place" and "renovated"/"renovation" meet their entries.
type glossary struct {
	phrases map[string]string // space-joined stems → Chinese term
	// surfaces are each phrase's entries as written, word by word: a
	// question's word must be an inflection of one of them, not another
	// word the stemmer conflates with it (fittings and fitness are both
	// "fit").
	surfaces map[string][][]string
	maxWords int
	// separable are the entries that are a verb and its particle ("bring
	// back", "put up for sale"), by the verb's stem: their particle
	// may stand after the verb's object ("bring people back").
	separable map[string][][]string
	// exact are the one-word entries whose stem is a stopword's ("meeting"
	// stems to "meet", as in "meet the target"): only the word as written,
	// or its plural, stands for them.
	exact map[string]string
	words map[string]bool // every English word of its entries, for spelling
	pairs map[string]bool // every two words that follow each other in an entry, space-joined
}

// absent lists the Chinese terms of the glossary that inReport does not
// hold.
func (g *glossary) absent(inReport func(term string) bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, zh := range g.phrases {
		if seen[zh] {
			continue
		}
		seen[zh] = true
		if zh := normalizeText(zh); !inReport(zh) {
			out = append(out, zh)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func loadGlossary() (*glossary, error) {
	// Sized for the file at once: an entry's variants are its phrases, and
	// about half as many distinct words.
	data, err := dataFiles.ReadFile("data/glossary_en.txt")
	if err != nil {
		return nil, fmt.Errorf("search: read glossary_en.txt: %w", err)
	}
	variants := bytes.Count(data, []byte("|")) + bytes.Count(data, []byte("\n"))
	g := &glossary{phrases: make(map[string]string, variants), surfaces: make(map[string][][]string, variants), words: make(map[string]bool, variants/2),
		pairs: make(map[string]bool, variants), separable: map[string][][]string{}, exact: map[string]string{}}
	stemOf := make(map[string]string, variants/2) // the entries share most of their words: each is stemmed once
	err = eachLine("glossary_en.txt", func(fields []string) error {
		if len(fields) != 2 || fields[1] == "" {
			return fmt.Errorf("want english|variants<TAB>中文")
		}
		for _, en := range strings.Split(fields[0], "|") {
			prev := ""
			for w := range strings.FieldsSeq(strings.ToLower(en)) {
				g.words[w] = true // spell splits them properly later
				if prev != "" {
					g.pairs[prev+" "+w] = true
				}
				prev = w
			}
			words := englishWords(en)
			stems := make([]string, 0, len(words))
			for _, w := range words {
				if w == "" {
					continue
				}
				st, ok := stemOf[w]
				if !ok {
					st = porterstemmer.StemString(w)
					stemOf[w] = st
				}
				stems = append(stems, st)
			}
			if len(stems) == 1 && englishStopwords[stems[0]] && !frameWords[words[0]] && len(words[0]) > len(stems[0]) {
				g.exact[words[0]], g.exact[words[0]+"s"] = fields[1], fields[1]
				continue
			}
			if len(stems) == 0 || (len(stems) == 1 && (englishStopwords[stems[0]] || len(stems[0]) < 2)) {
				continue // a lone stopword would swallow every question's "a" or "is"
			}
			key := strings.Join(stems, " ")
			if zh, dup := g.phrases[key]; !dup || zh == fields[1] {
				g.phrases[key] = fields[1]
				g.surfaces[key] = append(g.surfaces[key], words)
				if len(stems) > 1 && verbParticles[stems[1]] {
					g.separable[stems[0]] = append(g.separable[stems[0]], stems[1:])
				}
			}
			g.maxWords = max(g.maxWords, len(stems))
		}
		return nil
	})
	return g, err
}

// rundown is how residents say a building is old ("old, run-down
// commercial buildings", "dilapidated flats"): the report's 老旧.
var rundown = regexp.MustCompile(`(?i)\b(?:old\s*,?\s*)?(?:run-down|run down|rundown|dilapidated|shabby|crumbling|worn-out|decrepit)\s+`)

// areaCoveredBy is a measure said of what takes it up: "the floor area
// (is) covered by the new projects", "how much floor area is involved", as
// "the floor area of" is said.
var areaCoveredBy = regexp.MustCompile(`(?i)\b(area|space)\s+(?:(?:is|are|will\s+be)\s+)?(?:covered|occupied|taken\s+up|involved)(?:\s+(?:by|in)\b)?`)

// slashedModifiers are two words joined by a slash before the noun they
// share.
var slashedModifiers = regexp.MustCompile(`\b([\pL-]+)/([\pL-]+)\s+(\pL+)`)

// englishWords splits English text into lower-case words; "%" is a word of
// its own and "+"/"&"/"'" stay inside words ("internet+", "r&d").
func englishWords(text string) []string {
	lower := strings.ToLower(text)
	var words []string
	// A word is built in cur; when it is lower's bytes from start to end
	// as they are (no apostrophe dropped), it is that part of lower, and
	// costs no string of its own.
	var cur []byte
	start, end := 0, 0
	flush := func() {
		if len(cur) > 0 {
			if string(cur) == lower[start:end] {
				words = append(words, lower[start:end])
			} else {
				words = append(words, string(cur))
			}
			cur = cur[:0]
		}
	}
	for i, size := 0, 0; i < len(lower); i += size {
		var r rune
		r, size = utf8.DecodeRuneInString(lower[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+' || r == '&' || r == '.' && len(cur) > 0:
			if len(cur) == 0 {
				start = i
			}
			cur = utf8.AppendRune(cur, r)
			end = i + size
		case r == '\'' || r == '’':
			// possessives: "people's" → "peoples"
		case r == '%':
			flush()
			words = append(words, "%")
		default:
			flush()
		}
	}
	flush()
	for i, w := range words {
		words[i] = strings.TrimRight(w, ".")
	}
	return words
}

func stemWords(text string) []string { return stemWordsMemo(text, nil) }

// stemWordsMemo is stemWords keeping each word's stem in memo, if not nil:
// the residents' English repeats its words from sentence to sentence.
func stemWordsMemo(text string, memo map[string]string) []string {
	words := englishWords(text)
	out := words[:0]
	for _, w := range words {
		if w == "" {
			continue
		}
		stem, ok := memo[w]
		if !ok {
			stem = porterstemmer.StemString(w)
			if memo != nil {
				memo[w] = stem
			}
		}
		out = append(out, stem)
	}
	return out
}

// englishStopwords frame a question without naming its subject, by stem;
// frameWords are the same words as written, for spelling.
var (
	englishStopwords = map[string]bool{}
	frameWords       = map[string]bool{}
)

func init() {
	for _, w := range strings.Fields(`a an the of in on at to for by with from about into over under per as and or
		is are was were be been being will would shall should can could may might must do does did done doing
		has have had having what which who whom whose when where why how many much there here this that these
		those it its their they them we our us you your i me my he she his her please tell know let show give
		any some all each every more most than also just only very so up out new plan planned planning plans
		target targeted targets goal goals aim aimed aims expected expect set going go get got make made
		number total amount figure count year years this year liwan district guangzhou report government work
		will be happen happening going to does liwan's
		kind kinds type types sort way ways like such one ones such
		aim aiming promote promoted encourage encouraged implement implemented support supported improve
		improved strengthen boost carry carried launch launched hold held receive received add added
		happen become take see need want use used provide provided
		offer include including continue further deliver achieve reach meet put
		promise promised promising pledge pledged pledging vow vowed commit committed hope hoping hoped
		try trying tried tries attempt attempting
		around near nearby within across along between through during after before since until against among
		beside beyond toward towards via without upon then
		major key main big important specific exactly really currently still already soon yet
		roughly approximately precisely ballpark estimate overall altogether generally basically mostly usually
		lol pls plz thx hi hey hello morning afternoon evening quick question wondering wonder heard hear curious guy guys
		anyone somebody someone think thought maybe perhaps actually basically literally honestly right okay ok yeah yes
		oh ah um hmm wow cool nice great moment now today recently lately just quite bit lot lots thing things stuff
		ahead anything something everything nothing anybody everybody whether
		read saw seen told somewhere supposed apparently huge sure e.g eg i.e ie etc whole entire
		say says said saying guess guessed guessing reckon
		correct incorrect accurate legit false wrong
		friend friends uncle aunt auntie neighbour neighbor neighbours neighbors colleague colleagues cousin mum mom dad wife husband boss
		lah leh lor meh hor rite wor
		title titles status designation
		name names named mention mentions mentioned
		theyre youre im ive weve theyve youve dont doesnt didnt cant wont isnt arent wasnt werent thats theres heres whos hows`) {
		englishStopwords[porterstemmer.StemString(w)] = true
		frameWords[w] = true
	}
}

// englishQuestion is an English question rendered into the report's terms.
type englishQuestion struct {
	raw     string   // the English as asked
	chinese string   // pseudo-question in Chinese, for the ordinary pipeline
	spans   []enSpan // English phrases that matched, with their Chinese
	// context is the phrases of the message's context: "old property
	// revamp projects breaking ground this yr: how many sq m?" names what
	// it measures before the colon.
	context []enSpan
	count   bool // "how many": a count, in whatever counter
	mass    bool // "how much": an amount (money, area, a share), never a count of things
}

type enSpan struct {
	english, chinese string
}

// englishCues turn English quantity words into the Chinese cues the
// pipeline reads (多少, 平方米, 百分之 …).
var englishCues = []struct {
	stems []string
	zh    string
}{
	// "over how many years": a plan's span (三年), not a count.
	{[]string{"how", "mani", "year"}, "几年"},
	{[]string{"how", "mani"}, "多少"},
	{[]string{"year", "befor", "last"}, "前年"},
	{[]string{"year", "befor"}, "去年"}, // "the year before", as an earlier report's year is asked
	{[]string{"last", "year"}, "去年"},
	{[]string{"previou", "year"}, "去年"},
	{[]string{"next", "year"}, "明年"},
	{[]string{"yuexiu"}, "越秀"}, {[]string{"haizhu"}, "海珠"}, {[]string{"tianh"}, "天河"}, {[]string{"baiyun"}, "白云"},
	{[]string{"huangpu"}, "黄埔"}, {[]string{"panyu"}, "番禺"}, {[]string{"huadu"}, "花都"}, {[]string{"nansha"}, "南沙"},
	{[]string{"conghua"}, "从化"}, {[]string{"zengcheng"}, "增城"}, {[]string{"shenzhen"}, "深圳"}, {[]string{"dongguan"}, "东莞"},
	{[]string{"beij"}, "北京"}, {[]string{"shanghai"}, "上海"}, {[]string{"zhuhai"}, "珠海"},
	{[]string{"how", "much"}, "多少"},
	{[]string{"what", "percentag"}, "百分之"},
	// "how fast will the economy grow": a rate.
	{[]string{"how", "fast"}, "百分之 多少"}, {[]string{"how", "quickli"}, "百分之 多少"}, {[]string{"what", "pace"}, "百分之 多少"},
	// "…, and what's the area?": the size of what was asked, not 片区.
	{[]string{"what", "the", "area"}, "平方米 多少"}, {[]string{"what", "s", "the", "area"}, "平方米 多少"},
	{[]string{"whats", "the", "area"}, "平方米 多少"},
	{[]string{"what", "the", "floor", "area"}, "平方米 多少"}, {[]string{"what", "s", "the", "floor", "area"}, "平方米 多少"},
	{[]string{"whats", "the", "floor", "area"}, "平方米 多少"},
	// "what's the planned area in sqm?": a unit asked for asks the amount.
	{[]string{"in", "sqm"}, "平方米 多少"}, {[]string{"in", "squar", "metr"}, "平方米 多少"}, {[]string{"in", "squar", "meter"}, "平方米 多少"},
	{[]string{"total", "area"}, "平方米 多少"}, {[]string{"land", "area"}, "平方米 多少"}, {[]string{"site", "area"}, "平方米 多少"},
	{[]string{"target"}, "多少"}, {[]string{"goal"}, "多少"}, {[]string{"aim", "for"}, "多少"}, {[]string{"shoot", "for"}, "多少"}, {[]string{"how", "big"}, "多大"}, {[]string{"how", "larg"}, "多大"},
	{[]string{"how", "long"}, "多长"}, {[]string{"size"}, "多大"}, {[]string{"number", "of"}, "多少"}, {[]string{"total"}, "多少"},
	{[]string{"percent"}, "百分之"}, {[]string{"percentag"}, "百分之"},
	{[]string{"%"}, "百分之"},
	{[]string{"rate"}, "百分之"},
	{[]string{"share"}, "百分之"},
	{[]string{"proport"}, "百分之"},
	{[]string{"squar", "metr"}, "平方米"},
	{[]string{"squar", "meter"}, "平方米"},
	{[]string{"sqm"}, "平方米"},
	{[]string{"sq", "metr"}, "平方米"}, {[]string{"sq", "meter"}, "平方米"}, {[]string{"sq", "m"}, "平方米"}, {[]string{"sq", "ft"}, "平方米"},
	{[]string{"kilometr"}, "公里"},
	{[]string{"kilomet"}, "公里"},
	{[]string{"km"}, "公里"},
	{[]string{"hectar"}, "公顷"},
	{[]string{"yuan"}, "多少钱"},
	{[]string{"rmb"}, "多少钱"},
	{[]string{"monei"}, "多少钱"},
	{[]string{"billion"}, "多少钱"},
	// money "going into" something is an investment: "how much is going
	// into redevelopment", "how much will they spend on…"
	{[]string{"go", "into"}, "多少钱"}, {[]string{"put", "into"}, "多少钱"}, {[]string{"pour", "into"}, "多少钱"},
	{[]string{"spend"}, "多少钱"}, {[]string{"spent"}, "多少钱"}, {[]string{"invest"}, "多少钱"},
	// what a thing costs is money, never its length or its count
	{[]string{"cost"}, "多少钱"},
	// what someone is paid is a wage, which the plan never sets
	{[]string{"minimum", "wage"}, "工资 多少"}, {[]string{"wage"}, "工资 多少"}, {[]string{"salari"}, "工资 多少"},
	{[]string{"peopl"}, "多少人"},
	{[]string{"person"}, "多少人"},
	{[]string{"household"}, "多少户"},
	{[]string{"minut"}, "多少分钟"}, {[]string{"min"}, "多少分钟"}, {[]string{"mins"}, "多少分钟"},
}

// cueTerms are what a cue's words name besides asking: an investment
// asks for yuan, of 投资.
var cueTerms = map[string]string{"invest": "投资"}

// verbParticles are the stems of the adverbs a phrasal verb may leave after
// its object: "bring people back", "put the land up for sale".
var verbParticles = map[string]bool{"back": true, "up": true}

// objectWordsOK are the words of phraseEnds an object may hold: "bring
// them back", "bring these streets back to life".
var objectWordsOK = map[string]bool{"it": true, "them": true, "this": true, "these": true, "those": true, "that": true,
	"their": true, "its": true, "our": true, "your": true}

// objectWords is how many words may stand between a phrasal verb and its
// particle.
const objectWords = 3

// joinParticles moves a separated particle back beside its verb, with what
// follows it in the entry, so that the entry matches: "bring people back"
// reads "bring back people", "bring the pedestrian street back to life"
// reads "bring back to life the pedestrian street".
func (g *glossary) joinParticles(words, stems []string) ([]string, []string) {
	for i := 0; i+2 < len(stems); i++ {
		for _, rest := range g.separable[stems[i]] {
			for j := i + 2; j <= i+1+objectWords && j+len(rest) <= len(stems); j++ {
				if !slices.Equal(stems[j:j+len(rest)], rest) {
					continue
				}
				if slices.ContainsFunc(words[i+1:j], func(w string) bool { return verbParticles[w] || phraseEnds[w] && !objectWordsOK[w] }) {
					break // a clause goes on first: "bring in what they will back"
				}
				words = slices.Concat(words[:i+1], words[j:j+len(rest)], words[i+1:j], words[j+len(rest):])
				stems = slices.Concat(stems[:i+1], stems[j:j+len(rest)], stems[i+1:j], stems[j+len(rest):])
				break
			}
		}
	}
	return words, stems
}

// translate renders an English question in the report's Chinese terms.
// Words it cannot place stay as English, so they count against every
// sentence, as an unknown Chinese word would.
func (g *glossary) translate(text string) englishQuestion {
	// "childcare/nursery places" is childcare places or nursery places:
	// each alternative is read with the noun they share.
	read := areaCoveredBy.ReplaceAllString(rundown.ReplaceAllString(text, "old "), "$1 of")
	words := englishWords(slashedModifiers.ReplaceAllString(read, "$1 $3 $2 $3"))
	stems := make([]string, len(words))
	for i, w := range words {
		stems[i] = porterstemmer.StemString(w)
	}
	words, stems = g.joinParticles(words, stems)
	var parts, cues []string
	q := englishQuestion{raw: text}
	lastCue := -1 // where the last quantity cue ended
	for i := 0; i < len(stems); {
		// Quantity cues come first: "rate" asks for a percentage here,
		// whatever the glossary says of rating. A unit ("people",
		// "households") is a cue only right after one ("how many
		// people"): "for elderly people" asks for no number.
		if cue, term, n := matchCue(stems[i:]); n > 0 && (!isUnitCue(cue) || lastCue == i) {
			if i > 0 && (stems[i-1] == "not" || stems[i-1] == "no" || i > 1 && stems[i-2] == "rather" && stems[i-1] == "than") {
				// "counting roads, not km": the unit is the one not asked.
				i += n
				continue
			}
			if n == 2 && stems[i+1] == "into" && !q.mass && askedCount.MatchString(text) {
				// "how many land projects will go into the land reserve",
				// "besides the land going into the reserve, how many
				// parcels…": what a count question puts in is no money.
				i += n
				continue
			}
			cues = append(cues, cue)
			if term != "" {
				parts = append(parts, term)
				q.spans = append(q.spans, enSpan{english: strings.Join(words[i:i+n], " "), chinese: term})
			}
			q.count = q.count || (stems[i] == "how" && stems[i+1] == "mani")
			q.mass = q.mass || (stems[i] == "how" && stems[i+1] == "much")
			i += n
			lastCue = i
			continue
		}
		if stems[i] == "area" && i+1 < len(words) && politeWords[words[i+1]] {
			// "high-end shopping space completed this yr, area pls?": an
			// area asked for asks the size. A bare "area" at the end is
			// more often a place ("the Guangzhou Shipyard phase 2 area").
			cues = append(cues, "平方米 多少")
			i++
			continue
		}
		if zh, n := g.longestMatch(words[i:], stems[i:]); n > 0 {
			if _, _, c := matchCue(stems[i+n-1:]); n > 1 && c == 1 && !slices.ContainsFunc(stems[i+n:], func(st string) bool { return !englishStopwords[st] }) {
				// "childcare places total in Liwan?": a cue that ends what
				// the question names asks, though a glossary entry (托位总量)
				// ends in it too.
				if shorter, m := g.longestMatch(words[i:i+n-1], stems[i:i+n-1]); m > 0 {
					zh, n = shorter, m
				}
			}
			parts = append(parts, zh)
			q.spans = append(q.spans, enSpan{english: strings.Join(words[i:i+n], " "), chinese: zh})
			i += n
			continue
		}
		if n, unit := guessedAmount(words[i:], stems[i:]); n > 0 {
			// "something like 20 hectares of new parks": the asker's own
			// amount is a guess to check, written as a Chinese one is
			// ("20公顷"), which the pipeline reads for its unit and does
			// not look for in the report.
			guess := strings.Join(words[i:i+n-1], "") + unit
			if englishChecks.MatchString(text) {
				guess = "是不是" + guess // a guess offered to be checked
			}
			parts = append(parts, guess)
			i += n
			continue
		}
		if (words[i] == "wan" || words[i] == "yi") && i > 0 && startsWithDigit(words[i-1]) {
			// "100 yi?", "200 something wan sqm": Cantonese scale words
			// (亿, 万) after the asker's number name no topic.
			i++
			continue
		}
		if !englishStopwords[stems[i]] {
			parts = append(parts, stems[i])
		}
		i++
	}
	q.chinese = strings.Join(append(cues, parts...), " ")
	return q
}

func (g *glossary) longestMatch(words, stems []string) (string, int) {
	for n := min(g.maxWords, len(stems)); n > 0; n-- {
		key := strings.Join(stems[:n], " ")
		if zh, ok := g.phrases[key]; ok && slices.ContainsFunc(g.surfaces[key], func(entry []string) bool {
			return inflects(words[:n], entry)
		}) {
			return zh, n
		}
	}
	if len(words) > 0 {
		if zh, ok := g.exact[words[0]]; ok {
			return zh, 1
		}
	}
	return "", 0
}

// inflects reports whether words are, one by one, inflections of an
// entry's words: they differ only in an ending of a few letters
// (building/buildings, renovated/renovation), not as fittings and fitness
// do, which share a stem and nothing more.
func inflects(words, entry []string) bool {
	if len(words) != len(entry) {
		return true // an entry with a hyphen or a "%" splits otherwise; its stems agreed
	}
	for i, w := range words {
		v := entry[i]
		common := 0
		for common < len(w) && common < len(v) && w[common] == v[common] {
			common++
		}
		if common < min(len(w), len(v))-inflectionLetters || max(len(w), len(v))-min(len(w), len(v)) > derivationLetters {
			return false
		}
	}
	return true
}

// inflectionLetters is how many letters of the shorter word an inflection
// may change: policy/policies, child/children.
const inflectionLetters = 3

// derivationLetters is how many letters longer than the other a word
// may be and still inflect it: "publication" is no form of "public".
const derivationLetters = 4

// isUnitCue reports whether a cue names a unit as well as asking
// (多少人, 多少户, 多少分钟).
func isUnitCue(cue string) bool {
	return strings.HasPrefix(cue, "多少") && len(cue) > len("多少") && cue != "多少钱"
}

func matchCue(stems []string) (cue, term string, n int) {
	for _, c := range englishCues {
		if len(c.stems) <= len(stems) && strings.Join(stems[:len(c.stems)], " ") == strings.Join(c.stems, " ") {
			return c.zh, cueTerms[strings.Join(c.stems, " ")], len(c.stems)
		}
	}
	return "", "", 0
}

// label names what a figure counts, in the asker's own English words: the
// phrase whose Chinese term stands closest to the figure; failing that, in
// the words the sentence's English rendering counts it with (rendered).
func (q *englishQuestion) label(f corpus.Figure, rendered string) string {
	best := ""
	for _, spans := range [][]enSpan{q.spans, q.context} {
		for _, where := range []string{f.Subject, f.Clause} {
			for _, s := range spans {
				// A unit ("sq m") says how the figure counts, not what.
				if strings.Contains(where, s.chinese) && !slices.Contains(headUnits, s.chinese) && len(s.english) > len(best) {
					best = s.english
				}
			}
			if best != "" {
				break
			}
		}
		if best != "" {
			break
		}
	}
	if best == "" {
		best = renderedNoun(f, rendered)
	}
	if best == "" {
		best = "Figure"
	}
	return strings.ToUpper(best[:1]) + best[1:]
}

// renderedNoun is the noun the English rendering counts a figure with: "16
// industrial premises" of "strive to complete 16 industrial premises with a
// floor area of…". "" for a figure with a unit, which says how it measures
// rather than what, and where the number stands more than once with other
// words after it, so the rendering cannot say which is this figure's.
func renderedNoun(f corpus.Figure, rendered string) string {
	lo, hi, ok := f.Amount()
	if base := f.BaseUnit(); !ok || lo != hi || base == "%" || englishUnits[base] != "" || rendered == "" {
		return ""
	}
	words := strings.Fields(rendered)
	noun := ""
	for i, w := range words {
		if strings.Trim(w, `"“”(),;:.`) != formatAmount(lo) {
			continue
		}
		var counted []string
		for _, next := range words[i+1:] {
			bare := strings.Trim(next, `"“”()`)
			if len(counted) == 4 || phraseEnds[strings.ToLower(bare)] || !isLettered(strings.Trim(bare, ",;:.")) {
				break
			}
			counted = append(counted, strings.Trim(bare, ",;:."))
			if strings.ContainsAny(bare, ",;:.") {
				break
			}
		}
		if n := strings.Join(counted, " "); n != "" && noun != "" && n != noun {
			return ""
		} else if n != "" {
			noun = n
		}
	}
	return noun
}

// isLettered reports a word of letters and hyphens: "high-standard".
func isLettered(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '\'' }) < 0
}

var englishQualifiers = map[string]string{
	"超": "more than", "超过": "more than", "以上": "more than", "逾": "over", "突破": "over", "多": "more than", "余": "more than",
	"不少于": "at least", "不低于": "at least", "至少": "at least",
	"左右": "about", "约": "about", "近": "nearly",
	"以内": "up to", "以下": "up to", "不超过": "up to",
}

var englishUnits = map[string]string{
	"户": "households", "人": "people", "人次": "person-times", "名": "people", "平方米": "square metres",
	"平方公里": "square kilometres", "公里": "km", "千米": "km", "公顷": "hectares", "元": "yuan", "分钟": "minutes",
	"小时": "hours", "床": "beds", "次": "times", "亩": "mu", "米": "metres", "年": "years",
}

// englishFigure renders a figure in English: "more than 6,500 (超6500个)".
// Every number it writes is the figure's own value, so the reply stays
// grounded in the cited sentence.
func englishFigure(f corpus.Figure) string {
	lo, hi, ok := f.Amount()
	if !ok {
		return englishNamed(f.Text) // a number that is a name: 4月17日, “6+4”
	}
	num := formatAmount(lo)
	if hi != lo {
		num += " to " + formatAmount(hi)
	}
	var parts []string
	for _, q := range strings.Fields(f.Qualifier) {
		if en := englishQualifiers[q]; en != "" {
			parts = append(parts, en)
		}
	}
	parts = append(parts, num)
	s := strings.Join(parts, " ")
	switch base := f.BaseUnit(); {
	case base == "%":
		s += "%"
	case englishUnits[base] != "":
		s += " " + englishUnits[base]
	}
	return s + " (" + f.Text + ")"
}

// formatAmount writes 6500 as "6,500" and 1.25e10 as "12.5 billion".
func formatAmount(v float64) string {
	v = math.Round(v*1e6) / 1e6 // 251.05万 is 2510500, not 2510500.0000000005
	if v >= 1e9 {
		return strconv.FormatFloat(v/1e9, 'f', -1, 64) + " billion"
	}
	if v != math.Trunc(v) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	digits := strconv.FormatFloat(v, 'f', 0, 64)
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// asides are what an English question sets between dashes or in brackets:
// "new industry spaces — factories, offices, malls — do they aim to
// complete", "'carrier' projects (factory buildings, offices etc.)".
var asides = regexp.MustCompile(`[—–]([^—–?!.]+)[—–]|\(([^()]*)\)`)

// withoutAsides is the question's Chinese reading without the phrases it
// sets aside: examples of what it asks, not parts of it asked alone.
func (q *englishQuestion) withoutAsides() string {
	var set []string
	for _, m := range asides.FindAllStringSubmatch(strings.ToLower(q.raw), -1) {
		set = append(set, " "+strings.Join(strings.FieldsFunc(m[1]+m[2], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }), " ")+" ")
	}
	if len(set) == 0 {
		return q.chinese
	}
	var inside []string
	for _, sp := range q.spans {
		for _, a := range set {
			if strings.Contains(a, " "+sp.english+" ") {
				inside = append(inside, sp.chinese)
				break
			}
		}
	}
	return strings.Join(slices.DeleteFunc(strings.Fields(q.chinese), func(w string) bool { return slices.Contains(inside, w) }), " ")
}

// askedCount finds "how many" anywhere in a question.
var askedCount = regexp.MustCompile(`(?i)\bhow\s+many\b`)

// politeWords ask for what they follow: "area pls".
var politeWords = map[string]bool{"pls": true, "plz": true, "please": true}

func startsWithDigit(w string) bool {
	return w != "" && w[0] >= '0' && w[0] <= '9'
}

// guessedAmount reads a number the asker gives with a unit ("20
// hectares", "5,000 people"): how many words it spans, and the unit in
// Chinese, or 0.
func guessedAmount(words, stems []string) (n int, unit string) {
	digits := 0
	for digits < len(words) && isDigits(words[digits]) {
		digits++
	}
	if digits == 0 {
		return 0, ""
	}
	cue, _, m := matchCue(stems[digits:])
	unit, ok := guessUnits[cue]
	if m != 1 || !ok {
		return 0, ""
	}
	return digits + 1, unit
}

// guessUnits are the unit cues an asker's amount may end in, with the
// Chinese unit the guess takes.
var guessUnits = map[string]string{"平方米": "平方米", "公里": "公里", "公顷": "公顷", "多少人": "人", "多少户": "户", "多少分钟": "分钟"}

func isDigits(w string) bool {
	return w != "" && strings.Trim(w, "0123456789.") == ""
}

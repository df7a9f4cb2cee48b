package corpus

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Errors an English rendering can fail with; match them with errors.Is.
var (
	// ErrEnglishReport: the rendering was written for another text of the
	// report, so none of it can be trusted to say what this one says.
	ErrEnglishReport = errors.New("English rendering is for another version of the report")
	// ErrEnglishMissing: a sentence, topic or the title has no English.
	ErrEnglishMissing = errors.New("no English entry")
	// ErrEnglishExtraNumber: the English states a number the sentence lacks.
	ErrEnglishExtraNumber = errors.New("English states a number the sentence lacks")
	// ErrEnglishDroppedFigure: a figure of the sentence is not in its English.
	ErrEnglishDroppedFigure = errors.New("English drops a figure of the sentence")
	// ErrEnglishQualifier: the English qualifies a figure differently
	// ("about 6,500" for 超6500个).
	ErrEnglishQualifier = errors.New("English qualifies a figure differently")
	// ErrEnglishUnit: the English gives a measured figure another unit
	// ("476,000 hectares" for 47.6万平方米).
	ErrEnglishUnit = errors.New("English gives a figure another unit")
)

// englishLine is one line of an English rendering: the header
// {"report","title"}, a sentence {"id","zh","en"} or a paragraph's topic
// {"id","topic"}. zh holds the sentence's first characters, so that an entry
// left over from an edited sentence is noticed rather than shown for it.
type englishLine struct {
	Report string `json:"report"`
	Title  string `json:"title"`
	ID     string `json:"id"`
	ZH     string `json:"zh"`
	EN     string `json:"en"`
	Topic  string `json:"topic"`
}

// AttachEnglish reads an English rendering (JSON lines, the first
// {"report":hash,"title":…}) into r.English, r.EnglishTopics and
// r.EnglishTitle. A rendering recorded for another report hash is an error:
// a changed report must not keep an old translation silently. Entries whose
// id is unknown, whose anchor does not start the sentence, or whose paragraph
// has no topic are skipped and counted in stale.
func (r *Report) AttachEnglish(data []byte) (stale int, err error) {
	sentences := map[string]string{}
	for _, s := range r.Sentences() {
		sentences[s.ID] = s.Text
	}
	topics := map[string]bool{}
	for _, p := range r.Paragraphs {
		topics[p.ID] = p.Topic != ""
	}
	english := map[string]string{}
	englishTopics := map[string]string{}
	title := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	header := false
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var e englishLine
		if err := json.Unmarshal(line, &e); err != nil {
			return stale, fmt.Errorf("corpus: English line %d: %w", n, err)
		}
		if !header {
			if e.Report == "" {
				return stale, fmt.Errorf("corpus: English line %d: the first entry must record the report hash", n)
			}
			if e.Report != r.Hash {
				return stale, fmt.Errorf("corpus: %w: it records report %s, the report is %s; translate the changed sentences and record the new hash", ErrEnglishReport, e.Report, r.Hash)
			}
			header, title = true, e.Title
			continue
		}
		switch {
		case e.EN != "" && e.Topic == "":
			text, ok := sentences[e.ID]
			if !ok || e.ZH == "" || !strings.HasPrefix(text, e.ZH) {
				stale++
				continue
			}
			english[e.ID] = e.EN
		case e.Topic != "" && e.EN == "":
			if !topics[e.ID] {
				stale++
				continue
			}
			englishTopics[e.ID] = e.Topic
		default:
			return stale, fmt.Errorf("corpus: English line %d: want exactly one of en and topic", n)
		}
	}
	if err := sc.Err(); err != nil {
		return stale, fmt.Errorf("corpus: read English: %w", err)
	}
	if !header {
		return stale, fmt.Errorf("corpus: English rendering is empty")
	}
	// Assigned only now, so a failed attach leaves r as it was.
	r.English, r.EnglishTopics, r.EnglishTitle = english, englishTopics, title
	return stale, nil
}

// CheckEnglish checks the attached English rendering against the report:
// every sentence, every topic and the title have an entry, and each entry's
// numbers are its sentence's (see Sentence.CheckEnglish). It reports every
// problem, joined, each naming its id.
func (r *Report) CheckEnglish() error {
	var errs []error
	if r.EnglishTitle == "" {
		errs = append(errs, fmt.Errorf("title: %w", ErrEnglishMissing))
	} else {
		t := Sentence{ID: "title", Text: r.Title, Figures: ExtractFigures(r.Title)}
		errs = append(errs, t.CheckEnglish(r.EnglishTitle))
	}
	for _, p := range r.Paragraphs {
		if p.Topic != "" {
			if en, ok := r.EnglishTopics[p.ID]; !ok {
				errs = append(errs, fmt.Errorf("%s topic: %w", p.ID, ErrEnglishMissing))
			} else {
				t := Sentence{ID: p.ID + " topic", Text: p.Topic, Figures: ExtractFigures(p.Topic)}
				errs = append(errs, t.CheckEnglish(en))
			}
		}
		for _, s := range p.Sentences {
			en, ok := r.English[s.ID]
			if !ok {
				errs = append(errs, fmt.Errorf("%s: %w", s.ID, ErrEnglishMissing))
				continue
			}
			errs = append(errs, s.CheckEnglish(en))
		}
	}
	return errors.Join(errs...)
}

// CheckEnglish checks an English rendering of s number by number: every
// number in it must be one of s's figures (in base units, so 535亿元 is
// "53.5 billion yuan", 1万人 "10,000") or another number of s's text (names
// and dates: "1283", 2021-2035, PM2.5, 4月17日, 十七届); every figure must
// appear, as often as the sentence states it, with its qualifier's meaning
// (超 "more than", 左右 "about", 以内 "up to") and, where it measures, its
// unit. A number written only in a figure's own scale (47.6 for
// 47.6万平方米) is not accepted: in English it would state another quantity.
func (s Sentence) CheckEnglish(en string) error {
	nums := ReadEnglishNumbers(en)
	// A figure's digits are not another number: "47.6" alone does not
	// state 47.6万平方米.
	rest := s.Text
	for _, f := range s.Figures {
		rest = strings.ReplaceAll(rest, f.Text, " ")
	}
	others := otherNumbers(rest)
	var errs []error
	fail := func(sentinel error, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %w: %s in %q", s.ID, sentinel, fmt.Sprintf(format, args...), en))
	}
	for _, n := range nums {
		var cands []Figure
		for _, f := range s.Figures {
			if slices.ContainsFunc(figureEnds(f), func(end float64) bool { return states(f, end, n) }) {
				cands = append(cands, f)
			}
		}
		if len(cands) == 0 {
			if !others.has(n.Value) {
				fail(ErrEnglishExtraNumber, "%q", n.Text)
			}
			continue
		}
		if !slices.ContainsFunc(cands, func(f Figure) bool { return qualifierClass(f.Qualifier) == n.Qualifier }) {
			fail(ErrEnglishQualifier, "%q is %s, the sentence says %q", n.Text, describe(n.Qualifier), cands[0].Text)
		}
	}
	// needed counts how often the sentence states each figure end, so that
	// "5个 … 5个" needs two 5s in English, not one.
	type end struct {
		f     Figure
		value float64
		times int
	}
	var needed []end
	for _, f := range s.Figures {
		for _, v := range figureEnds(f) {
			i := slices.IndexFunc(needed, func(e end) bool {
				return sameNumber(e.value, v) && (e.f.Unit == "%") == (f.Unit == "%") && inDigits(e.f) == inDigits(f)
			})
			if i >= 0 {
				needed[i].times++
				continue
			}
			needed = append(needed, end{f, v, 1})
		}
		for _, v := range figureEnds(f) {
			var found, qualified, measured bool
			for _, n := range nums {
				if !states(f, v, n) {
					continue
				}
				found = true
				if qualifierClass(f.Qualifier) == n.Qualifier {
					qualified = true
					measured = measured || hasUnit(f, n)
				}
			}
			switch {
			case !found:
				fail(ErrEnglishDroppedFigure, "%q", f.Text)
			case !qualified:
				fail(ErrEnglishQualifier, "%q is not stated as %s", f.Text, describe(qualifierClass(f.Qualifier)))
			case !measured:
				fail(ErrEnglishUnit, "%q is not in %s", f.Text, englishUnit(f))
			}
		}
	}
	for _, e := range needed {
		stated := 0
		for _, n := range nums {
			if states(e.f, e.value, n) {
				stated++
			}
		}
		if stated > 0 && stated < e.times {
			fail(ErrEnglishDroppedFigure, "%g is stated %d times, the sentence has it %d times", e.value, stated, e.times)
		}
	}
	return errors.Join(errs...)
}

// EnglishFigure is a figure of a sentence as the sentence's English
// rendering states it.
type EnglishFigure struct {
	Figure int    // index into the sentence's Figures
	After  string // the English after the number, up to the next number or punctuation: what it counts
	Before string // the English before it, from the number or punctuation before: what is done to it
}

// EnglishFigures pairs the numbers of en, the sentence's English rendering,
// with the figures they state. A number that could state more than one of
// the sentence's figures is left out: it cannot say which it is.
func (s Sentence) EnglishFigures(en string) []EnglishFigure {
	if len(s.Figures) == 0 {
		return nil // nothing for a number to state; reading them is most of the cost
	}
	var out []EnglishFigure
	for _, n := range ReadEnglishNumbers(en) {
		which := -1
		for i, f := range s.Figures {
			if !slices.ContainsFunc(figureEnds(f), func(end float64) bool { return states(f, end, n) }) {
				continue
			}
			if which != -1 {
				which = -2
				break
			}
			which = i
		}
		if which >= 0 {
			out = append(out, EnglishFigure{Figure: which, After: n.After, Before: n.Before})
		}
	}
	return out
}

// figureEnds are the numbers a figure states in base units: one, or both
// ends of a range like 3-5个.
func figureEnds(f Figure) []float64 {
	lo, hi, ok := f.Amount()
	switch {
	case !ok:
		return nil
	case sameNumber(lo, hi):
		return []float64{lo}
	}
	return []float64{lo, hi}
}

// inDigits reports a figure written in Arabic digits. Its English is in
// digits too, so that the "three" of 三级 cannot stand in for the 3 of 3-5个;
// a figure in Chinese numerals (四大, 十五分钟) may be either.
func inDigits(f Figure) bool { return f.Value != "" && isDigit([]rune(f.Value)[0]) }

// states reports whether English number n states end, a value of figure f.
func states(f Figure, end float64, n EnglishNumber) bool {
	return (f.Unit == "%") == n.Percent && sameNumber(n.Value, end) && (n.Digits || !inDigits(f))
}

// Qualifier classes: what a qualifier says about the figure, in either
// language. "" is an exact figure.
const (
	QualifierMore  = "more"  // 超, 以上, 不少于: "more than", "at least", "or more"
	QualifierAbout = "about" // 左右, 约, 近: "about", "around", "some"
	QualifierUpTo  = "up to" // 以内, 以下, 不超过: "up to", "within"
)

// qualifierClasses gives each qualifier ExtractFigures reads its class; 达
// and 达到 say a figure is reached, not bounded. A test keeps it in step with
// prefixQualifiers and suffixQualifiers.
var qualifierClasses = map[string]string{
	"超": QualifierMore, "超过": QualifierMore, "以上": QualifierMore, "不少于": QualifierMore,
	"不低于": QualifierMore, "至少": QualifierMore, "突破": QualifierMore, "逾": QualifierMore, "余": QualifierMore,
	"左右": QualifierAbout, "约": QualifierAbout, "近": QualifierAbout,
	"以内": QualifierUpTo, "以下": QualifierUpTo, "不超过": QualifierUpTo,
	"达": "", "达到": "",
}

// qualifierClass maps a Figure.Qualifier ("超", "左右", "不少于"…) to its class.
func qualifierClass(q string) string {
	for _, part := range strings.Fields(q) {
		if c := qualifierClasses[part]; c != "" {
			return c
		}
	}
	return ""
}

func describe(class string) string {
	if class == "" {
		return "exact"
	}
	return strconv.Quote(class)
}

// EnglishNumber is a number as an English text states it.
type EnglishNumber struct {
	Text      string  // as written: "53.5 billion", "5%", "one"
	Value     float64 // scaled: 53.5e9
	Percent   bool
	Digits    bool   // written in digits, not spelled out
	Qualifier string // QualifierMore, QualifierAbout, QualifierUpTo or ""
	// After is the text that follows, up to the next number or
	// punctuation: where its unit is.
	After string
	// Before is the text that leads to it from the number or the
	// punctuation before: what is done to what it counts ("the repair of
	// façades in" 8 key node areas).
	Before string
}

var (
	// Matched against the text in ASCII lower case: a case-blind
	// pattern with this alternation costs half as much again.
	englishNumberRe = regexp.MustCompile(`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:` + numberWordsPattern() + `)\b)(?:[\s-]+(hundred|thousand|million|billion)\b)?(\s*%|\s+per ?cent\b)?`)
	// Longest first, so that "no fewer than" is not read as "fewer than".
	qualifierBefore = []struct{ phrase, class string }{
		{"no fewer than", QualifierMore}, {"not fewer than", QualifierMore}, {"no less than", QualifierMore},
		{"not less than", QualifierMore}, {"in excess of", QualifierMore}, {"upwards of", QualifierMore},
		{"no more than", QualifierUpTo}, {"not more than", QualifierUpTo}, {"an estimated", QualifierAbout},
		{"approximately", QualifierAbout}, {"more than", QualifierMore}, {"exceeding", QualifierMore},
		{"at least", QualifierMore}, {"fewer than", QualifierUpTo}, {"less than", QualifierUpTo},
		{"roughly", QualifierAbout}, {"close to", QualifierAbout}, {"at most", QualifierUpTo},
		{"nearly", QualifierAbout}, {"almost", QualifierAbout}, {"around", QualifierAbout},
		{"within", QualifierUpTo}, {"above", QualifierMore}, {"about", QualifierAbout},
		{"under", QualifierUpTo}, {"below", QualifierUpTo}, {"up to", QualifierUpTo},
		{"over", QualifierMore}, {"some", QualifierAbout},
	}
	qualifierAfter = []struct{ phrase, class string }{
		{"or more", QualifierMore}, {"or above", QualifierMore}, {"and above", QualifierMore},
		{"or over", QualifierMore}, {"and over", QualifierMore}, {"or higher", QualifierMore},
		{"or less", QualifierUpTo}, {"or fewer", QualifierUpTo}, {"or below", QualifierUpTo},
		{"and below", QualifierUpTo}, {"or under", QualifierUpTo},
	}
)

// numberWords are the numbers English spells out in a report's rendering,
// by their value's index; ordinals count too, because "the fifth façade"
// states a number as well.
var (
	cardinalWords = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"}
	ordinalWords = []string{"zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
		"eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"}
	scales      = map[string]float64{"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}
	numberWords = func() map[string]float64 {
		m := map[string]float64{}
		for i := range cardinalWords {
			m[cardinalWords[i]], m[ordinalWords[i]] = float64(i), float64(i)
		}
		for w, v := range scales {
			m[w] = v // "a thousand-year-old capital"
		}
		return m
	}()
)

// numberWordsPattern is numberWords as a regexp alternation, longest first
// so that "seventeen" is not read as "seven".
func numberWordsPattern() string {
	words := slices.Collect(maps.Keys(numberWords))
	slices.SortFunc(words, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return strings.Join(words, "|")
}

// ReadEnglishNumbers reads every number an English text states: digits with
// thousands commas and decimals ("2,510,500", "12.4"), "N billion" and
// "N million" scaled, numbers spelled out up to twenty and their ordinals,
// "hundred" and "thousand", and percentages; with the qualifier around each
// ("more than 6,500", "10,000 or more"). A compound like "twenty-one" reads
// as two numbers; the report's rendering writes such numbers in digits.
func ReadEnglishNumbers(text string) []EnglishNumber {
	lower := asciiLower(text)
	locs := englishNumberRe.FindAllStringSubmatchIndex(lower, -1)
	out := make([]EnglishNumber, 0, len(locs))
	afterEnd := 0 // where the text the number before counts ends
	for i, m := range locs {
		base := lower[m[2]:m[3]]
		v, ok := numberWords[base]
		if !ok {
			f, err := strconv.ParseFloat(strings.ReplaceAll(base, ",", ""), 64)
			if err != nil {
				continue
			}
			v = f
		}
		if m[4] >= 0 {
			v *= scales[lower[m[4]:m[5]]]
		}
		next, prev := len(text), 0
		if i+1 < len(locs) {
			next = locs[i+1][0]
		}
		if i > 0 {
			// What follows the number before is what it counts, not what
			// leads to this one: in "3 village and town industrial
			// clusters and 1 rebuilt property" nothing leads to the 1.
			prev = min(afterEnd, m[0])
		}
		before := text[prev:m[0]]
		if cut := strings.LastIndexAny(before, ",;:.!?"); cut >= 0 {
			before = before[cut+1:]
		}
		after := text[m[1]:next]
		// A quoted name is part of what is counted: 61 of the city's
		// "all-out push" projects.
		if cut := strings.IndexAny(after, ",;:.()!?"); cut >= 0 {
			after = after[:cut]
		}
		afterEnd = m[1] + len(after)
		n := EnglishNumber{
			Text:    strings.TrimSpace(text[m[0]:m[1]]),
			Value:   v,
			Percent: m[6] >= 0,
			Digits:  isDigit(rune(base[0])),
			After:   after,
			Before:  before,
		}
		n.Qualifier = qualifierAround(text[:m[0]], after)
		out = append(out, n)
	}
	return out
}

// asciiLower lower-cases A to Z only, so that offsets into its result are
// offsets into text.
func asciiLower(text string) string {
	b := []byte(text)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// qualifierAround reads the qualifier just before a number ("more than") or
// a few words after it ("people or more").
func qualifierAround(before, after string) string {
	b := strings.ToLower(strings.TrimRight(before, " "))
	for _, q := range qualifierBefore {
		if strings.HasSuffix(b, q.phrase) {
			rest := b[:len(b)-len(q.phrase)]
			if r, _ := utf8.DecodeLastRuneInString(rest); rest == "" || !isWordRune(r) {
				return q.class
			}
		}
	}
	words := strings.Fields(strings.ToLower(after))
	for i := 0; i+1 < len(words) && i < 5; i++ {
		pair := words[i] + " " + words[i+1]
		for _, q := range qualifierAfter {
			if pair == q.phrase {
				return q.class
			}
		}
	}
	return ""
}

func isWordRune(r rune) bool {
	return r == '_' || r == '-' || r == '\'' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9')
}

// englishUnits are the words a measured figure's unit takes in English,
// by its base unit; counters (个, 家, 条) take the noun they count instead,
// which varies too much to check.
var englishUnits = map[string][]string{
	"平方米": {"square met", "sq m", "m²"}, "平方公里": {"square kilomet", "sq km", "km²"},
	"立方米": {"cubic met", "m³"}, "公里": {"kilomet", "km"}, "千米": {"kilomet", "km"},
	"公顷": {"hectare"}, "米": {"met"}, "亩": {"mu"}, "元": {"yuan", "rmb"},
	"分钟": {"minute"}, "小时": {"hour"}, "年": {"year"},
}

func englishUnit(f Figure) string {
	if w := englishUnits[f.BaseUnit()]; len(w) > 0 {
		return strconv.Quote(w[0])
	}
	return strconv.Quote(f.Unit)
}

// hasUnit reports whether n is followed by f's unit in English, within a
// few words ("53.5 billion yuan", "231,000 square metres of land").
func hasUnit(f Figure, n EnglishNumber) bool {
	words, ok := englishUnits[f.BaseUnit()]
	if !ok {
		return true
	}
	after := strings.ToLower(strings.Trim(n.After, " -"))
	head := strings.Join(first(strings.Fields(after), 3), " ")
	for _, w := range words {
		if strings.HasPrefix(head, w) || strings.Contains(head, " "+w) {
			return true
		}
	}
	return false
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// numberSet is a set of numbers compared with a tolerance for the binary
// rounding of decimals (35.48万 is 354799.99999999994).
type numberSet []float64

func (s numberSet) has(v float64) bool {
	for _, x := range s {
		if sameNumber(x, v) {
			return true
		}
	}
	return false
}

func sameNumber(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

var digitsRe = regexp.MustCompile(`\d+(?:\.\d+)?`)

// otherNumbers are the numbers a text holds (figures taken out, the rest):
// digits in names and dates ("1283", 2021-2035, PM2.5, 4月17日), runs of
// Chinese numerals in names and set phrases, every part of each ("十四五" has
// 14 and 5, "十七届" 17), and circled numerals (⑱).
func otherNumbers(text string) numberSet {
	var out numberSet
	for _, d := range digitsRe.FindAllString(text, -1) {
		if v, err := strconv.ParseFloat(d, 64); err == nil {
			out = append(out, v)
		}
	}
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		if r := rs[i]; r >= '①' && r <= '⑳' {
			out = append(out, float64(r-'①'+1))
		}
		if !isHanNumeral(rs[i]) || (i > 0 && isHanNumeral(rs[i-1])) {
			continue
		}
		j := i
		for j < len(rs) && isHanNumeral(rs[j]) {
			j++
		}
		for a := i; a < j; a++ {
			for b := a + 1; b <= j; b++ {
				if v, ok := parseNumeral(string(rs[a:b])); ok {
					out = append(out, v)
				}
			}
		}
	}
	return out
}

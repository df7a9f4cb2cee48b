package search

import (
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/liwanbot/liwanbot/corpus"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	unicodetokenizer "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	porterstemmer "github.com/blevesearch/go-porterstemmer"
)

// English questions are matched against the report's English rendering
// first, with bleve's English analyzer on both sides (possessives, case,
// stop words, Porter stems), and against the report's Chinese through the
// glossary second: "daycare slots" meets "childcare places" in the rendering
// or in residents' words even where the glossary has no entry for it. The
// figure and the grounding check still work on the Chinese sentence.

// englishAnalyzerName is bleve's "en" analyzer with accents folded first:
// the rendering writes "façade", residents type "facade".
const englishAnalyzerName = "liwan_en"

// englishAnalyzerConfig is the "en" analyzer's own chain (possessives, case,
// stop words, Porter stems) after bleve's ASCII folding.
var englishAnalyzerConfig = map[string]interface{}{
	"type":          custom.Name,
	"char_filters":  []string{asciifolding.Name},
	"tokenizer":     unicodetokenizer.Name,
	"token_filters": []string{en.PossessiveName, lowercase.Name, en.StopName, porter.Name},
}

// englishAnalyzer is the analyzer the index's English field uses, so that
// a question is cut into the same terms.
func englishAnalyzer() (analysis.Analyzer, error) {
	return registry.NewCache().DefineAnalyzer(englishAnalyzerName, englishAnalyzerConfig)
}

// englishStems are the terms of English text as the index holds them.
func englishStems(a analysis.Analyzer, text string) []string {
	toks := a.Analyze([]byte(text))
	if len(toks) == 0 {
		return nil
	}
	out := make([]string, 0, len(toks))
	for _, tok := range toks {
		out = append(out, string(tok.Term))
	}
	return out
}

// englishSide is what the engine knows of the report in English: per
// sentence position, the stems of its rendering (with its topic) and of
// residents' English words for it, and how many sentences hold each stem.
type englishSide struct {
	analyzer  analysis.Analyzer
	rendering []map[string]bool
	residents []map[string]bool
	// counted holds, per sentence position, the figures its rendering
	// states with the stems of the words after each number: what it counts.
	counted [][]countedFigure
	df      map[string]int
	n       float64
	// synonyms are what residents may say for the rendering's words; nil
	// until learnSynonyms, once every sentence is added.
	synonyms *englishSynonyms
	// known holds the stems of texts analysed ahead (the index cache's, by
	// the same analyzer), read-only; heard, when recordEnglishStems is on,
	// what add analysed, for the cache.
	known, heard map[string][]string
	// names are the stems of the proper names the rendering writes, in
	// pinyin (Huadi, Shangxiajiu, Chajiao): the surest words a question
	// can share with a sentence.
	names map[string]bool
}

// recordEnglishStems makes new English sides keep what add analyses, for
// the index cache's generator.
var recordEnglishStems = false

func newEnglishSide(a analysis.Analyzer) *englishSide {
	s := &englishSide{analyzer: a, df: map[string]int{}, names: map[string]bool{}}
	if recordEnglishStems {
		s.heard = map[string][]string{}
	}
	return s
}

// stemsOf is englishStems of text, or the stems known for it; the caller
// must not change them.
func (s *englishSide) stemsOf(text string) []string {
	if stems, ok := s.known[text]; ok {
		return stems
	}
	stems := englishStems(s.analyzer, text)
	if s.heard != nil {
		s.heard[text] = stems
	}
	return stems
}

// add records a sentence's English; call it in sentence order.
func (s *englishSide) add(rendering, residents string) {
	r, v := map[string]bool{}, map[string]bool{}
	for _, t := range s.stemsOf(rendering) {
		r[t] = true
	}
	for _, t := range s.stemsOf(residents) {
		v[t] = true
	}
	for t := range r {
		s.df[t]++
	}
	for t := range v {
		if !r[t] {
			s.df[t]++
		}
	}
	for _, w := range strings.Fields(rendering) {
		w = strings.Trim(w, `"'’“”,.;:?!()`)
		if w == "" || !unicode.IsUpper([]rune(w)[0]) {
			continue
		}
		if lower := strings.ToLower(w); isASCIILetters(lower) && !isEnglishWord(lower) {
			if stem := porterstemmer.StemString(lower); r[stem] {
				s.names[stem] = true
			}
		}
	}
	s.rendering = append(s.rendering, r)
	s.residents = append(s.residents, v)
	s.n++
}

// learnSynonyms loads the English synonyms whose targets this report's
// English side holds; call it after the last add.
func (s *englishSide) learnSynonyms() error {
	syn, err := loadEnglishSynonyms(func(stem string) bool { return s.df[stem] > 0 })
	if err != nil {
		return err
	}
	s.synonyms = syn
	return nil
}

// countedFigure is a figure of a sentence with what its English number
// counts: "5 new plots" counts plot, with new.
type countedFigure struct {
	figure    int
	noun      string
	modifiers []string
	words     []string // the stems of all the English after its number
	// lead are the stems of the English that leads to its number: what
	// is done to what it counts ("the repair of façades in" 8 areas).
	lead []string
	// of is what an amount measures, "231,000 square metres of land":
	// land; "" when its English names no such noun.
	of string
}

// countedWords is how many words after "how many", or after an English
// number, may name what is counted: "9 areas", "3 to 5 key and distinctive
// clinical specialties".
const countedWords = 5

// addFigures records which figures the sentence at the next position's
// rendering states, and what each counts; call it after add.
func (s *englishSide) addFigures(sentence corpus.Sentence, rendering string) {
	var out []countedFigure
	for _, f := range sentence.EnglishFigures(rendering) {
		if part, ok := s.partOf(f, out); ok {
			out = append(out, part)
			continue
		}
		noun, mods := s.countedNoun(f.After)
		if noun == "" && sentence.Figures[f.Figure].Value == "1" {
			// "1 rebuilt property for relocated villagers": one counts a
			// singular noun.
			noun, mods = s.singularNoun(f.After)
		}
		of := s.measuredNoun(f.After)
		if noun != "" || of != "" {
			out = append(out, countedFigure{figure: f.Figure, noun: noun, modifiers: mods, words: englishStems(s.analyzer, f.After),
				lead: englishStems(s.analyzer, f.Before), of: of})
		}
	}
	s.counted = append(s.counted, out)
}

// partOf reads a number that counts a part of the count before it: in
// "continuing on 21 plots (9 of them to be completed)" the 9 count plots,
// those to be completed. ok is false for any other number.
func (s *englishSide) partOf(f corpus.EnglishFigure, before []countedFigure) (countedFigure, bool) {
	words := strings.Fields(strings.ToLower(f.After))
	if len(before) == 0 || len(words) < 2 || words[0] != "of" || !anaphors[strings.Trim(words[1], `"'’“”,.?!()`)] {
		return countedFigure{}, false
	}
	whole := before[len(before)-1]
	if whole.noun == "" {
		return countedFigure{}, false
	}
	own := englishStems(s.analyzer, strings.Join(words[2:], " "))
	return countedFigure{figure: f.Figure, noun: whole.noun, modifiers: whole.modifiers,
		words: append(slices.Clip(whole.words), own...)}, true
}

// anaphors point back to the count before them in "9 of them".
var anaphors = map[string]bool{"them": true, "which": true, "these": true, "those": true}

// countedNoun reads the noun phrase a text starts with, as what a number
// or "how many" counts: its first plural noun, before a verb or preposition
// ends the phrase, and the words before it, all as stems. "" when the text
// starts with no such phrase.
func (s *englishSide) countedNoun(text string) (noun string, modifiers []string) {
	// "61 of the city's projects" counts projects, as "how many of the
	// city's projects" asks them.
	words := partitive(strings.Fields(strings.ToLower(text)))
	var mods []string
	for i, w := range words[:min(len(words), countedWords)] {
		bare := strings.Trim(w, `"'’“”,.?!()`)
		if (bare == "and" || bare == "or") && i > 0 && !strings.ContainsAny(words[i-1], ",.?!") {
			continue // "3 village and town industrial clusters": modifiers joined
		}
		if bare == "" || phraseEnds[bare] {
			return "", nil
		}
		if isPlural(bare) && !modifiesPlural(words, i) {
			stems := englishStems(s.analyzer, bare)
			if len(stems) != 1 {
				return "", nil
			}
			for _, m := range mods {
				modifiers = append(modifiers, englishStems(s.analyzer, m)...)
			}
			return stems[0], modifiers
		}
		if i > 0 && strings.ContainsAny(words[i-1], ",.?!") {
			return "", nil
		}
		mods = append(mods, bare)
	}
	return "", nil
}

// modifiesPlural reports a plural-looking word that modifies the plural
// after it: "premises" in "5 high-end commercial premises projects", which
// count projects.
func modifiesPlural(words []string, i int) bool {
	if i+1 >= min(len(words), countedWords) || strings.ContainsAny(words[i], `,.?!()"“”`) || strings.ContainsAny(words[i+1], `,.?!()"“”`) {
		return false // "projects (parks, rivers…)": kinds of the projects
	}
	return isPlural(words[i+1]) && !phraseEnds[words[i+1]]
}

// singularNoun reads the noun phrase after the number one, to the word
// before a verb or preposition ends it: "rebuilt property for relocated
// villagers" counts property, with rebuilt.
func (s *englishSide) singularNoun(text string) (noun string, modifiers []string) {
	words := strings.Fields(strings.ToLower(text))
	for i, w := range words[:min(len(words), countedWords)] {
		bare := strings.Trim(w, `"'’“”,.?!()`)
		if bare == "" || phraseEnds[bare] {
			return "", nil
		}
		last := i+1 == len(words) || phraseEnds[strings.Trim(words[i+1], `"'’“”,.?!()`)] || strings.ContainsAny(w, ",.?!")
		if !last {
			continue
		}
		stems := englishStems(s.analyzer, bare)
		if len(stems) != 1 {
			return "", nil
		}
		for _, m := range words[:i] {
			modifiers = append(modifiers, englishStems(s.analyzer, strings.Trim(m, `"'’“”,.?!()`))...)
		}
		return stems[0], modifiers
	}
	return "", nil
}

// unitWords may stand between an amount's number and the "of" before what
// it measures: "231,000 square metres of land", "12.5 billion yuan of".
var unitWords = map[string]bool{"square": true, "metres": true, "meters": true, "metre": true, "meter": true,
	"kilometres": true, "kilometers": true, "km": true, "hectares": true, "mu": true, "million": true, "billion": true,
	"yuan": true, "rmb": true, "thousand": true}

// leadingUnits counts the unit words words start with.
func leadingUnits(words []string) int {
	n := 0
	for n < len(words) && unitWords[strings.Trim(words[n], `"'’“”,.?!()`)] {
		n++
	}
	return n
}

// measuredNoun reads what an amount measures from the English after its
// number: the noun after its unit and "of", as a stem, or "".
func (s *englishSide) measuredNoun(text string) string {
	words := strings.Fields(strings.ToLower(text))
	for i, w := range words {
		bare := strings.Trim(w, `"'’“”,.?!()`)
		switch {
		case unitWords[bare]:
			continue
		case bare == "of" && i > 0 && i+1 < len(words):
			next := strings.Trim(words[i+1], `"'’“”,.?!()`)
			if stems := englishStems(s.analyzer, next); len(stems) == 1 && !phraseEnds[next] {
				return stems[0]
			}
		}
		return ""
	}
	return ""
}

// englishCount is what an English "how many" question counts.
type englishCount struct {
	noun      string   // the counted noun's stem: "how many new plots" → plot
	mass      bool     // "how much land": noun is what an amount measures
	modifiers []string // the stems before it: new
	stems     []string // every stem of the question that says what it is about
	terms     []englishTerm
	// nouns are the noun's stem and its synonyms' ("spot" counts places
	// too); meant the report stems the question's synonyms name.
	nouns, meant []string
	// glossed reports a stem whose glossary Chinese the question's holds;
	// nil for none.
	glossed func(stem string) bool
}

// countCoverage is how much of an English count question a sentence's
// English must cover for its figure to be licensed by the rendering's
// words alone.
const countCoverage = 0.6

// countOf reads what an English "how many" question counts; the zero
// englishCount when it asks no count by a plural noun.
func (s *englishSide) countOf(question string) englishCount {
	if rest, ok := afterHow(question, "many"); ok {
		// "how many square metres of land" asks how much land, as an
		// amount, like "how much land".
		if leadingUnits(rest) > 0 {
			if of := s.measuredNoun(strings.Join(rest, " ")); of != "" {
				return englishCount{noun: of, mass: true, terms: s.licensingTerms(question), nouns: []string{of}}
			}
		}
		noun, mods := s.countedNoun(strings.Join(rest, " "))
		if noun == "" {
			// "Of the ongoing plots, how many get completed": the
			// phrase put before the question names what is counted.
			noun, mods = s.countedNoun(frontedWhole(question))
		}
		if noun == "" {
			return englishCount{}
		}
		c := englishCount{noun: noun, modifiers: mods, terms: s.licensingTerms(question), nouns: []string{noun}}
		for _, t := range c.terms {
			c.stems = append(c.stems, t.stem)
			for _, syn := range t.synonyms {
				c.meant = append(c.meant, syn...)
				if t.stem == noun && len(syn) == 1 {
					c.nouns = append(c.nouns, syn[0])
				}
			}
		}
		return c
	}
	if rest, ok := afterHow(question, "much"); ok && len(rest) > 0 {
		// "how much land": the word right after, when it names a thing.
		w := strings.Trim(rest[0], `"'’“”,.?!()`)
		if stems := englishStems(s.analyzer, w); len(stems) == 1 && !phraseEnds[w] && !englishStopwords[stems[0]] {
			return englishCount{noun: stems[0], mass: true, terms: s.licensingTerms(question), nouns: []string{stems[0]}}
		}
	}
	return englishCount{}
}

// frontedWhole returns the phrase that opens "Of the X, how many…" (or
// "Among", "Out of", "For the X"), from its "of"; "" when the question
// opens no such phrase.
func frontedWhole(question string) string {
	lower := strings.ToLower(question)
	i := strings.Index(lower, "how many")
	if i < 0 {
		return ""
	}
	head := strings.TrimSpace(lower[:i])
	// The phrase opens the question's own sentence: "…this year. Of
	// the plots, how many…".
	if j := strings.LastIndexAny(head, ".?!;:"); j >= 0 {
		head = strings.TrimSpace(head[j+1:])
	}
	head, ok := strings.CutSuffix(head, ",")
	if !ok && !frontedNoComma.MatchString(head) {
		// "for those continued plots how many are finished": chat leaves
		// the comma out, but a determiner still sets the whole.
		return ""
	}
	for _, p := range []string{"among ", "out of ", "for "} {
		// "For the plots carried on, how many are finished?" names the
		// whole as "of" does.
		if rest, ok := strings.CutPrefix(head, p); ok {
			head = "of " + rest
			break
		}
	}
	if !strings.HasPrefix(head, "of ") || strings.Contains(head, ",") {
		return ""
	}
	return head
}

// frontedNoComma opens a whole put before "how many" without a comma.
var frontedNoComma = regexp.MustCompile(`^(?:of|for|among|out of)\s+(?:the|those|these|all the|all those)\s`)

// nounPhrase is the noun phrase a partitive phrase names, up to its first
// plural noun: "of the old village redevelopment plots already under
// construction" names "old village redevelopment plots"; "" for none.
func nounPhrase(fronted string) string {
	words := partitive(strings.Fields(fronted))
	for i, w := range words[:min(len(words), countedWords)] {
		if phraseEnds[w] {
			return ""
		}
		if isPlural(w) {
			return strings.Join(words[:i+1], " ")
		}
	}
	return ""
}

// startsNounPhrase reports whether the words after "how many" start with
// what is counted, not with a verb or an auxiliary.
func startsNounPhrase(phrase string) bool {
	words := strings.Fields(phrase)
	return len(words) > 0 && !phraseEnds[words[0]]
}

// afterHow returns, in lower case, the words after the first "how many"
// (or "how" and another of quantifiers) in an English question.
func afterHow(question string, quantifiers ...string) ([]string, bool) {
	words := strings.Fields(strings.ToLower(question))
	for i := 0; i+1 < len(words); i++ {
		if strings.Trim(words[i], `"'“”,.?!`) == "how" && slices.Contains(quantifiers, strings.Trim(words[i+1], `"'“”,.?!`)) {
			rest := words[i+2:]
			// "Of the industrial spaces, how many are high-standard factory
			// projects": what is counted follows the copula.
			// "how much is proper high-spec factory space": what is
			// measured follows the copula too.
			much := strings.Trim(words[i+1], `"'“”,.?!`) == "much"
			if much {
				rest = measuredFor(rest)
			}
			if len(rest) > 1 && copulas[rest[0]] && (coordinatedNoun(rest[1:], 0) != "" || much && !phraseEnds[strings.Trim(rest[1], `"'“”,.?!`)]) {
				rest = rest[1:]
				if len(rest) > 1 && partitiveDeterminers[rest[0]] {
					// "how many are the city's 'gongcheng bazhai' projects":
					// the determiner and whose they are name no kind.
					rest = rest[1:]
				}
			}
			return partitive(rest), true
		}
	}
	return nil, false
}

// partitive drops what stands before the counted noun in "how many of the
// city's all-out push projects": the "of", its determiner and a possessor
// say whose projects are counted, not what is counted.
func partitive(words []string) []string {
	if len(words) > 1 && words[0] == "of" {
		words = words[1:]
		if partitiveDeterminers[words[0]] && len(words) > 1 {
			words = words[1:]
		}
	}
	for len(words) > 0 && (strings.HasSuffix(words[0], "'s") || strings.HasSuffix(words[0], "’s")) {
		words = words[1:]
	}
	return words
}

// measuredFor reads "how much space is for upscale shopping" as asking the
// space of what it is for: the measure alone ("space", 空间) names none of
// the report's kinds, and its glossary word would count the business office
// space of another clause. rest follows "how much"; it is returned as it is
// where no measure is given to a named thing.
func measuredFor(rest []string) []string {
	first := 1
	if len(rest) > 1 && strings.Trim(rest[0], `"'“”,.?!`) == "floor" {
		first = 2 // "how much floor space goes to office buildings"
	}
	if len(rest) < first+2 || !spaceWords[strings.Trim(rest[first-1], `"'“”,.?!`)] {
		return rest
	}
	for j := first; j < min(len(rest)-1, first+3); j++ {
		w := strings.Trim(rest[j], `"'“”,.?!`)
		if w == "for" || w == "to" {
			return rest[j+1:]
		}
		if !copulas[w] && !allotVerbs[w] {
			return rest
		}
	}
	return rest
}

// spaceWords measure what they are for rather than name it.
var spaceWords = map[string]bool{"space": true, "room": true, "area": true, "floorspace": true}

// allotVerbs give a measure to what it is for: "how much space goes to",
// "is set aside for", "will be allocated to".
var allotVerbs = map[string]bool{"will": true, "be": true, "go": true, "goes": true, "going": true, "set": true, "aside": true,
	"allocated": true, "devoted": true, "given": true, "earmarked": true, "reserved": true, "planned": true, "used": true}

var copulas = map[string]bool{"are": true, "is": true, "were": true, "was": true}

var partitiveDeterminers = map[string]bool{"the": true, "these": true, "those": true, "its": true, "their": true, "our": true, "all": true}

// withEarlier adds what an earlier question of the message named to what
// a count asks about: after "Is the district adding daycare?", "How many
// places?" asks about daycare (childcare) places.
func (c englishCount) withEarlier(terms []englishTerm) englishCount {
	if c.noun == "" {
		return c
	}
	for _, t := range terms {
		c.stems = append(c.stems, t.stem)
		for _, syn := range t.synonyms {
			c.meant = append(c.meant, syn...)
		}
	}
	return c
}

// withoutWhole drops from an English count what the whole named before it
// says: in "Of all the key projects, how many are the city's 'gongcheng
// bazhai' projects", key names the whole (the 198 key projects), and the
// part asked is the 61, whose words do not hold it.
func (c englishCount) withoutWhole(s *englishSide, whole string) englishCount {
	drop := englishStems(s.analyzer, whole)
	keep := func(stems []string) []string {
		return slices.DeleteFunc(slices.Clone(stems), func(st string) bool {
			return st != c.noun && slices.Contains(drop, st) && !slices.Contains(c.modifiers, st)
		})
	}
	c.stems = keep(c.stems)
	return c
}

// phraseEnds end the noun phrase after "how many" before its noun could
// come: the head of "how many will finish" is not "finish".
var phraseEnds = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`will would shall should can could may might must do does did is are was were be been
		has have had get gets got to in on at of for from by with into about there they we you he she it that which who
		this these those them their its our your and or but not no including`) {
		phraseEnds[w] = true
	}
}

// isPlural reports an English plural noun as counted nouns are written.
func isPlural(w string) bool {
	switch w {
	case "people", "children", "men", "women", "staff", "personnel":
		return true
	}
	return len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is")
}

// countedFigure returns the figure of the sentence at pos whose English
// counts what question c counts, or -1. Only a close match licenses it: the
// number is followed by the question's noun or a synonym of it; the
// figure's own modifiers are asked for, in the question's words or their
// synonyms ("2 themed industrial parks" does not answer "how many
// parks"), but for as many as the question's modifiers it holds; and the sentence's English covers the question well ("how many
// households will get gas" is not answered by 7,500 households' water
// facilities). One figure must pass, or say more of the question than the
// others.
func (s *englishSide) countedFigure(c englishCount, pos int) int {
	if c.noun == "" || pos >= len(s.counted) {
		return -1
	}
	if s.coverage(c.terms, pos) < countCoverage {
		return -1
	}
	asked := func(m string) bool {
		return englishStopwords[m] || slices.Contains(c.stems, m) || slices.Contains(c.modifiers, m) || slices.Contains(c.meant, m) ||
			c.glossed != nil && c.glossed(m)
	}
	// Among figures that count the same noun ("5 new plots", "21 plots",
	// "6 plots acquired for the land reserve and sold"), the one whose
	// words say most of what the question asks.
	found, best, tied := -1, -1, false
	for _, f := range s.counted[pos] {
		if c.mass {
			if f.of == c.noun && f.figure != found {
				if found >= 0 {
					return -1 // two amounts of land: the rendering cannot say which
				}
				found = f.figure
			}
			continue
		}
		if !slices.Contains(c.nouns, f.noun) || f.figure == found {
			continue
		}
		// A modifier the question gives its noun ("how many key projects")
		// says more than a word the figure's phrase shares with the
		// question ("pushing", of 61 "all-out push" projects). The
		// figure's own modifiers must be asked for, unless the question's
		// stand among them: "high-standard factory projects" are the 11
		// "high-standard industrial plant projects", not the 23 "new
		// projects" of which they are a part.
		present := 0
		for _, m := range c.modifiers {
			if slices.ContainsFunc(f.modifiers, func(fm string) bool { return fm == m || importance[fm] && importance[m] }) {
				present++
			}
		}
		unasked := 0
		for _, m := range f.modifiers {
			if !asked(m) {
				unasked++
			}
		}
		if unasked > present {
			continue
		}
		said := 2*present - unasked
		for _, w := range f.words {
			// The question's own modifiers count where they modify the
			// figure's noun, not elsewhere in its words: "land plots" are
			// not the plots "acquired for the land reserve".
			if w != c.noun && slices.Contains(c.stems, w) && !slices.Contains(c.modifiers, w) {
				said++
			}
		}
		switch {
		case said > best:
			found, best, tied = f.figure, said, false
		case said == best:
			tied = true
		}
	}
	if tied {
		return -1
	}
	if found < 0 && !c.mass && vagueNouns[c.noun] {
		return s.vaguelyCounted(c, pos)
	}
	return found
}

// vagueNouns count things without saying what they are: "how many spots
// get that?" is answered by whichever count of the sentence its other words
// name ("8 key node areas such as Shangxiajiu Plaza").
var vagueNouns = map[string]bool{}

func init() {
	for _, w := range []string{"spots", "places", "sites", "locations", "points", "venues", "areas", "zones", "ones"} {
		vagueNouns[porterstemmer.StemString(w)] = true
	}
}

// vaguelyCounted is the one count figure of sentence pos whose English
// shares words of question c other than its vague noun, or -1: none does,
// or two do as much.
func (s *englishSide) vaguelyCounted(c englishCount, pos int) int {
	found, best, tied := -1, 0, false
	for _, f := range s.counted[pos] {
		if f.noun == "" || f.figure == found {
			continue
		}
		said := 0
		for _, w := range f.words {
			if w != c.noun && w != f.noun && (slices.Contains(c.stems, w) || slices.Contains(c.modifiers, w)) {
				said++ // "how many new sites": the 5 new plots
			}
		}
		for _, w := range f.lead {
			if w != c.noun && w != f.noun && !slices.Contains(f.words, w) && slices.Contains(c.stems, w) {
				said++ // "how many spots get the fifth facade tidy-up": the façades repaired in 8 areas
			}
		}
		switch {
		case said > best:
			found, best, tied = f.figure, said, false
		case said == best && said > 0:
			tied = true
		}
	}
	if tied {
		return -1
	}
	return found
}

// importance holds the stems of words that say a thing matters, one
// modifier to a resident: "major projects" are the report's key projects.
var importance = map[string]bool{}

func init() {
	for _, w := range []string{"key", "major", "main", "big", "important", "significant", "priority"} {
		importance[porterstemmer.StemString(w)] = true
	}
}

// namesAll reports whether the rendering counts figure fig of sentence pos
// as the noun the question counts, with every modifier the question gives
// it: "How many key projects" is answered by "198 key projects", and only
// matched by "5 projects".
func (s *englishSide) namesAll(c englishCount, pos, fig int) bool {
	if len(c.modifiers) == 0 || pos >= len(s.counted) {
		return false
	}
	for _, f := range s.counted[pos] {
		if f.figure == fig && slices.Contains(c.nouns, f.noun) && allOf(c.modifiers, func(m string) bool {
			// "major projects" are the report's "key projects".
			return slices.ContainsFunc(f.modifiers, func(fm string) bool { return fm == m || importance[fm] && importance[m] }) ||
				slices.Contains(f.words, m)
		}) {
			return true
		}
	}
	return false
}

// allOf reports whether every element of a satisfies f.
func allOf(a []string, f func(string) bool) bool {
	return !slices.ContainsFunc(a, func(x string) bool { return !f(x) })
}

// englishTerm is a stem of an English question with its weight, and the
// report's words it may stand for.
type englishTerm struct {
	stem     string
	weight   float64
	synonyms [][]string
}

// terms weighs an English question's stems by how rare they are in the
// rendering; the question frames of englishStopwords weigh nothing, and a
// stem no sentence holds weighs what an unknown word does (it is what the
// question asks that the report lacks, or chatter).
func (s *englishSide) terms(question string) []englishTerm { return s.termsOf(question, false) }

// licensingTerms are terms with the asker's Chinese left in, as characters
// no rendering holds: what licenses a figure by the rendering must cover
// the question's Chinese too, which only the Chinese side can see.
func (s *englishSide) licensingTerms(question string) []englishTerm { return s.termsOf(question, true) }

func (s *englishSide) termsOf(question string, withHan bool) []englishTerm {
	var out []englishTerm
	seen := map[string]bool{}
	stems := englishStems(s.analyzer, question)
	synonyms := s.synonyms.of(stems)
	for _, t := range stems {
		if seen[t] || englishStopwords[t] || !withHan && strings.ContainsFunc(t, isHan) {
			// The asker's Chinese ("(老旧物业)") is the Chinese side's to
			// match; the English analyzer would only cut it into
			// characters no rendering holds.
			continue
		}
		seen[t] = true
		w := chatterFactor * math.Log(1+s.n/0.5)
		syn := synonyms[t]
		if df := s.df[t]; df > 0 {
			w = math.Log(1 + s.n/float64(df))
		}
		if s.names[t] {
			w *= nameFactor
		}
		if base := s.derivedFrom(t); base != "" {
			syn = append(slices.Clip(syn), []string{base})
		}
		out = append(out, englishTerm{stem: t, weight: w, synonyms: syn})
	}
	return out
}

// nameFactor is how much more a proper name of the rendering weighs in a
// question than its rarity alone says: "a new sightseeing route along the
// Huadi River" is about the Huadi River's tour, not about another
// sentence's sightseeing routes.
const nameFactor = 1.5

// derivedFrom is the rendering's stem that a question's stem the rendering
// lacks is derived from, by a suffix the stemmer keeps: tourism and tourist
// from tour, investor from invest, visitor from visit; "" for none.
func (s *englishSide) derivedFrom(stem string) string {
	for _, suffix := range []string{"ism", "ist", "or"} {
		if base, ok := strings.CutSuffix(stem, suffix); ok && len(base) >= 4 && s.df[base] > 0 {
			return base
		}
	}
	return ""
}

// coverage is the weighted share of an English question's terms that
// sentence pos holds in its rendering (full credit) or residents' English
// words for it (residentsCredit), or, lacking the term, a synonym of it in
// its rendering (synonymCredit).
func (s *englishSide) coverage(terms []englishTerm, pos int) float64 {
	if pos >= len(s.rendering) {
		return 0
	}
	total, covered := 0.0, 0.0
	for _, t := range terms {
		total += t.weight
		switch {
		case s.rendering[pos][t.stem]:
			covered += t.weight
		case s.residents[pos][t.stem]:
			covered += residentsCredit * t.weight
		case t.synonyms != nil && holdsAny(s.rendering[pos], t.synonyms):
			covered += synonymCredit * t.weight
		}
	}
	if total == 0 {
		return 0
	}
	return covered / total
}

// synonymQuery are the report stems that a question's terms the report's
// English never uses may stand for, for lookup: each a term or a phrase the
// index's English field must hold. A term the report uses finds its
// sentences itself, and its sentences' coverage credits its synonyms; only
// a word it lacks ("facelift") would otherwise find nothing, and looking
// up every synonym of every word ("place" has eleven) costs more than the
// sentences they find are worth.
func (s *englishSide) synonymQuery(terms []englishTerm) [][]string {
	var out [][]string
	seen := map[string]bool{}
	for _, t := range terms {
		if s.df[t.stem] > 0 {
			continue
		}
		for _, syn := range t.synonyms {
			if k := strings.Join(syn, " "); !seen[k] {
				seen[k] = true
				out = append(out, syn)
			}
		}
	}
	return out
}

// englishQuery is the English of a question's part, for lookup.
func englishQuery(p part) string {
	if p.en == nil {
		return ""
	}
	return strings.TrimSpace(p.en.raw)
}

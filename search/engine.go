// Package search answers residents' questions from a parsed report: it finds
// the sentence that covers the question, picks the figure the question asks
// for, and refuses when the report does not cover it. It knows nothing of
// the channels (CLI, Telegram, HTTP) that carry the questions.
package search

import (
	"context"
	"fmt"
	"index/suffixarray"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	porterstemmer "github.com/blevesearch/go-porterstemmer"
	"go.uber.org/zap"

	"github.com/liwanbot/liwanbot/corpus"
)

// Outcome says what kind of reply a question got.
type Outcome string

const (
	Answered   Outcome = "answered" // a cited sentence, and the figure if one was asked for
	Refused    Outcome = "refused"  // the report does not cover the question
	OutOfScope Outcome = "scope"    // about another district or year than the report's
	Greeting   Outcome = "greeting" // hello, thanks, goodbye: a short help text
)

// Answer is the engine's reply to one question.
type Answer struct {
	Question    string
	Outcome     Outcome
	Text        string         // the reply as a resident reads it
	Figure      *corpus.Figure // the figure the reply leads with, if any
	Sources     []Source       // the cited sentence first, then runners-up
	Coverage    float64        // how much of the question the cited sentence covers, 0 to 1
	Suggestions []string       // nearby topics offered with a refusal
	Terms       []string       // question terms the cited sentence contains, for highlighting
	TextTerms   []string       // the same terms as Text writes them (in traditional script for a traditional reply)
	Normalized  string         // the question folded (NFKC, case, simplified script, outer punctuation): staff group refusals by it
	Truncated   bool           // the question was cut to maxQuestionRunes
	Lang        Lang           // the language and script of the question, and so of the reply
	// Parts are the answers to each thing a message asks, when it asks
	// more than one ("新增就业和GDP目标分别是多少"); the answer's own fields
	// are then the first answered part's, and Text holds every part's.
	Parts   []Answer
	Latency time.Duration
	// Report is the report the answer came from (its Hash names it), so
	// that a channel never pairs an answer with another report's
	// paragraphs or hash when the engine it asked has been replaced.
	Report *corpus.Report
	// Curations is the version of the staff curations the answer was
	// computed on (0: none), and Curation the one that shaped it, if any
	// (see curation.go).
	Curations, Curation int64
	// NearMisses are, for a refused question, the sentences that came
	// closest, best first, each with how much of the question it covers:
	// staff see why the question was refused and what it might be linked
	// to. An answered question has none (its Sources say it all).
	NearMisses []Source
	// wantedFigure records that the question asked for a number, found or not.
	wantedFigure bool
	// miss is the place or year that put the question out of scope, for
	// a Shelf to ask that place's or year's report instead.
	miss *scopeMiss
}

// Answered reports whether the reply cites the report.
func (a Answer) Answered() bool { return a.Outcome == Answered }

// Source is a sentence offered as evidence.
type Source struct {
	ID       string
	Text     string
	Topic    string
	TextEN   string // the sentence's unofficial English rendering, where the report has one
	TopicEN  string
	Score    float64  // the ranking score; coverage dominates it
	Coverage float64  // how much of the question this sentence covers, 0 to 1
	Terms    []string // the question's terms this sentence (or its topic) contains
}

// Engine answers questions about one report. It is safe for concurrent use.
type Engine struct {
	report        *corpus.Report
	sentences     []corpus.Sentence
	normText      []string // normalised sentence text, by position in sentences
	normTopic     []string
	normResidents []string        // residents' words for the sentence, analysed as questions are
	sites         *siteIndex      // where a term stands in the three fields above
	figWords      [][]figureWords // by sentence position, then figure
	// countedStarts holds every start of what a figure counts (地, 地块),
	// built on first use by countedAnywhere.
	countedStarts map[string]bool
	countedOnce   sync.Once
	byID          map[string]int
	index         *sentenceIndex
	stats         *corpusStats
	synonyms      *rewriter
	questionWords *rewriter
	placeWords    []string // short names of the report's own place (荔湾, 广州), longest first
	ownPlace      *place   // the report's district in the gazetteer, or nil
	absent        []string // report terms of the data files that this report lacks, longest first
	names         Names
	books         map[Lang]phrasebook
	cantonese     *rewriter
	taiwan        *rewriter // Taiwan's words for the report's (專案 for 项目)
	scripts       *scripts
	glossary      *glossary
	services      *services
	englishWords  map[string]bool   // the English words the engine knows, for spelling
	englishByLen  map[int][]string  // the same by length, sorted, to scan
	englishStems  map[string]bool   // their stems, but for question frames
	english       *englishSide      // the report's English rendering, for English questions
	topicsEN      map[string]string // paragraph topics in English, by their Chinese
	sounds        reportSounds      // the report read aloud, for pinyin in English questions
	minCoverage   float64
	// today is the year questions are asked in, when it is not the
	// report's own (see WithToday); "" for the report's own.
	today string
	log   *zap.Logger
}

// Option configures an Engine.
type Option func(*Engine)

// WithLogger makes the engine log one line per answer.
func WithLogger(l *zap.Logger) Option { return func(e *Engine) { e.log = l } }

// WithMinCoverage sets the share of a question's weight the best sentence
// must cover for the engine to answer rather than refuse.
func WithMinCoverage(c float64) Option { return func(e *Engine) { e.minCoverage = c } }

// WithToday sets the year questions are asked in, when it is not the
// report's own: a Shelf holding the reports of several years gives its
// earlier ones the newest one's year. Relative years then count from it,
// so that 去年 asked of the 2024 report while it is 2025 names the
// report's own year rather than another; and replies name the report by
// its year, since it is not the one a resident assumes.
func WithToday(year string) Option { return func(e *Engine) { e.today = year } }

// dated reports whether the engine answers for a year other than the one
// asked in, and so names its report's year in its replies.
func (e *Engine) dated() bool { return e.today != "" && e.today != e.names.Year && e.names.Year != "" }

// DefaultMinCoverage was calibrated on the golden question files: below it,
// off-topic questions outnumber answerable ones.
const DefaultMinCoverage = 0.6

// New indexes the report's sentences. Headings are not indexed on their own:
// they reach the index as the topic of each sentence of their paragraph.
func New(r *corpus.Report, opts ...Option) (*Engine, error) {
	e := &Engine{report: r, byID: map[string]int{}, minCoverage: DefaultMinCoverage, log: zap.NewNop()}
	for _, o := range opts {
		o(e)
	}
	// The first engine of a process loads the data every engine shares
	// (shared.go) on the other core while this one reads the report; the
	// steps that need it wait for it, and get its errors, there.
	var wg sync.WaitGroup
	wg.Go(func() { sharedCantonese() })
	wg.Go(func() { sharedEnglishWords(); sharedEnglishSynonyms() })
	// The report's words, as the data files were checked against them:
	// its title too.
	var reportText strings.Builder
	reportText.WriteString(normalizeText(r.Title) + "\n")
	for _, s := range r.Sentences() {
		reportText.WriteString(normalizeText(s.Text) + "\n")
	}
	// The thesaurus, the synonyms and the glossary name the report's terms,
	// as written for the embedded report; another report need not use
	// every one. An entry whose term this report lacks is skipped, and its
	// term kept as absent (see absentTerms): a question naming it asks
	// about something this report does not cover.
	inReport := reportHolds(reportText.String())
	var syn []rewrite
	var absent []string
	skipped := map[string]int{}
	for _, name := range []string{"synonyms.txt", "thesaurus.txt"} {
		rules, missing, err := loadSynonyms(name, inReport)
		if err != nil {
			return nil, err
		}
		syn, absent, skipped[name] = append(syn, rules...), append(absent, missing...), len(missing)
	}
	e.synonyms = newRewriter(syn)
	taiwan, err := sharedTaiwan()
	if err != nil {
		return nil, err
	}
	e.taiwan = taiwanRewriter(taiwan, inReport)
	if e.services, err = loadServices(); err != nil {
		return nil, err
	}
	e.names = NamesOf(r)
	if g, err := loadGazetteer(); err == nil {
		e.ownPlace = g.place(r.District)
	}
	e.books = newPhrasebooks(e.names, nil, e.dated()) // examples are chosen once the engine can answer them
	scopeFull, scopeShort := scopeWords(e.names)
	scopeFull = append(scopeFull, ownRelativeYears(e.names.Year, e.today)...)
	e.placeWords = scopeShort
	qw := make([]rewrite, 0, len(questionWords)+len(scopeFull))
	for _, w := range append(slices.Clone(questionWords), scopeFull...) {
		qw = append(qw, rewrite{from: w, to: " "})
	}
	e.questionWords = newRewriter(qw)

	var ids []string
	var docs []document
	var statsDocs []string
	lead := leadIns(r)
	analyzer, err := sharedAnalyzer()
	if err != nil {
		return nil, fmt.Errorf("search: English analyzer: %w", err)
	}
	e.english = newEnglishSide(analyzer)
	if c, err := embeddedIndexCache(); err == nil && useIndexCache && c.sameTools() {
		e.english.known = c.stems
	}
	e.topicsEN = map[string]string{}
	for _, p := range r.Paragraphs {
		if en := r.EnglishTopics[p.ID]; p.Topic != "" && en != "" {
			e.topicsEN[p.Topic] = en
		}
	}
	for _, s := range r.Sentences() {
		if s.Heading {
			continue
		}
		d := document{Text: normalizeText(s.Text), Topic: normalizeText(strings.TrimSpace(s.Topic + " " + lead[s.ID]))}
		d.English = strings.TrimSpace(r.English[s.ID] + "\n" + r.EnglishTopics[paragraphOf(s.ID)])
		e.byID[s.ID] = len(e.sentences)
		e.sentences = append(e.sentences, s)
		e.normText = append(e.normText, d.Text)
		e.normTopic = append(e.normTopic, d.Topic)
		words := make([]figureWords, len(s.Figures))
		for i, f := range s.Figures {
			words[i] = wordsOf(f, s)
		}
		e.figWords = append(e.figWords, words)
		ids = append(ids, s.ID)
		docs = append(docs, d)
		statsDocs = append(statsDocs, d.Text+"\n"+d.Topic)
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("search: report has no sentences to index")
	}
	// The English side and the corpus statistics read only the sentences;
	// they are built on other cores while this one renders the residents'
	// vocabulary and indexes it, which is the longest of the three.
	var englishErr error
	var glossaryAbsent []string
	wg.Go(func() { glossaryAbsent, englishErr = e.learnEnglishSide(r, docs, inReport) })
	wg.Go(func() { e.stats = newCorpusStats(statsDocs) })
	if e.scripts, err = sharedScripts(); err != nil {
		return nil, err
	}
	if e.cantonese, err = sharedCantonese(); err != nil {
		return nil, err
	}
	var residentWords []string
	stems := map[string]string{}
	for i, s := range e.sentences {
		docs[i].Residents = e.residentsText(r.Vocabulary[s.ID], stems)
		e.normResidents = append(e.normResidents, docs[i].Residents)
		for _, line := range strings.Split(docs[i].Residents, "\n") {
			// The words, not the example questions: a line of Han
			// characters alone.
			if n := utf8.RuneCountInString(line); n >= 2 && n <= maxResidentWord && strings.IndexFunc(line, func(r rune) bool { return !isHan(r) }) < 0 {
				residentWords = append(residentWords, line)
			}
		}
	}
	e.sites = newSiteIndex(e.normText, e.normTopic, e.normResidents)
	e.index, err = newSentenceIndex(ids, docs, e.log)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if englishErr != nil {
		return nil, englishErr
	}
	absent, skipped["glossary_en.txt"] = append(absent, glossaryAbsent...), len(glossaryAbsent)
	e.absent = absentTerms(absent)
	if len(e.absent) > 0 {
		e.log.Info("data file entries skipped: their report term is not in this report",
			zap.Int("synonyms", skipped["synonyms.txt"]), zap.Int("thesaurus", skipped["thesaurus.txt"]), zap.Int("glossary", skipped["glossary_en.txt"]))
	}
	e.stats.sounds.names = append(slices.Clone(e.placeWords), e.absent...)
	e.stats.residentWords = newWordSet(residentWords)
	e.stats.sounds.kept = e.stats.residentWords
	e.stats.absent = e.absent
	e.stats.englishDF = func(stem string) int { return e.english.df[stem] }
	e.books = newPhrasebooks(e.names, e.examples(), e.dated())
	return e, nil
}

// maxResidentWord is the longest residents' word kept from correction, in
// characters; longer lines are example questions.
const maxResidentWord = 6

// learnEnglishSide loads the glossary, learns the English words the engine
// can spell-check against, and learns the report's rendering: its stems,
// the figures it states and what each counts, and synonyms of its words. It
// returns the glossary's report terms this report lacks.
func (e *Engine) learnEnglishSide(r *corpus.Report, docs []document, inReport func(string) bool) (absent []string, err error) {
	if e.glossary, err = sharedGlossary(); err != nil {
		return nil, err
	}
	absent = e.glossary.absent(inReport)
	if err := e.learnEnglish(r); err != nil {
		return nil, err
	}
	for i, s := range e.sentences {
		e.english.add(docs[i].English, residentsEnglish(r.Vocabulary[s.ID]))
		e.english.addFigures(s, r.English[s.ID])
	}
	return absent, e.english.learnSynonyms()
}

// reportHolds answers whether the report's text holds a term. The data
// files ask it for some thousands of terms, many more than once; a suffix
// array answers each in a few lookups where strings.Contains would scan the
// whole report every time.
func reportHolds(text string) func(term string) bool {
	sa := suffixarray.New([]byte(text))
	seen := map[string]bool{}
	return func(term string) bool {
		held, ok := seen[term]
		if !ok {
			held = term == "" || len(sa.Lookup([]byte(term), 1)) > 0
			seen[term] = held
		}
		return held
	}
}

// examples are the example questions this report answers with a figure,
// by phrasebook code.
func (e *Engine) examples() map[string][]string {
	out := map[string][]string{}
	for code, qs := range exampleQuestions {
		for _, q := range qs {
			if a := e.answer(context.Background(), q); a.Answered() && a.Figure != nil {
				out[code] = append(out[code], q)
			}
		}
	}
	return out
}

// rendering is a sentence's English, where the report has it.
func (e *Engine) rendering(s corpus.Sentence) rendering {
	return rendering{text: e.report.English[s.ID], topic: e.report.EnglishTopics[paragraphOf(s.ID)]}
}

// paragraphOf is the paragraph id of a sentence id: p31 of p31.s4.
func paragraphOf(id string) string {
	p, _, _ := strings.Cut(id, ".")
	return p
}

// residentsEnglish is the English of a sentence's residents' vocabulary.
func residentsEnglish(v corpus.Vocabulary) string {
	parts := slices.Clone(v.English)
	for _, q := range v.Questions {
		if detectLang(normalizeText(q)) == English {
			parts = append(parts, q)
		}
	}
	return strings.Join(parts, "\n")
}

// leadIns maps the items of a list split over sentences to the words that
// introduce it: "主要预期目标是:地区生产总值增长5%左右;固定资产投资完成535
// 亿元;" makes 固定资产投资完成535亿元 a 目标, which its own words do not
// say. The lead-in is indexed like a topic, never quoted.
func leadIns(r *corpus.Report) map[string]string {
	out := map[string]string{}
	for _, p := range r.Paragraphs {
		lead, inList := "", false
		for _, s := range p.Sentences {
			if inList && lead != "" {
				out[s.ID] = lead
			}
			if i := strings.IndexAny(s.Text, ":："); i >= 0 && lead == "" {
				lead = strings.TrimFunc(s.Text[:i], func(r rune) bool { return !isHan(r) })
			}
			inList = strings.HasSuffix(s.Text, ";") || strings.HasSuffix(s.Text, "；")
		}
	}
	return out
}

// Close releases the index.
func (e *Engine) Close() error { return e.index.Close() }

// Indexed is how many sentences the index holds.
func (e *Engine) Indexed() int { return len(e.sentences) }

// Report returns the report the engine answers from.
func (e *Engine) Report() *corpus.Report { return e.report }

// Answer answers one question. It never fails: a question it cannot answer
// gets a refusal that says why, and a cancelled context a refusal too.
func (e *Engine) Answer(ctx context.Context, raw string) Answer {
	start := time.Now()
	a := e.answer(ctx, raw)
	a.Latency = time.Since(start)
	a.Report = e.report
	e.logAnswer(a)
	return a
}

func (e *Engine) answer(ctx context.Context, raw string) Answer {
	a := Answer{Question: raw, Curations: curationVersion(ctx)}
	text := normalizeText(strings.ToValidUTF8(raw, ""))
	if utf8.RuneCountInString(text) > maxQuestionRunes {
		text = readablePart(text)
		a.Truncated = true
	}
	a.Lang = detectLang(text)
	a.Normalized = groupKey(text)
	if isGreeting(text) {
		a.Outcome, a.Text = Greeting, e.books[a.Lang].help
		return a
	}
	if a.Lang != English {
		// Cantonese words are rewritten as typed, before simplification:
		// 係 would become 系 and then clash with 体系.
		// The script is read from the question as typed: the lexicon would
		// turn 幾多 into 多少 and hide it.
		asTyped, isTraditional := e.scripts.simplify(text)
		if isTraditional {
			a.Lang = Traditional
		}
		a.Normalized = groupKey(asTyped)
		text = spacesAsCommas(text)
		text = e.cantonese.apply(text)
		if isTraditional {
			text = e.taiwan.apply(text)
		}
		text, _ = e.scripts.simplify(text)
		text = mendHowMany(text)
		if isGreeting(text) || isGreeting(asTyped) {
			a.Outcome, a.Text = Greeting, e.books[a.Lang].help
			if a.Lang == Traditional {
				e.toTraditional(&a)
			}
			return a
		}
	}
	if a.Lang == English {
		text = e.hanForPinyin(text) // "rebuilt properties (fujian wuye)" names 复建物业
	}
	if a.Lang == English && strings.ContainsFunc(text, isHan) {
		text, _ = e.scripts.simplify(text) // 白鵝潭 in brackets is the report's 白鹅潭
	}
	text = e.curatedText(ctx, text)
	if !e.curatedReply(ctx, &a, text) {
		e.respond(ctx, &a, text)
		firstCuration(&a)
	}
	if a.Lang == Traditional {
		e.toTraditional(&a)
	}
	return a
}

// toTraditional writes the reply in Hong Kong traditional characters. The
// sources stay as the report has them: they are citations.
func (e *Engine) toTraditional(a *Answer) {
	a.Text = e.scripts.traditional(a.Text)
	if a.Figure != nil {
		f := *a.Figure
		f.Text = e.scripts.traditional(f.Text)
		f.Unit = e.scripts.traditional(f.Unit)
		f.Qualifier = e.scripts.traditional(f.Qualifier)
		f.Subject = e.scripts.traditional(f.Subject)
		a.Figure = &f
	}
	for i, s := range a.Suggestions {
		a.Suggestions[i] = e.scripts.traditional(s)
	}
	for i, t := range a.TextTerms {
		a.TextTerms[i] = e.scripts.traditional(t)
	}
	for i := range a.Parts {
		e.toTraditional(&a.Parts[i])
	}
}

// respond fills in the reply to a normalised, simplified question: one
// answer per thing it asks, each cited.
func (e *Engine) respond(ctx context.Context, a *Answer, text string) {
	// A question about a resident's own paperwork gets where to get help,
	// unless the report answers it outright ("户口不在荔湾，能跨区办理吗"
	// is answered by 政务服务事项跨域办理).
	var parts []part
	defer func() {
		if a.Outcome == OutOfScope {
			return
		}
		if topic := e.askedService(a.Lang, text); topic != nil && (!reportAnswers(withoutFollowUps(*a)) || e.asksServiceApart(a.Lang, text, parts) ||
			coveredOnlyByAsking(*a, topic, parts)) {
			near := a.NearMisses
			if a.Answered() {
				near = a.Sources[:min(len(a.Sources), maxNearMisses)]
			}
			*a = Answer{Question: a.Question, Lang: a.Lang, Normalized: a.Normalized, Truncated: a.Truncated,
				Outcome: Refused, Text: topic.reply[e.books[a.Lang].code], NearMisses: near}
		}
	}()
	if a.Lang == English {
		asked, apart := dropExcluded(text)
		parts = e.englishParts(asked)
		if apart != "" {
			apart = e.glossary.translate(e.spell(apart)).chinese
			for i := range parts {
				parts[i].apart = apart
			}
		}
	} else {
		parts = e.parts(text)
	}
	if len(parts) == 1 {
		e.respondPart(ctx, a, parts[0])
		return
	}
	more := len(parts) > maxParts
	if more {
		parts = parts[:maxParts]
	}
	answers := make([]Answer, len(parts))
	for i, p := range parts {
		answers[i] = Answer{Question: p.core, Lang: a.Lang, Normalized: a.Normalized}
		if p.en != nil {
			answers[i].Question = p.en.raw
		}
		if i > 0 {
			p.after = e.figureRef(answers[i-1])
		}
		e.respondPart(ctx, &answers[i], p)
	}
	e.combine(a, answers)
	if more {
		a.Text += "\n\n" + e.books[a.Lang].tooMany
	}
}

// askedService is the personal service a message asks about, or nil. In a
// message of several sentences only those that ask count: in "they dunno
// how to handle my HK ID. Is there a special counter for Hongkongers?" the
// ID card is the asker's story, and the counter is asked about.
// (Chinese clauses are parts of one sentence as often as sentences:
// "我的护照过期了，怎么续签" asks about the passport.)
func (e *Engine) askedService(lang Lang, text string) *serviceTopic {
	if lang != English {
		return e.services.match(text)
	}
	sentences := splitEnglish(text)
	if len(sentences) < 2 || !slices.ContainsFunc(sentences, asksEnglish) {
		// One sentence, or none that asks ("My passport expired. I need
		// to renew my passport in Liwan."): the whole message is the ask.
		return e.services.match(text)
	}
	for i, s := range sentences {
		if i > 0 && (followsUp(s) || asksLittle(s)) {
			s = sentences[i-1] + " " + s // "My passport expired. How do I renew it?"
		}
		if asksEnglish(s) {
			if t := e.services.match(s); t != nil {
				return t
			}
		}
	}
	return nil
}

// asksServiceApart reports a message with a sentence of its own that asks
// for a personal service, which no part answered holds: in "where can I
// extend my work visa in Guangzhou? is there an office in Liwan", the office
// is the visa's, not the report's office space.
func (e *Engine) asksServiceApart(lang Lang, text string, parts []part) bool {
	var sentences []string
	asking := asks
	if lang == English {
		sentences, asking = splitEnglish(text), asksEnglish
	} else {
		sentences = splitClauses(text)
	}
	for _, s := range sentences {
		if !asking(s) || e.services.match(s) == nil {
			continue
		}
		held := false
		for _, p := range parts {
			core := p.core
			if p.en != nil {
				core = p.en.raw
			}
			held = held || strings.Contains(core, strings.TrimRight(s, "?？ "))
		}
		if !held {
			return true
		}
	}
	return false
}

// figureRef locates the figure an answer states in the sentence it cites
// first; nil when it states none.
func (e *Engine) figureRef(a Answer) *figureRef {
	if a.Figure == nil || len(a.Sources) == 0 {
		return nil
	}
	pos, ok := e.byID[a.Sources[0].ID]
	if !ok {
		return nil
	}
	for i, f := range e.sentences[pos].Figures {
		if f == *a.Figure {
			return &figureRef{pos: pos, figure: i}
		}
	}
	return nil
}

// pairMeasure puts first the sentence of the figure the part before was
// answered with, when this part asks only a measure and that figure's list
// item goes on to state it: "How many high-standard factory projects, and
// how much floor area?" asks the area of those projects
// (高标准工业厂房项目4个、面积35.48万平方米), not of all the premises.
// paired reports that it did: the part before says which figure answers,
// however alike other sentences cover this part.
func (e *Engine) pairMeasure(p part, q *question, in intent, ranked []candidate) (_ []candidate, paired bool) {
	if p.after == nil || !q.wantsFigure || !e.asksOnlyMeasure(p.core) && !(p.en != nil && e.namesOnlyMeasures(p.core)) {
		return ranked, false
	}
	pos, k := p.after.pos, p.after.figure+1
	figs := e.sentences[pos].Figures
	if k >= len(figs) || !measureFits(q, in, figs[k], e.figWords[pos][k]) {
		return ranked, false
	}
	// The item's words after the count: "高标准工业厂房项目4个、面积".
	own := figs[k].Subject
	if i := strings.LastIndex(own, figs[k-1].Text); i >= 0 {
		own = strings.TrimLeft(own[i+len(figs[k-1].Text):], "、,，")
	}
	if !namesOnlyMeasure(own) {
		return ranked, false
	}
	for i, c := range ranked {
		if c.pos == pos && c.coverage >= e.minCoverage {
			c.figure = k
			return append([]candidate{c}, slices.Delete(slices.Clone(ranked), i, i+1)...), true
		}
	}
	return ranked, false
}

// namesOnlyMeasures reports an English question's pseudo-Chinese that
// names measures and nothing else: "how much floor area" (多少 建设面积).
func (e *Engine) namesOnlyMeasures(chinese string) bool {
	runs := slices.DeleteFunc(e.contentRuns(chinese), func(r string) bool {
		return cueFragment(r) || slices.Contains(headUnits, r) || slices.Contains(figureCues, r)
	})
	return len(runs) > 0 && !slices.ContainsFunc(runs, func(r string) bool { return !namesOnlyMeasure(r) })
}

// namesOnlyMeasure reports a list item that names a measure and at most a
// word more ("面积", "建设面积"): the measure of what the item before it
// counted, not of a thing of its own.
func namesOnlyMeasure(subject string) bool {
	subject = strings.TrimPrefix(subject, "其中")
	m := lastSuffix(subject, measureTrailers)
	return m != "" && utf8.RuneCountInString(strings.TrimSuffix(subject, m)) <= 2
}

// seq is 0, 1, …, n-1.
func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// reportAnswers reports whether the report itself answers a: outright, or
// in any part of a message that asks several things ("how do I apply for
// a social security card? Can I do it online?" asks two, and is answered
// by neither).
func reportAnswers(a Answer) bool {
	if len(a.Parts) == 0 {
		return a.Answered() && (a.Coverage >= serviceOverride || a.Curation != 0)
	}
	for _, p := range a.Parts {
		if p.Outcome == OutOfScope || reportAnswers(p) {
			return true
		}
	}
	return false
}

// coveredOnlyByAsking reports an English answer whose cited sentences meet
// the question only in what the glossary made of its how-to words: "How do
// I renew my work visa?" reads renew as 焕新 (renewal), which the report has
// and the visa is not. (A Chinese question's 续签 and 办理 are no words of
// the report's.)
func coveredOnlyByAsking(a Answer, t *serviceTopic, parts []part) bool {
	var asked []string // the Chinese the topic's how-to words were read as
	for _, p := range parts {
		if p.en == nil {
			return false
		}
		for _, sp := range p.en.spans {
			if slices.Contains(t.asks, sp.english) {
				asked = append(asked, sp.chinese)
			}
		}
	}
	if len(asked) == 0 {
		return false
	}
	answers := a.Parts
	if len(answers) == 0 {
		answers = []Answer{a}
	}
	for _, p := range answers {
		if len(p.Sources) == 0 {
			continue
		}
		if slices.ContainsFunc(p.Sources[0].Terms, func(term string) bool {
			return !slices.ContainsFunc(asked, func(zh string) bool { return strings.Contains(zh, term) })
		}) {
			return false // the sentence meets the question in words of its own
		}
	}
	return true
}

// withoutFollowUps is a with the English parts of its message that ask too little
// to be a question of their own left out: in "Can I use my HK driving
// licence here, and how do I apply?", "how do I apply" asks about the
// licence, though its one word meets the report's 免申即享.
func withoutFollowUps(a Answer) Answer {
	if len(a.Parts) == 0 {
		return a
	}
	var kept []Answer
	for _, p := range a.Parts {
		if p.Lang != English || !asksLittle(p.Question) {
			kept = append(kept, p)
		}
	}
	if len(kept) == 0 {
		return Answer{Outcome: Refused}
	}
	a.Parts = kept
	return a
}

// asksLittle reports an English part that asks too little to be a question
// of its own: "how do I apply?", "which office do I go to?" (one word
// of content, which the service the message asks about governs).
func asksLittle(question string) bool {
	lower := strings.ToLower(question)
	if strings.Contains(lower, "how many") || strings.Contains(lower, "how much") {
		return false // "how many parks are there?" asks a question of its own
	}
	words := strings.Fields(lower)
	content := 0
	for _, w := range words {
		if w = strings.Trim(w, `"'’“”,.?!()`); w != "" && !englishStopwords[porterstemmer.StemString(w)] {
			content++
		}
	}
	return len(words) <= followUpWords || content <= 1
}

// followUpWords bounds an English follow-up: "how do I apply?". (A
// Chinese clause that short may still be the question: "能跨区办理吗".)
const followUpWords = 4

// serviceOverride is the coverage at which the report's own answer beats
// the personal-services reply.
const serviceOverride = 0.85

// combine makes one reply of the answers to a message's parts. The first
// answered part leads (its figure and sources are the answer's own, as one
// part's would be); every part's text follows in the order asked.
func (e *Engine) combine(a *Answer, parts []Answer) {
	a.Parts = parts
	// The lead is the first part answered; a yes-or-no question before a
	// count gives the lead to the count ("老楼要修外墙吗？一共涉及几个片区").
	// A count asked first and not found keeps the lead, so that no other
	// part's number stands for it.
	lead := -1
	for i, p := range parts {
		switch {
		case !p.Answered():
		case lead < 0:
			lead = i
		case p.Figure != nil && parts[lead].Figure == nil && !parts[lead].wantedFigure:
			lead = i
		}
	}
	// A count asked first and refused is not answered by another part's
	// number: the reply still answers the rest, but states no figure of
	// its own.
	firstUnanswered := lead > 0 && parts[0].wantedFigure
	if lead < 0 {
		// Nothing answered: the first part's refusal (or scope reply) speaks
		// for the message.
		p := parts[0]
		a.Outcome, a.Text, a.Suggestions, a.Coverage, a.miss = p.Outcome, p.Text, p.Suggestions, p.Coverage, p.miss
		a.NearMisses = p.NearMisses
		return
	}
	l := parts[lead]
	a.Outcome, a.Figure, a.Sources, a.Coverage = Answered, l.Figure, l.Sources, l.Coverage
	if firstUnanswered {
		a.Figure = nil
	}
	// The lead's text comes first, so that the reply opens with the
	// sentence its sources (and its 📄 button) cite.
	order := append([]int{lead}, slices.DeleteFunc(seq(len(parts)), func(i int) bool { return i == lead })...)
	var texts []string
	seen := map[string]bool{}
	book := e.books[a.Lang]
	cited := map[string]*corpus.Figure{} // first source of a part already in the reply, and its figure
	for _, i := range order {
		p := parts[i]
		if p.Answered() && len(p.Sources) > 0 {
			// "那些路今年修不修？一共多少条路要升级": both parts cite one
			// sentence, and the reply quotes it once, with its figure.
			id := p.Sources[0].ID
			if f, ok := cited[id]; ok && (p.Figure == nil || f != nil && f.Text == p.Figure.Text) {
				continue
			}
			if _, ok := cited[id]; !ok {
				cited[id] = p.Figure
			}
		}
		if !p.Answered() {
			// Say which of the things asked this reply is for.
			p.Text = book.about(strings.TrimRight(p.Question, "?？ ")) + p.Text
		}
		texts = append(texts, p.Text)
		for _, t := range p.Terms {
			if !seen[t] {
				seen[t] = true
				a.Terms = append(a.Terms, t)
			}
		}
	}
	a.TextTerms = slices.Clone(a.Terms)
	a.Text = strings.Join(texts, "\n\n")
}

// respondPart answers one part of a message.
func (e *Engine) respondPart(ctx context.Context, a *Answer, p part) {
	book := e.books[a.Lang]
	en := p.en
	// Only the clause that asks decides the scope: in "我女儿九月上一年级，
	// 今年新增多少学位" the grade is the child's, not the figure's.
	if miss, ok := e.scopeMiss(p.core); ok && en != nil && miss.place == "" {
		if core, story, ok := e.storyScope(en.raw); ok {
			// The year is the asker's: the story is context.
			p.core, p.context = core, strings.TrimSpace(p.context+" "+story)
		}
	}
	if miss, ok := e.scopeMiss(p.core); ok && !(en != nil && (carriedOver(en.raw) || e.asksAlongsideLiwan(miss, p.core, en.raw))) {
		what := miss.what
		if en != nil {
			what = e.englishScopeName(what)
		}
		a.Outcome, a.Text, a.miss = OutOfScope, book.scope(what), &miss
		return
	}
	q := e.analyze(p.core)
	discountGeneric(q)
	if p.lead != "" {
		q.discount(func(t term) bool {
			return e.stats.bigramDF[t.text] == 0 && strings.Contains(p.lead, t.text) && !strings.Contains(p.asking, t.text)
		}, chatterFactor)
	}
	if en != nil {
		e.discountChatter(q)
		if en.count && (q.unit == "" || q.unit == "%") {
			// "how many food hubs are they planning to grow": a count, though
			// growing reads as a rate.
			q.unit = countUnit
			if partOfWhole.MatchString(en.raw) {
				// "how many of the streets will be covered": a count of
				// them, or the share of them, 100%.
				q.unit = countOrShare
			}
		}
	}
	soft := false
	if !q.wantsFigure {
		switch {
		case searchesFigure(p, q):
			q.wantsFigure = true
		case isKeyword(p):
			// "托位": show its figure if one is about it, and say nothing
			// of a figure otherwise.
			q.wantsFigure, soft = true, true
		}
	}
	if en != nil && q.wantsFigure {
		if what, ok := e.englishFigureOutOfScope(en.raw); ok {
			a.Outcome, a.Text = OutOfScope, book.scope(what)
			return
		}
	}
	in := e.intentOf(q, p.core, en != nil)
	if en == nil {
		in.quoted = e.quotedFigures(strings.TrimRight(p.core+"，"+p.context, "，"))
		if len(in.quoted) > 0 {
			clauses := strings.Split(p.core, "，")
			in.measureOfQuoted = e.asksOnlyMeasure(clauses[len(clauses)-1])
		}
	}
	a.wantedFigure = q.wantsFigure
	// "How big", 多大: a size, never a count of projects; but the scale of
	// a programme (培训规模有多大) is as often the people it reaches.
	in.mass = en != nil && en.mass || strings.Contains(p.core, "多大") && !strings.Contains(p.core, "规模")
	before := "" // the earlier English questions, spelled
	if p.before != "" {
		before = e.spell(p.before)
	}
	if en != nil {
		in.enCount = e.english.countOf(p.en.raw)
		// A figure's modifier is asked for where the question's Chinese
		// holds the modifier's: "spots for toddlers at nurseries" (托育)
		// asks for the childcare (托育) places.
		zh := p.en.chinese
		if before != "" {
			// ... and where the question before does: "Are they adding
			// nurseries for toddlers? How many places overall?" asks for
			// the childcare (托育) places.
			zh += " " + e.glossary.translate(before).chinese
		}
		in.enCount.glossed = func(stem string) bool {
			term, ok := e.glossary.phrases[stem]
			return ok && strings.Contains(zh, term)
		}
		if before != "" {
			in.enCount = in.enCount.withEarlier(e.english.terms(before))
		}
		if vagueNouns[in.enCount.noun] && p.contextEN != "" {
			in.enCount = in.enCount.withEarlier(e.english.terms(e.spell(p.contextEN)))
		}
		in.stock = asksStock(p.en.raw, true)
		in.now = asksNow(p.en.raw, true)
		in.total = asksTotal(p.en.raw)
		in.target = asksTarget(p.en.raw)
		in.rate = in.rate || englishRise.MatchString(p.en.raw)
		// "chinese medicine hospital — how many key specialty departments":
		// what follows "how many" is what is counted, wherever else the
		// question's words stand.
		phrase, kinds, union := askedPhrase(en.raw)
		fronted := nounPhrase(frontedWhole(en.raw))
		if in.enCount.noun != "" && fronted != "" && !startsNounPhrase(phrase) {
			// "Of the redevelopment plots under construction, how many
			// get finished": what is counted was named before.
			phrase = fronted
			in.part = true
		} else {
			if in.enCount.noun != "" && fronted != "" && partCopula.MatchString(en.raw) {
				// "Of all the key projects, how many are the city's
				// 'gongcheng bazhai' projects": the phrase names the part
				// counted; the fronted phrase, the whole it is of, asks none
				// of its own words. ("For revamping old buildings, how many
				// projects start" names the projects' kind instead.)
				in.enCount = in.enCount.withoutWhole(e.english, fronted)
			}
			fronted = ""
		}
		if union && e.sameKind(kinds) {
			// "shopping/commercial buildings" name one kind twice.
			union = false
		}
		in.union = union || e.coordinatesKinds(en.raw) || e.slashedKinds(en.raw)
		if phrase != "" {
			translated := e.glossary.translate(e.spell(phrase)).chinese
			if !in.union && !conjoined.MatchString(phrase) {
				in.phrase = translated
			}
			// "Old buildings turned into business space: how much floor area
			// of that": a phrase that names only a measure asks it of what
			// the question names, not of the whole's own (建设面积).
			named, measure := e.englishHeadPassing(translated, false)
			onlyMeasure := named == "" && measure != "" && in.head != "" && !in.measured && !slices.Contains(measureWords, in.head) &&
				(measureOfThat.MatchString(en.raw) || !in.total && measureOfThing(en.raw, phrase))
			h := e.phraseHead(translated)
			if fronted != "" {
				// An English noun phrase ends in its noun: "old village
				// redevelopment plots" counts plots (地块).
				h = lastHead(e.contentRuns(translated))
			}
			if isHanRun(h) && !slices.Contains(headUnits, h) && !onlyMeasure {
				// The glossary may read a word in another sense ("trained"
				// as rail): the question's whole reading stays to fall
				// back on where no figure fits this one.
				whole := in
				e.readHead(&in, h)
				in.whole = &whole
				if m := e.measureReading(in, named, measure); m != nil {
					m.whole = &whole
					in.whole = m
				}
				if last := lastHead(withoutStages(e.contentRuns(translated))); isHanRun(last) && last != h && !slices.Contains(headUnits, last) && e.countedAnywhere(last) {
					// An English noun phrase ends in its noun: "urban
					// renewal plots" count plots (地块), though the
					// glossary's first term (城市更新) says whose.
					// A reading to fall back on where no figure fits the
					// first term's.
					alt := in
					e.readHead(&alt, last)
					alt.counted = true
					if in.whole != nil && in.whole.measured {
						// After the measure reading, which a total's
						// question tries first.
						alt.whole = in.whole.whole
						in.whole.whole = &alt
					} else {
						in.whole = &alt
					}
				}
				for _, other := range otherNames(phrase) {
					// "land parcels/projects": either name may be the
					// report's.
					if oh := e.phraseHead(e.glossary.translate(e.spell(other)).chinese); isHanRun(oh) && !slices.Contains(headUnits, oh) {
						alt := in
						alt.alternatives = nil
						e.readHead(&alt, oh)
						in.alternatives = append(in.alternatives, alt)
					}
				}
			}
		}
		if term := bracketedTerm(en.raw); (in.enCount.noun != "" || en.count) && utf8.RuneCountInString(term) >= 3 && e.stats.mentions(term) {
			// "how many village-town industrial clusters (村镇工业集聚区)":
			// the asker gives the report's own term for what is counted,
			// also when "how many" names nothing after it ("old buildings
			// done up (老旧物业) - how many to finish this year?").
			whole := in
			e.readHead(&in, term)
			in.whole = &whole
		}
		if in.whole == nil && len(in.alternatives) == 0 {
			// "how close to home do they want job services to be — within
			// how many minutes": the first term (close to home, 家门口) may
			// say how, and the question's last names the thing.
			if last := lastHead(e.contentRuns(p.core)); isHanRun(last) && last != in.head && !slices.Contains(headUnits, last) &&
				nounOf(last) != in.head {
				alt := in
				e.readHead(&alt, last)
				in.whole = &alt
			}
		}
	} else {
		in.stock = asksStock(p.core, false)
		in.now = asksNow(p.core, false)
		in.total = asksTotal(p.core)
		in.target = asksTarget(p.core)
	}
	var context *question
	c := p.context
	if before != "" {
		c += " " + e.glossary.translate(before).chinese
	}
	if c = strings.TrimSpace(c); c != "" {
		context = e.analyze(c)
		discountGeneric(context)
		in.context, in.alongside = context, p.alongside
		weak := in.head != "" && en == nil && e.weakHead(p.core)
		if in.head == "" || slices.Contains(headUnits, in.head) || weak || in.measured {
			// "总共几多公里？" after "听讲今年好多新路通车": the core names
			// only its unit; what it measures is in the clause before.
			named, ctxQ := p.context, context
			if en == nil {
				if told := withoutOwnStory(p.context); told != p.context {
					named, ctxQ = told, e.analyze(told)
				}
			}
			ctx := e.intentOf(ctxQ, named, en != nil)
			// A core that names nothing at all ("how much total area?")
			// takes a head that names a thing: 建设, in a third of the
			// report's sentences, would make any area of them an answer.
			common := in.head == "" && e.stats.bigramDF[ctx.head] > len(e.sentences)/4
			if ctx.head != "" && !slices.Contains(headUnits, ctx.head) && ctx.guessed == "" && !ctx.unknown && e.stats.mentions(ctx.head) && !common {
				if in.measured {
					// The measure's own reading (建设面积) stays to fall back on.
					measure := in
					in.whole = &measure
					in.measured = false
				}
				in.head, in.key, in.unknown, in.modifier = ctx.head, ctx.key, ctx.unknown, ctx.modifier
			} else if weak {
				// "家里长辈常去社区卫生服务中心看病，今年有几家要达到…标准":
				// the context's last word is the asker's doing (看病), and
				// the predicate's object (国家) is no thing counted either;
				// the longest phrase of the report the context holds is.
				if h := e.longestMention(named); h != "" {
					e.readHead(&in, h)
				}
			}
		}
	}
	var enTerms []englishTerm
	if en != nil {
		enTerms = e.english.terms(p.en.raw) // already spelled by englishParts
	}
	hits, err := lookup(ctx, e.index, q.runs, englishQuery(p), e.english.synonymQuery(enTerms))
	if err != nil {
		e.log.Warn("index lookup failed", zap.Error(err))
	}
	ranked, paired := e.pairMeasure(p, q, in, e.setApart(p.apart, e.rank(q, in, context, enTerms, hits)))
	ranked, linked := e.curate(ctx, a, q, in, context, enTerms, ranked)
	if len(ranked) == 0 || (ranked[0].coverage < e.minCoverage && !e.contextBacks(p, context, ranked[0]) || e.englishUnmatched(p, enTerms, ranked[0].pos)) && !linked {
		a.Outcome = Refused
		a.Suggestions = e.suggestIn(a.Lang, q, ranked)
		a.Text = book.refusal(a.Suggestions)
		if q.wantsFigure && in.asked != "" && isHanRun(in.asked) && !e.nearFigure(in, ranked) {
			// Say what the report has no number for, in the asker's words,
			// unless a near miss has a number of it: the question then
			// missed the sentence, not the number.
			a.Text = book.noNumberFor(in.named) + a.Text
		}
		if len(ranked) > 0 {
			a.Coverage = ranked[0].coverage
		}
		for _, c := range ranked {
			if len(a.NearMisses) == maxNearMisses {
				break
			}
			if c.coverage <= 0 {
				continue
			}
			cs := e.sentences[c.pos]
			r := e.rendering(cs)
			a.NearMisses = append(a.NearMisses, Source{ID: cs.ID, Text: cs.Text, Topic: cs.Topic, TextEN: r.text, TopicEN: r.topic, Score: round3(c.score), Coverage: round3(c.coverage), Terms: c.matched})
		}
		return
	}
	// The cue may stand in a clause of its own: "报告成日讲个乜嘢现代化产业
	// 体系，后面跟住嗰串数字系咩".
	asked := p.core + "\n" + p.context
	if p.en != nil {
		asked = p.en.raw + "\n" + p.context
	}
	named := namedAsked(asked)
	if named != noNamed {
		// "what date was the congress meeting where this report came out":
		// of the sentences that answer as well, the one with a date.
		e.preferNamed(named, ranked)
	}
	wantStage := askedStage(q.text)
	e.preferStage(wantStage, ranked)
	e.preferQuoted(in, ranked)
	if q.wantsFigure {
		e.preferPlainFigure(q, ranked, enTerms, context, in.enCount)
	}
	best := ranked[0]
	s := e.sentences[best.pos]
	a.Outcome = Answered
	a.wantedFigure = a.wantedFigure && !soft
	a.Coverage = best.coverage
	a.Terms = best.matched
	a.TextTerms = slices.Clone(best.matched)
	for i, c := range ranked {
		if i == maxSources {
			break
		}
		cs := e.sentences[c.pos]
		r := e.rendering(cs)
		a.Sources = append(a.Sources, Source{ID: cs.ID, Text: cs.Text, Topic: cs.Topic, TextEN: r.text, TopicEN: r.topic, Score: round3(c.score), Coverage: round3(c.coverage), Terms: c.matched})
	}
	// A work report sets targets: "2024年实际完成固定资产投资多少", "how much
	// did GDP actually grow" ask for a result it does not hold.
	asksResult := asksActual(p.core) || p.en != nil && asksActual(p.en.raw)
	licensing := enTerms
	if en != nil {
		licensing = e.english.licensingTerms(p.en.raw)
	}
	if q.wantsFigure && best.figure >= 0 && !asksResult && (paired || e.figureBacked(p, q, context, licensing, ranked, in.enCount)) && !e.quotedElsewhere(in, context, best.pos) &&
		!(en != nil && !in.union && !in.total && e.namesSiblingPart(p.en.withoutAsides(), best.pos, best.figure)) &&
		!e.namesListedExample(q.text, best.pos, best.figure) && !namesOtherStage(wantStage, s.Text) && !asksWithinFigure(p.core+"，"+p.context+"\n"+p.enRaw(), s.Figures[best.figure]) &&
		!e.asksWithinQuoted(p.core+"，"+p.context, in, best.pos, best.figure) && !otherLandStage(q.text, s.Figures[best.figure]) {
		f := s.Figures[best.figure]
		a.Figure = &f
	}
	if k := named; a.Figure == nil && k != noNamed && !asksResult {
		// "报告入面嗰个「几加几」係咩数字": a number that is a name.
		if f, ok := namedNumber(k, s); ok {
			a.Figure, q.wantsFigure, soft = &f, true, false
			in.guessed = "" // the head was no thing to count, so nothing was guessed
		}
	}
	if a.Figure != nil && en != nil && p.contextEN != "" {
		// The figure's label may be the context's words; only a stated
		// figure needs them read.
		en.context = e.glossary.translate(p.contextEN).spans
	}
	ren := e.rendering(s)
	a.Text = book.answer(a.Figure, s, q.wantsFigure && !soft, en, ren)
	switch {
	case a.Figure == nil && q.wantsFigure && !soft && in.guessed == "" && !linked && e.namesAbsentThing(in):
		// "老楼加装电梯今年有几台": the report never names what is counted,
		// so the nearest sentence, about something else, is no answer.
		a.Outcome = Refused
		a.Suggestions = e.suggestIn(a.Lang, q, ranked)
		a.Text = book.noNumberFor(in.named) + book.refusal(a.Suggestions)
	case a.Figure == nil && q.wantsFigure && !soft && in.stock && in.guessed == "" && !linked && !e.nearFigure(in, ranked):
		// "How many residents does Liwan have?": no figure near counts
		// what there is, so the sentence that shares a word is noise.
		a.Outcome = Refused
		a.Suggestions = e.suggestIn(a.Lang, q, ranked)
		a.Text = book.refusal(a.Suggestions)
		if in.named != "" {
			a.Text = book.noNumberFor(in.named) + a.Text
		}
	case in.guessed != "" && q.wantsFigure:
		// The resident asked for a number of something the report does
		// not name; the nearest report word is a guess to offer, not an
		// answer to give.
		a.Outcome, a.Figure = Refused, nil
		a.Text = book.guessed(in.asked, in.guessed) + "\n" + book.answer(nil, s, false, en, ren)
	case a.Figure != nil:
		// Notes go after the figure, which leads every figure reply: how a
		// typo was read, and for traditional readers a 万 or 亿 figure in
		// digits too (萬 and 億 are read differently across the straits).
		var notes string
		if plain := plainAmount(*a.Figure); plain != "" && a.Lang == Traditional {
			notes += "（" + plain + "）"
		}
		if in.corrected != "" {
			notes += book.corrected(in.corrected)
		}
		if notes != "" {
			first, rest, _ := strings.Cut(a.Text, "\n")
			a.Text = first + notes + "\n" + rest
		}
	}
	// Never state a number the cited sentence does not hold: fall back to
	// quoting the sentence alone. An English reply may also quote the
	// sentence's English rendering, whose numbers seeds' tests hold to the
	// sentence's.
	grounds := s.Text
	if en != nil {
		grounds += "\n" + ren.text
	}
	// The attribution is the engine's own words, not the sentence's: a
	// dated report's names its year.
	if err := checkGrounded(strings.Replace(a.Text, book.source, "", 1), grounds); err != nil {
		e.log.Error("reply not grounded in its source", zap.String("sentence", s.ID), zap.Error(err))
		a.Figure = nil
		a.Text = book.answer(nil, s, false, en, ren)
	}
}

// asksAlongsideLiwan reports an English question that names Liwan beside
// a place the report itself names, and so asks about Liwan and that place
// (Liwan's links with Foshan), as a Chinese one does: the glossary's
// Chinese leaves the own district out. Another year, a place the report
// never names (Tianhe), or a quantity (a figure of Liwan's is no answer
// for "Foshan's GDP target compared with Liwan's") stays out of scope.
func (e *Engine) asksAlongsideLiwan(miss scopeMiss, core, raw string) bool {
	if miss.place == "" || !e.stats.mentions(miss.place) || !slices.Contains(stemWords(raw), "liwan") {
		return false
	}
	wants, _ := figureIntent(core)
	return !wants && !asksTarget(raw) && !englishRise.MatchString(raw)
}

// storyScope reports an English question whose other year stands only in
// a clause of the asker's own story: in "my kid starts primary school next
// yr, how many new public school places are they adding?" next year is the
// child's, not the figure's. (A place there may still be what is asked
// about: "I live in Yuexiu, how many daycare places are there?")
// It returns the question's Chinese reading without the story, and the
// story's.
func (e *Engine) storyScope(raw string) (core, story string, ok bool) {
	clauses := englishClause.Split(raw, -1)
	var rest, told []string
	for _, c := range clauses {
		if !asksEnglish(c) && tellsOwnStory.MatchString(c) {
			told = append(told, c)
			continue
		}
		rest = append(rest, c)
	}
	if len(told) == 0 || len(rest) == 0 {
		return "", "", false
	}
	core = e.glossary.translate(e.spell(strings.Join(rest, ", "))).chinese
	if _, miss := e.scopeMiss(core); miss || e.weight(core) < minCoreWeight {
		// "my son wants to know last year's GDP growth, what was it?":
		// what is asked stands in the story.
		return "", "", false
	}
	return core, e.glossary.translate(e.spell(strings.Join(told, ", "))).chinese, true
}

// englishClause cuts an English sentence into its clauses; tellsOwnStory
// finds a clause about the asker or the asker's family.
var (
	englishClause = regexp.MustCompile(`\s*(?:,|;|\s[-–—]\s)\s*`)
	tellsOwnStory = regexp.MustCompile(`(?i)\b(?:i|i'm|im|i've|we|we're|my|our|me|us)\b`)
)

// nearFigure reports whether a near miss holds a figure of what was asked.
func (e *Engine) nearFigure(in intent, ranked []candidate) bool {
	for _, c := range ranked[:min(len(ranked), maxNearMisses)] {
		if c.figure >= 0 {
			return true
		}
		for i, f := range e.sentences[c.pos].Figures {
			if headFits(in, f, e.figWords[c.pos][i]) {
				return true
			}
		}
	}
	return false
}

// namesAbsentThing reports a quantity question whose counted thing, as
// typed, is one the report never names: a word of Chinese the report lacks
// ("老楼加装电梯今年有几台": 电梯), or a noun whose own two characters the
// report never writes together (消费券's 费券).
func (e *Engine) namesAbsentThing(in intent) bool {
	asked := in.asked
	if !isHanRun(asked) || e.stats.mentions(asked) {
		return false
	}
	return in.unknown && isChineseWord(asked) || utf8.RuneCountInString(asked) == 2 && e.stats.bigramDF[asked] == 0
}

// suggestIn is suggest with the topics in the asker's language.
func (e *Engine) suggestIn(lang Lang, q *question, ranked []candidate) []string {
	topics := e.suggest(q, ranked)
	if lang == English {
		for i, t := range topics {
			if en := e.topicsEN[t]; en != "" {
				topics[i] = en
			}
		}
	}
	return topics
}

// intentOf reads what a quantity question asks for: the kind of measure,
// and the head noun as the analysed question spells it, with what the
// correctors did to it.
func (e *Engine) intentOf(q *question, core string, english bool) intent {
	in := intent{measure: measureOf(core), rate: asksRate(q.text) || q.unit == "%" || q.unit == countOrShare, text: q.text}
	// The correctors keep a question's length, rune for rune, so the head
	// is found the same way in the text as typed and as corrected.
	corrected := q.text
	for _, c := range q.corrections {
		corrected = strings.Replace(corrected, c.from, c.to, 1)
	}
	phrase := e.head(corrected, english)
	if !english {
		// "多少公里的到路": the 的 after the unit is no part of what is named.
		typed := strings.TrimPrefix(afterQuantity(e.head(q.text, false)), "的")
		in.asked = e.stats.plainNoun(nounOf(typed)) // as typed; replaced below by the noun when a guess is offered
		in.named = in.asked
		if !isChineseWord(in.asked) && strings.HasSuffix(typed, in.asked) {
			// 消费券, not its 费券; 青年人 of "其中青年人", not 年人.
			rs := []rune(typed)
			if len(rs) == 3 {
				in.named = typed
			} else {
				in.named = wordsBefore(rs, len(rs)-utf8.RuneCountInString(in.asked))
			}
			for n := 3; n <= min(len(rs), 6); n++ {
				if w := string(rs[len(rs)-n:]); isChineseWord(w) {
					in.named = w
					break
				}
			}
		}
	}
	if scopeHeads[phrase] {
		phrase = "" // "全区今年有几家要建成": where, not what, so the context may say what
	}
	for w := range scopeHeads {
		// "有几个今年完工": when is no part of what is counted
		if rest, ok := strings.CutPrefix(phrase, w); ok && rest != "" {
			phrase = rest
		}
	}
	phrase = afterQuantity(phrase)
	in.head = e.stats.plainNoun(nounOf(phrase))
	phrase = strings.TrimSuffix(phrase, nounOf(phrase)) + in.head
	in.key, in.unknown = e.stats.keyOf(phrase)
	in.modifier = modifierOf(phrase, in.head)
	if english {
		h, measure := e.englishHead(corrected)
		in.whole = e.measureReading(in, h, measure)
		in.measured = h == "" && measure != "" // "how much floor space?": only a measure
	}
	// The item may also stand elsewhere in the question: in "村镇工业集聚区
	// 新开工几个" the head phrase is the verb, the item its subject.
	for _, run := range q.runs {
		if k, _ := e.stats.keyOf(run); k != "" && (in.itemKey == "" || e.stats.idf(e.stats.bigramDF[k]) > e.stats.idf(e.stats.bigramDF[in.itemKey])) {
			in.itemKey = k
		}
	}
	// "楼宇厂房（好像叫产业载体？）": the asker names the report's own term
	// for what they mean, and that term is what is counted.
	// "老板叫我留意…" tells someone to ask: it names nothing.
	if _, named, ok := strings.Cut(q.text, "叫"); ok && !english && !startsWithPerson(named) {
		if h := trimHead(leadingHan(named)); utf8.RuneCountInString(h) >= 2 {
			if k, unknown := e.stats.keyOf(h); k != "" && !unknown {
				in.head, in.key = e.stats.plainNoun(nounOf(h)), k
				return in
			}
		}
	}
	if asked := e.stats.plainNoun(nounOf(afterQuantity(e.head(q.text, english)))); asked != in.head && in.head != "" {
		in.corrected = in.head
		for _, c := range q.corrections {
			if !c.phonetic && (strings.Contains(c.to, in.head) || strings.Contains(in.head, c.to)) {
				in.guessed, in.asked, in.corrected = in.head, asked, ""
			}
		}
	}
	return in
}

// wordsBefore extends the fragment rs[start:] to the left while the runes
// before it join it as words do: 电桩 of 电动车充电桩 is named 电动车充电桩
// (充电, 动车, 电动), 类点 of 垃圾分类点 垃圾分类点, so that a reply saying the
// report gives no number for it names what the asker typed, not a piece
// of it. A generic word (全区, 今年) says where or when, not what. At most
// six runes.
func wordsBefore(rs []rune, start int) string {
	for len(rs)-start < 6 {
		switch {
		case start >= 2 && isChineseWord(string(rs[start-2:start])) && !genericTerms[string(rs[start-2:start])]:
			start -= 2
		case start >= 1 && isChineseWord(string(rs[start-1:start+1])):
			start--
		default:
			return string(rs[start:])
		}
	}
	return string(rs[start:])
}

// readHead sets a reading's head, key word and modifier from the phrase that
// names what is counted: 高端商业载体 counts 载体, keyed by its rarest pair,
// with 高端商业 before it.
func (e *Engine) readHead(in *intent, phrase string) {
	in.head = e.stats.plainNoun(nounOf(phrase))
	in.key, in.unknown = e.stats.keyOf(phrase)
	in.modifier = modifierOf(phrase, in.head)
}

// measureReading is the reading of an English question as about the
// measure it names first, where its head was read from the thing measured
// after it: "total floor area of industrial spaces" is 建设面积 of the
// 产业载体 as a whole, whose own words are not 产业载体's. nil when the
// question names no measure first. head and measure are englishHead's.
func (e *Engine) measureReading(in intent, head, measure string) *intent {
	if head == "" || measure == "" {
		return nil
	}
	alt := in
	e.readHead(&alt, measure)
	alt.measured = true
	alt.whole = in.whole
	return &alt
}

// pickAnyFigure picks a figure by the question's reading, or failing that
// by each reading it falls back on.
func (e *Engine) pickAnyFigure(q *question, in intent, pos int) (best int, fit float64) {
	var readings []*intent
	for r := &in; r != nil; r = r.whole {
		readings = append(readings, r)
	}
	if in.total && in.whole != nil && in.whole.measured {
		// "total floor area of the industrial buildings": the whole's own
		// measure (建设面积) before any part's area, and the head's own
		// reading after it, for a total the sentence does not call 建设面积
		// ("新开工项目23个、面积251.05万平方米").
		readings[0], readings[1] = readings[1], readings[0]
	}
	for _, r := range readings {
		// What the whole question asks (a total, a stock, a target, a
		// rate) holds for every reading of its head.
		alt := *r
		alt.total, alt.stock, alt.target, alt.rate, alt.union, alt.context, alt.quoted, alt.measureOfQuoted = in.total, in.stock, in.target, in.rate, in.union, in.context, in.quoted, in.measureOfQuoted
		if best, fit = e.pickFigure(q, alt, pos); best >= 0 {
			return best, fit
		}
	}
	return -1, 0
}

// withoutOwnStory drops the clauses of a Chinese context that tell the
// asker's own story (我等紧回迁, "I am waiting to move back"), where another
// clause is left to name what is asked about (城市更新续建那些地块).
func withoutOwnStory(context string) string {
	clauses := strings.FieldsFunc(context, func(r rune) bool { return strings.ContainsRune("，,。；;！!？? ", r) })
	var kept []string
	for _, c := range clauses {
		if !strings.HasPrefix(c, "我") && !strings.HasPrefix(c, "俺") && !strings.HasPrefix(c, "本人") {
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 || len(kept) == len(clauses) {
		return context
	}
	return strings.Join(kept, "，")
}

// measureOfThing reports a measure asked of the thing named after it: "how
// much floor area of new high-spec factory buildings" asks the buildings'
// area, which the question's head reads; the measure is no head of its own.
func measureOfThing(raw, phrase string) bool {
	i := strings.Index(strings.ToLower(raw), strings.ToLower(phrase))
	if i < 0 || phrase == "" {
		return false
	}
	after := raw[i+len(phrase):]
	if m := areaCoveredBy.FindStringIndex(raw[i:]); m != nil && m[0] < len(phrase) {
		// "how much floor area is involved" is the area of what the
		// question named before it.
		return true
	}
	rest := strings.Fields(strings.ToLower(after))
	return len(rest) > 1 && rest[0] == "of"
}

// measureOfThat points a measure back at what the question named: "how
// much floor area of that".
var measureOfThat = regexp.MustCompile(`(?i)\b(?:of|for)\s+(?:that|it|those|them|these)\b`)

// landStages are what is done with land: reserved (收储), expropriated
// (征收), sold (出让).
var landStages = []string{"收储", "征收", "出让"}

// otherLandStage reports a figure whose clause does to its land only what
// the question does not ask: "how many land plots go into the land bank"
// (收储) is not answered by the 9 plots expropriated (征收) beside the 23
// land projects reserved.
func otherLandStage(question string, f corpus.Figure) bool {
	asked := slices.DeleteFunc(slices.Clone(landStages), func(st string) bool { return !strings.Contains(question, st) })
	if len(asked) == 0 {
		return false
	}
	done := slices.DeleteFunc(slices.Clone(landStages), func(st string) bool { return !strings.Contains(f.Clause, st) })
	return len(done) > 0 && !slices.ContainsFunc(asked, func(st string) bool { return slices.Contains(done, st) })
}

// startsWithPerson reports text that opens with someone: "叫我留意" tells the
// asker to find out, where "好像叫产业载体" names a term.
func startsWithPerson(text string) bool {
	r, _ := utf8.DecodeRuneInString(text)
	return strings.ContainsRune("我你他她人", r)
}

// askedPhrase is the noun phrase after an English "how many" or "how
// much", up to the words that end it, or "".
//
// Modifiers joined by "and", "or" or a slash before one noun ("industrial
// and office buildings", "industrial/office buildings") ask for the noun's
// kinds together: the phrase is the first kind with the noun ("industrial
// buildings"), and union is true, for a whole, not one of its items, to
// answer.
func askedPhrase(raw string) (phrase string, kinds [2]string, union bool) {
	rest, ok := afterHow(raw, "many", "much")
	if !ok {
		return "", kinds, false
	}
	var words []string
	for i := 0; i < len(rest); i++ {
		w := rest[i]
		bare := strings.Trim(w, `"'’“”,.?!()`)
		if conjunctions[bare] && len(words) > 0 && !isPlural(words[len(words)-1]) && i+1 < len(rest) {
			if noun := coordinatedNoun(rest[i+1:], 1); noun != "" {
				kinds = [2]string{words[len(words)-1], strings.Trim(rest[i+1], `"'’“”,.?!()`)}
				return strings.Join(append(words, noun), " "), kinds, true
			}
		}
		if bare == "" || phraseEnds[bare] || len(words) == countedWords {
			break
		}
		if first, second, ok := strings.Cut(bare, "/"); ok && first != "" && !isPlural(first) {
			if noun := coordinatedNoun(rest[i+1:], 0); noun != "" {
				return strings.Join(append(words, first, noun), " "), [2]string{first, second}, true
			}
		}
		words = append(words, bare)
		if strings.ContainsAny(w, ",.?!") {
			break
		}
	}
	return strings.Join(words, " "), kinds, false
}

// bracketedTerm is the Chinese an English question gives in brackets for its
// own words ("industrial clusters (村镇工业集聚区)"), or "".
func bracketedTerm(raw string) string {
	if m := bracketedHan.FindStringSubmatch(raw); m != nil {
		return strings.Join(strings.Fields(m[1]), "")
	}
	return ""
}

// bracketedHan is Chinese in brackets, maybe read from pinyin word by word
// ("(cunzhen gongye jijuqu)": 村镇工业 集聚区).
var bracketedHan = regexp.MustCompile(`[(（]\s*(\p{Han}[\p{Han}\s]*)[)）]`)

// namesSiblingPart reports an English question whose Chinese reading names
// one listed part of the sentence, by a term of four characters or more
// (高标准工业厂房), that the chosen figure's own words lack: "among the newly
// started ones, the high-standard industrial plant projects, how much floor
// area" asks the part's area, and the total the head found is no answer.
func (e *Engine) namesSiblingPart(chinese string, pos, fig int) bool {
	own := e.figWords[pos][fig]
	for _, run := range strings.Fields(chinese) {
		if utf8.RuneCountInString(run) < 4 || !isHanRun(run) || strings.Contains(own.subject+own.own, run) {
			continue
		}
		for i, f := range e.sentences[pos].Figures {
			if i != fig && f.Detail && strings.Contains(e.figWords[pos][i].subject, run) {
				return true
			}
		}
	}
	return false
}

// partCopula finds a count of a part named after a copula: "how many are
// the…".
var partCopula = regexp.MustCompile(`(?i)\bhow many (?:are|is|were|was)\b`)

// conjoined finds two things asked at once: "clusters and rebuilt
// properties".
var conjoined = regexp.MustCompile(`(?i)\s(?:and|or|&|plus)\s`)

// namesOtherFigure reports a question whose Chinese names, by a term of
// four characters or more, another figure of the sentence at pos in the
// same unit, in that figure's own words, and not figure fig.
func (e *Engine) namesOtherFigure(text string, pos, fig int) bool {
	own := e.figWords[pos][fig]
	for _, run := range strings.Fields(text) {
		if utf8.RuneCountInString(run) < 4 || !isHanRun(run) || strings.Contains(own.subject+own.own, run) {
			continue
		}
		figs := e.sentences[pos].Figures
		for i := range figs {
			if w := e.figWords[pos][i]; i != fig && figs[i].BaseUnit() == figs[fig].BaseUnit() && strings.Contains(w.subject+w.own, run) {
				return true
			}
		}
	}
	return false
}

// asksWithinFigure reports a question that gives the figure's own number
// as the whole it asks a part of: "129个城市品质提升项目里，园林方面的有几个",
// "6500个托位里面普惠托位有多少个". The whole's figure is no answer.
func asksWithinFigure(text string, f corpus.Figure) bool {
	if f.Value == "" {
		return false
	}
	for _, m := range withinWhole.FindAllStringSubmatch(text, -1) {
		if m[1] == f.Value {
			return true
		}
	}
	for _, m := range englishWithin.FindAllStringSubmatch(text, -1) {
		if strings.ReplaceAll(m[1], ",", "") == f.Value {
			return true // "How many of the 5040 new school places are primary?"
		}
	}
	return false
}

// englishWithin finds a number given as a whole to look inside, in
// English: "of the 5040", "out of those 129".
var englishWithin = regexp.MustCompile(`(?i)\b(?:of|among|out\s+of)\s+(?:the\s+|those\s+|these\s+|all\s+(?:the\s+)?)?(\d[\d,]*(?:\.\d+)?)\b`)

// withinWhole finds a number given as a whole to look inside: the number,
// up to a dozen characters of what it counts, then 里, 里面, 当中, 之中 or
// Cantonese 入面, or 中 before a pause.
var withinWhole = regexp.MustCompile(`(\d+(?:\.\d+)?)[^\d，,。？?！!]{0,12}?(?:里面|里头|当中|之中|入面|里|中[，,、])`)

// namesListedExample reports a question that names one of the examples a
// sentence lists (启动西村、东漖、茶滘等…示范机构) where the figure is the
// whole district's (争取全区托位总量超6500个) and its own words do not name
// that example: "茶滘那个托育中心有几多个托位" asks the one centre's places,
// which the district's total is not.
func (e *Engine) namesListedExample(text string, pos, fig int) bool {
	own := e.figWords[pos][fig]
	district := strings.Contains(own.subject, "全区")
	// "白鹅潭大道珠江隧道段这条路具体有多长": one road singled out; the
	// 12.4 km of the 35 it is listed among are no one road's length.
	single := !unitFits(countUnit, e.sentences[pos].Figures[fig]) && singledOut.MatchString(text)
	if !district && !single {
		// "花博园首期有几个地块": the examples of another figure's list
		// (…花博园首期…等23个土地项目收储) are none of this one's (完成9个
		// 地块…征收).
		for j, f := range e.sentences[pos].Figures {
			if f.Clause != e.sentences[pos].Figures[fig].Clause && slices.ContainsFunc(e.figWords[pos][j].examples, func(name string) bool {
				return namesExample(text, name) && !strings.Contains(own.subject+own.own, name)
			}) {
				return true
			}
		}
		// "今年城中村改造有几个项目": a list of means (通过土地征收、城中村
		// 改造…等途径) counts nothing, and the projects of another clause
		// (老旧物业改造项目5个) are none of its items'.
		sentence := e.sentences[pos].Text
		for _, m := range listedMeans.FindAllStringSubmatchIndex(sentence, -1) {
			if strings.Contains(e.sentences[pos].Figures[fig].Clause, sentence[m[0]:m[1]]) {
				continue
			}
			for _, item := range strings.Split(sentence[m[2]:m[3]], "、") {
				if part := namedPart(text, item); part != "" && !strings.Contains(own.subject+own.own, part) {
					return true
				}
			}
		}
		return false
	}
	for _, m := range listedExamples.FindAllStringSubmatch(e.sentences[pos].Text, -1) {
		for _, item := range strings.Split(m[1], "、") {
			rs := []rune(bracketed.ReplaceAllString(item, ""))
			// The first item may open with its clause's verb (启动西村):
			// a name is any tail of two characters or more.
			for i := 0; i+2 <= len(rs); i++ {
				name := string(rs[i:])
				if strings.Contains(text, name) && (single || !strings.Contains(own.subject+own.own, name)) {
					return true
				}
			}
		}
	}
	return false
}

// countsNamedExamples reports a count question that names two or more of
// the examples listed right before a count (葵蓬南片区、花博园首期、岭南V谷
// 等23个土地项目收储): "how many plots go into the land bank, like Kuipeng
// South and the Flower Expo Park" counts what they are examples of, by
// whatever name the asker gives it. One name alone may single out that
// example, whose own count the report does not give.
func countsNamedExamples(q *question, in intent, f corpus.Figure, w figureWords) bool {
	if q.unit != countUnit || !unitFits(countUnit, f) {
		return false
	}
	text := q.text
	if in.context != nil {
		text += "\n" + in.context.text // "…land reserve this year? stuff like Kuipeng south"
	}
	named := 0
	for _, name := range w.examples {
		if namesExample(text, name) {
			named++
		}
	}
	return named >= 2
}

// examplesOf returns the examples a figure's clause lists right before it
// (A、B、C等23个…), without their brackets.
func examplesOf(f corpus.Figure) []string {
	at := strings.Index(f.Clause, "等"+f.Text)
	if at < 0 {
		return nil
	}
	lead := f.Clause[:at+len("等")]
	m := listedExamples.FindStringSubmatch(lead)
	if m == nil || !strings.HasSuffix(lead, m[0]) {
		return nil
	}
	var out []string
	for _, item := range strings.Split(m[1], "、") {
		out = append(out, bracketed.ReplaceAllString(item, ""))
	}
	return out
}

// listedMeans finds a list of the ways something is done (通过A、B、C等途径),
// whose items may hold a quoted name (工业用地“工改工”).
var listedMeans = regexp.MustCompile(`通过((?:[\p{L}“”]{2,20}、)+[\p{L}“”]{2,20})等(?:途径|方式|渠道|手段)`)

// namedPart returns the longest run of three runes or more of name that text
// holds, or "".
func namedPart(text, name string) string {
	rs := []rune(name)
	for n := len(rs); n >= 3; n-- {
		for i := 0; i+n <= len(rs); i++ {
			if w := string(rs[i : i+n]); strings.Contains(text, w) {
				return w
			}
		}
	}
	return ""
}

// namesExample reports whether text names a listed example: the whole of
// it, or three runes of it, as the first item may open with its clause's
// verb (推进葵蓬南片区) and an asker may leave a phase out (花博园 for
// 花博园首期). Two runes of a longer name are too often a word of anything
// (道路 of 岭南V谷周边道路).
func namesExample(text, name string) bool {
	return strings.Contains(text, name) || namedPart(text, name) != ""
}

// listedExamples finds a list of names the report gives as examples:
// A、B、C等, a name perhaps with a bracket (白鹅潭大道(珠江隧道段)).
var listedExamples = regexp.MustCompile(`((?:[\p{L}()]{2,16}、)+[\p{L}()]{2,16})等`)

// singledOut finds a question about one thing: 这条路, 那段, 该项目.
var singledOut = regexp.MustCompile(`(?:这|那|该)(?:条|段|个|座|所|家|处)`)

// countedAnywhere reports a noun the report counts somewhere, right after a
// number and its counter (5个地块): a generic word (空间 of "parking
// spaces") is no such noun.
func (e *Engine) countedAnywhere(noun string) bool {
	e.countedOnce.Do(func() {
		e.countedStarts = map[string]bool{}
		for _, ws := range e.figWords {
			for _, w := range ws {
				rs := []rune(w.counted)
				for n := 1; n <= len(rs); n++ {
					e.countedStarts[string(rs[:n])] = true
				}
			}
		}
	})
	if rs := []rune(noun); len(rs) > countedRunes {
		// What a figure counts is kept to its first runes: 文化惠民演出
		// is counted where 文化惠民 is.
		noun = string(rs[:countedRunes])
	}
	return e.countedStarts[noun]
}

// otherNames returns the phrase as it reads with each other name it offers
// for its noun by a slash between plurals: "land parcels/projects" also
// reads "land projects". None where it offers none.
func otherNames(phrase string) []string {
	words := strings.Fields(phrase)
	var out []string
	for i, w := range words {
		names := strings.Split(w, "/")
		if len(names) < 2 || !allOf(names, isPlural) {
			continue
		}
		for _, n := range names[1:] {
			alt := slices.Clone(words)
			alt[i] = n
			out = append(out, strings.Join(alt, " "))
		}
	}
	return out
}

// sameKind reports two words the glossary reads as one report term, or
// one as part of the other's: shopping and commercial are both 商业.
func (e *Engine) sameKind(kinds [2]string) bool {
	a, b := e.glossary.translate(kinds[0]).chinese, e.glossary.translate(kinds[1]).chinese
	return a != "" && b != "" && isHanRun(a) && isHanRun(b) && (strings.Contains(a, b) || strings.Contains(b, a))
}

// slashedKinds reports two kinds of one thing joined by a slash, wherever
// they stand, that the glossary reads as two report terms:
// "industrial/commercial projects" (工业, 商业), not "childcare/nursery
// places", one kind's two names.
func (e *Engine) slashedKinds(raw string) bool {
	words := strings.Fields(strings.ToLower(raw))
	for i, w := range words {
		bare := strings.Trim(w, `"'’“”,.?!()`)
		a, b, ok := strings.Cut(bare, "/")
		if !ok || a == "" || b == "" || strings.Contains(b, "/") || isPlural(a) || coordinatedNoun(words[i+1:], 0) == "" {
			continue
		}
		// Two report terms, neither holding the other (as sameKind reads them).
		ta, tb := e.glossary.translate(a).chinese, e.glossary.translate(b).chinese
		if ta != "" && tb != "" && isHanRun(ta) && isHanRun(tb) && !strings.Contains(ta, tb) && !strings.Contains(tb, ta) {
			return true
		}
	}
	return false
}

// coordinatesKinds reports an English question that lists kinds of one
// thing anywhere, not only after "how many": "Counting all the factory,
// office, retail and renovated-building projects that start this year, how
// many are there". Two names of one kind ("upscale shopping and retail
// buildings", both 商业) list no kinds.
func (e *Engine) coordinatesKinds(raw string) bool {
	// "industry space projects (factories, offices, malls, old building
	// reno)": the kinds listed in brackets are what the noun counts.
	for _, m := range bracketed.FindAllStringSubmatch(raw, -1) {
		if items := listItems.Split(m[1], -1); len(items) >= 3 {
			return true
		}
	}
	words := strings.Fields(strings.ToLower(raw))
	for i, w := range words {
		// "industrial/office/commercial projects", wherever it stands: three
		// kinds or more, for two may be one kind's two names
		// ("childcare/nursery places").
		bare := strings.Trim(w, `"'’“”,.?!()`)
		if first, _, _ := strings.Cut(bare, "/"); strings.Count(bare, "/") >= 2 && first != "" && !isPlural(first) &&
			coordinatedNoun(words[i+1:], 0) != "" {
			return true
		}
	}
	for i := 1; i < len(words); i++ {
		prev := strings.Trim(words[i-1], `"'’“”,.?!()`)
		if conjunctions[words[i]] && prev != "" && !phraseEnds[prev] && !isPlural(prev) &&
			coordinatedNoun(words[i+1:], 1) != "" && !e.sameKind([2]string{prev, strings.Trim(words[i+1], `"'’“”,.?!()`)}) {
			return true
		}
	}
	return false
}

// conjunctions join two kinds of one thing: "factory + office buildings".
var conjunctions = map[string]bool{"and": true, "or": true, "+": true, "&": true, "plus": true}

// bracketed finds what a question says in brackets; listItems cuts a list.
var (
	bracketed = regexp.MustCompile(`\(([^()]*)\)`)
	listItems = regexp.MustCompile(`\s*(?:,|/|\band\b|\bor\b)\s*`)
)

// coordinatedNoun is what the words after a conjunction say of both its
// kinds: all after the other kind (its first skip words), to the plural noun
// that ends them ("cheap public cultural shows" → public cultural shows); ""
// when a phrase ends first, or the other kind is the noun itself.
func coordinatedNoun(words []string, skip int) string {
	var shared []string
	for i, w := range words {
		bare := strings.Trim(w, `"'’“”,.?!()`)
		if bare == "" || phraseEnds[bare] || englishAskWords[bare] || i == countedWords {
			return "" // "how much money and how many jobs": a second ask, not a kind
		}
		if i < skip {
			if isPlural(bare) {
				return ""
			}
			continue
		}
		shared = append(shared, bare)
		if isPlural(bare) {
			return strings.Join(shared, " ")
		}
		if strings.ContainsAny(w, ",.?!") {
			return ""
		}
	}
	return ""
}

// englishUnmatched reports an English question that the sentence's own
// English (its rendering and residents' words) does not meet at all, where
// the report has a rendering: the glossary alone read "a fun fact about
// pandas" as 休闲娱乐, which no resident asking it meant.
func (e *Engine) englishUnmatched(p part, terms []englishTerm, pos int) bool {
	// Chinese in the English question (the asker's, in brackets, or a staff
	// synonym's term) is matched as Chinese, which the English side cannot see.
	return p.en != nil && len(terms) > 0 && !strings.ContainsFunc(p.en.raw, isHan) &&
		e.report.English[e.sentences[pos].ID] != "" && e.english.coverage(terms, pos) < minEnglishCoverage
}

// minEnglishCoverage is the least of an English question its answer's own
// English must cover.
const minEnglishCoverage = 0.1

// englishFigureCoverage is how much of an English question the cited
// sentence's own English (its rendering, residents' words for it) must
// cover for its figure to be stated. The glossary's Chinese alone can
// point at a sibling sentence that names the same things ("office space
// finished" met the sentence of office space started), and a figure from
// it is the worst answer; the sentence is still quoted. A report without
// a rendering has only the glossary to go by.
const englishFigureCoverage = 0.3

// contextBacks reports a sentence that the question's context names as
// well as its core nearly does: "白鹅潭那边有哪些老建筑会修返？我记得有个
// 培英书院" covers the restoration sentence short of the line, but the
// academy the asker remembers stands in it.
//
// A message that asks other things too backs a sentence by what it says
// besides its questions, its story: another question is no context.
func (e *Engine) contextBacks(p part, context *question, c candidate) bool {
	if c.coverage < e.minCoverage-contextBackMargin {
		return false
	}
	if p.alongside {
		return e.weight(p.story) >= minContextWeight && e.covers(e.analyze(p.story), c.pos) >= minContextCover
	}
	return context != nil && e.weight(p.context) >= minContextWeight && e.covers(context, c.pos) >= minContextCover
}

// contextBackMargin is how far below the line a core's coverage may fall
// when its context backs the sentence; minContextWeight and
// minContextCover are how much the context must name, and how much of it
// the sentence must hold.
const (
	contextBackMargin = 0.2
	minContextWeight  = 4.0
	minContextCover   = 0.5
)

// contextOverCore is how much more than its core a message's context must
// name for the context to decide whether a figure answers it.
const contextOverCore = 2.0

// contextMissed reports a message whose context names far more than its
// core and of which the sentence at pos says nothing: in "听说是个提升城市
// 品质的行动，今年总共要完成多少个项目？" the projects are the campaign's,
// and a count of other projects does not answer it.
func (e *Engine) contextMissed(p part, context *question, pos int) bool {
	// Another question of the same message is no context of this one; a
	// clause that only checks ("係咪講吓算", is it just talk?) is.
	if context == nil || p.alongside {
		return false
	}
	// The asker's own life ("我在荔湾开了家小公司") is no topic the figure
	// must be of.
	var topic []string
	for _, c := range strings.FieldsFunc(p.context, func(r rune) bool { return strings.ContainsRune("，,。；;！!？? ", r) }) {
		if !isOwnStory(c) {
			topic = append(topic, c)
		}
	}
	return e.weight(strings.Join(topic, "，")) >= contextOverCore*e.weight(p.core) && e.covers(context, pos) == 0
}

// figureTied reports that the runner-up covers the question exactly as
// well as the answer, in English too, and offers another figure in the
// same unit: for an English question, read through a glossary and
// synonyms, nothing then says which of the two numbers was asked ("office space finished" meets the
// sentences of office space completed and started alike).
func (e *Engine) figureTied(ranked []candidate, terms []englishTerm, context *question, count englishCount) bool {
	if len(ranked) < 2 || ranked[0].figure < 0 || ranked[1].figure < 0 || ranked[1].coverage < ranked[0].coverage ||
		e.english.coverage(terms, ranked[1].pos) < e.english.coverage(terms, ranked[0].pos) {
		return false
	}
	if context != nil && e.covers(context, ranked[0].pos) > e.covers(context, ranked[1].pos) {
		return false // the message says which: "Is the district adding daycare? How many places?"
	}
	if e.english.namesAll(count, ranked[0].pos, ranked[0].figure) && !e.english.namesAll(count, ranked[1].pos, ranked[1].figure) {
		return false // "How many key projects": 198 key projects, not 5 projects
	}
	a, b := e.sentences[ranked[0].pos].Figures[ranked[0].figure], e.sentences[ranked[1].pos].Figures[ranked[1].figure]
	return a.BaseUnit() == b.BaseUnit() && a.Text != b.Text
}

// preferPlainFigure puts first, of two sentences that answer alike with
// figures in one unit, the one whose figure counts just what the question
// names: "今年新开工多少个项目" asks the 新开工项目23个, not the 新开工留用地
// 项目11个 that a shorter sentence holds, a kind of project it never named.
func (e *Engine) preferPlainFigure(q *question, ranked []candidate, terms []englishTerm, context *question, count englishCount) {
	if e.figureTied(ranked, terms, context, count) && e.plainer(q, ranked[1], ranked[0]) {
		ranked[0], ranked[1] = ranked[1], ranked[0]
	}
}

// plainer reports whether candidate a's figure counts just what the
// question names, and b's something narrower.
func (e *Engine) plainer(q *question, a, b candidate) bool {
	return e.unaskedModifier(q, a) == 0 && e.unaskedModifier(q, b) > 0
}

// unaskedModifier counts the characters of a candidate figure's subject
// that neither the question's terms nor the frame of a plan (力争全年)
// account for.
func (e *Engine) unaskedModifier(q *question, c candidate) int {
	subject := e.sentences[c.pos].Figures[c.figure].Subject
	covered := make([]bool, len(subject)) // by byte, so that terms may overlap
	cover := func(w string) {
		for from := 0; w != ""; {
			at := strings.Index(subject[from:], w)
			if at < 0 {
				return
			}
			for i := from + at; i < from+at+len(w); i++ {
				covered[i] = true
			}
			from += at + len(w)
		}
	}
	for _, t := range q.terms {
		cover(t.text)
	}
	for _, w := range planFrame {
		cover(w)
	}
	n := 0
	for i, r := range subject {
		if isHan(r) && !covered[i] {
			n++
		}
	}
	return n
}

// planFrame are the words a plan's figure stands in that say it is aimed
// at, not what it counts.
var planFrame = []string{"力争", "争取", "全年", "今年", "全区", "确保", "全力"}

// glossaryFigureCoverage is how much of an English question the glossary's
// Chinese alone must cover for a figure to be stated from a sentence that
// has no English rendering (a report without one): with less evidence, more
// of it.
const glossaryFigureCoverage = 0.8

// figureBacked reports whether the figure of ranked[0] may be stated: the
// message's context does not point elsewhere (contextMissed) and, for an
// English asker, the sentence's own English backs it and no runner-up
// backs another figure as well (figureTied).
func (e *Engine) figureBacked(p part, q *question, context *question, terms []englishTerm, ranked []candidate, count englishCount) bool {
	best := ranked[0]
	if p.en == nil {
		// Two sentences that cover the question alike, each with its own
		// figure in the unit asked ("经济增长目标…增长几个点" meets the GDP and
		// the budget revenue targets): only the figure's own words may
		// still say which ("收储出让几个地块": 收储出让6个地块).
		tied := e.figureTied(ranked, nil, context, englishCount{}) && e.ownCover(q, ranked[0]) <= e.ownCover(q, ranked[1]) && !e.plainer(q, ranked[0], ranked[1])
		return !e.contextMissed(p, context, best.pos) && !tied
	}
	if e.report.English[e.sentences[best.pos].ID] == "" {
		return best.coverage >= glossaryFigureCoverage
	}
	tied := e.figureTied(ranked, terms, context, count) && e.ownCover(q, ranked[0]) <= e.ownCover(q, ranked[1]) && !e.plainer(q, ranked[0], ranked[1])
	return (e.english.coverage(terms, best.pos) >= englishFigureCoverage || e.hanBacked(p, best)) && !tied
}

// hanBacked reports an English question whose Chinese (the asker's own
// term, or the report's word in pinyin: "gongcheng bazhai") all stands in
// the sentence, which covers the question: the English side cannot see
// such words, and a name is surer evidence than a paraphrase.
func (e *Engine) hanBacked(p part, c candidate) bool {
	if c.coverage < englishFigureCoverage {
		return false
	}
	text := e.sentences[c.pos].Text
	found := false
	for _, run := range strings.FieldsFunc(p.en.raw, func(r rune) bool { return !isHan(r) }) {
		if utf8.RuneCountInString(run) < 2 || !strings.Contains(text, run) {
			return false
		}
		found = true
	}
	for _, sp := range p.en.spans {
		if strings.ContainsFunc(sp.english, isHan) || !isPinyinName(sp.english) {
			continue
		}
		if !strings.Contains(text, sp.chinese) {
			return false
		}
		found = true
	}
	return found
}

// isPinyinName reports whether an English phrase is made only of words no
// English dictionary holds: a Chinese name in pinyin, not a paraphrase.
func isPinyinName(phrase string) bool {
	words := strings.Fields(strings.ToLower(phrase))
	return len(words) > 0 && !slices.ContainsFunc(words, func(w string) bool {
		return isEnglishWord(strings.Trim(w, `"'’“”,.?!()`))
	})
}

// ownCover is the weight of the question's terms that stand in the own
// words of candidate c's figure.
func (e *Engine) ownCover(q *question, c candidate) float64 {
	own := e.figWords[c.pos][c.figure].own
	w := 0.0
	for _, t := range q.terms {
		if strings.Contains(own, t.text) {
			w += t.weight
		}
	}
	return w
}

// maxSources is how many sentences an answer cites: the best and the
// runners-up a resident may ask to see.
const maxSources = 5

// maxNearMisses is how many near misses a refusal carries for staff.
const maxNearMisses = 3

// candidate is a sentence being ranked.
type candidate struct {
	pos      int
	coverage float64
	score    float64
	figure   int // index of the figure that best fits the question, or -1
	matched  []string
}

// rank scores bleve's hits by how much of the question each covers, then by
// how well a figure fits a quantity question, then by bleve's own score.
func (e *Engine) rank(q *question, in intent, context *question, enTerms []englishTerm, hits []hit) []candidate {
	total := q.totalWeight()
	if (total == 0 && len(enTerms) == 0) || len(hits) == 0 {
		return nil
	}
	maxBM := hits[0].score
	// The context's evidence is weighed against the most any hit has of
	// it: a chatty context ("我家在旧区，经常听人讲城市更新") names one
	// report word among many of its own, and that one word must still be
	// able to choose between sentences the core covers alike.
	contextCover := make([]float64, len(hits))
	bestContext := 0.0
	if context != nil {
		for i, h := range hits {
			if pos, ok := e.byID[h.id]; ok {
				contextCover[i] = e.covers(context, pos)
				bestContext = max(bestContext, contextCover[i])
			}
		}
	}
	out := make([]candidate, 0, len(hits))
	credit := make([]float64, len(q.terms))
	named := e.longestMention(q.text)
	for i, h := range hits {
		pos, ok := e.byID[h.id]
		if !ok {
			continue
		}
		c := candidate{pos: pos, figure: -1}
		c.matched = e.credit(q, pos, credit)
		c.coverage = q.coverage(credit)
		enCover := 0.0
		if len(enTerms) > 0 {
			// An English question is covered by the rendering or by the
			// glossary's Chinese, whichever says more.
			enCover = e.english.coverage(enTerms, pos)
			c.coverage = max(c.coverage, enCover)
		}
		// Between sentences the glossary's Chinese covers alike, the one
		// whose own English says more of the question: "office space
		// completing" is read as 竣工, which neither the sentence of what
		// is completed (建成) nor of what starts holds; "completing" is in
		// the first's rendering.
		c.score = c.coverage + englishShare*enCover
		if named != "" && onlyAround(e.sentences[pos].Text, named) {
			// "what's happening with Liwan Lake": the sentence of the lake
			// itself, not of the area around it (环荔湾湖).
			c.score -= aroundPenalty
		}
		if maxBM > 0 {
			c.score += 0.05 * h.score / maxBM
		}
		// Context and figures only decide between sentences that cover the
		// question well enough to answer it; the others are only offered as
		// runners-up, so they skip that work.
		if c.coverage >= e.minCoverage-contendMargin {
			if bestContext > 0 {
				c.score += contextWeight * contextCover[i] / bestContext
			}
			if q.wantsFigure {
				fit := -1.0
				c.figure, fit = e.pickAnyFigure(q, in, pos)
				if c.figure >= 0 {
					c.score += 0.1 * fit
				}
			}
		}
		if q.wantsFigure && c.figure < 0 {
			c.score -= 0.15
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// onlyAround reports whether every time text names name, it names the
// area around it: 环荔湾湖, 沿江, 花地河沿线, 白鹅潭周边.
func onlyAround(text, name string) bool {
	found := false
	for rest := text; ; {
		i := strings.Index(rest, name)
		if i < 0 {
			return found
		}
		before, _ := utf8.DecodeLastRuneInString(rest[:i])
		after := rest[i+len(name):]
		if !strings.ContainsRune("环沿绕", before) && !strings.HasPrefix(after, "周边") && !strings.HasPrefix(after, "沿线") && !strings.HasPrefix(after, "一带") {
			return false
		}
		found = true
		rest = after
	}
}

// aroundPenalty is what a sentence loses that names the asked place only as
// the area around it: enough to choose between sentences that cover the
// question alike, as bleve's share of the score does.
const aroundPenalty = 0.02

// longestMention is the longest phrase of text, of minMentionRunes or more,
// that the report holds; the later of two as long. "" for none.
func (e *Engine) longestMention(text string) string {
	best := ""
	for _, run := range e.contentRuns(text) {
		rs := []rune(run)
		for i := range rs {
			for j := min(len(rs), i+maxMentionRunes); j-i >= max(minMentionRunes, utf8.RuneCountInString(best)); j-- {
				if p := string(rs[i:j]); e.stats.mentions(p) {
					best = p
					break
				}
			}
		}
	}
	return best
}

// minMentionRunes and maxMentionRunes bound the phrases longestMention
// looks for: three runes say more than a common pair, and a report's
// names are rarely longer than twelve.
const (
	minMentionRunes = 3
	maxMentionRunes = 12
)

// englishShare is what a sentence's own English coverage adds to its score
// for an English question.
const englishShare = 0.1

// contendMargin is how far under the refusal line a sentence's coverage may
// be and still be scored in full: scores add at most this much to coverage.
const contendMargin = 0.15

// topicCredit is what a term found only in a sentence's paragraph heading is
// worth, against 1 for a term in the sentence itself.
const topicCredit = 0.7

// residentsCredit is what a term found only in residents' words for a
// sentence is worth.
const residentsCredit = 0.8

// synonymCredit is what an English term earns in a sentence whose rendering
// lacks it but holds a WordNet synonym of it: less than residents' words,
// which were written for that very sentence, since a synonym may be meant
// in another of its senses.
const synonymCredit = 0.75

// contextWeight is what a message's context can add to a sentence's score:
// enough to choose between sentences that cover the question alike (more
// than bleve's share of the score, which favours short sentences), never
// enough to lift one over the refusal line (coverage is the core's alone).
const contextWeight = 0.06

// credit fills in, for each of q's terms, how much sentence pos earns for
// it, and returns the terms it holds.
func (e *Engine) credit(q *question, pos int, credit []float64) (matched []string) {
	for i, t := range q.terms {
		at := q.sitesOf(e.sites, t.text)
		switch {
		case at.has(siteText, pos):
			credit[i] = 1
			matched = append(matched, t.text)
		case at.has(siteTopic, pos):
			credit[i] = topicCredit
			matched = append(matched, t.text)
		case at.has(siteResidents, pos) && !genericTerms[t.text]:
			// Evidence, not a quote: not highlighted in the reply.
			credit[i] = residentsCredit
		case q.wantsFigure && e.measuredBy(t.text, pos):
			// "征收土地的总面积有多大": an area asked is held by a figure in
			// square metres, whatever words the sentence gives it.
			credit[i] = 1
		default:
			credit[i] = 0
		}
	}
	return matched
}

// measureTerms are the words of a question that ask a measure, by the
// measure's class in measureClass.
var measureTerms = map[string]string{"面积": "area", "多大": "area", "占地": "area", "长度": "length", "多长": "length", "总长": "length"}

// measuredBy reports whether term asks a measure that a figure of the
// sentence at pos is written in.
func (e *Engine) measuredBy(term string, pos int) bool {
	class := measureTerms[term]
	if class == "" {
		return false
	}
	for _, f := range e.sentences[pos].Figures {
		if measureClass[f.BaseUnit()] == class {
			return true
		}
	}
	return false
}

// covers is how much of q sentence pos covers.
func (e *Engine) covers(q *question, pos int) float64 {
	credit := make([]float64, len(q.terms))
	e.credit(q, pos, credit)
	return q.coverage(credit)
}

// pickFigure chooses, among a sentence's figures, the one the question asks
// about: the one whose own list item and clause share most of the question's
// terms, and whose unit is the one asked for. fit is in [0, 1].
func (e *Engine) pickFigure(q *question, in intent, pos int) (best int, fit float64) {
	figs := e.sentences[pos].Figures
	best, bestScore := -1, -1.0
	var fitting []int // the figures that fit the question
	total := q.totalWeight()
	// An English question may name what it counts in the rendering's words
	// where the glossary has no Chinese for them ("how many new plots").
	counted := e.english.countedFigure(in.enCount, pos)
	if counted >= 0 && in.phrase != "" && e.namesOtherFigure(in.phrase, pos, counted) {
		// "how many are the city's 'gongcheng bazhai' projects": the
		// asker's term (攻城拔寨) is another figure's, whatever the
		// rendering's words say.
		counted = -1
	}
	if in.union && counted >= 0 && figs[counted].Detail {
		// A union of kinds ("factory, office and retail projects") is
		// counted by no one kind's number, only by the whole's.
		counted = -1
	}
	// A core that asks only of a stage, in a message whose context names
	// items of the sentence's list, asks of those items: the verb before
	// the list (新开工) is all the items'.
	byContext := in.asksOnlyStage() && in.context != nil && !slices.ContainsFunc(e.figWords[pos], func(w figureWords) bool { return namesItemBeyond(q, in.modifier+in.head, w) })
	named, namedScore := -1, -1.0 // the best figure of an item the context names
	for i, f := range figs {
		// The figure's words were normalised once, when the engine was
		// built: a question only reads them.
		w := e.figWords[pos][i]
		// The rendering may say which figure counts what was asked, with
		// the asker's own modifiers ("6 plots acquired for the land reserve
		// and sold"): then no other figure of the sentence answers.
		if !measureFits(q, in, f, w) || !headFits(in, f, w) && i != counted && !countsNamedExamples(q, in, f, w) || counted >= 0 && i != counted || in.isQuoted(pos, i) || !e.ofQuoted(in, pos, f) {
			continue
		}
		if f.Detail && in.union {
			// "industrial and office buildings" ask for more than one
			// item, which no one part counts, only the whole.
			continue
		}
		sc := 0.0
		// A part is of its whole: "其中完工9个" counts the 续建地块 that
		// are finished, and its own words set it apart from the whole.
		subject := w.subject
		if w.whole != "" {
			subject += "\n" + w.whole
		}
		for _, t := range q.terms {
			if strings.Contains(subject, t.text) {
				// A word of the paragraph's heading is about all its
				// figures: in "拓展产业载体新空间", 载体 does not make
				// "高端商业载体项目5个" the answer to "产业载体项目几多个".
				weight := t.weight
				if strings.Contains(w.topic, t.text) {
					weight *= topicFigureShare
				}
				sc += weight / total
			}
			if strings.Contains(w.clause, t.text) {
				sc += 0.4 * t.weight / total
			}
		}
		// What stands right after a counter is what it counts: "129个项目"
		// answers "how many projects", "四大方面" does not.
		for _, t := range q.terms {
			if strings.Contains(w.counted, t.text) {
				sc += 0.5 * t.weight / total
			}
		}
		// A name the context gives that stands in one item of a list
		// points at that item, not its siblings.
		if in.context != nil && total > 0 {
			for _, t := range in.context.terms {
				// Its clause too: "…14家…推荐标准,8家社区卫生服务中心建成省级
				// 社区医院" sets the 8 apart by what follows its noun.
				words := w.own
				if !in.alongside {
					words += "\n" + w.clause
				}
				if utf8.RuneCountInString(t.text) >= 2 && strings.Contains(words, t.text) && !strings.Contains(w.topic, t.text) {
					sc += contextItemShare * t.weight / total
				}
			}
		}
		if q.unit != "" && unitFits(q.unit, f) {
			sc += unitFitBonus
		}
		if in.modifier != "" {
			sc += modifierBonus * e.modifierShare(in.modifier, w)
		}
		switch {
		case f.Detail && (in.part || asksPart(q.text)):
			sc += partBonus
		case f.Detail && !e.namesElliptical(q, pos, i):
			sc -= detailPenalty
		}
		if f.Detail {
			// "这些项目加起来总面积多大": the total, whatever parts it names;
			// but "老旧物业改造项目面积一共多大" totals the part it names, by
			// words of the part's own that its total's clause lacks.
			namesPart := len([]rune(in.modifier)) >= 2 && strings.Contains(w.own, in.modifier) && !strings.Contains(w.governing, in.modifier)
			if asksTotal(q.text) && !namesPart {
				sc -= totalPenalty
			}
		}
		fitting = append(fitting, i)
		if sc > bestScore {
			best, bestScore = i, sc
		}
		if byContext && sc > namedScore && contextNamesItem(in.context, w) {
			named, namedScore = i, sc
		}
	}
	if best < 0 {
		return -1, 0
	}
	if named >= 0 {
		best = named // the sentence fits as well as its best figure
	}
	// Within the sentence, the one figure whose counter stands before the
	// head itself decides, where every other counts a noun of its own:
	// "老旧小区微改造分了多少个项目" asks the 14个项目, not the 29个老旧小区
	// whose words the question shares more of. (A part with no noun, 其中
	// 完工9个, is left to the reading of parts.) How well the sentence fits
	// stays as its words say.
	if i, ok := e.soleCounted(pos, fitting, in.head); ok && len(fitting) > 1 {
		best = i
	}
	return best, bestScore / (unitFitBonus + 1.9)
}

// soleCounted returns the one figure of fitting whose counter stands right
// before head, where each of the others counts a noun of its own.
func (e *Engine) soleCounted(pos int, fitting []int, head string) (int, bool) {
	if head == "" {
		return -1, false
	}
	found := -1
	for _, i := range fitting {
		switch c := e.figWords[pos][i].counted; {
		case c == "":
			return -1, false
		case strings.HasPrefix(c, head):
			if found >= 0 {
				return -1, false
			}
			found = i
		}
	}
	return found, found >= 0
}

// contextItemShare is what a context word in a figure's own item adds, as a
// share of the question's weight.
const contextItemShare = 0.2

// partBonus makes a part answer a question about a part of a whole it
// names ("续建的地块里有几个完工": 其中完工9个, not the 21 carried on).
const partBonus = 0.5

// topicFigureShare is what a question word shared with the paragraph's
// heading counts for in choosing among the paragraph's figures.
const topicFigureShare = 0.3

// afterQuantity drops a quantity and its counter from the front of what a
// head phrase counts: "要弄好多条路" counts 路, and 好多条 (many) is no part
// of its name.
func afterQuantity(phrase string) string {
	rs := []rune(phrase)
	if n := len(rs); n >= 2 && strings.ContainsRune(singleCounters, rs[n-1]) &&
		!strings.ContainsFunc(string(rs[:n-1]), func(r rune) bool { return !strings.ContainsRune(quantityChars, r) }) {
		return "" // "大概有多大一块": a quantity and its counter name nothing
	}
	for i := len(rs) - 2; i > 0; i-- {
		if !strings.ContainsRune(singleCounters, rs[i]) {
			continue
		}
		// "一大片地": a size may stand between the quantity and its counter.
		if strings.ContainsRune(quantityChars, rs[i-1]) || i > 1 && strings.ContainsRune("大小", rs[i-1]) && strings.ContainsRune(quantityChars, rs[i-2]) {
			return string(rs[i+1:])
		}
	}
	return phrase
}

// singleCounters are the one-character counters; quantityChars write how
// many stand before one (好多条, 两个, 35条).
const (
	singleCounters = "个家条宗户场项片所座名张间套台辆次块栋幅处批"
	quantityChars  = "多几两一二三四五六七八九十百千万0123456789"
)

// modifierOf is what a head phrase says of its noun, after its last 的:
// "力争建成的高端商业载体" → 高端商业.
func modifierOf(phrase, head string) string {
	mod, ok := strings.CutSuffix(phrase, head)
	if !ok || head == "" {
		return ""
	}
	if i := strings.LastIndex(mod, "的"); i >= 0 {
		mod = mod[i+len("的"):]
	}
	if rs := []rune(mod); len(rs) > modifierRunes {
		mod = string(rs[len(rs)-modifierRunes:])
	}
	return mod
}

// modifierRunes is how much before its noun a head phrase's modifier reaches.
const modifierRunes = 4

// modifierBonus makes the figure whose item a question's modifier names
// win over its siblings of the same noun: "高端商业载体有几个" is the
// 高端商业载体项目2个, not the 16个产业载体 they are part of.
const modifierBonus = 0.3

// modifierShare is the share of a modifier's report words that stand in
// a figure's own words.
func (e *Engine) modifierShare(mod string, w figureWords) float64 {
	rs := []rune(mod)
	known, in := 0, 0
	for i := 0; i+1 < len(rs); i++ {
		bg := string(rs[i : i+2])
		// The paragraph's heading is about all its figures (拓展产业载体新空间).
		if e.stats.bigramDF[bg] == 0 || genericTerms[bg] || strings.Contains(w.topic, bg) {
			continue
		}
		known++
		if strings.Contains(w.own, bg) {
			in++
		}
	}
	if known == 0 {
		return 0
	}
	return float64(in) / float64(known)
}

// unitFitBonus makes a unit the question names ("多少条", "how many")
// outweigh any overlap of words: 59公里 never answers "how many roads".
const unitFitBonus = 2

// countedRunes is how far after a figure its counted noun may stand.
const countedRunes = 4

// countUnit asks for a count in any counter ("how many roads": 35条, not
// 12.4公里).
const countUnit = "#count"

// countOrShare asks how many of a whole, in a count or as its share.
const countOrShare = "#count-or-share"

// partOfWhole asks how many of a whole there is.
var partOfWhole = regexp.MustCompile(`(?i)\bhow\s+(?:many|much)\s+of\s+(?:the|these|those|its|their|our|all)\b`)

var counters = []string{"个", "家", "条", "宗", "户", "场", "人", "人次", "项", "片", "所", "座", "名", "张", "间", "套", "台", "辆", "次", "床", "位", "大", "批", "处", "类", "幅", "块", "栋"}

// detailPenalty makes a total win over its parts ("新开工项目23个" over
// "其中…高端商业载体项目5个") unless the question names the part.
const detailPenalty = 0.15

// totalPenalty keeps a part from answering a question that asks for the
// total of several: it outweighs the part's own words.
const totalPenalty = 1.0

// totalCues ask for a total.
var totalCues = []string{"加起来", "总共", "一共", "合计", "总计", "总面积", "总数", "总量", "总额", "总收入", "共有", "in total", "total", "altogether"}

// namesItemBeyond reports whether q names a word of a figure's own list
// item besides those of stage: "村镇工业集聚区今年新开工几个" names its item.
func namesItemBeyond(q *question, stage string, w figureWords) bool {
	return slices.ContainsFunc(q.terms, func(t term) bool {
		return utf8.RuneCountInString(t.text) >= 2 && !strings.Contains(stage, t.text) && strings.Contains(w.own, t.text) && !strings.Contains(w.topic, t.text)
	})
}

// namesElliptical reports a question that names the own word of a part that
// names no noun, which no other figure of the sentence has: "how many plots
// get finished" asks the 其中完工9个 of the 21 carried on.
func (e *Engine) namesElliptical(q *question, pos, fig int) bool {
	ws := e.figWords[pos]
	if ws[fig].whole == "" {
		return false
	}
	own := strings.TrimPrefix(ws[fig].subject, "其中")
	// "how many plots continue construction, and how many of those get
	// finished": a question naming the whole's own word (续建) asks it.
	for _, w := range ws {
		if w.subject != ws[fig].whole {
			continue
		}
		name := strings.TrimSuffix(w.subject, w.counted)
		if slices.ContainsFunc(q.terms, func(t term) bool { return utf8.RuneCountInString(t.text) >= 2 && strings.Contains(name, t.text) }) {
			return false
		}
	}
	for _, t := range q.terms {
		if utf8.RuneCountInString(t.text) < 2 || !strings.Contains(own, t.text) {
			continue
		}
		if !slices.ContainsFunc(seq(len(ws)), func(i int) bool { return i != fig && strings.Contains(ws[i].own, t.text) }) {
			return true
		}
	}
	return false
}

// asksPart reports a question about a part of a whole it names: "续建的
// 地块里有几个今年完工", of the plots carried on, how many finish.
func asksPart(text string) bool {
	for _, c := range []string{"里有几", "里有多少", "里面有几", "里面有多少", "中有几", "中有多少", "其中", "当中", "之中"} {
		if strings.Contains(text, c) {
			return true
		}
	}
	return false
}

func asksTotal(text string) bool {
	for _, c := range totalCues {
		if strings.Contains(text, c) {
			return true
		}
	}
	return false
}

// unitFits reports whether a figure is counted in the unit a question asks
// for; 人 takes 人次 and 万人 alike.
func unitFits(want string, f corpus.Figure) bool {
	base := f.BaseUnit()
	switch want {
	case countUnit:
		return slices.Contains(counters, base)
	case countOrShare:
		return slices.Contains(counters, base) || base == "%"
	}
	if c := measureClass[want]; c != "" && c == measureClass[base] {
		return true // 面积多大 asks for an area: 3公顷 answers it
	}
	return base == want || strings.HasPrefix(base, want)
}

// measureClass groups the units of one measure.
var measureClass = map[string]string{
	"平方米": "area", "公顷": "area", "亩": "area", "平方公里": "area",
	"公里": "length", "千米": "length", "米": "length",
	"人": "people", "人次": "people", "名": "people",
	"户": "households",
}

// suggest offers up to three paragraph topics of near misses: sentences
// that hold the question's weightiest term. A question that shares nothing
// weighty with the report gets none, not the report's first topics: the
// channel offers its list of topics instead.
func (e *Engine) suggest(q *question, ranked []candidate) []string {
	key := ""
	keyWeight := 0.0
	for _, t := range q.terms {
		if t.weight > keyWeight && e.stats.mentions(t.text) && (utf8.RuneCountInString(t.text) > 1 || !isHanRun(t.text)) {
			key, keyWeight = t.text, t.weight
		}
	}
	if key == "" {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, c := range ranked {
		topic := e.sentences[c.pos].Topic
		if topic == "" || seen[topic] || !slices.Contains(c.matched, key) {
			continue
		}
		seen[topic] = true
		out = append(out, topic)
		if len(out) == 3 {
			break
		}
	}
	return out
}

func (e *Engine) logAnswer(a Answer) {
	fields := []zap.Field{
		zap.Int("question_runes", utf8.RuneCountInString(a.Question)),
		zap.String("outcome", string(a.Outcome)),
		zap.Bool("answered", a.Answered()),
		zap.Float64("coverage", round3(a.Coverage)),
		zap.Duration("latency", a.Latency),
	}
	if len(a.Sources) > 0 {
		fields = append(fields, zap.String("top", a.Sources[0].ID))
	}
	if a.Figure != nil {
		fields = append(fields, zap.String("figure", a.Figure.Text))
	}
	fields = append(fields, zap.Int64("curations", a.Curations))
	if a.Curation != 0 {
		fields = append(fields, zap.Int64("curation", a.Curation))
	}
	e.log.Info("answer", fields...)
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

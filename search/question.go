package search

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxQuestionRunes bounds the work one message can cause; a longer message is
// cut and the reply says so.
const maxQuestionRunes = 200

// question is what the engine understood of a resident's message.
type question struct {
	text        string   // normalised, synonyms applied
	wantsFigure bool     // asks for a quantity
	unit        string   // the unit the quantity should have, if the question names one
	runs        []string // the content left once question words are gone, typos corrected
	terms       []term   // what a sentence must contain to answer it
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

// analyze turns normalised question text into weighted terms. Steps: note
// the quantity cues, rewrite synonyms to the report's wording, drop question
// words, correct one-character typos against the report's own trigrams,
// then weigh bigrams by how rare they are in the report.
func (e *Engine) analyze(text string) *question {
	q := &question{}
	q.text = e.synonyms.apply(text)
	q.wantsFigure, q.unit = figureIntent(q.text)
	for _, run := range e.contentRuns(q.text) {
		if isHanRun(run) {
			run = e.stats.correct(run)
		}
		q.runs = append(q.runs, run)
	}
	q.terms = e.stats.terms(q.runs)
	return q
}

func figureIntent(text string) (wants bool, unit string) {
	for _, c := range figureCues {
		if strings.Contains(text, c) {
			wants = true
			break
		}
	}
	for _, cue := range []string{"多少", "几"} {
		if _, after, ok := strings.Cut(text, cue); ok {
			if u := firstPrefix(after, countUnits); u != "" {
				return wants, u
			}
		}
	}
	for _, c := range unitCues {
		if strings.Contains(text, c.cue) {
			return wants, c.unit
		}
	}
	return wants, ""
}

// contentRuns removes question and place words and splits what is left into
// runs of Han characters and Latin words or numbers.
func (e *Engine) contentRuns(text string) []string {
	text = e.questionWords.apply(text)
	var b strings.Builder
	for i := 0; i < len(text); {
		rest := text[i:]
		if w := firstPrefix(rest, placeWords); w != "" && !e.stats.continuesName(rest, w) {
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
type corpusStats struct {
	n        float64             // documents (indexed sentences)
	bigramDF map[string]int      // documents whose text or topic holds the bigram
	charDF   map[rune]int        // documents holding the character
	middles  map[[2]rune][]rune  // report trigrams a?b by their outer pair (a, b)
	heads    map[[2]rune][]rune  // report trigrams ?ab by their tail (a, b)
	tails    map[[2]rune][]rune  // report trigrams ab? by their head (a, b)
	trigrams map[[3]rune]int     // how often each trigram occurs in the report
	docs     []string            // normalised text and topic of every document
}

func newCorpusStats(docs []string) *corpusStats {
	s := &corpusStats{
		n:        float64(len(docs)),
		bigramDF: map[string]int{},
		charDF:   map[rune]int{},
		middles:  map[[2]rune][]rune{},
		heads:    map[[2]rune][]rune{},
		tails:    map[[2]rune][]rune{},
		trigrams: map[[3]rune]int{},
		docs:     docs,
	}
	for _, d := range docs {
		seenB := map[string]bool{}
		seenC := map[rune]bool{}
		rs := []rune(d)
		for i, r := range rs {
			if !isHan(r) {
				continue
			}
			if !seenC[r] {
				seenC[r] = true
				s.charDF[r]++
			}
			if i+1 < len(rs) && isHan(rs[i+1]) {
				bg := string(rs[i : i+2])
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

// correct mends one-character typos in a Han run (托为总量 → 托位总量): a
// character whose bigrams with both neighbours never occur in the report is
// replaced by the character that makes the surrounding trigram one the report
// does contain, the most frequent if several do.
func (s *corpusStats) correct(run string) string {
	rs := []rune(run)
	if len(rs) < 3 {
		return run
	}
	for i := range rs {
		leftBad := i == 0 || !s.known(rs[i-1], rs[i])
		rightBad := i == len(rs)-1 || !s.known(rs[i], rs[i+1])
		if !leftBad || !rightBad {
			continue
		}
		var cands []rune
		var tri func(x rune) [3]rune
		switch {
		case i == 0:
			cands = s.heads[[2]rune{rs[1], rs[2]}]
			tri = func(x rune) [3]rune { return [3]rune{x, rs[1], rs[2]} }
		case i == len(rs)-1:
			cands = s.tails[[2]rune{rs[i-2], rs[i-1]}]
			tri = func(x rune) [3]rune { return [3]rune{rs[i-2], rs[i-1], x} }
		default:
			cands = s.middles[[2]rune{rs[i-1], rs[i+1]}]
			tri = func(x rune) [3]rune { return [3]rune{rs[i-1], x, rs[i+1]} }
		}
		best, bestN := rune(0), 0
		for _, c := range cands {
			if n := s.trigrams[tri(c)]; n > bestN {
				best, bestN = c, n
			}
		}
		if bestN > 0 {
			rs[i] = best
		}
	}
	return string(rs)
}

// terms weighs the question's pieces. A bigram the report contains weighs
// its IDF. One it never contains counts against every sentence (it is what
// the question asks that the report lacks) unless it is only a seam between
// two known words or holds a function character.
func (s *corpusStats) terms(runs []string) []term {
	var out []term
	seen := map[string]bool{}
	add := func(t string, w float64) {
		if w > 0 && !seen[t] {
			seen[t] = true
			out = append(out, term{text: t, weight: w})
		}
	}
	for _, run := range runs {
		if !isHanRun(run) {
			add(run, s.latinIDF(run))
			continue
		}
		rs := []rune(run)
		if len(rs) == 1 {
			if !functionChars[rs[0]] {
				add(run, 0.5*s.charIDF(rs[0]))
			}
			continue
		}
		for i := 0; i+1 < len(rs); i++ {
			bg := string(rs[i : i+2])
			if df := s.bigramDF[bg]; df > 0 {
				add(bg, s.idf(df))
				continue
			}
			if functionChars[rs[i]] || functionChars[rs[i+1]] {
				continue
			}
			leftKnown := i > 0 && s.known(rs[i-1], rs[i])
			rightKnown := i+2 < len(rs) && s.known(rs[i+1], rs[i+2])
			if leftKnown && rightKnown {
				continue
			}
			add(bg, 0.5*(s.charIDF(rs[i])+s.charIDF(rs[i+1])))
		}
	}
	return out
}

func (s *corpusStats) latinIDF(word string) float64 {
	df := 0
	for _, d := range s.docs {
		if strings.Contains(d, word) {
			df++
		}
	}
	if df == 0 {
		return s.unseenIDF()
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

package search

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// englishExcluded is an English phrase that sets something apart from
// what is asked: "how many plots go up for sale, apart from the urban
// renewal ones", "(not the Ruyifang road one)". A cue, a determiner (so
// that a bare "not free" stays, and "not that big" or "not this year",
// where this and that are no determiners of a thing), and the words to the
// next break.
// "Besides" adds rather than sets apart ("besides Sam's, which malls open"
// asks about the list Sam's is in), and so does 除了…还.
var englishExcluded = regexp.MustCompile(`(?i)\b(?:apart from|other than|except for|except|excluding|not counting|not including|not)\s+(?:the|those|these|its|their|any)\s+([^,.;:?!()—–]*)`)

// bracketedNot is a bracket that opens with "not".
var bracketedNot = regexp.MustCompile(`(?i)\(\s*not\s+[^()]*\)`)

// dropExcluded returns an English question without what it sets apart: a
// resident names a neighbour of what is asked to tell the two apart, and
// the neighbour's words are no evidence for the answer; the sentence they
// meet best is the one the resident means not to get. The question stays
// whole when nothing would be left to ask.
// What was set apart is returned too: evidence against the sentences it
// meets.
func dropExcluded(text string) (kept, apart string) {
	// "(not new starts)": a bracket that only says what is not asked names
	// a sibling of the same sentence as often as another sentence, so its
	// words are dropped from the question, but nothing is set apart.
	// With a determiner ("(not the urban renewal ones)") it names a
	// neighbour to set apart, below.
	t := bracketedNot.ReplaceAllStringFunc(text, func(m string) string {
		if englishExcluded.MatchString(m) {
			return m
		}
		return " "
	})
	if strings.TrimFunc(t, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) }) != "" {
		text = t
	}
	var set []string
	var b strings.Builder
	last := 0
	for _, m := range englishExcluded.FindAllStringSubmatchIndex(text, -1) {
		b.WriteString(text[last:m[0]])
		b.WriteString(" ")
		if !siblingMeasure.MatchString(text[m[2]:m[3]]) {
			set = append(set, text[m[2]:m[3]]) // what is set apart, without its cue
		}
		last = m[1]
	}
	b.WriteString(text[last:])
	kept = b.String()
	if strings.TrimFunc(kept, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) }) == "" {
		return text, ""
	}
	return kept, strings.Join(set, " ")
}

// siblingMeasure opens what is set apart when it names another figure of
// the same sentence, not a neighbour sentence: "how many historic blocks —
// not the number of projects, the number of blocks" (5个项目6片历史文化街区).
// Its words are dropped, but the sentence that holds both is not the one
// the resident means not to get. A measure alone names no sentence
// either: "I heard 5 projects but not the size".
var siblingMeasure = regexp.MustCompile(`(?i)^(?:number|count|total|amount|figure|area|floor area|size)(?:\s+(?:of|for)\b|\s*$)`)

// setApartWeight is what a sentence loses for meeting part of what a
// question sets apart: as much as context may add, enough to choose between
// sentences that cover the question alike.
const setApartWeight = contextWeight

// setApartCover is how much of what is set apart a sentence must meet to
// be the one the resident means not to get ("plots for sale, not the urban
// renewal ones": 收储出让6个地块 of urban renewal), which then ranks below
// every sentence that does not (组织出让9宗地块). Coverage is untouched:
// with no other sentence over the refusal line, the reply refuses.
const setApartCover = 0.8

// setApart lowers the sentences that what a question sets apart meets, by
// how much of it each meets, and ranks them again.
func (e *Engine) setApart(apart string, ranked []candidate) []candidate {
	if apart == "" || len(ranked) < 2 {
		return ranked
	}
	q := e.analyze(apart)
	discountGeneric(q)
	if q.totalWeight() == 0 {
		return ranked
	}
	out := slices.Clone(ranked)
	for i := range out {
		if e.apartIsSibling(q, out[i]) {
			// "apart from the one provincial main platform, how many themed
			// industrial parks": the sentence lists both, and its figure is
			// the parks', not the platform's.
			continue
		}
		c := e.covers(q, out[i].pos)
		out[i].score -= setApartWeight * c
		if c >= setApartCover {
			out[i].score -= 1 + contendMargin // below any sentence over the line
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].score > out[j].score })
	return out
}

// apartIsSibling reports a candidate whose figure is not the one what is
// set apart names, while another figure of its sentence in the same unit
// is, by the set-apart words in that figure's own words: the sentence lists
// both.
func (e *Engine) apartIsSibling(apart *question, c candidate) bool {
	if c.figure < 0 {
		return false
	}
	names := func(w figureWords) bool {
		for _, run := range apart.runs {
			if utf8.RuneCountInString(run) >= 2 && isHanRun(run) && strings.Contains(w.subject+w.own, run) {
				return true
			}
		}
		return false
	}
	words, figs := e.figWords[c.pos], e.sentences[c.pos].Figures
	if names(words[c.figure]) {
		return false
	}
	// A sibling counts in the same unit (1个 platform, 2个 parks); a
	// set-apart name that only stands by an amount of another kind (城市更新
	// 完成投资125亿元) is the theme of the whole sentence.
	for i, w := range words {
		if i != c.figure && names(w) && figs[i].BaseUnit() == figs[c.figure].BaseUnit() {
			return true
		}
	}
	return false
}

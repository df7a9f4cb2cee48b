package search

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/liwanbot/liwanbot/corpus"
)

// A figure the asker states as known ("托位总量要超6500个,那今年新增多少",
// "石围塘、塞坝口那3公顷土地收储,涉及几个地块") says which sentence the
// question is about, and is not its answer: the asker has it already and
// asks something else of the same thing.

// quotedFigure is a figure of the report that a question states.
type quotedFigure struct {
	pos, figure int
	core        string // its number and unit as the question writes them: "6500个"
}

// quotedFigures finds the report's figures that text states as known, each
// at the sentence whose figure's words the clause around it shares most
// (the 11个 of "新开工的11个留用地项目" is the 留用地项目's, not the
// 高标准工业厂房项目11个). A message that checks a number it heard states
// none: the number is the asker's guess at the answer.
func (e *Engine) quotedFigures(text string) []quotedFigure {
	// Only a figure written in digits is looked for, and most questions
	// hold none.
	if !strings.ContainsAny(text, "0123456789") || checksGuess(text) || checksHeardNumber(text) || checksHeard.MatchString(text) || approxAmount.MatchString(text) {
		return nil
	}
	best := map[string]quotedFigure{}
	shared := map[string]int{}
	for pos, s := range e.sentences {
		for i, f := range s.Figures {
			// A number in words is as often the asker's own (跑了三年单,
			// 两大问题) as the report's.
			if f.Value == "" || f.Value[0] < '0' || f.Value[0] > '9' {
				continue
			}
			core := f.Value + f.Unit
			at := numberAt(text, core)
			if at < 0 {
				continue
			}
			// The clause must name something of the figure's: "我有2个
			// 孩子" quotes no 2个 of the report.
			n := sharedBigrams(clauseAround(text, at), f.Subject)
			if _, ok := best[core]; n > 0 && (!ok || n > shared[core]) {
				best[core], shared[core] = quotedFigure{pos: pos, figure: i, core: core}, n
			}
		}
	}
	out := make([]quotedFigure, 0, len(best))
	for _, q := range best {
		out = append(out, q)
	}
	// In the message's order, so that the first figure it states decides.
	slices.SortFunc(out, func(a, b quotedFigure) int { return numberAt(text, a.core) - numberAt(text, b.core) })
	return out
}

// numberAt is where core stands in text as a whole number: "11个" is not
// in "211个", nor "1.5万" in "21.5万".
func numberAt(text, core string) int {
	for from := 0; ; {
		at := strings.Index(text[from:], core)
		if at < 0 {
			return -1
		}
		at += from
		if r, _ := utf8.DecodeLastRuneInString(text[:at]); at == 0 || !(r >= '0' && r <= '9' || r == '.') {
			return at
		}
		from = at + len(core)
	}
}

// clauseAround is the clause of text that holds the byte at.
func clauseAround(text string, at int) string {
	start := 0
	if i := strings.LastIndexFunc(text[:at], clauseBreak); i >= 0 {
		_, n := utf8.DecodeRuneInString(text[i:])
		start = i + n
	}
	end := strings.IndexFunc(text[at:], clauseBreak)
	if end < 0 {
		return text[start:]
	}
	return text[start : at+end]
}

// sharedBigrams counts the character pairs of a that b holds too.
func sharedBigrams(a, b string) int {
	rs, n := []rune(a), 0
	for i := 0; i+1 < len(rs); i++ {
		if strings.Contains(b, string(rs[i:i+2])) {
			n++
		}
	}
	return n
}

// isQuoted reports whether figure i of the sentence at pos is one the
// asker stated.
func (in intent) isQuoted(pos, i int) bool {
	for _, q := range in.quoted {
		if q.pos == pos && q.figure == i {
			return true
		}
	}
	return false
}

// preferQuoted puts first the sentence of a figure the asker stated, when
// it covers the question well enough to answer: the question is about it,
// though another sentence shares more of its words.
func (e *Engine) preferQuoted(in intent, ranked []candidate) {
	for _, q := range in.quoted {
		for i, c := range ranked[:min(len(ranked), maxSources)] {
			if c.pos != q.pos || c.coverage < e.minCoverage {
				continue
			}
			if i > 0 {
				copy(ranked[1:i+1], ranked[:i])
				ranked[0] = c
			}
			return
		}
	}
}

// quotedElsewhere reports a figure the asker stated in the message's
// context whose sentence the context names better than the one at pos:
// "石围塘、塞坝口那3公顷土地收储,涉及几个地块" asks about the 3公顷 land
// reserve, whose sentence counts no plots, and the 9个地块 of another
// sentence do not answer it.
//
// A core that names a thing of its own, which the sentence at pos holds and
// the stated figure's does not, has moved on from it: "GDP增长5%左右,那固定
// 资产投资要完成多少" asks the investment's figure, beside the growth.
func (e *Engine) quotedElsewhere(in intent, context *question, pos int) bool {
	if context == nil {
		return false
	}
	ownThing := in.modifier != "" && strings.Contains(e.sentences[pos].Text, in.modifier)
	for _, q := range in.quoted {
		if ownThing && !strings.Contains(e.sentences[q.pos].Text, in.modifier) {
			continue
		}
		if q.pos != pos && e.covers(context, q.pos) > e.covers(context, pos) {
			return true
		}
	}
	return false
}

// asksWithinQuoted reports a question that asks a part of a whole it
// quotes ("129个城市品质提升项目里，园林方面的有几个") where the figure
// chosen at pos is no part of that whole: 四大方面 counts the campaign's
// kinds of work, not its garden projects.
func (e *Engine) asksWithinQuoted(text string, in intent, pos, fig int) bool {
	for _, q := range in.quoted {
		if q.pos == pos && asksWithinFigure(text, e.sentences[pos].Figures[q.figure]) && !e.sentences[pos].Figures[fig].Detail {
			return true
		}
	}
	return false
}

// ofQuoted reports whether figure f of the sentence at pos may answer a
// question that asks a measure of a figure it states: f must be of the
// stated figure's thing, in its list item ("新开工项目23个、面积251.05万平方米")
// or naming what it counts. "198个重点项目，总投资多少" is not answered by
// the district's 535亿元 of fixed-asset investment beside it.
func (e *Engine) ofQuoted(in intent, pos int, f corpus.Figure) bool {
	if !in.measureOfQuoted {
		return true
	}
	for _, q := range in.quoted {
		if q.pos != pos {
			continue
		}
		stated := e.sentences[pos].Figures[q.figure]
		return strings.Contains(f.Subject, stated.Text) || sharedBigrams(e.figWords[pos][q.figure].counted, f.Subject) > 0
	}
	return true
}

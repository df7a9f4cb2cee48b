package golden

import (
	"context"
	"fmt"
	"strings"

	"github.com/liwanbot/liwanbot/search"
)

// Comparing two engines (or one engine with and without a change, such as
// a staff curation) on the golden questions and on the questions residents
// asked: which golden answers the change would break or fix, and every
// question whose answer it would change, before and after.

// Answers are the answers of one engine to golden and residents' questions, to
// compare with another's.
type Answers struct {
	golden []search.Answer
	asked  []search.Answer
	Result Result
}

// AnswerAll asks every golden question and every asked one.
func AnswerAll(ctx context.Context, a Answerer, qs []Question, asked []string) (*Answers, error) {
	out := &Answers{Result: Result{ByCategory: map[Category]*Tally{}}}
	for _, q := range qs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("golden: comparison stopped: %w", err)
		}
		got := a.Answer(ctx, q.Q)
		out.golden = append(out.golden, got)
		out.Result.add(q, got)
	}
	for _, q := range asked {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("golden: comparison stopped: %w", err)
		}
		out.asked = append(out.asked, a.Answer(ctx, q))
	}
	return out, nil
}

// add counts one judged answer.
func (res *Result) add(q Question, got search.Answer) {
	why := Judge(q, got)
	c := Category{q.Lang, q.Type}
	if res.ByCategory[c] == nil {
		res.ByCategory[c] = &Tally{}
	}
	res.Total++
	res.ByCategory[c].Total++
	if why == "" {
		res.Right++
		res.ByCategory[c].Right++
	} else {
		res.Failures = append(res.Failures, Failure{Question: q, Why: why, Got: got})
	}
	if q.Script != "" {
		res.Script.Total++
		if strings.Contains(got.Text, q.Script) {
			res.Script.Right++
		}
	}
}

// Outline is what staff compare of an answer.
type Outline struct {
	Outcome  string `json:"outcome"`
	Sentence string `json:"sentence,omitempty"` // the cited sentence's id
	Figure   string `json:"figure,omitempty"`
	Answer   string `json:"answer"` // the reply's first line
	Curation int64  `json:"curation,omitempty"`
}

// OutlineOf outlines an answer.
func OutlineOf(a search.Answer) Outline {
	o := Outline{Outcome: string(a.Outcome), Curation: a.Curation}
	o.Answer, _, _ = strings.Cut(a.Text, "\n")
	if len(a.Sources) > 0 {
		o.Sentence = a.Sources[0].ID
	}
	if a.Figure != nil {
		o.Figure = a.Figure.Text
	}
	return o
}

// Change is a question answered differently after than before.
type Change struct {
	// ID is the golden question's id; "" for a question a resident asked.
	ID       string  `json:"id,omitempty"`
	Question string  `json:"question"`
	Before   Outline `json:"before"`
	After    Outline `json:"after"`
	// Why says what is wrong with a golden answer after; "" if it is right.
	Why string `json:"why,omitempty"`
}

// Comparison is what a change does to the answers.
type Comparison struct {
	Before, After Tally
	// Broken are golden questions answered right before and wrong after;
	// Fixed the other way round.
	Broken []Change `json:"broken"`
	Fixed  []Change `json:"fixed"`
	// Changed are all questions, golden and asked, whose answer changed.
	Changed []Change `json:"changed"`
}

// Compare says how after answers the questions differently from before:
// both must have been asked the same questions.
func Compare(qs []Question, asked []string, before, after *Answers) Comparison {
	c := Comparison{Before: before.Result.Tally, After: after.Result.Tally, Broken: []Change{}, Fixed: []Change{}, Changed: []Change{}}
	for i, q := range qs {
		b, a := before.golden[i], after.golden[i]
		wasWrong, why := Judge(q, b), Judge(q, a)
		ch := Change{ID: q.ID, Question: q.Q, Before: OutlineOf(b), After: OutlineOf(a), Why: why}
		switch {
		case wasWrong == "" && why != "":
			c.Broken = append(c.Broken, ch)
		case wasWrong != "" && why == "":
			c.Fixed = append(c.Fixed, ch)
		}
		if ch.Before != ch.After {
			c.Changed = append(c.Changed, ch)
		}
	}
	for i, q := range asked {
		ch := Change{Question: q, Before: OutlineOf(before.asked[i]), After: OutlineOf(after.asked[i])}
		if ch.Before != ch.After {
			c.Changed = append(c.Changed, ch)
		}
	}
	return c
}

// Package golden runs golden question files against the answering engine and
// scores them the way the project's evaluation does, so staff can see what
// residents would get before they get it.
package golden

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/liwanbot/liwanbot/search"
)

// Question is one line of a golden file (the format of shared/eval/dev.jsonl).
type Question struct {
	ID     string   `json:"id"`
	Lang   string   `json:"lang"`
	Type   string   `json:"type"`
	Q      string   `json:"q"`
	Expect []string `json:"expect,omitempty"`
	Figure []string `json:"figure,omitempty"`
	Script string   `json:"script,omitempty"`
	// Parts are the things a compound question asks, in order; Expect and
	// Figure then describe the first.
	Parts []Part `json:"parts,omitempty"`
}

// Part is one thing a compound question asks.
type Part struct {
	Expect []string `json:"expect"`
	Figure []string `json:"figure,omitempty"`
}

// Refusable reports whether the right reply is to not answer.
func (q Question) Refusable() bool { return q.Type == "offtopic" || q.Type == "trap" }

// NoFigure reports whether the question asks for a number the report does
// not give: the right reply states no figure, whether it refuses or quotes
// the nearest sentence.
func (q Question) NoFigure() bool { return q.Type == "nofigure" }

// ErrBadFile is wrapped by every error about a golden file's content.
var ErrBadFile = errors.New("golden: bad question file")

// maxSourceRunes is the longest cited sentence that counts: a source must be
// a sentence, not a paragraph.
const maxSourceRunes = 320

// Load reads a golden file: one JSON object a line, blank lines skipped.
func Load(r io.Reader) ([]Question, error) {
	var qs []Question
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var q Question
		if err := json.Unmarshal([]byte(line), &q); err != nil {
			return nil, fmt.Errorf("%w: line %d: %v", ErrBadFile, n, err)
		}
		if strings.TrimSpace(q.Q) == "" {
			return nil, fmt.Errorf("%w: line %d: no question", ErrBadFile, n)
		}
		if !q.Refusable() && !q.NoFigure() && len(q.Expect) == 0 {
			return nil, fmt.Errorf("%w: line %d: answerable question %q has no expect", ErrBadFile, n, q.ID)
		}
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("golden: read: %w", err)
	}
	if len(qs) == 0 {
		return nil, fmt.Errorf("%w: no questions", ErrBadFile)
	}
	return qs, nil
}

// Answerer is what a golden run needs of the engine.
type Answerer interface {
	Answer(ctx context.Context, question string) search.Answer
}

// Category is a language and question type.
type Category struct {
	Lang, Type string
}

// Tally counts right answers out of all.
type Tally struct {
	Right, Total int
}

// Failure is a question answered wrongly, with why.
type Failure struct {
	Question Question
	Why      string
	Got      search.Answer
}

// Result is a whole golden run.
type Result struct {
	Tally
	ByCategory map[Category]*Tally
	Failures   []Failure
	Script     Tally // traditional-script questions answered in traditional script
}

// Accuracy is the share of questions answered right.
func (t Tally) Accuracy() float64 {
	if t.Total == 0 {
		return 0
	}
	return float64(t.Right) / float64(t.Total)
}

// Run asks every question and judges each reply. It stops when ctx ends,
// returning what it scored so far and ctx's error: a run of thousands of
// questions costs seconds of CPU, and nobody is waiting for it any more.
func Run(ctx context.Context, a Answerer, qs []Question) (Result, error) {
	res := Result{ByCategory: map[Category]*Tally{}}
	for _, q := range qs {
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("golden: run stopped after %d of %d questions: %w", res.Total, len(qs), err)
		}
		res.add(q, a.Answer(ctx, q.Q))
	}
	return res, nil
}

// Judge returns why an answer is wrong for a question, or "" if it is right.
// An answerable question is right when the engine answered, its first source
// holds one of the expected strings and is a sentence, and, for a figure
// question, both the figure and the reply text hold one of the figures.
func Judge(q Question, a search.Answer) string {
	if q.Refusable() {
		if a.Answered() {
			return "answered a question it should have declined"
		}
		return ""
	}
	if q.NoFigure() {
		if a.Figure != nil {
			return "stated a figure the report does not give"
		}
		return ""
	}
	if len(q.Parts) > 1 {
		if len(a.Parts) < len(q.Parts) {
			return fmt.Sprintf("answered %d of %d parts", max(len(a.Parts), 1), len(q.Parts))
		}
		for i, p := range q.Parts {
			if why := judgeOne(p.Expect, p.Figure, a.Parts[i]); why != "" {
				return fmt.Sprintf("part %d: %s", i+1, why)
			}
		}
		return ""
	}
	return judgeOne(q.Expect, q.Figure, a)
}

// judgeOne judges an answer to one thing asked.
func judgeOne(expect, figure []string, a search.Answer) string {
	if !a.Answered() {
		return "not answered"
	}
	top := ""
	if len(a.Sources) > 0 {
		top = a.Sources[0].Text
	}
	if !containsAny(top, expect) {
		return "wrong source"
	}
	if utf8.RuneCountInString(top) > maxSourceRunes {
		return "source too long"
	}
	if len(figure) > 0 {
		fig := ""
		if f := a.Figure; f != nil {
			fig = f.Value + " " + f.Unit + " " + f.Qualifier + " " + f.Text
			if lo, _, ok := f.Amount(); ok {
				fig += " " + strconv.FormatFloat(lo, 'f', -1, 64) // 1萬 is 10000
			}
		}
		if !containsAny(fig, figure) || !containsAny(a.Text, figure) {
			return "figure missing"
		}
	}
	return ""
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// Categories returns the result's categories in a stable order.
func (r Result) Categories() []Category {
	cs := make([]Category, 0, len(r.ByCategory))
	for c := range r.ByCategory {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Lang != cs[j].Lang {
			return cs[i].Lang < cs[j].Lang
		}
		return cs[i].Type < cs[j].Type
	})
	return cs
}

// WriteReport prints accuracy by language and type, then every failure.
func (r Result) WriteReport(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, c := range r.Categories() {
		t := r.ByCategory[c]
		fmt.Fprintf(bw, "%-8s %-9s %3d/%-3d %5.1f%%\n", c.Lang, c.Type, t.Right, t.Total, 100*t.Accuracy())
	}
	for _, f := range r.Failures {
		top := ""
		if len(f.Got.Sources) > 0 {
			top = f.Got.Sources[0].ID + " " + clip(f.Got.Sources[0].Text, 40)
		}
		fmt.Fprintf(bw, "FAIL %s %s — %s — top: %s\n", f.Question.ID, f.Question.Q, f.Why, top)
	}
	if r.Script.Total > 0 {
		fmt.Fprintf(bw, "answer in the asker's script: %d/%d\n", r.Script.Right, r.Script.Total)
	}
	fmt.Fprintf(bw, "score: %d/%d (%.1f%%)\n", r.Right, r.Total, 100*r.Accuracy())
	return bw.Flush()
}

func clip(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n]) + "…"
}

package feedback

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/search"
)

// Engine answers questions from a report, or several; *search.Engine and
// *search.Shelf are ones.
type Engine interface {
	Answer(ctx context.Context, question string) search.Answer
	Report() *corpus.Report
	// Find returns the report a sentence id is of: with several reports
	// loaded, a rating of 2024/p31.s4 is of the 2024 report.
	Find(id string) (*corpus.Report, bool)
}

// Review is a Summary made readable for staff: each disliked answer with
// its sentence, and, on request, each refused question asked again of the
// current engine, to see whether a synonym or glossary entry added since
// now covers it.
type Review struct {
	Since    time.Time          `json:"since"`
	Report   string             `json:"report"` // hash of the report the engine answers from now
	Refused  []ReviewedQuestion `json:"refused"`
	Disliked []ReviewedAnswer   `json:"disliked"`
	// Activity counts the period's questions and ratings, day by day.
	Activity Activity `json:"activity"`
}

// ReviewedQuestion is a refused question and, if it was re-run, how the
// bot answers it now.
type ReviewedQuestion struct {
	RefusedQuestion
	// Near are the sentences that came closest to answering it, as the
	// engine answers now: what staff might link it to.
	Near []NearMiss `json:"near"`
	Now  *Rerun     `json:"now,omitempty"`
}

// NearMiss is a sentence that came close to answering a question.
type NearMiss struct {
	Sentence string   `json:"sentence"`
	Text     string   `json:"text"`
	Topic    string   `json:"topic,omitempty"`
	Coverage float64  `json:"coverage"` // of the question, 0 to 1
	Terms    []string `json:"terms,omitempty"`
}

// nearMisses are an answer's closest sentences: a refusal's near misses,
// or, for a question answered now, what it cites.
func nearMisses(a search.Answer) []NearMiss {
	src := a.NearMisses
	if len(src) == 0 {
		src = a.Sources
	}
	out := []NearMiss{}
	for _, s := range src {
		if len(out) == 3 {
			break
		}
		out = append(out, NearMiss{Sentence: s.ID, Text: s.Text, Topic: s.Topic, Coverage: s.Coverage, Terms: s.Terms})
	}
	return out
}

// Rerun is the current answer to a question once refused.
type Rerun struct {
	Outcome  string `json:"outcome"`
	Sentence string `json:"sentence,omitempty"` // the cited sentence's id
	Figure   string `json:"figure,omitempty"`
	Answer   string `json:"answer"` // the reply's first line
}

// ReviewedAnswer is a disliked answer with the sentence it cited, when the
// ratings were given on the report the engine holds now.
type ReviewedAnswer struct {
	RatedAnswer
	Text  string `json:"text,omitempty"`
	Topic string `json:"topic,omitempty"`
}

// BuildReview summarises the store since the given time for staff.
func BuildReview(ctx context.Context, s *Store, e Engine, since time.Time, limit int, rerun bool) (Review, error) {
	sum, err := s.Summarize(ctx, since, limit)
	if err != nil {
		return Review{}, err
	}
	rep := e.Report()
	r := Review{Since: sum.Since, Report: rep.Hash, Refused: []ReviewedQuestion{}, Disliked: []ReviewedAnswer{}}
	if r.Activity, err = s.Activity(ctx, since, time.Now()); err != nil {
		return r, err
	}
	for _, q := range sum.Refused {
		rq := ReviewedQuestion{RefusedQuestion: q}
		// Asked again for its near misses; shown as the answer now only
		// when asked for.
		a := e.Answer(ctx, q.Question)
		rq.Near = nearMisses(a)
		if rerun {
			now := &Rerun{Outcome: string(a.Outcome)}
			now.Answer, _, _ = strings.Cut(a.Text, "\n")
			if len(a.Sources) > 0 {
				now.Sentence = a.Sources[0].ID
			}
			if a.Figure != nil {
				now.Figure = a.Figure.Text
			}
			rq.Now = now
		}
		r.Refused = append(r.Refused, rq)
	}
	for _, d := range sum.Disliked {
		ra := ReviewedAnswer{RatedAnswer: d}
		if rep, ok := e.Find(d.Sentence); ok && d.Report == rep.Hash {
			if p, ok := rep.Paragraph(d.Sentence); ok {
				for _, s := range p.Sentences {
					if s.ID == d.Sentence {
						ra.Text, ra.Topic = s.Text, s.Topic
					}
				}
			}
		}
		r.Disliked = append(r.Disliked, ra)
	}
	return r, nil
}

// maxAgeDays is the longest period a time.Duration holds (292 years),
// rounded down: beyond it "213504d" would wrap to minutes.
const maxAgeDays = 100_000

// ParseAge reads a period such as "7d", "36h" or "90m".
func ParseAge(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > maxAgeDays {
			return 0, fmt.Errorf("bad period %q: use a number of days (7d) or a Go duration (36h)", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("bad period %q: use a number of days (7d) or a Go duration (36h)", s)
	}
	return d, nil
}

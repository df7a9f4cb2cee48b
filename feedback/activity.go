package feedback

import (
	"context"
	"fmt"
	"time"
)

// Activity is how many questions were asked over a period, and how they
// fared, day by day: the trend staff read the feedback view's counts in.
type Activity struct {
	Totals Day   `json:"totals"`
	Days   []Day `json:"days"` // every day of the period, oldest first, UTC
	// RefusedShare is the share of the questions asked that were refused
	// or out of scope, 0 to 1; 0 when none were asked.
	RefusedShare float64 `json:"refused_share"`
}

// Day counts one day's questions and ratings.
type Day struct {
	Day      string `json:"day,omitempty"` // 2025-03-14
	Asked    int    `json:"asked"`         // answered + refused + scope
	Answered int    `json:"answered"`      // answered from the report, or with a staff reply
	Refused  int    `json:"refused"`
	Scope    int    `json:"scope"`
	Down     int    `json:"down"`
	Up       int    `json:"up"`
}

// maxActivityDays bounds the days an Activity lists.
const maxActivityDays = 400

const dayMillis = int64(24 * time.Hour / time.Millisecond)

// Activity counts the questions and ratings since a time, by UTC day, up
// to now.
func (s *Store) Activity(ctx context.Context, since, now time.Time) (Activity, error) {
	first, last := since.UnixMilli()/dayMillis, now.UnixMilli()/dayMillis
	if last-first >= maxActivityDays {
		first = last - maxActivityDays + 1
	}
	days := map[int64]*Day{}
	var act Activity
	for d := first; d <= last; d++ {
		act.Days = append(act.Days, Day{Day: time.UnixMilli(d * dayMillis).UTC().Format(time.DateOnly)})
	}
	for i := range act.Days {
		days[first+int64(i)] = &act.Days[i]
	}
	queries := []struct {
		q   string
		add func(d *Day, kind string, n int)
	}{
		{`SELECT at / ` + fmt.Sprint(dayMillis) + `, outcome, COUNT(*) FROM refusals WHERE at >= ? GROUP BY 1, 2`, func(d *Day, kind string, n int) {
			if kind == "scope" {
				d.Scope += n
			} else {
				d.Refused += n
			}
		}},
		{`SELECT at / ` + fmt.Sprint(dayMillis) + `, '', COUNT(*) FROM answered WHERE at >= ? GROUP BY 1`, func(d *Day, _ string, n int) { d.Answered += n }},
		{`SELECT at / ` + fmt.Sprint(dayMillis) + `, CAST(rating AS TEXT), COUNT(*) FROM ratings WHERE at >= ? GROUP BY 1, 2`, func(d *Day, kind string, n int) {
			if kind == "1" {
				d.Up += n
			} else {
				d.Down += n
			}
		}},
	}
	for _, q := range queries {
		rows, err := s.db.QueryContext(ctx, s.rebind(q.q), since.UnixMilli())
		if err != nil {
			return act, fmt.Errorf("feedback: activity: %w", err)
		}
		for rows.Next() {
			var day int64
			var kind string
			var n int
			if err := rows.Scan(&day, &kind, &n); err != nil {
				rows.Close()
				return act, fmt.Errorf("feedback: activity: %w", err)
			}
			if d := days[day]; d != nil {
				q.add(d, kind, n)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return act, fmt.Errorf("feedback: activity: %w", err)
		}
	}
	for i := range act.Days {
		d := &act.Days[i]
		d.Asked = d.Answered + d.Refused + d.Scope
		act.Totals.Asked += d.Asked
		act.Totals.Answered += d.Answered
		act.Totals.Refused += d.Refused
		act.Totals.Scope += d.Scope
		act.Totals.Down += d.Down
		act.Totals.Up += d.Up
	}
	if act.Totals.Asked > 0 {
		act.RefusedShare = float64(act.Totals.Refused+act.Totals.Scope) / float64(act.Totals.Asked)
	}
	return act, nil
}

// DislikedQuestion is a question residents asked and gave the answer a
// 👎, and how many times.
type DislikedQuestion struct {
	Question string `json:"question"`
	Count    int    `json:"count"`
}

// maxDislikedQuestions is how many questions a disliked answer lists.
const maxDislikedQuestions = 5

// dislikedQuestions are the questions that got the answer a 👎: a rating
// keeps the sentence, not the question, so each 👎 is joined to the
// latest question its resident was answered with that sentence on that
// channel, before the rating.
func (s *Store) dislikedQuestions(ctx context.Context, a RatedAnswer, since time.Time) ([]DislikedQuestion, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`
SELECT a.question, COUNT(*) FROM ratings r JOIN answered a ON a.id = (
	SELECT id FROM answered WHERE sentence = r.sentence AND resident = r.resident AND channel = r.channel AND at <= r.at
	ORDER BY at DESC, id DESC LIMIT 1)
WHERE r.rating < 0 AND r.at >= ? AND r.sentence = ? AND r.figure = ? AND r.report = ?
GROUP BY a.question ORDER BY 2 DESC, a.question`+s.byteOrder()+` LIMIT ?`),
		since.UnixMilli(), a.Sentence, a.Figure, a.Report, maxDislikedQuestions)
	if err != nil {
		return nil, fmt.Errorf("feedback: disliked questions: %w", err)
	}
	defer rows.Close()
	out := []DislikedQuestion{}
	for rows.Next() {
		var q DislikedQuestion
		if err := rows.Scan(&q.Question, &q.Count); err != nil {
			return nil, fmt.Errorf("feedback: disliked questions: %w", err)
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

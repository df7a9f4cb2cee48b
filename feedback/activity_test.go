package feedback_test

import (
	"context"
	"testing"
	"time"

	"github.com/liwanbot/liwanbot/feedback"
)

// A 👎 keeps the sentence, not the question: the review names the
// question by the latest one its resident was answered with that sentence,
// on that channel, before the rating.
func TestDislikedAnswersNameTheirQuestions(t *testing.T) {
	stores(t, func(t *testing.T, open func() *feedback.Store) {
		ctx := context.Background()
		s := open()
		now := time.Now()
		at := func(ago time.Duration) time.Time { return now.Add(-ago) }
		answered := func(q, sentence, resident, channel string, ago time.Duration) feedback.Answered {
			return feedback.Answered{At: at(ago), Question: q, Lang: "zh-Hans", Channel: channel, Outcome: "answered", Sentence: sentence, Resident: resident, Report: "h"}
		}
		down := func(sentence, resident, channel string, ago time.Duration) feedback.Rating {
			return feedback.Rating{At: at(ago), Rating: -1, Sentence: sentence, Figure: "6500", Report: "h", Channel: channel, Resident: resident}
		}
		err := s.Write(ctx, feedback.Batch{
			Answered: []feedback.Answered{
				answered("托位有几多", "p31.s4", "alice", "telegram", 5*time.Hour),
				answered("全区托位有多少", "p31.s4", "alice", "telegram", 3*time.Hour), // alice's latest before her 👎
				answered("托育机构有几间", "p31.s4", "bob", "telegram", 2*time.Hour),
				answered("托位有几多", "p31.s4", "carol", "api", 4*time.Hour),
				answered("学位有几多", "p16.s4", "dan", "telegram", 4*time.Hour),     // another sentence
				answered("托位是多少", "p31.s4", "erin", "telegram", 10*time.Minute), // after erin's 👎
			},
			Ratings: []feedback.Rating{
				down("p31.s4", "alice", "telegram", 2*time.Hour),
				down("p31.s4", "bob", "telegram", time.Hour),
				down("p31.s4", "carol", "api", time.Hour),
				down("p31.s4", "dan", "telegram", time.Hour),  // dan was never answered p31.s4
				down("p31.s4", "erin", "telegram", time.Hour), // nor erin, before it
			},
		})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := s.Summarize(ctx, now.Add(-24*time.Hour), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(sum.Disliked) != 1 || sum.Disliked[0].Down != 5 {
			t.Fatalf("disliked %+v, want p31.s4 with 5 👎", sum.Disliked)
		}
		got := sum.Disliked[0].Questions
		want := []feedback.DislikedQuestion{{Question: "全区托位有多少", Count: 1}, {Question: "托位有几多", Count: 1}, {Question: "托育机构有几间", Count: 1}}
		if len(got) != len(want) {
			t.Fatalf("questions %+v, want %+v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("question %d: %+v, want %+v", i, got[i], want[i])
			}
		}
	})
}

func TestActivityCountsByDay(t *testing.T) {
	stores(t, func(t *testing.T, open func() *feedback.Store) {
		ctx := context.Background()
		s := open()
		// Noon, so that an hour either way stays the same UTC day.
		today := time.Now().UTC().Truncate(24 * time.Hour).Add(12 * time.Hour)
		now := today.Add(time.Hour)
		day := func(n int) time.Time { return today.Add(-time.Duration(n) * 24 * time.Hour) }
		refusal := func(at time.Time, outcome string) feedback.Refusal {
			return feedback.Refusal{At: at, Question: "q", Lang: "zh-Hans", Channel: "telegram", Outcome: outcome}
		}
		answered := func(at time.Time) feedback.Answered {
			return feedback.Answered{At: at, Question: "a", Channel: "telegram", Outcome: "answered", Sentence: "p1.s1"}
		}
		rating := func(at time.Time, r int) feedback.Rating {
			return feedback.Rating{At: at, Rating: r, Sentence: "p1.s1", Channel: "telegram"}
		}
		err := s.Write(ctx, feedback.Batch{
			Refusals: []feedback.Refusal{refusal(day(0), "refused"), refusal(day(0), "scope"), refusal(day(2), "refused"), refusal(day(9), "refused")},
			Answered: []feedback.Answered{answered(day(0)), answered(day(0)), answered(day(1)), answered(day(9))},
			Ratings:  []feedback.Rating{rating(day(0), -1), rating(day(1), 1), rating(day(1), -1), rating(day(9), -1)},
		})
		if err != nil {
			t.Fatal(err)
		}
		act, err := s.Activity(ctx, day(2).Add(-time.Hour), now)
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			got  feedback.Day
			want feedback.Day
		}{
			{"two days ago", act.Days[0], feedback.Day{Day: day(2).Format(time.DateOnly), Asked: 1, Refused: 1}},
			{"yesterday", act.Days[1], feedback.Day{Day: day(1).Format(time.DateOnly), Asked: 1, Answered: 1, Down: 1, Up: 1}},
			{"today", act.Days[2], feedback.Day{Day: day(0).Format(time.DateOnly), Asked: 4, Answered: 2, Refused: 1, Scope: 1, Down: 1}},
			{"the period", act.Totals, feedback.Day{Asked: 6, Answered: 3, Refused: 2, Scope: 1, Down: 2, Up: 1}},
		}
		if len(act.Days) != 3 {
			t.Fatalf("%d days, want 3: %+v", len(act.Days), act.Days)
		}
		for _, tc := range tests {
			if tc.got != tc.want {
				t.Errorf("%s: %+v, want %+v", tc.name, tc.got, tc.want)
			}
		}
		if act.RefusedShare != 0.5 {
			t.Errorf("refused share %v, want 0.5 (3 of 6)", act.RefusedShare)
		}
	})
}

package search_test

import (
	"encoding/json"
	"testing"

	"github.com/liwanbot/liwanbot/search"
)

// A refusal carries the sentences that came closest, for staff: at most
// three, best covered first, each covering some of the question. An
// answer carries none (its sources say it all), nor does a question
// nothing in the report comes near.
func TestRefusalsCarryNearMisses(t *testing.T) {
	tests := []struct {
		q       string
		outcome search.Outcome
		near    bool   // has near misses
		has     string // a sentence among them
	}{
		{"托儿所学位有几多", search.Refused, true, "p31.s4"},
		{"火星上有几个托位", search.Refused, true, "p31.s4"},
		{"明天广州会下雨吗?", search.Refused, false, ""},
		{"全区托位有多少?", search.Answered, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.q, func(t *testing.T) {
			a := ask(t, tc.q)
			if a.Outcome != tc.outcome {
				t.Fatalf("%s: %s", tc.q, describe(a))
			}
			if (len(a.NearMisses) > 0) != tc.near || len(a.NearMisses) > 3 {
				t.Fatalf("%d near misses, want some: %v", len(a.NearMisses), tc.near)
			}
			found := tc.has == ""
			for i, s := range a.NearMisses {
				found = found || s.ID == tc.has
				if s.Coverage <= 0 || s.Coverage > 1 || s.Text == "" {
					t.Errorf("near miss %s covers %v with text %q", s.ID, s.Coverage, s.Text)
				}
				if i > 0 && a.NearMisses[i-1].Score < s.Score {
					t.Errorf("near misses out of order: %s (%v) before %s (%v)", a.NearMisses[i-1].ID, a.NearMisses[i-1].Score, s.ID, s.Score)
				}
			}
			if !found {
				t.Errorf("near misses %+v lack %s", a.NearMisses, tc.has)
			}
			b, err := json.Marshal(a)
			if err != nil {
				t.Fatal(err)
			}
			var wire struct {
				NearMisses []struct {
					ID       string  `json:"id"`
					Coverage float64 `json:"coverage"`
				} `json:"near_misses"`
			}
			if err := json.Unmarshal(b, &wire); err != nil || len(wire.NearMisses) != len(a.NearMisses) {
				t.Errorf("JSON near_misses %+v (%v), want %d", wire.NearMisses, err, len(a.NearMisses))
			}
		})
	}
}

package search

import (
	"strings"
	"testing"
)

// TestPhraseIndexAgreesWithContains checks the phrase index against reading
// every document, on the report's own documents and on phrases that are in
// it, across its lines, or nowhere.
func TestPhraseIndexAgreesWithContains(t *testing.T) {
	docs := []string{"全区托位超6500个", "托育服务\n全区", "gdp增长5%左右", "托位", "a", ""}
	x := newPhraseIndex(docs)
	for _, tt := range []struct {
		phrase string
		want   []int
	}{
		{"托位", []int{0, 3}},
		{"全区", []int{0, 1}},
		{"托", []int{0, 1, 3}},
		{"6500个", []int{0}},
		{"务\n全", []int{1}}, // across a document's text and topic
		{"gdp", []int{2}},
		{"5%左右", []int{2}},
		{"a", []int{4}},
		{"", []int{0, 1, 2, 3, 4, 5}},
		{"托位托位", nil},
		{"车位", nil},
		{"区托育", nil}, // each pair is somewhere, the phrase nowhere
		{"\xff托", nil},
	} {
		var got []int
		x.each(tt.phrase, func(pos int) bool { got = append(got, pos); return true })
		if !equalInts(got, tt.want) {
			t.Errorf("each(%q) = %v, want %v", tt.phrase, got, tt.want)
		}
		if c := x.count(tt.phrase); c != len(tt.want) {
			t.Errorf("count(%q) = %d, want %d", tt.phrase, c, len(tt.want))
		}
		if c := x.contains(tt.phrase); c != (len(tt.want) > 0) {
			t.Errorf("contains(%q) = %v, want %v", tt.phrase, c, len(tt.want) > 0)
		}
	}
	if got, want := x.union([]string{"托位", "全区", "gdp"}), []int{0, 1, 2, 3}; !equalInts(got, want) {
		t.Errorf("union = %v, want %v", got, want)
	}
}

// TestPhraseIndexOnReport checks every substring of up to six runes of a
// sample of the report's documents, and each with a rune the report lacks
// added, against strings.Contains over the whole report.
func TestPhraseIndexOnReport(t *testing.T) {
	stats := scopeEngine(t).stats
	for i := 0; i < len(stats.docs); i += 7 {
		rs := []rune(stats.docs[i])
		for start := range rs {
			for n := 1; n <= 6 && start+n <= len(rs); n++ {
				for _, p := range []string{string(rs[start : start+n]), string(rs[start:start+n]) + "龘"} {
					want := 0
					for _, d := range stats.docs {
						if strings.Contains(d, p) {
							want++
						}
					}
					if got := stats.phrases.count(p); got != want {
						t.Fatalf("count(%q) = %d, want %d", p, got, want)
					}
				}
			}
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

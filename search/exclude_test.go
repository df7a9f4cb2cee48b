package search

import (
	"strings"
	"testing"
)

// TestDropExcluded takes out what a question sets apart, cue and all, and
// leaves additions (besides, 除了…还) and a bare "not" alone.
func TestDropExcluded(t *testing.T) {
	for _, tt := range []struct {
		q, kept, apart string
	}{
		{"how many plots go up for sale this year, apart from the urban renewal ones?", "how many plots go up for sale this year,  ?", "urban renewal ones"},
		{"In the land part (not the Ruyifang road one), how many plots?", "In the land part ( ), how many plots?", "Ruyifang road one"},
		{"Not the urban renewal part ah, I mean the land resources part", " , I mean the land resources part", "urban renewal part ah"},
		{"Is the museum not free?", "Is the museum not free?", ""},
		{"Besides the provincial one, how many parks are there?", "Besides the provincial one, how many parks are there?", ""},
		// Nothing would be left to ask.
		{"not the urban renewal ones", "not the urban renewal ones", ""},
		{"Not the urban renewal ones.", "Not the urban renewal ones.", ""},
		{"excluding the urban renewal ones!", "excluding the urban renewal ones!", ""},
		// A bracket that only says what is not asked is dropped, with
		// nothing set apart: the sibling may stand in the same sentence.
		{"how many plots continue construction (not new starts)?", "how many plots continue construction  ?", ""},
		// Another figure of the same sentence is dropped, with nothing set
		// apart: the sentence holds what is asked too.
		{"How many historic blocks? not the number of projects, the number of blocks", "How many historic blocks?  , the number of blocks", ""},
		{"how much floor area? I heard 5 projects but not the size.", "how much floor area? I heard 5 projects but  .", ""},
		// This and that are no determiners of a thing here.
		{"Is the park not that big?", "Is the park not that big?", ""},
	} {
		kept, apart := dropExcluded(tt.q)
		if kept != tt.kept || strings.TrimSpace(apart) != tt.apart {
			t.Errorf("dropExcluded(%q) = %q, %q; want %q, %q", tt.q, kept, apart, tt.kept, tt.apart)
		}
	}
}

package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestSitesAgreeWithContains checks the site index against the plain search
// it replaces, for every bigram and Latin word of the report's own fields
// (each found somewhere) and for terms found nowhere or at a field's edge.
func TestSitesAgreeWithContains(t *testing.T) {
	e := reportEngine(t)
	fields := [siteFields][]string{e.normText, e.normTopic, e.normResidents}
	terms := map[string]bool{"": true, "车位": true, "\n": true, "zzzz": true}
	for _, texts := range fields {
		for _, text := range texts {
			runes := []rune(text)
			for i := 0; i+2 <= len(runes); i += 3 {
				terms[string(runes[i:i+2])] = true
			}
			for _, w := range strings.Fields(text) {
				terms[w] = true
			}
			// A term that would only be found by running on into
			// the next field.
			if n := len(runes); n > 0 {
				terms[string(runes[n-1:])+"区"] = true
			}
		}
	}
	checked := 0
	for term := range terms {
		if !utf8.ValidString(term) {
			continue
		}
		at := e.sites.find(term)
		for pos := range e.sentences {
			for f, texts := range fields {
				if got, want := at.has(f, pos), strings.Contains(texts[pos], term); got != want {
					t.Fatalf("find(%q).has(field %d, %s) = %v, strings.Contains says %v", term, f, e.sentences[pos].ID, got, want)
				}
			}
		}
		checked++
	}
	if checked < 1000 {
		t.Fatalf("checked only %d terms: the fields look empty", checked)
	}
}

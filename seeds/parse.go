package seeds

import (
	"fmt"

	"github.com/liwanbot/liwanbot/corpus"
)

// Parse parses the embedded report with its residents' vocabulary and its
// English rendering attached: the report every channel answers from when no
// other is given.
func Parse() (*corpus.Report, error) {
	r, err := corpus.Parse(Report)
	if err != nil {
		return nil, err
	}
	stale, err := r.AttachVocabulary(ResidentsVocabulary)
	if err != nil {
		return nil, err
	}
	if stale > 0 {
		// The vocabulary is written for this very text; a test keeps them
		// in step, so this means a broken build, not a changed report.
		return nil, fmt.Errorf("seeds: %d vocabulary entries do not match the report", stale)
	}
	stale, err = r.AttachEnglish(English)
	if err != nil {
		return nil, err
	}
	if stale > 0 {
		// Like the vocabulary, the rendering is kept in step with the report
		// by a test; a stale entry means a sentence would lose its English.
		return nil, fmt.Errorf("seeds: %d English entries do not match the report", stale)
	}
	return r, nil
}

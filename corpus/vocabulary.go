package corpus

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
)

// Vocabulary is how residents ask about one sentence: the everyday and
// Cantonese words for what it names, English words, and typical questions.
// The report speaks in terms of art (托位, 跨江通道) that residents rarely
// type; search indexes this beside the sentence to bridge the two.
type Vocabulary struct {
	Words     []string `json:"words"`     // colloquial simplified Chinese
	Cantonese []string `json:"yue"`       // as Hong Kong people type them
	English   []string `json:"en"`        // everyday English
	Questions []string `json:"questions"` // in any of the three
}

// vocabularyLine is one line of a vocabulary file: the sentence it is about
// by id and by the first characters of its text, so that an entry left over
// from an edited report is noticed, not attached to another sentence.
type vocabularyLine struct {
	ID     string `json:"id"`
	Anchor string `json:"anchor"`
	Vocabulary
}

// AttachVocabulary reads a vocabulary file (JSON lines of
// {"id","anchor","words","yue","en","questions"}) into r.Vocabulary. An
// entry whose sentence is gone or whose text no longer starts with its
// anchor is skipped and counted in stale: the report changed under it. A
// line that is not such an object is an error.
func (r *Report) AttachVocabulary(data []byte) (stale int, err error) {
	texts := map[string]string{}
	for _, s := range r.Sentences() {
		if !s.Heading {
			texts[s.ID] = s.Text
		}
	}
	// Entries are gathered first: a file that fails to read attaches
	// nothing rather than half.
	attached := map[string]Vocabulary{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var v vocabularyLine
		if err := json.Unmarshal(line, &v); err != nil {
			return stale, fmt.Errorf("corpus: vocabulary line %d: %w", n, err)
		}
		text, ok := texts[v.ID]
		if !ok || v.Anchor == "" || !strings.HasPrefix(text, v.Anchor) {
			stale++
			continue
		}
		attached[v.ID] = v.Vocabulary
	}
	if err := sc.Err(); err != nil {
		return stale, fmt.Errorf("corpus: read vocabulary: %w", err)
	}
	if r.Vocabulary == nil {
		r.Vocabulary = map[string]Vocabulary{}
	}
	maps.Copy(r.Vocabulary, attached)
	return stale, nil
}

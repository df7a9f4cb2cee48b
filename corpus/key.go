package corpus

import (
	"maps"
	"strings"
)

// KeySeparator ends the report key an id starts with where several
// reports are loaded together: 2024/p31.s4.
const KeySeparator = "/"

// WithKey returns a copy of the report whose paragraph and sentence ids,
// and the vocabulary and rendering keyed by them, start with key and
// KeySeparator: with the reports of 2024 and 2025 loaded together, p31.s4
// alone does not say which report a button, a rating or a log line means,
// and 2024/p31.s4 does. Attach vocabulary and renderings before keying:
// their files name sentences by their ids within the report. The report r
// is left as it was.
func (r *Report) WithKey(key string) *Report {
	k := *r
	k.Key = key
	prefix := key + KeySeparator
	k.Paragraphs = make([]Paragraph, len(r.Paragraphs))
	for i, p := range r.Paragraphs {
		p.ID = prefix + p.ID
		p.Sentences = append([]Sentence(nil), p.Sentences...)
		for j := range p.Sentences {
			p.Sentences[j].ID = prefix + p.Sentences[j].ID
		}
		k.Paragraphs[i] = p
	}
	k.Vocabulary = prefixKeys(r.Vocabulary, prefix)
	k.English = prefixKeys(r.English, prefix)
	k.EnglishTopics = prefixKeys(r.EnglishTopics, prefix)
	return &k
}

func prefixKeys[V any](m map[string]V, prefix string) map[string]V {
	if m == nil {
		return nil
	}
	out := make(map[string]V, len(m))
	for id, v := range maps.All(m) {
		out[prefix+id] = v
	}
	return out
}

// SplitKey splits an id into the report key it starts with and the id
// within that report: 2024/p31.s4 is 2024 and p31.s4, and p31.s4 has no key.
func SplitKey(id string) (key, local string) {
	if k, rest, ok := strings.Cut(id, KeySeparator); ok {
		return k, rest
	}
	return "", id
}

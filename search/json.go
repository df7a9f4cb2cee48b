package search

import "encoding/json"

// wireAnswer is the JSON shape of an answer that every channel shares: one
// line of `liwanbot ask --json`, the HTTP API's reply.
type wireAnswer struct {
	Question    string       `json:"question"`
	Answered    bool         `json:"answered"`
	Outcome     Outcome      `json:"outcome"`
	Answer      string       `json:"answer"`
	Figure      *wireFigure  `json:"figure"`
	Sources     []wireSource `json:"sources"`
	Coverage    float64      `json:"coverage"`
	Suggestions []string     `json:"suggestions,omitempty"`
	Terms       []string     `json:"terms,omitempty"`
	Truncated   bool         `json:"truncated,omitempty"`
	// NearMisses are a refusal's closest sentences, for staff.
	NearMisses []wireSource `json:"near_misses,omitempty"`
	// Parts answer each thing a message asks, when it asks several; each
	// has the fields above.
	Parts []Answer `json:"parts,omitempty"`
	// Report is the hash of the report the answer came from.
	Report string `json:"report,omitempty"`
	// Curations is the version of the staff curations answered with;
	// Curation the one that shaped this answer, if any.
	Curations int64 `json:"curations"`
	Curation  int64 `json:"curation,omitempty"`
}

type wireFigure struct {
	Value     string `json:"value"`
	Unit      string `json:"unit"`
	Qualifier string `json:"qualifier"`
	Text      string `json:"text"`
	Subject   string `json:"subject"`
	// Amount is the value in base units (1万人 is 10000), for programs
	// that compare figures; AmountHigh ends a range ("3-5个").
	Amount     *float64 `json:"amount,omitempty"`
	AmountHigh *float64 `json:"amount_high,omitempty"`
}

type wireSource struct {
	ID       string   `json:"id"`
	Text     string   `json:"text"`
	Topic    string   `json:"topic"`
	TextEN   string   `json:"text_en,omitempty"`
	TopicEN  string   `json:"topic_en,omitempty"`
	Score    float64  `json:"score"`
	Coverage float64  `json:"coverage"`
	Terms    []string `json:"terms,omitempty"`
}

// MarshalJSON writes the answer in the `ask --json` protocol:
// {"question","answered","answer","figure":{…}|null,"sources":[{"id","text","topic","score","coverage","terms"}]}
// plus the outcome, coverage and suggestions staff need.
func (a Answer) MarshalJSON() ([]byte, error) {
	w := wireAnswer{
		Question:    a.Question,
		Answered:    a.Answered(),
		Outcome:     a.Outcome,
		Answer:      a.Text,
		Sources:     []wireSource{},
		Coverage:    round3(a.Coverage),
		Suggestions: a.Suggestions,
		Terms:       a.Terms,
		Truncated:   a.Truncated,
		Parts:       a.Parts,
		Curations:   a.Curations,
		Curation:    a.Curation,
	}
	if a.Report != nil {
		w.Report = a.Report.Hash
	}
	if f := a.Figure; f != nil {
		w.Figure = &wireFigure{Value: f.Value, Unit: f.Unit, Qualifier: f.Qualifier, Text: f.Text, Subject: f.Subject}
		if lo, hi, ok := f.Amount(); ok {
			w.Figure.Amount = &lo
			if hi != lo {
				w.Figure.AmountHigh = &hi
			}
		}
	}
	for _, s := range a.Sources {
		w.Sources = append(w.Sources, wire(s))
	}
	for _, s := range a.NearMisses {
		w.NearMisses = append(w.NearMisses, wire(s))
	}
	return json.Marshal(w)
}

func wire(s Source) wireSource {
	return wireSource{ID: s.ID, Text: s.Text, Topic: s.Topic, TextEN: s.TextEN, TopicEN: s.TopicEN, Score: s.Score, Coverage: s.Coverage, Terms: s.Terms}
}

package search_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/seeds"
)

func curations(t *testing.T, list ...search.Curation) *search.Curations {
	t.Helper()
	for i := range list {
		if list[i].ID == 0 {
			list[i].ID = int64(i + 1)
		}
	}
	c, err := search.NewCurations(int64(len(list)), list)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func top(a search.Answer) string {
	if len(a.Sources) == 0 {
		return ""
	}
	return a.Sources[0].ID
}

func TestCurationsChangeAnswers(t *testing.T) {
	e := engine(t)
	ctx := context.Background()
	link := search.Curation{ID: 7, Kind: search.CurationLink, Question: "托儿所学位有几多", Sentence: "p31.s4"}
	synonym := search.Curation{ID: 8, Kind: search.CurationSynonym, Words: []string{"托儿所学位", "nursery seats"}, Term: "托位"}
	never := search.Curation{ID: 9, Kind: search.CurationNever, Question: "地铁几时通", Sentence: "p4.s2"}
	reply := search.Curation{ID: 10, Kind: search.CurationReply, Words: []string{"公园|park", "几点|关门|开门|close|open"},
		ReplyZH: "公园开放时间请查看公园门口公告", ReplyEN: "Opening hours are posted at each park's gate"}
	tests := []struct {
		name     string
		set      []search.Curation
		q        string
		outcome  search.Outcome
		top      string // "" for none; "!x" for anything but x
		figure   string // "" for none
		text     string // a part of the reply
		curation int64
	}{
		{"unlinked question is refused", nil, "托儿所学位有几多", search.Refused, "", "", "", 0},
		// 学位 is not what the figure counts (托位): the figure rule holds
		// for a linked sentence too, so the sentence is quoted alone.
		{"link answers from the sentence", []search.Curation{link}, "托儿所学位有几多", search.Answered, "p31.s4", "", "6500", 7},
		{"link covers a close variant", []search.Curation{link}, "托儿所学位有几多？", search.Answered, "p31.s4", "", "", 7},
		{"link covers the traditional form", []search.Curation{link}, "託兒所學位有幾多", search.Answered, "p31.s4", "", "", 7},
		{"link leaves other questions", []search.Curation{link}, "地铁几时通", search.Answered, "p4.s2", "", "", 0},
		{"synonym makes the words the term", []search.Curation{synonym}, "托儿所学位有几多", search.Answered, "p31.s4", "超6500个", "超6500个", 0},
		// Staff said what the words mean, so the figure stands for English as for Chinese.
		{"synonym in English", []search.Curation{synonym}, "How many nursery seats will there be?", search.Answered, "p31.s4", "超6500个", "6,500", 0},
		{"never drops the sentence", []search.Curation{never}, "地铁几时通", "", "!p4.s2", "", "", 9},
		{"never leaves other questions", []search.Curation{never}, "全区托位有多少?", search.Answered, "p31.s4", "超6500个", "", 0},
		{"reply in Chinese", []search.Curation{reply}, "公园几点关门", search.Curated, "", "", "公园开放时间", 10},
		{"reply in traditional", []search.Curation{reply}, "公園幾點關門", search.Curated, "", "", "公園開放時間", 10},
		{"reply in English", []search.Curation{reply}, "When does the park close?", search.Curated, "", "", "Opening hours", 10},
		{"reply needs every word", []search.Curation{reply}, "公园有多少个", search.Answered, "!none", "", "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var set *search.Curations
			if tc.set != nil {
				var err error
				if set, err = search.NewCurations(42, tc.set); err != nil {
					t.Fatal(err)
				}
			}
			a := e.AnswerWith(ctx, tc.q, set)
			if tc.outcome != "" && a.Outcome != tc.outcome {
				t.Fatalf("outcome %s, want %s: %s", a.Outcome, tc.outcome, describe(a))
			}
			switch {
			case strings.HasPrefix(tc.top, "!"):
				if top(a) == tc.top[1:] {
					t.Errorf("answered from %s: %s", top(a), describe(a))
				}
			case top(a) != tc.top:
				t.Errorf("top %q, want %q: %s", top(a), tc.top, describe(a))
			}
			fig := ""
			if a.Figure != nil {
				fig = a.Figure.Text
			}
			if fig != tc.figure {
				t.Errorf("figure %q, want %q: %s", fig, tc.figure, describe(a))
			}
			if !strings.Contains(a.Text, tc.text) {
				t.Errorf("reply %q lacks %q", a.Text, tc.text)
			}
			if a.Curation != tc.curation {
				t.Errorf("curation %d, want %d", a.Curation, tc.curation)
			}
			if a.Curations != set.Version() {
				t.Errorf("curations version %d, want %d", a.Curations, set.Version())
			}
		})
	}
}

// The JSON of an answer names the curation version it was computed on,
// and the curation that shaped it.
func TestCurationsInJSON(t *testing.T) {
	e := engine(t)
	set := curations(t, search.Curation{Kind: search.CurationLink, Question: "托儿所学位有几多", Sentence: "p31.s4"})
	b, err := json.Marshal(e.AnswerWith(context.Background(), "托儿所学位有几多", set))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Curations, Curation int64
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if got.Curations != 1 || got.Curation != 1 {
		t.Errorf("JSON %s", b)
	}
	b, _ = json.Marshal(e.Answer(context.Background(), "托儿所学位有几多"))
	if !strings.Contains(string(b), `"curations":0`) {
		t.Errorf("an answer with no curations does not say so: %s", b)
	}
}

func TestCheckCuration(t *testing.T) {
	r, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	s, err := search.NewShelf([]*corpus.Report{r})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	tests := []struct {
		name string
		c    search.Curation
		ok   bool
	}{
		{"link", search.Curation{Kind: search.CurationLink, Question: "托儿所学位有几多", Sentence: "p31.s4"}, true},
		{"link to no sentence", search.Curation{Kind: search.CurationLink, Question: "托儿所学位有几多", Sentence: "p99.s1"}, false},
		{"link of a question of no content", search.Curation{Kind: search.CurationLink, Question: "有几多？", Sentence: "p31.s4"}, false},
		{"link without a question", search.Curation{Kind: search.CurationLink, Sentence: "p31.s4"}, false},
		{"synonym", search.Curation{Kind: search.CurationSynonym, Words: []string{"托儿所"}, Term: "托位"}, true},
		{"synonym of no report term", search.Curation{Kind: search.CurationSynonym, Words: []string{"托儿所"}, Term: "地铁十八号线"}, false},
		{"reply", search.Curation{Kind: search.CurationReply, Words: []string{"公园"}, ReplyZH: "见公告"}, true},
		{"reply without text", search.Curation{Kind: search.CurationReply, Words: []string{"公园"}}, false},
		{"unknown kind", search.Curation{Kind: "boost"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := s.CheckCuration(tc.c)
			if (err == nil) != tc.ok {
				t.Fatalf("CheckCuration = %v, want ok %v", err, tc.ok)
			}
			if err != nil && !errors.Is(err, search.ErrBadCuration) {
				t.Errorf("error %v does not wrap ErrBadCuration", err)
			}
		})
	}
}

// Answers on two sets at once each see their own set whole.
func TestCurationSetsDoNotMix(t *testing.T) {
	e := engine(t)
	link := curations(t, search.Curation{Kind: search.CurationLink, Question: "托儿所学位有几多", Sentence: "p31.s4"})
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 20 {
				set := link
				if i%2 == 0 {
					set = nil
				}
				a := e.AnswerWith(context.Background(), "托儿所学位有几多", set)
				if (a.Outcome == search.Answered) != (set != nil) || a.Curations != set.Version() {
					t.Errorf("set %d: %s, curations %d", set.Version(), describe(a), a.Curations)
					return
				}
			}
		})
	}
	wg.Wait()
}

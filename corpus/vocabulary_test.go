package corpus_test

import (
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/corpus"
)

func TestAttachVocabulary(t *testing.T) {
	const report = "标题\n托育。争取全区托位总量超6500个。\n"
	tests := []struct {
		name      string
		lines     string
		wantStale int
		wantWords []string // of p2.s2
		wantErr   bool
	}{
		{"attached", `{"id":"p2.s2","anchor":"争取全区","words":["带娃"],"en":["daycare"]}`, 0, []string{"带娃"}, false},
		{"unknown sentence", `{"id":"p9.s1","anchor":"争取全区","words":["带娃"]}`, 1, nil, false},
		{"anchor of another text", `{"id":"p2.s2","anchor":"新增就业","words":["带娃"]}`, 1, nil, false},
		{"empty anchor", `{"id":"p2.s2","anchor":"","words":["带娃"]}`, 1, nil, false},
		{"heading", `{"id":"p2.s1","anchor":"托育","words":["带娃"]}`, 1, nil, false},
		{"not JSON", `{"id":"p2.s2",`, 0, nil, true},
		{"blank lines", "\n\n" + `{"id":"p2.s2","anchor":"争","words":["托儿所"]}` + "\n", 0, []string{"托儿所"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := corpus.Parse(report)
			if err != nil {
				t.Fatal(err)
			}
			stale, err := r.AttachVocabulary([]byte(tt.lines))
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if stale != tt.wantStale {
				t.Errorf("stale = %d, want %d", stale, tt.wantStale)
			}
			got := r.Vocabulary["p2.s2"].Words
			if strings.Join(got, "|") != strings.Join(tt.wantWords, "|") {
				t.Errorf("p2.s2 words = %q, want %q", got, tt.wantWords)
			}
		})
	}
}

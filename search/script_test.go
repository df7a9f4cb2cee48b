package search

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/liwanbot/liwanbot/seeds"
)

// simplify skips converting text that holds none of the characters
// newSimplifier picked, and convert skips looking up characters that start
// no entry; both must give what OpenCC gives. The
// texts: every report sentence, every residents' word and question, each
// also in Hong Kong characters, every golden and held-out question, and
// every entry of the converter's own dictionaries.
func TestSimplifySkipsOnlyUnchangedText(t *testing.T) {
	sc, err := newScripts()
	if err != nil {
		t.Fatal(err)
	}
	if sc.hk2s.changers == nil || sc.hk2s.starts == nil {
		t.Fatal("newSimplifier could not read every dictionary entry of hk2s: simplify looks up everything")
	}
	r, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, s := range r.Sentences() {
		texts = append(texts, s.Text)
	}
	for _, v := range r.Vocabulary {
		for _, w := range [][]string{v.Words, v.Cantonese, v.Questions} {
			texts = append(texts, w...)
		}
	}
	for _, t := range texts[:len(texts):len(texts)] {
		texts = append(texts, sc.traditional(t))
	}
	files, _ := filepath.Glob("../golden/heldout/*.jsonl")
	for _, name := range append(files, "../golden/questions.jsonl") {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(f)
		for lines.Scan() {
			var q struct{ Q string }
			if json.Unmarshal(lines.Bytes(), &q) == nil {
				texts = append(texts, q.Q)
			}
		}
		f.Close()
	}
	for _, g := range sc.toSimplified.DictChains {
		for _, d := range g.Dicts {
			for _, id := range d.Trie.PrefixPredict(nil, 0) {
				key, _ := d.Trie.Key(id)
				texts = append(texts, string(key), "荔湾"+string(key)+"区")
			}
		}
	}
	skipped := 0
	for _, text := range texts {
		want, err := sc.toSimplified.Convert(text)
		if err != nil {
			t.Fatal(err)
		}
		if got, changed := sc.simplify(text); got != want || changed != (want != text) {
			t.Errorf("simplify(%q) = %q, %v; OpenCC gives %q", text, got, changed, want)
		}
		if got, _ := sc.hk2s.convert(text); got != want {
			t.Errorf("convert(%q) = %q; OpenCC gives %q", text, got, want)
		}
		if sc.hk2s.unchanged(text) {
			skipped++
		}
	}
	// simplifyLines converts only some lines: the same as converting them
	// all together.
	want, _ := sc.toSimplified.Convert(strings.Join(texts, "\n"))
	if got := sc.simplifyLines(texts); got != want {
		t.Errorf("simplifyLines differs from converting the lines together")
	}
	t.Logf("%d of %d texts skipped conversion", skipped, len(texts))
	if skipped == 0 {
		t.Error("no text skipped conversion")
	}
}

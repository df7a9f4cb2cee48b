package wngen

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

// fakeSynset is a synset of a made-up WordNet: its part of speech (n, v),
// lemmas, and hyponyms by index among the synsets.
type fakeSynset struct {
	pos      string
	words    []string
	hyponyms []int
}

// fakeWordNet writes synsets as WordNet's files: data lines at the byte
// offsets their index lines and pointers name, senses in the order given,
// and the exception lines as they are.
func fakeWordNet(synsets []fakeSynset, senses map[string][]int, exc map[pos]string) fstest.MapFS {
	files := map[pos]string{noun: "n", verb: "v", adj: "a", adv: "r"}
	line := func(s fakeSynset, offsets []int, self int) string {
		var b strings.Builder
		fmt.Fprintf(&b, "%08d 04 %s %02x", offsets[self], s.pos, len(s.words))
		for _, w := range s.words {
			fmt.Fprintf(&b, " %s 0", w)
		}
		fmt.Fprintf(&b, " %03d", len(s.hyponyms))
		for _, h := range s.hyponyms {
			fmt.Fprintf(&b, " ~ %08d %s 0000", offsets[h], synsets[h].pos)
		}
		b.WriteString(" | a gloss\n")
		return b.String()
	}
	// Every field is fixed-width, so one pass with zero offsets gives each
	// line's length, hence the offsets.
	offsets := make([]int, len(synsets))
	at := map[string]int{}
	for i, s := range synsets {
		offsets[i] = at[s.pos]
		at[s.pos] += len(line(s, make([]int, len(synsets)), i))
	}
	fsys := fstest.MapFS{}
	data := map[string]*strings.Builder{}
	for _, p := range files {
		data[p] = &strings.Builder{}
	}
	for i, s := range synsets {
		data[s.pos].WriteString(line(s, offsets, i))
	}
	index := map[string]*strings.Builder{}
	for _, p := range files {
		index[p] = &strings.Builder{}
	}
	lemmas := make([]string, 0, len(senses))
	for l := range senses {
		lemmas = append(lemmas, l)
	}
	slices.Sort(lemmas)
	for _, l := range lemmas {
		word, p, _ := strings.Cut(l, "/")
		refs := senses[l]
		fmt.Fprintf(index[p], "%s %s %d 0 %d 0", word, p, len(refs), len(refs))
		for _, r := range refs {
			fmt.Fprintf(index[p], " %08d", offsets[r])
		}
		index[p].WriteString(" \n")
	}
	for name, p := range files {
		fsys["data."+string(name)] = &fstest.MapFile{Data: []byte(data[p].String())}
		fsys["index."+string(name)] = &fstest.MapFile{Data: []byte("  1 a licence line\n" + index[p].String())}
		fsys[string(name)+".exc"] = &fstest.MapFile{Data: []byte(exc[name])}
	}
	return fsys
}

// entries parses a generated file into key → targets.
func entries(t *testing.T, data []byte) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, targets, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("line %q has no tab", line)
		}
		out[key] = strings.Split(targets, "|")
	}
	return out
}

func TestGenerate(t *testing.T) {
	synsets := []fakeSynset{
		0:  {pos: "n", words: []string{"place", "spot"}},                              // place's first sense
		1:  {pos: "n", words: []string{"seat", "place"}},                              // its second; seat's second
		2:  {pos: "n", words: []string{"renovation", "overhaul"}, hyponyms: []int{3}}, // one kind: a specific sense
		3:  {pos: "n", words: []string{"facelift"}},
		4:  {pos: "n", words: []string{"childcare"}, hyponyms: []int{5}},
		5:  {pos: "n", words: []string{"day_care", "daycare"}},
		6:  {pos: "n", words: []string{"building", "edifice"}, hyponyms: []int{7, 8, 9}}, // three kinds: a general one
		7:  {pos: "n", words: []string{"hospital"}},
		8:  {pos: "n", words: []string{"barn"}},
		9:  {pos: "n", words: []string{"school"}},
		10: {pos: "v", words: []string{"begin", "start"}},
		11: {pos: "n", words: []string{"seven", "7"}},
		12: {pos: "n", words: []string{"banana"}},
		13: {pos: "n", words: []string{"seat", "chair"}}, // seat's first sense
	}
	senses := map[string][]int{
		"place/n": {0, 1}, "spot/n": {0}, "seat/n": {13, 1}, "chair/n": {13}, "renovation/n": {2}, "overhaul/n": {2}, "facelift/n": {3},
		"childcare/n": {4}, "day_care/n": {5}, "daycare/n": {5}, "building/n": {6}, "edifice/n": {6},
		"hospital/n": {7}, "barn/n": {8}, "school/n": {9}, "begin/v": {10}, "start/v": {10}, "seven/n": {11}, "banana/n": {12},
	}
	wn := fakeWordNet(synsets, senses, map[pos]string{verb: "began begin\n"})
	report := []string{"Childcare places will exceed 6,500.", "Old buildings get renovation; work starts on 7 plots."}
	for _, tt := range []struct {
		name string
		opt  Options
		want map[string][]string
	}{
		{"first sense only", Options{Senses: 1}, map[string][]string{
			"spot": {"place"}, "overhaul": {"renov"}, "edific": {"build"}, "begin": {"start"}, "began": {"start"},
		}},
		{"two senses", Options{Senses: 2}, map[string][]string{
			"spot": {"place"}, "seat": {"place"}, "overhaul": {"renov"}, "edific": {"build"}, "begin": {"start"}, "began": {"start"},
		}},
		{"two senses, in the question word's first sense", Options{Senses: 2, QuestionSenses: 1}, map[string][]string{
			"spot": {"place"}, "overhaul": {"renov"}, "edific": {"build"}, "begin": {"start"}, "began": {"start"},
		}},
		{"hyponyms of specific senses", Options{Senses: 1, Hyponyms: 2}, map[string][]string{
			"spot": {"place"}, "overhaul": {"renov"}, "edific": {"build"}, "begin": {"start"}, "began": {"start"},
			"facelift": {"renov"}, "dai care": {"childcar"}, "daycar": {"childcar"},
		}},
		{"hyponyms of every sense", Options{Senses: 1, Hyponyms: 3}, map[string][]string{
			"spot": {"place"}, "overhaul": {"renov"}, "edific": {"build"}, "begin": {"start"}, "began": {"start"},
			"facelift": {"renov"}, "dai care": {"childcar"}, "daycar": {"childcar"},
			"hospit": {"build"}, "barn": {"build"}, "school": {"build"},
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data, err := Generate(wn, report, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(data), "# WordNet 3.0 Copyright 2006 by Princeton University.") {
				t.Error("no licence in the header")
			}
			got := entries(t, data)
			for k, w := range tt.want {
				if !slices.Equal(got[k], w) {
					t.Errorf("%q → %q, want %q", k, got[k], w)
				}
			}
			for k := range got {
				if _, ok := tt.want[k]; !ok {
					t.Errorf("unwanted entry %q → %q", k, got[k])
				}
			}
		})
	}
}

func TestGenerateNeedsASense(t *testing.T) {
	if _, err := Generate(fakeWordNet(nil, nil, nil), nil, Options{}); err == nil {
		t.Error("Senses 0 accepted")
	}
}

func TestBaseForms(t *testing.T) {
	wn, err := readWordNet(fakeWordNet(
		[]fakeSynset{{pos: "n", words: []string{"child"}}, {pos: "n", words: []string{"city"}}, {pos: "v", words: []string{"renovate"}}},
		map[string][]int{"child/n": {0}, "city/n": {1}, "renovate/v": {2}},
		map[pos]string{noun: "children child\n"}))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		form string
		p    pos
		want []string
	}{
		{"children", noun, []string{"child"}}, // an exception
		{"cities", noun, []string{"city"}},    // ies → y
		{"renovated", verb, []string{"renovate"}},
		{"renovating", verb, []string{"renovate"}},
		{"banana", noun, nil},
	} {
		if got := wn.baseForms(tt.form, tt.p); !slices.Equal(got, tt.want) {
			t.Errorf("baseForms(%q, %s) = %q, want %q", tt.form, tt.p, got, tt.want)
		}
	}
}

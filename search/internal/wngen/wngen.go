// Package wngen writes search/data/en_synonyms.txt, the English synonyms the
// answering engine reads to match a resident's word against the report's
// English rendering when the two differ ("finished" for complete, "facelift"
// for renovation, "daycare" for childcare), from WordNet 3.0. For every word
// (and WordNet collocation) of the report's English side, it takes the
// word's most frequent senses and writes each lemma of those synsets as a
// word residents might use instead, keyed and targeted by the stems the
// engine's English analyzer makes of them. The output is committed and
// embedded: neither the engine nor its tests read WordNet.
package wngen

import (
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"
)

// Options are the generator's knobs.
type Options struct {
	// Senses is how many of a report word's senses, in WordNet's order
	// (most frequent first), lend their lemmas: "place" means a spot far
	// more often than a rank in a race.
	Senses int
	// QuestionSenses, when above 0, keeps a lemma only where the synset it
	// shares with the report word is among its own first QuestionSenses
	// senses too, so that a resident's word counts in what it usually means.
	QuestionSenses int
	// Hyponyms, when above 0, offers the lemmas of each kept sense's
	// direct hyponyms as well, the more specific words a resident may use:
	// "facelift" (a renovation of the outward appearance), "daycare"
	// (childcare by day). Only a sense with at most Hyponyms of them lends
	// them: the many kinds of a general sense are different things (a
	// hospital, a school and a barn are all buildings).
	Hyponyms int
	// Derived follows each report word's derivational links before taking
	// senses, so that a noun lends its verb's synonyms: renovation →
	// renovate → refurbish.
	Derived bool
}

// DefaultOptions are the settings search/data/en_synonyms.txt is built with.
var DefaultOptions = Options{Senses: 1, QuestionSenses: 0, Hyponyms: 6, Derived: false}

// Licence is WordNet 3.0's licence, which must appear on all copies of the
// database and of works made from it.
const Licence = `WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.

This software and database is being provided to you, the LICENSEE, by
Princeton University under the following license.  By obtaining, using
and/or copying this software and database, you agree that you have
read, understood, and will comply with these terms and conditions.:

Permission to use, copy, modify and distribute this software and
database and its documentation for any purpose and without fee or
royalty is hereby granted, provided that you agree to comply with
the following copyright notice and statements, including the disclaimer,
and that the same appear on ALL copies of the software, database and
documentation, including modifications that you make for internal
use or for distribution.

WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.

THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON
UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR
IMPLIED.  BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON
UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT-
ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE
OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT
INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR
OTHER RIGHTS.

The name of Princeton University or Princeton may not be used in
advertising or publicity pertaining to distribution of the software
and/or database.  Title to copyright in this software, database and
any associated documentation shall at all times remain with
Princeton University and LICENSEE agrees to preserve same.`

// maxCollocation is the longest run of words looked up as one WordNet
// lemma ("day care centre" is three).
const maxCollocation = 3

// Generate reads WordNet from dir and returns the synonym file for the
// English texts: one line per word a question may use, its stems, then the
// stems of the report's words it may stand for.
func Generate(dir fs.FS, texts []string, opt Options) ([]byte, error) {
	if opt.Senses < 1 {
		return nil, fmt.Errorf("wngen: Senses must be at least 1")
	}
	wn, err := readWordNet(dir)
	if err != nil {
		return nil, err
	}
	a, err := registry.NewCache().AnalyzerNamed(en.AnalyzerName)
	if err != nil {
		return nil, fmt.Errorf("wngen: English analyzer: %w", err)
	}
	g := &generator{wn: wn, a: a, opt: opt, out: map[string]map[string]bool{}}
	for _, surface := range surfaces(texts) {
		if err := g.add(surface); err != nil {
			return nil, err
		}
	}
	return g.write(), nil
}

type generator struct {
	wn  *wordNet
	a   analysis.Analyzer
	opt Options
	out map[string]map[string]bool // question stems → report stems
}

// stems are the terms the engine's English analyzer makes of a lemma or
// form, space-joined: "day_care" → "dai care".
func (g *generator) stems(lemma string) string {
	var out []string
	for _, t := range g.a.Analyze([]byte(strings.ReplaceAll(lemma, "_", " "))) {
		out = append(out, string(t.Term))
	}
	return strings.Join(out, " ")
}

// lemma is a WordNet lemma with its part of speech.
type lemma struct {
	word string
	pos  pos
}

// add offers synonyms for one word or collocation of the report.
func (g *generator) add(surface string) error {
	target := g.stems(surface)
	if target == "" || !lettered(target) { // "7" for seven: figures are matched as figures
		return nil
	}
	var lemmas []lemma
	for _, p := range allPOS {
		for _, b := range g.wn.baseForms(surface, p) {
			lemmas = append(lemmas, lemma{b, p})
		}
	}
	if g.opt.Derived {
		derived, err := g.derived(lemmas)
		if err != nil {
			return err
		}
		lemmas = append(lemmas, derived...)
	}
	for _, l := range lemmas {
		senses := g.wn.senses[l.pos][l.word]
		for _, ref := range senses[:min(len(senses), g.opt.Senses)] {
			s, err := g.wn.synset(ref)
			if err != nil {
				return err
			}
			g.offer(s.words, ref, target)
			var hyponyms []pointer
			for _, p := range s.ptrs {
				if p.symbol == "~" { // "~i", instances, are proper names
					hyponyms = append(hyponyms, p)
				}
			}
			if len(hyponyms) > g.opt.Hyponyms {
				continue
			}
			for _, p := range hyponyms {
				h, err := g.wn.synset(p.to)
				if err != nil {
					return err
				}
				g.offer(h.words, p.to, target)
			}
		}
	}
	return nil
}

// derived are the lemmas the first senses of lemmas derive from or into.
func (g *generator) derived(lemmas []lemma) ([]lemma, error) {
	var out []lemma
	for _, l := range lemmas {
		senses := g.wn.senses[l.pos][l.word]
		for _, ref := range senses[:min(len(senses), g.opt.Senses)] {
			s, err := g.wn.synset(ref)
			if err != nil {
				return nil, err
			}
			for _, p := range s.ptrs {
				if p.symbol != "+" || p.source < 1 || p.source > len(s.words) || s.words[p.source-1] != l.word {
					continue
				}
				t, err := g.wn.synset(p.to)
				if err != nil {
					return nil, err
				}
				if p.target >= 1 && p.target <= len(t.words) {
					d := lemma{t.words[p.target-1], p.to.pos}
					if !slices.Contains(lemmas, d) && !slices.Contains(out, d) {
						out = append(out, d)
					}
				}
			}
		}
	}
	return out, nil
}

// offer records the words of synset ref, and their irregular forms, as
// words a question may use for target.
func (g *generator) offer(words []string, ref synsetRef, target string) {
	for _, w := range words {
		if g.opt.QuestionSenses > 0 {
			if r := g.wn.rank(w, ref); r == 0 || r > g.opt.QuestionSenses {
				continue
			}
		}
		forms := append([]string{w}, g.wn.forms[ref.pos][w]...)
		for _, f := range forms {
			key := g.stems(f)
			if key == "" || key == target || !lettered(key) {
				continue
			}
			if g.out[key] == nil {
				g.out[key] = map[string]bool{}
			}
			g.out[key][target] = true
		}
	}
}

// lettered reports whether stems are all letters: WordNet's "4th_of_july"
// or "1st_lieutenant" are no word a question needs, nor a number a word.
func lettered(stems string) bool {
	return !strings.ContainsFunc(stems, func(r rune) bool { return r != ' ' && !unicode.IsLetter(r) })
}

// write renders the file: the header, then one line per key, sorted.
func (g *generator) write() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `# English synonyms for the report's English side. Generated by search/internal/wngen from
# WordNet 3.0 (Debian's wordnet-base, /usr/share/wordnet); do not edit by hand: change the generator
# and run  go generate -run genwn ./search/  (apt-get install wordnet-base first). Settings: %d senses per
# report word, question senses %d (0: any), hyponyms of senses with at most %d, derived forms %t.
# question stems<TAB>report stems|report stems…  (stems as bleve's English analyzer makes them)
#
`, g.opt.Senses, g.opt.QuestionSenses, g.opt.Hyponyms, g.opt.Derived)
	for line := range strings.Lines(Licence) {
		b.WriteString(strings.TrimRight("# "+line, " \n") + "\n")
	}
	b.WriteString("\n")
	keys := make([]string, 0, len(g.out))
	for k := range g.out {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		targets := make([]string, 0, len(g.out[k]))
		for t := range g.out[k] {
			targets = append(targets, t)
		}
		sort.Strings(targets)
		fmt.Fprintf(&b, "%s\t%s\n", k, strings.Join(targets, "|"))
	}
	return b.Bytes()
}

// surfaces are the words of texts, lower case and without possessives, and
// their runs of up to maxCollocation words within a clause, joined by "_"
// and by "-" as WordNet spells collocations ("day_care", "well-being"),
// sorted.
func surfaces(texts []string) []string {
	seen := map[string]bool{}
	for _, text := range texts {
		for _, clause := range strings.FieldsFunc(text, func(r rune) bool {
			return unicode.IsPunct(r) && r != '-' && r != '\'' && r != '’' || r == '\n'
		}) {
			words := words(clause)
			for i := range words {
				for n := 1; n <= maxCollocation && i+n <= len(words); n++ {
					seen[strings.Join(words[i:i+n], "_")] = true
					if n > 1 {
						seen[strings.Join(words[i:i+n], "-")] = true
					}
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// words splits a clause into lower-case words of letters and digits, as
// the English analyzer's tokenizer does, possessives dropped.
func words(clause string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(clause), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' && r != '’'
	}) {
		w = strings.ReplaceAll(w, "’", "'")
		w = strings.TrimSuffix(w, "'s")
		w = strings.Trim(w, "'")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

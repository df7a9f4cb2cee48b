package wngen

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
)

// pos is a WordNet part of speech as its file names spell it.
type pos string

const (
	noun pos = "noun"
	verb pos = "verb"
	adj  pos = "adj"
	adv  pos = "adv"
)

var allPOS = []pos{noun, verb, adj, adv}

// posOf maps the one-letter part of speech of data lines and pointers to
// the file it lives in; adjective satellites (s) live with adjectives.
var posOf = map[string]pos{"n": noun, "v": verb, "a": adj, "s": adj, "r": adv}

// synsetRef names a synset: its part of speech and byte offset in data.*.
type synsetRef struct {
	pos    pos
	offset int64
}

// synset is the part of a data.* line the generator reads.
type synset struct {
	words []string // lemmas, lower case, "_" between the words of a collocation
	ptrs  []pointer
}

// pointer is one relation of a synset; source and target are word numbers
// (1-based) for a lexical relation such as a derivation, 0 for a semantic one.
type pointer struct {
	symbol         string
	to             synsetRef
	source, target int
}

// wordNet is the part of the database the generator needs: each lemma's
// senses in WordNet's order (most frequent first), the synsets, and the
// irregular forms of the exception lists.
type wordNet struct {
	senses  map[pos]map[string][]synsetRef
	data    map[pos][]byte
	synsets map[synsetRef]*synset
	// exceptions maps an irregular form to its base forms (children →
	// child); forms lists a base form's irregular forms, the other way.
	exceptions map[pos]map[string][]string
	forms      map[pos]map[string][]string
}

// readWordNet reads index.*, data.* and *.exc from dir (WordNet 3.0's dict
// folder, /usr/share/wordnet on Debian).
func readWordNet(dir fs.FS) (*wordNet, error) {
	wn := &wordNet{
		senses:     map[pos]map[string][]synsetRef{},
		data:       map[pos][]byte{},
		synsets:    map[synsetRef]*synset{},
		exceptions: map[pos]map[string][]string{},
		forms:      map[pos]map[string][]string{},
	}
	for _, p := range allPOS {
		data, err := fs.ReadFile(dir, "data."+string(p))
		if err != nil {
			return nil, fmt.Errorf("wngen: %w", err)
		}
		wn.data[p] = data
		if wn.senses[p], err = readIndex(dir, p); err != nil {
			return nil, err
		}
		wn.exceptions[p], wn.forms[p] = map[string][]string{}, map[string][]string{}
		exc, err := fs.ReadFile(dir, string(p)+".exc")
		if err != nil {
			return nil, fmt.Errorf("wngen: %w", err)
		}
		for line := range strings.Lines(string(exc)) {
			f := strings.Fields(line)
			if len(f) < 2 {
				continue
			}
			for _, base := range f[1:] {
				wn.exceptions[p][f[0]] = append(wn.exceptions[p][f[0]], base)
				wn.forms[p][base] = append(wn.forms[p][base], f[0])
			}
		}
	}
	return wn, nil
}

// readIndex reads index.<p>: lemma pos synset_cnt p_cnt [ptr_symbol…]
// sense_cnt tagsense_cnt synset_offset…, the offsets in sense order.
func readIndex(dir fs.FS, p pos) (map[string][]synsetRef, error) {
	f, err := dir.Open("index." + string(p))
	if err != nil {
		return nil, fmt.Errorf("wngen: %w", err)
	}
	defer f.Close()
	out := map[string][]synsetRef{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, " ") { // the licence at the top
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 6 {
			continue
		}
		synsets, err1 := strconv.Atoi(fields[2])
		pointers, err2 := strconv.Atoi(fields[3])
		if err1 != nil || err2 != nil || len(fields) < 4+pointers+2+synsets {
			return nil, fmt.Errorf("wngen: index.%s: bad line %q", p, line)
		}
		var refs []synsetRef
		for _, o := range fields[4+pointers+2 : 4+pointers+2+synsets] {
			off, err := strconv.ParseInt(o, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("wngen: index.%s: bad offset in %q", p, line)
			}
			refs = append(refs, synsetRef{pos: p, offset: off})
		}
		out[fields[0]] = refs
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("wngen: index.%s: %w", p, err)
	}
	return out, nil
}

// synset reads the data line at ref: offset lex_filenum ss_type w_cnt
// (word lex_id)… p_cnt (symbol offset pos source/target)… [frames] | gloss.
func (wn *wordNet) synset(ref synsetRef) (*synset, error) {
	if s, ok := wn.synsets[ref]; ok {
		return s, nil
	}
	data := wn.data[ref.pos]
	if ref.offset < 0 || ref.offset >= int64(len(data)) {
		return nil, fmt.Errorf("wngen: data.%s: no synset at %d", ref.pos, ref.offset)
	}
	line := data[ref.offset:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if i := bytes.Index(line, []byte(" | ")); i >= 0 {
		line = line[:i]
	}
	fields := strings.Fields(string(line))
	bad := func() (*synset, error) {
		return nil, fmt.Errorf("wngen: data.%s: bad synset at %d", ref.pos, ref.offset)
	}
	if len(fields) < 4 || fields[0] != fmt.Sprintf("%08d", ref.offset) {
		return bad()
	}
	words, err := strconv.ParseInt(fields[3], 16, 32)
	if err != nil || len(fields) < 4+2*int(words)+1 {
		return bad()
	}
	s := &synset{}
	for i := range int(words) {
		w := strings.ToLower(fields[4+2*i])
		if j := strings.IndexByte(w, '('); j > 0 { // adjective markers: (a), (p), (ip)
			w = w[:j]
		}
		s.words = append(s.words, w)
	}
	at := 4 + 2*int(words)
	ptrs, err := strconv.Atoi(fields[at])
	if err != nil || len(fields) < at+1+4*ptrs {
		return bad()
	}
	for i := range ptrs {
		f := fields[at+1+4*i:]
		off, err1 := strconv.ParseInt(f[1], 10, 64)
		st, err2 := strconv.ParseUint(f[3], 16, 16)
		p, ok := posOf[f[2]]
		if err1 != nil || err2 != nil || !ok {
			return bad()
		}
		s.ptrs = append(s.ptrs, pointer{symbol: f[0], to: synsetRef{pos: p, offset: off}, source: int(st >> 8), target: int(st & 0xff)})
	}
	wn.synsets[ref] = s
	return s, nil
}

// detachments are WordNet's morphy rules: suffixes an inflected form may
// end in, and what its base form ends in instead.
var detachments = map[pos][][2]string{
	noun: {{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}},
	verb: {{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}},
	adj:  {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}},
}

// baseForms are the lemmas of part of speech p that form w may be, as
// WordNet's morphy finds them: w itself, its exceptions, and w with an
// inflection detached.
func (wn *wordNet) baseForms(w string, p pos) []string {
	var out []string
	add := func(b string) {
		if _, ok := wn.senses[p][b]; ok && !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	add(w)
	for _, b := range wn.exceptions[p][w] {
		add(b)
	}
	for _, d := range detachments[p] {
		if strings.HasSuffix(w, d[0]) && len(w) > len(d[0]) {
			add(strings.TrimSuffix(w, d[0]) + d[1])
		}
	}
	return out
}

// rank is the position (1-based) of synset ref among lemma's senses, or 0.
func (wn *wordNet) rank(lemma string, ref synsetRef) int {
	for i, r := range wn.senses[ref.pos][lemma] {
		if r == ref {
			return i + 1
		}
	}
	return 0
}

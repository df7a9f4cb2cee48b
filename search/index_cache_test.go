package search

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/seeds"
)

var writeIndexCacheFlag = flag.Bool("write-index-cache", false, "write data/index.cache from the embedded report (go generate)")

// indexedDocs rebuilds the documents New indexed for e, and checks them
// against the key New's index was built under.
func indexedDocs(t *testing.T, r *corpus.Report, e *Engine) ([]string, []document) {
	t.Helper()
	var ids []string
	var docs []document
	for i, s := range e.sentences {
		ids = append(ids, s.ID)
		docs = append(docs, document{
			Text: e.normText[i], Topic: e.normTopic[i], Residents: e.normResidents[i],
			English: strings.TrimSpace(r.English[s.ID] + "\n" + r.EnglishTopics[paragraphOf(s.ID)]),
		})
	}
	m, err := indexMapping()
	if err != nil {
		t.Fatal(err)
	}
	key, err := indexKey(m, ids, docs)
	if err != nil {
		t.Fatal(err)
	}
	if key != e.index.key {
		t.Fatal("the documents rebuilt here are not the ones New indexed: keep indexedDocs in step with New")
	}
	return ids, docs
}

func withoutIndexCache(t *testing.T) {
	useIndexCache = false
	t.Cleanup(func() { useIndexCache = true })
}

// TestWriteIndexCache writes data/index.cache (go generate -run write-index-cache ./search).
func TestWriteIndexCache(t *testing.T) {
	if !*writeIndexCacheFlag {
		t.Skip("run with -write-index-cache (go generate -run write-index-cache ./search)")
	}
	withoutIndexCache(t)
	recordEnglishStems = true
	defer func() { recordEnglishStems = false }()
	r, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(r)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ids, docs := indexedDocs(t, r, e)
	m, err := indexMapping()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "index")
	if err := writeIndex(path, m, ids, docs); err != nil {
		t.Fatal(err)
	}
	c := &indexCache{key: e.index.key, goMinor: goMinor(runtime.Version()), files: map[string][]byte{}}
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(path, p)
		if err != nil {
			return err
		}
		c.files[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true})
	if err != nil {
		t.Fatal(err)
	}
	si := &sentenceIndex{Index: idx, ids: slices.Sorted(slices.Values(ids))}
	defer si.Close()
	if err := si.learnRanks(); err != nil {
		t.Fatal(err)
	}
	if err := si.learnImpacts(); err != nil {
		t.Fatal(err)
	}
	c.impact = si.impact
	c.stems = e.english.heard
	// The modules whose code makes the index's terms and files.
	out, err := exec.Command("go", "list", "-deps", "-f", "{{with .Module}}{{.Path}} {{.Version}}{{end}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	seen := map[string]bool{}
	for _, l := range strings.Split(string(out), "\n") {
		if path, version, ok := strings.Cut(l, " "); ok && strings.HasPrefix(path, "github.com/blevesearch/") && !seen[path] {
			seen[path] = true
			c.modules = append(c.modules, [2]string{path, version})
		}
	}
	slices.SortFunc(c.modules, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	data, err := encodeIndexCache(c)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("data/index.cache", data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote data/index.cache: %d bytes, key %s", len(data), c.key)
}

// TestIndexCacheCurrent fails when the embedded report no longer meets its
// cached index: the report, its vocabulary or rendering, or how New derives
// the documents, changed since go generate last ran.
func TestIndexCacheCurrent(t *testing.T) {
	r, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(r)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if !e.index.cached {
		c, _ := embeddedIndexCache()
		have := "none"
		if c != nil {
			have = c.key
		}
		t.Fatalf("the embedded report's index is not in data/index.cache (cache key %s, report's %s): run go generate -run write-index-cache ./search", have, e.index.key)
	}
}

// TestIndexCacheMatchesBuild holds the cached index to a fresh build of the
// same documents: the same sentences, terms, postings (frequency and norm,
// by sentence id), field lengths and impact bounds, so every score is the
// same.
func TestIndexCacheMatchesBuild(t *testing.T) {
	r, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	cached, err := New(r)
	if err != nil {
		t.Fatal(err)
	}
	defer cached.Close()
	if !cached.index.cached {
		t.Skip("the cache is stale (TestIndexCacheCurrent says so)")
	}
	withoutIndexCache(t)
	fresh, err := New(r)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	if fresh.index.cached {
		t.Fatal("useIndexCache = false still opened the cache")
	}
	a, b := dumpIndex(t, cached.index), dumpIndex(t, fresh.index)
	if len(a) != len(b) {
		t.Errorf("cached index dumps %d lines, a fresh build %d", len(a), len(b))
	}
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			t.Fatalf("line %d: cached %q, fresh %q", i, a[i], b[i])
		}
	}
	if !maps.EqualFunc(cached.index.impact, fresh.index.impact, func(x, y map[string]float64) bool { return maps.Equal(x, y) }) {
		t.Error("cached impact bounds differ from a fresh build's")
	}
	if len(fresh.index.impact) == 0 {
		t.Error("a fresh build learnt no impact bounds")
	}
	// The English side learnt from the cache's stems is the one analysing
	// the rendering learns.
	if fresh.english.known != nil || cached.english.known == nil {
		t.Fatal("the fresh engine used the cache's stems, or the cached one did not")
	}
	for _, cmp := range []struct {
		what string
		a, b any
	}{
		{"rendering stems", cached.english.rendering, fresh.english.rendering},
		{"residents' stems", cached.english.residents, fresh.english.residents},
		{"stems' sentence counts", cached.english.df, fresh.english.df},
	} {
		if !reflect.DeepEqual(cmp.a, cmp.b) {
			t.Errorf("the cached engine's %s differ from a fresh build's", cmp.what)
		}
	}
	a2, err := sharedAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	used := 0
	for text, stems := range cached.english.known {
		if want := englishStems(a2, text); !slices.Equal(stems, want) {
			t.Errorf("cached stems of %q: %q, the analyzer's %q", text, stems, want)
		}
		used++
	}
	if used < len(cached.sentences) {
		t.Errorf("the cache holds stems of %d texts, fewer than the %d sentences", used, len(cached.sentences))
	}
}

// dumpIndex lists what scores read from an index, by sentence id.
func dumpIndex(t *testing.T, si *sentenceIndex) []string {
	t.Helper()
	r, err := si.adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	out := []string{fmt.Sprintf("docs %d", n)}
	fields, err := r.Fields()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(fields)
	out = append(out, "fields "+strings.Join(fields, ","))
	bm, _ := r.(index.BM25Reader)
	for _, field := range fields {
		if bm != nil {
			card, err := bm.FieldCardinality(field)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, fmt.Sprintf("field %s cardinality %d", field, card))
		}
		dict, err := r.FieldDict(field)
		if err != nil {
			t.Fatal(err)
		}
		var terms []string
		for {
			e, err := dict.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e == nil {
				break
			}
			terms = append(terms, e.Term)
			out = append(out, fmt.Sprintf("term %s:%s count %d", field, e.Term, e.Count))
		}
		dict.Close()
		for _, term := range terms {
			tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, true, true, true)
			if err != nil {
				t.Fatal(err)
			}
			var postings []string
			var tfd index.TermFieldDoc
			for {
				d, err := tfr.Next(tfd.Reset())
				if err != nil {
					t.Fatal(err)
				}
				if d == nil {
					break
				}
				id, err := r.ExternalID(d.ID)
				if err != nil {
					t.Fatal(err)
				}
				postings = append(postings, fmt.Sprintf("%s %d %g %d", id, d.Freq, d.Norm, len(d.Vectors)))
			}
			tfr.Close()
			slices.Sort(postings)
			for _, p := range postings {
				out = append(out, "posting "+field+":"+term+" "+p)
			}
		}
	}
	return out
}

// TestIndexCacheMisses: a report changed in one sentence is indexed afresh,
// and a cache file survives its own encoding.
func TestIndexCacheMisses(t *testing.T) {
	r, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	p := &r.Paragraphs[len(r.Paragraphs)-1]
	p.Sentences[len(p.Sentences)-1].Text += "另外,新增一句。"
	e, err := New(r)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.index.cached {
		t.Error("a changed report opened the embedded report's cached index")
	}
	c, err := embeddedIndexCache()
	if err != nil || c == nil {
		t.Fatalf("embedded cache: %v, %v", c, err)
	}
	if c.usable(e.index.key) {
		t.Error("the cache is usable under another report's key")
	}
	data, err := encodeIndexCache(c)
	if err != nil {
		t.Fatal(err)
	}
	back, err := parseIndexCache(data)
	if err != nil {
		t.Fatal(err)
	}
	if back.key != c.key || back.goMinor != c.goMinor || !slices.Equal(back.modules, c.modules) ||
		!maps.EqualFunc(back.files, c.files, func(x, y []byte) bool { return string(x) == string(y) }) ||
		!maps.EqualFunc(back.stems, c.stems, func(x, y []string) bool { return slices.Equal(x, y) }) {
		t.Error("the cache does not survive encoding")
	}
	stale := *back
	stale.goMinor = "go1.0"
	if stale.usable(c.key) {
		t.Error("a cache from another Go release is usable")
	}
	if _, err := parseIndexCache(data[:len(data)-10]); err == nil {
		t.Error("a truncated cache parses")
	}
}

// TestIndexCacheWithoutTempDir: where the cached index's files cannot be
// written, New builds the index in memory instead.
func TestIndexCacheWithoutTempDir(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	r, err := seeds.Parse()
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(r)
	if err != nil {
		t.Fatalf("New without a temporary directory: %v", err)
	}
	defer e.Close()
	if e.index.cached {
		t.Error("the cached index opened without a temporary directory")
	}
	if a := e.Answer(context.Background(), "全区托位有多少?"); !a.Answered() || a.Figure == nil {
		t.Errorf("the index built instead does not answer: %+v", a)
	}
}

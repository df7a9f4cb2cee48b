package search

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
)

// The embedded report's index, built ahead (go generate, see
// index_cache_test.go) so that a process starting on it does not analyse
// and write the same segment again: half of New's CPU. It is keyed by a
// hash of everything the index is built from (the mapping, every
// sentence's id and its four fields' text, as New derives them from the
// report, its vocabulary and its English rendering), so any other report,
// or this one changed, misses it and is indexed as before; so does a build
// whose Go release or bleve modules differ from the generator's, since
// their analysers make the terms. The cache holds the index directory
// scorch wrote (read-only once reopened, like a fresh build's) and the
// impact bounds learnt from it; TestIndexCacheMatchesBuild holds both to a
// fresh build's postings and bounds.

//go:generate go test -run ^TestWriteIndexCache$ -write-index-cache

//go:embed data/index.cache
var indexCacheFile []byte

// indexCacheFormat changes whenever the cache's layout, or what the key
// covers, does.
const indexCacheFormat = 1

const indexCacheMagic = "liwanbot index cache"

// indexCache is the parsed cache file.
type indexCache struct {
	key     string
	goMinor string
	modules [][2]string       // module path, version: the generator's
	files   map[string][]byte // the index directory's files, by slash path
	impact  map[string]map[string]float64
	// stems are the English analyzer's stems of the texts New analysed for
	// the report's English side (each rendering, each sentence's residents'
	// English), by text: looked up by the text itself, they need no key.
	stems map[string][]string
}

var embeddedIndexCache = sync.OnceValues(func() (*indexCache, error) { return parseIndexCache(indexCacheFile) })

// indexKey hashes what an index is built from.
func indexKey(m *mapping.IndexMappingImpl, ids []string, docs []document) (string, error) {
	mj, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("search: index mapping: %w", err)
	}
	h := sha256.New()
	var buf []byte
	put := func(s string) {
		buf = binary.AppendUvarint(buf[:0], uint64(len(s)))
		h.Write(buf)
		h.Write([]byte(s))
	}
	put(strconv.Itoa(indexCacheFormat))
	put(string(mj))
	for i, d := range docs {
		put(ids[i])
		put(d.Text)
		put(d.Topic)
		put(d.Residents)
		put(d.English)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// goMinor is the Go release without its patch number: Unicode's tables,
// which the tokenizer and lower-casing read, change only with a release.
func goMinor(v string) string {
	if parts := strings.SplitN(v, ".", 3); len(parts) == 3 {
		return parts[0] + "." + parts[1]
	}
	return v
}

// usable reports whether the cache was built for key by this process's Go
// release and, where the binary records its modules (test binaries do
// not), the same versions of the modules the generator recorded.
func (c *indexCache) usable(key string) bool {
	return c != nil && c.key == key && c.sameTools()
}

// sameTools reports whether the cache was made by this process's Go release
// and bleve modules (see usable).
func (c *indexCache) sameTools() bool {
	if c == nil || c.goMinor != goMinor(runtime.Version()) {
		return false
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return true
	}
	have := map[string]*debug.Module{}
	for _, d := range bi.Deps {
		have[d.Path] = d
	}
	for _, m := range c.modules {
		if d, ok := have[m[0]]; ok && (d.Version != m[1] || d.Replace != nil) {
			return false
		}
	}
	return true
}

// open writes the cached index directory to a temporary one and opens it
// read-only, as buildIndex leaves a fresh build.
func (c *indexCache) open() (bleve.Index, error) {
	dir, err := os.MkdirTemp("", "liwanbot-index-")
	if err != nil {
		return nil, fmt.Errorf("search: index directory: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "index")
	names := make([]string, 0, len(c.files))
	for name := range c.files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := filepath.Join(path, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return nil, fmt.Errorf("search: index directory: %w", err)
		}
		if err := os.WriteFile(p, c.files[name], 0o600); err != nil {
			return nil, fmt.Errorf("search: cached index: %w", err)
		}
	}
	idx, err := bleve.OpenUsing(path, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, fmt.Errorf("search: open cached index: %w", err)
	}
	return idx, nil
}

// The cache file: a header line, then "key HASH", "go RELEASE", any
// "module PATH VERSION", then each file as "file PATH SIZE" and its bytes
// and a newline, then each field's bounds as "impact FIELD COUNT" and COUNT
// lines of "TERM\tBITS" (the float64's bits in hex), then "stems COUNT" and
// COUNT lines of a Go-quoted text, a tab and its stems separated by spaces,
// then "end".

// encodeIndexCache writes the cache for an index directory.
func encodeIndexCache(c *indexCache) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %d\nkey %s\ngo %s\n", indexCacheMagic, indexCacheFormat, c.key, c.goMinor)
	for _, m := range c.modules {
		fmt.Fprintf(&b, "module %s %s\n", m[0], m[1])
	}
	names := make([]string, 0, len(c.files))
	for name := range c.files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if strings.ContainsAny(name, " \n") {
			return nil, fmt.Errorf("search: index file name %q", name)
		}
		fmt.Fprintf(&b, "file %s %d\n", name, len(c.files[name]))
		b.Write(c.files[name])
		b.WriteByte('\n')
	}
	fields := make([]string, 0, len(c.impact))
	for f := range c.impact {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for _, f := range fields {
		terms := make([]string, 0, len(c.impact[f]))
		for t := range c.impact[f] {
			if strings.ContainsAny(t, "\t\n") {
				return nil, fmt.Errorf("search: index term %q", t)
			}
			terms = append(terms, t)
		}
		slices.Sort(terms)
		fmt.Fprintf(&b, "impact %s %d\n", f, len(terms))
		for _, t := range terms {
			fmt.Fprintf(&b, "%s\t%x\n", t, math.Float64bits(c.impact[f][t]))
		}
	}
	texts := make([]string, 0, len(c.stems))
	for t := range c.stems {
		texts = append(texts, t)
	}
	slices.Sort(texts)
	fmt.Fprintf(&b, "stems %d\n", len(texts))
	for _, t := range texts {
		for _, stem := range c.stems[t] {
			if stem == "" || strings.ContainsAny(stem, " \t\n") {
				return nil, fmt.Errorf("search: English stem %q", stem)
			}
		}
		fmt.Fprintf(&b, "%s\t%s\n", strconv.Quote(t), strings.Join(c.stems[t], " "))
	}
	b.WriteString("end\n")
	return b.Bytes(), nil
}

// parseIndexCache reads a cache file; an empty one is no cache.
func parseIndexCache(data []byte) (*indexCache, error) {
	if len(data) == 0 {
		return nil, nil
	}
	bad := func(what string) error { return fmt.Errorf("search: index cache: %s", what) }
	line := func() (string, bool) {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return "", false
		}
		l := string(data[:i])
		data = data[i+1:]
		return l, true
	}
	head, ok := line()
	if !ok || head != fmt.Sprintf("%s %d", indexCacheMagic, indexCacheFormat) {
		return nil, nil // another format: not this build's cache
	}
	c := &indexCache{files: map[string][]byte{}, impact: map[string]map[string]float64{}}
	for {
		l, ok := line()
		if !ok {
			return nil, bad("truncated")
		}
		word, rest, _ := strings.Cut(l, " ")
		switch word {
		case "key":
			c.key = rest
		case "go":
			c.goMinor = rest
		case "module":
			path, version, ok := strings.Cut(rest, " ")
			if !ok {
				return nil, bad("module line " + l)
			}
			c.modules = append(c.modules, [2]string{path, version})
		case "file":
			name, size, ok := strings.Cut(rest, " ")
			n, err := strconv.Atoi(size)
			if !ok || err != nil || !fs.ValidPath(name) || n < 0 || n+1 > len(data) || data[n] != '\n' {
				return nil, bad("file line " + l)
			}
			c.files[name] = data[:n:n]
			data = data[n+1:]
		case "impact":
			field, count, ok := strings.Cut(rest, " ")
			n, err := strconv.Atoi(count)
			if !ok || err != nil || n < 0 {
				return nil, bad("impact line " + l)
			}
			impacts := make(map[string]float64, n)
			for range n {
				l, ok := line()
				term, bits, ok2 := strings.Cut(l, "\t")
				v, err := strconv.ParseUint(bits, 16, 64)
				if !ok || !ok2 || err != nil {
					return nil, bad("impact of " + field)
				}
				impacts[term] = math.Float64frombits(v)
			}
			c.impact[field] = impacts
		case "stems":
			n, err := strconv.Atoi(rest)
			if err != nil || n < 0 {
				return nil, bad("stems line " + l)
			}
			c.stems = make(map[string][]string, n)
			for range n {
				l, ok := line()
				quoted, stems, ok2 := strings.Cut(l, "\t")
				text, err := strconv.Unquote(quoted)
				if !ok || !ok2 || err != nil {
					return nil, bad("stems of " + quoted)
				}
				var list []string
				if stems != "" {
					list = strings.Split(stems, " ")
				}
				c.stems[text] = list
			}
		case "end":
			if c.key == "" || len(c.files) == 0 {
				return nil, bad("no key or no files")
			}
			return c, nil
		default:
			return nil, bad("line " + l)
		}
	}
}

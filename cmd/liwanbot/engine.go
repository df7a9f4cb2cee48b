package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/seeds"
)

// engineFlags are the flags every command that answers questions shares.
type engineFlags struct {
	corpora   corpusList
	logFormat string
	logLevel  string
}

func (f *engineFlags) register(set *flag.FlagSet) {
	set.Var(&f.corpora, "corpus", "report text to answer from (default: the embedded report); repeat it or separate with commas for several reports "+
		"(a directory: every .txt file in it; \"embedded\": the built-in report); a report's year and district come from its first lines or a front matter block, "+
		"its residents' vocabulary from NAME.residents.jsonl beside it")
	set.StringVar(&f.logFormat, "log-format", "auto", "log encoding: console, json, or auto (console on a terminal)")
	set.StringVar(&f.logLevel, "log-level", "info", "minimum log level: debug, info, warn, error")
}

// corpusList is --corpus: repeatable, and each value a comma-separated
// list, so that both --corpus a.txt --corpus b.txt and --corpus a.txt,b.txt
// load two reports.
type corpusList []string

func (c *corpusList) String() string { return strings.Join(*c, ",") }

func (c *corpusList) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p == "" {
			return errors.New("empty report path")
		}
		*c = append(*c, p)
	}
	return nil
}

// embeddedCorpus is the --corpus value that names the built-in report, so
// that it can be loaded beside others.
const embeddedCorpus = "embedded"

// open loads the reports and builds the shelf that answers from them,
// logging to stderr.
func (f *engineFlags) open(stderr io.Writer) (*search.Shelf, *zap.Logger, error) {
	log, err := newLogger(f.logFormat, f.logLevel, stderr)
	if err != nil {
		return nil, nil, err
	}
	srcs, err := f.readSources()
	if err != nil {
		return nil, nil, err
	}
	reports, err := parseSources(srcs, log)
	if err != nil {
		return nil, nil, err
	}
	shelf, err := buildShelf(reports, log)
	if err != nil {
		return nil, nil, err
	}
	return shelf, log, nil
}

// buildShelf indexes the reports, one engine each.
func buildShelf(reports []*corpus.Report, log *zap.Logger) (*search.Shelf, error) {
	shelf, err := search.NewShelf(reports, search.WithLogger(log))
	if err != nil {
		return nil, err
	}
	for _, r := range shelf.Reports() {
		log.Debug("engine ready", zap.String("report", r.Hash), zap.String("key", r.Key), zap.String("year", r.Year), zap.String("district", r.District), zap.Int("paragraphs", len(r.Paragraphs)))
	}
	return shelf, nil
}

// source is what a report is built from: a --corpus file and the
// residents' vocabulary beside it, or nothing for the embedded report.
type source struct {
	path  string // "" for the embedded report
	text  []byte
	vocab []byte // nil where the file has none beside it
}

// embedded reports whether the source is the report built into the binary.
func (s source) embedded() bool { return s.path == "" }

// fingerprint tells one source's bytes from another's: the report's own
// hash covers only its text, and a changed vocabulary changes answers too.
func (s source) fingerprint() string {
	if s.embedded() {
		return "embedded"
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d:", len(s.text))
	h.Write(s.text)
	h.Write(s.vocab)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// fingerprint of a set of sources: a file added, removed or changed
// changes it.
func fingerprint(srcs []source) string {
	var parts []string
	for _, s := range srcs {
		parts = append(parts, s.path+"="+s.fingerprint())
	}
	return strings.Join(parts, "\n")
}

// vocabPath is where a report file's residents' vocabulary lies:
// report.txt → report.residents.jsonl.
func vocabPath(corpusPath string) string {
	return strings.TrimSuffix(corpusPath, filepath.Ext(corpusPath)) + ".residents.jsonl"
}

// paths are the report files --corpus names, in order: a directory's .txt
// files by name, and "" for the embedded report (also when --corpus is
// not given). A directory is read anew each time, so that a report added
// to it is loaded on the next reload.
func (f *engineFlags) paths() ([]string, error) {
	if len(f.corpora) == 0 {
		return []string{""}, nil
	}
	var out []string
	for _, c := range f.corpora {
		if c == embeddedCorpus {
			out = append(out, "")
			continue
		}
		fi, err := os.Stat(c)
		if err != nil || !fi.IsDir() {
			out = append(out, c) // a file; reading it says what is wrong
			continue
		}
		files, err := filepath.Glob(filepath.Join(c, "*.txt"))
		if err != nil {
			return nil, fmt.Errorf("read corpus directory: %w", err)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("corpus directory %s holds no .txt report", c)
		}
		out = append(out, files...) // Glob sorts them
	}
	return out, nil
}

// watching reports whether there is a file to reload: the embedded report
// cannot change under a running binary.
func (f *engineFlags) watching() bool {
	return slices.ContainsFunc(f.corpora, func(c string) bool { return c != embeddedCorpus })
}

// readSources reads the reports --corpus names and the vocabulary beside
// each.
func (f *engineFlags) readSources() ([]source, error) {
	paths, err := f.paths()
	if err != nil {
		return nil, err
	}
	srcs := make([]source, 0, len(paths))
	for _, p := range paths {
		src, err := readSource(p)
		if err != nil {
			return nil, err
		}
		srcs = append(srcs, src)
	}
	return srcs, nil
}

// readSource reads a report file and the vocabulary beside it, or nothing
// for the embedded report ("").
func readSource(path string) (source, error) {
	if path == "" {
		return source{}, nil
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return source{}, fmt.Errorf("read corpus: %w", err)
	}
	vocab, err := os.ReadFile(vocabPath(path))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return source{}, fmt.Errorf("read residents' vocabulary: %w", err)
	}
	return source{path: path, text: text, vocab: vocab}, nil
}

// parseSources parses what readSources read.
func parseSources(srcs []source, log *zap.Logger) ([]*corpus.Report, error) {
	reports := make([]*corpus.Report, 0, len(srcs))
	for _, src := range srcs {
		r, err := parseSource(src, log)
		if err != nil {
			return nil, err
		}
		reports = append(reports, r)
	}
	return reports, nil
}

// parseSource parses the embedded report, or a report file with the
// residents' vocabulary beside it (report.txt → report.residents.jsonl)
// where there is one.
func parseSource(src source, log *zap.Logger) (*corpus.Report, error) {
	if src.embedded() {
		return seeds.Parse()
	}
	report, err := corpus.Parse(string(src.text))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src.path, err)
	}
	if report.Year == "" || report.District == "" {
		// Replies then name neither: say how to fix it.
		log.Warn("the report does not say its year or district in its first lines: give them in a front matter block (year: 2026, district: 荔湾区)",
			zap.String("file", src.path), zap.String("year", report.Year), zap.String("district", report.District))
	}
	if src.vocab == nil {
		return report, nil
	}
	stale, err := report.AttachVocabulary(src.vocab)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", vocabPath(src.path), err)
	}
	if stale > 0 {
		log.Warn("residents' vocabulary entries skipped: their sentences changed", zap.String("file", vocabPath(src.path)), zap.Int("skipped", stale))
	}
	return report, nil
}

func newLogger(format, level string, w io.Writer) (*zap.Logger, error) {
	lvl, err := zapcore.ParseLevel(level)
	if err != nil {
		return nil, fmt.Errorf("%w: --log-level: %v", errUsage, err)
	}
	if format == "auto" {
		format = "json"
		if isTerminal(w) {
			format = "console"
		}
	}
	cfg := zap.NewProductionEncoderConfig()
	cfg.EncodeTime = zapcore.ISO8601TimeEncoder
	var enc zapcore.Encoder
	switch format {
	case "json":
		enc = zapcore.NewJSONEncoder(cfg)
	case "console":
		cfg.EncodeLevel = zapcore.CapitalLevelEncoder
		enc = zapcore.NewConsoleEncoder(cfg)
	default:
		return nil, fmt.Errorf("%w: --log-format must be console, json or auto, not %q", errUsage, format)
	}
	return zap.New(zapcore.NewCore(enc, zapcore.AddSync(w), lvl)), nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

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
	"strings"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/search"
	"github.com/liwanbot/liwanbot/seeds"
)

// engineFlags are the flags every command that answers questions shares.
type engineFlags struct {
	corpusPath string
	logFormat  string
	logLevel   string
}

func (f *engineFlags) register(set *flag.FlagSet) {
	set.StringVar(&f.corpusPath, "corpus", "", "report text to answer from (default: the embedded report); its year and district come from its first lines or a front matter block, its residents' vocabulary from NAME.residents.jsonl beside it")
	set.StringVar(&f.logFormat, "log-format", "auto", "log encoding: console, json, or auto (console on a terminal)")
	set.StringVar(&f.logLevel, "log-level", "info", "minimum log level: debug, info, warn, error")
}

// open loads the report and builds the engine, logging to stderr.
func (f *engineFlags) open(stderr io.Writer) (*search.Engine, *zap.Logger, error) {
	log, err := newLogger(f.logFormat, f.logLevel, stderr)
	if err != nil {
		return nil, nil, err
	}
	report, err := f.loadReport(log)
	if err != nil {
		return nil, nil, err
	}
	eng, err := buildEngine(report, log)
	if err != nil {
		return nil, nil, err
	}
	return eng, log, nil
}

// buildEngine indexes a report.
func buildEngine(report *corpus.Report, log *zap.Logger) (*search.Engine, error) {
	eng, err := search.New(report, search.WithLogger(log))
	if err != nil {
		return nil, err
	}
	log.Debug("engine ready", zap.String("report", report.Hash), zap.String("year", report.Year), zap.String("district", report.District), zap.Int("paragraphs", len(report.Paragraphs)))
	return eng, nil
}

// source is what a report is built from: the --corpus file and the
// residents' vocabulary beside it, or nothing for the embedded report.
type source struct {
	text  []byte
	vocab []byte // nil where the file has none beside it
}

// embedded reports whether the source is the report built into the binary.
func (s source) embedded() bool { return s.text == nil }

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

// vocabPath is where a report file's residents' vocabulary lies:
// report.txt → report.residents.jsonl.
func vocabPath(corpusPath string) string {
	return strings.TrimSuffix(corpusPath, filepath.Ext(corpusPath)) + ".residents.jsonl"
}

// readSource reads the --corpus file and the vocabulary beside it, or
// nothing for the embedded report.
func (f *engineFlags) readSource() (source, error) {
	if f.corpusPath == "" {
		return source{}, nil
	}
	text, err := os.ReadFile(f.corpusPath)
	if err != nil {
		return source{}, fmt.Errorf("read corpus: %w", err)
	}
	if text == nil {
		text = []byte{} // an empty file is not the embedded report
	}
	vocab, err := os.ReadFile(vocabPath(f.corpusPath))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return source{}, fmt.Errorf("read residents' vocabulary: %w", err)
	}
	return source{text: text, vocab: vocab}, nil
}

// loadReport parses the embedded report, or the --corpus file with the
// residents' vocabulary beside it (report.txt → report.residents.jsonl)
// where there is one.
func (f *engineFlags) loadReport(log *zap.Logger) (*corpus.Report, error) {
	src, err := f.readSource()
	if err != nil {
		return nil, err
	}
	return f.parseSource(src, log)
}

// parseSource parses what readSource read.
func (f *engineFlags) parseSource(src source, log *zap.Logger) (*corpus.Report, error) {
	if src.embedded() {
		return seeds.Parse()
	}
	report, err := corpus.Parse(string(src.text))
	if err != nil {
		return nil, err
	}
	if report.Year == "" || report.District == "" {
		// Replies then name neither: say how to fix it.
		log.Warn("the report does not say its year or district in its first lines: give them in a front matter block (year: 2026, district: 荔湾区)",
			zap.String("file", f.corpusPath), zap.String("year", report.Year), zap.String("district", report.District))
	}
	if src.vocab == nil {
		return report, nil
	}
	stale, err := report.AttachVocabulary(src.vocab)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", vocabPath(f.corpusPath), err)
	}
	if stale > 0 {
		log.Warn("residents' vocabulary entries skipped: their sentences changed", zap.String("file", vocabPath(f.corpusPath)), zap.Int("skipped", stale))
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

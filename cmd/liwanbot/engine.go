package main

import (
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
	eng, err := search.New(report, search.WithLogger(log))
	if err != nil {
		return nil, nil, err
	}
	log.Debug("engine ready", zap.String("report", report.Hash), zap.String("year", report.Year), zap.String("district", report.District), zap.Int("paragraphs", len(report.Paragraphs)))
	return eng, log, nil
}

// loadReport parses the embedded report, or the --corpus file with the
// residents' vocabulary beside it (report.txt → report.residents.jsonl)
// where there is one.
func (f *engineFlags) loadReport(log *zap.Logger) (*corpus.Report, error) {
	if f.corpusPath == "" {
		return seeds.Parse()
	}
	b, err := os.ReadFile(f.corpusPath)
	if err != nil {
		return nil, fmt.Errorf("read corpus: %w", err)
	}
	report, err := corpus.Parse(string(b))
	if err != nil {
		return nil, err
	}
	if report.Year == "" || report.District == "" {
		// Replies then name neither: say how to fix it.
		log.Warn("the report does not say its year or district in its first lines: give them in a front matter block (year: 2026, district: 荔湾区)",
			zap.String("file", f.corpusPath), zap.String("year", report.Year), zap.String("district", report.District))
	}
	vocabPath := strings.TrimSuffix(f.corpusPath, filepath.Ext(f.corpusPath)) + ".residents.jsonl"
	vocab, err := os.ReadFile(vocabPath)
	if errors.Is(err, fs.ErrNotExist) {
		return report, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read residents' vocabulary: %w", err)
	}
	stale, err := report.AttachVocabulary(vocab)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", vocabPath, err)
	}
	if stale > 0 {
		log.Warn("residents' vocabulary entries skipped: their sentences changed", zap.String("file", vocabPath), zap.Int("skipped", stale))
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

package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"sync/atomic"
	"syscall"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/liwanbot/liwanbot/corpus"
	"github.com/liwanbot/liwanbot/golden"
)

// reloadFlags configure how serve replaces its report while it runs.
type reloadFlags struct {
	poll       time.Duration
	goldenPath string
	tolerance  float64
	min        float64
}

func (f *reloadFlags) register(set *flag.FlagSet) {
	set.DurationVar(&f.poll, "reload-poll", time.Second, "how often to look whether a --corpus file (or the vocabulary beside it, or a --corpus directory's list of reports) changed, to reload them all (0: only on SIGHUP)")
	set.StringVar(&f.goldenPath, "reload-golden", "", "golden question file a reloaded report must pass before it is answered from (default: the repo's own, built in)")
	set.Float64Var(&f.tolerance, "reload-tolerance", 0.05, "share of the golden questions (0 to 1) a reloaded report may answer right fewer than the report serve started with")
	set.Float64Var(&f.min, "reload-min", 0, "share of the golden questions (0 to 1) a reloaded report must answer right in any case")
}

// reloadMetrics is what a reload tells operators; *metrics.Metrics is one.
type reloadMetrics interface {
	ReportLoaded(r *corpus.Report, sentences int)
	Reloaded(result string)
}

// startEngine builds the engine serve answers with, and reloads it on
// SIGHUP and when a --corpus file changes until closeEngine, which stops
// reloading and closes the engine once its answers in flight finish.
func startEngine(ctx context.Context, f *serveFlags, log *zap.Logger, m reloadMetrics) (eng *live, closeEngine func(), err error) {
	r, err := newReloader(&f.engineFlags, f.reload, log, m)
	if err != nil {
		return nil, nil, err
	}
	if eng, err = r.start(ctx); err != nil {
		return nil, nil, err
	}
	hup, stopHangups := hangups()
	ctx, stopReloads := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		r.run(ctx, hup)
	}()
	return eng, func() {
		stopReloads()
		<-done
		stopHangups()
		eng.Close()
	}, nil
}

// reloader builds the engine serve answers with, and builds it again when
// a report changes (its file, a --corpus directory's list, or a SIGHUP):
// every report of the set again, as one shelf, beside the one answering,
// checked against the golden questions, and swapped in only if it answers
// them about as well as the report serve started with (a fixed bar, so that
// a run of reloads cannot each lose a little). A report that fails stays
// out, and the one answering keeps answering.
type reloader struct {
	files     *engineFlags
	flags     reloadFlags
	base      *zap.Logger // what engines log their answers to
	log       *zap.Logger
	metrics   reloadMetrics
	questions []golden.Question
	live      *live

	// Only the reloader's own goroutine reads and writes these after start.
	serving   string  // fingerprint of the sources answered from
	need      float64 // the golden score a reloaded report must reach
	seen      []fileStamp
	attempted []fileStamp
}

// fileStamp is what a poll sees of a file without reading it.
type fileStamp struct {
	path        string
	size, mtime int64
	exists      bool
}

func newReloader(files *engineFlags, flags reloadFlags, log *zap.Logger, m reloadMetrics) (*reloader, error) {
	if flags.poll < 0 || flags.tolerance < 0 || flags.tolerance > 1 || flags.min < 0 || flags.min > 1 {
		return nil, fmt.Errorf("%w: --reload-poll must not be negative, --reload-tolerance and --reload-min must be 0 to 1", errUsage)
	}
	r := &reloader{files: files, flags: flags, base: log, log: log.Named("reload"), metrics: m}
	var err error
	if flags.goldenPath == "" {
		r.questions, err = golden.Builtin()
	} else {
		var f *os.File
		if f, err = os.Open(flags.goldenPath); err == nil {
			r.questions, err = golden.Load(f)
			f.Close()
		}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: --reload-golden: %w", errUsage, err)
	}
	return r, nil
}

// start builds the first engine. Reading a report file, it also scores the
// golden questions on it: what a reloaded report must then match.
func (r *reloader) start(ctx context.Context) (*live, error) {
	r.seen = r.stat()
	r.attempted = r.seen
	srcs, err := r.files.readSources()
	if err != nil {
		return nil, err
	}
	c, err := r.prepare(ctx, srcs, r.files.watching())
	if err != nil {
		return nil, err
	}
	if r.files.watching() {
		r.need = max(r.flags.min, c.result.Accuracy()-r.flags.tolerance)
		r.log.Info("golden questions scored on the report: a reloaded report must answer as many right, less the tolerance",
			zap.String("report", c.report.Hash), zap.Float64("accuracy", round3(c.result.Accuracy())), zap.Float64("need", round3(r.need)),
			zap.Int("questions", c.result.Total), zap.Duration("build", c.build), zap.Duration("golden", c.gate))
	}
	c.speak()
	r.serving = fingerprint(srcs)
	r.live = newLive(c.eng, r.log)
	r.metrics.ReportLoaded(c.report, c.eng.Indexed())
	return r.live, nil
}

// candidate is an engine built aside, not yet answering.
type candidate struct {
	eng         engine
	report      *corpus.Report // the default report: what unqualified questions, and so the golden ones, are answered from
	result      golden.Result
	build, gate time.Duration
	quiet       *atomic.Bool
}

// speak lets the engine log its answers: a golden run's hundreds of answer
// lines would bury the reload's own.
func (c *candidate) speak() { c.quiet.Store(false) }

// prepare parses and indexes the sources and, if score, runs the golden
// questions on them: they name no year, so the default report answers
// them, and a set whose default is no longer the report they were
// written for fails them.
func (r *reloader) prepare(ctx context.Context, srcs []source, score bool) (*candidate, error) {
	c := &candidate{quiet: new(atomic.Bool)}
	c.quiet.Store(true)
	log := r.base.WithOptions(zap.WrapCore(func(core zapcore.Core) zapcore.Core { return quietCore{core, c.quiet} }))
	start := time.Now()
	reports, err := parseSources(srcs, log)
	if err != nil {
		return nil, err
	}
	eng, err := buildShelf(reports, log)
	if err != nil {
		return nil, err
	}
	c.eng, c.report, c.build = eng, eng.Report(), time.Since(start)
	if score {
		start = time.Now()
		c.result, err = golden.Run(ctx, eng, r.questions)
		c.gate = time.Since(start)
		if err != nil {
			eng.Close()
			return nil, err
		}
	}
	return c, nil
}

// run reloads on every SIGHUP (hup) and, watching a file, whenever a poll
// finds it changed, until ctx ends.
func (r *reloader) run(ctx context.Context, hup <-chan os.Signal) {
	var tick <-chan time.Time
	if r.files.watching() && r.flags.poll > 0 {
		t := time.NewTicker(r.flags.poll)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			r.attempted = r.stat()
			r.seen = r.attempted
			r.reload(ctx, "SIGHUP")
		case <-tick:
			// A file still being written changes between polls: it is read
			// once it has stayed the same for one poll. (Writing a new file
			// and renaming it over the old one is safer still.)
			st := r.stat()
			if !slices.Equal(st, r.seen) {
				r.seen = st
				continue
			}
			if slices.Equal(st, r.attempted) {
				continue
			}
			r.attempted = st
			r.reload(ctx, "file changed")
		}
	}
}

// stat looks at the report files and the vocabulary beside each, as
// --corpus names them now: a report added to a --corpus directory is a
// change too.
func (r *reloader) stat() []fileStamp {
	if !r.files.watching() {
		return nil
	}
	paths, err := r.files.paths()
	if err != nil {
		return []fileStamp{{path: err.Error()}} // a change when it clears
	}
	var out []fileStamp
	for _, p := range paths {
		if p == "" {
			continue
		}
		for _, path := range []string{p, vocabPath(p)} {
			st := fileStamp{path: path}
			if fi, err := os.Stat(path); err == nil {
				st.size, st.mtime, st.exists = fi.Size(), fi.ModTime().UnixNano(), true
			}
			out = append(out, st)
		}
	}
	return out
}

// reload builds the engine again from the sources as they are now and
// swaps it in if it passes the golden questions.
func (r *reloader) reload(ctx context.Context, trigger string) {
	log := r.log.With(zap.String("trigger", trigger), zap.String("serving", r.live.Report().Hash))
	srcs, err := r.files.readSources()
	if err != nil {
		r.metrics.Reloaded("failed")
		log.Error("report not reloaded: it cannot be read; the report being served stays", zap.Error(err))
		return
	}
	fp := fingerprint(srcs)
	if fp == r.serving {
		log.Info("report unchanged: nothing to reload")
		return
	}
	c, err := r.prepare(ctx, srcs, true)
	if ctx.Err() != nil {
		if c != nil {
			c.eng.Close()
		}
		return // shutting down
	}
	if err != nil {
		r.metrics.Reloaded("failed")
		log.Error("report not reloaded: it cannot be indexed; the report being served stays", zap.Error(err))
		return
	}
	acc := c.result.Accuracy()
	fields := []zap.Field{
		zap.String("report", c.report.Hash), zap.Float64("accuracy", round3(acc)), zap.Float64("need", round3(r.need)),
		zap.Int("right", c.result.Right), zap.Int("questions", c.result.Total),
		zap.Duration("build", c.build), zap.Duration("golden", c.gate),
	}
	if acc < r.need {
		c.eng.Close()
		r.metrics.Reloaded("rejected")
		log.Error("report not swapped in: it fails the golden questions; the report being served stays",
			append(fields, zap.Strings("failures", failureSample(c.result, 5)))...)
		return
	}
	c.speak()
	r.live.swap(c.eng)
	r.serving = fp
	r.metrics.ReportLoaded(c.report, c.eng.Indexed())
	r.metrics.Reloaded("swapped")
	log.Info("report reloaded: answers now come from the new report", fields...)
}

// failureSample names the first n golden questions a report failed, and why.
func failureSample(res golden.Result, n int) []string {
	var out []string
	for _, f := range res.Failures {
		if len(out) == n {
			break
		}
		out = append(out, f.Question.ID+": "+f.Why)
	}
	return out
}

func round3(f float64) float64 { return float64(int(f*1000+0.5)) / 1000 }

// hangups delivers SIGHUP, the conventional "reload your files", until
// stop is called; while it is registered the signal no longer ends the
// process.
func hangups() (hup <-chan os.Signal, stop func()) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGHUP)
	return c, func() { signal.Stop(c) }
}

// quietCore drops entries under warn while quiet is set: an engine being
// checked logs every golden answer, which would bury what the reload says.
type quietCore struct {
	zapcore.Core
	quiet *atomic.Bool
}

func (c quietCore) Enabled(l zapcore.Level) bool {
	return (l >= zapcore.WarnLevel || !c.quiet.Load()) && c.Core.Enabled(l)
}

func (c quietCore) With(fields []zapcore.Field) zapcore.Core {
	return quietCore{c.Core.With(fields), c.quiet}
}

func (c quietCore) Check(e zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if e.Level < zapcore.WarnLevel && c.quiet.Load() {
		return ce
	}
	return c.Core.Check(e, ce)
}

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"go.uber.org/zap"

	"github.com/liwanbot/liwanbot/console"
	"github.com/liwanbot/liwanbot/curation"
	"github.com/liwanbot/liwanbot/feedback"
	"github.com/liwanbot/liwanbot/golden"
	"github.com/liwanbot/liwanbot/metrics"
	"github.com/liwanbot/liwanbot/search"
)

// goldenQuestions reads a golden file, or the built-in one for "".
func goldenQuestions(path string) ([]golden.Question, error) {
	if path == "" {
		return golden.Builtin()
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return golden.Load(f)
}

// checkWindow is how far back the residents' questions a curation check
// asks again go: the retention, or all kept when it is 0 (keep all).
func checkWindow(retention time.Duration) time.Duration {
	if retention <= 0 {
		return 100 * 365 * 24 * time.Hour
	}
	return retention
}

// startCurations keeps serve's curations those of the database, polling
// its version, and returns what checks and applies new ones; stop ends
// the polling.
func startCurations(ctx context.Context, store *feedback.Store, eng *live, f *serveFlags, retention time.Duration, log *zap.Logger, m *metrics.Metrics) (*curation.Service, func(), error) {
	qs, err := goldenQuestions(f.reload.goldenPath)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: --reload-golden: %w", errUsage, err)
	}
	log = log.Named("curations")
	w := &curation.Watcher{Store: store, Engine: eng, Poll: f.curationPoll, Log: log,
		Publish: func(set *search.Curations) {
			eng.setCurations(set)
			m.CurationsLoaded(set.Version(), set.Len())
		}}
	if _, err := w.Load(ctx); err != nil {
		// Answers go on without curations; the poll tries again.
		log.Error("curations not read at start-up: answering without them until the database answers", zap.Error(err))
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	svc := curation.NewService(store, eng, qs, checkWindow(retention), log)
	svc.Count = m.CurationChanged
	return svc, func() { cancel(); <-done }, nil
}

// staffTokens reads --staff-tokens (or LIWANBOT_STAFF_TOKENS).
func staffTokens(path string) ([]console.Staff, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: --staff-tokens: %w", errUsage, err)
	}
	defer f.Close()
	staff, err := console.ParseStaffTokens(f)
	if err != nil {
		return nil, fmt.Errorf("%w: --staff-tokens %s: %w", errUsage, path, err)
	}
	if len(staff) == 0 {
		return nil, fmt.Errorf("%w: --staff-tokens %s names nobody", errUsage, path)
	}
	return staff, nil
}

// runCurations is `liwanbot curations export|import|list`.
func runCurations(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: curations export|import FILE|list", errUsage)
	}
	fs := flag.NewFlagSet("curations "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "liwanbot.db", "the database serve keeps curations in: an SQLite file or a postgres:// URL")
	switch args[0] {
	case "export", "list":
		history := fs.Bool("history", false, "export: every curation and undo, with versions, rather than the curations in force")
		if err := fs.Parse(args[1:]); err != nil {
			return fmt.Errorf("%w: %w", errUsage, err)
		}
		store, err := feedback.OpenExisting(ctx, *db)
		if err != nil {
			return err
		}
		defer store.Close()
		hist, err := store.CurationHistory(ctx)
		if err != nil {
			return err
		}
		if args[0] == "list" {
			return listCurations(stdout, hist)
		}
		if *history {
			return writeHistory(stdout, hist)
		}
		return feedback.WriteCurations(stdout, feedback.Active(hist))
	case "import":
		return runImport(ctx, fs, db, args[1:], stdout, stderr)
	default:
		return fmt.Errorf("%w: curations export|import FILE|list, not %q", errUsage, args[0])
	}
}

func writeHistory(w io.Writer, hist []feedback.Curation) error {
	// WriteCurations drops versions, which a history needs.
	for _, c := range hist {
		if err := writeJSONLine(w, c); err != nil {
			return err
		}
	}
	return nil
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func listCurations(w io.Writer, hist []feedback.Curation) error {
	bw := bufio.NewWriter(w)
	for _, c := range hist {
		what := ""
		switch c.Type {
		case feedback.KindLink, feedback.KindNever:
			what = fmt.Sprintf("%q → %s", c.Question, c.Sentence)
		case feedback.KindSynonym:
			what = strings.Join(c.Words, "|") + " → " + c.Term
		case feedback.KindReply:
			what = strings.Join(c.Words, " + ")
		case feedback.KindUndo:
			what = fmt.Sprintf("undoes %d", c.Undoes)
		}
		state := ""
		if c.UndoneBy != 0 {
			state = fmt.Sprintf(" (undone by %d)", c.UndoneBy)
		}
		fmt.Fprintf(bw, "%d\t%s\t%s\t%s\t%s%s\t%s\n", c.Version, c.At.Format(time.RFC3339), c.Author, c.Type, what, state, c.Reason)
	}
	return bw.Flush()
}

// errRefused marks an import of which some lines were not applied.
var errRefused = errors.New("curations refused")

// runImport applies a curations file line by line, each after the check
// serve makes: a line that would break a golden answer is refused, named
// with what it would break, and the others still go in; the exit status
// says whether any was refused. A serve on the same database picks the
// ones kept up within its poll.
func runImport(ctx context.Context, fs *flag.FlagSet, db *string, args []string, stdout, stderr io.Writer) error {
	var ef engineFlags
	ef.register(fs)
	author := fs.String("author", "", "who the lines are by where a line names nobody")
	goldenPath := fs.String("golden", "", "golden question file a curation must not break (default: the built-in one)")
	window := fs.String("window", "180d", "residents' questions asked within this period are compared too")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: curations import [flags] FILE (- for stdin)", errUsage)
	}
	win, err := feedback.ParseAge(*window)
	if err != nil {
		return fmt.Errorf("%w: --window: %v", errUsage, err)
	}
	qs, err := goldenQuestions(*goldenPath)
	if err != nil {
		return fmt.Errorf("%w: --golden: %w", errUsage, err)
	}
	var in io.Reader = os.Stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	lines, err := feedback.ReadCurations(in)
	if err != nil {
		return err
	}
	shelf, log, err := ef.open(stderr)
	if err != nil {
		return err
	}
	defer log.Sync()
	defer shelf.Close()
	store, err := feedback.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	svc := curation.NewService(store, shelf, qs, checkWindow(win), log.Named("curations"))
	refused := 0
	for i, c := range lines {
		if c.Author == "" {
			c.Author = *author
		}
		c.At = time.Now()
		rep, err := svc.Apply(ctx, c)
		switch {
		case errors.Is(err, curation.ErrBreaks):
			refused++
			fmt.Fprintf(stdout, "curation %d (%s): refused: it would break %d golden answers:\n", i+1, c.Type, len(rep.Broken))
			for _, b := range rep.Broken {
				fmt.Fprintf(stdout, "  %s %q: %s (was %s, would be %s)\n", b.ID, b.Question, b.Why, describeOutline(b.Before), describeOutline(b.After))
			}
		case err != nil:
			if ctx.Err() != nil {
				return err
			}
			refused++
			fmt.Fprintf(stdout, "curation %d (%s): refused: %v\n", i+1, c.Type, err)
		default:
			fmt.Fprintf(stdout, "curation %d (%s): kept as version %d by %s; %d answers change, %d golden answers fixed\n",
				i+1, c.Type, rep.Curation.Version, rep.Curation.Author, len(rep.Changed), len(rep.Fixed))
		}
	}
	if refused > 0 {
		return fmt.Errorf("%w: %d of %d not applied", errRefused, refused, len(lines))
	}
	return nil
}

func describeOutline(o golden.Outline) string {
	s := o.Outcome
	if o.Sentence != "" {
		s += " " + o.Sentence
	}
	if o.Figure != "" {
		s += " " + o.Figure
	}
	return s
}

// runStaff is `liwanbot staff hash`: it reads a token on stdin and writes
// the line of a staff tokens file for it.
func runStaff(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "hash" {
		return fmt.Errorf("%w: staff hash [--name NAME] < token", errUsage)
	}
	fs := flag.NewFlagSet("staff hash", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("name", "", "the member of staff's name: the line is then name:hash, for --staff-tokens")
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	token := strings.TrimRight(line, "\r\n")
	if len(token) < minStaffToken {
		return fmt.Errorf("%w: the token is %d bytes; give at least %d (make one with: openssl rand -hex 16)", errUsage, len(token), minStaffToken)
	}
	if *name == "" {
		fmt.Fprintln(stdout, console.HashToken(token))
		return nil
	}
	if err := console.ValidStaffName(*name); err != nil {
		return fmt.Errorf("%w: --name: %w", errUsage, err)
	}
	fmt.Fprintf(stdout, "%s:%s\n", *name, console.HashToken(token))
	return nil
}

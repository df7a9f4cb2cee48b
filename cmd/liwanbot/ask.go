package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/liwanbot/liwanbot/bot"
	"github.com/liwanbot/liwanbot/search"
)

func runAsk(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var ef engineFlags
	ef.register(fs)
	asJSON := fs.Bool("json", false, "read questions from stdin, one per line, and write one JSON answer per line")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	eng, log, err := ef.open(stderr)
	if err != nil {
		return err
	}
	defer log.Sync()
	defer eng.Close()

	if *asJSON {
		return askJSON(ctx, eng, stdin, stdout)
	}
	if fs.NArg() > 0 {
		return printAnswer(stdout, eng.Answer(ctx, strings.Join(fs.Args(), " ")))
	}
	// No question on the command line: answer each line typed.
	return eachLine(ctx, stdin, func(line string) error {
		return printAnswer(stdout, eng.Answer(ctx, line))
	})
}

// askJSON speaks the protocol the evaluation scripts use: one JSON object per
// input line, in order, blank lines included, so answers stay aligned with
// questions.
func askJSON(ctx context.Context, eng *search.Shelf, stdin io.Reader, stdout io.Writer) error {
	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	err := eachLine(ctx, stdin, func(line string) error {
		return enc.Encode(eng.Answer(ctx, line))
	})
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	return err
}

// eachLine calls fn for every line of r until r ends or ctx is cancelled.
func eachLine(ctx context.Context, r io.Reader, fn func(string) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 4<<20)
	for sc.Scan() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := fn(strings.TrimRight(sc.Text(), "\r")); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read questions: %w", err)
	}
	return nil
}

// printAnswer writes an answer for a person at a terminal: the reply as a
// resident sees it, then where it came from.
func printAnswer(w io.Writer, a search.Answer) error {
	var b strings.Builder
	b.WriteString(a.Text)
	b.WriteString("\n")
	if a.Truncated {
		b.WriteString(bot.TruncationNote(a.Lang) + "\n")
	}
	for i, s := range a.Sources {
		fmt.Fprintf(&b, "  [%d] %s score=%.3f %s\n", i+1, s.ID, s.Score, s.Text)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/liwanbot/liwanbot/feedback"
)

// runReport prints what residents could not get answered: the most frequent
// refused questions and the answers with the most 👎.
func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var ef engineFlags
	ef.register(fs)
	db := fs.String("db", "liwanbot.db", "the database serve records to: an SQLite file or a postgres:// URL")
	sinceFlag := fs.String("since", "7d", "the period to report on: days (7d) or a duration (36h)")
	limit := fs.Int("limit", 20, "how many questions and answers to list")
	asJSON := fs.Bool("json", false, "print JSON instead of tables")
	rerun := fs.Bool("rerun", false, "ask each refused question again, to see whether it is answered now")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	since, err := feedback.ParseAge(*sinceFlag)
	if err != nil {
		return fmt.Errorf("%w: --since: %v", errUsage, err)
	}
	if *limit < 1 {
		return fmt.Errorf("%w: --limit must be at least 1", errUsage)
	}
	eng, log, err := ef.open(stderr)
	if err != nil {
		return err
	}
	defer log.Sync()
	defer eng.Close()
	store, err := feedback.OpenExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	rev, err := feedback.BuildReview(ctx, store, eng, time.Now().Add(-since), *limit, *rerun)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(rev)
	}
	return printReview(stdout, rev, *rerun)
}

func printReview(w io.Writer, rev feedback.Review, rerun bool) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if t := rev.Activity.Totals; t.Asked > 0 || t.Down+t.Up > 0 {
		fmt.Fprintf(tw, "Since %s: %d questions asked, %d refused or out of scope (%.0f%%); %d 👎, %d 👍\n\n",
			rev.Since.Local().Format("2006-01-02 15:04"), t.Asked, t.Refused+t.Scope, rev.Activity.RefusedShare*100, t.Down, t.Up)
	}
	fmt.Fprintf(tw, "Refused questions since %s\n", rev.Since.Local().Format("2006-01-02 15:04"))
	if len(rev.Refused) == 0 {
		fmt.Fprintln(tw, "  (none)")
	} else {
		header := "  COUNT\tQUESTION\tLANG\tCHANNEL\tLAST ASKED\tTOPICS OFFERED"
		if rerun {
			header += "\tNOW"
		}
		fmt.Fprintln(tw, header)
		for _, q := range rev.Refused {
			line := fmt.Sprintf("  %d\t%s\t%s\t%s\t%s\t%s", q.Count, clip(q.Question, 40), cell(q.Lang), cell(q.Channel),
				q.Last.Local().Format("01-02 15:04"), clip(strings.Join(q.Topics, "; "), 30))
			if q.Now != nil {
				now := q.Now.Outcome
				if q.Now.Sentence != "" {
					now += " " + q.Now.Sentence
				}
				if q.Now.Figure != "" {
					now += " " + q.Now.Figure
				}
				line += "\t" + cell(now)
			}
			fmt.Fprintln(tw, line)
		}
	}
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "Answers with the most 👎")
	if len(rev.Disliked) == 0 {
		fmt.Fprintln(tw, "  (none)")
	} else {
		fmt.Fprintln(tw, "  👎\t👍\tSENTENCE\tFIGURE\tTEXT\tASKED")
		for _, a := range rev.Disliked {
			text := a.Text
			if text == "" {
				text = "(rated on report " + cell(a.Report) + ", not the one loaded)"
			}
			var asked []string
			for _, q := range a.Questions {
				asked = append(asked, fmt.Sprintf("%s ×%d", q.Question, q.Count))
			}
			fmt.Fprintf(tw, "  %d\t%d\t%s\t%s\t%s\t%s\n", a.Down, a.Up, cell(a.Sentence), cell(a.Figure), clip(text, 50), clip(strings.Join(asked, "; "), 40))
		}
	}
	return tw.Flush()
}

// clip shortens s to n runes for a table cell, escaped.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) > n {
		s = string([]rune(s)[:n-1]) + "…"
	}
	return cell(s)
}

// cell escapes what stored text must not send to the operator's terminal:
// control characters (an escape sequence in a question could clear the
// screen or rewrite what it shows, a tab or newline would break the
// table), bidi overrides that reorder what follows, and invalid UTF-8.
// They are shown as Go escapes (\x1b, \u202e), which the eye can read.
func cell(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Bidi_Control) || r == '\u2028' || r == '\u2029'
}

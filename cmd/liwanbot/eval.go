package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/liwanbot/liwanbot/golden"
)

func runEval(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var ef engineFlags
	ef.register(fs)
	min := fs.Float64("min", 0, "fail unless at least this share of questions (0 to 1) is answered right")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("%w: eval takes one golden file, got %d arguments", errUsage, fs.NArg())
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("open golden file: %w", err)
	}
	defer f.Close()
	qs, err := golden.Load(f)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	if ef.logLevel == "info" {
		ef.logLevel = "warn" // a run of hundreds of answers would bury the report
	}
	eng, log, err := ef.open(stderr)
	if err != nil {
		return err
	}
	defer log.Sync()
	defer eng.Close()
	res, err := golden.Run(ctx, eng, qs)
	if err != nil {
		return err
	}
	if err := res.WriteReport(stdout); err != nil {
		return err
	}
	if res.Accuracy() < *min {
		return fmt.Errorf("accuracy %.3f is under --min %.3f", res.Accuracy(), *min)
	}
	return nil
}

// Command liwanbot answers residents' questions about Liwan district's 2025
// government work report.
//
//	liwanbot ask "全区托位有多少?"      answer one question for people
//	liwanbot ask --json < questions    one JSON answer per input line
//	liwanbot eval golden.jsonl         score a golden question file
//	liwanbot serve                     answer on Telegram (TELEGRAM_BOT_TOKEN), serve the console
//	liwanbot report                    what residents could not get answered
//	liwanbot curations export|import   staff's curations, as JSON lines
//	liwanbot staff hash --name NAME    a line of the staff tokens file, for a token on stdin
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "liwanbot:", err)
		}
		os.Exit(exitCode(err))
	}
}

// errUsage marks a command line that cannot be run.
var errUsage = errors.New("usage")

func exitCode(err error) int {
	if errors.Is(err, errUsage) || errors.Is(err, flag.ErrHelp) {
		return 2
	}
	return 1
}

const usage = `usage: liwanbot <command> [flags] [arguments]

commands:
  ask [QUESTION]   answer a question (with --json: one question per stdin line)
  eval FILE.jsonl  score a golden question file
  serve            answer on Telegram and serve the staff console and API
  report           list refused questions and disliked answers
  curations export|import FILE|list   staff's curations as JSON lines (import checks each against the golden questions)
  staff hash [--name NAME]            the staff tokens file's line for the token on stdin
run "liwanbot <command> -h" for a command's flags`

// run is the whole program, with its environment passed in so tests can
// drive it as a user would.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(stderr, usage)
		return fmt.Errorf("%w: no command", errUsage)
	}
	switch args[0] {
	case "ask":
		return runAsk(ctx, args[1:], getenv, stdin, stdout, stderr)
	case "eval":
		return runEval(ctx, args[1:], getenv, stdout, stderr)
	case "report":
		return runReport(ctx, args[1:], stdout, stderr)
	case "curations":
		return runCurations(ctx, args[1:], stdout, stderr)
	case "staff":
		return runStaff(args[1:], stdin, stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], getenv, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	default:
		fmt.Fprintln(stderr, usage)
		return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
	}
}

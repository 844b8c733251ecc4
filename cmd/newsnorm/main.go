// Command newsnorm crawls news sites and writes one clean JSON record per
// article. See the README for the commands, the config and the exit codes.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/state"
)

// Exit codes, documented in the README.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitPartial     = 3
	exitLocked      = 4
	exitInterrupted = 130
)

// Errors that map to exit codes.
var (
	errUsage       = errors.New("usage error")
	errPartial     = errors.New("some pages failed")
	errInterrupted = errors.New("interrupted")
)

// gcPercent is the garbage collector's GOGC unless the environment sets
// GOGC. newsnorm's live heap is small (10–25 MiB in a crawl: a parsed
// page is dropped once it is extracted) and it allocates a lot per page,
// so Go's default of 100 collects many times a second. 200 measured 5–15%
// less CPU per page for about 6 MiB more peak memory on the crawl
// benchmark (BENCHMARKS.md, "Crawl speed and memory"); 300 saved a little
// more for 10 MiB.
const gcPercent = 200

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode prints err and maps it to the documented exit code.
func exitCode(err error, stderr io.Writer) int {
	if err != nil {
		fmt.Fprintln(stderr, "newsnorm:", err)
	}
	return exitCodeOf(err)
}

// exitCodeOf maps an error to the documented exit code.
func exitCodeOf(err error) int {
	if err == nil {
		return exitOK
	}
	var fe *config.FieldError
	switch {
	case errors.Is(err, errInterrupted):
		return exitInterrupted
	case errors.Is(err, state.ErrLocked):
		return exitLocked
	case errors.Is(err, errUsage), errors.As(err, &fe), errors.Is(err, errConfig):
		return exitUsage
	case errors.Is(err, errPartial):
		return exitPartial
	}
	return exitFailed
}

const usage = `newsnorm: crawl news sites into clean JSON Lines records

Usage:
  newsnorm crawl    [--config FILE] [--site NAME]... [--out PATH|-] [--state PATH] [--worker NAME] [--run-id ID]
  newsnorm backfill [--config FILE] [--out PATH|-] [--state PATH] [--worker NAME] [--run-id ID] [--feed-only] URLFILE|-
  newsnorm backfill [--config FILE] ... --retry-failed
  newsnorm extract  [--config FILE] --url URL FILE|-
  newsnorm extract  [--config FILE] --warc [--all] [--out PATH|-] WARCFILE...
  newsnorm validate [--config FILE]

crawl and backfill also take --warc PATH, --summary-json FILE,
--metrics-file FILE, --strict, --log-format text|json and -v.

Run "newsnorm COMMAND -h" for a command's flags.
`

// run dispatches a subcommand. Tests call it directly.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: no command", errUsage)
	}
	env := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	switch args[0] {
	case "crawl":
		return runCrawl(ctx, env, args[1:])
	case "backfill":
		return runBackfill(ctx, env, args[1:])
	case "extract":
		return runExtract(ctx, env, args[1:])
	case "validate":
		return runValidate(ctx, env, args[1:])
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("%w: unknown command %q", errUsage, args[0])
}

// env is what a command reads and writes besides files.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

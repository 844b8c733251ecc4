// Command newsnorm crawls news sites and writes one clean JSON record per
// article. See the README for the commands, the config and the exit codes.
//
// Each subcommand is an options struct with AddFlags and a plain runX
// (crawl.go, backfill.go, extract.go, validate.go, state.go); root.go holds the
// shared prelude (config, logger, profiles) and the command tree;
// report.go renders a run's summary. The engine is package pipeline.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/internal/memtune"
	"github.com/newsnorm/newsnorm/pipeline"
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
	errUsage       = pipeline.ErrUsage
	errConfig      = errors.New("config error")
	errPartial     = errors.New("some pages failed")
	errDrift       = errors.New("template drift")
	errInterrupted = errors.New("interrupted")
	// errRunTime stops a run at max_run_time (the cause of its context).
	errRunTime = errors.New("max_run_time reached")
)

func main() {
	memtune.SetGC()
	ctx, stop := stopOnSignals(os.Stderr)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// stopOnSignals returns a context that the first SIGINT or SIGTERM
// cancels: the run stops, finishing what is in flight within stop_grace.
// A second signal exits at once with exitInterrupted, as people expect of
// a second Ctrl-C: what was not yet durable is cut back and fetched again
// by the next run, as after a crash.
func stopOnSignals(stderr io.Writer) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-sigs:
			fmt.Fprintf(stderr, "newsnorm: %v: stopping (finishing what is in flight; a second signal exits at once)\n", sig)
			cancel()
		case <-done:
			return
		}
		select {
		case sig := <-sigs:
			fmt.Fprintf(stderr, "newsnorm: second %v: exiting now; the next run fetches again what was not yet written\n", sig)
			os.Exit(exitInterrupted)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(done)
		cancel()
	}
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
	case errors.Is(err, errPartial), errors.Is(err, errDrift):
		return exitPartial
	}
	return exitFailed
}

// run runs the command line args. Tests call it directly.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	g := &globalOptions{stdin: stdin, stdout: stdout, stderr: stderr}
	root := newRootCommand(g)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	return root.ExecuteContext(ctx)
}

// howEnded is the word for the final status line.
func howEnded(err error) string {
	switch exitCodeOf(err) {
	case exitOK:
		return "done"
	case exitPartial:
		return "done, with failures"
	case exitInterrupted:
		return "interrupted"
	}
	first, _, _ := strings.Cut(err.Error(), "\n")
	return "stopped: " + first
}

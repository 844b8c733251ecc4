package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/newsnorm/newsnorm/pipeline"
	"github.com/newsnorm/newsnorm/state"
)

// stateOptions are the flags every `state` subcommand takes.
type stateOptions struct {
	state, out, worker string
}

func (o *stateOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.state, "state", "", "state file or redis://host:port/db (default: the config's state)")
	fs.StringVar(&o.out, "out", "", "output path template the state belongs with (default: the config's output)")
	fs.StringVar(&o.worker, "worker", "", "with a redis state: the worker whose output files are meant (default hostname-pid)")
}

// with runs f on the state named by the flags and the config (created
// if need be with create), and closes it.
func (o *stateOptions) with(ctx context.Context, g *globalOptions, create bool, f func(*pipeline.State) error) error {
	cfg, log, err := g.prelude()
	if err != nil {
		return err
	}
	s, err := pipeline.OpenState(ctx, pipeline.StateOptions{Config: cfg, State: o.state, Output: o.out, Worker: o.worker, Create: create, Log: log})
	if err != nil {
		return err
	}
	defer s.Close()
	return f(s)
}

// stateCommand is one `state` subcommand: its options struct is o, whose
// flags are added, and run its body.
func stateCommand(o interface{ AddFlags(*pflag.FlagSet) }, use, short, long string, args cobra.PositionalArgs, run func(*cobra.Command, []string) error) *cobra.Command {
	cmd := &cobra.Command{Use: use, Short: short, Long: long, Args: args, RunE: run}
	o.AddFlags(cmd.Flags())
	return cmd
}

func newStateCommand(g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "state",
		Short: "look at the state, and repair or rebuild it against the output files",
		Long: `state looks at what the state (the done-set and the recorded length of each
output file) holds, edits it, and brings it back in line with the output
files after they were damaged or the state was lost.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(g.stderr)
			_ = cmd.Usage()
			return fmt.Errorf("%w: state needs a subcommand", errUsage)
		},
	}
	var stats, check stateOptions
	var ls lsOptions
	var forget forgetOptions
	var repair repairOptions
	var rebuild rebuildOptions
	var export, imp stateOptions
	cmd.AddCommand(
		stateCommand(&stats, "stats", "per site: articles done, when the last was written, output files and their lengths", "", noArgs,
			func(cmd *cobra.Command, _ []string) error { return runStateStats(cmd.Context(), g, stats) }),
		stateCommand(&ls, "ls [--site S] [--since T]", "list done articles as JSON Lines (site, id, url, output file, written at)", "", noArgs,
			func(cmd *cobra.Command, _ []string) error { return runStateLs(cmd.Context(), g, ls) }),
		stateCommand(&forget, "forget --site S (--id ID... | --all)", "forget done articles, so that the next run fetches them again",
			`forget makes articles not done, so that the next run fetches and writes
them again (after a profile fix, say). Their old records stay in the output
files; the next run writes new ones after them.`, noArgs,
			func(cmd *cobra.Command, _ []string) error { return runStateForget(cmd.Context(), g, forget) }),
		stateCommand(&check, "check", "check the state against the output files; exit 1 on damage",
			`check compares the state with the output files as a run does when it
starts (missing files, files shorter than recorded, files of records the
state does not know) and reads every file for the records marked done in
it. It changes nothing; it exits 1 when a run would refuse to start or
records are missing.`, noArgs,
			func(cmd *cobra.Command, _ []string) error { return runStateCheck(cmd.Context(), g, check) }),
		stateCommand(&repair, "repair [--moved]", "bring the state in line with damaged output files; the next run fetches what is gone",
			`repair forgets the articles whose records are no longer in their output file
(deleted, truncated), so that the next run fetches them again; cuts each file
back to its last whole line (a torn tail, records never marked done); and
records the new lengths. With --moved, missing files were moved away on
purpose: their articles stay done and the files are no longer checked.`, noArgs,
			func(cmd *cobra.Command, _ []string) error { return runStateRepair(cmd.Context(), g, repair) }),
		stateCommand(&rebuild, "rebuild --from FILE...", "rebuild the done-set from output files, after the state was lost",
			`rebuild marks done every record in the output files given (JSON Lines,
gzip too; glob patterns allowed), with its site, id, url, content hash and
file, cuts a torn tail off each, and records each file's length, so that
the next run writes none of them again. It creates the state if needed.`, cobra.ArbitraryArgs,
			func(cmd *cobra.Command, args []string) error { return runStateRebuild(cmd.Context(), g, rebuild, args) }),
		stateCommand(&export, "export", "write the done-set to stdout as JSON Lines, for import", "", noArgs,
			func(cmd *cobra.Command, _ []string) error { return runStateExport(cmd.Context(), g, export) }),
		stateCommand(&imp, "import FILE|-", "mark done the articles of an export (into the embedded store or Redis)",
			`import marks done every article of a file written by export (- reads
stdin): to move the done-set between the embedded store and Redis. Output
lengths are not moved: each file's length is recorded by the first run that
appends to it.`, cobra.ExactArgs(1),
			func(cmd *cobra.Command, args []string) error { return runStateImport(cmd.Context(), g, imp, args[0]) }),
	)
	return cmd
}

func runStateStats(ctx context.Context, g *globalOptions, o stateOptions) error {
	return o.with(ctx, g, false, func(s *pipeline.State) error {
		stats, err := s.Stats(ctx)
		if err != nil {
			return err
		}
		return pipeline.WriteStats(g.stdout, stats)
	})
}

// lsOptions are the flags of state ls.
type lsOptions struct {
	stateOptions
	site, since string
}

func (o *lsOptions) AddFlags(fs *pflag.FlagSet) {
	o.stateOptions.AddFlags(fs)
	fs.StringVar(&o.site, "site", "", "only this site's articles")
	fs.StringVar(&o.since, "since", "", "only articles written since this time: RFC 3339, a date (2016-12-28) or a duration back from now (24h)")
}

func runStateLs(ctx context.Context, g *globalOptions, o lsOptions) error {
	since, err := pipeline.ParseSince(o.since, time.Now())
	if err != nil {
		return fmt.Errorf("%w: --since: %w", errUsage, err)
	}
	return o.with(ctx, g, false, func(s *pipeline.State) error {
		_, err := state.Export(ctx, s.Store, g.stdout, func(d state.Done) bool {
			return (o.site == "" || d.Site == o.site) && !d.At.Before(since)
		})
		return err
	})
}

// forgetOptions are the flags of state forget.
type forgetOptions struct {
	stateOptions
	site string
	ids  []string
	all  bool
}

func (o *forgetOptions) AddFlags(fs *pflag.FlagSet) {
	o.stateOptions.AddFlags(fs)
	fs.StringVar(&o.site, "site", "", "the site of the articles (required)")
	fs.StringArrayVar(&o.ids, "id", nil, "an article ID to forget (repeatable)")
	fs.BoolVar(&o.all, "all", false, "forget every article of the site")
}

func runStateForget(ctx context.Context, g *globalOptions, o forgetOptions) error {
	if o.site == "" || (len(o.ids) == 0) == !o.all {
		return fmt.Errorf("%w: state forget takes --site and either --id ID... or --all", errUsage)
	}
	return o.with(ctx, g, false, func(s *pipeline.State) error {
		n, err := s.Forget(ctx, o.site, o.ids, o.all)
		if err == nil {
			fmt.Fprintf(g.stdout, "forgot %d articles of %s in state %s; the next run fetches them again\n", n, o.site, s.Name())
		}
		return err
	})
}

func runStateCheck(ctx context.Context, g *globalOptions, o stateOptions) error {
	return o.with(ctx, g, false, func(s *pipeline.State) error { return s.CheckTo(ctx, g.stdout) })
}

// repairOptions are the flags of state repair.
type repairOptions struct {
	stateOptions
	moved bool
}

func (o *repairOptions) AddFlags(fs *pflag.FlagSet) {
	o.stateOptions.AddFlags(fs)
	fs.BoolVar(&o.moved, "moved", false, "missing output files were moved away on purpose: keep their articles done")
}

func runStateRepair(ctx context.Context, g *globalOptions, o repairOptions) error {
	return o.with(ctx, g, false, func(s *pipeline.State) error { return s.RepairTo(ctx, g.stdout, o.moved) })
}

// rebuildOptions are the flags of state rebuild.
type rebuildOptions struct {
	stateOptions
	from []string
}

func (o *rebuildOptions) AddFlags(fs *pflag.FlagSet) {
	o.stateOptions.AddFlags(fs)
	fs.StringArrayVar(&o.from, "from", nil, "an output file (or glob pattern) to rebuild from (repeatable; more files may follow as arguments)")
}

func runStateRebuild(ctx context.Context, g *globalOptions, o rebuildOptions, args []string) error {
	if len(o.from) == 0 {
		return fmt.Errorf("%w: state rebuild needs --from FILE", errUsage)
	}
	return o.with(ctx, g, true, func(s *pipeline.State) error {
		did, err := s.Rebuild(ctx, append(o.from, args...))
		for _, l := range did {
			fmt.Fprintln(g.stdout, l)
		}
		return err
	})
}

func runStateExport(ctx context.Context, g *globalOptions, o stateOptions) error {
	return o.with(ctx, g, false, func(s *pipeline.State) error {
		_, err := state.Export(ctx, s.Store, g.stdout, nil)
		return err
	})
}

func runStateImport(ctx context.Context, g *globalOptions, o stateOptions, file string) error {
	in, name := g.stdin, "stdin"
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("%w: %w", errUsage, err)
		}
		defer f.Close()
		in, name = f, file
	}
	return o.with(ctx, g, true, func(s *pipeline.State) error {
		n, err := state.Import(ctx, s.Store, in, name)
		if err == nil {
			fmt.Fprintf(g.stdout, "marked %d articles done in state %s\n", n, s.Name())
		}
		return err
	})
}

package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/internal/buildinfo"
	"github.com/newsnorm/newsnorm/internal/profiling"
	"github.com/newsnorm/newsnorm/internal/termstatus"
	"github.com/newsnorm/newsnorm/pipeline"
)

// globalOptions are the flags every command takes, and what a command
// reads and writes besides files.
type globalOptions struct {
	configPath string
	logFormat  string
	verbose    bool

	stdin          io.Reader
	stdout, stderr io.Writer
	// status is the progress line on a terminal stderr (nil otherwise);
	// logs go above it.
	status *termstatus.Line
}

func (g *globalOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&g.configPath, "config", "", "config file (default ./config.yaml; built-in defaults when it does not exist)")
	fs.StringVar(&g.logFormat, "log-format", "", "log format: text or json (default: text on a terminal, json otherwise)")
	fs.BoolVarP(&g.verbose, "verbose", "v", false, "verbose (debug) logging")
}

// loadConfig reads the config: the named file (--config, else
// NEWSNORM_CONFIG), or ./config.yaml if it exists, or the built-in
// defaults.
func (g *globalOptions) loadConfig() (*config.Config, error) {
	path, optional := g.configPath, false
	if path == "" {
		path = os.Getenv("NEWSNORM_CONFIG")
	}
	if path == "" {
		path, optional = "config.yaml", true
	}
	cfg, err := config.Load(path, optional)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errConfig, err)
	}
	return cfg, nil
}

// logger is the run's logger, on stderr.
func (g *globalOptions) logger() (*slog.Logger, error) {
	level := slog.LevelInfo
	if g.verbose {
		level = slog.LevelDebug
	}
	opts := &slog.HandlerOptions{Level: level}
	format := g.logFormat
	if format == "" {
		format = "json"
		if isTerminal(g.stderr) {
			format = "text"
		}
	}
	w := g.stderr
	if isTerminal(g.stderr) {
		g.status = termstatus.New(g.stderr)
		w = g.status
	}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("%w: --log-format %q: want text or json", errUsage, g.logFormat)
}

// prelude is what every command that runs does first: the config and the
// logger.
func (g *globalOptions) prelude() (*config.Config, *slog.Logger, error) {
	log, err := g.logger()
	if err != nil {
		return nil, nil, err
	}
	cfg, err := g.loadConfig()
	if err != nil {
		return nil, nil, err
	}
	return cfg, log, nil
}

// warcPrelude is the prelude of the commands that read WARC files: the
// files (arguments, or names on stdin for -), checked before anything is
// read, then the config and logger, and the records selected (--site,
// --all) checked against the config.
func (g *globalOptions) warcPrelude(args, sites []string, all bool) (*pipeline.WARCFiles, pipeline.WARCSelect, *config.Config, *slog.Logger, error) {
	sel := pipeline.WARCSelect{Sites: sites, All: all}
	files, err := pipeline.NewWARCFiles(args, g.stdin)
	if err != nil {
		return nil, sel, nil, nil, err
	}
	cfg, log, err := g.prelude()
	if err == nil {
		err = sel.Check(cfg)
	}
	return files, sel, cfg, log, err
}

// stateOverride is the state a command line sets: flag, else
// NEWSNORM_STATE ("" = the config's).
func stateOverride(flag string) string {
	if flag != "" {
		return flag
	}
	return os.Getenv("NEWSNORM_STATE")
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// profileOptions are --cpuprofile and --memprofile (internal/profiling).
type profileOptions struct {
	cpu, mem string
}

func (p *profileOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile of the whole run to this file (go tool pprof)")
	fs.StringVar(&p.mem, "memprofile", "", "write a heap profile to this file when the run ends (go tool pprof)")
}

func (p *profileOptions) start(stderr io.Writer) (stop func(), err error) {
	stop, err = profiling.Start(p.cpu, p.mem, stderr)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errUsage, err)
	}
	return stop, nil
}

// commit is set by a build that has no VCS information of its own (the
// Dockerfile: -ldflags "-X main.commit=...").
var commit string

// version is the module version, the commit and the Go version.
func version() string { return buildinfo.String(commit) }

// newRootCommand is the command tree.
func newRootCommand(g *globalOptions) *cobra.Command {
	root := &cobra.Command{
		Use:   "newsnorm",
		Short: "crawl news sites into clean JSON Lines records",
		Long: `newsnorm crawls news sites and turns every article page into one clean JSON
record (ID, publish time, headline, body, ...), written as JSON Lines.`,
		Version:       version(),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return fmt.Errorf("%w: unknown command %q (see newsnorm --help)", errUsage, args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(g.stderr)
			_ = cmd.Usage()
			return fmt.Errorf("%w: no command", errUsage)
		},
	}
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return fmt.Errorf("%w: %w (see %s --help)", errUsage, err, c.CommandPath())
	})
	g.AddFlags(root.PersistentFlags())
	root.AddCommand(
		newCrawlCommand(g),
		newBackfillCommand(g),
		newExtractCommand(g),
		newValidateCommand(g),
		newStateCommand(g),
		newProfileCommand(g),
		newManCommand(),
		&cobra.Command{
			Use:   "version",
			Short: "print the version, commit and Go version",
			Args:  noArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				_, err := fmt.Fprintln(cmd.OutOrStdout(), version())
				return err
			},
		},
	)
	return root
}

// newManCommand writes man pages generated from the command definitions,
// the same ones --help prints.
func newManCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "man DIR",
		Short: "write the man pages (newsnorm.1, newsnorm-crawl.1, ...) to DIR",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return fmt.Errorf("%w: man takes one directory", errUsage)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := os.MkdirAll(args[0], 0o755); err != nil {
				return err
			}
			header := &doc.GenManHeader{Title: "NEWSNORM", Section: "1", Source: "newsnorm", Manual: "newsnorm manual"}
			return doc.GenManTree(cmd.Root(), header, args[0])
		},
	}
}

// noArgs refuses positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("%w: %s takes no arguments, got %q", errUsage, cmd.Name(), args)
	}
	return nil
}

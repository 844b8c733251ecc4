package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/pipeline"
	"github.com/newsnorm/newsnorm/state"
)

// backfillOptions are backfill's flags.
type backfillOptions struct {
	runOptions
	noProgress bool
	retry      bool
	feedOnly   bool
}

func (o *backfillOptions) AddFlags(fs *pflag.FlagSet) {
	o.runOptions.AddFlags(fs)
	fs.BoolVar(&o.feedOnly, "feed-only", false, "with a redis state: feed the URL list to the run's shared frontier and exit, fetching nothing")
	fs.BoolVar(&o.noProgress, "no-progress", false, "no progress bar even on a terminal")
	fs.BoolVar(&o.retry, "retry-failed", false, "fetch only the URLs of the failures file that are not done yet (no URL list)")
}

const backfillArgs = "backfill takes one URL list (a file, or - for stdin), or --retry-failed alone"

func newBackfillCommand(g *globalOptions) *cobra.Command {
	var o backfillOptions
	cmd := &cobra.Command{
		Use:   "backfill [flags] URLFILE|-",
		Short: "fetch and extract every URL of a list; run it again to resume",
		Long: `backfill fetches every URL of a list (one per line; blank lines and # comments
ignored; - reads stdin), as a stream. URLs already done are skipped, so the
same command run again resumes; URLs that fail go to the failures file, and
--retry-failed fetches those again.`,
		RunE: func(cmd *cobra.Command, args []string) error { return runBackfill(cmd.Context(), g, o, args) },
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

// runBackfill fetches and extracts every URL of a list, skipping those
// already done, so that running it again resumes.
func runBackfill(ctx context.Context, g *globalOptions, o backfillOptions, args []string) error {
	stopProfile, err := o.profile.start(g.stderr)
	if err != nil {
		return err
	}
	defer stopProfile()
	if o.retry && len(args) != 0 || !o.retry && len(args) > 1 {
		return fmt.Errorf("%w: %s", errUsage, backfillArgs)
	}
	cfg, log, err := g.prelude()
	if err != nil {
		return err
	}
	// With a redis state, a worker without a list fetches what others feed.
	shared := state.IsRedisURL(o.statePath(cfg))
	switch {
	case !o.retry && len(args) == 0 && !shared:
		return fmt.Errorf("%w: %s", errUsage, backfillArgs)
	case o.feedOnly && (!shared || len(args) != 1):
		return fmt.Errorf("%w: --feed-only takes a URL list and a redis state", errUsage)
	}
	drainOnly := !o.retry && len(args) == 0
	showBar := isTerminal(g.stderr) && !o.noProgress
	var list io.Reader = g.stdin
	total := int64(-1)
	listName := "stdin"
	switch {
	case o.retry:
		urls, err := pipeline.FailedURLs(cfg.Failures)
		if err != nil {
			return err
		}
		listName = cfg.Failures
		list = strings.NewReader(strings.Join(urls, "\n"))
		total = int64(len(urls))
	case drainOnly:
		listName = "(fed by another worker)"
	case args[0] != "-":
		listName = args[0]
		f, err := os.Open(listName)
		if err != nil {
			return fmt.Errorf("%w: url list: %w", errUsage, err)
		}
		defer f.Close()
		list = f
		if showBar {
			total = pipeline.CountLines(listName)
		}
	}
	r, err := o.startRun(ctx, g, "backfill", cfg, log)
	if err != nil {
		return err
	}
	urls := pipeline.NewURLList(list, listName, log)
	if showBar {
		bar := progressbar.NewOptions64(total, progressbar.OptionSetWriter(g.stderr), progressbar.OptionShowCount(),
			progressbar.OptionShowIts(), progressbar.OptionSetItsString("urls"), progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionSetDescription("backfill"))
		defer bar.Finish()
		urls.OnLine = func() { _ = bar.Add(1) }
	}
	sites := pipeline.BackfillSites(cfg)
	next := func() (string, *crawler.Site, bool) {
		u, ok := urls.Next()
		return u, sites(u), ok
	}
	if drainOnly {
		next = nil
	}
	generic := crawler.Site{Delay: cfg.Delay.Std(), Parallelism: cfg.Parallelism, ObeyRobots: true}
	opts := pipeline.CrawlerOptions(cfg, log)
	opts.Shared = r.p.BackfillShared(sites, o.feedOnly)
	log.Info("backfill started", "list", listName, "config", cfg.File())
	err = crawler.Fetch(r.ctx, next, generic, opts, r.p.Hooks(), r.p.Stats())
	if urls.Invalid() > 0 {
		log.Warn("url list had invalid lines", "file", listName, "count", urls.Invalid())
		r.p.AddInvalid(urls.Invalid())
	}
	return r.finish(ctx, o.report, err)
}

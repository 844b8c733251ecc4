package main

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/internal/termstatus"
	"github.com/newsnorm/newsnorm/pipeline"
	"github.com/newsnorm/newsnorm/state"
)

// backfillOptions are backfill's flags.
type backfillOptions struct {
	runOptions
	noProgress bool
	retry      bool
	feedOnly   bool
	fromWarc   bool
	all        bool
	sites      []string
	progress   string
}

func (o *backfillOptions) AddFlags(fs *pflag.FlagSet) {
	o.runOptions.AddFlags(fs)
	fs.BoolVar(&o.feedOnly, "feed-only", false, "with a redis state: feed the URL list to the run's shared frontier and exit, fetching nothing")
	fs.BoolVar(&o.noProgress, "no-progress", false, "no progress bar even on a terminal")
	fs.BoolVar(&o.retry, "retry-failed", false, "fetch only the URLs of the failures file that are not done yet (no URL list)")
	fs.BoolVar(&o.fromWarc, "from-warc", false, "the arguments are WARC files (or - for a list of them on stdin): extract their articles, no network")
	fs.BoolVar(&o.all, "all", false, "with --from-warc: every HTML response, not only the article URLs of configured sites")
	fs.StringArrayVar(&o.sites, "site", nil, "with --from-warc: only the article URLs of this configured site (repeatable)")
	fs.StringVar(&o.progress, "warc-progress", "", "with --from-warc: how far each file was read, to resume (default: the state file's name + .warc-progress.json; none with a redis state)")
}

const backfillArgs = "backfill takes one URL list (a file, or - for stdin), or --retry-failed alone"

func newBackfillCommand(g *globalOptions) *cobra.Command {
	var o backfillOptions
	cmd := &cobra.Command{
		Use:   "backfill [flags] URLFILE|-\n  newsnorm backfill [flags] --from-warc [--all|--site NAME] WARCFILE...|-",
		Short: "fetch and extract every URL of a list; run it again to resume",
		Long: `backfill fetches every URL of a list (one per line; blank lines and # comments
ignored; - reads stdin), as a stream. URLs already done are skipped, so the
same command run again resumes; URLs that fail go to the failures file, and
--retry-failed fetches those again. With --from-warc it reads WARC files
instead (any tool's; - reads their names from stdin) and extracts their
article responses, with the same output, state and exactly-once; run again,
it passes over finished files and resumes the others where it stopped.`,
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
	if o.fromWarc {
		return runBackfillWARC(ctx, g, o, args)
	}
	if o.all || len(o.sites) > 0 || o.progress != "" {
		return fmt.Errorf("%w: --all, --site and --warc-progress go with --from-warc", errUsage)
	}
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
	path := ""
	if len(args) == 1 {
		path = args[0]
	}
	list, err := pipeline.OpenBackfillList(cfg, path, g.stdin, o.retry, drainOnly, showBar, log)
	if err != nil {
		return err
	}
	defer list.Close()
	listName, total := list.Name, list.Total
	r, err := o.startRun(ctx, g, "backfill", cfg, log)
	if err != nil {
		return err
	}
	urls := pipeline.NewURLList(list.R, listName, log)
	var bar *termstatus.Progress
	if showBar && g.status != nil {
		var read atomic.Int64
		urls.OnLine = func() { read.Add(1) }
		st, c := r.p.Stats(), r.p.Counts()
		bar = termstatus.Start(g.status, func(el time.Duration) string {
			n := read.Load()
			where := fmt.Sprintf("line %d", n)
			if total > 0 {
				where = fmt.Sprintf("line %d of %d (%d%%)", n, total, n*100/max(total, 1))
			}
			return fmt.Sprintf("backfill %s: %s · %d fetched · %d written · %d failed · %s lines/s%s",
				listName, where, st.Articles.Load(), c.Written(), c.Failed(), termstatus.Rate(n, el), termstatus.ETA(n, total, el))
		})
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
	err = r.finish(ctx, o.report, err)
	bar.Stop(howEnded(err))
	return err
}

// runBackfillWARC extracts the articles of WARC files with state and
// resume (pipeline.BackfillWARC).
func runBackfillWARC(ctx context.Context, g *globalOptions, o backfillOptions, args []string) error {
	if o.retry || o.feedOnly || o.warc != "" {
		return fmt.Errorf("%w: --from-warc takes no --retry-failed, --feed-only or --warc", errUsage)
	}
	files, sel, cfg, log, err := g.warcPrelude(args, o.sites, o.all)
	if err != nil {
		return err
	}
	r, err := o.startRun(ctx, g, "backfill", cfg, log)
	if err != nil {
		return err
	}
	return r.finish(ctx, o.report, r.p.BackfillWARC(r.ctx, files, sel, o.progress))
}

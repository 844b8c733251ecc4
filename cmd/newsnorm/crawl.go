package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/internal/memtune"
	"github.com/newsnorm/newsnorm/internal/termstatus"
	"github.com/newsnorm/newsnorm/pipeline"
)

// runOptions are the flags of the commands that run the pipeline: crawl
// and backfill.
type runOptions struct {
	out, state, warc string
	worker, runID    string
	report           reportOptions
	profile          profileOptions
}

func (o *runOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.out, "out", "", `output path template, or "-" for stdout (default: the config's output)`)
	fs.StringVar(&o.state, "state", "", "state file or redis://host:port/db (default: the config's state)")
	fs.StringVar(&o.warc, "warc", "", "also archive every response as WARC to this path template (default: the config's warc)")
	fs.StringVar(&o.worker, "worker", "", "this worker's name, for {worker} in output paths and, with a redis state, its claims (default hostname-pid; unique among live workers)")
	fs.StringVar(&o.runID, "run-id", "", "with a redis state: the run this worker joins; every worker of one run passes the same ID (e.g. the scheduled time)")
	o.report.AddFlags(fs)
	o.profile.AddFlags(fs)
}

// statePath is the state in effect: --state, else NEWSNORM_STATE, else
// the config's.
func (o *runOptions) statePath(cfg *config.Config) string {
	if s := stateOverride(o.state); s != "" {
		return s
	}
	return cfg.State
}

// aRun is one run of the pipeline, from its prelude to its report.
type aRun struct {
	command string
	cfg     *config.Config
	log     *slog.Logger
	start   time.Time
	ctx     context.Context // the run's: cancelled by a fatal error and max_run_time too
	cancel  context.CancelCauseFunc
	timer   *time.Timer // max_run_time, or nil
	p       *pipeline.Pipeline
}

// startRun is the prelude of crawl and backfill: config, logger, --warc,
// and the pipeline opened on the state (which recovers what a dead run
// left).
func (o *runOptions) startRun(ctx context.Context, g *globalOptions, command string, cfg *config.Config, log *slog.Logger) (*aRun, error) {
	if err := o.report.check(); err != nil {
		return nil, err
	}
	if err := pipeline.Prepare(cfg, o.statePath(cfg), o.warc, log); err != nil {
		return nil, err
	}
	r := &aRun{command: command, cfg: cfg, log: log, start: time.Now()}
	r.ctx, r.cancel = context.WithCancelCause(ctx)
	p, err := pipeline.Open(r.ctx, pipeline.Options{Config: cfg, Output: o.out, Worker: o.worker, RunID: o.runID,
		Stdout: g.stdout, Log: log, Stop: r.cancel})
	if err != nil {
		r.cancel(nil)
		return nil, err
	}
	r.p = p
	if d := cfg.MaxRunTime.Std(); d > 0 {
		r.timer = time.AfterFunc(d, func() {
			log.Warn("max_run_time reached: stopping the run; the next run carries on", "max_run_time", d)
			r.cancel(errRunTime)
		})
	}
	return r, nil
}

// crawlOptions are crawl's flags.
type crawlOptions struct {
	runOptions
	sites      []string
	noProgress bool
	dryRun     bool
	limit      int
}

func (o *crawlOptions) AddFlags(fs *pflag.FlagSet) {
	o.runOptions.AddFlags(fs)
	fs.BoolVar(&o.noProgress, "no-progress", false, "no progress line even on a terminal")
	fs.StringArrayVar(&o.sites, "site", nil, "crawl only this site (repeatable)")
	fs.BoolVar(&o.dryRun, "dry-run", false, "discover only: print the article URLs a crawl would find as JSON Lines (site, id, url, status, fetch, from); fetch no article, write nothing")
	fs.IntVar(&o.limit, "limit", 0, "fetch at most N articles not done per site (a trial run; the rest are left to the next run); 0 is no limit")
}

func newCrawlCommand(g *globalOptions) *cobra.Command {
	var o crawlOptions
	cmd := &cobra.Command{
		Use:   "crawl [flags]",
		Short: "crawl the configured sites and write every article not written before",
		Long: `crawl fetches each site's start pages, the listing pages its follow patterns
reach within max_depth hops, its feeds and sitemaps; every link matching the
site's article pattern is an article. An article already written is not
fetched again.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runCrawl(cmd.Context(), g, o) },
	}
	o.AddFlags(cmd.Flags())
	return cmd
}

// runCrawl crawls the configured sites and writes one record per article
// not written before.
func runCrawl(ctx context.Context, g *globalOptions, o crawlOptions) error {
	stopProfile, err := o.profile.start(g.stderr)
	if err != nil {
		return err
	}
	defer stopProfile()
	cfg, log, err := g.prelude()
	if err != nil {
		return err
	}
	chosen, err := pipeline.ChooseSites(cfg, o.sites)
	if err != nil {
		return err
	}
	if o.limit < 0 {
		return fmt.Errorf("%w: --limit %d: want 0 (no limit) or more", errUsage, o.limit)
	}
	for _, s := range chosen {
		s.MaxArticles = o.limit
	}
	if o.dryRun {
		return o.runDryRun(ctx, cfg, log, chosen, g.stdout)
	}
	r, err := o.startRun(ctx, g, "crawl", cfg, log)
	if err != nil {
		return err
	}
	memtune.CapHeapGrowth()
	log.Info("crawl started", "sites", len(chosen), "config", cfg.File())
	var bar *termstatus.Progress
	if g.status != nil && !o.noProgress {
		st, c := r.p.Stats(), r.p.Counts()
		bar = termstatus.Start(g.status, func(el time.Duration) string {
			return fmt.Sprintf("crawl: %d sites · %d pages fetched · %d articles fetched · %d written · %d failed · %s pages/s",
				len(chosen), st.Pages.Load(), st.Articles.Load(), c.Written(), c.Failed(), termstatus.Rate(st.Pages.Load(), el))
		})
	}
	opts := pipeline.CrawlerOptions(cfg, log)
	opts.Shared = r.p.CrawlShared()
	err = crawler.Crawl(r.ctx, chosen, opts, r.p.Hooks(), r.p.Stats())
	err = r.finish(ctx, o.report, err)
	bar.Stop(howEnded(err))
	return err
}

// runDryRun lists the articles a crawl would find (pipeline.DryRun) as
// JSON Lines on stdout, and logs the counts per site.
func (o *crawlOptions) runDryRun(ctx context.Context, cfg *config.Config, log *slog.Logger, sites []*crawler.Site, stdout io.Writer) error {
	planned, err := pipeline.DryRun(ctx, cfg, o.statePath(cfg), sites, log)
	if err != nil && ctx.Err() == nil {
		return err
	}
	for _, c := range pipeline.CountPlanned(planned) {
		log.Info("dry run", "site", c.Site, "articles", c.Found, "would_fetch", c.Fetch, "by_status", c.ByStatus)
	}
	if err := pipeline.WritePlanned(stdout, planned); err != nil {
		return err
	}
	if ctx.Err() != nil {
		return errInterrupted
	}
	return nil
}

package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/newsnorm/newsnorm/crawler"
)

// runCrawl crawls the configured sites and writes one record per article
// not written before.
func runCrawl(ctx context.Context, e *env, args []string) error {
	var (
		c         common
		rf        reportFlags
		sites     listFlag
		out       string
		statePath string
		warcPath  string
		fl        fleetFlags
	)
	fs := flag.NewFlagSet("crawl", flag.ContinueOnError)
	c.register(fs)
	var pf profileFlags
	pf.register(fs)
	rf.register(fs)
	fl.register(fs)
	fs.Var(&sites, "site", "crawl only this site (repeatable)")
	fs.StringVar(&out, "out", "", `output path template, or "-" for stdout (default: the config's output)`)
	fs.StringVar(&statePath, "state", "", "state file or redis://host:port/db (default: the config's state)")
	fs.StringVar(&warcPath, "warc", "", "also archive every response as WARC to this path template (default: the config's warc)")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	stopProfile, err := pf.start(e)
	if err != nil {
		return err
	}
	defer stopProfile()
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: crawl takes no arguments, got %q", errUsage, fs.Args())
	}
	cfg, err := c.load()
	if err != nil {
		return err
	}
	if err := applyWarcFlag(cfg, warcPath); err != nil {
		return err
	}
	var chosen []*crawler.Site
	for _, name := range sites {
		s := cfg.SiteByName(name)
		if s == nil {
			return fmt.Errorf("%w: --site %q is not in %s", errUsage, name, cfg.File())
		}
		chosen = append(chosen, crawlerSite(s))
	}
	if len(sites) == 0 {
		for i := range cfg.Sites {
			chosen = append(chosen, crawlerSite(&cfg.Sites[i]))
		}
	}
	if len(chosen) == 0 {
		return fmt.Errorf("%w: %s configures no sites to crawl", errUsage, cfg.File())
	}
	log := c.logger(e)
	start := time.Now()
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	p, err := openPipeline(runCtx, cfg, out, statePath, fl, e, log, cancel)
	if err != nil {
		return err
	}
	log.Info("crawl started", "sites", len(chosen), "config", cfg.File())
	opts := crawlerOptions(cfg, log)
	opts.Shared = p.fleet.crawl()
	err = crawler.Crawl(runCtx, chosen, opts, p.hooks(), p.stats)
	if ctx.Err() == nil && runCtx.Err() != nil {
		err = nil // stopped by a fatal error, which finish reports
	}
	return p.finish(ctx, "crawl", start, rf, err)
}

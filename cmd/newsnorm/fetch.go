package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/output"
	"github.com/newsnorm/newsnorm/pipeline"
)

// runExtractFetch fetches one live URL as a crawl or backfill would (the
// matching site's robots.txt, politeness and charset, or the generic
// settings) and prints its record. It writes no state and no files.
func runExtractFetch(ctx context.Context, g *globalOptions, o extractOptions) error {
	if err := pipeline.CheckURL(o.fetch); err != nil {
		return fmt.Errorf("%w: --fetch %q: %w", errUsage, o.fetch, err)
	}
	cfg, log, err := g.prelude()
	if err != nil {
		return err
	}
	u := crawler.Canonical(o.fetch)
	t := pipeline.NewResolver(cfg).URL(u, true)
	var site *crawler.Site
	if t.Config != nil {
		site = pipeline.CrawlerSite(t.Config)
		how := "its follow pattern"
		if t.Article {
			how = "its article pattern"
		}
		fmt.Fprintf(g.stderr, "newsnorm: %s: site %s (%s)\n", u, t.Site, how)
	} else {
		fmt.Fprintf(g.stderr, "newsnorm: %s: no configured site matches: generic extraction\n", u)
	}
	page, err := fetchPage(ctx, cfg, log, u, site)
	if err != nil {
		return err
	}
	res := pipeline.Builder{MinBodyChars: cfg.MinBodyChars}.Build(t,
		pipeline.Page{URL: page.URL, FinalURL: page.FinalURL, HTML: page.Body, Status: page.Status, FetchedAt: page.FetchedAt})
	if res.Err != nil {
		return fmt.Errorf("%s: %w", u, res.Err)
	}
	line, err := output.Marshal(res.Record)
	if err != nil {
		return err
	}
	if _, err := g.stdout.Write(line); err != nil {
		return err
	}
	if res.Reject != "" {
		return fmt.Errorf("%w: %s: not a valid article: %s", errPartial, u, res.Reject)
	}
	return nil
}

// fetchPage fetches one URL with the crawler's client, as a backfill of
// that one URL would (site's politeness and robots.txt, or the generic
// settings for nil). A page that cannot be fetched is an errPartial error
// with the reason.
func fetchPage(ctx context.Context, cfg *config.Config, log *slog.Logger, u string, site *crawler.Site) (*crawler.Page, error) {
	var page *crawler.Page
	var failure string
	hooks := crawler.Hooks{
		Done:    func(context.Context, *crawler.Site, string) bool { return false },
		Article: func(_ context.Context, _ *crawler.Site, p *crawler.Page) { page = p },
		Failed: func(_ context.Context, f crawler.Failure) {
			failure = f.Reason
			if f.Err != nil {
				failure += ": " + f.Err.Error()
			}
		},
		Skipped: func(_ context.Context, _ *crawler.Site, _ string, reason string) { failure = "skipped: " + reason },
	}
	sent := false
	next := func() (string, *crawler.Site, bool) {
		if sent {
			return "", nil, false
		}
		sent = true
		return u, site, true
	}
	generic := crawler.Site{Delay: cfg.Delay.Std(), Parallelism: cfg.Parallelism, ObeyRobots: true}
	if err := crawler.Fetch(ctx, next, generic, pipeline.CrawlerOptions(cfg, log), hooks, &crawler.Stats{}); err != nil {
		if ctx.Err() != nil {
			return nil, errInterrupted
		}
		return nil, err
	}
	if page == nil {
		if failure == "" {
			failure = "no page"
		}
		return nil, fmt.Errorf("%w: fetch %s: %s", errPartial, u, failure)
	}
	return page, nil
}

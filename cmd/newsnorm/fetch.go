package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
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
	page, err := fetchOne(ctx, cfg, log, u, site)
	if err != nil {
		return err
	}
	ex := o.explanation()
	res := pipeline.Builder{MinBodyChars: cfg.MinBodyChars}.Build(t,
		pipeline.Page{URL: page.URL, FinalURL: page.FinalURL, HTML: page.Body, Status: page.Status, FetchedAt: page.FetchedAt, Explain: ex})
	return o.printResult(g, u, u, t, res, ex)
}

// fetchOne fetches one URL (pipeline.FetchOne); a page that cannot be
// fetched is a partial failure (exit 3).
func fetchOne(ctx context.Context, cfg *config.Config, log *slog.Logger, u string, site *crawler.Site) (*crawler.Page, error) {
	page, err := pipeline.FetchOne(ctx, cfg, log, u, site)
	var fe *pipeline.FetchError
	switch {
	case errors.As(err, &fe):
		return nil, fmt.Errorf("%w: %w", errPartial, err)
	case err != nil && ctx.Err() != nil:
		return nil, errInterrupted
	}
	return page, err
}

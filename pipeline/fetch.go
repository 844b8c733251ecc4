package pipeline

import (
	"context"
	"log/slog"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
)

// FetchError is a page that could not be fetched, with the reason.
type FetchError struct {
	URL, Reason string
}

func (e *FetchError) Error() string { return "fetch " + e.URL + ": " + e.Reason }

// FetchOne fetches one URL with the crawler's client, as a backfill of
// that one URL would (the site's politeness and robots.txt, or the
// generic settings for nil), and returns the page decoded to UTF-8. A page
// that cannot be fetched is a *FetchError with the reason.
func FetchOne(ctx context.Context, cfg *config.Config, log *slog.Logger, u string, site *crawler.Site) (*crawler.Page, error) {
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
	if err := crawler.Fetch(ctx, next, generic, CrawlerOptions(cfg, log), hooks, &crawler.Stats{}); err != nil {
		return nil, err
	}
	if page == nil {
		if failure == "" {
			failure = "no page"
		}
		return nil, &FetchError{URL: u, Reason: failure}
	}
	return page, nil
}

package pipeline

import (
	"cmp"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/output"
	"github.com/newsnorm/newsnorm/state"
)

// Planned is one article URL of a dry run (crawl --dry-run): a line of its
// JSONL output.
type Planned struct {
	Site string `json:"site"`
	// ID is the article pattern's id group in the URL; "" when only the
	// page gives the ID.
	ID  string `json:"id,omitempty"`
	URL string `json:"url"`
	// Status is what the crawl would do with it: "new" (fetch it),
	// "recheck" (done, but recent enough for the site's recheck: fetch it
	// again), "done" (already written), "given-up" (failed for good in
	// max_attempts runs), or the reason it would skip it ("robots",
	// "article-limit" past --limit, "max-pages", "robots-unreachable").
	Status string `json:"status"`
	// Fetch says whether the crawl would request the page.
	Fetch bool `json:"fetch"`
	// From is the listing page, feed or sitemap that linked it ("" for a
	// start URL).
	From string `json:"from,omitempty"`
}

// DryRun discovers the articles of sites as a crawl of them would (start
// pages, follow rules, feeds, sitemaps; the state, robots.txt and the
// sites' MaxArticles and MaxPages), fetching no article page, and returns
// every article URL found, sorted by site and URL. statePath is the state
// (file or Redis URL); a state file that does not exist yet means nothing
// is done. It writes nothing: no state, no output, no validators.
func DryRun(ctx context.Context, cfg *config.Config, statePath string, sites []*crawler.Site, log *slog.Logger) ([]Planned, error) {
	store, err := openReadState(ctx, statePath, log)
	if err != nil {
		return nil, err
	}
	if store != nil {
		defer store.Close()
	}
	failures, err := openFailures(cfg.Failures, RunVars(time.Now(), WorkerName(""), ""), io.Discard, cfg.MaxAttempts)
	if err != nil {
		return nil, err
	}
	recheck := map[string]time.Duration{}
	for i := range cfg.Sites {
		recheck[cfg.Sites[i].Name] = cfg.Sites[i].Recheck.Std()
	}
	var mu sync.Mutex
	fates := map[string]Planned{} // site NUL url -> what the state said
	var out []Planned
	hooks := crawler.Hooks{
		Done: func(ctx context.Context, site *crawler.Site, u string) bool {
			id, fate := doneFate(ctx, store, failures.given, recheck[site.Name], site, u)
			mu.Lock()
			fates[site.Name+"\x00"+u] = Planned{ID: id, Status: fate}
			mu.Unlock()
			return fate == crawler.FateDone || fate == fateGivenUp
		},
		Listed: func(_ context.Context, site *crawler.Site, l crawler.Listing) {
			mu.Lock()
			defer mu.Unlock()
			p := fates[site.Name+"\x00"+l.URL]
			p.Site, p.URL, p.From = site.Name, l.URL, l.From
			switch l.Fate {
			case crawler.FateFetch:
				p.Fetch = true
			case crawler.FateDone: // p.Status says done or given-up
			default:
				p.Status = l.Fate
			}
			out = append(out, p)
		},
	}
	opts := CrawlerOptions(cfg, log)
	opts.DryRun = true
	err = crawler.Crawl(ctx, sites, opts, hooks, &crawler.Stats{})
	slices.SortFunc(out, func(a, b Planned) int { return cmp.Or(cmp.Compare(a.Site, b.Site), cmp.Compare(a.URL, b.URL)) })
	return out, err
}

// openReadState opens a state to read for a dry run: nil when the state
// file does not exist yet.
func openReadState(ctx context.Context, path string, log *slog.Logger) (state.Store, error) {
	if state.IsRedisURL(path) {
		password, err := redisPassword()
		if err != nil {
			return nil, err
		}
		return state.OpenRedis(ctx, path, state.RedisOptions{Worker: WorkerName(""), Logger: log, Password: password})
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	return state.OpenBolt(path)
}

// WritePlanned writes a dry run's articles as JSON Lines.
func WritePlanned(w io.Writer, planned []Planned) error {
	for _, p := range planned {
		line, err := output.Marshal(p)
		if err != nil {
			return err
		}
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return nil
}

// PlannedCounts are a dry run's articles of one site by status, and how
// many would be fetched.
type PlannedCounts struct {
	Site     string
	Found    int
	Fetch    int
	ByStatus map[string]int
}

// CountPlanned counts a dry run's articles per site, in site order.
func CountPlanned(planned []Planned) []PlannedCounts {
	var out []PlannedCounts
	for _, p := range planned {
		if len(out) == 0 || out[len(out)-1].Site != p.Site {
			out = append(out, PlannedCounts{Site: p.Site, ByStatus: map[string]int{}})
		}
		c := &out[len(out)-1]
		c.Found++
		c.ByStatus[p.Status]++
		if p.Fetch {
			c.Fetch++
		}
	}
	return out
}

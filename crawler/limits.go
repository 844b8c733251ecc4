package crawler

import (
	"context"
	"fmt"
	"hash/maphash"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
)

// Limits that bound what hostile input can make a crawl do.
//
//   - A URL longer than Options.MaxURLBytes (8 KiB by default) is not
//     queued: it is a failure of its own, "url-too-long", whether a
//     listing page, a feed, a sitemap or a URL list gives it. Its
//     Failure.URL is its first MaxURLBytes bytes (a record of it, not a
//     URL to fetch). No store, log or request sees the whole URL.
//
// Per site and run, in a crawl (a backfill fetches its list, whole), so
// that a session-ID or calendar trap cannot make a crawl endless
// (max_depth alone let 30 links a page at depth 3 fetch 27,937 pages):
//
//   - Site.MaxPages: at most this many pages are requested (listing
//     pages, feeds, sitemaps, articles; not robots.txt, not retries). The
//     rest of the site's frontier is skipped as "max-pages".
//   - Site.MaxQueryVariants: at most this many listing pages that differ
//     only in their query string (the same scheme, host and path) are
//     queued; the others are skipped as "query-variants".
//
//   - Site.MaxArticles (crawl --limit): at most this many article pages
//     that are not done are requested (or, in a dry run, would be); the
//     others are skipped as "article-limit".
//
// All three are skips the next run may not meet again (Stats.Skipped only), so
// the page that linked them is read in full next time. With a shared
// frontier they count this worker's share.

const defaultMaxURLBytes = 8 << 10

func (o *Options) maxURLBytes() int {
	if o.MaxURLBytes > 0 {
		return o.MaxURLBytes
	}
	return defaultMaxURLBytes
}

// urlTooLong reports u, of the site named site, as a failure when it is
// longer than the limit, and then returns true.
func urlTooLong(ctx context.Context, opts *Options, h Hooks, stats *Stats, log *slog.Logger, site, u string) bool {
	limit := opts.maxURLBytes()
	if len(u) <= limit {
		return false
	}
	cut := strings.ToValidUTF8(u[:limit], "")
	err := fmt.Errorf("%w: %d bytes, more than max_url_bytes %d", errURLTooLong, len(u), limit)
	stats.count(&stats.failed, ReasonURLTooLong)
	if log != nil {
		log.Warn("url too long, not fetched", "url", cut[:min(len(cut), 200)]+"...", "site", site, "bytes", len(u), "max_url_bytes", limit)
	}
	if h.Failed != nil {
		h.Failed(ctx, Failure{URL: cut, Site: site, Reason: string(ReasonURLTooLong), Err: fmt.Errorf("fetch %s...: %w", cut[:min(len(cut), 200)], err)})
	}
	return true
}

// siteName is the name of site s, or for a URL no site owns (s nil), its
// host.
func siteName(s *Site, u string) string {
	if s != nil {
		return s.Name
	}
	if pu, err := url.Parse(u); err == nil && pu.Host != "" {
		return strings.ToLower(pu.Hostname())
	}
	return "unknown"
}

// budget is what a runner counts against its site's MaxPages and
// MaxQueryVariants.
type budget struct {
	pages    atomic.Int64
	articles atomic.Int64
	once     sync.Once // the log line when MaxPages is reached

	mu       sync.Mutex
	seed     maphash.Seed
	variants map[string]map[uint64]struct{} // scheme://host/path -> hashes of its query strings
	full     map[string]bool                // paths whose limit was logged
}

// overBudget counts a page about to be requested against MaxPages; past
// it, the job is skipped and overBudget returns true.
func (r *runner) overBudget(fctx context.Context, j job) bool {
	limit := r.site.MaxPages
	if limit <= 0 || r.budget.pages.Add(1) <= int64(limit) {
		return false
	}
	r.budget.once.Do(func() {
		r.log.Warn("site reached max_pages: the rest of its pages are left to the next run", "site", r.site.Name, "max_pages", limit)
	})
	r.skip(fctx, j, ReasonMaxPages)
	return true
}

// overArticles counts an article not done that is about to be requested
// against MaxArticles; past it, the job is skipped and overArticles
// returns true.
func (r *runner) overArticles(fctx context.Context, j job) bool {
	limit := r.site.MaxArticles
	if j.kind != kindArticle || limit <= 0 || r.budget.articles.Add(1) <= int64(limit) {
		return false
	}
	r.skip(fctx, j, ReasonArticleLimit)
	return true
}

// tooManyVariants reports whether listing page u is one query string too
// many for its path; the first MaxQueryVariants distinct query strings of
// a path are allowed.
func (r *runner) tooManyVariants(u string) bool {
	limit := r.site.MaxQueryVariants
	if limit <= 0 {
		return false
	}
	path, query, ok := strings.Cut(u, "?")
	if !ok {
		return false
	}
	b := &r.budget
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.variants == nil {
		b.variants, b.full, b.seed = map[string]map[uint64]struct{}{}, map[string]bool{}, maphash.MakeSeed()
	}
	seen := b.variants[path]
	h := maphash.String(b.seed, query)
	if _, ok := seen[h]; ok {
		return false
	}
	if len(seen) >= limit {
		if !b.full[path] {
			b.full[path] = true
			r.log.Warn("too many query-string variants of a listing page, the rest skipped (a session-ID or calendar trap?)",
				"site", r.site.Name, "path", path, "max_query_variants", limit)
		}
		return true
	}
	if seen == nil {
		seen = map[uint64]struct{}{}
		b.variants[path] = seen
	}
	seen[h] = struct{}{}
	return false
}

package crawler

import "context"

// A dry run (Options.DryRun) discovers as a crawl does: start pages,
// listing pages within MaxDepth, feeds, sitemaps and robots.txt are
// fetched, but article pages are not. So the links of article pages are
// not followed, and every article URL found goes to Hooks.Listed once,
// with its fate: what the crawl would have done with it, after the same
// checks in the same order (Hooks.Done, robots.txt, MaxArticles,
// MaxPages). Listing pages are requested unconditionally (a dry run is
// given no Validators), so that a 304 hides nothing.

// Fates of a Listing besides the skip reasons ("robots", "article-limit",
// "max-pages", "interrupted", ...).
const (
	FateFetch = "fetch" // it would be requested
	FateDone  = "done"  // Hooks.Done: already written, not requested
)

// Listing is one article URL a dry run found.
type Listing struct {
	URL  string // canonical
	From string // the listing page, feed or sitemap that linked it; "" for a start URL
	Fate string // FateFetch, FateDone or a skip Reason
}

// list hands an article job of a dry run to Hooks.Listed and reports
// whether it did: then the job is over.
func (r *runner) list(ctx context.Context, j job, fate string) bool {
	if !r.opts.DryRun || j.kind != kindArticle {
		return false
	}
	if r.hooks.Listed != nil {
		r.hooks.Listed(ctx, r.site, Listing{URL: j.url, From: j.parent, Fate: fate})
	}
	return true
}

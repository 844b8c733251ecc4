package crawler

import (
	"context"
	"net/http"
)

// Conditional requests for listing pages, feeds and sitemaps (never
// articles): Hooks.Validators gives the ETag and Last-Modified saved by an
// earlier run, sent as If-None-Match and If-Modified-Since; a 304 counts in
// Stats.NotModified and the page's links are not read again.
//
// That is only safe if everything the page led to was handled when its
// validators were saved. So validators are saved at the end of the site's
// crawl, and only for leaf pages (no link to a listing page or sitemap
// within reach, which a 304 would hide) none of whose links failed in a
// way that may pass (timeout, connection, 429, 5xx, robots.txt
// unreachable, interrupted). Other pages' saved validators are forgotten,
// so they are read in full next time.

// validatorState is the runner's record of conditional pages (under
// runner.mu).
type validatorState struct {
	pages map[string]*pageValidators // pages answered 200 this run
	sent  map[string]bool            // pages requested with validators
}

type pageValidators struct {
	etag, lastModified string
	leaf               bool
}

// conditional returns the conditional request headers for u, nil if none.
func (r *runner) conditional(fctx context.Context, u string) http.Header {
	if r.hooks.Validators == nil {
		return nil
	}
	etag, lm := r.hooks.Validators(fctx, u)
	if etag == "" && lm == "" {
		return nil
	}
	h := http.Header{}
	if etag != "" {
		h.Set("If-None-Match", etag)
	}
	if lm != "" {
		h.Set("If-Modified-Since", lm)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.val.sent == nil {
		r.val.sent = map[string]bool{}
	}
	r.val.sent[u] = true
	return h
}

// remember records the validators of a page read in full.
func (r *runner) remember(j job, res *result, leaf bool) {
	if r.hooks.SaveValidators == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.val.pages == nil {
		r.val.pages = map[string]*pageValidators{}
	}
	r.val.pages[j.url] = &pageValidators{etag: res.header.Get("ETag"), lastModified: res.header.Get("Last-Modified"), leaf: leaf}
}

// dirty marks page as having a child that failed for now. The mark is
// kept by the frontier, so that with a shared one it counts whichever
// worker fetched the page.
func (r *runner) dirty(ctx context.Context, page string) {
	if page == "" || r.hooks.SaveValidators == nil {
		return
	}
	r.q.markDirty(ctx, page)
}

// saveValidators hands the validators of this run to Hooks.SaveValidators.
func (r *runner) saveValidators(fctx context.Context) {
	if r.hooks.SaveValidators == nil {
		return
	}
	r.mu.Lock()
	v := r.val
	r.val = validatorState{}
	r.mu.Unlock()
	for u, p := range v.pages {
		switch {
		case p.leaf && (p.etag != "" || p.lastModified != "" || v.sent[u]) && !r.q.dirty(fctx, u):
			r.hooks.SaveValidators(fctx, u, p.etag, p.lastModified)
		case v.sent[u]:
			r.hooks.SaveValidators(fctx, u, "", "")
		}
	}
}

package crawler

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsnorm/newsnorm/internal/charset"
)

type kind int

const (
	kindListing kind = iota
	kindFeed
	kindSitemap
	kindRobots // read a host's robots.txt for its Sitemap: lines
	kindArticle
)

// job is one URL to fetch.
type job struct {
	url    string
	kind   kind
	depth  int    // listing hops from a start page or sitemap
	level  int    // sitemap index nesting
	parent string // the listing page, feed or sitemap that linked it
	// found is the URL as it was found, before Canonical, when it differs:
	// robots.txt rules are matched against both.
	found string

	raw  []byte                      // as a shared frontier holds it
	done func(context.Context, bool) // called when the job is over (handled or not)
	cut  *jobInterrupted             // set when the job was cut by the cancellation
}

type jobInterrupted struct{ yes bool }

// runner fetches one site's pages with its own client (over the run's
// shared transport), collector and frontier (with its seen-set), in
// memory or shared.
type runner struct {
	site   *Site
	opts   Options
	hooks  Hooks
	stats  *Stats
	rs     *runState
	log    *slog.Logger
	agent  string // robots.txt product token
	client *http.Client
	pages  *collector // colly, for pages and feeds (colly.go)
	q      queue
	mem    *memQueue // q, when it is in memory

	sitemapFiles atomic.Int64
	budget       budget // MaxPages, MaxQueryVariants (limits.go)

	mu  sync.Mutex
	val validatorState
}

func newRunner(s *Site, opts Options, h Hooks, stats *Stats, rs *runState) *runner {
	r := &runner{site: s, opts: opts, hooks: h, stats: stats, rs: rs}
	if rs.frontier != nil {
		r.q = &sharedQueue{f: rs.frontier(s.Name), fail: rs.fail}
	} else {
		r.mem = newMemQueue()
		r.q = r.mem
	}
	r.log = opts.Logger
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	r.agent = productToken(opts.UserAgent)
	r.client = newClient(opts, rs.transport)
	r.pages = newCollector(r.client, opts)
	return r
}

// push adds a job unless its URL was seen in this run (or is too long,
// which is a failure); it reports whether the job was added.
func (r *runner) push(ctx context.Context, j job) bool {
	if urlTooLong(ctx, &r.opts, r.hooks, r.stats, r.log, r.site.Name, j.url) {
		return false
	}
	return r.q.push(ctx, j)
}

// run drains the frontier with n workers. When ctx is done the remaining
// jobs are dropped (or, shared, left to other workers), and requests in
// flight get the grace period: they run on a context that ends StopGrace
// after ctx, and so do the hooks.
func (r *runner) run(ctx context.Context, n int) {
	fctx, stop := graceContext(ctx, r.opts.stopGrace())
	defer stop()
	r.pages.setContext(fctx)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j, ok := r.q.pop(ctx)
				if !ok {
					return
				}
				handled := false
				if ctx.Err() == nil {
					j.cut = &jobInterrupted{}
					r.do(ctx, fctx, j)
					handled = !j.cut.yes
				} else {
					r.dirty(fctx, j.parent) // dropped: its page must be read again
				}
				r.q.finish(fctx, j, handled)
			}
		}()
	}
	wg.Wait()
	// A shared frontier is drained only when every worker is through, so
	// a worker that stops early does not know every page's fate.
	if r.rs.failed() == nil && (r.mem != nil || ctx.Err() == nil) {
		r.saveValidators(fctx)
	}
}

// graceContext returns a context that ends grace after ctx does.
func graceContext(ctx context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	fctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var t *time.Timer
	var mu sync.Mutex
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		t = time.AfterFunc(grace, cancel)
	})
	return fctx, func() {
		stop()
		mu.Lock()
		if t != nil {
			t.Stop()
		}
		mu.Unlock()
		cancel()
	}
}

// do handles one job. ctx is the run's context, fctx the grace context
// for requests and hooks.
func (r *runner) do(ctx, fctx context.Context, j job) {
	if j.kind == kindRobots {
		r.robotsSitemaps(ctx, fctx, j)
		return
	}
	if j.kind == kindArticle && r.hooks.Done != nil && r.hooks.Done(fctx, r.site, j.url) {
		r.stats.Done.Add(1)
		r.log.Debug("skipped", "url", j.url, "site", r.site.Name, "reason", "done")
		r.list(fctx, j, FateDone)
		return
	}
	switch reason, err := r.robotsBlock(ctx, fctx, j.url, j.found); reason {
	case "":
	case ReasonRobotsUnreachable:
		r.fail(fctx, j, 0, 0, err)
		return
	default:
		r.skip(fctx, j, reason)
		return
	}
	if r.overArticles(fctx, j) || r.overBudget(fctx, j) || r.list(fctx, j, FateFetch) {
		return
	}
	var hdr http.Header
	if j.kind != kindArticle {
		hdr = r.conditional(fctx, j.url)
	}
	if j.kind == kindSitemap {
		r.sitemap(ctx, fctx, j, hdr)
		return
	}
	res := r.attempt(ctx, j.url, func() *result { return r.getPage(j.url, hdr) })
	// One fetch time for the archive and the record, so that re-extracting
	// from the archive gives the same fetched_at.
	fetched := time.Now().UTC()
	var responseID string
	if res.responded && r.hooks.Response != nil {
		req := http.Header{"User-Agent": {r.opts.UserAgent}, "Accept": {"*/*"}}
		for k, v := range hdr {
			req[k] = v
		}
		x := &Exchange{URL: j.url, FinalURL: res.finalURL, RequestHeader: req,
			Status: res.status, Header: res.header, Body: res.body, FetchedAt: fetched}
		r.hooks.Response(fctx, r.site, x)
		responseID = x.RecordID
	}
	if !r.settle(fctx, j, res, hdr != nil) {
		return
	}
	r.stats.Bytes.Add(int64(len(res.body)))
	if j.kind == kindFeed {
		r.feed(fctx, j, res)
		return
	}
	r.page(ctx, fctx, j, res, fetched, responseID)
}

// settle reports whether res is a success to read; otherwise it counts and
// reports the failure, the interruption or the 304.
func (r *runner) settle(fctx context.Context, j job, res *result, conditional bool) bool {
	switch {
	case res.interrupted, res.err != nil && fctx.Err() != nil:
		r.skip(fctx, j, ReasonInterrupted)
		return false
	case res.err != nil:
		r.fail(fctx, j, res.status, res.attempts, res.err)
		return false
	case res.status == http.StatusNotModified && conditional:
		r.stats.NotModified.Add(1)
		return false
	case !res.ok():
		r.fail(fctx, j, res.status, res.attempts, statusError(res.status))
		return false
	}
	r.stats.Pages.Add(1)
	return true
}

func (r *runner) feed(fctx context.Context, j job, res *result) {
	links, err := feedLinks(res.body)
	if err != nil {
		r.fail(fctx, j, res.status, res.attempts, fmt.Errorf("%w: %w", errBadFeed, err))
		return
	}
	base, _ := url.Parse(res.finalURL)
	leaf := true
	for _, l := range links {
		if r.discover(fctx, absURL(base, l), j) {
			leaf = false
		}
	}
	r.remember(j, res, leaf)
}

// page hands an article page on and reads the links of listing pages (and
// of articles within MaxDepth).
func (r *runner) page(ctx, fctx context.Context, j job, res *result, fetched time.Time, responseID string) {
	ct := res.header.Get("Content-Type")
	if !isHTML(ct, res.body) {
		r.skip(fctx, j, ReasonNotHTML)
		return
	}
	body, enc, err := charset.Decode(res.body, ct, r.site.Charset)
	if err != nil {
		r.fail(fctx, j, res.status, res.attempts, fmt.Errorf("%w: %w", errBadEncoding, err))
		return
	}
	if j.kind == kindArticle || r.site.IsArticle(j.url) {
		r.stats.Articles.Add(1)
		r.article(ctx, fctx, j, res, &Page{
			Site: r.site.Name, URL: j.url, FinalURL: res.finalURL, Status: res.status,
			Header: res.header, Body: body, Charset: enc, FetchedAt: fetched, ResponseID: responseID,
		})
	}
	leaf := true
	if j.depth < r.site.MaxDepth || j.kind == kindListing && j.depth <= r.site.MaxDepth {
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
		if err != nil {
			return
		}
		base, _ := url.Parse(res.finalURL)
		if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
			if b := absURL(base, href); b != "" {
				base, _ = url.Parse(b)
			}
		}
		doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			if r.discover(fctx, absURL(base, href), j) {
				leaf = false
			}
		})
	}
	if j.kind != kindArticle {
		r.remember(j, res, leaf)
	}
}

// discover queues a link found on from's page: articles always, listing
// pages while within MaxDepth. It reports whether the link is a listing
// page within reach (queued now or before), which makes from no leaf.
func (r *runner) discover(ctx context.Context, abs string, from job) bool {
	if abs == "" {
		return false
	}
	u := Canonical(abs)
	switch {
	case r.site.IsArticle(u):
		j := job{url: u, kind: kindArticle, depth: from.depth + 1, parent: from.url, found: foundAs(abs, u)}
		if !r.push(ctx, j) && len(u) <= r.opts.maxURLBytes() {
			r.ignored(u, from, "seen")
		}
	case from.depth+1 <= r.site.MaxDepth && r.site.follows(u):
		j := job{url: u, kind: kindListing, depth: from.depth + 1, parent: from.url, found: foundAs(abs, u)}
		if r.tooManyVariants(u) {
			r.skip(ctx, j, ReasonQueryVariants)
			return false
		}
		if !r.push(ctx, j) && len(u) <= r.opts.maxURLBytes() {
			r.ignored(u, from, "seen")
		}
		return true
	case r.site.follows(u):
		r.ignored(u, from, "depth")
	case !sameSite(hostname(u), hostname(from.url)):
		r.ignored(u, from, "off-site")
	default:
		r.ignored(u, from, "no-rule")
	}
	return false
}

// ignored logs, at debug level, a link that is not queued: "seen" (queued
// before in this run), "depth" (a listing page past max_depth),
// "off-site" (another host, matching no rule), "no-rule" (neither an
// article nor a page to follow). Only the debug log sees these; they are
// no skips of Stats.
func (r *runner) ignored(u string, from job, why string) {
	r.log.Debug("skipped", "url", u, "site", r.site.Name, "reason", why, "from", from.url)
}

// logRequest logs one request at debug level: fetched (status, bytes,
// duration) or failed (the error).
func (r *runner) logRequest(u string, res *result, d time.Duration) {
	if !r.log.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	if res.err != nil && !res.responded {
		r.log.Debug("request failed", "url", u, "site", r.site.Name, "attempt", res.attempts, "duration", d, "err", res.err)
		return
	}
	args := []any{"url", u, "site", r.site.Name, "status", res.status, "bytes", res.bytes, "duration", d, "attempt", res.attempts}
	if res.finalURL != "" && res.finalURL != u {
		args = append(args, "final_url", res.finalURL)
	}
	if res.err != nil {
		args = append(args, "err", res.err)
	}
	r.log.Debug("fetched", args...)
}

// hostname is the lower-case host of a URL (without port), or "".
func hostname(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// foundAs is the URL as found when its canonical form differs, else "".
func foundAs(found, canonical string) string {
	if found == canonical {
		return ""
	}
	return found
}

// absURL resolves href against base; "" for fragments, non-HTTP schemes
// and garbage.
func absURL(base *url.URL, href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return ""
	}
	return u.String()
}

// IsHTML reports whether a response is an HTML page: an HTML media type,
// or sniffed HTML when there is no Content-Type. Only such pages are
// extracted.
func IsHTML(contentType string, body []byte) bool { return isHTML(contentType, body) }

func isHTML(contentType string, body []byte) bool {
	if contentType == "" {
		return strings.Contains(http.DetectContentType(body), "html")
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// skip counts a URL not fetched or not handed on, and reports articles
// to Hooks.Skipped (except those the next run picks up: interruptions and
// the per-run limits).
func (r *runner) skip(fctx context.Context, j job, reason Reason) {
	r.stats.count(&r.stats.skipped, reason)
	r.log.Debug("skipped", "url", j.url, "site", r.site.Name, "reason", reason, "from", j.parent)
	if reason == ReasonInterrupted && j.cut != nil {
		j.cut.yes = true
	}
	if transient(reason) {
		r.dirty(fctx, j.parent)
	}
	if r.list(fctx, j, string(reason)) {
		return
	}
	if !statsOnly(reason) && j.kind == kindArticle && r.hooks.Skipped != nil {
		r.hooks.Skipped(fctx, r.site, j.url, string(reason))
	}
}

func (r *runner) fail(fctx context.Context, j job, status, attempts int, err error) {
	reason := reasonOf(status, err)
	if reason == ReasonInterrupted {
		r.skip(fctx, j, reason)
		return
	}
	r.stats.count(&r.stats.failed, reason)
	if transient(reason) {
		r.dirty(fctx, j.parent)
	}
	if r.list(fctx, j, string(reason)) {
		return
	}
	if reason != ReasonRobotsUnreachable { // no request for the URL itself
		attempts = max(attempts, 1)
	}
	err = fmt.Errorf("fetch %s: %w", j.url, err)
	r.log.Warn("fetch failed", "url", j.url, "site", r.site.Name, "reason", reason, "status", status, "attempts", attempts, "err", err)
	if r.hooks.Failed != nil {
		r.hooks.Failed(fctx, Failure{URL: j.url, Site: r.site.Name, Reason: string(reason), Status: status, Attempts: attempts, Err: err})
	}
}

// hostKey is the politeness key of a URL: its lower-case host:port.
func hostKey(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Host)
}

// origins returns the distinct scheme://host of the URLs, in order.
func origins(lists ...[]string) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range lists {
		for _, raw := range l {
			u, err := url.Parse(Canonical(raw))
			if err != nil || u.Host == "" {
				continue
			}
			o := u.Scheme + "://" + u.Host
			if !seen[o] {
				seen[o] = true
				out = append(out, o)
			}
		}
	}
	return out
}

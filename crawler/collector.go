package crawler

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"

	"github.com/newsnorm/newsnorm/internal/charset"
)

type kind int

const (
	kindListing kind = iota
	kindFeed
	kindArticle
)

// job is one URL to fetch.
type job struct {
	url      string
	kind     kind
	depth    int
	attempts int
	reported bool // onError has seen this job
}

// runner fetches one site's pages with its own collector, frontier and
// per-run seen-set.
type runner struct {
	site  *Site
	opts  Options
	hooks Hooks
	stats *Stats
	c     *colly.Collector

	mu      sync.Mutex
	cond    *sync.Cond
	queue   []job
	seen    map[string]bool
	pending int  // pushed and not yet finished
	open    bool // more jobs may come (backfill): workers wait for them
	limit   int  // push blocks while the queue holds this many (0: no limit)
}

func newRunner(s *Site, opts Options, h Hooks, stats *Stats) *runner {
	r := &runner{site: s, opts: opts, hooks: h, stats: stats, seen: map[string]bool{}}
	r.cond = sync.NewCond(&r.mu)
	r.c = newCollector(s, opts)
	r.c.OnResponse(r.onResponse)
	r.c.OnError(r.onError)
	return r
}

// newCollector builds a Colly collector for one site: politeness limits,
// timeouts, body cap, redirect policy and the address guard.
func newCollector(s *Site, opts Options) *colly.Collector {
	c := colly.NewCollector(
		colly.UserAgent(opts.UserAgent),
		colly.AllowURLRevisit(), // the runner keeps its own seen-set
		colly.MaxBodySize(opts.MaxBodyBytes+1),
	)
	c.IgnoreRobotsTxt = !s.ObeyRobots
	c.WithTransport(&http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer(opts.AllowPrivate, min(opts.Timeout, 10*time.Second)),
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: opts.Timeout,
		MaxIdleConnsPerHost:   max(s.Parallelism, 2),
		IdleConnTimeout:       90 * time.Second,
	})
	c.SetRequestTimeout(opts.Timeout)
	c.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return fmt.Errorf("stopped after %d redirects", len(via))
		}
		if !sameSite(req.URL.Hostname(), via[0].URL.Hostname()) {
			return fmt.Errorf("redirect to another host %s: %w", req.URL.Host, errOffSite)
		}
		return nil
	})
	par := max(s.Parallelism, 1)
	_ = c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: par, Delay: s.Delay, RandomDelay: s.Delay / 4})
	return c
}

var errOffSite = errors.New("off-site redirect")

func sameSite(a, b string) bool {
	a, b = strings.TrimPrefix(strings.ToLower(a), "www."), strings.TrimPrefix(strings.ToLower(b), "www.")
	return a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a)
}

// push adds a job unless its URL was seen in this run. With a limit, it
// waits while the queue is full, so a stream of URLs is read only as fast
// as it is fetched.
func (r *runner) push(j job) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen != nil {
		if r.seen[j.url] {
			return
		}
		r.seen[j.url] = true
	}
	for r.limit > 0 && len(r.queue) >= r.limit {
		r.cond.Wait()
	}
	r.queue = append(r.queue, j)
	r.pending++
	r.cond.Signal()
}

// pop waits for a job; ok is false when the frontier is drained.
func (r *runner) pop() (job, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.queue) == 0 && (r.pending > 0 || r.open) {
		r.cond.Wait()
	}
	if len(r.queue) == 0 {
		return job{}, false
	}
	j := r.queue[0]
	r.queue[0] = job{}
	r.queue = r.queue[1:]
	r.cond.Broadcast() // room for a waiting push
	return j, true
}

func (r *runner) finish() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pending--
	if r.pending == 0 {
		r.cond.Broadcast()
	}
}

// close says no more jobs will be pushed from outside.
func (r *runner) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.open = false
	r.cond.Broadcast()
}

// run drains the frontier with n workers. When ctx is done the remaining
// jobs are dropped and in-flight ones finish.
func (r *runner) run(ctx context.Context, n int) {
	r.c.Context = ctx
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				j, ok := r.pop()
				if !ok {
					return
				}
				if ctx.Err() == nil {
					r.do(ctx, j)
				}
				r.finish()
			}
		}()
	}
	wg.Wait()
}

// do fetches one job; Colly calls onResponse or onError before it returns.
func (r *runner) do(ctx context.Context, j job) {
	if j.kind == kindArticle && r.hooks.Done != nil && r.hooks.Done(ctx, r.site, j.url) {
		r.stats.Done.Add(1)
		return
	}
	cctx := colly.NewContext()
	jp := &j
	cctx.Put("job", jp)
	r.stats.Requests.Add(1)
	err := r.c.Request(http.MethodGet, j.url, nil, cctx, nil)
	switch {
	case err == nil, jp.reported:
		// onResponse or onError has handled it.
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		r.stats.count(&r.stats.skipped, "robots")
		if j.kind == kindArticle && r.hooks.Skipped != nil {
			r.hooks.Skipped(ctx, r.site, j.url, "robots")
		}
	default:
		r.fail(ctx, j, 0, err)
	}
}

func (r *runner) onResponse(resp *colly.Response) {
	j := resp.Ctx.GetAny("job").(*job)
	ctx := r.c.Context
	r.stats.Bytes.Add(int64(len(resp.Body)))
	if len(resp.Body) > r.opts.MaxBodyBytes {
		r.fail(ctx, *j, resp.StatusCode, fmt.Errorf("body larger than %d bytes: %w", r.opts.MaxBodyBytes, errTooLarge))
		return
	}
	r.stats.Pages.Add(1)
	ct := resp.Headers.Get("Content-Type")
	if j.kind == kindFeed {
		links, err := feedLinks(resp.Body)
		if err != nil {
			r.fail(ctx, *j, resp.StatusCode, fmt.Errorf("feed: %w", err))
			return
		}
		for _, l := range links {
			r.discover(resp.Request.AbsoluteURL(l), j.depth)
		}
		return
	}
	if !isHTML(ct, resp.Body) {
		r.stats.count(&r.stats.skipped, "not-html")
		if j.kind == kindArticle && r.hooks.Skipped != nil {
			r.hooks.Skipped(ctx, r.site, j.url, "not-html")
		}
		return
	}
	body, enc, err := charset.Decode(resp.Body, ct, r.site.Charset)
	if err != nil {
		r.fail(ctx, *j, resp.StatusCode, fmt.Errorf("decode: %w", err))
		return
	}
	final := resp.Request.URL.String()
	if j.kind == kindArticle || r.site.IsArticle(j.url) {
		r.stats.Articles.Add(1)
		if r.hooks.Article != nil {
			r.hooks.Article(ctx, r.site, &Page{
				Site: r.site.Name, URL: j.url, FinalURL: final, Status: resp.StatusCode,
				Header: *resp.Headers, Body: body, Charset: enc, FetchedAt: time.Now().UTC(),
			})
		}
	}
	if j.depth < r.site.MaxDepth || j.kind == kindListing && j.depth <= r.site.MaxDepth {
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
		if err != nil {
			return
		}
		doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			r.discover(resp.Request.AbsoluteURL(href), j.depth)
		})
	}
}

// discover queues a link found at depth: articles always, listing pages
// while within MaxDepth.
func (r *runner) discover(abs string, depth int) {
	if abs == "" {
		return
	}
	u := Canonical(abs)
	switch {
	case r.site.IsArticle(u):
		r.push(job{url: u, kind: kindArticle, depth: depth + 1})
	case depth+1 <= r.site.MaxDepth && r.site.follows(u):
		r.push(job{url: u, kind: kindListing, depth: depth + 1})
	}
}

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

var errTooLarge = errors.New("response too large")

func (r *runner) onError(resp *colly.Response, err error) {
	j := resp.Ctx.GetAny("job").(*job)
	ctx := r.c.Context
	j.reported = true
	j.attempts++
	status := resp.StatusCode
	if ctx.Err() != nil {
		r.stats.count(&r.stats.skipped, "interrupted")
		return
	}
	if retryable(status, err) && j.attempts <= r.opts.Retries {
		wait := backoff(j.attempts, resp.Headers, r.opts.MaxRetryWait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			r.stats.count(&r.stats.skipped, "interrupted")
			return
		case <-t.C:
		}
		r.stats.Requests.Add(1)
		// Retry runs the request again synchronously; its outcome reaches
		// onResponse or onError, which report it.
		_ = resp.Request.Retry()
		return
	}
	r.fail(ctx, *j, status, err)
}

func (r *runner) fail(ctx context.Context, j job, status int, err error) {
	reason := reasonOf(status, err)
	r.stats.count(&r.stats.failed, reason)
	if r.opts.Logger != nil {
		r.opts.Logger.Warn("fetch failed", "url", j.url, "site", r.site.Name, "reason", reason, "status", status, "attempts", max(j.attempts, 1), "err", err)
	}
	if r.hooks.Failed != nil {
		r.hooks.Failed(ctx, Failure{URL: j.url, Site: r.site.Name, Reason: reason, Status: status, Attempts: max(j.attempts, 1), Err: err})
	}
}

func reasonOf(status int, err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, ErrPrivateAddress):
		return "private-address"
	case errors.Is(err, errTooLarge):
		return "too-large"
	case errors.Is(err, errOffSite):
		return "off-site-redirect"
	case err != nil && strings.Contains(err.Error(), "redirects"):
		return "redirect-loop"
	case status >= 400:
		return "status-" + strconv.Itoa(status)
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case err != nil && strings.HasPrefix(err.Error(), "feed"):
		return "bad-feed"
	case err != nil && strings.HasPrefix(err.Error(), "decode"):
		return "bad-encoding"
	default:
		return "connection"
	}
}

// retryable: timeouts, connection errors, 429 and 5xx, but not refused
// addresses or off-site redirects.
func retryable(status int, err error) bool {
	switch {
	case errors.Is(err, ErrPrivateAddress), errors.Is(err, errOffSite), errors.Is(err, errTooLarge):
		return false
	case status == http.StatusTooManyRequests || status >= 500:
		return true
	case status == 0 && err != nil:
		return !strings.Contains(err.Error(), "redirects")
	}
	return false
}

// backoff is exponential with jitter (0.5s, 1s, 2s, ...), or the server's
// Retry-After, capped at limit.
func backoff(attempt int, h *http.Header, limit time.Duration) time.Duration {
	if limit <= 0 {
		limit = time.Minute
	}
	if h != nil {
		if ra := h.Get("Retry-After"); ra != "" {
			if secs, err := strconv.Atoi(strings.TrimSpace(ra)); err == nil && secs >= 0 {
				return min(time.Duration(secs)*time.Second, limit)
			}
			if t, err := http.ParseTime(ra); err == nil {
				return min(max(time.Until(t), 0), limit)
			}
		}
	}
	d := 500 * time.Millisecond << min(attempt-1, 10)
	d += time.Duration(rand.Int64N(int64(d/4) + 1))
	return min(d, limit)
}

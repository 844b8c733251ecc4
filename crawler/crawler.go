package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"regexp"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Site is one site to crawl.
type Site struct {
	Name      string
	StartURLs []string
	Feeds     []string
	// Sitemaps are XML sitemaps (or sitemap indexes, gzip-compressed or
	// not, Google News sitemaps included) fetched every crawl.
	Sitemaps []string
	// SitemapsFromRobots adds the Sitemap: lines of the robots.txt of every
	// host of StartURLs, Feeds and Sitemaps.
	SitemapsFromRobots bool
	// SitemapMaxAge skips sitemap entries (and child sitemaps of an index)
	// whose lastmod or news publication date is older than this; 0 keeps
	// every entry. Entries without a date are kept.
	SitemapMaxAge time.Duration
	// Follow matches listing pages worth following (sections, archives).
	Follow []*regexp.Regexp
	// Article matches article URLs.
	Article *regexp.Regexp
	// MaxDepth is how many hops of listing pages are followed from a start
	// page (or a sitemap); article links on every fetched page are fetched.
	MaxDepth int
	// Delay is the least time between the starts of two requests to one
	// host, plus up to 25% random jitter. A robots.txt Crawl-delay that is
	// longer wins (when ObeyRobots), and 429 and 503 answers raise it for
	// the rest of the run.
	Delay       time.Duration
	Parallelism int // requests in flight to one host
	ObeyRobots  bool
	Charset     string // forced charset, "" to detect
	// MaxPages bounds the pages a crawl requests for the site in a run,
	// and MaxQueryVariants the listing pages that differ only in their
	// query string (limits.go); 0 is no limit. Crawl only.
	MaxPages         int
	MaxQueryVariants int
	// Render says whether article pages are rendered in a browser
	// (Hooks.Render) after their static fetch: RenderNone (""),
	// RenderBrowser or RenderAuto (render.go).
	Render RenderMode
	// MaxArticles bounds the article pages not done that a crawl
	// requests for the site in a run (crawl --limit, for a trial run); the
	// others are skipped as "article-limit", left to the next run. 0 is no
	// limit. Crawl only.
	MaxArticles int
}

// IsArticle reports whether u is one of the site's article URLs.
func (s *Site) IsArticle(u string) bool { return s.Article != nil && s.Article.MatchString(u) }

func (s *Site) follows(u string) bool {
	for _, re := range s.Follow {
		if re.MatchString(u) {
			return true
		}
	}
	return false
}

// Options apply to every request.
type Options struct {
	UserAgent    string
	AllowPrivate bool          // allow loopback, private, link-local and metadata addresses
	Timeout      time.Duration // per request, body included (the connect timeout is at most 10s of it)
	MaxBodyBytes int           // responses larger than this (after decompression) fail as too large
	// MaxURLBytes: longer URLs are not fetched but fail as url-too-long
	// (limits.go). Default 8 KiB.
	MaxURLBytes int
	Retries     int // retries of timeouts, connection errors, 5xx and 429
	// MaxRetryWait caps one wait before a retry, and how long a host is
	// paused for a Retry-After; a Retry-After longer than this is not
	// waited for: the URL fails. Default one minute.
	MaxRetryWait time.Duration
	// StopGrace is how long requests in flight when the run's context is
	// cancelled may still take, so that what is being fetched can still be
	// handed on. Default 10s.
	StopGrace time.Duration
	Logger    *slog.Logger
	// MaxConnections bounds the open connections of a run, idle ones
	// included, over every host; MaxSitesInFlight the sites a Crawl
	// crawls at once (conns.go). Defaults 512 and 256.
	MaxConnections   int
	MaxSitesInFlight int
	// DryRun discovers as a crawl does but requests no article page: each
	// article URL found goes to Hooks.Listed with what the crawl would do
	// with it (dryrun.go).
	DryRun bool
	// Shared, when set, shares the frontier, the seen-set, politeness per
	// host and robots.txt with the other workers of the crawl.
	Shared *Shared

	// refuse replaces the private-address check (tests only).
	refuse func(netip.Addr) bool
	// resolve maps host names to IP addresses before dialling; "" is no
	// such host (tests only).
	resolve map[string]string
	// maxSitemapBytes replaces the sitemap size limit (tests only).
	maxSitemapBytes int64
}

func (o *Options) maxRetryWait() time.Duration {
	if o.MaxRetryWait > 0 {
		return o.MaxRetryWait
	}
	return time.Minute
}

func (o *Options) stopGrace() time.Duration {
	if o.StopGrace > 0 {
		return o.StopGrace
	}
	return 10 * time.Second
}

// Page is a fetched HTML page, decoded to UTF-8.
type Page struct {
	Site      string // the site's name, "" for unconfigured sites
	URL       string // the URL as requested (canonical)
	FinalURL  string // after redirects
	Status    int
	Header    http.Header
	Body      []byte // UTF-8
	Charset   string // the encoding the body was decoded from
	FetchedAt time.Time
	// Rendered: Body is the DOM a browser rendered from the static page
	// (Hooks.Render), not the page as fetched.
	Rendered bool
	// ResponseID is what Hooks.Response set in Exchange.RecordID for the
	// page's response (the raw archive's record ID), or "".
	ResponseID string
}

// Failure is a URL that could not be fetched after all retries.
type Failure struct {
	URL    string
	Site   string
	Reason string // a Reason: "status-503", "timeout", "too-large", ...
	Status int
	// Attempts is the number of requests made for the URL.
	Attempts int
	Err      error
}

// Hooks connect the crawler to the rest of newsnorm. Every hook may be
// called from many goroutines at once. The hooks get a context that stays
// valid for Options.StopGrace after the run's context is cancelled, so that
// pages fetched by then can still be written.
type Hooks struct {
	// Done reports whether the article at url (canonical) of site is
	// already written, so that it need not be fetched.
	Done func(ctx context.Context, site *Site, url string) bool
	// Article receives every fetched article page: for a site with
	// Render set, the rendered page (see Render and Static).
	Article func(ctx context.Context, site *Site, p *Page)
	// Static receives the static page of an article of a RenderAuto site
	// instead of Article: it handles the page as Article would and
	// returns false, or does nothing with it and returns true when the
	// static HTML gives no article, and the page is rendered and handed
	// to Article. Without it, a RenderAuto site's pages go to Article
	// unrendered.
	Static func(ctx context.Context, site *Site, p *Page) (render bool)
	// Render renders an article page of a site with Render set in a
	// browser: p is the static page (UTF-8), fetch the only way its
	// subrequests may reach the network (render.go). The rendered page
	// goes to Article; an error makes the URL a failure, with the
	// Reason of a *RenderError in its chain (else the error's own).
	// Without Render, such pages go to Article unrendered.
	Render func(ctx context.Context, site *Site, p *Page, fetch Fetcher) (*Page, error)
	// Failed receives every URL that failed.
	Failed func(ctx context.Context, f Failure)
	// Skipped receives article URLs that were not fetched or not HTML:
	// reason "robots", "not-html" (see Reason).
	Skipped func(ctx context.Context, site *Site, url, reason string)

	// Validators returns the ETag and Last-Modified saved for a listing
	// page, feed or sitemap (never an article), to make the request
	// conditional. A 304 answer then means its links are not read again.
	Validators func(ctx context.Context, url string) (etag, lastModified string)
	// SaveValidators records the validators of a listing page, feed or
	// sitemap, at the end of the site's crawl, and only for a page whose
	// every link was handled (no timeouts, 5xx, interruptions) and that
	// leads to no other listing page or sitemap, so that a 304 next time
	// never hides something still to fetch. Empty values mean "forget".
	SaveValidators func(ctx context.Context, url, etag, lastModified string)

	// Listed receives, in a dry run (Options.DryRun), every article URL
	// found and what a crawl would do with it.
	Listed func(ctx context.Context, site *Site, l Listing)

	// Response receives every HTTP response to a page or feed request as
	// it came (any status; the body before charset decoding), for raw
	// archiving. Streamed sitemaps and robots.txt are not included.
	Response func(ctx context.Context, site *Site, x *Exchange)
}

// Exchange is one HTTP request and its response.
type Exchange struct {
	URL           string // as requested
	FinalURL      string // after redirects
	RequestHeader http.Header
	Status        int
	Header        http.Header
	Body          []byte // as received (after transfer decompression)
	FetchedAt     time.Time
	// RecordID may be set by Hooks.Response (the archive's ID for the
	// response); the page handed on carries it as Page.ResponseID.
	RecordID string
}

// Stats count what a crawl did. Safe for concurrent use.
type Stats struct {
	Requests    atomic.Int64 // HTTP requests, retries and robots.txt included
	Pages       atomic.Int64 // successful responses
	NotModified atomic.Int64 // 304 answers to conditional requests
	Articles    atomic.Int64 // article pages handed to Hooks.Article
	Done        atomic.Int64 // articles skipped because they were already written
	Rendered    atomic.Int64 // article pages rendered by Hooks.Render
	Bytes       atomic.Int64 // response body bytes (decompressed)
	// PeakConnections is the most connections open at once (idle ones
	// included), at most Options.MaxConnections.
	PeakConnections atomic.Int64

	mu      sync.Mutex
	skipped map[string]int64
	failed  map[string]int64
}

func (s *Stats) count(m *map[string]int64, reason Reason) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if *m == nil {
		*m = map[string]int64{}
	}
	(*m)[string(reason)]++
}

// Skipped returns the skipped pages by reason.
func (s *Stats) Skipped() map[string]int64 { return s.snapshot(s.skipped) }

// Failed returns the failed URLs by reason.
func (s *Stats) Failed() map[string]int64 { return s.snapshot(s.failed) }

// FailedTotal is the number of failed URLs.
func (s *Stats) FailedTotal() int64 {
	var n int64
	for _, v := range s.Failed() {
		n += v
	}
	return n
}

func (s *Stats) snapshot(m map[string]int64) map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Reasons lists the keys of a reason map in order, for stable reports.
func Reasons(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// runState is what the runners of one Crawl or Fetch call share: per-host
// politeness and the robots.txt cache (in memory or, with Options.Shared,
// in front of the fleet's), and the first error of the fleet's state,
// which stops the run. Not to be confused with Shared (shared.go): what
// the workers of a fleet share.
type runState struct {
	gates       Gates
	robots      *robotsCache // this process's parsed copies
	robotsStore RobotsStore  // the fleet's, or nil
	frontier    func(string) Frontier
	transport   http.RoundTripper // every runner's, over tr
	tr          *http.Transport
	conns       *connLimiter

	cancel context.CancelCauseFunc
	mu     sync.Mutex
	err    error                // the first error of the Shared state
	delays map[string]bool      // hosts whose Crawl-delay the gates have
	paused map[string]time.Time // hosts that asked (Retry-After) not to be requested before then
}

// newRunState makes the state of one Crawl or Fetch; perHost is the
// largest Parallelism of its sites.
func newRunState(opts Options, cancel context.CancelCauseFunc, perHost int) *runState {
	rs := &runState{gates: newHosts(), robots: newRobotsCache(), cancel: cancel, delays: map[string]bool{}, paused: map[string]time.Time{}}
	rs.transport, rs.tr, rs.conns = newTransport(opts, perHost)
	if o := opts.Shared; o != nil {
		if o.Gates != nil {
			rs.gates = o.Gates
		}
		rs.robotsStore = o.Robots
		rs.frontier = o.Frontier
	}
	return rs
}

// close drops the idle connections at the end of a Crawl or Fetch and
// reports the peak of open ones.
func (rs *runState) close(stats *Stats) {
	rs.tr.CloseIdleConnections()
	if p := rs.conns.peak.Load(); p > stats.PeakConnections.Load() {
		stats.PeakConnections.Store(p)
	}
}

// fail stops the run: the Shared state (Gates, Frontier, RobotsStore,
// Feed) cannot be used.
func (rs *runState) fail(err error) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.err == nil {
		rs.err = fmt.Errorf("shared crawl state: %w", err)
		rs.cancel(rs.err)
	}
}

func (rs *runState) failed() error {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return rs.err
}

// pauseHost records that host asked not to be requested before until.
func (rs *runState) pauseHost(host string, until time.Time) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if until.After(rs.paused[host]) {
		rs.paused[host] = until
	}
}

// pausedUntil is when host may be requested again, or zero.
func (rs *runState) pausedUntil(host string) time.Time {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	until, ok := rs.paused[host]
	if ok && !until.After(time.Now()) {
		delete(rs.paused, host)
		return time.Time{}
	}
	return until
}

// crawlDelay hands a host's Crawl-delay to the gates, once per host.
func (rs *runState) crawlDelay(ctx context.Context, host string, d time.Duration) {
	rs.mu.Lock()
	known := rs.delays[host]
	rs.delays[host] = true
	rs.mu.Unlock()
	if known {
		return
	}
	if err := rs.gates.CrawlDelay(ctx, host, d); err != nil && ctx.Err() == nil {
		rs.fail(err)
	}
}

// rotate returns sites from index k on, then those before it.
func rotate(sites []*Site, k int) []*Site {
	return append(slices.Clone(sites[k:]), sites[:k]...)
}

// Crawl discovers and fetches the articles of every site: start pages and
// the listing pages their follow rules reach, feeds and sitemaps. At most
// Options.MaxSitesInFlight sites are crawled at once, each started as
// another is through (when there are more sites than that, in order from
// a random one on), all over one transport (conns.go). It
// returns when every reachable page is handled or ctx is done; then no new
// request starts, and requests in flight get Options.StopGrace to finish
// and be handed on.
//
// With Options.Shared, every worker of the fleet calls Crawl with the same
// sites: each pushes the start pages (the shared seen-set keeps the first),
// and all claim from the same frontiers until they are drained. An error
// of the shared state stops the crawl and is returned.
func Crawl(ctx context.Context, sites []*Site, opts Options, h Hooks, stats *Stats) error {
	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	perHost := 1
	for _, s := range sites {
		perHost = max(perHost, s.Parallelism)
	}
	rs := newRunState(opts, cancel, perHost)
	defer rs.close(stats)
	// Sites start as slots free up (conns.go), their runners made then,
	// from a random point of the list on: a run cut short (max_run_time)
	// then leaves other sites to the next run, not always the last ones.
	slots := make(chan struct{}, opts.maxSitesInFlight())
	if len(sites) > opts.maxSitesInFlight() {
		sites = rotate(sites, rand.IntN(len(sites)))
	}
	var wg sync.WaitGroup
	for _, s := range sites {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			r := newRunner(s, opts, h, stats, rs)
			for _, u := range s.StartURLs {
				cu := Canonical(u)
				if s.IsArticle(cu) {
					r.push(ctx, job{url: cu, kind: kindArticle, found: foundAs(u, cu)})
				} else {
					r.push(ctx, job{url: cu, kind: kindListing, found: foundAs(u, cu)})
				}
			}
			for _, u := range s.Feeds {
				r.push(ctx, job{url: Canonical(u), kind: kindFeed})
			}
			for _, u := range s.Sitemaps {
				r.push(ctx, job{url: Canonical(u), kind: kindSitemap})
			}
			if s.SitemapsFromRobots {
				for _, o := range origins(s.StartURLs, s.Feeds, s.Sitemaps) {
					r.push(ctx, job{url: o + "/robots.txt", kind: kindRobots})
				}
			}
			r.run(ctx, max(s.Parallelism, 1))
		}()
	}
	wg.Wait()
	if err := rs.failed(); err != nil {
		return err
	}
	return parent.Err()
}

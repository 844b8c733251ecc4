package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/newsnorm/newsnorm/internal/robotstxt"
)

// robots.txt (RFC 9309), fetched once per origin and run through the same
// client as every page, so the address guard applies:
//
//   - 2xx: the rules of the groups naming our product token (the
//     User-Agent up to its first "/"), or else of the "*" groups, read by
//     internal/robotstxt (which says how); a URL is refused when either
//     the URL as found or its canonical form is disallowed. Crawl-delay
//     (of those groups) raises the host's delay. Sitemap: lines are kept
//     for Site.SitemapsFromRobots. The first 500 KiB are read.
//   - 4xx (but 429), or a redirect out of the site or in circles: no
//     robots.txt, everything is allowed.
//   - 429, 5xx, timeouts, connection and DNS errors (after retries):
//     everything is disallowed for this run, as RFC 9309 asks, and each URL
//     of the host that was to be fetched fails as "robots-unreachable",
//     its error naming the cause ("robots.txt http://x/robots.txt: dial
//     tcp: lookup x: no such host"): a host that is down is a failure of
//     the run, not a quiet skip.
//   - a refused address: not fetched; the page request then fails with
//     "private-address" itself.
//
// colly's own robots.txt support is off: it ignores Crawl-delay and the
// status rules above, and its fetch bypasses the retries and politeness.
const robotsMaxBytes = 500 << 10

type robots struct {
	robotstxt.Robots
	unreachable bool
	cause       string // why it is unreachable: "robots.txt http://x/robots.txt: status 503"
}

// productToken is the robots.txt name of a User-Agent: "newsnorm/0.1
// (+https://...)" is "newsnorm".
func productToken(ua string) string { return robotstxt.ProductToken(ua) }

// parseRobots parses a robots.txt for agent (a product token)
// (internal/robotstxt). Lines it does not understand are skipped.
func parseRobots(body []byte, agent string) *robots {
	return &robots{Robots: *robotstxt.Parse(body, agent)}
}

// allowed reports whether u may be fetched.
func (rb *robots) allowed(u *url.URL) bool {
	if rb.unreachable {
		return false
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" || u.ForceQuery {
		path += "?" + u.RawQuery
	}
	return rb.Allowed(path)
}

// allowedAll reports whether every one of the URLs (the URL as found and
// its canonical form) may be fetched: a site's rules are written for the
// URLs it links, and the crawler requests the canonical one.
func (rb *robots) allowedAll(urls ...string) bool {
	for _, raw := range urls {
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		if !rb.allowed(u) {
			return false
		}
	}
	return true
}

// robotsCache holds the robots.txt of each origin for one run; the first
// runner to need one fetches it while the others wait.
type robotsCache struct {
	mu sync.Mutex
	m  map[string]*robotsEntry
}

type robotsEntry struct {
	ready chan struct{}
	rb    *robots // nil: the fetch was interrupted
}

func newRobotsCache() *robotsCache { return &robotsCache{m: map[string]*robotsEntry{}} }

func (c *robotsCache) get(ctx context.Context, origin string, load func() *robots) *robots {
	c.mu.Lock()
	e, ok := c.m[origin]
	if !ok {
		e = &robotsEntry{ready: make(chan struct{})}
		c.m[origin] = e
		c.mu.Unlock()
		e.rb = load()
		if e.rb == nil {
			c.mu.Lock()
			delete(c.m, origin) // let a later request try again
			c.mu.Unlock()
		}
		close(e.ready)
		return e.rb
	}
	c.mu.Unlock()
	select {
	case <-e.ready:
		return e.rb
	case <-ctx.Done():
		return nil
	}
}

// robotsFor returns the robots.txt of u's origin; nil when interrupted.
// With a shared RobotsStore, one worker of the fleet fetches it and the
// others read what it stored.
func (r *runner) robotsFor(ctx, fctx context.Context, u *url.URL) *robots {
	origin := strings.ToLower(u.Scheme + "://" + u.Host)
	fetch := func() *robots { return r.fetchRobots(ctx, fctx, origin+"/robots.txt") }
	store := r.rs.robotsStore
	if store == nil {
		return r.rs.robots.get(ctx, origin, fetch)
	}
	return r.rs.robots.get(ctx, origin, func() *robots {
		data, ok, err := store.Robots(ctx, origin, func() ([]byte, bool) {
			rb := fetch()
			if rb == nil {
				return nil, false
			}
			return rb.encode(), true
		})
		if err != nil {
			if ctx.Err() == nil {
				r.rs.fail(err)
			}
			return nil
		}
		if !ok {
			return nil
		}
		rb, err := decodeRobots(data)
		if err != nil {
			r.log.Warn("stored robots.txt unreadable; fetching it", "origin", origin, "err", err)
			return fetch()
		}
		return rb
	})
}

// robotsWire is a parsed robots.txt as a RobotsStore keeps it.
type robotsWire struct {
	Allow       []bool        `json:"a,omitempty"`
	Patterns    []string      `json:"p,omitempty"`
	CrawlDelay  time.Duration `json:"d,omitempty"`
	Sitemaps    []string      `json:"s,omitempty"`
	Unreachable bool          `json:"u,omitempty"`
	Cause       string        `json:"c,omitempty"`
}

func (rb *robots) encode() []byte {
	w := robotsWire{CrawlDelay: rb.CrawlDelay, Sitemaps: rb.Sitemaps, Unreachable: rb.unreachable, Cause: rb.cause}
	for _, rule := range rb.Rules {
		w.Allow = append(w.Allow, rule.Allow)
		w.Patterns = append(w.Patterns, rule.Pattern)
	}
	b, _ := json.Marshal(w)
	return b
}

func decodeRobots(b []byte) (*robots, error) {
	var w robotsWire
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, err
	}
	if len(w.Allow) != len(w.Patterns) {
		return nil, errors.New("rules and patterns differ in number")
	}
	rb := &robots{Robots: robotstxt.Robots{CrawlDelay: w.CrawlDelay, Sitemaps: w.Sitemaps}, unreachable: w.Unreachable, cause: w.Cause}
	for i, p := range w.Patterns {
		rb.Rules = append(rb.Rules, robotstxt.Rule{Allow: w.Allow[i], Pattern: p})
	}
	return rb, nil
}

func (r *runner) fetchRobots(ctx, fctx context.Context, u string) *robots {
	var body []byte
	res := r.attempt(ctx, u, func() *result {
		return r.stream(fctx, u, nil, -1, func(rd io.Reader) error {
			var err error
			body, err = io.ReadAll(io.LimitReader(rd, robotsMaxBytes))
			return err
		})
	})
	switch {
	case res.interrupted, res.err != nil && fctx.Err() != nil:
		return nil
	case errors.Is(res.err, ErrPrivateAddress), errors.Is(res.err, errOffSite), errors.Is(res.err, errRedirectLoop):
		return &robots{}
	case res.err != nil, res.status == http.StatusTooManyRequests, res.status >= 500:
		cause := fmt.Sprintf("robots.txt %s: status %d", u, res.status)
		if res.err != nil {
			msg := res.err.Error()
			if ue := (*url.Error)(nil); errors.As(res.err, &ue) {
				msg = strings.TrimPrefix(msg, fmt.Sprintf("%s %q: ", ue.Op, ue.URL)) // the cause names the URL
			}
			if reasonOf(0, res.err) == ReasonTimeout && !strings.Contains(strings.ToLower(msg), "timeout") {
				msg = "timeout: " + msg
			}
			cause = fmt.Sprintf("robots.txt %s: %s", u, msg)
		}
		r.log.Warn("robots.txt unreachable: not crawling the host this run", "url", u, "status", res.status, "err", res.err)
		return &robots{unreachable: true, cause: cause}
	case res.ok():
		rb := parseRobots(body, r.agent)
		if rb.CrawlDelay > maxCrawlDelay {
			r.log.Warn("robots.txt Crawl-delay cut", "url", u, "crawl_delay", rb.CrawlDelay, "used", maxCrawlDelay)
			rb.CrawlDelay = maxCrawlDelay
		}
		return rb
	}
	return &robots{}
}

// robotsBlock returns why raw (canonical) may not be fetched ("robots",
// "robots-unreachable", "interrupted"), or "", and for
// "robots-unreachable" the error that says why. found is the URL as it
// was found ("" when the same): it is refused when either is disallowed.
// It also applies the host's Crawl-delay.
func (r *runner) robotsBlock(ctx, fctx context.Context, raw, found string) (Reason, error) {
	if !r.site.ObeyRobots {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "", nil
	}
	rb := r.robotsFor(ctx, fctx, u)
	switch {
	case rb == nil:
		return ReasonInterrupted, nil
	case rb.unreachable:
		cause := rb.cause
		if cause == "" { // stored by an older worker
			cause = "robots.txt of " + u.Host
		}
		return ReasonRobotsUnreachable, fmt.Errorf("%w: %s", errRobotsUnreachable, cause)
	}
	if rb.CrawlDelay > 0 {
		r.rs.crawlDelay(fctx, hostKey(raw), rb.CrawlDelay)
	}
	if !rb.allowedAll(raw, found) {
		return ReasonRobots, nil
	}
	return "", nil
}

// robotsSitemaps queues the Sitemap: lines of a robots.txt.
func (r *runner) robotsSitemaps(ctx, fctx context.Context, j job) {
	u, err := url.Parse(j.url)
	if err != nil {
		return
	}
	rb := r.robotsFor(ctx, fctx, u)
	if rb == nil {
		if j.cut != nil {
			j.cut.yes = true
		}
		return
	}
	for _, s := range rb.Sitemaps {
		if abs := absURL(u, s); abs != "" {
			r.push(fctx, job{url: Canonical(abs), kind: kindSitemap})
		}
	}
}

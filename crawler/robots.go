package crawler

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// robots.txt (RFC 9309), fetched once per origin and run through the same
// client as every page, so the address guard applies:
//
//   - 2xx: the rules of the group naming our product token (the User-Agent
//     up to its first "/"), or else of the "*" group; the longest matching
//     Allow/Disallow wins, Allow on a tie; "*" and a final "$" in paths.
//     Crawl-delay (of that group) raises the host's delay. Sitemap: lines
//     are kept for Site.SitemapsFromRobots. The first 500 KiB are read.
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
	rules       []robotsRule
	crawlDelay  time.Duration
	sitemaps    []string
	unreachable bool
	cause       string // why it is unreachable: "robots.txt http://x/robots.txt: status 503"
}

type robotsRule struct {
	allow   bool
	pattern string
}

// productToken is the robots.txt name of a User-Agent: "newsnorm/0.1
// (+https://...)" is "newsnorm".
func productToken(ua string) string {
	ua = strings.TrimSpace(ua)
	if i := strings.IndexAny(ua, "/ \t;("); i >= 0 {
		ua = ua[:i]
	}
	return strings.ToLower(ua)
}

type robotsGroup struct {
	agents []string
	rules  []robotsRule
	delay  time.Duration
	closed bool // a rule followed the user-agent lines: the next one starts a new group
}

// parseRobots parses a robots.txt for agent (a product token). Lines it
// does not understand are skipped.
func parseRobots(body []byte, agent string) *robots {
	rb := &robots{}
	var groups []*robotsGroup
	var cur *robotsGroup
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(make([]byte, 0, 4096), robotsMaxBytes)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if cur == nil || cur.closed {
				cur = &robotsGroup{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(val))
		case "allow", "disallow":
			if cur == nil {
				continue
			}
			cur.closed = true
			if val != "" {
				cur.rules = append(cur.rules, robotsRule{allow: key == "allow", pattern: normalizeRobotsPath(val)})
			}
		case "crawl-delay":
			if cur == nil {
				continue
			}
			cur.closed = true
			if secs, err := strconv.ParseFloat(val, 64); err == nil && secs > 0 && secs < 1e6 {
				cur.delay = time.Duration(secs * float64(time.Second))
			}
		case "sitemap":
			if val != "" {
				rb.sitemaps = append(rb.sitemaps, val)
			}
		}
	}
	var mine, star []*robotsGroup
	for _, g := range groups {
		if agent != "" && slices.ContainsFunc(g.agents, func(a string) bool { return productToken(a) == agent }) {
			mine = append(mine, g)
		} else if slices.Contains(g.agents, "*") {
			star = append(star, g)
		}
	}
	if len(mine) == 0 {
		mine = star
	}
	for _, g := range mine {
		rb.rules = append(rb.rules, g.rules...)
		rb.crawlDelay = max(rb.crawlDelay, g.delay)
	}
	return rb
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
	if path == "/robots.txt" {
		return true
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	path = normalizeRobotsPath(path)
	best, allow := -1, true
	for _, rule := range rb.rules {
		if !robotsMatch(rule.pattern, path) {
			continue
		}
		if n := len(rule.pattern); n > best || n == best && rule.allow {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// normalizeRobotsPath percent-encodes bytes outside ASCII and upper-cases
// percent escapes, so that patterns and paths compare as RFC 9309 asks.
func normalizeRobotsPath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			b.WriteByte('%')
			b.WriteString(strings.ToUpper(p[i+1 : i+3]))
			i += 2
		case c >= 0x80 || c <= ' ':
			b.WriteByte('%')
			b.WriteString(strings.ToUpper(strconv.FormatUint(uint64(c)|0x100, 16)[1:]))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// robotsMatch matches a robots.txt path pattern: a prefix, with "*" for
// any run of characters and a final "$" for the end of the path.
func robotsMatch(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	pos := len(parts[0])
	if len(parts) == 1 {
		return !anchored || pos == len(path)
	}
	for _, p := range parts[1 : len(parts)-1] {
		i := strings.Index(path[pos:], p)
		if i < 0 {
			return false
		}
		pos += i + len(p)
	}
	last := parts[len(parts)-1]
	if anchored {
		return len(path)-len(last) >= pos && strings.HasSuffix(path, last)
	}
	return strings.Contains(path[pos:], last)
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
	w := robotsWire{CrawlDelay: rb.crawlDelay, Sitemaps: rb.sitemaps, Unreachable: rb.unreachable, Cause: rb.cause}
	for _, rule := range rb.rules {
		w.Allow = append(w.Allow, rule.allow)
		w.Patterns = append(w.Patterns, rule.pattern)
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
	rb := &robots{crawlDelay: w.CrawlDelay, sitemaps: w.Sitemaps, unreachable: w.Unreachable, cause: w.Cause}
	for i, p := range w.Patterns {
		rb.rules = append(rb.rules, robotsRule{allow: w.Allow[i], pattern: p})
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
		if rb.crawlDelay > maxCrawlDelay {
			r.log.Warn("robots.txt Crawl-delay cut", "url", u, "crawl_delay", rb.crawlDelay, "used", maxCrawlDelay)
			rb.crawlDelay = maxCrawlDelay
		}
		return rb
	}
	return &robots{}
}

// robotsBlock returns why u may not be fetched ("robots",
// "robots-unreachable", "interrupted"), or "", and for
// "robots-unreachable" the error that says why. It also applies the
// host's Crawl-delay.
func (r *runner) robotsBlock(ctx, fctx context.Context, raw string) (Reason, error) {
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
	if rb.crawlDelay > 0 {
		r.rs.crawlDelay(fctx, hostKey(raw), rb.crawlDelay)
	}
	if !rb.allowed(u) {
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
	for _, s := range rb.sitemaps {
		if abs := absURL(u, s); abs != "" {
			r.push(fctx, job{url: Canonical(abs), kind: kindSitemap})
		}
	}
}

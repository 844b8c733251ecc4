package crawler

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/newsnorm/newsnorm/internal/pause"
)

// Politeness per host (host:port), shared by every runner of a Crawl or
// Fetch call (and, with Options.Shared, by every worker of the fleet; the
// Gates of package state keep the same rules in Redis):
//
//   - at most Parallelism requests in flight;
//   - at least the delay between the starts of two requests, plus up to
//     25% random jitter. The delay starts as the site's Delay, raised to
//     the robots.txt Crawl-delay;
//   - a 429 or 503 doubles the delay (at least minSlowDelay, at most
//     maxSlowDelay) for the rest of the run and pauses the host for its
//     Retry-After; every later success takes a quarter of the extra delay
//     off again.
//
// Colly's LimitRule is not used: its delay cannot change during a run, and
// it spaces requests per slot, not per host.
const (
	minSlowDelay  = 500 * time.Millisecond
	maxSlowDelay  = 30 * time.Second
	maxCrawlDelay = time.Minute // a longer Crawl-delay is cut to this (and logged)
)

type hosts struct {
	mu sync.Mutex
	m  map[string]*host
}

func newHosts() *hosts { return &hosts{m: map[string]*host{}} }

// get returns the host's gate, made with s's settings on first use.
func (hs *hosts) get(key string, s *Site) *host { return hs.gate(key, s.Delay, s.Parallelism) }

func (hs *hosts) gate(key string, delay time.Duration, parallelism int) *host {
	hs.mu.Lock()
	defer hs.mu.Unlock()
	h, ok := hs.m[key]
	if !ok {
		d := max(delay, 0)
		h = &host{slots: make(chan struct{}, max(parallelism, 1)), base: d, delay: d}
		hs.m[key] = h
	}
	return h
}

// Acquire implements Gates in memory, for the runners of one process.
func (hs *hosts) Acquire(ctx context.Context, key string, delay time.Duration, parallelism int) (func(int, time.Duration), error) {
	h := hs.gate(key, delay, parallelism)
	if err := h.acquire(ctx); err != nil {
		return nil, err
	}
	return h.releaseAfter, nil
}

// CrawlDelay implements Gates.
func (hs *hosts) CrawlDelay(_ context.Context, key string, d time.Duration) error {
	hs.mu.Lock()
	h, ok := hs.m[key]
	hs.mu.Unlock()
	if ok {
		h.setCrawlDelay(d)
	}
	return nil
}

// host is the politeness gate of one host.
type host struct {
	slots chan struct{}

	mu        sync.Mutex
	base      time.Duration // site delay, or Crawl-delay when longer
	delay     time.Duration // base, or more after 429 and 503
	next      time.Time     // no request starts before this
	lastStart time.Time
}

// acquire waits for a free slot and the host's next start time. It fails
// only when ctx is done; then nothing is held.
func (h *host) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	for {
		h.mu.Lock()
		now := time.Now()
		if !now.Before(h.next) {
			h.lastStart = now
			h.next = now.Add(h.delay + jitter(h.delay))
			h.mu.Unlock()
			return nil
		}
		wait := h.next.Sub(now)
		h.mu.Unlock()
		if !pause.For(ctx, wait) {
			<-h.slots
			return ctx.Err()
		}
	}
}

// release frees the slot and adapts the delay to the answer: status 0 is
// no answer (an error).
func (h *host) release(status int, header http.Header, maxWait time.Duration) {
	h.releaseAfter(status, cappedRetryAfter(header, maxWait))
}

// cappedRetryAfter is the answer's Retry-After, at most maxWait; 0 if none.
func cappedRetryAfter(header http.Header, maxWait time.Duration) time.Duration {
	ra, ok := retryAfter(header)
	if !ok {
		return 0
	}
	return min(ra, maxWait)
}

// releaseAfter frees the slot and adapts the delay to the answer's status
// (0: no answer) and Retry-After (0: none).
func (h *host) releaseAfter(status int, ra time.Duration) {
	<-h.slots
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
		h.delay = min(max(2*h.delay, minSlowDelay), max(h.base, maxSlowDelay))
		if ra > 0 {
			if until := time.Now().Add(ra); until.After(h.next) {
				h.next = until
			}
		}
	case status >= 200 && status < 500 && h.delay > h.base:
		h.delay -= (h.delay - h.base) / 4
		if h.delay-h.base < 10*time.Millisecond {
			h.delay = h.base
		}
	}
}

// setCrawlDelay raises the host's delay to a robots.txt Crawl-delay,
// counted from now, when the robots.txt has answered: the server then saw
// its request, however long the connection took to set up (counting from
// the request's start would let the next one follow it by less).
func (h *host) setCrawlDelay(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if d <= h.base {
		return
	}
	h.base = d
	h.delay = max(h.delay, d)
	if !h.lastStart.IsZero() {
		if at := time.Now().Add(d); at.After(h.next) {
			h.next = at
		}
	}
}

func (h *host) currentDelay() time.Duration {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.delay
}

func jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d/4) + 1))
}

// attempt runs once, through the host's gate, until it succeeds, fails
// for good, or Options.Retries retries are spent. Retries wait an
// exponential backoff or the answer's Retry-After. A Retry-After longer
// than MaxRetryWait is not waited for: the URL fails as "retry-after",
// and so does every URL of the host while it has asked for longer than
// MaxRetryWait, without a request (the next run tries them again). ctx
// is the run's context: once it is done, no further attempt starts.
func (r *runner) attempt(ctx context.Context, rawURL string, once func() *result) *result {
	key := hostKey(rawURL)
	maxWait := r.opts.maxRetryWait()
	for n := 1; ; n++ {
		if until := r.rs.pausedUntil(key); !until.IsZero() {
			wait := time.Until(until)
			if wait > maxWait {
				return &result{attempts: n - 1, err: fmt.Errorf("%w: %s asked (Retry-After) not to be requested before %s, longer than max_retry_wait %v",
					errRetryAfter, key, until.UTC().Format(time.RFC3339), maxWait)}
			}
			if !pause.For(ctx, wait) {
				return &result{attempts: n - 1, interrupted: true, err: errInterrupted}
			}
		}
		done, err := r.rs.gates.Acquire(ctx, key, r.site.Delay, r.site.Parallelism)
		if err != nil {
			if ctx.Err() == nil {
				r.rs.fail(err)
			}
			return &result{attempts: n - 1, interrupted: true, err: errInterrupted}
		}
		r.stats.Requests.Add(1)
		start := time.Now()
		res := once()
		res.attempts = n
		r.logRequest(rawURL, res, time.Since(start))
		ra, hasRA := retryAfter(res.header)
		if hasRA && slowDown(res.status) {
			r.rs.pauseHost(key, time.Now().Add(ra))
		}
		done(res.status, min(ra, maxWait))
		if !retryable(res) {
			return res
		}
		if hasRA && ra > maxWait {
			res.err = fmt.Errorf("%w: status %d with Retry-After %q, longer than max_retry_wait %v", errRetryAfter, res.status, res.header.Get("Retry-After"), maxWait)
			return res
		}
		if n > r.opts.Retries {
			return res
		}
		wait, ok := retryWait(n, res.header, maxWait)
		if !ok {
			return res
		}
		r.log.Debug("retrying", "url", rawURL, "status", res.status, "err", res.err, "attempt", n, "wait", wait)
		if !pause.For(ctx, wait) {
			res.interrupted = true
			return res
		}
	}
}

// retryable: timeouts, connection errors, 429 and 5xx; not refused
// addresses, redirects out of the site or in circles, too-large or broken
// bodies, nor requests cut by the end of the grace period.
func retryable(res *result) bool {
	switch err := res.err; {
	case res.interrupted:
		return false
	case err != nil:
		return !errors.Is(err, ErrPrivateAddress) && !errors.Is(err, errOffSite) && !errors.Is(err, errRedirectLoop) &&
			!errors.Is(err, errTooLarge) && !errors.Is(err, errBadGzip) && !errors.Is(err, errBadSitemap) &&
			!errors.Is(err, errBadFeed) && !errors.Is(err, context.Canceled)
	}
	return res.status == http.StatusTooManyRequests || res.status >= 500
}

// retryWait is the server's Retry-After, or an exponential backoff with
// jitter (0.5s, 1s, 2s, ...) capped at limit; ok is false when the server
// asks for longer than limit.
func retryWait(attempt int, h http.Header, limit time.Duration) (time.Duration, bool) {
	if ra, ok := retryAfter(h); ok {
		return ra, ra <= limit
	}
	d := 500 * time.Millisecond << min(attempt-1, 10)
	d += jitter(d)
	return min(d, limit), true
}

// maxRetryAfter is the longest Retry-After: longer ones (up to "forever",
// or more seconds than a time.Duration holds) mean this, so that no sum
// with it overflows.
const maxRetryAfter = 10 * 365 * 24 * time.Hour

// retryAfter parses Retry-After: delay-seconds or an HTTP date, at most
// maxRetryAfter.
func retryAfter(h http.Header) (time.Duration, bool) {
	ra := strings.TrimSpace(h.Get("Retry-After"))
	if ra == "" {
		return 0, false
	}
	if ra[0] >= '0' && ra[0] <= '9' {
		secs, err := strconv.ParseUint(ra, 10, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return 0, false
		}
		if err != nil || secs > uint64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(ra); err == nil {
		return min(max(time.Until(t), 0), maxRetryAfter), true
	}
	return 0, false
}

// slowDown reports whether an answer asks the host to be left alone for a
// while: 429 and 503 (their Retry-After pauses the host).
func slowDown(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
}

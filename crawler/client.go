package crawler

import (
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"time"
)

const (
	maxRedirects   = 10
	defaultTimeout = 30 * time.Second
)

// result is the outcome of one request (after its retries).
type result struct {
	status   int
	header   http.Header
	body     []byte // pages only; streamed bodies are consumed by their reader
	finalURL string
	err      error
	attempts int
	// interrupted: the run's context was cancelled before or between
	// attempts, or the grace period cut the request.
	interrupted bool
	responded   bool  // a response (any status) arrived
	bytes       int64 // body bytes read (decompressed), for the debug log
}

func (res *result) ok() bool { return res.err == nil && res.status >= 200 && res.status < 300 }

// newTransport builds the transport every runner of a Crawl or Fetch
// shares: the address guard, connect timeout, the cap on open
// connections (conns.go), and bounded gzip decoding. perHost is how many
// idle connections to one host are kept (the largest Parallelism).
func newTransport(opts Options, perHost int) (http.RoundTripper, *http.Transport, *connLimiter) {
	timeout := opts.timeout()
	g := newGuard(opts)
	limit := newConnLimiter(opts.maxConnections())
	tr := &http.Transport{
		Proxy:                 g.proxy,
		DialContext:           limit.dial(g.dialContext(min(timeout, 10*time.Second))),
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   min(timeout, 10*time.Second),
		ResponseHeaderTimeout: timeout,
		MaxIdleConns:          max(opts.maxConnections()/2, 1),
		MaxIdleConnsPerHost:   max(perHost, 2),
		IdleConnTimeout:       30 * time.Second,
		// gunzipTransport asks for gzip and decodes it, bounded by the
		// reader, so that colly never inflates a body past MaxBodyBytes.
		DisableCompression: true,
	}
	limit.closeIdle = tr.CloseIdleConnections
	return &gunzipTransport{next: tr}, tr, limit
}

func (o *Options) timeout() time.Duration {
	if o.Timeout > 0 {
		return o.Timeout
	}
	return defaultTimeout
}

// newClient builds the HTTP client every request of a runner goes through,
// robots.txt and sitemaps included, over the shared transport rt: the
// total timeout, the site's cookies and the redirect policy.
func newClient(opts Options, rt http.RoundTripper) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Transport:     rt,
		Timeout:       opts.timeout(),
		CheckRedirect: checkRedirect,
		Jar:           jar,
	}
}

// checkRedirect follows at most maxRedirects redirects, and only within the
// site (same host, www. or a subdomain), before any request is made to the
// new host.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects: %w", len(via), errRedirectLoop)
	}
	if !sameSite(req.URL.Hostname(), via[0].URL.Hostname()) {
		return fmt.Errorf("redirect to another host %s: %w", req.URL.Host, errOffSite)
	}
	return nil
}

func sameSite(a, b string) bool {
	a, b = strings.TrimPrefix(strings.ToLower(a), "www."), strings.TrimPrefix(strings.ToLower(b), "www.")
	return a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a)
}

// requestHeader is hdr with Accept set, for page and streamed requests
// alike.
func requestHeader(hdr http.Header, accept string) http.Header {
	h := hdr.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Accept", accept)
	return h
}

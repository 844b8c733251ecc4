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
	responded   bool // a response (any status) arrived
}

func (res *result) ok() bool { return res.err == nil && res.status >= 200 && res.status < 300 }

// newClient builds the HTTP client every request of a runner goes through,
// robots.txt and sitemaps included: the address guard, connect and total
// timeouts, bounded gzip decoding and the redirect policy.
func newClient(s *Site, opts Options) *http.Client {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = defaultTimeout
	}
	g := newGuard(opts)
	tr := &http.Transport{
		Proxy:                 g.proxy,
		DialContext:           g.dialContext(min(timeout, 10*time.Second)),
		ForceAttemptHTTP2:     true,
		TLSHandshakeTimeout:   min(timeout, 10*time.Second),
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   max(s.Parallelism, 2),
		IdleConnTimeout:       90 * time.Second,
		// gunzipTransport asks for gzip and decodes it, bounded by the
		// reader, so that colly never inflates a body past MaxBodyBytes.
		DisableCompression: true,
	}
	jar, _ := cookiejar.New(nil)
	return &http.Client{
		Transport:     &gunzipTransport{next: tr},
		Timeout:       timeout,
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

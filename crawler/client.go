package crawler

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"strconv"
	"strings"
	"time"

	"github.com/gocolly/colly/v2"
)

// Errors behind the failure reasons (see reasonOf).
var (
	errTooLarge     = errors.New("response too large")
	errOffSite      = errors.New("off-site redirect")
	errRedirectLoop = errors.New("too many redirects")
	errBadGzip      = errors.New("bad gzip data")
	errBadFeed      = errors.New("bad feed")
	errBadSitemap   = errors.New("bad sitemap")
	errBadEncoding  = errors.New("bad character encoding")
	errInterrupted  = errors.New("interrupted")
)

// statusError is an answer that is not a success.
type statusError int

func (e statusError) Error() string { return "status " + strconv.Itoa(int(e)) }

const (
	maxRedirects   = 10
	defaultTimeout = 30 * time.Second
	defaultMaxBody = 10 << 20
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

// gunzipTransport asks for gzip and decodes any body that starts with the
// gzip magic bytes, whatever Content-Encoding says (so .xml.gz sitemaps and
// double-compressed bodies are decoded too), lazily: whoever reads the body
// bounds the decompressed size. It marks every response Uncompressed, so
// colly never decompresses on its own (it would bound only the compressed
// bytes: a gzip bomb).
type gunzipTransport struct{ next http.RoundTripper }

func (t *gunzipTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("Accept-Encoding") == "" && req.Header.Get("Range") == "" {
		req = req.Clone(req.Context())
		req.Header.Set("Accept-Encoding", "gzip")
	}
	res, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	res.Uncompressed = true
	// The first two bytes, read into a small array rather than a 4 KiB
	// buffer per response (the transport buffers the connection already).
	var magic [2]byte
	n, err := io.ReadFull(res.Body, magic[:])
	var rest io.Reader = res.Body
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		rest = errReader{err} // the reader of the body meets the error
	}
	body := io.MultiReader(bytes.NewReader(magic[:n]), rest)
	if n == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		res.Body = &gzipBody{src: bufio.NewReader(body), body: res.Body}
		res.Header.Del("Content-Length")
		res.ContentLength = -1
	} else {
		res.Body = struct {
			io.Reader
			io.Closer
		}{body, res.Body}
	}
	// Decoded here, or not gzip at all whatever the header claimed.
	res.Header.Del("Content-Encoding")
	return res, nil
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// gzipBody inflates on demand: reading n bytes inflates n bytes.
type gzipBody struct {
	src  *bufio.Reader
	body io.Closer
	zr   *gzip.Reader
}

func (g *gzipBody) Read(p []byte) (int, error) {
	if g.zr == nil {
		zr, err := gzip.NewReader(g.src)
		if err != nil {
			return 0, gzipErr(err)
		}
		g.zr = zr
	}
	n, err := g.zr.Read(p)
	return n, gzipErr(err)
}

func (g *gzipBody) Close() error { return g.body.Close() }

func gzipErr(err error) error {
	var ce flate.CorruptInputError
	if errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) || errors.As(err, &ce) {
		return fmt.Errorf("%w: %w", errBadGzip, err)
	}
	return err
}

// Keys of the colly request context.
const (
	ctxResult = "result"
	// hiddenType holds Content-Type while colly looks at the response:
	// colly converts bodies whose Content-Type names a charset (and fails
	// the request on a label it does not know), and the crawler decodes
	// the original bytes itself (internal/charset).
	hiddenType = "X-Newsnorm-Content-Type"
)

// newCollector builds the colly collector that fetches a runner's pages
// and feeds through client. The runner keeps its own frontier, seen-set,
// robots.txt cache and politeness, so colly's are off; every status reaches
// OnResponse, and the runner decides.
func newCollector(client *http.Client, opts Options) *colly.Collector {
	maxBody := opts.MaxBodyBytes
	if maxBody <= 0 {
		maxBody = defaultMaxBody
	}
	c := colly.NewCollector()
	// Set after NewCollector, which lets COLLY_* environment variables
	// override its options (a body size of 0, robots.txt, a cache...).
	c.UserAgent = opts.UserAgent
	c.AllowURLRevisit = true
	c.MaxBodySize = maxBody + 1 // one more byte tells "too large" from "exactly the cap"
	c.ParseHTTPErrorResponse = true
	c.IgnoreRobotsTxt = true
	c.DetectCharset = false
	c.CacheDir = ""
	c.MaxDepth, c.MaxRequests = 0, 0
	c.AllowedDomains, c.DisallowedDomains = nil, nil
	c.SetClient(client)
	c.OnResponseHeaders(func(resp *colly.Response) {
		res := resp.Ctx.GetAny(ctxResult).(*result)
		h := *resp.Headers
		if cl, err := strconv.ParseInt(h.Get("Content-Length"), 10, 64); err == nil && cl > int64(maxBody) {
			res.err = fmt.Errorf("content-length %d > %d bytes: %w", cl, maxBody, errTooLarge)
			resp.Request.Abort()
		}
		if ct, ok := h["Content-Type"]; ok {
			h[hiddenType] = ct
			delete(h, "Content-Type")
		}
	})
	c.OnResponse(func(resp *colly.Response) {
		res := resp.Ctx.GetAny(ctxResult).(*result)
		h := *resp.Headers
		if ct, ok := h[hiddenType]; ok {
			h["Content-Type"] = ct
			delete(h, hiddenType)
		}
		res.responded = true
		res.status = resp.StatusCode
		res.header = h
		res.body = resp.Body
		res.finalURL = resp.Request.URL.String()
		if len(resp.Body) > maxBody {
			res.body = nil
			res.err = fmt.Errorf("body larger than %d bytes: %w", maxBody, errTooLarge)
		}
	})
	c.OnError(func(resp *colly.Response, err error) {
		res := resp.Ctx.GetAny(ctxResult).(*result)
		if res.err == nil {
			res.err = err
		}
		if resp.StatusCode != 0 {
			res.status = resp.StatusCode
		}
	})
	return c
}

// getPage makes one request for a page or feed through colly, on the
// collector's context (the run's grace context, set by runner.run).
func (r *runner) getPage(u string, hdr http.Header) *result {
	res := &result{}
	cctx := colly.NewContext()
	cctx.Put(ctxResult, res)
	h := requestHeader(hdr, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	if err := r.c.Request(http.MethodGet, u, nil, cctx, h); err != nil && res.err == nil && !res.responded {
		res.err = err
	}
	return res
}

// stream makes one request and hands a 2xx body to read as a stream,
// failing with errTooLarge past limit bytes (decompressed; limit < 0: no
// limit, read bounds itself). Sitemaps and robots.txt go this way: the
// same client, but no copy of the body in memory.
func (r *runner) stream(ctx context.Context, u string, hdr http.Header, limit int64, read func(io.Reader) error) *result {
	res := &result{}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		res.err = err
		return res
	}
	req.Header = requestHeader(hdr, "application/xml,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
	req.Header.Set("User-Agent", r.opts.UserAgent)
	resp, err := r.client.Do(req)
	if err != nil {
		res.err = err
		return res
	}
	defer resp.Body.Close()
	res.responded = true
	res.status = resp.StatusCode
	res.header = resp.Header
	res.finalURL = resp.Request.URL.String()
	if !res.ok() || read == nil {
		return res
	}
	if limit >= 0 && resp.ContentLength > limit {
		res.err = fmt.Errorf("content-length %d > %d bytes: %w", resp.ContentLength, limit, errTooLarge)
		return res
	}
	lr := &limitReader{r: resp.Body, left: limit}
	err = read(lr)
	r.stats.Bytes.Add(lr.n)
	switch {
	case lr.err != nil: // the body itself failed: too large, timeout, connection
		res.err = lr.err
	case err != nil:
		res.err = err
	}
	return res
}

func requestHeader(hdr http.Header, accept string) http.Header {
	h := hdr.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Accept", accept)
	return h
}

// limitReader fails with errTooLarge once more than left bytes are read
// (left < 0: no limit), and remembers the first error of the body.
type limitReader struct {
	r    io.Reader
	left int64
	n    int64
	err  error
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if l.left >= 0 && int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.left >= 0 {
		if int64(n) > l.left {
			l.err = fmt.Errorf("body larger than the limit: %w", errTooLarge)
			return 0, l.err
		}
		l.left -= int64(n)
	}
	if err != nil && err != io.EOF {
		l.err = err
	}
	return n, err
}

// reasonOf names why a request failed, for Failure.Reason and Stats.
func reasonOf(status int, err error) string {
	var ne net.Error
	var se statusError
	switch {
	case errors.Is(err, ErrPrivateAddress):
		return "private-address"
	case errors.Is(err, errTooLarge):
		return "too-large"
	case errors.Is(err, errOffSite):
		return "off-site-redirect"
	case errors.Is(err, errRedirectLoop):
		return "redirect-loop"
	case errors.Is(err, errBadGzip):
		return "bad-gzip"
	case errors.Is(err, errBadFeed):
		return "bad-feed"
	case errors.Is(err, errBadSitemap):
		return "bad-sitemap"
	case errors.Is(err, errBadEncoding):
		return "bad-encoding"
	case errors.Is(err, errInterrupted), errors.Is(err, context.Canceled):
		return "interrupted"
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.As(err, &se):
		return "status-" + strconv.Itoa(int(se))
	case err != nil:
		return "connection"
	case status < 200 || status > 299:
		return "status-" + strconv.Itoa(status)
	}
	return ""
}

// transient reasons may go away by the next run: a page with such a
// child must be read again, so its validators are not saved.
func transient(reason string) bool {
	switch reason {
	case "timeout", "connection", "interrupted", "robots-unreachable", "status-429":
		return true
	}
	return strings.HasPrefix(reason, "status-5")
}

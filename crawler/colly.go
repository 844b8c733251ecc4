package crawler

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gocolly/colly/v2"
)

// Colly's whole footprint in the crawler is this file: the collector that
// fetches a runner's pages and feeds (request lifecycle, body cap,
// callbacks). Everything else (frontier, seen-set, politeness, retries,
// robots.txt, conditional requests, streamed sitemaps) is the crawler's own.

const defaultMaxBody = 10 << 20

// collector is a runner's colly collector, for pages and feeds.
type collector struct{ c *colly.Collector }

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
func newCollector(client *http.Client, opts Options) *collector {
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
		res.bytes = int64(len(resp.Body))
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
	return &collector{c: c}
}

// setContext makes the collector's requests run on ctx (the run's grace
// context, set by runner.run before its workers start).
func (c *collector) setContext(ctx context.Context) { c.c.Context = ctx }

// getPage makes one request for a page or feed through colly, on the
// collector's context (the run's grace context, set by runner.run).
func (r *runner) getPage(u string, hdr http.Header) *result {
	res := &result{}
	cctx := colly.NewContext()
	cctx.Put(ctxResult, res)
	h := requestHeader(hdr, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	if err := r.pages.c.Request(http.MethodGet, u, nil, cctx, h); err != nil && res.err == nil && !res.responded {
		res.err = err
	}
	return res
}

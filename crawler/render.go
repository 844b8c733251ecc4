package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// RenderMode says which article pages of a site are rendered in a browser
// (Hooks.Render) after their static fetch.
type RenderMode string

// The values of Site.Render.
const (
	RenderNone    RenderMode = ""
	RenderBrowser RenderMode = "browser" // every article page
	// RenderAuto: the pages whose static HTML gives no article, as
	// Hooks.Static says.
	RenderAuto RenderMode = "auto"
)

// Fetcher fetches one subrequest of a page being rendered (a script, a
// stylesheet, an XHR), for Hooks.Render. It is the crawler's own way to
// the network, with the same rules as a page's request (see subFetcher).
// The caller reads and closes the response body.
type Fetcher func(*http.Request) (*http.Response, error)

// RenderError is a page that could not be rendered: Hooks.Render returns
// it, and the URL fails with Reason ("render-timeout", "render-crashed",
// "render-failed", as package render names them).
type RenderError struct {
	Reason string
	Err    error
}

func (e *RenderError) Error() string { return e.Err.Error() }
func (e *RenderError) Unwrap() error { return e.Err }

var errSubrequest = errors.New("subrequest refused")

// article hands an article page on: rendered first when the site renders
// every page, or when Hooks.Static finds no article in the static one.
func (r *runner) article(ctx, fctx context.Context, j job, res *result, pg *Page) {
	render := r.hooks.Render != nil
	switch {
	case render && r.site.Render == RenderBrowser:
		r.render(ctx, fctx, j, res, pg)
	case render && r.site.Render == RenderAuto && r.hooks.Static != nil:
		if r.hooks.Static(fctx, r.site, pg) {
			r.render(ctx, fctx, j, res, pg)
		}
	case r.hooks.Article != nil:
		r.hooks.Article(fctx, r.site, pg)
	}
}

// render renders pg through Hooks.Render and hands the rendered page on;
// a page that cannot be rendered is a failure of its URL, never a stop.
func (r *runner) render(ctx, fctx context.Context, j job, res *result, pg *Page) {
	out, err := r.hooks.Render(fctx, r.site, pg, r.subFetcher(ctx, fctx, pg))
	if err != nil {
		r.fail(fctx, j, res.status, res.attempts, err)
		return
	}
	r.stats.Rendered.Add(1)
	out.Rendered = true
	if r.hooks.Article != nil {
		r.hooks.Article(fctx, r.site, out)
	}
}

// subFetcher returns the Fetcher of pg's subrequests. Each goes out as the
// site's own requests do: only to the page's site (its host, www. or a
// subdomain: the browser's confinement holds already, this is the second
// check), only where robots.txt allows, through the host's politeness
// gate (parallelism, delay, Retry-After pauses), with the crawler's
// User-Agent and through the site's client (the private-address guard at
// connect time, redirects within the site, the timeout). One attempt: no
// retries. The request's context is the page's (its render timeout).
func (r *runner) subFetcher(ctx, fctx context.Context, pg *Page) Fetcher {
	page, _ := url.Parse(pg.FinalURL)
	return func(req *http.Request) (*http.Response, error) {
		u := req.URL
		refuse := func(why string) (*http.Response, error) {
			return nil, fmt.Errorf("%w: %s: %s", errSubrequest, u, why)
		}
		switch {
		case u.Scheme != "http" && u.Scheme != "https":
			return refuse("not http or https")
		case page == nil || !subrequestOnSite(u, page):
			return refuse("not on the page's site")
		case r.opts.MaxURLBytes > 0 && len(u.String()) > r.opts.MaxURLBytes:
			return refuse("url too long")
		}
		switch reason, err := r.robotsBlock(ctx, fctx, u.String(), u.String()); reason {
		case "":
		case ReasonRobots:
			return refuse("disallowed by robots.txt")
		default:
			if err == nil {
				err = errors.New(string(reason))
			}
			return refuse(err.Error())
		}
		key := hostKey(u.String())
		if until := r.rs.pausedUntil(key); !until.IsZero() {
			return refuse("the host asked (Retry-After) not to be requested before " + until.UTC().Format(time.RFC3339))
		}
		done, err := r.rs.gates.Acquire(req.Context(), key, r.site.Delay, r.site.Parallelism)
		if err != nil {
			if req.Context().Err() == nil {
				r.rs.fail(err)
			}
			return nil, err
		}
		r.stats.Requests.Add(1)
		req.Header.Set("User-Agent", r.opts.UserAgent)
		resp, err := r.client.Do(req)
		if err != nil {
			done(0, 0)
			return nil, err
		}
		ra, hasRA := retryAfter(resp.Header)
		if hasRA && slowDown(resp.StatusCode) {
			r.rs.pauseHost(key, time.Now().Add(ra))
		}
		status, wait := resp.StatusCode, min(ra, r.opts.maxRetryWait())
		resp.Body = &releasingBody{ReadCloser: resp.Body, release: func() { done(status, wait) }}
		return resp, nil
	}
}

// subrequestOnSite reports whether u is on page's site: a host name on
// it (sameSite: the host, www. or a subdomain); an IP address or a name
// without a dot only on the same port, so that two servers on one address
// are two sites.
func subrequestOnSite(u, page *url.URL) bool {
	host := strings.ToLower(u.Hostname())
	if net.ParseIP(host) == nil && strings.Contains(host, ".") {
		return sameSite(host, page.Hostname())
	}
	return strings.EqualFold(host, page.Hostname()) && effectivePort(u) == effectivePort(page)
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}

// releasingBody gives the host's politeness slot back when the body is
// closed: a subrequest is in flight until it is read.
type releasingBody struct {
	io.ReadCloser
	once    sync.Once
	release func()
}

func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.release)
	return err
}

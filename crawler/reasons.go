package crawler

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"
)

// Reason says why a URL failed or was skipped. Its values are
// Failure.Reason, the reason given to Hooks.Skipped and the keys of
// Stats.Failed and Stats.Skipped (which are plain strings); they appear
// in output files, summaries and metrics, so they never change.
type Reason string

// Failure reasons (Hooks.Failed, Stats.Failed), besides StatusReason.
const (
	ReasonTimeout         Reason = "timeout"
	ReasonConnection      Reason = "connection"
	ReasonTooLarge        Reason = "too-large" // more than MaxBodyBytes after decompression; 64 MiB for sitemaps
	ReasonPrivateAddress  Reason = "private-address"
	ReasonOffSiteRedirect Reason = "off-site-redirect"
	ReasonRedirectLoop    Reason = "redirect-loop" // more than 10 redirects
	ReasonBadGzip         Reason = "bad-gzip"
	ReasonBadFeed         Reason = "bad-feed"
	ReasonBadSitemap      Reason = "bad-sitemap"
	ReasonBadEncoding     Reason = "bad-encoding"
	// ReasonRobotsUnreachable: the host's robots.txt answered 429 or 5xx
	// or could not be fetched (timeout, connection, DNS), so the URL was
	// not requested this run.
	ReasonRobotsUnreachable Reason = "robots-unreachable"
	// ReasonRetryAfter: the host asked (Retry-After) to wait longer than
	// max_retry_wait, so the URL is left to the next run.
	ReasonRetryAfter Reason = "retry-after"
	// ReasonURLTooLong: the URL is longer than max_url_bytes; it is not
	// requested (limits.go).
	ReasonURLTooLong Reason = "url-too-long"
)

// Skip reasons (Hooks.Skipped, for articles, and Stats.Skipped).
const (
	ReasonRobots        Reason = "robots" // disallowed by robots.txt
	ReasonNotHTML       Reason = "not-html"
	ReasonInterrupted   Reason = "interrupted"    // cut by the cancellation (Stats.Skipped only)
	ReasonSitemapLimit  Reason = "sitemap-limit"  // more sitemap files than a site may have (Stats.Skipped only)
	ReasonRepeated      Reason = "repeated"       // a URL list repeats a URL still being fetched (Stats.Skipped only)
	ReasonMaxPages      Reason = "max-pages"      // past the site's max_pages this run (Stats.Skipped only)
	ReasonQueryVariants Reason = "query-variants" // a listing page past max_query_variants of its path (Stats.Skipped only)
	ReasonArticleLimit  Reason = "article-limit"  // an article past the site's MaxArticles this run (Stats.Skipped only)
)

// statusPrefix starts the reason of an answer that is not a success.
const statusPrefix = "status-"

// StatusReason is the failure reason of an answer with status code that is
// not a success (after retries for 429 and 5xx): "status-503".
func StatusReason(code int) Reason { return Reason(statusPrefix + strconv.Itoa(code)) }

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
	// errRobotsUnreachable wraps the cause a robots.txt could not be had.
	errRobotsUnreachable = errors.New("robots.txt unreachable, host not crawled this run")
	errRetryAfter        = errors.New("Retry-After too long, left to the next run")
	errURLTooLong        = errors.New("url too long")
)

// statusError is an answer that is not a success.
type statusError int

func (e statusError) Error() string { return "status " + strconv.Itoa(int(e)) }

// reasonOf names why a request failed, for Failure.Reason and Stats.
func reasonOf(status int, err error) Reason {
	var ne net.Error
	var se statusError
	var re *RenderError
	switch {
	case errors.As(err, &re) && re.Reason != "":
		return Reason(re.Reason)
	case errors.Is(err, errRobotsUnreachable):
		return ReasonRobotsUnreachable
	case errors.Is(err, errRetryAfter):
		return ReasonRetryAfter
	case errors.Is(err, ErrPrivateAddress):
		return ReasonPrivateAddress
	case errors.Is(err, errTooLarge):
		return ReasonTooLarge
	case errors.Is(err, errOffSite):
		return ReasonOffSiteRedirect
	case errors.Is(err, errRedirectLoop):
		return ReasonRedirectLoop
	case errors.Is(err, errBadGzip):
		return ReasonBadGzip
	case errors.Is(err, errBadFeed):
		return ReasonBadFeed
	case errors.Is(err, errBadSitemap):
		return ReasonBadSitemap
	case errors.Is(err, errBadEncoding):
		return ReasonBadEncoding
	case errors.Is(err, errInterrupted), errors.Is(err, context.Canceled):
		return ReasonInterrupted
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded):
		return ReasonTimeout
	case errors.As(err, &se):
		return StatusReason(int(se))
	case err != nil:
		return ReasonConnection
	case status < 200 || status > 299:
		return StatusReason(status)
	}
	return ""
}

// statsOnly reasons are counted in Stats.Skipped and not reported to
// Hooks.Skipped: the next run picks the URL up.
func statsOnly(reason Reason) bool {
	return reason == ReasonInterrupted || reason == ReasonMaxPages || reason == ReasonQueryVariants || reason == ReasonArticleLimit
}

// transient reasons may go away by the next run: a page with such a
// child must be read again, so its validators are not saved.
func transient(reason Reason) bool {
	switch reason {
	case ReasonTimeout, ReasonConnection, ReasonInterrupted, ReasonRobotsUnreachable, ReasonRetryAfter, ReasonMaxPages, ReasonQueryVariants,
		ReasonArticleLimit, StatusReason(http.StatusTooManyRequests):
		return true
	}
	if strings.HasPrefix(string(reason), "render-") { // a browser that timed out or crashed may do better next run
		return true
	}
	return strings.HasPrefix(string(reason), statusPrefix+"5")
}

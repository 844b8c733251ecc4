package crawler

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
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

package crawler

import (
	"errors"
	"fmt"
	"testing"
)

// TestReasonStrings pins the reason strings: they appear in output files,
// summaries and metrics.
func TestReasonStrings(t *testing.T) {
	for _, tc := range []struct {
		got  Reason
		want string
	}{
		{ReasonTimeout, "timeout"},
		{ReasonConnection, "connection"},
		{ReasonTooLarge, "too-large"},
		{ReasonPrivateAddress, "private-address"},
		{ReasonOffSiteRedirect, "off-site-redirect"},
		{ReasonRedirectLoop, "redirect-loop"},
		{ReasonBadGzip, "bad-gzip"},
		{ReasonBadFeed, "bad-feed"},
		{ReasonBadSitemap, "bad-sitemap"},
		{ReasonBadEncoding, "bad-encoding"},
		{ReasonRobots, "robots"},
		{ReasonRobotsUnreachable, "robots-unreachable"},
		{ReasonNotHTML, "not-html"},
		{ReasonInterrupted, "interrupted"},
		{ReasonSitemapLimit, "sitemap-limit"},
		{StatusReason(503), "status-503"},
		{reasonOf(404, nil), "status-404"},
		{reasonOf(200, statusError(429)), "status-429"},
		{reasonOf(0, fmt.Errorf("x: %w", errBadGzip)), "bad-gzip"},
		{reasonOf(0, errors.New("reset")), "connection"},
		{reasonOf(200, nil), ""},
	} {
		if string(tc.got) != tc.want {
			t.Errorf("reason = %q, want %q", tc.got, tc.want)
		}
	}
}

func TestTransient(t *testing.T) {
	for _, tc := range []struct {
		r    Reason
		want bool
	}{
		{ReasonTimeout, true}, {ReasonConnection, true}, {ReasonInterrupted, true},
		{ReasonRobotsUnreachable, true}, {StatusReason(429), true}, {StatusReason(503), true},
		{StatusReason(404), false}, {ReasonTooLarge, false}, {ReasonRobots, false}, {ReasonNotHTML, false},
	} {
		if got := transient(tc.r); got != tc.want {
			t.Errorf("transient(%q) = %v, want %v", tc.r, got, tc.want)
		}
	}
}

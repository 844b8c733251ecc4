package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
)

// Limits that bound what hostile input can make a crawl do.
//
//   - A URL longer than Options.MaxURLBytes (8 KiB by default) is not
//     queued: it is a failure of its own, "url-too-long", whether a
//     listing page, a feed, a sitemap or a URL list gives it. Its
//     Failure.URL is its first MaxURLBytes bytes (a record of it, not a
//     URL to fetch). No store, log or request sees the whole URL.

const defaultMaxURLBytes = 8 << 10

func (o *Options) maxURLBytes() int {
	if o.MaxURLBytes > 0 {
		return o.MaxURLBytes
	}
	return defaultMaxURLBytes
}

// urlTooLong reports u, of the site named site, as a failure when it is
// longer than the limit, and then returns true.
func urlTooLong(ctx context.Context, opts *Options, h Hooks, stats *Stats, log *slog.Logger, site, u string) bool {
	limit := opts.maxURLBytes()
	if len(u) <= limit {
		return false
	}
	cut := strings.ToValidUTF8(u[:limit], "")
	err := fmt.Errorf("%w: %d bytes, more than max_url_bytes %d", errURLTooLong, len(u), limit)
	stats.count(&stats.failed, ReasonURLTooLong)
	if log != nil {
		log.Warn("url too long, not fetched", "url", cut[:min(len(cut), 200)]+"...", "site", site, "bytes", len(u), "max_url_bytes", limit)
	}
	if h.Failed != nil {
		h.Failed(ctx, Failure{URL: cut, Site: site, Reason: string(ReasonURLTooLong), Err: fmt.Errorf("fetch %s...: %w", cut[:min(len(cut), 200)], err)})
	}
	return true
}

// siteName is the name of site s, or for a URL no site owns (s nil), its
// host.
func siteName(s *Site, u string) string {
	if s != nil {
		return s.Name
	}
	if pu, err := url.Parse(u); err == nil && pu.Host != "" {
		return strings.ToLower(pu.Hostname())
	}
	return "unknown"
}

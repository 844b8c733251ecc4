// Package crawler finds and fetches pages: start pages, feeds, sitemaps and
// URL lists in, fetched pages (UTF-8) out. It knows nothing of extraction:
// it hands each fetched article page to a function it is given, and asks
// functions it is given whether an article is already done and which
// validators a listing page had.
//
//   - crawler.go: Site, Options, Page, Failure, Hooks, Stats and Crawl, the
//     cron-mode discovery over start pages, follow rules, feeds and
//     sitemaps; runState, what the runners of one Crawl or Fetch share.
//   - dryrun.go: Options.DryRun, discovery that requests no article and
//     hands each article URL found to Hooks.Listed with its fate.
//   - fetch.go: Fetch, which fetches a stream of URLs (backfill).
//   - render.go: article pages of sites that render (Site.Render) handed
//     to Hooks.Render after their static fetch, and the Fetcher through
//     which a rendered page's subrequests reach its site: the page's site
//     only, robots.txt, the host's politeness gate, the site's client.
//   - runner.go: one site's workers over its frontier; what happens to
//     each fetched page (articles handed on, links discovered); the grace
//     period after cancellation.
//   - shared.go: Shared and the interfaces of what several workers (a
//     fleet of processes) share: Frontier (with the seen-set, leases,
//     acknowledgements), Gates (per-host politeness), RobotsStore and Feed;
//     the in-memory frontier that is the default. package state implements
//     them on Redis.
//   - client.go: the HTTP client every request goes through (address
//     guard, timeouts, redirect policy) and the result of one request.
//   - conns.go: what a run holds open at scale: one transport for every
//     site, the cap on open connections (MaxConnections) and on sites
//     crawled at once (MaxSitesInFlight).
//   - transport.go: the client's transport, which asks for gzip and
//     inflates bodies lazily, and the reader that bounds a streamed body.
//   - colly.go: the Colly collector through which pages and feeds are
//     fetched; the only file that imports Colly.
//   - stream.go: streamed requests, for sitemaps and robots.txt.
//   - reasons.go: the failure and skip reasons (Reason), the errors behind
//     them, and which reasons may pass by the next run.
//   - politeness.go: per-host parallelism, delay with jitter, slowing down
//     on 429 and 503, Retry-After, retries with exponential backoff.
//   - robots.go: robots.txt (RFC 9309): fetched, cached, shared, applied
//     to the URL as found and its canonical form; internal/robotstxt reads
//     its rules, Crawl-delay and Sitemap: lines.
//   - sitemaps.go: XML, gzip, Google News and text sitemaps and sitemap
//     indexes, parsed as a stream.
//   - conditional.go: If-None-Match / If-Modified-Since for listing pages,
//     feeds and sitemaps, and when validators may be saved.
//   - safety.go: refusing loopback, private, link-local, CGNAT and cloud
//     metadata addresses, after DNS and on every redirect.
//   - feeds.go: RSS and Atom links.
//   - canon.go: URL canonicalisation.
//
// # Sharing a crawl
//
// By default a Crawl or Fetch keeps its frontier, seen-set, politeness and
// robots.txt in memory. With Options.Shared, they live elsewhere (Redis,
// through package state) and several processes work on one crawl: each
// pushes what it finds to the shared frontier and claims from it; a claimed
// job is leased to its worker until acknowledged (or released, on
// cancellation), so that a dead worker's jobs go to others; every worker
// spaces its requests through the same per-host Gates; one fetches each
// robots.txt. Crawl returns when the shared frontier is drained: nothing
// queued, nothing leased. docs/scaling.md tells how to run a fleet.
//
// Colly fetches pages and feeds (request lifecycle, body cap, callbacks);
// the crawler keeps its own frontier, seen-set, politeness and robots.txt
// handling, because Colly's cannot change a host's delay during a run,
// ignore Crawl-delay, and bound only the compressed size of gzip bodies.
//
// # Failure and skip reasons
//
// Hooks.Failed and Stats.Failed use: "status-NNN" (after retries for 429
// and 5xx), "timeout", "connection", "too-large" (more than MaxBodyBytes
// after decompression; 64 MiB for sitemaps), "private-address",
// "off-site-redirect", "redirect-loop" (more than 10 redirects), "bad-gzip",
// "bad-feed", "bad-sitemap", "bad-encoding", "robots-unreachable" (the
// host's robots.txt answered 429 or 5xx or could not be fetched: the host
// is not crawled this run; the error names the cause), and for pages that
// are rendered, the reason of the *RenderError Hooks.Render returned
// ("render-timeout", "render-crashed", "render-failed").
//
// Hooks.Skipped (articles only) and Stats.Skipped use: "robots" (disallowed
// by robots.txt), "not-html". Stats.Skipped also counts "interrupted" (cut
// by the cancellation; the next run fetches it), "sitemap-limit" and
// "repeated" (a URL list repeats a URL still in flight), and the per-run
// limits of limits.go: "max-pages", "query-variants", "article-limit"
// (Site.MaxArticles, crawl --limit). These are the Reason constants
// and StatusReason (reasons.go); the fields and maps carry them as strings.
//
// # Debug log
//
// At debug level (-v) the crawler logs every request ("fetched": URL,
// status, bytes, duration, attempt; "request failed": the error), every
// URL skipped with its reason ("skipped": the reasons above, and for
// links not queued "done", "seen", "depth", "off-site", "no-rule"), and,
// at warning level as always, every failure ("fetch failed", with its
// reason).
//
// # Stopping
//
// When the context of Crawl or Fetch is cancelled, no new request starts
// (waits for a host's delay or a retry end at once), and requests in flight
// run on for up to Options.StopGrace (10s by default), so that what they
// fetch is still handed to Hooks.Article, whose context outlives the run's
// by the same grace period.
package crawler

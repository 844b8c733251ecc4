// Package crawler finds and fetches pages: start pages, feeds and URL
// lists in, fetched pages (UTF-8) out. It knows nothing of extraction: it
// hands each fetched article page to a function it is given, and asks a
// function it is given whether an article is already done.
//
//   - crawler.go: Site, Options, Page, Stats and Crawl, the cron-mode
//     discovery over start pages, follow rules and feeds (Colly).
//   - fetch.go: Fetch, which fetches a stream of URLs (backfill).
//   - collector.go: building a Colly collector with politeness, retries,
//     body limits and charset decoding.
//   - safety.go: refusing loopback, private and metadata addresses.
//   - feeds.go: RSS and Atom links.
//   - canon.go: URL canonicalisation.
package crawler

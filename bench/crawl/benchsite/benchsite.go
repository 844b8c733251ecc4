// Package benchsite serves internal/testsite's generated Tarnama-layout
// site (iran-daily.com) at benchmark scale: article pages, the feed and
// every other page come from testsite; the listing pages are paginated so
// that a crawl with max_depth 2 discovers every article without any page
// holding thousands of links:
//
//	/                      home: the 10 latest articles, links to the
//	                       sections and the archive (depth 0)
//	/Service/<n>.html      section fronts: the section's latest PerPage
//	                       articles (depth 1)
//	/News/Archive          archive index: a link to every archive page
//	                       (depth 1; query strings other than page= are
//	                       ignored, as article pages link to
//	                       /News/Archive?catid=2&bcode=BUSINESS)
//	/News/Archive?page=<k> archive page k: PerPage articles (depth 2)
//	/News/<id>.html        articles (testsite)
//	/News/Feed             RSS, the 5 latest (testsite)
//
// Pages are generated on each request; nothing is stored per article, so
// a site of a million articles costs a bitset of 125 KB (the distinct
// article count) plus testsite's per-path request counters.
//
// /_bench/stats returns the counters as JSON and /_bench/reset zeroes
// them; the benchmark harnesses use them to check that a crawler fetched
// every article exactly once.
package benchsite

import (
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

// Site is a generated site of N articles.
type Site struct {
	N       int
	PerPage int // articles per archive page and section front

	ts    *testsite.Site
	first int

	articles atomic.Int64 // article responses
	distinct atomic.Int64 // distinct article IDs requested
	listings atomic.Int64 // home, sections, archive pages
	feeds    atomic.Int64
	other    atomic.Int64 // everything else (not found, about, ...)
	conns    atomic.Int64 // connections accepted
	bits     []atomic.Uint64
}

// New returns a site of n articles with perPage articles per listing page.
func New(n, perPage int) *Site {
	ts := testsite.New(n)
	return &Site{N: n, PerPage: max(perPage, 1), ts: ts, first: ts.FirstID, bits: make([]atomic.Uint64, (n+63)/64)}
}

// SetLatency delays every article response by d (a slow origin or a far
// network: the crawl is then bound by latency and parallelism, not CPU).
func (s *Site) SetLatency(d time.Duration) { s.ts.Latency = d }

// FirstID is the lowest article ID; IDs run to FirstID+N-1.
func (s *Site) FirstID() int { return s.first }

// Stats are the request counters since the last reset.
type Stats struct {
	Articles         int64 `json:"articles"`
	DistinctArticles int64 `json:"distinct_articles"`
	Listings         int64 `json:"listings"`
	Feeds            int64 `json:"feeds"`
	Other            int64 `json:"other"`
	Connections      int64 `json:"connections"`
}

// Stats returns the counters.
func (s *Site) Stats() Stats {
	return Stats{Articles: s.articles.Load(), DistinctArticles: s.distinct.Load(), Listings: s.listings.Load(),
		Feeds: s.feeds.Load(), Other: s.other.Load(), Connections: s.conns.Load()}
}

// ConnState counts accepted connections; set it as the http.Server's
// ConnState.
func (s *Site) ConnState(_ net.Conn, st http.ConnState) {
	if st == http.StateNew {
		s.conns.Add(1)
	}
}

// Reset zeroes the counters.
func (s *Site) Reset() {
	for i := range s.bits {
		s.bits[i].Store(0)
	}
	s.articles.Store(0)
	s.distinct.Store(0)
	s.listings.Store(0)
	s.feeds.Store(0)
	s.other.Store(0)
	s.conns.Store(0)
}

// pages is the number of archive pages.
func (s *Site) pages() int { return (s.N + s.PerPage - 1) / s.PerPage }

// ServeHTTP serves the site.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == "/_bench/stats":
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(s.Stats())
		return
	case p == "/_bench/reset":
		s.Reset()
		return
	case p == "/":
		s.listings.Add(1)
		s.listing(w, "iranDailyOnline", s.latest(max(s.N-10, 0), s.N), "")
		return
	case strings.HasPrefix(p, "/Service/"):
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/Service/"), ".html"))
		if err == nil && n >= 1 && n <= s.ts.Sections {
			s.listings.Add(1)
			var items []int
			// Newest first: article i (0-based) belongs to section i%Sections+1.
			for i := s.N - 1; i >= 0 && len(items) < s.PerPage; i-- {
				if i%s.ts.Sections == n-1 {
					items = append(items, i)
				}
			}
			s.listing(w, "Section "+strconv.Itoa(n), items, "")
			return
		}
	case p == "/News/Archive":
		s.listings.Add(1)
		if k, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil {
			if k < 1 || k > s.pages() {
				s.other.Add(1)
				http.NotFound(w, r)
				return
			}
			from := s.N - k*s.PerPage // page 1 holds the newest
			s.listing(w, "Archive page "+strconv.Itoa(k), s.latest(max(from, 0), from+s.PerPage), s.pager(k))
			return
		}
		s.listing(w, "Archive", nil, s.pager(0))
		return
	case p == "/News/Feed":
		s.feeds.Add(1)
	default:
		if id, ok := s.articleID(p); ok {
			s.articles.Add(1)
			s.mark(id - s.first)
		} else {
			s.other.Add(1)
		}
	}
	s.ts.ServeHTTP(w, r)
}

// articleID parses /News/<id>.html for an ID of the site.
func (s *Site) articleID(p string) (int, bool) {
	rest, ok := strings.CutPrefix(p, "/News/")
	if !ok {
		return 0, false
	}
	rest, ok = strings.CutSuffix(rest, ".html")
	if !ok {
		return 0, false
	}
	id, err := strconv.Atoi(rest)
	if err != nil || id < s.first || id >= s.first+s.N {
		return 0, false
	}
	return id, true
}

// mark records article index i as requested.
func (s *Site) mark(i int) {
	w, bit := &s.bits[i/64], uint64(1)<<(i%64)
	for {
		old := w.Load()
		if old&bit != 0 {
			return
		}
		if w.CompareAndSwap(old, old|bit) {
			s.distinct.Add(1)
			return
		}
	}
}

// latest returns article indexes to-1 down to from (newest first).
func (s *Site) latest(from, to int) []int {
	var items []int
	for i := min(to, s.N) - 1; i >= from; i-- {
		items = append(items, i)
	}
	return items
}

// pager links every archive page on the index (cur 0), and the previous
// and next pages on archive page cur.
func (s *Site) pager(cur int) string {
	var b strings.Builder
	b.WriteString(`<div class="pager">`)
	link := func(k int, text string) {
		fmt.Fprintf(&b, `<a href='/News/Archive?page=%d'>%s</a> `, k, text)
	}
	switch {
	case cur == 0:
		for k := 1; k <= s.pages(); k++ {
			link(k, strconv.Itoa(k))
		}
	default:
		if cur > 1 {
			link(cur-1, "&laquo; Newer")
		}
		if cur < s.pages() {
			link(cur+1, "Older &raquo;")
		}
	}
	b.WriteString(`</div>`)
	return b.String()
}

// listing writes a listing page in the layout of testsite's pages.
func (s *Site) listing(w http.ResponseWriter, title string, items []int, pager string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	b.WriteString(`<div class="content"><ul>`)
	for _, i := range items {
		id := s.first + i
		fmt.Fprintf(&b, `<li><h2><a class="titr2" target="_blank" href='/News/%d.html'>%s</a></h2></li>`, id, html.EscapeString(testsite.Headline(id)))
	}
	b.WriteString(`</ul></div>`)
	fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>%s</title><meta name="generator" content="Tarnama Portal 4.0" /></head>
<body><div class="page body" dir="ltr">%s<div>%s%s</div>%s</div></body></html>
<div style="margin: 5px;display:none;"><b>Page Generated in 0/0280 sec </b></div>`, html.EscapeString(title), header, b.String(), pager, testsite.Footer)
}

// header is testsite's, the archive link without its query string.
var header = testsite.Header("/News/Archive")

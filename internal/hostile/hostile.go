// Package hostile serves misbehaving news sites on loopback, for the
// regression tests of what newsnorm must survive (README, "What newsnorm
// survives"): one Mode per behaviour, on top of a plain site of articles.
// Tests, benchmarks and load tools use it; nothing here touches the
// internet.
//
// A site has a home page "/" listing its articles /news/1 .. /news/N, an
// RSS feed /feed, a sitemap /sitemap.xml and a robots.txt that allows
// everything; the Mode changes one part of that. Every request is counted
// by path, and the most requests in flight at once is kept.
//
// Fleet (fleet.go) serves many sites at once, one per loopback address
// (127.1.x.y), to test and measure crawls of thousands of hosts.
package hostile

import (
	"context"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Mode is the way a site misbehaves.
type Mode int

const (
	// Plain is a well-behaved site.
	Plain Mode = iota
	// LongLinks: the home page, the feed and the sitemap each also link
	// an article whose URL is Site.Pad bytes long (64 KiB by default):
	// /news/9000?pad=xxxx (home page), /news/9001?pad= (feed),
	// /news/9002?pad= (sitemap).
	LongLinks
	// RetryAfter: every article answers 429 Too Many Requests with
	// "Retry-After: " + Site.RetryAfter.
	RetryAfter
	// RobotsDown: robots.txt answers 503.
	RobotsDown
	// RobotsHang: robots.txt never answers; the request hangs until the
	// client gives up (or the server closes).
	RobotsHang
	// RobotsBody: robots.txt is Site.Robots, byte for byte.
	RobotsBody
	// SessionTrap: the home page links Site.Fanout listing pages
	// /list?sid=<new id>, and every listing page links Site.Fanout more,
	// each with a session ID never seen before, plus the articles.
	SessionTrap
	// CalendarTrap: the home page links /cal/1, and /cal/n links Site.Fanout
	// days /cal/<n*Fanout+1> ... without end, plus the articles.
	CalendarTrap
	// BadUTF8: articles are declared UTF-8 and mostly are (Persian text),
	// but their headline holds three bytes that are not UTF-8 (0xDA 0xD7
	// 0xF6, "ЪЧц" in windows-1251).
	BadUTF8
	// Hang: articles never answer; each request hangs until the client
	// gives up (or the server closes).
	Hang
)

// Site is one hostile site. Set its fields before Start.
type Site struct {
	Mode     Mode
	Articles int // /news/1 .. /news/Articles; 10 when 0
	// Latency delays every article response.
	Latency time.Duration
	// Pad is the length of the long URLs of LongLinks (64 KiB when 0).
	Pad int
	// RetryAfter is the Retry-After value of RetryAfter.
	RetryAfter string
	// Robots is the robots.txt of RobotsBody.
	Robots string
	// Fanout is how many links each trap page has (30 when 0).
	Fanout int

	mu       sync.Mutex
	requests map[string]int
	inFlight atomic.Int64
	maxIn    atomic.Int64
	sid      atomic.Int64
	hang     chan struct{}
	hangOnce sync.Once
}

// Server is a running Site.
type Server struct {
	*Site
	*httptest.Server
}

// Start serves the site on 127.0.0.1.
func (s *Site) Start() *Server {
	srv := httptest.NewUnstartedServer(s)
	srv.Start()
	return s.started(srv)
}

// StartIPv6 serves the site on [::1]; ok is false when the machine has no
// IPv6 loopback.
func (s *Site) StartIPv6() (*Server, bool) {
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		return nil, false
	}
	srv := httptest.NewUnstartedServer(s)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	return s.started(srv), true
}

func (s *Site) started(srv *httptest.Server) *Server { return &Server{Site: s, Server: srv} }

// Close stops the server, ending hanging requests first.
func (s *Server) Close() {
	s.Site.release()
	s.Server.Close()
}

func (s *Site) release() { s.hangOnce.Do(func() { close(s.hanging()) }) }

func (s *Site) hanging() chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hang == nil {
		s.hang = make(chan struct{})
	}
	return s.hang
}

func (s *Site) articles() int {
	if s.Articles <= 0 {
		return 10
	}
	return s.Articles
}

func (s *Site) fanout() int {
	if s.Fanout <= 0 {
		return 30
	}
	return s.Fanout
}

func (s *Site) pad() int {
	if s.Pad <= 0 {
		return 64 << 10
	}
	return s.Pad
}

// Requests returns how often path was requested.
func (s *Site) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

// Total is the number of requests the site answered or is answering.
func (s *Site) Total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.requests {
		n += c
	}
	return n
}

// ArticleRequests counts the requests to article pages /news/<n>.
func (s *Site) ArticleRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for p, c := range s.requests {
		if strings.HasPrefix(p, "/news/") {
			n += c
		}
	}
	return n
}

// MaxInFlight is the most requests the site had in flight at once.
func (s *Site) MaxInFlight() int { return int(s.maxIn.Load()) }

// LongURL is the long URL that LongLinks links from the home page (0),
// the feed (1) or the sitemap (2), on base.
func (s *Site) LongURL(base string, from int) string {
	prefix := fmt.Sprintf("%s/news/%d?pad=", base, 9000+from)
	return prefix + strings.Repeat("x", max(s.pad()-len(prefix), 1))
}

// ServeHTTP serves the site.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.requests == nil {
		s.requests = map[string]int{}
	}
	s.requests[r.URL.Path]++
	s.mu.Unlock()
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for m := s.maxIn.Load(); n > m && !s.maxIn.CompareAndSwap(m, n); m = s.maxIn.Load() {
	}
	base := "http://" + r.Host
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		s.robots(w, r)
	case p == "/":
		links := s.articleLinks()
		switch s.Mode {
		case LongLinks:
			links = append(links, s.LongURL(base, 0))
		case SessionTrap:
			links = append(links, s.sessionLinks()...)
		case CalendarTrap:
			links = append(links, "/cal/1")
		}
		Page(w, "Home", links)
	case p == "/feed":
		s.feed(w, base)
	case p == "/sitemap.xml":
		s.sitemap(w, base)
	case p == "/list" && s.Mode == SessionTrap:
		Page(w, "List "+r.URL.RawQuery, append(s.articleLinks(), s.sessionLinks()...))
	case strings.HasPrefix(p, "/cal/") && s.Mode == CalendarTrap:
		day, err := strconv.Atoi(strings.TrimPrefix(p, "/cal/"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		links := s.articleLinks()
		for i := 1; i <= s.fanout(); i++ {
			links = append(links, "/cal/"+strconv.Itoa(day*s.fanout()+i))
		}
		Page(w, "Day "+strconv.Itoa(day), links)
	case strings.HasPrefix(p, "/news/"):
		id, err := strconv.Atoi(strings.TrimPrefix(p, "/news/"))
		if err != nil || id < 1 {
			http.NotFound(w, r)
			return
		}
		s.article(w, r, id)
	default:
		http.NotFound(w, r)
	}
}

func (s *Site) robots(w http.ResponseWriter, r *http.Request) {
	switch s.Mode {
	case RobotsDown:
		http.Error(w, "robots.txt is down", http.StatusServiceUnavailable)
		return
	case RobotsHang:
		wait(r.Context(), s.hanging(), 0)
		return
	}
	w.Header().Set("Content-Type", "text/plain")
	if s.Mode == RobotsBody {
		_, _ = w.Write([]byte(s.Robots))
		return
	}
	_, _ = w.Write([]byte("User-agent: *\nAllow: /\n"))
}

func (s *Site) article(w http.ResponseWriter, r *http.Request, id int) {
	switch s.Mode {
	case RetryAfter:
		w.Header().Set("Retry-After", s.RetryAfter)
		http.Error(w, "slow down", http.StatusTooManyRequests)
		return
	case Hang:
		wait(r.Context(), s.hanging(), 0)
		return
	}
	if s.Latency > 0 && !wait(r.Context(), s.hanging(), s.Latency) {
		return
	}
	known := id <= s.articles() || s.Mode == LongLinks && id >= 9000 && id <= 9002
	if !known {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if s.Mode == BadUTF8 {
		_, _ = w.Write(BadUTF8Article(id))
		return
	}
	_, _ = w.Write([]byte(Article(id)))
}

// wait waits for d (forever when 0), the request's end or release; it
// reports whether d passed.
func wait(ctx context.Context, release <-chan struct{}, d time.Duration) bool {
	var after <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		after = t.C
	}
	select {
	case <-after:
		return true
	case <-ctx.Done():
	case <-release:
	}
	return false
}

func (s *Site) articleLinks() []string {
	var out []string
	for i := 1; i <= s.articles(); i++ {
		out = append(out, "/news/"+strconv.Itoa(i))
	}
	return out
}

func (s *Site) sessionLinks() []string {
	var out []string
	for range s.fanout() {
		out = append(out, fmt.Sprintf("/list?sid=%x", s.sid.Add(1)*7919))
	}
	return out
}

func (s *Site) feed(w http.ResponseWriter, base string) {
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>hostile</title><link>` + base + `/</link><description>news</description>`)
	links := []string{}
	for i := 1; i <= s.articles(); i++ {
		links = append(links, base+"/news/"+strconv.Itoa(i))
	}
	if s.Mode == LongLinks {
		links = append(links, s.LongURL(base, 1))
	}
	for _, l := range links {
		fmt.Fprintf(&b, `<item><title>item</title><link>%s</link></item>`, html.EscapeString(l))
	}
	b.WriteString(`</channel></rss>`)
	_, _ = w.Write([]byte(b.String()))
}

func (s *Site) sitemap(w http.ResponseWriter, base string) {
	w.Header().Set("Content-Type", "application/xml")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
	links := []string{}
	for i := 1; i <= s.articles(); i++ {
		links = append(links, base+"/news/"+strconv.Itoa(i))
	}
	if s.Mode == LongLinks {
		links = append(links, s.LongURL(base, 2))
	}
	for _, l := range links {
		fmt.Fprintf(&b, `<url><loc>%s</loc></url>`, html.EscapeString(l))
	}
	b.WriteString(`</urlset>`)
	_, _ = w.Write([]byte(b.String()))
}

// Page writes an HTML page linking to each of links.
func Page(w http.ResponseWriter, title string, links []string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html><html><head><title>%s</title></head><body><ul>", html.EscapeString(title))
	for _, l := range links {
		fmt.Fprintf(&b, `<li><a href="%s">link</a></li>`, html.EscapeString(l))
	}
	b.WriteString("</ul></body></html>")
	_, _ = w.Write([]byte(b.String()))
}

// Headline is the headline of article id.
func Headline(id int) string { return fmt.Sprintf("Hostile server article number %d", id) }

// Article is the HTML of article id: a headline and a body of three
// paragraphs, long enough for the default min_body_chars.
func Article(id int) string {
	return fmt.Sprintf(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>%[2]s</title></head><body>
<h1>%[2]s</h1><article>
<p>This is the first paragraph of article %[1]d, which a hostile server serves among its traps, so that every test has a real page to extract.</p>
<p>The second paragraph of article %[1]d says more of the same, long enough that the body passes the default minimum of two hundred characters.</p>
<p>The third paragraph of article %[1]d ends the story.</p>
</article></body></html>`, id, Headline(id))
}

// BadHeadline is what the headline of a BadUTF8 article reads as when its
// three bad bytes are replaced (U+FFFD each).
func BadHeadline(id int) string { return fmt.Sprintf("خبر %d He\uFFFD\uFFFD\uFFFDadline", id) }

// BadUTF8Article is article id in Persian, valid UTF-8 but for three bytes
// in its headline (0xDA 0xD7 0xF6).
func BadUTF8Article(id int) []byte {
	head := fmt.Sprintf("خبر %d He\xDA\xD7\xF6adline", id)
	para := "این متن یک خبر آزمایشی است که برای آزمودن خواندن صفحه‌هایی نوشته شده که بیشترشان یونی‌کد درست است. "
	return []byte(fmt.Sprintf(`<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8"><title>%[1]s</title></head><body>
<h1>%[1]s</h1><article><p>%[2]s%[2]s</p><p>%[2]s</p></article></body></html>`, head, para))
}

// Package testsite serves a generated news site in the layout of the
// Tarnama Portal CMS (iran-daily.com): a home page, section pages, an
// archive, an RSS feed at /News/Feed, article pages at /News/<id>.html and
// pages that are not articles. Tests, benchmarks and load tools use it
// instead of the internet. It counts the requests to every path.
package testsite

import (
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Site is a generated site.
type Site struct {
	Articles int // article IDs are FirstID .. FirstID+Articles-1
	FirstID  int
	Sections int // section pages /Service/<n>.html, articles spread over them
	// Latency delays every article response, to stretch a crawl in time.
	Latency time.Duration
	// Hold, when set, holds every article response after the first
	// HoldAfter until it is closed: a crawl that cannot end meanwhile,
	// however fast or slow the machine.
	Hold      <-chan struct{}
	HoldAfter int
	// Now, when set, dates article i (0-based) i hours before Now instead
	// of before 2016-12-28 06:12 UTC.
	Now time.Time
	// Edit, when set, is appended to every article's first paragraph: a
	// changed article.
	Edit string

	mu       sync.Mutex
	requests map[string]int
}

// New returns a site of n articles over 3 sections.
func New(n int) *Site {
	return &Site{Articles: n, FirstID: 174000, Sections: 3, requests: map[string]int{}}
}

// Start serves the site on a loopback httptest server.
func (s *Site) Start() *httptest.Server { return httptest.NewServer(s) }

// IDs returns every article ID.
func (s *Site) IDs() []string {
	ids := make([]string, s.Articles)
	for i := range ids {
		ids[i] = strconv.Itoa(s.FirstID + i)
	}
	return ids
}

// Requests returns how often path was requested.
func (s *Site) Requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

// ArticleRequests counts the requests to article pages.
func (s *Site) ArticleRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for p, c := range s.requests {
		if _, ok := articleID(p); ok {
			n += c
		}
	}
	return n
}

// Headline is the headline of article id.
func Headline(id int) string {
	return fmt.Sprintf("Officials discuss regional plan number %d in Tehran", id)
}

// Paragraphs are the body paragraphs of article id.
func Paragraphs(id int) []string {
	return []string{
		fmt.Sprintf("Officials from several countries met in Tehran on Tuesday to discuss plan %d, which aims to improve trade, transport and water management across the region, according to a statement.", id),
		fmt.Sprintf("The statement said that the talks on plan %d were constructive, and that experts would meet again next month to settle the remaining questions about funding and timing.", id),
		"Background",
		fmt.Sprintf("Similar plans have been discussed before, but plan %d is the first to include every neighbouring country, analysts said, adding that the details would matter more than the announcement.", id),
	}
}

func articleID(path string) (int, bool) {
	if !strings.HasPrefix(path, "/News/") || !strings.HasSuffix(path, ".html") {
		return 0, false
	}
	id, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(path, "/News/"), ".html"))
	return id, err == nil
}

// ServeHTTP serves the site.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests[r.URL.Path]++
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch p := r.URL.Path; {
	case p == "/":
		s.page(w, "iranDailyOnline", s.listing(0, min(s.Articles, 10)))
	case strings.HasPrefix(p, "/Service/"):
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/Service/"), ".html"))
		if err != nil || n < 1 || n > s.Sections {
			http.NotFound(w, r)
			return
		}
		var items []int
		for i := n - 1; i < s.Articles; i += s.Sections {
			items = append(items, i)
		}
		s.page(w, "Section "+strconv.Itoa(n), s.items(items))
	case p == "/News/Archive":
		s.page(w, "Archive", s.listing(0, s.Articles))
	case p == "/News/Feed":
		s.feed(w)
	case p == "/html/item/1":
		s.page(w, "About Us", "<p>Iran Daily is an English-language newspaper published in Tehran.</p>")
	case p == "/Link/Links":
		s.page(w, "Links", `<ul><li><a href="http://example.org/">Example</a></li></ul>`)
	default:
		id, ok := articleID(p)
		if !ok || id < s.FirstID || id >= s.FirstID+s.Articles {
			http.NotFound(w, r)
			return
		}
		if s.Hold != nil && s.ArticleRequests() > s.HoldAfter {
			select {
			case <-s.Hold:
			case <-r.Context().Done():
				return
			}
		}
		if s.Latency > 0 {
			time.Sleep(s.Latency)
		}
		s.article(w, id)
	}
}

func (s *Site) listing(from, to int) string {
	var items []int
	for i := from; i < to; i++ {
		items = append(items, i)
	}
	return s.items(items)
}

func (s *Site) items(idx []int) string {
	var b strings.Builder
	b.WriteString(`<div class="content"><ul>`)
	for _, i := range idx {
		id := s.FirstID + i
		fmt.Fprintf(&b, `<li><h2><a class="titr2" target="_blank" href='/News/%d.html'>%s</a></h2></li>`, id, html.EscapeString(Headline(id)))
	}
	b.WriteString(`</ul></div>`)
	return b.String()
}

// Header is the page header of every page (logo, menu, the date line
// "0239 GMT March 23, 2018", search, sections), its archive link to
// archive.
func Header(archive string) string {
	return `<div class="pageheader">
<div class="t"><div class="f-left"><img src="/Resource/images/logo.png"/></div>
<div class="f-right"><div class="tmenu">
<div class="f-right tm-item"><a href="/News/Feed2"><img src="/Resource/images/tm-rss.png" alt="RSS"/></a></div>
<div class="f-right tm-item"><a href="/html/item/1"><img src="/Resource/images/tm-about.png" alt="About Us"/></a></div>
<div class="f-right tm-item"><a href="/Link/Links"><img src="/Resource/images/tm-nameh.png" alt="Links"/></a></div>
<div class="f-right tm-item"><a href="/"><img src="/Resource/images/tm-home.png" alt="Home"/></a></div>
</div></div></div>
<div class="m"><div class="f-left"><p>0239 GMT March 23, 2018</p></div>
<div class="f-right"><form action="/Search/Quick?s=news" method="post"><input type="text" name="q"/><input type="submit" value="SEARCH"/></form></div></div>
<div class="b">
<div class="f-left menu-item"><a href='/Service/1.html'>Iran</a></div>
<div class="f-left menu-item"><a href='/Service/2.html'>International</a></div>
<div class="f-left menu-item"><a href='/Service/3.html'>Business</a></div>
<div class="f-left menu-item"><a href='` + archive + `'>Archive</a></div>
</div></div>`
}

var header = Header("/News/Archive?catid=2&amp;bcode=BUSINESS")

// Footer is the page footer of every page.
const Footer = `<div class="footer"><div>www.iran-daily.com</div><p>All rights reserved by iran Daily Online Copyright</p></div>`

func (s *Site) page(w http.ResponseWriter, title, main string) {
	fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>%s</title><meta name="generator" content="Tarnama Portal 4.0" /><link rel="alternate" type="application/rss+xml" title="RSS 2.0" href="/News/Feed" /></head>
<body><div class="page body" dir="ltr">%s<div>%s</div>%s</div></body></html>
<div style="margin: 5px;display:none;"><b>Page Generated in 0/0280 sec </b></div>`, html.EscapeString(title), header, main, Footer)
}

func (s *Site) article(w http.ResponseWriter, id int) {
	h := html.EscapeString(Headline(id))
	var b strings.Builder
	paras := Paragraphs(id)
	paras[0] += s.Edit
	for _, p := range paras {
		if len(p) < 40 {
			fmt.Fprintf(&b, "<p><strong>%s</strong></p>\n", html.EscapeString(p))
		} else {
			fmt.Fprintf(&b, "<p>%s</p>\n", html.EscapeString(p))
		}
	}
	pub := time.Date(2016, 12, 28, 6, 12, 0, 0, time.UTC)
	if !s.Now.IsZero() {
		pub = s.Now.UTC()
	}
	pub = pub.Add(-time.Duration(id-s.FirstID) * time.Hour)
	main := fmt.Sprintf(`<div class="news-info"><span>News ID: %d</span> <span>Published: %s</span></div>
<h1>%s</h1>
<div class="news-body">%s</div>
<div class="news-share"><a href="/News/Print/%d">Print</a> <a href="/News/Email/%d">Email</a></div>
<div class="block-header">Related News</div>%s
<div class="comment"><form method="post"><div>Security Key:</div><img src="/Captcha/Image"/><a href="#">Captcha refresh</a></form></div>`,
		id, pub.Format("1504 GMT January 2, 2006"), h, b.String(), id, id, s.items([]int{(id - s.FirstID + 1) % s.Articles}))
	fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>iranDailyOnline - %s</title></head>
<body><div class="page body" dir="ltr">%s<div>%s</div>%s</div></body></html>
<div style="margin: 5px;display:none;"><b>Page Generated in 2/1850 sec </b></div>`, h, header, main, Footer)
}

func (s *Site) feed(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>iranDailyOnline</title><link>/</link><description>news</description>`)
	for i := max(0, s.Articles-5); i < s.Articles; i++ {
		id := s.FirstID + i
		fmt.Fprintf(&b, `<item><title>%s</title><link>/News/%d.html</link></item>`, html.EscapeString(Headline(id)), id)
	}
	b.WriteString(`</channel></rss>`)
	fmt.Fprint(w, b.String())
}

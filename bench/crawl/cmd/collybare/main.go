// Command collybare is the ceiling of the crawl benchmark: plain Colly
// fetching the same pages as newsnorm, with the same discovery and
// concurrency, and no extraction, no output and no state. Article pages
// are fetched (body read in full) and counted; their HTML is parsed for
// links only within max_depth, as newsnorm does.
//
// Discovery, as newsnorm's crawler: start URLs are listing pages at depth
// 0, feeds give links at depth 1; a page's links are read when it is a
// listing page within max_depth or an article below it; a link matching
// -article is fetched, one matching -follow is fetched while within
// max_depth; each URL once.
//
// With -parse-articles (the benchmark's tool colly-parse) every article
// page's body is also parsed with goquery.NewDocumentFromReader, and
// nothing else: its <p> elements are counted (so the parse is used), no
// extraction. That is the least work of any goquery-based extractor. An
// article whose links are read is parsed once for both.
//
// It prints one JSON object on stdout: {"articles":N,"listings":N,...},
// with "parsed" (articles parsed) and "paragraphs" (<p> elements in them)
// under -parse-articles.
package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"
)

type counts struct {
	Articles atomic.Int64
	Listings atomic.Int64
	Feeds    atomic.Int64
	Errors   atomic.Int64
	// Under -parse-articles: articles parsed, <p> elements found.
	Parsed     atomic.Int64
	Paragraphs atomic.Int64
}

type crawl struct {
	c        *colly.Collector
	follow   *regexp.Regexp
	article  *regexp.Regexp
	maxDepth int
	parse    bool // -parse-articles
	n        counts
	seen     sync.Map // URLs queued
}

// depth is the discovery depth of a request: colly counts from 1.
func depth(r *colly.Request) int { return r.Depth - 1 }

func main() {
	var (
		starts, feeds   string
		follow, article string
		maxDepth, par   int
		timeout         time.Duration
		userAgent       string
		maxBody         int
		idlePerHost     int
		parseArticles   bool
	)
	flag.StringVar(&starts, "start", "", "start URLs, comma-separated")
	flag.StringVar(&feeds, "feed", "", "feed URLs, comma-separated")
	flag.StringVar(&follow, "follow", "", "regular expression of listing pages")
	flag.StringVar(&article, "article", "", "regular expression of article pages")
	flag.IntVar(&maxDepth, "max-depth", 2, "listing hops from a start page")
	flag.IntVar(&par, "parallelism", 8, "requests in flight")
	flag.DurationVar(&timeout, "timeout", 30*time.Second, "per request")
	flag.StringVar(&userAgent, "user-agent", "collybare/1.0", "User-Agent")
	flag.IntVar(&maxBody, "max-body", 10<<20, "body size limit")
	flag.IntVar(&idlePerHost, "max-idle-per-host", 0, "idle connections kept per host (default: parallelism)")
	flag.BoolVar(&parseArticles, "parse-articles", false, "parse every article page with goquery (count its <p> elements), no extraction")
	flag.Parse()
	if starts == "" || article == "" {
		flag.Usage()
		os.Exit(2)
	}
	cr := &crawl{follow: regexp.MustCompile(follow), article: regexp.MustCompile(article), maxDepth: maxDepth, parse: parseArticles}
	if follow == "" {
		cr.follow = regexp.MustCompile(`$^`)
	}
	c := colly.NewCollector(colly.Async(true), colly.UserAgent(userAgent), colly.IgnoreRobotsTxt())
	c.MaxBodySize = maxBody
	c.SetRequestTimeout(timeout)
	if err := c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: par}); err != nil {
		fail(err)
	}
	// Colly's default transport keeps 2 idle connections per host; keep
	// one per request in flight, as newsnorm's client does.
	if idlePerHost == 0 {
		idlePerHost = par
	}
	c.WithTransport(transport(idlePerHost))
	cr.c = c
	c.OnResponse(cr.response)
	c.OnError(func(r *colly.Response, err error) {
		cr.n.Errors.Add(1)
		fmt.Fprintf(os.Stderr, "collybare: %s: %v\n", r.Request.URL, err)
	})
	for _, u := range split(starts) {
		if err := c.Visit(u); err != nil {
			fail(err)
		}
	}
	for _, u := range split(feeds) {
		if err := c.Visit(u); err != nil {
			fail(err)
		}
	}
	c.Wait()
	out := map[string]int64{"articles": cr.n.Articles.Load(), "listings": cr.n.Listings.Load(),
		"feeds": cr.n.Feeds.Load(), "errors": cr.n.Errors.Load()}
	if cr.parse {
		out["parsed"], out["paragraphs"] = cr.n.Parsed.Load(), cr.n.Paragraphs.Load()
	}
	_ = json.NewEncoder(os.Stdout).Encode(out)
	if out["errors"] > 0 {
		os.Exit(3)
	}
}

func (cr *crawl) response(r *colly.Response) {
	u := r.Request.URL.String()
	d := depth(r.Request)
	if strings.Contains(r.Headers.Get("Content-Type"), "xml") {
		cr.n.Feeds.Add(1)
		cr.feed(r)
		return
	}
	isArticle := cr.article.MatchString(u)
	if isArticle {
		cr.n.Articles.Add(1)
	} else {
		cr.n.Listings.Add(1)
	}
	wantLinks := d < cr.maxDepth || !isArticle && d <= cr.maxDepth
	if !wantLinks && !(isArticle && cr.parse) {
		return
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(r.Body))
	if err != nil {
		if isArticle && cr.parse {
			cr.n.Errors.Add(1)
			fmt.Fprintf(os.Stderr, "collybare: %s: parse: %v\n", u, err)
		}
		return
	}
	if isArticle && cr.parse {
		cr.n.Parsed.Add(1)
		cr.n.Paragraphs.Add(int64(doc.Find("p").Length()))
	}
	if wantLinks {
		cr.links(r, doc)
	}
}

// links queues the links of an HTML page.
func (cr *crawl) links(r *colly.Response, doc *goquery.Document) {
	base := r.Request.URL
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := base.Parse(href); err == nil {
			base = b
		}
	}
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		href, _ := a.Attr("href")
		cr.discover(r.Request, base, href)
	})
}

// feed queues the links of an RSS feed, at depth 1 like newsnorm's.
func (cr *crawl) feed(r *colly.Response) {
	var rss struct {
		Items []struct {
			Link string `xml:"link"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(r.Body, &rss); err != nil {
		cr.n.Errors.Add(1)
		return
	}
	for _, it := range rss.Items {
		cr.discover(r.Request, r.Request.URL, it.Link)
	}
}

func (cr *crawl) discover(from *colly.Request, base *url.URL, href string) {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return
	}
	u, err := base.Parse(href)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" {
		return
	}
	u.Fragment = ""
	abs := u.String()
	switch {
	case cr.article.MatchString(abs):
	case depth(from)+1 <= cr.maxDepth && cr.follow.MatchString(abs):
	default:
		return
	}
	// Colly's own visited check is not atomic in async mode (two
	// goroutines can both find a URL unvisited and fetch it twice: seen
	// in 1 of 3 runs of 20,000 articles), so claim each URL here first.
	if _, dup := cr.seen.LoadOrStore(abs, struct{}{}); dup {
		return
	}
	// Already visited is not an error worth reporting.
	_ = from.Visit(abs)
}

func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "collybare:", err)
	os.Exit(1)
}

// transport is http.DefaultTransport's settings with room for one idle
// connection per request in flight.
func transport(idlePerHost int) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = idlePerHost
	return t
}

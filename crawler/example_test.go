package crawler_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/newsnorm/newsnorm/crawler"
)

// A site whose home page links two articles and an about page: Crawl
// hands the two articles to Hooks.Article.
func ExampleCrawl() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<a href="/news/1">One</a> <a href="/news/2#top">Two</a> <a href="/about">About</a>`)
		case "/robots.txt":
			http.NotFound(w, r)
		default:
			fmt.Fprintf(w, "<h1>Article %s</h1>", r.URL.Path)
		}
	}))
	defer srv.Close()

	site := &crawler.Site{
		Name:        "example",
		StartURLs:   []string{srv.URL + "/"},
		Article:     regexp.MustCompile(`/news/\d+$`),
		MaxDepth:    1,
		Parallelism: 2,
		ObeyRobots:  true,
	}
	var mu sync.Mutex
	var got []string
	hooks := crawler.Hooks{Article: func(_ context.Context, _ *crawler.Site, p *crawler.Page) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, strings.TrimPrefix(p.URL, srv.URL)+": "+string(p.Body))
	}}
	opts := crawler.Options{UserAgent: "example/1.0", AllowPrivate: true, MaxBodyBytes: 1 << 20}
	var stats crawler.Stats
	if err := crawler.Crawl(context.Background(), []*crawler.Site{site}, opts, hooks, &stats); err != nil {
		fmt.Println(err)
	}
	sort.Strings(got)
	fmt.Println(strings.Join(got, "\n"))
	fmt.Println("requests:", stats.Requests.Load())
	// Output:
	// /news/1: <h1>Article /news/1</h1>
	// /news/2: <h1>Article /news/2</h1>
	// requests: 4
}

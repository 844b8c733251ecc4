package crawler

import (
	"context"
	"net/http"
	"sync"
	"testing"
)

// A dry run requests listing pages but no article, and lists each article
// with the fate a crawl would give it, in the crawl's order of checks:
// done, robots.txt, MaxArticles.
func TestDryRunFates(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, _ *http.Request) { text("User-agent: *\nDisallow: /a/2\n")(w) })
	mux.HandleFunc("/", html(links("/list", "/a/1", "/a/2", "/a/3")))
	mux.HandleFunc("/list", html(links("/a/3", "/a/4", "/a/5")))
	for _, p := range []string{"/a/1", "/a/2", "/a/3", "/a/4", "/a/5"} {
		mux.HandleFunc(p, html(articleHTML(p)))
	}
	srv, hits := serve(t, mux)
	s := testSite(srv.URL)
	s.MaxArticles = 2
	rc := newRecorder()
	rc.done[srv.URL+"/a/1"] = true
	var mu sync.Mutex
	got := map[string]Listing{}
	h := rc.hooks()
	h.Listed = func(_ context.Context, _ *Site, l Listing) {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := got[l.URL]; dup {
			t.Errorf("Listed %s twice", l.URL)
		}
		got[l.URL] = l
	}
	opts := testOptions()
	opts.DryRun = true
	s.Parallelism = 1 // the two articles within MaxArticles are the first two found
	if err := Crawl(context.Background(), []*Site{s}, opts, h, &Stats{}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"/a/1": FateDone, "/a/2": string(ReasonRobots), "/a/3": FateFetch, "/a/4": FateFetch, "/a/5": string(ReasonArticleLimit)}
	for p, fate := range want {
		l, ok := got[srv.URL+p]
		if !ok || l.Fate != fate {
			t.Errorf("Listed %s = %+v (%v), want fate %s", p, l, ok, fate)
		}
		if n := hits.get(p); n != 0 {
			t.Errorf("dry run requested article %s %d times", p, n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("Listed %d articles, want %d: %v", len(got), len(want), got)
	}
	if l := got[srv.URL+"/a/4"]; l.From != srv.URL+"/list" {
		t.Errorf("/a/4 from %q, want the listing page", l.From)
	}
	if hits.get("/list") != 1 || rc.pageCount() != 0 || rc.skip(srv.URL+"/a/2") != "" {
		t.Errorf("listing requested %d times, %d pages handed on, /a/2 skipped %q; want 1, 0 and not reported to Skipped",
			hits.get("/list"), rc.pageCount(), rc.skip(srv.URL+"/a/2"))
	}
}

package crawler

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestParseRobots(t *testing.T) {
	const groups = `
# comment
User-agent: *
Disallow: /private
Allow: /private/open
Crawl-delay: 5

User-agent: otherbot
Disallow: /

User-agent: NewsNorm
User-agent: anotherbot
Disallow: /nonews   # trailing comment
Disallow: /*.pdf$
Disallow: /search?*q=
Allow: /nonews/ok
Disallow: /fa/%D8%AE
Crawl-delay: 0.5

Sitemap: https://example.com/sitemap.xml
`
	for _, tc := range []struct {
		name, body, agent, path string
		want                    bool
	}{
		{"own group, prefix", groups, "newsnorm", "/nonews/1", false},
		{"own group replaces *", groups, "newsnorm", "/private", true},
		{"longest match wins", groups, "newsnorm", "/nonews/ok/1", true},
		{"wildcard and end anchor", groups, "newsnorm", "/files/a.pdf", false},
		{"anchor not at end", groups, "newsnorm", "/files/a.pdf?x=1", true},
		{"query", groups, "newsnorm", "/search?lang=fa&q=x", false},
		{"query without q", groups, "newsnorm", "/search?lang=fa", true},
		{"percent-encoded unicode", groups, "newsnorm", "/fa/خبر", false},
		{"star group", groups, "somebot", "/private/x", false},
		{"star group allow", groups, "somebot", "/private/open/x", true},
		{"other group", groups, "otherbot", "/anything", false},
		{"robots.txt always allowed", "User-agent: *\nDisallow: /", "x", "/robots.txt", true},
		{"disallow all", "User-agent: *\nDisallow: /", "x", "/", false},
		{"empty disallow allows", "User-agent: *\nDisallow:", "x", "/a", true},
		{"allow wins a tie", "User-agent: *\nDisallow: /a\nAllow: /a", "x", "/a", true},
		{"rules before user-agent ignored", "Disallow: /\nUser-agent: *\nDisallow: /b", "x", "/a", true},
		{"garbage lines skipped", "User-agent: *\nCrawl-delay: soon\nnonsense\nDisallow: /b", "x", "/b", false},
		{"empty file", "", "x", "/a", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rb := parseRobots([]byte(tc.body), tc.agent)
			u, _ := url.Parse("https://example.com" + tc.path)
			if got := rb.allowed(u); got != tc.want {
				t.Errorf("allowed(%q) for %q = %v, want %v", tc.path, tc.agent, got, tc.want)
			}
		})
	}
	rb := parseRobots([]byte(groups), "newsnorm")
	if rb.CrawlDelay != 500*time.Millisecond {
		t.Errorf("crawl delay = %v, want 500ms (own group)", rb.CrawlDelay)
	}
	if len(rb.Sitemaps) != 1 || rb.Sitemaps[0] != "https://example.com/sitemap.xml" {
		t.Errorf("sitemaps = %v", rb.Sitemaps)
	}
	if got := parseRobots([]byte(groups), "somebot").CrawlDelay; got != 5*time.Second {
		t.Errorf("crawl delay for * = %v, want 5s", got)
	}
	// Crawl-delay does not end a group: it is both agents', and so is the
	// rule after it; Sitemap: lines count wherever they are.
	const shared = "Sitemap: https://example.com/a.xml\nUser-agent: newsnorm\nCrawl-delay: 2\nUser-agent: otherbot\nSitemap: https://example.com/b.xml\nDisallow: /x\n"
	for _, agent := range []string{"newsnorm", "otherbot"} {
		rb := parseRobots([]byte(shared), agent)
		u, _ := url.Parse("https://example.com/x/1")
		if rb.CrawlDelay != 2*time.Second || rb.allowed(u) || len(rb.Sitemaps) != 2 {
			t.Errorf("%s: crawl delay %v, /x/1 allowed %v, sitemaps %v; want 2s, false, both", agent, rb.CrawlDelay, rb.allowed(u), rb.Sitemaps)
		}
	}
}

func TestProductToken(t *testing.T) {
	for in, want := range map[string]string{
		"newsnorm/0.1 (+https://github.com/newsnorm/newsnorm)": "newsnorm",
		"NewsNorm":                 "newsnorm",
		"Mozilla/5.0 (compatible)": "mozilla",
		"newsnorm-test/1.0":        "newsnorm-test",
		"":                         "",
	} {
		if got := productToken(in); got != want {
			t.Errorf("productToken(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRobots crawls a start page linking /a/1 and /a/2 under several
// robots.txt answers.
func TestRobots(t *testing.T) {
	for _, tc := range []struct {
		name        string
		robots      func(w http.ResponseWriter)
		obey        bool
		fetched     []string // article paths requested
		skipped     map[string]string
		robotsCalls int
	}{
		{
			name:        "disallow one article",
			robots:      text("User-agent: *\nDisallow: /a/2\n"),
			obey:        true,
			fetched:     []string{"/a/1"},
			skipped:     map[string]string{"/a/2": "robots"},
			robotsCalls: 1,
		},
		{
			name:        "own group",
			robots:      text("User-agent: *\nDisallow: /\n\nUser-agent: newsnorm-test\nDisallow: /a/1\n"),
			obey:        true,
			fetched:     []string{"/a/2"},
			skipped:     map[string]string{"/a/1": "robots"},
			robotsCalls: 1,
		},
		{
			name:        "404 allows everything",
			robots:      func(w http.ResponseWriter) { http.Error(w, "no", http.StatusNotFound) },
			obey:        true,
			fetched:     []string{"/a/1", "/a/2"},
			robotsCalls: 1,
		},
		{
			name:        "5xx disallows everything",
			robots:      func(w http.ResponseWriter) { http.Error(w, "down", http.StatusInternalServerError) },
			obey:        true,
			robotsCalls: 1, // Retries 0 here
		},
		{
			name:    "not obeyed",
			robots:  text("User-agent: *\nDisallow: /\n"),
			fetched: []string{"/a/1", "/a/2"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			mux := http.NewServeMux()
			mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, _ *http.Request) { tc.robots(w) })
			mux.HandleFunc("/{$}", html(links("/a/1", "/a/2")))
			mux.HandleFunc("/a/", html(articleHTML("x")))
			srv, h := serve(t, mux)
			s := testSite(srv.URL)
			s.ObeyRobots = tc.obey
			opts := testOptions()
			opts.Retries = 0
			rc := newRecorder()
			st := crawl(t, s, opts, rc)
			if got := h.get("/robots.txt"); got != tc.robotsCalls {
				t.Errorf("robots.txt requested %d times, want %d", got, tc.robotsCalls)
			}
			want := map[string]bool{}
			for _, p := range tc.fetched {
				want[p] = true
			}
			for _, p := range []string{"/a/1", "/a/2"} {
				if got := h.get(p); got != map[bool]int{true: 1}[want[p]] {
					t.Errorf("%s requested %d times, want fetched = %v", p, got, want[p])
				}
				if got, want := rc.skip(srv.URL+p), tc.skipped[p]; got != want {
					t.Errorf("%s skipped as %q, want %q", p, got, want)
				}
			}
			if tc.name == "5xx disallows everything" {
				if h.get("/") != 0 || st.Failed()["robots-unreachable"] != 1 {
					t.Errorf("start page requested %d times, failed %v; want it failed as robots-unreachable", h.get("/"), st.Failed())
				}
			}
		})
	}
}

// TestCrawlDelay checks that Crawl-delay spaces every request to the host,
// the robots.txt fetch included, even with parallelism 3 and no site delay.
func TestCrawlDelay(t *testing.T) {
	const crawlDelay = 200 * time.Millisecond
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, _ *http.Request) { text("User-agent: *\nCrawl-delay: 0.2\n")(w) })
	mux.HandleFunc("/{$}", html(links("/a/1", "/a/2", "/a/3")))
	mux.HandleFunc("/a/", html(articleHTML("x")))
	srv, h := serve(t, mux)
	s := testSite(srv.URL)
	s.Parallelism = 3
	rc := newRecorder()
	crawl(t, s, testOptions(), rc)
	if rc.pageCount() != 3 {
		t.Fatalf("fetched %d articles, want 3", rc.pageCount())
	}
	times := h.all()
	if len(times) != 5 {
		t.Fatalf("server saw %d requests, want 5 (robots.txt, start page, 3 articles)", len(times))
	}
	// A request's arrival can lag its start on a loaded machine: the gap
	// is checked against three quarters of the Crawl-delay (without it,
	// three requests in parallel arrive within a millisecond or two).
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < crawlDelay*3/4 {
			t.Errorf("request %d came %v after the previous one, want ≥ %v (Crawl-delay)", i, gap, crawlDelay)
		}
	}
}

func text(body string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte(body))
	}
}

// html serves body as UTF-8 HTML.
func html(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(body))
	}
}

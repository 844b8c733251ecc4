package crawler

import (
	"net/http"
	"regexp"
	"testing"

	"github.com/newsnorm/newsnorm/internal/robotscases"
)

// TestRobotsConformance runs the cases of internal/robotscases (the
// behaviours google/robotstxt's robots_test.cc covers, and RFC 9309)
// against the crawler's matcher, as robotsBlock applies it: the URL as
// found and its canonical form, refused if either is disallowed.
func TestRobotsConformance(t *testing.T) {
	cases := robotscases.Cases()
	if len(cases) < 150 {
		t.Fatalf("%d cases, want the whole table", len(cases))
	}
	names := map[string]bool{}
	for _, c := range cases {
		if names[c.Name] {
			t.Fatalf("case %q twice", c.Name)
		}
		names[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			rb := parseRobots([]byte(c.Robots), productToken(c.Agent))
			cu := Canonical(c.URL)
			if got := rb.allowedAll(cu, foundAs(c.URL, cu)); got != c.Allowed {
				t.Errorf("%s: allowed(%.80q) for %q = %v, want %v\nrobots.txt: %.300q", c.Source, c.URL, c.Agent, got, c.Allowed, c.Robots)
			}
		})
	}
}

// TestRobotsGapsInACrawl crawls a site whose robots.txt has each of the
// gaps issue 13 found (a BOM, CR line endings, Crawl-delay inside a
// group, a rule on the query as linked): the disallowed articles are
// skipped as "robots" and never requested.
func TestRobotsGapsInACrawl(t *testing.T) {
	for _, tc := range []struct {
		name, robots string
		disallowed   string // the article path (with its query, as linked) robots.txt refuses
	}{
		{"BOM", "\xEF\xBB\xBFUser-agent: newsnorm-test\nDisallow: /a/2\n", "/a/2"},
		{"partial BOM", "\xEF\xBBUser-agent: *\nDisallow: /a/2\n", "/a/2"},
		{"CR line endings", "User-agent: *\rDisallow: /a/2\rAllow: /\r", "/a/2"},
		{"Crawl-delay in group", "User-agent: newsnorm-test\nCrawl-delay: 0.01\nUser-agent: otherbot\nDisallow: /a/2\n", "/a/2"},
		{"query as linked", "User-agent: *\nDisallow: /a/2?q=\n", "/a/2?q=x&lang=fa"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			mux := http.NewServeMux()
			mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, _ *http.Request) { text(tc.robots)(w) })
			mux.HandleFunc("/{$}", html(links("/a/1", tc.disallowed)))
			mux.HandleFunc("/a/", html(articleHTML("x")))
			srv, h := serve(t, mux)
			s := testSite(srv.URL)
			s.Article = regexp.MustCompile(`^` + regexp.QuoteMeta(srv.URL) + `/a/\d+`)
			rc := newRecorder()
			st := crawl(t, s, testOptions(), rc)
			if h.get("/a/2") != 0 {
				t.Errorf("/a/2 requested %d times, want 0 (disallowed)", h.get("/a/2"))
			}
			if h.get("/a/1") != 1 {
				t.Errorf("/a/1 requested %d times, want 1", h.get("/a/1"))
			}
			if n := st.Skipped()["robots"]; n != 1 {
				t.Errorf("skipped %v, want 1 robots", st.Skipped())
			}
		})
	}
}

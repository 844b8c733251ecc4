package crawler

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseSitemap(t *testing.T) {
	day := func(s string) time.Time { return parseW3CDate(s) }
	for _, tc := range []struct {
		name string
		in   string
		want []sitemapEntry
		err  error
	}{
		{
			name: "urlset with images and lastmod",
			in: `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url><loc> https://x.com/a/1 </loc><lastmod>2024-05-01</lastmod>
    <image:image><image:loc>https://x.com/img/1.jpg</image:loc></image:image></url>
  <url><image:image><image:loc>https://x.com/img/2.jpg</image:loc></image:image><loc>https://x.com/a/2?x=1&y=2</loc></url>
  <url><lastmod>2024-05-01</lastmod></url>
</urlset>`,
			want: []sitemapEntry{{loc: "https://x.com/a/1", date: day("2024-05-01")}, {loc: "https://x.com/a/2?x=1&y=2"}},
		},
		{
			name: "google news",
			in: `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://x.com/a/3</loc><lastmod>2024-06-02T10:00:00Z</lastmod>
<news:news><news:publication><news:name>X</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2024-06-01T08:30:00+03:30</news:publication_date><news:title>T &amp; U</news:title></news:news></url>
</urlset>`,
			want: []sitemapEntry{{loc: "https://x.com/a/3", date: day("2024-06-01T08:30:00+03:30")}},
		},
		{
			name: "index",
			in: "\ufeff\n  <sitemapindex><sitemap><loc>https://x.com/s1.xml.gz</loc><lastmod>2024-01-01T00:00Z</lastmod></sitemap>" +
				"<sitemap><loc>https://x.com/s2.xml</loc></sitemap></sitemapindex>",
			want: []sitemapEntry{{loc: "https://x.com/s1.xml.gz", date: day("2024-01-01T00:00Z"), index: true}, {loc: "https://x.com/s2.xml", index: true}},
		},
		{
			name: "latin-1 declared",
			in:   "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><urlset><url><loc>https://x.com/caf\xe9</loc></url></urlset>",
			want: []sitemapEntry{{loc: "https://x.com/café"}},
		},
		{
			name: "unescaped ampersand",
			in:   "<urlset><url><loc>https://x.com/a?b=1&c=2</loc></url></urlset>",
			want: []sitemapEntry{{loc: "https://x.com/a?b=1&c=2"}},
		},
		{
			name: "text sitemap",
			in:   "https://x.com/a/1\n\nnot a url\r\nhttps://x.com/a/2\r\n",
			want: []sitemapEntry{{loc: "https://x.com/a/1"}, {loc: "https://x.com/a/2"}},
		},
		{name: "html page", in: "<!DOCTYPE html><html><body>Not found</body></html>", err: errBadSitemap},
		{name: "rss", in: "<rss><channel></channel></rss>", err: errBadSitemap},
		{name: "empty", in: "  \n", err: errBadSitemap},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []sitemapEntry
			err := parseSitemap(strings.NewReader(tc.in), func(e sitemapEntry) bool { got = append(got, e); return true })
			if !errors.Is(err, tc.err) {
				t.Fatalf("parseSitemap error = %v, want %v", err, tc.err)
			}
			if !slices.EqualFunc(got, tc.want, func(a, b sitemapEntry) bool { return a.loc == b.loc && a.date.Equal(b.date) && a.index == b.index }) {
				t.Errorf("parseSitemap = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseW3CDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-06-01T08:30:00+03:30": "2024-06-01T05:00:00Z",
		"2024-06-01T08:30:00.123Z":  "2024-06-01T08:30:00.123Z",
		"2024-06-01T08:30+01:00":    "2024-06-01T07:30:00Z",
		"2024-06-01":                "2024-06-01T00:00:00Z",
		"2024-06":                   "2024-06-01T00:00:00Z",
		"2024":                      "2024-01-01T00:00:00Z",
		"2024-06-01 08:30:00":       "2024-06-01T08:30:00Z",
		"yesterday":                 "0001-01-01T00:00:00Z",
	} {
		if got := parseW3CDate(in).UTC().Format(time.RFC3339Nano); got != want {
			t.Errorf("parseW3CDate(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestSitemapDiscovery: robots.txt names a sitemap index, which names a
// gzip-compressed sitemap (by .xml.gz, with the gzip magic only), an old
// sitemap (skipped by SitemapMaxAge) and a Google News sitemap (served
// gzip-encoded). Articles and listing pages are queued from them.
func TestSitemapDiscovery(t *testing.T) {
	now := time.Now().UTC()
	recent := now.Add(-time.Hour).Format(time.RFC3339)
	old := now.AddDate(-2, 0, 0).Format(time.RFC3339)
	var base string
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, "User-agent: *\nDisallow: /a/9\nSitemap: %s/sitemap_index.xml\n", base)
	})
	mux.HandleFunc("/sitemap_index.xml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>%[1]s/sitemap-1.xml.gz</loc><lastmod>%[2]s</lastmod></sitemap>
<sitemap><loc>%[1]s/sitemap-2019.xml</loc><lastmod>%[3]s</lastmod></sitemap>
<sitemap><loc>/sitemap-news.xml</loc></sitemap>
</sitemapindex>`, base, recent, old)
	})
	mux.HandleFunc("/sitemap-1.xml.gz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write(gzipped(t, fmt.Sprintf(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>%[1]s/a/1</loc><lastmod>%[2]s</lastmod></url>
<url><loc>%[1]s/a/2</loc><lastmod>%[3]s</lastmod></url>
<url><loc>%[1]s/list/politics</loc></url>
<url><loc>%[1]s/about</loc></url>
<url><loc>%[1]s/a/9</loc></url>
</urlset>`, base, recent, old), 0))
	})
	mux.HandleFunc("/sitemap-news.xml", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(gzipped(t, fmt.Sprintf(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>%[1]s/a/3</loc><news:news><news:publication_date>%[2]s</news:publication_date></news:news></url>
<url><loc>%[1]s/a/4</loc><lastmod>%[2]s</lastmod><news:news><news:publication_date>%[3]s</news:publication_date></news:news></url>
</urlset>`, base, recent, old), 0))
	})
	mux.HandleFunc("/list/politics", html(links("/a/5")))
	mux.HandleFunc("/a/", html(articleHTML("x")))
	mux.HandleFunc("/{$}", html(links()))
	srv, h := serve(t, mux)
	base = srv.URL
	s := testSite(base) // the start page "/" names the host whose robots.txt is read
	s.SitemapsFromRobots = true
	s.SitemapMaxAge = 48 * time.Hour
	rc := newRecorder()
	st := crawl(t, s, testOptions(), rc)

	for path, want := range map[string]int{
		"/robots.txt": 1, "/sitemap_index.xml": 1, "/sitemap-1.xml.gz": 1, "/sitemap-news.xml": 1,
		"/sitemap-2019.xml": 0,            // lastmod older than SitemapMaxAge
		"/a/1":              1, "/a/2": 0, // a/2's lastmod is too old
		"/a/3": 1, "/a/4": 0, // a/4's news date is too old (its lastmod is not)
		"/list/politics": 1, "/a/5": 1, // a listing page from a sitemap is followed
		"/about": 0, // matches neither pattern
		"/a/9":   0, // robots.txt
	} {
		if got := h.get(path); got != want {
			t.Errorf("%s requested %d times, want %d", path, got, want)
		}
	}
	if got := rc.pageCount(); got != 3 {
		t.Errorf("%d articles handed on, want 3 (a/1, a/3, a/5)", got)
	}
	if rc.skip(base+"/a/9") != "robots" {
		t.Errorf("a/9 skipped as %q, want robots", rc.skip(base+"/a/9"))
	}
	if n := st.FailedTotal(); n != 0 {
		t.Errorf("failures: %v", st.Failed())
	}
}

// TestSitemapLimits: a gzip bomb sitemap fails as too-large without
// inflating it all; a broken one as bad-sitemap.
func TestSitemapLimits(t *testing.T) {
	bomb := gzipped(t, `<?xml version="1.0"?><urlset>`, 64<<20)
	mux := http.NewServeMux()
	mux.HandleFunc("/bomb.xml.gz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write(bomb) })
	mux.HandleFunc("/broken.xml", func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("<urlset><url><loc>x</loc></url><url"))
	})
	srv, h := serve(t, mux)
	s := testSite(srv.URL)
	s.StartURLs = nil
	s.Sitemaps = []string{srv.URL + "/bomb.xml.gz", srv.URL + "/broken.xml"}
	s.ObeyRobots = false
	opts := testOptions()
	opts.maxSitemapBytes = 1 << 20
	rc := newRecorder()
	alloc := allocated(func() { crawl(t, s, opts, rc) })
	for path, want := range map[string]string{"/bomb.xml.gz": "too-large", "/broken.xml": "bad-sitemap"} {
		f, _ := rc.failure(srv.URL + path)
		if f.Reason != want {
			t.Errorf("%s failed as %q (%v), want %q", path, f.Reason, f.Err, want)
		}
		if h.get(path) != 1 {
			t.Errorf("%s requested %d times, want once (no retry)", path, h.get(path))
		}
	}
	if alloc > 16<<20 {
		t.Errorf("reading the sitemaps allocated %d MiB, want < 16 MiB", alloc>>20)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"

	"github.com/newsnorm/newsnorm/render"
)

// jsSite is a news site whose article pages are empty shells: a script
// fetches /api/N.json from the same site and writes the headline and the
// body into the page. /news/99.html loops for ever; /news/98.html also
// tries to reach another host (other) before building its article;
// /news/50.html is a plain static article.
type jsSite struct {
	srv   *httptest.Server
	other string // host:port of the second server
	// n, when set, makes the home page link /news/1.html to /news/n.html
	// only (benchmarks).
	n int

	mu   sync.Mutex
	hits map[string]int
}

func jsHeadline(n int) string { return fmt.Sprintf("Harbour plan approved by the council, part %d", n) }

func jsParagraphs(n int) []string {
	return []string{
		fmt.Sprintf("The city council voted on Tuesday to approve plan number %d for the old harbour, after a debate that lasted well into the evening.", n),
		"Supporters said the plan would bring new housing and a public park to the waterfront, while critics warned about the cost to local taxpayers.",
		fmt.Sprintf("Work on the first phase of project %d is expected to begin next spring and to last about two years, the mayor's office said.", n),
	}
}

const jsShell = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Harbour News</title></head>
<body><nav><a href="/">Home</a></nav><main id="app"><p>Loading…</p></main>
<script>%s
fetch('/api/%d.json').then(r => r.json()).then(a => {
  document.getElementById('app').innerHTML = '<article><h1>' + a.headline + '</h1>' +
    a.paragraphs.map(p => '<p>' + p + '</p>').join('') + '</article>';
});
</script></body></html>`

func (s *jsSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	s.mu.Unlock()
	html := func(body string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	}
	path := r.URL.Path
	switch {
	case path == "/" && s.n > 0:
		var b strings.Builder
		for i := 1; i <= s.n; i++ {
			fmt.Fprintf(&b, `<li><a href="/news/%d.html">%d</a></li>`, i, i)
		}
		html("<!DOCTYPE html><html><body><ul>" + b.String() + "</ul></body></html>")
	case path == "/":
		html(`<!DOCTYPE html><html><body><ul>
<li><a href="/news/1.html">1</a></li><li><a href="/news/2.html">2</a></li><li><a href="/news/3.html">3</a></li>
<li><a href="/news/98.html">98</a></li><li><a href="/news/99.html">99</a></li><li><a href="/news/50.html">50</a></li></ul></body></html>`)
	case path == "/news/50.html":
		// The one article that is in the static HTML already.
		var b strings.Builder
		for _, p := range jsParagraphs(50) {
			b.WriteString("<p>" + p + "</p>")
		}
		html(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>Harbour News</title></head><body><article><h1>` + jsHeadline(50) + `</h1>` + b.String() + `</article></body></html>`)
	case path == "/news/99.html":
		html(`<!DOCTYPE html><html><body><p>spinning</p><script>while (true) {}</script></body></html>`)
	case path == "/news/98.html":
		html(fmt.Sprintf(jsShell, fmt.Sprintf("fetch('http://%s/track.json').catch(() => {});", s.other), 98))
	case strings.HasPrefix(path, "/news/") && strings.HasSuffix(path, ".html"):
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(path, "/news/"), ".html"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		html(fmt.Sprintf(jsShell, "", n))
	case strings.HasPrefix(path, "/api/") && strings.HasSuffix(path, ".json"):
		n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(path, "/api/"), ".json"))
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"headline": jsHeadline(n), "paragraphs": jsParagraphs(n)})
	default:
		http.NotFound(w, r)
	}
}

func (s *jsSite) requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// startJSSite starts the site and the other host, which counts every
// request that reaches it.
func startJSSite(t testing.TB) (*jsSite, *atomic.Int64) {
	var otherHits atomic.Int64
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		otherHits.Add(1)
		io.WriteString(w, "{}")
	}))
	t.Cleanup(other.Close)
	s := &jsSite{other: strings.TrimPrefix(other.URL, "http://"), hits: map[string]int{}}
	s.srv = httptest.NewServer(s)
	t.Cleanup(s.srv.Close)
	return s, &otherHits
}

func jsConfig(base, dir, mode string) string {
	host := regexp.QuoteMeta(strings.TrimPrefix(base, "http://"))
	return fmt.Sprintf(`
state: %[2]s/state.db
output: %[2]s/out/{site}.jsonl
rejects: %[2]s/out/rejects.jsonl
failures: %[2]s/out/failures.jsonl
user_agent: "newsnorm-test/1.0 (+mailto:test@newsnorm.test)"
allow_private_networks: true
retries: 0
render_timeout: 8s
browser_tabs: 2
sites:
  - name: harbour
    start_urls: ["%[1]s/"]
    article: '^http://%[3]s/news/(?P<id>\d+)\.html$'
    max_depth: 1
    delay: 0s
    parallelism: 4
    render: %[4]s
`, base, dir, host, mode)
}

// needChromium skips the test when no Chromium is installed or it cannot
// start here: it renders one page that needs no network.
func needChromium(t testing.TB) {
	t.Helper()
	b, err := render.New(render.Options{Logger: discardLogger(), PageTimeout: 20 * time.Second})
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	defer b.Close()
	_, err = b.Render(context.Background(), render.Page{URL: "http://127.0.0.1:1/probe.html",
		Body: []byte("<!DOCTYPE html><html><body><p>probe</p></body></html>")}, render.PageOptions{})
	if err != nil {
		t.Skipf("skipping: Chromium (%s) cannot start here: %v", b.ExecPath(), err)
	}
}

// The test: with render: browser every script-built article comes
// out right; without it they are rejected; a page that loops for ever
// times out and is a failure while the run goes on; a page whose script
// fetches another host gets no request through to it.
func TestCrawlRendersScriptBuiltPages(t *testing.T) {
	needChromium(t)
	site, otherHits := startJSSite(t)

	t.Run("render: none", func(t *testing.T) {
		dir := t.TempDir()
		cfg := writeFile(t, filepath.Join(dir, "config.yaml"), jsConfig(site.srv.URL, dir, "none"))
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"crawl", "--config", cfg}, nil, &stdout, &stderr)
		if code := exitCodeOf(err); code != exitPartial {
			t.Fatalf("crawl: exit %d (%v), want %d (rejected pages)\n%s", code, err, exitPartial, stderr.String())
		}
		checkRendered(t, filepath.Join(dir, "out", "harbour.jsonl"), site.srv.URL, []int{50})
		rejects := readRecords(t, filepath.Join(dir, "out", "rejects.jsonl"))
		if len(rejects) != 5 {
			t.Errorf("%d rejects, want the 5 script-built article pages: %v", len(rejects), rejects)
		}
		for _, r := range rejects {
			if !strings.HasPrefix(r["reason"].(string), "invalid:") {
				t.Errorf("reject %v: reason %q, want invalid", r["url"], r["reason"])
			}
		}
	})

	for _, mode := range []string{"browser", "auto"} {
		t.Run("render: "+mode, func(t *testing.T) { crawlRendered(t, site, otherHits, mode) })
	}

	// A backfill of the site's URLs renders them as the crawl does.
	t.Run("backfill", func(t *testing.T) {
		dir := t.TempDir()
		cfg := writeFile(t, filepath.Join(dir, "config.yaml"), jsConfig(site.srv.URL, dir, "browser"))
		list := writeFile(t, filepath.Join(dir, "urls.txt"), site.srv.URL+"/news/2.html\n"+site.srv.URL+"/news/50.html\n")
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"backfill", "--config", cfg, "--no-progress", list}, nil, &stdout, &stderr)
		if code := exitCodeOf(err); code != exitOK {
			t.Fatalf("backfill: exit %d (%v), want 0\n%s", code, err, stderr.String())
		}
		checkRendered(t, filepath.Join(dir, "out", "harbour.jsonl"), site.srv.URL, []int{2, 50})
		if n := chromiumChildren(t); n != 0 {
			t.Errorf("%d Chromium processes left after the backfill, want 0", n)
		}
	})

	// render: auto starts no browser when every static page gives an
	// article.
	t.Run("auto, nothing to render", func(t *testing.T) {
		dir := t.TempDir()
		cfg := writeFile(t, filepath.Join(dir, "config.yaml"), jsConfig(site.srv.URL, dir, "auto"))
		list := writeFile(t, filepath.Join(dir, "urls.txt"), site.srv.URL+"/news/50.html\n")
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"backfill", "--config", cfg, "--no-progress", "--log-format", "text", list}, nil, &stdout, &stderr)
		if code := exitCodeOf(err); code != exitOK {
			t.Fatalf("backfill: exit %d (%v), want 0\n%s", code, err, stderr.String())
		}
		checkRendered(t, filepath.Join(dir, "out", "harbour.jsonl"), site.srv.URL, []int{50})
		if strings.Contains(stderr.String(), "browser started") {
			t.Errorf("a browser was started with nothing to render:\n%s", stderr.String())
		}
	})
}

// chromiumChildren counts the Chromium processes whose parent is this
// test process (the browsers a run started and did not stop).
func chromiumChildren(t *testing.T) int {
	t.Helper()
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	n := 0
	for _, p := range stats {
		data, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...
		s := string(data)
		i := strings.LastIndexByte(s, ')')
		if i < 0 || !strings.Contains(s[:i], "chrom") {
			continue
		}
		if f := strings.Fields(s[i+1:]); len(f) > 1 && f[1] == strconv.Itoa(os.Getpid()) {
			n++
		}
	}
	return n
}

// crawlRendered crawls the site with render: mode and a WARC archive,
// checks the records, the failure of the looping page and that the other
// host saw nothing; then extract --warc must give the same records from
// the archive, where each page that was rendered has a conversion record
// of its response (with auto, only the script-built ones).
func crawlRendered(t *testing.T, site *jsSite, otherHits *atomic.Int64, mode string) {
	{
		dir := t.TempDir()
		cfg := writeFile(t, filepath.Join(dir, "config.yaml"), jsConfig(site.srv.URL, dir, mode))
		before := site.requests("/news/99.html")
		var stdout, stderr bytes.Buffer
		start := time.Now()
		warc := filepath.Join(dir, "out", "{site}.warc.gz")
		summary := filepath.Join(dir, "summary.json")
		err := run(context.Background(), []string{"crawl", "--config", cfg, "--warc", warc, "--summary-json", summary}, nil, &stdout, &stderr)
		if code := exitCodeOf(err); code != exitPartial {
			t.Fatalf("crawl: exit %d (%v), want %d (the looping page failed)\n%s", code, err, exitPartial, stderr.String())
		}
		if el := time.Since(start); el > 60*time.Second {
			t.Errorf("crawl took %v: the looping page held the run up", el)
		}
		checkRendered(t, filepath.Join(dir, "out", "harbour.jsonl"), site.srv.URL, []int{1, 2, 3, 50, 98})
		failures := readRecords(t, filepath.Join(dir, "out", "failures.jsonl"))
		if len(failures) != 1 || failures[0]["url"] != site.srv.URL+"/news/99.html" || !strings.HasPrefix(failures[0]["reason"].(string), "render-timeout") {
			t.Errorf("failures = %v, want /news/99.html failed as render-timeout", failures)
		}
		if got := site.requests("/news/99.html") - before; got != 1 {
			t.Errorf("/news/99.html fetched %d times, want once (statically; the browser is answered from that fetch)", got)
		}
		if n := otherHits.Load(); n != 0 {
			t.Errorf("the other host got %d requests from the rendered pages, want 0", n)
		}
		if n := chromiumChildren(t); n != 0 {
			t.Errorf("%d Chromium processes left after the crawl, want 0 (one browser per run, closed at the end)", n)
		}
		if data, _ := os.ReadFile(filepath.Join(dir, "out", "rejects.jsonl")); len(data) != 0 {
			t.Errorf("rejects with rendering:\n%s", data)
		}

		archived := filepath.Join(dir, "out", "harbour.warc.gz")
		want := []string{"/news/1.html", "/news/2.html", "/news/3.html", "/news/98.html"}
		if mode == "browser" {
			want = append(want, "/news/50.html")
		}
		var s struct {
			Rendered       int64            `json:"rendered"`
			FailedByReason map[string]int64 `json:"failed_by_reason"`
		}
		if data, err := os.ReadFile(summary); err != nil || json.Unmarshal(data, &s) != nil {
			t.Fatalf("summary: %v\n%s", err, data)
		}
		if s.Rendered != int64(len(want)) || s.FailedByReason["render-timeout"] != 1 {
			t.Errorf("summary: rendered %d, failed %v; want %d rendered, 1 render-timeout", s.Rendered, s.FailedByReason, len(want))
		}
		checkConversions(t, archived, site.srv.URL, want)
		stdout.Reset()
		stderr.Reset()
		err = run(context.Background(), []string{"extract", "--config", cfg, "--warc", archived}, nil, &stdout, &stderr)
		if code := exitCodeOf(err); code != exitPartial {
			t.Errorf("extract --warc: exit %d (%v), want %d (the looping page has no article in its response)\n%s", code, err, exitPartial, stderr.String())
		}
		sameRecords(t, jsonlFile(t, filepath.Join(dir, "out", "harbour.jsonl")), jsonlByID(t, "extract --warc", &stdout))
	}
}

// checkConversions reads a WARC file strictly and checks that its
// conversion records are those of the pages want (paths), each referring
// to the response of its page, written before it, with the rendered HTML.
func checkConversions(t *testing.T, path, base string, want []string) {
	t.Helper()
	r, err := gowarc.NewWarcFileReader(path, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	responses := map[string]string{} // record ID -> target
	got := map[string]bool{}
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatalf("%s: strict read at byte %d: %v", path, rec.Offset, err)
		}
		wr := rec.WarcRecord
		h := wr.WarcHeader()
		switch wr.Type() {
		case gowarc.Response:
			responses[wr.RecordId()] = h.Get(gowarc.WarcTargetURI)
		case gowarc.Conversion:
			target := h.Get(gowarc.WarcTargetURI)
			if ref := h.GetId(gowarc.WarcRefersTo); responses[ref] != target {
				t.Errorf("conversion of %s refers to %q, the response of %q", target, ref, responses[ref])
			}
			if ct := h.Get(gowarc.ContentType); ct != "text/html; charset=utf-8" {
				t.Errorf("conversion of %s: Content-Type %q", target, ct)
			}
			block, _ := wr.Block().RawBytes()
			html, _ := io.ReadAll(block)
			if !strings.Contains(string(html), "<article><h1>") {
				t.Errorf("conversion of %s is not the rendered page: %.200s", target, html)
			}
			got[strings.TrimPrefix(target, base)] = true
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: conversion records of %v, want %v", path, got, want)
	}
	for _, p := range want {
		if !got[p] {
			t.Errorf("%s: no conversion record of %s", path, p)
		}
	}
}

// checkRendered checks that path holds exactly the records of the
// articles ns, with their script-built headline and body.
func checkRendered(t *testing.T, path, base string, ns []int) {
	t.Helper()
	recs := readRecords(t, path)
	byID := map[string]map[string]any{}
	for _, r := range recs {
		validateRecord(t, r)
		byID[r["id"].(string)] = r
	}
	if len(recs) != len(ns) {
		t.Errorf("%s: %d records, want %d", path, len(recs), len(ns))
	}
	for _, n := range ns {
		r := byID[strconv.Itoa(n)]
		if r == nil {
			t.Errorf("%s: no record for article %d", path, n)
			continue
		}
		if r["headline"] != jsHeadline(n) || r["url"] != fmt.Sprintf("%s/news/%d.html", base, n) {
			t.Errorf("record %d: headline %q, url %v; want %q", n, r["headline"], r["url"], jsHeadline(n))
		}
		if want := strings.Join(jsParagraphs(n), "\n\n"); r["body"] != want {
			t.Errorf("record %d: body\n%q\nwant\n%q", n, r["body"], want)
		}
	}
}

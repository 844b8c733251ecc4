package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// hits counts the requests a test server sees, per path, with their
// start times and headers.
type hits struct {
	mu      sync.Mutex
	n       map[string]int
	times   map[string][]time.Time
	order   []string
	headers map[string][]http.Header
}

func (h *hits) add(r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.n == nil {
		h.n, h.times, h.headers = map[string]int{}, map[string][]time.Time{}, map[string][]http.Header{}
	}
	p := r.URL.Path
	h.n[p]++
	h.times[p] = append(h.times[p], time.Now())
	h.headers[p] = append(h.headers[p], r.Header.Clone())
	h.order = append(h.order, p)
}

func (h *hits) get(path string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n[path]
}

func (h *hits) total() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.order)
}

// all returns the start times of every request, in order.
func (h *hits) all() []time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []time.Time
	for _, ts := range h.times {
		out = append(out, ts...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

func (h *hits) header(path string, i int) http.Header {
	h.mu.Lock()
	defer h.mu.Unlock()
	if i >= len(h.headers[path]) {
		return nil
	}
	return h.headers[path][i]
}

// serve starts a loopback server that counts requests before handing them
// to handler.
func serve(t *testing.T, handler http.Handler) (*httptest.Server, *hits) {
	t.Helper()
	h := &hits{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.add(r)
		handler.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, h
}

// testOptions keeps the suite fast: short timeouts and waits.
func testOptions() Options {
	return Options{
		UserAgent:    "newsnorm-test/1.0",
		AllowPrivate: true,
		Timeout:      5 * time.Second,
		MaxBodyBytes: 1 << 20,
		Retries:      2,
		MaxRetryWait: 3 * time.Second,
		StopGrace:    5 * time.Second,
	}
}

// testSite is a site on base: articles at /a/<n>, listing pages at /list*.
func testSite(base string) *Site {
	q := regexp.QuoteMeta(base)
	return &Site{
		Name:        "test",
		StartURLs:   []string{base + "/"},
		Article:     regexp.MustCompile(`^` + q + `/a/\d+$`),
		Follow:      []*regexp.Regexp{regexp.MustCompile(`^` + q + `/list`)},
		MaxDepth:    2,
		Parallelism: 2,
		ObeyRobots:  true,
	}
}

// links is an HTML page linking to each path.
func links(paths ...string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html><html><head><title>list</title></head><body><ul>")
	for _, p := range paths {
		fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, p, p)
	}
	b.WriteString("</ul></body></html>")
	return b.String()
}

func articleHTML(n string) string {
	return "<!DOCTYPE html><html><head><title>Article " + n + "</title></head><body><h1>Article " + n + "</h1><p>Text of article " + n + ".</p></body></html>"
}

// recorder keeps what the hooks receive.
type recorder struct {
	mu       sync.Mutex
	pages    map[string]*Page
	failures map[string]Failure
	skipped  map[string]string
	done     map[string]bool // answers for Hooks.Done
	vals     map[string][2]string
	saves    int
}

func newRecorder() *recorder {
	return &recorder{pages: map[string]*Page{}, failures: map[string]Failure{}, skipped: map[string]string{},
		done: map[string]bool{}, vals: map[string][2]string{}}
}

func (rc *recorder) hooks() Hooks {
	return Hooks{
		Done: func(_ context.Context, _ *Site, u string) bool {
			rc.mu.Lock()
			defer rc.mu.Unlock()
			return rc.done[u]
		},
		Article: func(_ context.Context, _ *Site, p *Page) {
			rc.mu.Lock()
			defer rc.mu.Unlock()
			rc.pages[p.URL] = p
		},
		Failed: func(_ context.Context, f Failure) {
			rc.mu.Lock()
			defer rc.mu.Unlock()
			rc.failures[f.URL] = f
		},
		Skipped: func(_ context.Context, _ *Site, u, reason string) {
			rc.mu.Lock()
			defer rc.mu.Unlock()
			rc.skipped[u] = reason
		},
		Validators: func(_ context.Context, u string) (string, string) {
			rc.mu.Lock()
			defer rc.mu.Unlock()
			v := rc.vals[u]
			return v[0], v[1]
		},
		SaveValidators: func(_ context.Context, u, etag, lm string) {
			rc.mu.Lock()
			defer rc.mu.Unlock()
			rc.saves++
			if etag == "" && lm == "" {
				delete(rc.vals, u)
				return
			}
			rc.vals[u] = [2]string{etag, lm}
		},
	}
}

func (rc *recorder) page(u string) *Page {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.pages[u]
}

func (rc *recorder) pageCount() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.pages)
}

func (rc *recorder) failure(u string) (Failure, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	f, ok := rc.failures[u]
	return f, ok
}

func (rc *recorder) skip(u string) string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.skipped[u]
}

// crawl runs Crawl on one site and fails the test if it errs.
func crawl(t *testing.T, s *Site, opts Options, rc *recorder) *Stats {
	t.Helper()
	st := &Stats{}
	if err := Crawl(context.Background(), []*Site{s}, opts, rc.hooks(), st); err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	return st
}

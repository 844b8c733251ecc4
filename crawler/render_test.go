package crawler

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeRenderer plays the browser for the crawler's side of rendering: it
// asks fetch for each URL the static page lists in its data-sub lines (as
// a page's scripts would) and "renders" the page as the answers it got, or
// the reason each was refused.
type fakeRenderer struct {
	mu    sync.Mutex
	calls map[string]int
	// fail makes Render fail for a URL with this reason.
	fail map[string]string
}

func (f *fakeRenderer) render(ctx context.Context, _ *Site, p *Page, fetch Fetcher) (*Page, error) {
	f.mu.Lock()
	if f.calls == nil {
		f.calls = map[string]int{}
	}
	f.calls[p.URL]++
	reason := f.fail[p.URL]
	f.mu.Unlock()
	if reason != "" {
		return nil, &RenderError{Reason: reason, Err: fmt.Errorf("render %s: %s: the page did not settle", p.URL, reason)}
	}
	var out strings.Builder
	out.WriteString("<html><body><h1>rendered</h1>")
	for _, line := range strings.Split(string(p.Body), "\n") {
		sub, ok := strings.CutPrefix(strings.TrimSpace(line), "data-sub ")
		if !ok {
			continue
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, sub, nil)
		res, err := fetch(req)
		if err != nil {
			fmt.Fprintf(&out, "<p>refused %s: %v</p>", sub, err)
			continue
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		fmt.Fprintf(&out, "<p>%d %s</p>", res.StatusCode, body)
	}
	out.WriteString("</body></html>")
	r := *p
	r.Body, r.Rendered = []byte(out.String()), true
	return &r, nil
}

func (f *fakeRenderer) count(u string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[u]
}

// Article pages of a render: browser site go through Hooks.Render; their
// subrequests reach the site through the crawler (its User-Agent,
// robots.txt, politeness) and nothing else: not another host, not a path
// robots.txt disallows. A page that cannot be rendered is a failure with
// the renderer's reason, and the crawl goes on.
func TestRenderSubrequests(t *testing.T) {
	other, otherHits := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "tracker") }))
	var base string
	srv, hits := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
		case r.URL.Path == "/":
			fmt.Fprint(w, links("/a/1", "/a/2", "/a/3"))
		case strings.HasPrefix(r.URL.Path, "/a/"):
			n := strings.TrimPrefix(r.URL.Path, "/a/")
			fmt.Fprintf(w, "<html><body>shell\ndata-sub %s/api/%s\ndata-sub %s/private/%s\ndata-sub %s/beacon\n</body></html>", base, n, base, n, other.URL)
		case strings.HasPrefix(r.URL.Path, "/api/"):
			fmt.Fprintf(w, "article-%s ua=%s", strings.TrimPrefix(r.URL.Path, "/api/"), r.Header.Get("User-Agent"))
		default:
			http.NotFound(w, r)
		}
	}))
	base = srv.URL
	s := testSite(srv.URL)
	s.Render = RenderBrowser
	s.Delay = 150 * time.Millisecond
	s.Parallelism = 1
	fr := &fakeRenderer{fail: map[string]string{srv.URL + "/a/3": "render-timeout"}}
	rc := newRecorder()
	h := rc.hooks()
	h.Render = fr.render
	st := &Stats{}
	opts := testOptions()
	gates := &countingGates{Gates: newHosts()}
	opts.Shared = &Shared{Gates: gates}
	if err := Crawl(context.Background(), []*Site{s}, opts, h, st); err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	for _, n := range []string{"1", "2"} {
		u := srv.URL + "/a/" + n
		p := rc.page(u)
		if p == nil || !p.Rendered {
			t.Fatalf("page %s = %+v, want it rendered", u, p)
		}
		body := string(p.Body)
		if want := "200 article-" + n + " ua=newsnorm-test/1.0"; !strings.Contains(body, want) {
			t.Errorf("rendered %s = %q, want the API's answer %q (with the crawler's User-Agent)", u, body, want)
		}
		for _, want := range []string{"refused " + srv.URL + "/private/" + n, "disallowed by robots.txt", "refused " + other.URL + "/beacon", "not on the page's site"} {
			if !strings.Contains(body, want) {
				t.Errorf("rendered %s = %q, want %q", u, body, want)
			}
		}
	}
	if n := otherHits.total(); n != 0 {
		t.Errorf("the other host got %d requests, want 0", n)
	}
	for _, path := range []string{"/private/1", "/private/2"} {
		if n := hits.get(path); n != 0 {
			t.Errorf("%s (disallowed) got %d requests, want 0", path, n)
		}
	}
	f, ok := rc.failure(srv.URL + "/a/3")
	if !ok || f.Reason != "render-timeout" || f.Status != 200 || !strings.Contains(f.Err.Error(), "did not settle") {
		t.Errorf("failure of /a/3 = %+v (%v), want render-timeout naming the cause", f, ok)
	}
	if p := rc.page(srv.URL + "/a/3"); p != nil {
		t.Errorf("/a/3 was handed on (%q) although it could not be rendered", p.Body)
	}
	if got := st.Rendered.Load(); got != 2 {
		t.Errorf("Stats.Rendered = %d, want 2", got)
	}
	if got := st.Failed()["render-timeout"]; got != 1 {
		t.Errorf("Stats.Failed[render-timeout] = %d, want 1", got)
	}
	// The subrequests went through the host's gate like every request,
	// robots.txt included, and so were spaced by its delay (robots.txt,
	// read before the first request, is not spaced). The gate's spacing of starts is tested in
	// politeness_test.go; here the server's clock only shows that the
	// delay was applied: the arrival of a request can lag its start by
	// the scheduler's whim on a loaded machine, so the gap is checked
	// against half the delay (without the gate it is about 1ms).
	var times []time.Time
	hits.mu.Lock()
	for path, ts := range hits.times {
		if path != "/robots.txt" {
			times = append(times, ts...)
		}
	}
	hits.mu.Unlock()
	if got, want := gates.granted.Load(), int64(len(times)+hits.get("/robots.txt")); got != want {
		t.Errorf("the gate granted %d requests, the site got %d: some went around the gate", got, want)
	}
	slices.SortFunc(times, time.Time.Compare)
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < s.Delay/2 {
			t.Errorf("requests %d and %d to the site %v apart, want about the delay %v", i-1, i, gap, s.Delay)
		}
	}
}

// countingGates counts the requests its Gates let start.
type countingGates struct {
	Gates
	granted atomic.Int64
}

func (g *countingGates) Acquire(ctx context.Context, host string, delay time.Duration, parallelism int) (func(int, time.Duration), error) {
	done, err := g.Gates.Acquire(ctx, host, delay, parallelism)
	if err == nil {
		g.granted.Add(1)
	}
	return done, err
}

// render: auto renders only the pages Hooks.Static hands back.
func TestRenderAuto(t *testing.T) {
	srv, _ := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/":
			fmt.Fprint(w, links("/a/1", "/a/2"))
		case strings.HasPrefix(r.URL.Path, "/a/"):
			fmt.Fprint(w, articleHTML(strings.TrimPrefix(r.URL.Path, "/a/")))
		default:
			http.NotFound(w, r)
		}
	}))
	s := testSite(srv.URL)
	s.Render = RenderAuto
	fr := &fakeRenderer{}
	rc := newRecorder()
	h := rc.hooks()
	h.Render = fr.render
	var mu sync.Mutex
	static := map[string]bool{}
	h.Static = func(_ context.Context, _ *Site, p *Page) bool {
		mu.Lock()
		defer mu.Unlock()
		static[p.URL] = true
		return strings.HasSuffix(p.URL, "/a/1") // /a/2 "gives an article" statically
	}
	st := &Stats{}
	if err := Crawl(context.Background(), []*Site{s}, testOptions(), h, st); err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	a1, a2 := srv.URL+"/a/1", srv.URL+"/a/2"
	if !static[a1] || !static[a2] {
		t.Errorf("Static saw %v, want both articles", static)
	}
	if p := rc.page(a1); p == nil || !p.Rendered || fr.count(a1) != 1 {
		t.Errorf("/a/1: page %+v, %d renders; want it rendered once and handed on", p, fr.count(a1))
	}
	if p := rc.page(a2); p != nil || fr.count(a2) != 0 {
		t.Errorf("/a/2: handed to Article (%v) or rendered (%d times); Static handled it", p != nil, fr.count(a2))
	}
	if got := st.Rendered.Load(); got != 1 {
		t.Errorf("Stats.Rendered = %d, want 1", got)
	}
}

// A renderer's error without a reason is the error's own reason; one with
// a RenderError deeper in its chain has that reason.
func TestRenderErrorReason(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", &RenderError{Reason: "render-crashed", Err: errors.New("the browser exited")})
	if got := reasonOf(200, err); got != "render-crashed" {
		t.Errorf("reasonOf(RenderError) = %q, want render-crashed", got)
	}
	if got := reasonOf(200, fmt.Errorf("render x: %w", context.Canceled)); got != ReasonInterrupted {
		t.Errorf("reasonOf(canceled render) = %q, want %q", got, ReasonInterrupted)
	}
	if !transient("render-timeout") {
		t.Error("transient(render-timeout) = false, want true: the next run may render it")
	}
}

package render

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// testSite is a news site whose article pages are empty shells: a script
// fetches /api/article/N.json from the same site and writes the headline
// and the body into the page, as a JavaScript-built site does. It counts
// the requests to every path, and the API requests in flight.
type testSite struct {
	srv *httptest.Server
	// apiDelay delays every API answer.
	apiDelay time.Duration
	// onAPI, when set, is called when an API request arrives.
	onAPI func(n int)
	// other is the address (host:port) of a second server, for pages that
	// try to reach it.
	other string

	mu       sync.Mutex
	hits     map[string]int
	inflight atomic.Int64
	maxAPI   atomic.Int64
}

func newTestSite(t testing.TB) *testSite {
	s := &testSite{hits: map[string]int{}}
	s.srv = httptest.NewServer(s)
	t.Cleanup(s.srv.Close)
	return s
}

func (s *testSite) requests(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func headline(n int) string { return fmt.Sprintf("Council approves the harbour plan, part %d", n) }

func paragraphs(n int) []string {
	return []string{
		fmt.Sprintf("The city council voted on Tuesday to approve plan number %d for the old harbour, after a debate that lasted well into the evening.", n),
		"Supporters said the plan would bring new housing and a public park to the waterfront, while critics warned about the cost to local taxpayers.",
		fmt.Sprintf("Work on the first phase of project %d is expected to begin next spring and to last about two years, the mayor's office said.", n),
	}
}

// shell is an article page as the server sends it: no article in it.
const shell = `<!DOCTYPE html>
<html lang="en"><head><meta charset="windows-1252"><title>Harbour News</title></head>
<body><p>Loading…</p>
<script>
fetch('/api/article/%d.json').then(r => r.json()).then(a => {
  document.body.innerHTML = '<article><h1>' + a.headline + '</h1>' +
    a.paragraphs.map(p => '<p>' + p + '</p>').join('') + '</article>';
});
</script></body></html>`

func (s *testSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	s.mu.Unlock()
	page := func(body string) {
		w.Header().Set("Content-Type", "text/html; charset=windows-1252")
		io.WriteString(w, body)
	}
	var n int
	switch {
	case number(r.URL.Path, "/article/", ".html", &n):
		page(fmt.Sprintf(shell, n))
	case number(r.URL.Path, "/api/article/", ".json", &n):
		cur := s.inflight.Add(1)
		defer s.inflight.Add(-1)
		for {
			m := s.maxAPI.Load()
			if cur <= m || s.maxAPI.CompareAndSwap(m, cur) {
				break
			}
		}
		if s.onAPI != nil {
			s.onAPI(n)
		}
		time.Sleep(s.apiDelay)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"headline": headline(n), "paragraphs": paragraphs(n)})
	case r.URL.Path == "/loop.html":
		page(`<!DOCTYPE html><html><body><p>spinning</p><script>while (true) {}</script></body></html>`)
	case r.URL.Path == "/offsite.html":
		// Same-site content, a tracker on another host and an image.
		page(`<!DOCTYPE html><html><body><img src="/logo.png">
<script>
fetch('http://other.test/track.json').catch(() => {});
fetch('/api/article/7.json').then(r => r.json()).then(a => {
  document.body.insertAdjacentHTML('beforeend', '<h1>' + a.headline + '</h1>');
});
</script></body></html>`)
	case r.URL.Path == "/escape.html":
		// Requests that interception does not see: a WebSocket straight to
		// the second server's address.
		page(fmt.Sprintf(`<!DOCTYPE html><html><body><h1>Escape</h1>
<script>
const done = what => document.body.insertAdjacentHTML('beforeend', '<p id="done">' + what + '</p>');
try {
  const ws = new WebSocket('ws://%s/ws');
  ws.onopen = () => done('open');
  ws.onerror = () => done('error');
} catch (e) { done('thrown ' + e); }
</script></body></html>`, s.other))
	case r.URL.Path == "/late.html":
		// The story appears after 300 ms; the page polls its own site for
		// ever, so the network never goes quiet.
		page(`<!DOCTYPE html><html><body>
<script>
setTimeout(() => document.body.insertAdjacentHTML('beforeend', '<div id="story">Late story</div>'), 300);
setInterval(() => fetch('/api/ping').catch(() => {}), 100);
</script></body></html>`)
	case r.URL.Path == "/api/ping":
		io.WriteString(w, "pong")
	case r.URL.Path == "/logo.png":
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	default:
		http.NotFound(w, r)
	}
}

// number reads N from a path prefix+N+suffix.
func number(path, prefix, suffix string, n *int) bool {
	s, ok := strings.CutPrefix(path, prefix)
	if !ok {
		return false
	}
	if s, ok = strings.CutSuffix(s, suffix); !ok {
		return false
	}
	v, err := strconv.Atoi(s)
	*n = v
	return err == nil
}

// countingServer is a second server that counts the connections made to
// it: a page must never reach it.
type countingServer struct {
	srv   *httptest.Server
	conns atomic.Int64
	reqs  atomic.Int64
}

func newCountingServer(t testing.TB) *countingServer {
	c := &countingServer{}
	c.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.reqs.Add(1)
		io.WriteString(w, "{}")
	}))
	c.srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			c.conns.Add(1)
		}
	}
	c.srv.Start()
	t.Cleanup(c.srv.Close)
	return c
}

func (c *countingServer) addr() string { return strings.TrimPrefix(c.srv.URL, "http://") }

// hostClient is the client of the tests: news.test is the site's server,
// other.test the second server, every other name fails. With guard, it
// refuses loopback addresses at connect time, as newsnorm's own client
// refuses private addresses.
func hostClient(hosts map[string]string, guard bool) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second}
	if guard {
		d.Control = func(_, address string, _ syscall.RawConn) error {
			if host, _, _ := net.SplitHostPort(address); net.ParseIP(host).IsLoopback() {
				return fmt.Errorf("dial %s: refusing a private address", address)
			}
			return nil
		}
	}
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			Proxy: nil,
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				host, _, _ := net.SplitHostPort(addr)
				to, ok := hosts[host]
				if !ok {
					return nil, fmt.Errorf("dial %s: no such host in the test", addr)
				}
				return d.DialContext(ctx, network, to)
			},
		},
	}
}

// world is a site at http://news.test, a second server at
// http://other.test, and a client that reaches both.
type world struct {
	site   *testSite
	other  *countingServer
	client *http.Client
}

func newWorld(t testing.TB) *world {
	w := &world{site: newTestSite(t), other: newCountingServer(t)}
	w.site.other = w.other.addr()
	w.client = hostClient(map[string]string{
		"news.test":  strings.TrimPrefix(w.site.srv.URL, "http://"),
		"other.test": w.other.addr(),
	}, false)
	return w
}

// static fetches a page as the crawler does before rendering it.
func (w *world) static(t testing.TB, path string) Page {
	t.Helper()
	u := "http://news.test" + path
	res, err := w.client.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	return Page{URL: res.Request.URL.String(), Status: res.StatusCode, Header: res.Header, Body: body}
}

// newTestBrowser starts a browser, or skips the test when Chromium is not
// installed or cannot start here.
func newTestBrowser(t testing.TB, opts Options) *Browser {
	t.Helper()
	if opts.Logger == nil {
		level := slog.LevelWarn
		if testing.Verbose() && os.Getenv("RENDER_DEBUG") != "" {
			level = slog.LevelDebug
		}
		opts.Logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	}
	b, err := New(opts)
	if err != nil {
		t.Skipf("skipping: %v", err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	if _, err := b.instance(context.Background()); err != nil {
		t.Skipf("skipping: Chromium (%s) cannot start here: %v", b.ExecPath(), err)
	}
	return b
}

// pid is the process ID of the running browser, 0 when none runs.
func (b *Browser) pid() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.inst == nil {
		return 0
	}
	return b.inst.pid
}

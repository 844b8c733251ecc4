package crawler

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// inFlight is a loopback server for many sites, told apart by their Host,
// that measures how many hosts have a request in flight at once and how
// many connections are open at once.
type inFlight struct {
	mu        sync.Mutex
	active    map[string]int // host -> requests in flight
	hosts     int            // hosts with a request in flight
	peakHosts int
	state     map[net.Conn]http.ConnState
	conns     int // connections serving a request
	peakConns int
	articles  map[string]int // host+path -> requests
}

func (f *inFlight) serve(t *testing.T, articles int) *httptest.Server {
	f.active, f.articles, f.state = map[string]int{}, map[string]int{}, map[net.Conn]http.ConnState{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		if f.active[r.Host]++; f.active[r.Host] == 1 {
			f.hosts++
			f.peakHosts = max(f.peakHosts, f.hosts)
		}
		if strings.HasPrefix(r.URL.Path, "/a/") {
			f.articles[r.Host+r.URL.Path]++
		}
		f.mu.Unlock()
		defer func() {
			f.mu.Lock()
			if f.active[r.Host]--; f.active[r.Host] == 0 {
				f.hosts--
			}
			f.mu.Unlock()
		}()
		time.Sleep(2 * time.Millisecond) // let the sites overlap
		switch {
		case r.URL.Path == "/robots.txt":
			text("User-agent: *\nDisallow: /private/\n")(w)
		case r.URL.Path == "/":
			var paths []string
			for i := range articles {
				paths = append(paths, fmt.Sprintf("/a/%d", i))
			}
			html(links(paths...))(w, r)
		default:
			html(articleHTML(r.Host+r.URL.Path))(w, r)
		}
	}))
	// A connection the client has closed stays open here until the
	// server reads its end, so the server counts the connections serving
	// a request: never more than the client has open.
	srv.Config.ConnState = func(c net.Conn, st http.ConnState) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.state[c] == http.StateActive {
			f.conns--
		}
		f.state[c] = st
		if st == http.StateActive {
			f.conns++
			f.peakConns = max(f.peakConns, f.conns)
		}
		if st == http.StateClosed || st == http.StateHijacked {
			delete(f.state, c)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// TestManySites crawls 300 sites on one loopback server with at most 20
// sites and 30 connections at once: every article is fetched and handed
// on once, and the server never sees more hosts in flight or connections
// open than the caps.
func TestManySites(t *testing.T) {
	const sites, articles, maxSites, maxConns = 300, 5, 20, 30
	f := &inFlight{}
	srv := f.serve(t, articles)
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	opts := testOptions()
	opts.MaxSitesInFlight, opts.MaxConnections = maxSites, maxConns
	opts.resolve = map[string]string{}
	var list []*Site
	for i := range sites {
		host := fmt.Sprintf("s%03d.test", i)
		opts.resolve[host] = "127.0.0.1"
		base := fmt.Sprintf("http://%s:%d", host, port)
		s := testSite(base)
		s.Name = host
		s.Parallelism = 2
		list = append(list, s)
	}
	var mu sync.Mutex
	handed := map[string]int{}
	h := Hooks{
		Article: func(_ context.Context, _ *Site, p *Page) {
			mu.Lock()
			defer mu.Unlock()
			handed[p.URL]++
		},
		Failed: func(_ context.Context, fl Failure) { t.Errorf("failed: %s %s: %v", fl.URL, fl.Reason, fl.Err) },
	}
	st := &Stats{}
	if err := Crawl(context.Background(), list, opts, h, st); err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	if len(handed) != sites*articles {
		t.Errorf("%d articles handed on, want %d", len(handed), sites*articles)
	}
	for u, n := range handed {
		if n != 1 {
			t.Errorf("%s handed on %d times, want 1", u, n)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for u, n := range f.articles {
		if n != 1 {
			t.Errorf("%s requested %d times, want 1", u, n)
		}
	}
	if f.peakHosts > maxSites {
		t.Errorf("%d hosts in flight at once, want at most max_sites_in_flight %d", f.peakHosts, maxSites)
	}
	if f.peakHosts < 2 {
		t.Errorf("at most %d host in flight at once: the sites did not overlap", f.peakHosts)
	}
	if f.peakConns > maxConns {
		t.Errorf("%d connections serving a request at once, want at most max_connections %d", f.peakConns, maxConns)
	}
	if n := st.PeakConnections.Load(); n > maxConns || n < 2 {
		t.Errorf("crawler counted at most %d connections open at once, want 2 to max_connections %d", n, maxConns)
	}
	t.Logf("peak: %d hosts in flight, %d connections serving, %d open (crawler), %d requests",
		f.peakHosts, f.peakConns, st.PeakConnections.Load(), st.Requests.Load())
}

// TestConnLimiterWaits checks that a dial past the cap waits for a
// connection to close, and gives up when its context ends.
func TestConnLimiterWaits(t *testing.T) {
	l := newConnLimiter(1)
	dial := l.dial(func(context.Context, string, string) (net.Conn, error) {
		c, _ := net.Pipe()
		return c, nil
	})
	c1, err := dial(context.Background(), "tcp", "x:1")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := dial(ctx, "tcp", "x:1"); err == nil {
		t.Fatalf("second dial past a cap of 1 succeeded, want it to wait until its context ends")
	}
	done := make(chan error, 1)
	go func() {
		c, err := dial(context.Background(), "tcp", "x:1")
		if err == nil {
			c.Close()
		}
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	c1.Close()
	c1.Close() // a second Close frees nothing more
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("dial after a close: %v", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("dial still waiting after the open connection closed")
	}
	if n := l.open.Load(); n != 0 {
		t.Errorf("%d connections counted open after all closed, want 0", n)
	}
}

func TestRotate(t *testing.T) {
	a, b, c := &Site{Name: "a"}, &Site{Name: "b"}, &Site{Name: "c"}
	sites := []*Site{a, b, c}
	for k, want := range [][]*Site{{a, b, c}, {b, c, a}, {c, a, b}} {
		got := rotate(sites, k)
		var names, wantNames []string
		for i := range got {
			names, wantNames = append(names, got[i].Name), append(wantNames, want[i].Name)
		}
		if strings.Join(names, "") != strings.Join(wantNames, "") {
			t.Errorf("rotate(abc, %d) = %v, want %v", k, names, wantNames)
		}
	}
	if sites[0] != a || sites[1] != b || sites[2] != c {
		t.Errorf("rotate changed its input")
	}
}

// TestIdleConnectionsMakeRoom: with max_connections 1, an idle
// connection to one host is closed so that a request to another can
// dial, instead of waiting for the idle one to time out.
func TestIdleConnectionsMakeRoom(t *testing.T) {
	a, _ := serve(t, html("<p>a</p>"))
	b, _ := serve(t, html("<p>b</p>"))
	opts := testOptions()
	opts.MaxConnections = 1
	rt, tr, limit := newTransport(opts, 2)
	defer tr.CloseIdleConnections()
	client := newClient(opts, rt)
	for _, u := range []string{a.URL, b.URL, a.URL} {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		resp, err := client.Do(req)
		if err != nil {
			cancel()
			t.Fatalf("GET %s with the other host's connection idle: %v", u, err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		cancel()
	}
	if p := limit.peak.Load(); p != 1 {
		t.Errorf("peak open connections %d, want 1", p)
	}
}

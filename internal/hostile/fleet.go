package hostile

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Fleet serves many plain sites, each on a loopback address of its own
// (127.1.0.1, 127.1.0.2, ...: Linux routes all of 127.0.0.0/8 to the
// loopback interface) and one port, from one listener. It counts what a
// crawl of many hosts must bound: requests and hosts in flight at once,
// and open connections.
type Fleet struct {
	srv   *http.Server
	ln    net.Listener
	port  int
	hosts int
	site  Site // the pages every host serves

	mu        sync.Mutex
	inFlight  map[string]int // host -> requests in flight
	maxHosts  int
	articles  map[string]int // host -> article requests
	conns     atomic.Int64
	maxConns  atomic.Int64
	requests  atomic.Int64
	reqInFl   atomic.Int64
	maxReqInF atomic.Int64
}

// StartFleet serves hosts sites of articles articles each. The listener
// is on all addresses of the machine (one port for every 127.1.x.y) but
// answers loopback peers only.
func StartFleet(hosts, articles int) (*Fleet, error) {
	ln, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		return nil, err
	}
	f := &Fleet{ln: loopbackOnly{ln}, port: ln.Addr().(*net.TCPAddr).Port, hosts: hosts,
		site: Site{Articles: articles}, inFlight: map[string]int{}, articles: map[string]int{}}
	f.srv = &http.Server{Handler: f, ConnState: f.connState, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	go func() { _ = f.srv.Serve(f.ln) }()
	return f, nil
}

// Host is the address of site i (0-based): 127.1.x.y.
func (f *Fleet) Host(i int) string {
	return fmt.Sprintf("127.%d.%d.%d:%d", 1+i/(254*254), i/254%254+1, i%254+1, f.port)
}

// URL is the base URL of site i.
func (f *Fleet) URL(i int) string { return "http://" + f.Host(i) }

// Close stops the fleet.
func (f *Fleet) Close() error { return f.srv.Close() }

// MaxHostsInFlight is the most hosts that had a request in flight at once.
func (f *Fleet) MaxHostsInFlight() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.maxHosts
}

// MaxRequestsInFlight is the most requests in flight at once.
func (f *Fleet) MaxRequestsInFlight() int { return int(f.maxReqInF.Load()) }

// MaxConns is the most connections open at once.
func (f *Fleet) MaxConns() int { return int(f.maxConns.Load()) }

// Requests is the number of requests served.
func (f *Fleet) Requests() int { return int(f.requests.Load()) }

// ArticleRequests is the number of article requests to site i.
func (f *Fleet) ArticleRequests(i int) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.articles[f.Host(i)]
}

// ServeHTTP serves the plain site of the host asked for.
func (f *Fleet) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	n := f.reqInFl.Add(1)
	defer f.reqInFl.Add(-1)
	raise(&f.maxReqInF, n)
	f.mu.Lock()
	f.inFlight[r.Host]++
	f.maxHosts = max(f.maxHosts, len(f.inFlight))
	if strings.HasPrefix(r.URL.Path, "/news/") {
		f.articles[r.Host]++
	}
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		if f.inFlight[r.Host]--; f.inFlight[r.Host] == 0 {
			delete(f.inFlight, r.Host)
		}
		f.mu.Unlock()
	}()
	// The shared Site's counters are not used: they are per path, and
	// every host has the same paths.
	serveQuiet(&f.site, w, r)
}

func (f *Fleet) connState(_ net.Conn, st http.ConnState) {
	switch st {
	case http.StateNew:
		raise(&f.maxConns, f.conns.Add(1))
	case http.StateClosed, http.StateHijacked:
		f.conns.Add(-1)
	}
}

func raise(m *atomic.Int64, n int64) {
	for v := m.Load(); n > v && !m.CompareAndSwap(v, n); v = m.Load() {
	}
}

// serveQuiet serves a plain site's pages without counting them.
func serveQuiet(s *Site, w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("User-agent: *\nAllow: /\n"))
	case p == "/":
		Page(w, "Home", s.articleLinks())
	case strings.HasPrefix(p, "/news/"):
		var id int
		if _, err := fmt.Sscanf(p, "/news/%d", &id); err != nil || id < 1 || id > s.articles() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(Article(id)))
	default:
		http.NotFound(w, r)
	}
}

// loopbackOnly accepts connections from loopback peers only.
type loopbackOnly struct{ net.Listener }

func (l loopbackOnly) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		if a, ok := c.RemoteAddr().(*net.TCPAddr); ok && a.IP.IsLoopback() {
			return c, nil
		}
		c.Close()
	}
}

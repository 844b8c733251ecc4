// Command sites measures a crawl of many sites in one config (issue 13,
// item 5): N sites × M articles served on loopback, each site on its own
// port of 127.0.0.1 (so each is its own host for politeness, robots.txt
// and the connection pool), crawled by the real newsnorm binary under a
// file-descriptor limit. It reports the child's peak RSS (rusage), wall
// and CPU time, what the server saw (requests, hosts in flight at once,
// connections open at once), "too many open files" lines in the log, and
// checks that every article was written exactly once.
//
// Run it through bench/sites.sh, which builds the binary:
//
//	bench/sites.sh [-sites 10000] [-articles 10] [-nofile 1024] [-output out/all.jsonl]
//
// Exit code 3: a target was missed (peak RSS over -max-rss-mib, fd
// errors, an article missing or written twice).
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/newsnorm/newsnorm/bench/crawl/crawlbench"
)

func main() {
	var (
		sites    = flag.Int("sites", 10000, "sites in the config")
		articles = flag.Int("articles", 10, "articles per site")
		bin      = flag.String("bin", "", "the newsnorm binary")
		work     = flag.String("work", os.TempDir(), "parent of the run directory")
		nofile   = flag.Int("nofile", 1024, "RLIMIT_NOFILE (soft and hard) of the newsnorm process")
		output   = flag.String("output", "out/all.jsonl", "the output path template")
		extra    = flag.String("extra", "", "more top-level config lines (max_connections: 256, ...)")
		maxRSS   = flag.Float64("max-rss-mib", 300, "target: peak RSS of the crawl, MiB")
		keep     = flag.Bool("keep", false, "keep the run directory")
		args     = flag.String("args", "", "more newsnorm crawl flags, space-separated (--cpuprofile /tmp/cpu.pprof ...)")
	)
	flag.Parse()
	if *bin == "" {
		log.Fatal("-bin is required (bench/sites.sh builds it)")
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err == nil && lim.Cur < uint64(*sites+4096) {
		log.Fatalf("the server needs %d file descriptors for %d listeners and their connections; RLIMIT_NOFILE is %d (raise it: ulimit -n)", *sites+4096, *sites, lim.Cur)
	}
	srv, err := serve(*sites, *articles)
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp(*work, "bench-sites-*")
	if err != nil {
		log.Fatal(err)
	}
	if !*keep {
		defer os.RemoveAll(dir)
	}
	cfg := filepath.Join(dir, "config.yaml")
	if err := os.WriteFile(cfg, config(srv.ports, *output, *extra), 0o644); err != nil {
		log.Fatal(err)
	}
	logPath := filepath.Join(dir, "stderr.log")
	logf, err := os.Create(logPath)
	if err != nil {
		log.Fatal(err)
	}
	argv := []string{fmt.Sprintf("--nofile=%d:%d", *nofile, *nofile), "--",
		*bin, "crawl", "--config", cfg, "--log-format", "json", "--summary-json", filepath.Join(dir, "summary.json")}
	cmd := exec.Command("prlimit", append(argv, strings.Fields(*args)...)...)
	cmd.Dir = dir
	cmd.Stderr = logf
	m, err := crawlbench.Measure(cmd, 0, nil)
	logf.Close()
	if err != nil {
		log.Fatal(err)
	}
	fdErrors := countLines(logPath, "too many open files")
	written, dup, err := records(filepath.Join(dir, filepath.Dir(*output)))
	if err != nil {
		log.Fatal(err)
	}
	st := srv.stats()
	rss := float64(m.MaxRSS) / (1 << 20)
	fmt.Printf("| sites | articles | nofile | peak RSS MiB | wall s | CPU s | requests | hosts in flight (peak) | connections open (peak) | fd errors | records | duplicates | exit |\n")
	fmt.Printf("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
	fmt.Printf("| %d | %d | %d | %.1f | %.1f | %.1f | %d | %d | %d | %d | %d | %d | %d |\n",
		*sites, *sites**articles, *nofile, rss, m.Wall.Seconds(), m.CPU().Seconds(), st.requests, st.peakHosts, st.peakConns,
		fdErrors, written, dup, m.ExitCode)
	var missed []string
	if rss > *maxRSS {
		missed = append(missed, fmt.Sprintf("peak RSS %.1f MiB > %.0f MiB", rss, *maxRSS))
	}
	if fdErrors > 0 {
		missed = append(missed, fmt.Sprintf("%d \"too many open files\" lines in %s", fdErrors, logPath))
	}
	if written != *sites**articles || dup != 0 {
		missed = append(missed, fmt.Sprintf("%d records (%d duplicates), want %d once each", written, dup, *sites**articles))
	}
	if st.articleOnce != *sites**articles || st.articleAgain != 0 {
		missed = append(missed, fmt.Sprintf("server: %d articles requested, %d more than once, want %d once each", st.articleOnce, st.articleAgain, *sites**articles))
	}
	if m.ExitCode != 0 {
		missed = append(missed, fmt.Sprintf("exit code %d (log: %s)", m.ExitCode, logPath))
	}
	for _, s := range missed {
		fmt.Println("MISSED:", s)
	}
	if len(missed) > 0 {
		if !*keep {
			fmt.Println("(run again with -keep to look at the run directory)")
		}
		os.Exit(3)
	}
}

// server serves every site, told apart by the port it was reached on.
type server struct {
	ports    []int
	byPort   map[int]int
	articles int
	hits     []atomic.Int32 // per site and article

	requests atomic.Int64
	mu       sync.Mutex
	inFlight map[int]int // site -> requests in flight
	hosts    int
	peak     int
	conns    atomic.Int64
	peakConn atomic.Int64
}

type serverStats struct {
	requests                  int64
	peakHosts                 int
	peakConns                 int64
	articleOnce, articleAgain int
}

func serve(n, articles int) (*server, error) {
	s := &server{byPort: map[int]int{}, articles: articles, hits: make([]atomic.Int32, n*articles), inFlight: map[int]int{}}
	hs := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second,
		ConnState: func(_ net.Conn, st http.ConnState) {
			switch st {
			case http.StateNew:
				c := s.conns.Add(1)
				for p := s.peakConn.Load(); c > p && !s.peakConn.CompareAndSwap(p, c); p = s.peakConn.Load() {
				}
			case http.StateClosed, http.StateHijacked:
				s.conns.Add(-1)
			}
		}}
	for i := range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("listener %d of %d: %w", i+1, n, err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		s.ports = append(s.ports, port)
		s.byPort[port] = i
		go func() { _ = hs.Serve(l) }()
	}
	return s, nil
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	_, p, _ := net.SplitHostPort(r.Host)
	port, _ := strconv.Atoi(p)
	site, ok := s.byPort[port]
	if !ok {
		http.NotFound(w, r)
		return
	}
	s.mu.Lock()
	if s.inFlight[site]++; s.inFlight[site] == 1 {
		s.hosts++
		s.peak = max(s.peak, s.hosts)
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.inFlight[site]--; s.inFlight[site] == 0 {
			delete(s.inFlight, site)
			s.hosts--
		}
		s.mu.Unlock()
	}()
	switch {
	case r.URL.Path == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	case r.URL.Path == "/":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var b strings.Builder
		fmt.Fprintf(&b, "<!DOCTYPE html><html><head><title>Site %d</title></head><body><ul>", site)
		for a := range s.articles {
			fmt.Fprintf(&b, `<li><a href="/a/%d">Article %d</a></li>`, a, a)
		}
		b.WriteString("</ul></body></html>")
		fmt.Fprint(w, b.String())
	case strings.HasPrefix(r.URL.Path, "/a/"):
		a, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/a/"))
		if err != nil || a < 0 || a >= s.articles {
			http.NotFound(w, r)
			return
		}
		s.hits[site*s.articles+a].Add(1)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, article(site, a))
	default:
		http.NotFound(w, r)
	}
}

func (s *server) stats() serverStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := serverStats{requests: s.requests.Load(), peakHosts: s.peak, peakConns: s.peakConn.Load()}
	for i := range s.hits {
		switch n := s.hits[i].Load(); {
		case n == 1:
			st.articleOnce++
		case n > 1:
			st.articleOnce++
			st.articleAgain++
		}
	}
	return st
}

func article(site, a int) string {
	body := strings.Repeat(fmt.Sprintf("This is paragraph text of article %d of site %d, long enough to be a real article body. ", a, site), 4)
	return fmt.Sprintf(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Article %d of site %d</title>
<meta property="article:published_time" content="2026-12-01T%02d:%02d:00Z"></head>
<body><article><h1>Article %d of site %d</h1><time datetime="2026-12-01T%02d:%02d:00Z">1 December 2026</time>
<p>%s</p><p>%s</p></article></body></html>`, a, site, a%24, site%60, a, site, a%24, site%60, body, body)
}

// config is a newsnorm config with one site per port, product defaults
// but delay 0s.
func config(ports []int, output, extra string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "state: state.db\noutput: %s\nrejects: out/rejects.jsonl\nfailures: out/failures.jsonl\n", output)
	b.WriteString("user_agent: \"newsnorm-bench/1.0 (+https://example.org/bench)\"\nallow_private_networks: true\nretries: 0\n")
	b.WriteString(extra + "\nsites:\n")
	for i, p := range ports {
		fmt.Fprintf(&b, "  - name: s%05d\n    start_urls: [\"http://127.0.0.1:%d/\"]\n    article: '^http://127\\.0\\.0\\.1:%d/a/(?P<id>\\d+)$'\n    max_depth: 1\n    delay: 0s\n", i, p, p)
	}
	return b.Bytes()
}

// records counts the records in the output directory and the URLs
// written more than once.
func records(dir string) (n, dup int, err error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return 0, 0, err
	}
	seen := map[string]bool{}
	for _, f := range files {
		base := filepath.Base(f)
		if base == "rejects.jsonl" || base == "failures.jsonl" {
			continue
		}
		fh, err := os.Open(f)
		if err != nil {
			return 0, 0, err
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			var rec struct {
				URL string `json:"url"`
			}
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
				fh.Close()
				return 0, 0, fmt.Errorf("%s: %w", f, err)
			}
			n++
			if seen[rec.URL] {
				dup++
			}
			seen[rec.URL] = true
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			return 0, 0, fmt.Errorf("%s: %w", f, err)
		}
	}
	return n, dup, nil
}

func countLines(path, substr string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		if strings.Contains(strings.ToLower(sc.Text()), substr) {
			n++
		}
	}
	return n
}

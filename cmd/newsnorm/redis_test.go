package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/newsnorm/newsnorm/internal/testredis"
	"github.com/newsnorm/newsnorm/internal/testsite"
)

// The fleet tests run several newsnorm processes against one Redis, the
// way cron or Kubernetes would: they need a redis-server, whose address
// scripts/test.sh hands over in NEWSNORM_TEST_REDIS.

func testRedisAddr(t *testing.T) string { return testredis.Addr(t) }

// redisState is a redis:// state URL with a key prefix of this test's own,
// whose keys are deleted when the test ends.
func redisState(t *testing.T, addr, lease string) string {
	t.Helper()
	return fmt.Sprintf("redis://%s/0?prefix=%s&lease=%s&outage=20s", addr, testredis.Prefix(t, addr), lease)
}

// fleetConfig is a config for the test site at base with a shared state:
// every output path holds {worker}.
func fleetConfig(base, dir, stateURL string, delay time.Duration, parallelism int) string {
	host := regexp.QuoteMeta(strings.TrimPrefix(base, "http://"))
	return fmt.Sprintf(`
state: %[4]q
output: %[2]s/out/{site}-{worker}.jsonl
rejects: %[2]s/out/rejects-{worker}.jsonl
failures: %[2]s/out/failures-{worker}.jsonl
user_agent: "newsnorm-test/1.0"
allow_private_networks: true
retries: 1
stop_grace: 2s
sites:
  - name: tarnama
    start_urls: ["%[1]s/"]
    feeds: ["%[1]s/News/Feed"]
    follow: ['^http://%[3]s/(Service/\d+\.html|News/Archive)']
    article: '^http://%[3]s/News/(?P<id>\d+)\.html$'
    max_depth: 2
    delay: %[5]s
    parallelism: %[6]d
    fields:
      id: {labels: ["News ID:"], pattern: '^(\d+)'}
      published: {labels: ["Published:"]}
`, base, dir, host, stateURL, delay, parallelism)
}

// logged counts the requests a server sees, per path and query, with
// their arrival times.
type logged struct {
	mu    sync.Mutex
	n     map[string]int
	times []time.Time
}

func serveLogged(h http.Handler) (*httptest.Server, *logged) {
	l := &logged{n: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.n[r.URL.RequestURI()]++
		l.times = append(l.times, time.Now())
		l.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	return srv, l
}

// repeated lists the URLs requested more than once.
func (l *logged) repeated() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for u, n := range l.n {
		if n > 1 {
			out = append(out, fmt.Sprintf("%s×%d", u, n))
		}
	}
	sort.Strings(out)
	return out
}

// worker is one newsnorm process of a fleet.
type worker struct {
	name   string
	cmd    *exec.Cmd
	stderr bytes.Buffer
	done   chan error
}

func startWorker(t *testing.T, name string, args ...string) *worker {
	t.Helper()
	w := &worker{name: name, done: make(chan error, 1)}
	// Flags come before the positional URL list.
	w.cmd = cli(t, append([]string{args[0], "--worker", name}, args[1:]...)...)
	w.cmd.Stderr = &w.stderr
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.done <- w.cmd.Wait() }()
	t.Cleanup(func() {
		if w.cmd.ProcessState == nil {
			w.cmd.Process.Kill()
		}
	})
	return w
}

// wait waits for the worker's end and returns its exit code.
func (w *worker) wait(t *testing.T, limit time.Duration) int {
	t.Helper()
	select {
	case err := <-w.done:
		var ee *exec.ExitError
		switch {
		case err == nil:
			return 0
		case errors.As(err, &ee):
			return ee.ExitCode()
		}
		t.Fatalf("worker %s: %v", w.name, err)
	case <-time.After(limit):
		// SIGQUIT makes the Go runtime print every goroutine's stack:
		// where it hangs.
		w.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-w.done:
		case <-time.After(10 * time.Second):
			w.cmd.Process.Kill()
			<-w.done
		}
		t.Fatalf("worker %s did not finish within %v; its log and stacks:\n%s", w.name, limit, tail(w.stderr.String(), 200000))
	}
	return -1
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// fleetOutput counts each article ID over the outputs of every worker.
func fleetOutput(t *testing.T, dir string) map[string]int {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "out", "tarnama-*.jsonl"))
	count := map[string]int{}
	for _, f := range files {
		for _, r := range readRecords(t, f) {
			count[r["id"].(string)]++
		}
	}
	return count
}

// checkFleetExactlyOnce checks that the union of the workers' outputs holds
// every article exactly once.
func checkFleetExactlyOnce(t *testing.T, dir string, want []string) {
	t.Helper()
	count := fleetOutput(t, dir)
	var missing, twice []string
	for _, id := range want {
		switch count[id] {
		case 0:
			missing = append(missing, id)
		case 1:
		default:
			twice = append(twice, fmt.Sprintf("%s×%d", id, count[id]))
		}
		delete(count, id)
	}
	if len(missing) > 0 || len(twice) > 0 || len(count) > 0 {
		if len(missing) > 20 {
			missing = append(missing[:20], "...")
		}
		t.Fatalf("fleet output is not exactly once: %d missing %v, repeated %v, unexpected %v", len(missing), missing, twice, count)
	}
}

func TestFleetThreeWorkersWriteEachArticleOnce(t *testing.T) {
	addr := testRedisAddr(t)
	const articles = 2000
	site := testsite.New(articles)
	srv, seen := serveLogged(site)
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), fleetConfig(srv.URL, dir, redisState(t, addr, "5s"), 0, 6))

	start := time.Now()
	var ws []*worker
	for i := range 3 {
		ws = append(ws, startWorker(t, fmt.Sprint("w", i), "crawl", "--config", cfg, "--run-id", "run-a"))
	}
	for _, w := range ws {
		if code := w.wait(t, 80*time.Second); code != 0 {
			t.Fatalf("worker %s exit %d\n%s", w.name, code, tail(w.stderr.String(), 3000))
		}
	}
	checkFleetExactlyOnce(t, dir, site.IDs())
	if r := seen.repeated(); len(r) > 0 {
		t.Errorf("URLs fetched more than once in one run: %v", r)
	}
	if got := site.ArticleRequests(); got != articles {
		t.Errorf("%d article requests for %d articles", got, articles)
	}
	// Every worker did a share of the work.
	for _, w := range ws {
		if n := len(readRecords(t, filepath.Join(dir, "out", "tarnama-"+w.name+".jsonl"))); n == 0 {
			t.Errorf("worker %s wrote nothing", w.name)
		}
	}
	t.Logf("3 workers, %d articles in %v", articles, time.Since(start).Round(time.Millisecond))

	// A second run (a new run ID) fetches the listing pages again but
	// none of the articles the first run wrote.
	w := startWorker(t, "w0", "crawl", "--config", cfg, "--run-id", "run-b")
	if code := w.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, tail(w.stderr.String(), 3000))
	}
	if got := site.ArticleRequests(); got != articles {
		t.Errorf("after the second run, %d article requests for %d articles", got, articles)
	}
	checkFleetExactlyOnce(t, dir, site.IDs())
}

func TestFleetWorkerKilledMidCrawl(t *testing.T) {
	addr := testRedisAddr(t)
	const articles = 600
	site := testsite.New(articles)
	site.Latency = 5 * time.Millisecond
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), fleetConfig(srv.URL, dir, redisState(t, addr, "3s"), 0, 6))

	var ws []*worker
	for i := range 3 {
		ws = append(ws, startWorker(t, fmt.Sprint("w", i), "crawl", "--config", cfg, "--run-id", "run-k"))
	}
	// Once the victim has written some articles, kill it: it holds leased
	// pages, perhaps an article written but not marked done.
	victim := ws[1]
	out := filepath.Join(dir, "out", "tarnama-"+victim.name+".jsonl")
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if fi, err := os.Stat(out); err == nil && fi.Size() > 20000 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := victim.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	victim.wait(t, 5*time.Second)
	before := site.ArticleRequests()
	for _, w := range []*worker{ws[0], ws[2]} {
		if code := w.wait(t, 60*time.Second); code != 0 {
			t.Fatalf("worker %s exit %d\n%s", w.name, code, tail(w.stderr.String(), 3000))
		}
	}
	if before >= articles {
		t.Fatalf("the kill came too late: all %d articles were fetched", before)
	}
	checkFleetExactlyOnce(t, dir, site.IDs())
	t.Logf("killed %s after %d article requests; %d in all for %d articles", victim.name, before, site.ArticleRequests(), articles)
}

// rateSite is a site of cheap pages, so that the fleet's rate is the
// gate's and not the machine's: a home page linking pages /p/1 .. /p/n,
// followed as listing pages (no extraction).
func rateSite(n int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch {
		case r.URL.Path == "/":
			var b strings.Builder
			for i := 1; i <= n; i++ {
				fmt.Fprintf(&b, `<a href="/p/%d">%d</a> `, i, i)
			}
			fmt.Fprintf(w, "<html><body>%s</body></html>", b.String())
		case strings.HasPrefix(r.URL.Path, "/p/"):
			fmt.Fprintf(w, "<html><body><p>page %s</p></body></html>", r.URL.Path)
		default:
			http.NotFound(w, r)
		}
	})
}

func TestFleetKeepsThePerHostRate(t *testing.T) {
	addr := testRedisAddr(t)
	const delay, pages = 20 * time.Millisecond, 120
	srv, seen := serveLogged(rateSite(pages))
	defer srv.Close()
	dir := t.TempDir()
	host := regexp.QuoteMeta(strings.TrimPrefix(srv.URL, "http://"))
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), fmt.Sprintf(`
state: %[3]q
output: %[2]s/out/{site}-{worker}.jsonl
rejects: %[2]s/out/rejects-{worker}.jsonl
failures: %[2]s/out/failures-{worker}.jsonl
allow_private_networks: true
sites:
  - name: rate
    start_urls: ["%[1]s/"]
    follow: ['^http://%[4]s/p/\d+$']
    article: '^http://%[4]s/never/(?P<id>\d+)$'
    max_depth: 1
    delay: %[5]s
    parallelism: 4
`, srv.URL, dir, redisState(t, addr, "5s"), host, delay))

	var ws []*worker
	for i := range 3 {
		ws = append(ws, startWorker(t, fmt.Sprint("w", i), "crawl", "--config", cfg, "--run-id", "run-r"))
	}
	for _, w := range ws {
		if code := w.wait(t, 60*time.Second); code != 0 {
			t.Fatalf("worker %s exit %d\n%s", w.name, code, tail(w.stderr.String(), 3000))
		}
	}
	if r := seen.repeated(); len(r) > 0 {
		t.Errorf("URLs fetched more than once in one run: %v", r)
	}
	times := seen.times
	if len(times) < pages+1 {
		t.Fatalf("%d requests, want %d pages, robots.txt and the home page", len(times), pages+2)
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	// The rate once the three processes are up: starting a (race-detector)
	// binary three times at once on a small machine is not the gate's doing.
	steady := times[10:]
	span := steady[len(steady)-1].Sub(steady[0])
	rate := float64(len(steady)-1) / span.Seconds()
	// The delay gets up to 25% random jitter: 12.5% on average.
	want := 1 / (delay.Seconds() * 1.125)
	t.Logf("%d requests; the last %d in %v: %.1f req/s across 3 workers; delay %v (+ jitter) is %.1f req/s, and at most %.0f",
		len(times), len(steady), span.Round(time.Millisecond), rate, delay, want, 1/delay.Seconds())
	// Never faster than the delay allows (the guarantee); not much slower
	// either, or the gate would be serialising more than the host needs.
	// The lower bound is loose: on a loaded CI machine the three workers
	// themselves get less CPU than the gate would give them.
	if rate > want*1.1 || rate < want*0.5 {
		t.Errorf("fleet rate %.1f req/s, want at most %.1f + 10%% and at least half of it", rate, want)
	}
	// No burst: any 10 consecutive requests span at least 7 delays (9 on
	// the gate's clock, less the slack of arrivals at the server: a loaded
	// machine can delay one arrival by a delay or more).
	for i := 10; i < len(steady); i++ {
		if d := steady[i].Sub(steady[i-10]); d < 7*delay {
			t.Errorf("requests %d..%d came within %v, less than 7 delays", i-10, i, d)
			break
		}
	}
	if os.Getenv("NEWSNORM_TEST_GAPS") != "" {
		for i := 1; i < len(times); i++ {
			fmt.Printf("%d ", times[i].Sub(times[i-1]).Milliseconds())
		}
		fmt.Println()
	}
}

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startRedis starts a redis-server that keeps its data in an append-only
// file fsynced on every write, as production Redis must.
func startRedis(t *testing.T, bin, dir string, port int) *exec.Cmd {
	return startRedisWith(t, bin, dir, port, "--appendonly", "yes", "--appendfsync", "always")
}

// startRedisWith starts a redis-server with no snapshots and args.
func startRedisWith(t *testing.T, bin, dir string, port int, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"--bind", "127.0.0.1", "--port", fmt.Sprint(port), "--save", "",
		"--dir", dir, "--logfile", filepath.Join(dir, "redis.log")}, args...)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := redis.NewClient(&redis.Options{Addr: fmt.Sprintf("127.0.0.1:%d", port)})
	defer c.Close()
	for range 100 {
		if c.Ping(context.Background()).Err() == nil {
			return cmd
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()
	t.Fatalf("redis-server on port %d did not start", port)
	return nil
}

func TestFleetSurvivesARedisRestart(t *testing.T) {
	testRedisAddr(t)
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("no redis-server on PATH")
	}
	rdir := t.TempDir()
	port := freePort(t)
	rs := startRedis(t, bin, rdir, port)
	defer func() {
		if rs != nil {
			rs.Process.Kill()
			rs.Wait()
		}
	}()
	const articles = 600
	site := testsite.New(articles)
	site.Latency = 5 * time.Millisecond
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	stateURL := fmt.Sprintf("redis://127.0.0.1:%d/0?lease=3s&outage=20s", port)
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), fleetConfig(srv.URL, dir, stateURL, 0, 6))

	var ws []*worker
	for i := range 3 {
		ws = append(ws, startWorker(t, fmt.Sprint("w", i), "crawl", "--config", cfg, "--run-id", "run-d"))
	}
	for site.ArticleRequests() < articles/4 {
		time.Sleep(5 * time.Millisecond)
	}
	// Redis dies (no shutdown: what is acknowledged is in the fsynced
	// append-only file) and comes back a moment later on the same port.
	rs.Process.Kill()
	rs.Wait()
	down := site.ArticleRequests()
	time.Sleep(500 * time.Millisecond)
	rs = startRedis(t, bin, rdir, port)
	for _, w := range ws {
		if code := w.wait(t, 60*time.Second); code != 0 {
			t.Fatalf("worker %s exit %d\n%s", w.name, code, tail(w.stderr.String(), 3000))
		}
	}
	if down >= articles {
		t.Fatalf("redis went down too late: all %d articles were fetched", down)
	}
	checkFleetExactlyOnce(t, dir, site.IDs())
	t.Logf("redis down after %d article requests; %d in all for %d articles", down, site.ArticleRequests(), articles)
}

func TestFleetBackfillFedOnce(t *testing.T) {
	addr := testRedisAddr(t)
	const articles = 300
	site := testsite.New(articles)
	srv, seen := serveLogged(site)
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), fleetConfig(srv.URL, dir, redisState(t, addr, "5s"), 0, 6))
	var list strings.Builder
	for _, id := range site.IDs() {
		fmt.Fprintf(&list, "%s/News/%s.html\n", srv.URL, id)
	}
	urls := writeFile(t, filepath.Join(dir, "urls.txt"), list.String())

	// One process feeds the list; two fetch only; a third gets the list
	// too, and either feeds (if the first is gone) or fetches.
	feeder := startWorker(t, "feeder", "backfill", "--config", cfg, "--run-id", "bf", "--no-progress", "--feed-only", urls)
	ws := []*worker{
		startWorker(t, "w0", "backfill", "--config", cfg, "--run-id", "bf", "--no-progress"),
		startWorker(t, "w1", "backfill", "--config", cfg, "--run-id", "bf", "--no-progress"),
		startWorker(t, "w2", "backfill", "--config", cfg, "--run-id", "bf", "--no-progress", urls),
	}
	if code := feeder.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("feeder exit %d\n%s", code, tail(feeder.stderr.String(), 3000))
	}
	for _, w := range ws {
		if code := w.wait(t, 60*time.Second); code != 0 {
			t.Fatalf("worker %s exit %d\n%s", w.name, code, tail(w.stderr.String(), 3000))
		}
	}
	checkFleetExactlyOnce(t, dir, site.IDs())
	if r := seen.repeated(); len(r) > 0 {
		t.Errorf("URLs fetched more than once: %v", r)
	}
}

func TestFleetNeedsRunIDAndWorkerPaths(t *testing.T) {
	addr := testRedisAddr(t)
	dir := t.TempDir()
	state := redisState(t, addr, "5s")
	noWorker := writeFile(t, filepath.Join(dir, "a.yaml"), fmt.Sprintf("state: %q\noutput: %s/out/{site}.jsonl\nsites: []\n", state, dir))
	good := writeFile(t, filepath.Join(dir, "b.yaml"), fleetConfig("http://127.0.0.1:1", dir, state, 0, 1))
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"crawl", "--config", good}, "--run-id is required"},
		{[]string{"backfill", "--config", noWorker, "--run-id", "x", "-"}, "{worker}"},
		{[]string{"backfill", "--config", good, "--feed-only", "--run-id", "x"}, "--feed-only"},
	} {
		var out, errb bytes.Buffer
		err := run(context.Background(), tc.args, strings.NewReader(""), &out, &errb)
		if code := exitCode(err, &errb); code != exitUsage || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%v: exit %d, %v; want %d and %q", tc.args, code, err, exitUsage, tc.msg)
		}
	}
}

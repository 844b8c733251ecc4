package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

// A Redis without persistence restarts between two runs of a fleet and
// comes back empty. The next run refuses, naming the files whose records
// the state no longer knows (it used to write every article again, exit
// 0); and the first run warned that Redis does not persist.
func TestFleetRefusesARedisThatLostItsData(t *testing.T) {
	testRedisAddr(t)
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("no redis-server on PATH")
	}
	rdir := t.TempDir()
	port := freePort(t)
	rs := startRedisWith(t, bin, rdir, port, "--appendonly", "no")
	defer func() {
		rs.Process.Kill()
		rs.Wait()
	}()
	const articles = 60
	site := testsite.New(articles)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	stateURL := fmt.Sprintf("redis://127.0.0.1:%d/0?lease=3s&outage=5s", port)
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), fleetConfig(srv.URL, dir, stateURL, 0, 4))

	fleet := func(run string) []*worker {
		return []*worker{
			startWorker(t, "w0", "crawl", "--config", cfg, "--run-id", run),
			startWorker(t, "w1", "crawl", "--config", cfg, "--run-id", run),
		}
	}
	for _, w := range fleet("run-a") {
		if code := w.wait(t, 60*time.Second); code != 0 {
			t.Fatalf("worker %s exit %d\n%s", w.name, code, tail(w.stderr.String(), 3000))
		}
		if !strings.Contains(w.stderr.String(), "appendonly yes") {
			t.Errorf("worker %s did not warn that redis does not persist:\n%s", w.name, tail(w.stderr.String(), 3000))
		}
	}
	checkFleetExactlyOnce(t, dir, site.IDs())
	fetched := site.ArticleRequests()

	rs.Process.Kill()
	rs.Wait()
	rs = startRedisWith(t, bin, rdir, port, "--appendonly", "no")
	for _, w := range fleet("run-b") {
		code := w.wait(t, 60*time.Second)
		if code != exitFailed || !strings.Contains(w.stderr.String(), "holds records") || !strings.Contains(w.stderr.String(), "newsnorm state rebuild") {
			t.Errorf("worker %s on a redis that lost its data: exit %d, want %d and the files named:\n%s", w.name, code, exitFailed, tail(w.stderr.String(), 3000))
		}
	}
	checkFleetExactlyOnce(t, dir, site.IDs())
	if got := site.ArticleRequests() - fetched; got != 0 {
		t.Errorf("the run on the emptied redis fetched %d articles, want none", got)
	}
}

// The state commands on a Redis state: a worker's truncated file refuses
// its next run, `state repair --worker` forgets what it lost, and the run
// after fetches exactly that; the done-set moves from the embedded store
// to Redis with export and import.
func TestStateCommandsOnRedis(t *testing.T) {
	addr := testRedisAddr(t)
	site := testsite.New(20)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	stateURL := redisState(t, addr, "5s")
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), fleetConfig(srv.URL, dir, stateURL, 0, 4))
	crawl := func() (int, string) {
		code, _, msg := newsnorm(t, "crawl", "--config", cfg, "--worker", "w0", "--run-id", fmt.Sprint("r", time.Now().UnixNano()))
		return code, msg
	}
	if code, msg := crawl(); code != exitOK {
		t.Fatalf("crawl: exit %d: %s", code, msg)
	}
	out := filepath.Join(dir, "out", "tarnama-w0.jsonl")
	before := len(ids(t, out))
	truncateHalf(t, out)
	if code, msg := crawl(); code != exitFailed || !strings.Contains(msg, out+":") || !strings.Contains(msg, "--worker w0") {
		t.Fatalf("crawl after truncation: exit %d, %q; want %d naming the file and the worker to repair", code, msg, exitFailed)
	}
	if code, _, msg := newsnorm(t, "state", "repair", "--config", cfg, "--worker", "w0"); code != exitOK {
		t.Fatalf("state repair: exit %d: %s", code, msg)
	}
	kept := len(ids(t, out))
	fetched := site.ArticleRequests()
	if code, msg := crawl(); code != exitOK {
		t.Fatalf("crawl after repair: exit %d: %s", code, msg)
	}
	wantOnce(t, ids(t, out), site.IDs())
	if got := site.ArticleRequests() - fetched; got != before-kept {
		t.Errorf("the crawl after repair fetched %d articles, want the %d lost", got, before-kept)
	}
	// The done-set into a new embedded store and back into another prefix.
	_, exported, _ := newsnorm(t, "state", "export", "--config", cfg)
	dump := writeFile(t, filepath.Join(dir, "done.jsonl"), exported)
	bolt := filepath.Join(dir, "moved.db")
	other := redisState(t, addr, "5s")
	for _, st := range []string{bolt, other} {
		if code, stdout, msg := newsnorm(t, "state", "import", "--config", cfg, "--state", st, dump); code != exitOK || !strings.Contains(stdout, "marked 20 articles") {
			t.Fatalf("import into %s: exit %d, %q, %s", st, code, stdout, msg)
		}
		_, again, _ := newsnorm(t, "state", "export", "--config", cfg, "--state", st)
		if a, b := sortedLines(again), sortedLines(exported); a != b {
			t.Errorf("export of %s after import:\n%s\nwant\n%s", st, a, b)
		}
	}
}

func truncateHalf(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, fi.Size()/2); err != nil {
		t.Fatal(err)
	}
}

func sortedLines(s string) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	sort.Strings(l)
	return strings.Join(l, "\n")
}

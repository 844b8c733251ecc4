package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/internal/hostile"
	"github.com/newsnorm/newsnorm/internal/testsite"
	"github.com/newsnorm/newsnorm/pipeline"
)

// Regression tests of what the command must survive from hostile servers
// and hostile input (README, "What newsnorm survives").

// TestCrawlSameSiteTwice: --site X --site X crawls X once.
func TestCrawlSameSiteTwice(t *testing.T) {
	site := testsite.New(5)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"crawl", "--config", cfg, "--site", "tarnama", "--site", "tarnama"}, nil, &stdout, &stderr)
	if err != nil {
		t.Fatalf("crawl: %v\n%s", err, stderr.String())
	}
	if got := site.Requests("/"); got != 1 {
		t.Errorf("home page requested %d times, want once", got)
	}
	if got := len(readRecords(t, filepath.Join(dir, "out", "tarnama.jsonl"))); got != 5 {
		t.Errorf("%d records, want 5", got)
	}
}

// hostileConfig is a config for one hostile site at base, writing under
// dir, with extra top-level and site keys.
func hostileConfig(base, dir, top, site string) string {
	host := regexp.QuoteMeta(strings.TrimPrefix(base, "http://"))
	return fmt.Sprintf(`
state: %[2]s/state.db
output: %[2]s/out/{site}.jsonl
rejects: %[2]s/out/rejects.jsonl
failures: %[2]s/out/failures.jsonl
user_agent: "newsnorm-test/1.0"
allow_private_networks: true
retries: 0
timeout: 2s
%[4]s
sites:
  - name: hostile
    start_urls: ["%[1]s/"]
    follow: ['^http://%[3]s/(list|cal/)']
    article: '^http://%[3]s/news/(?P<id>\d+)'
    max_depth: 2
    delay: 0s
    parallelism: 4
%[5]s
`, base, dir, host, top, site)
}

// TestRobotsDownExitsWithFailures: a site whose robots.txt answers 503 is
// not crawled, and the run says so: exit 3, and the start page in the
// failures file with the reason and its cause.
func TestRobotsDownExitsWithFailures(t *testing.T) {
	site := &hostile.Site{Mode: hostile.RobotsDown}
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), hostileConfig(srv.URL, dir, "", ""))
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"crawl", "--config", cfg}, nil, &stdout, &stderr)
	if code := exitCodeOf(err); code != exitPartial {
		t.Fatalf("crawl exit %d (%v), want %d\n%s", code, err, exitPartial, stderr.String())
	}
	fails := readRecords(t, filepath.Join(dir, "out", "failures.jsonl"))
	if len(fails) != 1 || fails[0]["url"] != srv.URL+"/" || !strings.HasPrefix(fails[0]["reason"].(string), "robots-unreachable: ") ||
		!strings.Contains(fails[0]["reason"].(string), srv.URL+"/robots.txt: status 503") {
		t.Errorf("failures = %v, want the start page as robots-unreachable naming robots.txt's status 503", fails)
	}
	if site.Requests("/") != 0 {
		t.Errorf("the start page was requested")
	}
}

// TestRetryAfterForeverDoesNotStallTheRun: a site answering every article
// with "Retry-After: 1000000000" (31 years) stalled the run for
// max_retry_wait per article; now its articles fail as retry-after at
// once (retried by the next run) and the run ends with exit 3.
func TestRetryAfterForeverDoesNotStallTheRun(t *testing.T) {
	site := &hostile.Site{Mode: hostile.RetryAfter, RetryAfter: "1000000000", Articles: 5}
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), hostileConfig(srv.URL, dir, "", "")) // max_retry_wait: 1m
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	err := run(ctx, []string{"crawl", "--config", cfg}, nil, &stdout, &stderr)
	if code := exitCodeOf(err); code != exitPartial {
		t.Fatalf("crawl exit %d (%v), want %d\n%s", code, err, exitPartial, stderr.String())
	}
	fails := readRecords(t, filepath.Join(dir, "out", "failures.jsonl"))
	if len(fails) != 5 {
		t.Fatalf("%d failures, want the 5 articles: %v", len(fails), fails)
	}
	for _, f := range fails {
		if !strings.HasPrefix(f["reason"].(string), "retry-after: ") || !strings.Contains(f["reason"].(string), "max_retry_wait 1m0s") {
			t.Errorf("failure %v, want reason retry-after naming max_retry_wait", f)
		}
	}
}

// TestMaxRunTime bounds a run: at max_run_time it stops as SIGTERM would
// (what is in flight is finished and written), and exits as a completed
// run with failures (3); the next run carries on.
func TestMaxRunTime(t *testing.T) {
	site := &hostile.Site{Articles: 30, Latency: 300 * time.Millisecond}
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), hostileConfig(srv.URL, dir, "max_run_time: 1s", ""))
	summary := filepath.Join(dir, "summary.json")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"crawl", "--config", cfg, "--summary-json", summary}, nil, &stdout, &stderr)
	if code := exitCodeOf(err); code != exitPartial || !strings.Contains(fmt.Sprint(err), "max_run_time 1s") {
		t.Fatalf("crawl exit %d (%v), want %d naming max_run_time\n%s", code, err, exitPartial, stderr.String())
	}
	written := len(readRecords(t, filepath.Join(dir, "out", "hostile.jsonl")))
	if written == 0 || written >= 30 {
		t.Fatalf("%d records written by the bounded run, want some but not all 30", written)
	}
	var s pipeline.Summary
	data, _ := os.ReadFile(summary)
	if err := json.Unmarshal(data, &s); err != nil || s.ExitCode != exitPartial || s.Interrupted {
		t.Errorf("summary %+v (%v), want exit 3, not interrupted", s, err)
	}
	// The next run carries on.
	cfg = writeFile(t, filepath.Join(dir, "config.yaml"), hostileConfig(srv.URL, dir, "", ""))
	if err := run(context.Background(), []string{"crawl", "--config", cfg}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("second crawl: %v", err)
	}
	ids := map[string]int{}
	for _, r := range readRecords(t, filepath.Join(dir, "out", "hostile.jsonl")) {
		ids[r["id"].(string)]++
	}
	if len(ids) != 30 {
		t.Errorf("%d distinct articles after both runs, want 30", len(ids))
	}
	for id, n := range ids {
		if n != 1 {
			t.Errorf("article %s written %d times", id, n)
		}
	}
}

// startCLI starts newsnorm with stdin from a pipe the test keeps open;
// wait returns its exit code, or -1 if it is still running after d (then
// it is killed).
func startCLI(t *testing.T, stderr *bytes.Buffer, args ...string) (stdin *os.File, proc *os.Process, wait func(d time.Duration) int) {
	t.Helper()
	cmd := cli(t, args...)
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close(); w.Close() })
	cmd.Stdin = r
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan int, 1)
	go func() {
		cmd.Wait()
		done <- cmd.ProcessState.ExitCode()
	}()
	return w, cmd.Process, func(d time.Duration) int {
		select {
		case code := <-done:
			return code
		case <-time.After(d):
			cmd.Process.Kill()
			<-done
			return -1
		}
	}
}

// TestSIGTERMDuringBackfillFromOpenStdin: a backfill reading a list from a
// stdin that stays open (a pipe, a terminal) stops within stop_grace of
// SIGTERM, though the read of the list blocks, and writes what it fetched.
func TestSIGTERMDuringBackfillFromOpenStdin(t *testing.T) {
	site := &hostile.Site{Articles: 40, Latency: 50 * time.Millisecond}
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), hostileConfig(srv.URL, dir, "stop_grace: 2s", ""))
	var stderr bytes.Buffer
	stdin, proc, wait := startCLI(t, &stderr, "backfill", "--config", cfg, "-")
	for i := 1; i <= 5; i++ {
		fmt.Fprintf(stdin, "%s/news/%d\n", srv.URL, i)
	}
	deadline := time.Now().Add(10 * time.Second)
	for site.ArticleRequests() < 5 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // the list is drained: the read blocks
	if err := proc.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// stop_grace is 2s; nothing is even in flight.
	if code := wait(8 * time.Second); code != exitInterrupted {
		t.Fatalf("after SIGTERM: exit %d (-1: still running after 8s), want %d\n%s", code, exitInterrupted, stderr.String())
	}
	if got := len(readRecords(t, filepath.Join(dir, "out", "hostile.jsonl"))); got != 5 {
		t.Errorf("%d records, want the 5 fetched", got)
	}
}

// TestSecondSignalExitsAtOnce: after a first SIGTERM a run waits up to
// stop_grace for requests in flight; a second one ends it at once (what
// was not yet durable is fetched again by the next run).
func TestSecondSignalExitsAtOnce(t *testing.T) {
	site := &hostile.Site{Mode: hostile.Hang, Articles: 4}
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), hostileConfig(srv.URL, dir, "stop_grace: 60s", ""))
	cfg = writeFile(t, cfg, strings.Replace(mustRead(t, cfg), "timeout: 2s", "timeout: 120s", 1))
	var stderr bytes.Buffer
	_, proc, wait := startCLI(t, &stderr, "crawl", "--config", cfg)
	deadline := time.Now().Add(10 * time.Second)
	for site.ArticleRequests() < 4 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := proc.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // in its grace period: 4 requests hang
	if err := proc.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := wait(5 * time.Second); code != exitInterrupted {
		t.Fatalf("after a second SIGTERM: exit %d (-1: still running after 5s of a 60s grace), want %d\n%s", code, exitInterrupted, stderr.String())
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestURLTooLongIsAFailureNotAStoppedRun: 64 KiB links on a listing page,
// in a feed and in a sitemap, and a 40 KB URL in a backfill list, are
// failures of their own (url-too-long) and the runs go on: they used to
// stop every run at the same place (bbolt's key limit).
func TestURLTooLongIsAFailureNotAStoppedRun(t *testing.T) {
	site := &hostile.Site{Mode: hostile.LongLinks, Articles: 6}
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	extra := fmt.Sprintf("    feeds: [\"%[1]s/feed\"]\n    sitemaps: [\"%[1]s/sitemap.xml\"]\n", srv.URL)
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), hostileConfig(srv.URL, dir, "", extra))
	for run1 := range 2 { // the rerun is not stopped at the same place either
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"crawl", "--config", cfg}, nil, &stdout, &stderr)
		if code := exitCodeOf(err); code != exitPartial {
			t.Fatalf("crawl %d: exit %d (%v), want %d\n%.3000s", run1+1, code, err, exitPartial, stderr.String())
		}
	}
	if got := len(readRecords(t, filepath.Join(dir, "out", "hostile.jsonl"))); got != 6 {
		t.Errorf("%d records, want the 6 ordinary articles", got)
	}
	fails := readRecords(t, filepath.Join(dir, "out", "failures.jsonl"))
	if len(fails) != 3 { // 3 long links, one line each (compacted), failed in both runs
		t.Fatalf("%d failures, want one line per long link", len(fails))
	}
	for _, f := range fails {
		if f["runs"] != 2.0 {
			t.Errorf("failure %.60q: runs %v, want 2", f["url"], f["runs"])
		}
		if !strings.HasPrefix(f["reason"].(string), "url-too-long: ") || len(f["url"].(string)) > 8192 {
			t.Errorf("failure reason %.100q, url of %d bytes; want url-too-long and the URL cut to 8192 bytes", f["reason"], len(f["url"].(string)))
		}
	}

	// A backfill list with a 40 KB URL.
	long := srv.URL + "/news/9000?pad=" + strings.Repeat("p", 40000)
	list := writeFile(t, filepath.Join(dir, "urls.txt"), long+"\n"+srv.URL+"/news/1\n")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"backfill", "--config", cfg, list}, nil, &stdout, &stderr)
	if code := exitCodeOf(err); code != exitPartial {
		t.Fatalf("backfill: exit %d (%v), want %d\n%.3000s", code, err, exitPartial, stderr.String())
	}
	fails = readRecords(t, filepath.Join(dir, "out", "failures.jsonl"))
	if last := fails[len(fails)-1]; !strings.HasPrefix(last["reason"].(string), "url-too-long: ") {
		t.Errorf("last failure %.200v, want the list's long URL as url-too-long", last)
	}
	// --retry-failed does not fetch the cut URLs (they are not the URLs).
	_ = run(context.Background(), []string{"backfill", "--config", cfg, "--retry-failed"}, nil, &stdout, &stderr)
	if n := site.Requests("/news/9000") + site.Requests("/news/9001") + site.Requests("/news/9002"); n != 0 {
		t.Errorf("a long URL was requested %d times", n)
	}
}

// TestSessionTrapBounded: a session-ID trap (every listing page links 30
// new /list?sid=...) at max_depth 3 fetched 27,937 pages; max_query_variants
// and max_pages bound it, and every article is still written (exit 0).
func TestSessionTrapBounded(t *testing.T) {
	site := &hostile.Site{Mode: hostile.SessionTrap, Articles: 6}
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := hostileConfig(srv.URL, dir, "", "    max_query_variants: 40\n    max_pages: 500\n")
	cfg = writeFile(t, filepath.Join(dir, "config.yaml"), strings.Replace(cfg, "max_depth: 2", "max_depth: 3", 1))
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"crawl", "--config", cfg}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("crawl: %v\n%.3000s", err, stderr.String())
	}
	if n := site.Requests("/list"); n > 40 {
		t.Errorf("%d requests to /list?sid=..., want at most max_query_variants 40", n)
	}
	if got := len(readRecords(t, filepath.Join(dir, "out", "hostile.jsonl"))); got != 6 {
		t.Errorf("%d records, want 6", got)
	}
	if !strings.Contains(stderr.String(), "too many query-string variants") {
		t.Errorf("no warning about the trap in the log")
	}
}

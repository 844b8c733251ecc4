package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/newsnorm/newsnorm/internal/hostile"
	"github.com/newsnorm/newsnorm/internal/testsite"
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

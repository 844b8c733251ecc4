package main

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

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

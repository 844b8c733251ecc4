package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/internal/testsite"
	"github.com/newsnorm/newsnorm/pipeline"
)

func TestRecheckWritesOnlyChangedArticles(t *testing.T) {
	site := testsite.New(4)
	site.Now = time.Now()
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir)+"    recheck: 48h\n")
	summary := filepath.Join(dir, "s.json")
	crawl := func() pipeline.Summary {
		t.Helper()
		if err := run(context.Background(), []string{"crawl", "--config", cfg, "--summary-json", summary}, nil, discard{}, discard{}); err != nil {
			t.Fatalf("crawl: %v", err)
		}
		var s pipeline.Summary
		data, _ := os.ReadFile(summary)
		if err := json.Unmarshal(data, &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := crawl(); s.Written != 4 {
		t.Fatalf("first crawl wrote %d, want 4", s.Written)
	}
	// Recent articles are fetched again; unchanged ones are not written.
	if s := crawl(); s.ArticlesFetched != 4 || s.Unchanged != 4 || s.Written != 0 {
		t.Errorf("second crawl: fetched %d, unchanged %d, written %d; want 4, 4, 0", s.ArticlesFetched, s.Unchanged, s.Written)
	}
	site.Edit = " Officials later corrected the figures."
	if s := crawl(); s.Written != 4 || s.Unchanged != 0 {
		t.Errorf("crawl after an edit: written %d, unchanged %d; want 4, 0", s.Written, s.Unchanged)
	}
	recs := readRecords(t, filepath.Join(dir, "out", "tarnama.jsonl"))
	if len(recs) != 8 {
		t.Fatalf("output holds %d records, want 4 originals and 4 corrections", len(recs))
	}
	if recs[0]["content_hash"] == recs[4]["content_hash"] && recs[0]["id"] == recs[4]["id"] {
		t.Errorf("the corrected record has the original's content hash")
	}
	// Without a recheck window, done articles are never fetched again.
	before := site.ArticleRequests()
	cfg2 := writeFile(t, filepath.Join(dir, "config2.yaml"), siteConfig(srv.URL, dir))
	if err := run(context.Background(), []string{"crawl", "--config", cfg2}, nil, discard{}, discard{}); err != nil {
		t.Fatal(err)
	}
	if got := site.ArticleRequests() - before; got != 0 {
		t.Errorf("without recheck, %d done articles were fetched again", got)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

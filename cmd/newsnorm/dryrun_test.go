package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/newsnorm/newsnorm/internal/testsite"
	"github.com/newsnorm/newsnorm/pipeline"
)

// dryRun runs crawl --dry-run with args and returns its lines.
func dryRun(t *testing.T, cfg string, args ...string) []pipeline.Planned {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), append([]string{"crawl", "--dry-run", "--config", cfg}, args...), nil, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitOK {
		t.Fatalf("crawl --dry-run %v: exit %d (%v)\n%s", args, code, err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "dry run") {
		t.Errorf("crawl --dry-run logs no counts: %s", stderr.String())
	}
	var out []pipeline.Planned
	for i, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		var p pipeline.Planned
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatalf("dry run line %d %q: %v", i+1, line, err)
		}
		out = append(out, p)
	}
	return out
}

// byStatus maps each status of a dry run to its IDs, sorted.
func byStatus(t *testing.T, planned []pipeline.Planned, base string) map[string][]string {
	t.Helper()
	m := map[string][]string{}
	for _, p := range planned {
		if p.Site != "tarnama" || p.URL != base+"/News/"+p.ID+".html" {
			t.Errorf("dry run line %+v: want site tarnama and the ID of its URL", p)
		}
		if want := p.Status == "new"; p.Fetch != want {
			t.Errorf("dry run line %+v: fetch = %v, want %v", p, p.Fetch, want)
		}
		if p.From == "" {
			t.Errorf("dry run line %+v: no page that linked it", p)
		}
		m[p.Status] = append(m[p.Status], p.ID)
	}
	for _, ids := range m {
		sort.Strings(ids)
	}
	return m
}

// A dry run lists every article a crawl would find, with its ID and
// whether it is done, and requests no article page; --limit bounds the
// new articles of a crawl and of a dry run.
func TestCrawlDryRunAndLimit(t *testing.T) {
	site := testsite.New(20)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))

	got := byStatus(t, dryRun(t, cfg), srv.URL)
	if len(got["new"]) != 20 || len(got) != 1 {
		t.Fatalf("first dry run: %v, want the 20 articles new", got)
	}
	if strings.Join(got["new"], ",") != strings.Join(site.IDs(), ",") {
		t.Errorf("first dry run lists %v, want %v", got["new"], site.IDs())
	}
	if n := site.ArticleRequests(); n != 0 {
		t.Errorf("dry run requested %d article pages, want none", n)
	}
	if site.Requests("/") != 1 || site.Requests("/News/Feed") != 1 || site.Requests("/Service/1.html") != 1 {
		t.Errorf("dry run requests of /, the feed, a section = %d, %d, %d; want each once",
			site.Requests("/"), site.Requests("/News/Feed"), site.Requests("/Service/1.html"))
	}
	for _, p := range []string{"state.db", "out"} {
		if _, err := os.Stat(filepath.Join(dir, p)); !os.IsNotExist(err) {
			t.Errorf("dry run created %s (%v), want nothing written", p, err)
		}
	}

	// A trial run: 5 articles.
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"crawl", "--config", cfg, "--limit", "5"}, nil, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitOK {
		t.Fatalf("crawl --limit 5: exit %d (%v)\n%s", code, err, stderr.String())
	}
	if n := site.ArticleRequests(); n != 5 {
		t.Errorf("crawl --limit 5 requested %d article pages, want 5", n)
	}
	var written []string
	for _, r := range readRecords(t, filepath.Join(dir, "out", "tarnama.jsonl")) {
		written = append(written, r["id"].(string))
	}
	sort.Strings(written)
	if len(written) != 5 {
		t.Fatalf("crawl --limit 5 wrote %v, want 5 records", written)
	}

	// The dry run now says which 5 are done; with --limit 3, 3 of the
	// others would be fetched.
	got = byStatus(t, dryRun(t, cfg), srv.URL)
	if strings.Join(got["done"], ",") != strings.Join(written, ",") || len(got["new"]) != 15 {
		t.Errorf("dry run after the trial: %v; want done %v and 15 new", got, written)
	}
	newIDs := got["new"]

	got = byStatus(t, dryRun(t, cfg, "--limit", "3"), srv.URL)
	if len(got["done"]) != 5 || len(got["new"]) != 3 || len(got["article-limit"]) != 12 {
		t.Errorf("dry run --limit 3: %v; want 5 done, 3 new, 12 article-limit", got)
	}
	if n := site.ArticleRequests(); n != 5 {
		t.Errorf("after the dry runs %d article requests, want still 5", n)
	}

	// An article forgotten is new again.
	if _, errs, code := runArgs("state", "forget", "--config", cfg, "--site", "tarnama", "--id", written[0]); code != exitOK {
		t.Fatalf("state forget: exit %d: %s", code, errs)
	}
	got = byStatus(t, dryRun(t, cfg), srv.URL)
	if len(got["done"]) != 4 || len(got["new"]) != 16 || !slices.Contains(got["new"], written[0]) {
		t.Errorf("dry run after forgetting %s: %v; want it new, 4 done", written[0], got)
	}
	newIDs = got["new"]

	// The crawl fetches exactly what the dry run said was new.
	stderr.Reset()
	err = run(context.Background(), []string{"crawl", "--config", cfg}, nil, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitOK {
		t.Fatalf("crawl: exit %d (%v)\n%s", code, err, stderr.String())
	}
	for _, id := range newIDs {
		want := 1
		if id == written[0] {
			want = 2 // in the trial, and again now
		}
		if n := site.Requests("/News/" + id + ".html"); n != want {
			t.Errorf("article %s, new in the dry run, requested %d times, want %d", id, n, want)
		}
	}
	if n := site.ArticleRequests(); n != 21 {
		t.Errorf("article requests after the full crawl = %d, want 21 (20 and the one forgotten)", n)
	}
}

func TestCrawlLimitUsage(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig("http://127.0.0.1:1", dir))
	_, errs, code := runArgs("crawl", "--config", cfg, "--limit", "-1")
	if code != exitUsage || !strings.Contains(errs, "--limit -1") {
		t.Errorf("crawl --limit -1: exit %d, %q; want exit 2 naming the flag", code, errs)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/newsnorm/newsnorm/output"
	"github.com/newsnorm/newsnorm/pipeline"
)

// failingSite has a home page linking three articles: 1 is fine, 2 is
// gone (404), 3 fails (500) until fixed.
type failingSite struct {
	mu    sync.Mutex
	fixed bool
	hits  map[string]int
}

func (s *failingSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	fixed := s.fixed
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch {
	case r.URL.Path == "/":
		fmt.Fprint(w, `<html><body><a href="/News/1.html">1</a> <a href="/News/2.html">2</a> <a href="/News/3.html">3</a></body></html>`)
	case r.URL.Path == "/News/2.html", r.URL.Path == "/News/3.html" && !fixed:
		status := http.StatusNotFound
		if r.URL.Path == "/News/3.html" {
			status = http.StatusInternalServerError
		}
		http.Error(w, "no", status)
	case strings.HasPrefix(r.URL.Path, "/News/"):
		fmt.Fprintf(w, `<html><head><title>Story %[1]s</title></head><body><h1>Story number %[1]s is here</h1><p>%[2]s</p></body></html>`,
			r.URL.Path, strings.Repeat("The council met on Tuesday to discuss the plan in detail. ", 8))
	default:
		http.NotFound(w, r)
	}
}

func (s *failingSite) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// failures.jsonl keeps one line per URL with its attempts and runs,
// drops what succeeded since, and a permanent 4xx is fetched in at most
// max_attempts runs.
func TestFailuresCompactedAndGivenUp(t *testing.T) {
	site := &failingSite{hits: map[string]int{}}
	srv := httptest.NewServer(site)
	defer srv.Close()
	dir := t.TempDir()
	host := regexp.QuoteMeta(strings.TrimPrefix(srv.URL, "http://"))
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), fmt.Sprintf(`
state: %[1]s/state.db
output: %[1]s/out/{site}.jsonl
rejects: %[1]s/out/rejects.jsonl
failures: %[1]s/out/failures.jsonl
allow_private_networks: true
retries: 0
max_attempts: 2
sites:
  - name: s
    start_urls: ["%[2]s/"]
    article: '^http://%[3]s/News/(?P<id>\d+)\.html$'
    delay: 0s
`, dir, srv.URL, host))
	crawl := func() (int, pipeline.Summary) {
		t.Helper()
		summary := filepath.Join(dir, "s.json")
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"crawl", "--config", cfg, "--summary-json", summary}, nil, &stdout, &stderr)
		var s pipeline.Summary
		data, _ := os.ReadFile(summary)
		json.Unmarshal(data, &s)
		return exitCodeOf(err), s
	}
	failures := func() map[string]output.Failure {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, "out", "failures.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]output.Failure{}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			var f output.Failure
			if err := json.Unmarshal([]byte(line), &f); err != nil {
				t.Fatalf("failures line %q: %v", line, err)
			}
			if _, dup := out[f.URL]; dup {
				t.Errorf("%s has two lines in failures.jsonl", f.URL)
			}
			out[strings.TrimPrefix(f.URL, srv.URL)] = f
		}
		return out
	}

	if code, _ := crawl(); code != exitPartial {
		t.Fatalf("run 1: exit %d, want %d", code, exitPartial)
	}
	if f := failures(); len(f) != 2 || f["/News/2.html"].Runs != 1 || f["/News/3.html"].Status != 500 {
		t.Fatalf("after run 1: %+v; want /News/2.html and /News/3.html once each", f)
	}
	site.mu.Lock()
	site.fixed = true
	site.mu.Unlock()
	if code, s := crawl(); code != exitPartial || s.Written != 1 {
		t.Fatalf("run 2: exit %d, written %d; want %d and the fixed article", code, s.Written, exitPartial)
	}
	f := failures()
	if g := f["/News/2.html"]; len(f) != 1 || g.Runs != 2 || g.Attempts != 2 || g.Status != 404 || g.First == "" || g.First > g.At {
		t.Fatalf("after run 2: %+v; want one line, /News/2.html, 2 runs, 2 attempts", f)
	}
	// Two runs of 404: given up, not fetched again.
	code, s := crawl()
	if code != exitOK || s.GivenUp != 1 {
		t.Errorf("run 3: exit %d, given_up %d; want 0 and 1", code, s.GivenUp)
	}
	if n := site.count("/News/2.html"); n != 2 {
		t.Errorf("/News/2.html requested %d times over 3 runs, want 2 (max_attempts)", n)
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"backfill", "--config", cfg, "--retry-failed"}, nil, &stdout, &stderr); err != nil {
		t.Errorf("--retry-failed: %v", err)
	}
	if n := site.count("/News/2.html"); n != 2 {
		t.Errorf("--retry-failed fetched a URL given up (%d requests)", n)
	}
}

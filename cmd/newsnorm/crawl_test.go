package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/newsnorm/newsnorm/internal/testsite"
	"github.com/newsnorm/newsnorm/pipeline"
)

// siteConfig is a config for the test site at base, writing under dir.
func siteConfig(base, dir string) string {
	host := regexp.QuoteMeta(strings.TrimPrefix(base, "http://"))
	return fmt.Sprintf(`
state: %[2]s/state.db
output: %[2]s/out/{site}.jsonl
rejects: %[2]s/out/rejects.jsonl
failures: %[2]s/out/failures.jsonl
user_agent: "newsnorm-test/1.0"
allow_private_networks: true
retries: 0
sites:
  - name: tarnama
    start_urls: ["%[1]s/"]
    feeds: ["%[1]s/News/Feed"]
    follow: ['^http://%[3]s/(Service/\d+\.html|News/Archive)']
    article: '^http://%[3]s/News/(?P<id>\d+)\.html$'
    max_depth: 2
    delay: 0s
    parallelism: 4
    fields:
      id: {labels: ["News ID:"], pattern: '^(\d+)'}
      published: {labels: ["Published:"]}
`, base, dir, host)
}

func writeFile(t testing.TB, path, data string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readRecords reads a JSONL file into maps, failing on a torn line.
func readRecords(t testing.TB, path string) []map[string]any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open output: %v", err)
	}
	defer f.Close()
	var out []map[string]any
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("%s:%d: not a JSON object: %v", path, n, err)
		}
		out = append(out, rec)
	}
	return out
}

func TestCrawlEndToEnd(t *testing.T) {
	site := testsite.New(20)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))

	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"crawl", "--config", cfg}, nil, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitOK {
		t.Fatalf("crawl exit code = %d, want 0; err = %v\n%s", code, err, stderr.String())
	}
	recs := readRecords(t, filepath.Join(dir, "out", "tarnama.jsonl"))
	var ids []string
	for _, r := range recs {
		validateRecord(t, r)
		ids = append(ids, r["id"].(string))
		if r["site"] != "tarnama" {
			t.Errorf("record %v: site = %v, want tarnama", r["id"], r["site"])
		}
		if want := srv.URL + "/News/" + r["id"].(string) + ".html"; r["url"] != want {
			t.Errorf("record %v: url = %v, want %s", r["id"], r["url"], want)
		}
		body := r["body"].(string)
		for _, bad := range []string{"Security Key", "Captcha refresh", "Page Generated", "Related News", "March 23, 2018", "Print"} {
			if strings.Contains(body, bad) {
				t.Errorf("record %v: body contains boilerplate %q", r["id"], bad)
			}
		}
		if !strings.Contains(body, "\n\nBackground\n\n") {
			t.Errorf("record %v: sub-heading is not a paragraph of its own: %q", r["id"], body)
		}
		if r["published_at"] == nil || !strings.HasSuffix(r["published_at"].(string), "Z") {
			t.Errorf("record %v: published_at = %v, want RFC 3339 UTC", r["id"], r["published_at"])
		}
	}
	sort.Strings(ids)
	want := site.IDs()
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Fatalf("crawl wrote ids %v, want each of %v exactly once", ids, want)
	}
	if got := site.ArticleRequests(); got != 20 {
		t.Errorf("first run fetched %d article pages, want 20", got)
	}
	for _, p := range []string{"/html/item/1", "/Link/Links", "/News/Print/174000"} {
		if n := site.Requests(p); n != 0 {
			t.Errorf("non-article page %s was fetched %d times", p, n)
		}
	}

	// A second run fetches listing pages again but no article it wrote.
	stderr.Reset()
	err = run(context.Background(), []string{"crawl", "--config", cfg}, nil, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitOK {
		t.Fatalf("second crawl exit code = %d; %s", code, stderr.String())
	}
	if got := site.ArticleRequests(); got != 20 {
		t.Errorf("after the second run article requests = %d, want still 20", got)
	}
	if got := len(readRecords(t, filepath.Join(dir, "out", "tarnama.jsonl"))); got != 20 {
		t.Errorf("after the second run the output holds %d records, want 20", got)
	}
	if site.Requests("/") != 2 {
		t.Errorf("home page fetched %d times, want once per run", site.Requests("/"))
	}
}

func TestCrawlStdoutAndLockedState(t *testing.T) {
	site := testsite.New(3)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))

	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"crawl", "--config", cfg, "--out", "-"}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("crawl --out -: %v\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("stdout has %d lines, want 3:\n%s", len(lines), stdout.String())
	}
	if strings.Contains(stdout.String(), `\u003c`) || strings.Contains(stdout.String(), `\u0026`) {
		t.Errorf("output escapes HTML characters")
	}

	// While one run holds the state, another exits with code 4.
	p, err := pipeline.Open(context.Background(), pipeline.Options{Config: mustLoad(t, cfg), Output: "-", Stdout: &stdout, Log: discardLogger(), Stop: func(error) {}})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	err = run(context.Background(), []string{"crawl", "--config", cfg}, nil, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitLocked {
		t.Fatalf("crawl on a locked state: exit %d (%v), want %d", code, err, exitLocked)
	}
}

func TestUsageAndConfigErrors(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, filepath.Join(dir, "bad.yaml"), "sites:\n  - name: x\n    article: '(unclosed'\n")
	unknown := writeFile(t, filepath.Join(dir, "unknown.yaml"), "sitez: []\n")
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{nil, exitUsage, "no command"},
		{[]string{"frobnicate"}, exitUsage, "unknown command"},
		{[]string{"validate", "--config", bad}, exitUsage, "bad.yaml:3: sites[0].article"},
		{[]string{"validate", "--config", unknown}, exitUsage, "sitez"},
		{[]string{"validate", "--config", filepath.Join(dir, "missing.yaml")}, exitUsage, "missing.yaml"},
		{[]string{"extract", "page.html"}, exitUsage, "--url"},
		{[]string{"crawl", "--config", bad}, exitUsage, "bad regular expression"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			err := run(context.Background(), tc.args, nil, &out, &errb)
			if code := exitCode(err, &errb); code != tc.code {
				t.Errorf("exit code = %d, want %d (err %v)", code, tc.code, err)
			}
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error = %v, want it to mention %q", err, tc.msg)
			}
		})
	}
}

func TestExitCodes(t *testing.T) {
	var b bytes.Buffer
	for _, tc := range []struct {
		err  error
		code int
	}{
		{nil, 0},
		{errors.New("disk full"), 1},
		{fmt.Errorf("x: %w", errUsage), 2},
		{fmt.Errorf("x: %w", errPartial), 3},
		{fmt.Errorf("x: %w", errInterrupted), 130},
	} {
		if got := exitCode(tc.err, &b); got != tc.code {
			t.Errorf("exitCode(%v) = %d, want %d", tc.err, got, tc.code)
		}
	}
}

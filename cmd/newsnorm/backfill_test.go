package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsnorm/newsnorm/internal/testsite"
	"github.com/newsnorm/newsnorm/pipeline"
	"github.com/newsnorm/newsnorm/state"
)

func TestBackfillResumeFailuresAndRetry(t *testing.T) {
	site := testsite.New(10)
	srv := site.Start()
	defer srv.Close()
	other := testsite.New(2) // a site no profile covers: generic extraction
	other.FirstID = 500
	osrv := other.Start()
	defer osrv.Close()

	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir)+"delay: 0s\nparallelism: 2\n")
	var list strings.Builder
	list.WriteString("# articles to backfill\n\n")
	for _, id := range site.IDs() {
		fmt.Fprintf(&list, "%s/News/%s.html\n", srv.URL, id)
	}
	list.WriteString("not a url\n")                                   // line 14
	fmt.Fprintf(&list, "%s/News/174010.html\n", srv.URL)              // 404 for now
	fmt.Fprintf(&list, "%s/News/174011.html?utm_source=x\n", srv.URL) // 404 for now
	fmt.Fprintf(&list, "%s/News/500.html\n%s/News/501.html\n", osrv.URL, osrv.URL)
	urls := writeFile(t, filepath.Join(dir, "urls.txt"), list.String())
	summary := filepath.Join(dir, "summary.json")
	metrics := filepath.Join(dir, "metrics.prom")

	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"backfill", "--config", cfg, "--summary-json", summary, "--metrics-file", metrics, urls}, nil, &stdout, &stderr)
	if code := exitCodeOf(err); code != exitPartial {
		t.Fatalf("backfill exit %d (%v), want %d (some URLs failed)\n%s", code, err, exitPartial, stderr.String())
	}
	if !strings.Contains(stderr.String(), `"line":13`) || !strings.Contains(stderr.String(), "not a url") {
		t.Errorf("the invalid line is not reported with its number:\n%s", stderr.String())
	}
	recs := readRecords(t, filepath.Join(dir, "out", "tarnama.jsonl"))
	if len(recs) != 10 {
		t.Errorf("configured site: %d records, want 10", len(recs))
	}
	for _, r := range recs {
		validateRecord(t, r)
	}
	generic := readRecords(t, filepath.Join(dir, "out", "127.0.0.1.jsonl"))
	if len(generic) != 2 {
		t.Fatalf("unconfigured site: %d records, want 2", len(generic))
	}
	for _, r := range generic {
		validateRecord(t, r)
		// Generic extraction finds the page's own "News ID:" label.
		if r["site"] != "127.0.0.1" || (r["id"] != "500" && r["id"] != "501") {
			t.Errorf("generic record site %v id %v, want the host and the labelled ID", r["site"], r["id"])
		}
	}
	fails := readRecords(t, filepath.Join(dir, "out", "failures.jsonl"))
	if len(fails) != 2 {
		t.Fatalf("failures file has %d lines, want 2: %v", len(fails), fails)
	}
	for _, f := range fails {
		if f["site"] != "tarnama" {
			t.Errorf("failure %v: site %v, want tarnama (tracking parameters must not hide the site)", f["url"], f["site"])
		}
		if f["status"] != float64(404) || f["attempts"] != float64(1) || !strings.HasPrefix(f["reason"].(string), "status-404") {
			t.Errorf("failure record %v: want status 404, 1 attempt, reason status-404", f)
		}
	}
	var s pipeline.Summary
	data, err := os.ReadFile(summary)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatalf("summary.json: %v", err)
	}
	if s.Written != 12 || s.Failed != 2 || s.ExitCode != exitPartial || s.FailedByReason["status-404"] != 2 {
		t.Errorf("summary = %+v", s)
	}
	prom, _ := os.ReadFile(metrics)
	for _, want := range []string{`newsnorm_last_run_articles_written{command="backfill"} 12`, `newsnorm_last_run_failed_by_reason{command="backfill",reason="status-404"} 2`, `newsnorm_last_run_success{command="backfill"} 0`} {
		if !bytes.Contains(prom, []byte(want)) {
			t.Errorf("metrics file lacks %q:\n%s", want, prom)
		}
	}

	// Running it again resumes: nothing done is fetched again.
	before := site.ArticleRequests()
	run(context.Background(), []string{"backfill", "--config", cfg, urls}, nil, &stdout, &stderr)
	if got := site.ArticleRequests() - before; got != 2 {
		t.Errorf("rerun fetched %d article pages, want only the 2 that failed", got)
	}

	// The failed pages come back; --retry-failed fetches only those.
	site.Articles = 12
	before = site.ArticleRequests()
	err = run(context.Background(), []string{"backfill", "--config", cfg, "--retry-failed"}, nil, &stdout, &stderr)
	if err != nil {
		t.Fatalf("--retry-failed: %v\n%s", err, stderr.String())
	}
	if got := site.ArticleRequests() - before; got != 2 {
		t.Errorf("--retry-failed fetched %d article pages, want 2", got)
	}
	if got := len(readRecords(t, filepath.Join(dir, "out", "tarnama.jsonl"))); got != 12 {
		t.Errorf("after --retry-failed: %d records, want 12", got)
	}
}

func TestBackfillFromStdinToStdout(t *testing.T) {
	site := testsite.New(3)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
	var in strings.Builder
	for _, id := range site.IDs() {
		fmt.Fprintf(&in, "%s/News/%s.html\n", srv.URL, id)
	}
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"backfill", "--config", cfg, "--out", "-", "-"}, strings.NewReader(in.String()), &stdout, &stderr); err != nil {
		t.Fatalf("backfill -: %v\n%s", err, stderr.String())
	}
	if n := strings.Count(stdout.String(), "\n"); n != 3 {
		t.Errorf("stdout has %d records, want 3", n)
	}
}

func TestDiskFullFailsWithoutAdvancingState(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	site := testsite.New(5)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"crawl", "--config", cfg, "--out", "/dev/full"}, nil, &stdout, &stderr)
	if code := exitCodeOf(err); code != exitFailed {
		t.Fatalf("crawl into a full disk: exit %d (%v), want %d", code, err, exitFailed)
	}
	if !strings.Contains(err.Error(), "/dev/full") {
		t.Errorf("error %q does not name the output file", err)
	}
	st, err := state.OpenBolt(filepath.Join(dir, "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, id := range site.IDs() {
		if _, ok, _ := st.Lookup(context.Background(), "tarnama", id); ok {
			t.Errorf("article %s is marked done although its record was never written", id)
		}
	}
}

func TestDriftAlarmAndStrict(t *testing.T) {
	site := testsite.New(4)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	// A profile whose headline selector matches nothing on this site.
	yaml := siteConfig(srv.URL, dir) + "      headline: {selectors: ['.no-such-class']}\n"
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), yaml)
	summary := filepath.Join(dir, "s.json")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"crawl", "--config", cfg, "--strict", "--summary-json", summary}, nil, &stdout, &stderr)
	if code := exitCodeOf(err); code != exitPartial {
		t.Fatalf("--strict with drift: exit %d (%v), want %d", code, err, exitPartial)
	}
	var s pipeline.Summary
	data, _ := os.ReadFile(summary)
	json.Unmarshal(data, &s)
	if ss := s.Sites["tarnama"]; !ss.Drift || ss.DriftRatio != 1 || ss.Written != 4 {
		t.Errorf("site summary = %+v, want drift 1.0 on 4 written articles", ss)
	}
	if !strings.Contains(stderr.String(), "template drift") {
		t.Errorf("no drift warning in the log:\n%s", stderr.String())
	}
}

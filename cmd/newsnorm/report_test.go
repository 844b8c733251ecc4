package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsnorm/newsnorm/internal/testsite"
	"github.com/newsnorm/newsnorm/pipeline"
)

// An unwritable --metrics-file or --summary-json is a usage error before
// the first request, not an error log after the whole crawl.
func TestReportPathsCheckedAtStart(t *testing.T) {
	site := testsite.New(3)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
	for _, flag := range []string{"--metrics-file", "--summary-json"} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"crawl", "--config", cfg, flag, filepath.Join(dir, "no", "such", "dir", "x")}, nil, &stdout, &stderr)
		if code := exitCodeOf(err); code != exitUsage || !strings.Contains(err.Error(), flag) {
			t.Errorf("%s into a missing directory: exit %d (%v), want %d naming the flag", flag, code, err, exitUsage)
		}
	}
	if n := site.Requests("/") + site.Requests("/robots.txt") + site.ArticleRequests(); n != 0 {
		t.Errorf("%d requests before the bad report path was refused, want 0", n)
	}
}

// On a run that writes nothing new, every configured site's series is
// still written, so that an alert on it does not resolve by itself.
func TestMetricsOnANoNewsRun(t *testing.T) {
	site := testsite.New(3)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir)+"      headline: {selectors: ['.no-such-class']}\n")
	metrics := filepath.Join(dir, "m.prom")
	for i := range 2 {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"crawl", "--config", cfg, "--metrics-file", metrics}, nil, &stdout, &stderr)
		if err != nil {
			t.Fatalf("run %d: %v\n%s", i+1, err, stderr.String())
		}
	}
	prom, _ := os.ReadFile(metrics)
	for _, want := range []string{
		`newsnorm_profile_drift{command="crawl",site="tarnama"} 0`,
		`newsnorm_profile_drift_ratio{command="crawl",site="tarnama"} 0`,
		`newsnorm_last_run_site_articles_written{command="crawl",site="tarnama"} 0`,
		`newsnorm_last_run_articles_already_done{command="crawl"} 3`,
	} {
		if !strings.Contains(string(prom), want) {
			t.Errorf("metrics of the no-news run lack %q:\n%s", want, prom)
		}
	}
}

// Invalid URL-list lines are counted as invalid_lines, not as rejected
// pages; --strict drift says what it is.
func TestCountsMeanWhatTheySay(t *testing.T) {
	site := testsite.New(2)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
	urls := writeFile(t, filepath.Join(dir, "urls.txt"), srv.URL+"/News/174000.html\nnot a url\n")
	summary := filepath.Join(dir, "s.json")
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"backfill", urls, "--config", cfg, "--summary-json", summary}, nil, &stdout, &stderr)
	if code := exitCodeOf(err); code != exitPartial {
		t.Fatalf("backfill with an invalid line: exit %d (%v), want %d", code, err, exitPartial)
	}
	var s pipeline.Summary
	data, _ := os.ReadFile(summary)
	if err := json.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	if s.InvalidLines != 1 || s.Rejected != 0 || s.Written != 1 {
		t.Errorf("invalid_lines %d, rejected %d, written %d; want 1, 0, 1", s.InvalidLines, s.Rejected, s.Written)
	}

	drift := writeFile(t, filepath.Join(dir, "drift.yaml"), siteConfig(srv.URL, filepath.Join(dir, "d"))+"      headline: {selectors: ['.no-such-class']}\n")
	err = run(context.Background(), []string{"crawl", "--config", drift, "--strict"}, nil, &stdout, &stderr)
	if code := exitCodeOf(err); code != exitPartial || !strings.Contains(err.Error(), "template drift on [tarnama]") || strings.Contains(err.Error(), "pages failed") {
		t.Errorf("--strict drift: exit %d, %v; want %d and \"template drift on [tarnama]\"", code, err, exitPartial)
	}
}

// A user_agent that lets no site reach the operator is warned about at
// start.
func TestPlaceholderUserAgentWarned(t *testing.T) {
	site := testsite.New(1)
	srv := site.Start()
	defer srv.Close()
	for ua, warn := range map[string]string{
		"newsnorm/0.1 (+https://example.org/contact)": "placeholder contact",
		"newsnorm/0.1": "names no contact",
		"newsnorm/0.1 (+https://news.lab.test/bot; a@b.io)":    "",
		"newsnorm/0.1 (+https://github.com/newsnorm/newsnorm)": "placeholder contact",
	} {
		dir := t.TempDir()
		cfg := writeFile(t, filepath.Join(dir, "config.yaml"), strings.Replace(siteConfig(srv.URL, dir), `user_agent: "newsnorm-test/1.0"`, "user_agent: "+strconvQuote(ua), 1))
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{"crawl", "--config", cfg}, nil, &stdout, &stderr); err != nil {
			t.Fatalf("%s: %v", ua, err)
		}
		got := strings.Contains(stderr.String(), "user_agent")
		if warn == "" && got || warn != "" && !strings.Contains(stderr.String(), warn) {
			t.Errorf("user_agent %q: log %q; want warning %q", ua, firstLine(stderr.String()), warn)
		}
	}
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func runArgs(args ...string) (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	err := run(context.Background(), args, nil, &o, &e)
	code = exitCode(err, &e)
	return o.String(), e.String(), code
}

// Every command's help goes to stdout and exits 0, so that
// `newsnorm crawl --help | grep warc` finds it.
func TestHelpGoesToStdout(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"-h"}, {"help"},
		{"crawl", "--help"}, {"backfill", "-h"}, {"extract", "--help"}, {"validate", "--help"},
		{"help", "crawl"}, {"help", "backfill"},
	} {
		out, errs, code := runArgs(args...)
		if code != exitOK || !strings.Contains(out, "Usage:") || errs != "" {
			t.Errorf("%v: exit %d, stdout %d bytes, stderr %q; want help on stdout, exit 0", args, code, len(out), errs)
		}
	}
	out, _, _ := runArgs("crawl", "--help")
	for _, flag := range []string{"--warc", "--site", "--state", "--summary-json", "--config", "--log-format"} {
		if !strings.Contains(out, flag) {
			t.Errorf("crawl --help does not list %s", flag)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		out, _, code := runArgs(args...)
		if code != exitOK || !strings.HasPrefix(out, "newsnorm ") || !strings.Contains(out, runtime.Version()) || !strings.Contains(out, "commit ") {
			t.Errorf("%v: exit %d, %q; want the version, commit and Go version", args, code, out)
		}
	}
}

func TestCompletionAndManPages(t *testing.T) {
	for shell, want := range map[string]string{"bash": "__start_newsnorm", "zsh": "#compdef newsnorm", "fish": "complete -c newsnorm"} {
		out, _, code := runArgs("completion", shell)
		if code != exitOK || !strings.Contains(out, want) {
			t.Errorf("completion %s: exit %d, no %q in %d bytes", shell, code, want, len(out))
		}
	}
	dir := t.TempDir()
	if _, errs, code := runArgs("man", dir); code != exitOK {
		t.Fatalf("man: exit %d: %s", code, errs)
	}
	data, err := os.ReadFile(filepath.Join(dir, "newsnorm-backfill.1"))
	if err != nil || !bytes.Contains(data, []byte(".TH \"NEWSNORM\"")) || !bytes.Contains(data, []byte(`\fB--retry-failed\fP`)) {
		t.Errorf("newsnorm-backfill.1: %v, %d bytes; want a man page that lists --retry-failed", err, len(data))
	}
}

// Flag values are checked, and flags go anywhere on the line.
func TestFlagValuesAndPlaces(t *testing.T) {
	if _, errs, code := runArgs("validate", "--log-format", "xml"); code != exitUsage || !strings.Contains(errs, `--log-format "xml"`) {
		t.Errorf("--log-format xml: exit %d, %q; want exit 2 naming the value", code, errs)
	}
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), "sites: []\n")
	page := writeFile(t, filepath.Join(dir, "page.html"), "<html><head><title>T</title></head><body><h1>Headline here</h1><p>"+strings.Repeat("Some text of the article. ", 20)+"</p></body></html>")
	before, _, c1 := runArgs("extract", "--config", cfg, "--url", "https://example.com/a", page)
	after, _, c2 := runArgs("extract", page, "--url", "https://example.com/a", "--config", cfg)
	if c1 != c2 || before != after || c1 == exitUsage {
		t.Errorf("flags after the file: exit %d vs %d, output %q vs %q", c2, c1, after, before)
	}
}

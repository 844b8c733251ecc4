package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/explain from the current output")

// The fixture's fetch time: the file's modification time, set so that the
// JSON-LD date of 2031 is in its future.
var explainFetched = time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)

// extract --explain on a fixture of our own, text and JSON, against golden
// files (go test ./cmd/newsnorm -run TestExtractExplain -update rewrites
// them): with the site's profile, and the same page under a URL no site
// owns (generic extraction).
func TestExtractExplain(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("testdata/explain/profile.html")
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "page.html")
	writeFile(t, page, string(src))
	if err := os.Chtimes(page, explainFetched, explainFetched); err != nil {
		t.Fatal(err)
	}
	cfg := "testdata/explain/config.yaml"
	for _, tc := range []struct {
		golden, url, format string
	}{
		{"profile.txt", "https://news.harbour.example/story/1234-harbour-cranes-return", "text"},
		{"profile.json", "https://news.harbour.example/story/1234-harbour-cranes-return", "json"},
		{"generic.txt", "https://other.example/2024/03/11/harbour-cranes-return", "text"},
		{"profile-body.txt", "https://body.harbour.example/story/1234-harbour-cranes-return", "text"},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			out, errs, code := runArgs("extract", "--config", cfg, "--explain", "--format", tc.format, "--url", tc.url, page)
			if code != exitOK {
				t.Fatalf("extract --explain: exit %d: %s", code, errs)
			}
			if tc.format == "json" {
				var v map[string]any
				if err := json.Unmarshal([]byte(out), &v); err != nil {
					t.Fatalf("--format json is not one JSON object: %v\n%s", err, out)
				}
			}
			golden := filepath.Join("testdata/explain", tc.golden)
			if *update {
				writeFile(t, golden, out)
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -run TestExtractExplain -update writes it)", err)
			}
			if out != string(want) {
				t.Errorf("extract --explain --format %s differs from %s (-update rewrites it):\n%s", tc.format, golden, out)
			}
		})
	}
}

// What the golden files must say, whatever else changes in them: the
// profile's candidates first, each way a candidate loses, and each rule
// that removes or drops a part of the page.
func TestExtractExplainSays(t *testing.T) {
	data, err := os.ReadFile("testdata/explain/profile.txt")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{
		"site: harbour",
		"headline: meta:og:title\n  1.  profile:h1.story-title  empty",
		"cut short", "later in the chain", "in the future of fetched_at", "invalid", "off-article region",
		"published_at: profile:label:Filed:",
		"chosen", "selector .newsletter-box", `name class "share-bar"`, "chrome <nav>", "hidden (attribute or style)",
		"text pattern ^Listen to this story$", "link density", "repeat: the headline",
		"modified_at: meta:article:modified_time", "authors: json-ld", "the site's own name", "section: meta:article:section",
		"description: meta:og:description", `→ "https://news.harbour.example/img/cranes-east-quay.jpg"`,
		`→ "port, cranes, east quay" (1 left out`, "is_accessible_for_free: json-ld", "metered tells neither",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("testdata/explain/profile.txt does not say %q", want)
		}
	}
}

// --explain on stdin gives the same explanation as on the file; on
// --fetch it explains the live page with the matching site's profile;
// a bad --format is a usage error before anything is read.
func TestExtractExplainStdinAndFetch(t *testing.T) {
	src, err := os.ReadFile("testdata/explain/profile.html")
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	args := []string{"extract", "--config", "testdata/explain/config.yaml", "--explain", "--url", "https://news.harbour.example/story/1234-harbour-cranes-return", "-"}
	if err := run(context.Background(), args, bytes.NewReader(src), &stdout, &stderr); err != nil {
		t.Fatalf("extract --explain -: %v\n%s", err, stderr.String())
	}
	// fetched_at is now for stdin: the 2031 date is still in its future.
	golden, _ := os.ReadFile("testdata/explain/profile.txt")
	fetched := regexp.MustCompile(`fetched_at [0-9TZ:-]+`)
	if got, want := fetched.ReplaceAllString(stdout.String(), "fetched_at T"), fetched.ReplaceAllString(string(golden), "fetched_at T"); got != want {
		t.Errorf("explanation from stdin differs from the file's:\n%s", got)
	}

	site := testsite.New(3)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
	out, errs, code := runArgs("extract", "--config", cfg, "--explain", "--fetch", srv.URL+"/News/174001.html")
	if code != exitOK {
		t.Fatalf("extract --explain --fetch: exit %d: %s", code, errs)
	}
	for _, want := range []string{`site: tarnama`, `id: profile:label:News ID:\n\s+1\.\s+profile:label:News ID:\s+won`, `published_at: profile:label:Published:\n\s+1\.\s+profile:label:Published:\s+won`, `body: content`, `chosen`} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("extract --explain --fetch does not say %q:\n%s", want, out)
		}
	}
	if site.ArticleRequests() != 1 {
		t.Errorf("--fetch requested %d article pages, want 1", site.ArticleRequests())
	}

	// A page that gives no valid article is explained too, and exits 3.
	stdout.Reset()
	args = []string{"extract", "--explain", "--url", "https://x.example/a", "-"}
	err = run(context.Background(), args, strings.NewReader("<html><head><title>Short</title></head><body><p>Hi.</p></body></html>"), &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitPartial || !strings.Contains(stdout.String(), "record: not a valid article: invalid: body") {
		t.Errorf("--explain on no article: exit %d, stdout:\n%s\nwant exit 3 and the reason", code, stdout.String())
	}

	_, errs, code = runArgs("extract", "--explain", "--format", "yaml", "--url", "https://x.example/a", "missing.html")
	if code != exitUsage || !strings.Contains(errs, `--format "yaml"`) {
		t.Errorf("--format yaml: exit %d, %q; want exit 2 naming the value", code, errs)
	}
}

package extract_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/extract"
)

var update = flag.Bool("update", false, "rewrite testdata/*/expected.json from the current output")

// testCase is testdata/<case>/case.json: the page's URL, the configured
// site whose profile applies ("" for generic extraction), and phrases the
// body must and must not contain.
type testCase struct {
	URL            string   `json:"url"`
	Site           string   `json:"site"`
	FetchedAt      string   `json:"fetched_at"`
	MustContain    []string `json:"must_contain"`
	MustNotContain []string `json:"must_not_contain"`
}

// golden is what expected.json holds: the fields that matter.
type golden struct {
	ID          string            `json:"id"`
	URL         string            `json:"url"`
	Headline    string            `json:"headline"`
	PublishedAt string            `json:"published_at"`
	Precision   string            `json:"published_precision,omitempty"`
	Body        string            `json:"body"`
	Sources     map[string]string `json:"sources"`
}

func loadConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Load(filepath.Join("..", "config.yaml"), false)
	if err != nil {
		t.Fatalf("load config.yaml: %v", err)
	}
	return cfg
}

func TestGolden(t *testing.T) {
	cfg := loadConfig(t)
	dirs, err := filepath.Glob(filepath.Join("testdata", "*", "source.html"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no test cases found: %v", err)
	}
	for _, src := range dirs {
		dir := filepath.Dir(src)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var tc testCase
			readJSON(t, filepath.Join(dir, "case.json"), &tc)
			html, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			var prof *extract.Profile
			if tc.Site != "" {
				s := cfg.SiteByName(tc.Site)
				if s == nil {
					t.Fatalf("site %q not in config.yaml", tc.Site)
				}
				prof = s.Profile()
			}
			fetched := time.Date(2017, 1, 2, 3, 4, 5, 0, time.UTC)
			if tc.FetchedAt != "" {
				fetched, _ = time.Parse(time.RFC3339, tc.FetchedAt)
			}
			a, err := extract.Extract(extract.Input{HTML: html, URL: tc.URL, FetchedAt: fetched}, prof)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			got := golden{ID: a.ID, URL: a.URL, Headline: a.Headline, Body: a.Body, Sources: a.Sources}
			if a.Published != nil {
				got.PublishedAt = a.Published.Time.Format(time.RFC3339)
				got.Precision = a.Published.Precision
			}
			for _, s := range tc.MustContain {
				if !strings.Contains(a.Body, s) {
					t.Errorf("body does not contain %q", s)
				}
			}
			for _, s := range tc.MustNotContain {
				if strings.Contains(a.Body, s) {
					t.Errorf("body contains boilerplate %q", s)
				}
			}
			exp := filepath.Join(dir, "expected.json")
			if *update {
				data, _ := json.MarshalIndent(got, "", "  ")
				if err := os.WriteFile(exp, append(data, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			var want golden
			readJSON(t, exp, &want)
			if got.ID != want.ID {
				t.Errorf("ID = %q, want %q", got.ID, want.ID)
			}
			if got.URL != want.URL {
				t.Errorf("URL = %q, want %q", got.URL, want.URL)
			}
			if got.Headline != want.Headline {
				t.Errorf("Headline = %q, want %q", got.Headline, want.Headline)
			}
			if got.PublishedAt != want.PublishedAt || got.Precision != want.Precision {
				t.Errorf("Published = %s (%s), want %s (%s)", got.PublishedAt, got.Precision, want.PublishedAt, want.Precision)
			}
			if got.Body != want.Body {
				t.Errorf("Body differs from %s (run go test ./extract -update and review the diff)\n got: %q\nwant: %q", exp, got.Body, want.Body)
			}
			for k, v := range want.Sources {
				if got.Sources[k] != v {
					t.Errorf("Sources[%q] = %q, want %q", k, got.Sources[k], v)
				}
			}
		})
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
}

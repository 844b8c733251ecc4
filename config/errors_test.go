package config

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of the config error tests")

// Each testdata/errors/NAME.yaml is a bad config; NAME.golden is the
// error Load gives for it, one error per line. go test ./config -update
// rewrites the golden files; review the diff like code.
func TestConfigErrorsGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "errors", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, path := range files {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(name, func(t *testing.T) {
			_, err := Load(path, false)
			if err == nil {
				t.Fatalf("Load(%s) = nil error", path)
			}
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(path, ".yaml") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./config -update)", err)
			}
			if got != string(want) {
				t.Errorf("Load(%s) error:\n%s\nwant:\n%s", path, got, want)
			}
		})
	}
}

// Where a key takes a list, one value is a list of one.
func TestSingleValueForAList(t *testing.T) {
	cfg, err := Parse(strings.NewReader("sites:\n  - name: a\n    article: x\n    start_urls: https://a.example/\n    fields:\n      headline:\n        selectors: h1.title\n"), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Sites[0]
	if len(s.StartURLs) != 1 || s.StartURLs[0] != "https://a.example/" || len(s.Fields.Headline.Selectors) != 1 || s.Fields.Headline.Selectors[0] != "h1.title" {
		t.Errorf("start_urls = %q, selectors = %q; want one each", s.StartURLs, s.Fields.Headline.Selectors)
	}
}

func TestNearestKey(t *testing.T) {
	known := []string{"article", "start_urls", "feeds", "follow", "max_depth"}
	for _, tc := range []struct{ key, want string }{
		{"aritcle", "article"}, {"start_url", "start_urls"}, {"feed", "feeds"}, {"max-depth", "max_depth"},
		{"frobnicate", ""}, {"x", ""},
	} {
		if got := nearest(tc.key, known); got != tc.want {
			t.Errorf("nearest(%q) = %q, want %q", tc.key, got, tc.want)
		}
	}
}

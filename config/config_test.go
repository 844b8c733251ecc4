package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseDefaultsAndSite(t *testing.T) {
	cfg, err := Parse(strings.NewReader(`
sites:
  - name: iran-daily
    article: '^https?://(www\.)?iran-daily\.com/News/(?P<id>\d+)\.html$'
    follow: ['^https?://(www\.)?iran-daily\.com/Service/']
    timezone: Asia/Tehran
`), "test.yaml")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if cfg.State != "newsnorm.db" || cfg.Output != "out/{site}-{date}.jsonl" {
		t.Errorf("defaults not applied: state %q output %q", cfg.State, cfg.Output)
	}
	s := cfg.SiteByName("iran-daily")
	if s == nil {
		t.Fatal("site iran-daily not found")
	}
	if s.MaxDepth != DefaultMaxDepth || s.Delay != DefaultDelay || s.Parallelism != DefaultParallelism ||
		s.MaxPages != 0 || s.MaxQueryVariants != DefaultMaxQueryVariants {
		t.Errorf("site defaults: depth %d delay %v parallelism %d max_pages %d max_query_variants %d",
			s.MaxDepth, s.Delay.Std(), s.Parallelism, s.MaxPages, s.MaxQueryVariants)
	}
	if cfg.MaxURLBytes != 8192 || cfg.MaxRunTime != 0 || cfg.MaxConnections != 512 || cfg.MaxSitesInFlight != 256 {
		t.Errorf("defaults: max_url_bytes %d max_run_time %v max_connections %d max_sites_in_flight %d",
			cfg.MaxURLBytes, cfg.MaxRunTime.Std(), cfg.MaxConnections, cfg.MaxSitesInFlight)
	}
	if s.Location().String() != "Asia/Tehran" {
		t.Errorf("Location() = %v, want Asia/Tehran", s.Location())
	}
	if !s.ObeysRobots() {
		t.Errorf("ObeysRobots() = false, want true by default")
	}
	if got := cfg.SiteFor("https://www.iran-daily.com/News/174677.html"); got != s {
		t.Errorf("SiteFor(article) = %v, want iran-daily", got)
	}
	if got := cfg.SiteFor("https://example.com/News/1.html"); got != nil {
		t.Errorf("SiteFor(other host) = %v, want nil", got.Name)
	}
	p := s.Profile()
	if p.Article == nil || p.Location.String() != "Asia/Tehran" {
		t.Errorf("Profile() = %+v", p)
	}
}

func TestExplicitZeroDelayKept(t *testing.T) {
	cfg, err := Parse(strings.NewReader("sites:\n  - name: a\n    article: x\n    delay: 0s\n    max_depth: 0\n    max_query_variants: 0\n"), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if d := cfg.Sites[0].Delay.Std(); d != 0 {
		t.Errorf("delay = %v, want 0 as written", d)
	}
	if cfg.Sites[0].MaxDepth != 0 {
		t.Errorf("max_depth = %d, want 0 as written", cfg.Sites[0].MaxDepth)
	}
	if cfg.Sites[0].MaxQueryVariants != 0 {
		t.Errorf("max_query_variants = %d, want 0 (no limit) as written", cfg.Sites[0].MaxQueryVariants)
	}
}

func TestValidateNamesKeyValueAndLine(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"bad regexp", "sites:\n  - name: a\n    article: '(x'\n", `t.yaml:3: sites[0].article: "(x": bad regular expression`},
		{"bad follow", "sites:\n  - name: a\n    article: x\n    follow:\n      - ok\n      - '[z'\n", `t.yaml:6: sites[0].follow[1]: "[z"`},
		{"bad zone", "sites:\n  - name: a\n    article: x\n    timezone: Mars/Olympus\n", `t.yaml:4: sites[0].timezone: "Mars/Olympus": unknown time zone`},
		{"bad name", "sites:\n  - name: ../etc\n    article: x\n", `t.yaml:2: sites[0].name: "../etc"`},
		{"duplicate name", "sites:\n  - name: a\n    article: x\n  - name: a\n    article: y\n", `t.yaml:4: sites[1].name: "a": is used by another site`},
		{"bad url", "sites:\n  - name: a\n    article: x\n    start_urls: [ftp://x/]\n", `sites[0].start_urls[0]: "ftp://x/": must be an absolute http(s) URL`},
		{"bad selector", "sites:\n  - name: a\n    article: x\n    fields:\n      body:\n        selectors: ['div[']\n", `sites[0].fields.body.selectors[0]: "div[": bad CSS selector`},
		{"bad placeholder", "output: out/{host}.jsonl\n", `t.yaml:1: output: "out/{host}.jsonl": unknown placeholder {host}`},
		{"bad redis", "state: 'http://x'\n", `t.yaml:1: state: "http://x"`},
		{"bad charset", "sites:\n  - name: a\n    article: x\n    charset: klingon\n", `sites[0].charset: "klingon": unknown character encoding`},
		{"bad parallelism", "sites:\n  - name: a\n    article: x\n    parallelism: 0\n", `t.yaml:4: sites[0].parallelism: "0": must be between 1 and 64`},
		{"unknown key", "sites:\n  - name: a\n    article: x\n    aritcle: y\n", `t.yaml:4: sites[0].aritcle: unknown key (did you mean article?)`},
		{"bad duration", "sites:\n  - name: a\n    article: x\n    delay: soon\n", `t.yaml:4: sites[0].delay: "soon": not a duration (try 1s, 500ms, 24h)`},
		{"missing article", "sites:\n  - name: a\n", `sites[0].article: "": is required`},
		{"negative max_pages", "sites:\n  - name: a\n    article: x\n    max_pages: -1\n", `t.yaml:4: sites[0].max_pages: "-1": must not be negative`},
		{"tiny max_url_bytes", "max_url_bytes: 10\n", `t.yaml:1: max_url_bytes: "10": must be between 256 and 1048576`},
		{"zero max_connections", "max_connections: 0\n", `t.yaml:1: max_connections: "0": must be between 1 and 1048576`},
		{"zero max_sites_in_flight", "max_sites_in_flight: 0\n", `t.yaml:1: max_sites_in_flight: "0": must be at least 1`},
		{"negative max_run_time", "retries: 1\nmax_run_time: -1h\n", `t.yaml:2: max_run_time: "-1h0m0s": must not be negative`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.yaml), "t.yaml")
			if err == nil {
				t.Fatalf("Parse(%q) = nil error, want %q", tc.yaml, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse error = %v\nwant it to contain %q", err, tc.want)
			}
		})
	}
}

func TestValidateReportsEveryError(t *testing.T) {
	_, err := Parse(strings.NewReader("timeout: 0s\nsites:\n  - name: A\n    article: '('\n"), "t.yaml")
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v is not a *FieldError", err)
	}
	for _, want := range []string{"timeout", "sites[0].name", "sites[0].article"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not mention %s", err, want)
		}
	}
}

func TestShippedConfigIsValid(t *testing.T) {
	cfg, err := Load("../config.yaml", false)
	if err != nil {
		t.Fatalf("config.yaml: %v", err)
	}
	s := cfg.SiteByName("iran-daily")
	if s == nil {
		t.Fatal("config.yaml has no iran-daily site")
	}
	if s.Delay.Std() != time.Second || s.Parallelism != 2 || s.MaxDepth != 2 {
		t.Errorf("iran-daily politeness = %v/%d/%d", s.Delay.Std(), s.Parallelism, s.MaxDepth)
	}
}

func TestLoadMissingOptionalFileGivesDefaults(t *testing.T) {
	cfg, err := Load(t.TempDir()+"/none.yaml", true)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.File() != "(defaults)" || len(cfg.Sites) != 0 {
		t.Errorf("Load(missing, optional) = %q with %d sites", cfg.File(), len(cfg.Sites))
	}
	if _, err := Load(t.TempDir()+"/none.yaml", false); err == nil {
		t.Error("Load(missing, required) = nil error")
	}
}

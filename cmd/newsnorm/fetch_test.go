package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

// extract --fetch fetches one live URL with the crawler's client and the
// matching site's profile, and says which site matched.
func TestExtractFetch(t *testing.T) {
	site := testsite.New(3)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
	fetch := func(cfg, u string) (map[string]any, string, int) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"extract", "--config", cfg, "--fetch", u}, nil, &stdout, &stderr)
		code := exitCode(err, &stderr)
		var rec map[string]any
		if stdout.Len() > 0 {
			if err := json.Unmarshal(stdout.Bytes(), &rec); err != nil {
				t.Fatalf("--fetch %s: stdout is not one record: %v\n%s", u, err, stdout.String())
			}
		}
		return rec, stderr.String(), code
	}
	rec, log, code := fetch(cfg, srv.URL+"/News/174001.html")
	if code != exitOK || rec["id"] != "174001" || rec["site"] != "tarnama" || !strings.Contains(log, "site tarnama (its article pattern)") {
		t.Errorf("--fetch an article: exit %d, record %v, log %q", code, rec, log)
	}
	if src, _ := rec["sources"].(map[string]any); src["id"] != "profile:label:News ID:" {
		t.Errorf("the site's profile did not apply: sources %v", rec["sources"])
	}
	validateRecord(t, rec)
	if n := site.Requests("/robots.txt"); n != 1 {
		t.Errorf("robots.txt requested %d times, want 1: the crawler's client obeys it", n)
	}

	// No configured site: generic extraction, said so.
	generic := writeFile(t, filepath.Join(dir, "generic.yaml"), "allow_private_networks: true\nsites: []\n")
	rec, log, code = fetch(generic, srv.URL+"/News/174002.html")
	if code != exitOK || !strings.Contains(log, "no configured site matches: generic extraction") || rec["site"] != "127.0.0.1" {
		t.Errorf("--fetch with no site: exit %d, site %v, log %q", code, rec["site"], log)
	}
	// A missing page is a failure with its reason; a private address is
	// refused unless the config allows it.
	if _, log, code = fetch(cfg, srv.URL+"/News/999999.html"); code != exitPartial || !strings.Contains(log, "status-404") {
		t.Errorf("--fetch a 404: exit %d, log %q; want %d with the reason", code, log, exitPartial)
	}
	strict := writeFile(t, filepath.Join(dir, "strict.yaml"), "sites: []\n")
	if _, log, code = fetch(strict, srv.URL+"/News/174002.html"); code != exitPartial || !strings.Contains(log, "private-address") {
		t.Errorf("--fetch a loopback URL without allow_private_networks: exit %d, log %q", code, log)
	}
}

package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

// TestCrawlVerbose: crawl -v on the test site logs each URL fetched
// (status, bytes, duration), skipped (with why) and extracted; a second
// run logs the articles skipped as already done.
func TestCrawlVerbose(t *testing.T) {
	site := testsite.New(5)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
	crawl := func() string {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), []string{"crawl", "--config", cfg, "-v", "--log-format", "text"}, nil, &stdout, &stderr)
		if code := exitCode(err, &stderr); code != exitOK {
			t.Fatalf("crawl -v exit code = %d; %v\n%s", code, err, stderr.String())
		}
		return stderr.String()
	}
	article := srv.URL + "/News/" + site.IDs()[0] + ".html"
	log := crawl()
	for _, want := range [][]string{
		{"level=DEBUG", "msg=fetched", "url=" + article + " ", "status=200", "bytes=", "duration="},
		{"level=DEBUG", "msg=fetched", "url=" + srv.URL + "/robots.txt ", "status="},
		{"level=DEBUG", "msg=extracted", "url=" + article + " "},
		{"level=DEBUG", "msg=skipped", "reason=no-rule", "url=" + srv.URL + "/News/Print/"},
	} {
		if !logHas(log, want) {
			t.Errorf("crawl -v: no line with %q in:\n%.3000s", want, log)
		}
	}
	if log := crawl(); !logHas(log, []string{"level=DEBUG", "msg=skipped", "url=" + article + " ", "reason=done"}) {
		t.Errorf("second crawl -v: no line saying %s was skipped as done in:\n%.3000s", article, log)
	}
}

func logHas(log string, parts []string) bool {
	for _, line := range strings.Split(log, "\n") {
		ok := true
		for _, p := range parts {
			if !strings.Contains(line+" ", p) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

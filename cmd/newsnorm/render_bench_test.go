package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkCrawlRendered measures pages per second through the whole
// crawl (fetch, render or not, extract, write, mark done) on one local
// site of script-built article pages (the site of
// TestCrawlRendersScriptBuiltPages): render: none (the static pages,
// which hold no article: every page is rejected) against render: browser
// with 2 and 4 tabs (every page rendered and written). Each operation is
// one crawl of a fresh copy of the site, in a fresh state; run once:
//
//	go test ./cmd/newsnorm -run '^$' -bench CrawlRendered -benchtime=1x
//
// pages/s counts article pages over the crawl's wall time, Chromium's
// start included (the browser starts on the first page); written/op is
// the records written.
func BenchmarkCrawlRendered(b *testing.B) {
	const pages = 40
	for _, c := range []struct {
		name, mode string
		tabs       int
	}{{"static", "none", 2}, {"rendered/tabs=2", "browser", 2}, {"rendered/tabs=4", "browser", 4}} {
		b.Run(c.name, func(b *testing.B) {
			if c.mode != "none" {
				needChromium(b)
			}
			var total time.Duration
			var written int
			for range b.N {
				site, _ := startJSSite(b)
				site.n = pages
				dir := b.TempDir()
				cfg := strings.NewReplacer("browser_tabs: 2", fmt.Sprintf("browser_tabs: %d", c.tabs),
					"render_timeout: 8s", "render_timeout: 30s").Replace(jsConfig(site.srv.URL, dir, c.mode))
				path := writeFile(b, filepath.Join(dir, "config.yaml"), cfg)
				var stdout, stderr bytes.Buffer
				start := time.Now()
				err := run(context.Background(), []string{"crawl", "--config", path, "--log-format", "json"}, nil, &stdout, &stderr)
				total += time.Since(start)
				// Exit 3 is expected for static (every page rejected), and
				// possible for rendered on a loaded machine (a page that
				// does not settle in time): written/op tells.
				if code := exitCodeOf(err); code != exitOK && code != exitPartial {
					b.Fatalf("crawl (render: %s): exit %d: %v\n%s", c.mode, code, err, stderr.String())
				}
				if data, _ := os.ReadFile(filepath.Join(dir, "out", "harbour.jsonl")); len(data) > 0 {
					written += bytes.Count(data, []byte("\n"))
				}
			}
			b.ReportMetric(float64(pages*b.N)/total.Seconds(), "pages/s")
			b.ReportMetric(float64(written)/float64(b.N), "written/op")
		})
	}
}

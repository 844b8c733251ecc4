// Package robots compares newsnorm's robots.txt matcher
// (internal/robotstxt) with github.com/temoto/robotstxt on the
// conformance cases of internal/robotscases and on speed.
// (github.com/jimsmart/grobotstxt, the other candidate, is not served by
// the module proxy this project uses.)
//
//	cd bench && go test ./robots -run Conformance -v
//	cd bench && go test ./robots -run '^$' -bench . -benchmem
//
// Both libraries are applied as the crawler applies its own: to the URL as
// found and to its canonical form, refused when either is disallowed.
package robots

import (
	"net/url"
	"strings"
	"testing"

	temoto "github.com/temoto/robotstxt"

	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/internal/robotscases"
	"github.com/newsnorm/newsnorm/internal/robotstxt"
)

// matcher parses a robots.txt for one agent and answers for paths.
type matcher struct {
	name  string
	parse func(body []byte, agent string) func(path string) bool
}

var matchers = []matcher{
	{"newsnorm", func(body []byte, agent string) func(string) bool {
		rb := robotstxt.Parse(body, robotstxt.ProductToken(agent))
		return rb.Allowed
	}},
	{"temoto", func(body []byte, agent string) func(string) bool {
		rd, err := temoto.FromBytes(body)
		if err != nil {
			return func(string) bool { return true }
		}
		g := rd.FindGroup(agent)
		return g.Test
	}},
}

// pathOf is the escaped path and query of a URL, as both are given it.
func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "/"
	}
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

func TestConformance(t *testing.T) {
	cases := robotscases.Cases()
	for _, m := range matchers {
		pass := 0
		var failed []string
		for _, c := range cases {
			allowed := m.parse([]byte(c.Robots), c.Agent)
			got := allowed(pathOf(c.URL)) && allowed(pathOf(crawler.Canonical(c.URL)))
			if got == c.Allowed {
				pass++
			} else {
				failed = append(failed, c.Source+": "+c.Name[:min(len(c.Name), 100)])
			}
		}
		t.Logf("%s: %d of %d cases pass", m.name, pass, len(cases))
		for _, f := range failed {
			t.Logf("  %s fails %s", m.name, f)
		}
		if m.name == "newsnorm" && pass != len(cases) {
			t.Errorf("newsnorm fails %d cases", len(cases)-pass)
		}
	}
}

// sample is a robots.txt of the size and shape of a news site's: several
// groups, wildcards, a Crawl-delay and sitemaps.
var sample = func() string {
	var b strings.Builder
	b.WriteString("# robots.txt\nSitemap: https://example.com/sitemap.xml\nSitemap: https://example.com/news-sitemap.xml\n\n")
	for _, bot := range []string{"GPTBot", "CCBot", "Google-Extended", "anthropic-ai", "Bytespider"} {
		b.WriteString("User-agent: " + bot + "\nDisallow: /\n\n")
	}
	b.WriteString("User-agent: *\nCrawl-delay: 1\n")
	for _, p := range []string{"/admin/", "/search", "/*?print=", "/*.pdf$", "/tag/*/feed", "/wp-json/", "/cgi-bin/", "/account/",
		"/*?replytocom=", "/*&sessionid=", "/api/", "/preview/", "/amp/*?", "/static/tmp/", "/fa/%D8%AC%D8%B3%D8%AA%D8%AC%D9%88"} {
		b.WriteString("Disallow: " + p + "\n")
	}
	b.WriteString("Allow: /search/about\nAllow: /wp-json/oembed/\n")
	return b.String()
}()

var samplePaths = []string{"/", "/news/2026/12/03/some-article-title-123456.html", "/search?q=iran", "/tag/politics/feed",
	"/files/report.pdf", "/news/item?id=5&sessionid=abc", "/fa/%D8%AE%D8%A8%D8%B1/1234", "/wp-json/oembed/1.0", "/amp/news/1?x=1", "/account/login"}

func BenchmarkParse(b *testing.B) {
	body := []byte(sample)
	for _, m := range matchers {
		b.Run(m.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				m.parse(body, "newsnorm/0.1")
			}
		})
	}
}

func BenchmarkAllowed(b *testing.B) {
	for _, m := range matchers {
		allowed := m.parse([]byte(sample), "newsnorm/0.1")
		b.Run(m.name, func(b *testing.B) {
			for b.Loop() {
				for _, p := range samplePaths {
					allowed(p)
				}
			}
		})
	}
}

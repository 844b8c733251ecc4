package crawler

import (
	"regexp"
	"testing"

	"github.com/newsnorm/newsnorm/internal/hostile"
)

// Regression tests of what the crawler must survive from hostile servers
// (README, "What newsnorm survives"), on the servers of internal/hostile.

// hostileSite is the crawler's site for a hostile server at base.
func hostileSite(base string) *Site {
	q := regexp.QuoteMeta(base)
	return &Site{
		Name:        "hostile",
		StartURLs:   []string{base + "/"},
		Article:     regexp.MustCompile(`^` + q + `/news/\d+`),
		Follow:      []*regexp.Regexp{regexp.MustCompile(`^` + q + `/(list|cal/)`)},
		MaxDepth:    2,
		Parallelism: 2,
		ObeyRobots:  true,
	}
}

// TestIPv6LiteralHost crawls a site on [::1]: its URLs keep their brackets
// through canonicalization, so every article is fetched.
func TestIPv6LiteralHost(t *testing.T) {
	site := &hostile.Site{Articles: 3}
	srv, ok := site.StartIPv6()
	if !ok {
		t.Skip("no IPv6 loopback on this machine")
	}
	defer srv.Close()
	rc := newRecorder()
	st := crawl(t, hostileSite(srv.URL), testOptions(), rc)
	if got := site.ArticleRequests(); got != 3 || rc.pageCount() != 3 {
		t.Errorf("server saw %d article requests, %d pages handed on (failures %v); want 3 and 3", got, rc.pageCount(), st.Failed())
	}
}

package crawler

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

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

// TestFetchRepeatedURL backfills a list that holds one URL three times in
// a row: it is fetched once, not once per line at the same time.
func TestFetchRepeatedURL(t *testing.T) {
	site := &hostile.Site{Articles: 2, Latency: 200 * time.Millisecond}
	srv := site.Start()
	defer srv.Close()
	s := hostileSite(srv.URL)
	s.Parallelism = 4
	list := []string{srv.URL + "/news/1", srv.URL + "/news/1", srv.URL + "/news/1?utm_source=x", srv.URL + "/news/2"}
	next := func() (string, *Site, bool) {
		if len(list) == 0 {
			return "", nil, false
		}
		u := list[0]
		list = list[1:]
		return u, s, true
	}
	rc := newRecorder()
	st := &Stats{}
	if err := Fetch(context.Background(), next, Site{}, testOptions(), rc.hooks(), st); err != nil {
		t.Fatal(err)
	}
	if got := site.Requests("/news/1"); got != 1 {
		t.Errorf("/news/1 requested %d times, want once", got)
	}
	if rc.pageCount() != 2 || st.Skipped()["repeated"] != 2 {
		t.Errorf("%d pages handed on, skipped %v; want 2 and 2 repeated", rc.pageCount(), st.Skipped())
	}
}

// TestRobotsUnreachableIsAFailure: a host whose robots.txt cannot be had
// (5xx, timeout, no such host) is not crawled, and each URL of it that
// was to be fetched is a failure whose error names the real cause.
func TestRobotsUnreachableIsAFailure(t *testing.T) {
	down := (&hostile.Site{Mode: hostile.RobotsDown}).Start()
	defer down.Close()
	hang := (&hostile.Site{Mode: hostile.RobotsHang}).Start()
	defer hang.Close()
	for _, tc := range []struct {
		name, base, cause string
	}{
		{"503", down.URL, "status 503"},
		{"timeout", hang.URL, "timeout"},
		{"no such host", "http://www.nosuch.test", "lookup www.nosuch.test"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := hostileSite(tc.base)
			s.Feeds = []string{tc.base + "/feed"}
			opts := testOptions()
			opts.Retries = 0
			opts.Timeout = 300 * time.Millisecond
			opts.resolve = map[string]string{"www.nosuch.test": ""} // no such host
			rc := newRecorder()
			st := crawl(t, s, opts, rc)
			for _, u := range []string{tc.base + "/", tc.base + "/feed"} {
				f, ok := rc.failure(u)
				if !ok {
					t.Errorf("%s: no failure (skipped %v, failed %v)", u, st.Skipped(), st.Failed())
					continue
				}
				if f.Reason != "robots-unreachable" || !strings.Contains(f.Err.Error(), "robots.txt") || !strings.Contains(strings.ToLower(f.Err.Error()), tc.cause) {
					t.Errorf("%s: failure %q: %v; want robots-unreachable naming robots.txt and %q", u, f.Reason, f.Err, tc.cause)
				}
			}
			if n := st.Failed()["robots-unreachable"]; n != 2 {
				t.Errorf("failed %v, want 2 robots-unreachable", st.Failed())
			}
		})
	}
	if down.Requests("/") != 0 || hang.Requests("/") != 0 {
		t.Errorf("a host without robots.txt was crawled")
	}
}

// TestRetryAfterBeyondMaxRetryWait: a Retry-After longer than MaxRetryWait
// (or too large to be a duration at all) fails the URL at once as
// "retry-after", and the host's other URLs too, without a request and
// without waiting; shorter ones are waited for, retries included.
func TestRetryAfterBeyondMaxRetryWait(t *testing.T) {
	for _, ra := range []string{"10000000000", "1000000000", "3600"} {
		t.Run(ra, func(t *testing.T) {
			t.Parallel()
			site := &hostile.Site{Mode: hostile.RetryAfter, RetryAfter: ra, Articles: 3}
			srv := site.Start()
			defer srv.Close()
			s := hostileSite(srv.URL)
			s.Parallelism = 1
			opts := testOptions() // MaxRetryWait 3s, Retries 2
			rc := newRecorder()
			start := time.Now()
			st := crawl(t, s, opts, rc)
			if took := time.Since(start); took > opts.MaxRetryWait {
				t.Errorf("the crawl took %v, more than one max_retry_wait (%v): the host stalled it", took, opts.MaxRetryWait)
			}
			if got := site.ArticleRequests(); got != 1 {
				t.Errorf("%d article requests, want 1 (no retry, no request while the host asks to wait)", got)
			}
			if st.Failed()["retry-after"] != 3 {
				t.Errorf("failed %v, want the 3 articles as retry-after", st.Failed())
			}
			for i := 1; i <= 3; i++ {
				f, _ := rc.failure(srv.URL + "/news/" + strconv.Itoa(i))
				if f.Reason != "retry-after" || !strings.Contains(f.Err.Error(), "max_retry_wait") {
					t.Errorf("/news/%d: failure %q (%v), want retry-after naming max_retry_wait", i, f.Reason, f.Err)
				}
			}
		})
	}
}

func TestRetryAfterParse(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{"0", 0, true},
		{"10000000000", maxRetryAfter, true},             // overflowed to a negative duration
		{"99999999999999999999999", maxRetryAfter, true}, // beyond int64
		{"-5", 0, false},
		{"Wed, 21 Oct 2015 07:28:00 GMT", 0, true}, // past
		{"Fri, 31 Dec 9999 23:59:59 GMT", maxRetryAfter, true},
		{"soon", 0, false},
	} {
		got, ok := retryAfter(http.Header{"Retry-After": {tc.v}})
		if got != tc.want || ok != tc.ok {
			t.Errorf("retryAfter(%q) = %v, %v; want %v, %v", tc.v, got, ok, tc.want, tc.ok)
		}
	}
}

// TestURLTooLong: a URL longer than MaxURLBytes (8 KiB by default) is a
// failure of its own ("url-too-long", the URL cut to the limit), whether a
// listing page, a feed, a sitemap or a backfill list gives it; it is not
// requested and the run goes on.
func TestURLTooLong(t *testing.T) {
	site := &hostile.Site{Mode: hostile.LongLinks, Articles: 4}
	srv := site.Start()
	defer srv.Close()
	s := hostileSite(srv.URL)
	s.Feeds = []string{srv.URL + "/feed"}
	s.Sitemaps = []string{srv.URL + "/sitemap.xml"}
	rc := newRecorder()
	st := crawl(t, s, testOptions(), rc)
	if rc.pageCount() != 4 {
		t.Errorf("%d articles handed on, want the 4 ordinary ones", rc.pageCount())
	}
	for i, from := range []string{"home page", "feed", "sitemap"} {
		long := site.LongURL(srv.URL, i)
		f, ok := rc.failure(long[:defaultMaxURLBytes])
		if !ok || f.Reason != "url-too-long" || !strings.Contains(f.Err.Error(), strconv.Itoa(len(long))+" bytes") {
			t.Errorf("long link of the %s: failure %+v, want url-too-long naming its length %d, under its first %d bytes", from, f, len(long), defaultMaxURLBytes)
		}
		if n := site.Requests(fmt.Sprintf("/news/%d", 9000+i)); n != 0 {
			t.Errorf("long link of the %s requested %d times", from, n)
		}
	}
	if st.Failed()["url-too-long"] != 3 {
		t.Errorf("failed %v, want 3 url-too-long", st.Failed())
	}

	// A backfill list, with a limit of its own.
	long := srv.URL + "/news/1?pad=" + strings.Repeat("p", 40<<10)
	list := []string{long, srv.URL + "/news/2"}
	next := func() (string, *Site, bool) {
		if len(list) == 0 {
			return "", nil, false
		}
		u := list[0]
		list = list[1:]
		return u, nil, true
	}
	rc = newRecorder()
	st = &Stats{}
	opts := testOptions()
	opts.MaxURLBytes = 1000
	if err := Fetch(context.Background(), next, Site{Parallelism: 1}, opts, rc.hooks(), st); err != nil {
		t.Fatal(err)
	}
	if f, ok := rc.failure(long[:1000]); !ok || f.Reason != "url-too-long" || f.Site != "127.0.0.1" {
		t.Errorf("long URL of the list: failure %+v, want url-too-long of site 127.0.0.1", f)
	}
	if rc.page(srv.URL+"/news/2") == nil {
		t.Errorf("the list did not go on after the long URL")
	}
}

// TestTrapsAreBounded: a session-ID trap (every listing page links 30
// listing pages with new session IDs) is bounded by MaxQueryVariants, a
// calendar trap (every day links 30 more days) by MaxPages; without them,
// max_depth 3 let these fetch 27,937 and 938 pages. The articles are all
// fetched first.
func TestTrapsAreBounded(t *testing.T) {
	for _, tc := range []struct {
		name     string
		mode     hostile.Mode
		variants int
		pages    int
		path     string // the trap's pages
		want     int    // requests to them at most
		skipped  string
	}{
		{"session ids", hostile.SessionTrap, 50, 0, "/list", 50, "query-variants"},
		{"calendar", hostile.CalendarTrap, 0, 100, "", 100 - 1 - 5, "max-pages"}, // the home page and 5 articles are pages too
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			site := &hostile.Site{Mode: tc.mode, Articles: 5}
			srv := site.Start()
			defer srv.Close()
			s := hostileSite(srv.URL)
			s.MaxDepth = 3
			s.Parallelism = 8
			s.MaxQueryVariants = tc.variants
			s.MaxPages = tc.pages
			rc := newRecorder()
			st := crawl(t, s, testOptions(), rc)
			trap := site.Total() - site.Requests("/") - site.ArticleRequests() - site.Requests("/robots.txt")
			if trap > tc.want || trap < tc.want/2 {
				t.Errorf("%d requests to the trap's pages, want at most %d (and not far fewer)", trap, tc.want)
			}
			if rc.pageCount() != 5 {
				t.Errorf("%d articles handed on, want 5", rc.pageCount())
			}
			if st.Skipped()[tc.skipped] == 0 {
				t.Errorf("skipped %v, want some %s", st.Skipped(), tc.skipped)
			}
		})
	}
}

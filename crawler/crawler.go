package crawler

import (
	"context"
	"log/slog"
	"net/http"
	"regexp"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Site is one site to crawl.
type Site struct {
	Name      string
	StartURLs []string
	Feeds     []string
	// Follow matches listing pages worth following (sections, archives).
	Follow []*regexp.Regexp
	// Article matches article URLs.
	Article *regexp.Regexp
	// MaxDepth is how many hops of listing pages are followed from a start
	// page; article links on every fetched page are fetched.
	MaxDepth    int
	Delay       time.Duration // between requests to one host
	Parallelism int           // requests in flight to one host
	ObeyRobots  bool
	Charset     string // forced charset, "" to detect
}

// IsArticle reports whether u is one of the site's article URLs.
func (s *Site) IsArticle(u string) bool { return s.Article != nil && s.Article.MatchString(u) }

func (s *Site) follows(u string) bool {
	for _, re := range s.Follow {
		if re.MatchString(u) {
			return true
		}
	}
	return false
}

// Options apply to every request.
type Options struct {
	UserAgent    string
	AllowPrivate bool          // allow loopback and private addresses
	Timeout      time.Duration // per request, body included
	MaxBodyBytes int           // responses larger than this fail as too large
	Retries      int           // retries of timeouts, connection errors, 5xx and 429
	// MaxRetryWait caps one wait before a retry (Retry-After included).
	MaxRetryWait time.Duration
	Logger       *slog.Logger
}

// Page is a fetched HTML page, decoded to UTF-8.
type Page struct {
	Site      string // the site's name, "" for unconfigured sites
	URL       string // the URL as requested (canonical)
	FinalURL  string // after redirects
	Status    int
	Header    http.Header
	Body      []byte // UTF-8
	Charset   string // the encoding the body was decoded from
	FetchedAt time.Time
}

// Failure is a URL that could not be fetched after all retries.
type Failure struct {
	URL      string
	Site     string
	Reason   string // "status", "timeout", "connection", "too-large", "private-address", ...
	Status   int
	Attempts int
	Err      error
}

// Hooks connect the crawler to the rest of newsnorm. Every hook may be
// called from many goroutines at once.
type Hooks struct {
	// Done reports whether the article at url (canonical) of site is
	// already written, so that it need not be fetched.
	Done func(ctx context.Context, site *Site, url string) bool
	// Article receives every fetched article page.
	Article func(ctx context.Context, site *Site, p *Page)
	// Failed receives every URL that failed.
	Failed func(ctx context.Context, f Failure)
	// Skipped receives article URLs that were not fetched or not HTML:
	// reason "robots", "not-html".
	Skipped func(ctx context.Context, site *Site, url, reason string)
}

// Stats count what a crawl did. Safe for concurrent use.
type Stats struct {
	Requests atomic.Int64 // HTTP requests, retries included
	Pages    atomic.Int64 // successful responses
	Articles atomic.Int64 // article pages handed to Hooks.Article
	Done     atomic.Int64 // articles skipped because they were already written
	Bytes    atomic.Int64 // response body bytes

	mu      sync.Mutex
	skipped map[string]int64
	failed  map[string]int64
}

func (s *Stats) count(m *map[string]int64, reason string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if *m == nil {
		*m = map[string]int64{}
	}
	(*m)[reason]++
}

// Skipped returns the skipped pages by reason.
func (s *Stats) Skipped() map[string]int64 { return s.snapshot(s.skipped) }

// Failed returns the failed URLs by reason.
func (s *Stats) Failed() map[string]int64 { return s.snapshot(s.failed) }

// FailedTotal is the number of failed URLs.
func (s *Stats) FailedTotal() int64 {
	var n int64
	for _, v := range s.Failed() {
		n += v
	}
	return n
}

func (s *Stats) snapshot(m map[string]int64) map[string]int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Reasons lists the keys of a reason map in order, for stable reports.
func Reasons(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Crawl discovers and fetches the articles of every site: start pages and
// the listing pages their follow rules reach, and feeds. It returns when
// every reachable page is handled or ctx is done; in-flight requests finish
// first.
func Crawl(ctx context.Context, sites []*Site, opts Options, h Hooks, stats *Stats) error {
	var wg sync.WaitGroup
	for _, s := range sites {
		r := newRunner(s, opts, h, stats)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, u := range s.StartURLs {
				r.push(job{url: Canonical(u), kind: kindListing})
			}
			for _, u := range s.Feeds {
				r.push(job{url: Canonical(u), kind: kindFeed})
			}
			r.run(ctx, max(s.Parallelism, 1))
		}()
	}
	wg.Wait()
	return ctx.Err()
}

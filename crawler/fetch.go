package crawler

import (
	"context"
	"net/url"
	"strings"
	"sync"
)

// Fetch fetches a stream of article URLs (a backfill). next returns the
// next URL and the site it belongs to (nil for a URL no site owns; such
// URLs are grouped per host with generic's politeness settings); ok is
// false at the end of the stream. URLs are read only as fast as they are
// fetched, so memory does not grow with the stream. Fetch returns when
// every URL is handled or ctx is done; then no new request starts, and
// requests in flight get Options.StopGrace to finish and be handed on.
func Fetch(ctx context.Context, next func() (u string, s *Site, ok bool), generic Site, opts Options, h Hooks, stats *Stats) error {
	var (
		mu      sync.Mutex
		runners = map[string]*runner{}
		wg      sync.WaitGroup
		sh      = newShared()
	)
	get := func(s *Site, u string) *runner {
		if s == nil {
			host := "unknown"
			if pu, err := url.Parse(u); err == nil && pu.Host != "" {
				host = strings.ToLower(pu.Hostname())
			}
			g := generic
			g.Name = host
			s = &g
		}
		mu.Lock()
		defer mu.Unlock()
		if r, ok := runners[s.Name]; ok {
			return r
		}
		// A backfill fetches the list and nothing else: no link discovery
		// (which would also push into a bounded queue from its own workers).
		only := *s
		only.MaxDepth = -1
		s = &only
		r := newRunner(s, opts, h, stats, sh)
		r.seen = nil // the stream's own order; the done-set skips repeats
		r.open = true
		r.limit = 4 * max(s.Parallelism, 1)
		runners[s.Name] = r
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.run(ctx, max(s.Parallelism, 1))
		}()
		return r
	}
	for ctx.Err() == nil {
		u, s, ok := next()
		if !ok {
			break
		}
		cu := Canonical(u)
		get(s, cu).push(job{url: cu, kind: kindArticle})
	}
	mu.Lock()
	for _, r := range runners {
		r.close()
	}
	mu.Unlock()
	wg.Wait()
	return ctx.Err()
}

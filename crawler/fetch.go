package crawler

import (
	"context"
	"sync"
	"time"

	"github.com/newsnorm/newsnorm/internal/pause"
)

// BackfillQueue is the name of the shared frontier that Fetch feeds and
// drains (Shared.Frontier).
const BackfillQueue = "backfill"

// feedAhead is how many URLs a feeder lets wait in a shared frontier
// before it waits for the workers to take some.
const feedAhead = 10000

// Fetch fetches a stream of article URLs (a backfill). next returns the
// next URL and the site it belongs to (nil for a URL no site owns; such
// URLs are grouped per host with generic's politeness settings); ok is
// false at the end of the stream. next is called from a goroutine of its
// own, which may still be blocked in it when Fetch returns (a stdin that
// stays open), so what it touches must be safe to use meanwhile. URLs are read only as fast as they are
// fetched, so memory does not grow with the stream. Fetch returns when
// every URL is handled or ctx is done; then no new request starts, and
// requests in flight get Options.StopGrace to finish and be handed on.
//
// With Options.Shared, the stream goes to the shared frontier instead
// (Shared.Feed makes sure that one worker feeds it, once), and every
// worker fetches what it claims from there; next may be nil for a worker
// that only fetches. The seen-set then also skips a URL that the stream
// repeats.
func Fetch(ctx context.Context, next func() (u string, s *Site, ok bool), generic Site, opts Options, h Hooks, stats *Stats) error {
	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		mu      sync.Mutex
		runners = map[string]*runner{}
		wg      sync.WaitGroup
		rs      = newRunState(opts, cancel, max(generic.Parallelism, 4))
	)
	defer rs.close(stats)
	// The runners keep local queues; a shared frontier feeds them.
	rs.frontier = nil
	get := func(s *Site, u string) *runner {
		if s == nil {
			g := generic
			g.Name = siteName(nil, u)
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
		only.MaxPages, only.MaxQueryVariants = 0, 0 // a list is fetched whole
		s = &only
		r := newRunner(s, opts, h, stats, rs)
		r.mem.seen = nil // the stream's own order; the done-set skips repeats
		r.mem.active = map[uint64]struct{}{}
		r.mem.open = true
		r.mem.limit = 4 * max(s.Parallelism, 1)
		runners[s.Name] = r
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.run(ctx, max(s.Parallelism, 1))
		}()
		return r
	}
	if next != nil {
		next = unblocked(ctx, next)
	}
	if sd := opts.Shared; sd != nil && sd.Frontier != nil {
		fetchShared(ctx, sd, next, rs, opts, h, stats, get)
	} else {
		for ctx.Err() == nil {
			u, s, ok := next()
			if !ok {
				break
			}
			cu := Canonical(u)
			if urlTooLong(ctx, &opts, h, stats, opts.Logger, siteName(s, cu), cu) {
				continue
			}
			if !get(s, cu).push(ctx, job{url: cu, kind: kindArticle, found: foundAs(u, cu)}) {
				stats.count(&stats.skipped, ReasonRepeated)
			}
		}
	}
	mu.Lock()
	for _, r := range runners {
		r.mem.close()
	}
	mu.Unlock()
	wg.Wait()
	if err := rs.failed(); err != nil {
		return err
	}
	return parent.Err()
}

// unblocked calls next in a goroutine of its own, one URL ahead, so that
// a read of the stream that blocks (a stdin that stays open) does not keep
// Fetch from stopping when ctx is done: the returned func then says the
// stream ended. The goroutine ends at the stream's end or, once ctx is
// done, when its read returns.
func unblocked(ctx context.Context, next func() (string, *Site, bool)) func() (string, *Site, bool) {
	type item struct {
		u  string
		s  *Site
		ok bool
	}
	ch := make(chan item)
	go func() {
		for {
			u, s, ok := next()
			select {
			case ch <- item{u, s, ok}:
			case <-ctx.Done():
				return
			}
			if !ok {
				return
			}
		}
	}()
	return func() (string, *Site, bool) {
		select {
		case it := <-ch:
			return it.u, it.s, it.ok
		case <-ctx.Done():
			return "", nil, false
		}
	}
}

// fetchShared feeds next (when given) into the shared frontier and hands
// what this worker claims from it to the local runners; each claimed job is
// acknowledged, or released for another worker, when its runner is through.
func fetchShared(ctx context.Context, sd *Shared, next func() (string, *Site, bool), rs *runState, opts Options, h Hooks, stats *Stats, get func(*Site, string) *runner) {
	f := sd.Frontier(BackfillQueue)
	var feeding sync.WaitGroup
	if next != nil && sd.Feed != nil {
		feeding.Add(1)
		go func() {
			defer feeding.Done()
			feed(ctx, f, sd.Feed, next, rs, opts, h, stats)
		}()
	}
	defer feeding.Wait()
	if sd.FeedOnly {
		return
	}
	for ctx.Err() == nil {
		data, ok, err := f.Claim(ctx)
		if err != nil {
			if ctx.Err() == nil {
				rs.fail(err)
			}
			return
		}
		if !ok {
			return
		}
		j, err := decodeJob(data)
		if err != nil {
			_ = f.Ack(ctx, data)
			continue
		}
		var s *Site
		if sd.Resolve != nil {
			s = sd.Resolve(j.url)
		}
		j.kind, j.depth, j.parent = kindArticle, 0, ""
		j.done = func(ctx context.Context, handled bool) {
			var err error
			if handled {
				err = f.Ack(ctx, data)
			} else {
				err = f.Release(ctx, data)
			}
			if err != nil && ctx.Err() == nil {
				rs.fail(err)
			}
		}
		if !get(s, j.url).push(ctx, j) {
			// The same URL is in flight here (the shared seen-set lets a
			// URL in once a run, so only a released job comes back).
			j.done(ctx, false)
		}
	}
}

// feed pushes the stream into the shared frontier, when this worker is (or
// becomes, after a feeder's death) the feeder; it carries on after the URLs
// an earlier feeder pushed.
func feed(ctx context.Context, f Frontier, fd Feed, next func() (string, *Site, bool), rs *runState, opts Options, h Hooks, stats *Stats) {
	log := opts.Logger
	for {
		skip, mine, err := fd.Start(ctx)
		if err != nil {
			if ctx.Err() == nil {
				rs.fail(err)
			}
			return
		}
		if mine {
			if skip > 0 && log != nil {
				log.Info("carrying on feeding the url list after an earlier feeder", "skipped", skip)
			}
			var n int64
			for ctx.Err() == nil {
				u, s, ok := next()
				if !ok {
					if err := fd.Done(ctx); err != nil && ctx.Err() == nil {
						rs.fail(err)
					}
					return
				}
				if n++; n <= skip {
					continue
				}
				cu := Canonical(u)
				if urlTooLong(ctx, &opts, h, stats, log, siteName(s, cu), cu) {
					continue
				}
				if _, err := f.Push(ctx, cu, encodeJob(job{url: cu, kind: kindArticle, found: foundAs(u, cu)})); err != nil {
					if ctx.Err() == nil {
						rs.fail(err)
					}
					return
				}
				if n%64 == 0 {
					if !progress(ctx, fd, n, rs) {
						return
					}
				}
			}
			// Interrupted: record how far it got, for the next feeder.
			_, _ = fd.Progress(context.WithoutCancel(ctx), n)
			return
		}
		done, err := fd.Complete(ctx)
		if err != nil {
			if ctx.Err() == nil {
				rs.fail(err)
			}
			return
		}
		if done || !pause.For(ctx, time.Second) {
			return
		}
	}
}

// progress records how far the feed got and waits while the frontier
// holds feedAhead URLs or more. It reports whether feeding goes on.
func progress(ctx context.Context, fd Feed, n int64, rs *runState) bool {
	for wait := 10 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		queued, err := fd.Progress(ctx, n)
		if err != nil {
			if ctx.Err() == nil {
				rs.fail(err)
			}
			return false
		}
		if queued < feedAhead {
			return true
		}
		if !pause.For(ctx, wait) {
			return false
		}
	}
}

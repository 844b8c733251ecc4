package crawler

import (
	"context"
	"encoding/json"
	"hash/maphash"
	"sync"
	"time"
)

// Several workers (processes, machines) can share one crawl: they push the
// links they find to one frontier, claim from it, and space their requests
// to each host together. Options.Shared says where the shared parts live;
// nil keeps them in this process, in memory, as the default
// implementations below do. package state implements them on Redis.
//
// The interfaces deal in strings and bytes: what a job means (its kind,
// depth, parent page) and what a robots.txt says are the crawler's own
// encodings, opaque to the store.

// Shared is what the workers of one crawl share.
type Shared struct {
	// Frontier returns the frontier of a queue: one per site for Crawl
	// (the site's name), one for Fetch ("backfill").
	Frontier func(queue string) Frontier
	// Gates are the per-host politeness gates of the whole fleet.
	Gates Gates
	// Robots shares parsed robots.txt files, so that one worker fetches
	// each.
	Robots RobotsStore
	// Feed coordinates feeding Fetch's URL stream into the frontier once,
	// whichever worker does it. Fetch only.
	Feed Feed
	// Resolve returns the configured site that owns a URL, or nil, for
	// URLs claimed from a frontier that another worker fed. Fetch only.
	Resolve func(url string) *Site
	// FeedOnly makes Fetch feed its stream (or wait for the worker that
	// feeds it) and return without fetching anything.
	FeedOnly bool
}

// Frontier is the queue of one crawl (or one site of it), with its
// seen-set: every URL is queued at most once per run, and every queued
// job is leased to one worker at a time until it is acknowledged. A job
// whose worker dies is leased again to another. Implementations are safe
// for concurrent use.
type Frontier interface {
	// Push queues job (the crawler's encoding) for url unless url was
	// pushed before in this run. It reports whether the job was queued.
	Push(ctx context.Context, url string, job []byte) (bool, error)
	// Claim leases the next job to this worker. While nothing is queued
	// but jobs are leased (their pages may lead to more) or the frontier
	// is still being fed, it waits. ok is false when the frontier is
	// drained: nothing queued, nothing leased, nothing more to come.
	Claim(ctx context.Context) (job []byte, ok bool, err error)
	// Ack ends the lease of a job that was handled.
	Ack(ctx context.Context, job []byte) error
	// Release puts a claimed job that was not handled back in the queue,
	// for any worker.
	Release(ctx context.Context, job []byte) error
	// MarkDirty records that a page has a child that failed for now, so
	// that its validators are not saved (see conditional.go); Dirty asks.
	MarkDirty(ctx context.Context, url string) error
	Dirty(ctx context.Context, url string) (bool, error)
}

// Gates space the requests to each host: at most parallelism in flight,
// and delay (plus up to 25% jitter) between two starts, raised by a
// robots.txt Crawl-delay and by 429 and 503 answers.
type Gates interface {
	// Acquire waits until a request to host may start. done releases the
	// slot with the answer's status (0: no answer) and its Retry-After (0:
	// none), which slow the host down or pause it.
	Acquire(ctx context.Context, host string, delay time.Duration, parallelism int) (done func(status int, retryAfter time.Duration), err error)
	// CrawlDelay raises host's delay to a robots.txt Crawl-delay.
	CrawlDelay(ctx context.Context, host string, d time.Duration) error
}

// RobotsStore shares robots.txt files among the workers of a run.
type RobotsStore interface {
	// Robots returns what is stored for origin, or else calls fetch (one
	// worker of the fleet at a time) and stores what it returns. ok is
	// false when fetch was interrupted (nothing is stored) or ctx is done.
	Robots(ctx context.Context, origin string, fetch func() ([]byte, bool)) (data []byte, ok bool, err error)
}

// Feed makes sure a URL stream is fed into a shared frontier once: by one
// worker at a time, a successor carrying on where a dead feeder stopped.
type Feed interface {
	// Start makes this worker the feeder (mine), unless another live
	// worker is or the feed is complete. skip is how many URLs of the
	// stream earlier feeders already pushed.
	Start(ctx context.Context) (skip int64, mine bool, err error)
	// Progress records that the first fed URLs of the stream are pushed,
	// and returns how many jobs wait in the frontier, so that the feeder
	// can wait for the workers.
	Progress(ctx context.Context, fed int64) (queued int64, err error)
	// Done marks the feed complete: once nothing is queued or leased, the
	// frontier is drained.
	Done(ctx context.Context) error
	// Complete reports whether the feed is complete.
	Complete(ctx context.Context) (bool, error)
}

// wireJob is a job as a shared frontier stores it.
type wireJob struct {
	URL    string `json:"u"`
	Kind   kind   `json:"k,omitempty"`
	Depth  int    `json:"d,omitempty"`
	Level  int    `json:"l,omitempty"`
	Parent string `json:"p,omitempty"`
	Found  string `json:"f,omitempty"`
}

func encodeJob(j job) []byte {
	b, _ := json.Marshal(wireJob{URL: j.url, Kind: j.kind, Depth: j.depth, Level: j.level, Parent: j.parent, Found: j.found})
	return b
}

func decodeJob(b []byte) (job, error) {
	var w wireJob
	if err := json.Unmarshal(b, &w); err != nil {
		return job{}, err
	}
	return job{url: w.URL, kind: w.Kind, depth: w.Depth, level: w.Level, parent: w.Parent, found: w.Found, raw: b}, nil
}

// queue is a runner's frontier: in memory (memQueue) or shared
// (sharedQueue).
type queue interface {
	// push adds a job unless its URL was seen; it reports whether it did.
	push(ctx context.Context, j job) bool
	// pop waits for a job; ok is false when the frontier is drained (or,
	// for a shared one, ctx is done).
	pop(ctx context.Context) (job, bool)
	// finish says a popped job is over: handled, or to be done again.
	finish(ctx context.Context, j job, handled bool)
	// markDirty and dirty track pages with a child that failed for now.
	markDirty(ctx context.Context, page string)
	dirty(ctx context.Context, page string) bool
}

// sharedQueue is a runner's view of a shared Frontier.
type sharedQueue struct {
	f    Frontier
	fail func(error)
}

func (q *sharedQueue) push(ctx context.Context, j job) bool {
	ok, err := q.f.Push(ctx, j.url, encodeJob(j))
	if err != nil {
		q.fail(err)
	}
	return ok
}

func (q *sharedQueue) pop(ctx context.Context) (job, bool) {
	for ctx.Err() == nil {
		data, ok, err := q.f.Claim(ctx)
		if err != nil {
			if ctx.Err() == nil {
				q.fail(err)
			}
			return job{}, false
		}
		if !ok {
			return job{}, false
		}
		j, err := decodeJob(data)
		if err != nil {
			// Not ours to read: drop it rather than loop on it.
			_ = q.f.Ack(ctx, data)
			continue
		}
		return j, true
	}
	return job{}, false
}

func (q *sharedQueue) finish(ctx context.Context, j job, handled bool) {
	var err error
	if handled {
		err = q.f.Ack(ctx, j.raw)
	} else {
		err = q.f.Release(ctx, j.raw)
	}
	if err != nil {
		q.fail(err)
	}
}

func (q *sharedQueue) markDirty(ctx context.Context, page string) {
	if err := q.f.MarkDirty(ctx, page); err != nil {
		q.fail(err)
	}
}

func (q *sharedQueue) dirty(ctx context.Context, page string) bool {
	d, err := q.f.Dirty(ctx, page)
	if err != nil {
		q.fail(err)
		return true // when in doubt, read the page in full next time
	}
	return d
}

// memQueue is the in-memory frontier and seen-set of one runner.
//
// Articles are handed out before listing pages, feeds and sitemaps, so
// that a listing page's articles are fetched before the next listing
// page is read: the queue then holds about one listing page of articles
// rather than every article of the site (depth-first over the archive).
//
// The seen-set keeps a 64-bit hash of each URL, not the URL: about a
// sixth of the memory. The hash is seeded at random per run, so the
// chance that two URLs of a run of a million collide is about 3 in 100
// million, and then the second URL is only left to the next run (its
// listing page is read again, and the article is not done).
type memQueue struct {
	mu       sync.Mutex
	cond     *sync.Cond
	articles fifo
	others   fifo                // listing pages, feeds, sitemaps, robots.txt
	seen     map[uint64]struct{} // nil: no dedupe (a stream's own order)
	// active, when set, holds the URLs queued or in flight: a stream that
	// repeats one of those is not fetched twice at once (a backfill has no
	// seen-set, as its memory would grow with the list; the done-set
	// skips a repeat that comes later).
	active  map[uint64]struct{}
	seed    maphash.Seed
	pending int  // pushed and not yet finished
	open    bool // more jobs may come (backfill): pop waits for them
	limit   int  // push blocks while the queue holds this many (0: no limit)
	dirties map[string]bool
}

func newMemQueue() *memQueue {
	q := &memQueue{seen: map[uint64]struct{}{}, seed: maphash.MakeSeed()}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *memQueue) len() int { return q.articles.len() + q.others.len() }

// push adds a job unless its URL was seen in this run. With a limit, it
// waits while the queue is full, so a stream of URLs is read only as fast
// as it is fetched.
func (q *memQueue) push(_ context.Context, j job) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.seen != nil {
		h := maphash.String(q.seed, j.url)
		if _, ok := q.seen[h]; ok {
			return false
		}
		q.seen[h] = struct{}{}
	}
	if q.active != nil {
		h := maphash.String(q.seed, j.url)
		if _, ok := q.active[h]; ok {
			return false
		}
		q.active[h] = struct{}{}
	}
	for q.limit > 0 && q.len() >= q.limit {
		q.cond.Wait()
	}
	if j.kind == kindArticle {
		q.articles.push(j)
	} else {
		q.others.push(j)
	}
	q.pending++
	q.cond.Signal()
	return true
}

// pop waits for a job, articles first; ok is false when the frontier is
// drained. It hands out jobs even after ctx is done, so that the runner
// can drop them.
func (q *memQueue) pop(context.Context) (job, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.len() == 0 && (q.pending > 0 || q.open) {
		q.cond.Wait()
	}
	var j job
	switch {
	case q.articles.len() > 0:
		j = q.articles.pop()
	case q.others.len() > 0:
		j = q.others.pop()
	default:
		return job{}, false
	}
	q.cond.Broadcast() // room for a waiting push
	return j, true
}

// fifo is a first-in first-out queue of jobs that reuses its array.
type fifo struct {
	items []job
	head  int // items[:head] are taken
}

func (f *fifo) len() int { return len(f.items) - f.head }

func (f *fifo) push(j job) {
	// Move the waiting jobs to the front when most of the array is taken
	// ones, rather than let append grow it.
	if f.head > 0 && len(f.items) == cap(f.items) && f.head >= len(f.items)/2 {
		n := copy(f.items, f.items[f.head:])
		clear(f.items[n:])
		f.items, f.head = f.items[:n], 0
	}
	f.items = append(f.items, j)
}

func (f *fifo) pop() job {
	j := f.items[f.head]
	f.items[f.head] = job{} // let the URL strings go
	f.head++
	if f.head == len(f.items) {
		f.items, f.head = f.items[:0], 0
	}
	return j
}

func (q *memQueue) finish(ctx context.Context, j job, handled bool) {
	if q.active != nil {
		// Before done: a job it releases may come back at once.
		q.mu.Lock()
		delete(q.active, maphash.String(q.seed, j.url))
		q.mu.Unlock()
	}
	if j.done != nil {
		j.done(ctx, handled)
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.pending--
	if q.pending == 0 {
		q.cond.Broadcast()
	}
}

// close says no more jobs will be pushed from outside.
func (q *memQueue) close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.open = false
	q.cond.Broadcast()
}

func (q *memQueue) markDirty(_ context.Context, page string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.dirties == nil {
		q.dirties = map[string]bool{}
	}
	q.dirties[page] = true
}

func (q *memQueue) dirty(_ context.Context, page string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.dirties[page]
}

package state

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/internal/testredis"
)

// The Redis implementations satisfy the crawler's interfaces.
var (
	_ crawler.Frontier    = (*RedisFrontier)(nil)
	_ crawler.Gates       = (*RedisGates)(nil)
	_ crawler.RobotsStore = (*RedisRobots)(nil)
	_ crawler.Feed        = (*RedisFeed)(nil)
	_ Store               = (*Redis)(nil)
)

// testRedis returns the address of the test server, skipping the test
// without one. scripts/test.sh starts one.
func testRedis(t *testing.T) string { return testredis.Addr(t) }

// testPrefix is a key prefix of this test alone; its keys are deleted
// when the test ends.
func testPrefix(t *testing.T) string { return testredis.Prefix(t, testRedis(t)) }

func openTest(t *testing.T, prefix, worker string, lease time.Duration) *Redis {
	t.Helper()
	u := fmt.Sprintf("redis://%s/0?prefix=%s&lease=%s&outage=5s", testRedis(t), prefix, lease)
	s, err := OpenRedis(context.Background(), u, RedisOptions{Worker: worker})
	if err != nil {
		t.Fatalf("OpenRedis(%s): %v", worker, err)
	}
	return s
}

func TestRedisStoreCommitAndLookup(t *testing.T) {
	ctx := context.Background()
	prefix := testPrefix(t)
	a := openTest(t, prefix, "a", 5*time.Second)
	defer a.Close()
	b := openTest(t, prefix, "b", 5*time.Second)
	defer b.Close()

	if _, ok, _ := a.Lookup(ctx, "s", "1"); ok {
		t.Fatal("Lookup before Commit found it")
	}
	pub := time.Date(2016, 12, 28, 6, 12, 0, 0, time.UTC)
	err := a.Commit(ctx,
		Done{Site: "s", ID: "1", URL: "http://x/1", Hash: "h1", Output: "out-a.jsonl", Size: 10, Published: pub},
		Done{Site: "s", ID: "2", URL: "http://x/2", Hash: "h2", Output: "out-a.jsonl", Size: 25},
	)
	if err != nil {
		t.Fatal(err)
	}
	// Every worker sees the done-set ...
	if _, ok, _ := b.Lookup(ctx, "s", "1"); !ok {
		t.Error("Lookup(s, 1) from another worker found nothing")
	}
	if ok, _ := b.IsURLDone(ctx, "http://x/2"); !ok {
		t.Error("IsURLDone from another worker = false")
	}
	if ok, _ := b.IsURLDone(ctx, "http://x/3"); ok {
		t.Error("IsURLDone(unknown) = true")
	}
	d, ok, err := b.Lookup(ctx, "s", "1")
	if err != nil || !ok || d.Hash != "h1" || !d.Published.Equal(pub) || d.URL != "http://x/1" {
		t.Errorf("Lookup(s, 1) = %+v, %v, %v", d, ok, err)
	}
	// ... but output lengths are per worker.
	if size, ok, _ := a.OutputSize(ctx, "out-a.jsonl"); !ok || size != 25 {
		t.Errorf("a.OutputSize = %d, %v; want 25, true", size, ok)
	}
	if _, ok, _ := b.OutputSize(ctx, "out-a.jsonl"); ok {
		t.Error("b sees a's output length")
	}
	if err := b.SetValidators(ctx, "http://x/", Validators{ETag: `"e"`}); err != nil {
		t.Fatal(err)
	}
	if v, _ := a.Validators(ctx, "http://x/"); v.ETag != `"e"` {
		t.Errorf("Validators = %+v", v)
	}
	if err := b.SetValidators(ctx, "http://x/", Validators{}); err != nil {
		t.Fatal(err)
	}
	if v, _ := a.Validators(ctx, "http://x/"); v != (Validators{}) {
		t.Errorf("forgotten Validators = %+v", v)
	}
}

func TestRedisClaimIsExclusiveUntilTheLeaseEnds(t *testing.T) {
	ctx := context.Background()
	prefix := testPrefix(t)
	a := openTest(t, prefix, "a", 5*time.Second)
	b := openTest(t, prefix, "b", 5*time.Second)
	defer b.Close()

	if ok, err := a.Claim(ctx, "s", "1", ""); !ok || err != nil {
		t.Fatalf("a.Claim = %v, %v; want true", ok, err)
	}
	if ok, _ := a.Claim(ctx, "s", "1", ""); !ok {
		t.Error("a.Claim again (a retry) = false")
	}
	if ok, _ := b.Claim(ctx, "s", "1", ""); ok {
		t.Error("b.Claim of a's live claim = true")
	}
	// a's lease ends (Close, or death and expiry): b takes over.
	a.Close()
	if ok, _ := b.Claim(ctx, "s", "1", ""); !ok {
		t.Error("b.Claim after a's lease ended = false")
	}
	if err := b.Commit(ctx, Done{Site: "s", ID: "1", Hash: "h1"}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := b.Claim(ctx, "s", "1", ""); ok {
		t.Error("Claim of a done article = true")
	}
	if ok, _ := b.Claim(ctx, "s", "1", "h1"); ok {
		t.Error("Claim of a done article with the same hash = true")
	}
	if ok, _ := b.Claim(ctx, "s", "1", "h2"); !ok {
		t.Error("Claim of a changed article (recheck) = false")
	}
}

func TestRedisClaimRace(t *testing.T) {
	ctx := context.Background()
	prefix := testPrefix(t)
	var workers []*Redis
	for i := range 4 {
		w := openTest(t, prefix, fmt.Sprint("w", i), 5*time.Second)
		defer w.Close()
		workers = append(workers, w)
	}
	var won atomic.Int64
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range 50 {
				ok, err := w.Claim(ctx, "s", fmt.Sprint(id), "")
				if err != nil {
					t.Error(err)
					return
				}
				if ok {
					won.Add(1)
					if err := w.Commit(ctx, Done{Site: "s", ID: fmt.Sprint(id)}); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	if won.Load() != 50 {
		t.Errorf("%d claims won for 50 articles, want each once", won.Load())
	}
}

func TestRedisLostLeaseStopsCommits(t *testing.T) {
	ctx := context.Background()
	prefix := testPrefix(t)
	a := openTest(t, prefix, "a", 5*time.Second)
	defer a.Close()
	// The lease disappears (an expiry during a partition, a Redis that
	// lost its data).
	a.c.Del(ctx, a.workerKey("a"))
	err := a.Commit(ctx, Done{Site: "s", ID: "1"})
	if !errors.Is(err, ErrLeaseLost) {
		t.Fatalf("Commit after the lease is gone: %v, want ErrLeaseLost", err)
	}
	if _, ok, _ := a.Lookup(ctx, "s", "1"); ok {
		t.Error("a commit without the lease marked the article done")
	}
}

func TestRedisWorkerNameInUse(t *testing.T) {
	prefix := testPrefix(t)
	a := openTest(t, prefix, "a", 300*time.Millisecond)
	defer a.Close()
	u := fmt.Sprintf("redis://%s/0?prefix=%s&lease=300ms", testRedis(t), prefix)
	_, err := OpenRedis(context.Background(), u, RedisOptions{Worker: "a"})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second worker with a live name: %v, want ErrLocked", err)
	}
}

func TestRedisFrontier(t *testing.T) {
	ctx := context.Background()
	prefix := testPrefix(t)
	a := openTest(t, prefix, "a", 400*time.Millisecond)
	b := openTest(t, prefix, "b", 400*time.Millisecond)
	defer b.Close()
	fa, fb := a.Run("r1", false).Frontier("site"), b.Run("r1", false).Frontier("site")

	for _, u := range []string{"u1", "u2", "u1"} {
		fa.Push(ctx, u, []byte("job-"+u))
	}
	if ok, _ := fb.Push(ctx, "u2", []byte("job-u2")); ok {
		t.Error("a URL pushed twice in one run was queued twice")
	}
	// Another run has its own seen-set.
	if ok, _ := b.Run("r2", false).Frontier("site").Push(ctx, "u1", []byte("job-u1")); !ok {
		t.Error("a URL of another run was not queued")
	}
	j1, ok, err := fa.Claim(ctx)
	if err != nil || !ok || string(j1) != "job-u1" {
		t.Fatalf("Claim = %q, %v, %v; want job-u1", j1, ok, err)
	}
	j2, _, _ := fb.Claim(ctx)
	if string(j2) != "job-u2" {
		t.Fatalf("b's Claim = %q, want job-u2", j2)
	}
	// b releases its job and takes it again; then acks it.
	if err := fb.Release(ctx, j2); err != nil {
		t.Fatal(err)
	}
	if j, _, _ := fb.Claim(ctx); string(j) != "job-u2" {
		t.Fatalf("Claim after Release = %q", j)
	}
	fb.Ack(ctx, j2)

	// a dies holding job-u1: once its lease is gone, b gets the job. Until
	// then, b waits (the frontier is not drained).
	a.stop <- struct{}{} // stop the heartbeat, as a killed process would
	start := time.Now()
	j, ok, err := fb.Claim(ctx)
	if err != nil || !ok || string(j) != "job-u1" {
		t.Fatalf("Claim after a's death = %q, %v, %v; want job-u1", j, ok, err)
	}
	if waited := time.Since(start); waited > 2*time.Second {
		t.Errorf("took over a dead worker's job after %v, lease 400ms", waited)
	}
	fb.Ack(ctx, j)
	if _, ok, _ := fb.Claim(ctx); ok {
		t.Error("Claim on a drained frontier found a job")
	}
	// The dead worker's late ack does not touch b's (finished) lease.
	<-a.done
	a.c.Close()
}

func TestRedisFedFrontierWaitsForTheFeed(t *testing.T) {
	ctx := context.Background()
	prefix := testPrefix(t)
	a := openTest(t, prefix, "a", 400*time.Millisecond)
	b := openTest(t, prefix, "b", 400*time.Millisecond)
	defer b.Close()
	runA, runB := a.Run("r", true), b.Run("r", true)
	fda, fdb := runA.Feed("backfill"), runB.Feed("backfill")

	if skip, mine, err := fda.Start(ctx); err != nil || !mine || skip != 0 {
		t.Fatalf("a.Start = %d, %v, %v; want 0, true", skip, mine, err)
	}
	if _, mine, _ := fdb.Start(ctx); mine {
		t.Fatal("b became the feeder while a feeds")
	}
	runA.Frontier("backfill").Push(ctx, "u1", []byte("u1"))
	if _, err := fda.Progress(ctx, 1); err != nil {
		t.Fatal(err)
	}
	fb := runB.Frontier("backfill")
	j, ok, _ := fb.Claim(ctx)
	if !ok || string(j) != "u1" {
		t.Fatalf("Claim = %q, %v", j, ok)
	}
	fb.Ack(ctx, j)
	// Nothing queued or leased, but the feed goes on: Claim waits.
	cctx, cancel := context.WithTimeout(ctx, 150*time.Millisecond)
	if _, ok, _ := fb.Claim(cctx); ok {
		t.Error("Claim found a job that was never pushed")
	}
	cancel()
	if cctx.Err() == nil {
		t.Error("Claim returned before the feed was complete")
	}
	// a dies; b carries on feeding after the first URL.
	a.Close()
	skip, mine, err := fdb.Start(ctx)
	if err != nil || !mine || skip != 1 {
		t.Fatalf("b.Start after a died = %d, %v, %v; want 1, true", skip, mine, err)
	}
	if err := fdb.Done(ctx); err != nil {
		t.Fatal(err)
	}
	if done, _ := fdb.Complete(ctx); !done {
		t.Error("Complete after Done = false")
	}
	if _, ok, _ := fb.Claim(ctx); ok {
		t.Error("Claim on a drained, fed frontier found a job")
	}
}

func TestRedisGatesSpaceTheFleet(t *testing.T) {
	ctx := context.Background()
	prefix := testPrefix(t)
	const delay, par, perWorker = 20 * time.Millisecond, 2, 15
	var (
		mu       sync.Mutex
		starts   []time.Time
		inFlight atomic.Int64
		maxIn    atomic.Int64
		wg       sync.WaitGroup
	)
	for i := range 3 {
		w := openTest(t, prefix, fmt.Sprint("w", i), 5*time.Second)
		defer w.Close()
		g := w.Gates()
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range perWorker / 2 {
					done, err := g.Acquire(ctx, "host:80", delay, par)
					if err != nil {
						t.Error(err)
						return
					}
					n := inFlight.Add(1)
					for m := maxIn.Load(); n > m && !maxIn.CompareAndSwap(m, n); m = maxIn.Load() {
					}
					mu.Lock()
					starts = append(starts, time.Now())
					mu.Unlock()
					time.Sleep(5 * time.Millisecond)
					inFlight.Add(-1)
					done(200, 0)
				}
			}()
		}
	}
	wg.Wait()
	if maxIn.Load() > par {
		t.Errorf("%d requests in flight at once, parallelism %d", maxIn.Load(), par)
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
	// Grants are spaced on Redis's clock; here they are seen after the
	// reply, whose latency varies (a late reply shortens the next gap), so
	// a rare short gap is the observer's, not the gate's.
	// So single gaps are not checked; every run of 5 consecutive starts
	// (4 delays apart on the gate's clock) must span at least 2 delays,
	// which a gate that let requests through early would break.
	for i := 4; i < len(starts); i++ {
		if span := starts[i].Sub(starts[i-4]); span < 2*delay {
			t.Errorf("starts %d..%d span %v, want at least %v for 4 gaps of %v", i-4, i, span, 2*delay, delay)
		}
	}
	span := starts[len(starts)-1].Sub(starts[0])
	mean := span / time.Duration(len(starts)-1)
	// Above: a gate that doubled the delay (45ms on average with jitter)
	// fails; a loaded machine's late claimers (a few ms each) do not.
	if mean < delay || mean > delay*7/4 {
		t.Errorf("mean spacing %v, want the delay %v plus ~12.5%% jitter (at most 7/4 of it)", mean, delay)
	}
}

func TestRedisGatesSlowDownAndCrawlDelay(t *testing.T) {
	ctx := context.Background()
	prefix := testPrefix(t)
	w := openTest(t, prefix, "w", 5*time.Second)
	defer w.Close()
	g := w.Gates()
	done, err := g.Acquire(ctx, "h", 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	done(429, 0)
	delay := func() int64 {
		v, _ := w.c.HGet(ctx, w.key("gate", "h"), "delay").Int64()
		return v
	}
	if d := delay(); d != minSlowDelay.Microseconds() {
		t.Errorf("delay after a 429 = %dms, want %v", d, minSlowDelay)
	}
	if err := g.CrawlDelay(ctx, "h", 2*time.Second); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if _, err := g.Acquire(cctx, "h", 0, 1); err == nil {
		t.Error("Acquire within the Crawl-delay succeeded")
	}
}

func TestRedisRobotsFetchedOnce(t *testing.T) {
	ctx := context.Background()
	prefix := testPrefix(t)
	var fetches atomic.Int64
	var wg sync.WaitGroup
	for i := range 3 {
		w := openTest(t, prefix, fmt.Sprint("w", i), 5*time.Second)
		defer w.Close()
		rs := w.Run("r", false).Robots()
		wg.Add(1)
		go func() {
			defer wg.Done()
			data, ok, err := rs.Robots(ctx, "http://h", func() ([]byte, bool) {
				fetches.Add(1)
				time.Sleep(50 * time.Millisecond)
				return []byte("rules"), true
			})
			if err != nil || !ok || string(data) != "rules" {
				t.Errorf("Robots = %q, %v, %v", data, ok, err)
			}
		}()
	}
	wg.Wait()
	if fetches.Load() != 1 {
		t.Errorf("robots.txt fetched %d times by 3 workers, want once", fetches.Load())
	}
}

func TestRedisDeadOutputs(t *testing.T) {
	ctx := context.Background()
	prefix := testPrefix(t)
	a := openTest(t, prefix, "a", 5*time.Second)
	defer a.Close()
	b := openTest(t, prefix, "b", 5*time.Second)
	b.SetOutputSize(ctx, "out-b.jsonl", 42)
	if m, _ := a.DeadOutputs(ctx); len(m) != 0 {
		t.Errorf("DeadOutputs with b alive = %v", m)
	}
	b.Close()
	m, err := a.DeadOutputs(ctx)
	if err != nil || m["b"]["out-b.jsonl"] != 42 || len(m) != 1 {
		t.Errorf("DeadOutputs after b's end = %v, %v; want b's file at 42", m, err)
	}
}

func TestTransientErrors(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{errors.New("dial tcp 127.0.0.1:1: connect: connection refused"), true},
		{context.Canceled, false},
		{redis.ErrClosed, false},
	} {
		if got := transient(tc.err); got != tc.want {
			t.Errorf("transient(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// A claim that Redis ran but whose answer was lost is retried with the
// same id and gets the same job, even when the worker's other goroutines
// claimed meanwhile; so no job stays leased to a live worker that never
// ends it (which would keep the frontier from ever draining).
func TestRedisRetriedClaimGetsTheSameJob(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, testPrefix(t), "w", 5*time.Second)
	defer s.Close()
	f := s.Run("r1", false).Frontier("site")
	for _, u := range []string{"u1", "u2", "u3"} {
		f.Push(ctx, u, []byte("job-"+u))
	}
	job := func(id string) string {
		t.Helper()
		res, err := f.claim(ctx, id, "0")
		if err != nil {
			t.Fatal(err)
		}
		if code, _ := res[0].(int64); code != 1 {
			t.Fatalf("claim %s: code %v, want a job", id, res[0])
		}
		return res[1].(string)
	}
	first := job("a")  // its answer is lost...
	second := job("b") // ...another goroutine claims...
	if again := job("a"); again != first {
		t.Fatalf("the retried claim got %s, want %s again", again, first)
	}
	if first == second {
		t.Fatalf("two claims got the same job %s", first)
	}
	for _, j := range []string{first, second} {
		if err := f.Ack(ctx, []byte(j)); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.c.HLen(ctx, f.claimsKey()).Result(); err != nil || n != 0 {
		t.Errorf("%d claim ids left after every claimed job ended (%v), want 0", n, err)
	}
	// Once acked, the id may come again (ids are random): a new job.
	if third := job("a"); third != "job-u3" {
		t.Errorf("claim after the acks got %s, want job-u3", third)
	}
	f.Ack(ctx, []byte("job-u3"))
	if _, ok, err := f.Claim(ctx); ok || err != nil {
		t.Errorf("Claim on a drained frontier: ok %v, err %v", ok, err)
	}
}

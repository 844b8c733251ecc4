package crawler

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/internal/testredis"
	"github.com/newsnorm/newsnorm/state"
)

// The frontier conformance test: one body run against both frontiers a
// runner can have, the in-memory one and a shared one (Redis), as
// litestream's RunWithReplicaClient runs one body against every backend.
func TestFrontierConformance(t *testing.T) {
	for _, tc := range []struct {
		name string
		open func(t *testing.T) queue
	}{
		{"memory", func(*testing.T) queue { return newMemQueue() }},
		{"redis", func(t *testing.T) queue {
			addr := testredis.Addr(t)
			u := fmt.Sprintf("redis://%s/0?prefix=%s&lease=5s&outage=5s", addr, testredis.Prefix(t, addr))
			s, err := state.OpenRedis(context.Background(), u, state.RedisOptions{Worker: "w1"})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return &sharedQueue{f: s.Run("run1", false).Frontier("site"), fail: func(err error) { t.Errorf("frontier: %v", err) }}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { frontierConformance(t, tc.open(t)) })
	}
}

func frontierConformance(t *testing.T, q queue) {
	ctx := context.Background()
	jobs := []job{
		{url: "http://x/", kind: kindListing},
		{url: "http://x/News/1.html", kind: kindArticle, depth: 1, parent: "http://x/"},
		{url: "http://x/News/2.html", kind: kindArticle, depth: 1, parent: "http://x/"},
	}
	for _, j := range jobs {
		if !q.push(ctx, j) {
			t.Fatalf("push(%s) = false on its first push", j.url)
		}
	}
	// A URL is queued at most once per run.
	if q.push(ctx, job{url: "http://x/News/1.html", kind: kindArticle}) {
		t.Error("push of a URL already pushed = true")
	}
	// Every job pushed is handed out once, with what it carried.
	var got []string
	var popped []job
	for range jobs {
		j, ok := popWithin(t, q)
		if !ok {
			t.Fatalf("pop = drained after %d of %d jobs", len(got), len(jobs))
		}
		got = append(got, fmt.Sprintf("%s %d %d %s", j.url, j.kind, j.depth, j.parent))
		popped = append(popped, j)
	}
	var want []string
	for _, j := range jobs {
		want = append(want, fmt.Sprintf("%s %d %d %s", j.url, j.kind, j.depth, j.parent))
	}
	sort.Strings(got)
	sort.Strings(want)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("popped %v, want %v", got, want)
	}
	// While a job is out, its page may lead to more: pop waits rather
	// than report the frontier drained.
	for _, j := range popped[1:] {
		q.finish(ctx, j, true)
	}
	type popped1 struct {
		j  job
		ok bool
	}
	waited := make(chan popped1, 1)
	go func() {
		j, ok := q.pop(ctx)
		waited <- popped1{j, ok}
	}()
	select {
	case r := <-waited:
		t.Fatalf("pop returned (ok=%v) while a job was still out", r.ok)
	case <-time.After(300 * time.Millisecond):
	}
	// A page with a child that failed for now is dirty.
	q.markDirty(ctx, "http://x/")
	if !q.dirty(ctx, "http://x/") || q.dirty(ctx, "http://x/other") {
		t.Error("dirty does not answer what markDirty recorded")
	}
	// A job pushed while one is out is handed to the waiting pop; once
	// every job is finished, the frontier is drained.
	more := job{url: "http://x/News/3.html", kind: kindArticle, depth: 1}
	if !q.push(ctx, more) {
		t.Fatal("push of a new URL = false")
	}
	r := <-waited
	if !r.ok || r.j.url != more.url {
		t.Fatalf("the waiting pop got %q (ok=%v), want %s", r.j.url, r.ok, more.url)
	}
	q.finish(ctx, r.j, true)
	q.finish(ctx, popped[0], true)
	if j, ok := popWithin(t, q); ok {
		t.Errorf("pop after every job finished = %s, want drained", j.url)
	}
}

// popWithin pops, failing the test when pop does not return in time.
func popWithin(t *testing.T, q queue) (job, bool) {
	t.Helper()
	type res struct {
		j  job
		ok bool
	}
	c := make(chan res, 1)
	go func() {
		j, ok := q.pop(context.Background())
		c <- res{j, ok}
	}()
	select {
	case r := <-c:
		return r.j, r.ok
	case <-time.After(10 * time.Second):
		t.Fatal("pop did not return")
		return job{}, false
	}
}

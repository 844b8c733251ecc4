package crawler

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

// The in-memory frontier hands out articles before listing pages, each
// kind in the order pushed, and every URL once.
func TestMemQueueArticlesFirstEachURLOnce(t *testing.T) {
	ctx := context.Background()
	q := newMemQueue()
	for _, j := range []job{
		{url: "http://x/list/1", kind: kindListing},
		{url: "http://x/a/1", kind: kindArticle},
		{url: "http://x/feed", kind: kindFeed},
		{url: "http://x/a/2", kind: kindArticle},
		{url: "http://x/list/2", kind: kindListing},
	} {
		if !q.push(ctx, j) {
			t.Fatalf("push %s: refused", j.url)
		}
	}
	if q.push(ctx, job{url: "http://x/a/1", kind: kindArticle}) || q.push(ctx, job{url: "http://x/list/1", kind: kindListing}) {
		t.Error("a URL seen before was queued again")
	}
	var got []string
	for {
		// The last job finished ends the frontier.
		j, ok := q.pop(ctx)
		if !ok {
			break
		}
		got = append(got, j.url)
		q.finish(ctx, j, true)
	}
	want := []string{"http://x/a/1", "http://x/a/2", "http://x/list/1", "http://x/feed", "http://x/list/2"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("popped %v, want %v", got, want)
	}
}

// fifo behaves as a plain first-in first-out queue through any mix of
// pushes and pops, while it reuses its array.
func TestFifoMatchesASlice(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var f fifo
	var model []string
	next := 0
	for step := range 200000 {
		if rng.IntN(100) < 55 || len(model) == 0 {
			u := fmt.Sprint(next)
			next++
			f.push(job{url: u})
			model = append(model, u)
		} else {
			j := f.pop()
			if j.url != model[0] {
				t.Fatalf("step %d: popped %s, want %s", step, j.url, model[0])
			}
			model = model[1:]
		}
		if f.len() != len(model) {
			t.Fatalf("step %d: len %d, want %d", step, f.len(), len(model))
		}
	}
	if cap(f.items) > 4*max(len(model), 1024) {
		t.Errorf("array of %d for %d jobs: taken slots are not reused", cap(f.items), len(model))
	}
}

package crawler

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

// TestCancel cancels a crawl when the first article request arrives.
func TestCancel(t *testing.T) {
	var paths []string
	for i := 1; i <= 20; i++ {
		paths = append(paths, fmt.Sprintf("/a/%d", i))
	}
	for _, tc := range []struct {
		name      string
		article   func(w http.ResponseWriter, r *http.Request)
		grace     time.Duration
		maxReturn time.Duration // from the cancellation
		handedOn  bool          // in-flight articles reach Hooks.Article
		skipped   string        // a reason counted in Stats.Skipped
	}{
		{
			name: "in-flight pages finish and are handed on",
			article: func(w http.ResponseWriter, r *http.Request) {
				time.Sleep(300 * time.Millisecond) // not cut by the cancellation
				html(articleHTML("x"))(w, r)
			},
			grace:     5 * time.Second,
			maxReturn: time.Second,
			handedOn:  true,
		},
		{
			name: "a hanging request is cut after the grace period",
			article: func(w http.ResponseWriter, r *http.Request) {
				<-r.Context().Done()
			},
			grace:     200 * time.Millisecond,
			maxReturn: time.Second,
			skipped:   "interrupted",
		},
		{
			name: "a retry wait is cut at once",
			article: func(w http.ResponseWriter, r *http.Request) {
				http.Error(w, "later", http.StatusTooManyRequests)
			},
			grace:     5 * time.Second,
			maxReturn: 300 * time.Millisecond,
			skipped:   "interrupted",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			arrived := make(chan struct{})
			var once sync.Once
			mux := http.NewServeMux()
			mux.HandleFunc("/{$}", html(links(paths...)))
			mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
				once.Do(func() { close(arrived) })
				tc.article(w, r)
			})
			srv, h := serve(t, mux)
			s := testSite(srv.URL)
			s.ObeyRobots = false
			opts := testOptions()
			opts.StopGrace = tc.grace
			opts.MaxRetryWait = 10 * time.Second
			rc := newRecorder()
			st := &Stats{}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- Crawl(ctx, []*Site{s}, opts, rc.hooks(), st) }()
			select {
			case <-arrived:
			case <-time.After(5 * time.Second):
				t.Fatal("no article request arrived")
			}
			time.Sleep(20 * time.Millisecond) // let the second worker start too
			cancel()
			cancelled := time.Now()
			select {
			case err := <-done:
				if err != context.Canceled {
					t.Errorf("Crawl returned %v, want context.Canceled", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Crawl did not return after the cancellation")
			}
			if took := time.Since(cancelled); took > tc.maxReturn {
				t.Errorf("Crawl returned %v after the cancellation, want ≤ %v", took, tc.maxReturn)
			}
			requested := 0
			for _, p := range paths {
				requested += h.get(p)
			}
			if requested == 0 || requested > 3 {
				t.Errorf("%d article requests, want the 1 to 2 in flight (no new request after the cancellation)", requested)
			}
			for _, ts := range h.all() {
				if ts.After(cancelled.Add(50 * time.Millisecond)) {
					t.Errorf("a request started %v after the cancellation", ts.Sub(cancelled))
				}
			}
			if tc.handedOn && rc.pageCount() != requested {
				t.Errorf("%d articles handed on, want every one of the %d in flight", rc.pageCount(), requested)
			}
			if tc.skipped != "" && st.Skipped()[tc.skipped] == 0 {
				t.Errorf("Stats.Skipped = %v, want %q counted", st.Skipped(), tc.skipped)
			}
			if st.FailedTotal() != 0 {
				t.Errorf("interruptions counted as failures: %v", st.Failed())
			}
		})
	}
}

package crawler

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// scripted answers the i-th request (from 0) with steps[i], repeating the
// last step.
type step func(w http.ResponseWriter, r *http.Request)

func status(code int, header ...string) step {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		if code == http.StatusOK {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = w.Write([]byte(articleHTML("1")))
			return
		}
		http.Error(w, http.StatusText(code), code)
	}
}

func scripted(steps ...step) http.HandlerFunc {
	var n atomic.Int64
	return func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1) - 1)
		steps[min(i, len(steps)-1)](w, r)
	}
}

// TestRetries fetches one article at /a/1 from a server that misbehaves,
// and checks the outcome, the number of requests and the time taken.
func TestRetries(t *testing.T) {
	hangUp := func(w http.ResponseWriter, _ *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}
	slow := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	}
	for _, tc := range []struct {
		name     string
		handler  http.HandlerFunc
		retries  int
		timeout  time.Duration
		reason   string // "" for success
		requests int
		minTime  time.Duration
	}{
		{name: "429 with Retry-After seconds then 200", handler: scripted(status(429, "Retry-After", "1"), status(200)),
			retries: 2, requests: 2, minTime: 950 * time.Millisecond},
		{name: "503 with Retry-After date then 200", handler: scripted(func(w http.ResponseWriter, r *http.Request) {
			status(503, "Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))(w, r)
		}, status(200)), retries: 2, requests: 2, minTime: 900 * time.Millisecond},
		{name: "500 then 200", handler: scripted(status(500), status(200)), retries: 2, requests: 2, minTime: 450 * time.Millisecond},
		{name: "500 forever", handler: scripted(status(500)), retries: 2, reason: "status-500", requests: 3, minTime: 1400 * time.Millisecond},
		{name: "404 is not retried", handler: scripted(status(404)), retries: 2, reason: "status-404", requests: 1},
		{name: "Retry-After longer than MaxRetryWait", handler: scripted(status(429, "Retry-After", "3600")), retries: 2, reason: "retry-after", requests: 1},
		{name: "connection dropped then 200", handler: scripted(hangUp, status(200)), retries: 1, requests: 2},
		{name: "slower than the timeout", handler: scripted(slow), retries: 0, timeout: 300 * time.Millisecond, reason: "timeout", requests: 1},
		{name: "timeout then 200", handler: scripted(slow, status(200)), retries: 1, timeout: 300 * time.Millisecond, requests: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			mux := http.NewServeMux()
			mux.HandleFunc("/a/1", tc.handler)
			srv, h := serve(t, mux)
			s := testSite(srv.URL)
			s.StartURLs = []string{srv.URL + "/a/1"}
			s.ObeyRobots = false
			opts := testOptions()
			opts.Retries = tc.retries
			if tc.timeout > 0 {
				opts.Timeout = tc.timeout
			}
			rc := newRecorder()
			start := time.Now()
			crawl(t, s, opts, rc)
			took := time.Since(start)
			u := srv.URL + "/a/1"
			f, failed := rc.failure(u)
			switch {
			case tc.reason == "" && failed:
				t.Errorf("failed with %q (%v), want success", f.Reason, f.Err)
			case tc.reason == "" && rc.page(u) == nil:
				t.Errorf("article not handed on")
			case tc.reason != "" && !failed:
				t.Errorf("succeeded, want failure %q", tc.reason)
			case tc.reason != "" && (f.Reason != tc.reason || f.Attempts != tc.requests):
				t.Errorf("failure = %q after %d attempts (%v), want %q after %d", f.Reason, f.Attempts, f.Err, tc.reason, tc.requests)
			}
			if got := h.get("/a/1"); got != tc.requests {
				t.Errorf("server saw %d requests, want %d", got, tc.requests)
			}
			if took < tc.minTime {
				t.Errorf("took %v, want ≥ %v (the wait before the retry)", took, tc.minTime)
			}
		})
	}
}

func TestHostSlowDown(t *testing.T) {
	h := newHosts().get("x", &Site{Delay: 100 * time.Millisecond, Parallelism: 1})
	ctx := context.Background()
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second}
	for i, w := range want {
		if err := h.acquire(ctx); err != nil {
			t.Fatal(err)
		}
		h.mu.Lock()
		h.next = time.Time{} // no waiting in this test
		h.mu.Unlock()
		h.release(http.StatusTooManyRequests, nil, time.Minute)
		if got := h.currentDelay(); got != w {
			t.Errorf("after %d 429s delay = %v, want %v", i+1, got, w)
		}
	}
	for range 8 {
		h.slots <- struct{}{}
		h.release(http.StatusServiceUnavailable, nil, time.Minute)
	}
	if got := h.currentDelay(); got != maxSlowDelay {
		t.Errorf("after many 503s delay = %v, want the cap %v", got, maxSlowDelay)
	}
	prev := h.currentDelay()
	for range 40 {
		h.slots <- struct{}{}
		h.release(http.StatusOK, nil, time.Minute)
		if d := h.currentDelay(); d > prev {
			t.Fatalf("a success raised the delay from %v to %v", prev, d)
		} else {
			prev = d
		}
	}
	if got := h.currentDelay(); got != 100*time.Millisecond {
		t.Errorf("after many successes delay = %v, want back to the site delay 100ms", got)
	}

	// Retry-After pauses the whole host, capped at maxWait.
	h.slots <- struct{}{}
	before := time.Now()
	h.release(http.StatusTooManyRequests, http.Header{"Retry-After": {"1"}}, 300*time.Millisecond)
	h.mu.Lock()
	pause := h.next.Sub(before)
	h.mu.Unlock()
	if pause < 290*time.Millisecond || pause > 400*time.Millisecond {
		t.Errorf("Retry-After 1 with a 300ms cap paused the host %v, want about 300ms", pause)
	}
}

func TestHostSpacingAndParallelism(t *testing.T) {
	h := newHosts().get("x", &Site{Delay: 50 * time.Millisecond, Parallelism: 2})
	ctx := context.Background()
	var starts []time.Time
	for range 4 {
		if err := h.acquire(ctx); err != nil {
			t.Fatal(err)
		}
		starts = append(starts, time.Now())
		h.release(http.StatusOK, nil, time.Minute)
	}
	// The gate's clock is exact from below; from above, a loaded machine
	// may wake a sleeper late, so the jitter's bound is checked on its own.
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < 45*time.Millisecond || gap > 50*time.Millisecond*5/4+150*time.Millisecond {
			t.Errorf("gap %d = %v, want the 50ms delay plus up to 25%% jitter", i, gap)
		}
	}
	var most time.Duration
	for range 10000 {
		j := jitter(40 * time.Millisecond)
		if j < 0 || j > 10*time.Millisecond {
			t.Fatalf("jitter(40ms) = %v, want 0 to 10ms (25%%)", j)
		}
		most = max(most, j)
	}
	if most < 9*time.Millisecond {
		t.Errorf("the largest of 10,000 jitters of 40ms is %v, want close to 10ms", most)
	}
	if j := jitter(0); j != 0 {
		t.Errorf("jitter(0) = %v, want 0", j)
	}
	// Two slots: a third acquire waits until one is released, or ctx ends.
	h2 := newHosts().get("y", &Site{Parallelism: 2})
	_ = h2.acquire(ctx)
	_ = h2.acquire(ctx)
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if err := h2.acquire(cctx); err == nil {
		t.Errorf("a third request started with parallelism 2")
	}
}

func TestRetryWait(t *testing.T) {
	for _, tc := range []struct {
		attempt  int
		header   string
		min, max time.Duration
		ok       bool
	}{
		{1, "", 500 * time.Millisecond, 625 * time.Millisecond, true},
		{2, "", time.Second, 1250 * time.Millisecond, true},
		{3, "", 2 * time.Second, 2500 * time.Millisecond, true},
		{10, "", 5 * time.Second, 5 * time.Second, true}, // capped
		{1, "2", 2 * time.Second, 2 * time.Second, true},
		{1, "0", 0, 0, true},
		{1, "60", 60 * time.Second, 60 * time.Second, false},
		{1, "soon", 500 * time.Millisecond, 625 * time.Millisecond, true}, // unparsable: backoff
	} {
		t.Run(strconv.Itoa(tc.attempt)+"/"+tc.header, func(t *testing.T) {
			h := http.Header{}
			if tc.header != "" {
				h.Set("Retry-After", tc.header)
			}
			got, ok := retryWait(tc.attempt, h, 5*time.Second)
			if got < tc.min || got > tc.max || ok != tc.ok {
				t.Errorf("retryWait(%d, %q) = %v, %v; want [%v, %v], %v", tc.attempt, tc.header, got, ok, tc.min, tc.max, tc.ok)
			}
		})
	}
}

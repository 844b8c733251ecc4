package crawler

import (
	"net/http"
	"testing"
	"time"
)

// TestConditional: the second crawl sends the validators saved by the
// first, gets a 304 for the start page and reads nothing else.
func TestConditional(t *testing.T) {
	lastMod := time.Date(2024, 6, 1, 8, 0, 0, 0, time.UTC).Format(http.TimeFormat)
	for _, tc := range []struct {
		name   string
		header string // ETag or Last-Modified
		value  string
	}{
		{"etag", "ETag", `W/"v1"`},
		{"last-modified", "Last-Modified", lastMod},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("If-None-Match") == tc.value || r.Header.Get("If-Modified-Since") == tc.value {
					w.WriteHeader(http.StatusNotModified)
					return
				}
				w.Header().Set(tc.header, tc.value)
				html(links("/a/1", "/a/2"))(w, r)
			})
			mux.HandleFunc("/a/", func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("If-None-Match") != "" || r.Header.Get("If-Modified-Since") != "" {
					t.Errorf("conditional request for article %s", r.URL)
				}
				w.Header().Set(tc.header, tc.value)
				html(articleHTML("x"))(w, r)
			})
			srv, h := serve(t, mux)
			s := testSite(srv.URL)
			s.ObeyRobots = false
			rc := newRecorder()

			st := crawl(t, s, testOptions(), rc)
			if st.NotModified.Load() != 0 || rc.pageCount() != 2 {
				t.Fatalf("first crawl: %d not modified, %d articles; want 0 and 2", st.NotModified.Load(), rc.pageCount())
			}
			want := [2]string{}
			if tc.header == "ETag" {
				want[0] = tc.value
			} else {
				want[1] = tc.value
			}
			if got := rc.vals[srv.URL+"/"]; got != want || len(rc.vals) != 1 {
				t.Fatalf("saved validators %v, want only %v for the start page", rc.vals, want)
			}

			st = crawl(t, s, testOptions(), rc)
			if got := st.NotModified.Load(); got != 1 {
				t.Errorf("second crawl: NotModified = %d, want 1", got)
			}
			if h.get("/") != 2 || h.get("/a/1") != 1 || h.get("/a/2") != 1 {
				t.Errorf("requests: / %d, /a/1 %d, /a/2 %d; want 2, 1, 1", h.get("/"), h.get("/a/1"), h.get("/a/2"))
			}
			if st.FailedTotal() != 0 {
				t.Errorf("failures: %v", st.Failed())
			}
			if got := rc.vals[srv.URL+"/"]; got != want {
				t.Errorf("after a 304 the validators are %v, want still %v", got, want)
			}
		})
	}
}

// TestConditionalOnlyWhenComplete: validators are saved only for pages all
// of whose links were handled and that lead to no other listing page;
// those of other pages are forgotten.
func TestConditionalOnlyWhenComplete(t *testing.T) {
	mux := http.NewServeMux()
	etag := func(v string, body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("ETag", v)
			html(body)(w, r)
		}
	}
	mux.HandleFunc("/{$}", etag(`"home"`, links("/list/ok", "/list/broken", "/a/1")))
	mux.HandleFunc("/list/ok", etag(`"ok"`, links("/a/1", "/a/2")))
	mux.HandleFunc("/list/broken", etag(`"broken"`, links("/a/3", "/a/404")))
	mux.HandleFunc("/a/3", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "down", http.StatusBadGateway) })
	mux.HandleFunc("/a/404", http.NotFound)
	mux.HandleFunc("/a/", html(articleHTML("x")))
	srv, _ := serve(t, mux)
	s := testSite(srv.URL)
	s.ObeyRobots = false
	opts := testOptions()
	opts.Retries = 0
	rc := newRecorder()
	// Stale validators from an earlier run are sent, answered 200, and
	// must be forgotten for the pages that cannot keep them.
	for _, p := range []string{"/", "/list/broken"} {
		rc.vals[srv.URL+p] = [2]string{`"old"`, ""}
	}
	crawl(t, s, opts, rc)
	want := map[string][2]string{srv.URL + "/list/ok": {`"ok"`, ""}}
	if len(rc.vals) != len(want) || rc.vals[srv.URL+"/list/ok"] != want[srv.URL+"/list/ok"] {
		t.Errorf("saved validators = %v, want %v (home links to listing pages; /list/broken has a 502 article)", rc.vals, want)
	}
}

package crawler

import (
	"context"
	"net/http"
	"testing"
)

// TestFetch backfills a list: a URL already done is not requested, a URL
// no site owns is fetched with the generic settings and its host's
// robots.txt, and every outcome is reported.
func TestFetch(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, _ *http.Request) { text("User-agent: *\nDisallow: /private/\n")(w) })
	mux.HandleFunc("/a/", html(articleHTML("x")))
	mux.HandleFunc("/other/1", html(articleHTML("other")))
	mux.HandleFunc("/private/1", html(articleHTML("private")))
	srv, h := serve(t, mux)
	s := testSite(srv.URL)
	list := []struct {
		u string
		s *Site
	}{
		{srv.URL + "/a/1", s},
		{srv.URL + "/a/2", s}, // done
		{srv.URL + "/gone/1", s},
		{srv.URL + "/other/1", nil},
		{srv.URL + "/private/1", nil},
	}
	next := func() (string, *Site, bool) {
		if len(list) == 0 {
			return "", nil, false
		}
		e := list[0]
		list = list[1:]
		return e.u, e.s, true
	}
	rc := newRecorder()
	rc.done[srv.URL+"/a/2"] = true
	st := &Stats{}
	generic := Site{Parallelism: 1, ObeyRobots: true}
	opts := testOptions()
	opts.Retries = 0
	if err := Fetch(context.Background(), next, generic, opts, rc.hooks(), st); err != nil {
		t.Fatal(err)
	}
	if rc.page(srv.URL+"/a/1") == nil || rc.page(srv.URL+"/other/1") == nil {
		t.Errorf("articles handed on: %v", rc.pages)
	}
	if rc.page(srv.URL+"/other/1").Site != "127.0.0.1" {
		t.Errorf("a URL no site owns belongs to site %q, want its host", rc.page(srv.URL+"/other/1").Site)
	}
	if h.get("/a/2") != 0 || st.Done.Load() != 1 {
		t.Errorf("a done article was requested %d times (Done = %d)", h.get("/a/2"), st.Done.Load())
	}
	if f, _ := rc.failure(srv.URL + "/gone/1"); f.Reason != "status-404" {
		t.Errorf("/gone/1 failed as %q, want status-404", f.Reason)
	}
	if rc.skip(srv.URL+"/private/1") != "robots" || h.get("/private/1") != 0 {
		t.Errorf("/private/1 skipped as %q and requested %d times, want robots and none", rc.skip(srv.URL+"/private/1"), h.get("/private/1"))
	}
	if h.get("/robots.txt") != 1 {
		t.Errorf("robots.txt requested %d times, want once for the host", h.get("/robots.txt"))
	}
}

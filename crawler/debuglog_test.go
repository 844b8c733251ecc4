package crawler

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer safe for the log's concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDebugLog crawls a site with the logger at debug level (-v) and
// checks that every URL fetched (status, bytes, duration), skipped (and
// why) and failed (and why) has its line.
func TestDebugLog(t *testing.T) {
	mux := http.NewServeMux()
	const robotsTxt = "User-agent: *\nDisallow: /a/3\n"
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, _ *http.Request) { text(robotsTxt)(w) })
	mux.HandleFunc("/{$}", html(links("/a/1", "/a/1", "/a/2", "/a/3", "/list1", "/about", "https://elsewhere.example/x")))
	mux.HandleFunc("/list1", html(links("/list2", "/a/1")))
	mux.HandleFunc("/list2", html(links("/list3")))
	mux.HandleFunc("/a/1", html(articleHTML("1")))
	mux.HandleFunc("/a/2", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "gone", http.StatusNotFound) })
	srv, _ := serve(t, mux)
	s := testSite(srv.URL) // max_depth 2: /list2 is at depth 2, /list3 would be 3
	var buf syncBuffer
	opts := testOptions()
	opts.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	crawl(t, s, opts, newRecorder())
	log := buf.String()
	for _, want := range [][]string{
		{`msg=fetched`, `url=` + srv.URL + `/robots.txt`, `status=200`, fmt.Sprintf("bytes=%d ", len(robotsTxt)), `duration=`},
		{`msg=fetched`, `url=` + srv.URL + `/a/1 `, `status=200`, `bytes=`, `duration=`},
		{`msg=fetched`, `url=` + srv.URL + `/a/2 `, `status=404`},
		{`msg="fetch failed"`, `url=` + srv.URL + `/a/2 `, `reason=status-404`},
		{`msg=skipped`, `url=` + srv.URL + `/a/3 `, `reason=robots`},
		{`msg=skipped`, `url=` + srv.URL + `/a/1 `, `reason=seen`},
		{`msg=skipped`, `url=` + srv.URL + `/list3 `, `reason=depth`},
		{`msg=skipped`, `url=https://elsewhere.example/x `, `reason=off-site`},
		{`msg=skipped`, `url=` + srv.URL + `/about `, `reason=no-rule`},
	} {
		if !hasLine(log, want) {
			t.Errorf("no debug line with %q in:\n%s", want, log)
		}
	}
	// Without debug, none of it.
	buf = syncBuffer{}
	opts.Logger = slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo}))
	crawl(t, testSite(srv.URL), opts, newRecorder())
	if strings.Contains(buf.String(), "msg=fetched") || strings.Contains(buf.String(), "msg=skipped") {
		t.Errorf("debug lines at info level:\n%s", buf.String())
	}
}

// hasLine reports whether one line of log holds every part.
func hasLine(log string, parts []string) bool {
	for _, line := range strings.Split(log, "\n") {
		ok := true
		for _, p := range parts {
			if !strings.Contains(line+" ", p) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

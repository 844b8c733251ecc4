package crawler

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// gzipped is prefix and n zero bytes, gzip-compressed: a gzip bomb when n
// is large. The zeros are 1 MiB gzip members, repeated (a gzip stream may
// hold many), so that 64 MiB take 64 KiB and no time to make.
func gzipped(t testing.TB, prefix string, n int) []byte {
	t.Helper()
	member := func(b []byte) []byte {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(b)
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	out := member([]byte(prefix))
	if n >= 1<<20 {
		mib := member(make([]byte, 1<<20))
		for ; n >= 1<<20; n -= 1 << 20 {
			out = append(out, mib...)
		}
	}
	if n > 0 {
		out = append(out, member(make([]byte, n))...)
	}
	return out
}

// allocated runs f and returns the bytes it allocated (the whole process's;
// the tests that use it do not run in parallel).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestResponseFailures fetches /a/1, which misbehaves, with MaxBodyBytes
// 1 MiB, and checks the failure reason, what the servers saw and that
// memory stayed bounded.
func TestResponseFailures(t *testing.T) {
	bomb := gzipped(t, "<html><body>", 64<<20)
	other, otherHits := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html(articleHTML("elsewhere"))(w, r)
	}))
	for _, tc := range []struct {
		name     string
		handler  http.HandlerFunc
		reason   string // failure reason, "" for none
		skipped  string // skip reason, "" for none
		requests int    // to /a/1
		maxAlloc uint64 // bytes, 0 for no check
	}{
		{
			name: "redirect loop",
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, "/a/1?again="+r.URL.Query().Get("again")+"x", http.StatusFound)
			},
			reason:   "redirect-loop",
			requests: 10, // the first request and 9 redirects; the 10th redirect is refused
		},
		{
			name: "redirect to another host",
			handler: func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, strings.Replace(other.URL, "127.0.0.1", "localhost", 1)+"/a/1", http.StatusMovedPermanently)
			},
			reason:   "off-site-redirect",
			requests: 1,
		},
		{
			name: "50 MB streamed body",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				chunk := bytes.Repeat([]byte("<p>filler</p>\n"), 4096)
				for sent := 0; sent < 50<<20; sent += len(chunk) {
					if _, err := w.Write(chunk); err != nil {
						return // the client hung up, as it should
					}
				}
			},
			reason:   "too-large",
			requests: 1,
			maxAlloc: 12 << 20,
		},
		{
			name: "Content-Length over the limit",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Length", "52428800")
				_, _ = w.Write([]byte("<html>")) // and then hang up short
			},
			reason:   "too-large",
			requests: 1,
			maxAlloc: 4 << 20,
		},
		{
			name: "gzip bomb",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", "gzip")
				_, _ = w.Write(bomb)
			},
			reason:   "too-large",
			requests: 1,
			maxAlloc: 12 << 20, // inflating it all would take 64 MiB
		},
		{
			name: "broken gzip",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", "gzip")
				b := gzipped(t, articleHTML("1"), 0)
				b[len(b)-5] ^= 0xff // break the CRC
				_, _ = w.Write(b)
			},
			reason:   "bad-gzip",
			requests: 1,
		},
		{
			name: "gzip page",
			handler: func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Accept-Encoding") != "gzip" {
					http.Error(w, "want gzip", http.StatusBadRequest)
					return
				}
				w.Header().Set("Content-Type", "text/html")
				w.Header().Set("Content-Encoding", "gzip")
				_, _ = w.Write(gzipped(t, articleHTML("1"), 0))
			},
			requests: 1,
		},
		{
			name: "PDF at an article URL",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/pdf")
				_, _ = w.Write([]byte("%PDF-1.4\n%âãÏÓ\n1 0 obj\n"))
			},
			skipped:  "not-html",
			requests: 1,
		},
		{
			name: "image without Content-Type",
			handler: func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = nil
				_, _ = w.Write([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
			},
			skipped:  "not-html",
			requests: 1,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("/a/1", tc.handler)
			srv, h := serve(t, mux)
			s := testSite(srv.URL)
			s.StartURLs = []string{srv.URL + "/a/1"}
			s.ObeyRobots = false
			rc := newRecorder()
			var st *Stats
			alloc := allocated(func() { st = crawl(t, s, testOptions(), rc) })
			u := srv.URL + "/a/1"
			f, failed := rc.failure(u)
			switch {
			case tc.reason != "" && (!failed || f.Reason != tc.reason):
				t.Errorf("failure = %q (%v), want %q", f.Reason, f.Err, tc.reason)
			case tc.reason == "" && failed:
				t.Errorf("failed with %q (%v), want none", f.Reason, f.Err)
			case tc.skipped != rc.skip(u):
				t.Errorf("skipped as %q, want %q", rc.skip(u), tc.skipped)
			case tc.reason == "" && tc.skipped == "" && (rc.page(u) == nil || !strings.Contains(string(rc.page(u).Body), "Text of article 1")):
				t.Errorf("article not handed on whole: %+v", rc.page(u))
			}
			if got := h.get("/a/1"); got != tc.requests {
				t.Errorf("server saw %d requests, want %d", got, tc.requests)
			}
			t.Logf("allocated %d KiB", alloc>>10)
			if tc.maxAlloc > 0 && alloc > tc.maxAlloc {
				t.Errorf("the crawl allocated %d MiB, want < %d MiB", alloc>>20, tc.maxAlloc>>20)
			}
			if tc.skipped != "" && st.Skipped()[tc.skipped] != 1 {
				t.Errorf("Stats.Skipped = %v", st.Skipped())
			}
		})
	}
	if n := otherHits.total(); n != 0 {
		t.Errorf("the other host got %d requests, want none", n)
	}
}

// TestCharset checks that Page.Body is UTF-8 whatever the page was
// encoded in and wherever it says so.
func TestCharset(t *testing.T) {
	const persian = "افزایش بودجه پژوهش در سال آینده؛ دانشگاه‌ها سهم بیشتری می‌گیرند"
	page := func(meta string) []byte {
		src := "<!DOCTYPE html><html lang=\"fa\" dir=\"rtl\"><head>" + meta + "<title>خبر</title></head><body><h1>" +
			persian + "</h1><p>" + strings.Repeat(persian+" ", 5) + "</p></body></html>"
		// windows-1256 has no ی (U+06CC) nor ک (U+06A9): like real sites,
		// write them as Arabic ي and ك.
		src = strings.NewReplacer("ی", "ي", "ک", "ك").Replace(src)
		b, err := charmap.Windows1256.NewEncoder().Bytes([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	want := strings.NewReplacer("ی", "ي", "ک", "ك").Replace(persian)
	for _, tc := range []struct {
		name, contentType, meta string
	}{
		{"charset only in meta", "text/html", `<meta charset="windows-1256">`},
		{"charset only in http-equiv", "text/html", `<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">`},
		{"charset in the header", "text/html; charset=windows-1256", ""},
		{"header charset colly does not know", "text/html; charset=x-unknown-thing", `<meta charset="windows-1256">`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := page(tc.meta)
			mux := http.NewServeMux()
			mux.HandleFunc("/a/1", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				_, _ = w.Write(body)
			})
			srv, _ := serve(t, mux)
			s := testSite(srv.URL)
			s.StartURLs = []string{srv.URL + "/a/1"}
			s.ObeyRobots = false
			rc := newRecorder()
			crawl(t, s, testOptions(), rc)
			p := rc.page(srv.URL + "/a/1")
			if p == nil {
				t.Fatalf("no page handed on")
			}
			if !strings.Contains(string(p.Body), want) || p.Charset != "windows-1256" {
				t.Errorf("Body (charset %q) does not contain the Persian headline: %.300q", p.Charset, p.Body)
			}
			if got := p.Header.Get("Content-Type"); got != tc.contentType {
				t.Errorf("Header Content-Type = %q, want %q", got, tc.contentType)
			}
		})
	}
}

package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

// wireSite serves the test site as servers on the wire do: article pages
// in windows-1252, said only in the Content-Type header (with a phrase
// that is not ASCII), gzip when the client asks for it (even article IDs
// only), and chunked when a body is large and not compressed.
func wireSite(s *testsite.Site) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		h := w.Header()
		maps.Copy(h, rec.Header())
		id, isArticle := strings.CutPrefix(r.URL.Path, "/News/")
		id, isArticle = strings.CutSuffix(id, ".html")
		n, _ := strconv.Atoi(id)
		if isArticle && rec.Code == http.StatusOK {
			body = []byte(strings.Replace(string(body), "</p>", " Café – naïve, “quoted”.</p>", 1))
			enc, err := charmap.Windows1252.NewEncoder().Bytes(body)
			if err != nil {
				panic(err)
			}
			body = enc
			h.Set("Content-Type", "text/html; charset=windows-1252")
			if n%2 == 0 && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				var b bytes.Buffer
				zw := gzip.NewWriter(&b)
				zw.Write(body)
				zw.Close()
				body = b.Bytes()
				h.Set("Content-Encoding", "gzip")
			}
		}
		h.Del("Content-Length")
		w.WriteHeader(rec.Code)
		w.Write(body)
	})
}

// TestWgetWARC archives the test site with the real wget (--warc-file:
// WARC/1.0, URIs in angle brackets, responses as sent: chunked, gzip) and
// extracts every article from wget's archive: each record is the one a
// live crawl of the same site writes, field by field, but fetched_at,
// which is the WARC-Date of wget's record.
func TestWgetWARC(t *testing.T) {
	wget, err := exec.LookPath("wget")
	if err != nil {
		t.Skip("wget is not installed (scripts/test.sh installs it): skipping the test of WARCs wget writes")
	}
	site := testsite.New(12)
	srv := httptest.NewServer(wireSite(site))
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))

	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"crawl", "--config", cfg}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("crawl: %v\n%s", err, stderr.String())
	}
	crawled := jsonlFile(t, filepath.Join(dir, "out", "tarnama.jsonl"))
	if len(crawled) != 12 {
		t.Fatalf("the live crawl wrote %d records, want 12", len(crawled))
	}

	for _, tc := range []struct{ name, file string }{
		{"gzip per record", "wget.warc.gz"},
		{"plain", "wget.warc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"-r", "-l", "3", "--no-verbose", "--compression=gzip", "--warc-file=" + filepath.Join(dir, strings.TrimSuffix(strings.TrimSuffix(tc.file, ".gz"), ".warc")),
				"-P", filepath.Join(dir, "mirror-"+tc.file), srv.URL + "/"}
			if !strings.HasSuffix(tc.file, ".gz") {
				args = append([]string{"--no-warc-compression"}, args...)
			}
			before := time.Now().Add(-time.Second).UTC()
			out, err := exec.Command(wget, args...).CombinedOutput()
			after := time.Now().Add(time.Second).UTC()
			// wget exits 8 when some links were 404: the test site has such.
			if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != 8) {
				t.Fatalf("wget: %v\n%s", err, out)
			}
			warc := filepath.Join(dir, tc.file)
			stdout.Reset()
			stderr.Reset()
			err = run(context.Background(), []string{"extract", "--config", cfg, "--warc", warc}, nil, &stdout, &stderr)
			if code := exitCode(err, &stderr); code != exitOK {
				t.Fatalf("extract --warc %s: exit %d: %v\n%s", warc, code, err, stderr.String())
			}
			got := jsonlByID(t, "stdout", &stdout)
			sameFields(t, crawled, got, before, after)
		})
	}
}

// sameFields compares the records of a crawl and of a WARC field by
// field; fetched_at of the WARC's records must lie between before and
// after (when the archiving tool ran).
func sameFields(t *testing.T, crawled, again map[string]string, before, after time.Time) {
	t.Helper()
	for id, line := range crawled {
		gotLine, ok := again[id]
		if !ok {
			t.Errorf("%s: written by the crawl, not extracted from the WARC", id)
			continue
		}
		var want, got map[string]any
		json.Unmarshal([]byte(line), &want)
		json.Unmarshal([]byte(gotLine), &got)
		for k := range want {
			if k == "fetched_at" {
				continue
			}
			w, _ := json.Marshal(want[k])
			g, _ := json.Marshal(got[k])
			if !bytes.Equal(w, g) {
				t.Errorf("%s: %s = %s from the WARC, %s from the crawl", id, k, g, w)
			}
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("%s: field %s from the WARC only", id, k)
			}
		}
		fa, err := time.Parse(time.RFC3339, got["fetched_at"].(string))
		if err != nil || fa.Before(before.Truncate(time.Second)) || fa.After(after) {
			t.Errorf("%s: fetched_at %v, want the WARC-Date, between %v and %v", id, got["fetched_at"], before, after)
		}
	}
	for id := range again {
		if _, ok := crawled[id]; !ok {
			t.Errorf("%s: extracted from the WARC but not written by the crawl", id)
		}
	}
}

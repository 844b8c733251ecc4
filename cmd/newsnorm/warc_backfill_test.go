package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

// wgetRecord is a WARC/1.0 record as wget writes it: the URI in angle
// brackets, sha1 digests in base32.
func wgetRecord(typ, uri, block string, i int) []byte {
	sum := func(s string) string {
		h := sha1.Sum([]byte(s))
		return "sha1:" + base32.StdEncoding.EncodeToString(h[:])
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\n", typ, i)
	fmt.Fprintf(&b, "WARC-Target-URI: <%s>\r\nWARC-Date: 2016-12-28T06:%02d:%02dZ\r\n", uri, i/60%60, i%60)
	fmt.Fprintf(&b, "WARC-Block-Digest: %s\r\nContent-Type: application/http;msgtype=%s\r\n", sum(block), typ)
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s\r\n\r\n", len(block), block)
	return b.Bytes()
}

func gzipped(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// writeWARCs archives the test site's articles, per to a file, in files
// files: a third plain, a third gzip per record, a third one gzip stream.
func writeWARCs(t *testing.T, site *testsite.Site, base, dir string, files, per int) []string {
	t.Helper()
	ids := site.IDs()
	var paths []string
	for f := range files {
		var recs [][]byte
		for _, id := range ids[f*per : (f+1)*per] {
			u := base + "/News/" + id + ".html"
			rec := httptest.NewRecorder()
			site.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
			head := "HTTP/1.1 200 OK\r\nContent-Type: " + rec.Header().Get("Content-Type") + fmt.Sprintf("\r\nContent-Length: %d\r\n\r\n", rec.Body.Len())
			n := len(recs)
			recs = append(recs,
				wgetRecord("request", u, "GET /News/"+id+".html HTTP/1.1\r\nHost: news.example\r\n\r\n", f*1000+n),
				wgetRecord("response", u, head+rec.Body.String(), f*1000+n+1))
		}
		var data []byte
		name := fmt.Sprintf("crawl-%03d.warc.gz", f)
		switch f % 3 {
		case 0:
			name = strings.TrimSuffix(name, ".gz")
			data = bytes.Join(recs, nil)
		case 1:
			for _, r := range recs {
				data = append(data, gzipped(r)...)
			}
		case 2:
			data = gzipped(bytes.Join(recs, nil))
		}
		paths = append(paths, writeFile(t, filepath.Join(dir, "warc", name), string(data)))
	}
	return paths
}

func countLines(path string) int {
	data, _ := os.ReadFile(path)
	return bytes.Count(data, []byte("\n"))
}

// TestBackfillFromWARCInterruptedAndResumed backfills from 100 WARC files
// (their names on stdin), stops it twice halfway (SIGINT, then SIGKILL)
// and resumes it with the same command: every article is in the output
// exactly once, and the resumed run passes over the files read before and
// opens the one it was reading where the last run stopped.
func TestBackfillFromWARCInterruptedAndResumed(t *testing.T) {
	const files, per = 100, 10
	const total = files * per
	site := testsite.New(total)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "warc"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig("http://news.example", dir)+"fsync_every: 5\n")
	list := writeFile(t, filepath.Join(dir, "list.txt"), strings.Join(writeWARCs(t, site, "http://news.example", dir, files, per), "\n")+"\n")
	out := filepath.Join(dir, "out", "tarnama.jsonl")
	backfill := func(extra ...string) *exec.Cmd {
		cmd := cli(t, append([]string{"backfill", "--config", cfg, "--no-progress", "--from-warc", "-"}, extra...)...)
		in, err := os.Open(list)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { in.Close() })
		cmd.Stdin = in
		return cmd
	}

	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		target := countLines(out) + total/4
		cmd := backfill()
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(60 * time.Second)
		for countLines(out) < target && time.Now().Before(deadline) {
			time.Sleep(2 * time.Millisecond)
		}
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		if sig == syscall.SIGINT && exitCodeOfProcess(err) != exitInterrupted {
			t.Fatalf("backfill after SIGINT: %v, want exit %d\n%s", err, exitInterrupted, stderr.String())
		}
	}
	before := countLines(out)
	if before >= total {
		t.Fatalf("the interruptions came too late: %d of %d written", before, total)
	}

	summary := filepath.Join(dir, "summary.json")
	cmd := backfill("--summary-json", summary)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("resumed backfill: %v\n%s", err, stderr.String())
	}
	checkExactlyOnce(t, dir, site.IDs())
	var s struct {
		Pages      int              `json:"pages_fetched"`
		Written    int              `json:"written"`
		Duplicates int              `json:"duplicates"`
		Skipped    map[string]int64 `json:"skipped_by_reason"`
	}
	data, err := os.ReadFile(summary)
	if err == nil {
		err = json.Unmarshal(data, &s)
	}
	if err != nil {
		t.Fatal(err)
	}
	// Files read to their end before are passed over; the file being read
	// is opened where the progress file says; at most the batch that was
	// not durable at the SIGKILL is read again (and found done).
	if s.Skipped["warc-file-done"] == 0 {
		t.Errorf("resumed run passed over no finished file: %+v", s)
	}
	if slack := 2 * per; s.Pages > total-before+slack || s.Duplicates > slack {
		t.Errorf("resumed run read %d responses (%d duplicates) with %d of %d written before: it did not resume where it stopped", s.Pages, s.Duplicates, before, total)
	}
	if s.Written+before < total {
		t.Errorf("resumed run wrote %d, %d before: fewer than %d", s.Written, before, total)
	}

	// A third run has nothing to do.
	cmd = backfill("--summary-json", summary)
	if err := cmd.Run(); err != nil {
		t.Fatalf("third backfill: %v", err)
	}
	data, _ = os.ReadFile(summary)
	json.Unmarshal(data, &s)
	if s.Pages != 0 || s.Skipped["warc-file-done"] != files {
		t.Errorf("third run read %d responses, passed over %d files; want 0 and %d", s.Pages, s.Skipped["warc-file-done"], files)
	}
	checkExactlyOnce(t, dir, site.IDs())
}

// TestBackfillFromWARCFailures: a missing file in the list and a damaged
// file are failures (exit 1), the rest is written.
func TestBackfillFromWARCFailures(t *testing.T) {
	site := testsite.New(6)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "warc"), 0o755)
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig("http://news.example", dir))
	paths := writeWARCs(t, site, "http://news.example", dir, 3, 2)
	data, _ := os.ReadFile(paths[1])
	writeFile(t, paths[1], string(data[:len(data)-50])) // torn tail: the second article of file 1
	list := writeFile(t, filepath.Join(dir, "list.txt"), paths[0]+"\n# a comment\n\n"+filepath.Join(dir, "missing.warc")+"\n"+paths[1]+"\n"+paths[2]+"\n")
	var stdout, stderr bytes.Buffer
	f, _ := os.Open(list)
	defer f.Close()
	err := run(t.Context(), []string{"backfill", "--config", cfg, "--no-progress", "--from-warc", "-"}, f, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitPartial || !errors.Is(err, errPartial) {
		t.Fatalf("exit %d, %v; want %d (failures)\n%s", code, err, exitPartial, stderr.String())
	}
	for _, want := range []string{"missing.warc", paths[1]} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("log does not name %s\n%s", want, stderr.String())
		}
	}
	ids := site.IDs()
	checkExactlyOnce(t, dir, []string{ids[0], ids[1], ids[2], ids[4], ids[5]})
}

// TestWARCSelectAndList: --site keeps the named site's articles, without
// it every configured site's are taken; "-" reads the file names from
// stdin, for extract --warc as for backfill --from-warc.
func TestWARCSelectAndList(t *testing.T) {
	site := testsite.New(4)
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "warc"), 0o755)
	a := writeWARCs(t, site, "http://news.example", dir, 1, 4)[0]
	os.Rename(a, filepath.Join(dir, "a.warc"))
	b := writeWARCs(t, site, "http://other.example", dir, 1, 4)[0]
	list := filepath.Join(dir, "a.warc") + "\n" + b + "\n"
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig("http://news.example", dir)+`
  - name: other
    start_urls: ["http://other.example/"]
    article: '^http://other\.example/News/(?P<id>\d+)\.html$'
    fields:
      id: {labels: ["News ID:"], pattern: '^(\d+)'}
      published: {labels: ["Published:"]}
`)
	sites := func(out string) map[string]int {
		n := map[string]int{}
		for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
			var r struct{ Site string }
			if json.Unmarshal([]byte(line), &r) == nil {
				n[r.Site]++
			}
		}
		return n
	}
	for _, tc := range []struct {
		name string
		args []string
		want map[string]int
		code int
	}{
		{"every site", []string{"extract", "--warc", "-"}, map[string]int{"tarnama": 4, "other": 4}, exitOK},
		{"--site", []string{"extract", "--warc", "--site", "other", "-"}, map[string]int{"other": 4}, exitOK},
		{"--site twice", []string{"extract", "--warc", "--site", "other", "--site", "tarnama", "-"}, map[string]int{"tarnama": 4, "other": 4}, exitOK},
		{"unknown site", []string{"extract", "--warc", "--site", "nope", "-"}, map[string]int{}, exitUsage},
		{"--site and --all", []string{"extract", "--warc", "--site", "other", "--all", "-"}, map[string]int{}, exitUsage},
		{"- with files", []string{"extract", "--warc", "-", b}, map[string]int{}, exitUsage},
		{"backfill --site", []string{"backfill", "--no-progress", "--out", "-", "--from-warc", "--site", "tarnama", "-"}, map[string]int{"tarnama": 4}, exitOK},
		{"--site without --from-warc", []string{"backfill", "--site", "tarnama", "-"}, map[string]int{}, exitUsage},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove(filepath.Join(dir, "state.db"))
			os.Remove(filepath.Join(dir, "state.db.warc-progress.json"))
			var stdout, stderr bytes.Buffer
			err := run(t.Context(), append(tc.args, "--config", cfg), strings.NewReader(list), &stdout, &stderr)
			if code := exitCode(err, &stderr); code != tc.code {
				t.Fatalf("exit %d (%v), want %d\n%s", code, err, tc.code, stderr.String())
			}
			if got := sites(stdout.String()); fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("records by site %v, want %v", got, tc.want)
			}
		})
	}
}

package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nlnwa/gowarc/v3"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

// jsonlByID reads a JSONL file (or text) into its lines keyed by id,
// failing on a repeated id.
func jsonlByID(t *testing.T, name string, r io.Reader) map[string]string {
	t.Helper()
	out := map[string]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("%s: not a JSON line: %v", name, err)
		}
		validateRecord(t, rec)
		id := rec["site"].(string) + "/" + rec["id"].(string)
		if _, dup := out[id]; dup {
			t.Errorf("%s: %s twice", name, id)
		}
		out[id] = sc.Text()
	}
	return out
}

func jsonlFile(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return jsonlByID(t, path, f)
}

// sameRecords checks that two runs gave the same records, byte for byte.
func sameRecords(t *testing.T, crawled, again map[string]string) {
	t.Helper()
	if len(crawled) == 0 {
		t.Fatal("the crawl wrote no records")
	}
	for id, line := range crawled {
		switch got, ok := again[id]; {
		case !ok:
			t.Errorf("%s: in the crawl's output, not re-extracted from the WARC", id)
		case got != line:
			t.Errorf("%s: re-extracted record differs\n crawl: %s\n  warc: %s", id, line, got)
		}
	}
	for id := range again {
		if _, ok := crawled[id]; !ok {
			t.Errorf("%s: re-extracted from the WARC but not in the crawl's output", id)
		}
	}
}

func sha1Digest(b []byte) string {
	sum := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

// checkWARC reads a WARC file with gowarc, strictly, and checks the record
// sequence, the links and the digests; it returns the responses' target
// URIs and statuses.
func checkWARC(t *testing.T, path string) map[string]int {
	t.Helper()
	r, err := gowarc.NewWarcFileReader(path, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	responses := map[string]int{}
	var infoID string
	var prev gowarc.WarcRecord
	n := 0
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatalf("%s: strict read at byte %d: %v", path, rec.Offset, err)
		}
		wr := rec.WarcRecord
		h := wr.WarcHeader()
		block, err := wr.Block().RawBytes()
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(block)
		if got, want := h.Get(gowarc.WarcBlockDigest), sha1Digest(raw); got != want {
			t.Errorf("record %d: WARC-Block-Digest %s, recomputed %s", n, got, want)
		}
		switch {
		case n == 0:
			if wr.Type() != gowarc.Warcinfo {
				t.Fatalf("first record is %s, want warcinfo", wr.Type())
			}
			infoID = wr.RecordId()
		case n%2 == 1:
			if wr.Type() != gowarc.Request {
				t.Fatalf("record %d is %s, want request", n, wr.Type())
			}
		default:
			if wr.Type() != gowarc.Response {
				t.Fatalf("record %d is %s, want response", n, wr.Type())
			}
			if h.GetId(gowarc.WarcConcurrentTo) != prev.RecordId() || prev.WarcHeader().GetId(gowarc.WarcConcurrentTo) != wr.RecordId() {
				t.Errorf("record %d: request and response not linked both ways by WARC-Concurrent-To", n)
			}
			if h.Get(gowarc.WarcTargetURI) != prev.WarcHeader().Get(gowarc.WarcTargetURI) || h.Get(gowarc.WarcDate) != prev.WarcHeader().Get(gowarc.WarcDate) {
				t.Errorf("record %d: request and response differ in target or date", n)
			}
			_, payload, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
			if got, want := h.Get(gowarc.WarcPayloadDigest), sha1Digest(payload); got != want {
				t.Errorf("record %d: WARC-Payload-Digest %s, recomputed from the payload %s", n, got, want)
			}
			hb := wr.Block().(gowarc.HttpResponseBlock)
			if cl := hb.HttpHeader().Get("Content-Length"); cl != fmt.Sprint(len(payload)) {
				t.Errorf("record %d: HTTP Content-Length %s, payload is %d bytes", n, cl, len(payload))
			}
			responses[h.Get(gowarc.WarcTargetURI)] = hb.HttpStatusCode()
		}
		if n > 0 {
			for _, f := range []string{gowarc.WarcRecordID, gowarc.WarcDate, gowarc.WarcTargetURI, gowarc.WarcPayloadDigest, gowarc.WarcBlockDigest} {
				if !h.Has(f) {
					t.Errorf("record %d (%s) lacks %s", n, wr.Type(), f)
				}
			}
			if h.GetId(gowarc.WarcWarcinfoID) != infoID {
				t.Errorf("record %d: WARC-Warcinfo-ID is not the warcinfo's", n)
			}
		}
		prev = wr
		n++
	}
	if n < 3 || n%2 != 1 {
		t.Errorf("%s holds %d records, want a warcinfo and request/response pairs", path, n)
	}
	return responses
}

// TestWARCCrawlThenExtract crawls the test site with the archive on, then
// extracts from the archive alone: every record is the crawl's, byte for
// byte (fetched_at included), and the archive is valid WARC.
func TestWARCCrawlThenExtract(t *testing.T) {
	site := testsite.New(20)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir)+"warc: "+dir+"/out/{site}-{date}.warc.gz\n")

	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"crawl", "--config", cfg}, nil, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitOK {
		t.Fatalf("crawl exit %d: %v\n%s", code, err, stderr.String())
	}
	warcs, _ := filepath.Glob(filepath.Join(dir, "out", "tarnama-*.warc.gz"))
	if len(warcs) != 1 {
		t.Fatalf("archive files %v, want one", warcs)
	}
	responses := checkWARC(t, warcs[0])
	for _, id := range site.IDs() {
		if st := responses[srv.URL+"/News/"+id+".html"]; st != 200 {
			t.Errorf("article %s: archived status %d, want a 200 response", id, st)
		}
	}
	paths := map[string]bool{}
	for u := range responses {
		if pu, err := url.Parse(u); err == nil {
			paths[pu.Path] = true
		}
	}
	for _, p := range []string{"/", "/News/Feed", "/News/Archive", "/Service/1.html", "/Service/2.html", "/Service/3.html"} {
		if !paths[p] && (site.Requests(p) > 0 || p == "/" || p == "/News/Feed") {
			t.Errorf("%s was fetched but is not in the archive", p)
		}
	}
	crawled := jsonlFile(t, filepath.Join(dir, "out", "tarnama.jsonl"))

	// Re-extract with the server gone: no network.
	srv.Close()
	stdout.Reset()
	stderr.Reset()
	err = run(context.Background(), []string{"extract", "--config", cfg, "--warc", warcs[0]}, nil, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitOK {
		t.Fatalf("extract --warc exit %d: %v\n%s", code, err, stderr.String())
	}
	sameRecords(t, crawled, jsonlByID(t, "stdout", &stdout))

	// The same archive twice, to a file: deduplicated by (site, id).
	out := filepath.Join(dir, "again", "{site}.jsonl")
	err = run(context.Background(), []string{"extract", "--config", cfg, "--warc", "--out", out, warcs[0], warcs[0]}, nil, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitOK {
		t.Fatalf("extract --warc --out exit %d: %v", code, err)
	}
	sameRecords(t, crawled, jsonlFile(t, filepath.Join(dir, "again", "tarnama.jsonl")))
}

// TestWARCBackfillThenExtractAll archives a backfill of URLs no site owns
// (--warc flag, generic extraction) and re-extracts them with --all.
func TestWARCBackfillThenExtractAll(t *testing.T) {
	site := testsite.New(6)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), fmt.Sprintf(`
state: %[1]s/state.db
output: %[1]s/out/{site}.jsonl
rejects: %[1]s/out/rejects.jsonl
failures: %[1]s/out/failures.jsonl
allow_private_networks: true
retries: 0
delay: 0s
parallelism: 4
min_body_chars: 100
`, dir))
	var list strings.Builder
	for _, id := range site.IDs() {
		fmt.Fprintf(&list, "%s/News/%s.html\n", srv.URL, id)
	}
	urls := writeFile(t, filepath.Join(dir, "urls.txt"), list.String())
	warc := filepath.Join(dir, "raw", "{site}.warc")

	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"backfill", "--config", cfg, "--no-progress", "--warc", warc, urls}, nil, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitOK {
		t.Fatalf("backfill exit %d: %v\n%s", code, err, stderr.String())
	}
	u, _ := url.Parse(srv.URL)
	host := u.Hostname()
	archived := filepath.Join(dir, "raw", host+".warc")
	checkWARC(t, archived)
	crawled := jsonlFile(t, filepath.Join(dir, "out", host+".jsonl"))
	if len(crawled) != 6 {
		t.Fatalf("backfill wrote %d records, want 6", len(crawled))
	}

	// Without --all, no configured site claims these URLs.
	stdout.Reset()
	if err := run(context.Background(), []string{"extract", "--config", cfg, "--warc", archived}, nil, &stdout, &stderr); err != nil || stdout.Len() != 0 {
		t.Errorf("extract --warc without --all: %v, output %q; want nothing", err, stdout.String())
	}
	stdout.Reset()
	err = run(context.Background(), []string{"extract", "--config", cfg, "--warc", "--all", archived}, nil, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitOK {
		t.Fatalf("extract --warc --all exit %d: %v", code, err)
	}
	sameRecords(t, crawled, jsonlByID(t, "stdout", &stdout))
}

// TestWARCUnwritableStopsTheRun: an archive that cannot be written is a
// fatal run error naming the file, and no record is written without its
// archived response.
func TestWARCUnwritableStopsTheRun(t *testing.T) {
	site := testsite.New(5)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
	blocker := writeFile(t, filepath.Join(dir, "not-a-dir"), "")
	warc := filepath.Join(blocker, "{site}.warc.gz")

	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"crawl", "--config", cfg, "--warc", warc}, nil, &stdout, &stderr)
	want := filepath.Join(blocker, "tarnama.warc.gz")
	if code := exitCode(err, &stderr); code != exitFailed || !strings.Contains(err.Error(), want) {
		t.Fatalf("crawl with an unwritable archive: exit %d, %v; want %d and an error naming %s", code, err, exitFailed, want)
	}
	if recs, _ := filepath.Glob(filepath.Join(dir, "out", "tarnama*.jsonl")); len(recs) > 0 {
		for _, f := range recs {
			if st, _ := os.Stat(f); st.Size() > 0 {
				t.Errorf("%s has records although their responses were not archived", f)
			}
		}
	}
}

func TestExtractWARCErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.warc.gz")
	// A valid archive made by a crawl, to be damaged.
	site := testsite.New(2)
	srv := site.Start()
	cfg := writeFile(t, filepath.Join(dir, "crawl.yaml"), siteConfig(srv.URL, dir))
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"crawl", "--config", cfg, "--warc", good}, nil, &out, &errb); err != nil {
		t.Fatalf("crawl: %v\n%s", err, errb.String())
	}
	srv.Close()
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	truncated := writeFile(t, filepath.Join(dir, "truncated.warc.gz"), string(data[:len(data)*2/3]))
	garbage := writeFile(t, filepath.Join(dir, "garbage.warc.gz"), "<html>not a WARC</html>\n")
	missing := filepath.Join(dir, "missing.warc.gz")
	badConfig := writeFile(t, filepath.Join(dir, "bad.yaml"), "warc: '-'\n")

	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"missing", []string{"extract", "--warc", good, missing}, exitUsage, missing},
		{"no files", []string{"extract", "--warc"}, exitUsage, "WARC files"},
		{"with --url", []string{"extract", "--warc", "--url", "http://x/", good}, exitUsage, "--url"},
		{"--all alone", []string{"extract", "--all", "--url", "http://x/", good}, exitUsage, "--all"},
		{"truncated", []string{"extract", "--warc", truncated}, exitFailed, truncated},
		{"garbage", []string{"extract", "--warc", garbage}, exitFailed, garbage},
		{"corrupt then good", []string{"extract", "--warc", "--all", garbage, good}, exitFailed, garbage},
		{"config warc stdout", []string{"validate", "--config", badConfig}, exitUsage, "warc"},
		{"bad --warc", []string{"crawl", "--config", cfg, "--warc", "x-{nope}.warc"}, exitUsage, "{nope}"},
		{"--warc stdout", []string{"backfill", "--config", cfg, "--warc", "-", "-"}, exitUsage, "--warc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := run(context.Background(), tc.args, nil, &out, &errb)
			if code := exitCode(err, &errb); code != tc.code || err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("exit %d, error %v; want exit %d and an error naming %q", code, err, tc.code, tc.msg)
			}
			if tc.name == "corrupt then good" && out.Len() == 0 {
				t.Errorf("the good file after the corrupt one was not read")
			}
		})
	}
}

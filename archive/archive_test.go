package archive

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

func exchange(i int) *Exchange {
	return &Exchange{
		URL:           fmt.Sprintf("http://news.example/a/%d.html", i),
		RequestHeader: http.Header{"User-Agent": {"newsnorm-test/1.0"}, "Accept": {"*/*"}},
		Status:        200,
		Header: http.Header{
			"Content-Type": {"text/html; charset=utf-8"},
			"Set-Cookie":   {"a=1", "b=2"},
		},
		Body:      []byte(fmt.Sprintf("<html><h1>Article %d</h1>\r\n\r\n<p>body</p></html>", i)),
		FetchedAt: time.Date(2024, 5, 6, 7, 8, 9, 123456789+i, time.UTC),
	}
}

func sha1Base32(b []byte) string {
	sum := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(sum[:])
}

func writeAll(t *testing.T, path string, xs ...*Exchange) {
	t.Helper()
	w := NewWriter(func(string) string { return path }, Options{Software: "newsnorm-test", UserAgent: "newsnorm-test/1.0"})
	for _, x := range xs {
		if _, err := w.Write("site", x); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func readAll(t *testing.T, path string) []*Response {
	t.Helper()
	r, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []*Response
	for {
		res, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		body, err := res.Body(1 << 20)
		if err != nil {
			t.Fatalf("Body: %v", err)
		}
		res.Header.Set("X-Test-Body", string(body)) // keep it past Next
		out = append(out, res)
	}
}

func TestRoundTrip(t *testing.T) {
	gzipped := exchange(2)
	gzipped.Header.Set("Content-Encoding", "gzip")
	gzipped.Header.Set("Content-Length", "17")
	redirected := exchange(3)
	redirected.FinalURL = "https://news.example/a/3.html?x=1"
	notFound := exchange(4)
	notFound.Status = 404
	notFound.Body = nil
	binary := exchange(5)
	binary.Body = []byte{0, 1, 2, 0xff, '\r', '\n', '\r', '\n'}
	binary.Header.Set("Content-Type", "application/octet-stream")
	xs := []*Exchange{exchange(1), gzipped, redirected, notFound, binary}

	for _, name := range []string{"a.warc.gz", "a.warc"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "sub", name)
			writeAll(t, path, xs...)
			got := readAll(t, path)
			if len(got) != len(xs) {
				t.Fatalf("read %d responses, want %d", len(got), len(xs))
			}
			for i, x := range xs {
				r := got[i]
				if r.TargetURI != x.target() || r.RequestedURI != x.URL {
					t.Errorf("response %d: target %q requested %q, want %q and %q", i, r.TargetURI, r.RequestedURI, x.target(), x.URL)
				}
				if !r.Date.Equal(x.FetchedAt) {
					t.Errorf("response %d: Date = %v, want %v (to the nanosecond)", i, r.Date, x.FetchedAt)
				}
				if r.Status != x.Status {
					t.Errorf("response %d: Status = %d, want %d", i, r.Status, x.Status)
				}
				if body := r.Header.Get("X-Test-Body"); body != string(x.Body) {
					t.Errorf("response %d: body = %q, want %q", i, body, x.Body)
				}
				if ct := r.Header.Get("Content-Type"); ct != x.Header.Get("Content-Type") {
					t.Errorf("response %d: Content-Type = %q, want %q", i, ct, x.Header.Get("Content-Type"))
				}
				if got := r.Header.Values("Set-Cookie"); strings.Join(got, ",") != "a=1,b=2" {
					t.Errorf("response %d: Set-Cookie = %q, want both values in order", i, got)
				}
				if ce := r.Header.Get("Content-Encoding"); ce != "" {
					t.Errorf("response %d: Content-Encoding %q kept for a decoded body", i, ce)
				}
				if cl := r.Header.Get("Content-Length"); cl != fmt.Sprint(len(x.Body)) {
					t.Errorf("response %d: Content-Length = %q, want %d", i, cl, len(x.Body))
				}
			}
		})
	}
}

// TestValidWARC reads the file with gowarc alone, strictly, and checks the
// record sequence, the links and the digests recomputed here.
func TestValidWARC(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.warc.gz")
	xs := []*Exchange{exchange(1), exchange(2), exchange(3)}
	writeAll(t, path, xs...)

	r, err := gowarc.NewWarcFileReader(path, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var types []string
	var infoID string
	ids := map[string]gowarc.WarcRecord{}
	var order []string
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatalf("strict read: %v", err)
		}
		if len(rec.Validation) > 0 {
			t.Errorf("record at %d: validation findings %v", rec.Offset, rec.Validation)
		}
		wr := rec.WarcRecord
		h := wr.WarcHeader()
		types = append(types, wr.Type().String())
		if wr.Version() != gowarc.V1_1 {
			t.Errorf("record version %v, want WARC/1.1", wr.Version())
		}
		for _, f := range []string{gowarc.WarcRecordID, gowarc.WarcDate, gowarc.WarcBlockDigest, gowarc.ContentLength, gowarc.ContentType} {
			if !h.Has(f) {
				t.Errorf("%s record lacks %s", wr.Type(), f)
			}
		}
		block, err := io.ReadAll(must(wr.Block().RawBytes()))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := h.Get(gowarc.WarcBlockDigest), sha1Base32(block); got != want {
			t.Errorf("%s block digest %s, recomputed %s", wr.Type(), got, want)
		}
		if wr.Type() == gowarc.Warcinfo {
			infoID = wr.RecordId()
			if !strings.Contains(string(block), "format: WARC File Format 1.1") {
				t.Errorf("warcinfo block lacks the format field:\n%s", block)
			}
			continue
		}
		if got := h.GetId(gowarc.WarcWarcinfoID); got != infoID || infoID == "" {
			t.Errorf("%s WARC-Warcinfo-ID = %q, want the warcinfo %q", wr.Type(), got, infoID)
		}
		for _, f := range []string{gowarc.WarcTargetURI, gowarc.WarcPayloadDigest, gowarc.WarcConcurrentTo} {
			if !h.Has(f) {
				t.Errorf("%s record lacks %s", wr.Type(), f)
			}
		}
		_, payload, _ := bytes.Cut(block, []byte("\r\n\r\n"))
		if got, want := h.Get(gowarc.WarcPayloadDigest), sha1Base32(payload); got != want {
			t.Errorf("%s payload digest %s, recomputed %s", wr.Type(), got, want)
		}
		id := wr.RecordId()
		ids[id] = wr
		order = append(order, id)
	}
	want := "warcinfo,request,response,request,response,request,response"
	if got := strings.Join(types, ","); got != want {
		t.Fatalf("record types %s, want %s", got, want)
	}
	for i := 0; i < len(order); i += 2 {
		req, res := ids[order[i]], ids[order[i+1]]
		if req.WarcHeader().GetId(gowarc.WarcConcurrentTo) != res.RecordId() || res.WarcHeader().GetId(gowarc.WarcConcurrentTo) != req.RecordId() {
			t.Errorf("exchange %d: request and response are not linked both ways with WARC-Concurrent-To", i/2)
		}
		x := xs[i/2]
		for _, wr := range []gowarc.WarcRecord{req, res} {
			if got := wr.WarcHeader().Get(gowarc.WarcTargetURI); got != x.URL {
				t.Errorf("%s WARC-Target-URI = %q, want %q", wr.Type(), got, x.URL)
			}
			if d, _ := wr.Date(); !d.Equal(x.FetchedAt) {
				t.Errorf("%s WARC-Date = %v, want %v", wr.Type(), d, x.FetchedAt)
			}
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestConcurrentWrites(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(func(site string) string { return filepath.Join(dir, site+".warc.gz") }, Options{})
	const goroutines, each = 8, 10
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range each {
				site := []string{"one", "two"}[i%2]
				if _, err := w.Write(site, exchange(g*1000+i)); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := w.Sync(); err != nil {
		t.Fatal(err)
	}
	if got := w.Files(); len(got) != 2 {
		t.Errorf("Files() = %v, want two files", got)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, site := range []string{"one", "two"} {
		n += len(readAll(t, filepath.Join(dir, site+".warc.gz")))
	}
	if n != goroutines*each {
		t.Errorf("read back %d responses, want %d", n, goroutines*each)
	}
	if _, err := w.Write("one", exchange(1)); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close = %v, want ErrClosed", err)
	}
}

func TestAppendAcrossRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.warc.gz")
	writeAll(t, path, exchange(1))
	writeAll(t, path, exchange(2), exchange(3))
	if got := len(readAll(t, path)); got != 3 {
		t.Fatalf("after two runs the file holds %d responses, want 3", got)
	}
	r := must(gowarc.NewWarcFileReader(path, 0, gowarc.WithStrictValidation()))
	defer r.Close()
	infos := 0
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatal(err)
		}
		if rec.WarcRecord.Type() == gowarc.Warcinfo {
			infos++
		}
		rec.Close()
	}
	if infos != 2 {
		t.Errorf("%d warcinfo records, want one per opening (2)", infos)
	}
}

func TestUnwritable(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(blocker, "x.warc.gz")
	w := NewWriter(func(string) string { return path }, Options{})
	defer w.Close()
	for range 2 {
		_, err := w.Write("site", exchange(1))
		if err == nil || !strings.Contains(err.Error(), path) {
			t.Errorf("Write to %s = %v, want an error naming the file", path, err)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.warc.gz")
	writeAll(t, path, exchange(1))
	r := must(Open(path))
	defer r.Close()
	res := must(r.Next())
	if _, err := res.Body(5); !errors.Is(err, ErrTooLarge) {
		t.Errorf("Body(5) = %v, want ErrTooLarge", err)
	}
	if b, err := res.Body(1 << 10); err != nil || !bytes.HasPrefix(b, []byte("<html>")) {
		t.Errorf("Body after a too-large read = %q, %v; want the whole body", b, err)
	}
}

// TestForeignEncodedBody reads a response stored as it came over the wire
// (chunked and gzip), as other WARC tools store it.
func TestForeignEncodedBody(t *testing.T) {
	html := "<html><h1>Über</h1></html>"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(html))
	zw.Close()
	var chunked bytes.Buffer
	cw := httputil.NewChunkedWriter(&chunked)
	cw.Write(gz.Bytes()[:10])
	cw.Write(gz.Bytes()[10:])
	cw.Close()
	chunked.WriteString("\r\n")
	msg := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked.String()

	for _, tc := range []struct {
		name, msg, want string
		err             error
	}{
		{"chunked-gzip", msg, html, nil},
		{"brotli", strings.Replace(msg, "Content-Encoding: gzip", "Content-Encoding: br", 1), "", ErrEncoding},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := gowarc.NewRecordBuilder(gowarc.Response, recordOptions...)
			b.AddWarcHeader(gowarc.WarcTargetURI, "http://other.example/")
			b.AddWarcHeader(gowarc.WarcDate, "2020-01-02T03:04:05Z")
			b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
			b.WriteString(tc.msg)
			rec, _, err := b.Build()
			if err != nil {
				t.Fatal(err)
			}
			data := must(marshal(rec, false))
			path := filepath.Join(t.TempDir(), "other.warc")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			r := must(Open(path))
			defer r.Close()
			res := must(r.Next())
			body, err := res.Body(1 << 20)
			if tc.err != nil {
				if !errors.Is(err, tc.err) {
					t.Errorf("Body() error = %v, want %v", err, tc.err)
				}
				return
			}
			if err != nil || string(body) != tc.want {
				t.Errorf("Body() = %q, %v; want %q", body, err, tc.want)
			}
		})
	}
}

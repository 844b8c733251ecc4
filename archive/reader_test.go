package archive

import (
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http/httputil"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// A record built by hand, as other tools write them.
type handRecord struct {
	version string // "1.0" or "1.1" ("" = 1.1)
	typ     string
	uri     string // written as given (wget: "<http://...>")
	fields  []string
	block   string
	// digests: write WARC-Block-Digest and WARC-Payload-Digest; badDigest
	// writes a wrong block digest.
	digests, badDigest bool
	// length, when not 0, is the Content-Length written instead of the
	// block's.
	length int
}

func b32sha1(b []byte) string {
	s := sha1.Sum(b)
	return "sha1:" + base32.StdEncoding.EncodeToString(s[:])
}

func (h handRecord) bytes() []byte {
	v := h.version
	if v == "" {
		v = "1.1"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "WARC/%s\r\nWARC-Type: %s\r\n", v, h.typ)
	if h.uri != "" {
		fmt.Fprintf(&b, "WARC-Target-URI: %s\r\n", h.uri)
	}
	fmt.Fprintf(&b, "WARC-Date: 2016-12-28T06:12:00Z\r\nWARC-Record-ID: <urn:uuid:%x>\r\n", sha1.Sum([]byte(h.uri+h.typ+h.block)))
	if h.typ == "response" || h.typ == "revisit" {
		b.WriteString("Content-Type: application/http;msgtype=response\r\n")
	}
	for _, f := range h.fields {
		b.WriteString(f + "\r\n")
	}
	if h.digests || h.badDigest {
		block := []byte(h.block)
		if h.badDigest {
			block = append(block, 'x')
		}
		fmt.Fprintf(&b, "WARC-Block-Digest: %s\r\n", b32sha1(block))
		if _, payload, ok := strings.Cut(h.block, "\r\n\r\n"); ok {
			fmt.Fprintf(&b, "WARC-Payload-Digest: %s\r\n", b32sha1([]byte(payload)))
		}
	}
	n := len(h.block)
	if h.length != 0 {
		n = h.length
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s\r\n\r\n", n, h.block)
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// layouts of a file of records: plain, one gzip member per record, one
// gzip stream for the whole file.
func layouts(recs ...[]byte) map[string][]byte {
	var perRecord []byte
	for _, r := range recs {
		perRecord = append(perRecord, gz(r)...)
	}
	plain := bytes.Join(recs, nil)
	return map[string][]byte{"plain": plain, "per-record-gzip": perRecord, "whole-file-gzip": gz(plain)}
}

func html(i int) string {
	return fmt.Sprintf("<html><head><title>A %d</title></head><body><h1>Article %d</h1><p>Body of %d.</p></body></html>", i, i, i)
}

func httpResponse(headers, body string) string {
	return "HTTP/1.1 200 OK\r\n" + headers + "\r\n" + body
}

func responseRec(i int) handRecord {
	return handRecord{typ: "response", uri: fmt.Sprintf("http://news.example/a/%d.html", i), digests: true,
		block: httpResponse("Content-Type: text/html; charset=utf-8\r\n", html(i))}
}

// readFile reads every response of a file and the skips, by reason.
func readFile(t *testing.T, path string, at Position) (urls []string, bodies []string, skips []Skip, next []Position) {
	t.Helper()
	r, err := OpenAt(path, at, ReadOptions{OnSkip: func(s Skip) { skips = append(skips, s) }})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for {
		res, err := r.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: Next: %v", path, err)
		}
		body, err := res.Body(1 << 20)
		if err != nil {
			t.Fatalf("%s: %s: Body: %v", path, res.TargetURI, err)
		}
		urls = append(urls, res.TargetURI)
		bodies = append(bodies, string(body))
		next = append(next, res.Next)
	}
}

func reasons(skips []Skip) []string {
	var out []string
	for _, s := range skips {
		out = append(out, s.Reason)
	}
	return out
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReadOtherTools reads hand-built records of the kinds other tools
// write, in every file layout.
func TestReadOtherTools(t *testing.T) {
	gzBody := string(gz([]byte(html(3))))
	var chunked bytes.Buffer
	cw := httputil.NewChunkedWriter(&chunked)
	cw.Write([]byte(html(2)[:20]))
	cw.Write([]byte(html(2)[20:]))
	cw.Close()
	chunked.WriteString("\r\n")
	recs := [][]byte{
		handRecord{version: "1.0", typ: "warcinfo", block: "software: Wget/1.21.3\r\n"}.bytes(),
		handRecord{version: "1.0", typ: "request", uri: "<http://news.example/a/1.html>", block: "GET /a/1.html HTTP/1.1\r\nHost: news.example\r\n\r\n"}.bytes(),
		// wget: WARC/1.0, the URI in angle brackets.
		handRecord{version: "1.0", typ: "response", uri: "<http://news.example/a/1.html>", digests: true,
			block: httpResponse("Content-Type: text/html; charset=utf-8\r\n", html(1))}.bytes(),
		// chunked as sent, payload digest of the bytes as sent.
		handRecord{typ: "response", uri: "http://news.example/a/2.html", digests: true,
			block: httpResponse("Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", chunked.String())}.bytes(),
		// gzip content coding kept in the payload.
		handRecord{typ: "response", uri: "http://news.example/a/3.html", digests: true,
			block: httpResponse("Content-Type: text/html\r\nContent-Encoding: gzip\r\n", gzBody)}.bytes(),
		// CC-NEWS: a metadata record referring to the response.
		handRecord{typ: "metadata", uri: "http://news.example/a/3.html", fields: []string{"WARC-Refers-To: <urn:uuid:1234>"},
			block: "fetchTimeMs: 12\r\n"}.bytes(),
		handRecord{typ: "revisit", uri: "http://news.example/a/1.html", fields: []string{
			"WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest", "WARC-Refers-To: <urn:uuid:5678>"},
			block: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"}.bytes(),
		handRecord{typ: "response", uri: "http://news.example/a/4.html", fields: []string{"WARC-Truncated: length"},
			block: httpResponse("Content-Type: text/html\r\n", html(4)[:30])}.bytes(),
		handRecord{typ: "response", uri: "http://news.example/a/5.html", badDigest: true,
			block: httpResponse("Content-Type: text/html\r\n", html(5))}.bytes(),
		handRecord{typ: "response", uri: "dns:news.example", block: "20161228061200\nnews.example. 300 IN A 192.0.2.1\n"}.bytes(),
		handRecord{typ: "resource", uri: "file:///tmp/wget.log", block: "log\n"}.bytes(),
		handRecord{typ: "response", uri: "http://news.example/a/6.html",
			block: httpResponse("Content-Type: text/html\r\n", html(6))}.bytes(),
	}
	wantURLs := []string{"http://news.example/a/1.html", "http://news.example/a/2.html", "http://news.example/a/3.html", "http://news.example/a/6.html"}
	wantBodies := []string{html(1), html(2), html(3), html(6)}
	wantSkips := []string{SkipRevisit, SkipTruncated, SkipBadDigest, SkipNotHTTP}
	for name, data := range layouts(recs...) {
		t.Run(name, func(t *testing.T) {
			path := writeTemp(t, "x.warc", data)
			urls, bodies, skips, next := readFile(t, path, Position{})
			if !slices.Equal(urls, wantURLs) {
				t.Errorf("responses %q, want %q", urls, wantURLs)
			}
			if !slices.Equal(bodies, wantBodies) {
				t.Errorf("bodies %q, want %q", bodies, wantBodies)
			}
			if got := reasons(skips); !slices.Equal(got, wantSkips) {
				t.Errorf("skips %q, want %q", got, wantSkips)
			}
			for _, s := range skips {
				if s.Reason == SkipBadDigest && (!errors.Is(s.Err, ErrCorrupt) || !strings.Contains(s.Err.Error(), path)) {
					t.Errorf("bad digest: %v, want ErrCorrupt naming the file", s.Err)
				}
			}
			// Resuming after each response reads exactly the rest.
			for i, at := range next {
				rest, _, _, _ := readFile(t, path, at)
				if !slices.Equal(rest, wantURLs[i+1:]) {
					t.Errorf("from %+v (after %s): %q, want %q", at, wantURLs[i], rest, wantURLs[i+1:])
				}
			}
		})
	}
}

// TestReadDamage: damage is counted and skipped, and every whole record
// after it is read.
func TestReadDamage(t *testing.T) {
	r := func(i int) []byte { return responseRec(i).bytes() }
	longLength := responseRec(2)
	longLength.length = len(longLength.block) + 500 // swallows the next record
	shortLength := responseRec(2)
	shortLength.length = len(shortLength.block) - 10
	for _, tc := range []struct {
		name  string
		files map[string][]byte
		want  []int // articles read
	}{
		{"torn tail", cut(layouts(r(1), r(2), r(3)), 40), []int{1, 2}},
		{"garbage between", map[string][]byte{
			"plain":           slices.Concat(r(1), []byte("garbage\r\n"), r(2)),
			"per-record-gzip": slices.Concat(gz(r(1)), []byte("garbage"), gz(r(2))),
		}, []int{1, 2}},
		{"long Content-Length", layouts(r(1), longLength.bytes(), r(3), r(4)), []int{1, 3, 4}},
		{"short Content-Length", layouts(r(1), shortLength.bytes(), r(3)), []int{1, 3}},
		{"bad member", map[string][]byte{"per-record-gzip": slices.Concat(gz(r(1)), flip(gz(r(2)), 30), gz(r(3)))}, []int{1, 3}},
		{"trailing garbage", map[string][]byte{"per-record-gzip": slices.Concat(gz(r(1)), []byte("junk"))}, []int{1}},
		{"no WARC at all", map[string][]byte{"plain": []byte("<html>not a WARC</html>\n")}, nil},
	} {
		for layout, data := range tc.files {
			t.Run(tc.name+"/"+layout, func(t *testing.T) {
				path := writeTemp(t, "x.warc", data)
				urls, _, skips, _ := readFile(t, path, Position{})
				var want []string
				for _, i := range tc.want {
					want = append(want, fmt.Sprintf("http://news.example/a/%d.html", i))
				}
				if !slices.Equal(urls, want) {
					t.Errorf("responses %q, want %q", urls, want)
				}
				if len(skips) == 0 {
					t.Fatal("no damage reported")
				}
				for _, s := range skips {
					if s.Reason != SkipDamaged && s.Reason != SkipBadDigest || !errors.Is(s.Err, ErrCorrupt) || !strings.Contains(s.Err.Error(), path) {
						t.Errorf("skip %+v, want damage wrapping ErrCorrupt naming the file", s)
					}
				}
			})
		}
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.warc.gz")); !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "missing.warc.gz") {
		t.Errorf("Open(missing) = %v, want fs.ErrNotExist naming the file", err)
	}
}

func cut(files map[string][]byte, n int) map[string][]byte {
	for k, v := range files {
		files[k] = v[:len(v)-n]
	}
	return files
}

func flip(b []byte, at int) []byte {
	b = bytes.Clone(b)
	b[at] ^= 0xff
	return b
}

// TestReadOwnDamaged: a file newsnorm wrote, damaged: what is whole is read.
func TestReadOwnDamaged(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.warc.gz")
	writeAll(t, good, exchange(1), exchange(2))
	data := must(os.ReadFile(good))
	for _, tc := range []struct {
		name string
		data []byte
		ok   int
	}{
		{"truncated", data[:len(data)-30], 1},
		{"flipped", flip(data, len(data)-40), 1},
		{"trailing-garbage", append(bytes.Clone(data), "junk"...), 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeTemp(t, tc.name+".warc.gz", tc.data)
			urls, _, skips, _ := readFile(t, path, Position{})
			if len(urls) != tc.ok || len(skips) != 1 || skips[0].Reason != SkipDamaged {
				t.Errorf("read %d responses, skips %+v; want %d and one damage", len(urls), skips, tc.ok)
			}
		})
	}
}

// TestReadMemberCorruptAfterRecord: a gzip member whose checksum fails
// after the record it holds, with bytes between the record and the member's
// end. The record is never handed out, and it is reported once, as damage,
// not as a bad digest and then again as damage.
func TestReadMemberCorruptAfterRecord(t *testing.T) {
	badDigest := responseRec(2)
	badDigest.badDigest = true
	// badSum compresses rec+tail and breaks the member's CRC-32.
	badSum := func(rec []byte, tail string) []byte {
		m := gz(append(bytes.Clone(rec), tail...))
		return flip(m, len(m)-8)
	}
	for _, tc := range []struct {
		name   string
		member []byte
		reason string
		target bool // the skip names the record's URL
	}{
		{"good record, blank lines", badSum(responseRec(2).bytes(), "\r\n\r\n"), SkipDamaged, false},
		{"bad digest, blank lines", badSum(badDigest.bytes(), "\r\n"), SkipDamaged, false},
		{"bad digest, torn line", badSum(badDigest.bytes(), "WARC/1"), SkipDamaged, true},
		{"bad digest, whole member", gz(badDigest.bytes()), SkipBadDigest, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeTemp(t, "x.warc.gz", slices.Concat(gz(responseRec(1).bytes()), tc.member, gz(responseRec(3).bytes())))
			urls, _, skips, _ := readFile(t, path, Position{})
			if want := []string{"http://news.example/a/1.html", "http://news.example/a/3.html"}; !slices.Equal(urls, want) {
				t.Errorf("responses %q, want %q", urls, want)
			}
			if len(skips) != 1 || skips[0].Reason != tc.reason || !errors.Is(skips[0].Err, ErrCorrupt) {
				t.Fatalf("skips %+v, want one %s wrapping ErrCorrupt", skips, tc.reason)
			}
			s := skips[0]
			if at := int64(len(gz(responseRec(1).bytes()))); s.Offset != at {
				t.Errorf("skip at byte %d, want %d (the member)", s.Offset, at)
			}
			if tc.target && (s.TargetURI != "http://news.example/a/2.html" || !strings.Contains(s.Err.Error(), s.TargetURI)) {
				t.Errorf("skip %+v, want it to name http://news.example/a/2.html", s)
			}
		})
	}
}

// FuzzReader: no input makes the reader panic, loop or fail to end, and
// every response it hands out has a body that can be asked for.
func FuzzReader(f *testing.F) {
	r1, r2 := responseRec(1).bytes(), responseRec(2).bytes()
	for _, data := range layouts(r1, r2) {
		f.Add(data)
	}
	f.Add(slices.Concat(r1, []byte("WARC/1.1\r\nContent-Length: 99999\r\n\r\n"), r2))
	f.Add([]byte("WARC/1.0\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f.warc")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := OpenAt(path, Position{}, ReadOptions{MaxBlock: 1 << 16})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		for n := 0; ; n++ {
			if n > len(data)+1 {
				t.Fatalf("more responses than bytes: the reader loops")
			}
			res, err := r.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatalf("Next: %v (only I/O errors are returned)", err)
			}
			if res.Next.Offset < res.Offset || res.Next.Offset > int64(len(data)) {
				t.Fatalf("response at %d: next position %+v outside the file", res.Offset, res.Next)
			}
			res.Body(1 << 16)
		}
	})
}

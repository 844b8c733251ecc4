package output

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriterTemplateAndNoHTMLEscape(t *testing.T) {
	dir := t.TempDir()
	w := NewWriter(filepath.Join(dir, "{site}-{date}.jsonl"), Vars{Date: "2016-12-28"}, nil, Options{Fsync: true})
	pub := "2016-12-28T06:12:00Z"
	path, size, err := w.Write("iran-daily", &Record{ID: "1", Site: "iran-daily", PublishedAt: &pub, Headline: "A <b> & C", Body: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "iran-daily-2016-12-28.jsonl"); path != want {
		t.Errorf("path = %s, want %s", path, want)
	}
	data, _ := os.ReadFile(path)
	if int64(len(data)) != size {
		t.Errorf("reported size %d, file has %d bytes", size, len(data))
	}
	want := `{"id":"1","site":"iran-daily","url":"","published_at":"2016-12-28T06:12:00Z","headline":"A <b> & C","body":"x","fetched_at":"","content_hash":""}` + "\n"
	if string(data) != want {
		t.Errorf("line = %s\nwant   %s", data, want)
	}
}

func TestNullPublishedAt(t *testing.T) {
	line, err := Marshal(&Record{ID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(line, []byte(`"published_at":null`)) {
		t.Errorf("Marshal = %s, want published_at null", line)
	}
}

func TestSanitizeKeepsNamesInsideTheDirectory(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"iran-daily", "iran-daily"},
		{"../../etc/passwd", "_.._etc_passwd"}, // one path element, never a parent
		{"..", "_"},
		{"a/b", "a_b"},
		{"www.example.com", "www.example.com"},
		{"", "_"},
	} {
		if got := Sanitize(tc.in); got != tc.want {
			t.Errorf("Sanitize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Expand("out/{site}.jsonl", Vars{Site: "../x"}); got != "out/_x.jsonl" {
		t.Errorf("Expand escaped the directory: %s", got)
	}
}

func TestOpenCutsTail(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.jsonl")
	// One good line and a torn one.
	if err := os.WriteFile(path, []byte("{\"id\":\"1\"}\n{\"id\":\"2\",\"bo"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := NewWriter(path, Vars{}, nil, Options{Fsync: true, OpenExplicitly: true})
	var seen int64 = -1
	err := w.Open("s", func(f File) (int64, error) {
		seen = f.Size
		return int64(len("{\"id\":\"1\"}\n")), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.Write("s", map[string]string{"id": "3"}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	data, _ := os.ReadFile(path)
	if seen != 24 {
		t.Errorf("Open's check saw size %d, want 24", seen)
	}
	if got := strings.Split(strings.TrimSpace(string(data)), "\n"); len(got) != 2 || got[1] != `{"id":"3"}` {
		t.Errorf("file after cut and write = %q", data)
	}
}

func TestUnwritableOutputNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)
	w := NewWriter(filepath.Join(blocker, "sub", "{site}.jsonl"), Vars{}, nil, Options{Fsync: true})
	_, _, err := w.Write("s", map[string]string{})
	if err == nil || !strings.Contains(err.Error(), blocker) {
		t.Errorf("Write into a path under a file: err = %v, want it to name %s", err, blocker)
	}
}

func readGzipLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return strings.Split(strings.TrimSpace(string(data)), "\n")
}

func TestGzipMembersCutAtRecordBoundary(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.jsonl.gz")
	w := NewWriter(path, Vars{}, nil, Options{Fsync: true})
	_, first, err := w.Write("s", map[string]int{"n": 1})
	if err != nil {
		t.Fatal(err)
	}
	w.Write("s", map[string]int{"n": 2})
	w.Close()
	if got := readGzipLines(t, path); len(got) != 2 {
		t.Fatalf("gzip file has %d lines, want 2", len(got))
	}
	// Cut back to the first record, as a restart after a crash would.
	w = NewWriter(path, Vars{}, nil, Options{Fsync: true})
	if err := w.Open("s", func(File) (int64, error) { return first, nil }); err != nil {
		t.Fatal(err)
	}
	w.Write("s", map[string]int{"n": 3})
	w.Close()
	if got := readGzipLines(t, path); strings.Join(got, ",") != `{"n":1},{"n":3}` {
		t.Errorf("after cut and write: %q", got)
	}
}

func TestRotationByRecordsAndBytes(t *testing.T) {
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "{site}.jsonl")
	w := NewWriter(tmpl, Vars{}, nil, Options{RotateRecords: 2})
	var paths []string
	for i := range 5 {
		p, _, err := w.Write("s", map[string]int{"n": i})
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, filepath.Base(p))
	}
	w.Close()
	want := "s.0001.jsonl s.0001.jsonl s.0002.jsonl s.0002.jsonl s.0003.jsonl"
	if got := strings.Join(paths, " "); got != want {
		t.Errorf("parts = %s, want %s", got, want)
	}
	// A new writer continues the last part, which has room for one more.
	w = NewWriter(tmpl, Vars{}, nil, Options{RotateRecords: 2})
	p1, _, _ := w.Write("s", map[string]int{"n": 5})
	p2, _, _ := w.Write("s", map[string]int{"n": 6})
	w.Close()
	if filepath.Base(p1) != "s.0003.jsonl" || filepath.Base(p2) != "s.0004.jsonl" {
		t.Errorf("after restart: %s, %s; want s.0003.jsonl, s.0004.jsonl", p1, p2)
	}

	w = NewWriter(filepath.Join(dir, "b.jsonl"), Vars{}, nil, Options{RotateBytes: 20})
	a, _, _ := w.Write("s", map[string]string{"k": "0123456789abcdef"})
	b, _, _ := w.Write("s", map[string]string{"k": "x"})
	w.Close()
	if a == b {
		t.Errorf("a record past RotateBytes went to the same part %s", a)
	}
}

// With Options.Buffer, lines reach the file on Sync (or Close, or a full
// buffer), the sizes Write reports are the file's lengths once they do,
// and Sync runs safely alongside writers and rotation.
func TestBufferedWritesReachTheFileOnSync(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.jsonl")
	w := NewWriter(path, Vars{}, nil, Options{Buffer: true})
	_, size, err := w.Write("s", &Record{ID: "1", Body: "one"})
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); len(data) != 0 {
		t.Fatalf("before Sync the file holds %d bytes, want 0 (buffered)", len(data))
	}
	if err := w.Sync(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if int64(len(data)) != size || !strings.HasPrefix(string(data), `{"id":"1"`) {
		t.Fatalf("after Sync: %d bytes %q, want the line of %d bytes", len(data), data, size)
	}

	// Many writers and syncs at once, with rotation every 7 records.
	rot := filepath.Join(dir, "rot.jsonl")
	w = NewWriter(rot, Vars{}, nil, Options{Buffer: true, RotateRecords: 7})
	const writers, each = 8, 50
	done := make(chan error, writers+1)
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				done <- nil
				return
			default:
				if err := w.Sync(); err != nil {
					done <- err
					return
				}
			}
		}
	}()
	errs := make(chan error, writers)
	for g := range writers {
		go func() {
			for i := range each {
				if _, _, err := w.Write("s", &Record{ID: fmt.Sprintf("%d-%d", g, i), Body: strings.Repeat("x", 100)}); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	parts, _ := filepath.Glob(filepath.Join(dir, "rot.*.jsonl"))
	seen := map[string]bool{}
	for _, p := range parts {
		data, _ := os.ReadFile(p)
		for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
			var r Record
			if err := json.Unmarshal([]byte(line), &r); err != nil {
				t.Fatalf("%s: bad line %q: %v", p, line, err)
			}
			if seen[r.ID] {
				t.Fatalf("record %s twice", r.ID)
			}
			seen[r.ID] = true
		}
	}
	if len(seen) != writers*each || len(parts) != (writers*each+6)/7 {
		t.Errorf("%d records in %d parts, want %d in %d", len(seen), len(parts), writers*each, (writers*each+6)/7)
	}
}

// With OpenExplicitly, a file is never appended to before Open checked it;
// Open tells the check which part it found and the part before it.
func TestOpenExplicitlyAndParts(t *testing.T) {
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "{site}.jsonl")
	w := NewWriter(tmpl, Vars{}, nil, Options{OpenExplicitly: true, RotateRecords: 1})
	if _, _, err := w.Write("s", map[string]int{"n": 1}); err == nil {
		t.Fatal("Write before Open succeeded")
	}
	var files []File
	check := func(f File) (int64, error) { files = append(files, f); return f.Size, nil }
	if err := w.Open("s", check); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if _, _, err := w.Write("s", map[string]int{"n": i}); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	w = NewWriter(tmpl, Vars{}, nil, Options{OpenExplicitly: true, RotateRecords: 1})
	if err := w.Open("s", check); err != nil {
		t.Fatal(err)
	}
	w.Close()
	p1, p2 := filepath.Join(dir, "s.0001.jsonl"), filepath.Join(dir, "s.0002.jsonl")
	want := []File{{Path: p1, Part: 1}, {Path: p2, Size: 8, Part: 2, Previous: p1}}
	if len(files) != 2 || files[0] != want[0] || files[1] != want[1] {
		t.Errorf("Open checked %+v, want %+v", files, want)
	}
}

package pipeline

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, path, data string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// --retry-failed reads every file the failures template names: each
// worker's and site's, gzip or not, torn last lines skipped; glob
// characters in the template's literal parts match only themselves.
func TestFailedURLsReadsEveryFileOfTheTemplate(t *testing.T) {
	dir := t.TempDir()
	lit := filepath.Join(dir, "run[1]")
	if err := os.MkdirAll(lit, 0o755); err != nil {
		t.Fatal(err)
	}
	line := func(u string) string { return `{"url":"` + u + `","site":"s","reason":"timeout","attempts":3}` + "\n" }
	writeFile(t, filepath.Join(lit, "failures-w1.jsonl"), line("http://x/1")+line("http://x/2")+`{"url":"http://x/torn`)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(line("http://x/2") + line("http://x/3")))
	zw.Close()
	writeFile(t, filepath.Join(lit, "failures-w2.jsonl.gz"), gz.String())
	if err := os.MkdirAll(filepath.Join(dir, "run1"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "run1", "failures-w9.jsonl"), line("http://x/not-this-dir")) // "run[1]" is literal

	for _, tc := range []struct {
		template string
		want     string
	}{
		{filepath.Join(lit, "failures-{worker}.jsonl"), "[http://x/1 http://x/2]"},
		{filepath.Join(lit, "failures-{worker}.jsonl.gz"), "[http://x/2 http://x/3]"},
	} {
		got, _, err := FailedURLs(tc.template, 3)
		if err != nil {
			t.Fatalf("%s: %v", tc.template, err)
		}
		if fmt.Sprint(got) != tc.want {
			t.Errorf("FailedURLs(%s) = %v, want %s", tc.template, got, tc.want)
		}
	}
	_, _, err := FailedURLs(filepath.Join(dir, "nothing-{site}.jsonl"), 3)
	if err == nil || !strings.Contains(err.Error(), "nothing-{site}.jsonl") {
		t.Errorf("no matching file: err %v, want one naming the template", err)
	}
}

// A URL list survives a line too long to be a URL (it is an invalid line,
// logged with its number, and the list goes on) and a UTF-8 byte order
// mark before its first line.
func TestURLListLongLineAndBOM(t *testing.T) {
	list := "\ufeffhttp://x/1\n" + // line 1, after a BOM
		"http://x/" + strings.Repeat("a", 3<<20) + "\n" + // line 2: 3 MiB
		"http://x/3\n" +
		"\ufeff# a BOM anywhere else is not skipped\n" + // line 4: invalid
		"http://x/5" // line 5, no final newline
	var logs bytes.Buffer
	l := NewURLList(strings.NewReader(list), "urls.txt", slog.New(slog.NewJSONHandler(&logs, nil)))
	var got []string
	for {
		u, ok := l.Next()
		if !ok {
			break
		}
		got = append(got, u)
	}
	if want := "[http://x/1 http://x/3 http://x/5]"; fmt.Sprint(got) != want {
		t.Errorf("URLs = %.200v, want %s", got, want)
	}
	if l.Invalid() != 2 {
		t.Errorf("Invalid = %d, want 2 (lines 2 and 4)", l.Invalid())
	}
	for _, want := range []string{`"line":2`, `"line":4`, "longer than"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %s:\n%.2000s", want, logs.String())
		}
	}
	if logs.Len() > 20<<10 {
		t.Errorf("the log holds %d bytes: the long line is logged whole", logs.Len())
	}
}

package pipeline

import (
	"bytes"
	"compress/gzip"
	"fmt"
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

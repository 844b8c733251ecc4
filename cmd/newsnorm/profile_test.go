package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

// --cpuprofile and --memprofile write pprof profiles (gzip-compressed
// protocol buffers) of a real crawl; a profile that cannot be created is a
// usage error naming the flag, before anything is fetched.
func TestProfileFlags(t *testing.T) {
	site := testsite.New(5)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
	cpu, mem := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "mem.pprof")

	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"crawl", "--config", cfg, "--cpuprofile", cpu, "--memprofile", mem}, nil, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitOK {
		t.Fatalf("crawl exit code = %d, want 0; err = %v\n%s", code, err, stderr.String())
	}
	for _, path := range []string{cpu, mem} {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s is not a pprof profile: %v", path, err)
		}
		data, err := io.ReadAll(zr)
		f.Close()
		if err != nil || len(data) == 0 {
			t.Fatalf("%s: %d bytes of profile, err %v", path, len(data), err)
		}
	}
	if n := len(readRecords(t, filepath.Join(dir, "out", "tarnama.jsonl"))); n != 5 {
		t.Errorf("profiled crawl wrote %d records, want 5", n)
	}

	before := site.Requests("/")
	err = run(context.Background(), []string{"crawl", "--config", cfg, "--cpuprofile", filepath.Join(dir, "missing", "cpu.pprof")}, nil, &stdout, &stderr)
	if code := exitCode(err, &stderr); code != exitUsage || !strings.Contains(err.Error(), "--cpuprofile") {
		t.Errorf("unwritable --cpuprofile: exit %d, err %v; want %d naming the flag", code, err, exitUsage)
	}
	if site.Requests("/") != before {
		t.Error("the run fetched pages although its profile could not be created")
	}
}

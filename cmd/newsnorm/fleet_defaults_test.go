package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

// siteOnlyConfig is a config that names a site and nothing else: every
// path and the state take their defaults.
func siteOnlyConfig(base string) string {
	host := regexp.QuoteMeta(strings.TrimPrefix(base, "http://"))
	return fmt.Sprintf(`
allow_private_networks: true
user_agent: "newsnorm-test/1.0 (+mailto:test@example.org)"
retries: 1
sites:
  - name: tarnama
    start_urls: ["%[1]s/"]
    follow: ['^http://%[2]s/(Service/\d+\.html|News/Archive)']
    article: '^http://%[2]s/News/(?P<id>\d+)\.html$'
    delay: 0s
    parallelism: 4
    fields:
      id: {labels: ["News ID:"], pattern: '^(\d+)'}
`, base, host)
}

// With a redis state and nothing else on the command line, the default
// output, rejects and failures paths carry {worker} by themselves: three
// workers share one crawl exactly once, each in its own files.
func TestFleetDefaultsCarryWorker(t *testing.T) {
	addr := testRedisAddr(t)
	site := testsite.New(300)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteOnlyConfig(srv.URL))
	state := redisState(t, addr, "5s")
	var ws []*worker
	for i := range 3 {
		w := &worker{name: fmt.Sprint("w", i), done: make(chan error, 1)}
		w.cmd = cli(t, "crawl", "--config", cfg, "--state", state, "--run-id", "R", "--worker", w.name)
		w.cmd.Dir = dir
		w.cmd.Stderr = &w.stderr
		if err := w.cmd.Start(); err != nil {
			t.Fatal(err)
		}
		go func() { w.done <- w.cmd.Wait() }()
		ws = append(ws, w)
	}
	for _, w := range ws {
		if code := w.wait(t, 60*time.Second); code != 0 {
			t.Fatalf("worker %s exit %d\n%s", w.name, code, tail(w.stderr.String(), 3000))
		}
	}
	checkFleetExactlyOnce(t, dir, site.IDs())
	files, _ := filepath.Glob(filepath.Join(dir, "out", "tarnama-*-w?.jsonl"))
	if len(files) != 3 {
		t.Errorf("output files %v, want one per worker, named by {worker}", files)
	}
}

// A path the user wrote without {worker} is refused with a redis state,
// by validate as by crawl, naming the key and its line.
func TestFleetRefusesAPathWithoutWorker(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), "output: out/{site}.jsonl\n"+siteOnlyConfig("http://127.0.0.1:1"))
	want := "config.yaml:1: output: \"out/{site}.jsonl\": with a redis state"
	for _, args := range [][]string{
		{"validate", "--config", cfg, "--state", "redis://127.0.0.1:1/0"},
		{"crawl", "--config", cfg, "--state", "redis://127.0.0.1:1/0", "--run-id", "R"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), args, nil, &stdout, &stderr)
		if code := exitCodeOf(err); code != exitUsage || err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: exit %d, %v; want %d and %q", args[0], code, err, exitUsage, want)
		}
	}
}

package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

// TestBackfillInterruptedAndResumed stops a backfill twice (SIGINT, then
// SIGKILL) and resumes it with the same command: every URL ends up in the
// output exactly once.
func TestBackfillInterruptedAndResumed(t *testing.T) {
	const n = 150
	site := testsite.New(n)
	site.Latency = 10 * time.Millisecond
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	// One record per fsync, so that a SIGKILL loses no more than the pages in
	// flight and the refetch bound below holds (with batches, up to a whole
	// batch is fetched again: still exactly once, checked below).
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir)+"fsync_every: 1\n")
	var list strings.Builder
	for _, id := range site.IDs() {
		fmt.Fprintf(&list, "%s/News/%s.html\n", srv.URL, id)
	}
	urls := writeFile(t, filepath.Join(dir, "urls.txt"), list.String())

	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGKILL} {
		target := site.ArticleRequests() + 20
		cmd := cli(t, "backfill", "--config", cfg, urls)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for site.ArticleRequests() < target && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		cmd.Process.Signal(sig)
		err := cmd.Wait()
		if sig == syscall.SIGINT && exitCodeOfProcess(err) != exitInterrupted {
			t.Fatalf("backfill after SIGINT: %v, want exit %d", err, exitInterrupted)
		}
	}
	if got := site.ArticleRequests(); got >= n {
		t.Fatalf("the interruptions came too late: %d of %d fetched", got, n)
	}
	if code, errOut := runCLI(t, "backfill", "--config", cfg, urls); code != 0 {
		t.Fatalf("resumed backfill exit %d\n%s", code, errOut)
	}
	checkExactlyOnce(t, dir, site.IDs())
	if got := site.ArticleRequests(); got > n+20 {
		t.Errorf("%d article requests for %d URLs: the resume fetched done URLs again", got, n)
	}
}

func exitCodeOfProcess(err error) int {
	type exitCoder interface{ ExitCode() int }
	if err == nil {
		return 0
	}
	if ec, ok := err.(exitCoder); ok {
		return ec.ExitCode()
	}
	return -1
}

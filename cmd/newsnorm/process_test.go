package main

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

// TestMain lets the test binary act as the newsnorm command, so tests can
// run it as a real process and signal or kill it.
func TestMain(m *testing.M) {
	if os.Getenv("NEWSNORM_TEST_AS_CLI") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// cli is a newsnorm process started by a test.
func cli(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "NEWSNORM_TEST_AS_CLI=1")
	return cmd
}

// runCLI runs newsnorm to the end and returns its exit code and stderr.
func runCLI(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := cli(t, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, stderr.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), stderr.String()
	}
	t.Fatalf("run newsnorm: %v", err)
	return -1, ""
}

// checkExactlyOnce reads every output file and checks that each article ID
// is there exactly once and every line is whole JSON.
func checkExactlyOnce(t *testing.T, dir string, want []string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "out", "tarnama*.jsonl"))
	count := map[string]int{}
	for _, f := range files {
		for _, r := range readRecords(t, f) {
			validateRecord(t, r)
			count[r["id"].(string)]++
		}
	}
	var missing, twice []string
	for _, id := range want {
		switch count[id] {
		case 0:
			missing = append(missing, id)
		case 1:
		default:
			twice = append(twice, fmt.Sprintf("%s×%d", id, count[id]))
		}
		delete(count, id)
	}
	if len(missing) > 0 || len(twice) > 0 || len(count) > 0 {
		sort.Strings(missing)
		t.Fatalf("output is not exactly once: missing %v, repeated %v, unexpected %v", missing, twice, count)
	}
}

func TestSIGTERMStopsCleanlyAndRerunCarriesOn(t *testing.T) {
	site := testsite.New(120)
	site.Latency = 20 * time.Millisecond
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))

	cmd := cli(t, "crawl", "--config", cfg)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until some articles are fetched, then stop it.
	deadline := time.Now().Add(20 * time.Second)
	for site.ArticleRequests() < 10 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	stopped := make(chan error, 1)
	go func() { stopped <- cmd.Wait() }()
	select {
	case err := <-stopped:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupted {
			t.Fatalf("after SIGTERM: %v, want exit %d\n%s", err, exitInterrupted, stderr.String())
		}
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		t.Fatal("newsnorm did not stop within 15s of SIGTERM")
	}
	fetched := site.ArticleRequests()
	if fetched >= 120 {
		t.Fatalf("SIGTERM came too late to test anything: all %d articles fetched", fetched)
	}
	if code, errOut := runCLI(t, "crawl", "--config", cfg); code != 0 {
		t.Fatalf("rerun exit %d\n%s", code, errOut)
	}
	checkExactlyOnce(t, dir, site.IDs())
	// The rerun fetched only what the first run had not written.
	if got := site.ArticleRequests(); got > 120+fetched/2+8 {
		t.Errorf("rerun fetched %d more articles; the first run had fetched %d", got-fetched, fetched)
	}
}

// TestCrashHarness kills a crawl with SIGKILL at random moments, reruns it
// each time, and checks that the output ends with every article exactly
// once and no torn line.
func TestCrashHarness(t *testing.T) {
	if testing.Short() {
		t.Skip("crash harness skipped in -short mode")
	}
	const articles, kills = 300, 50
	site := testsite.New(articles)
	site.Latency = 3 * time.Millisecond
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))

	rng := rand.New(rand.NewPCG(1, uint64(time.Now().UnixNano())))
	finished := 0
	for i := range kills {
		cmd := cli(t, "crawl", "--config", cfg)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		wait := time.Duration(rng.IntN(400)) * time.Millisecond
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run %d ended by itself with %v", i, err)
			}
			finished++
		case <-time.After(wait):
			cmd.Process.Kill()
			<-done
		}
	}
	if code, errOut := runCLI(t, "crawl", "--config", cfg); code != 0 {
		t.Fatalf("final run exit %d\n%s", code, errOut)
	}
	checkExactlyOnce(t, dir, site.IDs())
	t.Logf("%d kills (%d runs finished before their kill); %d article requests for %d articles",
		kills-finished, finished, site.ArticleRequests(), articles)
}

func TestDeadRunsLockIsTakenOver(t *testing.T) {
	site := testsite.New(60)
	// The first run cannot finish while the second one tries: a run that
	// ended before (a fast machine, a slow start of the second) would
	// leave nothing locked.
	hold := make(chan struct{})
	site.Hold, site.HoldAfter = hold, 3
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))

	cmd := cli(t, "crawl", "--config", cfg)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for site.ArticleRequests() < 3 {
		time.Sleep(10 * time.Millisecond)
	}
	// While it runs, a second run is refused with exit code 4.
	code, errOut := runCLI(t, "crawl", "--config", cfg)
	if code != exitLocked || !strings.Contains(errOut, "locked") {
		t.Errorf("second run while the first holds the state: exit %d, %q; want %d and a clear message", code, errOut, exitLocked)
	}
	cmd.Process.Kill()
	cmd.Wait()
	close(hold)
	// The dead run's lock is gone with it.
	if code, errOut := runCLI(t, "crawl", "--config", cfg); code != 0 {
		t.Fatalf("run after the killed one: exit %d\n%s", code, errOut)
	}
	checkExactlyOnce(t, dir, site.IDs())
}

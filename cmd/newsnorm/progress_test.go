package main

import (
	"bytes"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/newsnorm/newsnorm/internal/termstatus"
	"github.com/newsnorm/newsnorm/internal/testsite"
)

// ptyRun starts newsnorm with stderr on a pseudo-terminal, as a person at
// a terminal runs it, and collects what the terminal shows.
type ptyRun struct {
	cmd  *exec.Cmd
	mu   sync.Mutex
	out  bytes.Buffer
	read chan struct{}
}

func startOnPTY(t *testing.T, args ...string) *ptyRun {
	t.Helper()
	master, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	r := &ptyRun{cmd: cli(t, args...), read: make(chan struct{})}
	r.cmd.Stderr = tty
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close()
	go func() {
		defer close(r.read)
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			r.mu.Lock()
			r.out.Write(buf[:n])
			r.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { master.Close() })
	return r
}

func (r *ptyRun) shown() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.out.String()
}

func (r *ptyRun) wait(t *testing.T) (int, string) {
	t.Helper()
	err := r.cmd.Wait()
	select {
	case <-r.read:
	case <-time.After(5 * time.Second):
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil && err != io.EOF {
		t.Fatal(err)
	}
	return code, r.shown()
}

// lines splits what a terminal shows into the lines left on it: a
// carriage return or a clear-line sequence starts the line again.
func lines(screen string) []string {
	var out []string
	for _, l := range strings.Split(screen, "\n") {
		l = strings.ReplaceAll(l, termstatus.ClearLine, "\r")
		if i := strings.LastIndex(strings.TrimRight(l, "\r"), "\r"); i >= 0 {
			l = l[i+1:]
		}
		out = append(out, strings.TrimRight(l, "\r"))
	}
	return out
}

// finalStatus is the status line a run left on the terminal.
func finalStatus(shown []string) string {
	for i := len(shown) - 1; i >= 0; i-- {
		if strings.Contains(shown[i], " — ") {
			return shown[i]
		}
	}
	return ""
}

// On a terminal, the backfill shows its progress on one line with the
// log above it; interrupted, it shows where it stopped, not 100%.
func TestProgressOnATerminal(t *testing.T) {
	site := testsite.New(200)
	site.Latency = 20 * time.Millisecond
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
	var list strings.Builder
	for _, id := range site.IDs() {
		fmt.Fprintf(&list, "%s/News/%s.html\n", srv.URL, id)
	}
	list.WriteString("not a url\n")
	urls := writeFile(t, filepath.Join(dir, "urls.txt"), list.String())

	r := startOnPTY(t, "backfill", urls, "--config", cfg, "--log-format", "text")
	deadline := time.Now().Add(30 * time.Second)
	for !regexp.MustCompile(`[1-9]\d* written`).MatchString(r.shown()) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := r.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	code, screen := r.wait(t)
	if code != exitInterrupted {
		t.Fatalf("interrupted backfill: exit %d, want %d\n%s", code, exitInterrupted, screen)
	}
	shown := lines(screen)
	last := finalStatus(shown)
	if !strings.Contains(last, "— interrupted") || !regexp.MustCompile(`line \d+ of 201 \(\d+%\)`).MatchString(last) || strings.Contains(last, "(100%)") {
		t.Errorf("last line on the terminal = %q; want where the backfill stopped, interrupted", last)
	}
	// Every log line stands on a line of its own, never glued to the
	// status line.
	logs := 0
	for _, l := range shown {
		if strings.Contains(l, "level=") {
			logs++
			if !strings.HasPrefix(l, "time=") {
				t.Errorf("log line drawn over the status line: %q", l)
			}
		}
	}
	if logs == 0 || !strings.Contains(screen, "backfill started") {
		t.Errorf("no log lines on the terminal:\n%s", screen)
	}
}

// Not on a terminal (cron), nothing but the log is written.
func TestNoProgressWithoutATerminal(t *testing.T) {
	site := testsite.New(3)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
	code, stderr := runCLI(t, "crawl", "--config", cfg)
	if code != exitOK || strings.Contains(stderr, termstatus.ClearLine) || strings.Contains(stderr, "pages/s") {
		t.Errorf("crawl without a terminal: exit %d, stderr has a status line:\n%q", code, stderr)
	}
}

// The crawl shows its progress too.
func TestCrawlProgressOnATerminal(t *testing.T) {
	site := testsite.New(30)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
	code, screen := startOnPTY(t, "crawl", "--config", cfg).wait(t)
	if code != exitOK {
		t.Fatalf("crawl: exit %d\n%s", code, screen)
	}
	last := finalStatus(lines(screen))
	if !strings.HasPrefix(last, "crawl: 1 sites") || !strings.Contains(last, "30 written") || !strings.HasSuffix(last, "— done") {
		t.Errorf("last line = %q; want the crawl's final status", last)
	}
}

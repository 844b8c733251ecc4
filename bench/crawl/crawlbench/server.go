package crawlbench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/newsnorm/newsnorm/bench/crawl/benchsite"
)

// Server is the generated site, served by cmd/benchsite in a process of
// its own so that its CPU and memory never count as the crawler's.
type Server struct {
	URL  string // http://127.0.0.1:PORT
	N    int
	cmd  *exec.Cmd
	done chan struct{}
}

// StartServer starts bin (cmd/benchsite) with n articles and perPage
// articles per archive page, and waits until it listens. Extra arguments
// go to benchsite (-latency 20ms).
func StartServer(ctx context.Context, bin string, n, perPage int, args ...string) (*Server, error) {
	cmd := exec.CommandContext(ctx, bin, append([]string{"-n", strconv.Itoa(n), "-per-page", strconv.Itoa(perPage)}, args...)...)
	// The site must not outlive the harness.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &Server{N: n, cmd: cmd, done: make(chan struct{})}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("%s did not start: %v %s", bin, err, stderr.String())
	}
	s.URL = strings.TrimSpace(strings.TrimPrefix(line, "listening "))
	go func() {
		_ = cmd.Wait()
		close(s.done)
	}()
	return s, nil
}

// Host is the server's host:port.
func (s *Server) Host() string { return strings.TrimPrefix(s.URL, "http://") }

// Stats returns the site's request counters.
func (s *Server) Stats() (benchsite.Stats, error) {
	var st benchsite.Stats
	resp, err := http.Get(s.URL + "/_bench/stats")
	if err != nil {
		return st, fmt.Errorf("site stats: %w", err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		return st, fmt.Errorf("site stats: %w", err)
	}
	return st, nil
}

// Reset zeroes the site's counters.
func (s *Server) Reset() error {
	resp, err := http.Get(s.URL + "/_bench/reset")
	if err != nil {
		return fmt.Errorf("site reset: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("site reset: status %d", resp.StatusCode)
	}
	return nil
}

// CPU is the user+system CPU time the site process has used so far.
func (s *Server) CPU() (time.Duration, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0, fmt.Errorf("site cpu: %w", err)
	}
	// Fields after the command name, which is in parentheses: state is
	// field 3, utime 14 and stime 15 (clock ticks, 100 a second on Linux).
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(f) < 13 {
		return 0, fmt.Errorf("site cpu: short /proc stat")
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond, nil
}

// Close stops the server.
func (s *Server) Close() error {
	select {
	case <-s.done:
		return errors.New("site process had exited")
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	return nil
}

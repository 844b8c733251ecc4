package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// A run's progress on a terminal: one status line at the bottom, with the
// log lines printed above it as they come. Only on a terminal: under cron
// (no terminal) nothing of it is written.
//
// It is ours rather than schollz/progressbar's, which this replaced:
// progressbar holds log lines written through it back until its next
// (throttled) redraw, draws a bar at 100% when it is finished early
// (Ctrl-C), and knows one counter, where a crawl has several.

// statusLine is the terminal's last line. Writes to it (the logger's) go
// above the line; set redraws it. It is safe for concurrent use.
type statusLine struct {
	mu   sync.Mutex
	w    io.Writer
	text string
}

const clearLine = "\r\x1b[2K"

// Write prints p (whole log lines) above the status line.
func (s *statusLine) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.text == "" {
		return s.w.Write(p)
	}
	if _, err := io.WriteString(s.w, clearLine); err != nil {
		return 0, err
	}
	n, err := s.w.Write(p)
	if err == nil {
		_, err = io.WriteString(s.w, s.text)
	}
	return n, err
}

// set shows text as the status line.
func (s *statusLine) set(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.text = text
	io.WriteString(s.w, clearLine+text)
}

// end leaves the last status on its own line and stops drawing it.
func (s *statusLine) end(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.text = ""
	io.WriteString(s.w, clearLine+text+"\n")
}

// progress redraws a status line from a function of the time elapsed,
// five times a second, until stop; stop writes the final line.
type progress struct {
	line  *statusLine
	start time.Time
	text  func(elapsed time.Duration) string
	quit  chan struct{}
	done  chan struct{}
}

func startProgress(line *statusLine, text func(time.Duration) string) *progress {
	p := &progress{line: line, start: time.Now(), text: text, quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		line.set(text(0))
		for {
			select {
			case <-p.quit:
				return
			case <-t.C:
				line.set(text(time.Since(p.start)))
			}
		}
	}()
	return p
}

// stop ends the redraws and leaves the last status, with a word on how
// the run ended, on its own line.
func (p *progress) stop(how string) {
	if p == nil {
		return
	}
	close(p.quit)
	<-p.done
	p.line.end(p.text(time.Since(p.start)) + " — " + how)
}

// rate is n per second over elapsed.
func rate(n int64, elapsed time.Duration) string {
	if elapsed < time.Second {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(n)/elapsed.Seconds())
}

// eta is the time left at the rate so far.
func eta(done, total int64, elapsed time.Duration) string {
	if done <= 0 || total <= done || elapsed < time.Second {
		return ""
	}
	left := time.Duration(float64(elapsed) * float64(total-done) / float64(done))
	return " · ETA " + left.Round(time.Second).String()
}

// howEnded is the word for the final status line.
func howEnded(err error) string {
	switch exitCodeOf(err) {
	case exitOK:
		return "done"
	case exitPartial:
		return "done, with failures"
	case exitInterrupted:
		return "interrupted"
	}
	first, _, _ := strings.Cut(err.Error(), "\n")
	return "stopped: " + first
}

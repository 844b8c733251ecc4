// Package termstatus is a run's progress on a terminal: one status line
// at the bottom, with the log lines printed above it as they come.
// Callers draw it only on a terminal: under cron (no terminal) nothing of
// it is written.
//
// It is ours rather than schollz/progressbar's, which this replaced:
// progressbar holds log lines written through it back until its next
// (throttled) redraw, draws a bar at 100% when it is finished early
// (Ctrl-C), and knows one counter, where a crawl has several.
package termstatus

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// Line is the terminal's last line. Writes to it (the logger's) go
// above the line; Set redraws it. It is safe for concurrent use.
type Line struct {
	mu   sync.Mutex
	w    io.Writer
	text string
}

// ClearLine goes back to the start of the line and clears it.
const ClearLine = "\r\x1b[2K"

// New returns the status line of the terminal w.
func New(w io.Writer) *Line { return &Line{w: w} }

// Write prints p (whole log lines) above the status line.
func (s *Line) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.text == "" {
		return s.w.Write(p)
	}
	if _, err := io.WriteString(s.w, ClearLine); err != nil {
		return 0, err
	}
	n, err := s.w.Write(p)
	if err == nil {
		_, err = io.WriteString(s.w, s.text)
	}
	return n, err
}

// Set shows text as the status line.
func (s *Line) Set(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.text = text
	io.WriteString(s.w, ClearLine+text)
}

// End leaves the last status on its own line and stops drawing it.
func (s *Line) End(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.text = ""
	io.WriteString(s.w, ClearLine+text+"\n")
}

// Progress redraws a status line from a function of the time elapsed,
// five times a second, until stop; stop writes the final line.
type Progress struct {
	line  *Line
	start time.Time
	text  func(elapsed time.Duration) string
	quit  chan struct{}
	done  chan struct{}
}

// Start redraws line from text until Stop.
func Start(line *Line, text func(time.Duration) string) *Progress {
	p := &Progress{line: line, start: time.Now(), text: text, quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(p.done)
		t := time.NewTicker(200 * time.Millisecond)
		defer t.Stop()
		line.Set(text(0))
		for {
			select {
			case <-p.quit:
				return
			case <-t.C:
				line.Set(text(time.Since(p.start)))
			}
		}
	}()
	return p
}

// Stop ends the redraws and leaves the last status, with a word on how
// the run ended, on its own line.
func (p *Progress) Stop(how string) {
	if p == nil {
		return
	}
	close(p.quit)
	<-p.done
	p.line.End(p.text(time.Since(p.start)) + " — " + how)
}

// Rate is n per second over elapsed.
func Rate(n int64, elapsed time.Duration) string {
	if elapsed < time.Second {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(n)/elapsed.Seconds())
}

// ETA is the time left at the rate so far.
func ETA(done, total int64, elapsed time.Duration) string {
	if done <= 0 || total <= done || elapsed < time.Second {
		return ""
	}
	left := time.Duration(float64(elapsed) * float64(total-done) / float64(done))
	return " · ETA " + left.Round(time.Second).String()
}

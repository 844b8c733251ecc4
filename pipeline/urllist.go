package pipeline

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync/atomic"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
)

// URLList reads a backfill's URL list as a stream, as fast as it is
// fetched: one URL per line, blank lines and # comments skipped, a UTF-8
// byte order mark before the first line ignored. A line that is not an
// absolute http(s) URL, or longer than MaxLineBytes, is logged with its
// number and counted in Invalid; the list goes on after it. A line is
// never held in memory past MaxLineBytes, however long it is.
type URLList struct {
	br      *bufio.Reader
	name    string
	log     *slog.Logger
	line    int
	invalid atomic.Int64
	// OnLine, when set, is called for every line read (a progress bar).
	OnLine func()
}

// MaxLineBytes is the longest line of a URL list that is read as a URL.
// A URL that long is still refused by the crawler (max_url_bytes) with a
// failure record of its own; a longer line is an invalid line.
const MaxLineBytes = 1 << 20

// NewURLList reads the list r, named name in messages.
func NewURLList(r io.Reader, name string, log *slog.Logger) *URLList {
	return &URLList{br: bufio.NewReaderSize(r, 64<<10), name: name, log: log}
}

// Invalid is the number of lines so far that are not URLs (and of read
// errors). Safe to call while Next runs.
func (l *URLList) Invalid() int { return int(l.invalid.Load()) }

// Next returns the next URL, canonical; ok is false at the end of the
// list (or where it could not be read further, which is logged and
// counted as invalid).
func (l *URLList) Next() (u string, ok bool) {
	for {
		text, long, err := l.readLine()
		if text == nil && !long && err != nil {
			l.end(err)
			return "", false
		}
		l.line++
		if l.OnLine != nil {
			l.OnLine()
		}
		if l.line == 1 {
			text = bytes.TrimPrefix(text, []byte("\ufeff"))
		}
		raw := strings.TrimSpace(string(text))
		switch {
		case long:
			l.invalid.Add(1)
			l.log.Warn("invalid line in url list, skipped", "file", l.name, "line", l.line, "text", raw[:min(len(raw), 200)]+"...",
				"err", fmt.Sprintf("line longer than %d bytes", MaxLineBytes))
		case raw == "" || strings.HasPrefix(raw, "#"):
		default:
			if err := CheckURL(raw); err != nil {
				l.invalid.Add(1)
				l.log.Warn("invalid line in url list, skipped", "file", l.name, "line", l.line, "text", raw[:min(len(raw), 200)], "err", err)
				break
			}
			if err == nil || errors.Is(err, io.EOF) {
				return crawler.Canonical(raw), true
			}
		}
		if err != nil {
			l.end(err)
			return "", false
		}
	}
}

// readLine reads one line without its end: its first MaxLineBytes bytes
// at most, and long is true when there was more (which is discarded).
// err is the error that ended the line (io.EOF for the last line of a
// list without a final newline); text is nil when nothing was read.
func (l *URLList) readLine() (text []byte, long bool, err error) {
	for {
		chunk, err := l.br.ReadSlice('\n')
		if !long {
			if len(text)+len(chunk) > MaxLineBytes+1 { // +1: the newline
				long = true
				text = append(text, chunk[:MaxLineBytes-len(text)]...)
			} else {
				text = append(text, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		text = bytes.TrimRight(text, "\r\n")
		if err != nil && len(text) == 0 && !long && len(chunk) == 0 {
			return nil, false, err
		}
		if text == nil {
			text = []byte{}
		}
		return text, long, err
	}
}

// end logs an error that stopped the list early (anything but its end).
func (l *URLList) end(err error) {
	if errors.Is(err, io.EOF) {
		return
	}
	l.log.Error("reading url list stopped", "file", l.name, "line", l.line+1, "err", err)
	l.invalid.Add(1)
}

// CheckURL accepts absolute http(s) URLs only.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("not an absolute http(s) URL")
	}
	return nil
}

// CountLines counts a file's lines (for a progress bar), streaming; -1
// when it cannot be read.
func CountLines(path string) int64 {
	f, err := os.Open(path)
	if err != nil {
		return -1
	}
	defer f.Close()
	var n int64
	buf := make([]byte, 64<<10)
	for {
		k, err := f.Read(buf)
		for _, b := range buf[:k] {
			if b == '\n' {
				n++
			}
		}
		if err != nil {
			return n
		}
	}
}

// BackfillSites returns the crawler's site for a URL of a backfill: the
// configured site that owns it (article or follow pattern), or nil for
// generic extraction.
func BackfillSites(cfg *config.Config) func(u string) *crawler.Site {
	sites := map[string]*crawler.Site{}
	for i := range cfg.Sites {
		sites[cfg.Sites[i].Name] = CrawlerSite(&cfg.Sites[i])
	}
	return func(u string) *crawler.Site {
		if s := cfg.SiteFor(u); s != nil {
			return sites[s.Name]
		}
		return nil
	}
}

// BackfillList is where a backfill's URLs come from, opened: a file, the
// failures files (retry), stdin, or none (drain: a worker of a Redis run
// that fetches what others feed).
type BackfillList struct {
	R     io.Reader
	Name  string
	Total int64 // lines, when known (retry, or a file counted); else -1
	close func() error
}

// Close closes the list's file, if any.
func (l *BackfillList) Close() error {
	if l.close != nil {
		return l.close()
	}
	return nil
}

// OpenBackfillList opens the list of a backfill: with retry, the URLs of
// the failures files not given up (max_attempts); with drain, none; else
// the file path ("-": stdin), whose lines are counted first when count is
// set (for a progress line). A file that cannot be opened is an ErrUsage.
func OpenBackfillList(cfg *config.Config, path string, stdin io.Reader, retry, drain, count bool, log *slog.Logger) (*BackfillList, error) {
	l := &BackfillList{R: stdin, Name: "stdin", Total: -1}
	switch {
	case retry:
		urls, given, err := FailedURLs(cfg.Failures, cfg.MaxAttempts)
		if err != nil {
			return nil, err
		}
		if given > 0 {
			log.Info("--retry-failed: not fetching URLs that failed for good in max_attempts runs", "urls", given, "max_attempts", cfg.MaxAttempts)
		}
		l.Name, l.R, l.Total = cfg.Failures, strings.NewReader(strings.Join(urls, "\n")), int64(len(urls))
	case drain:
		l.Name = "(fed by another worker)"
	case path != "-":
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("%w: url list: %w", ErrUsage, err)
		}
		l.Name, l.R, l.close = path, f, f.Close
		if count {
			l.Total = CountLines(path)
		}
	}
	return l, nil
}

package pipeline

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
)

// URLList reads a backfill's URL list as a stream, as fast as it is
// fetched: one URL per line, blank lines and # comments skipped. A line
// that is not an absolute http(s) URL is logged with its number and
// counted in Invalid.
type URLList struct {
	sc   *bufio.Scanner
	name string
	log  *slog.Logger
	line int
	// Invalid counts the lines that are not URLs.
	Invalid int
	// OnLine, when set, is called for every line read (a progress bar).
	OnLine func()
}

// NewURLList reads the list r, named name in messages.
func NewURLList(r io.Reader, name string, log *slog.Logger) *URLList {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	return &URLList{sc: sc, name: name, log: log}
}

// Next returns the next URL, canonical; ok is false at the end of the
// list (or where it could not be read further, which is logged and
// counted as invalid).
func (l *URLList) Next() (u string, ok bool) {
	for l.sc.Scan() {
		l.line++
		if l.OnLine != nil {
			l.OnLine()
		}
		raw := strings.TrimSpace(l.sc.Text())
		if raw == "" || strings.HasPrefix(raw, "#") {
			continue
		}
		if err := CheckURL(raw); err != nil {
			l.Invalid++
			l.log.Warn("invalid line in url list, skipped", "file", l.name, "line", l.line, "text", raw, "err", err)
			continue
		}
		return crawler.Canonical(raw), true
	}
	if err := l.sc.Err(); err != nil {
		l.log.Error("reading url list stopped", "file", l.name, "line", l.line+1, "err", err)
		l.Invalid++
	}
	return "", false
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

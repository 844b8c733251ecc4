package main

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/output"
	"github.com/newsnorm/newsnorm/state"
)

// runBackfill fetches and extracts every URL of a list, skipping those
// already done, so that running it again resumes.
func runBackfill(ctx context.Context, e *env, args []string) error {
	var (
		c         common
		rf        reportFlags
		out       string
		statePath string
		noBar     bool
		retry     bool
		fl        fleetFlags
		feedOnly  bool
		warcPath  string
	)
	fs := flag.NewFlagSet("backfill", flag.ContinueOnError)
	c.register(fs)
	var pf profileFlags
	pf.register(fs)
	rf.register(fs)
	fl.register(fs)
	fs.StringVar(&out, "out", "", `output path template, or "-" for stdout (default: the config's output)`)
	fs.StringVar(&statePath, "state", "", "state file or redis://host:port/db (default: the config's state)")
	fs.BoolVar(&feedOnly, "feed-only", false, "with a redis state: feed the URL list to the run's shared frontier and exit, fetching nothing")
	fs.StringVar(&warcPath, "warc", "", "also archive every response as WARC to this path template (default: the config's warc)")
	fs.BoolVar(&noBar, "no-progress", false, "no progress bar even on a terminal")
	fs.BoolVar(&retry, "retry-failed", false, "fetch only the URLs of the failures file that are not done yet (no URL list)")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	stopProfile, err := pf.start(e)
	if err != nil {
		return err
	}
	defer stopProfile()
	if retry && fs.NArg() != 0 || !retry && fs.NArg() > 1 {
		return fmt.Errorf("%w: backfill takes one URL list (a file, or - for stdin), or --retry-failed alone", errUsage)
	}
	cfg, err := c.load()
	if err != nil {
		return err
	}
	if err := applyWarcFlag(cfg, warcPath); err != nil {
		return err
	}
	// With a redis state, a worker without a list fetches what others feed.
	shared := state.IsRedisURL(statePath) || statePath == "" && state.IsRedisURL(cfg.State)
	switch {
	case !retry && fs.NArg() == 0 && !shared:
		return fmt.Errorf("%w: backfill takes one URL list (a file, or - for stdin), or --retry-failed alone", errUsage)
	case feedOnly && (!shared || fs.NArg() != 1):
		return fmt.Errorf("%w: --feed-only takes a URL list and a redis state", errUsage)
	}
	drainOnly := !retry && fs.NArg() == 0
	var list io.Reader = e.stdin
	total := int64(-1)
	listName := fs.Arg(0)
	if retry {
		urls, err := failedURLs(cfg.Failures)
		if err != nil {
			return err
		}
		listName = cfg.Failures
		list = strings.NewReader(strings.Join(urls, "\n"))
		total = int64(len(urls))
	} else if drainOnly {
		listName = "(fed by another worker)"
	} else if listName != "-" {
		f, err := os.Open(listName)
		if err != nil {
			return fmt.Errorf("%w: url list: %w", errUsage, err)
		}
		defer f.Close()
		list = f
		if isTerminal(e.stderr) && !noBar {
			total = countLines(listName)
		}
	} else {
		listName = "stdin"
	}
	log := c.logger(e)
	start := time.Now()
	runCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	p, err := openPipeline(runCtx, cfg, out, statePath, fl, e, log, cancel)
	if err != nil {
		return err
	}
	var bar *progressbar.ProgressBar
	if isTerminal(e.stderr) && !noBar {
		bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(e.stderr), progressbar.OptionShowCount(),
			progressbar.OptionShowIts(), progressbar.OptionSetItsString("urls"), progressbar.OptionSetPredictTime(true),
			progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionSetDescription("backfill"))
		defer bar.Finish()
	}

	sites := map[string]*crawler.Site{}
	for i := range cfg.Sites {
		sites[cfg.Sites[i].Name] = crawlerSite(&cfg.Sites[i])
	}
	generic := crawler.Site{Delay: cfg.Delay.Std(), Parallelism: cfg.Parallelism, ObeyRobots: true}
	sc := bufio.NewScanner(list)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	invalid := 0
	next := func() (string, *crawler.Site, bool) {
		for sc.Scan() {
			line++
			if bar != nil {
				_ = bar.Add(1)
			}
			raw := strings.TrimSpace(sc.Text())
			if raw == "" || strings.HasPrefix(raw, "#") {
				continue
			}
			if err := checkURL(raw); err != nil {
				invalid++
				log.Warn("invalid line in url list, skipped", "file", listName, "line", line, "text", raw, "err", err)
				continue
			}
			raw = crawler.Canonical(raw)
			var site *crawler.Site
			if s := cfg.SiteFor(raw); s != nil {
				site = sites[s.Name]
			}
			return raw, site, true
		}
		if err := sc.Err(); err != nil {
			log.Error("reading url list stopped", "file", listName, "line", line+1, "err", err)
			invalid++
		}
		return "", nil, false
	}
	if drainOnly {
		next = nil
	}
	opts := crawlerOptions(cfg, log)
	opts.Shared = p.fleet.backfill(func(u string) *crawler.Site {
		if s := cfg.SiteFor(u); s != nil {
			return sites[s.Name]
		}
		return nil
	}, feedOnly)
	log.Info("backfill started", "list", listName, "config", cfg.File())
	err = crawler.Fetch(runCtx, next, generic, opts, p.hooks(), p.stats)
	if ctx.Err() == nil && runCtx.Err() != nil {
		err = nil
	}
	if invalid > 0 {
		p.log.Warn("url list had invalid lines", "file", listName, "count", invalid)
		p.rejected.Add(int64(invalid))
	}
	return p.finish(ctx, "backfill", start, rf, err)
}

// checkURL accepts absolute http(s) URLs only.
func checkURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return fmt.Errorf("not an absolute http(s) URL")
	}
	return nil
}

// countLines counts a file's lines for the progress bar, streaming.
func countLines(path string) int64 {
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

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// failedURLs reads every failures file the template can name (any
// {site}, {date}, {run} or {worker}: failures of earlier runs and of every
// worker) and returns each URL once, in the order of their first failure.
func failedURLs(template string) ([]string, error) {
	paths, err := filepath.Glob(templateGlob(template))
	if err != nil || len(paths) == 0 {
		return nil, fmt.Errorf("%w: --retry-failed: no failures file matches %q (the config's failures)", errUsage, template)
	}
	seen := map[string]bool{}
	var out []string
	for _, path := range paths {
		if err := readFailures(path, func(u string) {
			if !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}); err != nil {
			return nil, fmt.Errorf("--retry-failed: %w", err)
		}
	}
	return out, nil
}

// templateGlob turns an output path template into a glob pattern: each
// placeholder matches anything, the rest only itself.
func templateGlob(template string) string {
	var b strings.Builder
	for i := 0; i < len(template); i++ {
		if template[i] == '{' {
			if j := strings.IndexByte(template[i:], '}'); j > 0 {
				b.WriteByte('*')
				i += j
				continue
			}
		}
		if strings.IndexByte(`*?[\`, template[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(template[i])
	}
	return b.String()
}

// readFailures calls fn with the URL of each failure in one file (gzip
// when its name ends in .gz), skipping lines that do not parse: a torn
// last line from a crash loses its URL from this file, not from the list
// it came from.
func readFailures(path string, fn func(string)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var rec output.Failure
		if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.URL != "" {
			fn(rec.URL)
		}
	}
	if err := sc.Err(); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

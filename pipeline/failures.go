package pipeline

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/output"
)

// The failures file: one line per URL that failed and is not done yet,
// with how many requests and how many runs it failed in. A run appends a
// line per failure as it happens (so that a crash loses none) and, when it
// ends, rewrites each of its failures files compacted: the lines of one
// URL merged into one, the URLs done since then dropped. A URL that
// failed with a permanent client error (4xx but 408 and 429) in
// max_attempts runs is not fetched again.

// failureLog is the run's failures files.
type failureLog struct {
	w       *output.Writer
	glob    string // this run's failures files (any site)
	maxRuns int
	// given are the URLs that failed permanently in max_attempts runs.
	given map[string]bool
	mu    sync.Mutex
	ended map[string]bool // URLs done in this run
}

// openFailures reads the failures files this run writes to and notes the
// URLs it gives up on.
func openFailures(template string, vars output.Vars, stdout io.Writer, maxRuns int) (*failureLog, error) {
	l := &failureLog{w: output.NewWriter(template, vars, stdout, output.Options{}), maxRuns: maxRuns,
		given: map[string]bool{}, ended: map[string]bool{}}
	if template == output.Stdout {
		return l, nil
	}
	// {site} stays a wildcard: the files of every site of this run.
	parts := strings.Split(template, "{site}")
	for i := range parts {
		parts[i] = output.Expand(parts[i], vars)
	}
	l.glob = templateGlob(strings.Join(parts, "{site}"))
	paths, _ := filepath.Glob(l.glob)
	for _, path := range paths {
		recs, err := readFailureFile(path)
		if err != nil {
			return nil, err
		}
		for _, f := range recs {
			if l.givenUp(f) {
				l.given[f.URL] = true
			}
		}
	}
	return l, nil
}

// permanent reports a client error that asking again will not change.
func permanent(status int) bool {
	return status >= 400 && status < 500 && status != 408 && status != 429
}

func (l *failureLog) givenUp(f output.Failure) bool {
	return l.maxRuns > 0 && permanent(f.Status) && max(f.Runs, 1) >= l.maxRuns
}

// add appends one failure of this run.
func (l *failureLog) add(f output.Failure) error {
	f.Runs = 1
	f.First = f.At
	_, _, err := l.w.Write(f.Site, f)
	return err
}

// done notes that a URL was fetched: its failures go.
func (l *failureLog) done(u string) {
	l.mu.Lock()
	l.ended[u] = true
	l.mu.Unlock()
}

// close closes the writer and, unless the run stopped on an error,
// compacts this run's failures files; isDone says whether a URL was done
// (by any run or worker) since it failed.
func (l *failureLog) close(ctx context.Context, compact bool, isDone func(context.Context, string) (bool, error)) error {
	if err := l.w.Close(); err != nil || l.glob == "" || !compact {
		return err
	}
	paths, _ := filepath.Glob(l.glob)
	var errs []error
	for _, path := range paths {
		if err := l.compact(ctx, path, isDone); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// compact rewrites one failures file with a line per URL not done.
func (l *failureLog) compact(ctx context.Context, path string, isDone func(context.Context, string) (bool, error)) error {
	recs, err := readFailureFile(path)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	var w io.Writer = &buf
	var zw *gzip.Writer
	if strings.HasSuffix(path, ".gz") {
		zw = gzip.NewWriter(&buf)
		w = zw
	}
	for _, f := range recs {
		l.mu.Lock()
		ended := l.ended[f.URL]
		l.mu.Unlock()
		if !ended {
			d, err := isDone(ctx, f.URL)
			ended = err == nil && d
		}
		if ended {
			continue
		}
		line, err := output.Marshal(f)
		if err != nil {
			return err
		}
		w.Write(line)
	}
	if zw != nil {
		zw.Close()
	}
	return WriteFileAtomic(path, buf.Bytes())
}

// readFailureFile reads one failures file (gzip when its name ends in
// .gz), the lines of each URL merged: requests and runs added up, the
// first failure's time kept, the last one's reason and status. Lines that
// do not parse (a torn last line of a crash) are skipped. URLs keep the
// order of their first failure.
func readFailureFile(path string) ([]output.Failure, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, fmt.Errorf("failures %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	byURL := map[string]int{}
	var out []output.Failure
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		var rec output.Failure
		if json.Unmarshal(sc.Bytes(), &rec) != nil || rec.URL == "" {
			continue
		}
		rec.Runs = max(rec.Runs, 1)
		if rec.First == "" {
			rec.First = rec.At
		}
		i, ok := byURL[rec.URL]
		if !ok {
			byURL[rec.URL] = len(out)
			out = append(out, rec)
			continue
		}
		prev := out[i]
		rec.Attempts += prev.Attempts
		rec.Runs += prev.Runs
		rec.First = min(prev.First, rec.First)
		out[i] = rec
	}
	if err := sc.Err(); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, fmt.Errorf("failures %s: %w", path, err)
	}
	return out, nil
}

// WriteFileAtomic writes data to a temporary file beside path and renames
// it over path.
func WriteFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// FailedURLs reads every failures file the template can name (any
// {site}, {date}, {run} or {worker}: failures of earlier runs and of every
// worker) and returns each URL once, in the order of their first failure,
// but those that failed with a permanent client error in maxRuns runs
// (given: how many those are).
func FailedURLs(template string, maxRuns int) (urls []string, given int, err error) {
	paths, err := filepath.Glob(templateGlob(template))
	if err != nil || len(paths) == 0 {
		return nil, 0, fmt.Errorf("%w: --retry-failed: no failures file matches %q (the config's failures)", ErrUsage, template)
	}
	l := &failureLog{maxRuns: maxRuns}
	seen := map[string]bool{}
	var all []output.Failure
	for _, path := range paths {
		recs, err := readFailureFile(path)
		if err != nil {
			return nil, 0, fmt.Errorf("--retry-failed: %w", err)
		}
		all = append(all, recs...)
	}
	slices.SortStableFunc(all, func(a, b output.Failure) int { return strings.Compare(a.First, b.First) })
	for _, f := range all {
		// A url-too-long record holds the start of a URL, not a URL.
		if seen[f.URL] || strings.HasPrefix(f.Reason, string(crawler.ReasonURLTooLong)) {
			continue
		}
		seen[f.URL] = true
		if l.givenUp(f) {
			given++
			continue
		}
		urls = append(urls, f.URL)
	}
	return urls, given, nil
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

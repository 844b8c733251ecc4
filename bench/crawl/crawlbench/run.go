package crawlbench

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/newsnorm/newsnorm/bench/crawl/benchsite"
)

// Result is one verified run of a tool.
type Result struct {
	Tool    string
	N       int // articles
	Rep     int
	Records int
	Site    benchsite.Stats // what the site served during the run
	// SiteCPU is the CPU time the site process used during the run.
	SiteCPU time.Duration
	Measurement
}

// PagesPerSec is articles per second of wall time.
func (r Result) PagesPerSec() float64 { return float64(r.N) / r.Wall.Seconds() }

// CPUPer1000 is CPU seconds (user+system) per 1,000 articles.
func (r Result) CPUPer1000() float64 { return r.CPU().Seconds() * 1000 / float64(r.N) }

// RunOptions say how to run a tool.
type RunOptions struct {
	Work        string        // parent of the per-run directories
	Keep        bool          // keep the run's directory (output, state, logs)
	SampleEvery time.Duration // RSS sampling interval, 0 for none
	Rep         int
}

// Run crawls the target with tool t in a fresh directory, measures the
// child, and verifies both the site's counters (every article fetched,
// each exactly once) and the tool's own output. A failed check is an
// error; the directory is then kept for inspection.
func Run(t *Tool, b *Bins, tgt Target, o RunOptions) (Result, error) {
	res := Result{Tool: t.Name, N: tgt.Server.N, Rep: o.Rep}
	dir, err := os.MkdirTemp(o.Work, t.Name+"-*")
	if err != nil {
		return res, err
	}
	if err := tgt.Server.Reset(); err != nil {
		return res, err
	}
	cmd, err := t.Command(b, tgt, dir)
	if err != nil {
		return res, err
	}
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	logPath := filepath.Join(dir, "stderr.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return res, err
	}
	cmd.Stderr = logf
	cpu0, err := tgt.Server.CPU()
	if err != nil {
		return res, err
	}
	res.Measurement, err = Measure(cmd, o.SampleEvery, nil)
	logf.Close()
	if err != nil {
		return res, err
	}
	cpu1, err := tgt.Server.CPU()
	if err != nil {
		return res, err
	}
	res.SiteCPU = cpu1 - cpu0
	fail := func(err error) (Result, error) {
		return res, fmt.Errorf("%s run %d (kept in %s): %w\nlast log lines:\n%s", t.Name, o.Rep, dir, err, tail(logPath, 1500))
	}
	if res.ExitCode != 0 {
		return fail(fmt.Errorf("exit code %d", res.ExitCode))
	}
	if res.Site, err = tgt.Server.Stats(); err != nil {
		return fail(err)
	}
	if s := res.Site; s.DistinctArticles != int64(res.N) || s.Articles != int64(res.N) {
		return fail(fmt.Errorf("the site served %d article pages (%d distinct), want each of %d exactly once", s.Articles, s.DistinctArticles, res.N))
	}
	if res.Records, err = t.Check(dir, stdout.Bytes(), res.N); err != nil {
		return fail(err)
	}
	if !o.Keep {
		if err := os.RemoveAll(dir); err != nil {
			return res, err
		}
	}
	return res, nil
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/pipeline"
)

// reportOptions are the reporting flags of crawl and backfill.
type reportOptions struct {
	summaryJSON string
	metricsFile string
	strict      bool
}

// check fails fast, before the first request, when a report could not be
// written at the end of the run.
func (r *reportOptions) check() error {
	for flag, path := range map[string]string{"--summary-json": r.summaryJSON, "--metrics-file": r.metricsFile} {
		if path == "" {
			continue
		}
		f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".check-*")
		if err != nil {
			return fmt.Errorf("%w: %s %s: cannot write there: %w", errUsage, flag, path, err)
		}
		f.Close()
		os.Remove(f.Name())
	}
	return nil
}

func (r *reportOptions) AddFlags(fs *pflag.FlagSet) {
	fs.StringVar(&r.summaryJSON, "summary-json", "", "also write the end-of-run summary as JSON to this file")
	fs.StringVar(&r.metricsFile, "metrics-file", "", "write metrics in the Prometheus text format to this file (atomically), for node_exporter's textfile collector")
	fs.BoolVar(&r.strict, "strict", false, "exit 3 when a profiled site's template drift is above drift_threshold")
}

// finish flushes everything, reports the run and turns its outcome into
// an error (and so an exit code). ctx is the command's context: when it is
// done, the run was interrupted.
func (r *aRun) finish(ctx context.Context, rf reportOptions, runErr error) error {
	defer r.cancel(nil)
	if r.timer != nil {
		r.timer.Stop()
	}
	timeUp := ctx.Err() == nil && errors.Is(context.Cause(r.ctx), errRunTime)
	if ctx.Err() == nil && r.ctx.Err() != nil {
		runErr = nil // stopped by a fatal error, which Close returns, or by max_run_time
	}
	fatal := r.p.Close()
	s := r.p.Summary(r.command, r.start)
	c := r.p.Counts()
	var err error
	switch {
	case fatal != nil:
		err = fatal
	case ctx.Err() != nil:
		err = errInterrupted
		s.Interrupted = true
	case runErr != nil:
		err = runErr
	case timeUp:
		err = fmt.Errorf("%w: stopped at max_run_time %v: %d failed, %d rejected, %d invalid url-list lines", errPartial, r.cfg.MaxRunTime.Std(), c.Failed(), c.Rejected(), c.InvalidLines())
	case c.Failed() > 0 || c.Rejected() > 0 || c.InvalidLines() > 0:
		err = fmt.Errorf("%w: %d failed, %d rejected, %d invalid url-list lines", errPartial, c.Failed(), c.Rejected(), c.InvalidLines())
	}
	if drift := s.Drifting(); len(drift) > 0 {
		r.log.Warn("template drift: the profile's rules failed on many pages; the site may have changed its layout",
			"sites", drift, "threshold", r.cfg.DriftThreshold)
		if rf.strict && err == nil {
			err = fmt.Errorf("%w on %v (drift_threshold %g)", errDrift, drift, r.cfg.DriftThreshold)
		}
	}
	if err != nil {
		s.Error = err.Error()
	}
	s.ExitCode = exitCodeOf(err)

	attrs := []any{
		"requests", s.Requests, "pages", s.PagesFetched, "not_modified", s.NotModified, "articles_fetched", s.ArticlesFetched, "rendered", s.Rendered,
		"written", s.Written, "unchanged", s.Unchanged, "already_done", s.AlreadyDone, "duplicates", s.Duplicates,
		"rejected", s.Rejected, "failed", s.Failed, "invalid_lines", s.InvalidLines, "given_up", s.GivenUp, "bytes", s.Bytes,
		"duration", time.Duration(s.DurationSeconds * float64(time.Second)).Round(time.Millisecond).String(),
	}
	for _, k := range crawler.Reasons(s.SkippedByReason) {
		attrs = append(attrs, "skipped_"+k, s.SkippedByReason[k])
	}
	for _, k := range crawler.Reasons(s.FailedByReason) {
		attrs = append(attrs, "failed_"+k, s.FailedByReason[k])
	}
	r.log.Info("summary", attrs...)

	if rf.summaryJSON != "" {
		data, _ := json.MarshalIndent(s, "", "  ")
		if werr := pipeline.WriteFileAtomic(rf.summaryJSON, append(data, '\n')); werr != nil {
			r.log.Error("cannot write the summary", "file", rf.summaryJSON, "err", werr)
		}
	}
	if rf.metricsFile != "" {
		if werr := s.WriteMetrics(rf.metricsFile); werr != nil {
			r.log.Error("cannot write metrics", "file", rf.metricsFile, "err", werr)
		}
	}
	return err
}

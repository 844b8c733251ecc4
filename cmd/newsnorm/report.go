package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/prometheus/client_golang/prometheus"
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
		"requests", s.Requests, "pages", s.PagesFetched, "not_modified", s.NotModified, "articles_fetched", s.ArticlesFetched,
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
		if werr := writeAtomic(rf.summaryJSON, append(data, '\n')); werr != nil {
			r.log.Error("cannot write the summary", "file", rf.summaryJSON, "err", werr)
		}
	}
	if rf.metricsFile != "" {
		if werr := writeMetrics(rf.metricsFile, s); werr != nil {
			r.log.Error("cannot write metrics", "file", rf.metricsFile, "err", werr)
		}
	}
	return err
}

// writeAtomic writes data to a temporary file beside path and renames it.
func writeAtomic(path string, data []byte) error {
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

// writeMetrics writes the summary as Prometheus metrics, atomically
// (prometheus.WriteToTextfile writes a temporary file and renames it).
func writeMetrics(path string, s *pipeline.Summary) error {
	reg := prometheus.NewRegistry()
	gauge := func(name, help string, v float64) {
		g := prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "newsnorm", Name: name, Help: help, ConstLabels: prometheus.Labels{"command": s.Command}})
		g.Set(v)
		reg.MustRegister(g)
	}
	vec := func(name, help, label string, m map[string]int64) {
		g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "newsnorm", Name: name, Help: help, ConstLabels: prometheus.Labels{"command": s.Command}}, []string{label})
		for k, v := range m {
			g.WithLabelValues(k).Set(float64(v))
		}
		reg.MustRegister(g)
	}
	success := 0.0
	if s.ExitCode == 0 {
		success = 1
	}
	gauge("last_run_timestamp_seconds", "When the last run finished (Unix time).", float64(s.Finished.Unix()))
	gauge("last_run_duration_seconds", "How long the last run took.", s.DurationSeconds)
	gauge("last_run_success", "1 when the last run exited 0.", success)
	gauge("last_run_exit_code", "The last run's exit code.", float64(s.ExitCode))
	gauge("last_run_requests", "HTTP requests in the last run, retries included.", float64(s.Requests))
	gauge("last_run_pages_fetched", "Pages fetched in the last run.", float64(s.PagesFetched))
	gauge("last_run_not_modified", "Listing pages, feeds and sitemaps that answered 304 Not Modified.", float64(s.NotModified))
	gauge("last_run_articles_written", "Articles written in the last run.", float64(s.Written))
	gauge("last_run_articles_unchanged", "Rechecked articles that had not changed.", float64(s.Unchanged))
	gauge("last_run_articles_already_done", "Articles skipped because they were written before.", float64(s.AlreadyDone))
	gauge("last_run_rejected", "Pages rejected as not valid articles.", float64(s.Rejected))
	gauge("last_run_failed", "URLs that failed.", float64(s.Failed))
	gauge("last_run_invalid_lines", "Lines of the URL list that are not URLs.", float64(s.InvalidLines))
	gauge("last_run_given_up", "URLs not fetched: they failed with a permanent client error in max_attempts runs.", float64(s.GivenUp))
	gauge("last_run_bytes", "Response bytes fetched.", float64(s.Bytes))
	vec("last_run_skipped", "Pages skipped, by reason.", "reason", s.SkippedByReason)
	vec("last_run_failed_by_reason", "URLs that failed, by reason.", "reason", s.FailedByReason)
	drift := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "newsnorm", Name: "profile_drift_ratio",
		Help: "Share of a site's article pages where the profile's rules found nothing.", ConstLabels: prometheus.Labels{"command": s.Command}}, []string{"site"})
	alarm := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "newsnorm", Name: "profile_drift",
		Help: "1 when the site's drift ratio is above drift_threshold.", ConstLabels: prometheus.Labels{"command": s.Command}}, []string{"site"})
	written := prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: "newsnorm", Name: "last_run_site_articles_written",
		Help: "Articles written in the last run, by site.", ConstLabels: prometheus.Labels{"command": s.Command}}, []string{"site"})
	for name, ss := range s.Sites {
		drift.WithLabelValues(name).Set(ss.DriftRatio)
		v := 0.0
		if ss.Drift {
			v = 1
		}
		alarm.WithLabelValues(name).Set(v)
		written.WithLabelValues(name).Set(float64(ss.Written))
	}
	reg.MustRegister(drift, alarm, written)
	return prometheus.WriteToTextfile(path, reg)
}

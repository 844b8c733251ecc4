package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/newsnorm/newsnorm/crawler"
)

// reportFlags are the reporting flags of crawl and backfill.
type reportFlags struct {
	summaryJSON string
	metricsFile string
	strict      bool
}

func (r *reportFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.summaryJSON, "summary-json", "", "also write the end-of-run summary as JSON to this file")
	fs.StringVar(&r.metricsFile, "metrics-file", "", "write metrics in the Prometheus text format to this file (atomically), for node_exporter's textfile collector")
	fs.BoolVar(&r.strict, "strict", false, "exit 3 when a profiled site's template drift is above drift_threshold")
}

// Summary is what a run did. --summary-json writes it.
type Summary struct {
	Command         string                 `json:"command"`
	Started         time.Time              `json:"started"`
	Finished        time.Time              `json:"finished"`
	DurationSeconds float64                `json:"duration_seconds"`
	Requests        int64                  `json:"requests"`
	PagesFetched    int64                  `json:"pages_fetched"`
	NotModified     int64                  `json:"not_modified"`
	ArticlesFetched int64                  `json:"articles_fetched"`
	Written         int64                  `json:"written"`
	Unchanged       int64                  `json:"unchanged"`
	AlreadyDone     int64                  `json:"already_done"`
	Duplicates      int64                  `json:"duplicates"`
	Rejected        int64                  `json:"rejected"`
	Failed          int64                  `json:"failed"`
	Bytes           int64                  `json:"bytes"`
	SkippedByReason map[string]int64       `json:"skipped_by_reason"`
	FailedByReason  map[string]int64       `json:"failed_by_reason"`
	Sites           map[string]SiteSummary `json:"sites"`
	Interrupted     bool                   `json:"interrupted"`
	Error           string                 `json:"error,omitempty"`
	ExitCode        int                    `json:"exit_code"`
}

// SiteSummary is one site's share of the run, with the template-drift
// alarm: the share of its article pages where a profile rule found nothing
// and a fallback was used.
type SiteSummary struct {
	ArticlesFetched int64   `json:"articles_fetched"`
	Written         int64   `json:"written"`
	ProfileMisses   int64   `json:"profile_misses"`
	DriftRatio      float64 `json:"drift_ratio"`
	Drift           bool    `json:"drift"`
}

func (p *pipeline) summary(command string, start time.Time) *Summary {
	st := p.stats
	s := &Summary{
		Command: command, Started: start.UTC(), Finished: time.Now().UTC(),
		Requests: st.Requests.Load(), PagesFetched: st.Pages.Load(), NotModified: st.NotModified.Load(), ArticlesFetched: st.Articles.Load(),
		Written: p.written.Load(), Unchanged: p.unchanged.Load(), AlreadyDone: st.Done.Load(),
		Duplicates: p.duplicates.Load(), Rejected: p.rejected.Load(), Failed: p.failed.Load(), Bytes: st.Bytes.Load(),
		SkippedByReason: st.Skipped(), FailedByReason: st.Failed(), Sites: map[string]SiteSummary{},
	}
	s.DurationSeconds = s.Finished.Sub(s.Started).Seconds()
	p.sites.Range(func(k, v any) bool {
		c := v.(*siteCounts)
		ss := SiteSummary{ArticlesFetched: c.articles.Load(), Written: c.written.Load(), ProfileMisses: c.misses.Load()}
		if ss.ArticlesFetched > 0 {
			ss.DriftRatio = float64(ss.ProfileMisses) / float64(ss.ArticlesFetched)
		}
		ss.Drift = p.cfg.SiteByName(k.(string)) != nil && ss.DriftRatio > p.cfg.DriftThreshold
		s.Sites[k.(string)] = ss
		return true
	})
	return s
}

// drifting lists the sites whose drift alarm is on.
func (s *Summary) drifting() []string {
	var out []string
	for name, ss := range s.Sites {
		if ss.Drift {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// finish flushes everything, reports the run and turns its outcome into
// an error (and so an exit code).
func (p *pipeline) finish(ctx context.Context, command string, start time.Time, rf reportFlags, runErr error) error {
	if err := p.close(); err != nil && p.fatal == nil {
		p.fatal = err
	}
	s := p.summary(command, start)
	var err error
	switch {
	case p.fatal != nil:
		err = p.fatal
	case ctx.Err() != nil:
		err = errInterrupted
		s.Interrupted = true
	case runErr != nil:
		err = runErr
	case p.failed.Load() > 0 || p.rejected.Load() > 0:
		err = fmt.Errorf("%w: %d failed, %d rejected", errPartial, p.failed.Load(), p.rejected.Load())
	}
	if drift := s.drifting(); len(drift) > 0 {
		p.log.Warn("template drift: the profile's rules failed on many pages; the site may have changed its layout",
			"sites", drift, "threshold", p.cfg.DriftThreshold)
		if rf.strict && err == nil {
			err = fmt.Errorf("%w: template drift on %v", errPartial, drift)
		}
	}
	if err != nil {
		s.Error = err.Error()
	}
	s.ExitCode = exitCodeOf(err)

	attrs := []any{
		"requests", s.Requests, "pages", s.PagesFetched, "not_modified", s.NotModified, "articles_fetched", s.ArticlesFetched,
		"written", s.Written, "unchanged", s.Unchanged, "already_done", s.AlreadyDone, "duplicates", s.Duplicates,
		"rejected", s.Rejected, "failed", s.Failed, "bytes", s.Bytes,
		"duration", time.Duration(s.DurationSeconds * float64(time.Second)).Round(time.Millisecond).String(),
	}
	for _, k := range crawler.Reasons(s.SkippedByReason) {
		attrs = append(attrs, "skipped_"+k, s.SkippedByReason[k])
	}
	for _, k := range crawler.Reasons(s.FailedByReason) {
		attrs = append(attrs, "failed_"+k, s.FailedByReason[k])
	}
	p.log.Info("summary", attrs...)

	if rf.summaryJSON != "" {
		data, _ := json.MarshalIndent(s, "", "  ")
		if werr := writeAtomic(rf.summaryJSON, append(data, '\n')); werr != nil {
			p.log.Error("cannot write the summary", "file", rf.summaryJSON, "err", werr)
		}
	}
	if rf.metricsFile != "" {
		if werr := writeMetrics(rf.metricsFile, s); werr != nil {
			p.log.Error("cannot write metrics", "file", rf.metricsFile, "err", werr)
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
func writeMetrics(path string, s *Summary) error {
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

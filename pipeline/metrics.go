package pipeline

import (
	"github.com/prometheus/client_golang/prometheus"
)

// WriteMetrics writes the summary as Prometheus metrics for
// node_exporter's textfile collector, atomically
// (prometheus.WriteToTextfile writes a temporary file and renames it).
func (s *Summary) WriteMetrics(path string) error {
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
	gauge("last_run_rendered", "Article pages rendered in the browser (sites with render).", float64(s.Rendered))
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

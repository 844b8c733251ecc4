package pipeline

import (
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
)

// Counts are what the pipeline did in a run. Safe for concurrent use.
type Counts struct {
	written    atomic.Int64
	unchanged  atomic.Int64
	duplicates atomic.Int64
	rejected   atomic.Int64
	failed     atomic.Int64
	invalid    atomic.Int64 // lines of a URL list that are not URLs
	givenUp    atomic.Int64 // URLs not fetched: failed for good in max_attempts runs
	sites      sync.Map     // site name -> *siteCounts
	// Records of WARC files skipped, and damage in them, by reason
	// (backfill --from-warc); the summary adds them to the crawler's.
	skipped, failedBy reasons
}

// reasons count by reason. Safe for concurrent use.
type reasons struct {
	mu sync.Mutex
	m  map[string]int64
}

func (r *reasons) add(reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]int64{}
	}
	r.m[reason]++
}

// addTo adds the counts to m.
func (r *reasons) addTo(m map[string]int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, v := range r.m {
		m[k] += v
	}
}

// Failed is the number of URLs that failed; Rejected the number of pages
// (and URL-list lines) that gave no valid article.
func (c *Counts) Failed() int64   { return c.failed.Load() }
func (c *Counts) Rejected() int64 { return c.rejected.Load() }

// Written is the number of records written and marked done so far.
func (c *Counts) Written() int64 { return c.written.Load() }

// InvalidLines is the number of URL-list lines that are not URLs.
func (c *Counts) InvalidLines() int64 { return c.invalid.Load() }

// siteCounts are per-site figures for the summary and the drift alarm.
type siteCounts struct {
	articles atomic.Int64 // article pages extracted
	written  atomic.Int64
	misses   atomic.Int64 // pages where a profile rule found nothing
}

func (c *Counts) site(name string) *siteCounts {
	v, _ := c.sites.LoadOrStore(name, &siteCounts{})
	return v.(*siteCounts)
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
	Rendered        int64                  `json:"rendered"` // article pages rendered in the browser
	Written         int64                  `json:"written"`
	Unchanged       int64                  `json:"unchanged"`
	AlreadyDone     int64                  `json:"already_done"`
	Duplicates      int64                  `json:"duplicates"`
	Rejected        int64                  `json:"rejected"`
	Failed          int64                  `json:"failed"`
	InvalidLines    int64                  `json:"invalid_lines"`
	GivenUp         int64                  `json:"given_up"`
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

// Summary sums up the run so far: the crawler's stats and the pipeline's
// counts.
func (p *Pipeline) Summary(command string, start time.Time) *Summary {
	return summarize(command, start, p.stats, &p.counts, p.cfg)
}

func summarize(command string, start time.Time, st *crawler.Stats, c *Counts, cfg *config.Config) *Summary {
	s := &Summary{
		Command: command, Started: start.UTC(), Finished: time.Now().UTC(),
		Requests: st.Requests.Load(), PagesFetched: st.Pages.Load(), NotModified: st.NotModified.Load(), ArticlesFetched: st.Articles.Load(),
		Rendered: st.Rendered.Load(),
		Written:  c.written.Load(), Unchanged: c.unchanged.Load(), AlreadyDone: st.Done.Load(),
		Duplicates: c.duplicates.Load(), Rejected: c.rejected.Load(), Failed: c.failed.Load(), InvalidLines: c.invalid.Load(), GivenUp: c.givenUp.Load(), Bytes: st.Bytes.Load(),
		SkippedByReason: st.Skipped(), FailedByReason: st.Failed(), Sites: map[string]SiteSummary{},
	}
	c.skipped.addTo(s.SkippedByReason)
	c.failedBy.addTo(s.FailedByReason)
	s.DurationSeconds = s.Finished.Sub(s.Started).Seconds()
	// Every configured site has its figures, even on a run that wrote
	// nothing for it, so that its metrics never vanish.
	for i := range cfg.Sites {
		c.site(cfg.Sites[i].Name)
	}
	c.sites.Range(func(k, v any) bool {
		sc := v.(*siteCounts)
		ss := SiteSummary{ArticlesFetched: sc.articles.Load(), Written: sc.written.Load(), ProfileMisses: sc.misses.Load()}
		if ss.ArticlesFetched > 0 {
			ss.DriftRatio = float64(ss.ProfileMisses) / float64(ss.ArticlesFetched)
		}
		ss.Drift = cfg.SiteByName(k.(string)) != nil && ss.DriftRatio > cfg.DriftThreshold
		s.Sites[k.(string)] = ss
		return true
	})
	return s
}

// Drifting lists the sites whose drift alarm is on.
func (s *Summary) Drifting() []string {
	var out []string
	for name, ss := range s.Sites {
		if ss.Drift {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

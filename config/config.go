package config

import (
	"fmt"
	"regexp"
	"time"

	"go.yaml.in/yaml/v4"
)

// Config is the whole configuration file.
type Config struct {
	// State is the embedded store file, or redis://host:port/db.
	State string `yaml:"state"`
	// Output is the records' path template ({site}, {date}, {run},
	// {worker}) or "-" for stdout.
	Output string `yaml:"output"`
	// Rejects is the path template for pages that are not valid articles.
	Rejects string `yaml:"rejects"`
	// Failures is the path of the failures JSONL (fetch errors).
	Failures string `yaml:"failures"`
	// Warc is the raw archive's path template (same placeholders as
	// Output): every page and feed response as WARC records, gzip per
	// record when it ends in ".gz". Empty: no archive.
	Warc                 string `yaml:"warc"`
	UserAgent            string `yaml:"user_agent"`
	AllowPrivateNetworks bool   `yaml:"allow_private_networks"`
	// Timeout bounds one request, connection and body included.
	Timeout Duration `yaml:"timeout"`
	// MaxBodyBytes caps a response body (after decompression).
	MaxBodyBytes int `yaml:"max_body_bytes"`
	// MaxURLBytes: a longer URL is not fetched but is a failure of its own
	// (url-too-long).
	MaxURLBytes int `yaml:"max_url_bytes"`
	// Retries is how often a failed request (timeout, 5xx, 429) is retried.
	Retries int `yaml:"retries"`
	// MaxRetryWait caps one wait before a retry, Retry-After included;
	// a longer Retry-After fails the URL.
	MaxRetryWait Duration `yaml:"max_retry_wait"`
	// StopGrace is how long in-flight requests may finish after SIGINT or
	// SIGTERM.
	StopGrace Duration `yaml:"stop_grace"`
	// MaxConnections bounds the connections open at once over every host
	// (idle ones included); MaxSitesInFlight the sites crawled at once,
	// each started as another finishes.
	MaxConnections   int `yaml:"max_connections"`
	MaxSitesInFlight int `yaml:"max_sites_in_flight"`
	// MaxAttempts is how many runs a URL that fails with a permanent
	// client error (4xx but 408, 429) is fetched in before it is given
	// up (0: never given up).
	MaxAttempts int `yaml:"max_attempts"`
	// MaxRunTime bounds a whole run (0: no limit): when it is reached, the
	// run stops as on SIGTERM and exits as a completed run with failures.
	MaxRunTime Duration `yaml:"max_run_time"`
	// MinBodyChars rejects articles whose body is shorter.
	MinBodyChars int `yaml:"min_body_chars"`
	// FsyncEvery makes records durable (file fsync, then one state
	// transaction) every N records; 1 is every record. Read it with
	// FsyncEveryFor: its default depends on the state.
	FsyncEvery int `yaml:"fsync_every"`
	// FsyncInterval bounds how long a record may wait for durability
	// when FsyncEvery > 1.
	FsyncInterval Duration `yaml:"fsync_interval"`
	// RotateBytes and RotateRecords start a new output part when reached
	// (0: never).
	RotateBytes   int64 `yaml:"rotate_bytes"`
	RotateRecords int   `yaml:"rotate_records"`
	// DriftThreshold flags a profiled site when more than this share of
	// its article pages needed a fallback because the profile's rules
	// found nothing.
	DriftThreshold float64 `yaml:"drift_threshold"`
	// Delay and Parallelism apply to hosts of URLs that no site owns
	// (backfill of arbitrary URLs).
	Delay       Duration `yaml:"delay"`
	Parallelism int      `yaml:"parallelism"`
	Sites       []Site   `yaml:"sites"`
	// BrowserTabs bounds the pages rendered at once (sites with render).
	BrowserTabs int `yaml:"browser_tabs"`
	// BrowserPath is the Chromium executable ("" = find chromium).
	BrowserPath string `yaml:"browser_path"`
	// RenderTimeout bounds the rendering of one page.
	RenderTimeout Duration `yaml:"render_timeout"`

	// file and root are where the config came from, for error messages.
	file string
	root *yaml.Node
}

// Site is one configured news site: how to discover its articles and how
// to extract them.
type Site struct {
	Name      string   `yaml:"name"`
	StartURLs []string `yaml:"start_urls"`
	Feeds     []string `yaml:"feeds"`
	Sitemaps  []string `yaml:"sitemaps"`
	// SitemapsFromRobots also reads the Sitemap: lines of the robots.txt
	// of the start, feed and sitemap hosts.
	SitemapsFromRobots bool `yaml:"sitemaps_from_robots"`
	// SitemapMaxAge skips sitemap entries older than this (0: no limit).
	SitemapMaxAge Duration `yaml:"sitemap_max_age"`
	Follow        []string `yaml:"follow"`
	Article       string   `yaml:"article"`
	MaxDepth      int      `yaml:"max_depth"`
	// MaxPages bounds the pages a crawl requests for the site in a run
	// (0: no limit); MaxQueryVariants the listing pages of one path that
	// differ only in their query string (0: no limit).
	MaxPages         int      `yaml:"max_pages"`
	MaxQueryVariants int      `yaml:"max_query_variants"`
	Delay            Duration `yaml:"delay"`
	Parallelism      int      `yaml:"parallelism"`
	Timezone         string   `yaml:"timezone"`
	// DateOrder is "dmy" or "mdy": how to read ambiguous numeric dates.
	DateOrder string `yaml:"date_order"`
	// Charset forces the pages' encoding, overriding what they declare.
	Charset    string `yaml:"charset"`
	ObeyRobots *bool  `yaml:"obey_robots"`
	// Recheck re-fetches articles published within this window and
	// writes a new record when their content changed (0: never).
	Recheck Duration `yaml:"recheck"`
	// Render loads article pages in headless Chromium before extraction:
	// "none" (the default), "browser" (every article page) or "auto" (only
	// pages whose static HTML gives no valid article).
	Render string `yaml:"render"`
	// RenderWait is a CSS selector that makes a rendered page ready
	// (default: the network is idle).
	RenderWait string `yaml:"render_wait"`
	Fields     Fields `yaml:"fields"`
	// Boilerplate extends the default boilerplate rules for this site.
	Boilerplate Boilerplate `yaml:"boilerplate"`

	follow   []*regexp.Regexp
	article  *regexp.Regexp
	location *time.Location
	dropText []*regexp.Regexp
	index    int
}

// Fields holds a site's extraction rules, one per field.
type Fields struct {
	ID        FieldRule `yaml:"id"`
	Headline  FieldRule `yaml:"headline"`
	Published FieldRule `yaml:"published"`
	Body      FieldRule `yaml:"body"`
}

// FieldRule: the first selector or label that yields a value wins.
type FieldRule struct {
	Selectors []string `yaml:"selectors"`
	Attr      string   `yaml:"attr"`
	Labels    []string `yaml:"labels"`
	Pattern   string   `yaml:"pattern"`
}

// Boilerplate lists what to remove on top of the defaults.
type Boilerplate struct {
	// Selectors are CSS selectors of elements to remove.
	Selectors []string `yaml:"selectors"`
	// Text are regular expressions; a text block that matches is dropped.
	Text []string `yaml:"text"`
}

// Duration is a time.Duration written as "1s", "250ms", "24h".
type Duration time.Duration

// UnmarshalYAML reads a Go duration string.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := time.ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("not a duration (try 1s, 500ms, 24h)")
	}
	*d = Duration(v)
	return nil
}

// MarshalYAML writes the duration as a string.
func (d Duration) MarshalYAML() (any, error) { return time.Duration(d).String(), nil }

// Std returns the value as a time.Duration.
func (d Duration) Std() time.Duration { return time.Duration(d) }

// Site defaults applied by Parse to keys a site leaves out.
const (
	DefaultMaxDepth         = 2
	DefaultDelay            = Duration(time.Second)
	DefaultParallelism      = 2
	DefaultMaxQueryVariants = 1000
)

// Default returns the configuration used when there is no config file:
// generic extraction, the embedded state file and output under ./out.
func Default() *Config {
	return &Config{
		State:            "newsnorm.db",
		Output:           "out/{site}-{date}.jsonl",
		Rejects:          "out/rejects-{date}.jsonl",
		Failures:         "out/failures.jsonl",
		UserAgent:        "newsnorm/0.1 (+https://github.com/newsnorm/newsnorm)",
		Timeout:          Duration(30 * time.Second),
		MaxBodyBytes:     10 << 20,
		MaxURLBytes:      8 << 10,
		Retries:          2,
		MaxRetryWait:     Duration(time.Minute),
		StopGrace:        Duration(10 * time.Second),
		MaxConnections:   512,
		MaxSitesInFlight: 256,
		MinBodyChars:     200,
		MaxAttempts:      3,
		Delay:            DefaultDelay,
		Parallelism:      DefaultParallelism,
		FsyncEvery:       DefaultFsyncEvery,
		BrowserTabs:      2,
		RenderTimeout:    Duration(30 * time.Second),
		FsyncInterval:    Duration(time.Second),
		DriftThreshold:   0.2,
		file:             "(defaults)",
	}
}

// The defaults of fsync_every. A fleet worker's frontier acknowledges a
// page before its record is durable, so a dead worker's unflushed batch
// would wait for the next run: in a fleet (a Redis state), records are
// durable one by one unless the config says otherwise.
const (
	DefaultFsyncEvery = 100
	FleetFsyncEvery   = 1
)

// FsyncEveryFor is the fsync_every in effect: as the config file sets it,
// else DefaultFsyncEvery, or FleetFsyncEvery for a fleet.
func (c *Config) FsyncEveryFor(fleet bool) int {
	if fleet && !c.IsSet("fsync_every") {
		return FleetFsyncEvery
	}
	return c.FsyncEvery
}

// IsSet reports whether the config file sets a top-level key (as opposed
// to the key taking its default).
func (c *Config) IsSet(key string) bool { return c.line(key) > 0 }

// File is the path the config was read from, or "(defaults)".
func (c *Config) File() string { return c.file }

// SiteByName returns the configured site with that name.
func (c *Config) SiteByName(name string) *Site {
	for i := range c.Sites {
		if c.Sites[i].Name == name {
			return &c.Sites[i]
		}
	}
	return nil
}

// SiteFor returns the configured site whose article, follow or start
// URLs match rawURL, or nil.
func (c *Config) SiteFor(rawURL string) *Site {
	for i := range c.Sites {
		if c.Sites[i].Owns(rawURL) {
			return &c.Sites[i]
		}
	}
	return nil
}

// Renders reports whether the site's pages go through the browser.
func (s *Site) Renders() bool { return s.Render == "browser" || s.Render == "auto" }

// ObeysRobots reports whether robots.txt applies to the site (default yes).
func (s *Site) ObeysRobots() bool { return s.ObeyRobots == nil || *s.ObeyRobots }

// ArticlePattern is the compiled article URL pattern (after Validate).
func (s *Site) ArticlePattern() *regexp.Regexp { return s.article }

// FollowPatterns are the compiled follow patterns (after Validate).
func (s *Site) FollowPatterns() []*regexp.Regexp { return s.follow }

// Location is the site's time zone (after Validate).
func (s *Site) Location() *time.Location { return s.location }

// Owns reports whether rawURL belongs to the site: it matches the article
// or a follow pattern.
func (s *Site) Owns(rawURL string) bool {
	if s.article != nil && s.article.MatchString(rawURL) {
		return true
	}
	for _, f := range s.follow {
		if f.MatchString(rawURL) {
			return true
		}
	}
	return false
}

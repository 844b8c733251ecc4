package config

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // time zones work on machines without tzdata

	"github.com/andybalholm/cascadia"

	"github.com/newsnorm/newsnorm/internal/charset"
)

// FieldError is one bad value in a config file.
type FieldError struct {
	File  string
	Line  int    // 0 when the key is not in the file (a default)
	Key   string // e.g. "sites[0].article"
	Value string
	Msg   string
	// noValue leaves the value out of the message (an unknown key).
	noValue bool
}

func (e *FieldError) Error() string {
	where := e.File
	if e.Line > 0 {
		where = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.noValue {
		return fmt.Sprintf("%s: %s: %s", where, e.Key, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %q: %s", where, e.Key, e.Value, e.Msg)
}

// siteName keeps site names safe to use in file names.
var siteName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// templateVar finds {placeholders} in path templates.
var templateVar = regexp.MustCompile(`\{[^}]*\}`)

var knownVars = map[string]bool{"{site}": true, "{date}": true, "{run}": true, "{worker}": true}

// CheckArchiveTemplate checks a WARC path template (the warc key, or a
// --warc flag): a file path, not stdout, with known placeholders only.
func CheckArchiveTemplate(v string) error {
	if strings.TrimSpace(v) == "" || v == "-" {
		return errors.New(`must be a file path template ("" turns the archive off; it cannot go to stdout)`)
	}
	for _, m := range templateVar.FindAllString(v, -1) {
		if !knownVars[m] {
			return fmt.Errorf("unknown placeholder %s (known: {site}, {date}, {run}, {worker})", m)
		}
	}
	return nil
}

// Validate checks every value and compiles the site patterns. The error
// joins one *FieldError per bad value.
func (c *Config) Validate() error {
	var errs []error
	bad := func(key, value, format string, args ...any) {
		errs = append(errs, &FieldError{File: c.file, Line: c.line(key), Key: key, Value: value, Msg: fmt.Sprintf(format, args...)})
	}
	if c.State == "" {
		bad("state", c.State, "must be a file path or redis://host:port/db")
	} else if strings.Contains(c.State, "://") {
		if u, err := url.Parse(c.State); err != nil || u.Scheme != "redis" && u.Scheme != "rediss" || u.Host == "" {
			bad("state", c.State, "must be a file path or redis://host:port/db")
		}
	}
	for key, v := range map[string]string{"output": c.Output, "rejects": c.Rejects} {
		if v == "" {
			bad(key, v, "must be a path template or -")
			continue
		}
		for _, m := range templateVar.FindAllString(v, -1) {
			if !knownVars[m] {
				bad(key, v, "unknown placeholder %s (known: {site}, {date}, {run}, {worker})", m)
			}
		}
	}
	if c.Failures == "" || c.Failures == "-" {
		bad("failures", c.Failures, "must be a file path")
	}
	if c.Warc != "" {
		if err := CheckArchiveTemplate(c.Warc); err != nil {
			bad("warc", c.Warc, "%v", err)
		}
	}
	if strings.TrimSpace(c.UserAgent) == "" {
		bad("user_agent", c.UserAgent, "must not be empty: sites need to know who is crawling")
	}
	if c.Timeout <= 0 {
		bad("timeout", c.Timeout.Std().String(), "must be positive")
	}
	if c.MaxBodyBytes <= 0 {
		bad("max_body_bytes", fmt.Sprint(c.MaxBodyBytes), "must be positive")
	}
	if c.MaxURLBytes < 256 || c.MaxURLBytes > 1<<20 {
		bad("max_url_bytes", fmt.Sprint(c.MaxURLBytes), "must be between 256 and 1048576 (the longest line of a URL list)")
	}
	if c.MaxRetryWait <= 0 {
		bad("max_retry_wait", c.MaxRetryWait.Std().String(), "must be positive")
	}
	if c.StopGrace < 0 {
		bad("stop_grace", c.StopGrace.Std().String(), "must not be negative")
	}
	if c.MaxConnections < 1 || c.MaxConnections > 1<<20 {
		bad("max_connections", fmt.Sprint(c.MaxConnections), "must be between 1 and 1048576")
	}
	if c.MaxSitesInFlight < 1 {
		bad("max_sites_in_flight", fmt.Sprint(c.MaxSitesInFlight), "must be at least 1")
	}
	if c.MaxRunTime < 0 {
		bad("max_run_time", c.MaxRunTime.Std().String(), "must not be negative (0 = no limit)")
	}
	if c.Retries < 0 || c.Retries > 20 {
		bad("retries", fmt.Sprint(c.Retries), "must be between 0 and 20")
	}
	if c.MaxAttempts < 0 {
		bad("max_attempts", fmt.Sprint(c.MaxAttempts), "must not be negative (0: never give up)")
	}
	if c.MinBodyChars < 0 {
		bad("min_body_chars", fmt.Sprint(c.MinBodyChars), "must not be negative")
	}
	if c.FsyncEvery < 1 {
		bad("fsync_every", fmt.Sprint(c.FsyncEvery), "must be at least 1 (1 = every record)")
	}
	if c.FsyncInterval < 0 {
		bad("fsync_interval", c.FsyncInterval.Std().String(), "must not be negative")
	}
	if c.RotateBytes < 0 {
		bad("rotate_bytes", fmt.Sprint(c.RotateBytes), "must not be negative")
	}
	if c.RotateRecords < 0 {
		bad("rotate_records", fmt.Sprint(c.RotateRecords), "must not be negative")
	}
	if c.DriftThreshold < 0 || c.DriftThreshold > 1 {
		bad("drift_threshold", fmt.Sprint(c.DriftThreshold), "must be a share between 0 and 1")
	}
	if c.Delay < 0 {
		bad("delay", c.Delay.Std().String(), "must not be negative")
	}
	if c.BrowserTabs < 1 || c.BrowserTabs > 32 {
		bad("browser_tabs", fmt.Sprint(c.BrowserTabs), "must be between 1 and 32")
	}
	if c.RenderTimeout <= 0 {
		bad("render_timeout", c.RenderTimeout.Std().String(), "must be positive")
	}
	if c.Parallelism < 1 || c.Parallelism > 64 {
		bad("parallelism", fmt.Sprint(c.Parallelism), "must be between 1 and 64")
	}
	names := map[string]bool{}
	for i := range c.Sites {
		c.validateSite(i, bad)
		if n := c.Sites[i].Name; names[n] {
			bad(fmt.Sprintf("sites[%d].name", i), n, "is used by another site")
		} else {
			names[n] = true
		}
	}
	if err := c.checkFleetPaths(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (c *Config) validateSite(i int, bad func(key, value, format string, args ...any)) {
	s := &c.Sites[i]
	key := func(k string) string { return fmt.Sprintf("sites[%d].%s", i, k) }
	if !siteName.MatchString(s.Name) {
		bad(key("name"), s.Name, "must be 1-64 of a-z, 0-9, '.', '_', '-', starting with a letter or digit")
	}
	for field, list := range map[string][]string{"start_urls": s.StartURLs, "feeds": s.Feeds, "sitemaps": s.Sitemaps} {
		for j, raw := range list {
			if u, err := url.Parse(raw); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				bad(fmt.Sprintf("%s[%d]", key(field), j), raw, "must be an absolute http(s) URL")
			}
		}
	}
	s.follow = s.follow[:0]
	for j, raw := range s.Follow {
		re, err := regexp.Compile(raw)
		if err != nil {
			bad(fmt.Sprintf("%s[%d]", key("follow"), j), raw, "bad regular expression: %v", err)
			continue
		}
		s.follow = append(s.follow, re)
	}
	if s.Article == "" {
		bad(key("article"), s.Article, "is required: the regular expression of the site's article URLs")
	} else if re, err := regexp.Compile(s.Article); err != nil {
		bad(key("article"), s.Article, "bad regular expression: %v", err)
	} else {
		s.article = re
	}
	if s.MaxDepth < 0 {
		bad(key("max_depth"), fmt.Sprint(s.MaxDepth), "must not be negative")
	}
	if s.MaxPages < 0 {
		bad(key("max_pages"), fmt.Sprint(s.MaxPages), "must not be negative (0 = no limit)")
	}
	if s.MaxQueryVariants < 0 {
		bad(key("max_query_variants"), fmt.Sprint(s.MaxQueryVariants), "must not be negative (0 = no limit)")
	}
	if s.Delay < 0 {
		bad(key("delay"), s.Delay.Std().String(), "must not be negative")
	}
	if s.SitemapMaxAge < 0 {
		bad(key("sitemap_max_age"), s.SitemapMaxAge.Std().String(), "must not be negative")
	}
	if s.Recheck < 0 {
		bad(key("recheck"), s.Recheck.Std().String(), "must not be negative")
	}
	if s.Parallelism < 1 || s.Parallelism > 64 {
		bad(key("parallelism"), fmt.Sprint(s.Parallelism), "must be between 1 and 64")
	}
	if loc, err := time.LoadLocation(s.Timezone); err != nil {
		bad(key("timezone"), s.Timezone, "unknown time zone (use an IANA name such as Asia/Tehran, or UTC)")
	} else {
		s.location = loc
	}
	switch s.DateOrder {
	case "", "dmy", "mdy":
	default:
		bad(key("date_order"), s.DateOrder, `must be "dmy" or "mdy"`)
	}
	switch s.Render {
	case "", "none", "browser", "auto":
	default:
		bad(key("render"), s.Render, `must be "none", "browser" or "auto"`)
	}
	if s.RenderWait != "" {
		if _, err := cascadia.Compile(s.RenderWait); err != nil {
			bad(key("render_wait"), s.RenderWait, "bad CSS selector: %v", err)
		}
	}
	if s.Charset != "" {
		if !charset.Valid(s.Charset) {
			bad(key("charset"), s.Charset, "unknown character encoding")
		}
	}
	for name, r := range map[string]FieldRule{"id": s.Fields.ID, "headline": s.Fields.Headline, "published": s.Fields.Published, "body": s.Fields.Body} {
		for j, sel := range r.Selectors {
			if _, err := cascadia.Compile(sel); err != nil {
				bad(fmt.Sprintf("%s[%d]", key("fields."+name+".selectors"), j), sel, "bad CSS selector: %v", err)
			}
		}
		if r.Pattern != "" {
			if _, err := regexp.Compile(r.Pattern); err != nil {
				bad(key("fields."+name+".pattern"), r.Pattern, "bad regular expression: %v", err)
			}
		}
	}
	for j, sel := range s.Boilerplate.Selectors {
		if _, err := cascadia.Compile(sel); err != nil {
			bad(fmt.Sprintf("%s[%d]", key("boilerplate.selectors"), j), sel, "bad CSS selector: %v", err)
		}
	}
	s.dropText = s.dropText[:0]
	for j, t := range s.Boilerplate.Text {
		re, err := regexp.Compile(t)
		if err != nil {
			bad(fmt.Sprintf("%s[%d]", key("boilerplate.text"), j), t, "bad regular expression: %v", err)
			continue
		}
		s.dropText = append(s.dropText, re)
	}
}

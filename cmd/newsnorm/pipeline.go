package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/output"
	"github.com/newsnorm/newsnorm/state"
)

// pipeline takes fetched pages through extraction, validation, output and
// state. Records are written in batches; each batch is durable and marked
// done before the next (see commit and flush).
type pipeline struct {
	cfg      *config.Config
	store    state.Store
	fleet    *fleet // with a redis state: the run shared with other workers
	out      *output.Writer
	rejects  *output.Writer
	failures *output.Writer
	archive  *rawArchive // the raw archive (WARC, warc.go); nil when off
	log      *slog.Logger
	stats    *crawler.Stats
	cancel   context.CancelCauseFunc

	profiles sync.Map // site name -> *extract.Profile
	recheck  map[string]time.Duration

	// mu guards the commit path: the batch of written but not yet
	// durable records, the keys of every record written but not yet
	// marked done (the batch and the one being flushed), and fatal.
	mu       sync.Mutex
	batch    []state.Done
	pending  map[string]bool // site NUL id
	fatal    error
	stopTick chan struct{}
	// flushMu makes flushes one at a time, in the order of their batches,
	// so that the output lengths the state records never go back.
	flushMu sync.Mutex

	written    atomic.Int64
	unchanged  atomic.Int64
	duplicates atomic.Int64
	rejected   atomic.Int64
	failed     atomic.Int64
	sites      sync.Map // site name -> *siteCounts
}

// siteCounts are per-site figures for the summary and the drift alarm.
type siteCounts struct {
	articles atomic.Int64 // article pages extracted
	written  atomic.Int64
	misses   atomic.Int64 // pages where a profile rule found nothing
}

func (p *pipeline) site(name string) *siteCounts {
	v, _ := p.sites.LoadOrStore(name, &siteCounts{})
	return v.(*siteCounts)
}

// runVars are the values of the path templates for this run: {run} is
// --run-id when given, {worker} --worker (default hostname-pid).
func runVars(start time.Time, fl fleetFlags) output.Vars {
	v := output.Vars{
		Date:   start.UTC().Format("2006-01-02"),
		Run:    start.UTC().Format("20060102T150405Z"),
		Worker: fl.name(),
	}
	if fl.runID != "" {
		v.Run = fl.runID
	}
	return v
}

// openPipeline opens the state store and the writers.
func openPipeline(ctx context.Context, cfg *config.Config, outPath, statePath string, fl fleetFlags, e *env, log *slog.Logger, cancel context.CancelCauseFunc) (*pipeline, error) {
	if statePath == "" {
		statePath = cfg.State
	}
	if outPath == "" {
		outPath = cfg.Output
	}
	store, fleet, err := openStore(ctx, cfg, statePath, outPath, fl, log)
	if err != nil {
		return nil, err
	}
	vars := runVars(time.Now(), fl)
	outOpts := output.Options{RotateBytes: cfg.RotateBytes, RotateRecords: cfg.RotateRecords, Buffer: true}
	p := &pipeline{
		cfg:      cfg,
		store:    store,
		fleet:    fleet,
		out:      output.NewWriter(outPath, vars, e.stdout, outOpts),
		rejects:  output.NewWriter(cfg.Rejects, vars, e.stdout, output.Options{}),
		failures: output.NewWriter(cfg.Failures, vars, e.stdout, output.Options{}),
		archive:  newArchive(cfg, vars),
		log:      log,
		stats:    &crawler.Stats{},
		cancel:   cancel,
		recheck:  map[string]time.Duration{},
		pending:  map[string]bool{},
		stopTick: make(chan struct{}),
	}
	for i := range cfg.Sites {
		if r := cfg.Sites[i].Recheck.Std(); r > 0 {
			p.recheck[cfg.Sites[i].Name] = r
		}
	}
	if cfg.FsyncEvery > 1 && cfg.FsyncInterval > 0 {
		go p.tick(cfg.FsyncInterval.Std())
	}
	p.out.Prepare = func(path string, size int64) (int64, error) {
		rec, ok, err := store.OutputSize(ctx, path)
		if err != nil {
			return 0, err
		}
		switch {
		case !ok:
			// A new file to this state: remember where its records start.
			return size, store.SetOutputSize(ctx, path, size)
		case size > rec:
			log.Warn("output has bytes that were never marked done (torn line or crash before commit); cutting them off",
				"file", path, "bytes", size-rec)
			return rec, nil
		case size < rec:
			log.Warn("output is shorter than the state recorded; someone truncated it", "file", path, "recorded", rec, "size", size)
			return size, store.SetOutputSize(ctx, path, size)
		}
		return size, nil
	}
	return p, nil
}

// tick makes records durable at least every interval.
func (p *pipeline) tick(interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-p.stopTick:
			return
		case <-t.C:
			p.flush()
		}
	}
}

// close makes the last records durable, closes the writers and the store.
func (p *pipeline) close() error {
	select {
	case <-p.stopTick:
	default:
		close(p.stopTick)
	}
	p.flush()
	return errors.Join(p.closeArchive(), p.out.Close(), p.rejects.Close(), p.failures.Close(), p.store.Close())
}

func (p *pipeline) profile(site *crawler.Site) *extract.Profile {
	if v, ok := p.profiles.Load(site.Name); ok {
		return v.(*extract.Profile)
	}
	var prof *extract.Profile
	if s := p.cfg.SiteByName(site.Name); s != nil {
		prof = s.Profile()
	} else {
		prof = extract.GenericProfile()
	}
	v, _ := p.profiles.LoadOrStore(site.Name, prof)
	return v.(*extract.Profile)
}

// done answers the crawler's question before a fetch: is this article
// written? With an id group in the article pattern the answer needs no
// fetch; otherwise the URL decides.
func (p *pipeline) done(ctx context.Context, site *crawler.Site, u string) bool {
	if id := extract.URLID(site.Article, u); id != "" {
		d, ok, err := p.store.Lookup(ctx, site.Name, id)
		if err != nil || !ok {
			return false
		}
		// A recent article is fetched again to see whether it changed.
		if win := p.recheck[site.Name]; win > 0 && !d.Published.IsZero() && time.Since(d.Published) < win {
			return false
		}
		return true
	}
	ok, err := p.store.IsURLDone(ctx, u)
	return err == nil && ok
}

// article extracts, validates and writes one page.
func (p *pipeline) article(ctx context.Context, site *crawler.Site, pg *crawler.Page) {
	prof := p.profile(site)
	a, err := extract.Extract(extract.Input{HTML: pg.Body, URL: pg.FinalURL, FetchedAt: pg.FetchedAt}, prof)
	if err != nil {
		p.reject(site, pg, "extract-error: "+err.Error(), nil)
		return
	}
	sc := p.site(site.Name)
	sc.articles.Add(1)
	if len(a.ProfileMisses) > 0 {
		sc.misses.Add(1)
		p.log.Debug("profile rules missed, fallback used", "url", pg.URL, "fields", a.ProfileMisses)
	}
	if bad := invalidFields(a, p.cfg.MinBodyChars); len(bad) > 0 {
		p.reject(site, pg, "invalid: "+strings.Join(bad, ", "), bad)
		return
	}
	rec := newRecord(site.Name, a, pg.FetchedAt)
	var published time.Time
	if a.Published != nil {
		published = a.Published.Time
	}
	p.commit(ctx, rec, published)
}

// invalidFields lists what makes an article unusable.
func invalidFields(a *extract.Article, minBody int) []string {
	var bad []string
	if strings.TrimSpace(a.Headline) == "" {
		bad = append(bad, "headline")
	}
	if len([]rune(a.Body)) < max(minBody, 1) {
		bad = append(bad, "body")
	}
	if a.ID == "" {
		bad = append(bad, "id")
	}
	return bad
}

// newRecord turns an article into its output record.
func newRecord(site string, a *extract.Article, fetched time.Time) *output.Record {
	rec := &output.Record{
		ID:          a.ID,
		Site:        site,
		URL:         a.URL,
		Headline:    a.Headline,
		Body:        a.Body,
		FetchedAt:   fetched.UTC().Format(time.RFC3339),
		Language:    a.Language,
		Authors:     a.Authors,
		Section:     a.Section,
		Sources:     a.Sources,
		ContentHash: output.ContentHash(a.Headline, a.Body),
	}
	if a.Published != nil {
		var s string
		if a.Published.Precision == "day" {
			s = a.Published.Time.Format("2006-01-02")
		} else {
			s = a.Published.Time.UTC().Format(time.RFC3339)
		}
		rec.PublishedAt = &s
		rec.PublishedRaw = a.Published.Raw
		rec.PublishedPrecision = a.Published.Precision
	}
	return rec
}

// commit writes rec and marks it done. The line is written first; it
// becomes durable (fsync) and is marked done in the state, together with
// the file's new length, in one transaction per batch of fsync_every
// records. A crash before that transaction leaves bytes past the recorded
// length, which the next start cuts off (see openPipeline), and the
// articles are fetched again: nothing lost, nothing twice.
func (p *pipeline) commit(ctx context.Context, rec *output.Record, published time.Time) {
	line, err := output.Marshal(rec)
	if err != nil {
		p.stop(fmt.Errorf("encode record %s/%s: %w", rec.Site, rec.ID, err))
		return
	}
	if p.write(ctx, rec, line, published) {
		p.flush()
	}
}

// write writes one record's line and adds it to the batch; it reports
// whether the batch is full. A record already written (in this run's
// batches or, unless it changed and is rechecked, in the state) is
// counted and not written again.
func (p *pipeline) write(ctx context.Context, rec *output.Record, line []byte, published time.Time) (full bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fatal != nil {
		return false
	}
	key := rec.Site + "\x00" + rec.ID
	if p.pending[key] {
		p.duplicates.Add(1)
		return false
	}
	prev, done, err := p.store.Lookup(ctx, rec.Site, rec.ID)
	if err != nil {
		p.setFatal(fmt.Errorf("state: %w", err))
		return false
	}
	if done {
		switch {
		case p.recheck[rec.Site] == 0:
			p.duplicates.Add(1)
			return false
		case prev.Hash == rec.ContentHash:
			p.unchanged.Add(1)
			return false
		}
		p.log.Info("article changed since it was written; writing it again", "site", rec.Site, "id", rec.ID)
	}
	if !p.claim(ctx, rec) {
		return false
	}
	path, size, err := p.out.WriteLine(rec.Site, line)
	if err != nil {
		p.setFatal(err)
		return false
	}
	d := state.Done{Site: rec.Site, ID: rec.ID, URL: rec.URL, Hash: rec.ContentHash, Size: size, At: time.Now(), Published: published}
	if path != output.Stdout {
		d.Output = path
	}
	p.batch = append(p.batch, d)
	p.pending[key] = true
	return len(p.batch) >= max(p.cfg.FsyncEvery, 1)
}

// flush makes the batch durable and marks it done. Workers go on writing
// the next batch meanwhile: the batch is taken under p.mu, and the fsyncs
// and the state transaction run without it. A worker that finds a flush
// running waits for it and then flushes what gathered meanwhile (group
// commit), so with fsync_every 1 a record is still durable and marked
// done when commit returns.
func (p *pipeline) flush() {
	p.flushMu.Lock()
	defer p.flushMu.Unlock()
	p.mu.Lock()
	if len(p.batch) == 0 || p.fatal != nil {
		p.mu.Unlock()
		return
	}
	batch := p.batch
	p.batch = make([]state.Done, 0, cap(batch))
	p.mu.Unlock()

	if err := p.durable(batch); err != nil {
		p.stop(err)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, d := range batch {
		delete(p.pending, d.Site+"\x00"+d.ID)
		p.written.Add(1)
		p.site(d.Site).written.Add(1)
	}
}

// durable syncs the raw archive and the output, then marks batch done
// with the output lengths its records reached, which the sync covers.
func (p *pipeline) durable(batch []state.Done) error {
	// The raw responses first: a record marked done has its response
	// durable in the archive.
	if p.archive != nil {
		if err := p.archive.Sync(); err != nil {
			return err
		}
	}
	if err := p.out.Sync(); err != nil {
		return err
	}
	if err := p.store.Commit(context.WithoutCancel(context.Background()), batch...); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}

// stop stops the run with err, unless an earlier error did.
func (p *pipeline) stop(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fatal == nil {
		p.setFatal(err)
	}
}

func (p *pipeline) setFatal(err error) {
	p.fatal = err
	p.log.Error("stopping the run", "err", err)
	p.cancel(err)
}

func (p *pipeline) reject(site *crawler.Site, pg *crawler.Page, reason string, fields []string) {
	p.rejected.Add(1)
	p.log.Info("rejected", "url", pg.URL, "reason", reason)
	r := output.Reject{URL: pg.URL, Site: site.Name, Reason: reason, Fields: fields, Status: pg.Status, FetchedAt: pg.FetchedAt.UTC().Format(time.RFC3339)}
	if _, _, err := p.rejects.Write(site.Name, r); err != nil {
		p.log.Error("cannot write reject", "err", err)
	}
}

func (p *pipeline) skipped(_ context.Context, site *crawler.Site, u, reason string) {
	r := output.Reject{URL: u, Site: site.Name, Reason: "skipped: " + reason, FetchedAt: time.Now().UTC().Format(time.RFC3339)}
	if _, _, err := p.rejects.Write(site.Name, r); err != nil {
		p.log.Error("cannot write reject", "err", err)
	}
}

func (p *pipeline) failedFetch(_ context.Context, f crawler.Failure) {
	p.failed.Add(1)
	msg := f.Reason
	if f.Err != nil {
		msg += ": " + f.Err.Error()
	}
	rec := output.Failure{URL: f.URL, Site: f.Site, Reason: msg, Status: f.Status, Attempts: f.Attempts, At: time.Now().UTC().Format(time.RFC3339)}
	if _, _, err := p.failures.Write(f.Site, rec); err != nil {
		p.log.Error("cannot write failure", "err", err)
	}
}

func (p *pipeline) hooks() crawler.Hooks {
	h := crawler.Hooks{Done: p.done, Article: p.article, Failed: p.failedFetch, Skipped: p.skipped,
		Validators: p.validators, SaveValidators: p.saveValidators}
	if p.archive != nil {
		h.Response = p.archiveResponse
	}
	return h
}

// validators back the crawler's conditional requests with the store.
func (p *pipeline) validators(ctx context.Context, u string) (string, string) {
	v, err := p.store.Validators(ctx, u)
	if err != nil {
		p.log.Warn("state: cannot read validators", "url", u, "err", err)
		return "", ""
	}
	return v.ETag, v.LastModified
}

func (p *pipeline) saveValidators(ctx context.Context, u, etag, lm string) {
	if err := p.store.SetValidators(ctx, u, state.Validators{ETag: etag, LastModified: lm}); err != nil {
		p.log.Warn("state: cannot save validators", "url", u, "err", err)
	}
}

// crawlerOptions are the request options from the config.
func crawlerOptions(cfg *config.Config, log *slog.Logger) crawler.Options {
	return crawler.Options{
		UserAgent:    cfg.UserAgent,
		AllowPrivate: cfg.AllowPrivateNetworks,
		Timeout:      cfg.Timeout.Std(),
		MaxBodyBytes: cfg.MaxBodyBytes,
		Retries:      cfg.Retries,
		MaxRetryWait: cfg.MaxRetryWait.Std(),
		StopGrace:    cfg.StopGrace.Std(),
		Logger:       log,
	}
}

// crawlerSite turns a configured site into the crawler's view of it.
func crawlerSite(s *config.Site) *crawler.Site {
	return &crawler.Site{
		Name:               s.Name,
		StartURLs:          s.StartURLs,
		Feeds:              s.Feeds,
		Sitemaps:           s.Sitemaps,
		SitemapsFromRobots: s.SitemapsFromRobots,
		SitemapMaxAge:      s.SitemapMaxAge.Std(),
		Follow:             s.FollowPatterns(),
		Article:            s.ArticlePattern(),
		MaxDepth:           s.MaxDepth,
		Delay:              s.Delay.Std(),
		Parallelism:        s.Parallelism,
		ObeyRobots:         s.ObeysRobots(),
		Charset:            s.Charset,
	}
}

// hostOf returns the lower-case host of a URL, or "".
func hostOf(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return strings.ToLower(pu.Hostname())
}

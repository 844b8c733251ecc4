package pipeline

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/output"
	"github.com/newsnorm/newsnorm/render"
	"github.com/newsnorm/newsnorm/state"
)

// Options open a Pipeline.
type Options struct {
	Config *config.Config
	// Output and State override the config's output template and state
	// ("" = the config's).
	Output, State string
	// Worker names this worker ({worker} in paths; with a Redis state, its
	// claims). "" = hostname-pid.
	Worker string
	// RunID is the run this worker joins: {run} in paths, and with a
	// Redis state, what every worker of one run shares. "" = the start
	// time.
	RunID string
	// Stdout receives records when the output is "-".
	Stdout io.Writer
	Log    *slog.Logger
	// Stop stops the run with an error (the run's context is cancelled
	// with it as the cause); the pipeline calls it on a fatal error:
	// unwritable output or archive, a failed state.
	Stop context.CancelCauseFunc
}

// Pipeline takes fetched pages through extraction, validation, output and
// state. Records are written in batches; each batch is durable and marked
// done before the next (see durable.go). It is safe for concurrent use.
type Pipeline struct {
	cfg      *config.Config
	resolve  *Resolver
	build    Builder
	store    state.Store
	fleet    *fleet // with a Redis state: the run shared with other workers
	out      *output.Writer
	rejects  *output.Writer
	failures *failureLog
	archive  *rawArchive     // nil when off
	browser  *render.Browser // nil when no site renders
	log      *slog.Logger
	stats    *crawler.Stats
	stop     context.CancelCauseFunc
	every    int // fsync_every in effect
	recheck  map[string]time.Duration
	// building bounds the pages extracted at once to what the CPUs can
	// do: with hundreds of sites in flight, every fetched page would
	// otherwise hold its parsed document at the same time.
	building chan struct{}

	// mu guards the commit path: the batch of written but not yet
	// durable records, the keys of every record being written or written
	// but not yet marked done, and fatal. No store round trip happens
	// under it.
	mu       sync.Mutex
	batch    []state.Done
	pending  map[string]bool // site NUL id
	fatal    error
	stopTick chan struct{}
	// flushMu makes flushes one at a time, in the order of their batches,
	// so that the output lengths the state records never go back.
	flushMu sync.Mutex
	// openMu makes the opening (and recovery) of output files one at a
	// time; opened holds the files that are ready for appending.
	openMu sync.Mutex
	opened sync.Map // base path -> true

	counts Counts
	// checkpoint, when set (a backfill from WARC files), is called by
	// each flush before it takes its batch: it notes how far the run has
	// gone, and the function it returns, called once that batch is
	// durable and marked done, saves it.
	checkpoint func() (durableDone func())
}

// Open opens the state store (recovering what a dead run or worker left)
// and the writers of a run.
func Open(ctx context.Context, o Options) (*Pipeline, error) {
	cfg := o.Config
	if err := cfg.UseState(o.State); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	outPath := o.Output
	if outPath == "" {
		outPath = cfg.Output
	} else if err := cfg.CheckFleetPath("--out", outPath); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	worker := WorkerName(o.Worker)
	store, fleet, err := openStore(ctx, cfg, worker, o.RunID, o.Log)
	if err != nil {
		return nil, err
	}
	if err := verifyOutputs(ctx, store, fleet, cfg.State, outPath, worker, o.Log); err != nil {
		store.Close()
		return nil, err
	}
	vars := RunVars(time.Now(), worker, o.RunID)
	failures, err := openFailures(cfg.Failures, vars, o.Stdout, cfg.MaxAttempts)
	if err != nil {
		store.Close()
		return nil, err
	}
	outOpts := output.Options{RotateBytes: cfg.RotateBytes, RotateRecords: cfg.RotateRecords, Buffer: true, OpenExplicitly: true}
	p := &Pipeline{
		cfg:      cfg,
		resolve:  NewResolver(cfg),
		build:    Builder{MinBodyChars: cfg.MinBodyChars},
		store:    store,
		fleet:    fleet,
		out:      output.NewWriter(outPath, vars, o.Stdout, outOpts),
		rejects:  output.NewWriter(cfg.Rejects, vars, o.Stdout, output.Options{}),
		failures: failures,
		archive:  newArchive(cfg, vars),
		log:      o.Log,
		stats:    &crawler.Stats{},
		stop:     o.Stop,
		every:    cfg.FsyncEveryFor(fleet != nil),
		recheck:  map[string]time.Duration{},
		building: make(chan struct{}, 2*runtime.GOMAXPROCS(0)),
		pending:  map[string]bool{},
		stopTick: make(chan struct{}),
	}
	if p.browser, err = newBrowser(cfg, p); err != nil {
		store.Close()
		return nil, err
	}
	for i := range cfg.Sites {
		if r := cfg.Sites[i].Recheck.Std(); r > 0 {
			p.recheck[cfg.Sites[i].Name] = r
		}
	}
	if p.every > 1 && cfg.FsyncInterval > 0 {
		go p.tick(cfg.FsyncInterval.Std())
	}
	return p, nil
}

// Stats are the crawler's counts of the run.
func (p *Pipeline) Stats() *crawler.Stats { return p.stats }

// Counts are the pipeline's counts of the run.
func (p *Pipeline) Counts() *Counts { return &p.counts }

// Resolver is the pipeline's resolver.
func (p *Pipeline) Resolver() *Resolver { return p.resolve }

// Hooks connect the crawler to the pipeline.
func (p *Pipeline) Hooks() crawler.Hooks {
	h := crawler.Hooks{Done: p.done, Article: p.article, Failed: p.failedFetch, Skipped: p.skipped,
		Validators: p.validators, SaveValidators: p.saveValidators}
	if p.archive != nil {
		h.Response = p.archiveResponse
	}
	if p.browser != nil {
		h.Render, h.Static = p.renderPage, p.staticPage
	}
	return h
}

// done answers the crawler's question before a fetch: is this article
// written? (see doneFate)
func (p *Pipeline) done(ctx context.Context, site *crawler.Site, u string) bool {
	id, fate := doneFate(ctx, p.store, p.failures.given, p.recheck[site.Name], site, u)
	switch fate {
	case fateGivenUp:
		p.counts.givenUp.Add(1)
		p.log.Debug("skipped", "url", u, "site", site.Name, "reason", "given up: failed for good in max_attempts runs")
	case crawler.FateDone:
		p.log.Debug("skipped", "url", u, "site", site.Name, "reason", "already written", "id", id)
	}
	return fate == fateGivenUp || fate == crawler.FateDone
}

// Fates of an article before its fetch (doneFate) besides crawler.FateDone.
const (
	fateNew     = "new"
	fateRecheck = "recheck"  // done, but recent: fetched again to see whether it changed
	fateGivenUp = "given-up" // failed for good in max_attempts runs: counted as done
)

// doneFate is what the state says of an article before its fetch, and
// its ID when the URL gives it. With an id group in the article pattern
// the answer needs no fetch; otherwise the URL decides. A store that
// cannot answer (or none) says new.
func doneFate(ctx context.Context, store state.Store, given map[string]bool, recheck time.Duration, site *crawler.Site, u string) (id, fate string) {
	if given[u] {
		return extract.URLID(site.Article, u), fateGivenUp
	}
	if store == nil {
		return extract.URLID(site.Article, u), fateNew
	}
	if id = extract.URLID(site.Article, u); id != "" {
		d, ok, err := store.Lookup(ctx, site.Name, id)
		switch {
		case err != nil || !ok:
			return id, fateNew
		case recheck > 0 && !d.Published.IsZero() && time.Since(d.Published) < recheck:
			return id, fateRecheck
		}
		return id, crawler.FateDone
	}
	if ok, err := store.IsURLDone(ctx, u); ok && err == nil {
		return "", crawler.FateDone
	}
	return "", fateNew
}

// article is the crawler's Article hook: one fetched page becomes a
// record (written and, with its batch, marked done) or a reject.
func (p *Pipeline) article(ctx context.Context, site *crawler.Site, pg *crawler.Page) {
	p.handle(ctx, site, pg, false)
}

// handle builds a page's record and writes it, or rejects the page. With
// mayRender (the static page of a render: auto site), a page that gives
// no valid article is left alone instead, and handle returns true: it is
// to be rendered.
func (p *Pipeline) handle(ctx context.Context, site *crawler.Site, pg *crawler.Page, mayRender bool) (needsRender bool) {
	t := p.resolve.Site(site.Name)
	p.building <- struct{}{}
	res := p.build.Build(t, Page{URL: pg.URL, FinalURL: pg.FinalURL, HTML: pg.Body, Status: pg.Status, FetchedAt: pg.FetchedAt})
	<-p.building
	if mayRender && res.Reject != "" {
		p.log.Debug("no article in the static page: rendering it", "url", pg.URL, "reason", res.Reject)
		return true
	}
	p.failures.done(pg.URL) // fetched: whatever failed before is over
	p.built(ctx, site.Name, pg.URL, pg.Status, pg.FetchedAt, res, res.Reject, pg.Rendered)
	return false
}

// built takes an article page's Result on: counted, then rejected (for
// reject) or committed.
func (p *Pipeline) built(ctx context.Context, site, u string, status int, fetched time.Time, res *Result, reject string, rendered bool) {
	if res != nil && res.Article != nil {
		sc := p.counts.site(site)
		sc.articles.Add(1)
		if len(res.Article.ProfileMisses) > 0 {
			sc.misses.Add(1)
			p.log.Debug("profile rules missed, fallback used", "url", u, "fields", res.Article.ProfileMisses)
		}
	}
	if reject != "" {
		var fields []string
		if res != nil {
			fields = res.Fields
		}
		p.reject(site, u, status, fetched, reject, fields)
		return
	}
	if p.log.Enabled(ctx, slog.LevelDebug) {
		p.log.Debug("extracted", "url", u, "site", site, "id", res.Record.ID, "rendered", rendered, "sources", res.Record.Sources)
	}
	p.Commit(ctx, res.Record, res.Published)
}

func (p *Pipeline) reject(site, u string, status int, fetched time.Time, reason string, fields []string) {
	p.counts.rejected.Add(1)
	p.log.Info("rejected", "url", u, "reason", reason)
	r := output.Reject{URL: u, Site: site, Reason: reason, Fields: fields, Status: status, FetchedAt: fetched.UTC().Format(time.RFC3339)}
	if _, _, err := p.rejects.Write(site, r); err != nil {
		p.log.Error("cannot write reject", "err", err)
	}
}

func (p *Pipeline) skipped(_ context.Context, site *crawler.Site, u, reason string) {
	// The crawler's debug log has the line (with every other skip).
	r := output.Reject{URL: u, Site: site.Name, Reason: "skipped: " + reason, FetchedAt: time.Now().UTC().Format(time.RFC3339)}
	if _, _, err := p.rejects.Write(site.Name, r); err != nil {
		p.log.Error("cannot write reject", "err", err)
	}
}

func (p *Pipeline) failedFetch(_ context.Context, f crawler.Failure) {
	p.counts.failed.Add(1)
	msg := f.Reason
	if f.Err != nil {
		msg += ": " + f.Err.Error()
	}
	p.log.Debug("failed", "url", f.URL, "site", f.Site, "reason", msg, "status", f.Status, "attempts", f.Attempts)
	rec := output.Failure{URL: f.URL, Site: f.Site, Reason: msg, Status: f.Status, Attempts: f.Attempts, At: time.Now().UTC().Format(time.RFC3339)}
	if err := p.failures.add(rec); err != nil {
		p.log.Error("cannot write failure", "err", err)
	}
}

// AddInvalid counts lines of a URL list that are not URLs: they make the
// run end with failures, like rejected pages.
func (p *Pipeline) AddInvalid(n int) { p.counts.invalid.Add(int64(n)) }

// validators back the crawler's conditional requests with the store.
func (p *Pipeline) validators(ctx context.Context, u string) (string, string) {
	v, err := p.store.Validators(ctx, u)
	if err != nil {
		p.log.Warn("state: cannot read validators", "url", u, "err", err)
		return "", ""
	}
	return v.ETag, v.LastModified
}

func (p *Pipeline) saveValidators(ctx context.Context, u, etag, lm string) {
	if err := p.store.SetValidators(ctx, u, state.Validators{ETag: etag, LastModified: lm}); err != nil {
		p.log.Warn("state: cannot save validators", "url", u, "err", err)
	}
}

// fail stops the run with err, unless an earlier error did.
func (p *Pipeline) fail(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.setFatal(err)
}

// setFatal records the run's first fatal error and stops the run. p.mu is
// held.
func (p *Pipeline) setFatal(err error) {
	if p.fatal != nil {
		return
	}
	p.fatal = err
	p.log.Error("stopping the run", "err", err)
	p.stop(err)
}

// Err is the error that stopped the run, or nil.
func (p *Pipeline) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.fatal
}

// RunVars are the values of the path templates for a run: {run} is runID
// when given, else the start time; {worker} the worker's name.
func RunVars(start time.Time, worker, runID string) output.Vars {
	v := output.Vars{
		Date:   start.UTC().Format("2006-01-02"),
		Run:    start.UTC().Format("20060102T150405Z"),
		Worker: worker,
	}
	if runID != "" {
		v.Run = runID
	}
	return v
}

// CrawlerOptions are the crawler's request options from the config.
func CrawlerOptions(cfg *config.Config, log *slog.Logger) crawler.Options {
	return crawler.Options{
		UserAgent:    cfg.UserAgent,
		AllowPrivate: cfg.AllowPrivateNetworks,
		Timeout:      cfg.Timeout.Std(),
		MaxBodyBytes: cfg.MaxBodyBytes,
		MaxURLBytes:  cfg.MaxURLBytes,
		Retries:      cfg.Retries,
		MaxRetryWait: cfg.MaxRetryWait.Std(),
		StopGrace:    cfg.StopGrace.Std(),
		Logger:       log,

		MaxConnections:   cfg.MaxConnections,
		MaxSitesInFlight: cfg.MaxSitesInFlight,
	}
}

// CrawlerSite turns a configured site into the crawler's view of it.
func CrawlerSite(s *config.Site) *crawler.Site {
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
		MaxPages:           s.MaxPages,
		MaxQueryVariants:   s.MaxQueryVariants,
		Render:             renderMode(s.Render),
	}
}

// renderMode is the crawler's view of a site's render setting.
func renderMode(v string) crawler.RenderMode {
	switch v {
	case "browser":
		return crawler.RenderBrowser
	case "auto":
		return crawler.RenderAuto
	}
	return crawler.RenderNone
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"slices"
	"time"

	"github.com/newsnorm/newsnorm/archive"
	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/internal/charset"
	"github.com/newsnorm/newsnorm/output"
)

// The raw archive: every page and feed response of a crawl or backfill as
// WARC records (config key warc, flag --warc), and extract --warc, which
// extracts the articles again from such archives with no network.

// applyWarcFlag lets --warc PATH override the config's warc template.
func applyWarcFlag(cfg *config.Config, path string) error {
	if path == "" {
		return nil
	}
	if err := config.CheckArchiveTemplate(path); err != nil {
		return fmt.Errorf("%w: --warc %q: %w", errUsage, path, err)
	}
	cfg.Warc = path
	return nil
}

// rawArchive is the pipeline's raw archive.
type rawArchive struct {
	w *archive.Writer
}

// newArchive returns the config's raw archive, or nil when it is off.
func newArchive(cfg *config.Config, vars output.Vars) *rawArchive {
	if cfg.Warc == "" {
		return nil
	}
	return &rawArchive{w: archive.NewWriter(func(site string) string {
		v := vars
		v.Site = site
		return output.Expand(cfg.Warc, v)
	}, archive.Options{Software: "newsnorm (github.com/newsnorm/newsnorm)", UserAgent: cfg.UserAgent})}
}

// Sync makes the archived responses durable.
func (a *rawArchive) Sync() error { return a.w.Sync() }

// archiveResponse is the crawler's Response hook. It runs before the page
// is handed to the Article hook, in the same goroutine, so a record is
// never written without its response archived: an archive that cannot be
// written stops the run (exit 1), like unwritable output.
func (p *pipeline) archiveResponse(_ context.Context, site *crawler.Site, x *crawler.Exchange) {
	_, err := p.archive.w.Write(site.Name, &archive.Exchange{
		URL: x.URL, FinalURL: x.FinalURL, RequestHeader: x.RequestHeader,
		Status: x.Status, Header: x.Header, Body: x.Body, FetchedAt: x.FetchedAt,
	})
	if err != nil {
		p.stop(err)
	}
}

// closeArchive syncs and closes the archive's files.
func (p *pipeline) closeArchive() error {
	if p.archive == nil {
		return nil
	}
	if files := p.archive.w.Files(); len(files) > 0 {
		p.log.Info("raw archive written", "files", files)
	}
	return p.archive.w.Close()
}

// warcExtract extracts articles from WARC files.
type warcExtract struct {
	cfg      *config.Config
	all      bool
	out      *output.Writer
	log      *slog.Logger
	profiles map[string]*extract.Profile
	seen     map[string]bool // site + "\x00" + id

	responses, written, duplicates, rejected int
	skipped                                  map[string]int
}

// runExtractWARC extracts the articles of the response records of WARC
// files, as the crawl that wrote them did. Missing files are usage errors
// (exit 2), checked before anything is read; a corrupt file is reported,
// the files after it are still read, and the run exits 1; article pages
// that give no valid article make it exit 3.
func runExtractWARC(ctx context.Context, e *env, c common, all bool, outPath string, files []string) error {
	if len(files) == 0 {
		return fmt.Errorf("%w: extract --warc needs one or more WARC files", errUsage)
	}
	for _, f := range files {
		st, err := os.Stat(f)
		var pe *fs.PathError
		switch {
		case errors.As(err, &pe):
			return fmt.Errorf("%w: warc file %s: %w", errUsage, f, pe.Err)
		case err != nil:
			return fmt.Errorf("%w: warc file %s: %w", errUsage, f, err)
		case st.IsDir():
			return fmt.Errorf("%w: warc file %s: is a directory", errUsage, f)
		}
	}
	cfg, err := c.load()
	if err != nil {
		return err
	}
	if outPath == "" {
		outPath = output.Stdout
	}
	x := &warcExtract{
		cfg: cfg, all: all, log: c.logger(e),
		out:      output.NewWriter(outPath, runVars(time.Now(), fleetFlags{}), e.stdout, output.Options{}),
		profiles: map[string]*extract.Profile{}, seen: map[string]bool{}, skipped: map[string]int{},
	}
	var corrupt []error
	var fatal error
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		var bad error
		bad, fatal = x.file(ctx, f)
		if bad != nil {
			x.log.Error("cannot read the rest of the archive", "file", f, "err", bad)
			corrupt = append(corrupt, bad)
		}
		if fatal != nil {
			break
		}
	}
	if err := x.out.Close(); err != nil && fatal == nil {
		fatal = err
	}
	attrs := []any{"files", len(files), "responses", x.responses, "written", x.written, "duplicates", x.duplicates, "rejected", x.rejected}
	for _, k := range slices.Sorted(maps.Keys(x.skipped)) {
		attrs = append(attrs, "skipped_"+k, x.skipped[k])
	}
	x.log.Info("summary", attrs...)
	switch {
	case fatal != nil:
		return fatal
	case ctx.Err() != nil:
		return errInterrupted
	case len(corrupt) > 0:
		return errors.Join(corrupt...)
	case x.rejected > 0:
		return fmt.Errorf("%w: %d article pages gave no valid article", errPartial, x.rejected)
	}
	return nil
}

// file extracts the responses of one WARC file. bad is a corrupt file
// (what came before it is written); fatal is an output error.
func (x *warcExtract) file(ctx context.Context, path string) (bad, fatal error) {
	r, err := archive.Open(path)
	if err != nil {
		return fmt.Errorf("warc %w", err), nil
	}
	defer r.Close()
	for ctx.Err() == nil {
		res, err := r.Next()
		if err == io.EOF {
			return nil, nil
		}
		if err != nil {
			return fmt.Errorf("warc %w", err), nil
		}
		x.responses++
		if err := x.response(res); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// response extracts one response record, as the crawl's pipeline.article
// did: the site whose article pattern matches the URL as requested (with
// --all, any configured site the URL belongs to, else generic extraction
// under the host's name), the Content-Type's charset with the site's
// forced charset, the URL after redirects, and the record's WARC-Date as
// fetched_at.
func (x *warcExtract) response(res *archive.Response) error {
	if res.Status < 200 || res.Status > 299 {
		x.skipped["status"]++
		return nil
	}
	site, prof, forced, article := x.siteFor(res.RequestedURI)
	if site == "" {
		x.skipped["not-article"]++
		return nil
	}
	reject := func(reason string) {
		if !article {
			// --all: a page that is no article (a listing, a home page).
			x.skipped["no-article"]++
			x.log.Debug("no article", "url", res.RequestedURI, "reason", reason)
			return
		}
		x.rejected++
		x.log.Info("rejected", "url", res.RequestedURI, "reason", reason)
	}
	ct := res.Header.Get("Content-Type")
	if ct != "" && !crawler.IsHTML(ct, nil) {
		x.skipped["not-html"]++
		return nil
	}
	body, err := res.Body(extract.MaxInput)
	switch {
	case errors.Is(err, archive.ErrTooLarge):
		x.skipped["too-large"]++
		return nil
	case err != nil:
		reject("bad-body: " + err.Error())
		return nil
	case !crawler.IsHTML(ct, body):
		x.skipped["not-html"]++
		return nil
	}
	html, _, err := charset.Decode(body, ct, forced)
	if err != nil {
		reject("bad-encoding: " + err.Error())
		return nil
	}
	a, err := extract.Extract(extract.Input{HTML: html, URL: res.TargetURI, FetchedAt: res.Date}, prof)
	if err != nil {
		reject("extract-error: " + err.Error())
		return nil
	}
	if bad := invalidFields(a, x.cfg.MinBodyChars); len(bad) > 0 {
		reject(fmt.Sprintf("invalid: %v", bad))
		return nil
	}
	rec := newRecord(site, a, res.Date)
	key := site + "\x00" + rec.ID
	if x.seen[key] {
		x.duplicates++
		return nil
	}
	x.seen[key] = true
	if _, _, err := x.out.Write(site, rec); err != nil {
		return err
	}
	x.written++
	return nil
}

// siteFor picks the site, profile and forced charset for a URL; article
// says a configured site's article pattern matched. site is "" when the
// URL is not to be extracted.
func (x *warcExtract) siteFor(u string) (site string, prof *extract.Profile, forced string, article bool) {
	var s *config.Site
	for i := range x.cfg.Sites {
		if re := x.cfg.Sites[i].ArticlePattern(); re != nil && re.MatchString(u) {
			s, article = &x.cfg.Sites[i], true
			break
		}
	}
	if s == nil && x.all {
		s = x.cfg.SiteFor(u)
	}
	switch {
	case s != nil:
		site, forced = s.Name, s.Charset
	case x.all:
		site = hostOf(u)
	default:
		return "", nil, "", false
	}
	prof, ok := x.profiles[site]
	if !ok {
		if s != nil {
			prof = s.Profile()
		} else {
			prof = extract.GenericProfile()
		}
		x.profiles[site] = prof
	}
	return site, prof, forced, article
}

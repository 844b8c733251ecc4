package pipeline

import (
	"context"
	"time"

	"github.com/newsnorm/newsnorm/archive"
	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/output"
)

// rawArchive is the run's raw archive: every page and feed response as
// WARC records (config key warc).
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
// written stops the run, like unwritable output.
// The response's record ID goes back to the crawler (x.RecordID), so that
// a rendered page's conversion record can name it.
func (p *Pipeline) archiveResponse(_ context.Context, site *crawler.Site, x *crawler.Exchange) {
	id := archive.NewRecordID()
	_, err := p.archive.w.Write(site.Name, &archive.Exchange{
		URL: x.URL, FinalURL: x.FinalURL, RequestHeader: x.RequestHeader,
		Status: x.Status, Header: x.Header, Body: x.Body, FetchedAt: x.FetchedAt, ResponseID: id,
	})
	if err != nil {
		p.fail(err)
		return
	}
	x.RecordID = id
}

// archiveRendered archives a rendered page as a conversion record of its
// response, before the page is extracted: extract --warc then extracts
// the rendered page instead of the response.
func (p *Pipeline) archiveRendered(site string, pg *crawler.Page) error {
	final := pg.FinalURL
	if final == "" {
		final = pg.URL
	}
	_, err := p.archive.w.WriteConversion(site, &archive.Conversion{
		URL: final, RequestedURL: pg.URL, RefersTo: pg.ResponseID, Date: time.Now(), Body: pg.Body,
	})
	return err
}

// closeArchive syncs and closes the archive's files.
func (p *Pipeline) closeArchive() error {
	if p.archive == nil {
		return nil
	}
	if files := p.archive.w.Files(); len(files) > 0 {
		p.log.Info("raw archive written", "files", files)
	}
	return p.archive.w.Close()
}

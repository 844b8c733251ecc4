package pipeline

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/render"
)

// newBrowser returns the run's browser when a site renders its pages
// (render: browser or auto), else nil. Nothing starts here: Chromium
// starts on the first page rendered, and Close stops it.
func newBrowser(cfg *config.Config, p *Pipeline) (*render.Browser, error) {
	renders := false
	for i := range cfg.Sites {
		renders = renders || cfg.Sites[i].Renders()
	}
	if !renders {
		return nil, nil
	}
	b, err := render.New(render.Options{
		ExecPath:     cfg.BrowserPath,
		Tabs:         cfg.BrowserTabs,
		PageTimeout:  cfg.RenderTimeout.Std(),
		UserAgent:    cfg.UserAgent,
		MaxBodyBytes: int64(cfg.MaxBodyBytes),
		Logger:       p.log,
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	return b, nil
}

// renderPage is the crawler's Render hook: the static page rendered in the
// run's browser, its subrequests through the crawler's fetch (the site's
// client, robots.txt, politeness), the site's render_wait as the selector
// that makes it ready. With a raw archive, the rendered page is archived
// (a conversion record of the page's response) before it is handed on, so
// extract --warc reproduces the rendered extraction. A page that cannot be
// rendered is a *crawler.RenderError with render's reason.
func (p *Pipeline) renderPage(ctx context.Context, site *crawler.Site, pg *crawler.Page, fetch crawler.Fetcher) (*crawler.Page, error) {
	var wait string
	if s := p.cfg.SiteByName(site.Name); s != nil {
		wait = s.RenderWait
	}
	final := pg.FinalURL
	if final == "" {
		final = pg.URL
	}
	res, err := p.browser.Render(ctx, render.Page{URL: final, Status: pg.Status, Header: pg.Header, Body: pg.Body},
		render.PageOptions{WaitSelector: wait, Fetch: render.Fetcher(fetch)})
	if err != nil {
		if r := render.ReasonOf(err); r != "" {
			return nil, &crawler.RenderError{Reason: string(r), Err: err}
		}
		return nil, err
	}
	p.log.Debug("rendered", "url", pg.URL, "settled", res.Settled, "subrequests", res.Fetched, "refused", res.Refused, "duration", res.Duration)
	out := *pg
	out.Header = pg.Header.Clone()
	if out.Header == nil {
		out.Header = http.Header{}
	}
	out.Header.Set("Content-Type", "text/html; charset=utf-8")
	out.Body, out.Charset, out.Rendered = res.HTML, "utf-8", true
	if p.archive != nil {
		if err := p.archiveRendered(site.Name, &out); err != nil {
			p.fail(err) // stops the run, as for a response that cannot be archived
			return nil, &crawler.RenderError{Reason: string(render.ReasonFailed), Err: err}
		}
	}
	return &out, nil
}

// staticPage is the crawler's Static hook for render: auto sites: the
// static page is handled as any article when it gives a valid one, and
// rendered otherwise (then it is neither rejected nor counted here: its
// rendered page is).
func (p *Pipeline) staticPage(ctx context.Context, site *crawler.Site, pg *crawler.Page) bool {
	return p.handle(ctx, site, pg, true)
}

// closeBrowser stops the run's browser.
func (p *Pipeline) closeBrowser() error {
	if p.browser == nil {
		return nil
	}
	st := p.browser.Stats()
	if st.Starts > 0 {
		p.log.Info("browser closed", "pages", st.Pages, "failed", st.Failed, "starts", st.Starts, "restarts", st.Restarts, "escaped", st.Escaped)
	}
	if err := p.browser.Close(); err != nil && !errors.Is(err, context.Canceled) {
		p.log.Warn("closing the browser", "err", err)
	}
	return nil
}

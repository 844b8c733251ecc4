package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/newsnorm/newsnorm/archive"
	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/output"
)

// Replay extracts the articles of archived responses again, with no
// network, as the crawl that archived them did (extract --warc): the same
// resolver and builder, the Content-Type's charset with the site's forced
// one, the URL after redirects, and the record's WARC-Date as fetched_at.
// Records are deduplicated by (site, id) within a replay.
type Replay struct {
	resolve *Resolver
	build   Builder
	all     bool
	out     *output.Writer
	log     *slog.Logger
	seen    map[string]bool // site NUL id

	Responses, Written, Duplicates, Rejected int
	// Skipped counts responses that are not extracted, by reason.
	Skipped map[string]int
}

// NewReplay returns a replay that writes to out. Without all, only
// responses whose requested URL matches a configured site's article
// pattern are extracted; with all, every HTML response (a configured
// site's URL with its profile, any other generically).
func NewReplay(cfg *config.Config, all bool, out *output.Writer, log *slog.Logger) *Replay {
	return &Replay{resolve: NewResolver(cfg), build: Builder{MinBodyChars: cfg.MinBodyChars}, all: all, out: out, log: log,
		seen: map[string]bool{}, Skipped: map[string]int{}}
}

// File extracts the responses of one WARC file. bad is a corrupt file
// (what came before the damage is written); fatal is an output error.
func (x *Replay) File(ctx context.Context, path string) (bad, fatal error) {
	var damage []error
	r, err := archive.OpenAt(path, archive.Position{}, archive.ReadOptions{OnSkip: func(s archive.Skip) {
		x.Skipped["warc-"+s.Reason]++
		if s.Err != nil {
			x.log.Warn("skipped a WARC record", "reason", s.Reason, "err", s.Err)
			damage = append(damage, s.Err)
		}
	}})
	if err != nil {
		return fmt.Errorf("warc %w", err), nil
	}
	defer r.Close()
	for ctx.Err() == nil {
		res, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("warc %w", err), nil
		}
		x.Responses++
		if err := x.response(res); err != nil {
			return nil, err
		}
	}
	if len(damage) > 0 {
		return fmt.Errorf("warc %s: %d records damaged or with a bad digest, skipped; the first: %w", path, len(damage), damage[0]), nil
	}
	return nil, nil
}

// response extracts one response record.
func (x *Replay) response(res *archive.Response) error {
	if res.Status < 200 || res.Status > 299 {
		x.Skipped["status"]++
		return nil
	}
	t, ok := x.resolve.Article(res.RequestedURI)
	if !ok && x.all {
		t, ok = x.resolve.URL(res.RequestedURI, true), true
	}
	if !ok || t.Site == "" {
		x.Skipped["not-article"]++
		return nil
	}
	reject := func(reason string) {
		if !t.Article {
			// --all: a page that is no article (a listing, a home page).
			x.Skipped["no-article"]++
			x.log.Debug("no article", "url", res.RequestedURI, "reason", reason)
			return
		}
		x.Rejected++
		x.log.Info("rejected", "url", res.RequestedURI, "reason", reason)
	}
	ct := res.Header.Get("Content-Type")
	if ct != "" && !crawler.IsHTML(ct, nil) {
		x.Skipped[string(crawler.ReasonNotHTML)]++
		return nil
	}
	body, err := res.Body(extract.MaxInput)
	switch {
	case errors.Is(err, archive.ErrTooLarge):
		x.Skipped[string(crawler.ReasonTooLarge)]++
		return nil
	case err != nil:
		reject("bad-body: " + err.Error())
		return nil
	case !crawler.IsHTML(ct, body):
		x.Skipped[string(crawler.ReasonNotHTML)]++
		return nil
	}
	html, err := Decode(body, ct, t)
	if err != nil {
		reject("bad-encoding: " + err.Error())
		return nil
	}
	b := x.build.Build(t, Page{URL: res.RequestedURI, FinalURL: res.TargetURI, HTML: html, Status: res.Status, FetchedAt: res.Date})
	if b.Reject != "" {
		reject(b.Reject)
		return nil
	}
	key := t.Site + "\x00" + b.Record.ID
	if x.seen[key] {
		x.Duplicates++
		return nil
	}
	x.seen[key] = true
	if _, _, err := x.out.Write(t.Site, b.Record); err != nil {
		return err
	}
	x.Written++
	return nil
}

package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"

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
	r, err := archive.Open(path)
	if err != nil {
		return fmt.Errorf("warc %w", err), nil
	}
	defer r.Close()
	// A page archived as rendered too (a conversion record referring to
	// its response) is extracted from the rendered page, as the crawl
	// did, with its response's URLs, status and date. Its response is
	// held (with its body) until the conversion comes; one whose
	// conversion is past the damage of a corrupt file is extracted as it
	// is, like every response before the damage.
	converted := archive.ConvertedResponses(path)
	r.IncludeConversions()
	held := map[string]*heldResponse{}
	var order []string
	flush := func() error {
		for _, id := range order {
			if h := held[id]; h != nil {
				if err := x.page(h.res, h.res.Header, h.body, false); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for ctx.Err() == nil {
		res, err := r.Next()
		if err == io.EOF {
			return nil, flush()
		}
		if err != nil {
			return fmt.Errorf("warc %w", err), flush()
		}
		if res.Conversion {
			h := held[res.RefersTo]
			if h == nil {
				continue // not a conversion of one of this file's responses
			}
			delete(held, res.RefersTo)
			if err := x.page(h.res, res.Header, res.Body, true); err != nil {
				return nil, err
			}
			continue
		}
		x.Responses++
		if converted[res.RecordID] {
			b, err := res.Body(extract.MaxInput)
			held[res.RecordID] = &heldResponse{res: res, body: func(int64) ([]byte, error) { return b, err }}
			order = append(order, res.RecordID)
			continue
		}
		if err := x.response(res); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// heldResponse is a response whose conversion record is still to come.
type heldResponse struct {
	res  *archive.Response
	body func(limit int64) ([]byte, error)
}

// response extracts one response record.
func (x *Replay) response(res *archive.Response) error {
	return x.page(res, res.Header, res.Body, false)
}

// page extracts one archived page: the URLs, status and date of res, the
// content (header and body) of res itself or, when converted, of the
// conversion record of res (the page as rendered, in UTF-8).
func (x *Replay) page(res *archive.Response, header http.Header, readBody func(limit int64) ([]byte, error), converted bool) error {
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
	if converted {
		t.Charset = "" // the rendered DOM is UTF-8 whatever the site's pages are in
	}
	ct := header.Get("Content-Type")
	if ct != "" && !crawler.IsHTML(ct, nil) {
		x.Skipped[string(crawler.ReasonNotHTML)]++
		return nil
	}
	body, err := readBody(extract.MaxInput)
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

package pipeline

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/newsnorm/newsnorm/archive"
	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/output"
)

// archived is what one archived response gives: a Result to write or to
// reject, or the reason it is no article page at all (skip).
type archived struct {
	t      Target
	res    *Result
	skip   string // not an article page: not counted as a reject
	reject string // an article page that gives no valid article
	// rendered: extracted from the page as a browser rendered it (a
	// conversion record).
	rendered bool
}

// extractArchived extracts one archived response as a crawl would have:
// the same resolver and builder, the Content-Type's charset with the
// site's forced one, the URL after redirects, and the record's WARC-Date
// as fetched_at.
//
// content is the record whose Content-Type and body are extracted: res
// itself, or its conversion record (the page as a browser rendered it,
// in UTF-8 whatever the site's charset).
func extractArchived(r *Resolver, build Builder, sel WARCSelect, res, content *archive.Response) archived {
	if res.Status < 200 || res.Status > 299 {
		return archived{skip: "status"}
	}
	t, ok := r.Article(res.RequestedURI)
	if ok && len(sel.Sites) > 0 && !slices.Contains(sel.Sites, t.Site) {
		return archived{skip: "other-site"}
	}
	if !ok && sel.All {
		t, ok = r.URL(res.RequestedURI, true), true
	}
	if !ok || t.Site == "" {
		return archived{skip: "not-article"}
	}
	reject := func(reason string) archived {
		if !t.Article {
			// --all: a page that is no article (a listing, a home page).
			return archived{t: t, skip: "no-article"}
		}
		return archived{t: t, reject: reason}
	}
	if content.Conversion {
		t.Charset = "" // the rendered DOM is UTF-8 whatever the site's pages are in
	}
	ct := content.Header.Get("Content-Type")
	if ct != "" && !crawler.IsHTML(ct, nil) {
		return archived{skip: string(crawler.ReasonNotHTML)}
	}
	body, err := content.Body(extract.MaxInput)
	switch {
	case errors.Is(err, archive.ErrTooLarge):
		return archived{skip: string(crawler.ReasonTooLarge)}
	case err != nil:
		return reject("bad-body: " + err.Error())
	case !crawler.IsHTML(ct, body):
		return archived{skip: string(crawler.ReasonNotHTML)}
	}
	html, err := Decode(body, ct, t)
	if err != nil {
		return reject("bad-encoding: " + err.Error())
	}
	b := build.Build(t, Page{URL: res.RequestedURI, FinalURL: res.TargetURI, HTML: html, Status: res.Status, FetchedAt: res.Date})
	if b.Reject != "" {
		a := reject(b.Reject)
		a.res = b
		return a
	}
	return archived{t: t, res: b, rendered: content.Conversion}
}

// Replay extracts the articles of archived responses again, with no
// network and no state (extract --warc), to an output writer. Records are
// deduplicated by (site, id) within a replay.
type Replay struct {
	resolve *Resolver
	build   Builder
	sel     WARCSelect
	out     *output.Writer
	log     *slog.Logger
	seen    map[string]bool // site NUL id

	Files, Responses, Written, Duplicates, Rejected int
	// Skipped counts responses that are not extracted, and records the
	// reader skipped ("warc-revisit", "warc-damaged", ...), by reason.
	Skipped map[string]int
}

// NewReplay returns a replay that writes to the output path template
// outPath ("" or "-": stdout).
func NewReplay(cfg *config.Config, sel WARCSelect, outPath string, stdout io.Writer, log *slog.Logger) *Replay {
	out := output.NewWriter(cmp.Or(outPath, output.Stdout), RunVars(time.Now(), WorkerName(""), ""), stdout, output.Options{})
	return &Replay{resolve: NewResolver(cfg), build: Builder{MinBodyChars: cfg.MinBodyChars}, sel: sel, out: out, log: log,
		seen: map[string]bool{}, Skipped: map[string]int{}}
}

// Run extracts the responses of every file, closes the output and logs
// the summary. A file that cannot be read, or has damage, is reported in
// bad (what could be read of it is written, and the files after it are
// read); fatal is an output error, which stops the run.
func (x *Replay) Run(ctx context.Context, files *WARCFiles) (bad []error, fatal error) {
	defer func() {
		if err := x.out.Close(); err != nil && fatal == nil {
			fatal = err
		}
		x.logSummary()
	}()
	for f, ok := files.Next(); ok && ctx.Err() == nil; f, ok = files.Next() {
		x.Files++
		err, fatal := x.File(ctx, f)
		if err != nil {
			x.log.Error("cannot read all of the archive", "file", f, "err", err)
			bad = append(bad, err)
		}
		if fatal != nil {
			return bad, fatal
		}
	}
	if err := files.Err(); err != nil {
		bad = append(bad, err)
	}
	return bad, nil
}

// File extracts the responses of one WARC file. bad is a file that cannot
// be read or has damage (what could be read of it is written); fatal is
// an output error.
func (x *Replay) File(ctx context.Context, path string) (bad, fatal error) {
	var damage []error
	r, err := archive.OpenAt(path, archive.Position{}, readOptions(func(k string) { x.Skipped[k]++ }, func(s archive.Skip) {
		x.Skipped["warc-"+s.Reason]++
		x.log.Warn("skipped a WARC record", "reason", s.Reason, "err", s.Err)
		damage = append(damage, s.Err)
	}))
	if err != nil {
		return fmt.Errorf("warc %w", err), nil
	}
	defer r.Close()
	// A page archived as rendered too (a conversion record referring to
	// its response) is extracted from the rendered page, as the crawl
	// did, with its response's URLs, status and date.
	converted := archive.ConvertedResponses(path)
	r.IncludeConversions()
	held := map[string]*archive.Response{} // responses whose conversion follows
	var order []string
	// flush extracts, as they are, the held responses whose conversion
	// never came (it lay past damage, say).
	flush := func() error {
		for _, id := range order {
			if h := held[id]; h != nil {
				if err := x.response(h); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for ctx.Err() == nil {
		res, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("warc %w", err), flush()
		}
		if res.Conversion {
			meta := held[res.RefersTo]
			if meta == nil {
				continue // not a conversion of one of this file's responses
			}
			delete(held, res.RefersTo)
			if err := x.page(meta, res); err != nil {
				return nil, err
			}
			continue
		}
		x.Responses++
		if converted[res.RecordID] {
			held[res.RecordID] = res
			order = append(order, res.RecordID)
			continue
		}
		if err := x.response(res); err != nil {
			return nil, err
		}
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(damage) > 0 {
		return fmt.Errorf("warc %s: %d records damaged or with a bad digest, skipped; the first: %w", path, len(damage), damage[0]), nil
	}
	return nil, nil
}

// response extracts one response record.
func (x *Replay) response(res *archive.Response) error { return x.page(res, res) }

// page extracts one archived page: the URLs, status and date of res, the
// content (Content-Type and body) of content: res itself, or the
// conversion record of res (the page as rendered, in UTF-8).
func (x *Replay) page(res, content *archive.Response) error {
	a := extractArchived(x.resolve, x.build, x.sel, res, content)
	switch {
	case a.skip != "":
		x.Skipped[a.skip]++
		return nil
	case a.reject != "":
		x.Rejected++
		x.log.Info("rejected", "url", res.RequestedURI, "reason", a.reject)
		return nil
	}
	key := a.t.Site + "\x00" + a.res.Record.ID
	if x.seen[key] {
		x.Duplicates++
		return nil
	}
	x.seen[key] = true
	if _, _, err := x.out.Write(a.t.Site, a.res.Record); err != nil {
		return err
	}
	x.Written++
	return nil
}

// logSummary logs what the replay did.
func (x *Replay) logSummary() {
	attrs := []any{"files", x.Files, "responses", x.Responses, "written", x.Written, "duplicates", x.Duplicates, "rejected", x.Rejected}
	for _, k := range slices.Sorted(maps.Keys(x.Skipped)) {
		attrs = append(attrs, "skipped_"+k, x.Skipped[k])
	}
	x.log.Info("summary", attrs...)
}

package pipeline

import (
	"fmt"
	"strings"
	"time"

	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/internal/charset"
	"github.com/newsnorm/newsnorm/output"
)

// Page is a fetched page on its way to a record, from a live fetch, a
// file or an archive.
type Page struct {
	// URL is the page's URL as requested: what rejects name.
	URL string
	// FinalURL is the URL after redirects, which extraction resolves
	// links against ("" = URL).
	FinalURL string
	// HTML is the page, UTF-8 (see Decode).
	HTML      []byte
	Status    int
	FetchedAt time.Time
	// Explain, when set, is filled with how each field was chosen
	// (extract --explain; see extract.Explanation).
	Explain *extract.Explanation
}

// Result is what Build made of a page: a record, or the reason it is not
// one.
type Result struct {
	// Record is the page's record; set whenever extraction succeeded,
	// even for an invalid article (Reject says why it is one).
	Record *output.Record
	// Article is what extraction found (nil when it failed, with Err).
	Article *extract.Article
	Err     error
	// Published is the article's publish time (zero when unknown).
	Published time.Time
	// Reject is why the page gives no valid article ("" when Record is
	// set): "extract-error: ..." or "invalid: headline, body".
	Reject string
	// Fields are the fields that made it invalid.
	Fields []string
}

// Builder turns pages into records: one path for crawl, backfill, extract
// and extract --warc.
type Builder struct {
	// MinBodyChars is the shortest valid body, in characters.
	MinBodyChars int
}

// Decode turns a page's bytes into UTF-8 as a live fetch does: the
// target's forced charset, else the Content-Type's, a BOM, a meta
// declaration or sniffing.
func Decode(raw []byte, contentType string, t Target) ([]byte, error) {
	html, _, err := charset.Decode(raw, contentType, t.Charset)
	return html, err
}

// Build extracts the page with the target's profile and checks the
// article.
func (b Builder) Build(t Target, pg Page) (res *Result) {
	final := pg.FinalURL
	if final == "" {
		final = pg.URL
	}
	// A page that makes extraction panic (a bug of ours it found) is a
	// reject of its own, with the panic's value, never a stopped run.
	defer func() {
		if r := recover(); r != nil {
			err := fmt.Errorf("extract %s: panic: %v", final, r)
			res = &Result{Err: err, Reject: "extract-error: panic: " + fmt.Sprint(r)}
		}
	}()
	a, err := extractPage(extract.Input{HTML: pg.HTML, URL: final, FetchedAt: pg.FetchedAt, Explain: pg.Explain}, t.Profile)
	if err != nil {
		return &Result{Err: err, Reject: "extract-error: " + err.Error()}
	}
	res = &Result{Article: a, Record: NewRecord(t.Site, a, pg.FetchedAt)}
	if a.Published != nil {
		res.Published = a.Published.Time
	}
	if res.Fields = Invalid(a, b.MinBodyChars); len(res.Fields) > 0 {
		res.Reject = "invalid: " + strings.Join(res.Fields, ", ")
	}
	return res
}

// extractPage is extract.Extract; a test replaces it with one that panics.
var extractPage = extract.Extract

// Invalid lists what makes an article unusable: no headline, no ID, or a
// body shorter than minBody characters.
func Invalid(a *extract.Article, minBody int) []string {
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

// NewRecord turns an article into its output record.
func NewRecord(site string, a *extract.Article, fetched time.Time) *output.Record {
	rec := &output.Record{
		ID:                  a.ID,
		Site:                site,
		URL:                 a.URL,
		Headline:            a.Headline,
		Body:                a.Body,
		FetchedAt:           fetched.UTC().Format(time.RFC3339),
		Language:            a.Language,
		Authors:             a.Authors,
		Section:             a.Section,
		Description:         a.Description,
		Tags:                a.Tags,
		IsAccessibleForFree: a.IsAccessibleForFree,
		Sources:             a.Sources,
		ContentHash:         output.ContentHash(a.Headline, a.Body),
	}
	if a.Image != nil {
		rec.Image = &output.Image{URL: a.Image.URL, Caption: a.Image.Caption, Credit: a.Image.Credit}
	}
	if a.Published != nil {
		s := recordTime(a.Published)
		rec.PublishedAt = &s
		rec.PublishedRaw = a.Published.Raw
		rec.PublishedPrecision = a.Published.Precision
		rec.PublishedLocal = LocalTime(a.Published)
	}
	if a.Modified != nil {
		rec.ModifiedAt = recordTime(a.Modified)
		rec.ModifiedRaw = a.Modified.Raw
	}
	return rec
}

// recordTime is a time as the record has it: the date for day
// precision, else RFC 3339 in UTC.
func recordTime(p *extract.Published) string {
	if p.Precision == "day" {
		return p.Time.Format("2006-01-02")
	}
	return p.Time.UTC().Format(time.RFC3339)
}

// LocalTime is the record's published_local: the date for day precision
// (the page's own day, no zone applied), RFC 3339 in the page's stated
// offset or the site's zone when one is known, else "".
func LocalTime(p *extract.Published) string {
	switch {
	case p.Precision == "day":
		return p.Time.Format("2006-01-02")
	case !p.Local.IsZero():
		return p.Local.Format(time.RFC3339)
	}
	return ""
}

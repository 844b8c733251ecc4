package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsnorm/newsnorm/extract/content"
	"github.com/newsnorm/newsnorm/extract/textnorm"
	"github.com/newsnorm/newsnorm/extract/timeparse"
	"github.com/newsnorm/newsnorm/internal/charset"
)

// Extract finds the article on one page. A nil profile means generic
// extraction. Fields the page lacks stay empty (Published nil: a page
// without a publish time never gets the fetch time); the caller decides
// whether the result is a valid article.
//
// Errors wrap ErrTooLarge, ErrTooDeep or ErrNotHTML, or report a bad URL.
func Extract(in Input, prof *Profile) (*Article, error) {
	if len(in.HTML) > MaxInput {
		return nil, fmt.Errorf("extract %s: %w (%d bytes)", in.URL, ErrTooLarge, len(in.HTML))
	}
	u, err := url.Parse(in.URL)
	if err != nil {
		return nil, fmt.Errorf("extract %q: bad url: %w", in.URL, err)
	}
	if prof == nil {
		prof = &genericProfile
	}
	// A page that is double-encoded in its own bytes ("Thatâ€™s") is
	// read as its authors wrote it (see charset.RepairMojibake).
	repaired, _ := charset.RepairMojibake(in.HTML)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(repaired))
	if err != nil {
		// Reading from memory cannot fail, so this is the parser refusing
		// the page; the only refusal it has is for nesting.
		if strings.Contains(err.Error(), "open stack of elements") {
			return nil, fmt.Errorf("extract %s: %w (more than %d open elements)", in.URL, ErrTooDeep, MaxDepth)
		}
		return nil, fmt.Errorf("extract %s: %w: %v", in.URL, ErrNotHTML, err)
	}
	p := &page{doc: doc, url: u, profile: prof, size: len(in.HTML)}
	defer p.release()
	p.scan()
	a := &Article{Sources: map[string]string{}}
	field := func(name string, found bool, src string, missed bool) {
		if found {
			a.Sources[name] = src
		}
		if missed {
			a.ProfileMisses = append(a.ProfileMisses, name)
		}
	}

	// Metadata first, while the document is whole.
	a.URL = p.canonical()
	lang := p.language()

	headline, src, missed := p.headline()
	p.headlineOut = headline
	field("headline", headline != "", src, missed)

	a.ID, src, missed = p.id(a.URL)
	field("id", a.ID != "", src, missed)

	dayFirst := prof.DayFirst || !prof.MonthFirst && p.dayFirst()
	opts := timeparse.Options{Location: prof.Location, DayFirst: dayFirst, Now: in.FetchedAt}
	a.Published, src, missed = p.published(opts)
	raw := ""
	if a.Published != nil {
		raw = a.Published.Raw
	}
	field("published_at", a.Published != nil, src, missed)

	a.Modified, src = p.modified(opts, a.Published)
	field("modified_at", a.Modified != nil, src, false)

	a.Authors, src = p.authors()
	field("authors", len(a.Authors) > 0, src, false)
	a.Section, src = p.section()
	field("section", a.Section != "", src, false)
	a.Description, src = p.description()
	field("description", a.Description != "", src, false)
	a.Image, src = p.image()
	field("image", a.Image != nil, src, false)
	a.Tags, src = p.tags()
	field("tags", len(a.Tags) > 0, src, false)
	a.IsAccessibleForFree, src = p.accessibleForFree()
	field("is_accessible_for_free", a.IsAccessibleForFree != nil, src, false)
	if in.Explain != nil {
		p.explainFields(in.Explain, a, opts)
		p.trace = &content.Trace{}
		in.Explain.Body = p.trace
		p.explainBodyRule(p.trace)
	}

	// Then the body, which removes boilerplate from the document.
	blocks, src, missed := p.body()
	scored := blocks
	k := known{headline: headline, section: a.Section, publishedRaw: raw, labels: metaLabels(prof), spots: p.spots}
	single := dropRepeats(blocks, k)
	blocks = dropRepeatedRuns(single)
	if p.trace != nil {
		p.trace.Source = src
		explainRepeats(p.trace, scored, single, k)
		p.trace.DropBlocks(single, blocks, func(content.Block) string { return "repeat: a copy of a run of the article's text above" })
	}

	a.normalize(blocks, headline, lang)
	field("body", a.Body != "", src, missed)
	return a, nil
}

// normalize sets the body from blocks, the headline, and the language
// when the text is in its script, and normalises the text fields (see
// textnorm); Persian rules apply when the text is Persian.
func (a *Article) normalize(blocks []content.Block, headline, lang string) {
	sample, withHeadline := textSample(blocks, headline)
	no := textnorm.Options{Persian: textnorm.IsPersian(withHeadline, lang)}
	paras := make([]string, len(blocks))
	for i, b := range blocks {
		paras[i] = b.Text
	}
	a.Body = textnorm.Paragraphs(paras, no)
	a.Headline = textnorm.Clean(headline, no)
	a.Section = textnorm.Clean(a.Section, no)
	for i, au := range a.Authors {
		a.Authors[i] = textnorm.Clean(au, no)
	}
	a.Description = textnorm.Clean(a.Description, no)
	for i, t := range a.Tags {
		a.Tags[i] = textnorm.Clean(t, no)
	}
	if a.Image != nil {
		a.Image.Caption = textnorm.Clean(a.Image.Caption, no)
		a.Image.Credit = textnorm.Clean(a.Image.Credit, no)
	}
	a.Language = consistentLanguage(lang, sample)
}

// textSample returns the start of the body that tells its language and
// script: its first blocks up to 2000 bytes or so, each followed by a
// space; and the same followed by a space and the headline. Both are in
// one string, built at one go.
func textSample(blocks []content.Block, headline string) (sample, withHeadline string) {
	n := 0
	for _, b := range blocks {
		if n > 2000 {
			break
		}
		n += len(b.Text) + 1
	}
	var sb strings.Builder
	sb.Grow(n + 1 + len(headline))
	for _, b := range blocks {
		if sb.Len() > 2000 {
			break
		}
		sb.WriteString(b.Text)
		sb.WriteByte(' ')
	}
	n = sb.Len()
	sb.WriteByte(' ')
	sb.WriteString(headline)
	withHeadline = sb.String()
	return withHeadline[:n], withHeadline
}

package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsnorm/newsnorm/extract/textnorm"
	"github.com/newsnorm/newsnorm/extract/timeparse"
)

// Extract finds the article on one page. A nil profile means generic
// extraction. Fields the page lacks stay empty; the caller decides whether
// the result is a valid article.
func Extract(in Input, prof *Profile) (*Article, error) {
	if len(in.HTML) > MaxInput {
		return nil, fmt.Errorf("extract %s: %w (%d bytes)", in.URL, ErrTooLarge, len(in.HTML))
	}
	u, err := url.Parse(in.URL)
	if err != nil {
		return nil, fmt.Errorf("extract %q: bad url: %w", in.URL, err)
	}
	if prof == nil {
		prof = GenericProfile()
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(in.HTML))
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w: %v", in.URL, ErrNotHTML, err)
	}
	p := &page{doc: doc, url: u, profile: prof}
	a := &Article{Sources: map[string]string{}}
	miss := func(field string, missed bool) {
		if missed {
			a.ProfileMisses = append(a.ProfileMisses, field)
		}
	}

	// Metadata first, while the document is whole.
	a.URL = p.canonical()
	lang := p.language()

	var src string
	var missed bool
	a.Headline, src, missed = p.headline()
	a.Sources["headline"] = src
	miss("headline", missed)

	a.ID, src, missed = p.id(a.URL)
	a.Sources["id"] = src
	miss("id", missed)

	opts := timeparse.Options{Location: prof.Location, DayFirst: prof.DayFirst, Now: in.FetchedAt}
	a.Published, src, missed = p.published(opts)
	if a.Published != nil {
		a.Sources["published_at"] = src
	}
	miss("published_at", missed)

	a.Authors = p.authors()
	a.Section = p.section()

	// Then the body, which removes boilerplate from the document.
	blocks, src, missed := p.body()
	miss("body", missed)
	raw := ""
	if a.Published != nil {
		raw = a.Published.Raw
	}
	labels := append(append(append([]string{}, idLabels...), publishedLabels...), prof.ID.Labels...)
	labels = append(labels, prof.Published.Labels...)
	blocks = dropRepeats(blocks, a.Headline, raw, labels)

	var sample strings.Builder
	for _, b := range blocks {
		if sample.Len() > 2000 {
			break
		}
		sample.WriteString(b.Text)
	}
	persian := textnorm.IsPersian(sample.String(), lang)
	no := textnorm.Options{Persian: persian}
	paras := make([]string, 0, len(blocks))
	for _, b := range blocks {
		paras = append(paras, b.Text)
	}
	a.Body = textnorm.Paragraphs(paras, no)
	if a.Body != "" {
		a.Sources["body"] = src
	}
	a.Headline = textnorm.Clean(a.Headline, no)
	a.Language = consistentLanguage(lang, sample.String())
	return a, nil
}

// canonical returns rel=canonical (or og:url) when it is an absolute http(s)
// URL on the same registrable host as the page, else the page URL.
func (p *page) canonical() string {
	cands := []string{}
	if href, ok := p.doc.Find(`link[rel~="canonical"]`).First().Attr("href"); ok {
		cands = append(cands, href)
	}
	if v, _ := p.metaTag("og:url"); v != "" {
		cands = append(cands, v)
	}
	for _, c := range cands {
		cu, err := p.url.Parse(strings.TrimSpace(c))
		if err != nil || (cu.Scheme != "http" && cu.Scheme != "https") {
			continue
		}
		if sameSite(cu.Hostname(), p.url.Hostname()) && cu.Path != "" && cu.Path != "/" {
			cu.Fragment = ""
			return cu.String()
		}
	}
	return p.url.String()
}

func sameSite(a, b string) bool {
	a, b = strings.TrimPrefix(strings.ToLower(a), "www."), strings.TrimPrefix(strings.ToLower(b), "www.")
	return a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a)
}

// language is the page's declared language: <html lang>, then meta tags.
func (p *page) language() string {
	if l, ok := p.doc.Find("html").First().Attr("lang"); ok && strings.TrimSpace(l) != "" {
		return strings.TrimSpace(l)
	}
	if v := p.ldString("inLanguage"); v != "" {
		return v
	}
	v, _ := p.metaTag("content-language", "og:locale", "language", "dc.language")
	return strings.ReplaceAll(strings.TrimSpace(v), "_", "-")
}

// consistentLanguage keeps a declared language only when the text is in its
// script: a page declaring "fa" whose text is Latin gets no language.
func consistentLanguage(lang, text string) string {
	if lang == "" {
		return ""
	}
	base := strings.ToLower(lang)
	if i := strings.IndexAny(base, "-_"); i > 0 {
		base = base[:i]
	}
	var latin, arabic, other int
	for _, r := range text {
		switch {
		case r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 0xc0 && r <= 0x24f:
			latin++
		case r >= 0x600 && r <= 0x6ff || r >= 0xfb50 && r <= 0xfeff:
			arabic++
		case r > 0x24f:
			other++
		}
	}
	total := latin + arabic + other
	if total < 20 {
		return lang
	}
	switch base {
	case "fa", "ar", "ur", "ps", "ku":
		if arabic*2 < total {
			return ""
		}
	case "en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs", "tr", "id", "ro", "hu":
		if latin*2 < total {
			return ""
		}
	}
	return lang
}

// authors come from JSON-LD, then meta tags.
func (p *page) authors() []string {
	if v := p.ldStrings("author"); len(v) > 0 {
		return v
	}
	if v, _ := p.metaTag("author", "article:author", "parsely-author", "sailthru.author", "dc.creator"); v != "" && !strings.HasPrefix(v, "http") {
		return []string{v}
	}
	return nil
}

// section comes from JSON-LD, then meta tags.
func (p *page) section() string {
	if v := p.ldString("articleSection"); v != "" {
		return v
	}
	v, _ := p.metaTag("article:section", "parsely-section", "section")
	return v
}

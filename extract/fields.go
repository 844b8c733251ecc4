package extract

import (
	"path"
	"strings"

	"golang.org/x/net/html"

	"github.com/newsnorm/newsnorm/extract/content"
)

// This file holds the fields beyond headline, date, authors and body that
// users of news data expect (the fields of Zyte's article schema, fundus
// and news-please): description, lead image, tags, section and whether
// the article is free to read. Each is read from JSON-LD first, then
// meta tags, and Article.Sources names the one that gave it.

// Image is an article's lead image.
type Image struct {
	URL     string `json:"url"`               // absolute
	Caption string `json:"caption,omitempty"` // the caption the page gives it, if any
	Credit  string `json:"credit,omitempty"`  // the photographer or agency credited, if any
}

// maxTags bounds the tags kept from one page.
const maxTags = 50

// maxFigures bounds the <figure> elements scan keeps.
const maxFigures = 16

// descriptionMetaKeys are meta tags that carry the article's summary,
// best first.
var descriptionMetaKeys = []string{"og:description", "description", "twitter:description", "dc.description", "dcterms.description", "dcterms.abstract"}

// description is the article's standfirst or summary: JSON-LD description,
// then the description meta tags.
func (p *page) description() (string, string) {
	if v := collapseSpace(markupText(p.ldString("description"))); v != "" {
		return v, "json-ld"
	}
	for _, k := range descriptionMetaKeys {
		if v := collapseSpace(markupText(p.meta[k])); v != "" {
			return v, "meta:" + k
		}
	}
	return "", ""
}

// markupText is the text of a value that a CMS filled with HTML ("<p>We
// are <strong>excited</strong> …</p>"): the text of its blocks (see
// content.Blocks), the references decoded. A value with no tag is
// returned as it is; "x < y" holds none (see content.HasMarkup).
func markupText(s string) string {
	if !content.HasMarkup(s) {
		return s
	}
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return s
	}
	return nodesText([]*html.Node{doc})
}

// imageMetaKeys are meta tags that carry the lead image's URL, best first.
var imageMetaKeys = []string{"og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"}

// image is the lead image: JSON-LD image (a URL, an ImageObject with
// caption and credit, or the first of an array), then og:image and the
// like. A caption or credit the metadata lacks comes from the <figure>
// that shows the same picture, outside lists of other articles.
func (p *page) image() (*Image, string) {
	var img *Image
	var src string
	for _, o := range p.jsonLD() {
		if v, ok := o["image"]; ok {
			if img = p.ldImage(v, 0); img != nil {
				src = "json-ld"
				break
			}
		}
	}
	if img == nil {
		for _, k := range imageMetaKeys {
			if v := strings.TrimSpace(p.meta[k]); v != "" {
				img, src = &Image{URL: v}, "meta:"+k
				break
			}
		}
	}
	if img == nil {
		return nil, ""
	}
	u, err := p.url.Parse(img.URL)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" {
		return nil, ""
	}
	img.URL = u.String()
	if img.Caption == "" || img.Credit == "" {
		if f := p.figureOf(u.Path); f != nil {
			caption, credit := figureText(f)
			if img.Caption == "" {
				img.Caption = caption
			}
			if img.Credit == "" {
				img.Credit = credit
			}
		}
	}
	return img, src
}

// ldImage reads a JSON-LD image value.
func (p *page) ldImage(v any, depth int) *Image {
	if depth > 4 {
		return nil
	}
	switch t := v.(type) {
	case string:
		if t = strings.TrimSpace(t); t != "" {
			return &Image{URL: t}
		}
	case []any:
		for _, e := range t {
			if img := p.ldImage(e, depth+1); img != nil {
				return img
			}
		}
	case map[string]any:
		if id, ok := t["@id"].(string); ok && len(t) == 1 {
			if ref, ok := p.ldIndex[id]; ok {
				return p.ldImage(ref, depth+1)
			}
			return nil
		}
		u, _ := t["url"].(string)
		if u == "" {
			u, _ = t["contentUrl"].(string)
		}
		if u = strings.TrimSpace(u); u == "" {
			return nil
		}
		img := &Image{URL: u, Caption: collapseSpace(p.ldString1(t["caption"]))}
		for _, k := range [...]string{"creditText", "copyrightHolder", "author", "creator"} {
			if c := collapseSpace(p.ldString1(t[k])); c != "" && !isURL(c) {
				img.Credit = c
				break
			}
		}
		return img
	}
	return nil
}

// figureOf returns the first <figure> outside lists of other articles
// whose image has the same file name as imgPath.
func (p *page) figureOf(imgPath string) *html.Node {
	base := path.Base(imgPath)
	if base == "" || base == "/" || base == "." {
		return nil
	}
	for _, f := range p.figures {
		found := false
		walk(f, func(c *html.Node) bool {
			if c.Type == html.ElementNode && (c.Data == "img" || c.Data == "source") {
				for _, a := range c.Attr {
					if (a.Key == "src" || a.Key == "srcset" || a.Key == "data-src" || a.Key == "data-srcset") && strings.Contains(a.Val, base) {
						found = true
					}
				}
			}
			return !found
		})
		if found && !offArticle(f, p.profile.Boilerplate) {
			return f
		}
	}
	return nil
}

// creditLabels open a picture credit in a caption.
var creditLabels = []string{"photo:", "photograph:", "picture:", "image:", "foto:", "bild:", "photo :", "©", "(c)", "credit:", "source:", "quelle:"}

// figureText returns a figure's caption and credit: the <figcaption>'s
// text, the credit being its element whose class names a credit,
// copyright or source, or a part opened by "Photo:", "Foto:", "©", ...
func figureText(f *html.Node) (caption, credit string) {
	var fc *html.Node
	walk(f, func(c *html.Node) bool {
		if c.Type == html.ElementNode && c.Data == "figcaption" {
			fc = c
		}
		return fc == nil
	})
	if fc == nil {
		return "", ""
	}
	caption = collapseSpace(nodeText(fc))
	walk(fc, func(c *html.Node) bool {
		if c != fc && c.Type == html.ElementNode {
			cls := strings.ToLower(attr(c, "class"))
			if strings.Contains(cls, "credit") || strings.Contains(cls, "copyright") || strings.Contains(cls, "source") || strings.Contains(cls, "author") {
				credit = collapseSpace(nodeText(c))
			}
		}
		return credit == ""
	})
	if credit != "" {
		caption = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.Replace(caption, credit, "", 1)), "|"))
	}
	lower := strings.ToLower(caption)
	for _, l := range creditLabels {
		if i := strings.LastIndex(lower, l); i >= 0 {
			if credit == "" {
				credit = strings.TrimSpace(caption[i+len(l):])
			}
			caption = strings.TrimRight(strings.TrimSpace(caption[:i]), " |/–—-")
			break
		}
	}
	lc := strings.ToLower(credit)
	for _, l := range creditLabels {
		if strings.HasPrefix(lc, l) {
			credit = credit[len(l):]
			break
		}
	}
	return caption, strings.TrimSpace(strings.TrimLeft(credit, ": "))
}

// section is the section the article is filed under: JSON-LD
// articleSection (the first of an array), then meta tags.
func (p *page) section() (string, string) {
	if v := collapseSpace(p.ldString("articleSection")); sectionName(v) {
		return v, "json-ld"
	}
	for _, k := range [...]string{"article:section", "parsely-section", "section"} {
		if v := collapseSpace(p.meta[k]); sectionName(v) {
			return v, "meta:" + k
		}
	}
	return "", ""
}

// maxSection is the longest section name, in bytes.
const maxSection = 60

// sectionName reports whether v can name a section: not empty, not a
// URL, not a sentence ("Staying ahead of fitness trends keeps …", a
// description in the wrong field).
func sectionName(v string) bool {
	return v != "" && len(v) <= maxSection && !isURL(v)
}

// tagMetaKeys are meta tags that carry keywords as one comma-separated
// list.
var tagMetaKeys = []string{"keywords", "news_keywords", "parsely-tags", "sailthru.tags"}

// tags are the article's keywords: JSON-LD keywords (an array or a
// comma-separated string), then article:tag meta tags, then the
// keywords meta tags; deduplicated, in order.
func (p *page) tags() ([]string, string) {
	for _, o := range p.jsonLD() {
		var raw []string
		switch v := o["keywords"].(type) {
		case string:
			raw = splitTags(v)
		case []any:
			for _, e := range v {
				if s := p.ldString1(e); s != "" {
					raw = append(raw, splitTags(s)...)
				}
			}
		}
		if out := cleanTags(raw); len(out) > 0 {
			return out, "json-ld"
		}
	}
	if out := cleanTags(p.articleTags); len(out) > 0 {
		return out, "meta:article:tag"
	}
	for _, k := range tagMetaKeys {
		if out := cleanTags(splitTags(p.meta[k])); len(out) > 0 {
			return out, "meta:" + k
		}
	}
	return nil, ""
}

// splitTags splits a list of keywords at its commas, or at its
// semicolons ("mental health; mindfulness; technology"), after decoding
// its character references, whose ";" is no separator ("M&amp;A").
func splitTags(s string) []string {
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' })
}

func cleanTags(raw []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range raw {
		t = collapseSpace(strings.TrimSpace(t))
		if t == "" || len(t) > 100 || isURL(t) {
			continue
		}
		if k := strings.ToLower(t); !seen[k] {
			seen[k] = true
			out = append(out, t)
			if len(out) == maxTags {
				break
			}
		}
	}
	return out
}

// accessibleForFree reads JSON-LD isAccessibleForFree (true, false or
// their strings), then article:content_tier ("free", or "locked" for a
// paywall; "metered" tells nothing). nil when the page does not say.
func (p *page) accessibleForFree() (*bool, string) {
	for _, o := range p.jsonLD() {
		if b, ok := ldBool(o["isAccessibleForFree"]); ok {
			return &b, "json-ld"
		}
	}
	switch strings.ToLower(strings.TrimSpace(p.meta["article:content_tier"])) {
	case "free":
		b := true
		return &b, "meta:article:content_tier"
	case "locked":
		b := false
		return &b, "meta:article:content_tier"
	}
	return nil, ""
}

func ldBool(v any) (bool, bool) {
	switch t := v.(type) {
	case bool:
		return t, true
	case string:
		switch strings.ToLower(strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(t, "https://schema.org/"), "http://schema.org/"))) {
		case "true", "yes", "1":
			return true, true
		case "false", "no", "0":
			return false, true
		}
	}
	return false, false
}

// visitFields keeps, during scan, what the fields of this file read
// beyond the meta map: every article:tag (a page has many) and the
// <figure> elements.
func (p *page) visitFields(n *html.Node) {
	switch n.Data {
	case "meta":
		if len(p.articleTags) < maxTags && strings.EqualFold(attr(n, "property"), "article:tag") {
			if v := strings.TrimSpace(attr(n, "content")); v != "" {
				p.articleTags = append(p.articleTags, v)
			}
		}
	case "figure":
		if len(p.figures) < maxFigures {
			p.figures = append(p.figures, n)
		}
	}
}

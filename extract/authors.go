package extract

import "strings"

// authors come from JSON-LD, then meta tags. Values that are URLs
// (profile pages, as article:author often holds) are not names.
func (p *page) authors() []string {
	var out []string
	for _, v := range p.ldStrings("author") {
		if v = collapseSpace(v); v != "" && !isURL(v) {
			out = append(out, v)
		}
	}
	if len(out) > 0 {
		return out
	}
	if v, _ := p.metaTag("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator"); v != "" && !isURL(v) {
		return []string{collapseSpace(v)}
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

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "//")
}

package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// headline runs the headline chain: profile, JSON-LD, meta tags, the main
// heading, then <title> with the site name cut off.
func (p *page) headline() (string, string, bool) {
	profMiss := false
	if !p.profile.Headline.empty() {
		if v, src := p.profileValue(p.profile.Headline); v != "" {
			return v, src, false
		}
		profMiss = true
	}
	h1 := p.mainHeading()
	if v := p.ldString("headline"); v != "" {
		return v, "json-ld", profMiss
	}
	if v, k := p.metaTag("og:title", "twitter:title", "headline", "dc.title", "sailthru.title", "parsely-title"); v != "" {
		return p.cutSiteName(v, h1), "meta:" + k, profMiss
	}
	if h1 != "" {
		return h1, "h1", profMiss
	}
	if t := strings.TrimSpace(p.doc.Find("title").First().Text()); t != "" {
		return p.cutSiteName(collapseSpace(t), ""), "title", profMiss
	}
	return "", "", profMiss
}

// mainHeading is the text of the page's first <h1> that is not the site's
// logo (a heading with only an image or a link to the home page).
func (p *page) mainHeading() string {
	var out string
	p.doc.Find("h1").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		t := collapseSpace(s.Text())
		if len(t) < 8 {
			return true
		}
		if a := s.Find("a"); a.Length() > 0 {
			if href, _ := a.Attr("href"); href == "/" || href == p.url.Scheme+"://"+p.url.Host+"/" {
				return true
			}
		}
		out = t
		return false
	})
	return out
}

// titleSeparators split "Headline - Site" and "Site | Headline".
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " » ", " « ", " · ", " / "}

// cutSiteName removes a site name from a <title>-like headline: the part
// before or after a separator that names the site (its host or its
// og:site_name), or otherwise the shorter side. When the page has a main
// heading contained in the title, that heading wins.
func (p *page) cutSiteName(t, heading string) string {
	if heading != "" && heading != t && strings.Contains(t, heading) {
		return heading
	}
	site, _ := p.metaTag("og:site_name", "application-name", "publisher")
	host := strings.TrimPrefix(strings.ToLower(p.url.Hostname()), "www.")
	hostWord := host
	if i := strings.IndexByte(host, '.'); i > 0 {
		hostWord = host[:i]
	}
	isSite := func(s string) bool {
		ls := strings.ToLower(strings.TrimSpace(s))
		squashed := strings.NewReplacer(" ", "", "-", "", ".", "").Replace(ls)
		if site != "" && strings.EqualFold(strings.TrimSpace(site), strings.TrimSpace(s)) {
			return true
		}
		hw := strings.ReplaceAll(hostWord, "-", "")
		return ls == host || strings.Contains(squashed, hw) && len(squashed) <= len(hw)+12
	}
	for _, sep := range titleSeparators {
		i := strings.LastIndex(t, sep)
		if i <= 0 {
			continue
		}
		left, right := strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+len(sep):])
		j := strings.Index(t, sep)
		firstLeft, firstRight := strings.TrimSpace(t[:j]), strings.TrimSpace(t[j+len(sep):])
		switch {
		case isSite(right):
			return left
		case isSite(firstLeft):
			return firstRight
		case len(right) < 25 && len(left) > 2*len(right):
			return left
		}
	}
	return t
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// Package propose drafts a site entry for the config from a site's home
// page and one of its article pages (newsnorm profile init): the article
// pattern with an id group, the follow patterns of its listing pages, its
// feeds, and the labels that carry the ID and the date.
package propose

import (
	"bytes"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// Page is a fetched page: its URL after redirects and its HTML (UTF-8).
type Page struct {
	URL  string
	HTML []byte
}

// Site is the proposed entry, with what it was inferred from.
type Site struct {
	Name      string
	StartURL  string
	Article   string   // the article pattern
	IDGroup   bool     // the pattern has an id group
	Articles  int      // links on the home page that the pattern matches
	Follow    []Follow // listing pages
	Feeds     []string
	IDLabel   string // a label before the article's ID, e.g. "News ID:"
	DateLabel string // a label before its publish date, e.g. "Published:"
}

// Follow is a listing-page pattern and the number of home-page links it
// matches.
type Follow struct {
	Pattern string
	Links   int
	Example string
}

// Labels say where extraction found the ID and the date, as its sources
// name them ("label:News ID:"), and the values.
type Labels struct {
	IDSource, DateSource string
}

// Propose drafts the site entry. The article page's URL is the model of
// the article URLs; the home page's links say which of them generalise.
func Propose(home, article Page, found Labels) (*Site, error) {
	hu, err := url.Parse(home.URL)
	if err != nil || hu.Host == "" {
		return nil, fmt.Errorf("home page url %q: not an absolute URL", home.URL)
	}
	au, err := url.Parse(article.URL)
	if err != nil || au.Host == "" {
		return nil, fmt.Errorf("article url %q: not an absolute URL", article.URL)
	}
	if bareHost(au.Host) != bareHost(hu.Host) {
		return nil, fmt.Errorf("the article %s is not on the home page's site %s", article.URL, hu.Hostname())
	}
	s := &Site{Name: siteName(hu.Hostname()), StartURL: home.URL}
	links, feeds, err := scan(home, hu)
	if err != nil {
		return nil, err
	}
	_, articleFeeds, _ := scan(article, au)
	s.Feeds = unique(append(feeds, articleFeeds...))

	hostRE := `^https?://(www\.)?` + regexp.QuoteMeta(bareHost(hu.Host))
	shape, idAt := pathShape(au)
	s.Article = hostRE + shapeRegexp(shape, idAt) + `/?$`
	article1 := regexp.MustCompile(s.Article)
	s.IDGroup = article1.SubexpIndex("id") >= 0
	byShape := map[string][]string{}
	for _, l := range links {
		lu, _ := url.Parse(l)
		if article1.MatchString(l) {
			s.Articles++
			continue
		}
		if resource(lu.Path) {
			continue
		}
		sh, _ := pathShape(lu)
		key := shapeRegexp(sh, -1)
		if lu.RawQuery != "" {
			key += "?"
		}
		byShape[key] = append(byShape[key], l)
	}
	for key, ls := range byShape {
		if len(ls) < 2 && !strings.HasSuffix(key, "?") {
			continue // one link of a kind is a page, not a kind of page
		}
		lu, _ := url.Parse(ls[0])
		sh, _ := pathShape(lu)
		pat := hostRE + shapeRegexp(sh, -1)
		if lu.RawQuery == "" {
			pat += `/?$`
		}
		s.Follow = append(s.Follow, Follow{Pattern: pat, Links: len(ls), Example: ls[0]})
	}
	sort.Slice(s.Follow, func(i, j int) bool {
		if s.Follow[i].Links != s.Follow[j].Links {
			return s.Follow[i].Links > s.Follow[j].Links
		}
		return s.Follow[i].Pattern < s.Follow[j].Pattern
	})
	s.IDLabel = labelOf(found.IDSource)
	s.DateLabel = labelOf(found.DateSource)
	return s, nil
}

// labelOf is the label of a source such as "label:News ID:" or
// "profile:label:Published:", or "".
func labelOf(src string) string {
	if i := strings.Index(src, "label:"); i >= 0 {
		return src[i+len("label:"):]
	}
	return ""
}

// scan returns a page's same-site links (absolute, fragment cut, in page
// order, once each) and its feeds.
func scan(p Page, base *url.URL) (links, feeds []string, err error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(p.HTML))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", p.URL, err)
	}
	seen := map[string]bool{}
	abs := func(href string) *url.URL {
		u, err := base.Parse(strings.TrimSpace(href))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || bareHost(u.Host) != bareHost(base.Host) {
			return nil
		}
		u.Fragment = ""
		return u
	}
	doc.Find(`link[rel~="alternate"][type*="rss"], link[rel~="alternate"][type*="atom"]`).Each(func(_ int, e *goquery.Selection) {
		if u := abs(e.AttrOr("href", "")); u != nil {
			feeds = append(feeds, u.String())
		}
	})
	doc.Find("a[href]").Each(func(_ int, e *goquery.Selection) {
		u := abs(e.AttrOr("href", ""))
		if u == nil || u.Path == "" || u.Path == "/" {
			return
		}
		l := u.String()
		if feedLike(u.Path) {
			feeds = append(feeds, l)
			return
		}
		if !seen[l] {
			seen[l] = true
			links = append(links, l)
		}
	})
	return links, feeds, nil
}

var digits = regexp.MustCompile(`\d+`)

// pathShape is a URL's path split in segments, slugs as "*"; idAt is the
// segment that holds the article's ID, or -1: the last segment with digits
// that is not a part of a date path (/2024/05/03/...: all digits, and not
// the last segment).
func pathShape(u *url.URL) (shape []string, idAt int) {
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	idAt = -1
	for i, seg := range segs {
		if m := digits.FindString(seg); m != "" && !(m == seg && i+1 < len(segs)) {
			idAt = i
		}
		shape = append(shape, seg)
	}
	for i, seg := range shape {
		if !slug(seg) {
			continue
		}
		// The words vary from article to article; an ID among them
		// stays, at its end or start.
		shape[i] = "*"
		if i == idAt {
			shape[i] = slugID(seg)
			idAt = -2 - i // written by slugID already
		}
	}
	if idAt < -1 {
		idAt = -1
	}
	return shape, idAt
}

// slugID is the pattern of a slug segment that carries the article's ID:
// its words vary, its digits at the end (or start) are the id group.
func slugID(seg string) string {
	runs := digits.FindAllStringIndex(seg, -1)
	last := runs[len(runs)-1]
	switch {
	case last[1] == len(seg) || len(seg)-last[1] <= 5: // "...-8812345" or "...-8812345.html"
		return "\x00" + `[^/]*?(?P<id>\d+)` + literal(seg[last[1]:])
	case runs[0][0] == 0:
		return "\x00" + `(?P<id>\d+)[^/]*`
	}
	return "*"
}

// slug reports a segment made of words, which varies from article to
// article ("some-headline-words").
func slug(seg string) bool {
	return strings.Count(seg, "-")+strings.Count(seg, "_") >= 2 && len(seg) > 12
}

// shapeRegexp writes a shape as a regular expression of the path; the
// idAt-th segment's longest digit run becomes the id group.
func shapeRegexp(shape []string, idAt int) string {
	var b strings.Builder
	for i, seg := range shape {
		b.WriteByte('/')
		switch {
		case strings.HasPrefix(seg, "\x00"):
			b.WriteString(seg[1:]) // a pattern already
		case seg == "*":
			b.WriteString(`[^/]+`)
		case i == idAt:
			runs := digits.FindAllStringIndex(seg, -1)
			longest := runs[0]
			for _, r := range runs {
				if r[1]-r[0] > longest[1]-longest[0] {
					longest = r
				}
			}
			b.WriteString(literal(seg[:longest[0]]) + `(?P<id>\d+)` + literal(seg[longest[1]:]))
		default:
			b.WriteString(literal(seg))
		}
	}
	return b.String()
}

// literal quotes a segment, its digit runs matching any digits.
func literal(seg string) string {
	var b strings.Builder
	last := 0
	for _, r := range digits.FindAllStringIndex(seg, -1) {
		b.WriteString(regexp.QuoteMeta(seg[last:r[0]]))
		b.WriteString(`\d+`)
		last = r[1]
	}
	b.WriteString(regexp.QuoteMeta(seg[last:]))
	return b.String()
}

func resource(path string) bool {
	switch strings.ToLower(path[strings.LastIndexByte(path, '.')+1:]) {
	case "css", "js", "png", "jpg", "jpeg", "gif", "svg", "ico", "pdf", "zip", "mp3", "mp4", "webp", "woff", "woff2":
		return true
	}
	return false
}

func feedLike(path string) bool {
	p := strings.ToLower(path)
	return strings.HasSuffix(p, "/feed") || strings.HasSuffix(p, "/rss") || strings.HasSuffix(p, ".rss") ||
		strings.HasSuffix(p, "/atom") || strings.HasSuffix(p, "/feed/")
}

func bareHost(h string) string { return strings.TrimPrefix(strings.ToLower(h), "www.") }

var nameChars = regexp.MustCompile(`[^a-z0-9._-]+`)

// siteName is a config site name from a host: iran-daily.com ->
// iran-daily; an IP address stays whole.
func siteName(host string) string {
	h := bareHost(host)
	if i := strings.LastIndexByte(h, '.'); i > 0 && net.ParseIP(h) == nil {
		h = h[:i]
	}
	return strings.Trim(nameChars.ReplaceAllString(h, "-"), "-.")
}

func unique(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// YAML writes the entry as a config site, commented with what it was
// inferred from, for the user to check and edit.
func (s *Site) YAML() string {
	var b strings.Builder
	q := func(v string) string { return "'" + strings.ReplaceAll(v, "'", "''") + "'" }
	fmt.Fprintf(&b, "  # proposed by newsnorm profile init: check every line, then run\n")
	fmt.Fprintf(&b, "  # newsnorm crawl --dry-run --site %s, and newsnorm extract --fetch ARTICLE-URL --explain\n", s.Name)
	fmt.Fprintf(&b, "  - name: %s\n", s.Name)
	fmt.Fprintf(&b, "    start_urls: [%s]\n", q(s.StartURL))
	if len(s.Feeds) > 0 {
		var fs []string
		for _, f := range s.Feeds {
			fs = append(fs, q(f))
		}
		fmt.Fprintf(&b, "    feeds: [%s]\n", strings.Join(fs, ", "))
	}
	fmt.Fprintf(&b, "    # sitemaps_from_robots: true   # also read the Sitemap: lines of robots.txt\n")
	if len(s.Follow) > 0 {
		fmt.Fprintf(&b, "    follow:\n")
		for _, f := range s.Follow {
			fmt.Fprintf(&b, "      - %s   # %d links on the home page, e.g. %s\n", q(f.Pattern), f.Links, f.Example)
		}
	}
	note := "the id group gives the article ID before fetching"
	if !s.IDGroup {
		note = "no ID in the URL: the ID is a hash of the canonical URL unless a label gives it"
	}
	fmt.Fprintf(&b, "    article: %s   # %d links on the home page; %s\n", q(s.Article), s.Articles, note)
	fmt.Fprintf(&b, "    max_depth: 2\n    delay: 1s\n    parallelism: 2\n")
	if s.IDLabel != "" || s.DateLabel != "" {
		fmt.Fprintf(&b, "    fields:\n")
		if s.IDLabel != "" {
			fmt.Fprintf(&b, "      id: {labels: [%s]}\n", q(s.IDLabel))
		}
		if s.DateLabel != "" {
			fmt.Fprintf(&b, "      published: {labels: [%s]}\n", q(s.DateLabel))
		}
	}
	return b.String()
}

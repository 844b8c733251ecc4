package extract

import (
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// This file holds the publish-time candidates that read markup other than
// meta tags, article JSON-LD and <time>: JSON-LD objects of other types
// (a WebPage in @graph), RDF and RDFa Dublin Core, microformats (h-entry
// dt-published, <abbr class="published">), data-* attributes, meta tags
// outside the known list, and dates in the page's script state. scan
// collects the elements they read (visitDate, visitComment).

// maxDateMarks and maxScripts bound what scan keeps for these candidates.
const (
	maxDateMarks = 256
	maxScripts   = 128
)

// ldDateKeys are the JSON-LD keys of a publish time, best first.
var ldDateKeys = [...]string{"datePublished", "dateCreated", "uploadDate"}

// ldNotThePage are JSON-LD types whose dates are not the page's.
var ldNotThePage = map[string]bool{
	"person": true, "organization": true, "newsmediaorganization": true, "imageobject": true,
	"website": true, "brand": true, "place": true, "postaladdress": true, "offer": true,
	"rating": true, "aggregaterating": true, "breadcrumblist": true, "listitem": true, "comment": true,
}

// publishedJSONLDAny reads datePublished, dateCreated or uploadDate of the
// JSON-LD objects that are not of an article type (those are read by
// publishedJSONLD): a WebPage, ItemPage or VideoObject in @graph, say.
// Objects that name the page come first; then WebPage types; then the
// rest, in document order. The source names the type: "json-ld:WebPage".
func (p *page) publishedJSONLDAny(tr timeReader) (*Published, string) {
	return p.ldAnyDate(tr, ldDateKeys[:])
}

// ldAnyDate reads the first of keys that parses among the JSON-LD objects
// of other than article types, in publishedJSONLDAny's order.
func (p *page) ldAnyDate(tr timeReader, dateKeys []string) (*Published, string) {
	p.jsonLD()
	if len(p.ldRoots) == 0 {
		return nil, ""
	}
	var objs []map[string]any
	var collect func(v any, depth int)
	collect = func(v any, depth int) {
		if depth > maxLDDepth {
			return
		}
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				collect(e, depth+1)
			}
		case map[string]any:
			if !isArticleType(t["@type"]) && !ldNotThePage[ldTypeKey(t["@type"])] {
				objs = append(objs, t)
			}
			for _, k := range [...]string{"@graph", "mainEntity", "mainEntityOfPage"} {
				if g, ok := t[k]; ok {
					collect(g, depth+1)
				}
			}
		}
	}
	for _, v := range p.ldRoots {
		collect(v, 0)
	}
	keys := p.pageKeys()
	rank := func(o map[string]any) int {
		switch {
		case aboutPage(o, keys):
			return 0
		case strings.HasSuffix(ldTypeKey(o["@type"]), "page"):
			return 1
		}
		return 2
	}
	sort.SliceStable(objs, func(i, j int) bool { return rank(objs[i]) < rank(objs[j]) })
	for _, k := range dateKeys {
		for _, o := range objs {
			if s := p.ldString1(o[k]); s != "" {
				if pub := tr.parse(s); pub != nil {
					name := ldTypeName(o["@type"])
					if name == "" {
						return pub, "json-ld"
					}
					return pub, "json-ld:" + name
				}
			}
		}
	}
	return nil, ""
}

// pageKeys are the sameURLKey forms of the page and canonical URLs.
func (p *page) pageKeys() []string {
	keys := []string{sameURLKey(p.url.String())}
	for _, c := range p.canonicals {
		if cu, err := p.url.Parse(c); err == nil {
			keys = append(keys, sameURLKey(cu.String()))
		}
	}
	return keys
}

// ldTypeName is the first @type of a JSON-LD object without a schema.org
// prefix; ldTypeKey is it lower-cased.
func ldTypeName(t any) string {
	var s string
	switch v := t.(type) {
	case string:
		s = v
	case []any:
		if len(v) > 0 {
			s, _ = v[0].(string)
		}
	}
	s = strings.TrimSpace(s)
	for _, prefix := range [...]string{"http://schema.org/", "https://schema.org/", "schema:"} {
		s = strings.TrimPrefix(s, prefix)
	}
	return s
}

func ldTypeKey(t any) string { return strings.ToLower(ldTypeName(t)) }

// rdfDateAttrs are RDF attributes (on rdf:Description) and RDFa property
// values that carry a publish time.
var rdfDateAttrs = map[string]bool{
	"dc:date": true, "dc:created": true, "dc:issued": true, "dcterms:date": true, "dcterms:created": true,
	"dcterms:issued": true, "dc:date.issued": true, "schema:datepublished": true, "datepublished": true,
}

// visitDate keeps the elements the markup and visible-date candidates
// read: RDF attributes (dc:date=), RDFa (property="dc:date"), data-*
// attributes of a publish time, and class or id names of a date
// ("published", "post-date", "dt-published", ...). Names are matched
// ASCII case-insensitively, without allocating.
func (p *page) visitDate(n *html.Node) {
	if len(p.dateMarks) >= maxDateMarks {
		return
	}
	for _, a := range n.Attr {
		switch {
		case a.Key == "class" || a.Key == "id":
			if dateName(a.Val) {
				p.dateMarks = append(p.dateMarks, n)
				return
			}
		case a.Key == "property":
			if rdfDateAttrs[strings.ToLower(strings.TrimSpace(a.Val))] {
				p.dateMarks = append(p.dateMarks, n)
				return
			}
		case strings.HasPrefix(a.Key, "data-"):
			if publishKey(a.Key[5:]) || modifiedKey(a.Key[5:]) {
				p.dateMarks = append(p.dateMarks, n)
				return
			}
		case rdfDateAttrs[a.Key]:
			p.dateMarks = append(p.dateMarks, n)
			return
		}
	}
}

// visitComment reads the dc:date of an RDF block that blogs put in an
// HTML comment (<!-- <rdf:RDF ...><rdf:Description dc:date="..."> -->).
func (p *page) visitComment(n *html.Node) {
	if p.rdfDate != "" || !strings.Contains(n.Data, "rdf:Description") {
		return
	}
	for _, k := range [...]string{`dc:date="`, `dcterms:created="`, `dcterms:issued="`} {
		if i := strings.Index(n.Data, k); i >= 0 {
			v := n.Data[i+len(k):]
			if j := strings.IndexByte(v, '"'); j > 0 && j < 64 {
				p.rdfDate = v[:j]
				return
			}
		}
	}
}

// dateName reports whether a class or id value names a date: it holds
// "date", "publish", "posted" or "dateline" in any case.
func dateName(v string) bool {
	// One pass: only a 'd' or a 'p' can start a match.
	for i := 0; i+4 <= len(v); i++ {
		switch v[i] | 0x20 {
		case 'd':
			if hasPrefixFold(v[i:], "date") {
				return true
			}
		case 'p':
			if hasPrefixFold(v[i:], "publish") || hasPrefixFold(v[i:], "posted") {
				return true
			}
		}
	}
	return false
}

// hasPrefixFold reports whether s starts with prefix, which is lower-case
// ASCII, ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for j := 0; j < len(prefix); j++ {
		if s[j]|0x20 != prefix[j] {
			return false
		}
	}
	return true
}

// publishKey reports whether the name of a data-* attribute (without
// "data-") is a publish time's: pubdate, published, publish-date,
// date-published, created-at, ..., but not an update time's.
func publishKey(k string) bool {
	if containsFold(k, "modif") || containsFold(k, "updat") || containsFold(k, "expir") {
		return false
	}
	return containsFold(k, "publish") || containsFold(k, "pubdate") || containsFold(k, "pub-date") ||
		containsFold(k, "posted") || strings.EqualFold(k, "created") || strings.EqualFold(k, "created-at") ||
		strings.EqualFold(k, "date-created")
}

// modifiedKey reports whether the name of a data-* attribute (without
// "data-") is an update time's: lastmod, modified, updated-at, ...
func modifiedKey(k string) bool {
	return containsFold(k, "modif") || containsFold(k, "updat") || containsFold(k, "lastmod")
}

// containsFold reports whether s holds sub, which is lower-case ASCII,
// ignoring ASCII case.
func containsFold(s, sub string) bool {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		c := s[i] | 0x20
		if c != sub[0] {
			continue
		}
		j := 1
		for ; j < n; j++ {
			if s[i+j]|0x20 != sub[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// publishedMarkup reads the publish time from markup that names it, in
// document order: an RDF block in a comment or RDF attributes
// ("rdf"), RDFa property="dc:date" ("rdfa"), h-entry dt-published
// ("h-entry"), <abbr class="published" title=...> ("abbr"), a data-*
// attribute such as data-pubdate on the body or the article
// ("data-attr"). Elements outside the article (see offArticle) and
// update times are skipped.
func (p *page) publishedMarkup(tr timeReader) (*Published, string) {
	if p.rdfDate != "" {
		if pub := tr.parse(p.rdfDate); pub != nil {
			return pub, "rdf"
		}
	}
	for _, n := range p.dateMarks {
		raw, src := markupDate(n)
		if raw == "" {
			continue
		}
		if src != "rdf" && offArticle(n, p.profile.Boilerplate) {
			continue
		}
		if pub := tr.parse(strings.TrimSpace(raw)); pub != nil {
			if src == "h-entry" || src == "abbr" {
				p.spots = append(p.spots, spot{elem: n})
			}
			return pub, src
		}
	}
	return nil, ""
}

// markupDate returns the date an element's markup names and its kind, or
// "" when it names none (a class name alone is for publishedVisible).
func markupDate(n *html.Node) (string, string) {
	for _, a := range n.Attr {
		if rdfDateAttrs[a.Key] {
			return a.Val, "rdf"
		}
	}
	if v, ok := attrOK(n, "property"); ok && rdfDateAttrs[strings.ToLower(strings.TrimSpace(v))] {
		if c, ok := attrOK(n, "content"); ok {
			return c, "rdfa"
		}
		if c, ok := attrOK(n, "datetime"); ok {
			return c, "rdfa"
		}
		return nodeText(n), "rdfa"
	}
	class := attr(n, "class")
	if hasToken(class, "dt-published") {
		for _, k := range [...]string{"datetime", "title", "value", "content"} {
			if v, ok := attrOK(n, k); ok && strings.TrimSpace(v) != "" {
				return v, "h-entry"
			}
		}
		return nodeText(n), "h-entry"
	}
	if n.Data == "abbr" && hasToken(class, "published") {
		if v := attr(n, "title"); v != "" {
			return v, "abbr"
		}
		return nodeText(n), "abbr"
	}
	for _, a := range n.Attr {
		if strings.HasPrefix(a.Key, "data-") && publishKey(a.Key[5:]) && strings.TrimSpace(a.Val) != "" {
			return a.Val, "data-attr"
		}
	}
	return "", ""
}

// publishedMetaAny reads a meta tag outside the publishedMeta list whose
// name says it is a publish time ("published", "w-published-date",
// "cludo:date", ...), in the order of the names, and never an update,
// expiry or image time.
func (p *page) publishedMetaAny(tr timeReader) (*Published, string) {
	return p.metaMatchingTime(tr, metaPublishName)
}

func metaPublishName(k string) bool {
	for _, w := range [...]string{"modif", "updat", "expir", "image", "revis", "edit", "valid", "birth", "event", "start", "end"} {
		if strings.Contains(k, w) {
			return false
		}
	}
	return strings.Contains(k, "publish") || strings.Contains(k, "pubdate") || strings.Contains(k, "pub_date") ||
		strings.Contains(k, "created") || strings.HasSuffix(k, ":date") || strings.HasSuffix(k, ".date") ||
		strings.HasSuffix(k, "-date") || strings.HasSuffix(k, "_date") || k == "dc:date" || k == "dcterms:created"
}

// publishedAnywhere reads itemprop=datePublished where publishedMicrodata
// and publishedTimeElement would not (a <time itemprop> in a footer the
// theme named "footer"), when the page has one such element, or several
// that agree on the day: then it is the article's. Lists of other
// articles and comments stay out.
func (p *page) publishedAnywhere(tr timeReader) (*Published, string) {
	var found *Published
	var at *html.Node
	check := func(n *html.Node) bool {
		if !hasToken(attr(n, "itemprop"), "datePublished") || inOtherArticles(n) {
			return true
		}
		raw, ok := attrOK(n, "content")
		if !ok {
			raw, ok = attrOK(n, "datetime")
		}
		if !ok {
			raw = nodeText(n)
		}
		pub := tr.parse(strings.TrimSpace(raw))
		if pub == nil {
			return true
		}
		if found != nil && !sameDay(found, pub) {
			found = nil
			return false
		}
		if found == nil {
			found, at = pub, n
		}
		return true
	}
	for _, n := range p.itemprops {
		if !check(n) {
			return nil, ""
		}
	}
	for _, n := range p.times {
		if !check(n) {
			return nil, ""
		}
	}
	if found != nil {
		p.spots = append(p.spots, spot{elem: at})
		return found, "microdata"
	}
	// The page's one <time datetime>, inside its <article> (an <aside> of
	// the article holding its date is no sidebar of the page's).
	var only *html.Node
	for _, n := range p.times {
		if strings.TrimSpace(attr(n, "datetime")) == "" {
			continue
		}
		if only != nil {
			return nil, ""
		}
		only = n
	}
	if only == nil || !inArticleElement(only) {
		return nil, ""
	}
	if pub := tr.parse(strings.TrimSpace(attr(only, "datetime"))); pub != nil && !updateTime(only, strings.ToLower(attr(only, "class"))) {
		p.spots = append(p.spots, spot{elem: only})
		return pub, "time"
	}
	return nil, ""
}

// inArticleElement reports whether n sits in an <article> element, with
// no list of other articles or comments between.
func inArticleElement(n *html.Node) bool {
	for n = n.Parent; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		if names := attr(n, "class") + " " + attr(n, "id"); len(names) > 1 && otherArticlesNames.MatchString(names) {
			return false
		}
		if n.Data == "article" {
			return true
		}
	}
	return false
}

func sameDay(a, b *Published) bool {
	ay, am, ad := a.Time.Date()
	by, bm, bd := b.Time.Date()
	return ay == by && am == bm && ad == bd
}

// inOtherArticles reports whether n sits in <nav>, <aside>, or a list of
// other articles or comments (see otherArticlesNames).
func inOtherArticles(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		if n.Data == "nav" || n.Data == "aside" {
			return true
		}
		if names := attr(n, "class") + " " + attr(n, "id"); len(names) > 1 && otherArticlesNames.MatchString(names) {
			return true
		}
	}
	return false
}

// imageMeta are the meta tags of the article's lead image.
var imageMeta = [...]string{"og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"}

// publishedImageURL reads a date in the path of the article's lead image
// (og:image .../2026/01/29/photo.jpg): uploads are filed by day, mostly
// the day of the article. The last resort of the chain. Source
// "image-url".
func (p *page) publishedImageURL(tr timeReader) (*Published, string) {
	for _, k := range imageMeta {
		v, ok := p.meta[k]
		if !ok {
			continue
		}
		u, err := p.url.Parse(strings.TrimSpace(v))
		if err != nil {
			continue
		}
		for _, re := range urlDates {
			if m := re.FindStringSubmatch(u.Path); m != nil {
				if pub := tr.parse(m[1] + "-" + pad2(m[2]) + "-" + pad2(m[3])); pub != nil {
					return pub, "image-url"
				}
			}
		}
	}
	return nil, ""
}

// scriptKeyDate reads the value of the best of keys found in the page's
// scripts that are not JSON-LD (see publishedScript): the first
// occurrence of the best-ranked key that has a full date. Each script is
// read once per anchor, a part that every key holds (see scriptAnchors),
// not once per key.
func (p *page) scriptKeyDate(tr timeReader, keys []string, anchors []string) (*Published, string) {
	rank := make(map[string]int, len(keys))
	for i, k := range keys {
		rank[k] = i
	}
	var best *Published
	bestRank, bestKey := len(keys), ""
	for _, n := range p.scripts {
		text := nodeText(n)
		if len(text) > maxScriptScan {
			text = text[:maxScriptScan]
		}
		for _, a := range anchors {
			for off := 0; off < len(text); {
				i := strings.Index(text[off:], a)
				if i < 0 {
					break
				}
				i += off
				off = i + len(a)
				// The identifier around the anchor.
				b, e := i, off
				for b > 0 && isIdentByte(text[b-1]) {
					b--
				}
				for e < len(text) && isIdentByte(text[e]) {
					e++
				}
				off = e
				r, ok := rank[text[b:e]]
				if !ok || r >= bestRank {
					continue
				}
				v, ok := scriptValue(text[e:])
				if !ok {
					continue
				}
				if pub := tr.parse(v); pub != nil && hasYear(pub.Raw) {
					best, bestRank, bestKey = pub, r, text[b:e]
				}
			}
		}
		if bestRank == 0 {
			break
		}
	}
	if best == nil {
		return nil, ""
	}
	return best, "script:" + bestKey
}

// scriptDateKeys are the keys of a publish time in a page's script state
// (Next.js and Nuxt data, analytics variables), best first.
var scriptDateKeys = [...]string{
	"datePublished", "publishedAt", "publishedDate", "publishDate", "published_at", "published_date",
	"publication_date", "publicationDate", "date_published", "firstPublishedAt", "pubDate",
}

// scriptDateAnchors are parts of the scriptDateKeys: each key holds one.
var scriptDateAnchors = [...]string{"ublish", "ublication", "ubDate"}

// maxScriptScan bounds the bytes of script text the script-state
// candidate reads per script.
const maxScriptScan = 4 << 20

// publishedScript reads the first value of a publish-time key in the
// page's scripts that are not JSON-LD: "datePublished":"2025-02-04...",
// \"publishedAt\":\"...\" in escaped JSON, publication_date = '...'. The
// value must be a full date. Source "script:<key>".
func (p *page) publishedScript(tr timeReader) (*Published, string) {
	return p.scriptKeyDate(tr, scriptDateKeys[:], scriptDateAnchors[:])
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// scriptValue reads the quoted string value after a key: optional quote
// and backslashes, spaces, ':' or '=', spaces, a quote (maybe escaped),
// the value up to the closing quote or backslash (at most 40 bytes).
func scriptValue(s string) (string, bool) {
	i := 0
	skip := func(set string) {
		for i < len(s) && strings.IndexByte(set, s[i]) >= 0 {
			i++
		}
	}
	skip(`\"'`)
	skip(" \t")
	if i >= len(s) || s[i] != ':' && s[i] != '=' {
		return "", false
	}
	i++
	skip(" \t")
	start := i
	skip(`\"'`)
	if i == start {
		return "", false // not a string: a number, an object, a call
	}
	j := i
	for j < len(s) && j-i <= 40 && s[j] != '"' && s[j] != '\'' && s[j] != '\\' {
		j++
	}
	if j >= len(s) || j-i > 40 || j == i {
		return "", false
	}
	return s[i:j], true
}

// hasYear reports whether s holds a run of exactly four digits: a found
// date states its year, not only a day and month ("Dec 12") or a relative
// time ("2 hours ago").
func hasYear(s string) bool {
	run := 0
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= '٠' && r <= '٩' || r >= '۰' && r <= '۹' {
			run++
			continue
		}
		if run == 4 {
			return true
		}
		run = 0
	}
	return run == 4
}

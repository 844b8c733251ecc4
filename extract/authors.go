package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/newsnorm/newsnorm/extract/content"
)

// authorCandidate finds the page's authors one way, as the raw strings
// the page gives (bylines, names), and names its source. weak marks
// values that may name the publisher rather than a person (JSON-LD
// Organizations): a later candidate that finds a person wins over them.
type authorCandidate func(p *page) (raw []string, src string, weak bool)

// authorChain is the authors chain, best first.
var authorChain = []authorCandidate{
	(*page).authorsJSONLD,
	(*page).authorsMeta,
	(*page).authorsMicrodata,
	(*page).authorsRel,
	(*page).authorsBylineText,
	(*page).authorsBylineClass,
}

// authorMetaKeys are meta tags that carry author names, best first.
// article:author often holds a profile URL, which is no name.
var authorMetaKeys = []string{"author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator", "cxenseparse:author", "byl"}

// writtenByLabels are the twitter:label1 values (Yoast and others) whose
// twitter:data1 is the author.
var writtenByLabels = []string{"written by", "verfasst von", "geschrieben von", "écrit par", "escrito por", "scritto da", "author", "autor", "auteur"}

// maxAuthorNodes bounds the byline elements scan keeps.
const maxAuthorNodes = 48

// authors runs the authors chain: the first candidate whose values hold
// a plausible name wins (see splitNames). Names that are the site's own
// ("Example Times", "example.com" as meta author) or JSON-LD
// Organizations are kept only when no later candidate finds a person.
// The list is in page order, deduplicated.
func (p *page) authors() ([]string, string) {
	var fallback []string
	var fallbackSrc string
	names := p.siteNames()
	for _, c := range authorChain {
		p.authorSpots = p.authorSpots[:0]
		raw, src, weak := c(p)
		if len(raw) == 0 {
			continue
		}
		out := splitNames(raw, src == "byline" || src == "byline-class")
		if len(out) == 0 {
			continue
		}
		var persons []string
		for _, n := range out {
			if !notPerson(n, names) {
				persons = append(persons, n)
			}
		}
		if len(persons) > 0 && !weak {
			// The byline's line is metadata, not body text (see dropRepeats).
			p.spots = append(p.spots, p.authorSpots...)
			return persons, src
		}
		if fallback == nil {
			fallback, fallbackSrc = out, src
		}
	}
	return fallback, fallbackSrc
}

// notPerson reports whether a name from the chain names no person: the
// site's own name (see isSiteName), or a login name that a CMS shows for
// its user ("andrew.keaveney", "jane_doe"): one lower-case word of
// letters and digits joined by dots, underscores or hyphens.
func notPerson(name string, siteNames []string) bool {
	return isSiteName(name, siteNames) || loginName.MatchString(name)
}

var loginName = regexp.MustCompile(`^[a-z0-9]+([._-][a-z0-9]+)+$`)

// authorsJSONLD reads author (then creator) of the first article object
// that has one: names of Persons, or of Organizations when it names no
// Person (weak); {"@id"} references are followed.
func (p *page) authorsJSONLD() ([]string, string, bool) {
	for _, key := range [...]string{"author", "creator"} {
		for _, o := range p.jsonLD() {
			v, ok := o[key]
			if !ok {
				continue
			}
			var persons, orgs []string
			p.eachLDAuthor(v, 0, func(name string, org bool) {
				if org {
					orgs = append(orgs, name)
				} else {
					persons = append(persons, name)
				}
			})
			if len(persons) > 0 {
				return persons, "json-ld", false
			}
			if len(orgs) > 0 {
				return orgs, "json-ld", true
			}
		}
	}
	return nil, "", false
}

// eachLDAuthor calls fn with each name in a JSON-LD author value: a
// string, an object (Person, Organization, or an @id reference to one),
// or an array of them. URLs are not names.
func (p *page) eachLDAuthor(v any, depth int, fn func(name string, org bool)) {
	if depth > 4 {
		return
	}
	switch t := v.(type) {
	case string:
		if s := strings.TrimSpace(t); s != "" && !isURL(s) {
			fn(s, false)
		}
	case []any:
		for _, e := range t {
			p.eachLDAuthor(e, depth+1, fn)
		}
	case map[string]any:
		if id, ok := t["@id"].(string); ok && len(t) == 1 {
			if ref, ok := p.ldIndex[id]; ok {
				p.eachLDAuthor(ref, depth+1, fn)
			}
			return
		}
		name := p.ldString1(t["name"])
		if name == "" {
			given, family := p.ldString1(t["givenName"]), p.ldString1(t["familyName"])
			name = strings.TrimSpace(given + " " + family)
		}
		if name != "" && !isURL(name) {
			fn(name, ldTypeIs(t["@type"], "organization", "newsmediaorganization", "corporation", "website", "webpage"))
		}
	}
}

// ldTypeIs reports whether a JSON-LD @type is one of types (lower-case,
// without the schema.org prefix).
func ldTypeIs(t any, types ...string) bool {
	switch v := t.(type) {
	case string:
		v = strings.ToLower(strings.TrimSpace(v))
		for _, prefix := range [...]string{"http://schema.org/", "https://schema.org/", "schema:"} {
			v = strings.TrimPrefix(v, prefix)
		}
		for _, ty := range types {
			if v == ty {
				return true
			}
		}
	case []any:
		for _, e := range v {
			if ldTypeIs(e, types...) {
				return true
			}
		}
	}
	return false
}

// authorsMeta reads the author meta tags that hold a name, then the
// twitter:data1 that a twitter:label1 "Written by" names.
func (p *page) authorsMeta() ([]string, string, bool) {
	for _, k := range authorMetaKeys {
		if v, ok := p.meta[k]; ok && !isURL(v) {
			return []string{v}, "meta:" + k, false
		}
	}
	for _, i := range [...]string{"1", "2"} {
		label := strings.ToLower(strings.TrimSpace(p.meta["twitter:label"+i]))
		for _, l := range writtenByLabels {
			if label == l {
				if v := p.meta["twitter:data"+i]; v != "" && !isURL(v) {
					return []string{v}, "meta:twitter:data" + i, false
				}
			}
		}
	}
	return nil, "", false
}

// authorsMicrodata reads itemprop=author outside lists of other articles:
// the item's itemprop=name, else its content or text.
func (p *page) authorsMicrodata() ([]string, string, bool) {
	var out []string
	for _, n := range p.authorNodes {
		if !hasToken(attr(n, "itemprop"), "author") || offArticle(n, p.profile.Boilerplate) {
			continue
		}
		v, ok := attrOK(n, "content")
		if !ok {
			v = nodeText(n)
			walk(n, func(c *html.Node) bool {
				if c != n && c.Type == html.ElementNode && hasToken(attr(c, "itemprop"), "name") {
					if cv, ok := attrOK(c, "content"); ok {
						v = cv
					} else {
						v = nodeText(c)
					}
					return false
				}
				return true
			})
		}
		if v = collapseSpace(v); v != "" && !isURL(v) {
			out = append(out, v)
			p.authorSpots = append(p.authorSpots, spot{elem: n})
		}
	}
	return out, "microdata", false
}

// authorsRel reads the text of rel=author links outside lists of other
// articles.
func (p *page) authorsRel() ([]string, string, bool) {
	var out []string
	for _, n := range p.authorNodes {
		if n.Data != "a" || !hasToken(attr(n, "rel"), "author") || offArticle(n, p.profile.Boilerplate) {
			continue
		}
		if v := collapseSpace(nodeText(n)); v != "" {
			out = append(out, v)
			p.authorSpots = append(p.authorSpots, spot{elem: n})
		}
	}
	return out, "rel-author", false
}

// bylinePrefixes open a byline in text ("By Jane Doe", "von Max Muster",
// "Par Jean Dupont", "Por Ana García"), folded to lower case.
var bylinePrefixes = []string{"by ", "by: ", "written by ", "words by ", "story by ", "text by ", "reported by ", "posted by ",
	"von ", "text: ", "autor: ", "autorin: ", "author: ", "par ", "écrit par ", "por ", "escrito por ", "door ", "di ", "av ", "af "}

// lowerOnlyPrefixes open a byline only in lower case: "Di Maria" is a
// name, "di Maria Rossi" a byline.
var lowerOnlyPrefixes = map[string]bool{"di ": true, "av ": true, "af ": true}

// maxByline is the longest text block read as a byline, in bytes.
const maxByline = 160

// maxBylineBlocks bounds how far into the page's text blocks the byline
// search goes.
const maxBylineBlocks = 400

// authorsBylineText reads a byline in the page text (see textByline).
func (p *page) authorsBylineText() ([]string, string, bool) {
	b, _, rest, ok := p.textByline()
	if !ok {
		return nil, "", false
	}
	p.authorSpots = append(p.authorSpots, spot{block: b})
	return []string{rest}, "byline", false
}

// textByline finds the article's byline in the page text: the first
// short block that opens with "By", "von", "Par", "Por", ... followed by
// a capitalised name ("Written by" alone: the name in the next block),
// outside lists of other articles, comments and page chrome. It returns
// the byline's block, the index of the block that holds the name (the
// byline's or the next) and the name.
func (p *page) textByline() (content.Block, int, string, bool) {
	for i := 0; i < maxBylineBlocks; i++ {
		b, lower, ok := p.block(i)
		if !ok {
			break
		}
		if len(lower) > maxByline || len(lower) < 2 {
			continue
		}
		rest, ok := cutBylinePrefix(b.Text, lower)
		j := i
		if !ok && bylineLabel(b.Text) {
			// "Written by" alone, the name in the next block.
			if next, _, ok2 := p.block(i + 1); ok2 && !next.Heading && len(next.Text) <= maxByline {
				rest, ok, j = next.Text, true, i+1
			}
		}
		if !ok || !startsCapital(rest) || offArticle(b.Node, p.profile.Boilerplate) {
			continue
		}
		return b, j, rest, true
	}
	return content.Block{}, 0, "", false
}

// cutBylinePrefix returns what follows a byline prefix that opens text
// (lower is text folded by foldLabel, of the same length).
func cutBylinePrefix(text, lower string) (string, bool) {
	if len(lower) != len(text) {
		lower = strings.ToLower(text)
		if len(lower) != len(text) {
			return "", false
		}
	}
	for _, pre := range bylinePrefixes {
		if strings.HasPrefix(lower, pre) && (!lowerOnlyPrefixes[pre] || strings.HasPrefix(text, pre)) {
			return strings.TrimSpace(text[len(pre):]), true
		}
	}
	return "", false
}

func startsCapital(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || r > 0x2e80 // CJK has no case
}

// authorsBylineClass reads elements whose class or id names an author or
// byline ("byline", "author-name", "c-byline__attribution", ...): the
// first one outside lists of other articles whose short text holds a
// name, with its siblings of the same class (one element per author).
func (p *page) authorsBylineClass() ([]string, string, bool) {
	for i, n := range p.authorNodes {
		cls := attr(n, "class")
		if !namesAuthor(cls + " " + attr(n, "id")) {
			continue
		}
		parts := bylineParts(n)
		if len(parts) == 0 || len(splitNames(parts, true)) == 0 || offArticle(n, p.profile.Boilerplate) {
			continue
		}
		p.authorSpots = append(p.authorSpots, spot{elem: n})
		for _, m := range p.authorNodes[i+1:] {
			if m.Parent == n.Parent && m != n && attr(m, "class") == cls && cls != "" {
				parts = append(parts, bylineParts(m)...)
				p.authorSpots = append(p.authorSpots, spot{elem: m})
			}
		}
		return parts, "byline-class", false
	}
	return nil, "", false
}

// bylineParts are the text pieces of a byline element, one per text
// node, without the "By" that opens them. An element whose text is too
// long to be a byline is an author box with the author's biography: its
// name, if any, is its first piece of text, before the biography (see
// boxName).
func bylineParts(n *html.Node) []string {
	l := len(nodeText(n))
	if l > maxAuthorBox {
		return nil // a part of the page that merely has "author" in its name
	}
	var parts []string
	walkBelow(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode && (c.Data == "script" || c.Data == "style" || c.Data == "time" || c.Namespace != "" || bylineAside(c)) {
			return false // skip what is below it, go on with its siblings
		}
		if c.Type != html.TextNode {
			return true
		}
		t := collapseSpace(c.Data)
		t = strings.Trim(t, "|•·:- ")
		if t == "" {
			return true
		}
		if rest, ok := cutBylinePrefix(t+" ", strings.ToLower(t+" ")); ok {
			t = rest
		}
		if t != "" && !bylineLabel(t) {
			parts = append(parts, t)
		}
		return true
	})
	if l > 2*maxByline {
		return boxName(parts)
	}
	return parts
}

// maxAuthorBox is the longest text, in bytes, of an author box: a name
// and a biography of a paragraph or two.
const maxAuthorBox = 1500

// boxName is the name among the text pieces of an author box ("Lauren
// Vetter", then her biography): its first piece past a heading ("About
// the author"), when that piece is a name (see splitNames); nil when the
// first piece is a sentence or longer than a name.
func boxName(parts []string) []string {
	for _, t := range parts {
		if aboutAuthor(t) {
			continue
		}
		if len(t) <= maxNameBytes && len(splitNames([]string{t}, true)) == 1 {
			return []string{t}
		}
		return nil
	}
	return nil
}

// aboutAuthor reports whether t heads an author box ("About the author",
// "Meet the author", "Über den Autor").
func aboutAuthor(t string) bool {
	l := strings.ToLower(strings.TrimRight(t, ": "))
	switch l {
	case "about the author", "about the authors", "meet the author", "about me", "the author", "über den autor", "über die autorin", "à propos de l'auteur", "sobre el autor":
		return true
	}
	return false
}

// bylineAside reports whether an element inside a byline holds what the
// byline says of the author rather than the name: a class or id of the
// author's picture, initials, job title, biography or label
// ("author-avatar", "author-job-title", "video-post_author-title",
// "author-meta--description"), with no word of the name
// ("card-author-name"). Words are whole parts of the name, so that
// "jobber-academy-post__author" is no job title. The initials an avatar
// draws in SVG are skipped by bylineParts with the rest of the SVG.
func bylineAside(n *html.Node) bool {
	names := attr(n, "class") + " " + attr(n, "id")
	if !mayNameAuthor(names) {
		return false
	}
	aside := false
	for _, f := range strings.Fields(strings.ToLower(names)) {
		if !authorWord(f) {
			continue
		}
		for _, w := range strings.FieldsFunc(f, func(r rune) bool { return r < 'a' || r > 'z' }) {
			if w == "name" || w == "names" {
				return false
			}
			aside = aside || bylineAsideWords[w]
		}
	}
	return aside
}

// authorWord reports whether a lower-case class or id name holds a word
// for the author or the byline.
func authorWord(f string) bool {
	return strings.Contains(f, "author") || strings.Contains(f, "byline") || strings.Contains(f, "autor") || strings.Contains(f, "auteur")
}

// bylineAsideWords are the parts of class and id names of what a byline
// shows beside the author's name.
var bylineAsideWords = map[string]bool{"avatar": true, "image": true, "img": true, "photo": true, "picture": true, "pic": true,
	"initials": true, "bio": true, "biography": true, "desc": true, "description": true, "summary": true, "about": true,
	"title": true, "jobtitle": true, "job": true, "role": true, "rol": true, "position": true, "label": true, "caption": true,
	"social": true, "follow": true}

// namesAuthor reports whether class or id names speak of an author or a
// byline, not of its picture, biography or label.
func namesAuthor(names string) bool {
	if !mayNameAuthor(names) {
		return false
	}
	l := strings.ToLower(names)
	if !authorWord(l) {
		return false
	}
	for _, f := range strings.Fields(l) {
		if !authorWord(f) {
			continue
		}
		bad := false
		for _, w := range [...]string{"avatar", "image", "img", "photo", "pic", "bio", "desc", "about", "title", "label", "caption", "social", "follow", "more", "date", "time", "role", "job", "position"} {
			if strings.Contains(f, w) {
				bad = true
				break
			}
		}
		if !bad {
			return true
		}
	}
	return false
}

// mayNameAuthor is a necessary condition of namesAuthor that needs no
// lower-cased copy: every word that namesAuthor looks for holds "aut"
// ("author", "autor", "auteur") or "byl" ("byline"), so names of ASCII
// bytes without either, in any case, name no author. Names with other
// bytes always pass: strings.ToLower maps some of them to ASCII letters
// ("İ" to "i", the Kelvin sign to "k").
func mayNameAuthor(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return true
		}
		if i+2 >= len(s) {
			continue
		}
		switch c | 0x20 {
		case 'a':
			if s[i+1]|0x20 == 'u' && s[i+2]|0x20 == 't' {
				return true
			}
		case 'b':
			if s[i+1]|0x20 == 'y' && s[i+2]|0x20 == 'l' {
				return true
			}
		}
	}
	return false
}

// visitAuthor keeps, during scan, the elements the author candidates
// read: itemprop=author, rel=author links, and elements whose class or id
// names an author or byline.
func (p *page) visitAuthor(n *html.Node) {
	if len(p.authorNodes) >= maxAuthorNodes {
		return
	}
	if hasToken(attr(n, "itemprop"), "author") || n.Data == "a" && hasToken(attr(n, "rel"), "author") {
		p.authorNodes = append(p.authorNodes, n)
		return
	}
	for _, a := range n.Attr {
		if (a.Key == "class" || a.Key == "id") && a.Namespace == "" && namesAuthor(a.Val) {
			p.authorNodes = append(p.authorNodes, n)
			return
		}
	}
}

func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "//")
}

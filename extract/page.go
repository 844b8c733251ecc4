package extract

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsnorm/newsnorm/extract/content"
)

// page is a parsed page and the lookups the candidates share. scan collects
// everything the metadata candidates read in one walk of the document, before
// boilerplate removal touches it; the rest is computed on first use.
type page struct {
	doc     *goquery.Document
	url     *url.URL
	profile *Profile
	size    int // bytes of HTML

	// Filled by scan.
	lang       string            // <html lang>
	title      string            // the first <title> outside SVG
	canonicals []string          // <link rel=canonical> hrefs
	meta       map[string]string // lower-cased name/property/http-equiv -> first value
	ldScripts  []string          // JSON-LD script texts
	h1         []*html.Node
	times      []*html.Node
	itemprops  []*html.Node // elements with itemprop datePublished, dateModified or headline
	logoNames  []string     // alt text of the site's logo images
	dateMarks  []*html.Node // elements that may mark a date (see visitDate)
	scripts    []*html.Node // scripts that are not JSON-LD, for dates in page state
	rdfDate    string       // dc:date of an RDF block in a comment
	// authorNodes are itemprop=author, rel=author and byline elements
	// (see visitAuthor).
	authorNodes []*html.Node
	articleTags []string     // article:tag meta contents (see visitFields)
	figures     []*html.Node // <figure> elements (see visitFields)

	ld      []map[string]any          // article objects, best first
	ldIndex map[string]map[string]any // every JSON-LD object by @id
	ldRoots []any                     // every parsed JSON-LD value, for the objects of other types
	ldDone  bool

	heading     string // mainHeading, once computed
	headingDone bool
	headlineOut string // the headline the chain chose (set by Extract before the publish time)

	// The page's text blocks before boilerplate removal, read as far as
	// a search needed them (see block). The reader must not go on once
	// the body chain has cleaned the document; Extract runs every
	// metadata chain before it.
	blocks    []content.Block
	lower     []string // blocks' text folded by foldLabel, for label search
	blockRead *content.BlockReader
	blockDone bool
	raw       []byte          // the page's raw text folded by foldLabel (see mayHold)
	rawText   *rawText        // raw and its trigrams, from rawTexts
	rawWords  map[string]bool // whether raw holds a word of a label
	rawDone   bool

	// spots are where the winning ID and publish time were found; their
	// lines are metadata, not body text (see dropRepeats).
	spots []spot

	// trace records what the body chain did, for an explanation (nil on
	// the normal path).
	trace *content.Trace
	// authorSpots are where the author candidate being tried found its
	// names; the winner's join spots.
	authorSpots []spot
}

// spot is where a metadata value was found: a text block before
// boilerplate removal (a labelled line), or an element (a <time>, a
// microdata element, a profile selector's match).
type spot struct {
	block content.Block
	elem  *html.Node
}

// scan walks the document once, without recursion, and collects what the
// metadata candidates need.
func (p *page) scan() {
	p.meta = map[string]string{}
	if len(p.doc.Nodes) == 0 {
		return
	}
	walk(p.doc.Nodes[0], func(n *html.Node) bool {
		switch n.Type {
		case html.ElementNode:
			p.visit(n)
		case html.CommentNode:
			p.visitComment(n)
		}
		return true
	})
}

func (p *page) visit(n *html.Node) {
	if n.Namespace != "" { // SVG and MathML have their own <title>, <a>, ...
		return
	}
	switch n.Data {
	case "html":
		if p.lang == "" {
			p.lang = strings.TrimSpace(attr(n, "lang"))
		}
	case "title":
		if p.title == "" {
			p.title = collapseSpace(nodeText(n))
		}
	case "link":
		if hasToken(attr(n, "rel"), "canonical") {
			if href := strings.TrimSpace(attr(n, "href")); href != "" {
				p.canonicals = append(p.canonicals, href)
			}
		}
	case "meta":
		val, ok := attrOK(n, "content")
		if !ok {
			val, ok = attrOK(n, "datetime")
		}
		val = strings.TrimSpace(val)
		if !ok || val == "" {
			return
		}
		for _, a := range [...]string{"property", "name", "http-equiv"} {
			for _, k := range strings.Fields(strings.ToLower(attr(n, a))) {
				if _, seen := p.meta[k]; !seen {
					p.meta[k] = val
				}
			}
		}
		// JSON-LD that a framework put in a meta tag (Next.js metadata
		// "other": <meta name="script:ld+json" content="{...}">).
		if strings.EqualFold(strings.TrimSpace(attr(n, "name")), "script:ld+json") && strings.HasPrefix(val, "{") {
			p.ldScripts = append(p.ldScripts, val)
		}
		// <meta itemprop> is microdata: it belongs to the item around it,
		// which may be another article in a list, so it is read with the
		// other microdata (see publishedMicrodata).
	case "script":
		t := strings.ToLower(strings.TrimSpace(attr(n, "type")))
		if t == "application/ld+json" || strings.HasPrefix(t, "application/ld+json;") {
			p.ldScripts = append(p.ldScripts, nodeText(n))
		} else if len(p.scripts) < maxScripts && n.FirstChild != nil {
			p.scripts = append(p.scripts, n)
		}
		return
	case "h1":
		p.h1 = append(p.h1, n)
	case "time":
		p.times = append(p.times, n)
		return
	case "img":
		if len(p.logoNames) < 4 {
			if alt := attr(n, "alt"); strings.TrimSpace(alt) != "" && p.isLogo(n) {
				p.logoNames = append(p.logoNames, collapseSpace(alt))
			}
		}
		return
	}
	if ip := attr(n, "itemprop"); ip != "" && (hasToken(ip, "datePublished") || hasToken(ip, "headline") || hasToken(ip, "dateModified")) {
		p.itemprops = append(p.itemprops, n)
	}
	p.visitDate(n)
	p.visitAuthor(n)
	p.visitFields(n)
}

// isLogo reports whether an image is the site's logo: "logo" in its src,
// class or id or its parent's class or id, or a parent link to the home
// page.
func (p *page) isLogo(img *html.Node) bool {
	if namesLogo(img, "src", "class", "id") {
		return true
	}
	par := img.Parent
	if par == nil || par.Type != html.ElementNode {
		return false
	}
	return namesLogo(par, "class", "id") || par.Data == "a" && p.linksHome(par)
}

// namesLogo reports whether one of the attributes of n holds "logo" in
// any case.
func namesLogo(n *html.Node, keys ...string) bool {
	for _, k := range keys {
		v := attr(n, k)
		for i := strings.IndexAny(v, "lL"); i >= 0 && i+4 <= len(v); {
			if strings.EqualFold(v[i:i+4], "logo") {
				return true
			}
			j := strings.IndexAny(v[i+1:], "lL")
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return false
}

// metaTag returns the content of the first meta tag whose name, property
// or http-equiv is one of keys (compared lower-case), with the key
// that matched.
func (p *page) metaTag(keys ...string) (string, string) {
	for _, k := range keys {
		if v, ok := p.meta[k]; ok {
			return v, k
		}
	}
	return "", ""
}

// textBlocks returns the text blocks of the whole page, before boilerplate
// removal, for labelled-text lookups.
func (p *page) textBlocks() []content.Block {
	for i := len(p.blocks); ; i++ {
		if _, _, ok := p.block(i); !ok {
			return p.blocks
		}
	}
}

// block returns the page's text block i (see textBlocks) and its text
// folded by foldLabel, or false past the last block. It reads the blocks
// only as far as i: a label near the top of the page is found without a
// walk of the rest.
func (p *page) block(i int) (content.Block, string, bool) {
	for i >= len(p.blocks) && !p.blockDone {
		if p.blockRead == nil {
			if len(p.doc.Nodes) == 0 {
				p.blockDone = true
				break
			}
			p.blockRead = content.NewBlockReader(p.doc.Nodes[0])
			// Room for a small page's blocks from the start.
			p.blocks, p.lower = make([]content.Block, 0, 32), make([]string, 0, 32)
		}
		b, ok := p.blockRead.Next()
		if !ok {
			p.blockDone, p.blockRead = true, nil
			break
		}
		p.blocks = append(p.blocks, b)
		p.lower = append(p.lower, foldLabel(b.Text))
	}
	if i >= len(p.blocks) {
		return content.Block{}, "", false
	}
	return p.blocks[i], p.lower[i], true
}

// selectText returns the value of the first selector match with text, the
// selector and the matching element.
func (p *page) selectText(r FieldRule) (string, string, *html.Node) {
	for _, sel := range r.Selectors {
		var found, which string
		var at *html.Node
		p.doc.Find(sel).EachWithBreak(func(_ int, s *goquery.Selection) bool {
			var v string
			if r.Attr != "" {
				v, _ = s.Attr(r.Attr)
			} else {
				v = blockText(s)
			}
			v = applyPattern(r.Pattern, strings.TrimSpace(v))
			if v != "" {
				found, which, at = v, sel, s.Nodes[0]
				return false
			}
			return true
		})
		if found != "" {
			return found, which, at
		}
	}
	return "", "", nil
}

// profileValue runs a profile rule: selectors first, then labels. accept,
// if not nil, must approve a value (e.g. it must parse as a time); a label
// whose value it rejects lets the search go on. The spot where the value
// was found is returned for dropRepeats.
func (p *page) profileValue(r FieldRule, accept func(string) bool) (string, string, spot) {
	if v, sel, at := p.selectText(r); v != "" && (accept == nil || accept(v)) {
		return v, "profile:" + sel, spot{elem: at}
	}
	var val, src string
	var where spot
	if len(r.Labels) > 0 {
		p.eachLabelled(r.Labels, true, func(v, label string, b content.Block) bool {
			if v = applyPattern(r.Pattern, v); v != "" && (accept == nil || accept(v)) {
				val, src, where = v, "profile:label:"+label, spot{block: b}
				return true
			}
			return false
		})
	}
	return val, src, where
}

func applyPattern(re *regexp.Regexp, v string) string {
	if re == nil || v == "" {
		return v
	}
	m := re.FindStringSubmatch(v)
	switch {
	case m == nil:
		return ""
	case len(m) > 1:
		return strings.TrimSpace(m[1])
	default:
		return strings.TrimSpace(m[0])
	}
}

// blockText is the text of s with each block on its own line collapsed to
// single spaces.
func blockText(s *goquery.Selection) string {
	return nodesText(s.Nodes)
}

// nodesText is the text of the blocks below nodes (see content.Blocks),
// joined by single spaces.
func nodesText(nodes []*html.Node) string {
	var parts []string
	for _, n := range nodes {
		for _, b := range content.Blocks(n) {
			parts = append(parts, b.Text)
		}
	}
	return strings.Join(parts, " ")
}

// walk calls fn for n and every node below it in document order, without
// recursion, until fn returns false.
func walk(n *html.Node, fn func(*html.Node) bool) {
	for c := n; c != nil; {
		if !fn(c) {
			return
		}
		if c.FirstChild != nil {
			c = c.FirstChild
			continue
		}
		c = nextAfter(n, c)
	}
}

// walkBelow calls enter for every node below n in document order, without
// recursion; where enter returns false, the nodes below that one are
// skipped and the walk goes on with its next sibling.
func walkBelow(n *html.Node, enter func(*html.Node) bool) {
	for c := n.FirstChild; c != nil; {
		if enter(c) && c.FirstChild != nil {
			c = c.FirstChild
			continue
		}
		c = nextAfter(n, c)
	}
}

// nextAfter is the node a walk below root visits after c and everything
// below c, or nil at the end of the walk.
func nextAfter(root, c *html.Node) *html.Node {
	for c != root && c.NextSibling == nil {
		c = c.Parent
	}
	if c == root {
		return nil
	}
	return c.NextSibling
}

// nodeText is the concatenated text below n (n's own text if it is a text
// node, a script's code if it is a script). The text of scripts, styles,
// templates and <noscript> below n is left out: a reader never sees it,
// and a <noscript>'s is raw markup ("<img src=...>") in a page parsed
// with scripting on, as browsers and x/net/html parse it.
func nodeText(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	if c := n.FirstChild; c != nil && c.NextSibling == nil && c.Type == html.TextNode {
		return c.Data // the common case: a script, a title, a short element
	}
	var b strings.Builder
	walkBelow(n, func(c *html.Node) bool {
		switch c.Type {
		case html.TextNode:
			b.WriteString(c.Data)
		case html.ElementNode:
			switch c.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Noscript:
				return false
			}
		}
		return true
	})
	return b.String()
}

func attr(n *html.Node, key string) string {
	v, _ := attrOK(n, key)
	return v
}

func attrOK(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val, true
		}
	}
	return "", false
}

// hasToken reports whether the space-separated list s holds tok (ASCII
// case-insensitively).
func hasToken(s, tok string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

func collapseSpace(s string) string {
	if collapsed(s) {
		return s // most headlines and titles: no new string
	}
	return strings.Join(strings.Fields(s), " ")
}

// collapsed reports whether collapseSpace(s) is s: its words are apart by
// one ASCII space each, and there is no other white space (see
// unicode.IsSpace, as strings.Fields).
func collapsed(s string) bool {
	space := true // a space here would lead or double one
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ' ':
			if space {
				return false
			}
			space = true
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				return false
			}
			space = false
			i += size - 1
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r':
			return false
		default:
			space = false
		}
	}
	return !space || s == ""
}

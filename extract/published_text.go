package extract

import (
	"strings"

	"golang.org/x/net/html"
)

// This file holds the publish-time candidates that read the visible text:
// a date in the lines around the main heading (a byline "By A • March 12,
// 2025", an eyebrow "02.01.2022" above the <h1>), a date in an element
// whose class names one ("post-date", "published-date"), and a date in
// <title>. A found date must state its year (see hasYear); a date after
// an update label ("Last updated: ..."), in a copyright line, or in a
// part of the page that is not the article (see offArticle) is skipped.

// Around the main heading: how many text blocks after and before it are
// read, how long a block may be to count as a dateline, and how far into
// a longer block a date may start.
const (
	headingAfter  = 8
	headingBefore = 3
	datelineLen   = 160
	datelineStart = 60
	headingSearch = 4000 // blocks read at most to find the heading (menus can be long)
)

// publishedNearHeading finds a date in the short blocks just after the
// main heading, then just before it. Source "text:heading".
func (p *page) publishedNearHeading(tr timeReader) (*Published, string) {
	return p.nearHeading(tr, false)
}

// shownLen is how much text besides the date a line may hold to be the
// date the page shows for its article ("By Ana Ruiz · March 1, 2024"),
// not a date mentioned in a standfirst or a caption.
const shownLen = 48

// nearHeading is publishedNearHeading; with alone, only a line that is
// little more than the date (shownLen), outside figures and captions.
func (p *page) nearHeading(tr timeReader, alone bool) (*Published, string) {
	return p.nearNode(tr, p.headingNode(), alone)
}

// publishedNearHeadline is publishedNearHeading for a page whose heading
// is not its <h1>: around the block whose text is the headline the chain
// chose (see headlineBlock) or, on a page without an <h1>, the <h2> that
// holds its words (see headlineH2). After the markup candidates: a
// heading found this way is a weaker sign than an <h1>. Source
// "text:heading".
func (p *page) publishedNearHeadline(tr timeReader) (*Published, string) {
	h1 := p.headingNode()
	h := p.headlineBlock(h1)
	if h == nil && len(p.h1) == 0 {
		h = p.headlineH2()
	}
	if h == nil || h == h1 {
		return nil, ""
	}
	return p.nearNode(tr, h, false)
}

// nearNode is nearHeading around the heading element h.
func (p *page) nearNode(tr timeReader, h *html.Node, alone bool) (*Published, string) {
	if h == nil {
		return nil, ""
	}
	k := -1
	for i := 0; i < headingSearch; i++ {
		b, _, ok := p.block(i)
		if !ok {
			break
		}
		if b.Node == h || isAncestor(h, b.Node) {
			k = i
			break
		}
	}
	if k < 0 {
		return nil, ""
	}
	try := func(i int, after bool) *Published {
		b, lower, ok := p.block(i)
		if !ok || b.Node == h || isAncestor(h, b.Node) {
			return nil
		}
		pub := p.datelineDate(tr, b.Text, lower)
		if pub == nil || inOtherArticles(b.Node) || inUpdateElement(b.Node) {
			return nil
		}
		if alone && (len(collapseSpace(b.Text))-len(pub.Raw) > shownLen || inFigure(b.Node)) {
			return nil
		}
		// Before the heading, only a line of the heading's own
		// container: not the date of a page header's clock.
		if !after && offArticle(b.Node, p.profile.Boilerplate) && !isAncestor(nthParent(h, 3), b.Node) {
			return nil
		}
		if p.afterUpdateLabel(i) {
			return nil
		}
		p.spots = append(p.spots, spot{block: b})
		return pub
	}
	long := 0
	for i := k + 1; i <= k+headingAfter; i++ {
		if b, _, ok := p.block(i); ok && len(b.Text) > 2*datelineLen {
			if long++; long > 1 {
				break // into the body: a date further on is the text's
			}
			continue
		}
		if pub := try(i, true); pub != nil {
			return pub, "text:heading"
		}
	}
	for i := k - 1; i >= 0 && i >= k-headingBefore; i-- {
		if pub := try(i, false); pub != nil {
			return pub, "text:heading"
		}
	}
	return nil, ""
}

// afterUpdateLabel reports whether the block before block i is an update
// label alone ("Last updated:"), so that the date in block i is the
// update's.
func (p *page) afterUpdateLabel(i int) bool {
	if i == 0 {
		return false
	}
	_, prev, _ := p.block(i - 1)
	return len(prev) < 40 && modifiedBefore(prev)
}

// namedForUpdate reports whether class, id or itemprop values
// (lower-cased) name an update time and not the publish time.
func namedForUpdate(marks string) bool {
	return updateMarks(marks) && !strings.Contains(marks, "publish")
}

// inUpdateElement reports whether n or one of its two parents is named
// for an update time and not for the publish time (Drupal's
// field--name-changed, "post-updated"; not WordPress's "entry-date
// published updated", which is both at first).
func inUpdateElement(n *html.Node) bool {
	for i := 0; n != nil && i < 3; n, i = n.Parent, i+1 {
		if n.Type != html.ElementNode {
			continue
		}
		if namedForUpdate(strings.ToLower(attr(n, "class") + " " + attr(n, "id"))) {
			return true
		}
	}
	return false
}

// holdsUpdateElement reports whether an element below n is named for an
// update time (see inUpdateElement): a "date_line" box around Drupal's
// field--name-changed.
func holdsUpdateElement(n *html.Node) bool {
	found := false
	walk(n, func(c *html.Node) bool {
		if c != n && c.Type == html.ElementNode {
			found = namedForUpdate(strings.ToLower(attr(c, "class") + " " + attr(c, "id") + " " + attr(c, "itemprop")))
		}
		return !found
	})
	return found
}

// headingNode is the <h1> whose text is the main heading, else the first
// plausible one outside lists of other articles (a theme may put the
// article's <h1> in a <header> that offArticle cannot tell from the
// page's).
func (p *page) headingNode() *html.Node {
	if main := p.mainHeading(); main != "" {
		for _, n := range p.h1 {
			if collapseSpace(nodeText(n)) == main {
				return n
			}
		}
	}
	for _, n := range p.h1 {
		t := collapseSpace(nodeText(n))
		if len(t) >= 8 && plausibleHeadline(t) && !p.linksHome(n) && !inOtherArticles(n) {
			return n
		}
	}
	return nil
}

// headlineBlock is the element of the first text block, outside lists of
// other articles, whose text is the article's headline (the one the
// headline chain chose from og:title or <title>, not the <h1>'s) when it
// comes before the <h1> h (nil: the page has none): a theme that
// sets the heading in a <p>, a <legend> or an <h2> and uses <h1> for a
// heading inside the text.
func (p *page) headlineBlock(h *html.Node) *html.Node {
	hl := p.headlineOut
	if len(hl) < 8 {
		return nil
	}
	for i := 0; i < headingSearch; i++ {
		b, _, ok := p.block(i)
		if !ok {
			break
		}
		if h != nil && (b.Node == h || isAncestor(h, b.Node)) {
			return nil
		}
		if b.Text == hl && !inOtherArticles(b.Node) && !p.linksHome(b.Node) {
			return b.Node
		}
	}
	return nil
}

// headlineH2 is, on a page without an <h1>, the first <h2> block of the
// article that holds every word of the headline (a longer heading than
// <title>'s: "Introducing X: the next-generation ..." for "Introducing
// X"), or nil.
func (p *page) headlineH2() *html.Node {
	words := strings.Fields(strings.ToLower(p.headlineOut))
	if len(words) < 3 {
		return nil
	}
	for i := 0; i < headingSearch; i++ {
		b, _, ok := p.block(i)
		if !ok {
			break
		}
		if !b.Heading || b.Node.Data != "h2" || offArticle(b.Node, p.profile.Boilerplate) {
			continue
		}
		have := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(b.Text), func(r rune) bool {
			return r == ' ' || r == ':' || r == ',' || r == '-' || r == '|'
		}) {
			have[w] = true
		}
		all := true
		for _, w := range words {
			if !have[strings.Trim(w, ":,|")] {
				all = false
				break
			}
		}
		if all {
			return b.Node
		}
	}
	return nil
}

// inFigure reports whether n lies in a <figure> or <figcaption>.
func inFigure(n *html.Node) bool {
	for c := n; c != nil; c = c.Parent {
		if c.Type == html.ElementNode && (c.Data == "figure" || c.Data == "figcaption") {
			return true
		}
	}
	return false
}

// nthParent is the ancestor k levels up from n, or the root.
func nthParent(n *html.Node, k int) *html.Node {
	for ; k > 0 && n.Parent != nil; k-- {
		n = n.Parent
	}
	return n
}

// isAncestor reports whether a is an ancestor of n.
func isAncestor(a, n *html.Node) bool {
	for c := n; c != nil; c = c.Parent {
		if c.Parent == a {
			return true
		}
	}
	return false
}

// datelineDate is the date of a short line of text (lower is the text
// folded by foldLabel), or nil: a date that states its year, starts near
// the beginning of a longer line, and follows no update label or
// copyright sign.
func (p *page) datelineDate(tr timeReader, text, lower string) *Published {
	if len(text) > datelineLen {
		text = truncate(text, datelineLen)
	}
	pub := tr.find(text)
	if pub == nil || !hasYear(pub.Raw) {
		return nil
	}
	at := strings.Index(text, pub.Raw)
	if at < 0 {
		return nil
	}
	if len(lower) > 2*datelineLen && at > datelineStart {
		return nil
	}
	before := lower[:min(at, len(lower))]
	if modifiedBefore(before) || strings.Contains(before, "©") || strings.Contains(before, "copyright") ||
		strings.Contains(before, "updated") || strings.Contains(before, "modified") {
		return nil
	}
	return pub
}

// bylineDateLen is how much text besides the date the byline's line, or
// the line after it, may hold for publishedByline.
const bylineDateLen = 48

// publishedByline finds the date the article's byline gives wherever the
// byline is (a theme that ends the article with "Written by A" and the
// date under it): in the block of the article's first byline ("By A",
// "Written by A"; see textByline) or in one of the two short blocks after
// it, a line that is little more than the date. Source "text:byline".
func (p *page) publishedByline(tr timeReader) (*Published, string) {
	_, j, rest, ok := p.textByline()
	if !ok {
		return nil, ""
	}
	for k := j; k <= j+2; k++ {
		d, dl, ok := p.block(k)
		if !ok || k > j && (d.Heading || len(d.Text) > datelineLen) {
			break
		}
		allow := bylineDateLen // besides the date
		if k == j {
			allow += len(rest) // and the name on the byline's own line
		}
		pub := p.datelineDate(tr, d.Text, dl)
		if pub == nil || inOtherArticles(d.Node) || len(collapseSpace(d.Text))-len(pub.Raw) > allow || p.afterUpdateLabel(k) {
			continue
		}
		p.spots = append(p.spots, spot{block: d})
		return pub, "text:byline"
	}
	return nil, ""
}

// publishedClassDate finds a date in an element whose class or id names
// a publish time ("published", "posted", "pubdate"), then one that names
// a date ("post-date", "entry-date", "date"): its datetime, content or
// title attribute, else its short text. Class names that repeat on the
// page are a list of other articles and are skipped, as are update
// times. Source "class".
func (p *page) publishedClassDate(tr timeReader) (*Published, string) {
	if len(p.dateMarks) == 0 {
		return nil, ""
	}
	repeats := map[string]int{}
	for _, n := range p.dateMarks {
		repeats[attr(n, "class")]++
	}
	for pass := 0; pass < 2; pass++ {
		for _, n := range p.dateMarks {
			names := attr(n, "class") + " " + attr(n, "id")
			strong := containsFold(names, "publish") || containsFold(names, "posted") || containsFold(names, "pubdate")
			if strong != (pass == 0) || !dateName(names) || repeats[attr(n, "class")] > 3 {
				continue
			}
			if updateTime(n, strings.ToLower(names)) {
				continue
			}
			pub := p.classDate(tr, n)
			if pub == nil || offArticle(n, p.profile.Boilerplate) || holdsUpdateElement(n) {
				continue
			}
			p.spots = append(p.spots, spot{elem: n})
			return pub, "class"
		}
	}
	return nil, ""
}

// classDate is the date of an element named as one: an attribute that
// parses, else its text when short.
func (p *page) classDate(tr timeReader, n *html.Node) *Published {
	for _, k := range [...]string{"datetime", "content", "title"} {
		if v, ok := attrOK(n, k); ok {
			if pub := tr.parse(strings.TrimSpace(v)); pub != nil && hasYear(pub.Raw) {
				return pub
			}
		}
	}
	if textLen(n, datelineLen+1) > datelineLen {
		return nil
	}
	text := collapseSpace(nodeText(n))
	return p.datelineDate(tr, text, foldLabel(text))
}

// publishedTitle finds a date in <title> ("... | 02.11.2021"). Source
// "title".
func (p *page) publishedTitle(tr timeReader) (*Published, string) {
	if p.title == "" {
		return nil, ""
	}
	if pub := p.datelineDate(tr, p.title, foldLabel(p.title)); pub != nil {
		return pub, "title"
	}
	return nil, ""
}

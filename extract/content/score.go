package content

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Extract returns the article body of a page that Clean has already been
// applied to, as text blocks. It scores containers by the paragraphs below
// them (longer text and more commas score higher, link text lower, class
// and id names that mark articles raise a container), takes the best one
// with the siblings that continue it, and returns their blocks minus link
// lists, blocks that r.Dropped and a tail of stray lines (see filter.go).
// A page with any text gets a non-empty body: when filtering leaves
// nothing of the article, the whole page is filtered instead, and when
// that leaves nothing too, the article's blocks come back unfiltered.
func Extract(doc *goquery.Document, r Rules) []Block {
	return ExtractTrace(doc, r, nil)
}

// ExtractTrace is Extract, recording in t (if not nil) the containers it
// considered and the blocks it dropped (see Trace).
func ExtractTrace(doc *goquery.Document, r Rules, t *Trace) []Block {
	if len(doc.Nodes) == 0 {
		return nil
	}
	root := body(doc.Nodes[0])
	// The blocks' text stays in the walker's buffer until the article's
	// blocks are known; only theirs becomes strings.
	s := getScratch()
	w := s.walker(blockWalker{keep: true, arena: true})
	defer s.put(&w)
	w.run(root)
	if len(w.out) == 0 {
		return nil
	}
	p := page{es: w.es, blocks: w.out, words: r.compile().words}
	p.classify(s.names)
	p.score()
	top := p.top()
	parts := p.siblings(top)
	if a := p.wider(top, parts); a != top {
		top, parts = a, p.siblings(a)
	}
	article := p.within(parts)
	w.fill(article)
	if t != nil {
		t.containers(&p, top, parts)
		t.Note("%d of the page's %d text blocks lie outside the chosen containers", len(w.out)-len(article), len(w.out))
	}
	if out := filterTrace(article, r, t); len(out) > 0 {
		return out
	}
	t.Note("filtering left nothing of the chosen containers: the whole page was filtered instead")
	w.fill(w.out)
	if out := filterTrace(w.out, r, t); len(out) > 0 {
		return out
	}
	t.Note("filtering left nothing of the page: the chosen containers' blocks, unfiltered")
	return article
}

// body returns the <body> element below a document node, else the node.
func body(doc *html.Node) *html.Node {
	for c := doc.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Html {
			for b := c.FirstChild; b != nil; b = b.NextSibling {
				if b.DataAtom == atom.Body {
					return b
				}
			}
		}
	}
	return doc
}

// page is the flattened body with its blocks, for scoring.
type page struct {
	es     []elem
	blocks []Block
	words  nameWords
}

// paragraphTags hold a paragraph's text; their parent is the container
// that the paragraph's score goes to. Other holders (div, td, section) are
// containers of their own text.
var paragraphTags = map[atom.Atom]bool{
	atom.P: true, atom.Pre: true, atom.Li: true, atom.Dd: true, atom.Dt: true, atom.Blockquote: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Figcaption: true, atom.Caption: true, atom.Th: true, atom.Address: true, atom.Summary: true,
}

// negativeShare is the share of its score that a paragraph below a
// boilerplate name (before Clean removes it) gives its containers.
const negativeShare = 0.2

// maxCommaBytes is the fewest bytes of text per comma that count: prose
// has a comma every 50 to 100 bytes, references and data lists ("Smith,
// J., 2019, vol. 3, pp. 1-4") one every few words, and count no more.
const maxCommaBytes = 40

// minScored is the shortest block, in bytes, that adds to scores.
const minScored = 25

// score gives every container the scores of the paragraphs below it (not
// of code, see code): all of it to the paragraph's container, half to the next level up, a third
// of a level's share above that, up to five levels.
func (p *page) score() {
	for _, b := range p.blocks {
		n := b.size
		if b.elem < 0 || n < minScored || b.Heading || p.es[b.elem].flags&(flagInHidden|flagInCode) != 0 {
			continue
		}
		ld := b.LinkDensity()
		if ld > 0.5 {
			continue
		}
		s := float32(1+min(b.commas, n/maxCommaBytes)) + min(float32(n)/100, 3)
		s *= float32(1 - ld)
		i := b.elem
		if p.es[i].flags&flagInNegative != 0 {
			s *= negativeShare
		}
		if h := &p.es[i]; paragraphTags[h.node.DataAtom] || !h.kids && h.blocks == 1 && h.parent >= 0 {
			i = h.parent // a paragraph, or a <div> that holds one
		}
		for level := 0; i >= 0 && level < 5; level++ {
			e := &p.es[i]
			p.init(e)
			switch level {
			case 0:
				e.score += s
			case 1:
				e.score += s / 2
			default:
				e.score += s / float32(3*level)
			}
			i = e.parent
		}
	}
	for i := range p.es {
		e := &p.es[i]
		if e.scored {
			e.score *= 1 - e.linkDensity()
		}
	}
}

// code returns flagInCode for a <pre>: a block of code, whose lines
// (many, short, full of commas and brackets) would outscore the prose
// around them. Code adds nothing to the scores, so it never is the
// article; the container of the prose holds it, and it stays there.
func code(e *elem) uint16 {
	if e.node.DataAtom == atom.Pre {
		return flagInCode
	}
	return 0
}

// init gives a container its starting score from its tag and names.
func (p *page) init(e *elem) {
	if e.scored {
		return
	}
	e.scored = true
	switch e.node.DataAtom {
	case atom.Div, atom.Article, atom.Section, atom.Main:
		e.score = 5
	case atom.Pre, atom.Td, atom.Blockquote:
		e.score = 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		e.score = -3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		e.score = -5
	}
	e.score += p.nameWeight(e)
}

// nameWeight is up to +25 for a container named like article text, -25
// for one named like boilerplate.
func (p *page) nameWeight(e *elem) float32 {
	if !e.flagSet {
		e.flagSet = true
		e.flags = p.words.classify(e.node, nil)
	}
	var w float32
	if e.flags&namesPositive != 0 {
		// A name is a promise; the text below keeps it. A "content-title"
		// with one line is no article.
		w += 25 * min(1, float32(e.text-e.links)/positiveText)
	}
	if e.flags&(namesNegative|namesHidden|flagChrome|flagHidden) != 0 {
		w -= 25
	}
	return w
}

// positiveText is the text outside links, in bytes, that a container
// named like article text needs for the full bonus of its name.
const positiveText = 500

// top returns the index of the best container: the highest score, moved
// up to a common ancestor when several near-best candidates share one, or
// to a parent that scores higher still.
func (p *page) top() int32 {
	const nTop = 5
	var cands [nTop]int32
	n := 0
	for i := range p.es {
		e := &p.es[i]
		if !e.scored {
			continue
		}
		// Insert into the sorted top list.
		j := n
		if j == nTop {
			if e.score <= p.es[cands[nTop-1]].score {
				continue
			}
			j = nTop - 1
		} else {
			n++
		}
		for j > 0 && p.es[cands[j-1]].score < e.score {
			cands[j] = cands[j-1]
			j--
		}
		cands[j] = int32(i)
	}
	if n == 0 {
		return 0
	}
	top := cands[0]
	best := p.es[top].score
	// Several near-best candidates below one ancestor: take the ancestor.
	var alt []int32
	for _, c := range cands[1:n] {
		if best > 0 && p.es[c].score/best >= 0.75 {
			alt = append(alt, c)
		}
	}
	if len(alt) >= 3 {
		for a := p.es[top].parent; a > 0; a = p.es[a].parent {
			k := 0
			for _, c := range alt {
				if c >= a && c < p.es[a].end {
					k++
				}
			}
			if k >= 3 {
				top = a
				break
			}
		}
	}
	// A parent that scores higher holds more of the article.
	last := p.es[top].score
	threshold := last / 3
	for a := p.es[top].parent; a > 0; a = p.es[a].parent {
		e := &p.es[a]
		if !e.scored {
			continue
		}
		if e.score < threshold {
			break
		}
		if e.score > last {
			top = a
			break
		}
		last = e.score
	}
	// An only child says nothing its parent does not.
	for a := p.es[top].parent; a > 0 && p.onlyChild(top); a = p.es[a].parent {
		top = a
	}
	return p.section(top)
}

// maxSectionLift is how many levels above the best container section
// looks for the section that holds it.
const maxSectionLift = 6

// section returns the section of the article that holds container top
// when the article is split into sections of one kind, each with an
// anchor (<section id="step-2" class="guide-section">, the targets of a
// table of contents): the best container is then the best part of one
// section, and siblings compares the sections by their best containers
// (see siblings), so the article is whole again. Otherwise top.
func (p *page) section(top int32) int32 {
	a := top
	for level := 0; level <= maxSectionLift && a > 0; level++ {
		if p.anchoredSection(a) {
			return a
		}
		a = p.es[a].parent
	}
	// Page builders (Divi's "et_pb_row et_pb_row_4") split an article
	// into rows of one kind without anchors: a row whose sibling of the
	// same kind holds prose that scores like the article's.
	best := p.bestWithin(top)
	a = top
	for level := 0; level <= maxSectionLift && a > 0; level++ {
		if p.rowOfRows(a, best*rowShare) {
			return a
		}
		a = p.es[a].parent
	}
	return top
}

// rowShare is the share of the best container's score (the best below
// the top) that the best container of another row must reach for
// rowOfRows.
const rowShare = 0.5

// rowOfRows reports whether element i has a sibling of the same tag and
// first class whose best container scores min or more, with few links.
func (p *page) rowOfRows(i int32, min float32) bool {
	par := p.es[i].parent
	n := p.es[i].node
	kind := firstClass(attr(n, "class"))
	if par < 0 || kind == "" || min <= 0 {
		return false
	}
	for s := par + 1; s < p.es[par].end; s = p.es[s].end {
		e := &p.es[s]
		if s != i && e.node.DataAtom == n.DataAtom && e.linkDensity() < maxSiblingLinks &&
			firstClass(attr(e.node, "class")) == kind && p.bestWithin(s) >= min {
			return true
		}
	}
	return false
}

// firstClass returns the first name of a class attribute.
func firstClass(class string) string {
	class = strings.TrimLeft(class, " \t\n\r\f")
	if i := strings.IndexAny(class, " \t\n\r\f"); i >= 0 {
		return class[:i]
	}
	return class
}

// anchoredSection reports whether element i has a class, an anchor (see
// anchored) and a sibling of the same tag and class with an anchor of its
// own and text that is not a link list.
func (p *page) anchoredSection(i int32) bool {
	par := p.es[i].parent
	n := p.es[i].node
	if par < 0 || !p.anchored(i) {
		return false
	}
	class := attr(n, "class")
	if class == "" {
		return false
	}
	for s := par + 1; s < p.es[par].end; s = p.es[s].end {
		e := &p.es[s]
		if s != i && e.node.DataAtom == n.DataAtom && e.text > e.links && e.linkDensity() < maxSiblingLinks &&
			attr(e.node, "class") == class && p.anchored(s) {
			return true
		}
	}
	return false
}

// anchored reports whether element i has an id, or wraps an element that
// has one as its only child (a wrapper or two around <section id=...>).
func (p *page) anchored(i int32) bool {
	for depth := 0; depth < 3; depth++ {
		if attr(p.es[i].node, "id") != "" {
			return true
		}
		if c := i + 1; c < p.es[i].end && p.es[c].end == p.es[i].end {
			i = c // the only child
			continue
		}
		return false
	}
	return false
}

// onlyChild reports whether element i is its parent's only element child.
func (p *page) onlyChild(i int32) bool {
	par := p.es[i].parent
	return par >= 0 && i == par+1 && p.es[i].end == p.es[par].end
}

// siblings returns the top container and those of its siblings that
// continue the article, in document order: siblings that score at least a
// fifth of the top (a little less with the top's class, or when both are
// sections named after their headings, see headingSection), and paragraphs of
// prose. When the top was moved up to a wrapper that scores less than a
// container below it, wrappers compare by the best container below them:
// an article split into sections, each in a wrapper of its own, is whole
// again.
func (p *page) siblings(top int32) []int32 {
	par := p.es[top].parent
	if par < 0 {
		return []int32{top}
	}
	topScore := p.bestWithin(top)
	lifted := p.es[top].score < topScore // moved up to a wrapper
	threshold := max(10, topScore*0.2)
	class := attr(p.es[top].node, "class")
	bare := headingSection(p.es[top].node)
	var out []int32
	for s := par + 1; s < p.es[par].end; s = p.es[s].end {
		e := &p.es[s]
		if s == top {
			out = append(out, s)
			continue
		}
		bonus := float32(0)
		if class != "" && attr(e.node, "class") == class || bare && headingSection(e.node) {
			bonus = topScore * 0.2
		}
		score := float32(-1e9)
		switch {
		case lifted:
			// The best container below a wrapper says nothing of the
			// rest of it: a sidebar holds a newsletter box that scores
			// like prose beside lists of links.
			if e.linkDensity() < maxLiftedLinks {
				score = p.bestWithin(s)
			}
		case e.scored:
			score = e.score
		}
		if score+bonus >= threshold && e.linkDensity() < maxSiblingLinks {
			out = append(out, s)
			continue
		}
		if p.paragraph(s) && e.text > 0 {
			ld := e.linkDensity()
			switch {
			case e.text > 80 && ld < 0.25:
				out = append(out, s)
			case e.text <= 80 && ld == 0 && p.endsSentence(s):
				out = append(out, s)
			}
		}
	}
	return out
}

// headingSection reports whether n is a <section> without a class whose
// id is made from its heading ("the-best-business-certifications"): one
// part of an article that a table of contents links to. Sections of a
// page builder have ids of their part in the page ("caseStudies").
func headingSection(n *html.Node) bool {
	return n.DataAtom == atom.Section && attr(n, "class") == "" && slugID(attr(n, "id"), n)
}

// maxSiblingLinks is the highest link density of a sibling container that
// joins the article: teaser lists score well but link every headline.
const maxSiblingLinks = 0.3

// maxLiftedLinks is the highest link density of a sibling wrapper that
// joins a lifted top by the best container below it.
const maxLiftedLinks = 0.2

// bestWithin is the best score in the subtree of element i, or a large
// negative number when nothing in it scored.
func (p *page) bestWithin(i int32) float32 {
	best := float32(-1e9)
	for j := i; j < p.es[i].end; j++ {
		if e := &p.es[j]; e.scored && e.score > best {
			best = e.score
		}
	}
	return best
}

// paragraph reports whether element i reads as one paragraph: a <p>, or
// an element holding at most two blocks of text (a <div> used as a
// paragraph, or a wrapper around one).
func (p *page) paragraph(i int32) bool {
	e := &p.es[i]
	return e.node.DataAtom == atom.P || e.below <= 2 && !isHeadingAtom(e.node.DataAtom)
}

// endsSentence reports whether the text of element i has a full stop.
func (p *page) endsSentence(i int32) bool {
	found := false
	walk(p.es[i].node, func(n *html.Node) bool {
		if n.Type == html.TextNode {
			t := strings.TrimSpace(n.Data)
			found = found || strings.Contains(t, ". ") || strings.HasSuffix(t, ".")
		}
		return !found && n.Type == html.ElementNode
	}, nil)
	return found
}

// within returns the blocks inside the given subtrees, which are in
// document order.
func (p *page) within(parts []int32) []Block {
	var out []Block
	k := 0
	for _, b := range p.blocks {
		for k < len(parts) && b.elem >= p.es[parts[k]].end {
			k++
		}
		if k == len(parts) {
			break
		}
		if b.elem >= parts[k] {
			out = append(out, b)
		}
	}
	return out
}

// wider returns the ancestor of the top container that holds the article
// when the chosen containers are only a part of it. An article built of
// sections a few wrappers deep (an intro, a block per heading, each in a
// row, a column and a wrapper of its own) spreads its score so thin that
// one section's paragraph container, or a list of comma-heavy references,
// outscores every ancestor, and scores climb only five levels, so the
// ancestor the sections share may have none. The chosen part is then a
// few hundred bytes of a page of prose: an ancestor up to maxWiderLift
// levels above the top that holds widerText times the text outside links
// of the chosen containers and is no link list (link density below
// widerLinks) is the article. Otherwise top.
func (p *page) wider(top int32, parts []int32) int32 {
	var chosen int32
	for _, i := range parts {
		chosen += p.es[i].text - p.es[i].links
	}
	a := p.es[top].parent
	for level := 0; level < maxWiderLift && a > 0; level++ {
		e := &p.es[a]
		if e.text-e.links >= widerText*chosen && e.linkDensity() < widerLinks {
			return a
		}
		a = e.parent
	}
	return top
}

// The bounds of wider. Output on the four eval sets is the same with
// widerText 2 and with maxWiderLift 20 (see BENCHMARKS.md, eighth pass).
const (
	maxWiderLift = 10
	widerText    = 3
	widerLinks   = 0.2
)

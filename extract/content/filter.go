package content

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// Within returns the blocks of the given container element.
func Within(n *html.Node, r Rules) []Block {
	return filter(Blocks(n), r)
}

// WithinTrace is Within, recording in t (if not nil) the blocks it drops.
func WithinTrace(n *html.Node, r Rules, t *Trace) []Block {
	return filterTrace(Blocks(n), r, t)
}

// filter keeps the blocks that look like article text.
func filter(blocks []Block, r Rules) []Block {
	var out []Block
	var plain map[*html.Node]bool // see plainLists, made when first needed
	for i, b := range blocks {
		if r.Dropped(b.Text) {
			continue
		}
		if linkBlock(b) && !linkedHeading(blocks, i) {
			if !mixedItem(b) {
				continue
			}
			if plain == nil {
				plain = plainLists(blocks)
			}
			if !plain[b.Node.Parent] {
				continue
			}
		}
		out = append(out, b)
	}
	return trimTail(out, r.compile())
}

// linkBlock reports whether b is mostly the text of links: a link list's
// item, a "Read more" line.
func linkBlock(b Block) bool {
	ld := b.LinkDensity()
	return ld > 0.5 && (len(b.Text) < 150 || ld > 0.75)
}

// linkedHeading reports whether blocks[i] is a heading whose text links
// somewhere (a list article's "<h2><a>1. The moving company</a></h2>")
// that opens a part of the article: at least minLinkedHeadingBlocks
// blocks of text, minLinkedHeadingProse bytes in all, follow it before the
// next heading, inside its own parent element (a list article's item may
// wrap its text: <h2><a>2. Stanford</a></h2><div><p>…</p></div>). A
// teaser set into the article (a linked headline and its excerpt in a
// box, or alone between two paragraphs) has no such part: the paragraphs
// after it are the article's, in another parent.
func linkedHeading(blocks []Block, i int) bool {
	h := blocks[i]
	if !h.Heading || h.Node == nil {
		return false
	}
	n, size := 0, 0
	for _, b := range blocks[i+1:] {
		if b.Heading || b.Node == nil || !within(b.Node.Parent, h.Node.Parent) {
			break
		}
		if linkBlock(b) {
			continue
		}
		n++
		size += len(b.Text)
	}
	return n >= minLinkedHeadingBlocks && size >= minLinkedHeadingProse
}

// mixedItem reports whether b is a list item with text of its own beside
// its links ("Tent (love my <a>Nemo Hornet</a>!)", link density below
// maxMixedItemLinks). Such a link block stays in the article when its
// list is one of plainLists, where some item has no link at all: every
// item of a list of related stories links, its kicker or date beside the
// linked headline.
func mixedItem(b Block) bool {
	return b.ListItem() && b.LinkDensity() < maxMixedItemLinks
}

// plainLists are the lists (the parents of list items) that have an item
// without links (see listItem).
func plainLists(blocks []Block) map[*html.Node]bool {
	lists := map[*html.Node]bool{}
	for _, b := range blocks {
		if listItem(b) {
			lists[b.Node.Parent] = true
		}
	}
	return lists
}

// maxMixedItemLinks is the highest link density of a list item that
// mixedItem accepts.
const maxMixedItemLinks = 0.9

// The part that a linked heading opens. With minLinkedHeadingProse 200 or
// 300 four and nine wcxb pages lose a heading or two and the sets' mean
// body F1 moves by 0.0001 at most (see BENCHMARKS.md, eighth pass).
const (
	minLinkedHeadingBlocks = 2
	minLinkedHeadingProse  = 120
)

// trimTail drops what ends the article without being part of it: blocks
// that match TailText (prompts to subscribe or follow, contact lines) and
// a few headings or short lines that are not sentences ("Tags", "You may
// also like", a lone name), the remains of link lists. A longer run of
// short lines is a list or a table of the article and stays, and so do
// list items without links.
func trimTail(blocks []Block, c *compiledRules) []Block {
	const maxRun = 3
	for {
		n := len(blocks)
		for n > 1 && len(blocks[n-1].Text) <= maxTailText && c.tail.match(blocks[n-1].Text) {
			n--
		}
		run := n
		for run > 1 && n-run <= maxRun {
			b := blocks[run-1]
			if !b.Heading && (len(b.Text) >= 40 || sentenceEnd(b.Text) || listItem(b)) {
				break
			}
			run--
		}
		if n-run <= maxRun {
			n = run
		}
		if n == len(blocks) {
			return blocks
		}
		blocks = blocks[:n]
	}
}

// listItem reports whether b is an item of a list with no link in it:
// the article's own list, where a short line is no stray.
func listItem(b Block) bool {
	return b.ListItem() && b.LinkChars == 0
}

// sentenceEnd reports whether s ends like a sentence.
func sentenceEnd(s string) bool {
	s = strings.TrimRight(s, " ")
	if s == "" {
		return false
	}
	switch r, _ := utf8.DecodeLastRuneInString(s); r {
	case '.', '!', '?', '"', '\'', '”', '’', '»', ')', '…', '。', '！', '？', '؟', '۔':
		return true
	}
	return false
}

package content

import (
	"strings"

	"golang.org/x/net/html"
)

// Block is one paragraph-like piece of text: a paragraph, a heading, a list
// item, or a run of text between <br> elements.
type Block struct {
	Text      string     // text with whitespace collapsed
	Heading   bool       // from <h1>..<h6>
	LinkChars int        // bytes of Text that sit inside <a> elements
	Node      *html.Node // the block-level element that holds the text
}

// LinkDensity is the share of the block's text that is link text.
func (b Block) LinkDensity() float64 {
	if len(b.Text) == 0 {
		return 0
	}
	return float64(b.LinkChars) / float64(len(b.Text))
}

// blockTags start a new block when entered and end it when left.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "center": true, "dd": true,
	"details": true, "div": true, "dl": true, "dt": true, "figcaption": true, "figure": true,
	"footer": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"header": true, "hr": true, "li": true, "main": true, "nav": true, "ol": true, "p": true,
	"pre": true, "section": true, "summary": true, "table": true, "tbody": true, "td": true,
	"tfoot": true, "th": true, "thead": true, "tr": true, "ul": true, "body": true, "html": true,
	"form": true, "caption": true,
}

// skipTags hold no readable text.
var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true, "head": true, "title": true,
	"iframe": true, "svg": true, "object": true, "embed": true, "canvas": true, "select": true,
	"textarea": true, "button": true, "input": true, "math": true,
}

func isHeading(tag string) bool {
	return len(tag) == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6'
}

// Blocks returns the text blocks below root in document order.
func Blocks(root *html.Node) []Block {
	w := blockWalker{}
	w.walk(root, root, false, false)
	w.flush()
	return w.out
}

type blockWalker struct {
	out     []Block
	buf     strings.Builder
	links   int
	node    *html.Node
	heading bool
}

func (w *blockWalker) flush() {
	if w.buf.Len() == 0 {
		return
	}
	text := collapse(w.buf.String())
	if text != "" {
		links := w.links
		if links > len(text) {
			links = len(text)
		}
		w.out = append(w.out, Block{Text: text, Heading: w.heading, LinkChars: links, Node: w.node})
	}
	w.buf.Reset()
	w.links = 0
}

func (w *blockWalker) walk(n, holder *html.Node, inLink, heading bool) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			if w.buf.Len() == 0 {
				w.node, w.heading = holder, heading
			}
			w.buf.WriteString(c.Data)
			if inLink {
				w.links += len(strings.TrimSpace(c.Data))
			}
		case html.ElementNode:
			tag := c.Data
			if skipTags[tag] {
				continue
			}
			if tag == "br" {
				w.flush()
				continue
			}
			if tag == "img" {
				continue
			}
			if blockTags[tag] {
				w.flush()
				w.walk(c, c, inLink, isHeading(tag))
				w.flush()
				continue
			}
			w.walk(c, holder, inLink || tag == "a", heading)
		}
	}
}

// collapse trims s and folds every run of white space into one space.
func collapse(s string) string {
	var b strings.Builder
	space := false
	started := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f', '\v', '\u00a0':
			space = started
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
		started = true
	}
	return b.String()
}

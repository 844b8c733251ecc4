package content

import (
	"bytes"
	"slices"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Block is one paragraph-like piece of text: a paragraph, a heading, a list
// item, or a run of text between <br> elements.
type Block struct {
	Text      string     // text with whitespace collapsed
	Heading   bool       // from <h1>..<h6>
	LinkChars int        // bytes of Text that sit inside <a> elements
	Node      *html.Node // the block-level element that holds the text

	elem   int32 // index of Node in the walker's elements, when it keeps them
	size   int32 // len(Text), also when the walker only counts
	start  int32 // where the text starts in the walker's arena
	commas int32 // commas in the text
}

// ListItem reports whether the block is an item of a list (<li>).
func (b Block) ListItem() bool {
	return b.Node != nil && b.Node.DataAtom == atom.Li
}

// LinkDensity is the share of the block's text that is link text.
func (b Block) LinkDensity() float64 {
	n := max(len(b.Text), int(b.size))
	if n == 0 {
		return 0
	}
	return float64(b.LinkChars) / float64(n)
}

// blockTags start a new block when entered and end it when left.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Center: true,
	atom.Dd: true, atom.Details: true, atom.Div: true, atom.Dl: true, atom.Dt: true,
	atom.Figcaption: true, atom.Figure: true, atom.Footer: true, atom.H1: true, atom.H2: true,
	atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true, atom.Hr: true,
	atom.Li: true, atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true,
	atom.Section: true, atom.Summary: true, atom.Table: true, atom.Tbody: true, atom.Td: true,
	atom.Tfoot: true, atom.Th: true, atom.Thead: true, atom.Tr: true, atom.Ul: true, atom.Body: true,
	atom.Html: true, atom.Form: true, atom.Caption: true, atom.Fieldset: true, atom.Menu: true,
	atom.Dialog: true, atom.Legend: true,
}

// skipTags hold no readable text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Head: true,
	atom.Title: true, atom.Iframe: true, atom.Svg: true, atom.Object: true, atom.Embed: true,
	atom.Canvas: true, atom.Select: true, atom.Textarea: true, atom.Button: true, atom.Input: true,
	atom.Math: true,
}

// tagKinds is what the walker needs to know of a tag, in one lookup:
// whether it is one of dropTags, of skipTags or <img>, of blockTags.
var tagKinds = func() map[atom.Atom]uint8 {
	m := map[atom.Atom]uint8{atom.Img: kindSkip}
	for _, set := range []struct {
		tags map[atom.Atom]bool
		kind uint8
	}{{dropTags, kindDrop}, {skipTags, kindSkip}, {blockTags, kindBlock}} {
		for a := range set.tags {
			m[a] |= set.kind
		}
	}
	return m
}()

const (
	kindDrop uint8 = 1 << iota
	kindSkip
	kindBlock
)

// Blocks returns the text blocks below root in document order.
func Blocks(root *html.Node) []Block {
	w := blockWalker{}
	w.run(root)
	return w.out
}

// AppendRawText appends to dst the text that Blocks reads below root, as
// it stands in the document: white space not collapsed, nothing between
// blocks. Every word of every block (a run of text without white space)
// is a substring of it, and words that follow each other in a block
// follow each other in it with only white space between them; so a phrase
// that is not in it is in no block. It costs a fraction of Blocks.
func AppendRawText(dst []byte, root *html.Node) []byte {
	walk(root, func(n *html.Node) bool {
		switch n.Type {
		case html.TextNode:
			dst = append(dst, n.Data...)
		case html.ElementNode:
			return !skipTags[n.DataAtom] && n.DataAtom != atom.Img
		}
		return false
	}, nil)
	return dst
}

// blockWalker turns a subtree into blocks in one walk without recursion.
// With keep set it also records the elements it passes (see elem), and
// each block's elem is the index of its holder.
type blockWalker struct {
	keep  bool // record elements in es
	count bool // only measure blocks: leave Text empty
	arena bool // keep all text in buf; blocks point into it (see fill)
	drop  bool // do not enter dropTags; list them in dropped
	es    []elem

	dropped []*html.Node

	out       []Block
	buf       []byte
	mark      int  // where the current block starts in buf
	space     bool // a space is pending before the next text
	spaceLink bool // and it sits inside a link
	links     int
	holder    *html.Node
	hidx      int32
	head      bool

	stack []frame
}

// frame is the walker's state inside one open element.
type frame struct {
	holder *html.Node
	hidx   int32 // index of holder in es
	eidx   int32 // index of the element itself in es (-1 if not kept)
	link   bool
	head   bool
	block  bool
}

func (w *blockWalker) top() *frame { return &w.stack[len(w.stack)-1] }

func (w *blockWalker) run(root *html.Node) {
	w.begin(root)
	walk(root, w.enter, w.leave)
	w.end()
}

// reset forgets a walk, for another over the same memory. What the walk
// held is zeroed, not only cut: scratch.put clears a slice up to its
// length, so a shorter second walk would leave the first one's nodes
// past it, in the pool.
func (w *blockWalker) reset() {
	w.es, w.out, w.buf, w.dropped = cleared(w.es), cleared(w.out), w.buf[:0], cleared(w.dropped)
	w.stack = cleared(w.stack[:cap(w.stack)])
	w.mark, w.space, w.spaceLink, w.links, w.holder, w.hidx, w.head = 0, false, false, 0, nil, 0, false
}

// begin prepares a walk below root.
func (w *blockWalker) begin(root *html.Node) {
	eidx := int32(-1)
	if w.keep {
		if cap(w.es) == 0 {
			w.reserve(root)
		}
		w.es = append(w.es[:0], elem{node: root, parent: -1})
		eidx = 0
	}
	w.stack = append(w.stack, frame{holder: root, hidx: eidx, eidx: eidx,
		link: root.DataAtom == atom.A, head: isHeadingAtom(root.DataAtom), block: true})
}

// reserve makes room for the elements, blocks and text below root, for a
// walk without memory from an earlier one (see scratch): counting first
// costs less than growing the slices (not so for the text alone: its walk
// would cost more than the growth). A walk with memory grows it as it
// goes, which is rare.
func (w *blockWalker) reserve(root *html.Node) {
	elems, texts, textBytes := 1, 0, 0
	walk(root, func(n *html.Node) bool {
		switch n.Type {
		case html.ElementNode:
			elems++
			return !skipTags[n.DataAtom]
		case html.TextNode:
			texts++
			textBytes += len(n.Data)
		}
		return false
	}, nil)
	w.out = slices.Grow(w.out[:0], texts/2+1)
	if w.arena {
		// Collapsing white space only shortens the text.
		w.buf = slices.Grow(w.buf[:0], textBytes)
	}
	w.es = slices.Grow(w.es[:0], elems)
}

// end ends the walk: the last block, and the elements' sums.
func (w *blockWalker) end() {
	w.flush()
	if w.keep {
		w.es[0].end = int32(len(w.es))
		sumUp(w.es)
	}
}

// BlockReader hands out the text blocks below a node one at a time, in
// document order, as Blocks returns them: a search that stops at the
// block it looks for walks only the part of the page before it. The
// document must not change while blocks are still to be read.
type BlockReader struct {
	w     blockWalker
	root  *html.Node
	n     *html.Node // the next node to visit; nil once the walk is over
	enter func(*html.Node) bool
	leave func(*html.Node)
	next  int // blocks of w.out handed out
}

// NewBlockReader returns a reader of the blocks below root.
func NewBlockReader(root *html.Node) *BlockReader {
	r := &BlockReader{root: root, n: root.FirstChild}
	r.w.begin(root)
	r.enter, r.leave = r.w.enter, r.w.leave
	return r
}

// Next returns the next block, or false after the last.
func (r *BlockReader) Next() (Block, bool) {
	if r.next == len(r.w.out) {
		// All handed out: the slice starts again.
		r.w.out, r.next = r.w.out[:0], 0
	}
	for len(r.w.out) == 0 {
		switch {
		case r.root == nil:
			return Block{}, false
		case r.n == nil:
			r.w.end()
			r.root = nil
		default:
			r.n = step(r.root, r.n, r.enter, r.leave)
		}
	}
	b := r.w.out[r.next]
	r.next++
	return b, true
}

func (w *blockWalker) enter(n *html.Node) bool {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return false
	case html.ElementNode:
	default:
		return false
	}
	a := n.DataAtom
	kind := tagKinds[a]
	if w.drop && kind&kindDrop != 0 {
		w.dropped = append(w.dropped, n)
		return false
	}
	if kind&kindSkip != 0 {
		return false
	}
	if a == atom.Br {
		w.flush()
		return false
	}
	up := w.top()
	f := frame{holder: up.holder, hidx: up.hidx, eidx: -1, link: up.link || a == atom.A && !(up.head && fragmentLink(n)), head: up.head}
	if w.keep {
		f.eidx = int32(len(w.es))
		w.es = append(w.es, elem{node: n, parent: up.eidx})
	}
	if kind&kindBlock != 0 {
		w.flush()
		if w.keep && up.hidx >= 0 {
			w.es[up.hidx].kids = true
		}
		f.holder, f.hidx, f.head, f.block = n, f.eidx, isHeadingAtom(a), true
	}
	w.stack = append(w.stack, f)
	return true
}

// fragmentLink reports whether n links to a place on its own page
// (href="#the-good"): in a heading, the permalink that Markdown sites put
// on every section title, which leads nowhere else, so its text is no
// link text.
func fragmentLink(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "href" {
			return len(a.Val) > 1 && a.Val[0] == '#'
		}
	}
	return false
}

func (w *blockWalker) leave(n *html.Node) {
	f := w.top()
	if f.block {
		w.flush()
	}
	if w.keep {
		w.es[f.eidx].end = int32(len(w.es))
	}
	w.stack = w.stack[:len(w.stack)-1]
}

// text appends s to the current block, folding runs of white space into
// one space and dropping leading white space. It copies whole words at a
// time.
func (w *blockWalker) text(s string) {
	f := w.top()
	for i := 0; i < len(s); {
		if n := spaceAt(s, i); n > 0 {
			// The space counts as link text only between words of links.
			w.spaceLink = f.link && (w.spaceLink || !w.space)
			w.space = true
			// The rest of the run changes nothing (indentation between
			// tags is most of the white space of a page).
			for i += n; i < len(s); i += n {
				if n = spaceAt(s, i); n == 0 {
					break
				}
			}
			continue
		}
		j := i + 1
		for j < len(s) && (!spaceStart[s[j]] || spaceAt(s, j) == 0) {
			j++
		}
		if len(w.buf) == w.mark {
			w.holder, w.hidx, w.head = f.holder, f.hidx, f.head
		} else if w.space {
			w.buf = append(w.buf, ' ')
			if f.link && w.spaceLink {
				w.links++
			}
		}
		w.space = false
		w.buf = append(w.buf, s[i:j]...)
		if f.link {
			w.links += j - i
		}
		i = j
	}
}

// asciiSpace marks the ASCII white-space bytes; spaceStart, the bytes
// that white space may start with (see spaceAt).
var (
	asciiSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\f': true, '\v': true}
	spaceStart = [256]bool{' ': true, '\t': true, '\n': true, '\r': true, '\f': true, '\v': true, 0xc2: true}
)

// spaceAt returns the length of the white space at s[i]: 1 for ASCII white
// space, 2 for U+00A0 NO-BREAK SPACE, else 0.
func spaceAt(s string, i int) int {
	switch c := s[i]; {
	case asciiSpace[c]:
		return 1
	case c == 0xc2 && i+1 < len(s) && s[i+1] == 0xa0:
		return 2
	}
	return 0
}

// flush ends the current block.
func (w *blockWalker) flush() {
	w.space = false
	if len(w.buf) == w.mark {
		return
	}
	text := w.buf[w.mark:]
	b := Block{Heading: w.head, LinkChars: min(w.links, len(text)), Node: w.holder,
		elem: w.hidx, size: int32(len(text)), commas: int32(countCommas(text))}
	switch {
	case w.arena:
		b.start = int32(w.mark)
		w.mark = len(w.buf)
	case !w.count:
		b.Text = string(text)
		w.buf = w.buf[:0]
	default:
		w.buf = w.buf[:0]
	}
	w.out = append(w.out, b)
	if w.keep && w.hidx >= 0 {
		w.es[w.hidx].blocks++
		w.es[w.hidx].text += b.size
		w.es[w.hidx].links += int32(b.LinkChars)
	}
	w.links = 0
}

// fill gives blocks made in arena mode their Text.
func (w *blockWalker) fill(blocks []Block) {
	for i := range blocks {
		if b := &blocks[i]; b.Text == "" && b.size > 0 {
			b.Text = string(w.buf[b.start : b.start+b.size])
		}
	}
}

// countCommas counts commas, Arabic commas (U+060C) and ideographic commas
// (U+3001, U+FF0C) in b.
func countCommas(b []byte) int {
	n := bytes.Count(b, comma)
	if bytes.IndexByte(b, 0xd8) >= 0 {
		n += bytes.Count(b, arabicComma)
	}
	if bytes.IndexByte(b, 0xe3) >= 0 || bytes.IndexByte(b, 0xef) >= 0 {
		n += bytes.Count(b, ideographicComma) + bytes.Count(b, fullwidthComma)
	}
	return n
}

var (
	comma            = []byte(",")
	arabicComma      = []byte("،")
	ideographicComma = []byte("、")
	fullwidthComma   = []byte("，")
)

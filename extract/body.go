package extract

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/newsnorm/newsnorm/extract/content"
)

// body runs the body chain: the profile's containers, then content
// scoring with the JSON-LD articleBody as a fallback when the scored body
// holds less than half of it (see content.WithHint). It removes
// boilerplate from the document first, keeping the profile's containers
// (see content.CleanKeeping), and returns the paragraphs.
func (p *page) body() ([]content.Block, string, bool) {
	rules := p.profile.Boilerplate
	profMiss := false
	if sels := p.profile.Body.Selectors; len(sels) > 0 {
		// The first selector that matches an element with text names the
		// containers; Clean must not remove them, whatever their names.
		first := len(sels)
		var keep []*html.Node
		for i, sel := range sels {
			if keep = withText(p.doc.Find(sel).Nodes); len(keep) > 0 {
				first = i
				break
			}
		}
		content.CleanKeepingTrace(p.doc, rules, p.trace, keep...)
		for i := first; i < len(sels); i++ {
			var nodes []*html.Node
			if i == first {
				nodes = attached(keep) // a Remove selector may still have taken one
			} else {
				nodes = p.doc.Find(sels[i]).Nodes
			}
			var blocks []content.Block
			for _, n := range nodes {
				blocks = append(blocks, content.WithinTrace(n, rules, p.trace)...)
			}
			if len(blocks) > 0 {
				return blocks, "profile:" + sels[i], false
			}
		}
		profMiss = true
		p.trace.Note("no profile container held text: content scoring instead")
	} else {
		content.CleanKeepingTrace(p.doc, rules, p.trace)
	}
	blocks := content.ExtractTrace(p.doc, rules, p.trace)
	if hinted := content.WithHint(blocks, p.ldString("articleBody")); len(hinted) > 0 && hinted[0].Node == nil {
		// WithHint's paragraphs have no Node: the hint replaced the body.
		p.trace.Note("the scored body held less than half of the JSON-LD articleBody, which replaced it")
		return hinted, "json-ld", profMiss
	}
	return blocks, "content", profMiss
}

// withText returns the nodes that hold some text other than white space.
func withText(nodes []*html.Node) []*html.Node {
	out := nodes[:0:0]
	for _, n := range nodes {
		has := false
		walk(n, func(c *html.Node) bool {
			has = has || c.Type == html.TextNode && strings.TrimSpace(c.Data) != ""
			return !has
		})
		if has {
			out = append(out, n)
		}
	}
	return out
}

// attached returns the nodes that are still in their document.
func attached(nodes []*html.Node) []*html.Node {
	out := nodes[:0:0]
	for _, n := range nodes {
		a := n
		for a.Parent != nil {
			a = a.Parent
		}
		if a.Type == html.DocumentNode {
			out = append(out, n)
		}
	}
	return out
}

// metaLabels are the labels of lines that are metadata, not article text:
// the ID, publish and update labels, built-in and the profile's, in
// lists: the built-in ones are joined once, not on every page.
func metaLabels(prof *Profile) labelLists {
	return labelLists{builtinMetaLabels, prof.ID.Labels, prof.Published.Labels}
}

// labelLists are lists of labels (see metaLabels).
type labelLists [3][]string

var builtinMetaLabels = slices.Concat(idLabels, publishedLabels, updatedLabels)

// known is what the metadata candidates found, for dropRepeats.
type known struct {
	headline, section, publishedRaw string
	labels                          labelLists // see metaLabels
	spots                           []spot     // see page.spots
}

// dropRepeats removes blocks that are not article text but repeat what the
// record holds elsewhere:
//   - the headline (the heading itself, a caption such as "Headline
//     (Photo: AP)", a bold first paragraph);
//   - the section name (a kicker line);
//   - short label lines with a number in them ("News ID: 174677",
//     "Published: 28 Dec 2016", "Updated 10:40 a.m.");
//   - the line the ID or publish time was found in, and short lines that
//     start or end with the raw publish-time string (datelines);
//   - a lead or summary that the next block starts with word for word.
func dropRepeats(blocks []content.Block, k known) []content.Block {
	h := foldText(nil, k.headline, -1)
	sec := foldText(nil, k.section, -1)
	raw := foldText(nil, k.publishedRaw, -1)
	// Longer blocks are text whatever they hold; most of a body is such
	// blocks, which are passed over without folding.
	short := max(400, len(k.headline)+48)
	var t, next []byte // folded text of the block and of the start of the next
	out := blocks[:0:0]
	for i, b := range blocks {
		if len(b.Text) >= short {
			out = append(out, b)
			continue
		}
		t = foldText(t[:0], b.Text, -1)
		switch {
		case len(t) == 0:
			continue
		case len(h) > 0 && bytes.Equal(t, h):
			continue
		case len(h) >= 12 && len(t) < len(h)+24 && bytes.Contains(t, h):
			continue
		case len(sec) > 0 && bytes.Equal(t, sec):
			continue
		case len(raw) >= 10 && len(b.Text) < 120 && (bytes.HasPrefix(t, raw) || bytes.HasSuffix(t, raw)):
			continue
		case len(b.Text) < 120 && startsWithLabel(b.Text, k.labels) && strings.ContainsFunc(b.Text, unicode.IsDigit):
			continue
		case len(b.Text) < 200 && atSpot(b, k.spots):
			continue
		case len(t) >= 20 && i+1 < len(blocks) && len(blocks[i+1].Text) > len(b.Text):
			if next = foldText(next[:0], blocks[i+1].Text, len(t)); bytes.HasPrefix(next, t) {
				continue
			}
		}
		out = append(out, b)
	}
	return out
}

// atSpot reports whether b is the line an ID or publish time was found in:
// the same labelled block, or the block that holds the <time> or other
// element.
func atSpot(b content.Block, spots []spot) bool {
	for _, s := range spots {
		switch {
		case s.block.Node != nil && s.block.Node == b.Node && s.block.Text == b.Text:
			return true
		case s.elem != nil && b.Node != nil && contains(b.Node, s.elem) && strings.Contains(b.Text, collapseSpace(nodeText(s.elem))):
			return true
		}
	}
	return false
}

// contains reports whether n is ancestor-or-self of d.
func contains(n, d *html.Node) bool {
	for ; d != nil; d = d.Parent {
		if d == n {
			return true
		}
	}
	return false
}

func startsWithLabel(t string, labels labelLists) bool {
	for _, list := range labels {
		for _, l := range list {
			if len(t) >= len(l) && strings.EqualFold(t[:len(l)], l) && wordBoundary(t, 0, len(l)) {
				return true
			}
		}
	}
	return false
}

// foldText appends to dst what repeats are compared on in s: lower-case
// letters and digits only, Persian and Arabic-Indic digits as ASCII, and
// the Arabic yeh and kaf as their Persian forms, so that a headline and its
// caption match across punctuation, spacing and keyboard variants. With
// limit >= 0 it stops once it has appended that many bytes.
func foldText(dst []byte, s string, limit int) []byte {
	end := len(dst) + limit
	for i := 0; i < len(s); {
		if limit >= 0 && len(dst) >= end {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII: letters lower-cased, digits kept, the rest dropped.
			switch {
			case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				dst = append(dst, c)
			case c >= 'A' && c <= 'Z':
				dst = append(dst, c+'a'-'A')
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r >= 0x660 && r <= 0x669:
			r = '0' + r - 0x660
		case r >= 0x6f0 && r <= 0x6f9:
			r = '0' + r - 0x6f0
		case r == 'ي' || r == 'ى':
			r = 'ی'
		case r == 'ك':
			r = 'ک'
		default:
			r = unicode.ToLower(r)
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// A page may send its article twice (a copy for small screens, a print
// copy, a script's fallback): the body says it once. A copy is a run of
// at least minRepeatRun blocks, the same one for one as a run above it,
// with minRepeatText bytes of text, one block of minRepeatPara bytes (a
// paragraph, not a list of short lines) and at least 1/minRepeatShare of
// the body's text. Shorter runs repeat on purpose: a meal plan's lines for
// each day, the same specification for two products.
const (
	minRepeatRun   = 3
	minRepeatText  = 400
	minRepeatPara  = 150
	minRepeatShare = 5
)

// A block repeated right after itself, or a run right after its copy
// (a card's title and text set once for the hover and once below it), is
// said once when its longest block has minAdjacentPara bytes: no writer
// repeats a sentence back to back. Items of a list may (footnotes citing
// one source twice), and short lines may ("Yes", a price).
const minAdjacentPara = 40

// dropRepeatedRuns drops each copy of a run of blocks above it, and each
// run that repeats the one right before it (see minAdjacentPara).
func dropRepeatedRuns(blocks []content.Block) []content.Block {
	if len(blocks) < 2 {
		return blocks
	}
	total := 0
	for _, b := range blocks {
		total += len(b.Text)
	}
	first := make(map[string]int, len(blocks))
	var drop []bool // nil until a copy is found
	for i := 0; i < len(blocks); i++ {
		j, ok := first[blocks[i].Text]
		if !ok {
			first[blocks[i].Text] = i
			continue
		}
		n, size, long := 0, 0, 0
		for i+n < len(blocks) && j+n < i && blocks[i+n].Text == blocks[j+n].Text {
			size += len(blocks[i+n].Text)
			long = max(long, len(blocks[i+n].Text))
			n++
		}
		copied := n >= minRepeatRun && size >= minRepeatText && size*minRepeatShare >= total && long >= minRepeatPara
		if copied || j+n == i && long >= minAdjacentPara && !blocks[i].ListItem() {
			if drop == nil {
				drop = make([]bool, len(blocks))
			}
			for k := i; k < i+n; k++ {
				drop[k] = true
			}
		}
		// The blocks of the run are settled either way: a part of a run
		// that is no copy is none either (and a page of one paragraph
		// over and over costs linear time, not quadratic).
		i += n - 1
	}
	if drop == nil {
		return blocks
	}
	out := blocks[:0:0]
	for i, b := range blocks {
		if !drop[i] {
			out = append(out, b)
		}
	}
	return out
}

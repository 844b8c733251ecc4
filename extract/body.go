package extract

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"

	"github.com/newsnorm/newsnorm/extract/content"
)

// body runs the body chain on the page after boilerplate removal: the
// profile's containers, then content scoring. It returns the paragraphs.
func (p *page) body() ([]content.Block, string, bool) {
	content.Clean(p.doc, p.profile.Boilerplate)
	profMiss := false
	if len(p.profile.Body.Selectors) > 0 {
		for _, sel := range p.profile.Body.Selectors {
			var blocks []content.Block
			for _, n := range p.doc.Find(sel).Nodes {
				blocks = append(blocks, content.Within(n, p.profile.Boilerplate)...)
			}
			if len(blocks) > 0 {
				return blocks, "profile:" + sel, false
			}
		}
		profMiss = true
	}
	return content.Extract(p.doc, p.profile.Boilerplate), "content", profMiss
}

// metaLabels are the labels of lines that are metadata, not article text:
// the ID, publish and update labels, built-in and the profile's.
func metaLabels(prof *Profile) []string {
	out := make([]string, 0, len(idLabels)+len(publishedLabels)+len(updatedLabels)+len(prof.ID.Labels)+len(prof.Published.Labels))
	out = append(append(append(out, idLabels...), publishedLabels...), updatedLabels...)
	return append(append(out, prof.ID.Labels...), prof.Published.Labels...)
}

// known is what the metadata candidates found, for dropRepeats.
type known struct {
	headline, section, publishedRaw string
	labels                          []string // see metaLabels
	spots                           []spot   // see page.spots
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
	h := foldText(k.headline, -1)
	sec := foldText(k.section, -1)
	raw := foldText(k.publishedRaw, -1)
	// Longer blocks are text whatever they hold; most of a body is such
	// blocks, which are passed over without folding.
	short := max(400, len(k.headline)+48)
	out := blocks[:0:0]
	for i, b := range blocks {
		if len(b.Text) >= short {
			out = append(out, b)
			continue
		}
		t := foldText(b.Text, -1)
		switch {
		case t == "":
			continue
		case h != "" && t == h:
			continue
		case len(h) >= 12 && len(t) < len(h)+24 && strings.Contains(t, h):
			continue
		case sec != "" && t == sec:
			continue
		case len(raw) >= 10 && len(b.Text) < 120 && (strings.HasPrefix(t, raw) || strings.HasSuffix(t, raw)):
			continue
		case len(b.Text) < 120 && startsWithLabel(b.Text, k.labels) && strings.ContainsFunc(b.Text, unicode.IsDigit):
			continue
		case len(b.Text) < 200 && atSpot(b, k.spots):
			continue
		case len(t) >= 20 && i+1 < len(blocks) && len(blocks[i+1].Text) > len(b.Text) &&
			strings.HasPrefix(foldText(blocks[i+1].Text, len(t)), t):
			continue
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

func startsWithLabel(t string, labels []string) bool {
	for _, l := range labels {
		if len(t) >= len(l) && strings.EqualFold(t[:len(l)], l) && wordBoundary(t, 0, len(l)) {
			return true
		}
	}
	return false
}

// foldText reduces s to what repeats are compared on: lower-case letters
// and digits only, Persian and Arabic-Indic digits as ASCII, and the Arabic
// yeh and kaf as their Persian forms, so that a headline and its caption
// match across punctuation, spacing and keyboard variants. With limit >= 0
// it stops once it has that many bytes.
func foldText(s string, limit int) string {
	var b strings.Builder
	for _, r := range s {
		if limit >= 0 && b.Len() >= limit {
			break
		}
		switch {
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= 0x660 && r <= 0x669:
			r = '0' + r - 0x660
		case r >= 0x6f0 && r <= 0x6f9:
			r = '0' + r - 0x6f0
		case r == 'ي' || r == 'ى':
			r = 'ی'
		case r == 'ك':
			r = 'ک'
		case r > 127:
			r = unicode.ToLower(r)
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

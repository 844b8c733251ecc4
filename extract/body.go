package extract

import (
	"strings"

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

// dropRepeats removes blocks that repeat the headline (a second heading, an
// image caption), label lines ("News ID: ...", "Published: ...") and the
// raw publish-time string.
func dropRepeats(blocks []content.Block, headline, publishedRaw string, labels []string) []content.Block {
	h := foldText(headline)
	out := blocks[:0:0]
	for _, b := range blocks {
		t := foldText(b.Text)
		switch {
		case t == "":
			continue
		case h != "" && (t == h || strings.Contains(t, h) && len(t) < len(h)+24):
			continue
		case publishedRaw != "" && t == foldText(publishedRaw):
			continue
		case startsWithLabel(b.Text, labels) && len(b.Text) < 120:
			continue
		}
		out = append(out, b)
	}
	return out
}

func startsWithLabel(t string, labels []string) bool {
	for _, l := range labels {
		if len(t) >= len(l) && strings.EqualFold(t[:len(l)], l) {
			return true
		}
	}
	return false
}

// foldText lower-cases s and drops everything but letters and digits, so
// that repeats match across punctuation and spacing.
func foldText(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && r != 0x200c && r != 0xa0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

package content

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// Extract returns the article body of a page that Clean has already been
// applied to, as text blocks. It scores every block-level container by the
// paragraph text below it (longer text and more commas score higher, link
// text lower), takes the best container, and returns its blocks, minus
// link lists and blocks that r.Dropped.
func Extract(doc *goquery.Document, r Rules) []Block {
	if len(doc.Nodes) == 0 {
		return nil
	}
	root := doc.Nodes[0]
	if b := doc.Find("body"); b.Length() > 0 {
		root = b.Nodes[0]
	}
	blocks := Blocks(root)
	best := bestContainer(blocks, root)
	return Filter(blocks, best, r)
}

// Within returns the blocks of the given container element.
func Within(n *html.Node, r Rules) []Block {
	return Filter(Blocks(n), n, r)
}

// Filter keeps the blocks inside container that look like article text.
func Filter(blocks []Block, container *html.Node, r Rules) []Block {
	var out []Block
	for _, b := range blocks {
		if container != nil && !inside(b.Node, container) {
			continue
		}
		if r.Dropped(b.Text) {
			continue
		}
		if b.LinkDensity() > 0.5 && !b.Heading {
			continue
		}
		out = append(out, b)
	}
	return out
}

func inside(n, container *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == container {
			return true
		}
	}
	return false
}

// bestContainer scores the ancestors of every substantial block and returns
// the highest-scoring one, corrected for its link density.
func bestContainer(blocks []Block, root *html.Node) *html.Node {
	scores := map[*html.Node]float64{}
	textLen := map[*html.Node]int{}
	linkLen := map[*html.Node]int{}
	var order []*html.Node
	for _, b := range blocks {
		// Every ancestor learns the text and links below it.
		for n := b.Node; n != nil && n != root.Parent; n = n.Parent {
			if _, ok := textLen[n]; !ok {
				order = append(order, n)
			}
			textLen[n] += len(b.Text)
			linkLen[n] += b.LinkChars
		}
		if len(b.Text) < 25 || b.LinkDensity() > 0.33 {
			continue
		}
		s := 1 + float64(strings.Count(b.Text, ",")+strings.Count(b.Text, "،")) + min(float64(len(b.Text))/100, 3)
		level := 0
		for n := b.Node; n != nil && n != root.Parent && level < 3; n = n.Parent {
			if n.Type != html.ElementNode || !blockTags[n.Data] || n.Data == "p" && level > 0 {
				continue
			}
			switch level {
			case 0:
				scores[n] += s
			case 1:
				scores[n] += s / 2
			default:
				scores[n] += s / 3
			}
			level++
		}
	}
	var best *html.Node
	bestScore := 0.0
	for _, n := range order {
		s, ok := scores[n]
		if !ok {
			continue
		}
		if t := textLen[n]; t > 0 {
			s *= 1 - float64(linkLen[n])/float64(t)
		}
		if n.Data == "p" || isHeading(n.Data) || n.Data == "li" {
			// A lone paragraph is a weak container: prefer its parent.
			s *= 0.5
		}
		if s > bestScore {
			best, bestScore = n, s
		}
	}
	if best == nil {
		return root
	}
	// A paragraph as the winner means its text sits in the parent.
	for best.Data == "p" && best.Parent != nil {
		best = best.Parent
	}
	return best
}

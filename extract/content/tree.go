package content

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// walk visits the nodes below root in document order without recursion,
// so that deeply nested pages cannot exhaust the stack. enter is called on
// every node and says whether to visit its children; leave, if not nil, is
// called on every entered node after its children.
func walk(root *html.Node, enter func(*html.Node) bool, leave func(*html.Node)) {
	for n := root.FirstChild; n != nil; n = step(root, n, enter, leave) {
	}
}

// step visits node n of a walk below root (see walk) and returns the next
// node to visit, or nil at the end of the walk: a walk that stops and
// goes on later (see BlockReader) keeps only that node.
func step(root, n *html.Node, enter func(*html.Node) bool, leave func(*html.Node)) *html.Node {
	if enter(n) {
		if n.FirstChild != nil {
			return n.FirstChild
		}
		if leave != nil {
			leave(n)
		}
	}
	for n.NextSibling == nil {
		n = n.Parent
		if n == root || n == nil {
			return nil
		}
		if leave != nil {
			leave(n)
		}
	}
	return n.NextSibling
}

// elem is one element of a flattened subtree. Elements sit in document
// (pre-)order, so the subtree of element i is the index range [i, end) and
// its parent has a smaller index: ancestry tests are two comparisons and
// bottom-up sums are one backward pass, with no maps keyed by node.
type elem struct {
	node   *html.Node
	parent int32 // index of the parent element, -1 for the root
	end    int32 // one past the index of the last element in the subtree

	text  int32 // bytes of block text in the subtree
	links int32 // bytes of that text inside links

	blocks int32 // blocks this element holds itself
	below  int32 // blocks in the subtree, its own included
	kids   bool  // has a block-level element below it

	score   float32 // content score, see score.go
	scored  bool    // score has been initialised
	flags   uint16  // names* and flag* bits, see names.go
	flagSet bool    // flags have been computed
}

// sumUp adds every element's own text and link counts to its ancestors.
func sumUp(es []elem) {
	for i := len(es) - 1; i >= 0; i-- {
		es[i].below += es[i].blocks
		if p := es[i].parent; p >= 0 {
			es[p].text += es[i].text
			es[p].links += es[i].links
			es[p].below += es[i].below
		}
	}
}

// linkDensity is the share of e's text that is link text.
func (e *elem) linkDensity() float32 {
	if e.text == 0 {
		return 0
	}
	return float32(e.links) / float32(e.text)
}

// isHeadingAtom reports whether a is one of h1..h6.
func isHeadingAtom(a atom.Atom) bool {
	switch a {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

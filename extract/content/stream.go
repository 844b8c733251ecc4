package content

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// React's streaming renderer (renderToPipeableStream; Next.js) sends a
// page in pieces: where a part is not ready it writes a placeholder, a
// <template id="B:1"> before a fallback ("Loading..."), or a <template
// id="P:7"> alone, and later, at the end of the body, the part itself in
// a <div hidden id="S:1">, with an inline script ($RC, $RS) that moves
// it in place of the placeholder and shows it. Clean does what the
// scripts do, so the article is whole and in order: revealStreamed.

// streamed reports whether n is a segment of a streamed page: a
// <div id="S:0"> ("S:1a", ...), which the hidden attribute hides from no
// reader (see above).
func streamed(n *html.Node) bool {
	id := attr(n, "id")
	if len(id) < 3 || id[0] != 'S' || id[1] != ':' {
		return false
	}
	for i := 2; i < len(id); i++ {
		if c := id[i]; (c < '0' || c > '9') && (c < 'a' || c > 'z') {
			return false // React writes the segment's number in base 16 or 32
		}
	}
	return true
}

// maxFallback bounds the nodes of a fallback that revealStreamed removes.
const maxFallback = 64

// revealStreamed moves the hidden segments of a streamed page (elements
// es, in document order) in place of their placeholders, which are among
// dropped (the walk lists every <template> there): the children of
// "S:x" replace <template id="P:x">, or the fallback after <template
// id="B:x"> up to its closing comment (<!--/$-->). It reports whether it
// moved anything; the page must then be walked again. A segment whose
// placeholder is missing stays where it is (and counts as shown).
func revealStreamed(es []elem, dropped []*html.Node) bool {
	var segs []*html.Node
	for i := range es {
		if n := es[i].node; n.DataAtom == atom.Div && streamed(n) && n.Parent != nil {
			segs = append(segs, n)
		}
	}
	if len(segs) == 0 {
		return false
	}
	holes := map[string]*html.Node{}
	for _, n := range dropped {
		if n.DataAtom != atom.Template {
			continue
		}
		if id := attr(n, "id"); len(id) > 2 && (id[0] == 'B' || id[0] == 'P') && id[1] == ':' {
			holes[id] = n
		}
	}
	moved := false
	for _, seg := range segs {
		num := attr(seg, "id")[1:] // ":x"
		hole, boundary := holes["P"+num], false
		if hole == nil {
			hole, boundary = holes["B"+num], true
		}
		if hole == nil || hole.Parent == nil || seg.Parent == nil || within(hole, seg) {
			continue
		}
		if boundary {
			removeFallback(hole, seg)
		}
		for c := seg.FirstChild; c != nil; c = seg.FirstChild {
			seg.RemoveChild(c)
			hole.Parent.InsertBefore(c, hole)
		}
		hole.Parent.RemoveChild(hole)
		seg.Parent.RemoveChild(seg)
		moved = true
	}
	return moved
}

// removeFallback removes what follows the placeholder of a boundary up to
// the comment that closes the boundary; nothing when that comment is not
// among the next maxFallback siblings (a page saved without comments) or
// the segment seg lies before it.
func removeFallback(hole, seg *html.Node) {
	end := hole.NextSibling
	for i := 0; end != nil && !(end.Type == html.CommentNode && end.Data == "/$"); i++ {
		if i == maxFallback || within(seg, end) {
			return
		}
		end = end.NextSibling
	}
	if end == nil {
		return
	}
	for n := hole.NextSibling; n != end; n = hole.NextSibling {
		hole.Parent.RemoveChild(n)
	}
}

// within reports whether n is d or below it.
func within(n, d *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == d {
			return true
		}
	}
	return false
}

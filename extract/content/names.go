package content

import (
	"strings"

	"golang.org/x/net/html"
)

// What an element's class and id names say about it.
const (
	namesNegative  uint16 = 1 << iota // boilerplate: share bars, related lists, comments, ...
	namesPositive                     // article text: "article-body", "entry-content", ...
	namesHidden                       // a utility class that hides the element: "hidden", "sr-only"
	namesLayout                       // a layout word: boilerplate unless the element holds prose (see layout.go)
	flagChrome                        // a page-chrome tag or role: <nav>, role="banner"
	flagHidden                        // hidden by an attribute or inline style
	flagInHidden                      // hidden itself or below a hidden element
	flagInNegative                    // below or at a boilerplate name, tag or role
	flagInProse                       // at or below a layout name that holds prose
	flagInCode                        // a <pre> or below one: code, which scores nothing (see score)
)

// nameWords maps a word of a class or id name to its names* bits. A word
// is one part of a name, or two or three consecutive parts written
// together: "most-read", "mostRead" and "most_read" all give "mostread".
//
// Most parts of names and their joins are no word; shapes rules most of
// them out before the map is asked: for each first and last character
// (of a-z and 0-9), the lengths of the words below 64 bytes, a bit each.
// It is built once and never changed.
type nameWords struct {
	bits   map[string]uint16
	shapes *[shapeChars * shapeChars]uint64
	long   bool // some word is 64 bytes or longer
}

// shapeChars are the characters that shapes tells apart: a-z and 0-9,
// the characters of the parts of names.
const shapeChars = 36

func newNameWords(negative, positive, hidden, layout []string) nameWords {
	w := nameWords{bits: map[string]uint16{}, shapes: new([shapeChars * shapeChars]uint64)}
	for _, list := range []struct {
		words []string
		bit   uint16
	}{{negative, namesNegative}, {positive, namesPositive}, {hidden, namesHidden}, {layout, namesLayout}} {
		for _, s := range list.words {
			s = strings.ToLower(s)
			w.bits[s] |= list.bit
			switch {
			case len(s) >= 64:
				w.long = true
			case len(s) > 0:
				first, ok1 := shapeChar(s[0])
				last, ok2 := shapeChar(s[len(s)-1])
				if ok1 && ok2 {
					w.shapes[first*shapeChars+last] |= 1 << len(s)
				}
			}
			// Other words have characters that no part of a name has:
			// they never match.
		}
	}
	return w
}

// shapeChar returns the index of c among the shapeChars.
func shapeChar(c byte) (int, bool) {
	switch {
	case c >= 'a' && c <= 'z':
		return int(c - 'a'), true
	case c >= '0' && c <= '9':
		return int(c-'0') + 26, true
	}
	return 0, false
}

// lookup returns the bits of a word of lower-case letters and digits.
func (w nameWords) lookup(b []byte) uint16 {
	if len(b) >= 64 {
		if !w.long {
			return 0
		}
	} else {
		first, _ := shapeChar(b[0])
		last, _ := shapeChar(b[len(b)-1])
		if w.shapes[first*shapeChars+last]&(1<<len(b)) == 0 {
			return 0
		}
	}
	return w.bits[string(b)]
}

// nameCache remembers the bits of attribute values: pages repeat their
// class names many times.
type nameCache map[string]uint16

// classify returns the names* bits of the class and id of n. cache may be
// nil.
func (w nameWords) classify(n *html.Node, cache nameCache) uint16 {
	var bits uint16
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id":
			if a.Val == "" {
				continue
			}
			var b uint16
			if isHeadingAtom(n.DataAtom) {
				// A heading named "header" is a heading, not the page's
				// header: Substack's <h2 class="header-anchor-post">.
				b = w.namesExcept(a.Val, "header")
			} else if c, ok := cache[a.Val]; ok {
				b = c
			} else {
				b = w.names(a.Val)
				if cache != nil {
					cache[a.Val] = b
				}
			}
			if a.Key == "id" && b&namesNegative != 0 && slugID(a.Val, n) {
				b &^= namesNegative
				if !isHeadingAtom(n.DataAtom) {
					b |= namesLayout
				}
			}
			bits |= b
		case "itemprop":
			if strings.EqualFold(a.Val, "articleBody") || strings.EqualFold(a.Val, "text") {
				bits |= namesPositive
			}
		}
	}
	return bits
}

// maxParts bounds the parts of one token that are looked at.
const maxParts = 12

// names returns the bits of the words in a class or id attribute value.
func (w nameWords) names(s string) uint16 {
	return w.namesExcept(s, "")
}

// namesExcept is names without the word skip.
func (w nameWords) namesExcept(s, skip string) uint16 {
	var bits uint16
	for len(s) > 0 {
		// One space-separated token at a time.
		i := strings.IndexAny(s, " \t\n\r\f")
		tok := s
		if i >= 0 {
			tok, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if tok == "" || responsive(tok) {
			continue
		}
		bits |= w.token(tok, skip)
	}
	return bits
}

// responsive reports whether a token is a responsive-layout utility
// ("hidden-xs", "visible-print") that says nothing about the content.
func responsive(tok string) bool {
	return hasPrefixFold(tok, "hidden-") || hasPrefixFold(tok, "visible-") || hasPrefixFold(tok, "d-")
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// token splits one class or id token into parts at non-alphanumeric
// characters and lower-to-upper case changes, and looks up every run of
// one to three parts, but for the word skip.
func (w nameWords) token(tok, skip string) uint16 {
	var starts, ends [maxParts]int
	n := 0
	start := -1
	for i := 0; i <= len(tok) && n < maxParts; i++ {
		var c byte
		if i < len(tok) {
			c = tok[i]
		}
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		camel := start >= 0 && c >= 'A' && c <= 'Z' && i > 0 && tok[i-1] >= 'a' && tok[i-1] <= 'z'
		if start >= 0 && (!alnum || camel) {
			starts[n], ends[n] = start, i
			n++
			start = -1
		}
		if alnum && start < 0 {
			start = i
		}
	}
	var bits uint16
	var buf [64]byte
	for i := 0; i < n; i++ {
		k := 0
		for j := i; j < n && j < i+3; j++ {
			part := tok[starts[j]:ends[j]]
			if k+len(part) > len(buf) {
				break
			}
			for x := 0; x < len(part); x++ {
				c := part[x]
				if c >= 'A' && c <= 'Z' {
					c += 'a' - 'A'
				}
				buf[k] = c
				k++
			}
			if skip != "" && string(buf[:k]) == skip {
				continue
			}
			b := w.lookup(buf[:k])
			if i > 0 || j < n-1 {
				b &^= namesHidden // "hidden" hides only as a whole token, not "label-hidden"
			}
			bits |= b
		}
	}
	return bits
}

package content

import (
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// Tables of contents and heading plugins give headings, and the sections
// they open, ids made from the heading's words: "how-popular-is-yoga",
// "1-heading-what-are-the-side-effects", "h-related-research". Such an id
// names the text, not the element's part in the page, so its words say
// nothing of boilerplate: a heading keeps none of them as a boilerplate
// name, and a section holds them as layout names, which count only where
// it holds no prose (see layout.go). A related list with an id from its
// heading ("most-popular-stories") is still a list of links.

const (
	// slugParts is the fewest words of an id made from text.
	slugParts = 3
	// slugExtra is the most words of such an id that its text lacks: a
	// number, "heading", "section", "h".
	slugExtra = 2
	// slugMaxParts bounds the words of an id looked at.
	slugMaxParts = 24
	// slugText is how much of the element's leading text, in bytes, is
	// compared with its id.
	slugText = 400
)

// slugID reports whether id, which names boilerplate, is made from the
// leading text of n.
func slugID(id string, n *html.Node) bool {
	var parts [slugMaxParts]string
	k := 0
	for _, p := range strings.FieldsFunc(id, func(r rune) bool { return !isAlnum(r) }) {
		if k == len(parts) {
			return false // no slug of a heading is that long: leave it
		}
		if !digits(p) {
			parts[k] = strings.ToLower(p)
			k++
		}
	}
	if k < slugParts {
		return false
	}
	text := leadingText(n, slugText)
	if len(text) == 0 {
		return false
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	found := 0
	for _, p := range parts[:k] {
		for _, w := range words {
			if w == p {
				found++
				break
			}
		}
	}
	return found >= slugParts && k-found <= slugExtra
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// leadingText returns the first max bytes or so of the text below n,
// leaving out what is never shown (scripts, styles).
func leadingText(n *html.Node, max int) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		switch {
		case b.Len() >= max:
			return false
		case c.Type == html.TextNode:
			b.WriteString(c.Data)
			b.WriteByte(' ')
		case c.Type == html.ElementNode:
			return !dropTags[c.DataAtom]
		}
		return true
	}, nil)
	return b.String()
}

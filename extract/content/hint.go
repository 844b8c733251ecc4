package content

import (
	"strings"

	"golang.org/x/net/html"
)

// WithHint returns blocks, or the paragraphs of hint when blocks hold less
// than half of hint's text. The hint is the article text the page states
// elsewhere, such as a JSON-LD articleBody: a page whose article is
// rendered by script carries its text only there, and a page whose body
// the extractor missed still has it. A hint shorter than the blocks (a
// teaser, a truncated articleBody) changes nothing.
//
// Paragraphs of the hint are its non-empty lines, or, when it holds HTML
// markup (some sites put the article's HTML in articleBody), its blocks
// (see Blocks). They have no Node.
func WithHint(blocks []Block, hint string) []Block {
	have := 0
	for _, b := range blocks {
		have += len(b.Text)
	}
	if 2*have >= len(hint) {
		return blocks // the hint's text is no longer than the hint
	}
	var paras []string
	if HasMarkup(hint) {
		doc, err := html.Parse(strings.NewReader(hint))
		if err != nil {
			return blocks
		}
		for _, b := range Blocks(doc) {
			paras = append(paras, b.Text)
		}
	} else {
		for _, line := range strings.Split(hint, "\n") {
			if t := collapse(line); t != "" {
				paras = append(paras, t)
			}
		}
	}
	hintLen := 0
	for _, t := range paras {
		hintLen += len(t)
	}
	if hintLen == 0 || 2*have >= hintLen {
		return blocks
	}
	out := make([]Block, len(paras))
	for i, t := range paras {
		out[i] = Block{Text: t, size: int32(len(t)), elem: -1}
	}
	return out
}

// HasMarkup reports whether s holds an HTML tag: "<" and then a letter or
// "/". A value that should be text but holds markup (an articleBody, a
// description a CMS filled with HTML) is read as HTML.
func HasMarkup(s string) bool {
	for i := strings.IndexByte(s, '<'); i >= 0 && i+1 < len(s); {
		if c := s[i+1]; c == '/' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			return true
		}
		j := strings.IndexByte(s[i+1:], '<')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// collapse trims s and folds every run of white space into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

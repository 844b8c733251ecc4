package content

import "strings"

// WithHint returns blocks, or the paragraphs of hint when blocks hold less
// than half of hint's text. The hint is the article text the page states
// elsewhere, such as a JSON-LD articleBody: a page whose article is
// rendered by script carries its text only there, and a page whose body
// the extractor missed still has it. A hint shorter than the blocks (a
// teaser, a truncated articleBody) changes nothing.
//
// Paragraphs of the hint are its non-empty lines; they have no Node.
func WithHint(blocks []Block, hint string) []Block {
	hintLen := 0
	for _, line := range strings.Split(hint, "\n") {
		hintLen += len(strings.TrimSpace(line))
	}
	have := 0
	for _, b := range blocks {
		have += len(b.Text)
	}
	if hintLen == 0 || 2*have >= hintLen {
		return blocks
	}
	var out []Block
	for _, line := range strings.Split(hint, "\n") {
		if t := collapse(line); t != "" {
			out = append(out, Block{Text: t, size: int32(len(t)), elem: -1})
		}
	}
	return out
}

// collapse trims s and folds every run of white space into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

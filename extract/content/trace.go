package content

import (
	"fmt"
	"slices"
	"strings"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

// Trace records what Clean, Extract and Within did to a page, for an
// explanation (extract --explain). The functions ending in Trace fill it;
// a nil *Trace records nothing and costs nothing but the nil checks, so
// Clean, Extract and Within are those functions with nil.
type Trace struct {
	// Source is the body's source, set by the caller ("content",
	// "profile:div.body", "json-ld").
	Source string `json:"source,omitempty"`
	// Containers are the best-scoring containers of Extract, best first,
	// and those that joined the article.
	Containers []Container `json:"containers,omitempty"`
	// Removed are the elements with text that Clean removed, and the rule
	// that removed each.
	Removed []Dropped `json:"removed,omitempty"`
	// Dropped are the text blocks of the article filtered out, and the
	// rule that dropped each.
	Dropped []Dropped `json:"dropped,omitempty"`
	// Notes say what else happened (fallbacks).
	Notes []string `json:"notes,omitempty"`

	remove []string // the Remove selectors of the rules, to name the one that matched
}

// Container is one container Extract considered.
type Container struct {
	Element     string  `json:"element"` // tag#id.class
	Score       float64 `json:"score"`
	TextBytes   int     `json:"text_bytes"`
	LinkDensity float64 `json:"link_density"`
	// Verdict: "chosen" (the best), "joined" (a sibling that continues
	// it), "inside the chosen", or "lower score".
	Verdict string `json:"verdict"`
}

// Dropped is an element or block left out of the body.
type Dropped struct {
	Element string `json:"element,omitempty"`
	Text    string `json:"text"` // its start
	// Rule names what dropped it: "selector ...", "name class=...",
	// "chrome <nav>", "hidden", "text pattern ...", "link density 0.80",
	// "tail pattern ...", "tail: short line", "repeat ...".
	Rule string `json:"rule"`
}

// Note adds a note; a nil Trace ignores it.
func (t *Trace) Note(format string, args ...any) {
	if t != nil {
		t.Notes = append(t.Notes, fmt.Sprintf(format, args...))
	}
}

// DropBlocks records the blocks of before that are not in after (a
// subsequence of it), all for the same rule.
func (t *Trace) DropBlocks(before, after []Block, rule func(Block) string) {
	if t == nil {
		return
	}
	k := 0
	for _, b := range before {
		if k < len(after) && after[k].Node == b.Node && after[k].Text == b.Text {
			k++
			continue
		}
		t.Dropped = append(t.Dropped, Dropped{Element: Describe(b.Node), Text: snippet(b.Text), Rule: rule(b)})
	}
}

// Describe names an element as tag#id.class.class ("" for nil).
func Describe(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(n.Data)
	if id := attr(n, "id"); id != "" {
		b.WriteString("#" + id)
	}
	for i, c := range strings.Fields(attr(n, "class")) {
		if i == 3 {
			b.WriteString("…")
			break
		}
		b.WriteString("." + c)
	}
	return b.String()
}

// snippet is the start of a text, at most 80 runes.
func snippet(s string) string {
	s = collapse(s)
	if r := []rune(s); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}

// removed records an element Clean removes, with the rule that removed
// it: a selector of r.Remove, a boilerplate name, page chrome, hidden.
func (t *Trace) removed(e *elem, c *compiledRules) {
	if e.text == 0 {
		return // nothing of the article could be in it
	}
	var rule string
	switch {
	case c.removed(e.node):
		rule = "selector"
		for _, s := range t.remove {
			if sel, err := cascadia.Compile(s); err == nil && sel.Match(e.node) {
				rule = "selector " + s
				break
			}
		}
	case e.flags&flagHidden != 0:
		rule = "hidden (attribute or style)"
	case e.flags&namesHidden != 0:
		rule = "hidden class " + fmt.Sprintf("%q", attr(e.node, "class"))
	case e.flags&flagChrome != 0:
		rule = "chrome <" + e.node.Data + ">"
		if role := attr(e.node, "role"); role != "" {
			rule += " role=" + role
		}
	default:
		rule = "name"
		for _, key := range [...]string{"class", "id"} {
			for _, tok := range strings.Fields(attr(e.node, key)) {
				if c.words.names(tok)&namesNegative != 0 {
					rule += fmt.Sprintf(" %s %q", key, tok)
				}
			}
		}
	}
	t.Removed = append(t.Removed, Dropped{Element: Describe(e.node), Text: snippet(nodeText(e.node)), Rule: rule})
}

// nodeText is the text below n, white space collapsed, up to 200 bytes.
func nodeText(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		return b.Len() < 200
	}, nil)
	return b.String()
}

// containers records the five best-scoring containers and those that
// joined the article (parts, top among them).
func (t *Trace) containers(p *page, top int32, parts []int32) {
	var idx []int32
	for i := range p.es {
		if p.es[i].scored {
			idx = append(idx, int32(i))
		}
	}
	slices.SortStableFunc(idx, func(a, b int32) int {
		switch sa, sb := p.es[a].score, p.es[b].score; {
		case sa > sb:
			return -1
		case sa < sb:
			return 1
		}
		return 0
	})
	idx = idx[:min(len(idx), 5)]
	for _, s := range parts {
		if !slices.Contains(idx, s) {
			idx = append(idx, s)
		}
	}
	for _, i := range idx {
		e := &p.es[i]
		if !e.scored {
			continue
		}
		c := Container{Element: Describe(e.node), Score: round2(float64(e.score)), TextBytes: int(e.text), LinkDensity: round2(float64(e.linkDensity())), Verdict: "lower score"}
		for _, s := range parts {
			switch {
			case i == top:
				c.Verdict = "chosen"
			case i == s:
				c.Verdict = "joined"
			case i > s && i < p.es[s].end && c.Verdict == "lower score":
				c.Verdict = "inside the chosen"
			}
		}
		t.Containers = append(t.Containers, c)
	}
}

func round2(f float64) float64 { return float64(int(f*100+0.5)) / 100 }

// filterTrace is filter, recording the blocks it drops and why.
func filterTrace(blocks []Block, r Rules, t *Trace) []Block {
	out := filter(blocks, r)
	if t == nil {
		return out
	}
	t.DropBlocks(blocks, out, func(b Block) string { return dropRule(b, r) })
	return out
}

// dropRule names the rule of filter that drops b.
func dropRule(b Block, r Rules) string {
	if r.Dropped(b.Text) {
		for _, re := range r.DropText {
			if re.MatchString(b.Text) {
				return "text pattern " + re.String()
			}
		}
		return "text pattern"
	}
	if linkBlock(b) {
		return fmt.Sprintf("link density %.2f", b.LinkDensity())
	}
	for _, re := range r.TailText {
		if len(b.Text) <= maxTailText && re.MatchString(b.Text) {
			return "tail pattern " + re.String()
		}
	}
	return "tail: a short line or heading that ends the article"
}

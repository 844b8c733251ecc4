package main

import (
	"fmt"
	"io"
	"strings"
	"unicode"
)

// runShow prints newsnorm's headline, publish time and authors for one
// page next to the truth's, then its body next to the truth's body,
// paragraph by paragraph. A paragraph is marked '+' when most of it is not
// in the other text (boilerplate kept, on the left) and '-' when most of it
// is missing from the other text (body missed, on the right). The page is
// looked for in every set (their ids do not overlap).
func runShow(w io.Writer, data, id string, width int) error {
	s, t, err := findPage(data, id)
	if err != nil {
		return err
	}
	pages, err := loadPages(data, s, []truthItem{t})
	if err != nil {
		return err
	}
	ex, err := lookup(subjectName)
	if err != nil {
		return err
	}
	pr, err := ex.fn(pages[0])
	if err != nil {
		return fmt.Errorf("extract %s: %w", t.ID, err)
	}
	fmt.Fprintf(w, "%s (%s)\n%s\n\n", t.ID, s.Name, t.URL)
	if s.Meta {
		field := func(name, got, want string) {
			fmt.Fprintf(w, "%-10s %-9s %s\n%-10s %-9s %s\n", name, subjectName+":", got, "", "truth:", want)
		}
		field("headline", pr.Headline, t.Headline)
		field("published", pr.Published, t.Published)
		field("authors", strings.Join(pr.Authors, "; "), strings.Join(t.Authors, "; "))
		fmt.Fprintln(w)
	}
	if t.Body == "" {
		fmt.Fprintf(w, "(the truth has no body for this page)\n\n")
	}
	left := markParagraphs(pr.Body, t.Body, '+', width)
	right := markParagraphs(t.Body, pr.Body, '-', width)
	fmt.Fprintf(w, "  %-*s │   %s\n", width, subjectName, "truth")
	fmt.Fprintf(w, "%s┼%s\n", strings.Repeat("─", width+3), strings.Repeat("─", width+3))
	for i := 0; i < len(left) || i < len(right); i++ {
		l, r := "", ""
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			r = right[i]
		}
		fmt.Fprintf(w, "%s%s │ %s\n", l, strings.Repeat(" ", max(0, width+2-cells(l))), r)
	}
	return nil
}

// findPage accepts a full id or a prefix that is unique over all sets.
func findPage(data, id string) (evalSet, truthItem, error) {
	type hit struct {
		s evalSet
		t truthItem
	}
	var found []hit
	for _, s := range evalSets {
		items, err := loadTruth(data, s)
		if err != nil {
			return evalSet{}, truthItem{}, err
		}
		for _, t := range items {
			if t.ID == id {
				return s, t, nil
			}
			if strings.HasPrefix(t.ID, id) {
				found = append(found, hit{s, t})
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0].s, found[0].t, nil
	case 0:
		return evalSet{}, truthItem{}, fmt.Errorf("-show %q: no such page in any set", id)
	default:
		return evalSet{}, truthItem{}, fmt.Errorf("-show %q: %d pages match", id, len(found))
	}
}

// markParagraphs wraps each paragraph of text to width, prefixing its first
// line with mark when under half of its 4-token shingles occur in other.
func markParagraphs(text, other string, mark rune, width int) []string {
	have := map[string]bool{}
	for _, s := range shingles(other) {
		have[s] = true
	}
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		sh := shingles(para)
		found := 0
		for _, s := range sh {
			if have[s] {
				found++
			}
		}
		m := ' '
		if 2*found < len(sh) {
			m = mark
		}
		for i, l := range wrap(para, width) {
			if i == 0 {
				lines = append(lines, string(m)+" "+l)
			} else {
				lines = append(lines, "  "+l)
			}
		}
		lines = append(lines, "")
	}
	return lines
}

// shingles are the scorer's units: overlapping runs of 4 word tokens.
func shingles(text string) []string {
	tok := strings.FieldsFunc(text, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '_')
	})
	if len(tok) < 4 {
		if len(tok) == 0 {
			return nil
		}
		return []string{strings.Join(tok, " ")}
	}
	out := make([]string, 0, len(tok)-3)
	for i := 0; i+4 <= len(tok); i++ {
		out = append(out, strings.Join(tok[i:i+4], " "))
	}
	return out
}

// wrap breaks s into lines of at most width terminal cells, at spaces
// when it can.
func wrap(s string, width int) []string {
	var lines []string
	var cur strings.Builder
	n := 0 // cells in cur
	for _, word := range strings.Fields(s) {
		if n > 0 && n+1+cells(word) > width {
			lines, n = append(lines, cur.String()), 0
			cur.Reset()
		}
		if n > 0 {
			cur.WriteByte(' ')
			n++
		}
		for _, r := range word { // a word wider than the column is cut
			if c := runeCells(r); n+c > width {
				lines, n = append(lines, cur.String()), 0
				cur.Reset()
			}
			cur.WriteRune(r)
			n += runeCells(r)
		}
	}
	if n > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// cells is the width of s in a terminal, counting East Asian wide
// characters as two cells.
func cells(s string) int {
	n := 0
	for _, r := range s {
		n += runeCells(r)
	}
	return n
}

func runeCells(r rune) int {
	switch {
	case r >= 0x1100 && r <= 0x115f, r >= 0x2e80 && r <= 0xa4cf, r >= 0xac00 && r <= 0xd7a3,
		r >= 0xf900 && r <= 0xfaff, r >= 0xfe30 && r <= 0xfe4f, r >= 0xff00 && r <= 0xff60,
		r >= 0xffe0 && r <= 0xffe6, r >= 0x20000 && r <= 0x3fffd:
		return 2
	}
	return 1
}

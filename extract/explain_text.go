package extract

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/newsnorm/newsnorm/extract/content"
)

// WriteText writes the explanation for a terminal: one section per field,
// a line per candidate (its place in the chain, source, verdict, raw
// value, the normalised value when it differs, why), then the body's
// containers, the elements boilerplate rules removed and the blocks
// dropped from the article, each with its rule.
func (e *Explanation) WriteText(w io.Writer) error {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 4, 2, ' ', 0)
	for _, f := range e.Fields {
		winner := f.Winner
		if winner == "" {
			winner = "none: the field is empty"
		}
		fmt.Fprintf(tw, "%s: %s\n", f.Field, winner)
		for i, c := range f.Candidates {
			fmt.Fprintf(tw, "  %d.\t%s\t%s\t%s\n", i+1, c.Source, c.Verdict, describeValue(c))
		}
		fmt.Fprintln(tw)
	}
	if b := e.Body; b != nil {
		fmt.Fprintf(tw, "body: %s\n", b.Source)
		if len(b.Containers) > 0 {
			fmt.Fprintln(tw, "  containers (best scores first):")
			for _, c := range b.Containers {
				fmt.Fprintf(tw, "    %s\t%s\tscore %.2f\t%d bytes\tlink density %.2f\n", c.Verdict, c.Element, c.Score, c.TextBytes, c.LinkDensity)
			}
		}
		writeDropped(tw, "  removed by boilerplate rules", b.Removed)
		writeDropped(tw, "  dropped from the article", b.Dropped)
		for _, n := range b.Notes {
			fmt.Fprintf(tw, "  note: %s\n", n)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// The padding of a last cell that is empty.
	out := trailingSpace.ReplaceAll(buf.Bytes(), []byte("\n"))
	_, err := w.Write(out)
	return err
}

var trailingSpace = regexp.MustCompile(` +\n`)

func writeDropped(w io.Writer, title string, ds []content.Dropped) {
	if len(ds) == 0 {
		return
	}
	fmt.Fprintf(w, "%s (%d):\n", title, len(ds))
	for _, d := range ds {
		fmt.Fprintf(w, "    %s\t%s\t%s\n", d.Rule, d.Element, strconv.Quote(d.Text))
	}
}

// describeValue is a candidate's raw value, its normalised value when it
// differs, and why it won or lost.
func describeValue(c Candidate) string {
	var parts []string
	if c.Raw != "" {
		parts = append(parts, strconv.Quote(truncate(c.Raw, 100)))
	}
	if c.Value != "" && c.Value != c.Raw {
		parts = append(parts, "→ "+strconv.Quote(truncate(c.Value, 100)))
	}
	if c.Why != "" {
		parts = append(parts, "("+c.Why+")")
	}
	return strings.Join(parts, " ")
}

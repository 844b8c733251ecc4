package pipeline

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/output"
)

// Explained is extract --explain's output as JSON: the page, the site
// whose profile applied, the record and how each of its fields was
// chosen.
type Explained struct {
	URL string `json:"url"`
	// Site is the configured site that matched ("" for generic
	// extraction).
	Site   string         `json:"site"`
	Record *output.Record `json:"record"`
	// Reject is why the page gives no valid article ("" when it does).
	Reject string `json:"reject,omitempty"`
	*extract.Explanation
}

// WriteExplanation writes how a page's record came about: as text for a
// terminal (format "text") or as one JSON object (format "json").
func WriteExplanation(w io.Writer, format, pageURL string, t Target, res *Result, ex *extract.Explanation) error {
	site := ""
	if t.Config != nil {
		site = t.Site
	}
	switch format {
	case "json":
		data, err := json.MarshalIndent(Explained{URL: pageURL, Site: site, Record: res.Record, Reject: res.Reject, Explanation: ex}, "", "  ")
		if err != nil {
			return err
		}
		_, err = w.Write(append(data, '\n'))
		return err
	case "text":
		if site == "" {
			site = "none matches: generic extraction"
		}
		verdict := "a valid article"
		if res.Reject != "" {
			verdict = "not a valid article: " + res.Reject
		}
		if _, err := fmt.Fprintf(w, "page: %s\nsite: %s\nrecord: %s\n\n", pageURL, site, verdict); err != nil {
			return err
		}
		return ex.WriteText(w)
	}
	return fmt.Errorf("%w: --format %q: want text or json", ErrUsage, format)
}

// CheckExplainFormat checks a --format value before any work is done.
func CheckExplainFormat(format string) error {
	if format != "text" && format != "json" {
		return fmt.Errorf("%w: --format %q: want text or json", ErrUsage, strings.TrimSpace(format))
	}
	return nil
}

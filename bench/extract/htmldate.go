//go:build !no_htmldate

package main

import (
	"bytes"
	"time"

	htmldate "github.com/markusmobius/go-htmldate"
)

func init() {
	register(extractor{name: "go-htmldate", module: "github.com/markusmobius/go-htmldate", datesOnly: true, fn: goHTMLDate})
}

// goHTMLDate is go-htmldate's extensive search (SkipExtensiveSearch off,
// the external date parser on) for the original publish date, as
// go-trafilatura calls it with its fallback on, plus ExtractTime, which
// only adds the clock and zone of the date it found (the day is the same
// without it), so that its ±1 h score is not 0 by construction. Dates
// only: no headline, authors or body.
func goHTMLDate(p page) (prediction, error) {
	r, err := htmldate.FromReader(bytes.NewReader(p.HTML), htmldate.Options{
		URL:             p.URL,
		UseOriginalDate: true,
		ExtractTime:     true,
	})
	if err != nil || r.IsZero() {
		return prediction{}, err
	}
	switch {
	case !r.HasTime:
		return prediction{Published: r.DateTime.Format(time.DateOnly)}, nil
	case !r.HasTimezone: // the wall clock as printed
		return prediction{Published: r.DateTime.Format("2006-01-02T15:04:05")}, nil
	}
	return prediction{Published: r.DateTime.Format(time.RFC3339)}, nil
}

package main

import (
	"fmt"
	"sort"
	"time"
)

// prediction is what an extractor found on one page; empty where it found
// nothing.
type prediction struct {
	Headline string
	// Published is RFC 3339 with the page's own offset, a bare date
	// (2006-01-02) when only the day is known, or a wall clock without an
	// offset (2006-01-02T15:04:05) when the page gives no zone.
	Published string
	Authors   []string
	// Byline is the authors as one string, for an extractor that gives no
	// list; score_meta.py splits it at commas, semicolons, "and", "und", "&".
	Byline string
	Body   string
}

// extractor turns one page into a prediction. Everything from the HTML
// bytes to the prediction is inside the timed call.
type extractor struct {
	name   string
	module string // module path, for its version in the report; "" for newsnorm
	// datesOnly: it finds publish dates and nothing else, so it is skipped
	// on sets whose truth has no dates and its other columns stay empty.
	datesOnly bool
	fn        func(p page) (prediction, error)
}

// Each extractor lives in its own file behind a build tag (no_newsnorm,
// no_trafilatura, no_readability, no_htmldate), so that extract.sh can
// build one child binary per extractor that links and initialises only
// that extractor's packages: their package-level state would otherwise
// count in every child's peak RSS.
var registered = map[string]extractor{}

// order is the table's row order within a set; subjectName is the
// extractor under test and referenceName the one its speed and memory are
// compared with.
var order = []string{subjectName, "go-trafilatura", referenceName, "go-htmldate"}

const (
	subjectName   = "newsnorm"
	referenceName = "go-readability"
)

func register(e extractor) { registered[e.name] = e }

func lookup(name string) (extractor, error) {
	e, ok := registered[name]
	if !ok {
		var have []string
		for n := range registered {
			have = append(have, n)
		}
		sort.Strings(have)
		return extractor{}, fmt.Errorf("extractor %q is not in this binary (have %v)", name, have)
	}
	return e, nil
}

// peerTime formats a peer library's publish time: "" for none, the bare
// date when the clock is midnight UTC (how these libraries return a date
// found without a time), else RFC 3339 with the offset it came with.
func peerTime(t time.Time) string {
	if t.IsZero() || t.Year() <= 1 {
		return ""
	}
	if _, off := t.Zone(); off == 0 && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

package main

import (
	"fmt"
	"sort"
)

// extractor turns one page into its article body text. Everything from the
// HTML bytes to the body string is inside the timed call.
type extractor struct {
	name   string
	module string // module path, for its version in the report; "" for newsnorm
	fn     func(p page) (string, error)
}

// Each extractor lives in its own file behind a build tag (no_newsnorm,
// no_trafilatura, no_readability), so that extract.sh can build one child
// binary per extractor that links and initialises only that extractor's
// packages: their package-level state would otherwise count in every
// child's peak RSS.
var registered = map[string]extractor{}

// order is the table's row order; subjectName is the extractor under test
// and referenceName the one its speed and memory are compared with.
var order = []string{subjectName, "go-trafilatura", referenceName}

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

//go:build !no_newsnorm

package main

import (
	"time"

	"github.com/newsnorm/newsnorm/extract"
)

func init() { register(extractor{subjectName, "", newsnorm}) }

// newsnorm is the generic path: no site profile, no fetch time. The pages
// are UTF-8 already, so the bytes go in as they are.
func newsnorm(p page) (string, error) {
	a, err := extract.Extract(extract.Input{HTML: p.HTML, URL: p.URL, FetchedAt: time.Time{}}, nil)
	if err != nil {
		return "", err
	}
	return a.Body, nil
}

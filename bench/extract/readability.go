//go:build !no_readability

package main

import (
	"bytes"
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
)

func init() {
	register(extractor{referenceName, "codeberg.org/readeck/go-readability/v2", goReadability})
}

// goReadability is readability.FromReader, then the article's text as the
// library renders it (its command's --text output).
func goReadability(p page) (string, error) {
	u, _ := url.Parse(p.URL)
	a, err := readability.FromReader(bytes.NewReader(p.HTML), u)
	if err != nil {
		return "", err
	}
	if a.Node == nil {
		return "", nil
	}
	var b strings.Builder
	if err := a.RenderText(&b); err != nil {
		return "", err
	}
	return b.String(), nil
}

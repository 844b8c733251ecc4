//go:build !no_readability

package main

import (
	"bytes"
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
)

func init() {
	register(extractor{name: referenceName, module: "codeberg.org/readeck/go-readability/v2", fn: goReadability})
}

// goReadability is readability.FromReader, then the article's title,
// published time (its metadata, parsed by the library), byline as one
// string, and text as the library renders it (its command's --text
// output; v2 has no TextContent field).
func goReadability(p page) (prediction, error) {
	u, _ := url.Parse(p.URL)
	a, err := readability.FromReader(bytes.NewReader(p.HTML), u)
	if err != nil {
		return prediction{}, err
	}
	pr := prediction{Headline: a.Title(), Byline: a.Byline()}
	if t, err := a.PublishedTime(); err == nil {
		pr.Published = peerTime(t)
	}
	if a.Node == nil {
		return pr, nil
	}
	var b strings.Builder
	if err := a.RenderText(&b); err != nil {
		return pr, err
	}
	pr.Body = b.String()
	return pr, nil
}

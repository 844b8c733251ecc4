//go:build !no_trafilatura

package main

import (
	"bytes"
	"net/url"
	"strings"

	trafilatura "github.com/markusmobius/go-trafilatura"
)

func init() {
	register(extractor{name: "go-trafilatura", module: "github.com/markusmobius/go-trafilatura", fn: goTrafilatura})
}

// goTrafilatura uses the defaults of the go-trafilatura command (balanced
// focus, fallback to go-readability and go-domdistiller on, tables kept,
// default publish-date mode, which with the fallback on is go-htmldate's
// extensive search for the original date), with comments excluded, which
// is the closest to "main text only". ContentText is the plain text of the
// main content; Metadata.Author joins several authors with "; ".
func goTrafilatura(p page) (prediction, error) {
	u, _ := url.Parse(p.URL)
	res, err := trafilatura.Extract(bytes.NewReader(p.HTML), trafilatura.Options{
		OriginalURL:     u,
		EnableFallback:  true,
		ExcludeComments: true,
	})
	if err != nil {
		return prediction{}, err
	}
	m := res.Metadata
	return prediction{Headline: m.Title, Published: peerTime(m.Date), Authors: splitAuthors(m.Author), Body: res.ContentText}, nil
}

// splitAuthors splits go-trafilatura's author string at ";" and ",".
func splitAuthors(s string) []string {
	var out []string
	for _, a := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' }) {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

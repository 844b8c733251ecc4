//go:build !no_trafilatura

package main

import (
	"bytes"
	"net/url"

	trafilatura "github.com/markusmobius/go-trafilatura"
)

func init() {
	register(extractor{"go-trafilatura", "github.com/markusmobius/go-trafilatura", goTrafilatura})
}

// goTrafilatura uses the defaults of the go-trafilatura command (balanced
// focus, fallback to go-readability and go-domdistiller on, tables kept,
// default publish-date mode), with comments excluded, which is the closest
// to "main text only". ContentText is the plain text of the main content.
func goTrafilatura(p page) (string, error) {
	u, _ := url.Parse(p.URL)
	res, err := trafilatura.Extract(bytes.NewReader(p.HTML), trafilatura.Options{
		OriginalURL:     u,
		EnableFallback:  true,
		ExcludeComments: true,
	})
	if err != nil {
		return "", err
	}
	return res.ContentText, nil
}

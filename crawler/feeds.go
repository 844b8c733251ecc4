package crawler

import (
	"bytes"
	"strings"

	"github.com/mmcdole/gofeed"
)

// feedLinks returns the item links of an RSS or Atom feed.
func feedLinks(body []byte) ([]string, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, it := range f.Items {
		if l := strings.TrimSpace(it.Link); l != "" {
			out = append(out, l)
		}
		for _, l := range it.Links {
			if l = strings.TrimSpace(l); l != "" && l != it.Link {
				out = append(out, l)
			}
		}
	}
	return out, nil
}

package extract

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsnorm/newsnorm/extract/content"
)

// page is a parsed page and the lookups the candidates share. Lookups are
// computed on first use, before boilerplate removal touches the document.
type page struct {
	doc     *goquery.Document
	url     *url.URL
	profile *Profile

	meta      map[string]string // lower-cased name/property/itemprop -> first content
	metaDone  bool
	ld        []map[string]any
	ldDone    bool
	blocks    []content.Block
	blockDone bool
}

// metaTag returns the content of the first meta tag whose name, property,
// itemprop or http-equiv is one of keys (compared lower-case), with the key
// that matched.
func (p *page) metaTag(keys ...string) (string, string) {
	if !p.metaDone {
		p.metaDone = true
		p.meta = map[string]string{}
		p.doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
			val, ok := s.Attr("content")
			if !ok {
				val, ok = s.Attr("datetime")
			}
			val = strings.TrimSpace(val)
			if !ok || val == "" {
				return
			}
			for _, a := range []string{"property", "name", "itemprop", "http-equiv"} {
				if k, ok := s.Attr(a); ok {
					k = strings.ToLower(strings.TrimSpace(k))
					if _, seen := p.meta[k]; !seen {
						p.meta[k] = val
					}
				}
			}
		})
	}
	for _, k := range keys {
		if v, ok := p.meta[k]; ok {
			return v, k
		}
	}
	return "", ""
}

// textBlocks returns the text blocks of the whole page, before boilerplate
// removal, for labelled-text lookups.
func (p *page) textBlocks() []content.Block {
	if !p.blockDone {
		p.blockDone = true
		if len(p.doc.Nodes) > 0 {
			p.blocks = content.Blocks(p.doc.Nodes[0])
		}
	}
	return p.blocks
}

// labelled finds the first block that starts with one of labels and returns
// the text after the label. A label alone in its block takes the next block.
func (p *page) labelled(labels []string) (string, string) {
	blocks := p.textBlocks()
	for _, label := range labels {
		ll := strings.ToLower(label)
		for i, b := range blocks {
			t := b.Text
			idx := indexFold(t, ll)
			if idx < 0 || idx > 0 && len(t) > 200 {
				continue
			}
			v := strings.TrimSpace(t[idx+len(ll):])
			v = strings.TrimLeft(v, ":：- ")
			if v == "" && i+1 < len(blocks) {
				v = blocks[i+1].Text
			}
			if v != "" {
				return v, label
			}
		}
	}
	return "", ""
}

// indexFold is a case-insensitive strings.Index for a lower-case needle.
func indexFold(s, lowerNeedle string) int {
	if len(lowerNeedle) == 0 {
		return 0
	}
	// Fast path: ASCII labels on mostly ASCII text.
	for i := 0; i+len(lowerNeedle) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(lowerNeedle)], lowerNeedle) {
			return i
		}
	}
	return -1
}

// selectText returns the value of the first selector match with text.
func (p *page) selectText(r FieldRule) (string, string) {
	for _, sel := range r.Selectors {
		var found, which string
		p.doc.Find(sel).EachWithBreak(func(_ int, s *goquery.Selection) bool {
			var v string
			if r.Attr != "" {
				v, _ = s.Attr(r.Attr)
			} else {
				v = blockText(s)
			}
			v = applyPattern(r.Pattern, strings.TrimSpace(v))
			if v != "" {
				found, which = v, sel
				return false
			}
			return true
		})
		if found != "" {
			return found, which
		}
	}
	return "", ""
}

// profileValue runs a profile rule: selectors first, then labels.
func (p *page) profileValue(r FieldRule) (string, string) {
	if v, sel := p.selectText(r); v != "" {
		return v, "profile:" + sel
	}
	if len(r.Labels) > 0 {
		if v, label := p.labelled(r.Labels); v != "" {
			if v = applyPattern(r.Pattern, v); v != "" {
				return v, "profile:label:" + label
			}
		}
	}
	return "", ""
}

func applyPattern(re *regexp.Regexp, v string) string {
	if re == nil || v == "" {
		return v
	}
	m := re.FindStringSubmatch(v)
	switch {
	case m == nil:
		return ""
	case len(m) > 1:
		return strings.TrimSpace(m[1])
	default:
		return strings.TrimSpace(m[0])
	}
}

// blockText is the text of s with each block on its own line collapsed to
// single spaces.
func blockText(s *goquery.Selection) string {
	var parts []string
	for _, n := range s.Nodes {
		for _, b := range content.Blocks(n) {
			parts = append(parts, b.Text)
		}
	}
	return strings.Join(parts, " ")
}

package extract

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// articleTypes are the schema.org types whose objects describe the article.
var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "reportagenewsarticle": true, "analysisnewsarticle": true,
	"opinionnewsarticle": true, "reviewnewsarticle": true, "backgroundnewsarticle": true,
	"blogposting": true, "liveblogposting": true, "scholarlyarticle": true, "techarticle": true,
	"report": true, "socialmediaposting": true, "webpage": false,
}

// jsonLD returns the JSON-LD objects of article types on the page, in
// document order, looking inside arrays and @graph.
func (p *page) jsonLD() []map[string]any {
	if p.ldDone {
		return p.ld
	}
	p.ldDone = true
	p.doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		raw := strings.TrimSpace(s.Text())
		raw = strings.TrimPrefix(raw, "<!--")
		raw = strings.TrimSuffix(raw, "-->")
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			return
		}
		collectArticles(v, &p.ld, 0)
	})
	return p.ld
}

func collectArticles(v any, out *[]map[string]any, depth int) {
	if depth > 8 {
		return
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			collectArticles(e, out, depth+1)
		}
	case map[string]any:
		if isArticleType(t["@type"]) {
			*out = append(*out, t)
		}
		if g, ok := t["@graph"]; ok {
			collectArticles(g, out, depth+1)
		}
		if m, ok := t["mainEntity"]; ok {
			collectArticles(m, out, depth+1)
		}
	}
}

func isArticleType(t any) bool {
	switch v := t.(type) {
	case string:
		return articleTypes[strings.ToLower(strings.TrimPrefix(v, "http://schema.org/"))]
	case []any:
		for _, e := range v {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// ldString returns the first non-empty string value of key among the
// page's article objects. Objects with a "name" (authors, sections) and
// arrays give their first string.
func (p *page) ldString(key string) string {
	for _, o := range p.jsonLD() {
		if s := asString(o[key]); s != "" {
			return s
		}
	}
	return ""
}

// ldStrings returns all string values of key (e.g. every author's name).
func (p *page) ldStrings(key string) []string {
	for _, o := range p.jsonLD() {
		var out []string
		switch v := o[key].(type) {
		case []any:
			for _, e := range v {
				if s := asString(e); s != "" {
					out = append(out, s)
				}
			}
		default:
			if s := asString(v); s != "" {
				out = append(out, s)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

func asString(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case map[string]any:
		for _, k := range []string{"name", "@value", "value", "@id"} {
			if s := asString(t[k]); s != "" {
				return s
			}
		}
	case []any:
		for _, e := range t {
			if s := asString(e); s != "" {
				return s
			}
		}
	}
	return ""
}

package extract

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"strings"
)

// articleTypes are the schema.org types whose objects describe the article.
var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "reportagenewsarticle": true, "analysisnewsarticle": true,
	"opinionnewsarticle": true, "reviewnewsarticle": true, "backgroundnewsarticle": true,
	"askpublicnewsarticle": true, "satiricalarticle": true, "advertisercontentarticle": true,
	"blogposting": true, "liveblogposting": true, "scholarlyarticle": true, "techarticle": true,
	"report": true, "socialmediaposting": true, "discussionforumposting": true,
}

// maxLDDepth bounds how deep collectArticles looks into a JSON-LD value.
const maxLDDepth = 8

// jsonLD returns the JSON-LD objects of article types on the page, looking
// inside arrays, @graph, mainEntity and mainEntityOfPage. Objects that say
// they are about this page (url, @id or mainEntityOfPage equal to the page
// or canonical URL) come first; otherwise document order. Scripts that are
// not valid JSON are repaired when the fault is a cheap one (raw line
// breaks in strings, trailing commas, HTML comment or CDATA wrappers) and
// ignored otherwise.
func (p *page) jsonLD() []map[string]any {
	if p.ldDone {
		return p.ld
	}
	p.ldDone = true
	var all []map[string]any
	for _, raw := range p.ldScripts {
		for _, v := range parseLD(raw) {
			collectArticles(v, &all, &p.ldIndex, 0)
			p.ldRoots = append(p.ldRoots, v)
		}
	}
	if len(all) == 0 {
		return nil // most pages: no keys to work out
	}
	keys := []string{sameURLKey(p.url.String())}
	for _, c := range p.canonicals {
		if cu, err := p.url.Parse(c); err == nil {
			keys = append(keys, sameURLKey(cu.String()))
		}
	}
	var mine, others []map[string]any
	for _, o := range all {
		if aboutPage(o, keys) {
			mine = append(mine, o)
		} else {
			others = append(others, o)
		}
	}
	p.ld = append(mine, others...)
	return p.ld
}

// aboutPage reports whether a JSON-LD object names the page (one of the
// sameURLKey keys) as its url, @id or mainEntityOfPage.
func aboutPage(o map[string]any, keys []string) bool {
	for _, k := range [...]string{"url", "@id", "mainEntityOfPage"} {
		v := o[k]
		if m, ok := v.(map[string]any); ok {
			v = m["@id"]
		}
		if s, ok := v.(string); ok && s != "" && slices.Contains(keys, sameURLKey(s)) {
			return true
		}
	}
	return false
}

// sameURLKey reduces a URL to what identifies the page: no scheme, "www.",
// fragment or trailing slash.
func sameURLKey(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	s = strings.TrimPrefix(strings.ToLower(s), "www.")
	return strings.TrimRight(s, "/")
}

// parseLD parses one JSON-LD script, which may hold several JSON values in
// a row. A script that does not parse is repaired once and tried again.
func parseLD(raw string) []any {
	b := []byte(strings.TrimSpace(raw))
	b = trimWrapper(b, "<!--", "-->")
	b = trimWrapper(b, "//<![CDATA[", "//]]>")
	b = trimWrapper(b, "/*<![CDATA[*/", "/*]]>*/")
	b = trimWrapper(b, "<![CDATA[", "]]>")
	if len(b) == 0 {
		return nil
	}
	if vs, ok := decodeAll(b); ok {
		return vs
	}
	vs, _ := decodeAll(repairJSON(b))
	return vs
}

func trimWrapper(b []byte, open, close string) []byte {
	if bytes.HasPrefix(b, []byte(open)) {
		b = bytes.TrimSpace(b[len(open):])
		b = bytes.TrimSpace(bytes.TrimSuffix(b, []byte(close)))
	}
	return b
}

// decodeAll decodes consecutive JSON values; ok is false if any fails.
func decodeAll(b []byte) ([]any, bool) {
	dec := json.NewDecoder(bytes.NewReader(b))
	var out []any
	for {
		var v any
		if err := dec.Decode(&v); err != nil {
			return out, err == io.EOF && len(out) > 0
		}
		out = append(out, v)
	}
}

// repairJSON fixes what hand-templated JSON-LD commonly gets wrong: control
// characters (raw line breaks, tabs) inside strings are escaped, and
// trailing commas before } or ] and stray semicolons between values are
// dropped.
func repairJSON(b []byte) []byte {
	out := make([]byte, 0, len(b)+16)
	inStr, esc := false, false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inStr {
			switch {
			case esc:
				esc = false
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			case c < 0x20:
				switch c {
				case '\n':
					out = append(out, '\\', 'n')
				case '\r':
					out = append(out, '\\', 'r')
				case '\t':
					out = append(out, '\\', 't')
				default:
					out = append(out, ' ')
				}
				continue
			}
			out = append(out, c)
			continue
		}
		switch c {
		case '"':
			inStr = true
		case ',', ';':
			j := i + 1
			for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r') {
				j++
			}
			if j == len(b) || b[j] == '}' || b[j] == ']' || c == ';' {
				continue
			}
		}
		out = append(out, c)
	}
	return out
}

// collectArticles appends the article objects in v to out and indexes
// every object that has an @id.
func collectArticles(v any, out *[]map[string]any, index *map[string]map[string]any, depth int) {
	if depth > maxLDDepth {
		return
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			collectArticles(e, out, index, depth+1)
		}
	case map[string]any:
		if id, ok := t["@id"].(string); ok && id != "" && len(t) > 1 {
			if *index == nil {
				*index = map[string]map[string]any{}
			}
			if _, seen := (*index)[id]; !seen {
				(*index)[id] = t
			}
		}
		if isArticleType(t["@type"]) {
			*out = append(*out, t)
		}
		for _, k := range [...]string{"@graph", "mainEntity", "mainEntityOfPage"} {
			if g, ok := t[k]; ok {
				collectArticles(g, out, index, depth+1)
			}
		}
	}
}

func isArticleType(t any) bool {
	switch v := t.(type) {
	case string:
		v = strings.ToLower(strings.TrimSpace(v))
		for _, prefix := range [...]string{"http://schema.org/", "https://schema.org/", "schema:"} {
			v = strings.TrimPrefix(v, prefix)
		}
		return articleTypes[v]
	case []any:
		for _, e := range v {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// ldValues calls fn with each non-empty string value of key among the
// page's article objects, best object first, until fn returns true.
func (p *page) ldValues(key string, fn func(string) bool) {
	for _, o := range p.jsonLD() {
		if s := p.ldString1(o[key]); s != "" && fn(s) {
			return
		}
	}
}

// ldString returns the first non-empty string value of key among the
// page's article objects. Objects with a "name" (authors, sections) and
// arrays give their first string.
func (p *page) ldString(key string) string {
	var out string
	p.ldValues(key, func(s string) bool { out = s; return true })
	return out
}

// ldStrings returns all string values of key in the first article object
// that has any (e.g. every author's name).
func (p *page) ldStrings(key string) []string {
	for _, o := range p.jsonLD() {
		var out []string
		switch v := o[key].(type) {
		case []any:
			for _, e := range v {
				if s := p.ldString1(e); s != "" {
					out = append(out, s)
				}
			}
		default:
			if s := p.ldString1(v); s != "" {
				out = append(out, s)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// ldString1 is the string a JSON-LD value stands for: a string, a number,
// an object's name or @value (following an {"@id": ...} reference to an
// object elsewhere on the page), or an array's first such string.
func (p *page) ldString1(v any) string {
	return ldStringDepth(v, p.ldIndex, 0)
}

func ldStringDepth(v any, index map[string]map[string]any, depth int) string {
	if depth > 4 {
		return ""
	}
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case map[string]any:
		if id, ok := t["@id"].(string); ok && len(t) == 1 {
			if ref, ok := index[id]; ok {
				return ldStringDepth(ref, index, depth+1)
			}
			return "" // a reference to nothing on the page
		}
		for _, k := range [...]string{"name", "@value", "value"} {
			if s := ldStringDepth(t[k], index, depth+1); s != "" {
				return s
			}
		}
	case []any:
		for _, e := range t {
			if s := ldStringDepth(e, index, depth+1); s != "" {
				return s
			}
		}
	}
	return ""
}

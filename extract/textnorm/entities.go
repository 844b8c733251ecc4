package textnorm

import (
	"html"
	"strings"
)

// maxEntityRounds bounds the rounds of unescapeEntities. One round already
// decodes nested double escaping ("&amp;amp;lt;"); more are only needed for
// references that a previous decoding assembles ("&l&#116;;" → "&lt;").
const maxEntityRounds = 64

// unescapeEntities decodes complete character references until none is
// left. It returns s itself if there is none.
func unescapeEntities(s string) string {
	for i := 0; i < maxEntityRounds; i++ {
		t := unescapeOnce(s)
		if t == s {
			return s
		}
		s = t
	}
	return s
}

// unescapeOnce decodes, left to right, every complete reference in s. A
// reference that decodes to '&' is joined with the text after it, so
// "&amp;quot;" becomes '"' in one go.
func unescapeOnce(s string) string {
	i := strings.IndexByte(s, '&')
	if i < 0 {
		return s
	}
	var b strings.Builder
	last := 0 // s[last:] has not been written yet
	for i >= 0 {
		n, dec := reference(s[i:], "")
		if n == 0 {
			next := strings.IndexByte(s[i+1:], '&')
			if next < 0 {
				break
			}
			i += 1 + next
			continue
		}
		end := i + n
		for dec == "&" {
			m, d := reference(s[end:], "&")
			if m == 0 {
				break
			}
			dec, end = d, end+m
		}
		if last == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		b.WriteString(dec)
		last = end
		next := strings.IndexByte(s[end:], '&')
		if next < 0 {
			break
		}
		i = end + next
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// reference parses a complete character reference at the start of
// prefix+t ("&name;", "&#123;" or "&#x7B;"; prefix is "" or the "&" a
// previous reference decoded to). It returns how many bytes of t it spans
// and what it decodes to, or 0 if there is no known, complete reference.
func reference(t, prefix string) (int, string) {
	start := 0
	if prefix == "" {
		if len(t) == 0 || t[0] != '&' {
			return 0, ""
		}
		start = 1
	}
	p := start
	named := false
	switch {
	case p < len(t) && t[p] == '#':
		p++
		hex := p < len(t) && (t[p] == 'x' || t[p] == 'X')
		if hex {
			p++
		}
		d := p
		for p < len(t) && p-d < 8 && (isDigit(t[p]) || (hex && isHex(t[p]))) {
			p++
		}
		if p == d {
			return 0, ""
		}
	case p < len(t) && isLetter(t[p]):
		named = true
		d := p
		for p < len(t) && p-d < 32 && (isLetter(t[p]) || isDigit(t[p])) {
			p++
		}
	default:
		return 0, ""
	}
	if p >= len(t) || t[p] != ';' {
		return 0, ""
	}
	p++
	ref := prefix + t[:p]
	switch ref { // the usual suspects, without html's allocations
	case "&amp;", "&#38;":
		return p, "&"
	case "&lt;":
		return p, "<"
	case "&gt;":
		return p, ">"
	case "&quot;", "&#34;":
		return p, `"`
	case "&apos;", "&#39;", "&#039;":
		return p, "'"
	case "&nbsp;", "&#160;":
		return p, "\u00A0"
	}
	dec := html.UnescapeString(ref)
	if dec == ref {
		return 0, "" // unknown name
	}
	// html.UnescapeString falls back to the longest legacy entity that is
	// a prefix of an unknown name ("&notit;" → "¬it;"); that is not a
	// reference, so reject it. Only &semi; legitimately decodes to ';'.
	if named && strings.HasSuffix(dec, ";") && ref != "&semi;" {
		return 0, ""
	}
	return p, dec
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isHex(c byte) bool    { return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F') }
func isLetter(c byte) bool { return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') }

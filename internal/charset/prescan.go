package charset

import "bytes"

// prescanLimit is how much of the document is searched for <meta> charset
// declarations. The HTML standard says 1024 bytes; real pages put a lot of
// script and style in front of the meta tag, so we look further.
const prescanLimit = 4096

// detectBOM reports the encoding named by a byte order mark at the start of
// b and the BOM's length (0 if there is none).
func detectBOM(b []byte) (name string, n int) {
	switch {
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		return "utf-8", 3
	case len(b) >= 2 && b[0] == 0xFF && b[1] == 0xFE:
		return "utf-16le", 2
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		return "utf-16be", 2
	}
	return "", 0
}

// prescan returns the first charset label declared in the document head
// that lookup knows, or "" if there is none. It looks at an XML declaration
// (<?xml ... encoding="..."?>, for XHTML and feeds) and at <meta charset>
// and <meta http-equiv="Content-Type" content="...; charset=..."> tags in
// the first prescanLimit bytes, skipping comments and other tags'
// attributes as the HTML standard's prescan algorithm does. Declarations
// with unknown labels are skipped, and scanning continues.
func prescan(b []byte) string {
	if len(b) > prescanLimit {
		b = b[:prescanLimit]
	}
	if l := xmlDeclEncoding(b); l != "" {
		if _, _, ok := lookup(l); ok {
			return l
		}
	}
	// Cheap pre-check: almost every page without "<meta" can skip the scan.
	if indexFoldBytes(b, "<meta") < 0 {
		return ""
	}
	i := 0
	for i < len(b) {
		lt := bytes.IndexByte(b[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		rest := b[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			// "<!-->" is a complete comment, so search from the second '-'.
			end := bytes.Index(rest[2:], []byte("-->"))
			if end < 0 {
				return ""
			}
			i += 2 + end + 3
		case hasPrefixFoldBytes(rest, "<meta") && len(rest) > 5 && (isHTMLSpace(rest[5]) || rest[5] == '/'):
			label, n := metaCharset(rest[5:])
			i += 5 + n
			if label != "" {
				if _, _, ok := lookup(label); ok {
					return label
				}
			}
		case len(rest) > 1 && (isASCIILetter(rest[1]) || (rest[1] == '/' && len(rest) > 2 && isASCIILetter(rest[2]))):
			// Some other tag: skip its name and attributes so that a
			// "<meta" inside an attribute value is not mistaken for a tag.
			p := 1
			for p < len(rest) && !isHTMLSpace(rest[p]) && rest[p] != '>' {
				p++
			}
			for p < len(rest) {
				_, _, n, end := nextAttr(rest[p:])
				p += n
				if end {
					break
				}
			}
			i += p
		case len(rest) > 1 && (rest[1] == '!' || rest[1] == '/' || rest[1] == '?'):
			end := bytes.IndexByte(rest, '>')
			if end < 0 {
				return ""
			}
			i += end + 1
		default:
			i++
		}
	}
	return ""
}

// metaCharset parses the attributes of a <meta> tag (b starts right after
// "<meta") and returns the declared label ("" if none) and the number of
// bytes consumed.
func metaCharset(b []byte) (label string, n int) {
	var gotPragma, needPragma, haveCharset bool
	var seenEquiv, seenContent, seenCharset bool // first occurrence wins
	for n < len(b) {
		name, value, m, end := nextAttr(b[n:])
		n += m
		switch {
		case !seenEquiv && bytes.EqualFold(name, []byte("http-equiv")):
			seenEquiv = true
			gotPragma = bytes.EqualFold(bytes.TrimSpace(value), []byte("content-type"))
		case !seenContent && bytes.EqualFold(name, []byte("content")):
			seenContent = true
			if !haveCharset {
				if l := charsetParam(string(value)); l != "" {
					label, haveCharset, needPragma = l, true, true
				}
			}
		case !seenCharset && bytes.EqualFold(name, []byte("charset")):
			seenCharset = true
			label, haveCharset, needPragma = string(value), true, false
		}
		if end {
			break
		}
	}
	if needPragma && !gotPragma {
		return "", n
	}
	return label, n
}

// nextAttr reads one attribute per the HTML prescan "get an attribute"
// algorithm. It returns the name as written (empty if none), the raw value,
// the bytes consumed and whether the tag ended ('>' or end of input).
func nextAttr(b []byte) (name, value []byte, n int, end bool) {
	for n < len(b) && (isHTMLSpace(b[n]) || b[n] == '/') {
		n++
	}
	if n >= len(b) {
		return nil, nil, n, true
	}
	if b[n] == '>' {
		return nil, nil, n + 1, true
	}
	start := n
	for n < len(b) {
		c := b[n]
		if c == '=' && n > start {
			break
		}
		if isHTMLSpace(c) || c == '/' || c == '>' {
			break
		}
		n++
	}
	name = b[start:n]
	for n < len(b) && isHTMLSpace(b[n]) {
		n++
	}
	if n >= len(b) || b[n] != '=' {
		return name, nil, n, n >= len(b)
	}
	n++
	for n < len(b) && isHTMLSpace(b[n]) {
		n++
	}
	if n >= len(b) {
		return name, nil, n, true
	}
	if q := b[n]; q == '"' || q == '\'' {
		e := bytes.IndexByte(b[n+1:], q)
		if e < 0 {
			return name, b[n+1:], len(b), true
		}
		return name, b[n+1 : n+1+e], n + 1 + e + 1, false
	}
	vs := n
	for n < len(b) && !isHTMLSpace(b[n]) && b[n] != '>' {
		n++
	}
	return name, b[vs:n], n, false
}

// xmlDeclEncoding returns the encoding pseudo-attribute of an XML
// declaration at the start of b (after optional whitespace), or "".
func xmlDeclEncoding(b []byte) string {
	b = bytes.TrimLeft(b, " \t\r\n")
	if !bytes.HasPrefix(b, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(b, []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := b[5:end]
	i := bytes.Index(decl, []byte("encoding"))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(decl[i+len("encoding"):], " \t\r\n")
	if len(rest) == 0 || rest[0] != '=' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	q := rest[0]
	e := bytes.IndexByte(rest[1:], q)
	if e < 0 {
		return ""
	}
	return string(rest[1 : 1+e])
}

func isASCIILetter(c byte) bool { return 'a' <= lower(c) && lower(c) <= 'z' }

func indexFoldBytes(b []byte, lowerNeedle string) int {
	n := len(lowerNeedle)
	first := lowerNeedle[0]
	for i := 0; i+n <= len(b); i++ {
		if lower(b[i]) == first && hasPrefixFoldBytes(b[i:], lowerNeedle) {
			return i
		}
	}
	return -1
}

func hasPrefixFoldBytes(b []byte, lowerPrefix string) bool {
	if len(b) < len(lowerPrefix) {
		return false
	}
	for i := 0; i < len(lowerPrefix); i++ {
		if lower(b[i]) != lowerPrefix[i] {
			return false
		}
	}
	return true
}

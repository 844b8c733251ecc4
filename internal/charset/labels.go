package charset

import (
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Valid reports whether label is a known encoding label (for config
// validation). It accepts every WHATWG label (case-insensitive, surrounding
// spaces and quotes ignored), common sloppy spellings such as "win-1256",
// "cp_1251" or "utf_8", and IANA names known to golang.org/x/text.
// The WHATWG "replacement" encoding and the empty string are not valid.
func Valid(label string) bool {
	_, _, ok := lookup(label)
	return ok
}

// lookup resolves an encoding label to an Encoding and its canonical,
// lower-case name. ok is false for empty or unknown labels and for labels
// that resolve to the WHATWG "replacement" encoding (iso-2022-kr, hz-gb-2312
// ...), which would throw the whole document away.
func lookup(label string) (enc encoding.Encoding, name string, ok bool) {
	l := normLabel(label)
	if l == "" {
		return nil, "", false
	}
	if e, err := htmlindex.Get(l); err == nil && e != nil {
		return canonical(e) // the common case: no allocation
	}
	for _, cand := range labelVariants(l) {
		if e, err := htmlindex.Get(cand); err == nil && e != nil {
			return canonical(e)
		}
	}
	// Last resort: IANA names that WHATWG does not list (ibm437, cp850 ...).
	if e, err := ianaindex.IANA.Encoding(l); err == nil && e != nil {
		if n, err := htmlindex.Name(e); err == nil {
			return canonical(mustGet(n))
		}
		if n, err := ianaindex.IANA.Name(e); err == nil && n != "" {
			return e, strings.ToLower(n), true
		}
	}
	return nil, "", false
}

func mustGet(name string) encoding.Encoding {
	e, err := htmlindex.Get(name)
	if err != nil {
		panic("charset: htmlindex lost " + name)
	}
	return e
}

// canonical maps an htmlindex encoding to the (decoder, name) pair used by
// this package. The WHATWG gbk decoder is the gb18030 decoder, so "gbk"
// keeps its name but decodes with GB18030 (a strict superset).
func canonical(e encoding.Encoding) (encoding.Encoding, string, bool) {
	if e == encoding.Replacement {
		return nil, "", false
	}
	n, err := htmlindex.Name(e)
	if err != nil {
		return nil, "", false
	}
	n = strings.ToLower(n)
	if n == "replacement" {
		return nil, "", false
	}
	if n == "gbk" {
		return simplifiedchinese.GB18030, n, true
	}
	return e, n, true
}

// normLabel trims spaces, quotes and stray punctuation and lower-cases.
func normLabel(s string) string {
	s = strings.TrimSpace(s)
	s = strings.Trim(s, "\"'`;, \t\r\n\f")
	s = strings.TrimSpace(s)
	if len(s) > 64 {
		return ""
	}
	return strings.ToLower(s)
}

// labelVariants yields l and a few repaired spellings of it: "utf_8" →
// "utf-8", "win-1256"/"cp_1256"/"windows1256" → "windows-1256",
// "latin-1" → "latin1".
func labelVariants(l string) []string {
	out := []string{l}
	dashed := dasher.Replace(l)
	if dashed != l {
		out = append(out, dashed)
	}
	squashed := squasher.Replace(l)
	if squashed != l {
		out = append(out, squashed)
	}
	if a, ok := extraAliases[squashed]; ok {
		out = append(out, a)
	}
	for _, p := range []string{"windows", "win", "cp", "ms", "x-cp"} {
		if rest, ok := strings.CutPrefix(squashed, strings.ReplaceAll(p, "-", "")); ok && isCodePage(rest) {
			out = append(out, "windows-"+rest)
			break
		}
	}
	return out
}

var (
	dasher   = strings.NewReplacer("_", "-", " ", "-")
	squasher = strings.NewReplacer("_", "", " ", "", "-", "")
)

// extraAliases maps squashed spellings seen in the wild that no WHATWG
// label matches.
var extraAliases = map[string]string{
	"koi8r":     "koi8-r",
	"koi8u":     "koi8-u",
	"shiftjis":  "shift_jis",
	"eucjp":     "euc-jp",
	"euckr":     "euc-kr",
	"big5hkscs": "big5",
	"utf16":     "utf-16le",
	"utf16le":   "utf-16le",
	"utf16be":   "utf-16be",
	"ucs2":      "utf-16le",
	"ascii":     "windows-1252",
	"cp936":     "gbk",
	"ms936":     "gbk",
	"cp949":     "euc-kr",
	"cp932":     "shift_jis",
	"cp950":     "big5",
}

func isCodePage(s string) bool {
	switch s {
	case "874", "1250", "1251", "1252", "1253", "1254", "1255", "1256", "1257", "1258":
		return true
	}
	return false
}

// charsetParam extracts the charset from a Content-Type header value or a
// <meta content="..."> value, following the WHATWG "extract a character
// encoding from a meta element" algorithm, which is lenient about missing
// quotes, stray spaces and extra semicolons. It returns "" if there is none.
func charsetParam(s string) string {
	for i := 0; ; {
		j := indexFold(s[i:], "charset")
		if j < 0 {
			return ""
		}
		p := i + j + len("charset")
		for p < len(s) && isHTMLSpace(s[p]) {
			p++
		}
		if p >= len(s) || s[p] != '=' {
			i = p
			continue
		}
		p++
		for p < len(s) && isHTMLSpace(s[p]) {
			p++
		}
		if p >= len(s) {
			return ""
		}
		if q := s[p]; q == '"' || q == '\'' {
			end := strings.IndexByte(s[p+1:], q)
			if end < 0 {
				// Unterminated quote: take the rest up to a delimiter.
				return cutValue(s[p+1:])
			}
			return s[p+1 : p+1+end]
		}
		return cutValue(s[p:])
	}
}

func cutValue(s string) string {
	for k := 0; k < len(s); k++ {
		if c := s[k]; isHTMLSpace(c) || c == ';' || c == ',' || c == '"' || c == '\'' {
			return s[:k]
		}
	}
	return s
}

// indexFold is an ASCII case-insensitive strings.Index for a lower-case
// ASCII needle.
func indexFold(s, lowerNeedle string) int {
	n := len(lowerNeedle)
	for i := 0; i+n <= len(s); i++ {
		if hasPrefixFold(s[i:], lowerNeedle) {
			return i
		}
	}
	return -1
}

func hasPrefixFold(s, lowerPrefix string) bool {
	if len(s) < len(lowerPrefix) {
		return false
	}
	for i := 0; i < len(lowerPrefix); i++ {
		if lower(s[i]) != lowerPrefix[i] {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

package textnorm

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Options controls language-specific normalisation.
type Options struct {
	// Persian unifies the Arabic letter variants that Persian text
	// commonly gets from Arabic keyboards and windows-1256 pages:
	// ي (U+064A ARABIC LETTER YEH) → ی (U+06CC FARSI YEH) and
	// ك (U+0643 ARABIC LETTER KAF) → ک (U+06A9 KEHEH).
	// Nothing else is changed: ى (alef maksura), ة, hamza forms, and
	// Arabic-Indic (٠-٩) and Persian (۰-۹) digits are left as they are.
	Persian bool
}

// maxRounds bounds the whole-pipeline repetitions in Clean; see there.
const maxRounds = 16

// Clean normalises one piece of extracted text (a paragraph, a title):
//
//  1. HTML entities left over from extraction are decoded: named ones
//     (&amp; &nbsp; &eacute; ...) and numeric ones (&#39; &#x2019;), only
//     in their complete form ending in ';', so "AT&T" or a URL's
//     "?a=1&copy=2" is not touched. Double-escaped text ("&amp;quot;") is
//     decoded all the way.
//  2. Invisible characters are removed: zero-width space U+200B, BOM /
//     zero-width no-break space U+FEFF, soft hyphen U+00AD, word joiner
//     U+2060 and the invisible operators U+2061-U+2064, and the bidi
//     controls (LRM U+200E, RLM U+200F, ALM U+061C, embeddings and
//     overrides U+202A-U+202E, isolates U+2066-U+2069). The bidi controls
//     only steer display; after extraction they are often unbalanced and
//     they break search, deduplication and comparison. Control characters
//     other than whitespace are removed too, and invalid UTF-8 bytes become
//     U+FFFD. ZWNJ U+200C (Persian spelling needs it: "می‌خواهم") and ZWJ
//     U+200D (emoji sequences, Indic scripts) are kept.
//  3. The text is put in Unicode NFC.
//  4. With o.Persian, ي and ك become ی and ک (see Options).
//  5. NBSP and every other Unicode space, tabs and line breaks become a
//     plain space; runs of spaces collapse to one; the ends are trimmed.
//
// Quotes, dashes and other punctuation are left as they are.
//
// Clean is idempotent: Clean(Clean(s, o), o) == Clean(s, o). When the
// input needs no change, Clean returns it without allocating; pure-ASCII
// input takes a single fast scan.
func Clean(s string, o Options) string {
	if asciiClean(s) || alreadyClean(s, o.Persian) {
		return s
	}
	for i := 0; i < maxRounds; i++ {
		t := cleanOnce(s, o)
		// The output of a round has no invisibles, is NFC and has its
		// spaces collapsed, and those steps stay done when repeated. Only
		// entity decoding can still change it: removing U+200B from
		// "&am\u200Bp;" assembles "&amp;". So another round is needed
		// exactly when t still holds a complete reference.
		if strings.IndexByte(t, '&') < 0 || unescapeEntities(t) == t {
			return t
		}
		s = t
	}
	return s
}

// Paragraphs cleans each paragraph, drops the ones that end up empty and
// joins the rest with a blank line ("\n\n").
func Paragraphs(ps []string, o Options) string {
	kept := make([]string, 0, len(ps))
	for _, p := range ps {
		if c := Clean(p, o); c != "" {
			kept = append(kept, c)
		}
	}
	return strings.Join(kept, "\n\n")
}

func cleanOnce(s string, o Options) string {
	s = unescapeEntities(s)
	s = stripInvisible(s)
	if !nfcInertString(s) {
		s = norm.NFC.String(s) // returns s itself when already NFC
	}
	return spacesAndLetters(s, o.Persian)
}

// alreadyClean is the one-pass check for non-ASCII text that needs no
// change: valid UTF-8, no '&', nothing to remove, only NFC-inert
// characters, single inner spaces, nothing to unify.
func alreadyClean(s string, persian bool) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prevSpace := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c < 0x20 || c == 0x7F || c == '&':
				return false
			case c == ' ':
				if prevSpace {
					return false
				}
				prevSpace = true
			default:
				prevSpace = false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || invisible(r) || isSpace(r) || !nfcInert(r) ||
			(persian && (r == 'ي' || r == 'ك')) {
			return false
		}
		prevSpace = false
		i += n
	}
	return true
}

// nfcInert reports whether r is a starter (canonical combining class 0)
// with NFC_Quick_Check=Yes that never combines with a preceding
// character. Text made only of such characters is in NFC, so the norm
// package need not look at it. The ranges are a conservative subset
// (Latin, Cyrillic, Hebrew and Arabic letters, general punctuation, CJK
// ideographs, kana, Hangul syllables); anything else goes through norm.
func nfcInert(r rune) bool {
	switch {
	case r < 0x300:
		return true
	case r < 0x400:
		return false // combining diacritics; Greek has singletons (U+037E → ';')
	case r <= 0x482, r >= 0x48A && r <= 0x52F: // Cyrillic letters
		return true
	case r >= 0x5D0 && r <= 0x5EA: // Hebrew letters
		return true
	case r >= 0x600 && r <= 0x60F, r >= 0x61B && r <= 0x64A, r >= 0x660 && r <= 0x66F, r >= 0x671 && r <= 0x6D5, r >= 0x6EE && r <= 0x6FF:
		return true // Arabic block minus its combining marks
	case r >= 0x2002 && r <= 0x206F: // general punctuation minus U+2000/2001
		return true
	case r >= 0x20A0 && r <= 0x20C0: // currency
		return true
	case r >= 0x3000 && r <= 0x3029, r >= 0x3030 && r <= 0x303F: // CJK punctuation minus marks
		return true
	case r >= 0x3041 && r <= 0x3096, r >= 0x30A0 && r <= 0x30FF: // kana minus U+3099/309A
		return true
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0xAC00 && r <= 0xD7A3:
		return true
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		return true
	}
	return false
}

func nfcInertString(s string) bool {
	for i := 0; i < len(s); {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !nfcInert(r) {
			return false
		}
		i += n
	}
	return true
}

// asciiClean reports whether s is ASCII and already clean: no '&', no
// control characters, no leading, trailing or doubled spaces.
func asciiClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 0x80 || c < 0x20 || c == 0x7F || c == '&':
			return false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		default:
			prevSpace = false
		}
	}
	return true
}

// invisible reports whether r is removed by Clean (step 2).
func invisible(r rune) bool {
	switch {
	case r < 0x20:
		return !isASCIISpace(r) // other C0 controls
	case r < 0x7F:
		return false
	case r < 0xA0:
		return r != 0x85 // DEL and C1 controls, except NEL (a line break)
	}
	switch r {
	case 0xAD, // soft hyphen
		0x061C,                 // ARABIC LETTER MARK
		0x200B, 0x200E, 0x200F, // ZWSP, LRM, RLM
		0x202A, 0x202B, 0x202C, 0x202D, 0x202E, // embeddings, overrides
		0x2060, 0x2061, 0x2062, 0x2063, 0x2064, // word joiner, invisible operators
		0x2066, 0x2067, 0x2068, 0x2069, // isolates
		0xFEFF: // BOM, zero-width no-break space
		return true
	}
	return false
}

func isASCIISpace(r rune) bool {
	return r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r'
}

// stripInvisible removes the characters of step 2 and replaces invalid
// UTF-8 bytes with U+FFFD. It returns s itself if there is nothing to do.
func stripInvisible(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && !isASCIISpace(rune(c)) || c == 0x7F {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || invisible(r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	keep := 0 // s[keep:i] is kept and not yet written
	for i < len(s) {
		r, n := decodeRune(s, i)
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(s[keep:i])
			b.WriteString("\uFFFD")
			keep = i + n
		case invisible(r):
			b.WriteString(s[keep:i])
			keep = i + n
		}
		i += n
	}
	b.WriteString(s[keep:])
	return b.String()
}

// isSpace reports whether r becomes a plain space (step 5): the Unicode
// White_Space characters (tab, LF, VT, FF, CR, space, NEL, NBSP, U+1680,
// U+2000-U+200A, line and paragraph separators, U+202F, U+205F, U+3000),
// i.e. unicode.IsSpace without its table lookup.
func isSpace(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r == ' ' || isASCIISpace(r)
	case r == 0x85, r == 0xA0, r == 0x1680, r >= 0x2000 && r <= 0x200A,
		r == 0x2028, r == 0x2029, r == 0x202F, r == 0x205F, r == 0x3000:
		return true
	}
	return false
}

// decodeRune is utf8.DecodeRuneInString(s[i:]) with an ASCII shortcut.
func decodeRune(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// spacesAndLetters does steps 4 and 5. It returns s itself if there is
// nothing to do.
func spacesAndLetters(s string, persian bool) string {
	// Find the first position that needs a change.
	i := 0
	prevSpace := true // a space at the start must go
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c == ' ' {
				if prevSpace {
					break
				}
				prevSpace = true
			} else if isASCIISpace(rune(c)) {
				break
			} else {
				prevSpace = false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isSpace(r) || (persian && (r == 'ي' || r == 'ك')) {
			break
		}
		prevSpace = false
		i += n
	}
	if i == len(s) {
		if prevSpace && len(s) > 0 { // trailing space
			return s[:len(s)-1]
		}
		return s
	}
	// Rebuild word by word: copy each run of non-space characters as a
	// slice (unifying letters on the way) with one space between runs.
	var b strings.Builder
	b.Grow(len(s))
	for i = 0; i < len(s); {
		j := i
		for j < len(s) {
			r, n := decodeRune(s, j)
			if !isSpace(r) {
				break
			}
			j += n
		}
		if j == len(s) {
			break // trailing spaces
		}
		if j > i && b.Len() > 0 {
			b.WriteByte(' ')
		}
		i = j
		for j < len(s) {
			r, n := decodeRune(s, j)
			if isSpace(r) {
				break
			}
			if persian && (r == 'ي' || r == 'ك') {
				b.WriteString(s[i:j])
				if r == 'ي' {
					b.WriteString("ی")
				} else {
					b.WriteString("ک")
				}
				i = j + n
			}
			j += n
		}
		b.WriteString(s[i:j])
		i = j
	}
	return b.String()
}

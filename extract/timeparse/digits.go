package timeparse

import (
	"unicode"
	"unicode/utf8"
)

// This file normalises single runes before matching: native digits become
// their values, punctuation from Arabic, Persian and CJK typography maps to the
// ASCII character it stands for, and letters are case- and accent-folded
// (Latin) or orthographically unified (Arabic/Persian).

const (
	zwnj = '\u200c' // zero-width non-joiner, used inside Persian words
	zwj  = '\u200d'
)

// digitValue returns the value of a decimal digit written in ASCII,
// Arabic-Indic (U+0660–0669), Extended Arabic-Indic / Persian (U+06F0–06F9)
// or fullwidth (U+FF10–FF19) form, and -1 for any other rune.
func digitValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r < utf8.RuneSelf:
		return -1
	case r >= 0x06F0 && r <= 0x06F9:
		return int(r - 0x06F0)
	case r >= 0x0660 && r <= 0x0669:
		return int(r - 0x0660)
	case r >= 0xFF10 && r <= 0xFF19:
		return int(r - 0xFF10)
	}
	return -1
}

// punctClass maps a punctuation or symbol rune to the ASCII character whose
// role it plays in a date ("،" is a comma, "٫" a decimal point, "–" a dash).
// Runes with no such role map to '~'.
func punctClass(r rune) byte {
	if r < utf8.RuneSelf {
		return byte(r)
	}
	switch r {
	case '\u060c', '\u066c', '\uff0c', '\u3001': // Arabic comma, Arabic thousands sep, fullwidth/ideographic comma
		return ','
	case '\u066b', '\uff0e', '\u3002': // Arabic decimal separator, fullwidth/ideographic full stop
		return '.'
	case '\u060d', '\uff0f', '\u2044': // Arabic date separator, fullwidth solidus, fraction slash
		return '/'
	case '\uff1a', '\ufe55': // fullwidth colon, small colon
		return ':'
	case '\u061b': // Arabic semicolon
		return ';'
	case '\u2212', '\u2013', '\u2014', '\u2010', '\u2011', '\u2012', '\ufe63', '\uff0d': // minus and dashes
		return '-'
	case '\uff0b':
		return '+'
	case '\u00b7', '\u2022', '\uff5c', '\u2502': // middle dot, bullet, bars
		return '|'
	case '\uff08':
		return '('
	case '\uff09':
		return ')'
	}
	return '~'
}

// isWordStart reports whether r begins a word token.
func isWordStart(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r)
}

// isWordRune reports whether r continues a word token: letters, combining
// marks (accents, Arabic harakat) and the joiners used in Persian.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return r == zwnj || r == zwj || unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)
}

// isApostrophe reports whether r is an apostrophe that may sit inside a word
// (aujourd'hui, Sha'ban).
func isApostrophe(r rune) bool {
	return r == '\'' || r == '\u2019' || r == '\u02bc' || r == '\u02bb'
}

// foldRune returns the matching form of a word rune: lower case, Latin
// accents removed, Arabic/Persian letter variants unified (أ إ آ ٱ → ا,
// ي ى ئ → ی, ك → ک, ة ۀ → ه, ؤ → و). Runes that carry nothing for matching
// (combining marks, tatweel, joiners) fold to 0. A second rune is returned for
// the Latin ligatures ß, æ and œ.
func foldRune(r rune) (rune, rune) {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r, 0
	}
	switch r {
	case zwnj, zwj, '\u0640': // joiners, tatweel
		return 0, 0
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا', 0
	case 'ي', 'ى', 'ئ':
		return 'ی', 0
	case 'ك':
		return 'ک', 0
	case 'ة', 'ۀ':
		return 'ه', 0
	case 'ؤ':
		return 'و', 0
	case 'ß':
		return 's', 's'
	case 'æ', 'Æ':
		return 'a', 'e'
	case 'œ', 'Œ':
		return 'o', 'e'
	}
	if unicode.Is(unicode.Mn, r) {
		return 0, 0
	}
	r = unicode.ToLower(r)
	if r < 0xC0 || r > 0x17F {
		return r, 0
	}
	switch r {
	case 'à', 'á', 'â', 'ã', 'ä', 'å', 'ā', 'ă', 'ą':
		return 'a', 0
	case 'ç', 'ć', 'č':
		return 'c', 0
	case 'ď':
		return 'd', 0
	case 'è', 'é', 'ê', 'ë', 'ē', 'ė', 'ę', 'ě':
		return 'e', 0
	case 'ğ':
		return 'g', 0
	case 'ì', 'í', 'î', 'ï', 'ī', 'į', 'ı':
		return 'i', 0
	case 'ł':
		return 'l', 0
	case 'ñ', 'ń', 'ň':
		return 'n', 0
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø', 'ō', 'ő':
		return 'o', 0
	case 'ř':
		return 'r', 0
	case 'ś', 'š', 'ş':
		return 's', 0
	case 'ť':
		return 't', 0
	case 'ù', 'ú', 'û', 'ü', 'ū', 'ů', 'ű':
		return 'u', 0
	case 'ý', 'ÿ':
		return 'y', 0
	case 'ź', 'ż', 'ž':
		return 'z', 0
	}
	return r, 0
}

// appendFolded appends the folded form of r to buf.
func appendFolded(buf []byte, r rune) []byte {
	a, b := foldRune(r)
	if a == 0 {
		return buf
	}
	if a < utf8.RuneSelf {
		buf = append(buf, byte(a))
	} else {
		buf = utf8.AppendRune(buf, a)
	}
	if b != 0 {
		buf = append(buf, byte(b))
	}
	return buf
}

// foldKey folds a table key the way words are folded during tokenisation,
// dropping spaces, hyphens and apostrophes so that multi-word names
// ("ربيع الأول", "Dhu al-Hijjah") become the joined form that
// lookupJoined builds from consecutive word tokens.
func foldKey(s string) string {
	buf := make([]byte, 0, len(s))
	for _, r := range s {
		if digitValue(r) >= 0 {
			buf = append(buf, byte('0'+digitValue(r)))
			continue
		}
		if !isWordRune(r) {
			continue
		}
		buf = appendFolded(buf, r)
	}
	return string(buf)
}

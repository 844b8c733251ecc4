package timeparse

import (
	"unicode"
	"unicode/utf8"
)

// This file splits the input into tokens (numbers, words, punctuation) that
// the matchers in dates.go, clock.go and relative.go walk over. Every token
// remembers its byte span in the original input so that Result.Raw is always
// an exact substring of what the caller passed.

type tokKind uint8

const (
	tNum tokKind = iota + 1
	tWord
	tPunct
)

// maxNumDigits is how many digits of a number are kept as text (enough for
// nanoseconds and compact ISO dates); its value is exact up to 9 digits.
const maxNumDigits = 18

type token struct {
	kind  tokKind
	sp    bool  // whitespace (or the start of input) precedes the token
	ch    byte  // tPunct: the ASCII role of the rune, see punctClass
	upper bool  // tWord: no lower-case letter in the original spelling
	ndig  uint8 // tNum: number of digits (saturates at 255)
	val   int   // tNum: value, exact when ndig <= 9
	start int   // byte offset of the token in the input
	end   int   // byte offset just past the token
	// buf[ws:we] (see parser.text) is the folded text of a word (see
	// foldRune) or the ASCII digits of a number (at most maxNumDigits).
	// Offsets rather than a slice keep tokens pointer-free, which lets the
	// token and text buffers stay on the stack.
	ws, we int
}

// decodeAt decodes the rune at s[i], with an ASCII fast path.
func decodeAt(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// tokenize appends the tokens of s to toks, storing folded text in buf.
// Whitespace only sets the sp flag of the next token; invisible format
// characters (bidi marks, zero-width space, BOM) separate tokens without
// counting as whitespace.
func tokenize(s string, toks []token, buf []byte) ([]token, []byte) {
	sp := true
	for i := 0; i < len(s); {
		r, size := decodeAt(s, i)
		switch {
		case digitValue(r) >= 0:
			t := token{kind: tNum, sp: sp, start: i}
			b0 := len(buf)
			for i < len(s) {
				r, size = decodeAt(s, i)
				d := digitValue(r)
				if d < 0 {
					break
				}
				if t.ndig < 255 {
					t.ndig++
				}
				if t.ndig <= 9 {
					t.val = t.val*10 + d
				}
				if len(buf)-b0 < maxNumDigits {
					buf = append(buf, byte('0'+d))
				}
				i += size
			}
			t.end = i
			t.ws, t.we = b0, len(buf)
			toks = append(toks, t)
			sp = false
		case isWordStart(r):
			t := token{kind: tWord, sp: sp, start: i, upper: true}
			b0 := len(buf)
			for i < len(s) {
				r, size = decodeAt(s, i)
				if isWordRune(r) {
					if t.upper && (r >= 'a' && r <= 'z' || r >= utf8.RuneSelf && unicode.IsLower(r)) {
						t.upper = false
					}
					buf = appendFolded(buf, r)
					i += size
					continue
				}
				if isApostrophe(r) && i+size < len(s) {
					if next, _ := decodeAt(s, i+size); isWordStart(next) {
						i += size // keep the word whole, drop the apostrophe
						continue
					}
				}
				break
			}
			t.end = i
			t.ws, t.we = b0, len(buf)
			toks = append(toks, t)
			sp = false
		case unicode.IsSpace(r):
			sp = true
			i += size
		case r >= utf8.RuneSelf && unicode.Is(unicode.Cf, r):
			i += size
		default:
			toks = append(toks, token{kind: tPunct, sp: sp, ch: punctClass(r), start: i, end: i + size})
			sp = false
			i += size
		}
	}
	return toks, buf
}

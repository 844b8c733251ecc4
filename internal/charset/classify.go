package charset

import (
	"sync"
	"unicode"
	"unicode/utf8"
)

// Character classes for scoring.
type cls uint8

const (
	cNeutral cls = iota // ASCII non-letters; non-ASCII spaces and digits
	cASCII              // ASCII letter
	cLetter             // non-ASCII letter
	cMark               // combining mark
	cPunct              // ordinary non-ASCII punctuation: « » ’ — € ...
	cSymbol             // symbol that is rare in text: ¤ ± ³ ˜ ...
	cInvalid            // U+FFFD, controls, private use, box drawing
	cFormat             // ZWNJ, ZWJ, LRM, RLM, soft hyphen
)

type script uint8

const (
	sNone script = iota
	sLatin
	sCyrillic
	sArabic
	sGreek
	sHebrew
	sCJK
	sOther
)

// CJK sub-kinds.
const (
	jNone uint8 = iota
	jKana
	jHanCommon
	jHan
	jHanRare // extension A, compatibility ideographs
	jHangulCommon
	jHangul
	jJamo
	jBopomofo
	jHalfKana
	jPunct
)

type info struct {
	cls          cls
	sc           script
	cjk          uint8
	upper, lower bool
	slot         uint8   // Latin letters: model slot (see latinSlot)
	w            float32 // other letters: frequency weight (see letterWeight)
}

// infoCache holds classify results for U+0000..U+2FFF (every alphabetic
// script the candidates produce), so scoring does not hit the unicode
// tables for each character.
var (
	infoCache     []info
	infoCacheOnce sync.Once
)

const infoCacheLen = 0x3000

func buildInfoCache() {
	c := make([]info, infoCacheLen)
	for r := rune(0); r < infoCacheLen; r++ {
		i := classify(r)
		if i.cls == cLetter {
			if i.sc == sLatin {
				i.slot = uint8(latinSlot(r, i.upper))
			} else if i.sc != sCJK {
				i.w = float32(letterWeight(r, i, pNone))
			}
		}
		c[r] = i
	}
	infoCache = c
}

// classifyFast is classify through infoCache.
func classifyFast(r rune) info {
	if r >= 0 && r < infoCacheLen {
		return infoCache[r]
	}
	return classify(r)
}

func (i info) letter() bool { return i.cls == cLetter || i.cls == cASCII }

var asciiInfo [128]info

var (
	hanSet    bitset
	hangulSet bitset
)

type bitset []uint64

func (b bitset) has(i int) bool {
	return i >= 0 && i/64 < len(b) && b[i/64]&(1<<(uint(i)%64)) != 0
}
func (b bitset) set(i int) { b[i/64] |= 1 << (uint(i) % 64) }

func init() {
	for c := 0; c < 128; c++ {
		r := rune(c)
		switch {
		case 'a' <= r && r <= 'z':
			asciiInfo[c] = info{cls: cASCII, sc: sLatin, lower: true}
		case 'A' <= r && r <= 'Z':
			asciiInfo[c] = info{cls: cASCII, sc: sLatin, upper: true}
		default:
			asciiInfo[c] = info{cls: cNeutral}
		}
	}
	hanSet = make(bitset, (0xA000-0x4E00+63)/64)
	for _, r := range commonHan {
		hanSet.set(int(r - 0x4E00))
	}
	hangulSet = make(bitset, (0xD7A4-0xAC00+63)/64)
	for _, r := range commonHangul {
		hangulSet.set(int(r - 0xAC00))
	}
}

func classify(r rune) info {
	if r < 0x80 {
		return asciiInfo[r]
	}
	switch {
	case r < 0xA0:
		return info{cls: cInvalid} // C1 controls
	case r < 0xC0:
		switch r {
		case 0xA0:
			return info{cls: cNeutral}
		case 0xAD:
			return info{cls: cFormat}
		case 0xA1, 0xA3, 0xA5, 0xA7, 0xA9, 0xAB, 0xAE, 0xB0, 0xB7, 0xBB, 0xBF:
			return info{cls: cPunct}
		}
		return info{cls: cSymbol}
	case r == 0xD7 || r == 0xF7:
		return info{cls: cSymbol}
	case r < 0x250:
		if r == 0x192 { // ƒ
			return info{cls: cSymbol}
		}
		return caseInfo(r, sLatin)
	case r < 0x2B0:
		return info{cls: cSymbol} // IPA
	case r < 0x300:
		return info{cls: cSymbol} // spacing modifiers: ˆ ˜ ˇ ˘ ˙ ˛ ˝
	case r < 0x370:
		return info{cls: cMark}
	case r < 0x400:
		if unicode.IsLetter(r) {
			return caseInfo(r, sGreek)
		}
		return info{cls: cSymbol}
	case r < 0x530:
		if r >= 0x483 && r <= 0x489 {
			return info{cls: cMark, sc: sCyrillic}
		}
		return caseInfo(r, sCyrillic)
	case r >= 0x591 && r <= 0x5C7:
		return info{cls: cMark, sc: sHebrew}
	case r >= 0x5D0 && r <= 0x5F2:
		return info{cls: cLetter, sc: sHebrew}
	case r >= 0x600 && r < 0x700:
		return arabicInfo(r)
	case r >= 0x1E00 && r < 0x1F00:
		return caseInfo(r, sLatin)
	case r >= 0x2000 && r < 0x2070:
		return generalPunct(r)
	case r >= 0x20A0 && r < 0x20C0:
		return info{cls: cPunct} // currency
	case r == 0x2116 || r == 0x2122: // № ™
		return info{cls: cPunct}
	case r >= 0x2500 && r < 0x25A0:
		return info{cls: cInvalid} // box drawing, blocks (KOI8 mis-decodings)
	case r >= 0x3000 && r < 0x3040:
		if r == 0x3000 {
			return info{cls: cNeutral}
		}
		return info{cls: cLetter, sc: sCJK, cjk: jPunct}
	case r >= 0x3040 && r < 0x3100:
		return info{cls: cLetter, sc: sCJK, cjk: jKana}
	case r >= 0x3100 && r < 0x3130:
		return info{cls: cLetter, sc: sCJK, cjk: jBopomofo}
	case r >= 0x3130 && r < 0x3190:
		return info{cls: cLetter, sc: sCJK, cjk: jJamo}
	case r >= 0x3400 && r < 0x4DC0:
		return info{cls: cLetter, sc: sCJK, cjk: jHanRare}
	case r >= 0x4E00 && r < 0xA000:
		if hanSet.has(int(r - 0x4E00)) {
			return info{cls: cLetter, sc: sCJK, cjk: jHanCommon}
		}
		return info{cls: cLetter, sc: sCJK, cjk: jHan}
	case r >= 0xAC00 && r < 0xD7A4:
		if hangulSet.has(int(r - 0xAC00)) {
			return info{cls: cLetter, sc: sCJK, cjk: jHangulCommon}
		}
		return info{cls: cLetter, sc: sCJK, cjk: jHangul}
	case r >= 0xE000 && r < 0xF900:
		return info{cls: cInvalid} // private use
	case r >= 0xF900 && r < 0xFB00:
		return info{cls: cLetter, sc: sCJK, cjk: jHanRare}
	case r >= 0xFB50 && r < 0xFE00, r >= 0xFE70 && r < 0xFEFF:
		return info{cls: cLetter, sc: sArabic} // presentation forms
	case r >= 0xFF01 && r < 0xFF61, r >= 0xFFE0 && r < 0xFFE7:
		return info{cls: cLetter, sc: sCJK, cjk: jPunct} // full-width forms
	case r >= 0xFF61 && r < 0xFFA0:
		return info{cls: cLetter, sc: sCJK, cjk: jHalfKana}
	case r == utf8.RuneError:
		return info{cls: cInvalid}
	}
	switch {
	case unicode.IsLetter(r):
		return caseInfo(r, sOther)
	case unicode.Is(unicode.Mn, r):
		return info{cls: cMark}
	case unicode.IsDigit(r) || unicode.IsSpace(r):
		return info{cls: cNeutral}
	case unicode.IsPunct(r):
		return info{cls: cPunct}
	case unicode.IsControl(r) || !unicode.IsPrint(r):
		return info{cls: cInvalid}
	}
	return info{cls: cSymbol}
}

func caseInfo(r rune, sc script) info {
	i := info{cls: cLetter, sc: sc}
	switch {
	case unicode.IsUpper(r):
		i.upper = true
	case unicode.IsLower(r):
		i.lower = true
	}
	return i
}

func arabicInfo(r rune) info {
	switch {
	case r == 0x60C || r == 0x61B || r == 0x61F || r == 0x640 || (r >= 0x66A && r <= 0x66D) || r == 0x6D4:
		return info{cls: cPunct, sc: sArabic}
	case (r >= 0x660 && r <= 0x669) || (r >= 0x6F0 && r <= 0x6F9):
		return info{cls: cNeutral, sc: sArabic}
	case (r >= 0x610 && r <= 0x61A) || (r >= 0x64B && r <= 0x65F) || r == 0x670 || (r >= 0x6D6 && r <= 0x6ED):
		return info{cls: cMark, sc: sArabic}
	case r == 0x61C: // ARABIC LETTER MARK
		return info{cls: cFormat}
	case r < 0x620:
		return info{cls: cSymbol}
	}
	return info{cls: cLetter, sc: sArabic}
}

func generalPunct(r rune) info {
	switch {
	case r <= 0x200A || r == 0x202F || r == 0x205F || r == 0x2028 || r == 0x2029:
		return info{cls: cNeutral} // spaces
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2060 && r <= 0x2069:
		return info{cls: cFormat}
	case r >= 0x2010 && r <= 0x2027, r == 0x2030, r == 0x2032, r == 0x2033, r == 0x2039, r == 0x203A:
		return info{cls: cPunct}
	}
	return info{cls: cSymbol}
}

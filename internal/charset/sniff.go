package charset

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// The sniffer decodes a sample of the page with every candidate encoding
// and scores how much each result looks like real text. It works on the
// non-ASCII characters only (markup is ASCII in every candidate) and judges
// each one with its two neighbours:
//
//   - letter frequency: common letters of the script score high, rare ones
//     low (sniff_tables.go);
//   - script consistency: a Cyrillic or Arabic letter glued to a Latin
//     letter, or an accented Latin letter with no plain ASCII letter next to
//     it, is typical of a wrong decoding;
//   - case: "ÇáÓáÇã" (an upper-case letter after a lower-case one) is how
//     Persian looks in windows-1252 and KOI8-R looks in windows-1251;
//   - symbols and controls: ³ ± ¤ ˜ box drawing, C1 controls and U+FFFD
//     inside words are strong evidence against a decoding;
//   - for the CJK encodings: kana only count for Japanese, Hangul only for
//     Korean, and ideographs score high only if they are among the frequent
//     ones (a wrong CJK decoding produces rare ideographs).
//
// The score is the sum over non-ASCII characters, weighted by the bytes
// each one consumed, divided by the number of non-ASCII bytes, so all
// candidates are compared on the same scale (roughly -2 to 1.3 per byte).
// Ties go to the earlier candidate in the list.

const (
	maxSample     = 32 << 10 // bytes of the page looked at
	maxSampleHigh = 2 << 10  // non-ASCII bytes that are enough evidence

	// A declared encoding is kept unless the best candidate beats it by
	// more than declMargin per non-ASCII byte and by declMinEvidence in
	// total (so that a page with two accented letters keeps its label).
	declMargin      = 0.3
	declMinEvidence = 4.0
)

type decKind uint8

const (
	kSingle decKind = iota // one byte per character
	kMulti                 // CJK double-byte encodings
	kUTF8
)

// profile selects the CJK weighting.
type profile uint8

const (
	pNone profile = iota // single-byte encodings
	pJa
	pZh
	pKo
	pAny // UTF-8 and declared encodings outside the candidate list
)

type candidate struct {
	name  string
	enc   encoding.Encoding
	kind  decKind
	prof  profile
	table *[128]rune // kSingle: decoding of 0x80..0xFF
	utf8  *utf8Table // kSingle: the same, UTF-8 encoded
	langs []int      // indexes into latinModels; nil means all
	prior float64    // added to the total score (not per byte)
}

func singleByte(name string, cm *charmap.Charmap) *candidate {
	var t [128]rune
	for i := range t {
		t[i] = cm.DecodeByte(byte(0x80 + i))
	}
	return &candidate{name: name, enc: cm, kind: kSingle, table: &t, utf8: makeUTF8Table(&t)}
}

// candidates, in order of preference for ties.
var candidates = []*candidate{
	{name: "utf-8", enc: xunicode.UTF8, kind: kUTF8, prof: pAny},
	withPrior(singleByte("windows-1252", charmap.Windows1252), 0.3),
	singleByte("windows-1256", charmap.Windows1256),
	singleByte("windows-1251", charmap.Windows1251),
	singleByte("koi8-r", charmap.KOI8R),
	singleByte("iso-8859-2", charmap.ISO8859_2),
	singleByte("windows-1250", charmap.Windows1250),
	singleByte("windows-1254", charmap.Windows1254),
	{name: "gbk", enc: simplifiedchinese.GB18030, kind: kMulti, prof: pZh},
	{name: "big5", enc: traditionalchinese.Big5, kind: kMulti, prof: pZh},
	{name: "shift_jis", enc: japanese.ShiftJIS, kind: kMulti, prof: pJa},
	{name: "euc-jp", enc: japanese.EUCJP, kind: kMulti, prof: pJa},
	{name: "euc-kr", enc: korean.EUCKR, kind: kMulti, prof: pKo},
}

// withPrior gives c a small head start (a fraction of one letter) so
// that near-ties go to it. windows-1252 gets one: it is by far the most
// common legacy encoding, and a few accents that fit two Latin alphabets
// equally well are more likely Western European.
func withPrior(c *candidate, p float64) *candidate {
	c.prior = p
	return c
}

// adHoc caches single-byte candidates for declared encodings outside the
// candidate list (their byte tables are reused by convert).
var adHoc sync.Map

// candidateFor returns the candidate for a declared encoding, building an
// ad-hoc one for encodings the sniffer does not try on its own.
func candidateFor(name string, enc encoding.Encoding) *candidate {
	for _, c := range candidates {
		if c.name == name {
			return c
		}
	}
	if cm, ok := enc.(*charmap.Charmap); ok {
		if c, ok := adHoc.Load(name); ok {
			return c.(*candidate)
		}
		c, _ := adHoc.LoadOrStore(name, singleByte(name, cm))
		return c.(*candidate)
	}
	return &candidate{name: name, enc: enc, kind: kMulti, prof: pAny}
}

// The sniffer first scores a small sample (quickSampleHigh non-ASCII
// bytes) and only moves to the full sample when that is not decisive: the
// winner's lead is under quickLead, or a declared encoding is neither
// clearly fine nor clearly wrong.
const (
	quickSampleHigh = 512
	quickLead       = 0.25
)

type sniffer struct {
	body   []byte
	full   bool // the sample holds all the evidence we will look at
	sample []byte
	nHigh  int
	scores map[string]float64
	runes  []rune
	widths []int8

	bestDone    bool
	bestName    string
	bestScore   float64
	secondScore float64
}

func newSniffer(body []byte) *sniffer {
	infoCacheOnce.Do(buildInfoCache)
	s := &sniffer{body: body, scores: make(map[string]float64, len(candidates))}
	s.sample, s.nHigh = makeSample(body, quickSampleHigh)
	s.full = s.nHigh < quickSampleHigh
	s.runes = make([]rune, 0, len(s.sample))
	s.widths = make([]int8, 0, len(s.sample))
	return s
}

// upgrade switches to the full sample, forgetting the quick scores.
func (s *sniffer) upgrade() {
	if s.full {
		return
	}
	s.full = true
	s.sample, s.nHigh = makeSample(s.body, maxSampleHigh)
	clear(s.scores)
	s.bestDone = false
}

// score returns the (cached) score of decoding the sample with c.
func (s *sniffer) score(c *candidate) float64 {
	if v, ok := s.scores[c.name]; ok {
		return v
	}
	var v float64
	if s.nHigh > 0 {
		s.runes, s.widths = decodeRunes(c, s.sample, s.runes[:0], s.widths[:0])
		v = (scoreRunes(s.runes, s.widths, c) + c.prior) / float64(s.nHigh)
	}
	s.scores[c.name] = v
	return v
}

func (s *sniffer) computeBest() {
	if s.bestDone {
		return
	}
	s.bestDone = true
	s.secondScore = math.Inf(-1)
	for i, c := range candidates {
		v := s.score(c)
		switch {
		case i == 0 || v > s.bestScore:
			if i > 0 {
				s.secondScore = s.bestScore
			}
			s.bestName, s.bestScore = c.name, v
		case v > s.secondScore:
			s.secondScore = v
		}
	}
}

// best returns the name of the best-scoring candidate.
func (s *sniffer) best() string {
	s.computeBest()
	if !s.full && s.bestScore-s.secondScore < quickLead {
		s.upgrade()
		s.computeBest()
	}
	return s.bestName
}

// plausible reports whether a declared encoding decodes the sample about
// as well as the best candidate.
func (s *sniffer) plausible(name string, enc encoding.Encoding) bool {
	c := candidateFor(name, enc)
	s.computeBest()
	if !s.full {
		diff := s.bestScore - s.score(c)
		if diff <= declMargin/2 {
			return true
		}
		if diff <= 2*declMargin {
			s.upgrade()
			s.computeBest()
		} else {
			return false
		}
	}
	diff := s.bestScore - s.score(c)
	return diff <= declMargin || diff*float64(s.nHigh) < declMinEvidence
}

// makeSample returns the part of body worth scoring (at most about maxHigh
// non-ASCII bytes) and its count of non-ASCII bytes. Small pages are used whole; from large ones it collects
// the stretches around non-ASCII bytes (markup, scripts and styles are
// mostly ASCII and carry no evidence), cut at bytes that cannot be the
// second byte of a CJK character so that no character is split.
func makeSample(body []byte, maxHigh int) ([]byte, int) {
	if len(body) <= maxSample {
		if n := countHigh(body); n <= maxHigh {
			return body, n
		}
	}
	const ctx = 24 // ASCII bytes kept on each side of a non-ASCII stretch
	out := make([]byte, 0, min(len(body), maxSample+2*ctx))
	nHigh := 0
	lastEnd := 0
	full := func() bool { return len(out) >= maxSample || nHigh >= maxHigh }
	for i := 0; i < len(body) && !full(); {
		j := i
		for j < len(body) && body[j] < 0x80 {
			j++
		}
		if j == len(body) {
			break
		}
		start := j
		for start > lastEnd && j-start < ctx && !isCut(body[start-1]) {
			start--
		}
		end, lastHigh := j, j
		for end < len(body) && end-lastHigh <= ctx {
			if body[end] >= 0x80 {
				lastHigh = end
				nHigh++
				if len(out)+end-start >= maxSample || nHigh >= maxHigh {
					break
				}
			}
			end++
		}
		// End just after the first cut byte following the last non-ASCII
		// byte (or at the cap, possibly mid-character; one bad character
		// at the very end does not matter).
		for k := lastHigh + 1; k < end; k++ {
			if isCut(body[k]) {
				end = k + 1
				break
			}
		}
		if end <= lastHigh {
			end = lastHigh + 1
		}
		if start > lastEnd && len(out) > 0 {
			out = append(out, '\n')
		}
		out = append(out, body[start:end]...)
		lastEnd, i = end, end
	}
	return out, countHigh(out)
}

// isCut reports whether b can only be a character on its own in every
// candidate encoding (trail bytes of the CJK encodings are >= 0x40, or
// digits in GB18030's four-byte form).
func isCut(b byte) bool { return b < 0x40 && (b < '0' || b > '9') }

func countHigh(b []byte) int {
	n := 0
	for _, c := range b {
		if c >= 0x80 {
			n++
		}
	}
	return n
}

// decodeRunes decodes b with c. For each rune it also records in ws how
// many non-ASCII bytes of b the rune accounts for, and a negative entry
// when a multi-byte character swallowed an ASCII byte as its trail byte
// (which takes that byte away from the surrounding text).
func decodeRunes(c *candidate, b []byte, rs []rune, ws []int8) ([]rune, []int8) {
	switch c.kind {
	case kSingle:
		for _, x := range b {
			if x < 0x80 {
				rs, ws = append(rs, rune(x)), append(ws, 0)
			} else {
				rs, ws = append(rs, c.table[x-0x80]), append(ws, 1)
			}
		}
		return rs, ws
	case kUTF8:
		for i := 0; i < len(b); {
			r, n := utf8.DecodeRune(b[i:])
			w := int8(n)
			if r < 0x80 {
				w = 0
			}
			rs, ws = append(rs, r), append(ws, w)
			i += n
		}
		return rs, ws
	}
	// Multi-byte: one Transform call per character, with room for a
	// single rune, so that we know which bytes each rune came from.
	t := c.enc.NewDecoder()
	var dst [utf8.UTFMax]byte
	for i := 0; i < len(b); {
		if b[i] < 0x80 && c.name != "iso-2022-jp" {
			// At a character boundary, ASCII bytes stand for themselves.
			rs, ws = append(rs, rune(b[i])), append(ws, 0)
			i++
			continue
		}
		nDst, nSrc, err := t.Transform(dst[:], b[i:], true)
		if nSrc == 0 || (err != nil && nDst == 0) {
			rs, ws = append(rs, utf8.RuneError), append(ws, 1)
			i++
			continue
		}
		high, low := 0, 0
		for _, x := range b[i : i+nSrc] {
			if x >= 0x80 {
				high++
			} else {
				low++
			}
		}
		out := dst[:nDst]
		for _, x := range out {
			if x < 0x80 {
				low-- // an ASCII byte that came out as itself
			}
		}
		for j := 0; j < len(out); {
			r, n := utf8.DecodeRune(out[j:])
			j += n
			w := int8(0)
			if r >= 0x80 {
				w = int8(high)
				if low > 0 {
					w = -w // this character swallowed an ASCII byte
				}
				high, low = 0, 0
			}
			rs, ws = append(rs, r), append(ws, w)
		}
		i += nSrc
	}
	return rs, ws
}

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
	cyrW      [0x60]float32  // U+0400..U+045F
	arW       [0x100]float32 // U+0600..U+06FF
	hanSet    bitset
	hangulSet bitset

	// Latin letter models: latinIdx maps a lower-case letter below U+0250
	// to its slot (0 = not in any model); latinModels[l][slot] is the
	// weight of that letter in language l.
	latinIdx    [0x250]uint8
	latinSlots  int
	latinModels [][]float32
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
	initLatinModels()
	for _, g := range cyrillicWeights {
		for _, r := range g.letters {
			cyrW[r-0x400] = g.w
		}
	}
	for _, g := range arabicWeights {
		for _, r := range g.letters {
			arW[r-0x600] = g.w
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

// letterWeight is the frequency weight of a non-ASCII letter.
func letterWeight(r rune, c info, prof profile) float64 {
	var w float32 = 0.1
	switch c.sc {
	case sLatin:
		return 0 // scored per language in scoreRunes
	case sCyrillic:
		w = 0.05
		lr := r
		if c.upper {
			lr = unicode.ToLower(r)
		}
		if lr >= 0x400 && lr < 0x460 && cyrW[lr-0x400] != 0 {
			w = cyrW[lr-0x400]
		} else if lr == 0x491 { // ґ
			w = 0.3
		}
	case sArabic:
		if r >= 0x600 && r < 0x700 && arW[r-0x600] != 0 {
			w = arW[r-0x600]
		}
	case sGreek, sHebrew:
		w = 0.4
	case sOther:
		w = 0.2
	case sCJK:
		return cjkWeight(c.cjk, prof)
	}
	if c.upper {
		w *= 0.8
	}
	return float64(w)
}

func cjkWeight(j uint8, prof profile) float64 {
	switch j {
	case jPunct:
		return 0.5
	case jHalfKana:
		if prof == pJa {
			return 0.2
		}
		return 0.05
	case jKana:
		switch prof {
		case pJa:
			return 1.0
		case pAny:
			return 0.9
		}
		return 0.05
	case jHanCommon:
		switch prof {
		case pKo:
			return 0.15
		case pJa:
			return 0.9
		}
		return 1.0
	case jHan:
		switch prof {
		case pKo:
			return 0.05
		case pJa:
			return 0.4
		case pAny:
			return 0.5
		}
		return 0.35
	case jHangulCommon:
		return 1.0
	case jHangul:
		if prof == pKo || prof == pAny {
			return 0.45
		}
		return 0.1
	case jBopomofo:
		if prof == pZh {
			return 0.1
		}
		return -0.3
	case jHanRare:
		return -0.3
	}
	return 0 // jamo
}

// swallowPenalty is charged when a multi-byte character uses an ASCII
// byte as its trail byte: Latin text decoded as GBK or Shift_JIS turns
// "é" plus the next letter into one ideograph.
const swallowPenalty = 0.5

// scoreRunes sums the per-character scores of a decoded sample.
func scoreRunes(rs []rune, ws []int8, c *candidate) float64 {
	if len(rs) == 0 {
		return 0
	}
	var total float64
	hist := make([]float64, latinSlots)
	space := asciiInfo[' ']
	p, ci := space, classifyFast(rs[0])
	for i, r := range rs {
		n := space
		if i+1 < len(rs) {
			n = classifyFast(rs[i+1])
		}
		if r >= 0x80 {
			w := float64(ws[i])
			if w < 0 {
				w = -w
				total -= swallowPenalty
			}
			total += runeScore(r, ci, p, n, c.prof) * w
			if ci.cls == cLetter && ci.sc == sLatin {
				if ci.upper {
					w *= 0.8
				}
				if r < infoCacheLen {
					hist[ci.slot] += w
				} else {
					hist[latinSlot(r, ci.upper)] += w
				}
			}
		}
		p, ci = ci, n
	}
	return total + latinScore(hist, c.langs)
}

// latinSlot returns the model slot of a non-ASCII Latin letter.
func latinSlot(r rune, upper bool) int {
	if upper {
		if r == 0x130 { // İ
			r = 0x131
		} else {
			r = unicode.ToLower(r)
		}
	}
	if r < rune(len(latinIdx)) {
		return int(latinIdx[r])
	}
	return 0
}

// latinScore is the letter score of the language that fits best.
func latinScore(hist []float64, langs []int) float64 {
	any := false
	for _, h := range hist {
		if h != 0 {
			any = true
			break
		}
	}
	if !any {
		return 0
	}
	best := math.Inf(-1)
	score := func(l int) {
		var v float64
		for i, h := range hist {
			if h != 0 {
				v += h * float64(latinModels[l][i])
			}
		}
		if v > best {
			best = v
		}
	}
	if langs == nil {
		for l := range latinModels {
			score(l)
		}
	} else {
		for _, l := range langs {
			score(l)
		}
	}
	return best
}

func initLatinModels() {
	latinSlots = 1 // slot 0: letters in no model
	type lw struct {
		r rune
		w float32
	}
	parsed := make([][]lw, len(latinLangs))
	for i, lang := range latinLangs {
		for _, f := range strings.Fields(lang.letters) {
			r, size := utf8.DecodeRuneInString(f)
			w, err := strconv.ParseFloat(f[size:], 32)
			if err != nil || r >= rune(len(latinIdx)) {
				panic("charset: bad latin model entry " + f)
			}
			if latinIdx[r] == 0 {
				latinIdx[r] = uint8(latinSlots)
				latinSlots++
			}
			parsed[i] = append(parsed[i], lw{r, float32(w)})
		}
	}
	latinModels = make([][]float32, len(latinLangs))
	code := map[string]int{}
	for i, p := range parsed {
		m := make([]float32, latinSlots)
		for j := range m {
			m[j] = foreignLetterW
		}
		m[0] = unknownLatinW
		for _, e := range p {
			m[latinIdx[e.r]] = e.w
		}
		latinModels[i] = m
		code[latinLangs[i].code] = i
	}
	for _, c := range candidates {
		if codes, ok := latinLangsOf[c.name]; ok {
			for _, cc := range codes {
				c.langs = append(c.langs, code[cc])
			}
		}
	}
}

func runeScore(r rune, c, p, n info, prof profile) float64 {
	switch c.cls {
	case cInvalid:
		return -2
	case cSymbol:
		if p.letter() && n.letter() {
			return -1.5
		}
		return -1
	case cPunct:
		if p.letter() && n.letter() && !inWordPunct(r) {
			return -1
		}
		return 0.2
	case cNeutral:
		if p.letter() && n.letter() && r == 0xA0 {
			return -0.3
		}
		return 0.1
	case cFormat:
		return formatScore(r, p, n)
	case cMark:
		if p.letter() && (c.sc == sNone || c.sc == p.sc) {
			return 0.1
		}
		return -1
	}
	// Letters.
	var w float64
	switch {
	case c.sc == sLatin:
		// scored per language in scoreRunes
	case c.w != 0:
		w = float64(c.w)
	default:
		w = letterWeight(r, c, prof)
	}
	switch c.sc {
	case sLatin:
		if p.cls == cASCII || n.cls == cASCII {
			w += 0.3
		} else if (p.cls == cLetter && p.sc == sLatin) || (n.cls == cLetter && n.sc == sLatin) {
			w -= 0.4
		}
	case sCJK:
		// ASCII next to CJK is normal ("iPhone发布"), but CJK text comes in
		// runs: a lone CJK character inside an ASCII word is what an
		// accented Latin letter looks like in a CJK decoding ("l’én").
		if !(p.cls == cLetter && p.sc == sCJK) && !(n.cls == cLetter && n.sc == sCJK) {
			if p.cls == cASCII && n.cls == cASCII {
				w--
			} else if p.cls == cASCII || n.cls == cASCII {
				w -= 0.5
			}
		}
	default:
		if p.cls == cASCII || n.cls == cASCII {
			w--
		}
	}
	if foreign(c, p) || foreign(c, n) {
		w--
	}
	if c.upper && p.letter() && p.sc == c.sc {
		if p.lower {
			w-- // "aB" inside a word
		} else if p.upper {
			w -= 0.15 // all capitals: fine in headlines, rare in text
		}
	}
	if c.lower && n.cls == cASCII && n.upper {
		w--
	}
	return w
}

// foreign reports whether neighbour x is a letter of a different script.
func foreign(c, x info) bool {
	return x.cls == cLetter && x.sc != c.sc
}

func inWordPunct(r rune) bool {
	switch r {
	case 0x2019, 0xB7, 0x2010, 0x2011, 0x2013: // ’ · ‐ ‑ –
		return true
	}
	return false
}

func formatScore(r rune, p, n info) float64 {
	switch r {
	case 0x200C: // ZWNJ: Persian writes it between letters of a word
		if p.sc == sArabic && n.sc == sArabic && p.cls == cLetter && n.cls == cLetter {
			return 0.8
		}
		if p.cls == cLetter && n.cls == cLetter {
			return 0.1
		}
		return -0.5
	case 0x200D: // ZWJ
		if p.cls == cLetter && n.cls == cLetter && p.sc == n.sc {
			return 0.3
		}
		return -0.3
	case 0xAD: // soft hyphen: only inside words
		if p.letter() && n.letter() {
			return 0
		}
		return -0.5
	}
	// LRM, RLM, ALM, embeddings: used around punctuation and digits in
	// right-to-left text, not inside words.
	if p.letter() && n.letter() {
		return -0.5
	}
	return 0
}

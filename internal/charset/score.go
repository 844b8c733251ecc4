package charset

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	cyrW [0x60]float32  // U+0400..U+045F
	arW  [0x100]float32 // U+0600..U+06FF

	// Latin letter models: latinIdx maps a lower-case letter below U+0250
	// to its slot (0 = not in any model); latinModels[l][slot] is the
	// weight of that letter in language l.
	latinIdx    [0x250]uint8
	latinSlots  int
	latinModels [][]float32
)

func init() {
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

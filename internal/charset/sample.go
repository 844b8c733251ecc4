package charset

import "unicode/utf8"

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

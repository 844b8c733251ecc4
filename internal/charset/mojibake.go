package charset

import (
	"bytes"
	"unicode/utf8"
)

// This file repairs mojibake that a page carries in its own bytes: text
// that was UTF-8, was read as windows-1252 (or Latin-1) by the site's
// software and was written out as UTF-8 again, so that "That’s" reaches
// the reader as "Thatâ€™s" and "2024" + NBSP as "2024Â" + NBSP. Decode cannot see
// this, since the bytes are valid UTF-8 and declared so; the fix is to
// map each character of such a run back to the byte it was read from and
// decode those bytes as UTF-8.

// RepairMojibake returns b with its double-encoded runs decoded, and
// whether it changed anything. b is valid UTF-8 (Decode's output).
//
// A run is a character that, read as a windows-1252 byte, starts a UTF-8
// sequence (Â-ô) followed by the characters of the continuation bytes it
// asks for (U+0080-U+00BF, or windows-1252's characters of the bytes
// 0x80-0x9F such as € and ™), and decodes to a valid UTF-8 character.
// Runs happen in real text too ("é" + NBSP + "–" is one), so a page is
// repaired only when it shows that it is double-encoded:
//   - one run holding a C1 control character (U+0080-U+009F), the
//     Latin-1 reading of a byte, which no text means;
//   - or one run of "â" that decodes to punctuation ("â€™" → "’",
//     "â€”" → "—", "â„¢" → "™"), the windows-1252 reading of the
//     characters that nearly every double-encoded page has: no language
//     writes "â€";
//   - or three two-character runs that start with Â or Ã ("Ã©" → "é",
//     "Â" + NBSP → NBSP), the reading of Latin-1's letters and signs.
//
// Then every run is repaired but those a page's real text is likelier
// to hold: a long run with an NBSP among its continuations, and a
// two-character run that decodes to anything but Latin-1 or a letter of
// the scripts whose UTF-8 has two bytes (Latin, Greek, Cyrillic, Hebrew,
// Arabic), such as "ß“". A page with nothing to repair is returned as it
// is, without a copy.
func RepairMojibake(b []byte) ([]byte, bool) {
	// Each round undoes one layer of text double-encoded twice or more
	// over, and leaves b shorter: the loop ends.
	changed := false
	for {
		if !hasMojibake(b) {
			break
		}
		out, ok := repairOnce(b)
		if !ok {
			break
		}
		b, changed = out, true
	}
	return b, changed
}

// run is what mojibakeRun reads.
type run struct {
	n     int  // length in the page; 0: no run
	r     rune // the character it decodes to
	chars int  // characters: the lead and its continuations
	c1    bool // a continuation is a C1 control character
	nbsp  bool // a continuation is U+00A0
	lead  rune
}

// sign reports whether the run shows, alone or with a few others, that
// the page is double-encoded (see RepairMojibake): 1 for a sure sign, 3
// for a two-character run that starts with Â or Ã (three are needed), 0
// for none.
func (u run) sign() int {
	switch {
	case u.n == 0:
		return 0
	case u.c1:
		return 1
	case u.lead == 0xE2 && !u.nbsp && u.r >= 0x2000 && u.r <= 0x214F:
		return 1
	case u.chars == 2 && (u.lead == 0xC2 || u.lead == 0xC3):
		return 3
	}
	return 0
}

// repairs reports whether a page known to be double-encoded has the run
// repaired.
func (u run) repairs() bool {
	switch {
	case u.n == 0:
		return false
	case u.c1:
		return true
	case u.chars > 2:
		return !u.nbsp
	}
	return twoByteLetter(u.r)
}

// hasMojibake reports whether b shows that it is double-encoded (see
// RepairMojibake). Every run starts with a character in U+00C2-U+00F4,
// whose UTF-8 starts with the byte 0xC3, so only those bytes need a look.
func hasMojibake(b []byte) bool {
	var seen [4]int
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], 0xC3)
		if j < 0 {
			return false
		}
		i += j
		u := mojibakeRun(b[i:])
		if k := u.sign(); k > 0 {
			if seen[k]++; seen[k] == k {
				return true
			}
		}
		i += max(u.n, 1)
	}
}

// repairOnce decodes the runs of b that run.repairs accepts.
func repairOnce(b []byte) ([]byte, bool) {
	var out []byte
	last := 0 // b[:last] is in out
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], 0xC3)
		if j < 0 {
			break
		}
		i += j
		u := mojibakeRun(b[i:])
		if !u.repairs() {
			i++
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(b))
		}
		out = append(out, b[last:i]...)
		out = utf8.AppendRune(out, u.r)
		i += u.n
		last = i
	}
	if out == nil {
		return b, false
	}
	return append(out, b[last:]...), true
}

// mojibakeRun reads the run at the start of b, if there is one (n 0 when
// there is none).
func mojibakeRun(b []byte) run {
	// The quick no for real text, in which a letter such as "é" is
	// followed by ASCII or another letter: a run's second character is
	// U+0080-U+00BF (0xC2 ...), a windows-1252 character (0xC5, 0xC6,
	// 0xCB, 0xE2 ...) or U+FFFD (0xEF ...).
	if len(b) < 4 {
		return run{}
	}
	switch b[2] {
	case 0xC2, 0xC5, 0xC6, 0xCB, 0xE2, 0xEF:
	default:
		return run{}
	}
	lead, size := utf8.DecodeRune(b)
	if lead < 0xC2 || lead > 0xF4 {
		return run{}
	}
	u := run{lead: lead, n: size, chars: 2}
	if lead >= 0xF0 {
		u.chars = 4
	} else if lead >= 0xE0 {
		u.chars = 3
	}
	var seq [4]byte
	seq[0] = byte(lead)
	for k := 1; k < u.chars; k++ {
		cr, cs := utf8.DecodeRune(b[u.n:])
		cb, ok := continuationByte(cr)
		if !ok && cr == utf8.RuneError && cs == 3 && lead == 0xE2 && k == 2 && seq[1] == 0x80 {
			// "â€�": a decoder that has no character for windows-1252's
			// 0x9D wrote U+FFFD for it. Of the bytes it leaves out
			// (0x81, 0x8D, 0x8F, 0x90, 0x9D), this is the one text
			// needs: E2 80 9D is the closing quote ”.
			cb, ok = 0x9D, true
		}
		if !ok {
			return run{}
		}
		u.c1 = u.c1 || cr < 0xA0
		u.nbsp = u.nbsp || cr == 0xA0
		seq[k] = cb
		u.n += cs
	}
	r, rs := utf8.DecodeRune(seq[:u.chars])
	if rs != u.chars {
		return run{} // overlong, a surrogate or past U+10FFFF
	}
	u.r = r
	return u
}

// twoByteLetter reports whether r, the decoding of a two-character run,
// is a character of Latin-1 or a letter of the scripts whose UTF-8 has
// two bytes that double-encoded pages show: Latin Extended, Greek,
// Cyrillic, Hebrew, Arabic. Not NKo or Syriac ("ß“" would be one).
func twoByteLetter(r rune) bool {
	return r >= 0x80 && r <= 0x24F || r >= 0x370 && r <= 0x52F || r >= 0x590 && r <= 0x6FF
}

// continuationByte maps a character back to the continuation byte
// (0x80-0xBF) it was read from: U+0080-U+00BF stand for themselves (a
// Latin-1 reading, or windows-1252's five unassigned bytes, which
// browsers map to the C1 controls), and windows-1252's characters of
// 0x80-0x9F for theirs.
func continuationByte(r rune) (byte, bool) {
	switch {
	case r < 0x80:
		return 0, false
	case r <= 0xBF:
		return byte(r), true
	case r < 0x152:
		return 0, false
	}
	for i, w := range cp1252High {
		if w == r {
			return byte(0x80 + i), true
		}
	}
	return 0, false
}

// cp1252High is windows-1252's reading of the bytes 0x80-0x9F (0 where
// it assigns none).
var cp1252High = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

package charset

import (
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// A page declared UTF-8 that is not valid UTF-8 is either in another
// encoding (a server default left at UTF-8), or UTF-8 with a few bad bytes
// (a truncated sequence, a stray byte pasted into a headline). Re-detecting
// the second kind turns every good multi-byte character of the page into
// mojibake to "explain" a few bytes, so it keeps UTF-8 (the bad bytes
// become U+FFFD):
//
//   - when the page has at least as many valid multi-byte characters as
//     bytes that are not UTF-8. Legacy text has far fewer: on the fixtures
//     of this package, at most one for every 2.8 bad bytes (EUC-JP), and
//     none in single-byte encodings;
//   - when it has few bad bytes (maxStrayBytes) and the best other reading
//     of them is no word: CJK (a real CJK page has far more), or letters of
//     another script than the Latin letters they stand between, or not
//     letters at all. A Latin-1 "caf\xe9" declared UTF-8 still reads "café".
const maxStrayBytes = 32

// mostlyUTF8 reports whether the body, declared UTF-8, is UTF-8 with a
// few bad bytes (see above).
func (d *detector) mostlyUTF8() bool {
	valid, bad := 0, 0
	for b := d.body; len(b) > 0; {
		if b[0] < utf8.RuneSelf {
			b = b[1:]
			continue
		}
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			bad++
		} else {
			valid++
		}
		b = b[n:]
	}
	if valid >= bad {
		return true
	}
	if bad > maxStrayBytes {
		return false
	}
	enc, _, ok := lookup(d.getSniffer().best())
	cm, single := enc.(*charmap.Charmap)
	if !ok || !single {
		return true // a multi-byte reading of a few bytes: no CJK page
	}
	return !strayBytesAreWords(d.body, cm)
}

// strayBytesAreWords reports whether every run of bytes that are not
// UTF-8 reads, in the single-byte encoding cm, as letters of one script
// that fit the ASCII letters around them (Latin, or no letter beside).
func strayBytesAreWords(body []byte, cm *charmap.Charmap) bool {
	for i := 0; i < len(body); {
		if body[i] < utf8.RuneSelf {
			i++
			continue
		}
		if r, n := utf8.DecodeRune(body[i:]); r != utf8.RuneError || n > 1 {
			i += n
			continue
		}
		j := i
		for j < len(body) && body[j] >= utf8.RuneSelf {
			if r, n := utf8.DecodeRune(body[j:]); r != utf8.RuneError || n > 1 {
				break
			}
			j++
		}
		sc := sNone
		for _, c := range body[i:j] {
			inf := classify(cm.DecodeByte(c))
			if inf.cls != cLetter || sc != sNone && inf.sc != sc {
				return false
			}
			sc = inf.sc
		}
		beside := i > 0 && isASCIILetter(body[i-1]) || j < len(body) && isASCIILetter(body[j])
		if beside && sc != sLatin {
			return false
		}
		i = j
	}
	return true
}

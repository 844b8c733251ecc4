package charset

import (
	"encoding/binary"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// convert decodes body (with any BOM already removed by the caller, or a
// BOM that belongs to a different encoding, which is then kept as data) from
// enc to UTF-8. The result never contains invalid UTF-8, and a leading
// U+FEFF is dropped. For UTF-8 that is already valid, and for pure-ASCII
// input in an ASCII-compatible encoding, the result aliases body.
func convert(body []byte, enc encoding.Encoding, name string) ([]byte, error) {
	if name == "utf-8" {
		body = trimUTF8BOM(body)
		if utf8.Valid(body) {
			return body, nil
		}
		return toValidUTF8(body), nil
	}
	if asciiCompatible(name) && isASCII(body) {
		return body, nil
	}
	if cm, ok := enc.(*charmap.Charmap); ok {
		return decodeSingle(body, candidateFor(name, cm).utf8), nil
	}
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		// x/text decoders substitute U+FFFD rather than fail, so this is
		// not expected; still hand back something usable.
		return toValidUTF8(body), err
	}
	out = trimUTF8BOM(out)
	if !utf8.Valid(out) {
		out = toValidUTF8(out)
	}
	return out, nil
}

// decodeSingle decodes a single-byte encoding through its table of
// pre-encoded UTF-8 sequences into an exactly sized buffer. The tables come
// from x/text's charmaps, whose unmapped bytes decode to U+FFFD, so the
// output is valid UTF-8.
func decodeSingle(body []byte, t *utf8Table) []byte {
	n := len(body)
	for _, c := range body {
		if c >= 0x80 {
			n += int(t[c-0x80].n) - 1
		}
	}
	out := make([]byte, n)
	j := 0
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c < 0x80 {
			out[j] = c
			j++
			continue
		}
		// Bytes >= 0x80 decode to U+0080 or above: 2 or 3 UTF-8 bytes.
		e := &t[c-0x80]
		out[j], out[j+1] = e.b[0], e.b[1]
		if e.n == 3 {
			out[j+2] = e.b[2]
		}
		j += int(e.n)
	}
	return out
}

// utf8Table holds the UTF-8 encoding of a single-byte charset's upper half.
type utf8Table [128]struct {
	b [utf8.UTFMax]byte
	n uint8
}

func makeUTF8Table(runes *[128]rune) *utf8Table {
	var t utf8Table
	for i, r := range runes {
		if r < 0x80 || r > 0xFFFF || !utf8.ValidRune(r) {
			r = utf8.RuneError // keep the 2-3 byte invariant decodeSingle relies on
		}
		t[i].n = uint8(utf8.EncodeRune(t[i].b[:], r))
	}
	return &t
}

// asciiCompatible reports whether bytes 0x00-0x7F mean ASCII in the
// encoding, so that pure-ASCII input needs no conversion.
func asciiCompatible(name string) bool {
	switch name {
	case "utf-16le", "utf-16be", "iso-2022-jp":
		return false
	}
	return true
}

func trimUTF8BOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

// isASCII reports whether b has no byte >= 0x80, eight bytes at a time.
func isASCII(b []byte) bool {
	for len(b) >= 16 {
		if (binary.LittleEndian.Uint64(b)|binary.LittleEndian.Uint64(b[8:]))&0x8080808080808080 != 0 {
			return false
		}
		b = b[16:]
	}
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// toValidUTF8 copies b, replacing each byte that does not start a valid
// UTF-8 sequence with U+FFFD (one replacement per bad byte, so truncated
// sequences stay visible, close to what browsers do).
func toValidUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			out = append(out, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			out = append(out, "\uFFFD"...)
			i++
			continue
		}
		out = append(out, b[i:i+size]...)
		i += size
	}
	return out
}

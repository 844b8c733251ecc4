package charset

import (
	"bytes"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// Sources reported by DecodeWithSource.
const (
	SourceOverride = "override" // the per-site forced charset
	SourceHeader   = "header"   // charset parameter of the HTTP Content-Type
	SourceBOM      = "bom"      // byte order mark
	SourceMeta     = "meta"     // <meta charset>, <meta http-equiv>, or <?xml encoding?>
	SourceSniff    = "sniff"    // byte statistics (also: a declaration that the bytes contradict)
	SourceDefault  = "default"  // nothing to go on: pure ASCII (or empty) and no declaration
)

// Decode returns body converted to UTF-8 and the name of the encoding used
// (lower-case WHATWG name, e.g. "utf-8", "windows-1256", "shift_jis").
// contentType is the HTTP Content-Type header value ("" if none); override
// is a per-site forced charset ("" if none).
//
// See DecodeWithSource for the decision order. The result never contains
// invalid UTF-8 and never starts with a BOM. When body is already valid
// UTF-8 (or pure ASCII), the result is a sub-slice of body, not a copy;
// callers that modify the result in place must copy it first.
func Decode(body []byte, contentType, override string) ([]byte, string, error) {
	out, name, _, err := DecodeWithSource(body, contentType, override)
	return out, name, err
}

// DecodeWithSource is Decode that also reports which step decided: "override",
// "header", "bom", "meta", "sniff" or "default".
//
// Order:
//  1. override, if it is a known label. It is trusted blindly (only a BOM of
//     the same encoding is removed).
//  2. the charset parameter of contentType. A BOM that names a different
//     encoding beats the header, as in browsers.
//  3. a BOM.
//  4. the first known label in an <?xml encoding?> declaration or a
//     <meta charset> / <meta http-equiv="Content-Type"> tag in the first
//     4 KiB (unknown labels are skipped).
//  5. sniffing by byte statistics (see sniff.go).
//  6. "utf-8" when the body is pure ASCII and nothing was declared.
//
// Declarations in steps 2 and 4 are checked against the bytes and skipped
// (falling through to the next step) when they are clearly wrong:
//   - a page declared UTF-8 that is not (mostly) valid UTF-8 is re-detected;
//     one that is UTF-8 with a few bad bytes stays UTF-8, the bad bytes
//     replaced by U+FFFD (mostly.go);
//   - a page declared in a legacy encoding whose bytes are valid UTF-8 with
//     non-ASCII content is taken as UTF-8 (source "sniff");
//   - a page declared in a legacy encoding whose decoding scores much worse
//     than the best sniffed candidate is re-detected.
//
// err is non-nil only if a decoder fails internally, which the
// golang.org/x/text decoders do not do; out is still valid UTF-8 then.
func DecodeWithSource(body []byte, contentType, override string) (out []byte, name string, source string, err error) {
	if enc, n, ok := lookup(override); ok {
		out, err = convert(stripOwnBOM(body, n), enc, n)
		return out, n, SourceOverride, err
	}

	d := &detector{body: body}
	bomName, bomLen := detectBOM(body)

	if label := charsetParam(contentType); label != "" {
		if enc, n, ok := lookup(label); ok {
			if bomLen > 0 && n != bomName {
				return d.finish(bomName, SourceBOM)
			}
			if r, ok := d.declared(enc, n, SourceHeader); ok {
				return r.out, r.name, r.source, r.err
			}
		}
	}
	if bomLen > 0 {
		return d.finish(bomName, SourceBOM)
	}
	if label := prescan(body); label != "" {
		if enc, n, ok := lookup(label); ok {
			if r, ok := d.declared(enc, n, SourceMeta); ok {
				return r.out, r.name, r.source, r.err
			}
		}
	}
	n, src := d.sniff()
	return d.finish(n, src)
}

type result struct {
	out    []byte
	name   string
	source string
	err    error
}

// detector caches facts about body that several steps need.
type detector struct {
	body []byte

	checked bool
	ascii   bool // no byte >= 0x80
	valid   bool // valid UTF-8

	sniffer *sniffer // lazily built
}

func (d *detector) check() {
	if d.checked {
		return
	}
	d.checked = true
	d.ascii = isASCII(d.body)
	d.valid = d.ascii || utf8.Valid(d.body)
}

func (d *detector) getSniffer() *sniffer {
	if d.sniffer == nil {
		d.sniffer = newSniffer(d.body)
	}
	return d.sniffer
}

// declared decides whether a declared encoding (from the header or a meta
// tag) is believable. ok=false means "ignore it and try the next source".
func (d *detector) declared(enc encoding.Encoding, name, source string) (result, bool) {
	d.check()
	switch name {
	case "utf-16le", "utf-16be":
		if source == SourceMeta {
			// A meta tag that could be read as ASCII cannot be UTF-16;
			// the HTML standard says to use UTF-8 then.
			return d.declared(unicode.UTF8, "utf-8", source)
		}
		if d.looksUTF16() {
			return d.result(name, source), true
		}
		return result{}, false
	case "utf-8":
		if d.valid || d.mostlyUTF8() {
			return d.result(name, source), true
		}
		if s := d.getSniffer(); s.plausible("utf-8", unicode.UTF8) {
			return d.result(name, source), true
		}
		return result{}, false
	}
	if d.ascii {
		return d.result(name, source), true
	}
	if d.valid {
		// Legacy label, but the bytes are valid UTF-8 with non-ASCII
		// content: real legacy text practically never is.
		return d.result("utf-8", SourceSniff), true
	}
	if s := d.getSniffer(); s.plausible(name, enc) {
		return d.result(name, source), true
	}
	return result{}, false
}

// looksUTF16 is a sanity check for a header that claims UTF-16: HTML in
// UTF-16 is full of zero bytes (the high halves of ASCII characters).
func (d *detector) looksUTF16() bool {
	b := d.body
	if len(b) > 4096 {
		b = b[:4096]
	}
	return len(b) < 4 || bytes.IndexByte(b, 0) >= 0
}

func (d *detector) result(name, source string) result {
	out, n, src, err := d.finish(name, source)
	return result{out, n, src, err}
}

// finish converts body from the named encoding.
func (d *detector) finish(name, source string) ([]byte, string, string, error) {
	if name == "utf-8" && d.checked && d.valid {
		return trimUTF8BOM(d.body), name, source, nil // already validated
	}
	enc, n, ok := lookup(name)
	if !ok { // cannot happen: names come from lookup or the candidate list
		enc, n = unicode.UTF8, "utf-8"
	}
	out, err := convert(stripOwnBOM(d.body, n), enc, n)
	return out, n, source, err
}

// sniff picks an encoding from the bytes alone.
func (d *detector) sniff() (name, source string) {
	if n := sniffUTF16(d.body); n != "" {
		return n, SourceSniff
	}
	d.check()
	if d.ascii {
		if looksISO2022JP(d.body) {
			return "iso-2022-jp", SourceSniff
		}
		return "utf-8", SourceDefault
	}
	if d.valid {
		return "utf-8", SourceSniff
	}
	return d.getSniffer().best(), SourceSniff
}

// stripOwnBOM removes a BOM that belongs to the encoding name.
func stripOwnBOM(b []byte, name string) []byte {
	if bn, n := detectBOM(b); n > 0 && bn == name {
		return b[n:]
	}
	return b
}

// looksISO2022JP reports whether 7-bit data contains ISO-2022-JP escape
// sequences (ESC $ B, ESC $ @, ESC ( J ...).
func looksISO2022JP(b []byte) bool {
	if len(b) > 64<<10 {
		b = b[:64<<10]
	}
	for {
		i := bytes.IndexByte(b, 0x1B)
		if i < 0 || i+2 >= len(b) {
			return false
		}
		if (b[i+1] == '$' && (b[i+2] == 'B' || b[i+2] == '@')) || (b[i+1] == '(' && b[i+2] == 'J') {
			return true
		}
		b = b[i+1:]
	}
}

// sniffUTF16 recognises BOM-less UTF-16 by its zero bytes: in HTML most
// characters are ASCII, so every other byte is zero.
func sniffUTF16(b []byte) string {
	if len(b) > 2048 {
		b = b[:2048]
	}
	if len(b) < 16 {
		return ""
	}
	var even, odd int
	for i := 0; i+1 < len(b); i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	pairs := len(b) / 2
	switch {
	case odd*10 >= pairs*4 && even*10 < pairs:
		return "utf-16le"
	case even*10 >= pairs*4 && odd*10 < pairs:
		return "utf-16be"
	}
	return ""
}

package charset

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

var validSources = map[string]bool{
	SourceOverride: true, SourceHeader: true, SourceBOM: true,
	SourceMeta: true, SourceSniff: true, SourceDefault: true,
}

// FuzzDecode checks that Decode never panics, always returns valid UTF-8
// without a leading BOM, reports a name that Valid accepts and a known
// source, is deterministic, and never modifies its input.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 600 {
			b = b[:600] // keep the seed corpus quick to mutate
		}
		f.Add(b, "", "")
		f.Add(b, "text/html; charset=utf-8", "")
	}
	f.Add([]byte("\xEF\xBB\xBF<p>x</p>"), "text/html; charset=windows-1252", "")
	f.Add([]byte("\xFF\xFE<\x00p\x00>\x00"), "", "")
	f.Add([]byte("\xFE\xFF\x00<"), "text/html; charset=utf-16be", "")
	f.Add([]byte(`<?xml version="1.0" encoding="gbk"?><a>\xD6\xD0</a>`), "", "")
	f.Add([]byte("<meta charset=\"koi8-r\"><p>\xF0\xD2\xC9\xD7\xC5\xD4</p>"), "", "")
	f.Add([]byte("\x1B$B$3$s$K$A$O\x1B(B"), "", "")
	f.Add([]byte("\x81\x40\x82\xA0\xE0"), "", "shift_jis")
	f.Add([]byte("\xC3\x28\xA0\xA1\xE2\x82"), "text/html; charset=utf-8", "")
	f.Add([]byte{}, "", "")
	f.Fuzz(func(t *testing.T, body []byte, contentType, override string) {
		orig := bytes.Clone(body)
		out, name, source, err := DecodeWithSource(body, contentType, override)
		if err != nil {
			t.Fatalf("err = %v", err)
		}
		if !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 out (name %s, source %s)", name, source)
		}
		if bytes.HasPrefix(out, []byte("\uFEFF")) {
			t.Fatalf("output starts with a BOM (name %s, source %s)", name, source)
		}
		if !Valid(name) {
			t.Fatalf("reported name %q is not Valid", name)
		}
		if !validSources[source] {
			t.Fatalf("unknown source %q", source)
		}
		if !bytes.Equal(body, orig) {
			t.Fatalf("input modified")
		}
		out2, name2, source2, _ := DecodeWithSource(body, contentType, override)
		if !bytes.Equal(out, out2) || name != name2 || source != source2 {
			t.Fatalf("not deterministic: %s/%s vs %s/%s", name, source, name2, source2)
		}
	})
}

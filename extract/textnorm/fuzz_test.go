package textnorm

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzClean checks Clean's contract on arbitrary input: idempotent, valid
// UTF-8, NFC, trimmed, no doubled or non-plain spaces, no removed
// characters left, and (with Persian) no Arabic yeh or kaf.
func FuzzClean(f *testing.F) {
	for _, s := range []string{
		"", "Hello", "  a \t b  ", "Tom &amp; Jerry", "&amp;amp;lt;", "&am&#8203;p;", "&l&#116;;",
		"می\u200Cخواهم", "كتاب علي", "e\u200B\u0301", "\u064A\u0654", "a\xffb", "\uFEFF\u200F\u202B",
		"&#x202B;&#160;&#0;", "&amp\u037E", "&#59;&semi;&notit;", "東京\u3000大阪", "\u212B\u1112\u1161",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, persian bool) {
		o := Options{Persian: persian}
		out := Clean(s, o)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8: %+q", out)
		}
		if again := Clean(out, o); again != out {
			t.Fatalf("not idempotent:\n in   %+q\n once %+q\n twice %+q", s, out, again)
		}
		if !norm.NFC.IsNormalString(out) {
			t.Fatalf("not NFC: %+q", out)
		}
		if strings.HasPrefix(out, " ") || strings.HasSuffix(out, " ") || strings.Contains(out, "  ") {
			t.Fatalf("untrimmed or doubled spaces: %+q", out)
		}
		for _, r := range out {
			if r != ' ' && isSpace(r) {
				t.Fatalf("non-plain space %U in %+q", r, out)
			}
			if invisible(r) {
				t.Fatalf("invisible %U left in %+q", r, out)
			}
			if persian && (r == 'ي' || r == 'ك') {
				t.Fatalf("Persian output has %U: %+q", r, out)
			}
		}
	})
}

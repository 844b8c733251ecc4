package charset

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// misread is what a site's software makes of UTF-8 text s when it reads
// the bytes as windows-1252 (latin1 false: the WHATWG decoder, which
// maps its five unassigned bytes to C1 controls) or Latin-1 (latin1
// true) and writes the characters out as UTF-8 again.
func misread(t testing.TB, s string, latin1 bool) string {
	t.Helper()
	if latin1 {
		var b strings.Builder
		for i := 0; i < len(s); i++ {
			b.WriteRune(rune(s[i]))
		}
		return b.String()
	}
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRepairMojibake(t *testing.T) {
	const article = "That’s not budgeting—it’s crisis financing. “Quoted” … 2024\u00a0costs €62, café, naïve, Ünal."
	cases := []struct {
		name, in, want string
	}{
		{"windows-1252 reading", misread(t, article, false), article},
		{"Latin-1 reading (C1 controls)", misread(t, article, true), article},
		{"read twice over", misread(t, misread(t, article, false), false), article},
		{"one apostrophe is enough", "It" + misread(t, "’", false) + "s here.", "It’s here."},
		{"one C1 run is enough", "debt" + misread(t, "—", true) + "nearly", "debt—nearly"},
		{"three Latin-1 letters", misread(t, "été à Orléans, déjà", false), "été à Orléans, déjà"},
		{"mixed page: the real text stays", "Straße „Fuß“ and " + misread(t, "it’s", false), "Straße „Fuß“ and it’s"},
		{"real text with NBSP stays", "těžké\u00a0– s " + misread(t, "it’s", false), "těžké\u00a0– s it’s"},
		{"Persian and CJK mojibake", misread(t, "’ خبر 中文", false), "’ خبر 中文"},
	}
	for _, c := range cases {
		out, changed := RepairMojibake([]byte(c.in))
		if string(out) != c.want {
			t.Errorf("%s: RepairMojibake(%q) = %q, want %q", c.name, c.in, out, c.want)
		}
		if !changed {
			t.Errorf("%s: changed = false", c.name)
		}
	}
}

// TestRepairMojibakeLeavesRealText: text that holds runs, but no sign
// that the page is double-encoded, is returned as it is, the very slice.
func TestRepairMojibakeLeavesRealText(t *testing.T) {
	for _, in := range []string{
		"",
		"plain ASCII <p class=\"x\">text</p>",
		"SÃO PAULO — NÃO", // Portuguese capitals
		"Ã© and Ã¨ twice", // two Latin-1 runs are not enough
		"těžké\u00a0– s mé\u00a0– and more", // é + NBSP + – decodes, but is Czech
		"“Café”… et «\u00a0Â\u00a0»",        // é + ” + … decodes to a CJK letter
		"Straße „Fuß“, Ö°C, Æ€",             // German, a degree sign
		"Persian: خبرگزاری، Chinese: 中文新闻，Greek: Ελληνικά",
		"ï¿½ alone", // U+FFFD read as windows-1252, no sign
	} {
		b := []byte(in)
		out, changed := RepairMojibake(b)
		if changed || string(out) != in {
			t.Errorf("RepairMojibake(%q) = %q, %v; want it unchanged", in, out, changed)
		}
		if len(b) > 0 && &out[0] != &b[0] {
			t.Errorf("RepairMojibake(%q) copied its input", in)
		}
	}
}

// FuzzRepairMojibake: valid UTF-8 in, valid UTF-8 out; ASCII bytes are
// never touched (markup stays as it is); the input is not modified; the
// result is repaired all the way (a second call changes nothing); and
// the misreading of any text is repaired back to it.
func FuzzRepairMojibake(f *testing.F) {
	f.Add("Thatâ€™s â€” fine", "it’s")
	f.Add("debt\u00e2\u0080\u0094nearly", "—")
	f.Add("Ã©tÃ© Ã  OrlÃ©ans", "été")
	f.Add("těžké\u00a0– s", "中文")
	f.Fuzz(func(t *testing.T, page, text string) {
		if !utf8.ValidString(page) {
			return
		}
		in := []byte(page)
		keep := bytes.Clone(in)
		out, changed := RepairMojibake(in)
		if !bytes.Equal(in, keep) {
			t.Fatal("input modified")
		}
		if !utf8.Valid(out) {
			t.Fatalf("invalid UTF-8 from %q: %q", page, out)
		}
		if !changed && !bytes.Equal(out, in) {
			t.Fatalf("changed = false but %q became %q", page, out)
		}
		if ascii := func(b []byte) []byte {
			return bytes.Map(func(r rune) rune {
				if r < utf8.RuneSelf {
					return r
				}
				return -1
			}, b)
		}; !bytes.Equal(ascii(out), ascii(in)) {
			t.Fatalf("ASCII changed: %q became %q", page, out)
		}
		if again, ch := RepairMojibake(out); ch || !bytes.Equal(again, out) {
			t.Fatalf("not repaired all the way: %q -> %q -> %q", page, out, again)
		}
		// A text that holds the punctuation every double-encoded page
		// has, misread, comes back whole, but for the characters that
		// RepairMojibake leaves alone by design (see repairable).
		if !utf8.ValidString(text) || !repairable(text) {
			return
		}
		text += " it’s"
		for _, latin1 := range []bool{false, true} {
			bad := misread(t, text, latin1)
			if strings.ContainsRune(bad, utf8.RuneError) && !strings.ContainsRune(text, utf8.RuneError) {
				continue // windows-1252 has no character for a byte of text: lost
			}
			if got, _ := RepairMojibake([]byte(bad)); string(got) != text && !mojibakeLike(text) {
				t.Fatalf("misread(%q, latin1=%v) = %q repaired to %q", text, latin1, bad, got)
			}
		}
	})
}

// mojibakeLike reports whether text itself holds runs of non-ASCII
// characters that read as windows-1252 text (such text, misread and
// repaired, may lose a layer too many).
func mojibakeLike(text string) bool {
	b := []byte(text)
	for i := range b {
		if u := mojibakeRun(b[i:]); u.n > 0 {
			return true
		}
	}
	return false
}

// repairable reports whether RepairMojibake is meant to bring every
// character of text back from its misreading: ASCII, Latin-1 and the
// letters of twoByteLetter, and the characters of three and four bytes
// none of which is 0xA0 (read as an NBSP, which such a run must not
// hold).
func repairable(text string) bool {
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf:
		case r < 0x800:
			if !twoByteLetter(r) {
				return false
			}
		default:
			if bytes.IndexByte(utf8.AppendRune(nil, r), 0xA0) >= 0 {
				return false
			}
		}
	}
	return true
}

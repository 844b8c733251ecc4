package charset

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
)

// wordsFor returns the words a correct decoding of text must contain, in
// the spelling the fixture's encoding can carry.
func wordsFor(text string, windows1256 bool) []string {
	t := texts[text]
	out := make([]string, len(t.expectWords))
	for i, w := range t.expectWords {
		if windows1256 && t.windows1256Y {
			w = strings.ReplaceAll(w, "ی", "ي")
		}
		out[i] = w
	}
	return out
}

// checkOutput asserts the invariants every Decode result must satisfy and
// that the expected words are present.
func checkOutput(t *testing.T, out []byte, words []string, allowFFFD bool) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Fatalf("output is not valid UTF-8")
	}
	if bytes.HasPrefix(out, []byte("\uFEFF")) {
		t.Errorf("output starts with a BOM")
	}
	if !allowFFFD && bytes.ContainsRune(out, utf8.RuneError) {
		i := bytes.IndexRune(out, utf8.RuneError)
		t.Errorf("output contains U+FFFD near %q", out[max(0, i-40):min(len(out), i+40)])
	}
	for _, w := range words {
		if !bytes.Contains(out, []byte(w)) {
			t.Errorf("output lacks %q; got:\n%s", w, out)
		}
	}
}

func TestDecode(t *testing.T) {
	fa1256 := wordsFor("fa", true)
	faUTF := wordsFor("fa", false)
	tests := []struct {
		name        string
		file        string // fixture in testdata/ (or body if empty)
		body        []byte
		contentType string
		override    string
		wantName    string
		wantSource  string
		words       []string
		allowFFFD   bool
	}{
		{
			name: "windows-1256 Persian, only <meta charset>",
			file: "fa-windows-1256-meta-charset.html", wantName: "windows-1256", wantSource: "meta", words: fa1256,
		},
		{
			name: "windows-1256 Persian, only <meta http-equiv>",
			file: "fa-windows-1256-http-equiv.html", wantName: "windows-1256", wantSource: "meta", words: fa1256,
		},
		{
			name: "windows-1256 Persian, HTTP header",
			file: "fa-windows-1256-nodecl.html", contentType: "text/html; charset=windows-1256",
			wantName: "windows-1256", wantSource: "header", words: fa1256,
		},
		{
			name: "windows-1252 French, HTTP header",
			file: "fr-windows-1252-nodecl.html", contentType: "text/html; charset=windows-1252",
			wantName: "windows-1252", wantSource: "header", words: wordsFor("fr", false),
		},
		{
			name: "iso-8859-1 header label maps to windows-1252",
			file: "de-windows-1252-nodecl.html", contentType: `text/html;charset="ISO-8859-1"`,
			wantName: "windows-1252", wantSource: "header", words: wordsFor("de", false),
		},
		{
			name: "KOI8-R Russian, <META HTTP-EQUIV> in upper case",
			file: "ru-koi8-r-http-equiv.html", wantName: "koi8-r", wantSource: "meta", words: wordsFor("ru", false),
		},
		{
			name: "KOI8-R Russian, HTTP header",
			file: "ru-koi8-r-nodecl.html", contentType: "text/html; charset=koi8-r",
			wantName: "koi8-r", wantSource: "header", words: wordsFor("ru", false),
		},
		{
			name: "Shift_JIS Japanese, unquoted <meta charset>",
			file: "ja-shift_jis-meta-charset.html", wantName: "shift_jis", wantSource: "meta", words: wordsFor("ja", false),
		},
		{
			name: "GBK Chinese declared as gb2312",
			file: "zh-gbk-meta-gb2312.html", wantName: "gbk", wantSource: "meta", words: wordsFor("zh", false),
		},
		{
			name: "ISO-8859-2 Polish, HTTP header",
			file: "pl-iso-8859-2-nodecl.html", contentType: "text/html; charset=ISO-8859-2",
			wantName: "iso-8859-2", wantSource: "header", words: wordsFor("pl", false),
		},
		{
			name: "windows-1250 Czech, HTTP header",
			file: "cs-windows-1250-nodecl.html", contentType: "text/html; charset=windows-1250",
			wantName: "windows-1250", wantSource: "header", words: wordsFor("cs", false),
		},
		{
			name: "UTF-8 with BOM",
			file: "fa-utf-8-bom.html", wantName: "utf-8", wantSource: "bom", words: faUTF,
		},
		{
			name: "UTF-8 with BOM and matching header",
			file: "fa-utf-8-bom.html", contentType: "text/html; charset=utf-8",
			wantName: "utf-8", wantSource: "header", words: faUTF,
		},
		{
			name: "UTF-8 BOM beats a contradicting header",
			file: "fa-utf-8-bom.html", contentType: "text/html; charset=windows-1252",
			wantName: "utf-8", wantSource: "bom", words: faUTF,
		},
		{
			name: "UTF-16LE with BOM",
			file: "fa-utf-16le-bom.html", wantName: "utf-16le", wantSource: "bom", words: faUTF,
		},
		{
			name: "header says utf-8 but bytes are windows-1256",
			file: "fa-windows-1256-nodecl.html", contentType: "text/html; charset=utf-8",
			wantName: "windows-1256", wantSource: "sniff", words: fa1256,
		},
		{
			name: "header and meta say utf-8 but bytes are windows-1256",
			file: "fa-windows-1256-meta-says-utf8.html", contentType: "text/html; charset=UTF-8",
			wantName: "windows-1256", wantSource: "sniff", words: fa1256,
		},
		{
			name: "header says utf-8, meta says windows-1256: meta wins",
			file: "fa-windows-1256-meta-charset.html", contentType: "text/html; charset=utf-8",
			wantName: "windows-1256", wantSource: "meta", words: fa1256,
		},
		{
			name: "header says windows-1252 (server default) on a windows-1256 page with meta",
			file: "fa-windows-1256-http-equiv.html", contentType: "text/html; charset=iso-8859-1",
			wantName: "windows-1256", wantSource: "meta", words: fa1256,
		},
		{
			name: "header says windows-1252 on a windows-1256 page without meta",
			file: "fa-windows-1256-nodecl.html", contentType: "text/html; charset=windows-1252",
			wantName: "windows-1256", wantSource: "sniff", words: fa1256,
		},
		{
			name: "header says windows-1251 on a KOI8-R page",
			file: "ru-koi8-r-nodecl.html", contentType: "text/html; charset=windows-1251",
			wantName: "koi8-r", wantSource: "sniff", words: wordsFor("ru", false),
		},
		{
			name: "meta says iso-8859-1 but bytes are UTF-8",
			file: "fr-utf-8-meta-latin1.html", wantName: "utf-8", wantSource: "sniff", words: wordsFor("fr", false),
		},
		{
			name: "header says iso-8859-1 but bytes are UTF-8",
			file: "fr-utf-8-meta-latin1.html", contentType: "text/html; charset=iso-8859-1",
			wantName: "utf-8", wantSource: "sniff", words: wordsFor("fr", false),
		},
		{
			name: "override beats header and bytes",
			file: "fa-windows-1256-nodecl.html", contentType: "text/html; charset=utf-8", override: "windows-1256",
			wantName: "windows-1256", wantSource: "override", words: fa1256,
		},
		{
			name: "override beats meta",
			file: "ru-koi8-r-http-equiv.html", override: "cp1251",
			wantName: "windows-1251", wantSource: "override",
		},
		{
			name: "override utf-8 strips the BOM",
			file: "fa-utf-8-bom.html", contentType: "text/html; charset=koi8-r", override: " UTF-8 ",
			wantName: "utf-8", wantSource: "override", words: faUTF,
		},
		{
			name: "unknown override is ignored",
			file: "fa-windows-1256-nodecl.html", contentType: "text/html; charset=windows-1256", override: "klingon-8",
			wantName: "windows-1256", wantSource: "header", words: fa1256,
		},
		{
			name: "unknown label in meta is ignored",
			file: "fa-windows-1256-unknown-meta.html", wantName: "windows-1256", wantSource: "sniff", words: fa1256,
		},
		{
			name: "unknown meta label skipped, next meta used",
			file: "fa-windows-1256-unknown-then-known.html", wantName: "windows-1256", wantSource: "meta", words: fa1256,
		},
		{
			name: "unknown label in header is ignored",
			file: "ja-shift_jis-meta-charset.html", contentType: "text/html; charset=x-unheard-of",
			wantName: "shift_jis", wantSource: "meta", words: wordsFor("ja", false),
		},
		{
			name: "replacement-encoding label is ignored",
			file: "zh-gbk-meta-gb2312.html", contentType: "text/html; charset=iso-2022-kr",
			wantName: "gbk", wantSource: "meta", words: wordsFor("zh", false),
		},
		{
			name:     "XML declaration",
			body:     mustEncode(t, `<?xml version="1.0" encoding="windows-1256"?><rss><item><title>خبرگزاري پژوهش</title></item></rss>`),
			wantName: "windows-1256", wantSource: "meta", words: []string{"خبرگزاري", "پژوهش"},
		},
		{
			name:        "mostly UTF-8 with one stray Latin-1 byte, declared utf-8",
			body:        append([]byte("<p>"+strings.Repeat("خبرگزاری ", 20)+"caf"), 0xE9, '<', '/', 'p', '>'),
			contentType: "text/html; charset=utf-8",
			wantName:    "utf-8", wantSource: "header", words: []string{"خبرگزاری"}, allowFFFD: true,
		},
		{
			// The bytes 0xDA 0xD7 0xF6 read as "谧鯽" in GBK and "ЪЧц" in
			// windows-1251, which the sniffer chose for the whole page.
			name:        "ASCII with three bad bytes in the headline, declared utf-8",
			body:        []byte("<title>He\xDA\xD7\xF6adline</title>" + strings.Repeat("<p>An ordinary English paragraph, nothing special in it at all.</p>", 5)),
			contentType: "text/html; charset=utf-8",
			wantName:    "utf-8", wantSource: "header", words: []string{"He\uFFFD\uFFFD\uFFFDadline"}, allowFFFD: true,
		},
		{
			name:     "a few quotes and three bad bytes, declared utf-8 in a meta tag",
			body:     []byte("<meta charset=\"utf-8\"><h1>He\xDA\xD7\xF6adline</h1><p>" + strings.Repeat("An ordinary paragraph. ", 9) + "It’s “fine”.</p>"),
			wantName: "utf-8", wantSource: "meta", words: []string{"He\uFFFD\uFFFD\uFFFDadline", "It’s “fine”."}, allowFFFD: true,
		},
		{
			name:        "Persian UTF-8 with bad bytes in the headline, declared utf-8",
			body:        []byte("<title>خبر He\xDA\xD7\xF6adline</title><p>" + strings.Repeat("این متن یک خبر است. ", 12) + "</p>"),
			contentType: "text/html; charset=utf-8",
			wantName:    "utf-8", wantSource: "header", words: []string{"He\uFFFD\uFFFD\uFFFDadline", "این متن یک خبر است."}, allowFFFD: true,
		},
		{
			name:        "a few Latin-1 letters in words, declared utf-8: still Latin-1",
			body:        []byte("<p>Un caf\xE9 au lait, s'il vous pla\xEEt.</p>" + strings.Repeat("<p>An ordinary English paragraph, nothing special in it at all.</p>", 5)),
			contentType: "text/html; charset=utf-8",
			wantName:    "windows-1252", wantSource: "sniff", words: []string{"café", "plaît"},
		},
		{
			name:     "mostly UTF-8 with one stray byte, undeclared",
			body:     append([]byte("<p>"+strings.Repeat("Привет мир ", 20)), 0xFF, '.'),
			wantName: "utf-8", wantSource: "sniff", words: []string{"Привет мир"}, allowFFFD: true,
		},
		{
			name:     "UTF-8 without any declaration",
			body:     []byte("<html><body><p>به گزارش خبرگزاری</p></body></html>"),
			wantName: "utf-8", wantSource: "sniff", words: []string{"خبرگزاری"},
		},
		{
			name:     "pure ASCII without declaration",
			body:     []byte("<html><body><p>Hello, world</p></body></html>"),
			wantName: "utf-8", wantSource: "default", words: []string{"Hello, world"},
		},
		{
			name:        "pure ASCII keeps its declared legacy label",
			body:        []byte("<html><body><p>Hello, world</p></body></html>"),
			contentType: "text/html; charset=windows-1256",
			wantName:    "windows-1256", wantSource: "header", words: []string{"Hello, world"},
		},
		{
			name:     "empty body",
			body:     []byte{},
			wantName: "utf-8", wantSource: "default",
		},
		{
			name:        "few accented letters keep the declared Latin label",
			body:        mustEncodeWith(t, charmap.ISO8859_2, "<p>Le café</p>"),
			contentType: "text/html; charset=iso-8859-2",
			wantName:    "iso-8859-2", wantSource: "header", words: []string{"café"},
		},
		{
			name:     "UTF-16LE without BOM",
			body:     mustEncodeWith(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), "<html><body><p>Привет, мир</p></body></html>"),
			wantName: "utf-16le", wantSource: "sniff", words: []string{"Привет, мир"},
		},
		{
			name:        "header claims UTF-16 for an ASCII-compatible page",
			file:        "fa-windows-1256-meta-charset.html",
			contentType: "text/html; charset=utf-16",
			wantName:    "windows-1256", wantSource: "meta", words: fa1256,
		},
		{
			name:     "meta claiming UTF-16 means UTF-8",
			body:     []byte(`<meta charset="utf-16"><p>Привет</p>`),
			wantName: "utf-8", wantSource: "meta", words: []string{"Привет"},
		},
		{
			name:     "ISO-2022-JP without declaration",
			body:     mustEncodeWith(t, mustLookup(t, "iso-2022-jp"), "<p>経済対策を発表</p>"),
			wantName: "iso-2022-jp", wantSource: "sniff", words: []string{"経済対策を発表"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.body
			if tc.file != "" {
				body = readFixture(t, tc.file)
			}
			orig := bytes.Clone(body)
			out, name, source, err := DecodeWithSource(body, tc.contentType, tc.override)
			if err != nil {
				t.Fatalf("err = %v", err)
			}
			if name != tc.wantName || source != tc.wantSource {
				t.Errorf("got (%s, %s), want (%s, %s)", name, source, tc.wantName, tc.wantSource)
			}
			checkOutput(t, out, tc.words, tc.allowFFFD)
			if !bytes.Equal(body, orig) {
				t.Errorf("input was modified")
			}
			out2, name2, err2 := Decode(body, tc.contentType, tc.override)
			if !bytes.Equal(out, out2) || name2 != name || err2 != nil {
				t.Errorf("Decode disagrees with DecodeWithSource")
			}
		})
	}
}

// TestSniff decodes every undeclared fixture with no header: the sniffer
// alone must find the encoding the file was generated with.
func TestSniff(t *testing.T) {
	for _, f := range fixtures {
		if !strings.Contains(f.file, "-nodecl") {
			continue
		}
		t.Run(f.file, func(t *testing.T) {
			body := readFixture(t, f.file)
			want, _, _ := lookupName(t, f)
			out, name, source, err := DecodeWithSource(body, "", "")
			if err != nil {
				t.Fatal(err)
			}
			if name != want || source != "sniff" {
				t.Errorf("got (%s, %s), want (%s, sniff)", name, source, want)
			}
			checkOutput(t, out, wordsFor(f.text, f.enc == charmap.Windows1256), false)
		})
	}
}

// lookupName is the name Decode reports for a fixture's encoding.
func lookupName(t *testing.T, f fixture) (string, bool, bool) {
	t.Helper()
	for _, c := range candidates {
		if c.enc == f.enc || (c.name == "gbk" && strings.HasPrefix(f.file, "zh-gbk")) {
			return c.name, true, true
		}
	}
	t.Fatalf("%s: encoding is not a sniffing candidate", f.file)
	return "", false, false
}

func TestDecodeAliasesValidUTF8(t *testing.T) {
	body := []byte("\xEF\xBB\xBF<p>سلام</p>")
	out, name, err := Decode(body, "text/html; charset=utf-8", "")
	if err != nil || name != "utf-8" {
		t.Fatalf("Decode = %q, %v", name, err)
	}
	if &out[0] != &body[3] {
		t.Errorf("valid UTF-8 was copied; want a sub-slice of the input")
	}
	ascii := []byte("<p>plain</p>")
	out, _, _ = Decode(ascii, "text/html; charset=windows-1252", "")
	if &out[0] != &ascii[0] {
		t.Errorf("pure ASCII in an ASCII-compatible encoding was copied")
	}
}

func TestValid(t *testing.T) {
	tests := []struct {
		label string
		want  bool
	}{
		{"utf-8", true},
		{"UTF8", true},
		{" \"utf_8\" ", true},
		{"windows-1256", true},
		{"cp1256", true},
		{"win-1256", true},
		{"Windows1251", true},
		{"x-cp1251", true},
		{"latin1", true},
		{"latin-1", true},
		{"iso-8859-1", true},
		{"ISO8859_2", true},
		{"koi8-r", true},
		{"koi8r", true},
		{"shift_jis", true},
		{"sjis", true},
		{"gb2312", true},
		{"gbk", true},
		{"gb18030", true},
		{"big5", true},
		{"euc-kr", true},
		{"ks_c_5601-1987", true},
		{"utf-16", true},
		{"ibm437", true}, // IANA-only, via ianaindex
		{"", false},
		{"   ", false},
		{"klingon", false},
		{"iso-2022-kr", false}, // WHATWG "replacement"
		{"replacement", false},
		{"windows-9999", false},
		{strings.Repeat("a", 200), false},
	}
	for _, tc := range tests {
		t.Run(tc.label, func(t *testing.T) {
			if got := Valid(tc.label); got != tc.want {
				t.Errorf("Valid(%q) = %v, want %v", tc.label, got, tc.want)
			}
		})
	}
}

func TestLookupNames(t *testing.T) {
	tests := map[string]string{
		"ISO-8859-1":  "windows-1252",
		"us-ascii":    "windows-1252",
		"cp1256":      "windows-1256",
		"gb2312":      "gbk",
		"x-sjis":      "shift_jis",
		"utf-16":      "utf-16le",
		"ks_c_5601":   "euc-kr",
		"KOI8-U":      "koi8-u",
		"iso-8859-15": "iso-8859-15",
	}
	for label, want := range tests {
		t.Run(label, func(t *testing.T) {
			_, got, ok := lookup(label)
			if !ok || got != want {
				t.Errorf("lookup(%q) = %q, %v; want %q", label, got, ok, want)
			}
		})
	}
}

func TestCharsetParam(t *testing.T) {
	tests := []struct{ in, want string }{
		{"text/html; charset=utf-8", "utf-8"},
		{"text/html;charset=UTF-8", "UTF-8"},
		{`text/html; charset="windows-1256"`, "windows-1256"},
		{"text/html; charset='koi8-r'", "koi8-r"},
		{"text/html; charset = gbk ; foo=bar", "gbk"},
		{"text/html; CHARSET=Shift_JIS", "Shift_JIS"},
		{"text/html; charset=utf-8;", "utf-8"},
		{"text/html; charset=utf-8, text/html", "utf-8"},
		{"text/html; charsetx; charset=big5", "big5"},
		{`text/html; charset="unterminated`, "unterminated"},
		{"text/html", ""},
		{"", ""},
		{"charset=", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			if got := charsetParam(tc.in); got != tc.want {
				t.Errorf("charsetParam(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestPrescan(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"meta charset", `<html><head><meta charset="windows-1256">`, "windows-1256"},
		{"unquoted", `<meta charset=koi8-r>`, "koi8-r"},
		{"self-closing", `<meta charset="gbk"/>`, "gbk"},
		{"http-equiv", `<meta http-equiv="Content-Type" content="text/html; charset=big5">`, "big5"},
		{"content before http-equiv", `<meta content="text/html; charset=euc-jp" http-equiv="content-type">`, "euc-jp"},
		{"content without http-equiv is ignored", `<meta content="text/html; charset=euc-jp"><meta charset="utf-8">`, "utf-8"},
		{"charset wins over content", `<meta http-equiv="Content-Type" content="text/html; charset=big5" charset="gbk">`, "gbk"},
		{"commented out", `<!-- <meta charset="koi8-r"> --><meta charset="utf-8">`, "utf-8"},
		{"empty comment", `<!--><meta charset="koi8-r">`, "koi8-r"},
		{"inside attribute of another tag", `<a title='<meta charset="koi8-r">'>x</a><meta charset="big5">`, "big5"},
		{"unknown then known", `<meta charset="nope"><meta charset="euc-kr">`, "euc-kr"},
		{"unknown only", `<meta charset="nope">`, ""},
		{"no meta", `<html><head><title>x</title></head></html>`, ""},
		{"metadata tag is not meta", `<metadata charset="koi8-r">`, ""},
		{"upper case", `<META CHARSET="KOI8-R">`, "KOI8-R"},
		{"xml declaration", `<?xml version="1.0" encoding='windows-1251'?><rss/>`, "windows-1251"},
		{"xml declaration, unknown label, meta", `<?xml version="1.0" encoding="bogus"?><meta charset="gbk">`, "gbk"},
		{"truncated tag", `<meta charset="win`, ""},
		{"beyond the limit", strings.Repeat(" ", prescanLimit) + `<meta charset="koi8-r">`, ""},
		{"near the limit", strings.Repeat(" ", prescanLimit-40) + `<meta charset="koi8-r">`, "koi8-r"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := prescan([]byte(tc.in)); got != tc.want {
				t.Errorf("prescan(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func mustEncode(t *testing.T, s string) []byte {
	t.Helper()
	return mustEncodeWith(t, charmap.Windows1256, s)
}

func mustEncodeWith(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustLookup(t *testing.T, label string) encoding.Encoding {
	t.Helper()
	e, _, ok := lookup(label)
	if !ok {
		t.Fatalf("lookup(%q) failed", label)
	}
	return e
}

// TestDecodeConcurrent exercises the lazily built tables (classification
// cache, ad-hoc candidates) from many goroutines; run with -race.
func TestDecodeConcurrent(t *testing.T) {
	var bodies [][]byte
	for _, f := range fixtures {
		bodies = append(bodies, readFixture(t, f.file))
	}
	done := make(chan struct{})
	for g := 0; g < 8; g++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i, b := range bodies {
				ct := ""
				if i%3 == 0 {
					ct = "text/html; charset=windows-1253" // outside the candidate list
				}
				out, _, err := Decode(b, ct, "")
				if err != nil || !utf8.Valid(out) {
					t.Errorf("bad result for body %d: %v", i, err)
				}
			}
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
}

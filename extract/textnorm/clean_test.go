package textnorm

import (
	"strings"
	"testing"
	"unicode"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

func TestClean(t *testing.T) {
	fa := Options{Persian: true}
	tests := []struct {
		name string
		in   string
		o    Options
		want string
	}{
		// Whitespace.
		{"empty", "", Options{}, ""},
		{"clean ASCII unchanged", "Hello, world.", Options{}, "Hello, world."},
		{"trim", "  Hello  ", Options{}, "Hello"},
		{"collapse runs", "a   b    c", Options{}, "a b c"},
		{"tabs and newlines", "a\tb\r\nc\n\n d", Options{}, "a b c d"},
		{"only spaces", " \t\n\u00A0 ", Options{}, ""},
		{"NBSP", "10\u00A0km", Options{}, "10 km"},
		{"NBSP next to spaces", "a \u00A0 b", Options{}, "a b"},
		{"em space, thin space", "a\u2003b\u2009c", Options{}, "a b c"},
		{"narrow NBSP (French)", "«\u202FBonjour\u202F»", Options{}, "« Bonjour »"},
		{"ideographic space", "東京\u3000大阪", Options{}, "東京 大阪"},
		{"line and paragraph separators", "a\u2028b\u2029c", Options{}, "a b c"},
		{"NEL", "a\u0085b", Options{}, "a b"},
		{"trailing space only", "abc ", Options{}, "abc"},

		// Invisible characters.
		{"zero-width space", "news\u200Bpaper", Options{}, "newspaper"},
		{"BOM", "\uFEFFTitle", Options{}, "Title"},
		{"BOM in the middle", "a\uFEFFb", Options{}, "ab"},
		{"soft hyphen", "Bundes\u00ADregierung", Options{}, "Bundesregierung"},
		{"word joiner", "a\u2060b", Options{}, "ab"},
		{"LRM and RLM", "\u200Fسلام\u200E (2024)\u200F", Options{}, "سلام (2024)"},
		{"Arabic letter mark", "١\u061C٢", Options{}, "١٢"},
		{"bidi embedding and override", "\u202Babc\u202C \u202Edef\u202C", Options{}, "abc def"},
		{"bidi isolates", "\u2067x\u2069", Options{}, "x"},
		{"ZWNJ kept (Persian)", "می\u200Cخواهم", Options{}, "می\u200Cخواهم"},
		{"ZWNJ kept with Persian option", "می\u200Cخواهم", fa, "می\u200Cخواهم"},
		{"ZWJ kept (emoji)", "👩\u200D💻", Options{}, "👩\u200D💻"},
		{"control characters removed", "a\x00b\x07c\x7Fd\u0080e\u009Ff", Options{}, "abcdef"},
		{"invalid UTF-8 becomes U+FFFD", "a\xffb\xc3", Options{}, "a\uFFFDb\uFFFD"},
		{"invisible-only", "\u200B\uFEFF\u00AD", Options{}, ""},
		{"spaces around removed invisible collapse", "a \u200B b", Options{}, "a b"},

		// Entities.
		{"amp", "Tom &amp; Jerry", Options{}, "Tom & Jerry"},
		{"apostrophe &#39;", "It&#39;s", Options{}, "It's"},
		{"nbsp entity", "10&nbsp;km", Options{}, "10 km"},
		{"quot lt gt", "&quot;&lt;b&gt;&quot;", Options{}, `"<b>"`},
		{"named letters", "caf&eacute; &Uuml;ber", Options{}, "café Über"},
		{"hex and decimal", "&#x2019;&#8220;&#X201D;", Options{}, "’“”"},
		{"double escaped", "&amp;quot;quoted&amp;quot; &amp;amp;", Options{}, `"quoted" &`},
		{"triple escaped", "&amp;amp;lt;", Options{}, "<"},
		{"windows-1252 numeric", "&#128;5 &#150; x", Options{}, "€5 – x"},
		{"NUL reference", "a&#0;b", Options{}, "a\uFFFDb"},
		{"out of range", "a&#x110000;b", Options{}, "a\uFFFDb"},
		{"reference to ZWSP is removed", "a&#8203;b", Options{}, "ab"},
		{"reference to RLE is removed", "&#x202B;x", Options{}, "x"},
		{"reference to NBSP collapses", "a &#160; b", Options{}, "a b"},
		{"reference to control removed", "a&#1;b", Options{}, "ab"},
		{"bare ampersand", "AT&T & co", Options{}, "AT&T & co"},
		{"no semicolon is not decoded", "&copy 2024 and ?a=1&copy=2", Options{}, "&copy 2024 and ?a=1&copy=2"},
		{"unknown name", "&bogus; &amp", Options{}, "&bogus; &amp"},
		{"legacy prefix of unknown name", "&notit;", Options{}, "&notit;"},
		{"semi", "a&semi;b", Options{}, "a;b"},
		{"numeric semicolon", "a&#59;b", Options{}, "a;b"},
		{"removal creates an entity", "&am&#8203;p;", Options{}, "&"},
		{"decoding assembles an entity", "&l&#116;;", Options{}, "<"},
		{"Persian letter entity", "&#1610;", fa, "ی"},

		// NFC.
		{"combining acute composes", "e\u0301", Options{}, "é"},
		{"ZWSP between letter and mark", "e\u200B\u0301", Options{}, "é"},
		{"Hangul jamo compose", "\u1112\u1161\u11AB", Options{}, "한"},
		{"Arabic yeh + hamza composes to ئ", "\u064A\u0654", Options{}, "ئ"},
		{"yeh + hamza composes before Persian unify", "\u064A\u0654", fa, "ئ"},
		{"angstrom sign", "\u212B", Options{}, "Å"},

		// Persian.
		{"Persian unify yeh and kaf", "كتاب علي", fa, "کتاب علی"},
		{"no unify without option", "كتاب علي", Options{}, "كتاب علي"},
		{"alef maksura untouched", "مصطفى", fa, "مصطفى"},
		{"teh marbuta untouched", "مدرسة", fa, "مدرسة"},
		{"Arabic-Indic digits untouched", "٠١٢٣", fa, "٠١٢٣"},
		{"Persian digits untouched", "۱۴۰۳", fa, "۱۴۰۳"},
		{"Persian full sentence", " \u200Fمن\u00A0 مي\u200Cخواهم  به  كتابخانه\u200B بروم.&nbsp;", fa, "من می\u200Cخواهم به کتابخانه بروم."},

		// Punctuation untouched.
		{"quotes and dashes kept", "«Hello» “quoted” ‘x’ — –", Options{}, "«Hello» “quoted” ‘x’ — –"},
		{"ellipsis kept", "wait…", Options{}, "wait…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Clean(tc.in, tc.o)
			if got != tc.want {
				t.Errorf("Clean(%+q) = %+q, want %+q", tc.in, got, tc.want)
			}
			if again := Clean(got, tc.o); again != got {
				t.Errorf("not idempotent: Clean(%+q) = %+q", got, again)
			}
		})
	}
}

// TestCleanNoAlloc checks that text that needs no change comes back as the
// same string, without allocating.
func TestCleanNoAlloc(t *testing.T) {
	tests := []struct {
		name string
		in   string
		o    Options
	}{
		{"ASCII", "The quick brown fox jumps over the lazy dog, again and again.", Options{}},
		{"Persian", "من می\u200Cخواهم به کتابخانه بروم.", Options{Persian: true}},
		{"French", "Le gouvernement a présenté « une réforme » très attendue.", Options{}},
		{"Japanese", "政府は月曜日、新しい経済対策を発表しました。", Options{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Clean(tc.in, tc.o)
			if unsafe.StringData(got) != unsafe.StringData(tc.in) || got != tc.in {
				t.Errorf("clean input was copied or changed")
			}
			if n := testing.AllocsPerRun(100, func() { Clean(tc.in, tc.o) }); n != 0 {
				t.Errorf("%v allocations, want 0", n)
			}
		})
	}
	// Only a trailing space: the result is a substring, still no copy.
	if n := testing.AllocsPerRun(100, func() { Clean("Hello ", Options{}) }); n != 0 {
		t.Errorf("trailing-space trim allocates %v times", n)
	}
}

func TestParagraphs(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		o    Options
		want string
	}{
		{"nil", nil, Options{}, ""},
		{"all empty", []string{"", " ", "\u200B", "&nbsp;"}, Options{}, ""},
		{"one", []string{" a  b "}, Options{}, "a b"},
		{"skips empty ones", []string{"First.", "  ", "Second\tline.", "", "Third."}, Options{}, "First.\n\nSecond line.\n\nThird."},
		{"Persian", []string{"كتاب", "علي"}, Options{Persian: true}, "کتاب\n\nعلی"},
		{"inner newlines collapse", []string{"a\n\nb"}, Options{}, "a b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Paragraphs(tc.in, tc.o); got != tc.want {
				t.Errorf("Paragraphs(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestIsPersian(t *testing.T) {
	persianText := "به گزارش خبرگزاری ما، رئیس سازمان برنامه و بودجه روز دوشنبه در نشست خبری گفت که دولت برای کاهش تورم برنامه\u200Cهای تازه\u200Cای دارد."
	persian1256 := strings.NewReplacer("ی", "ي", "ک", "ك").Replace(persianText)
	arabicText := "أعلنت الحكومة اليوم عن خطة جديدة لدعم الاقتصاد الوطني، وقال وزير المالية إن هذه الإجراءات ستساعد على خفض التضخم."
	urduText := "حکومت نے آج ایک نیا اقتصادی منصوبہ پیش کیا ہے جس سے ملک کی معیشت کو فائدہ ہوگا اور لوگوں کی مشکلات کم ہوں گی۔"
	tests := []struct {
		name, sample, lang string
		want               bool
	}{
		{"tag fa", "", "fa", true},
		{"tag fa-IR", "hello", "fa-IR", true},
		{"tag FA_ir", "", "FA_ir", true},
		{"tag prs (Dari)", "", "prs", true},
		{"tag per", "", "per", true},
		{"tag fas-Arab", "", "fas-Arab", true},
		{"tag far is not fa", "", "far", false},
		{"Persian text, no tag", persianText, "", true},
		{"Persian text, wrong tag ar", persianText, "ar", true},
		{"Persian text, en tag", persianText, "en-US", true},
		{"Persian as on windows-1256 pages (ي ك)", persian1256, "", true},
		{"Arabic text", arabicText, "", false},
		{"Arabic text, ar tag", arabicText, "ar", false},
		{"Urdu text", urduText, "", false},
		{"Urdu text, ur tag", urduText, "ur", false},
		{"English", "The government announced a new plan today.", "", false},
		{"too short", "سلام دوست", "", false},
		{"empty", "", "", false},
		{"Persian among Latin", "Breaking: " + persianText + " (more at example.com)", "en", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsPersian(tc.sample, tc.lang); got != tc.want {
				t.Errorf("IsPersian(%.30q, %q) = %v, want %v", tc.sample, tc.lang, got, tc.want)
			}
		})
	}
}

// TestTablesAgreeWithUnicode checks the hand-written character predicates
// against the unicode and norm packages over the whole BMP and beyond.
func TestTablesAgreeWithUnicode(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		if isSpace(r) != unicode.IsSpace(r) {
			t.Errorf("isSpace(%U) = %v, unicode.IsSpace says %v", r, isSpace(r), unicode.IsSpace(r))
		}
		if nfcInert(r) {
			p := norm.NFC.PropertiesString(string(r))
			if p.CCC() != 0 || !norm.NFC.IsNormalString(string(r)) || p.Size() == 0 {
				t.Errorf("nfcInert(%U) but ccc=%d", r, p.CCC())
			}
			// It must not combine with anything before it: check after
			// every base the norm package knows composes with something.
			for _, base := range []rune{'a', 'e', 'A', 0x0627, 0x064A, 0x0648, 0x1100, 0xAC00, 0x304B, 0x30AB} {
				in := string(base) + string(r)
				if !norm.NFC.IsNormalString(in) {
					t.Errorf("nfcInert(%U) but %+q is not NFC", r, in)
				}
			}
		}
	}
}

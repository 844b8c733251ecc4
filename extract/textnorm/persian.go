package textnorm

import "strings"

// IsPersian guesses whether text is Persian (Farsi, including Dari), for
// deciding whether to clean it with Options{Persian: true}.
//
// A language tag whose primary subtag is fa, fas, per, prs or pes ("fa",
// "fa-IR", "fa_AF", "prs") settles it. Otherwise the sample decides, so a
// Persian page mislabelled "ar" or "en" (common with site templates) is
// still recognised: it is Persian if at least 20 Arabic-script letters are
// seen and the letters only Persian uses among Arabic-script languages
// that are not Urdu, Pashto, Kurdish or Sindhi (پ چ ژ گ ک ی) make up at
// least 2% of them, while letters specific to those other languages stay
// rare. پ چ ژ گ alone usually pass the threshold, which matters for text
// from windows-1256 pages that spell ی as ي. Arabic text, which has none of
// these letters, is not Persian. Only the first few thousand Arabic-script
// letters of the sample are looked at.
func IsPersian(sample, lang string) bool {
	if persianTag(lang) {
		return true
	}
	const enough = 4000
	var letters, persian, other int
	for _, r := range sample {
		if r < 0x600 || r > 0x6FF {
			if r >= 0xFB50 && r <= 0xFEFC { // presentation forms
				letters++
			}
			continue
		}
		switch {
		case r == 'پ' || r == 'چ' || r == 'ژ' || r == 'گ' || r == 'ک' || r == 'ی':
			persian++
		case otherLanguageLetter(r):
			other++
		case r < 0x621 || (r > 0x64A && r < 0x671) || r > 0x6D3:
			continue // punctuation, digits, diacritics, Quranic marks
		}
		letters++
		if letters >= enough {
			break
		}
	}
	if letters < 20 {
		return false
	}
	return persian*50 >= letters && persian >= 2 && other*4 <= persian && other*100 < letters
}

// otherLanguageLetter reports letters of Urdu, Pashto, Kurdish, Sindhi and
// other Arabic-script languages that Persian does not use.
func otherLanguageLetter(r rune) bool {
	switch r {
	case 'ٹ', 'ڈ', 'ڑ', 'ں', 'ے', 'ہ', 'ھ', 'ۓ', // Urdu
		'ټ', 'ډ', 'ړ', 'ږ', 'ښ', 'ګ', 'ڼ', 'ې', 'ۍ', // Pashto
		'ڕ', 'ڵ', 'ۆ', 'ێ', 'ە', // Sorani Kurdish
		'ڄ', 'ڃ', 'ڇ', 'ڊ', 'ڌ', 'ڍ', 'ڏ', 'ڙ', 'ڦ', 'ڪ', 'ڳ', 'ڱ', 'ڻ': // Sindhi
		return true
	}
	return false
}

// persianTag reports whether a BCP 47 (or POSIX-style) language tag names
// Persian.
func persianTag(lang string) bool {
	lang = strings.TrimSpace(lang)
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	switch strings.ToLower(lang) {
	case "fa", "fas", "per", "prs", "pes":
		return true
	}
	return false
}

package extract

import (
	"regexp"
	"strings"

	"github.com/newsnorm/newsnorm/internal/charset"
)

// language is the page's declared language, the first well-formed tag of
// <html lang>, JSON-LD inLanguage and meta tags, with "_" as "-"
// ("fa_IR" is "fa-IR").
func (p *page) language() string {
	cands := []string{p.lang, p.ldString("inLanguage")}
	for _, k := range [...]string{"content-language", "og:locale", "language", "dc.language"} {
		cands = append(cands, p.meta[k])
	}
	for _, c := range cands {
		// A charset is no language: "utf-8" in content-language.
		if c = strings.ReplaceAll(strings.TrimSpace(c), "_", "-"); langTag.MatchString(c) && !charset.Valid(c) {
			return c
		}
	}
	return ""
}

// langTag is the shape of a BCP 47 language tag.
var langTag = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$`)

// consistentLanguage keeps a declared language only when the text is in its
// script: a page declaring "fa" whose text is Latin gets no language, nor
// does an "en" page whose text is Arabic script. Short texts (fewer than 20
// letters) and languages of other scripts keep the declaration.
func consistentLanguage(lang, text string) string {
	lang = strings.TrimSpace(lang)
	if lang == "" {
		return ""
	}
	base := strings.ToLower(lang)
	if i := strings.IndexAny(base, "-_"); i > 0 {
		base = base[:i]
	}
	var latin, arabic, other int
	for _, r := range text {
		switch {
		case r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= 0xc0 && r <= 0x24f && r != 0xd7 && r != 0xf7:
			latin++
		case r >= 0x620 && r <= 0x64a || r >= 0x66e && r <= 0x6d3 || r >= 0xfb50 && r <= 0xfdff || r >= 0xfe70 && r <= 0xfefc:
			arabic++
		case r > 0x24f && (r < 0x2000 || r > 0x2bff) && (r < 0x600 || r > 0x6ff) && r != 0xfeff:
			other++ // letters of other scripts; not punctuation, symbols or Arabic marks and digits
		}
	}
	total := latin + arabic + other
	if total < 20 {
		return lang
	}
	switch base {
	case "fa", "ar", "ur", "ps", "ku", "ckb", "sd", "ug":
		if arabic*2 < total {
			return ""
		}
	case "en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "no", "nb", "nn", "fi", "pl", "cs", "sk",
		"tr", "id", "ms", "ro", "hu", "hr", "sl", "et", "lv", "lt", "ca", "eu", "gl", "ga", "is", "sq", "vi", "az", "uz":
		if latin*2 < total {
			return ""
		}
	}
	return lang
}

package extract

import (
	"strings"
	"time"
)

// countryZones maps a country (ISO 3166-1 alpha-2, upper case) to its
// IANA zone, for countries whose people all keep one clock. Countries
// with several offsets (US, CA, MX, BR, RU, AU, ID, KZ, CL, ES, PT, NZ,
// UA, ...) are absent on purpose: their pages get no inferred zone.
var countryZones = map[string]string{
	"AE": "Asia/Dubai", "AL": "Europe/Tirane", "AR": "America/Argentina/Buenos_Aires",
	"AT": "Europe/Vienna", "BA": "Europe/Sarajevo", "BD": "Asia/Dhaka",
	"BE": "Europe/Brussels", "BG": "Europe/Sofia", "BO": "America/La_Paz", "BY": "Europe/Minsk",
	"CH": "Europe/Zurich", "CN": "Asia/Shanghai", "CO": "America/Bogota",
	"CR": "America/Costa_Rica", "CY": "Asia/Nicosia", "CZ": "Europe/Prague", "DE": "Europe/Berlin",
	"DK": "Europe/Copenhagen", "EE": "Europe/Tallinn", "EG": "Africa/Cairo",
	"FI": "Europe/Helsinki", "FR": "Europe/Paris", "GB": "Europe/London",
	"GR": "Europe/Athens", "GT": "America/Guatemala", "HK": "Asia/Hong_Kong", "HR": "Europe/Zagreb",
	"HU": "Europe/Budapest", "IE": "Europe/Dublin", "IL": "Asia/Jerusalem",
	"IN": "Asia/Kolkata", "IR": "Asia/Tehran", "IS": "Atlantic/Reykjavik",
	"IT": "Europe/Rome", "JO": "Asia/Amman", "JP": "Asia/Tokyo",
	"KE": "Africa/Nairobi", "KR": "Asia/Seoul", "LB": "Asia/Beirut",
	"LT": "Europe/Vilnius", "LU": "Europe/Luxembourg", "LV": "Europe/Riga",
	"MK": "Europe/Skopje", "MY": "Asia/Kuala_Lumpur", "NG": "Africa/Lagos",
	"NL": "Europe/Amsterdam", "NO": "Europe/Oslo", "PE": "America/Lima",
	"PH": "Asia/Manila", "PK": "Asia/Karachi", "PL": "Europe/Warsaw", "PY": "America/Asuncion",
	"QA": "Asia/Qatar", "RO": "Europe/Bucharest", "RS": "Europe/Belgrade",
	"SA": "Asia/Riyadh", "SE": "Europe/Stockholm", "SG": "Asia/Singapore",
	"SI": "Europe/Ljubljana", "SK": "Europe/Bratislava", "TH": "Asia/Bangkok",
	"TR": "Europe/Istanbul", "TW": "Asia/Taipei", "UY": "America/Montevideo", "VE": "America/Caracas",
	"VN": "Asia/Ho_Chi_Minh", "ZA": "Africa/Johannesburg",
}

// pageZone is the zone a page's readers likely keep, from what the page
// says about its place: the region of <html lang> ("de-AT"), of og:locale
// ("de_DE") and the URL's country-code TLD (".uk" is GB). Every country
// named must keep the same single zone; a country with several zones, or
// two that disagree, gives nil. A page that names no country gives nil.
func (p *page) pageZone() *time.Location {
	var zone string
	for _, c := range []string{tagRegion(p.lang), tagRegion(p.meta["og:locale"]), p.tldCountry()} {
		if c == "" {
			continue
		}
		z, ok := countryZones[c]
		if !ok || zone != "" && z != zone {
			return nil
		}
		zone = z
	}
	if zone == "" {
		return nil
	}
	loc, err := time.LoadLocation(zone) // timeparse embeds time/tzdata
	if err != nil {
		return nil
	}
	return loc
}

// tagRegion is the region subtag of a language tag ("de-AT", "de_DE",
// "zh-Hant-TW"), upper-cased; "" when the tag has none.
func tagRegion(tag string) string {
	parts := strings.FieldsFunc(strings.TrimSpace(tag), func(r rune) bool { return r == '-' || r == '_' })
	for _, s := range parts[min(1, len(parts)):] {
		if len(s) == 2 && isLetters(s) {
			return strings.ToUpper(s)
		}
	}
	return ""
}

// tldCountry is the country of the page URL's top-level domain when it is
// a two-letter one ("uk" is GB) not in generic use (.io, .co, .tv);
// "" otherwise.
func (p *page) tldCountry() string {
	if p.url == nil {
		return ""
	}
	host := strings.TrimSuffix(p.url.Hostname(), ".")
	tld := strings.ToUpper(host[strings.LastIndexByte(host, '.')+1:])
	if len(tld) != 2 || !isLetters(tld) || !strings.Contains(host, ".") {
		return ""
	}
	if tld == "UK" {
		return "GB"
	}
	if genericTLDs[tld] {
		return ""
	}
	return tld
}

// genericTLDs are country-code TLDs sold and used worldwide: they say
// nothing of a site's place.
var genericTLDs = map[string]bool{
	"AC": true, "AI": true, "AM": true, "CC": true, "CO": true, "FM": true, "GG": true, "IO": true,
	"LY": true, "ME": true, "NU": true, "SH": true, "SO": true, "TK": true, "TO": true, "TV": true, "WS": true,
}

func isLetters(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') {
			return false
		}
	}
	return true
}

// monthFirstRegions write numeric dates month first: 03/04/2016 is
// March 4. Canada writes both ways, so its pages go by their language.
var monthFirstRegions = map[string]bool{"US": true, "PH": true, "FM": true, "MH": true, "PW": true}

// dayFirst reports whether the page's own locale reads an ambiguous
// numeric date (03/04/2016) day first: the first of its language tag's
// region, og:locale's region and its URL's country TLD that is known
// decides; without one, every language but English writes the day first,
// and English (or no language) is read month first, as US pages write it.
// A site's date_order overrides this.
func (p *page) dayFirst() bool {
	for _, c := range []string{tagRegion(p.lang), tagRegion(p.meta["og:locale"]), p.tldCountry()} {
		if c != "" && c != "CA" {
			return !monthFirstRegions[c]
		}
	}
	for _, tag := range []string{p.lang, p.meta["og:locale"]} {
		if l := primaryLanguage(tag); l != "" {
			return l != "en"
		}
	}
	return false
}

// primaryLanguage is the lower-cased primary subtag of a language tag
// ("pt" of "pt-BR", "de" of "de_AT"); "" when there is none.
func primaryLanguage(tag string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
	l, _, _ = strings.Cut(l, "_")
	if len(l) < 2 || len(l) > 3 || !isLetters(l) {
		return ""
	}
	return strings.ToLower(l)
}

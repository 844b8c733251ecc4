package timeparse

import "strings"

// This file holds the word tables: month names of the Gregorian, Solar Hijri
// and Lunar Hijri calendars in the supported languages, weekday names, day
// ordinal suffixes, era markers, and the lookups over them. Keys are folded
// at init with foldKey, so case, Latin accents, Arabic letter variants and
// the spaces/hyphens inside multi-word names never matter.

type calendar uint8

const (
	calGregorian calendar = iota
	calJalali
	calHijri
)

func (c calendar) String() string {
	switch c {
	case calJalali:
		return "jalali"
	case calHijri:
		return "hijri"
	}
	return "gregorian"
}

type monthInfo struct {
	cal calendar
	m   int
}

// gregorianMonths lists, per month, its spellings in English, French, German,
// Spanish, Italian, Portuguese, Dutch, Arabic (Egyptian/Gulf, Maghrebi and
// Levantine names) and Persian, then (nominative and genitive where they
// differ) Polish, Czech, Russian, Ukrainian, Romanian, Turkish, Finnish,
// Hungarian, Greek, Catalan and the Scandinavian and Indonesian names.
var gregorianMonths = [12]string{
	"january|jan|janvier|janv|januar|jänner|jaenner|enero|ene|gennaio|janeiro|januari|يناير|جانفي|كانون الثاني|كانون ثاني|ژانویه|styczeń|stycznia|ledna|leden|январь|января|січня|ianuarie|ocak|tammikuuta|tammikuu|ιανουαρίου|ιανουάριος|gener",
	"february|feb|febr|février|févr|februar|feber|febrero|febbraio|fevereiro|februari|فبراير|فيفري|شباط|فوریه|luty|lutego|února|unor|февраль|февраля|лютого|februarie|şubat|helmikuuta|helmikuu|φεβρουαρίου|febrer",
	"march|mar|mars|märz|maerz|marzo|março|maart|mrt|مارس|آذار|مارچ|marzec|marca|března|brezen|март|марта|березня|martie|mart|marts|maret|maaliskuuta|maaliskuu|március|μαρτίου|març",
	"april|apr|avril|avr|abril|abr|aprile|أبريل|ابريل|إبريل|أفريل|نيسان|آوریل|آپریل|kwiecień|kwietnia|dubna|duben|апрель|апреля|квітня|aprilie|nisan|huhtikuuta|huhtikuu|április|απριλίου",
	"may|mai|mayo|maggio|maio|mei|مايو|ماي|أيار|مه|می|maj|maja|května|kveten|мая|травня|mayıs|toukokuuta|toukokuu|május|μαΐου|μαίου|maig",
	"june|jun|juin|juni|junio|giugno|junho|يونيو|يونيه|جوان|حزيران|ژوئن|czerwiec|czerwca|června|cerven|июнь|июня|червня|iunie|haziran|kesäkuuta|kesäkuu|június|ιουνίου|juny",
	"july|jul|juillet|juil|juli|julio|luglio|julho|يوليو|يوليه|جويلية|تموز|ژوئیه|جولای|lipiec|lipca|července|cervenec|июль|июля|липня|iulie|temmuz|heinäkuuta|heinäkuu|július|ιουλίου|juliol",
	"august|aug|août|augustus|agosto|ago|أغسطس|اغسطس|أوت|آب|اوت|آگوست|sierpień|sierpnia|srpna|srpen|август|августа|серпня|augusti|ağustos|agustus|elokuuta|elokuu|augusztus|αυγούστου|agost",
	"september|sep|sept|septembre|septiembre|setiembre|settembre|setembro|سبتمبر|أيلول|سپتامبر|wrzesień|września|září|сентябрь|сентября|вересня|septembrie|eylül|syyskuuta|syyskuu|szeptember|σεπτεμβρίου|setembre",
	"october|oct|octobre|oktober|okt|octubre|ottobre|outubro|أكتوبر|اكتوبر|تشرين الأول|تشرين أول|اکتبر|październik|października|října|rijen|октябрь|октября|жовтня|octombrie|ekim|lokakuuta|lokakuu|október|οκτωβρίου",
	"november|nov|novembre|noviembre|novembro|نوفمبر|تشرين الثاني|تشرين ثاني|نوامبر|listopad|listopada|listopadu|ноябрь|ноября|листопада|листопад|noiembrie|kasım|marraskuuta|marraskuu|νοεμβρίου",
	"december|dec|décembre|déc|dezember|dez|diciembre|dic|dicembre|dezembro|ديسمبر|كانون الأول|كانون أول|دسامبر|grudzień|grudnia|prosince|prosinec|декабрь|декабря|грудня|decembrie|aralık|desember|joulukuuta|joulukuu|δεκεμβρίου|desembre",
}

// jalaliMonths are the Solar Hijri months in Persian and in transliteration.
var jalaliMonths = [12]string{
	"فروردین|farvardin",
	"اردیبهشت|ordibehesht",
	"خرداد|khordad",
	"تیر|tir",
	"مرداد|امرداد|mordad",
	"شهریور|shahrivar",
	"مهر|mehr",
	"آبان|aban",
	"آذر|azar",
	"دی|dey",
	"بهمن|bahman",
	"اسفند|esfand",
}

// hijriMonths are the Islamic months in Arabic/Persian spelling and common
// English transliterations. They are only accepted next to a Hijri label.
var hijriMonths = [12]string{
	"محرم|المحرم|muharram|muharam",
	"صفر|safar",
	"ربيع الأول|ربيع أول|rabi al-awwal|rabi ul-awwal|rabi i",
	"ربيع الآخر|ربيع الثاني|ربيع ثاني|rabi al-thani|rabi al-akhir|rabi ul-akhir|rabi ath-thani|rabi ii",
	"جمادى الأولى|جمادى الأول|جمادى أول|jumada al-awwal|jumada al-ula|jumada i",
	"جمادى الآخرة|جمادى الآخر|جمادى الثانية|جمادى الثاني|jumada al-thani|jumada al-akhirah|jumada al-akhira|jumada ii",
	"رجب|rajab",
	"شعبان|sha'ban|shaban",
	"رمضان|ramadan|ramadhan|ramazan",
	"شوال|shawwal|shawal",
	"ذو القعدة|ذي القعدة|ذوالقعدة|dhu al-qadah|dhu al-qidah|dhul qadah|dhul qidah|dhu al-qa'dah|dhu al-qi'dah",
	"ذو الحجة|ذي الحجة|ذوالحجة|dhu al-hijjah|dhul hijjah|dhu al-hijja|dhul hijja",
}

var weekdayNames = []string{
	"monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu", "thur", "thurs",
	"friday", "fri", "saturday", "sat", "sunday", "sun",
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
	"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
	"lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato",
	"segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira",
	"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
	"الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد",
	"شنبه", "یکشنبه", "یک شنبه", "دوشنبه", "دو شنبه", "سه شنبه", "سه‌شنبه", "چهارشنبه", "چهار شنبه",
	"پنجشنبه", "پنج شنبه", "جمعه",
}

// ordinalSuffixes may follow a day number without a space: 28th, 1er, 1º.
var ordinalSuffixes = map[string]bool{
	"st": true, "nd": true, "rd": true, "th": true,
	"er": true, "re": true, "e": true, "eme": true, "ere": true,
	"o": true, "º": true, "ª": true, "ام": true,
}

// eraWords may follow a year: 2016م, 1395 ه.ش, 1446 هـ, 2016 AD.
var eraWords = map[string]bool{
	"م": true, "ه": true, "ش": true, "ق": true, "ah": true, "ad": true, "ce": true,
	"میلادی": true, "هجری": true, "هجریه": true, "الهجری": true, "الهجریه": true,
	"شمسی": true, "قمری": true, "خورشیدی": true, "hijri": true,
}

var (
	monthTable   = buildMonthTable()
	weekdayTable = buildSet(weekdayNames)
)

func buildSet(names []string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[foldKey(n)] = true
	}
	return m
}

func buildMonthTable() map[string]monthInfo {
	m := make(map[string]monthInfo, 400)
	add := func(cal calendar, names *[12]string) {
		for i, list := range names {
			for _, name := range strings.Split(list, "|") {
				k := foldKey(name)
				v := monthInfo{cal: cal, m: i + 1}
				if old, dup := m[k]; dup && old != v {
					panic("timeparse: month name " + name + " is ambiguous")
				}
				m[k] = v
			}
		}
	}
	add(calGregorian, &gregorianMonths)
	add(calJalali, &jalaliMonths)
	add(calHijri, &hijriMonths)
	return m
}

// month matches a month name (possibly several words) at token i.
func (p *parser) month(i int) (monthInfo, int, bool) {
	return lookupJoined(p, i, monthTable)
}

// skipAltMonth skips a second name of the same month given after a slash or
// in parentheses, as Levantine sites print "كانون الأول/ديسمبر".
func (p *parser) skipAltMonth(j int, mi monthInfo) int {
	open := p.isPunct(j, '(')
	if !open && !p.isPunct(j, '/') {
		return j
	}
	alt, k, ok := p.month(j + 1)
	if !ok || alt.m != mi.m || alt.cal != mi.cal {
		return j
	}
	if open {
		if !p.isPunct(k, ')') {
			return j
		}
		k++
	}
	return k
}

// skipOrdinal skips a day-ordinal suffix written right after the number.
func (p *parser) skipOrdinal(j int) int {
	if t := p.tok(j); t != nil && t.kind == tWord && !t.sp && ordinalSuffixes[string(p.text(t))] {
		return j + 1
	}
	return j
}

// skipEra skips era markers after a year ("م", "ه.ش", "هـ", "AH").
func (p *parser) skipEra(j int) int {
	for n := 0; n < 4; n++ {
		if t := p.tok(j); t != nil && t.kind == tWord && eraWords[string(p.text(t))] {
			j++
			continue
		}
		if p.isPunct(j, '.') && p.isWord(j-1) && p.isWord(j+1) && eraWords[string(p.text(&p.toks[j+1]))] {
			j++
			continue
		}
		break
	}
	return j
}

// extendWeekday moves the start of a date at token i back over a weekday
// name before it ("Wed, 28 Dec", "چهارشنبه ۸ دی").
func (p *parser) extendWeekday(i int) int {
	k := i - 1
	if t := p.tok(k); t != nil && t.kind == tPunct && (t.ch == ',' || t.ch == '.' || t.ch == '-') {
		k--
	}
	for s := k; s >= 0 && s > k-maxJoin; s-- {
		if !p.isWord(s) {
			break
		}
		if _, end, ok := lookupJoined(p, s, weekdayTable); ok && end == k+1 {
			return s
		}
	}
	return i
}

// lunarLabel reports whether the tokens around [start, end) label a date as
// Lunar Hijri: "هـ", "ه.ق", "هجری قمری", "الهجري", "AH", "A.H.", "Hijri".
// "ه.ش" and "هجری شمسی" (Solar Hijri) do not count.
func (p *parser) lunarLabel(start, end int) bool {
	from, to := start-6, end+4
	if from < 0 {
		from = 0
	}
	if to > len(p.toks) {
		to = len(p.toks)
	}
	for i := from; i < to; i++ {
		t := &p.toks[i]
		if t.kind != tWord {
			continue
		}
		switch string(p.text(t)) {
		case "ه", "هجری", "هجریه", "الهجری", "الهجریه":
			k := i + 1
			if p.isPunct(k, '.') {
				k++
			}
			if !p.wordIs(k, "ش") && !p.wordIs(k, "شمسی") {
				return true
			}
		case "قمری", "hijri", "hijrah", "hegira":
			return true
		case "ah":
			if t.upper {
				return true
			}
		case "a":
			if p.isPunct(i+1, '.') && p.wordIs(i+2, "h") {
				return true
			}
		}
	}
	return false
}

package timeparse

import (
	"strings"
	"time"
)

// This file resolves relative times against Options.Now: "2 hours ago",
// "5 mins ago", "3 days ago", "yesterday at 6:12 PM", "just now", and their
// French, German, Spanish, Italian, Portuguese, Dutch, Persian and Arabic
// equivalents ("il y a 2 heures", "vor 2 Stunden", "hace 2 horas",
// "۲ ساعت پیش", "منذ ساعتين"). Units below a day give minute (or second)
// precision; days and longer give day precision in the Now's calendar day
// in Options.Location (UTC when nil).

type relUnit uint8

const (
	uSecond relUnit = iota + 1
	uMinute
	uHour
	uDay
	uWeek
	uMonth
	uYear
)

type unitInfo struct {
	u relUnit
	// bare is the count implied by the word alone in the Arabic prefix form
	// ("منذ ساعة" = 1 hour, "منذ ساعتين" = 2 hours); 0 = a number is needed.
	bare int
}

// unitSpellings lists, per unit, words that need a number, then after ';'
// Arabic singular forms (count 1) and after a second ';' Arabic duals (count 2).
var unitSpellings = map[relUnit]string{
	uSecond: "second|seconds|sec|secs|s|seconde|secondes|sekunde|sekunden|sek|segundo|segundos|secondo|secondi|seconden|ثانیه|ثوان|ثواني;ثانية;ثانيتين|ثانيتان",
	uMinute: "minute|minutes|min|mins|m|minuten|minuto|minutos|minuti|minuut|دقیقه|دقائق;دقيقة;دقيقتين|دقيقتان",
	uHour:   "hour|hours|hr|hrs|h|heure|heures|stunde|stunden|std|hora|horas|ora|ore|uur|ساعت|ساعات;ساعة;ساعتين|ساعتان",
	uDay:    "day|days|d|jour|jours|tag|tage|tagen|dia|dias|día|días|giorno|giorni|dag|dagen|روز|أيام|ايام;يوم;يومين|يومان",
	uWeek:   "week|weeks|wk|wks|w|semaine|semaines|woche|wochen|semana|semanas|settimana|settimane|weken|هفته|أسابيع;أسبوع;أسبوعين|أسبوعان",
	uMonth:  "month|months|mo|mos|mois|monat|monate|monaten|mes|meses|mese|mesi|maand|maanden|ماه|أشهر|شهور;شهر;شهرين|شهران",
	uYear:   "year|years|yr|yrs|y|an|ans|année|années|jahr|jahre|jahren|año|años|anno|anni|ano|anos|jaar|jaren|سال|سنوات|أعوام;سنة|عام;سنتين|عامين|سنتان|عامان",
}

// numberWords stand for the count 1 before a unit ("an hour ago", "vor einer Stunde").
var numberWords = buildSet([]string{
	"a", "an", "one", "un", "une", "ein", "eine", "einer", "einem", "einen", "una", "uno", "um", "uma", "een", "یک",
})

// Words that put the count first: "il y a 2 heures", "vor 2 Stunden", "منذ 3 ساعات".
var relPrefixes = buildSet([]string{"il y a", "vor", "hace", "há", "منذ", "قبل"})

// Words that put the count last: "2 hours ago", "۲ ساعت پیش", "2 ore fa".
var relSuffixes = buildSet([]string{"ago", "back", "پیش", "قبل", "fa", "geleden", "atrás"})

type relPhrase struct {
	now  bool // "just now"
	days int  // days before Now: 0 today, 1 yesterday, 2 the day before
}

var relPhrases = func() map[string]relPhrase {
	m := map[string]relPhrase{}
	add := func(v relPhrase, names string) {
		for _, n := range strings.Split(names, "|") {
			m[foldKey(n)] = v
		}
	}
	add(relPhrase{now: true}, "just now|right now|moments ago|a moment ago|a few seconds ago|few seconds ago|seconds ago|"+
		"à l'instant|gerade eben|soeben|justo ahora|hace un momento|ahora mismo|poco fa|agora mesmo|zojuist|"+
		"همین الان|لحظاتی پیش|لحظاتی قبل|چند لحظه پیش|منذ لحظات|قبل لحظات|منذ قليل")
	add(relPhrase{days: 0}, "today|aujourd'hui|heute|hoy|oggi|hoje|vandaag|امروز|اليوم")
	add(relPhrase{days: 1}, "yesterday|hier|gestern|ayer|ieri|ontem|gisteren|دیروز|أمس|امس|البارحة")
	add(relPhrase{days: 2}, "day before yesterday|the day before yesterday|avant-hier|vorgestern|anteayer|l'altro ieri|altroieri|anteontem|eergisteren|پریروز|أول أمس|اول امس")
	return m
}()

var relUnits = func() map[string]unitInfo {
	m := map[string]unitInfo{}
	for u, spell := range unitSpellings {
		for bare, group := range strings.Split(spell, ";") {
			for _, n := range strings.Split(group, "|") {
				m[foldKey(n)] = unitInfo{u: u, bare: bare}
			}
		}
	}
	return m
}()

// Limits that keep relative arithmetic far from overflow; anything beyond
// them would fail the year range check anyway.
const (
	maxRelDuration = 250 * 366 * 24 * time.Hour
	maxRelCount    = 400 * 366
)

// relative matches a relative time at token i.
func (p *parser) relative(i int) (match, bool) {
	if ph, end, ok := lookupJoined(p, i, relPhrases); ok {
		if ph.now {
			return p.relInstant(i, end, 0, uMinute)
		}
		dm, ok := p.daysBefore(ph.days, uDay)
		if !ok {
			return match{}, false
		}
		m := match{start: i, end: end, dm: dm}
		if c, ok := p.trailingClock(end); ok {
			m.clk, m.hasClk, m.end = c, true, c.end
		} else {
			m.weak = true // a bare "today" in running text is weak evidence
		}
		return m, true
	}
	if _, j, ok := lookupJoined(p, i, relPrefixes); ok {
		if n, u, end, ok := p.relAmount(j, true); ok {
			return p.relResult(i, end, n, u)
		}
	}
	if n, u, j, ok := p.relAmount(i, false); ok {
		if _, end, ok := lookupJoined(p, j, relSuffixes); ok {
			return p.relResult(i, end, n, u)
		}
	}
	return match{}, false
}

// relAmount matches a count and a unit at token i ("2 hours", "an hour",
// "5m"); with bare, also an Arabic unit word whose form implies the count.
func (p *parser) relAmount(i int, bare bool) (n int, u relUnit, end int, ok bool) {
	t := p.tok(i)
	if t == nil {
		return 0, 0, i, false
	}
	switch {
	case t.kind == tNum && t.ndig <= 6:
		n = t.val
	case t.kind == tWord && numberWords[string(p.text(t))]:
		n = 1
	case t.kind == tWord && bare:
		if ui, ok := relUnits[string(p.text(t))]; ok && ui.bare > 0 {
			return ui.bare, ui.u, i + 1, true
		}
		return 0, 0, i, false
	default:
		return 0, 0, i, false
	}
	ut := p.tok(i + 1)
	if ut == nil || ut.kind != tWord {
		return 0, 0, i, false
	}
	ui, ok := relUnits[string(p.text(ut))]
	if !ok {
		return 0, 0, i, false
	}
	return n, ui.u, i + 2, true
}

func (p *parser) relResult(start, end, n int, u relUnit) (match, bool) {
	if u <= uHour {
		return p.relInstant(start, end, n, u)
	}
	dm, ok := p.daysBefore(n, u)
	if !ok {
		return match{}, false
	}
	return match{start: start, end: end, dm: dm}, true
}

// relInstant returns Now minus n units (seconds, minutes or hours),
// truncated to the resulting precision.
func (p *parser) relInstant(start, end, n int, u relUnit) (match, bool) {
	unit, prec := time.Second, PrecisionSecond
	switch u {
	case uMinute:
		unit, prec = time.Minute, PrecisionMinute
	case uHour:
		unit, prec = time.Hour, PrecisionMinute
	}
	if time.Duration(n) > maxRelDuration/unit {
		return match{}, false
	}
	t := time.Unix(p.nowSec, p.nowNsec).UTC().Add(-time.Duration(n) * unit)
	if prec == PrecisionMinute {
		t = t.Truncate(time.Minute)
	} else {
		t = t.Truncate(time.Second)
	}
	return match{start: start, end: end, instant: true, at: t, prec: prec}, true
}

// daysBefore returns the calendar date n units (days, weeks, months or
// years) before Now's date in the configured location.
func (p *parser) daysBefore(n int, u relUnit) (dateMatch, bool) {
	if n > maxRelCount {
		return dateMatch{}, false
	}
	y, m, d := civilFromDays(p.today(calGregorian))
	switch u {
	case uDay:
		d -= n
	case uWeek:
		d -= 7 * n
	case uMonth:
		m -= n
	case uYear:
		y -= n
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() < minYear || t.Year() > maxYear {
		return dateMatch{}, false
	}
	return dateMatch{y: t.Year(), m: int(t.Month()), d: t.Day(), cal: calGregorian}, true
}

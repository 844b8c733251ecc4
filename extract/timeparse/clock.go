package timeparse

// This file matches a time of day — "06:12", "6:12:00.123", "6:12 a.m.",
// "18h30", "0612 GMT", compact ISO "061200" — with its optional am/pm marker
// and zone, and the connectors that may separate a date from its time.

type clockMatch struct {
	h, mi, s, ns int
	hasSec       bool
	zone         zoneRef
	end          int // index just past the clock
}

// Words that mark the half of the day.
var ampmWords = map[string]bool{ // true = pm
	"am": false, "pm": true,
	"ص": false, "صباحا": false, "صباح": false, "صبحا": false,
	"م": true, "مساء": true, "مساءا": true, "مسا": true, "ظهرا": true, "عصرا": true, "لیلا": true,
}

// clockSuffixes may follow a time ("06:12 Uhr", "18:12 hrs").
var clockSuffixes = map[string]bool{"uhr": true, "h": true, "hrs": true, "hs": true, "horas": true, "heures": true}

// Words that may sit between a date and its time ("at", "um", "à", "a las",
// "ساعت", "الساعة").
var dateTimeConnectors = buildSet([]string{
	"at", "um", "à", "a", "las", "la", "alle", "ore", "om", "às", "as", "kl", "klo",
	"ساعت", "الساعة", "الساعه", "في", "در",
})

// Words that may sit between a time and a following date ("on", "le", "am").
var timeDateConnectors = buildSet([]string{"on", "le", "am", "el", "del", "de", "du", "il", "op", "in"})

type clockMode uint8

const (
	clockLead  clockMode = iota // a time printed before its date
	clockTrail                  // a time after its date: "hh.mm" is allowed
	clockISO                    // right after a 'T': "hhmm" and "hhmmss" are allowed
)

// clock matches a time of day at token i.
func (p *parser) clock(i int, mode clockMode) (clockMatch, bool) {
	t := p.numAt(i)
	if t == nil {
		return clockMatch{}, false
	}
	compact := mode == clockISO
	var c clockMatch
	j := i + 1
	switch {
	case compact && (t.ndig == 4 || t.ndig == 6):
		if t.ndig == 4 {
			c.h, c.mi = t.val/100, t.val%100
		} else {
			c.h, c.mi, c.s, c.hasSec = t.val/10000, t.val/100%100, t.val%100, true
			j = p.fraction(j, &c)
		}
	case t.ndig <= 2 && p.isPunct(j, ':'):
		m := p.numAt(j + 1)
		if m == nil || m.ndig != 2 {
			return clockMatch{}, false
		}
		c.h, c.mi = t.val, m.val
		j += 2
		if p.isPunct(j, ':') {
			// After a 'T' a one-digit second is a template's unpadded
			// number ("2020-12-05T23:15:0Z").
			if s := p.numAt(j + 1); s != nil && (s.ndig == 2 || mode == clockISO && s.ndig == 1) {
				c.s, c.hasSec = s.val, true
				j = p.fraction(j+2, &c)
			}
		}
	case mode == clockTrail && t.ndig <= 2 && p.isPunct(j, '.') && p.adjacent(j) && p.adjacent(j+1):
		// British style after a date: "Wed 28 Dec 2016 06.12 GMT"
		m := p.numAt(j + 1)
		if m == nil || m.ndig != 2 || p.isPunct(j+2, '.') && p.numAt(j+3) != nil && p.numAt(j+3).ndig == 4 {
			return clockMatch{}, false
		}
		c.h, c.mi = t.val, m.val
		j += 2
		if p.isPunct(j, '.') && p.adjacent(j) {
			if s := p.numAt(j + 1); s != nil && s.ndig == 2 && !s.sp {
				c.s, c.hasSec = s.val, true
				j += 2
			}
		}
	case t.ndig <= 2 && p.wordIs(j, "h") && p.adjacent(j):
		// French style: 06h12, 18h
		c.h = t.val
		j++
		if m := p.numAt(j); m != nil && m.ndig == 2 && !m.sp {
			c.mi = m.val
			j++
		}
	case t.ndig == 4 && !compact:
		// "0612 GMT" (hhmm followed by a zone, as printed by iran-daily.com)
		z, k, ok := p.zone(j)
		if !ok {
			return clockMatch{}, false
		}
		c.h, c.mi, c.zone, c.end = t.val/100, t.val%100, z, k
		return c, c.valid()
	case t.ndig <= 2:
		// "6 PM": an hour alone needs an am/pm marker
		if _, _, ok := p.ampm(j); !ok {
			return clockMatch{}, false
		}
		c.h = t.val
	default:
		return clockMatch{}, false
	}
	if pm, k, ok := p.ampm(j); ok && c.h >= 1 && c.h <= 12 {
		if pm && c.h < 12 {
			c.h += 12
		} else if !pm && c.h == 12 {
			c.h = 0
		}
		j = k
	} else if t.ndig <= 2 && !p.isPunct(i+1, ':') && !p.isPunct(i+1, '.') && !p.wordIs(i+1, "h") {
		return clockMatch{}, false // "6 PM" form whose hour is not 1–12
	}
	if u := p.tok(j); u != nil && u.kind == tWord && clockSuffixes[string(p.text(u))] {
		j++
	}
	if z, k, ok := p.zone(j); ok {
		c.zone, j = z, k
	}
	c.end = j
	return c, c.valid()
}

// valid checks the ranges and folds a leap second (23:59:60) into the
// preceding second so that it stays on the printed date.
func (c *clockMatch) valid() bool {
	if c.s == 60 {
		c.s = 59
	}
	if c.h == 24 {
		return c.mi == 0 && c.s == 0 && c.ns == 0 // ISO 8601 end of day
	}
	return c.h >= 0 && c.h < 24 && c.mi >= 0 && c.mi < 60 && c.s >= 0 && c.s <= 60
}

// fraction reads a decimal fraction of a second (".123" or ",123", touching
// the seconds) at token j into c.ns and returns the index after it.
func (p *parser) fraction(j int, c *clockMatch) int {
	if !(p.isPunct(j, '.') || p.isPunct(j, ',')) || !p.adjacent(j) {
		return j
	}
	f := p.numAt(j + 1)
	if f == nil || f.sp {
		return j
	}
	ns, n := 0, 0
	for _, d := range p.text(f) {
		if n == 9 {
			break
		}
		ns = ns*10 + int(d-'0')
		n++
	}
	for ; n < 9; n++ {
		ns *= 10
	}
	c.ns = ns
	return j + 2
}

// ampm matches an am/pm marker at token j: "am", "PM", "a.m.", "p. m.",
// Persian "ق.ظ"/"ب.ظ", Arabic "ص"/"م"/"مساءً".
func (p *parser) ampm(j int) (pm bool, end int, ok bool) {
	t := p.tok(j)
	if t == nil || t.kind != tWord {
		return false, j, false
	}
	w := string(p.text(t))
	if v, ok := ampmWords[w]; ok {
		return v, j + 1, true
	}
	// a.m. / p.m. / ق.ظ / ب.ظ
	second := "m"
	switch w {
	case "a", "p":
	case "ق", "ب":
		second = "ظ"
	default:
		return false, j, false
	}
	if !p.isPunct(j+1, '.') || !p.wordIs(j+2, second) {
		return false, j, false
	}
	end = j + 3
	if p.isPunct(end, '.') {
		end++
	}
	return w == "p" || w == "ب", end, true
}

// trailingClock matches the time that may follow a date ending at token j:
// "T06:12:00Z", ", 6:12 a.m. EST", " um 06:12 Uhr", " - ۰۹:۴۲".
func (p *parser) trailingClock(j int) (clockMatch, bool) {
	if p.wordIs(j, "t") && p.adjacent(j) && p.adjacent(j+1) {
		return p.clock(j+1, clockISO)
	}
	k := j
	for n := 0; n < 3; n++ {
		if c, ok := p.clock(k, clockTrail); ok {
			return c, true
		}
		t := p.tok(k)
		if t == nil {
			break
		}
		switch {
		case t.kind == tPunct && (t.ch == ',' || t.ch == '-' || t.ch == '|' || t.ch == '/' ||
			t.ch == '@' || t.ch == ';' || t.ch == '.' || t.ch == '(' || t.ch == '~' || t.ch == ':'):
		case t.kind == tWord && dateTimeConnectors[string(p.text(t))]:
		default:
			return clockMatch{}, false
		}
		k++
	}
	return clockMatch{}, false
}

// skipLeadConnectors skips what may separate a leading time from its date:
// punctuation, "on"/"le"/"am", and a weekday name.
func (p *parser) skipLeadConnectors(j int) int {
	for n := 0; n < 4; n++ {
		t := p.tok(j)
		if t == nil {
			break
		}
		if t.kind == tPunct && (t.ch == ',' || t.ch == '-' || t.ch == '|' || t.ch == '/' || t.ch == '.' || t.ch == '~') {
			j++
			continue
		}
		if t.kind != tWord {
			break
		}
		if timeDateConnectors[string(p.text(t))] {
			j++
			continue
		}
		if _, k, ok := lookupJoined(p, j, weekdayTable); ok {
			j = k
			continue
		}
		break
	}
	return j
}

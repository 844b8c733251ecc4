package timeparse

// This file matches calendar dates: numeric (2016-12-28, 28/12/2016,
// 1395/10/08), compact ISO (20161228T…), day-first and month-first dates with
// month names in any supported language and calendar, CJK (2016年12月28日),
// ANSI C (Dec 28 06:12:00 2016), and dates without a year (resolved against
// Options.Now). Every match is converted to the Gregorian calendar here.

type dateMatch struct {
	y, m, d int      // Gregorian date
	cal     calendar // calendar the date was written in
	end     int      // index just past the date
	weak    bool     // inferred year or relative day word: a weak match
	clk     clockMatch
	hasClk  bool // clk was matched inside the date (ANSI C form)
}

// date matches a date starting at token i.
func (p *parser) date(i int) (dateMatch, bool) {
	t := p.tok(i)
	if t == nil {
		return dateMatch{}, false
	}
	switch t.kind {
	case tNum:
		if dm, ok := p.numericDate(i); ok {
			return dm, true
		}
		if dm, ok := p.compactDate(i); ok {
			return dm, true
		}
		if dm, ok := p.dayFirstDate(i); ok {
			return dm, true
		}
		return p.cjkDate(i)
	case tWord:
		return p.monthFirstDate(i)
	}
	return dateMatch{}, false
}

// toDays converts a date of any supported calendar to a day number.
func toDays(cal calendar, y, m, d int) (int, bool) {
	switch cal {
	case calJalali:
		if y < 1200 || y > 1700 {
			return 0, false
		}
		return jalaliToDays(y, m, d)
	case calHijri:
		if y < 1200 || y > 1700 {
			return 0, false
		}
		return hijriToDays(y, m, d)
	}
	if y < minYear || y > maxYear || m < 1 || m > 12 || d < 1 || d > gregorianMonthLength(y, m) {
		return 0, false
	}
	return daysFromCivil(y, m, d), true
}

// makeDate converts y-m-d of calendar cal into a Gregorian dateMatch.
func makeDate(cal calendar, y, m, d, end int) (dateMatch, bool) {
	days, ok := toDays(cal, y, m, d)
	if !ok {
		return dateMatch{}, false
	}
	gy, gm, gd := civilFromDays(days)
	if gy < minYear || gy > maxYear {
		return dateMatch{}, false
	}
	return dateMatch{y: gy, m: gm, d: gd, cal: cal, end: end}, true
}

// expandYear turns a two-digit year into a full one (69–99 → 19xx, else
// 20xx, like Go's time package); Solar Hijri years become 13xx/14xx.
func expandYear(yy int, cal calendar) int {
	if cal == calJalali {
		if yy < 50 {
			return 1400 + yy
		}
		return 1300 + yy
	}
	if yy >= 69 {
		return 1900 + yy
	}
	return 2000 + yy
}

// numericDate matches y-m-d, d/m/y or m/d/y with '-', '/' or '.' between
// the parts. A year of 1300–1499 makes the date Solar Hijri, or Lunar Hijri
// when labelled so.
func (p *parser) numericDate(i int) (dateMatch, bool) {
	a := p.numAt(i)
	st := p.tok(i + 1)
	if a == nil || st == nil || st.kind != tPunct {
		return dateMatch{}, false
	}
	sep := st.ch
	if sep != '-' && sep != '/' && sep != '.' {
		return dateMatch{}, false
	}
	b, c := p.numAt(i+2), p.numAt(i+4)
	if b == nil || c == nil || !p.isPunct(i+3, sep) {
		return dateMatch{}, false
	}
	end := i + 5
	// Part of a longer chain: an IP address, version or phone number.
	if p.isPunct(end, sep) && p.numAt(end+1) != nil && p.adjacent(end) && p.adjacent(end+1) ||
		p.isPunct(i-1, sep) && p.numAt(i-2) != nil && p.adjacent(i-1) && p.adjacent(i) {
		return dateMatch{}, false
	}
	var y, m, d int
	switch {
	case a.ndig == 4 && b.ndig <= 2 && c.ndig <= 2:
		y, m, d = a.val, b.val, c.val
	case a.ndig <= 2 && b.ndig <= 2 && (c.ndig == 4 || c.ndig == 2 && sep != '-'):
		y = c.val
		if c.ndig == 2 {
			y = expandYear(y, calGregorian)
		}
		x, z := a.val, b.val
		switch {
		case x > 12 && z <= 12:
			d, m = x, z
		case z > 12 && x <= 12:
			m, d = x, z
		case x <= 12 && z <= 12:
			// Dots are the day-first countries' separator: 01.12.2021
			// is the 1st of December wherever it is written.
			if p.dayFirst || sep == '.' {
				d, m = x, z
			} else {
				m, d = x, z
			}
		default:
			return dateMatch{}, false
		}
	default:
		return dateMatch{}, false
	}
	cal := calGregorian
	if y >= 1300 && y < 1500 {
		cal = calJalali
		if p.lunarLabel(i, end) {
			cal = calHijri
		}
	}
	return makeDate(cal, y, m, d, p.skipEra(end))
}

// compactDate matches the ISO 8601 basic form yyyymmdd, only when a 'T' and
// a time follow (20161228T061200Z); a bare 8-digit number is too often an ID.
func (p *parser) compactDate(i int) (dateMatch, bool) {
	a := p.numAt(i)
	if a == nil || a.ndig != 8 || !p.wordIs(i+1, "t") || !p.adjacent(i+1) || p.numAt(i+2) == nil {
		return dateMatch{}, false
	}
	return makeDate(calGregorian, a.val/10000, a.val/100%100, a.val%100, i+1)
}

// dayNumber returns the day-of-month token at i, if it can be one.
func (p *parser) dayNumber(i int) (int, bool) {
	t := p.numAt(i)
	if t == nil || t.ndig > 2 || t.val < 1 || t.val > 31 {
		return 0, false
	}
	return t.val, true
}

// clockStarts reports whether an "hh:mm" time starts at token i.
func (p *parser) clockStarts(i int) bool {
	t := p.numAt(i)
	return t != nil && t.ndig <= 2 && p.isPunct(i+1, ':')
}

// dayFirstDate matches "28 Dec 2016", "28th of December, 2016",
// "28. Dezember 2016", "28 de diciembre de 2016", "28-Dec-16" (RFC 850),
// "۸ دی ۱۳۹۵", "28 كانون الأول 2016".
func (p *parser) dayFirstDate(i int) (dateMatch, bool) {
	day, ok := p.dayNumber(i)
	if !ok {
		return dateMatch{}, false
	}
	j := p.skipOrdinal(i + 1)
	if p.isPunct(j, '.') {
		j++
	}
	if p.wordIs(j, "de") || p.wordIs(j, "of") || p.wordIs(j, "del") {
		j++
	}
	var sep byte
	if p.isPunct(j, '-') || p.isPunct(j, '/') {
		sep = p.toks[j].ch
		j++
	}
	mi, j, ok := p.month(j)
	if !ok {
		return dateMatch{}, false
	}
	j = p.skipAltMonth(j, mi)
	if p.isPunct(j, '.') {
		j++
	}
	if sep != 0 {
		if !p.isPunct(j, sep) || p.numAt(j+1) == nil {
			return dateMatch{}, false
		}
		return p.withYear(i, mi, day, j+1, true)
	}
	k := j
	if p.isPunct(k, ',') {
		k++
	}
	if p.wordIs(k, "de") || p.wordIs(k, "del") {
		k++
	}
	if dm, ok := p.withYear(i, mi, day, k, false); ok || p.hasYear(k) {
		return dm, ok
	}
	return p.yearless(mi, day, j)
}

// hasYear reports whether a four-digit year sits at token k, in which case
// a date that fails to validate must not fall back to a year-less reading
// ("Feb 29, 2017" is invalid, not "Feb 29" of some other year).
func (p *parser) hasYear(k int) bool {
	t := p.numAt(k)
	return t != nil && t.ndig == 4
}

// withYear completes a named-month date whose year token is at k. A
// two-digit year is accepted after a dash (RFC 850) or before a time
// (RFC 822 "28 Dec 16 06:12 EST").
func (p *parser) withYear(start int, mi monthInfo, day, k int, sepYear bool) (dateMatch, bool) {
	yt := p.numAt(k)
	if yt == nil {
		return dateMatch{}, false
	}
	var y int
	switch {
	case yt.ndig == 4:
		y = yt.val
	case yt.ndig == 2 && (sepYear || p.clockStarts(k+1)):
		y = expandYear(yt.val, mi.cal)
	default:
		return dateMatch{}, false
	}
	if mi.cal == calHijri && !p.lunarLabel(start, k+1) {
		return dateMatch{}, false
	}
	return makeDate(mi.cal, y, mi.m, day, p.skipEra(k+1))
}

// yearless resolves a date printed without a year ("28 Dec", "Dec 28") to
// its most recent occurrence not after Options.Now (allowing one day of
// zone slack). Without Now such dates are rejected.
func (p *parser) yearless(mi monthInfo, day, end int) (dateMatch, bool) {
	if !p.hasNow || mi.cal == calHijri {
		return dateMatch{}, false
	}
	today := p.today(mi.cal)
	y, _, _ := civilFromDays(today)
	if mi.cal == calJalali {
		y, _, _ = daysToJalali(today)
	}
	for _, yy := range [2]int{y, y - 1} {
		if days, ok := toDays(mi.cal, yy, mi.m, day); ok && days <= today+1 {
			dm, ok := makeDate(mi.cal, yy, mi.m, day, end)
			dm.weak = true
			return dm, ok
		}
	}
	return dateMatch{}, false
}

// monthFirstDate matches "Dec. 28, 2016", "December 28th 2016", ANSI C
// "Dec 28 06:12:00 2016" / Unix "Dec 28 06:12:00 UTC 2016", and "Dec 28".
func (p *parser) monthFirstDate(i int) (dateMatch, bool) {
	mi, j, ok := p.month(i)
	if !ok {
		return dateMatch{}, false
	}
	j = p.skipAltMonth(j, mi)
	if p.isPunct(j, '.') {
		j++
	}
	day, ok := p.dayNumber(j)
	if !ok {
		return dateMatch{}, false
	}
	j = p.skipOrdinal(j + 1)
	k := j
	if p.isPunct(k, ',') {
		k++
	}
	if dm, ok := p.withYear(i, mi, day, k, false); ok || p.hasYear(k) {
		return dm, ok
	}
	if c, ok := p.clock(k, clockTrail); ok {
		if yt := p.numAt(c.end); yt != nil && yt.ndig == 4 {
			dm, ok := makeDate(mi.cal, yt.val, mi.m, day, c.end+1)
			if ok && mi.cal != calHijri {
				dm.clk, dm.hasClk = c, true
				return dm, true
			}
		}
	}
	return p.yearless(mi, day, j)
}

// cjkDate matches "2016年12月28日" and "2016년 12월 28일".
func (p *parser) cjkDate(i int) (dateMatch, bool) {
	y := p.numAt(i)
	if y == nil || y.ndig != 4 || !(p.wordIs(i+1, "年") || p.wordIs(i+1, "년")) {
		return dateMatch{}, false
	}
	m := p.numAt(i + 2)
	if m == nil || m.ndig > 2 || !(p.wordIs(i+3, "月") || p.wordIs(i+3, "월")) {
		return dateMatch{}, false
	}
	d, ok := p.dayNumber(i + 4)
	if !ok {
		return dateMatch{}, false
	}
	end := i + 5
	if p.wordIs(end, "日") || p.wordIs(end, "일") {
		end++
	}
	return makeDate(calGregorian, y.val, m.val, d, end)
}

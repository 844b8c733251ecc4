package timeparse

// This file converts between the Solar Hijri (Jalali, Persian) calendar and
// the Gregorian calendar with Kazimierz M. Borkowski's algorithm, as used by
// the jalaali-js library: the "breaks" table lists the years in which the
// 33-year leap cycle shifts, which makes the arithmetic agree with the
// astronomical calendar (the one Iran officially uses) for Jalali years
// -61 to 3177.

// jalaliBreaks are the Jalali years at which the leap-year pattern changes.
var jalaliBreaks = [...]int{
	-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210,
	1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178,
}

// jalCal returns, for Jalali year jy, the Gregorian year gy in which it
// starts, the day of March (march) on which 1 Farvardin falls in gy, and
// leap: the number of years since the last leap year (0 means jy itself is
// a leap year, so Esfand has 30 days). ok is false outside the supported range.
func jalCal(jy int) (leap, gy, march int, ok bool) {
	bl := len(jalaliBreaks)
	jp := jalaliBreaks[0]
	if jy < jp || jy >= jalaliBreaks[bl-1] {
		return 0, 0, 0, false
	}
	gy = jy + 621
	leapJ := -14
	jump := 0
	for i := 1; i < bl; i++ {
		jm := jalaliBreaks[i]
		jump = jm - jp
		if jy < jm {
			break
		}
		leapJ += jump/33*8 + (jump%33)/4
		jp = jm
	}
	n := jy - jp
	// Leap years from AD 621 to the start of jy, in the Persian calendar...
	leapJ += n/33*8 + (n%33+3)/4
	if jump%33 == 4 && jump-n == 4 {
		leapJ++
	}
	// ...and in the Gregorian calendar up to gy.
	leapG := gy/4 - (gy/100+1)*3/4 - 150
	march = 20 + leapJ - leapG

	if jump-n < 6 {
		n = n - jump + (jump+4)/33*33
	}
	leap = ((n+1)%33 - 1) % 4
	if leap == -1 {
		leap = 4
	}
	return leap, gy, march, true
}

// IsJalaliLeap reports whether Jalali year jy has 366 days (Esfand 30 exists).
func IsJalaliLeap(jy int) bool {
	leap, _, _, ok := jalCal(jy)
	return ok && leap == 0
}

// JalaliMonthLength returns the number of days in month jm (1–12) of Jalali
// year jy, or 0 for an invalid month or unsupported year.
func JalaliMonthLength(jy, jm int) int {
	leap, _, _, ok := jalCal(jy)
	if !ok {
		return 0
	}
	return jalaliMonthLen(jm, leap == 0)
}

func jalaliMonthLen(jm int, leap bool) int {
	switch {
	case jm < 1 || jm > 12:
		return 0
	case jm <= 6:
		return 31
	case jm <= 11 || leap:
		return 30
	}
	return 29
}

// jalaliToDays returns the day number (days since 1970-01-01) of a Jalali
// date; ok is false when the date does not exist.
func jalaliToDays(jy, jm, jd int) (int, bool) {
	leap, gy, march, ok := jalCal(jy)
	if !ok || jd < 1 || jd > jalaliMonthLen(jm, leap == 0) {
		return 0, false
	}
	return daysFromCivil(gy, 3, march) + (jm-1)*31 - jm/7*(jm-7) + jd - 1, true
}

// daysToJalali converts a day number (days since 1970-01-01) to a Jalali date.
func daysToJalali(days int) (jy, jm, jd int) {
	gy, _, _ := civilFromDays(days)
	jy = gy - 621
	leap, _, march, ok := jalCal(jy)
	if !ok {
		return 0, 0, 0
	}
	k := days - daysFromCivil(gy, 3, march)
	if k >= 0 {
		if k <= 185 { // the first six months have 31 days
			return jy, 1 + k/31, k%31 + 1
		}
		k -= 186
	} else { // still in the previous Jalali year
		jy--
		k += 179
		if leap == 1 {
			k++
		}
	}
	return jy, 7 + k/30, k%30 + 1
}

// JalaliToGregorian converts a Solar Hijri date to the proleptic Gregorian
// calendar. ok is false when the Jalali date does not exist.
func JalaliToGregorian(jy, jm, jd int) (gy, gm, gd int, ok bool) {
	days, ok := jalaliToDays(jy, jm, jd)
	if !ok {
		return 0, 0, 0, false
	}
	gy, gm, gd = civilFromDays(days)
	return gy, gm, gd, true
}

// GregorianToJalali converts a Gregorian date to the Solar Hijri calendar.
// It returns zeros outside the supported range (Gregorian years 560–3798).
func GregorianToJalali(gy, gm, gd int) (jy, jm, jd int) {
	return daysToJalali(daysFromCivil(gy, gm, gd))
}

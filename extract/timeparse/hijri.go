package timeparse

// This file converts Lunar Hijri (Islamic) dates with the tabular, purely
// arithmetic Islamic calendar of Calendrical Calculations (Reingold &
// Dershowitz): 30-year cycles with leap years 2, 5, 7, 10, 13, 16, 18, 21, 24,
// 26 and 29, odd months of 30 days and even months of 29 (Dhu al-Hijjah has 30
// in leap years), counted from the civil epoch 1 Muharram 1 AH = Friday
// 16 July 622 (Julian).
//
// Caveat: real Hijri dates are fixed by moon sighting (or, in Saudi Arabia,
// by the Umm al-Qura tables), which can differ from this arithmetic calendar
// by ±1 day (occasionally 2). For example this algorithm puts 1 Muharram 1446
// on 2024-07-08, while Umm al-Qura and most sighting-based calendars began
// the year on 2024-07-07. A news timestamp printed in Hijri therefore
// converts to within a day or so of the true Gregorian date.

const (
	islamicEpochRD = 227015 // R.D. (days from 0001-01-01 = 1) of 1 Muharram 1 AH
	unixEpochRD    = 719163 // R.D. of 1970-01-01
)

// IsHijriLeap reports whether year y of the tabular Islamic calendar has 355 days.
func IsHijriLeap(y int) bool {
	return ((14+11*y)%30+30)%30 < 11
}

// HijriMonthLength returns the number of days of month m (1–12) in year y
// of the tabular Islamic calendar, or 0 for an invalid month.
func HijriMonthLength(y, m int) int {
	switch {
	case m < 1 || m > 12:
		return 0
	case m%2 == 1:
		return 30
	case m == 12 && IsHijriLeap(y):
		return 30
	}
	return 29
}

// hijriRD returns the R.D. day number of a tabular Hijri date without checks.
func hijriRD(y, m, d int) int {
	return islamicEpochRD - 1 + (y-1)*354 + floorDiv(3+11*y, 30) + 29*(m-1) + floorDiv(6*m-1, 11) + d
}

// hijriToDays returns the day number (days since 1970-01-01) of a tabular
// Hijri date; ok is false when the date does not exist or the year is < 1.
func hijriToDays(y, m, d int) (int, bool) {
	if y < 1 || y > 10000 || d < 1 || d > HijriMonthLength(y, m) {
		return 0, false
	}
	return hijriRD(y, m, d) - unixEpochRD, true
}

// daysToHijri converts a day number (days since 1970-01-01) to a tabular Hijri date.
func daysToHijri(days int) (y, m, d int) {
	rd := days + unixEpochRD
	y = floorDiv(30*(rd-islamicEpochRD)+10646, 10631)
	prior := rd - hijriRD(y, 1, 1)
	m = floorDiv(11*prior+330, 325)
	d = rd - hijriRD(y, m, 1) + 1
	return y, m, d
}

// HijriToGregorian converts a date of the tabular Islamic calendar to the
// Gregorian calendar (see the file comment for the ±1 day caveat).
func HijriToGregorian(hy, hm, hd int) (gy, gm, gd int, ok bool) {
	days, ok := hijriToDays(hy, hm, hd)
	if !ok {
		return 0, 0, 0, false
	}
	gy, gm, gd = civilFromDays(days)
	return gy, gm, gd, true
}

// GregorianToHijri converts a Gregorian date to the tabular Islamic calendar.
func GregorianToHijri(gy, gm, gd int) (hy, hm, hd int) {
	return daysToHijri(daysFromCivil(gy, gm, gd))
}

package timeparse

import (
	"fmt"
	"testing"
	"time"
)

func TestJalaliKnownDates(t *testing.T) {
	cases := []struct {
		j [3]int
		g string
	}{
		{[3]int{1395, 10, 8}, "2016-12-28"},  // the iran-daily example
		{[3]int{1357, 11, 22}, "1979-02-11"}, // 22 Bahman 1357
		{[3]int{1399, 12, 30}, "2021-03-20"}, // leap 1399
		{[3]int{1400, 1, 1}, "2021-03-21"},
		{[3]int{1403, 1, 1}, "2024-03-20"},
		{[3]int{1403, 12, 30}, "2025-03-20"}, // leap 1403
		{[3]int{1404, 1, 1}, "2025-03-21"},
		{[3]int{1395, 1, 23}, "2016-04-11"},  // jalaali-js README
		{[3]int{1395, 12, 30}, "2017-03-20"}, // leap 1395
		{[3]int{1375, 12, 30}, "1997-03-20"}, // leap 1375
		{[3]int{1300, 1, 1}, "1921-03-21"},
		{[3]int{1354, 1, 1}, "1975-03-21"},
		{[3]int{1370, 1, 1}, "1991-03-21"},
		{[3]int{1379, 12, 30}, "2001-03-20"},
		{[3]int{1391, 6, 31}, "2012-09-21"},
		{[3]int{1402, 7, 1}, "2023-09-23"},
		{[3]int{1408, 12, 30}, "2030-03-20"}, // leap after the five-year gap
		{[3]int{1499, 12, 29}, "2121-03-20"},
	}
	for _, tc := range cases {
		name := fmt.Sprintf("%d/%02d/%02d", tc.j[0], tc.j[1], tc.j[2])
		t.Run(name, func(t *testing.T) {
			gy, gm, gd, ok := JalaliToGregorian(tc.j[0], tc.j[1], tc.j[2])
			got := fmt.Sprintf("%04d-%02d-%02d", gy, gm, gd)
			if !ok || got != tc.g {
				t.Errorf("JalaliToGregorian(%s) = %s (ok=%v), want %s", name, got, ok, tc.g)
			}
			g, _ := time.Parse("2006-01-02", tc.g)
			jy, jm, jd := GregorianToJalali(g.Year(), int(g.Month()), g.Day())
			if [3]int{jy, jm, jd} != tc.j {
				t.Errorf("GregorianToJalali(%s) = %d/%d/%d, want %s", tc.g, jy, jm, jd, name)
			}
		})
	}
}

func TestJalaliLeapYears(t *testing.T) {
	// Leap years of the astronomical calendar around the present day.
	leaps := map[int]bool{1370: true, 1375: true, 1379: true, 1383: true, 1387: true, 1391: true,
		1395: true, 1399: true, 1403: true, 1408: true, 1412: true}
	for y := 1370; y <= 1412; y++ {
		if got := IsJalaliLeap(y); got != leaps[y] {
			t.Errorf("IsJalaliLeap(%d) = %v, want %v", y, got, leaps[y])
		}
		want := 29
		if leaps[y] {
			want = 30
		}
		if got := JalaliMonthLength(y, 12); got != want {
			t.Errorf("JalaliMonthLength(%d, 12) = %d, want %d", y, got, want)
		}
	}
	for _, bad := range [][3]int{{1402, 12, 30}, {1402, 13, 1}, {1402, 0, 1}, {1402, 7, 31}, {1402, 1, 32}, {1402, 1, 0}, {-100, 1, 1}, {4000, 1, 1}} {
		if _, _, _, ok := JalaliToGregorian(bad[0], bad[1], bad[2]); ok {
			t.Errorf("JalaliToGregorian(%v) ok, want invalid", bad)
		}
	}
}

// TestJalaliRoundTrip walks every day of Jalali years 1300–1500 and checks
// that consecutive Jalali days are consecutive Gregorian days, that the
// inverse gives the date back, that the Gregorian side agrees with the time
// package, and that every year starts on 20–22 March with 365 or 366 days.
func TestJalaliRoundTrip(t *testing.T) {
	prev, _ := jalaliToDays(1299, 12, JalaliMonthLength(1299, 12))
	for jy := 1300; jy <= 1500; jy++ {
		first, _ := jalaliToDays(jy, 1, 1)
		g := time.Unix(int64(first)*86400, 0).UTC()
		if g.Month() != time.March || g.Day() < 20 || g.Day() > 22 {
			t.Errorf("1 Farvardin %d = %v, want 20–22 March", jy, g.Format("2006-01-02"))
		}
		for jm := 1; jm <= 12; jm++ {
			for jd := 1; jd <= JalaliMonthLength(jy, jm); jd++ {
				days, ok := jalaliToDays(jy, jm, jd)
				if !ok || days != prev+1 {
					t.Fatalf("jalaliToDays(%d/%d/%d) = %d, %v, want %d", jy, jm, jd, days, ok, prev+1)
				}
				prev = days
				if y, m, d := daysToJalali(days); y != jy || m != jm || d != jd {
					t.Fatalf("daysToJalali(jalaliToDays(%d/%d/%d)) = %d/%d/%d", jy, jm, jd, y, m, d)
				}
				gy, gm, gd := civilFromDays(days)
				tt := time.Unix(int64(days)*86400, 0).UTC()
				if tt.Year() != gy || int(tt.Month()) != gm || tt.Day() != gd {
					t.Fatalf("civilFromDays(%d) = %d-%d-%d, time package says %v", days, gy, gm, gd, tt)
				}
				if daysFromCivil(gy, gm, gd) != days {
					t.Fatalf("daysFromCivil(%d-%d-%d) != %d", gy, gm, gd, days)
				}
			}
		}
		last, _ := jalaliToDays(jy, 12, JalaliMonthLength(jy, 12))
		if n := last - first + 1; n != 365 && n != 366 || (n == 366) != IsJalaliLeap(jy) {
			t.Errorf("Jalali year %d has %d days, leap=%v", jy, n, IsJalaliLeap(jy))
		}
	}
}

func TestCivilMatchesTimePackage(t *testing.T) {
	for days := -800000; days <= 800000; days += 37 {
		y, m, d := civilFromDays(days)
		tt := time.Unix(int64(days)*86400, 0).UTC()
		if tt.Year() != y || int(tt.Month()) != m || tt.Day() != d {
			t.Fatalf("civilFromDays(%d) = %d-%d-%d, want %v", days, y, m, d, tt)
		}
		if got := daysFromCivil(y, m, d); got != days {
			t.Fatalf("daysFromCivil(%d-%d-%d) = %d, want %d", y, m, d, got, days)
		}
	}
}

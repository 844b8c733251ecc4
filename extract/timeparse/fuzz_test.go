package timeparse

import (
	"strings"
	"testing"
	"time"
)

// FuzzParse checks that Parse and Find never panic and that every success is
// a UTC time in 1900..2200 whose Raw is a non-empty substring of the input.
// Run it with: go test ./extract/timeparse -run='^$' -fuzz=FuzzParse
func FuzzParse(f *testing.F) {
	for _, s := range benchInputs {
		f.Add(s, false, true)
	}
	for _, s := range []string{
		"2016-12-28T06:12:00.123456789123+14:00", "20161228T061200Z", "28 Dec 16 06:12 EST",
		"1 محرم 1446 هـ", "Muharram 1, 1446 AH", "1399/12/30", "۳۰ اسفند ۱۴۰۳", "Wed Dec 28 06:12:00 2016",
		"yesterday at 6:12 PM", "99999 years ago", "منذ ساعتين", "28 كانون الأول/ديسمبر 2016", "Dec 28",
		"2016年12月28日", "06:12 (GMT+3:30)", "GMT+99:99", "24:00", "31/31/31", "\xff2016-12-28", "",
	} {
		f.Add(s, true, false)
	}
	now := time.Date(2016, 12, 28, 12, 0, 0, 0, time.UTC)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string, dayFirst, withNow bool) {
		opts := Options{DayFirst: dayFirst}
		if withNow {
			opts.Now, opts.Location = now, paris
		}
		check := func(fn string, r Result) {
			if r.Time.Location() != time.UTC {
				t.Errorf("%s(%q) time %v not in UTC", fn, s, r.Time)
			}
			if y := r.Time.Year(); y < 1900 || y > 2200 {
				t.Errorf("%s(%q) year %d outside 1900..2200", fn, s, y)
			}
			if r.Raw == "" || !strings.Contains(s, r.Raw) {
				t.Errorf("%s(%q) raw %q is not a non-empty substring of the input", fn, s, r.Raw)
			}
			switch r.Precision {
			case PrecisionDay, PrecisionMinute, PrecisionSecond:
			default:
				t.Errorf("%s(%q) precision %q", fn, s, r.Precision)
			}
		}
		if r, err := Parse(s, opts); err == nil {
			check("Parse", r)
		}
		if r, ok := Find(s, opts); ok {
			check("Find", r)
		}
	})
}

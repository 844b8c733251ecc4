package timeparse

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

type parseCase struct {
	name string
	in   string
	opts Options
	want string // RFC 3339 UTC
	prec Precision
	zone string // checked exactly
	cal  string // "" = gregorian
	raw  string // "" = the whole input
}

func runParseCases(t *testing.T, cases []parseCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.in, tc.opts)
			if err != nil {
				t.Fatalf("Parse(%q) error %v, want %v", tc.in, err, tc.want)
			}
			if want := utc(tc.want); !got.Time.Equal(want) {
				t.Errorf("Parse(%q) = %v, want %v", tc.in, got.Time, want)
			}
			if got.Time.Location() != time.UTC {
				t.Errorf("Parse(%q) location = %v, want UTC", tc.in, got.Time.Location())
			}
			if got.Precision != tc.prec {
				t.Errorf("Parse(%q) precision = %v, want %v", tc.in, got.Precision, tc.prec)
			}
			if got.Zone != tc.zone {
				t.Errorf("Parse(%q) zone = %q, want %q", tc.in, got.Zone, tc.zone)
			}
			wantCal := tc.cal
			if wantCal == "" {
				wantCal = "gregorian"
			}
			if got.Calendar != wantCal {
				t.Errorf("Parse(%q) calendar = %q, want %q", tc.in, got.Calendar, wantCal)
			}
			wantRaw := tc.raw
			if wantRaw == "" {
				wantRaw = tc.in
			}
			if got.Raw != wantRaw {
				t.Errorf("Parse(%q) raw = %q, want %q", tc.in, got.Raw, wantRaw)
			}
		})
	}
}

const (
	sec  = PrecisionSecond
	min  = PrecisionMinute
	day  = PrecisionDay
	dflt = "UTC (default)"
)

func TestParseISO(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "rfc3339 Z", in: "2016-12-28T06:12:00Z", want: "2016-12-28T06:12:00Z", prec: sec, zone: "Z"},
		{name: "rfc3339 offset", in: "2016-12-28T06:12:00+03:30", want: "2016-12-28T02:42:00Z", prec: sec, zone: "+03:30"},
		{name: "fraction and basic offset", in: "2016-12-28T06:12:00.123+0330", want: "2016-12-28T02:42:00.123Z", prec: sec, zone: "+03:30"},
		{name: "unpadded second", in: "2020-12-05T23:15:0Z", want: "2020-12-05T23:15:00Z", prec: sec, zone: "Z"},
		{name: "nanoseconds", in: "2016-12-28T06:12:00.123456789Z", want: "2016-12-28T06:12:00.123456789Z", prec: sec, zone: "Z"},
		{name: "negative offset", in: "2016-12-28T06:12:00-05:00", want: "2016-12-28T11:12:00Z", prec: sec, zone: "-05:00"},
		{name: "space separated", in: "2016-12-28 06:12:00", want: "2016-12-28T06:12:00Z", prec: sec, zone: dflt},
		{name: "minutes only", in: "2016-12-28T06:12", want: "2016-12-28T06:12:00Z", prec: min, zone: dflt},
		{name: "basic format", in: "20161228T061200Z", want: "2016-12-28T06:12:00Z", prec: sec, zone: "Z"},
		{name: "basic format offset", in: "20161228T0612+0330", want: "2016-12-28T02:42:00Z", prec: min, zone: "+03:30"},
		{name: "date only", in: "2016-12-28", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "date only ignores location", in: "2016-12-28", opts: Options{Location: mustLoad(t, "Asia/Tokyo")}, want: "2016-12-28T00:00:00Z", prec: day},
		{name: "end of day 24:00", in: "2016-12-28T24:00:00Z", want: "2016-12-29T00:00:00Z", prec: sec, zone: "Z"},
		{name: "sql with zone word", in: "2016-12-28 06:12:00 UTC", want: "2016-12-28T06:12:00Z", prec: sec, zone: "UTC"},
	})
}

func TestParseRFC(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "rfc1123", in: "Wed, 28 Dec 2016 06:12:00 GMT", want: "2016-12-28T06:12:00Z", prec: sec, zone: "GMT"},
		{name: "rfc1123z", in: "Wed, 28 Dec 2016 06:12:00 +0000", want: "2016-12-28T06:12:00Z", prec: sec, zone: "+00:00"},
		{name: "rfc822", in: "28 Dec 16 06:12 EST", want: "2016-12-28T11:12:00Z", prec: min, zone: "EST"},
		{name: "rfc822z", in: "28 Dec 16 06:12 -0500", want: "2016-12-28T11:12:00Z", prec: min, zone: "-05:00"},
		{name: "rfc850", in: "Wednesday, 28-Dec-16 06:12:00 GMT", want: "2016-12-28T06:12:00Z", prec: sec, zone: "GMT"},
		{name: "ansic", in: "Wed Dec 28 06:12:00 2016", want: "2016-12-28T06:12:00Z", prec: sec, zone: dflt},
		{name: "unix date", in: "Wed Dec 28 06:12:00 PST 2016", want: "2016-12-28T14:12:00Z", prec: sec, zone: "PST"},
		{name: "ansic padded day", in: "Mon Jan  2 15:04:05 2006", want: "2006-01-02T15:04:05Z", prec: sec, zone: dflt},
	})
}

func TestParseEnglish(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "iran-daily hhmm zone date", in: "0612 GMT December 28, 2016", want: "2016-12-28T06:12:00Z", prec: min, zone: "GMT"},
		{name: "iran-daily with label", in: "Published: 0612 GMT December 28, 2016", want: "2016-12-28T06:12:00Z", prec: min, zone: "GMT", raw: "0612 GMT December 28, 2016"},
		{name: "AP style a.m. EST", in: "Dec. 28, 2016, 6:12 a.m. EST", want: "2016-12-28T11:12:00Z", prec: min, zone: "EST"},
		{name: "full month pm", in: "December 28, 2016 6:12 PM", want: "2016-12-28T18:12:00Z", prec: min, zone: dflt},
		{name: "day month 24h", in: "28 December 2016 18:12", want: "2016-12-28T18:12:00Z", prec: min, zone: dflt},
		{name: "weekday day month", in: "Wednesday 28 December 2016", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "abbreviated month day", in: "Dec 28, 2016", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "ordinal", in: "December 28th, 2016", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "ordinal of", in: "the 28th of December 2016", want: "2016-12-28T00:00:00Z", prec: day, raw: "28th of December 2016"},
		{name: "ET in summer is EDT", in: "July 4, 2016 at 6:12 p.m. ET", want: "2016-07-04T22:12:00Z", prec: min, zone: "ET"},
		{name: "ET in winter is EST", in: "Dec 28, 2016 at 6:12 p.m. ET", want: "2016-12-28T23:12:00Z", prec: min, zone: "ET"},
		{name: "12 am is midnight", in: "Dec 28, 2016 12:05 AM", want: "2016-12-28T00:05:00Z", prec: min, zone: dflt},
		{name: "12 pm is noon", in: "Dec 28, 2016 12:05 PM", want: "2016-12-28T12:05:00Z", prec: min, zone: dflt},
		{name: "hour with pm", in: "Dec 28, 2016 6 PM", want: "2016-12-28T18:00:00Z", prec: min, zone: dflt},
		{name: "time before date", in: "6:12 PM, Dec 28, 2016", want: "2016-12-28T18:12:00Z", prec: min, zone: dflt},
		{name: "time before weekday date", in: "Updated 06:12 GMT, Wednesday, 28 December 2016", want: "2016-12-28T06:12:00Z", prec: min, zone: "GMT", raw: "06:12 GMT, Wednesday, 28 December 2016"},
		{name: "reuters slashes", in: "December 28, 2016 / 6:12 AM / Updated", want: "2016-12-28T06:12:00Z", prec: min, zone: dflt, raw: "December 28, 2016 / 6:12 AM"},
		{name: "parenthesised zone", in: "Dec 28, 2016 06:12 (GMT)", want: "2016-12-28T06:12:00Z", prec: min, zone: "GMT"},
		{name: "noise around", in: "Published: Wed, 28 Dec 2016 06:12:00 GMT | Updated", want: "2016-12-28T06:12:00Z", prec: sec, zone: "GMT", raw: "Wed, 28 Dec 2016 06:12:00 GMT"},
		{name: "location applies", in: "December 28, 2016 6:12 PM", opts: Options{Location: mustLoad(t, "America/New_York")}, want: "2016-12-28T23:12:00Z", prec: min, zone: "America/New_York (config)"},
		{name: "location dst", in: "July 4, 2016 6:12 PM", opts: Options{Location: mustLoad(t, "America/New_York")}, want: "2016-07-04T22:12:00Z", prec: min, zone: "America/New_York (config)"},
		{name: "named zone beats location", in: "July 4, 2016 6:12 PM GMT", opts: Options{Location: mustLoad(t, "America/New_York")}, want: "2016-07-04T18:12:00Z", prec: min, zone: "GMT"},
		{name: "guardian dotted time", in: "Last modified on Wed 28 Dec 2016 06.12 GMT", want: "2016-12-28T06:12:00Z", prec: min, zone: "GMT", raw: "Wed 28 Dec 2016 06.12 GMT"},
		{name: "javascript toString", in: "Wed Dec 28 2016 09:42:00 GMT+0330 (Iran Standard Time)", want: "2016-12-28T06:12:00Z", prec: sec, zone: "+03:30", raw: "Wed Dec 28 2016 09:42:00 GMT+0330"},
		{name: "leap second stays on date", in: "Sat, 31 Dec 2016 23:59:60 GMT", want: "2016-12-31T23:59:59Z", prec: sec, zone: "GMT"},
		{name: "india times", in: "Last Updated : 28th December, 2016 06:12 PM IST", want: "2016-12-28T12:42:00Z", prec: min, zone: "IST", raw: "28th December, 2016 06:12 PM IST"},
		{name: "time first with zone", in: "08:30 PM IST, 28 Dec 2016", want: "2016-12-28T15:00:00Z", prec: min, zone: "IST"},
		{name: "leap day", in: "Feb 29, 2016", want: "2016-02-29T00:00:00Z", prec: day},
		{name: "date in url", in: "https://example.com/2016/12/28/some-story", want: "2016-12-28T00:00:00Z", prec: day, raw: "2016/12/28"},
		{name: "cjk", in: "2016年12月28日 06:12", want: "2016-12-28T06:12:00Z", prec: min, zone: dflt},
		{name: "korean", in: "2016년 12월 28일", want: "2016-12-28T00:00:00Z", prec: day},
	})
}

func TestParseNumeric(t *testing.T) {
	dayFirst := Options{DayFirst: true}
	runParseCases(t, []parseCase{
		{name: "dd/mm/yyyy hh:mm", in: "28/12/2016 06:12", want: "2016-12-28T06:12:00Z", prec: min, zone: dflt},
		{name: "mm/dd/yyyy", in: "12/28/2016", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "mm/dd/yyyy with dayfirst", in: "12/28/2016", opts: dayFirst, want: "2016-12-28T00:00:00Z", prec: day},
		{name: "dd.mm.yyyy", in: "28.12.2016", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "yyyy/mm/dd", in: "2016/12/28", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "yyyy.mm.dd", in: "2016.12.28", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "ambiguous month first", in: "03/04/2016", want: "2016-03-04T00:00:00Z", prec: day},
		{name: "ambiguous day first", in: "03/04/2016", opts: dayFirst, want: "2016-04-03T00:00:00Z", prec: day},
		{name: "ambiguous dots day first", in: "03.04.2016 10:30", opts: dayFirst, want: "2016-04-03T10:30:00Z", prec: min, zone: dflt},
		{name: "ambiguous dots are day first anyway", in: "01.12.2021", want: "2021-12-01T00:00:00Z", prec: day},
		{name: "ambiguous dots after a name", in: "Janic Cathomen, 02.11.2021", want: "2021-11-02T00:00:00Z", prec: day, raw: "02.11.2021"},
		{name: "ambiguous dashes month first", in: "03-04-2016", want: "2016-03-04T00:00:00Z", prec: day},
		{name: "two digit year", in: "28/12/16", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "single digits", in: "1/2/2017", opts: dayFirst, want: "2017-02-01T00:00:00Z", prec: day},
		{name: "arabic-indic digits", in: "٢٨/١٢/٢٠١٦", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "persian digits gregorian", in: "۲۰۱۶-۱۲-۲۸ ۰۶:۱۲", want: "2016-12-28T06:12:00Z", prec: min, zone: dflt},
		{name: "sentence end after dotted date", in: "Am 28.12.2016. 5 Menschen", want: "2016-12-28T00:00:00Z", prec: day, raw: "28.12.2016"},
		{name: "apache log", in: "[28/Dec/2016:06:12:00 +0000]", want: "2016-12-28T06:12:00Z", prec: sec, zone: "+00:00", raw: "28/Dec/2016:06:12:00 +0000"},
		{name: "french time", in: "28/12/2016 à 06h12", want: "2016-12-28T06:12:00Z", prec: min, zone: dflt},
	})
}

func TestParseLanguages(t *testing.T) {
	runParseCases(t, []parseCase{
		{name: "french", in: "28 décembre 2016", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "french no accents", in: "28 decembre 2016", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "french fevrier", in: "le 1er février 2016 à 18h30", want: "2016-02-01T18:30:00Z", prec: min, zone: dflt, raw: "1er février 2016 à 18h30"},
		{name: "french fevrier unaccented", in: "3 fevrier 2016", want: "2016-02-03T00:00:00Z", prec: day},
		{name: "french aout", in: "mercredi 3 août 2016", want: "2016-08-03T00:00:00Z", prec: day},
		{name: "french abbreviation", in: "28 déc. 2016", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "german", in: "28. Dezember 2016 um 06:12 Uhr", want: "2016-12-28T06:12:00Z", prec: min, zone: dflt},
		{name: "german maerz", in: "3. März 2016", want: "2016-03-03T00:00:00Z", prec: day},
		{name: "german marz unaccented", in: "3. Marz 2016", want: "2016-03-03T00:00:00Z", prec: day},
		{name: "austrian jaenner", in: "5. Jänner 2017", want: "2017-01-05T00:00:00Z", prec: day},
		{name: "german cet", in: "Mittwoch, 28. Dezember 2016, 07:12 Uhr MEZ", want: "2016-12-28T06:12:00Z", prec: min, zone: "MEZ"},
		{name: "german lower-case ist is a verb", in: "28.12.2016 um 06:12 ist", want: "2016-12-28T06:12:00Z", prec: min, zone: dflt, raw: "28.12.2016 um 06:12"},
		{name: "spanish", in: "28 de diciembre de 2016", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "spanish time", in: "28 de diciembre de 2016 a las 06:12", want: "2016-12-28T06:12:00Z", prec: min, zone: dflt},
		{name: "upper case", in: "28 DECEMBER 2016", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "arabic", in: "28 ديسمبر 2016", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "arabic april hamza", in: "3 أبريل 2016", want: "2016-04-03T00:00:00Z", prec: day},
		{name: "arabic april bare alef", in: "3 ابريل 2016", want: "2016-04-03T00:00:00Z", prec: day},
		{name: "arabic august", in: "3 اغسطس 2016", want: "2016-08-03T00:00:00Z", prec: day},
		{name: "arabic weekday pm", in: "الأربعاء 28 ديسمبر 2016 - 06:12 م", want: "2016-12-28T18:12:00Z", prec: min, zone: dflt},
		{name: "arabic comma and era", in: "28 ديسمبر، 2016م", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "levantine", in: "28 كانون الأول 2016", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "levantine january", in: "5 كانون الثاني 2017", want: "2017-01-05T00:00:00Z", prec: day},
		{name: "levantine october", in: "5 تشرين الأول 2016", want: "2016-10-05T00:00:00Z", prec: day},
		{name: "levantine november", in: "5 تشرين الثاني 2016", want: "2016-11-05T00:00:00Z", prec: day},
		{name: "levantine with egyptian name", in: "28 كانون الأول/ديسمبر 2016", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "levantine shubat", in: "5 شباط 2016", want: "2016-02-05T00:00:00Z", prec: day},
		{name: "persian gregorian", in: "۲۸ دسامبر ۲۰۱۶", want: "2016-12-28T00:00:00Z", prec: day},
		{name: "persian may", in: "۵ مه ۲۰۱۶", want: "2016-05-05T00:00:00Z", prec: day},
		{name: "persian july", in: "۵ ژوئیه ۲۰۱۶", want: "2016-07-05T00:00:00Z", prec: day},
		{name: "persian august", in: "۵ آگوست ۲۰۱۶", want: "2016-08-05T00:00:00Z", prec: day},
		{name: "polish genitive", in: "12 września 2022", want: "2022-09-12T00:00:00Z", prec: day},
		{name: "polish nominative", in: "3 październik 2021", want: "2021-10-03T00:00:00Z", prec: day},
		{name: "czech", in: "5. června 2020", want: "2020-06-05T00:00:00Z", prec: day},
		{name: "russian genitive", in: "5 июня 2020", want: "2020-06-05T00:00:00Z", prec: day},
		{name: "ukrainian", in: "17 листопада 2021", want: "2021-11-17T00:00:00Z", prec: day},
		{name: "romanian", in: "20 septembrie 2020 14:20", want: "2020-09-20T14:20:00Z", prec: min, zone: dflt},
		{name: "turkish", in: "13 Ekim 2020", want: "2020-10-13T00:00:00Z", prec: day},
		{name: "turkish dotless i", in: "1 Aralık 2020", want: "2020-12-01T00:00:00Z", prec: day},
		{name: "finnish", in: "3. toukokuuta 2022", want: "2022-05-03T00:00:00Z", prec: day},
		{name: "swedish", in: "14 augusti 2020", want: "2020-08-14T00:00:00Z", prec: day},
		{name: "danish", in: "3. marts 2021", want: "2021-03-03T00:00:00Z", prec: day},
		{name: "norwegian", in: "24. desember 2019", want: "2019-12-24T00:00:00Z", prec: day},
		{name: "indonesian", in: "17 Agustus 2020", want: "2020-08-17T00:00:00Z", prec: day},
		{name: "greek genitive", in: "5 Μαρτίου 2021", want: "2021-03-05T00:00:00Z", prec: day},
		{name: "catalan", in: "3 de maig de 2022", want: "2022-05-03T00:00:00Z", prec: day},
	})
}

func TestParseZones(t *testing.T) {
	zones := []struct {
		zone string
		want string // UTC for 2016-12-28 06:12 in that zone
		name string
	}{
		{"GMT", "06:12", "GMT"}, {"UTC", "06:12", "UTC"}, {"Z", "06:12", "Z"},
		{"EST", "11:12", "EST"}, {"EDT", "10:12", "EDT"}, {"CST", "12:12", "CST"}, {"CDT", "11:12", "CDT"},
		{"MST", "13:12", "MST"}, {"MDT", "12:12", "MDT"}, {"PST", "14:12", "PST"}, {"PDT", "13:12", "PDT"},
		{"CET", "05:12", "CET"}, {"CEST", "04:12", "CEST"}, {"EET", "04:12", "EET"}, {"EEST", "03:12", "EEST"},
		{"BST", "05:12", "BST"}, {"IST", "00:42", "IST"}, {"JST", "21:12", "JST"},
		{"IRST", "02:42", "IRST"}, {"IRDT", "01:42", "IRDT"}, {"AST", "03:12", "AST"},
		{"+0330", "02:42", "+03:30"}, {"+03:30", "02:42", "+03:30"}, {"GMT+3:30", "02:42", "+03:30"},
		{"UTC+01", "05:12", "+01:00"}, {"GMT-5", "11:12", "-05:00"}, {"UTC−05:00", "11:12", "-05:00"},
		{"+05:45", "00:27", "+05:45"}, {"به وقت تهران", "02:42", "Asia/Tehran"},
	}
	var cases []parseCase
	for _, z := range zones {
		sep := " "
		if z.zone == "Z" {
			sep = ""
		}
		want := "2016-12-28T" + z.want + ":00Z"
		if z.zone == "JST" {
			want = "2016-12-27T21:12:00Z"
		}
		in := "2016-12-28 06:12" + sep + z.zone
		cases = append(cases, parseCase{name: z.zone, in: in, want: want, prec: min, zone: z.name})
	}
	runParseCases(t, cases)
}

func TestParseJalali(t *testing.T) {
	tehranLoc := mustLoad(t, "Asia/Tehran")
	inTehran := Options{Location: tehranLoc}
	const cfg = "Asia/Tehran (config)"
	const def = "Asia/Tehran (Jalali default)"
	runParseCases(t, []parseCase{
		{name: "numeric persian digits", in: "۱۳۹۵/۱۰/۰۸ - ۰۹:۴۲", opts: inTehran, want: "2016-12-28T06:12:00Z", prec: min, zone: cfg, cal: "jalali"},
		{name: "numeric default tehran", in: "۱۳۹۵/۱۰/۰۸ - ۰۹:۴۲", want: "2016-12-28T06:12:00Z", prec: min, zone: def, cal: "jalali"},
		{name: "numeric utc location", in: "۱۳۹۵/۱۰/۰۸ - ۰۹:۴۲", opts: Options{Location: time.UTC}, want: "2016-12-28T09:42:00Z", prec: min, zone: "UTC (config)", cal: "jalali"},
		{name: "month name saat", in: "۸ دی ۱۳۹۵ ساعت ۹:۴۲", opts: inTehran, want: "2016-12-28T06:12:00Z", prec: min, zone: cfg, cal: "jalali"},
		{name: "weekday month name", in: "چهارشنبه ۸ دی ۱۳۹۵ - ۰۹:۴۲", opts: inTehran, want: "2016-12-28T06:12:00Z", prec: min, zone: cfg, cal: "jalali"},
		{name: "ascii digits date only", in: "1395/10/08", want: "2016-12-28T00:00:00Z", prec: day, cal: "jalali"},
		{name: "dashes", in: "1395-10-08", want: "2016-12-28T00:00:00Z", prec: day, cal: "jalali"},
		{name: "time before date", in: "۰۹:۴۲ - ۱۳۹۵/۱۰/۰۸", opts: inTehran, want: "2016-12-28T06:12:00Z", prec: min, zone: cfg, cal: "jalali"},
		{name: "summer dst 1395", in: "1395/04/08 09:42", opts: inTehran, want: "2016-06-28T05:12:00Z", prec: min, zone: cfg, cal: "jalali"},
		{name: "summer no dst 1402", in: "1402/04/08 09:42", opts: inTehran, want: "2023-06-29T06:12:00Z", prec: min, zone: cfg, cal: "jalali"},
		{name: "farvardin nowruz 1404", in: "۱ فروردین ۱۴۰۴", want: "2025-03-21T00:00:00Z", prec: day, cal: "jalali"},
		{name: "esfand 30 leap 1403", in: "۳۰ اسفند ۱۴۰۳", want: "2025-03-20T00:00:00Z", prec: day, cal: "jalali"},
		{name: "esfand 30 leap 1399", in: "1399/12/30", want: "2021-03-20T00:00:00Z", prec: day, cal: "jalali"},
		{name: "bahman 22 1357", in: "۲۲ بهمن ۱۳۵۷", want: "1979-02-11T00:00:00Z", prec: day, cal: "jalali"},
		{name: "ordibehesht", in: "۱۰ اردیبهشت ۱۴۰۲", want: "2023-04-30T00:00:00Z", prec: day, cal: "jalali"},
		{name: "shahrivar", in: "31 شهریور 1402", want: "2023-09-22T00:00:00Z", prec: day, cal: "jalali"},
		{name: "mehr arabic yeh", in: "1 مهر 1402", want: "2023-09-23T00:00:00Z", prec: day, cal: "jalali"},
		{name: "azar", in: "۱ آذر ۱۴۰۲", want: "2023-11-22T00:00:00Z", prec: day, cal: "jalali"},
		{name: "solar hijri label", in: "۸ دی ۱۳۹۵ ه.ش", want: "2016-12-28T00:00:00Z", prec: day, cal: "jalali"},
		{name: "persian comma", in: "چهارشنبه، ۸ دی ۱۳۹۵، ساعت ۰۹:۴۲", opts: inTehran, want: "2016-12-28T06:12:00Z", prec: min, zone: cfg, cal: "jalali"},
		{name: "zwnj weekday", in: "سه‌شنبه ۷ دی ۱۳۹۵", want: "2016-12-27T00:00:00Z", prec: day, cal: "jalali"},
		{name: "ghablaz zohr", in: "۸ دی ۱۳۹۵ ۰۹:۴۲ ق.ظ", opts: inTehran, want: "2016-12-28T06:12:00Z", prec: min, zone: cfg, cal: "jalali"},
		{name: "ba'd az zohr", in: "۸ دی ۱۳۹۵ ۰۹:۴۲ ب.ظ", opts: inTehran, want: "2016-12-28T18:12:00Z", prec: min, zone: cfg, cal: "jalali"},
		{name: "labelled line", in: "تاریخ انتشار: ۰۸ دی ۱۳۹۵ - ۰۹:۴۲", opts: inTehran, want: "2016-12-28T06:12:00Z", prec: min, zone: cfg, cal: "jalali", raw: "۰۸ دی ۱۳۹۵ - ۰۹:۴۲"},
	})
}

func TestParseHijri(t *testing.T) {
	runParseCases(t, []parseCase{
		// Tabular calendar: 1 Muharram 1446 = 2024-07-08 (Umm al-Qura: 07-07).
		{name: "arabic ha label", in: "1 محرم 1446 هـ", want: "2024-07-08T00:00:00Z", prec: day, cal: "hijri"},
		{name: "arabic hq label", in: "١ محرم ١٤٤٦ ه.ق", want: "2024-07-08T00:00:00Z", prec: day, cal: "hijri"},
		{name: "english AH", in: "Muharram 1, 1446 AH", want: "2024-07-08T00:00:00Z", prec: day, cal: "hijri"},
		{name: "hijri word before", in: "Hijri date: 1 Ramadan 1445", want: "2024-03-11T00:00:00Z", prec: day, cal: "hijri", raw: "1 Ramadan 1445"},
		{name: "rabi al-awwal", in: "12 ربيع الأول 1446 هـ", want: "2024-09-16T00:00:00Z", prec: day, cal: "hijri"},
		{name: "dhu al-hijjah", in: "10 ذو الحجة 1445 هـ", want: "2024-06-17T00:00:00Z", prec: day, cal: "hijri"},
		{name: "jumada al-akhirah", in: "1 جمادى الآخرة 1446 هـ", want: "2024-12-03T00:00:00Z", prec: day, cal: "hijri"},
		{name: "persian lunar", in: "۱ محرم ۱۴۴۶ هجری قمری", want: "2024-07-08T00:00:00Z", prec: day, cal: "hijri"},
		{name: "numeric labelled", in: "1446/01/01 هـ", want: "2024-07-08T00:00:00Z", prec: day, cal: "hijri"},
		{name: "arabic al-hijri", in: "الأحد 1 محرم 1446 الهجري", want: "2024-07-08T00:00:00Z", prec: day, cal: "hijri", raw: "الأحد 1 محرم 1446 الهجري"},
	})
}

func TestParseRelative(t *testing.T) {
	now := time.Date(2016, 12, 28, 12, 30, 45, 0, time.UTC)
	at := Options{Now: now}
	runParseCases(t, []parseCase{
		{name: "hours ago", in: "2 hours ago", opts: at, want: "2016-12-28T10:30:00Z", prec: min},
		{name: "minutes ago", in: "5 minutes ago", opts: at, want: "2016-12-28T12:25:00Z", prec: min},
		{name: "seconds ago", in: "30 seconds ago", opts: at, want: "2016-12-28T12:30:15Z", prec: sec},
		{name: "days ago", in: "3 days ago", opts: at, want: "2016-12-25T00:00:00Z", prec: day},
		{name: "weeks ago", in: "2 weeks ago", opts: at, want: "2016-12-14T00:00:00Z", prec: day},
		{name: "months ago", in: "1 month ago", opts: at, want: "2016-11-28T00:00:00Z", prec: day},
		{name: "an hour ago", in: "an hour ago", opts: at, want: "2016-12-28T11:30:00Z", prec: min},
		{name: "abbreviated", in: "Updated 5m ago", opts: at, want: "2016-12-28T12:25:00Z", prec: min, raw: "5m ago"},
		{name: "yesterday", in: "yesterday", opts: at, want: "2016-12-27T00:00:00Z", prec: day},
		{name: "yesterday in location", in: "Yesterday", opts: Options{Now: time.Date(2016, 12, 28, 2, 0, 0, 0, time.UTC), Location: mustLoad(t, "America/New_York")}, want: "2016-12-26T00:00:00Z", prec: day},
		{name: "today", in: "today", opts: at, want: "2016-12-28T00:00:00Z", prec: day},
		{name: "yesterday at time", in: "Yesterday at 6:12 PM", opts: at, want: "2016-12-27T18:12:00Z", prec: min, zone: dflt},
		{name: "just now", in: "just now", opts: at, want: "2016-12-28T12:30:00Z", prec: min},
		{name: "french", in: "il y a 2 heures", opts: at, want: "2016-12-28T10:30:00Z", prec: min},
		{name: "french hier", in: "hier à 18h12", opts: at, want: "2016-12-27T18:12:00Z", prec: min, zone: dflt},
		{name: "german", in: "vor 3 Tagen", opts: at, want: "2016-12-25T00:00:00Z", prec: day},
		{name: "german one hour", in: "vor einer Stunde", opts: at, want: "2016-12-28T11:30:00Z", prec: min},
		{name: "spanish", in: "hace 5 minutos", opts: at, want: "2016-12-28T12:25:00Z", prec: min},
		{name: "persian", in: "۲ ساعت پیش", opts: at, want: "2016-12-28T10:30:00Z", prec: min},
		{name: "persian yesterday", in: "دیروز", opts: at, want: "2016-12-27T00:00:00Z", prec: day},
		{name: "arabic dual", in: "منذ ساعتين", opts: at, want: "2016-12-28T10:30:00Z", prec: min},
		{name: "arabic plural", in: "منذ 3 ساعات", opts: at, want: "2016-12-28T09:30:00Z", prec: min},
		{name: "arabic singular", in: "منذ يوم", opts: at, want: "2016-12-27T00:00:00Z", prec: day},
		{name: "absolute beats relative later", in: "Dec 28, 2016 - 2 hours ago", opts: at, want: "2016-12-28T00:00:00Z", prec: day, raw: "Dec 28, 2016"},
		{name: "yearless with now", in: "Dec 20", opts: at, want: "2016-12-20T00:00:00Z", prec: day},
		{name: "yearless future is last year", in: "30 December, 06:12", opts: at, want: "2015-12-30T06:12:00Z", prec: min, zone: dflt},
		{name: "yearless jalali", in: "۸ دی", opts: at, want: "2016-12-28T00:00:00Z", prec: day, cal: "jalali"},
	})
}

func TestParseNoDate(t *testing.T) {
	now := Options{Now: time.Date(2016, 12, 28, 12, 0, 0, 0, time.UTC)}
	cases := []struct {
		name string
		in   string
		opts Options
	}{
		{"empty", "", Options{}},
		{"spaces", "   \t\n", Options{}},
		{"word", "garbage", Options{}},
		{"ip address", "192.168.1.20", Options{}},
		{"version", "version 1.2.3.4", Options{}},
		{"invalid month", "2016-13-28", Options{}},
		{"invalid day", "31 February 2016", Options{}},
		{"invalid numeric both >12", "28/13/2016", Options{}},
		{"year too early", "28 December 1850", Options{}},
		{"year too late", "2300-01-01", Options{}},
		{"jalali invalid esfand 30", "1402/12/30", Options{}},
		{"unlabelled hijri month", "1 محرم 1446", Options{}},
		{"relative without now", "2 hours ago", Options{}},
		{"yearless without now", "Dec 28", Options{}},
		{"time only", "06:12 GMT", Options{}},
		{"time only with now", "06:12", now},
		{"huge relative", "99999 years ago", now},
		{"phone number", "call 555-1234", Options{}},
		{"month without day", "December 2016", Options{}},
		{"lone number", "12345678", Options{}},
		{"invalid leap day does not lose its year", "Feb 29, 2017", now},
		{"invalid day with now", "31 February 2016", now},
		{"invalid utf8", "\xff\xfe\xfd", Options{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.in, tc.opts)
			if !errors.Is(err, ErrNoDate) {
				t.Fatalf("Parse(%q) = %v, %v, want ErrNoDate", tc.in, got, err)
			}
			if !strings.Contains(err.Error(), "no date") {
				t.Errorf("Parse(%q) error %q does not describe the failure", tc.in, err)
			}
			if _, ok := Find(tc.in, tc.opts); ok {
				t.Errorf("Find(%q) found a date, want none", tc.in)
			}
		})
	}
}

func TestMonthTables(t *testing.T) {
	tables := []struct {
		cal   string
		names *[12]string
		year  string
		label string
	}{
		{"gregorian", &gregorianMonths, "2016", ""},
		{"jalali", &jalaliMonths, "1395", ""},
		{"hijri", &hijriMonths, "1446", " هـ"},
	}
	for _, tb := range tables {
		for i, list := range tb.names {
			for _, name := range strings.Split(list, "|") {
				in := "5 " + name + " " + tb.year + tb.label
				t.Run(in, func(t *testing.T) {
					got, err := Parse(in, Options{})
					if err != nil {
						t.Fatalf("Parse(%q) error %v, want month %d", in, err, i+1)
					}
					if got.Calendar != tb.cal {
						t.Errorf("Parse(%q) calendar = %q, want %q", in, got.Calendar, tb.cal)
					}
					if tb.cal == "gregorian" && int(got.Time.Month()) != i+1 {
						t.Errorf("Parse(%q) = %v, want month %d", in, got.Time, i+1)
					}
					if got.Raw != in {
						t.Errorf("Parse(%q) raw = %q, want the whole input", in, got.Raw)
					}
				})
			}
		}
	}
}

func TestFind(t *testing.T) {
	now := time.Date(2016, 12, 28, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		text string
		opts Options
		want string
		raw  string
	}{
		{"paragraph", "The minister spoke to 3 reporters on Wednesday. Posted on Dec 28, 2016 at 6:12 pm by staff. Seen 1,204 times.", Options{},
			"2016-12-28T18:12:00Z", "Dec 28, 2016 at 6:12 pm"},
		{"first of two", "Published 2016-12-28 06:12 UTC, updated 2016-12-29 08:00 UTC", Options{},
			"2016-12-28T06:12:00Z", "2016-12-28 06:12 UTC"},
		{"strong beats earlier weak", "Today the minister said... Published Dec 20, 2016", Options{Now: now},
			"2016-12-20T00:00:00Z", "Dec 20, 2016"},
		{"weak when nothing else", "Updated yesterday by the desk", Options{Now: now},
			"2016-12-27T00:00:00Z", "yesterday"},
		{"persian paragraph", "به گزارش خبرگزاری، این خبر در تاریخ ۸ دی ۱۳۹۵ ساعت ۹:۴۲ منتشر شد.", Options{},
			"2016-12-28T06:12:00Z", "۸ دی ۱۳۹۵ ساعت ۹:۴۲"},
		{"arabic two calendars", "نشر في الأحد 7 يوليو 2024 الموافق 1 محرم 1446 هـ", Options{},
			"2024-07-07T00:00:00Z", "الأحد 7 يوليو 2024"},
		{"iran-daily byline", "Tehran, Iran Daily — 0612 GMT December 28, 2016 — text", Options{},
			"2016-12-28T06:12:00Z", "0612 GMT December 28, 2016"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Find(tc.text, tc.opts)
			if !ok {
				t.Fatalf("Find(%q) found nothing, want %v", tc.text, tc.want)
			}
			if want := utc(tc.want); !got.Time.Equal(want) {
				t.Errorf("Find(%q) = %v, want %v", tc.text, got.Time, want)
			}
			if got.Raw != tc.raw {
				t.Errorf("Find(%q) raw = %q, want %q", tc.text, got.Raw, tc.raw)
			}
		})
	}
	if r, ok := Find("nothing to see here, 42 items", Options{}); ok {
		t.Errorf("Find(no date) = %v, want none", r)
	}
}

func TestConcurrent(t *testing.T) {
	inputs := benchInputs
	opts := Options{Location: mustLoad(t, "Europe/Paris"), Now: time.Date(2016, 12, 28, 12, 0, 0, 0, time.UTC)}
	want := make([]Result, len(inputs))
	for i, in := range inputs {
		want[i], _ = Parse(in, opts)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 50; n++ {
				for i, in := range inputs {
					got, _ := Parse(in, opts)
					if !sameResult(got, want[i]) {
						t.Errorf("Parse(%q) = %v, want %v", in, got, want[i])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestLocal checks Result.Local: the wall clock and offset the string
// printed (or the configured zone applied), and zero where the offset is
// unknown.
func TestLocal(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	cases := []struct {
		in   string
		opts Options
		want string // RFC 3339 of Local, "" for zero
	}{
		{"2020-01-13T17:04:34+03:00", Options{}, "2020-01-13T17:04:34+03:00"},
		{"2020-01-13T23:30:00-05:00", Options{}, "2020-01-13T23:30:00-05:00"},
		{"Dec. 28, 2016, 6:12 a.m. EST", Options{}, "2016-12-28T06:12:00-05:00"},
		{"2016-07-28 22:12", Options{Location: ny}, "2016-07-28T22:12:00-04:00"},
		{"2016-12-28T06:12:00Z", Options{}, "2016-12-28T06:12:00Z"},
		{"2016-12-28 06:12", Options{}, ""},
		{"28 December 2016", Options{}, ""},
	}
	for _, c := range cases {
		r, err := Parse(c.in, c.opts)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.in, err)
		}
		got := ""
		if !r.Local.IsZero() {
			got = r.Local.Format(time.RFC3339)
			if !r.Local.Equal(r.Time) {
				t.Errorf("Parse(%q).Local = %v, not the instant %v", c.in, r.Local, r.Time)
			}
		}
		if got != c.want {
			t.Errorf("Parse(%q).Local = %q, want %q", c.in, got, c.want)
		}
	}
}

// sameResult compares Results field by field: Local's zone is a fresh
// fixed zone on each call, so == would compare pointers.
func sameResult(a, b Result) bool {
	la, lb := a.Local, b.Local
	a.Local, b.Local = time.Time{}, time.Time{}
	return a == b && la.Equal(lb) && la.Format(time.RFC3339Nano) == lb.Format(time.RFC3339Nano)
}

package timeparse

import (
	"testing"
	"time"
)

var benchInputs = []string{
	"2016-12-28T06:12:00Z",
	"2016-12-28T06:12:00.123+0330",
	"Wed, 28 Dec 2016 06:12:00 GMT",
	"0612 GMT December 28, 2016",
	"Dec. 28, 2016, 6:12 a.m. EST",
	"28. Dezember 2016 um 06:12 Uhr",
	"28/12/2016 06:12",
	"۱۳۹۵/۱۰/۰۸ - ۰۹:۴۲",
	"چهارشنبه ۸ دی ۱۳۹۵ - ۰۹:۴۲",
	"الأربعاء 28 ديسمبر 2016 - 06:12 م",
	"2 hours ago",
	"Published: Wednesday 28 December 2016",
}

func BenchmarkParse(b *testing.B) {
	opts := Options{Now: time.Date(2016, 12, 28, 12, 0, 0, 0, time.UTC)}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Parse(benchInputs[i%len(benchInputs)], opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFindParagraph(b *testing.B) {
	text := "The minister spoke to 3 reporters on Wednesday about the 2017 budget and 12 other matters. " +
		"Posted on Dec 28, 2016 at 6:12 pm by staff. Seen 1,204 times."
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, ok := Find(text, Options{}); !ok {
			b.Fatal("no date")
		}
	}
}

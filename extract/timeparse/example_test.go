package timeparse_test

import (
	"fmt"
	"time"

	"github.com/newsnorm/newsnorm/extract/timeparse"
)

func Example() {
	inputs := []string{
		"Published: 0612 GMT December 28, 2016",
		"Dec. 28, 2016, 6:12 a.m. EST",
		"چهارشنبه ۸ دی ۱۳۹۵ - ۰۹:۴۲",
		"28. Dezember 2016",
		"2 hours ago",
	}
	opts := timeparse.Options{Now: time.Date(2016, 12, 28, 8, 12, 0, 0, time.UTC)}
	for _, in := range inputs {
		r, err := timeparse.Parse(in, opts)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s %s %s zone=%q\n", r.Time.Format(time.RFC3339), r.Precision, r.Calendar, r.Zone)
	}
	_, err := timeparse.Parse("no date here", opts)
	fmt.Println(err)
	// Output:
	// 2016-12-28T06:12:00Z minute gregorian zone="GMT"
	// 2016-12-28T11:12:00Z minute gregorian zone="EST"
	// 2016-12-28T06:12:00Z minute jalali zone="Asia/Tehran (Jalali default)"
	// 2016-12-28T00:00:00Z day gregorian zone=""
	// 2016-12-28T06:12:00Z minute gregorian zone=""
	// timeparse: no date found in "no date here"
}

func ExampleFind() {
	text := "به گزارش خبرنگار ما، این گزارش در تاریخ ۸ دی ۱۳۹۵ ساعت ۹:۴۲ منتشر شد."
	if r, ok := timeparse.Find(text, timeparse.Options{}); ok {
		fmt.Println(r.Time.Format(time.RFC3339), r.Raw)
	}
	// Output: 2016-12-28T06:12:00Z ۸ دی ۱۳۹۵ ساعت ۹:۴۲
}

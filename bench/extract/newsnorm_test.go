//go:build !no_newsnorm

package main

import (
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/extract"
)

func TestLocalPublished(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v.UTC()
	}
	for _, c := range []struct {
		pub  *extract.Published
		want string
	}{
		{nil, ""},
		{&extract.Published{Time: at("2020-01-13T00:00:00Z"), Precision: "day"}, "2020-01-13"},
		{&extract.Published{Time: at("2020-01-13T14:04:34Z"), Precision: "second", Zone: "+03:00"}, "2020-01-13T17:04:34+03:00"},
		{&extract.Published{Time: at("2020-01-13T20:04:00Z"), Precision: "minute", Zone: "+05:30"}, "2020-01-14T01:34:00+05:30"},
		{&extract.Published{Time: at("2020-08-25T05:23:33.812Z"), Precision: "second", Zone: "-05:00"}, "2020-08-25T00:23:33-05:00"},
		{&extract.Published{Time: at("2020-01-14T02:00:00Z"), Precision: "minute", Zone: "EST"}, "2020-01-13T21:00:00-05:00"},
		{&extract.Published{Time: at("2020-07-14T02:00:00Z"), Precision: "minute", Zone: "ET"}, "2020-07-13T22:00:00-04:00"},
		{&extract.Published{Time: at("2020-07-14T02:00:00Z"), Precision: "minute", Zone: "America/New_York (config)"}, "2020-07-13T22:00:00-04:00"},
		{&extract.Published{Time: at("2020-07-14T02:00:00Z"), Precision: "minute", Zone: "UTC (default)"}, "2020-07-14T02:00:00Z"},
		{&extract.Published{Time: at("2020-07-14T02:00:00Z"), Precision: "second", Zone: "Z"}, "2020-07-14T02:00:00Z"},
		{&extract.Published{Time: at("2020-07-14T02:00:00Z"), Precision: "minute"}, "2020-07-14T02:00:00Z"},
	} {
		if got := localPublished(c.pub); got != c.want {
			t.Errorf("localPublished(%+v) = %q, want %q", c.pub, got, c.want)
		}
	}
}

//go:build !no_newsnorm

package main

import (
	"strings"
	"time"

	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/extract/timeparse"
	"github.com/newsnorm/newsnorm/internal/charset"
)

func init() { register(extractor{name: subjectName, fn: newsnorm}) }

// newsnorm is what `newsnorm extract --url URL PAGE` does with a config
// that has no sites: the charset decode with no Content-Type and no
// override (the module's internal packages are importable from this
// nested module, whose path lies under the main module's), then the
// generic path (a nil profile, the same as extract.GenericProfile()) with
// the page's fetch time (see page.FetchedAt).
func newsnorm(p page) (prediction, error) {
	html, _, err := charset.Decode(p.HTML, "", "")
	if err != nil {
		return prediction{}, err
	}
	a, err := extract.Extract(extract.Input{HTML: html, URL: p.URL, FetchedAt: p.FetchedAt}, nil)
	if err != nil {
		return prediction{}, err
	}
	return prediction{Headline: a.Headline, Published: localPublished(a.Published), Authors: a.Authors, Body: a.Body}, nil
}

// localPublished is the publish time in the page's own offset, which is
// what score_meta.py wants (a hand-labelled day is the page's local day):
// the bare date for day precision, else RFC 3339. extract.Published holds
// the time in UTC and the name of the zone that was applied, so the offset
// is recovered from that name; where it cannot be (no zone, a relative
// time), UTC. Published.Local, where extraction set it, is that time
// already (the record's published_local).
func localPublished(pub *extract.Published) string {
	if pub == nil || pub.Time.IsZero() {
		return ""
	}
	if pub.Precision == string(timeparse.PrecisionDay) {
		return pub.Time.Format(time.DateOnly) // the date as printed, no zone applied
	}
	if !pub.Local.IsZero() {
		return pub.Local.Format(time.RFC3339) // the page's own offset, as the record's published_local
	}
	return pub.Time.In(zoneOf(pub)).Format(time.RFC3339)
}

// zoneOf turns Published.Zone back into a location: an IANA name
// ("America/New_York (config)", "Asia/Tehran (Jalali default)") through
// the zone database; an offset or abbreviation ("+03:00", "EST", "ET") by
// letting timeparse read it after the time's own clock, the difference
// being its offset; UTC for the rest ("UTC (default)": the page printed
// no zone).
func zoneOf(pub *extract.Published) *time.Location {
	name, _, _ := strings.Cut(pub.Zone, " (")
	switch name {
	case "", "Z", "UTC", "GMT", "UT":
		return time.UTC
	}
	if strings.Contains(name, "/") {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
		return time.UTC
	}
	wall := pub.Time.Format("2006-01-02 15:04:05")
	r, err := timeparse.Parse(wall+" "+name, timeparse.Options{})
	if err != nil || r.Zone != name {
		return time.UTC
	}
	off := pub.Time.Truncate(time.Second).Sub(r.Time).Round(time.Minute) // wall has no fraction
	if off < -14*time.Hour || off > 14*time.Hour {
		return time.UTC
	}
	return time.FixedZone(name, int(off/time.Second))
}

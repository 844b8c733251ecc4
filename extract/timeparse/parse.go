package timeparse

import (
	"errors"
	"fmt"
	"time"
)

// This file holds the public API (Options, Result, Parse, Find), the scan
// that tries the matchers at every token, and the assembly of a Result from
// a matched date, clock and zone.

// Precision tells how much of a Result's Time comes from the input.
type Precision string

// Precisions of a parsed time.
const (
	PrecisionSecond Precision = "second"
	PrecisionMinute Precision = "minute"
	PrecisionDay    Precision = "day"
)

// Options control how ambiguous or incomplete inputs are resolved. The zero
// value is usable: UTC, month-first numeric dates, relative times rejected.
type Options struct {
	// Location is the zone applied when the string names none; nil = UTC
	// (but Asia/Tehran for Solar Hijri dates).
	Location *time.Location
	// DayFirst resolves ambiguous numeric dates like 03/04/2016: true means
	// 3 April (dd/mm), false means March 4 (mm/dd). Unambiguous ones
	// (28/12/2016) are parsed either way.
	DayFirst bool
	// Now is the reference for relative times ("2 hours ago", "yesterday")
	// and for dates printed without a year; zero means both are rejected.
	Now time.Time
}

// Result is a parsed publish time.
type Result struct {
	// Time is always in UTC. For PrecisionDay it is midnight UTC of the
	// calendar date that was printed (no zone shift is applied to dates).
	Time      time.Time
	Precision Precision
	// Raw is the substring of the input that was parsed.
	Raw string
	// Zone is the zone or offset that was applied: "GMT", "+03:30",
	// "America/New_York (config)", "UTC (default)"; empty for dates
	// without a time and for relative times.
	Zone string
	// Calendar is "gregorian", "jalali" or "hijri".
	Calendar string
	// Local is Time in the zone that was applied when the string states a
	// zone or offset, or Options.Location (or the Jalali default) set
	// one: the wall clock the page printed. It is zero for dates without
	// a time, relative times, and times read in the UTC default.
	Local time.Time
}

// ErrNoDate is returned (wrapped with the input) by Parse when the input
// holds no usable date.
var ErrNoDate = errors.New("timeparse: no date found")

// Parse parses s, which should be essentially a date/time (it may have a
// little surrounding noise like "Published:" or "Updated"). It returns an
// error wrapping ErrNoDate when nothing usable is found.
func Parse(s string, opts Options) (Result, error) {
	r, ok := scan(s, &opts)
	if !ok {
		const maxQuoted = 120
		q := s
		if len(q) > maxQuoted {
			q = q[:maxQuoted] + "…"
		}
		return Result{}, fmt.Errorf("%w in %q", ErrNoDate, q)
	}
	return r, nil
}

// Find scans free text (e.g. a labelled line or a paragraph) and returns the
// first date/time it finds. Weak matches — a bare "today"/"yesterday" or a
// date without a year — are returned only when the text holds nothing better.
func Find(text string, opts Options) (Result, bool) {
	return scan(text, &opts)
}

// Year bounds of any result.
const (
	minYear = 1900
	maxYear = 2200
)

// scan tokenises s and returns the first strong match, else the first weak one.
func scan(s string, opts *Options) (Result, bool) {
	// The parser holds only the tokens and scalars derived from opts, and
	// matchers return token spans rather than substrings: that keeps the
	// token and text buffers below on the stack.
	var tokArr [48]token
	var bufArr [256]byte
	p := parser{dayFirst: opts.DayFirst}
	p.toks, p.buf = tokenize(s, tokArr[:0], bufArr[:0])
	if !opts.Now.IsZero() {
		p.setNow(opts)
	}
	var weak Result
	haveWeak := false
	for i := range p.toks {
		m, ok := p.matchAt(i)
		if !ok {
			continue
		}
		r, ok := finish(s, p.toks, &m, opts)
		if !ok {
			continue
		}
		if !m.weak {
			return r, true
		}
		if !haveWeak {
			weak, haveWeak = r, true
		}
	}
	return weak, haveWeak
}

type parser struct {
	toks     []token
	buf      []byte // folded token text, see text
	dayFirst bool
	hasNow   bool
	nowSec   int64 // Options.Now as Unix seconds and nanoseconds
	nowNsec  int64
	todayG   int // day number of Now's date in Options.Location (UTC when nil)
	todayJ   int // day number of Now's date in the zone applied to Jalali dates
}

func (p *parser) setNow(opts *Options) {
	p.hasNow = true
	p.nowSec, p.nowNsec = opts.Now.Unix(), int64(opts.Now.Nanosecond())
	y, m, d := opts.Now.In(location(opts, calGregorian)).Date()
	p.todayG = daysFromCivil(y, int(m), d)
	y, m, d = opts.Now.In(location(opts, calJalali)).Date()
	p.todayJ = daysFromCivil(y, int(m), d)
}

// today returns the day number of Now's date as seen for calendar cal.
func (p *parser) today(cal calendar) int {
	if cal == calJalali {
		return p.todayJ
	}
	return p.todayG
}

// match is what a matcher found: a token span and either a date with an
// optional clock, or an instant (relative times).
type match struct {
	start, end int // token span [start, end)
	weak       bool
	dm         dateMatch
	clk        clockMatch
	hasClk     bool
	instant    bool
	at         time.Time // instant: the UTC time
	prec       Precision // instant: its precision
}

// matchAt tries every matcher at token i.
func (p *parser) matchAt(i int) (match, bool) {
	if p.toks[i].kind == tPunct {
		return match{}, false
	}
	if p.hasNow {
		if m, ok := p.relative(i); ok {
			return m, true
		}
	}
	if dm, ok := p.date(i); ok {
		m := match{start: p.extendWeekday(i), end: dm.end, dm: dm, weak: dm.weak}
		switch {
		case dm.hasClk:
			m.clk, m.hasClk, m.weak = dm.clk, true, false
		default:
			if c, ok := p.trailingClock(dm.end); ok {
				m.clk, m.hasClk, m.end, m.weak = c, true, c.end, false
			}
		}
		return m, true
	}
	// A time printed before the date: "0612 GMT December 28, 2016",
	// "6:12 PM, Dec 28, 2016", "۰۹:۴۲ - ۱۳۹۵/۱۰/۰۸".
	if c, ok := p.clock(i, clockLead); ok {
		j := p.skipLeadConnectors(c.end)
		if dm, ok := p.date(j); ok {
			return match{start: i, end: dm.end, dm: dm, clk: c, hasClk: true}, true
		}
	}
	return match{}, false
}

// location returns the zone for times printed without one: the configured
// Location, else Asia/Tehran for Solar Hijri dates, else UTC.
func location(opts *Options, cal calendar) *time.Location {
	switch {
	case opts.Location != nil:
		return opts.Location
	case cal == calJalali:
		return tehran
	}
	return time.UTC
}

// locationName describes location(opts, cal) for Result.Zone.
func locationName(opts *Options, cal calendar) string {
	switch {
	case opts.Location != nil:
		return opts.Location.String() + " (config)"
	case cal == calJalali:
		return "Asia/Tehran (Jalali default)"
	}
	return "UTC (default)"
}

// finish turns a match into a Result, applying the zone; ok is false when
// the result falls outside the supported years.
func finish(s string, toks []token, m *match, opts *Options) (Result, bool) {
	r := Result{Raw: s[toks[m.start].start:toks[m.end-1].end]}
	switch {
	case m.instant:
		r.Time, r.Precision, r.Calendar = m.at, m.prec, calGregorian.String()
	case !m.hasClk:
		dm := &m.dm
		r.Time = time.Date(dm.y, time.Month(dm.m), dm.d, 0, 0, 0, 0, time.UTC)
		r.Precision, r.Calendar = PrecisionDay, dm.cal.String()
	default:
		dm, c := &m.dm, &m.clk
		month := time.Month(dm.m)
		switch {
		case c.zone.name == "":
			r.Zone = locationName(opts, dm.cal)
			loc := location(opts, dm.cal)
			r.Local = time.Date(dm.y, month, dm.d, c.h, c.mi, c.s, c.ns, loc)
			r.Time = r.Local.UTC()
			if opts.Location == nil && dm.cal != calJalali {
				r.Local = time.Time{} // the UTC default: the page's offset is unknown
			}
		case c.zone.loc != nil:
			r.Zone = c.zone.name
			r.Local = time.Date(dm.y, month, dm.d, c.h, c.mi, c.s, c.ns, c.zone.loc)
			r.Time = r.Local.UTC()
		default:
			r.Zone = c.zone.name
			r.Time = time.Date(dm.y, month, dm.d, c.h, c.mi, c.s, c.ns, time.UTC).Add(-time.Duration(c.zone.off) * time.Second)
			r.Local = r.Time.In(time.FixedZone(c.zone.name, c.zone.off))
		}
		r.Precision, r.Calendar = PrecisionMinute, dm.cal.String()
		if c.hasSec {
			r.Precision = PrecisionSecond
		}
	}
	if y := r.Time.Year(); y < minYear || y > maxYear {
		return Result{}, false
	}
	return r, true
}

// Token helpers. All of them accept any index and report false/nil when it
// is out of range, so matchers never need their own bounds checks.

// text returns the folded text of a word or the digits of a number.
func (p *parser) text(t *token) []byte {
	return p.buf[t.ws:t.we]
}

func (p *parser) tok(i int) *token {
	if i < 0 || i >= len(p.toks) {
		return nil
	}
	return &p.toks[i]
}

func (p *parser) numAt(i int) *token {
	if t := p.tok(i); t != nil && t.kind == tNum {
		return t
	}
	return nil
}

func (p *parser) isWord(i int) bool {
	t := p.tok(i)
	return t != nil && t.kind == tWord
}

func (p *parser) wordIs(i int, w string) bool {
	t := p.tok(i)
	return t != nil && t.kind == tWord && string(p.text(t)) == w
}

func (p *parser) isPunct(i int, c byte) bool {
	t := p.tok(i)
	return t != nil && t.kind == tPunct && t.ch == c
}

// adjacent reports whether token i exists and follows token i-1 without
// whitespace.
func (p *parser) adjacent(i int) bool {
	t := p.tok(i)
	return t != nil && !t.sp
}

// maxJoin is the number of consecutive words a multi-word name may span.
const maxJoin = 3

// lookupJoined matches the longest run of up to maxJoin word tokens starting
// at i (hyphens between them allowed) whose concatenated folded text is a key
// of m, returning the value and the index just past the run.
func lookupJoined[V any](p *parser, i int, m map[string]V) (V, int, bool) {
	var zero V
	var kb [64]byte
	key := kb[:0]
	best, bestEnd := zero, -1
	j := i
	for n := 0; n < maxJoin; n++ {
		t := p.tok(j)
		if t == nil || t.kind != tWord || len(key)+t.we-t.ws > len(kb) {
			break
		}
		key = append(key, p.text(t)...)
		j++
		if v, ok := m[string(key)]; ok {
			best, bestEnd = v, j
		}
		if p.isPunct(j, '-') && p.isWord(j+1) {
			j++
		}
	}
	if bestEnd < 0 {
		return zero, i, false
	}
	return best, bestEnd, true
}

package timeparse

import (
	"fmt"
	"time"
	_ "time/tzdata" // embedded zone database: Asia/Tehran etc. work on any host
)

// This file resolves zone names, abbreviations and numeric offsets that may
// follow a time of day.

type zoneRef struct {
	name string         // reported in Result.Zone; empty = no zone
	off  int            // seconds east of UTC (when loc is nil)
	loc  *time.Location // zones with daylight-saving rules (ET, Tehran time)
}

type zoneInfo struct {
	zoneRef
	// anyCase zones are recognised in any letter case; the others only in
	// capitals, so that words like "est", "ist", "et" or "cat" in running
	// French/German/English text are not mistaken for zones.
	anyCase bool
	// base zones (GMT, UTC) may carry an offset: "GMT+3:30", "UTC-05".
	base bool
}

// tehran is the zone applied to Solar Hijri dates printed without a zone
// when Options.Location is nil.
var tehran = loadLocation("Asia/Tehran", 3*3600+1800)

// loadLocation loads an IANA zone, falling back to a fixed offset if the zone
// database were unavailable (it is embedded, so that should not happen).
func loadLocation(name string, fallbackOffset int) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone(name, fallbackOffset)
	}
	return loc
}

const hour = 3600

// fixedZones are abbreviations with a fixed offset. Ambiguous abbreviations
// resolve to the reading most common in news: IST = India, AST = Arabia,
// CST = US Central, BST = British Summer Time.
var fixedZones = []struct {
	abbr string
	off  int
}{
	{"EST", -5 * hour}, {"EDT", -4 * hour}, {"CST", -6 * hour}, {"CDT", -5 * hour},
	{"MST", -7 * hour}, {"MDT", -6 * hour}, {"PST", -8 * hour}, {"PDT", -7 * hour},
	{"AKST", -9 * hour}, {"AKDT", -8 * hour}, {"HST", -10 * hour},
	{"WET", 0}, {"WEST", 1 * hour}, {"BST", 1 * hour},
	{"CET", 1 * hour}, {"CEST", 2 * hour}, {"MEZ", 1 * hour}, {"MESZ", 2 * hour},
	{"EET", 2 * hour}, {"EEST", 3 * hour}, {"MSK", 3 * hour}, {"TRT", 3 * hour},
	{"IDT", 3 * hour}, {"AST", 3 * hour}, {"EAT", 3 * hour}, {"CAT", 2 * hour},
	{"SAST", 2 * hour}, {"WAT", 1 * hour}, {"GST", 4 * hour},
	{"IRST", 3*hour + 1800}, {"IRDT", 4*hour + 1800}, {"AFT", 4*hour + 1800},
	{"PKT", 5 * hour}, {"IST", 5*hour + 1800}, {"NPT", 5*hour + 2700},
	{"ICT", 7 * hour}, {"WIB", 7 * hour}, {"HKT", 8 * hour}, {"SGT", 8 * hour},
	{"PHT", 8 * hour}, {"AWST", 8 * hour}, {"JST", 9 * hour}, {"KST", 9 * hour},
	{"AEST", 10 * hour}, {"AEDT", 11 * hour}, {"NZST", 12 * hour}, {"NZDT", 13 * hour},
	{"ART", -3 * hour}, {"BRT", -3 * hour},
}

// regionZones follow daylight-saving rules, so they resolve through the zone
// database (US "ET" is EST in winter and EDT in summer).
var regionZones = []struct {
	names   []string
	iana    string
	off     int // fallback
	anyCase bool
}{
	{[]string{"ET"}, "America/New_York", -5 * hour, false},
	{[]string{"CT"}, "America/Chicago", -6 * hour, false},
	{[]string{"MT"}, "America/Denver", -7 * hour, false},
	{[]string{"PT"}, "America/Los_Angeles", -8 * hour, false},
	{[]string{"به وقت تهران", "وقت تهران", "Tehran time", "Iran time"}, "Asia/Tehran", 3*hour + 1800, true},
	{[]string{"بتوقيت القدس"}, "Asia/Jerusalem", 2 * hour, true},
	{[]string{"بتوقيت بيروت"}, "Asia/Beirut", 2 * hour, true},
	{[]string{"بتوقيت القاهرة"}, "Africa/Cairo", 2 * hour, true},
	{[]string{"بتوقيت دمشق"}, "Asia/Damascus", 2 * hour, true},
}

// phraseZones are fixed-offset zones written as words.
var phraseZones = []struct {
	names []string
	name  string
	off   int
}{
	{[]string{"بتوقيت غرينتش", "بتوقيت جرينتش", "بتوقيت غرينيتش", "غرينتش", "گرینویچ", "به وقت گرینویچ"}, "GMT", 0},
	{[]string{"بتوقيت مكة", "بتوقيت مكة المكرمة", "بتوقيت السعودية", "بتوقيت الرياض", "بتوقيت بغداد"}, "AST", 3 * hour},
	{[]string{"بتوقيت الإمارات", "بتوقيت أبوظبي", "بتوقيت دبي"}, "GST", 4 * hour},
}

var zoneTable = buildZoneTable()

func buildZoneTable() map[string]zoneInfo {
	m := make(map[string]zoneInfo, 128)
	for _, base := range []string{"GMT", "UTC", "UT"} {
		m[foldKey(base)] = zoneInfo{zoneRef: zoneRef{name: base}, anyCase: true, base: true}
	}
	for _, z := range fixedZones {
		m[foldKey(z.abbr)] = zoneInfo{zoneRef: zoneRef{name: z.abbr, off: z.off}}
	}
	for _, z := range regionZones {
		loc := loadLocation(z.iana, z.off)
		for _, n := range z.names {
			name := n
			if z.anyCase {
				name = z.iana
			}
			m[foldKey(n)] = zoneInfo{zoneRef: zoneRef{name: name, loc: loc}, anyCase: z.anyCase}
		}
	}
	for _, z := range phraseZones {
		for _, n := range z.names {
			m[foldKey(n)] = zoneInfo{zoneRef: zoneRef{name: z.name, off: z.off}, anyCase: true}
		}
	}
	return m
}

// Numeric offsets are reported as "+hh:mm"; those on a quarter-hour within
// ±14h come from this table so that formatting them does not allocate.
const (
	maxOffset       = 14 * hour
	quarter         = 900
	offsetNameCount = 2*maxOffset/quarter + 1
)

var offsetNames = func() (names [offsetNameCount]string) {
	for i := range names {
		names[i] = fmtOffset((i - maxOffset/quarter) * quarter)
	}
	return names
}()

func fmtOffset(off int) string {
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%c%02d:%02d", sign, off/hour, off%hour/60)
}

func offsetName(off int) string {
	if off%quarter == 0 && off >= -maxOffset && off <= maxOffset {
		return offsetNames[off/quarter+maxOffset/quarter]
	}
	return fmtOffset(off)
}

// zone matches a zone at token j: an abbreviation or name ("GMT", "EST",
// "به وقت تهران"), a base zone with an offset ("GMT+3:30", "UTC+01"), a bare
// offset whose digits touch the sign ("+0330", "-05:00"), "Z" written right
// after the time, or any of these in parentheses.
func (p *parser) zone(j int) (zoneRef, int, bool) {
	if p.isPunct(j, '(') {
		z, k, ok := p.zone(j + 1)
		if ok && p.isPunct(k, ')') && !p.isPunct(j+1, '(') {
			return z, k + 1, true
		}
		return zoneRef{}, j, false
	}
	t := p.tok(j)
	if t == nil {
		return zoneRef{}, j, false
	}
	switch t.kind {
	case tPunct:
		if off, k, ok := p.offset(j); ok {
			return zoneRef{name: offsetName(off), off: off}, k, true
		}
	case tWord:
		if !t.sp && string(p.text(t)) == "z" {
			return zoneRef{name: "Z"}, j + 1, true
		}
		zi, k, ok := lookupJoined(p, j, zoneTable)
		if !ok || (!zi.anyCase && !p.allUpper(j, k)) {
			return zoneRef{}, j, false
		}
		if zi.base {
			if off, k2, ok := p.offset(k); ok {
				return zoneRef{name: offsetName(off), off: off}, k2, true
			}
		}
		return zi.zoneRef, k, true
	}
	return zoneRef{}, j, false
}

func (p *parser) allUpper(from, to int) bool {
	for i := from; i < to; i++ {
		if p.toks[i].kind == tWord && !p.toks[i].upper {
			return false
		}
	}
	return true
}

// offset matches "+hh", "+hhmm", "+hmm" or "+hh:mm" (or with '-') at token
// j; the digits must touch the sign.
func (p *parser) offset(j int) (int, int, bool) {
	t := p.tok(j)
	if t == nil || t.kind != tPunct || (t.ch != '+' && t.ch != '-') {
		return 0, j, false
	}
	n := p.numAt(j + 1)
	if n == nil || n.sp {
		return 0, j, false
	}
	k := j + 2
	var h, m int
	switch n.ndig {
	case 1, 2:
		h = n.val
		if p.isPunct(k, ':') && p.adjacent(k) {
			if mt := p.numAt(k + 1); mt != nil && mt.ndig == 2 && !mt.sp {
				m = mt.val
				k += 2
			}
		}
	case 3, 4:
		h, m = n.val/100, n.val%100
	default:
		return 0, j, false
	}
	if h > 14 || m > 59 {
		return 0, j, false
	}
	off := h*hour + m*60
	if t.ch == '-' {
		off = -off
	}
	return off, k, true
}

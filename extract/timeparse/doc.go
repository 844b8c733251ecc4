// Package timeparse turns the publish-time string of any news page into a
// UTC time.
//
// Parse takes a string that is essentially a date/time (with a little noise
// such as "Published:" around it); Find scans free text for the first
// date/time. Both accept ISO 8601 / RFC 3339, RFC 1123/822/850, ANSI C and
// Unix date layouts, numeric dates (DayFirst settles dd/mm vs mm/dd), month
// names in English, French, German, Spanish, Italian, Portuguese, Dutch,
// Arabic (Egyptian, Maghrebi and Levantine names) and Persian, Solar Hijri
// (Jalali) dates, labelled Lunar Hijri dates, relative times ("2 hours ago",
// "yesterday", "منذ ساعتين") and zone abbreviations or offsets. Persian and
// Arabic-Indic digits and Arabic punctuation are normalised first.
//
// The package keeps no mutable state: tables are built at init and every
// call works on its own stack buffers, so it is safe for concurrent use.
//
// Files:
//
//   - parse.go: public API (Options, Result, Parse, Find), the scan over
//     tokens, and assembly of a Result (zone choice, precision, year bounds).
//   - tokens.go: tokenizer into numbers, words and punctuation with byte spans.
//   - digits.go: rune normalisation (native digits, punctuation roles,
//     case/accent folding, Arabic/Persian letter unification).
//   - dates.go: date matchers (numeric, compact ISO, day-first, month-first,
//     ANSI C, CJK, year-less dates).
//   - clock.go: time-of-day matcher (am/pm markers, fractions, connectors).
//   - zones.go: zone abbreviations, named zones and numeric offsets;
//     imports time/tzdata so IANA zones always load.
//   - months.go: month/weekday/ordinal/era tables and Hijri label detection.
//   - relative.go: relative times against Options.Now.
//   - jalali.go: Solar Hijri ⇄ Gregorian conversion (Borkowski / jalaali-js).
//   - hijri.go: tabular Islamic calendar conversion (±1 day caveat inside).
//   - civil.go: Gregorian day-number arithmetic shared by the converters.
package timeparse

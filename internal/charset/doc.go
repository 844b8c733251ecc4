// Package charset decides a fetched page's character encoding once and
// hands UTF-8 to everything downstream.
//
//	out, name, err := charset.Decode(body, resp.Header.Get("Content-Type"), site.Charset)
//
// The decision order is: per-site override, HTTP Content-Type charset, byte
// order mark, <meta> / <?xml?> declaration in the first 4 KiB, sniffing,
// default. Declarations are checked against the bytes: a page declared
// UTF-8 that is not, or declared windows-1252 that is really UTF-8, or
// declared in one legacy encoding while its bytes plainly read as another,
// is re-detected instead of being turned into mojibake. Unknown labels are
// skipped. The output is always valid UTF-8 without a BOM; for input that
// is already valid UTF-8 it is a sub-slice of the input (no copy).
//
// Encoding names are the lower-case WHATWG names ("utf-8",
// "windows-1256", "shift_jis", "gbk", ...); note that WHATWG maps the
// labels iso-8859-1, latin1 and us-ascii to "windows-1252".
//
// Sniffing uses a small statistical detector written for this package
// rather than github.com/saintfish/chardet: on this package's fixtures
// chardet reads windows-1256 Persian as ISO-8859-6, short Persian and
// Russian pages as Latin-1, and every Central European page as Latin-1
// (its ISO-8859-2 recognisers are wired to the Latin-1 tables). The
// detector here scores each candidate decoding by letter frequencies,
// script and case consistency and per-language Latin alphabets; see
// sniff.go and score.go.
//
// Files:
//
//   - charset.go: Decode, DecodeWithSource, the decision order and the
//     checks applied to declared encodings; UTF-16 and ISO-2022-JP sniffing.
//   - labels.go: Valid, label lookup (WHATWG labels via x/text htmlindex,
//     sloppy spellings such as "win-1256", IANA names via ianaindex), and
//     the lenient charset=... parameter parser used for headers and meta.
//   - mostly.go: whether a page declared UTF-8 that is not valid UTF-8 is
//     UTF-8 with a few bad bytes (kept as UTF-8, the bad bytes replaced)
//     rather than in another encoding.
//   - prescan.go: BOM detection and the <meta>/<?xml?> prescan.
//   - convert.go: conversion to UTF-8 (fast paths for valid UTF-8, ASCII
//     and single-byte tables) and invalid-UTF-8 repair.
//   - mojibake.go: RepairMojibake, for pages double-encoded in their own
//     bytes ("Thatâ€™s" for "That’s"), which extract applies before it
//     parses a page.
//   - sniff.go: the detector's entry point and outline: the sniffer
//     (quick sample, then the full one when not decisive), the best
//     candidate, and whether a declared encoding is plausible.
//   - candidates.go: the encodings the sniffer tries, in order of
//     preference, and ad-hoc candidates for other declared encodings.
//   - sample.go: the part of a page that is scored, and its decoding with
//     a candidate (how many bytes each character took).
//   - classify.go: character classes, scripts and CJK kinds, cached for
//     U+0000..U+2FFF.
//   - score.go: per-character scores (letter frequency, script and case
//     consistency, symbols and format characters) and the per-language
//     Latin letter models.
//   - sniff_tables.go: hand-made letter weights, per-language Latin letter
//     models, and lists of frequent CJK ideographs and Hangul syllables.
//   - fixtures_test.go: sample texts and the generator of testdata/*.html
//     (go test -run TestFixturesUpToDate -update rewrites them).
//   - charset_test.go, sniff_test.go: table-driven tests; fuzz_test.go:
//     FuzzDecode; bench_test.go: BenchmarkDecode.
package charset

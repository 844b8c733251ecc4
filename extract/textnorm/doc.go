// Package textnorm normalises text extracted from article pages: leftover
// HTML entities, invisible and bidi control characters, Unicode
// normalisation (NFC), odd spaces and whitespace runs, and, for Persian,
// the Arabic yeh/kaf variants.
//
//	o := textnorm.Options{Persian: textnorm.IsPersian(body, pageLang)}
//	title := textnorm.Clean(rawTitle, o)
//	text := textnorm.Paragraphs(rawParagraphs, o)
//
// Clean is idempotent and returns its input unchanged, without allocating,
// when there is nothing to do (the common case), so it is cheap to call on
// every paragraph. See Clean for the exact rules, including which
// invisible characters are removed (ZWSP, BOM, soft hyphen, word joiner,
// LRM/RLM/ALM and the other bidi controls) and which are kept (ZWNJ, ZWJ).
//
// Files:
//
//   - clean.go: Options, Clean, Paragraphs; the fast "already clean"
//     checks and the removal, NFC and whitespace/letter passes.
//   - entities.go: decoding of complete character references (&amp;
//     &#39; &#x2019; ...), including double-escaped text.
//   - persian.go: IsPersian (language tag or letter statistics).
//   - clean_test.go: table-driven tests of every rule, the no-allocation
//     guarantee, and a check of the hand-written character predicates
//     against the unicode and norm packages; example_test.go: runnable
//     examples; fuzz_test.go: FuzzClean (idempotence, valid UTF-8, NFC,
//     spacing); bench_test.go: BenchmarkClean, BenchmarkParagraphs.
package textnorm

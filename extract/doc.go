// Package extract turns one HTML page into an Article: ID, headline,
// publish time, body, authors, the fields users expect beyond them
// (description, image, tags, section, free or not) and the source each
// field came from.
//
// Extraction is pure: HTML bytes (already UTF-8), the page URL, the fetch
// time and a site Profile in; an Article or an error out. No network, no
// clock, no logging, no mutable globals; Extract is safe for concurrent use.
//
// Each field is found by an ordered chain of small named candidates; the
// first good value wins and Article.Sources records which one. A profile's
// rules are the first candidates of each chain. The chains, after the
// profile:
//
//   - headline: JSON-LD headline (without a part naming the site or the
//     section), meta tags (og:title, ... with the site name cut off),
//     microdata itemprop=headline, the main <h1>, <title> with the site
//     name cut off; a headline that the main <h1> extends (an og:title
//     cut short) gives way to the <h1>;
//   - published_at: JSON-LD datePublished, meta tags
//     (article:published_time, parsely-pub-date, sailthru.date,
//     DC.date.issued, pubdate, ...), microdata itemprop=datePublished,
//     <time datetime>, markup (RDF dc:date, RDFa, h-entry, abbr.published,
//     data-pubdate), JSON-LD of other types (WebPage in @graph), labelled
//     text ("Published:", "Posted on", "تاریخ انتشار:", ...), other meta
//     names, a date in the URL path, the lines next to the main <h1>, an
//     element whose class names a date, page script state, <title>. Update
//     times (dateModified, article:modified_time, "Updated:") are never
//     taken, nor times in page headers, menus, lists of other articles,
//     comments or copyright lines, nor times after the fetch. A page
//     without a publish time gets none: never the fetch time.
//     Published.Local keeps the page's own offset; for a time given only
//     in UTC, the offset of the same instant in a zone-less local time on
//     the page, else the zone of the single-zone country the page names
//     (<html lang> or og:locale region, country TLD; see pagezone.go).
//     Published.Time stays the UTC instant;
//   - modified: the same kinds of sources read for update keys and labels
//     only (dateModified, article:modified_time, "Updated:", ...);
//   - authors: JSON-LD author (Persons over Organizations, @id references
//     followed), author meta tags (not URLs; twitter:data1 under a
//     "Written by" label), itemprop=author, rel=author, a byline line in
//     the text ("By A and B", "von A und B", "Par A", "Por A", or a
//     "Written by" label above the name), an element whose class names
//     the author or byline. Names are split and cleaned in bylines.go;
//     the site's own name is kept only when nothing names a person;
//   - description, image, tags, section, is_accessible_for_free (see
//     fields.go): JSON-LD first, then meta tags; the image's caption and
//     credit may come from the article's <figure> with the same file;
//   - id: the article URL pattern's id group, a labelled ID ("News ID:"),
//     a hash of the canonical URL;
//   - body: the profile's containers (which boilerplate removal keeps,
//     whatever their names), else content scoring, or the JSON-LD
//     articleBody when the scored body holds less than half of its text
//     (source "json-ld"); minus lines that repeat the headline, the
//     section or the metadata.
//
// Pages nested deeper than MaxDepth are refused (ErrTooDeep): the HTML
// parser's limit, which also keeps the recursive walks in content/ shallow.
//
// Profiles are read-only once built, and the generic profile and the
// default boilerplate rules are built once (see Profile and
// content.Rules), so one profile serves any number of goroutines.
//
// Which file holds what:
//   - article.go: Article, Input, the error values and limits.
//   - profile.go: Profile and FieldRule, a site's rules.
//   - extract.go: Extract, the chains in order.
//   - page.go: the parsed page, the single scan that collects what the
//     candidates read (meta tags, JSON-LD scripts, <time>, <h1>,
//     microdata), and profile rules.
//   - labels.go: labelled values in the page text, and the look at the
//     raw text that spares most pages the search; the page's text blocks
//     are read only as far as the search goes.
//   - regions.go: offArticle, the page parts that are not the article,
//     with its patterns over class names behind word gates.
//   - jsonld.go: JSON-LD parsing (Article types, @graph, arrays,
//     mainEntity, @id references, repair of common faults).
//   - headline.go, published.go, id.go, body.go, authors.go, language.go,
//     canonical.go, modified.go: one file per field; published_markup.go
//     and published_text.go hold the publish-time candidates that read
//     other markup and the visible text; bylines.go turns bylines into
//     names; fields.go has description, image, tags, section and
//     is_accessible_for_free.
//   - explain.go: Explanation (extract --explain): the chains run again
//     with every candidate recorded, after the winner too, when
//     Input.Explain is set (headline, id, published_at there; the other
//     fields in explain_fields.go, which for the fields of fields.go reads
//     the same sources in the same order); explain_text.go writes it for
//     a terminal.
//   - content/: boilerplate rules and body scoring.
//   - timeparse/: timestamps in any format and calendar to UTC.
//   - textnorm/: Unicode and white-space normalisation of text.
//   - internal/testpage/: synthetic news pages for the benchmarks.
//
// Tests: extract_test.go walks testdata/<case>/{source.html, case.json,
// expected.json} (go test ./extract -update rewrites the expectations, to
// be reviewed like code) and runs them from 8 goroutines at once
// (TestExtractConcurrent); helpers_test.go has table tests of the
// helpers; fuzz_test.go has FuzzExtract (crashers kept in testdata/fuzz)
// and TestDeepNesting; bench_test.go has BenchmarkExtract (fixtures, a
// synthetic page from internal/testpage, a page of 5000 paragraphs) and
// stages_bench_test.go BenchmarkStages, Extract stage by stage, through
// the hooks in export_test.go. See "Extraction hot path" in BENCHMARKS.md.
package extract

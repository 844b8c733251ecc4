// Package extract turns one HTML page into an Article: ID, headline,
// publish time, body and the source each field came from.
//
// Extraction is pure: HTML bytes (already UTF-8), the page URL, the fetch
// time and a site Profile in; an Article or an error out. No network, no
// clock, no logging, no mutable globals; Extract is safe for concurrent use.
//
// Each field is found by an ordered chain of small named candidates; the
// first good value wins and Article.Sources records which one. A profile's
// rules are the first candidates of each chain.
//
// Which file holds what:
//   - article.go: Article, Input and the error values.
//   - profile.go: Profile and FieldRule, a site's rules.
//   - extract.go: Extract, the chains in order.
//   - page.go: the parsed page and the lookups every candidate shares
//     (meta tags, JSON-LD objects, labelled text).
//   - jsonld.go: JSON-LD parsing (Article types, @graph, arrays).
//   - headline.go, published.go, id.go, body.go: one file per field.
//   - content/: boilerplate rules and body scoring.
//   - timeparse/: timestamps in any format and calendar to UTC.
//   - textnorm/: Unicode and white-space normalisation of text.
package extract

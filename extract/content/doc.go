// Package content finds the article body in a parsed HTML page.
//
// Clean removes boilerplate from the document, then Extract scores what
// is left and returns the article's text blocks; Within returns the
// blocks of a container a site profile names. All are pure functions over
// a *goquery.Document, safe for concurrent use, and walk the document
// without recursion, in time linear in its size.
//
// Which file holds what:
//   - boilerplate.go: Rules (tags and roles of page chrome, words of
//     class and id names, text patterns; all data, extended per site with
//     Merge) and Clean. Clean scores the page first and keeps the best
//     container and its ancestors, so a misleading name around the article
//     ("content-header", an ASP.NET <form>) never removes it, while the
//     same name inside it ("article-share") does; hidden prose inside it
//     (an accordion's collapsed panel) stays, and so does a table in a
//     <figure>. A boilerplate name that the article's own containers bear
//     ("content-nav-section" on every part of it) removes no prose, and
//     below a <pre> names are a syntax highlighter's ("hljs-comment") and
//     remove nothing.
//   - stream.go: pages that React streams: the hidden segments moved in
//     place of their placeholders, as the page's scripts do.
//   - names.go: matching class and id names by words ("mostRead",
//     "most-read" and "most_read" are all "mostread").
//   - layout.go: layout names ("widget", "meta", "skip"), which mark
//     boilerplate only where the element holds no prose: page builders
//     give them to the containers of whole articles.
//   - droptext.go: matching text blocks against many patterns quickly;
//     gate.go: the cheap tests (the first runes, a word every match
//     needs) that keep most blocks away from the regexps; literals.go:
//     the words that every match of a pattern holds one of, derived from
//     the pattern, and WordGate, the test built on them, which the
//     extract package uses too.
//   - tree.go: the iterative walk and the flat, pre-order view of the
//     elements (parent and subtree end as indices) that scoring uses.
//   - blocks.go: Block and Blocks, which turn a subtree into text blocks
//     (paragraphs, headings, list items, <br>-separated runs),
//     BlockReader, which hands them out one at a time (a heading's
//     permalink, <a href="#x">, is no link text), and
//     AppendRawText, the text they are made of, for a quick look.
//   - scratch.go: the pool of the walks' memory that Clean and Extract
//     share between pages.
//   - score.go: Extract: paragraph scores (length, commas, link density,
//     names; code scores nothing) summed into containers, the best
//     container (moved up to its section when the article is split into
//     anchored sections or page-builder rows of one kind), and the sibling
//     containers and paragraphs that continue it.
//   - filter.go: Within, and the filter both share: link lists, DropText
//     lines, and the tail of the article (tags, prompts, related stubs).
//   - trace.go: Trace, what CleanKeepingTrace, ExtractTrace and
//     WithinTrace record for an explanation (the containers and their
//     scores, each element removed and block dropped with its rule); nil
//     records nothing.
//   - hint.go: WithHint, a fallback to text the page states elsewhere
//     (JSON-LD articleBody, plain or HTML) when the extracted body is much
//     shorter.
package content

// Package content finds the article body in a parsed HTML page.
//
// It works in two steps, both pure functions over a *goquery.Document:
//
//   - boilerplate.go: Rules (CSS selectors, class/id patterns and text
//     patterns, all data) and Clean, which removes what is never article
//     text: hidden elements, forms and captchas, navigation, share bars,
//     related lists, comments, cookie banners, ads, page-timer lines.
//   - blocks.go: Blocks, which turns a DOM subtree into text blocks
//     (paragraphs, headings, list items), one per block-level element.
//   - score.go: Extract, which scores candidate containers by text density
//     and link density and returns the blocks of the best one.
package content

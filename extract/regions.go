package extract

import (
	"regexp"

	"golang.org/x/net/html"

	"github.com/newsnorm/newsnorm/extract/content"
)

// Class and id names of page parts whose times, labels and microdata are
// not the article's. otherArticlesNames are lists of other articles and
// comments, wherever they are; layoutNames are page chrome (headers with
// today's date, menus, sidebars), which count only outside the article:
// themes wrap the article itself in "content-sidebar-wrap" and the like.
// pageHeaderNames are chrome as a <header> is: unless the article holds
// them, where they are the article's own header.
var (
	otherArticlesNames = newNamePattern(`(?i)(^|[-_ ])(related|relatedposts|more-?news|more-?stories|most-?(read|viewed|popular|visited|shared)|popular|trending|recommend(ed|ations)?|comments?|comment-?list|disqus)($|[-_ ])`)
	layoutNames        = newNamePattern(`(?i)(^|[-_ ])(site-?header|masthead|top-?bar|navbar|nav|menu|ticker|breaking|sidebar|widgets?|footer)($|[-_ ])`)
	pageHeaderNames    = newNamePattern(`(?i)(^|[-_ ])(page-?header|pageheader)($|[-_ ])`)
	articlePartNames   = newNamePattern(`(?i)(post|entry|article|story|news|content)`)
)

// namePattern is a pattern over class and id names behind the gate of
// the words it needs (see content.WordGate): most names hold none of
// them, and the gate rules them out for a fraction of the regexp's cost.
type namePattern struct {
	re   *regexp.Regexp
	gate content.WordGate
}

func newNamePattern(expr string) namePattern {
	re := regexp.MustCompile(expr)
	return namePattern{re: re, gate: content.NewWordGate(re)}
}

func (p namePattern) MatchString(s string) bool {
	return p.gate.Allows(s) && p.re.MatchString(s)
}

// offArticle reports whether n sits in a part of the page that is not the
// article: <nav> or <aside>; a list of other articles or comments; page
// chrome outside the <article> or <main> element (a <header> or <footer>
// that is not the article's own, a menu, a sidebar).
func offArticle(n *html.Node, r content.Rules) bool {
	inArticle := false // an <article> or <main> lies between n and here
	pending := false   // a <header> or <footer> below, not yet known to be the article's
	for ; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		names := attr(n, "class") + " " + attr(n, "id")
		switch n.Data {
		case "html", "body":
			continue
		case "article", "main":
			inArticle, pending = true, false
		case "nav", "aside":
			return true
		case "header", "footer":
			if inArticle {
				return true // the article is a teaser in a page header or footer
			}
			if !articlePartNames.MatchString(names) {
				pending = true
			}
		}
		if len(names) <= 1 {
			continue
		}
		if otherArticlesNames.MatchString(names) {
			return true
		}
		if !inArticle && (r.Positive == nil || !r.Positive.MatchString(names)) {
			if layoutNames.MatchString(names) {
				return true
			}
			if pageHeaderNames.MatchString(names) {
				// A page header is chrome like a <header>, unless the
				// article holds it: then it is the article's own, with its
				// byline and date ("page-header__meta" in an <article>).
				pending = true
			}
		}
	}
	return pending
}

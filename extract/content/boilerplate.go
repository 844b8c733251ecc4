package content

import (
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// Rules says what is boilerplate. The zero value removes nothing; start from
// DefaultRules and extend it per site with Merge.
type Rules struct {
	// Remove lists CSS selectors of elements that are never article text.
	Remove []string
	// Negative matches class and id attributes of boilerplate containers
	// (share bars, related lists, ...). An element whose class or id matches
	// Negative and not Positive is removed, unless it holds most of the page's
	// paragraph text.
	Negative *regexp.Regexp
	// Positive matches class and id attributes that mark article content.
	Positive *regexp.Regexp
	// DropText lists patterns of whole text blocks to drop ("Security Key:").
	DropText []*regexp.Regexp
}

// defaultRemove are elements that never hold article text.
var defaultRemove = []string{
	// not rendered or not text
	"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "link", "meta",
	// hidden
	"[hidden]", "[aria-hidden='true']", "[type='hidden']",
	// forms, inputs and captchas
	"form", "input", "button", "select", "textarea", "label", "[class*='captcha']", "[id*='captcha']",
	// page chrome
	"nav", "header:not(article header)", "footer", "aside", "[role='navigation']", "[role='banner']",
	"[role='contentinfo']", "[role='complementary']", "[role='search']", "menu", "dialog",
	// ads and embeds of others
	"ins.adsbygoogle", "[id^='google_ads']", "[class^='ad-']", "[class*=' ad-']", "[id^='ad-']", "[id^='div-gpt-ad']",
}

// negativePattern matches class/id names of boilerplate containers.
const negativePattern = `(?i)(^|[-_ ])(share|sharing|social|sharebar|addthis|related|relatedposts|more-?news|most-?(read|viewed|popular|visited)|popular|trending|recommend(ed|ations)?|comments?|comment-?form|disqus|respond|reply|cookies?|consent|gdpr|newsletter|subscribe|subscription|signup|paywall|promo|advert(isement)?|ads?|adv|advs|myadv|sponsor(ed)?|banner|breadcrumbs?|menu|navbar|nav|sidebar|widget|footer|header|masthead|toolbar|tools|print|email|mail|tags?|tag-?list|keywords|author-?bio|byline-?social|outbrain|taboola|rss|pagination|pager|skip|modal|popup|overlay|ticker|slider|carousel|flexslider|captcha|timer|copyright|login|search)($|[-_ ])`

// positivePattern matches class/id names that mark article content.
const positivePattern = `(?i)(^|[-_ ])(article|article-?body|articlebody|story|story-?body|entry|entry-?content|post-?content|post-?body|content-?body|main-?content|body-?text|news-?text|text-?body|body|news-?body)($|[-_ ])`

// defaultDropText are whole text blocks that are never article text.
var defaultDropText = []string{
	`(?i)^page generated in\b`,
	`(?i)^(security key|captcha)\b`,
	`(?i)^captcha refresh$`,
	`(?i)^(share|share this|share on|tweet|print|email|e-mail)( (this )?(article|story|page))?:?$`,
	`(?i)^(related|related (news|articles|stories|posts)|most (read|viewed|popular)|recommended|read more|see also|more from)\b.{0,30}$`,
	`(?i)^(advertisement|sponsored|skip (to|advertisement))\b.{0,20}$`,
	`(?i)^(we use cookies|this (web)?site uses cookies)\b`,
	`(?i)^(sign up|subscribe) (to|for) (our|the) newsletter\b`,
	`(?i)^(comments?|leave a (comment|reply)|post a comment|\d+ comments?)$`,
	`(?i)^(all rights reserved|copyright ©?|©)\b.{0,120}$`,
	`(?i)^(your name|your email|email address|name|comment|send|submit|refresh)\s*:?\s*\*?$`,
}

// DefaultRules returns the rules that apply to every page. Each call
// returns a fresh value that the caller may extend.
func DefaultRules() Rules {
	r := Rules{
		Remove:   append([]string(nil), defaultRemove...),
		Negative: regexp.MustCompile(negativePattern),
		Positive: regexp.MustCompile(positivePattern),
	}
	for _, p := range defaultDropText {
		r.DropText = append(r.DropText, regexp.MustCompile(p))
	}
	return r
}

// Merge returns r extended with extra selectors and text patterns.
func (r Rules) Merge(remove []string, dropText []*regexp.Regexp) Rules {
	out := r
	out.Remove = append(append([]string(nil), r.Remove...), remove...)
	out.DropText = append(append([]*regexp.Regexp(nil), r.DropText...), dropText...)
	return out
}

// Dropped reports whether a text block is boilerplate by its text alone.
func (r Rules) Dropped(text string) bool {
	for _, re := range r.DropText {
		if re.MatchString(text) {
			return true
		}
	}
	return false
}

// Clean removes boilerplate from doc in place: the Remove selectors,
// elements hidden by inline style, and containers whose class or id
// matches Negative.
func Clean(doc *goquery.Document, r Rules) {
	for _, sel := range r.Remove {
		doc.Find(sel).Remove()
	}
	var drop []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if isHidden(c) || r.boilerContainer(c) {
				drop = append(drop, c)
				continue
			}
			walk(c)
		}
	}
	for _, n := range doc.Nodes {
		walk(n)
	}
	for _, n := range drop {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

// isHidden reports whether inline style hides n.
func isHidden(n *html.Node) bool {
	style := attr(n, "style")
	if style == "" {
		return false
	}
	s := strings.ToLower(strings.ReplaceAll(style, " ", ""))
	return strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden")
}

func (r Rules) boilerContainer(n *html.Node) bool {
	if r.Negative == nil {
		return false
	}
	switch n.Data {
	case "html", "body", "article", "main", "p", "h1", "h2", "h3", "a":
		return false
	}
	names := attr(n, "class") + " " + attr(n, "id")
	if strings.TrimSpace(names) == "" || !r.Negative.MatchString(names) {
		return false
	}
	if r.Positive != nil && r.Positive.MatchString(names) {
		return false
	}
	// A container with many long paragraphs is content, whatever its name.
	return paragraphChars(n) < 600
}

// paragraphChars counts the text inside <p> elements below n that are not links.
func paragraphChars(n *html.Node) int {
	total := 0
	var walk func(n *html.Node, inP bool)
	walk = func(n *html.Node, inP bool) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				if inP {
					total += len(strings.TrimSpace(c.Data))
				}
			case html.ElementNode:
				if c.Data == "a" {
					continue
				}
				walk(c, inP || c.Data == "p")
			}
		}
	}
	walk(n, false)
	return total
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

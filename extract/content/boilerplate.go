package content

import (
	"regexp"
	"slices"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Rules says what is boilerplate. The zero value removes nothing but what
// never holds text (scripts, styles, form controls); start from
// DefaultRules and extend it per site with Merge, which also prepares the
// rules for matching (rules built by hand are prepared on every call).
//
// Rules are immutable once built: DefaultRules returns the same slices on
// every call and Merge shares what it does not add to, so the slices'
// elements must never be written to. Merge copies before it appends. So
// one Rules value serves any number of goroutines at once.
type Rules struct {
	// Remove lists CSS selectors of elements that are never article text,
	// removed whatever they hold (a site's own additions).
	Remove []string
	// Chrome lists tags and ARIA roles of page chrome (navigation, header,
	// footer, forms, figures, ...).
	Chrome []string
	// NegativeNames lists words of class and id names that mark
	// boilerplate containers (share bars, related lists, comments, ...);
	// HiddenNames, words of utility classes that hide an element when they
	// are a whole class ("sr-only", not "label-hidden"). A word matches one
	// part of a name or two or three consecutive parts written together:
	// "mostread" matches "most-read", "mostRead" and "most_read".
	//
	// Chrome, elements with such names and elements hidden by the hidden
	// or aria-hidden attribute or an inline style are removed, unless they
	// are or hold the article (see Clean).
	NegativeNames, HiddenNames []string
	// LayoutNames lists words of class and id names that mark boilerplate
	// only where the element holds no prose: words that page builders and
	// themes also give the containers of articles ("widget", "meta",
	// "skip"). An element with such a name that holds prose, and a name
	// of that kind below it, count as no name (see layout.go).
	LayoutNames []string
	// PositiveNames lists words of class and id names that mark article
	// text; they raise a container's score.
	PositiveNames []string
	// Positive matches class and id attribute values that mark article
	// content, for callers that test a whole attribute string; it says
	// what PositiveNames says.
	Positive *regexp.Regexp
	// DropText lists patterns of whole text blocks to drop ("Security Key:").
	DropText []*regexp.Regexp
	// TailText lists patterns of short blocks that are dropped where they
	// end the article: prompts to subscribe or follow, contact lines.
	TailText []*regexp.Regexp

	compiled *compiledRules
}

// compiledRules are the parts of Rules prepared for matching.
type compiledRules struct {
	drop   dropMatcher
	tail   dropMatcher
	words  nameWords
	chrome map[string]bool
	remove []cascadia.Selector
}

// dropTags never hold article text: not rendered, not text, or form
// controls. They are removed whatever the rules say.
var dropTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Iframe: true,
	atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Canvas: true, atom.Link: true,
	atom.Meta: true, atom.Input: true, atom.Button: true, atom.Select: true, atom.Textarea: true,
	atom.Label: true, atom.Math: true, atom.Audio: true, atom.Video: true, atom.Picture: true,
}

// defaultChrome are the tags and roles of page chrome.
var defaultChrome = []string{
	// tags
	"nav", "header", "footer", "aside", "form", "menu", "dialog", "figure", "figcaption",
	// roles
	"navigation", "banner", "contentinfo", "complementary", "search", "menubar", "toolbar",
	"alertdialog",
}

// defaultNegative are words of class and id names of boilerplate containers.
var defaultNegative = []string{
	// sharing and social
	"share", "shares", "sharing", "sharebar", "sharetools", "sharethis", "addthis", "social", "socials",
	// related and recommended links
	"related", "relatedposts", "relatedarticles", "relatedstories", "relatedcontent", "morenews",
	"morestories", "morefrom", "mostread", "mostviewed", "mostpopular", "mostvisited",
	"popular", "trending", "recommended", "recommendations", "recirc", "outbrain", "taboola",
	"nextpost", "prevpost", "postnav",
	// comments
	"comment", "comments", "commentlist", "commentform", "respond", "replies", "disqus",
	// consent, sign-up and paywall prompts
	"cookie", "cookies", "consent", "gdpr", "newsletter", "subscribe", "signup",
	"signin", "login", "promo", "promotion", "cta",
	// advertising
	"ad", "ads", "adv", "advs", "myadv", "advert", "adverts", "advertisement", "advertising",
	"adsbygoogle", "adslot", "adunit", "dfp", "gpt", "sponsor", "sponsored", "banner",
	// page chrome
	"breadcrumb", "breadcrumbs", "menu", "nav", "navbar", "navigation",
	"footer", "header", "masthead", "skiplink",
	"modal", "popup", "overlay", "ticker", "slider", "carousel", "pagination", "pager", "rss",
	"copyright", "captcha", "disclaimer", "disclaimers", "disclosure", "disclosures",
	// tags, article metadata
	"taglist", "keywords", "byline", "dateline",
	"author", "authorbio", "bio", "date", "timestamp", "caption", "credit", "credits",
}

// defaultLayout are words of class and id names of boilerplate that page
// builders (Elementor's "elementor-widget", HubSpot's
// "hs_cos_wrapper_meta_field"), themes ("skip-content", "paywall" on the
// article) and CSS utilities ("printMw65") also give to the containers of
// the article: they count only where the element holds no prose.
var defaultLayout = []string{
	"widget", "widgets", "meta", "skip", "tools", "toolbar", "search",
	"print", "email", "mail", "tag", "tags", "paywall", "subscription", "sidebar", "readmore",
}

// defaultHidden are words of utility classes that hide an element.
var defaultHidden = []string{"hidden", "hide", "sronly", "visuallyhidden", "screenreadertext", "offscreen"}

// defaultPositive are words of class and id names of article text.
var defaultPositive = []string{
	"article", "articlebody", "articlecontent", "articletext", "body", "content", "entry",
	"entrycontent", "hentry", "main", "maincontent", "post", "postbody", "postcontent", "story",
	"storybody", "storycontent", "text", "blog", "news", "newsbody", "newstext",
}

// defaultPositiveRe is defaultPositive as one pattern over a class or id value.
var defaultPositiveRe = regexp.MustCompile(`(?i)(^|[-_ ])(article|article-?body|articlebody|article-?content|article-?text|story|story-?body|story-?content|entry|entry-?content|hentry|post|post-?content|post-?body|content|main|main-?content|body|body-?text|text|blog|news|news-?body|news-?text)($|[-_ ])`)

// defaultDropText are whole text blocks that are never article text.
var defaultDropText = []string{
	// page furniture
	`(?i)^page generated in\b.{0,80}$`,
	`(?i)^(security key|captcha)\b.{0,40}$`,
	`(?i)^captcha refresh$`,
	`(?i)^(caption|close|x|×|advert|text size|toggle caption|hide caption|show caption|expand|collapse|loading\.{0,3}|replay|menu|home|next|previous|back to top|breaking news|more:?|all\.\.\.)$`,
	`(?i)^(reading time|tempo de leitura|lesezeit)\b.{0,30}$`,
	// the fallback of a part that a script fills in ("Loading paragraph...")
	`(?i)^loading( [\w-]+){0,2} ?(\.\.\.|…)$`,
	`(?i)^\d{1,3} min(ute)?s? read$`,
	// the title of a table of contents (whose links are dropped as a
	// link list): "Table of Contents", "In this article", "Jump to ↓"
	`(?i)^(table of contents|table des matières|tabla de contenidos?|[íi]ndice|inhaltsverzeichnis|sommaire|inhoudsopgave|spis treści|in this (article|post|guide|story|review|page)|on this page|jump to( section)?|skip to (a )?section)\s?[:↓▼⬇]?$`,
	// sharing, related links, prompts
	`(?i)^(share|share this|share on|tweet|print|email|e-mail)( (this )?(article|story|page))?:?$`,
	`(?i)^(related|related (news|articles|stories|posts)|most (read|viewed|popular)|recommended|read more|see also|more from)\b.{0,30}$`,
	`(?i)^(you (may|might) also like|you (may|might) (also )?be interested in|related post|also read|read also|popular on|leggi anche|lesen sie auch|lire aussi|leia também|você pode gostar)\b.{0,80}$`,
	`(?i)^(advertisement|sponsored|skip (to|advertisement))\b.{0,20}$`,
	`(?i)^(we use cookies|this (web)?site uses cookies)\b.{0,600}$`,
	`(?i)^(sign up|subscribe) (to|for) (our|the) newsletter\b.{0,200}$`,
	// the consent line under a sign-up form
	`(?i)^by (signing up|subscribing|clicking|submitting|registering|continuing|entering|providing|joining)\b.{0,300}\b(you|i) (hereby )?(agree|consent|accept|acknowledge|confirm)\b.{0,300}$`,
	`(?i)^(click here|sign up|subscribe)\b.{0,150}$`,
	`(?i)^(follow|like) (us|@).{0,150}$`,
	`(?i)^follow\b.{0,100}\b(twitter|facebook|instagram)\b.{0,60}$`,
	`(?i)^(tags?|topics|filed under|categories|category)\s?:.{0,150}$`,
	`(?i)^(tags?|topics)$`,
	`(?i)^(comments?|leave a (comment|reply)|post a comment|join the conversation\W{0,3}|\d{1,6} comments?)$`,
	`(?i)^(your name|your email|email address|name|comment|send|submit|refresh)\s?:?\s?\*?$`,
	`(?i)^(all rights reserved\b|copyright\b|\(c\) ?\d{4}|©).{0,120}$`,
	// bylines, credits and datelines of their own: "By Reuters",
	// "Additional reporting by ...", "Nov. 20, 2019, 9:28 AM UTC"
	`(?i)^(by|words by|story by|written by|reporting by)\s[^.!?]{2,50}$`,
	// an editor's credit, alone or with the name: "Reviewed by", "Edited by Ann Lee"
	`(?i)^(edited|reviewed|fact[- ]checked|medically reviewed|copy ?edited) by(\s((dr|mr|mrs|ms|prof)\.|[^.!?]){2,60})?$`,
	// a blog's author box and like button: "Latest posts by Ann Lee (see all)", "Like Loading..."
	`(?i)^latest posts by\b.{2,60}\(see all\)$`,
	`(?i)^like loading\W{0,3}$`,
	`(?i)^\(?((additional )?reporting|writing|editing|compiled|translated) by\b.{0,250}$`,
	`(?i)^[^.!?]*\bcontributed (reporting|to this (report|story|article))\b[^.!?]*[.!?]?\W{0,2}$`,
	`(?i)^(contributing|with post wires|staff reports?)\b.{0,60}$`,
	`(?i)^(` + dateWords + `){0,12}(` + dateMarks + `)(` + dateWords + `){0,16}$`,
}

// defaultTailText are short blocks that close an article without being
// part of it, when they close it.
var defaultTailText = []string{
	`(?i)\b(subscribe|newsletters?|sign up|follow (us|him|her|me|them)|click here|join (us|our)|download (our|the) app)\b`,
	`(?i)\bfollow\b.{0,80}\b(twitter|facebook|instagram|linkedin)\b`,
	`(?i)\b(reached|contact(ed)?|e-?mail)\b.{0,40}\b[\w.+-]+@[\w-]+\.\w`,
	`(?i)\bcomments?\b.{0,80}\b(moderat|approv)`,
}

// maxTailText is the longest block, in bytes, that TailText applies to.
const maxTailText = 300

// dateWords are the words of a line that is only a date or a time.
const dateWords = `updated|published|posted|modified|last|first|on|at|` +
	`(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?|(mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?|` +
	`\d{1,4}(st|nd|rd|th)?|[ap]\.?m\.?|utc|gmt|[ecmp][sd]?t|bst|cet|ist|[-/:.,|•·]|\s`

// dateMarks are what makes such a line a date: a month, a day of the week,
// a time of day, a publishing verb.
const dateMarks = `(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6}\.?|(mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?|` +
	`\d{1,2}:\d\d|updated|published|posted|modified`

// The defaults are built and compiled once; regexp values are safe for
// concurrent use, and nothing changes them after init. Every slice is
// clipped to its length, so that an append by a caller copies it.
var (
	defaultDropRe = compileAll(defaultDropText)
	defaultTailRe = compileAll(defaultTailText)
	defaultRules  = func() Rules {
		r := Rules{
			Chrome:        slices.Clip(defaultChrome),
			NegativeNames: slices.Clip(defaultNegative),
			HiddenNames:   slices.Clip(defaultHidden),
			LayoutNames:   slices.Clip(defaultLayout),
			PositiveNames: slices.Clip(defaultPositive),
			Positive:      defaultPositiveRe,
			DropText:      slices.Clip(defaultDropRe),
			TailText:      slices.Clip(defaultTailRe),
		}
		r.compiled = compile(r)
		return r
	}()
)

func compileAll(patterns []string) []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(patterns))
	for i, p := range patterns {
		out[i] = regexp.MustCompile(p)
	}
	return out
}

// DefaultRules returns the rules that apply to every page, built once:
// the value shares its slices with every other call (see Rules), so it
// costs nothing per page. Extend it with Merge.
func DefaultRules() Rules {
	return defaultRules
}

// Merge returns r extended with extra selectors and text patterns, in new
// slices; r is not changed. Selectors that do not compile are ignored
// (config validation reports them). With nothing to add, r is returned as
// it is, its prepared rules shared: compiling the defaults again for each
// of 10,000 sites took 2.3 MB of allocations a site.
func (r Rules) Merge(remove []string, dropText []*regexp.Regexp) Rules {
	if len(remove) == 0 && len(dropText) == 0 && r.compiled != nil {
		return r
	}
	out := r
	out.Remove = slices.Concat(r.Remove, remove)
	out.DropText = slices.Concat(r.DropText, dropText)
	out.compiled = compile(out)
	return out
}

// compile returns the prepared rules, building them if r was not made by
// DefaultRules or Merge.
func (r *Rules) compile() *compiledRules {
	if r.compiled != nil {
		return r.compiled
	}
	c := compile(Rules{Chrome: r.Chrome, NegativeNames: r.NegativeNames, PositiveNames: r.PositiveNames,
		HiddenNames: r.HiddenNames, LayoutNames: r.LayoutNames, Remove: r.Remove, DropText: r.DropText, TailText: r.TailText})
	return c
}

// compile prepares r for matching: the names as one word table, the
// selectors compiled, the text patterns joined (see dropMatcher).
func compile(r Rules) *compiledRules {
	c := &compiledRules{words: newNameWords(r.NegativeNames, r.PositiveNames, r.HiddenNames, r.LayoutNames), chrome: map[string]bool{}}
	for _, s := range r.Chrome {
		c.chrome[s] = true
	}
	for _, s := range r.Remove {
		if sel, err := cascadia.Compile(s); err == nil {
			c.remove = append(c.remove, sel)
		}
	}
	c.drop, c.tail = dropMatchers(r.DropText, defaultDropRe, &defaultDrop), dropMatchers(r.TailText, defaultTailRe, &defaultTail)
	return c
}

// defaultDrop and defaultTail are the matchers of the default text
// patterns, built once (see dropMatchers).
var defaultDrop, defaultTail = newDropMatcher(defaultDropRe), newDropMatcher(defaultTailRe)

// dropMatchers returns the matcher of the text patterns: def's, shared,
// where the patterns are the defaults (defs) as they are, as for a site
// that adds only selectors; else a new one. Building a matcher and its
// gates takes milliseconds, which a configuration of many sites would
// otherwise pay for each.
func dropMatchers(patterns, defs []*regexp.Regexp, def *dropMatcher) dropMatcher {
	if slices.Equal(patterns, defs) {
		return *def
	}
	return newDropMatcher(patterns)
}

// Dropped reports whether a text block is boilerplate by its text alone.
func (r Rules) Dropped(text string) bool {
	if r.compiled != nil {
		return r.compiled.drop.match(text)
	}
	for _, re := range r.DropText {
		if re.MatchString(text) {
			return true
		}
	}
	return false
}

// Clean removes boilerplate from doc in place: elements that never hold
// text, the Remove selectors, and hidden elements, page chrome and
// containers with boilerplate names, except the article itself: Clean
// scores the page as Extract does (names weigh on the score instead of
// removing) and keeps the best container, its ancestors, and below it
// whatever holds at least half of its text. So a "content-header" or a
// <form> around the article stays, an "article-share" bar inside it goes.
// Clean walks the document without recursion.
func Clean(doc *goquery.Document, r Rules) {
	CleanKeeping(doc, r)
}

// CleanKeeping is Clean for a page whose article containers are known (a
// site profile's selectors found them): each of keep stays as the best
// container does, with its ancestors and what holds half of its text.
func CleanKeeping(doc *goquery.Document, r Rules, keep ...*html.Node) {
	CleanKeepingTrace(doc, r, nil, keep...)
}

// CleanKeepingTrace is CleanKeeping, recording in t (if not nil) the
// elements it removes and why (see Trace).
func CleanKeepingTrace(doc *goquery.Document, r Rules, t *Trace, keep ...*html.Node) {
	c := r.compile()
	if t != nil {
		t.remove = r.Remove
	}
	for _, root := range doc.Nodes {
		cleanTree(body(root), c, keep, t)
	}
}

func cleanTree(root *html.Node, c *compiledRules, containers []*html.Node, t *Trace) {
	s := getScratch()
	w := s.walker(blockWalker{keep: true, count: true, drop: true})
	defer s.put(&w)
	w.run(root)
	if revealStreamed(w.es, w.dropped) {
		w.reset()
		w.run(root)
	}
	es := w.es
	cache := s.names
	for i := range es {
		e := &es[i]
		e.flags, e.flagSet = c.kind(e.node, cache), true
		var up uint16
		if e.parent >= 0 {
			up = es[e.parent].flags & (flagInHidden | flagInNegative | flagInProse | flagInCode)
		}
		e.flags |= up | code(e)
		e.layout()
		if e.flags&(namesHidden|flagHidden) != 0 {
			e.flags |= flagInHidden
		}
		if e.flags&(namesNegative|flagChrome) != 0 && e.flags&namesPositive == 0 {
			e.flags |= flagInNegative
		}
	}
	p := page{es: es, blocks: w.out, words: c.words}
	p.score()
	top := p.top()
	keep := s.bools(len(es))
	markKeep(es, keep, top)
	classes := articleClasses(es, keep)
	for _, n := range containers {
		for i := range es {
			if es[i].node == n {
				markKeep(es, keep, int32(i))
				break
			}
		}
	}
	for i := int32(0); i < int32(len(es)); {
		e := &es[i]
		if i > top && i < es[top].end && collapsed(e) {
			keep[i] = true
		}
		// Named like boilerplate and like nothing worse (no chrome, not
		// hidden): kept below a <pre> and as another part of the article.
		if i > 0 && e.flags&namesNegative != 0 && e.flags&(namesHidden|flagChrome|flagHidden) == 0 && !keep[i] &&
			(es[e.parent].flags&flagInCode != 0 || articlePart(es, classes, i)) {
			keep[i] = true
		}
		if i > 0 && (c.removed(e.node) || e.flags&(namesNegative|namesHidden|flagChrome|flagHidden) != 0 && !keep[i]) {
			w.dropped = append(w.dropped, e.node)
			if t != nil {
				t.removed(e, c)
			}
			i = e.end
			continue
		}
		i++
	}
	for _, n := range w.dropped {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
}

// articleClasses returns the classes named like boilerplate of what Clean
// keeps as the article (keep, see markKeep: the best container, its
// ancestors and what holds half of its text): such a class names a part
// of the article on this page (see articlePart).
func articleClasses(es []elem, keep []bool) []string {
	var out []string
	for i := range es {
		if keep[i] && es[i].flags&namesNegative != 0 {
			if c := attr(es[i].node, "class"); c != "" {
				out = append(out, c)
			}
		}
	}
	return out
}

// articlePart reports whether element i, named like boilerplate, is
// another part of the article: it has the class of one of the article's
// own containers (classes, see articleClasses) and holds prose. A page
// that splits its article into "content-nav-section" blocks names every
// part alike; the name the article's own container bears says nothing
// against the others. (Below a <pre>, class names are a syntax
// highlighter's, "hljs-comment", and say nothing either: see cleanTree.)
func articlePart(es []elem, classes []string, i int32) bool {
	e := &es[i]
	if len(classes) == 0 || e.text-e.links < proseText || e.linkDensity() > proseLinks {
		return false
	}
	class := attr(e.node, "class")
	for _, c := range classes {
		if c == class {
			return true
		}
	}
	return false
}

// markKeep marks what stays of an article container i: itself, its
// ancestors, and below it whatever holds half of its text outside links.
func markKeep(es []elem, keep []bool, i int32) {
	for a := i; a >= 0; a = es[a].parent {
		keep[a] = true
	}
	half := (es[i].text - es[i].links) / 2
	if half <= 0 {
		return
	}
	for j := i + 1; j < es[i].end; j++ {
		if es[j].text-es[j].links >= half {
			keep[j] = true
		}
	}
}

// removed reports whether one of the Remove selectors matches n.
func (c *compiledRules) removed(n *html.Node) bool {
	for _, s := range c.remove {
		if s.Match(n) {
			return true
		}
	}
	return false
}

// kind returns the names* and flag* bits of n: what its class and id say,
// whether it is page chrome, whether an attribute or style hides it.
func (c *compiledRules) kind(n *html.Node, cache nameCache) uint16 {
	switch n.DataAtom {
	case atom.Html, atom.Body, atom.Head:
		return 0
	}
	bits := c.words.classify(n, cache)
	if c.chrome[n.Data] && !tableFigure(n) {
		bits |= flagChrome
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			if !streamed(n) {
				bits |= flagHidden
			}
		case "aria-hidden":
			if a.Val == "true" {
				bits |= flagHidden
			}
		case "role":
			if c.chrome[a.Val] {
				bits |= flagChrome
			}
		case "style":
			if hiddenStyle(a.Val) {
				bits |= flagHidden
			}
		}
	}
	return bits
}

// tableFigure reports whether n is a <figure> around a table, as the
// WordPress block editor writes every table of an article: the table is
// the article's, whatever its frame.
func tableFigure(n *html.Node) bool {
	if n.DataAtom != atom.Figure {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.DataAtom == atom.Table {
			return true
		}
	}
	return false
}

// collapsed reports whether e is a collapsed part of the article below
// the best container: hidden by its own attribute or inline style (an
// accordion's panel, the rest behind "read more", which a click shows),
// named like nothing else, and prose (see layout.go).
func collapsed(e *elem) bool {
	return e.flags&flagHidden != 0 && e.flags&(namesNegative|namesHidden|flagChrome) == 0 &&
		e.text-e.links >= proseText && e.linkDensity() <= proseLinks
}

// hiddenStyle reports whether an inline style hides the element.
func hiddenStyle(style string) bool {
	if !strings.Contains(style, "none") && !strings.Contains(style, "hidden") &&
		!strings.Contains(style, "NONE") && !strings.Contains(style, "HIDDEN") {
		return false
	}
	s := strings.ToLower(strings.ReplaceAll(style, " ", ""))
	return strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

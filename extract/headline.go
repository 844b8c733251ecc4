package extract

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/publicsuffix"
)

// headlineCandidate finds a headline one way and names its source.
type headlineCandidate func(p *page) (string, string)

// headlineChain is the headline chain after the profile's rules, best first.
var headlineChain = []headlineCandidate{
	(*page).headlineJSONLD,
	(*page).headlineMeta,
	(*page).headlineMicrodata,
	(*page).headlineH1,
	(*page).headlineTitle,
}

// headlineMetaKeys are meta tags that carry the headline, best first.
var headlineMetaKeys = []string{"og:title", "twitter:title", "headline", "dc.title", "dcterms.title", "sailthru.title", "parsely-title"}

// maxHeadline is the longest plausible headline, in runes; a longer
// candidate is a paragraph or a description, not a headline.
const maxHeadline = 400

// headline runs the headline chain: the profile's rules, then
// headlineChain. A candidate cut short with an ellipsis ("Iran says US
// not serious about…", as JSON-LD headlines often are) gives way to a later
// one that it is the start of. The bool reports a profile miss.
func (p *page) headline() (string, string, bool) {
	profMiss := false
	if !p.profile.Headline.empty() {
		if v, src, _ := p.profileValue(p.profile.Headline, plausibleHeadline); v != "" {
			return collapseSpace(v), src, false
		}
		profMiss = true
	}
	var cut, cutSrc, whole string
	for _, c := range headlineChain {
		v, src := c(p)
		v = unwrapHeadline(collapseSpace(v))
		if !plausibleHeadline(v) {
			continue
		}
		if cut != "" {
			if v == cut {
				// A later source has the same words and no more: the
				// ellipsis was not a cut but the headline's own.
				return whole, cutSrc, profMiss
			}
			if strings.HasPrefix(v, cut) {
				return v, src, profMiss
			}
			continue
		}
		if stem, ok := strings.CutSuffix(v, "…"); ok {
			cut, cutSrc, whole = strings.TrimSpace(stem), src, v
			continue
		}
		if stem, ok := strings.CutSuffix(v, "..."); ok {
			cut, cutSrc, whole = strings.TrimSpace(stem), src, v
			continue
		}
		if h := p.mainHeading(); len(h) > len(v) && strings.HasPrefix(h, v) && !strings.HasPrefix(src, "h1") && extendsHeadline(h[len(v):]) {
			// og:title cut short without an ellipsis: the heading has it whole.
			return h, "h1", profMiss
		}
		if p.headingOverMeta(v, src) {
			return p.mainHeading(), "h1", profMiss
		}
		return v, src, profMiss
	}
	if cut != "" {
		return cut + "…", cutSrc, profMiss
	}
	return "", "", profMiss
}

// extendsHeadline reports whether rest, what a heading has after a
// shorter headline, goes on with the headline's words rather than adding
// a site name or a note (" | Site", " - Site", " (example.com)").
func extendsHeadline(rest string) bool {
	if strings.HasPrefix(rest, " (") || strings.HasPrefix(rest, " [") {
		return false
	}
	for _, sep := range titleSeparators {
		if strings.HasPrefix(rest, sep) {
			return false
		}
	}
	return true
}

// unwrapHeadline removes what wraps a whole headline but is not part of
// it: Markdown heading marks and emphasis ("## Title", "*Title*") and
// straight quotes around all of it ("\"Title\""); curly quotes and
// guillemets around a whole headline mark a quotation and stay.
func unwrapHeadline(s string) string {
	if t := strings.TrimLeft(s, "#"); len(t) < len(s) && strings.HasPrefix(t, " ") {
		s = strings.TrimSpace(t)
	}
	// A separator left dangling where a site's name was meant to follow
	// ("Headline ⋆", "Headline |"): no headline ends in one. Not "»",
	// which closes a French quotation ("« C'est fini »").
	for _, sep := range titleSeparators {
		if mark := strings.TrimRight(sep, " "); mark != " »" && mark != " «" && strings.HasSuffix(s, mark) && len(s) > len(mark) {
			if t := strings.TrimSpace(s[:len(s)-len(mark)]); t != "" {
				s = t
			}
			break
		}
	}
	for _, q := range [...][2]string{{"*", "*"}, {"_", "_"}, {`"`, `"`}} {
		if len(s) > len(q[0])+len(q[1]) && strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) {
			inner := s[len(q[0]) : len(s)-len(q[1])]
			if !strings.Contains(inner, q[0]) && !strings.Contains(inner, q[1]) {
				return strings.TrimSpace(inner)
			}
		}
	}
	return s
}

func plausibleHeadline(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && utf8.RuneCountInString(s) <= maxHeadline
}

// headlineJSONLD reads the JSON-LD headline, without a site or section
// name that a part of it is (see cutNamedParts).
func (p *page) headlineJSONLD() (string, string) {
	if v := p.ldString("headline"); v != "" {
		v = p.cutNamedParts(collapseSpace(v))
		for _, other := range [...]string{p.mainHeading(), collapseSpace(p.meta["og:title"])} {
			if other != "" && len(other) < len(v) && strings.HasPrefix(v, other) && firstSeparator(v[len(other):]) != "" && strings.HasPrefix(v[len(other):], firstSeparator(v[len(other):])) {
				return other, "json-ld" // "Headline | Section" where the page's heading or og:title is "Headline"
			}
		}
		return v, "json-ld"
	}
	return "", ""
}

// splitTitle splits a title at its first separator (firstSeparator) into
// trimmed parts; sep is "" when it has none.
func splitTitle(t string) (sep string, parts []string) {
	if sep = firstSeparator(t); sep == "" {
		return "", nil
	}
	parts = strings.Split(t, sep)
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return sep, parts
}

// cutNamedParts removes from either end of a headline the parts that
// name the site or the article's section ("Headline - Example.com",
// "Headline | Sport"): the cautious cut for a headline the page gives as
// one, which keeps every other part.
func (p *page) cutNamedParts(t string) string {
	sep, parts := splitTitle(t)
	if sep == "" {
		return t
	}
	names := p.cutNames()
	for len(parts) > 1 && isSiteName(parts[len(parts)-1], names) {
		parts = parts[:len(parts)-1]
	}
	for len(parts) > 1 && isSiteName(parts[0], names) {
		parts = parts[1:]
	}
	if out := strings.Join(parts, sep); out != "" {
		return out
	}
	return t
}

// cutNames are the names that a title part may give instead of the
// headline: the site's (see siteNames) and the article's section.
func (p *page) cutNames() []string {
	names := p.siteNames()
	if sec, _ := p.section(); len(squash(sec)) >= 2 {
		v := squash(sec)
		names = append(names, v)
	}
	return names
}

func firstSeparator(t string) string {
	for _, s := range titleSeparators {
		if strings.Contains(t, s) {
			return s
		}
	}
	return ""
}

// headlineMeta reads og:title and the like, with the site name cut off;
// then the title in Parse.ly's older parsely-page JSON.
func (p *page) headlineMeta() (string, string) {
	for i, k := range headlineMetaKeys {
		if v, ok := p.meta[k]; ok && plausibleHeadline(v) {
			v = p.cutSiteName(collapseSpace(v), p.mainHeading())
			for _, k2 := range headlineMetaKeys[i+1:] {
				// "Headline-SectionㅣSite" in og:title with a separator
				// cutSiteName does not know, where another tag gives
				// "Headline" alone: that tag shows where the headline ends.
				if w := collapseSpace(p.meta[k2]); w != "" && len(w) < len(v) && strings.HasPrefix(v, w) && !startsWord(strings.TrimLeft(v[len(w):], " ")) {
					return w, "meta:" + k2
				}
			}
			return v, "meta:" + k
		}
	}
	if v := p.parselyPage("title"); v != "" {
		return v, "meta:parsely-page"
	}
	return "", ""
}

// headlineMicrodata reads itemprop=headline outside lists of other articles.
func (p *page) headlineMicrodata() (string, string) {
	for _, n := range p.itemprops {
		if !hasToken(attr(n, "itemprop"), "headline") || offArticle(n, p.profile.Boilerplate) {
			continue
		}
		v, ok := attrOK(n, "content")
		if !ok || n.Data != "meta" {
			v = nodeText(n)
		}
		if v = collapseSpace(v); v != "" {
			return v, "microdata"
		}
	}
	return "", ""
}

func (p *page) headlineH1() (string, string) {
	if h := p.mainHeading(); h != "" {
		return h, "h1"
	}
	return "", ""
}

// headlineTitle reads <title> with the site name cut off. The main heading,
// or else the longest text block that the title contains and that makes up
// most of it (a headline in a <div class="title">), shows where the
// headline is.
func (p *page) headlineTitle() (string, string) {
	if p.title == "" {
		return "", ""
	}
	heading := p.mainHeading()
	if heading == "" || !strings.Contains(p.title, heading) {
		for _, b := range p.textBlocks() {
			if len(b.Text) > len(heading) && len(b.Text) < len(p.title) && 2*len(b.Text) >= len(p.title) && strings.Contains(p.title, b.Text) {
				heading = b.Text
			}
		}
	}
	return p.cutSiteName(p.title, heading), "title"
}

// mainHeading is the text of the page's first <h1> that is not the site's
// logo (a heading with only an image or a link to the home page) and not
// in a sidebar or a list of other articles.
func (p *page) mainHeading() string {
	if p.headingDone {
		return p.heading
	}
	p.headingDone = true
	for _, n := range p.h1 {
		t := collapseSpace(nodeText(n))
		if len(t) < 8 || !plausibleHeadline(t) || p.linksHome(n) || offArticle(n, p.profile.Boilerplate) {
			continue
		}
		p.heading = t
		break
	}
	return p.heading
}

// linksHome reports whether n is or holds a link to the site's home page.
func (p *page) linksHome(n *html.Node) bool {
	home := false
	walk(n, func(c *html.Node) bool {
		if c.Type == html.ElementNode && c.Data == "a" {
			u, err := p.url.Parse(strings.TrimSpace(attr(c, "href")))
			if err == nil && (u.Path == "" || u.Path == "/") && u.RawQuery == "" && u.Fragment == "" &&
				(u.Host == "" || sameSite(u.Hostname(), p.url.Hostname())) {
				home = true
			}
		}
		return !home
	})
	return home
}

// titleSeparators split "Headline - Site" and "Site | Headline", most
// telling first.
// " : " is not one: French puts it inside headlines ("Lyon : ...").
var titleSeparators = []string{" | ", " – ", " — ", " - ", " :: ", " » ", " « ", " · ", " • ", " / ", " ⋆ "}

// strongSeparators are the ones that, with no part naming the site, still
// set a short last part apart as the site's name; " / " or " · " may just
// as well be in the headline.
var strongSeparators = map[string]bool{" | ": true, " – ": true, " — ": true, " - ": true, " :: ": true}

// cutSiteName removes a site name from a <title>-like headline.
//
// When the page has a main heading that the title contains, that heading
// wins. Otherwise the title is split at the first separator it has (" | ",
// " - ", ...) and parts that name the site (its og:site_name,
// application-name or JSON-LD publisher, or its domain name) are dropped
// from either end: "Headline - Site", "Site | Headline", and with
// "Headline | Section | Site" the short parts after the headline go too.
// With no part naming the site, a short last part is taken for the site
// ("Headline | Example News") when the rest is much longer, unless the
// main heading is the whole title.
func (p *page) cutSiteName(t, heading string) string {
	if heading != "" && heading != t && strings.Contains(t, heading) {
		return heading
	}
	sep, parts := splitTitle(t)
	if sep == "" {
		return t
	}
	names := p.cutNames()
	cut := false
	for len(parts) > 1 && isSiteName(parts[len(parts)-1], names) {
		parts, cut = parts[:len(parts)-1], true
	}
	for len(parts) > 1 && isSiteName(parts[0], names) {
		parts, cut = parts[1:], true
	}
	// A main heading that is the whole title shows that the page gives
	// it as its headline: a short last part is then the headline's own
	// ("Café owners' winter — a survey"), not a guess at the site's name.
	if !cut && len(parts) > 1 && strongSeparators[sep] && heading != t {
		last := parts[len(parts)-1]
		rest := strings.Join(parts[:len(parts)-1], sep)
		if shortPart(last) && len(rest) > 2*len(last) {
			parts, cut = parts[:len(parts)-1], true
		}
	}
	if cut {
		// "Headline | Section" after the site went: sections are short.
		for len(parts) > 1 && shortPart(parts[len(parts)-1]) && len(parts[0]) > 2*len(parts[len(parts)-1]) {
			parts = parts[:len(parts)-1]
		}
	}
	out := strings.Join(parts, sep)
	if out == "" {
		return t
	}
	return out
}

// shortPart reports whether a title part is short enough to be a site or
// section name: at most 3 words and 25 bytes.
func shortPart(s string) bool {
	return len(s) <= 25 && len(strings.Fields(s)) <= 3
}

// siteNames are the names the page gives its site, squashed (see squash):
// meta tags, the JSON-LD publisher, the logo's alt text, and the first
// label of its registrable domain ("iran-daily" for www.iran-daily.com).
func (p *page) siteNames() []string {
	var names []string
	for _, k := range [...]string{"og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site", "publisher"} {
		if v := squash(strings.TrimPrefix(p.meta[k], "@")); len(v) >= 2 {
			names = append(names, v)
		}
	}
	if v := squash(p.ldString("publisher")); len(v) >= 2 {
		names = append(names, v)
	}
	for _, logo := range p.logoNames {
		if v := squash(logo); len(v) >= 2 {
			names = append(names, v)
		}
	}
	host := strings.TrimPrefix(strings.ToLower(p.url.Hostname()), "www.")
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		host = d
	}
	if i := strings.IndexByte(host, '.'); i > 0 {
		host = host[:i]
	}
	if v := squash(host); len(v) >= 2 {
		names = append(names, v)
	}
	return names
}

// isSiteName reports whether a title part names the site: it equals one of
// the (squashed) names, or holds one and little else ("iranDailyOnline",
// "The Example Times Online", "example.com").
func isSiteName(part string, names []string) bool {
	sp := squash(part)
	if sp == "" {
		return false
	}
	for _, n := range names {
		if sp == n || len(n) >= 3 && strings.Contains(sp, n) && len(sp) <= len(n)+12 {
			return true
		}
	}
	return false
}

// squash lower-cases s and keeps only its letters and digits, so that
// "Iran Daily", "iran-daily" and "IranDaily" compare equal.
func squash(s string) string {
	s = strings.ToLower(s)
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 && (r < 0x2000 || r > 0x206f) && r != 0xa0 {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// headingOverMeta reports whether the page's visible main heading, not
// v, a metadata headline from src (JSON-LD, og:title and the like) that
// words it differently, is the article's own headline.
//
// News publishers give the headline they mean in their metadata and set a
// shorter or longer one in the page, so on a page that says it is news (a
// NewsArticle-type JSON-LD object, see ldNews) the metadata stays. Other
// pages (blogs, guides, company pages) often carry an SEO title in their
// metadata, written for search results rather than for the reader. So:
//
//   - never when the heading is v with a site or section name after a
//     separator ("Headline – Site"), or names the site;
//   - on any page, over a JSON-LD headline when the same JSON-LD object's
//     name is the heading (the article's own data gives the heading too),
//     and over a metadata headline with the same words and other numbers
//     (a year or a count updated in the page but not in its metadata);
//   - on pages not marked as news, over a JSON-LD headline of a
//     BlogPosting, Article or the like when the heading shares a word (see
//     shareWord) with it or another metadata headline (og:title, <title>)
//     gives the heading, so that a label for a heading ("The Blog",
//     "Perspectives") does not win;
//   - on pages not marked as news, over og:title and the like when the
//     heading matches the URL's slug (which the site made from the headline
//     as first written) better than the metadata does, unless the heading
//     only adds words to the metadata (a kicker before it or a longer
//     version: the metadata is the headline the site chose to show
//     elsewhere).
func (p *page) headingOverMeta(v, src string) bool {
	h := p.mainHeading()
	if h == "" || strings.EqualFold(h, v) || strings.HasPrefix(h, v) && !extendsHeadline(h[len(v):]) {
		return false // "Headline – Site" in the heading over "Headline"
	}
	if isSiteName(h, p.siteNames()) {
		return false // the site's name in a heading of its own
	}
	if src == "json-ld" && strings.EqualFold(collapseSpace(html.UnescapeString(p.ldString("name"))), h) {
		return true // the article's JSON-LD name is the heading, on news pages too
	}
	if onlyNumbersDiffer(h, v) {
		return true // "... in 2025" over a stale "... in 2024": the page's heading is kept current
	}
	if p.ldNews() {
		return false
	}
	switch {
	case src == "json-ld":
		if shareWord(h, v) {
			return true
		}
		m, _ := p.headlineMeta()
		t, _ := p.headlineTitle()
		return strings.EqualFold(h, m) || strings.EqualFold(h, t)
	case strings.HasPrefix(src, "meta:"):
		slug := slugWords(p.url.Path)
		hw, vw := headlineWords(h), headlineWords(v)
		return wordF1(slug, hw) > wordF1(slug, vw) && !subset(vw, hw)
	}
	return false
}

// ldNews reports whether one of the page's JSON-LD article objects has a
// news type (NewsArticle, ReportageNewsArticle, ..., LiveBlogPosting).
func (p *page) ldNews() bool {
	for _, o := range p.jsonLD() {
		if hasNewsType(o["@type"]) {
			return true
		}
	}
	return false
}

func hasNewsType(t any) bool {
	switch v := t.(type) {
	case string:
		v = strings.ToLower(v)
		return strings.Contains(v, "newsarticle") || strings.Contains(v, "liveblogposting")
	case []any:
		for _, e := range v {
			if hasNewsType(e) {
				return true
			}
		}
	}
	return false
}

// headlineWords are the lower-cased words (runs of letters and digits)
// of a headline, as a set.
func headlineWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(html.UnescapeString(s)), notWordRune) {
		out[w] = true
	}
	return out
}

// startsWord reports whether s begins with a letter or a digit (a word
// rather than a separator).
func startsWord(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && !notWordRune(r)
}

func notWordRune(r rune) bool {
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
}

// slugWords are the words of the longest segment of a URL path (the
// slug: "/blog/how-to-use-gym-equipment/" gives how, to, use, gym,
// equipment), without a file extension and without numbers (IDs, years).
func slugWords(path string) map[string]bool {
	if u, err := url.PathUnescape(path); err == nil {
		path = u
	}
	seg := ""
	for _, s := range strings.Split(path, "/") {
		if len(s) > len(seg) {
			seg = s
		}
	}
	if i := strings.LastIndexByte(seg, '.'); i > 0 && len(seg)-i <= 5 {
		seg = seg[:i]
	}
	out := headlineWords(seg)
	for w := range out {
		if strings.Trim(w, "0123456789") == "" {
			delete(out, w)
		}
	}
	return out
}

// wordF1 is the F1 of the words b has of a (0 when either is empty).
func wordF1(a, b map[string]bool) float64 {
	n := 0
	for w := range b {
		if a[w] {
			n++
		}
	}
	if n == 0 {
		return 0
	}
	prec, rec := float64(n)/float64(len(b)), float64(n)/float64(len(a))
	return 2 * prec * rec / (prec + rec)
}

// subset reports whether every word of a is in b.
func subset(a, b map[string]bool) bool {
	for w := range a {
		if !b[w] {
			return false
		}
	}
	return true
}

// onlyNumbersDiffer reports whether two headlines have the same words in
// the same order but for their numbers, and their numbers differ: "7 Trends
// to Watch in 2025" and "7 Trends to Watch in 2024".
func onlyNumbersDiffer(a, b string) bool {
	split := func(s string) (words, nums []string) {
		for _, w := range strings.FieldsFunc(strings.ToLower(html.UnescapeString(s)), notWordRune) {
			if strings.Trim(w, "0123456789") == "" {
				nums = append(nums, w)
			} else {
				words = append(words, w)
			}
		}
		return words, nums
	}
	aw, an := split(a)
	bw, bn := split(b)
	return len(aw) > 0 && slices.Equal(aw, bw) && !slices.Equal(an, bn)
}

// shareWord reports whether two headlines have a word of four letters or
// more in common (not only "the", "to", "of").
func shareWord(a, b string) bool {
	bw := headlineWords(b)
	for w := range headlineWords(a) {
		if bw[w] && utf8.RuneCountInString(w) >= 4 {
			return true
		}
	}
	return false
}

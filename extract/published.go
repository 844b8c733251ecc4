package extract

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/newsnorm/newsnorm/extract/content"
	"github.com/newsnorm/newsnorm/extract/timeparse"
)

// timeCandidate finds a publish time one way and names its source.
type timeCandidate func(p *page, tr timeReader) (*Published, string)

// timeReader turns strings into times with the page's options; each
// returns nil when there is no time.
type timeReader struct {
	parse func(raw string) *Published  // a string that is essentially a time
	find  func(text string) *Published // the first time in free text
}

// publishedChain is the publish-time chain after the profile's rules, best
// first. Update times (dateModified, article:modified_time, "Updated:")
// are never candidates.
var publishedChain = []timeCandidate{
	(*page).publishedJSONLD,
	(*page).publishedMeta,
	(*page).publishedMicrodata,
	(*page).publishedTimeElement,
	(*page).publishedMarkup,
	(*page).publishedJSONLDAny,
	(*page).publishedLabel,
	(*page).publishedMetaAny,
	(*page).publishedURL,
	(*page).publishedNearHeading,
	(*page).publishedClassDate,
	(*page).publishedAnywhere,
	(*page).publishedScript,
	(*page).publishedNearHeadline,
	(*page).publishedByline,
	(*page).publishedTitle,
	(*page).publishedImageURL,
}

// publishedMeta are meta tags that carry a publish time, best first.
var publishedMeta = []string{
	"article:published_time", "og:published_time", "og:article:published_time", "article:published",
	"datepublished", "article.published", "parsely-pub-date", "sailthru.date",
	"dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date", "dcterms.date",
	"dc:date.issued", "dcterms:issued", "dc:created", "dcterms:created", "dc:date", "dcterms:date",
	"citation_publication_date", "citation_date", "pubdate", "publishdate", "publish-date", "publish_date",
	"publication_date", "original-publish-date", "cxenseparse:recs:publishtime", "date",
}

// publishedLabels introduce a publish time in the page text, most specific
// first (a label that is a prefix of another comes after it). Not
// "Released:": on a review it is the date of the book, film or product.
var publishedLabels = []string{
	"Published:", "Published on", "First published", "Publication date:", "Date published:",
	"Posted on", "Posted at", "Posted:", "Published", "Posted", "Date:",
	"Publié le", "Publié :", "Publié", "Mis en ligne le",
	"Veröffentlicht am", "Veröffentlicht:", "Erschienen am", "Veröffentlicht",
	"Publicado el", "Publicado:", "Fecha de publicación:", "Publicado em", "Publicado",
	"Pubblicato il", "Pubblicato:", "Pubblicato", "Gepubliceerd op", "Gepubliceerd:", "Gepubliceerd",
	"Opublikowano:", "Opublikowano", "Publikováno:", "Publikováno", "Publicerad:", "Publicerad", "Publiceret",
	"Julkaistu:", "Julkaistu", "Yayınlanma tarihi:", "Yayınlanma", "Опубликовано:", "Опубликовано", "Дата публикации:",
	"Publicat:", "Publicat", "Erstellt am", "公開日：", "公開日", "发布时间：", "发布时间", "发布日期：", "发布日期",
	"تاریخ انتشار:", "تاریخ انتشار", "زمان انتشار:", "منتشر شده در", "تاريخ النشر:", "تاريخ النشر", "نشر في", "نشر بتاريخ",
}

// updatedLabels introduce an update time. They are never a source of the
// publish time; body.go drops the lines they start.
var updatedLabels = []string{
	"Updated:", "Updated", "Last updated", "Last update", "Last modified", "Modified:",
	"Mis à jour", "Mise à jour", "Aktualisiert", "Zuletzt aktualisiert", "Actualizado", "Última actualización",
	"Aggiornato", "Atualizado", "Bijgewerkt", "Zaktualizowano", "Обновлено",
	"به‌روزرسانی", "بروزرسانی", "آخرین بروزرسانی", "آخر تحديث", "تم التحديث", "تحديث:",
}

// urlDates find dates in URL paths: /2016/12/28/, /2016-12-28/,
// /201612/28/, -20161228 (a compact date between separators, not part
// of a longer number), /2016/december/28/. Each has the year, month and day groups.
var urlDates = []*regexp.Regexp{
	regexp.MustCompile(`/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[^\d]|$)`),
	regexp.MustCompile(`/((?:19|20)\d{2})(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?:/|[^\d]|$)`),
	regexp.MustCompile(`[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)`),
	// /2023/october/03/, /2023/oct/03/: an English month name.
	regexp.MustCompile(`(?i)/((?:19|20)\d{2})/(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*/(0?[1-9]|[12]\d|3[01])(?:/|[^\d]|$)`),
}

// urlMonths numbers the month names urlDates reads.
var urlMonths = map[string]string{"jan": "01", "feb": "02", "mar": "03", "apr": "04", "may": "05", "jun": "06",
	"jul": "07", "aug": "08", "sep": "09", "oct": "10", "nov": "11", "dec": "12"}

// newTimeReader returns a timeReader with the page's options.
func newTimeReader(opts timeparse.Options) timeReader { return noteTimeReader(opts, nil) }

// noteTimeReader is newTimeReader that, when tried is not nil, notes there
// the times a candidate tried and could not read (extract --explain: what
// made a candidate invalid rather than empty).
func noteTimeReader(opts timeparse.Options, tried *[]Candidate) timeReader {
	return timeReader{
		parse: func(raw string) *Published {
			if raw == "" {
				return nil
			}
			r, err := timeparse.Parse(raw, opts)
			if err != nil {
				if tried != nil {
					*tried = append(*tried, Candidate{Raw: raw, Verdict: VerdictInvalid, Why: err.Error()})
				}
				return nil
			}
			return fromResult(r)
		},
		find: func(text string) *Published {
			if r, ok := timeparse.Find(text, opts); ok {
				return fromResult(r)
			}
			if tried != nil {
				*tried = append(*tried, Candidate{Raw: truncate(text, 120), Verdict: VerdictInvalid, Why: "no time in the text"})
			}
			return nil
		},
	}
}

// published runs the publish-time chain: the profile's rules, then
// publishedChain. The bool reports a profile miss.
func (p *page) published(opts timeparse.Options) (*Published, string, bool) {
	tr := newTimeReader(opts)
	profMiss := false
	if !p.profile.Published.empty() {
		var pub *Published
		accept := func(v string) bool {
			// A selector's text may hold more than the time ("By X, 28 Dec").
			if pub = tr.parse(v); pub == nil {
				pub = tr.find(v)
			}
			return pub != nil
		}
		if _, src, at := p.profileValue(p.profile.Published, accept); pub != nil {
			p.spots = append(p.spots, at)
			return pub, src, false
		}
		profMiss = true
	}
	for _, c := range publishedChain {
		spots := len(p.spots)
		pub, src := c(p, tr)
		if pub != nil && !future(pub, opts.Now) {
			if shown, ssrc := p.shownEarlier(tr, pub, src, opts.Now); shown != nil {
				pub, src = shown, ssrc
			}
			if !p.profile.DayFirst && !p.profile.MonthFirst {
				pub = p.pageOrder(pub, opts)
			}
			p.inferLocal(pub, tr)
			return pub, src, profMiss
		}
		p.spots = p.spots[:spots] // a passed-over date's line is body text
	}
	return nil, "", profMiss
}

// pageOrder is pub read in the other numeric order when its text is an
// ambiguous numeric date (02-12-2025), the order was guessed from the
// page's language or country (no site's date_order), and the page's own
// machine dates settle it: a <time datetime> in ISO form
// (2025-12-02) has the other reading's day and none has this one's (the
// article listed again among the related ones, a second <time> of the
// same article).
func (p *page) pageOrder(pub *Published, opts timeparse.Options) *Published {
	alt := opts
	alt.DayFirst = !opts.DayFirst
	r, err := timeparse.Parse(pub.Raw, alt)
	if err != nil || r.Time.Equal(pub.Time) {
		return pub // not a numeric date both orders read, or the same day either way
	}
	other := fromResult(r)
	mine, theirs := printedDay(pub), printedDay(other)
	seenMine, seenTheirs := false, false
	for _, n := range p.times {
		v := strings.TrimSpace(attr(n, "datetime"))
		if len(v) < 10 || v[4] != '-' || v[7] != '-' {
			continue
		}
		switch v[:10] {
		case mine:
			seenMine = true
		case theirs:
			seenTheirs = true
		}
	}
	if seenTheirs && !seenMine {
		return other
	}
	return pub
}

// printedDay is the calendar day of a parsed time as the page printed
// it: its own offset's day when it gave one, else the UTC day (a bare
// date is midnight UTC of the printed day).
func printedDay(pub *Published) string {
	if !pub.Local.IsZero() {
		return pub.Local.Format(time.DateOnly)
	}
	return pub.Time.Format(time.DateOnly)
}

// machineSource reports whether a publish-time source reads markup meant
// for machines (JSON-LD, meta tags, microdata) rather than what the page
// shows.
func machineSource(src string) bool {
	return strings.HasPrefix(src, "json-ld") || strings.HasPrefix(src, "meta") || src == "microdata"
}

// shownEarlier is the date the page shows for its article when that is a
// day before any the publish time its machine markup gives (pub, from
// src) can be: a line by the heading that is little more than a date
// ("By Ana Ruiz · Apr 26, 2023", "Published: 8 Oct 2022"), else the
// text of a <time> marked as the publish time (shownPublishedTime). An article
// cannot be shown as published before it was, so the markup's later date
// is a re-import or re-publication, and the earliest date the article
// states for itself is its publish date. An update label is never read
// here, so a page that shows only a later "Updated" date keeps the
// markup's. A day before any means: before the instant's day in the
// westernmost zone (UTC−12), so that a date printed in the page's own
// zone is never taken for a different day ("Dec 18" for
// 2025-12-19T02:41Z is the same moment in New York; for
// 2025-12-19T22:02Z it is not, anywhere), and at least two days before
// the markup's own day. Inside those two days only a bare date counts: a
// line with a clock time so close to the markup's is as often another
// moment of the story ("reported on the radio on 14.04.2026 at 17:50")
// as the article's own. Source "shown:" and the line's.
func (p *page) shownEarlier(tr timeReader, pub *Published, src string, now time.Time) (*Published, string) {
	if !machineSource(src) {
		return nil, ""
	}
	spots := len(p.spots)
	shown, ssrc := p.nearHeading(tr, true)
	if shown == nil {
		if shown = p.shownPublishedTime(tr); shown != nil {
			ssrc = "time"
		}
	}
	day := pub.Time
	if !pub.Local.IsZero() {
		day = pub.Local
	}
	d := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	w := pub.Time.In(westernmost)
	wd := time.Date(w.Year(), w.Month(), w.Day(), 0, 0, 0, 0, time.UTC)
	if shown == nil || future(shown, now) || !shown.Time.Before(d.AddDate(0, 0, -1)) &&
		!(shown.Precision == string(timeparse.PrecisionDay) && shown.Time.Before(wd)) {
		p.spots = p.spots[:spots]
		return nil, ""
	}
	return shown, "shown:" + ssrc
}

// westernmost is the zone furthest behind UTC: an instant's day there is
// the earliest day any page can show for it.
var westernmost = time.FixedZone("UTC-12", -12*60*60)

// localSources are the candidates inferLocal asks for a time without a
// zone: those that read what scan collected, not the page text.
var localSources = []timeCandidate{
	(*page).publishedMeta,
	(*page).publishedMicrodata,
	(*page).publishedTimeElement,
	(*page).publishedMetaAny,
	(*page).publishedScript,
}

// inferLocal sets the page's own offset on a publish time given in UTC
// ("2020-02-18T02:18:11Z" in JSON-LD) from a time the page gives without a
// zone at the same instant in its local clock (a script's
// "publication_date = '2020-02-17 21:18:11'", a meta tag) found by the
// localSources: the difference, a whole quarter hour within ±14 h, is the
// offset; or the same instant that one of them states with its offset
// (a <time datetime="2025-12-18T19:05:00-08:00">). Failing that, the zone of the country the page names (pageZone:
// its language tag's region, the URL's country TLD) when that country keeps
// one clock. So the day a reader of the page saw is kept; Time stays the
// UTC instant.
func (p *page) inferLocal(pub *Published, tr timeReader) {
	if pub.Precision == string(timeparse.PrecisionDay) || !utcZone(pub.Zone) {
		return
	}
	spots := len(p.spots)
	defer func() { p.spots = p.spots[:spots] }()
	for _, c := range localSources {
		o, _ := c(p, tr)
		if o != nil && !o.Local.IsZero() && !utcZone(o.Zone) && o.Time.Equal(pub.Time) {
			pub.Local = o.Local // the same instant, in the offset the page states elsewhere
			return
		}
		if o == nil || o.Precision == string(timeparse.PrecisionDay) || !o.Local.IsZero() || o.Zone != "UTC (default)" {
			continue
		}
		off := o.Time.Sub(pub.Time)
		if off == 0 || off%(15*time.Minute) != 0 || off < -14*time.Hour || off > 14*time.Hour {
			continue
		}
		if o.Precision == pub.Precision || o.Precision == string(timeparse.PrecisionMinute) && pub.Time.Second() == 0 {
			pub.Local = pub.Time.In(time.FixedZone("", int(off/time.Second)))
			return
		}
	}
	if loc := p.pageZone(); loc != nil {
		pub.Local = pub.Time.In(loc)
	}
}

// utcZone reports whether a Published.Zone says the page gave the time in
// UTC itself.
func utcZone(z string) bool {
	switch z {
	case "Z", "+00:00", "UTC", "GMT", "UT":
		return true
	}
	return false
}

// future reports whether a found time lies after the fetch (with a day's
// slack for zones and clocks): a date in an event listing, an expiry, a
// wrong year. Such a candidate is passed over for the next.
func future(pub *Published, now time.Time) bool {
	return !now.IsZero() && pub.Time.After(now.Add(36*time.Hour))
}

// publishedJSONLD reads datePublished, then dateCreated, of the article
// objects.
func (p *page) publishedJSONLD(tr timeReader) (*Published, string) {
	for _, k := range [...]string{"datePublished", "dateCreated"} {
		var pub *Published
		p.ldValues(k, func(s string) bool { pub = tr.parse(s); return pub != nil })
		if pub != nil {
			return pub, "json-ld"
		}
	}
	return nil, ""
}

// publishedMeta reads the publishedMeta tags in order, then the JSON in
// Parse.ly's older parsely-page tag.
func (p *page) publishedMeta(tr timeReader) (*Published, string) {
	return p.metaListTime(tr, publishedMeta[:], "pub_date")
}

// metaListTime reads the meta tags names in order, then the field of the
// JSON in Parse.ly's parsely-page tag.
func (p *page) metaListTime(tr timeReader, names []string, parselyField string) (*Published, string) {
	for _, k := range names {
		if v, ok := p.meta[k]; ok {
			if t := tr.parse(v); t != nil {
				return t, "meta:" + k
			}
		}
	}
	if v := p.parselyPage(parselyField); v != "" {
		if t := tr.parse(v); t != nil {
			return t, "meta:parsely-page"
		}
	}
	return nil, ""
}

// metaMatchingTime reads the meta tags whose names match, in the order of
// the names.
func (p *page) metaMatchingTime(tr timeReader, match func(string) bool) (*Published, string) {
	var keys []string
	for k := range p.meta {
		if match(k) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if t := tr.parse(p.meta[k]); t != nil {
			return t, "meta:" + k
		}
	}
	return nil, ""
}

// parselyPage returns a field of the JSON in <meta name="parsely-page">.
func (p *page) parselyPage(field string) string {
	raw, ok := p.meta["parsely-page"]
	if !ok {
		return ""
	}
	var v map[string]any
	if json.Unmarshal([]byte(raw), &v) != nil {
		return ""
	}
	s, _ := v[field].(string)
	return strings.TrimSpace(s)
}

// microdataTime is the time an itemprop element carries: its content or
// datetime attribute, else its text.
func microdataTime(n *html.Node) string {
	raw, ok := attrOK(n, "content")
	if !ok {
		raw, ok = attrOK(n, "datetime")
	}
	if !ok {
		raw = nodeText(n)
	}
	return strings.TrimSpace(raw)
}

// publishedMicrodata reads itemprop=datePublished, on <meta> or any other
// element but <time> (see publishedTimeElement), outside lists of other
// articles: its content or datetime attribute, else its text.
func (p *page) publishedMicrodata(tr timeReader) (*Published, string) {
	for _, n := range p.itemprops {
		if n.Data == "time" || !hasToken(attr(n, "itemprop"), "datePublished") || offArticle(n, p.profile.Boilerplate) {
			continue
		}
		if pub := tr.parse(microdataTime(n)); pub != nil {
			p.spots = append(p.spots, spot{elem: n})
			return pub, "microdata"
		}
	}
	return nil, ""
}

// publishedTimeElement reads <time datetime> (or the element's text),
// preferring one marked as the publish time (pubdate,
// itemprop=datePublished, a "published" class), else the first that is
// neither an update time nor a date mentioned in the text ("the vote is
// on <time>January 15</time>"). Times in page headers, menus, lists of
// other articles and comments are skipped.
func (p *page) publishedTimeElement(tr timeReader) (*Published, string) {
	var first *Published
	var firstAt *html.Node
	for _, n := range p.times {
		if offArticle(n, p.profile.Boilerplate) {
			continue
		}
		raw, ok := attrOK(n, "datetime")
		if !ok || strings.TrimSpace(raw) == "" {
			raw = nodeText(n)
		}
		pub := tr.parse(strings.TrimSpace(raw))
		if pub == nil {
			continue
		}
		marks := timeMarks(n)
		switch {
		case namedPublished(n, marks):
			p.spots = append(p.spots, spot{elem: n})
			return pub, "time"
		case first == nil && !updateTime(n, marks) && !inProse(n):
			first, firstAt = pub, n
		}
	}
	if first != nil {
		p.spots = append(p.spots, spot{elem: firstAt})
		return first, "time"
	}
	return nil, ""
}

// timeMarks are a <time>'s itemprop, class and id, lower-cased.
func timeMarks(n *html.Node) string {
	return strings.ToLower(attr(n, "itemprop") + " " + attr(n, "class") + " " + attr(n, "id"))
}

// namedPublished reports whether a <time> is marked as the publish time
// (pubdate, itemprop=datePublished, a "published" class or id; marks as
// timeMarks gives them) and its own text does not say it is the update.
func namedPublished(n *html.Node, marks string) bool {
	_, isPub := attrOK(n, "pubdate")
	return (isPub || strings.Contains(marks, "publish")) && !updateLead(nodeText(n))
}

// shownPublishedTime is the date of a <time> in the article marked as the
// publish time (see namedPublished) whose text shows it ("Published
// <time pubdate datetime="2025-08-13">August 13, 2025</time>"), for
// shownEarlier: a date the reader sees named as the publish date.
func (p *page) shownPublishedTime(tr timeReader) *Published {
	for _, n := range p.times {
		if offArticle(n, p.profile.Boilerplate) || !namedPublished(n, timeMarks(n)) {
			continue
		}
		shown := tr.parse(strings.TrimSpace(nodeText(n)))
		if shown == nil {
			continue
		}
		p.spots = append(p.spots, spot{elem: n})
		return shown
	}
	return nil
}

// updateTime reports whether a <time> is an update time: by its own
// itemprop, class or id (marks, lower-cased), its parent's class, its own
// text ("<time class="published-date"><span>Updated April 10,
// 2025</span></time>"), or the text just before it ("Updated <time>").
func updateTime(n *html.Node, marks string) bool {
	if n.Parent != nil {
		marks += " " + strings.ToLower(attr(n.Parent, "class"))
	}
	if updateMarks(marks) || updateLead(nodeText(n)) {
		return true
	}
	// The text of the previous siblings, as far as short inline elements
	// go: "Updated <time>", "<b>Last modified:</b> <time>".
	var before string
	for s := n.PrevSibling; s != nil && len(before) < 40; s = s.PrevSibling {
		switch {
		case s.Type == html.TextNode:
			before = s.Data + before
		case s.Type == html.ElementNode && inlineTags[s.Data] && textLen(s, 80) < 80:
			before = nodeText(s) + before
		case s.Type == html.ElementNode:
			return modifiedBefore(foldLabel(strings.TrimSpace(before)))
		}
	}
	return modifiedBefore(foldLabel(strings.TrimSpace(before)))
}

// updateMarks reports whether class, id or itemprop values (lower-cased)
// name an update time: "modified", "updated", "edited", "revised", or
// "changed" as a whole part of a name (Drupal's field--name-changed, the
// node's last change), not "exchanged".
func updateMarks(marks string) bool {
	for _, w := range [...]string{"modif", "updat", "edited", "revis"} {
		if strings.Contains(marks, w) {
			return true
		}
	}
	for off := 0; ; {
		i := strings.Index(marks[off:], "changed")
		if i < 0 {
			return false
		}
		i += off
		off = i + len("changed")
		if (i == 0 || !isLowerLetter(marks[i-1])) && (off == len(marks) || !isLowerLetter(marks[off])) {
			return true
		}
	}
}

func isLowerLetter(c byte) bool { return c >= 'a' && c <= 'z' }

// updateLead reports whether a date's own text opens with an update label
// before its first digit ("Updated April 10, 2025", "Last modified: 3
// March"): the element is named for the publish time, its text says it
// is the update.
func updateLead(text string) bool {
	text = strings.TrimSpace(text)
	if i := strings.IndexAny(text, "0123456789"); i >= 0 {
		text = text[:i]
	}
	if len(text) > 40 {
		return false
	}
	lower := foldLabel(text)
	for _, w := range modifiedWords {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// inProse reports whether a <time> sits in a paragraph of text rather than
// in a dateline.
func inProse(n *html.Node) bool {
	const prose = 150
	for a, i := n.Parent, 0; a != nil && i < 4; a, i = a.Parent, i+1 {
		switch a.Data {
		case "p", "li", "blockquote", "dd":
			return textLen(a, prose+1) > prose
		}
	}
	return false
}

// textLen is the length of the text below n, counted up to limit.
func textLen(n *html.Node, limit int) int {
	total := 0
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			total += len(c.Data)
		}
		return total < limit
	})
	return total
}

// inlineTags are the elements a label before a <time> may be wrapped in.
var inlineTags = map[string]bool{"span": true, "b": true, "strong": true, "em": true, "i": true, "small": true, "label": true, "abbr": true}

// labelReach is how far after a label its time may start: "Published
// reports said on March 3 ..." is prose, not a label.
const labelReach = 80

// publishedLabel finds a time right after a label such as "Published:" in
// the page text.
func (p *page) publishedLabel(tr timeReader) (*Published, string) {
	var pub *Published
	var label string
	var at content.Block
	n := 0 // dated lines that start with label
	done := func() bool { return pub != nil && n < listedLabel }
	p.eachLabelled(publishedLabels, false, func(v, l string, b content.Block) bool {
		if pub != nil && l != label {
			if done() {
				return true
			}
			pub, n = nil, 0 // the last label's lines were a list's
		}
		v = truncate(v, 3*labelReach)
		t := tr.find(v)
		if t == nil || strings.Index(v, t.Raw) > labelReach {
			return false
		}
		if pub == nil {
			pub, label, at = t, l, b
		}
		n++
		return false
	})
	if !done() {
		return nil, ""
	}
	p.spots = append(p.spots, spot{block: at})
	return pub, "label:" + strings.TrimRight(label, ": ")
}

// listedLabel is how many dated lines one label may start before they are
// taken for a list's (an events page's "Date: 19 March 2026" under each
// event) and the label for no publish time.
const listedLabel = 3

// publishedURL reads a date in the URL path (/2016/12/28/): precision day.
func (p *page) publishedURL(tr timeReader) (*Published, string) {
	for _, re := range urlDates {
		if m := re.FindStringSubmatch(p.url.Path); m != nil {
			if mm, ok := urlMonths[strings.ToLower(m[2])]; ok {
				m[2] = mm
			}
			if pub := tr.parse(m[1] + "-" + pad2(m[2]) + "-" + pad2(m[3])); pub != nil {
				return pub, "url"
			}
		}
	}
	return nil, ""
}

func fromResult(r timeparse.Result) *Published {
	return &Published{
		Time:      r.Time.UTC(),
		Raw:       r.Raw,
		Precision: string(r.Precision),
		Zone:      r.Zone,
		Calendar:  r.Calendar,
		Local:     r.Local,
	}
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// truncate cuts s to at most n bytes at a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

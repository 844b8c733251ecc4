package extract

import (
	"strings"
	"time"

	"github.com/newsnorm/newsnorm/extract/content"
	"github.com/newsnorm/newsnorm/extract/timeparse"
)

// The update-time chain: the same kinds of sources as the publish time,
// read for the update keys and labels only, so a modified time is never
// a publish time and the other way round.
var modifiedChain = []timeCandidate{
	(*page).modifiedJSONLD,
	(*page).modifiedMeta,
	(*page).modifiedMicrodata,
	(*page).modifiedTimeElement,
	(*page).modifiedMarkup,
	(*page).modifiedLabel,
	(*page).modifiedScript,
}

// modifiedMeta are meta tags of an update time, best first; other names
// that say so (see metaModifiedName) follow.
var modifiedMeta = []string{
	"article:modified_time", "og:updated_time", "og:modified_time", "article:modified", "datemodified",
	"dc.date.modified", "dcterms.modified", "dc:modified", "dcterms:modified", "last-modified", "lastmod",
	"modified-date", "modified_date", "parsely-updated", "sailthru.lastmodified",
}

// ldModifiedKeys are the JSON-LD keys of an update time.
var ldModifiedKeys = [...]string{"dateModified"}

// scriptModifiedKeys are update-time keys in a page's script state.
var scriptModifiedKeys = [...]string{
	"dateModified", "updatedAt", "modifiedDate", "lastModified", "dateLastUpdated", "updated_at",
	"modified_date", "last_modified", "modified_at",
}

// scriptModifiedAnchors are parts of the scriptModifiedKeys: each key
// holds one.
var scriptModifiedAnchors = [...]string{"odified", "pdated"}

// modified runs the update-time chain. An update before the publish time
// is a confusion of the page's, and dropped.
func (p *page) modified(opts timeparse.Options, pub *Published) (*Published, string) {
	tr := newTimeReader(opts)
	for _, c := range modifiedChain {
		m, src := c(p, tr)
		if m == nil || future(m, opts.Now) {
			continue
		}
		if pub != nil && m.Time.Before(pub.Time.Add(-time.Minute)) && !(m.Precision == "day" && sameDay(m, pub)) {
			return nil, ""
		}
		return m, src
	}
	return nil, ""
}

func (p *page) modifiedJSONLD(tr timeReader) (*Published, string) {
	var m *Published
	p.ldValues("dateModified", func(s string) bool { m = tr.parse(s); return m != nil })
	if m != nil {
		return m, "json-ld"
	}
	return p.ldAnyDate(tr, ldModifiedKeys[:])
}

func (p *page) modifiedMeta(tr timeReader) (*Published, string) {
	if m, src := p.metaListTime(tr, modifiedMeta[:], "updated"); m != nil {
		return m, src
	}
	return p.metaMatchingTime(tr, metaModifiedName)
}

// metaModifiedName reports whether a meta name is an update time's
// ("w-modified-date", "cludo:updated"), not an image's or an expiry.
func metaModifiedName(k string) bool {
	if strings.Contains(k, "image") || strings.Contains(k, "expir") {
		return false
	}
	return strings.Contains(k, "modif") || strings.Contains(k, "updated")
}

// modifiedMicrodata reads itemprop=dateModified outside lists of other
// articles.
func (p *page) modifiedMicrodata(tr timeReader) (*Published, string) {
	for _, n := range p.itemprops {
		if !hasToken(attr(n, "itemprop"), "dateModified") || offArticle(n, p.profile.Boilerplate) {
			continue
		}
		if m := tr.parse(microdataTime(n)); m != nil {
			return m, "microdata"
		}
	}
	for _, n := range p.times {
		if hasToken(attr(n, "itemprop"), "dateModified") && !offArticle(n, p.profile.Boilerplate) {
			if m := tr.parse(strings.TrimSpace(attr(n, "datetime"))); m != nil {
				return m, "microdata"
			}
		}
	}
	return nil, ""
}

// modifiedTimeElement reads the first <time> that is an update time (see
// updateTime): class "updated", "Updated <time>".
func (p *page) modifiedTimeElement(tr timeReader) (*Published, string) {
	for _, n := range p.times {
		if offArticle(n, p.profile.Boilerplate) {
			continue
		}
		marks := strings.ToLower(attr(n, "itemprop") + " " + attr(n, "class") + " " + attr(n, "id"))
		if !updateTime(n, marks) {
			continue
		}
		raw, ok := attrOK(n, "datetime")
		if !ok || strings.TrimSpace(raw) == "" {
			raw = nodeText(n)
		}
		if m := tr.parse(strings.TrimSpace(raw)); m != nil {
			return m, "time"
		}
	}
	return nil, ""
}

// modifiedMarkup reads data-* attributes of an update time (data-lastmod,
// data-modified) and elements whose class names one ("date-updated").
func (p *page) modifiedMarkup(tr timeReader) (*Published, string) {
	for _, n := range p.dateMarks {
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "data-") && modifiedKey(a.Key[5:]) && strings.TrimSpace(a.Val) != "" {
				if m := tr.parse(strings.TrimSpace(a.Val)); m != nil && !offArticle(n, p.profile.Boilerplate) {
					return m, "data-attr"
				}
			}
		}
	}
	return nil, ""
}

// modifiedLabel finds a time right after an update label ("Last
// updated:", "Aktualisiert am") in the page text.
func (p *page) modifiedLabel(tr timeReader) (*Published, string) {
	var m *Published
	var src string
	p.eachLabelled(updatedLabels, false, func(v, label string, _ content.Block) bool {
		v = truncate(v, 3*labelReach)
		if m = tr.find(v); m != nil && (strings.Index(v, m.Raw) > labelReach || !hasYear(m.Raw) && m.Precision == "day") {
			m = nil
		}
		if m != nil {
			src = "label:" + strings.TrimRight(label, ": ")
		}
		return m != nil
	})
	return m, src
}

func (p *page) modifiedScript(tr timeReader) (*Published, string) {
	return p.scriptKeyDate(tr, scriptModifiedKeys[:], scriptModifiedAnchors[:])
}

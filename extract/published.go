package extract

import (
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsnorm/newsnorm/extract/timeparse"
)

// publishedMeta are meta tags that carry a publish time, best first.
var publishedMeta = []string{
	"article:published_time", "og:published_time", "datepublished", "article.published",
	"parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date.created",
	"dcterms.created", "dc.date", "dcterms.date", "citation_publication_date", "citation_date",
	"pubdate", "publishdate", "publish-date", "publish_date", "publication_date", "date",
	"original-publish-date", "og:article:published_time", "article:published", "cxenseparse:recs:publishtime",
}

// publishedLabels introduce a publish time in the page text.
var publishedLabels = []string{
	"Published:", "Published on", "Publication date:", "Posted on", "Posted:", "Date:", "Released:",
	"Publié le", "Veröffentlicht am", "Publicado el", "تاریخ انتشار:", "تاریخ انتشار", "تاريخ النشر:", "نشر في",
}

// urlDate finds /2016/12/28/ or /2016-12-28/ style dates in URL paths.
var urlDate = regexp.MustCompile(`/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|[^\d]|$)`)

// published runs the publish-time chain: profile, JSON-LD, meta tags,
// <time datetime>, labelled text, then a date in the URL path.
func (p *page) published(opts timeparse.Options) (*Published, string, bool) {
	profMiss := false
	try := func(raw string) *Published {
		if raw == "" {
			return nil
		}
		r, err := timeparse.Parse(raw, opts)
		if err != nil {
			return nil
		}
		return fromResult(r)
	}
	if !p.profile.Published.empty() {
		if v, src := p.profileValue(p.profile.Published); v != "" {
			if pub := try(v); pub != nil {
				return pub, src, false
			}
		}
		profMiss = true
	}
	for _, k := range []string{"datePublished", "dateCreated"} {
		if pub := try(p.ldString(k)); pub != nil {
			return pub, "json-ld", profMiss
		}
	}
	if v, k := p.metaTag(publishedMeta...); v != "" {
		if pub := try(v); pub != nil {
			return pub, "meta:" + k, profMiss
		}
	}
	if pub := p.timeElement(try); pub != nil {
		return pub, "time", profMiss
	}
	if v, label := p.labelled(publishedLabels); v != "" {
		if r, ok := timeparse.Find(v, opts); ok {
			return fromResult(r), "label:" + strings.TrimRight(label, ": "), profMiss
		}
	}
	if m := urlDate.FindStringSubmatch(p.url.Path); m != nil {
		if pub := try(m[1] + "-" + pad2(m[2]) + "-" + pad2(m[3])); pub != nil {
			return pub, "url", profMiss
		}
	}
	return nil, "", profMiss
}

// timeElement reads <time datetime>, preferring one marked as the publish
// time (itemprop=datePublished, pubdate, a "published" class).
func (p *page) timeElement(try func(string) *Published) *Published {
	var best, first *Published
	p.doc.Find("time").EachWithBreak(func(_ int, s *goquery.Selection) bool {
		raw, ok := s.Attr("datetime")
		if !ok {
			raw = s.Text()
		}
		pub := try(strings.TrimSpace(raw))
		if pub == nil {
			return true
		}
		ip, _ := s.Attr("itemprop")
		cls, _ := s.Attr("class")
		_, isPub := s.Attr("pubdate")
		if isPub || strings.EqualFold(ip, "datePublished") || strings.Contains(strings.ToLower(cls), "publish") {
			best = pub
			return false
		}
		if first == nil && !strings.Contains(strings.ToLower(ip+cls), "modif") && !strings.Contains(strings.ToLower(ip+cls), "updat") {
			first = pub
		}
		return true
	})
	if best != nil {
		return best
	}
	return first
}

func fromResult(r timeparse.Result) *Published {
	return &Published{
		Time:      r.Time.UTC(),
		Raw:       r.Raw,
		Precision: string(r.Precision),
		Zone:      r.Zone,
		Calendar:  r.Calendar,
	}
}

func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

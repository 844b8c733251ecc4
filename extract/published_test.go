package extract_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/extract"
)

// TestPublishedSources runs generic extraction on the pages of
// testdata/dates, one per publish-time source or trap, and checks the
// day found (in UTC), its source, and that update times, copyright
// lines, lists of other articles and future dates are never taken.
func TestPublishedSources(t *testing.T) {
	fetched := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		file, url string
		want      string // the UTC day, "" for no publish time
		source    string
	}{
		{"jsonld-webpage-graph", "https://coastnews.example/ferry-fares/", "2020-06-04", "json-ld:WebPage"},
		{"jsonld-video-upload", "https://video.example/bridge", "2021-09-09", "json-ld:VideoObject"},
		{"rdf-comment", "https://blog.example.jp/e/1", "2020-07-03", "rdf"},
		{"rdfa-property", "https://council.example/budget", "2019-03-14", "rdfa"},
		{"h-entry", "https://notes.example/allotment", "2018-05-02", "h-entry"},
		{"abbr-published", "https://library.example/hours", "2011-10-05", "abbr"},
		{"data-pubdate", "https://guides.example/compost", "2022-10-05", "data-attr"},
		{"meta-other-name", "https://tools.example/compared", "2025-05-27", "meta:w-published-date"},
		{"microdata-footer", "https://town.example/news/repair-cafe", "2020-01-27", "microdata"},
		{"byline-after-heading", "https://downtown.example/post/new-businesses", "2025-03-12", "text:heading"},
		{"eyebrow-before-heading", "https://ministerium.example/presse/detail/praemie", "2022-01-02", "text:heading"},
		{"updated-only", "https://reviews.example/best-tax-software", "", ""},
		{"class-date", "https://shop.example/blog/commuter-bike", "2025-12-17", "class"},
		{"repeated-dates-list", "https://feed.example/latest", "", ""},
		{"script-state", "https://school.example/blog/cloud", "2025-02-04", "script:datePublished"},
		{"script-variable", "https://prensa.example/tenemos-para-rato", "2020-02-17", "script:publication_date"},
		{"url-compact", "https://city.example/news/tram-line-opens-20190412.html", "2019-04-12", "url"},
		{"url-compact", "https://city.example/archive/201904/12/tram-line-opens", "2019-04-12", "url"},
		{"url-compact", "https://city.example/news/tram-line-opens-2019041212345", "", ""},
		{"url-compact", "https://city.example/blog/2019/april/12/tram-line-opens", "2019-04-12", "url"},
		{"url-compact", "https://city.example/blog/2019/Apr/12/tram-line-opens", "2019-04-12", "url"},
		{"url-compact", "https://city.example/blog/2019/spring/12/tram-line-opens", "", ""},
		{"title-date", "https://amnesty.example/weltweit/waffensysteme", "2021-11-02", "title"},
		{"future-skipped", "https://festival.example/programme", "2024-03-04", "label:Posted"},
		{"heading-in-header", "https://news.example/news/envoy", "2020-10-13", "text:heading"},
		{"image-url", "https://news.example/article/A2025112914320005196", "2025-11-29", "image-url"},
		{"time-in-article-aside", "https://dev.example/posts/2021/git", "2021-06-06", "time"},
		{"polish-byline", "https://miasto.example/tramwaj", "2022-09-12", "text:heading"},
		// JSON-LD in a meta tag (Next.js metadata); a heading that is no
		// <h1> but the og:title's text; a byline at the article's end.
		{"meta-ld-json", "https://volt.example/articles/full-ev-cars-guide", "2025-11-17", "json-ld"},
		{"headline-in-p", "https://diana.example/blog/best-hr-tools", "2025-12-16", "text:heading"},
		{"byline-at-end", "https://studio.example/blog/how-apps-are-made", "2024-04-08", "text:byline"},
		// A date shown by the heading two or more days before the markup's
		// is the publish date; a later one, one a day off (the page's own
		// zone), or one in a caption is not.
		{"shown-earlier", "https://studio.example/blog/yoga-class-prices", "2024-08-25", "shown:text:heading"},
		{"shown-later", "https://fit.example/guide/gym-machines", "2024-04-10", "json-ld"},
		{"shown-caption", "https://wire.example/bread-prices", "2023-04-28", "json-ld"},
		{"shown-next-day", "https://blog.example/comfort-watches", "2025-12-19", "meta:article:published_time"},
		// A bare date a day before the markup's instant in every zone
		// (22:02 UTC is the 19th even at UTC-12) is the publish date; a
		// line with a clock time that close is not.
		{"shown-day-before-any-zone", "https://lab.example/blog/model-behaviour", "2025-12-18", "shown:text:heading"},
		{"shown-pubdate-time", "https://home.example/heating-bill", "2025-08-13", "shown:time"},
		{"shown-clock-day-before", "https://nachrichten.example/inn-bruecke", "2025-10-15", "meta:article:published_time"},
		// "Released:" dates the book, and a label that starts a list's
		// lines ("Date:" under each event) dates none of them.
		{"released-label", "https://reading.example/book-beat", "2025-12-20", "text:heading"},
		{"listed-labels", "https://events.example/tech-events-2026", "2025-10-13", "text:heading"},
		// 02/12/2024 in the page's own date order.
		{"numeric-date", "https://diario.example.es/rescate", "2024-12-02", "text:heading"},
		{"numeric-date", "https://news.example.com/rescue", "2024-02-12", "text:heading"},
		{"numeric-date-lang", "https://news.example.com/rescue", "2024-12-02", "text:heading"},
		{"numeric-date-us", "https://diario.example.es/rescate", "2024-02-12", "text:heading"},
		// An English page's 02-12-2025 is 2 December when the page's own
		// ISO dates say so.
		{"numeric-date-settled", "https://tones.example/blog/ui-pipeline-1", "2025-12-02", "time"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "dates", c.file+".html"))
			if err != nil {
				t.Fatal(err)
			}
			a, err := extract.Extract(extract.Input{HTML: src, URL: c.url, FetchedAt: fetched}, nil)
			if err != nil {
				t.Fatalf("Extract(%s): %v", c.file, err)
			}
			got, gotSrc := "", a.Sources["published_at"]
			if a.Published != nil {
				got = a.Published.Time.Format(time.DateOnly)
			}
			if got != c.want || gotSrc != c.source {
				t.Errorf("Published(%s, %s) = %q from %q, want %q from %q", c.file, c.url, got, gotSrc, c.want, c.source)
			}
		})
	}
}

// TestModifiedAndLocal checks Article.Modified (its own sources, never a
// publish time) and Published.Local (the page's offset kept).
func TestModifiedAndLocal(t *testing.T) {
	fetched := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		file, url      string
		local          string // Published.Local in RFC 3339, "" for zero
		modified, msrc string // Modified's UTC day, and source
	}{
		{"local-offset", "https://assembly.example/late-vote", "2020-01-13T21:00:00-05:00", "2020-01-14", "meta:article:modified_time"},
		{"jsonld-webpage-graph", "https://coastnews.example/ferry-fares/", "2020-06-04T09:27:16Z", "2020-06-09", "json-ld:WebPage"},
		{"updated-only", "https://reviews.example/best-tax-software", "", "2025-12-12", "label:Updated"},
		{"data-pubdate", "https://guides.example/compost", "", "2025-12-02", "data-attr"},
		{"meta-other-name", "https://tools.example/compared", "2025-05-27T06:03:43Z", "2025-06-01", "meta:w-modified-date"},
		{"script-state", "https://school.example/blog/cloud", "2025-02-04T00:00:00Z", "2025-02-09", "script:dateModified"},
		{"infer-offset", "https://prensa.example/2020/02/17/tenemos", "2020-02-17T21:18:11-05:00", "", ""},
		{"modified-before-published", "https://news.example/old-template", "2021-03-04T10:00:00Z", "", ""},
		{"byline-after-heading", "https://downtown.example/post/new-businesses", "", "", ""},
		// A UTC time whose instant the page states elsewhere with its offset.
		{"offset-elsewhere", "https://blog.example/evangelists", "2025-12-18T19:05:00-08:00", "", ""},
		// A UTC time on a page that names a single-zone country: that zone.
		{"zone-lang-region", "https://zeitung.example/nachtsitzung", "2021-03-07T00:30:00+01:00", "", ""},
		{"zone-og-locale", "https://news.example/jishin", "2022-05-02T01:10:00+09:00", "", ""},
		{"zone-cctld", "https://journal.example.fr/feu", "2021-07-15T00:45:00+02:00", "", ""},
		{"zone-cctld", "https://journal.example.co/feu", "2021-07-14T22:45:00Z", "", ""},                     // .co is generic
		{"zone-unpadded-second", "https://diario.example.com.bo/autos", "2022-05-03T22:41:00-04:00", "", ""}, // "02:41:0Z" is UTC; .bo is La Paz
		{"zone-multi", "https://council.example.com/late-vote", "2021-07-14T02:00:00Z", "", ""},              // US: several zones
		{"zone-multi", "https://council.example.de/late-vote", "2021-07-14T02:00:00Z", "", ""},               // US tag vs .de: no guess
		{"zone-lang-region", "https://zeitung.example.jp/nachtsitzung", "2021-03-06T23:30:00Z", "", ""},      // AT vs JP: no guess
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "dates", c.file+".html"))
			if err != nil {
				t.Fatal(err)
			}
			a, err := extract.Extract(extract.Input{HTML: src, URL: c.url, FetchedAt: fetched}, nil)
			if err != nil {
				t.Fatalf("Extract(%s): %v", c.file, err)
			}
			local := ""
			if a.Published != nil && !a.Published.Local.IsZero() {
				local = a.Published.Local.Format(time.RFC3339)
			}
			if local != c.local {
				t.Errorf("Published(%s).Local = %q, want %q", c.file, local, c.local)
			}
			mod, msrc := "", a.Sources["modified_at"]
			if a.Modified != nil {
				mod = a.Modified.Time.Format(time.DateOnly)
			}
			if mod != c.modified || msrc != c.msrc {
				t.Errorf("Modified(%s) = %q from %q, want %q from %q", c.file, mod, msrc, c.modified, c.msrc)
			}
		})
	}
}

// TestScriptAnchors checks that every script key holds one of its
// anchors, which the one-pass script search needs.
func TestScriptAnchors(t *testing.T) {
	for _, set := range []struct{ keys, anchors []string }{
		{extract.ScriptDateKeys, extract.ScriptDateAnchors},
		{extract.ScriptModifiedKeys, extract.ScriptModifiedAnchors},
	} {
		for _, k := range set.keys {
			ok := false
			for _, a := range set.anchors {
				ok = ok || strings.Contains(k, a)
			}
			if !ok {
				t.Errorf("script key %q holds none of the anchors %q", k, set.anchors)
			}
		}
	}
}

func TestDateName(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"post-date", true}, {"entry-DATE", true}, {"Published", true}, {"meta-posted-on", true},
		{"dat", false}, {"update", true}, {"author-name", false}, {"", false}, {"pub", false}, {"dt-published", true},
	} {
		if got := extract.DateName(c.in); got != c.want {
			t.Errorf("dateName(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestUpdateMarks checks the names and the leading words that make a date
// an update time: "changed" only as a whole part of a name.
func TestUpdateMarks(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"field field--name-changed field__item", true}, {"changed", true}, {"last_changed", true},
		{"post-updated", true}, {"date-modified", true}, {"exchanged-links", false}, {"unchangedness", false},
		{"published-date", false}, {"", false},
	} {
		if got := extract.UpdateMarks(c.in); got != c.want {
			t.Errorf("updateMarks(%q) = %v, want %v", c.in, got, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"Updated April 10, 2025", true}, {" Last modified: 3 March 2024", true}, {"Aktualisiert am 3. März 2024", true},
		{"April 10, 2025", false}, {"Published April 10, 2025, updated May 1", false}, {"", false},
	} {
		if got := extract.UpdateLead(c.in); got != c.want {
			t.Errorf("updateLead(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}

// TestPassedOverDateStaysInBody checks that a date passed over (after the
// fetch) does not mark its line as metadata: the line stays in the body.
func TestPassedOverDateStaysInBody(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "dates", "future-time-line.html"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := extract.Extract(extract.Input{HTML: src, URL: "https://festival.example/programme", FetchedAt: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Published == nil || a.Published.Time.Format(time.DateOnly) != "2024-03-04" {
		t.Errorf("Published = %+v, want 2024-03-04", a.Published)
	}
	if !strings.Contains(a.Body, "opening night by the river") {
		t.Errorf("Body = %q, want the line of the passed-over date", a.Body)
	}
}

// TestDateOrderOverride checks that a site's date_order wins over the
// page's locale.
func TestDateOrderOverride(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "dates", "numeric-date-lang.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		prof *extract.Profile
		want string
	}{
		{&extract.Profile{Name: "mdy", MonthFirst: true}, "2024-02-12"},
		{&extract.Profile{Name: "dmy", DayFirst: true}, "2024-12-02"},
		{nil, "2024-12-02"},
	} {
		a, err := extract.Extract(extract.Input{HTML: src, URL: "https://news.example.com/rescue", FetchedAt: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)}, c.prof)
		if err != nil {
			t.Fatal(err)
		}
		if a.Published == nil || a.Published.Time.Format(time.DateOnly) != c.want {
			t.Errorf("profile %+v: Published = %+v, want %s", c.prof, a.Published, c.want)
		}
	}
}

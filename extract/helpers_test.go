package extract

import (
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsnorm/newsnorm/extract/content"
)

// newTestPage parses html as the page at rawURL with the generic profile.
func newTestPage(t *testing.T, html, rawURL string) *page {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	p := &page{doc: doc, url: u, profile: GenericProfile()}
	p.scan()
	return p
}

func TestCutSiteName(t *testing.T) {
	cases := []struct {
		name, head, url, title, heading, want string
	}{
		{"site after", "", "https://www.iran-daily.com/News/1.html", "Iran: US not serious - Iran Daily", "", "Iran: US not serious"},
		{"site before, squashed", "", "https://www.iran-daily.com/News/1.html", "iranDailyOnline - Iran: US not serious", "", "Iran: US not serious"},
		{"site as domain", "", "https://example.com/a", "Bridge reopens after repairs | example.com", "", "Bridge reopens after repairs"},
		{"og:site_name", `<meta property="og:site_name" content="The Harbour Times">`, "https://harbour.example/a",
			"Ferry service resumes | The Harbour Times", "", "Ferry service resumes"},
		{"section and site", `<meta property="og:site_name" content="Coastal Herald">`, "https://www.coastalherald.example/a",
			"Storm knocks out power to 40,000 homes | Weather | Coastal Herald", "", "Storm knocks out power to 40,000 homes"},
		{"site first, section last", `<meta property="og:site_name" content="Coastal Herald">`, "https://www.coastalherald.example/a",
			"Coastal Herald | Storm knocks out power to 40,000 homes | Weather", "", "Storm knocks out power to 40,000 homes"},
		{"registrable domain", "", "https://news.bbc.co.uk/a", "Markets rally as rates hold - BBC News", "", "Markets rally as rates hold"},
		{"unknown short site after", "", "https://a.example/x", "City council approves the new budget for 2017 - Daily Planet", "",
			"City council approves the new budget for 2017"},
		{"dash inside headline kept", "", "https://a.example/x", "Iran - US talks resume in Geneva", "", "Iran - US talks resume in Geneva"},
		{"no separator", "", "https://a.example/x", "Just a headline", "", "Just a headline"},
		{"French colon is no separator", "", "https://a.example/x", "Lyon : la ligne T6 prolongée", "", "Lyon : la ligne T6 prolongée"},
		{"weak separator keeps a short last part", "", "https://a.example/x", "Talks between Iran and the EU / US", "", "Talks between Iran and the EU / US"},
		{"heading inside title wins", "", "https://a.example/x", "Daily Planet :: Bridge reopens :: Local", "Bridge reopens", "Bridge reopens"},
		{"heading equal to title", "", "https://a.example/x", "Bridge reopens", "Bridge reopens", "Bridge reopens"},
		{"logo alt names the site", `</head><body><a href="/"><img src="/i/top.png" alt="روزنامه بازار"></a>`, "https://bazaar.example/n/1",
			"روزنامه بازار - افزایش قیمت نان در استان", "", "افزایش قیمت نان در استان"},
		{"en dash", "", "https://www.valleyobserver.example/x", "Library reopens – Valley Observer", "", "Library reopens"},
		{"only the site", "", "https://www.valleyobserver.example/x", "Valley Observer", "", "Valley Observer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := newTestPage(t, "<html><head>"+c.head+"</head><body></body></html>", c.url)
			if got := p.cutSiteName(c.title, c.heading); got != c.want {
				t.Errorf("cutSiteName(%q, %q) = %q, want %q", c.title, c.heading, got, c.want)
			}
		})
	}
}

func TestConsistentLanguage(t *testing.T) {
	const (
		english = "The council voted on Tuesday night to build protected bike lanes."
		persian = "مدارس ابتدایی تهران روز چهارشنبه به دلیل افزایش آلودگی هوا تعطیل شد"
		russian = "Городской совет во вторник проголосовал за строительство велодорожек"
	)
	cases := []struct {
		name, lang, text, want string
	}{
		{"empty declaration", "", english, ""},
		{"english text, en", "en", english, "en"},
		{"region subtag kept", "en-GB", english, "en-GB"},
		{"fa page in English", "fa", english, ""},
		{"fa page in Persian", "fa-IR", persian, "fa-IR"},
		{"en page in Persian", "en", persian, ""},
		{"ar page in Persian script", "ar", persian, "ar"},
		{"underscore tag", "fa_IR", english, ""},
		{"short text keeps declaration", "fa", "Hello there", "fa"},
		{"other script unchecked", "ru", russian, "ru"},
		{"en page in Cyrillic", "en", russian, ""},
		{"Persian with ZWNJ and punctuation", "fa", "«می‌خواهم» — " + persian + "؛ ۱۳۹۵", "fa"},
		{"curly quotes do not count", "en", "“" + english + "” ‘quoted’ — …", "en"},
		{"spaces trimmed", " de ", "Die Stadt will bis 2019 rund vier Kilometer neue Deiche bauen.", "de"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := consistentLanguage(c.lang, c.text); got != c.want {
				t.Errorf("consistentLanguage(%q, %.20q…) = %q, want %q", c.lang, c.text, got, c.want)
			}
		})
	}
}

func TestURLID(t *testing.T) {
	iranDaily := regexp.MustCompile(`^https?://(www\.)?iran-daily\.com/News/(?P<id>\d+)\.html$`)
	cases := []struct {
		name    string
		pattern *regexp.Regexp
		url     string
		want    string
	}{
		{"match", iranDaily, "https://www.iran-daily.com/News/174677.html", "174677"},
		{"match without www", iranDaily, "http://iran-daily.com/News/5.html", "5"},
		{"no match", iranDaily, "https://www.iran-daily.com/Service/2.html", ""},
		{"nil pattern", nil, "https://www.iran-daily.com/News/174677.html", ""},
		{"pattern without id group", regexp.MustCompile(`/News/(\d+)\.html$`), "https://www.iran-daily.com/News/174677.html", ""},
		{"id group not first", regexp.MustCompile(`^https://x\.example/(?P<section>[a-z]+)/(?P<id>[a-z0-9-]+)$`), "https://x.example/world/abc-12", "abc-12"},
		{"optional id group unmatched", regexp.MustCompile(`^https://x\.example/a(?:/(?P<id>\d+))?$`), "https://x.example/a", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := URLID(c.pattern, c.url); got != c.want {
				t.Errorf("URLID(%v, %q) = %q, want %q", c.pattern, c.url, got, c.want)
			}
		})
	}
}

func TestHashID(t *testing.T) {
	cases := []struct {
		name, url, want string
	}{
		// Fixed values: IDs must never change between releases.
		{"url", "https://www.iran-daily.com/News/174677.html", "94fe96cf65fa74e6"},
		{"empty", "", "e3b0c44298fc1c14"},
		{"abc", "abc", "ba7816bf8f01cfea"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := HashID(c.url)
			if got != c.want {
				t.Errorf("HashID(%q) = %q, want %q", c.url, got, c.want)
			}
			if len(got) != 16 || strings.Trim(got, "0123456789abcdef") != "" {
				t.Errorf("HashID(%q) = %q, want 16 lower-case hex digits", c.url, got)
			}
		})
	}
	if HashID("https://example.com/a") == HashID("https://example.com/b") {
		t.Errorf("HashID gives two URLs the same ID")
	}
}

func TestCanonical(t *testing.T) {
	cases := []struct {
		name, head, url, want string
	}{
		{"none", "", "https://www.example.com/a?x=1", "https://www.example.com/a?x=1"},
		{"absolute same host", `<link rel="canonical" href="https://www.example.com/news/a">`, "https://www.example.com/news/a?utm=1", "https://www.example.com/news/a"},
		{"relative", `<link rel="canonical" href="/news/a">`, "https://www.example.com/news/a?utm=1", "https://www.example.com/news/a"},
		{"other subdomain of the site", `<link rel="canonical" href="https://www.example.co.uk/a">`, "https://m.example.co.uk/a", "https://www.example.co.uk/a"},
		{"other site", `<link rel="canonical" href="https://aggregator.example/a">`, "https://www.example.com/a", "https://www.example.com/a"},
		{"same public suffix only", `<link rel="canonical" href="https://other.co.uk/a">`, "https://news.example.co.uk/a", "https://news.example.co.uk/a"},
		{"home page", `<link rel="canonical" href="https://www.example.com/">`, "https://www.example.com/a", "https://www.example.com/a"},
		{"not http", `<link rel="canonical" href="javascript:void(0)">`, "https://www.example.com/a", "https://www.example.com/a"},
		{"fragment dropped", `<link rel="canonical" href="https://www.example.com/a#top">`, "https://www.example.com/a", "https://www.example.com/a"},
		{"og:url fallback", `<meta property="og:url" content="https://example.com/b">`, "https://www.example.com/b?p=2", "https://example.com/b"},
		{"rel token list", `<link rel="alternate canonical" href="https://www.example.com/c">`, "https://www.example.com/c?s=1", "https://www.example.com/c"},
		{"bad canonical, good og:url", `<link rel="canonical" href="http://[::1">` + `<meta property="og:url" content="https://www.example.com/d">`, "https://www.example.com/d?x", "https://www.example.com/d"},
		{"ip host", `<link rel="canonical" href="http://127.0.0.1:8080/a">`, "http://127.0.0.1:8080/a?x", "http://127.0.0.1:8080/a"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := newTestPage(t, "<html><head>"+c.head+"</head><body></body></html>", c.url)
			if got := p.canonical(); got != c.want {
				t.Errorf("canonical() for %q = %q, want %q", c.url, got, c.want)
			}
		})
	}
}

func TestFoldLabel(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Published: 28 Dec", "published: 28 dec"},
		{"already lower", "already lower"},
		{"تاريخ انتشار", "تاریخ انتشار"},
		{"كد خبر", "کد خبر"},
		{"Veröffentlicht AM", "veröffentlicht am"},
		{"\xd9", "\xd9"}, // a cut rune stays as it is
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got := foldLabel(c.in)
			if got != c.want || len(got) != len(c.in) {
				t.Errorf("foldLabel(%q) = %q, want %q of the same length", c.in, got, c.want)
			}
		})
	}
}

func TestLabelled(t *testing.T) {
	cases := []struct {
		name, body string
		labels     []string
		want       string
	}{
		{"simple", `<p>Published: Dec 28, 2016</p>`, []string{"Published:"}, "Dec 28, 2016"},
		{"case-insensitive", `<p>PUBLISHED: Dec 28</p>`, []string{"Published:"}, "Dec 28"},
		{"label alone takes the next block", `<div>Published:</div><div>Dec 28</div>`, []string{"Published:"}, "Dec 28"},
		{"inside a word is no label", `<p>Last Update: Dec 29</p>`, []string{"Date:"}, ""},
		{"after an update word is no label", `<p>Updated date: Dec 29</p><p>Date: Dec 28</p>`, []string{"Date:"}, "Dec 28"},
		{"after a separator it is", `<p>Updated: Dec 29 | Published: Dec 28</p>`, []string{"Published:"}, "Dec 28"},
		{"not deep in a long paragraph", `<p>` + strings.Repeat("word ", 60) + `Published: Dec 28</p>`, []string{"Published:"}, ""},
		{"at the start of a long paragraph", `<p>Published: Dec 28 ` + strings.Repeat("word ", 60) + `</p>`, []string{"Published:"}, "Dec 28 " + strings.TrimSpace(strings.Repeat("word ", 60))},
		{"not in comments", `<div id="comments"><p>Posted on Dec 30</p></div>`, []string{"Posted on"}, ""},
		{"not in a page header", `<header><p>Date: Jan 2</p></header><article><p>Date: Dec 28</p></article>`, []string{"Date:"}, "Dec 28"},
		{"header inside the article is fine", `<article><header><p>Date: Dec 28</p></header></article>`, []string{"Date:"}, "Dec 28"},
		{"yeh variants", `<p>تاريخ انتشار: ۱۳۹۵/۱۰/۰۸</p>`, []string{"تاریخ انتشار:"}, "۱۳۹۵/۱۰/۰۸"},
		{"label order wins over document order", `<p>Date: Jan 1</p><p>Published: Dec 28</p>`, []string{"Published:", "Date:"}, "Dec 28"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// With the look at the raw text first, and without.
			for _, expected := range []bool{false, true} {
				p := newTestPage(t, "<html><body>"+c.body+"</body></html>", "https://x.example/a")
				var got string
				p.eachLabelled(c.labels, expected, func(v, _ string, _ content.Block) bool { got = v; return true })
				if got != c.want {
					t.Errorf("label %q in %s (expected %v) = %q, want %q", c.labels, c.body, expected, got, c.want)
				}
			}
		})
	}
}

func TestRepairJSON(t *testing.T) {
	cases := []struct{ name, in, wantKey, want string }{
		{"raw line break", "{\"headline\": \"a\nb\"}", "headline", "a\nb"},
		{"trailing commas", `{"headline": "x", "k": [1, 2,], }`, "headline", "x"},
		{"comment wrapper", `<!-- {"headline": "x"} -->`, "headline", "x"},
		{"cdata wrapper", `//<![CDATA[
{"headline": "x"}
//]]>`, "headline", "x"},
		{"two values", `{"a": 1} {"headline": "x"}`, "headline", "x"},
		{"semicolon after", `{"headline": "x"};`, "headline", "x"},
		{"comma inside a string kept", `{"headline": "a, }"}`, "headline", "a, }"},
		{"hopeless", `{{ article.schema }}`, "headline", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got string
			for _, v := range parseLD(c.in) {
				if m, ok := v.(map[string]any); ok {
					if s, ok := m[c.wantKey].(string); ok {
						got = s
					}
				}
			}
			if got != c.want {
				t.Errorf("parseLD(%q)[%q] = %q, want %q", c.in, c.wantKey, got, c.want)
			}
		})
	}
}

func TestIsArticleType(t *testing.T) {
	cases := []struct {
		name string
		typ  any
		want bool
	}{
		{"string", "NewsArticle", true},
		{"lower case", "newsarticle", true},
		{"https URL", "https://schema.org/ReportageNewsArticle", true},
		{"http URL", "http://schema.org/BlogPosting", true},
		{"array", []any{"WebPage", "Article"}, true},
		{"web page", "WebPage", false},
		{"organization", "Organization", false},
		{"missing", nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := isArticleType(c.typ); got != c.want {
				t.Errorf("isArticleType(%v) = %v, want %v", c.typ, got, c.want)
			}
		})
	}
}

func TestJSONLDPrefersThisPage(t *testing.T) {
	const head = `<script type="application/ld+json">[
{"@type": "NewsArticle", "url": "https://x.example/other", "headline": "Another story"},
{"@type": "NewsArticle", "mainEntityOfPage": {"@id": "https://www.x.example/this/#webpage"}, "headline": "This story",
 "author": {"@id": "#p1"}},
{"@type": "Person", "@id": "#p1", "name": "Ana Duarte"}
]</script>`
	p := newTestPage(t, "<html><head>"+head+"</head><body></body></html>", "https://x.example/this")
	if got := p.ldString("headline"); got != "This story" {
		t.Errorf(`ldString("headline") = %q, want "This story"`, got)
	}
	if got := p.ldStrings("author"); len(got) != 1 || got[0] != "Ana Duarte" {
		t.Errorf(`ldStrings("author") = %q, want ["Ana Duarte"]`, got)
	}
}

func TestLabelsAcrossMarkup(t *testing.T) {
	// The look at the raw text (mayHold) must let through every page whose
	// blocks hold a label, however the markup splits or spaces it.
	cases := []struct {
		name, body, want string
	}{
		{"plain", `<p>News ID: 174677</p>`, "174677"},
		{"inline elements", `<p><b>News</b> <span>ID</span>: 174677</p>`, "174677"},
		{"no-break spaces", `<p>News&nbsp;ID:&nbsp;174677</p>`, "174677"},
		{"line breaks and tabs", "<p>News\n\t ID:\n174677</p>", "174677"},
		{"upper case", `<p>NEWS ID: 174677</p>`, "174677"},
		{"comment between", `<p>News<!-- x --> ID: 174677</p>`, "174677"},
		{"script between", `<p>News <script>var id = 1;</script>ID: 174677</p>`, "174677"},
		{"label alone, value next", `<div><span>News ID:</span></div><div>174677</div>`, "174677"},
		{"Arabic kaf and yeh", `<p>كد خبر: 174677</p>`, "174677"},
		{"no label", `<p>News about ID cards and more.</p>`, ""},
		{"label in a script only", `<p>Text.</p><script>var s = "News ID: 174677";</script>`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := newTestPage(t, "<html><body>"+c.body+"</body></html>", "https://www.example.com/a")
			got, src, _ := p.id("https://www.example.com/a")
			if c.want == "" {
				if strings.HasPrefix(src, "label") {
					t.Errorf("id() = %q from %s, want none from a label", got, src)
				}
				return
			}
			if got != c.want || !strings.HasPrefix(src, "label:") {
				t.Errorf("id() = %q from %s, want %q from a label", got, src, c.want)
			}
		})
	}
}

func TestMayHoldLetsEveryBlockLabelThrough(t *testing.T) {
	// For every fixture page and label: if a block holds the label, the
	// look at the raw text must say it may.
	srcs, _ := filepath.Glob(filepath.Join("testdata", "*", "source.html"))
	labels := append(append(append([]string{"Security Key", "Page Generated"}, idLabels...), publishedLabels...), updatedLabels...)
	checked := 0
	for _, src := range srcs {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		p := newTestPage(t, string(data), "https://www.example.com/a")
		p.textBlocks()
		for _, l := range labels {
			ll := foldLabel(l)
			if !slices.ContainsFunc(p.lower, func(t string) bool { return strings.Contains(t, ll) }) {
				continue
			}
			checked++
			if !p.mayHold(ll) {
				t.Errorf("%s: a block holds %q, but mayHold(%q) = false", src, l, ll)
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d labels found in the fixtures' blocks, want at least 20", checked)
	}
}

// TestCollapseSpace checks collapseSpace, whose fast path returns texts
// that need no change as they are, against joining strings.Fields, on
// random texts of words and all kinds of white space.
func TestCollapseSpace(t *testing.T) {
	parts := []string{"a", "bc", "ی", " ", "  ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u0085", "\u2003", "\u3000", "\xff", "é"}
	rnd := rand.New(rand.NewPCG(11, 12))
	for range 20000 {
		var b strings.Builder
		for range rnd.IntN(8) {
			b.WriteString(parts[rnd.IntN(len(parts))])
		}
		s := b.String()
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

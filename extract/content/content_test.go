package content

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsnorm/newsnorm/extract/internal/testpage"
)

// article is a short news article: enough prose for the scorer to find.
const article = `<h1>Council approves the budget</h1>
<p>The city council approved the new budget on Tuesday night, after a debate that lasted for hours, with members arguing about transit, housing and the library.</p>
<p>The mayor said the budget, which grows by four percent, keeps taxes flat while paying for more buses, two new parks, and repairs to the old library roof.</p>
<p>Opponents said the plan relies on optimistic forecasts of sales-tax revenue, and that the city will have to cut services if the economy slows next year.</p>
<p>The budget takes effect in July.</p>`

// articleWords are phrases of article that must survive.
var articleWords = []string{"approved the new budget", "keeps taxes flat", "optimistic forecasts", "takes effect in July"}

func parse(t testing.TB, page string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// extract runs Clean and Extract with the default rules and joins the
// blocks, one per line.
func extract(t testing.TB, page string) string {
	t.Helper()
	doc := parse(t, page)
	r := DefaultRules()
	Clean(doc, r)
	return joinBlocks(Extract(doc, r))
}

func joinBlocks(blocks []Block) string {
	var b strings.Builder
	for _, bl := range blocks {
		b.WriteString(bl.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

func TestClean(t *testing.T) {
	tests := []struct {
		name string
		page string // the body's content
		gone []string
		kept []string
	}{
		{"hidden by style", `<div style="display: none">Hidden promo text</div><div style="VISIBILITY:hidden">Invisible</div>` + article,
			[]string{"Hidden promo", "Invisible"}, articleWords},
		{"hidden attribute", `<div hidden>Hidden attribute text</div>` + article, []string{"Hidden attribute"}, articleWords},
		{"aria-hidden", `<div aria-hidden="true">Screen readers skip this</div>` + article, []string{"Screen readers skip"}, articleWords},
		{"hiding class", `<span class="sr-only">Share on Facebook</span><div class="hidden">Hidden class text</div>` + article,
			[]string{"Share on Facebook", "Hidden class"}, articleWords},
		{"form and captcha", article + `<form action="/comment"><label>Your name</label><input name="n"><textarea>x</textarea>
			<div class="captcha-box">Security Key: 12345</div><button>Send</button></form>`,
			[]string{"Your name", "Security Key", "Send"}, articleWords},
		{"page chrome", `<header><a href="/">Home</a> Daily Example</header><nav><a href="/a">World</a> <a href="/b">Sports</a></nav>
			<main>` + article + `</main><aside>Weather: sunny all week</aside><footer>About us · Contact</footer>`,
			[]string{"Daily Example", "World", "Weather", "About us"}, articleWords},
		{"roles", `<div role="navigation">Menu of sections</div><div role="banner">Site banner</div>` + article +
			`<div role="complementary">Side notes</div><div role="contentinfo">Site info</div>`,
			[]string{"Menu of sections", "Site banner", "Side notes", "Site info"}, articleWords},
		{"share bar inside the article", `<article>` + article + `<div class="article-share"><a href="#">Facebook</a> <a href="#">Twitter</a> Share this article</div></article>`,
			[]string{"Facebook", "Share this article"}, articleWords},
		{"related list", `<article>` + article + `</article><div class="related-posts"><h3>Related</h3><ul><li><a href="/1">Library opens early</a></li><li><a href="/2">Buses get new routes</a></li></ul></div>`,
			[]string{"Library opens", "Buses get new"}, articleWords},
		{"comments", `<article>` + article + `</article><section id="comments"><div class="comment"><p>I think the council got this one badly wrong, the library should come first, always.</p></div></section>`,
			[]string{"got this one badly wrong"}, articleWords},
		{"cookie banner", article + `<div class="cookie-consent"><p>We use cookies to improve your experience on our site, to show you ads, and to measure traffic.</p><a href="#">Accept</a></div>`,
			[]string{"We use cookies"}, articleWords},
		{"newsletter prompt", article + `<div class="newsletter-signup"><p>Get the morning briefing in your inbox every day, free, from our newsroom.</p></div>`,
			[]string{"morning briefing"}, articleWords},
		{"ads", `<div class="ad-slot">Advertisement</div><ins class="adsbygoogle">Ad text</ins><div id="div-gpt-ad-123">Sponsored link</div>` + article +
			`<div class="sponsored-content">Buy now and save</div>`,
			[]string{"Advertisement", "Ad text", "Sponsored link", "Buy now"}, articleWords},
		{"print and e-mail links", `<article>` + article + `<div class="print-email"><a href="#">Print</a> <a href="#">Email this story</a></div></article>`,
			[]string{"Print", "Email this story"}, articleWords},
		{"page timer line", `<article>` + article + `</article><div>Page generated in 0.0781 seconds.</div>`,
			[]string{"Page generated"}, articleWords},
		{"figure caption", `<article><figure><img src="a.jpg"><figcaption>The council chamber on Tuesday (Photo: City Hall)</figcaption></figure>` + article + `</article>`,
			[]string{"council chamber on Tuesday"}, articleWords},
		{"byline and dateline", `<article><p>By Jane Reporter</p><p>Nov. 20, 2019, 9:28 AM UTC</p>` + article + `</article>`,
			[]string{"Jane Reporter", "9:28"}, articleWords},
		{"read more stub", `<article>` + article + `<p><a href="/more">Read more: Library plans</a></p><p>Read more</p></article>`,
			[]string{"Read more"}, articleWords},
		// Misleading names around the article: the article stays.
		{"content-header around the article", `<div class="content-header"><div class="story">` + article + `</div></div><div class="sidebar">Sidebar text here</div>`,
			[]string{"Sidebar text"}, articleWords},
		{"form around the whole page", `<form id="aspnetForm" action="/x"><div class="nav">Menu</div><div class="main">` + article + `</div></form>`,
			[]string{"Menu"}, articleWords},
		{"taxonomy classes on the article", `<article class="post tag-sidebar category-comments hentry">` + article + `</article>`,
			nil, articleWords},
		{"layout wrapper named like a sidebar", `<div class="content-with-sidebar-wrp"><div class="field-label-hidden">` + article + `</div></div>`,
			nil, articleWords},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extract(t, "<html><body>"+tt.page+"</body></html>")
			for _, s := range tt.gone {
				if strings.Contains(got, s) {
					t.Errorf("body contains boilerplate %q:\n%s", s, got)
				}
			}
			for _, s := range tt.kept {
				if !strings.Contains(got, s) {
					t.Errorf("body lacks %q:\n%s", s, got)
				}
			}
		})
	}
}

func TestCleanRemoveSelectors(t *testing.T) {
	r := DefaultRules().Merge([]string{".pageheader", "#promo > p"}, []*regexp.Regexp{regexp.MustCompile(`^Site motto$`)})
	doc := parse(t, `<html><body><div class="pageheader">Today is Monday</div><div id="promo"><p>Promo text</p></div>`+
		article+`<p>Site motto</p></body></html>`)
	Clean(doc, r)
	got := joinBlocks(Extract(doc, r))
	for _, s := range []string{"Today is Monday", "Promo text", "Site motto"} {
		if strings.Contains(got, s) {
			t.Errorf("body contains %q:\n%s", s, got)
		}
	}
	if !strings.Contains(got, "keeps taxes flat") {
		t.Errorf("body lacks the article:\n%s", got)
	}
}

// TestMergeNothingShares: a site that adds no boilerplate rules shares
// the prepared defaults (10,000 sites must not compile them 10,000
// times), and one that adds some gets its own.
func TestMergeNothingShares(t *testing.T) {
	if got, want := DefaultRules().Merge(nil, nil).compiled, DefaultRules().compiled; got != want || got == nil {
		t.Errorf("Merge(nil, nil) prepared rules %p, want the defaults' %p", got, want)
	}
	if got := DefaultRules().Merge([]string{".x"}, nil).compiled; got == DefaultRules().compiled || got == nil {
		t.Errorf("Merge with a selector shares the defaults' prepared rules")
	}
}

func TestCleanKeeping(t *testing.T) {
	// A profile names the body container; its name looks like boilerplate
	// and the generic scorer prefers another container.
	page := `<html><body><div class="story">` + article + `</div>
<div class="sidebar-text"><p>Editor's note: a short paragraph the site's profile says is the body.</p></div></body></html>`
	doc := parse(t, page)
	r := DefaultRules()
	keep := doc.Find(".sidebar-text").Nodes
	CleanKeeping(doc, r, keep...)
	if got := joinBlocks(Within(keep[0], r)); !strings.Contains(got, "Editor's note") {
		t.Errorf("Within(kept container) = %q, want the editor's note", got)
	}
	doc = parse(t, page)
	Clean(doc, r)
	if doc.Find(".sidebar-text").Length() != 0 {
		t.Errorf("Clean kept .sidebar-text, want it removed without a profile")
	}
}

func TestBlocks(t *testing.T) {
	tests := []struct {
		name  string
		page  string
		want  []string
		heads []bool // Heading of each block; nil means all false
		links []int  // LinkChars of each block; nil means not checked
	}{
		{"paragraphs", `<p>One.</p><p>Two.</p>`, []string{"One.", "Two."}, nil, nil},
		{"text around blocks", `<div>before<p>inside</p>after</div>`, []string{"before", "inside", "after"}, nil, nil},
		{"br splits", `<p>line one<br>line two<br><br>line three</p>`, []string{"line one", "line two", "line three"}, nil, nil},
		{"divs", `<div>first</div><div><div>second</div></div>`, []string{"first", "second"}, nil, nil},
		{"inline joins", `<p>Hello <b>bold</b> <i>and</i> <a href="#">linked</a> text</p>`, []string{"Hello bold and linked text"}, nil, []int{6}},
		{"white space folds", "<p>  a \n\t b\u00a0\u00a0c  </p>", []string{"a b c"}, nil, nil},
		{"headings", `<h2>Sub head</h2><p>Text.</p>`, []string{"Sub head", "Text."}, []bool{true, false}, nil},
		{"lists and cells", `<ul><li>alpha</li><li>beta</li></ul><table><tr><td>x</td><td>y</td></tr></table>`,
			[]string{"alpha", "beta", "x", "y"}, nil, nil},
		{"no text from scripts", `<p>shown</p><script>var hidden = 1;</script><style>p{}</style><noscript>no</noscript>`,
			[]string{"shown"}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := parse(t, "<html><body>"+tt.page+"</body></html>")
			blocks := Blocks(doc.Nodes[0])
			var got []string
			for _, b := range blocks {
				got = append(got, b.Text)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("Blocks(%q) = %q, want %q", tt.page, got, tt.want)
			}
			for i, b := range blocks {
				if want := tt.heads != nil && tt.heads[i]; b.Heading != want {
					t.Errorf("block %d Heading = %v, want %v", i, b.Heading, want)
				}
				if tt.links != nil && b.LinkChars != tt.links[i] {
					t.Errorf("block %d LinkChars = %d, want %d", i, b.LinkChars, tt.links[i])
				}
				if b.Node == nil || b.Node.Type != html.ElementNode {
					t.Errorf("block %d Node = %v, want the holding element", i, b.Node)
				}
			}
		})
	}
}

// TestBlockReader checks that a BlockReader hands out what Blocks returns,
// on small pages, the synthetic news page and every fixture page, and
// that a reader stopped early leaves the document as it was.
func TestBlockReader(t *testing.T) {
	pages := []string{"", "<p>One.</p>", `<div>before<p>inside</p>after</div><a href="#"><div>linked <b>block</b></div></a>`,
		`<p>line one<br>line two<br><br>line three</p>`, testpage.News(20 << 10)}
	srcs, _ := filepath.Glob(filepath.Join("..", "testdata", "*", "source.html"))
	if len(srcs) == 0 {
		t.Fatal("no fixture pages in ../testdata")
	}
	for _, src := range srcs {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, string(data))
	}
	for i, page := range pages {
		doc := parse(t, page)
		want := Blocks(doc.Nodes[0])
		r := NewBlockReader(doc.Nodes[0])
		var got []Block
		for b, ok := r.Next(); ok; b, ok = r.Next() {
			got = append(got, b)
		}
		if _, ok := r.Next(); ok {
			t.Errorf("page %d: Next after the end = true", i)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("page %d: reader gave %d blocks, Blocks %d, or they differ", i, len(got), len(want))
		}
		if len(want) > 1 {
			r := NewBlockReader(doc.Nodes[0])
			if b, ok := r.Next(); !ok || !reflect.DeepEqual(b, want[0]) {
				t.Errorf("page %d: first block %+v, want %+v", i, b, want[0])
			}
			if again := Blocks(doc.Nodes[0]); !reflect.DeepEqual(again, want) {
				t.Errorf("page %d: Blocks changed after a reader stopped early", i)
			}
		}
	}
}

// TestScratchCleared checks that the memory Clean and Extract return to
// the pool holds no pointer into the page: a pooled scratch must not keep
// a document alive.
func TestScratchCleared(t *testing.T) {
	page := testpage.News(20 << 10)
	for range 3 {
		doc := parse(t, page)
		Clean(doc, DefaultRules())
		if len(Extract(doc, DefaultRules())) == 0 {
			t.Fatal("no body")
		}
	}
	s := getScratch()
	defer scratchPool.Put(s)
	if len(s.es) != 0 || len(s.out) != 0 || len(s.stack) != 0 || len(s.dropped) != 0 || len(s.names) != 0 {
		t.Errorf("pooled scratch not emptied: %d elements, %d blocks, %d frames, %d dropped, %d names",
			len(s.es), len(s.out), len(s.stack), len(s.dropped), len(s.names))
	}
	for i, e := range s.es[:cap(s.es)] {
		if e != (elem{}) {
			t.Fatalf("pooled element %d not cleared: %+v", i, e)
		}
	}
	for i, b := range s.out[:cap(s.out)] {
		if b != (Block{}) {
			t.Fatalf("pooled block %d not cleared: %+v", i, b)
		}
	}
	for i, f := range s.stack[:cap(s.stack)] {
		if f != (frame{}) {
			t.Fatalf("pooled frame %d not cleared: %+v", i, f)
		}
	}
	for i, n := range s.dropped[:cap(s.dropped)] {
		if n != nil {
			t.Fatalf("pooled dropped node %d not cleared", i)
		}
	}
}

func TestExtract(t *testing.T) {
	comment := `<li class="comment"><div class="comment-body"><p>Honestly, this is the worst budget I have seen in years, and I have lived here, paid taxes, and voted in every election for a very long time.</p></div></li>`
	links := ""
	for i := 0; i < 60; i++ {
		links += `<li><a href="/story">Another headline about the council, the mayor and the budget</a></li>`
	}
	sections := `<div class="story-part"><p>The city council approved the new budget on Tuesday night, after a debate that lasted for hours, with members arguing about transit.</p></div>
<div class="ad">Advertisement</div>
<div class="story-part"><p>The mayor said the budget, which grows by four percent, keeps taxes flat while paying for more buses, and two new parks, and more.</p></div>
<div class="story-part"><p>Opponents said the plan relies on optimistic forecasts of sales-tax revenue, and that services will suffer, and soon, if things slow.</p></div>`
	tests := []struct {
		name string
		page string
		want []string
		not  []string
	}{
		{"article over a longer comment section",
			`<article class="post">` + article + `</article><div id="comments" class="comments-area"><ol class="comment-list">` +
				strings.Repeat(comment, 12) + `</ol></div>`,
			articleWords, []string{"worst budget"}},
		{"article over a long link list",
			`<div class="wrap"><div>` + article + `</div><div><ul>` + links + `</ul></div></div>`,
			articleWords, []string{"Another headline"}},
		{"article split into sibling sections", `<div class="body">` + sections + `</div>`,
			[]string{"approved the new budget", "keeps taxes flat", "optimistic forecasts"}, []string{"Advertisement"}},
		{"text in divs with br", `<div class="text">The city council approved the new budget on Tuesday, after a debate that lasted for hours, with many members arguing.<br><br>
The mayor said the budget, which grows by four percent, keeps taxes flat while paying for more buses, and parks.<br><br>
Opponents said the plan relies on optimistic forecasts of sales-tax revenue, and that services will suffer.</div><div class="menu2"><a href="/">Home</a></div>`,
			[]string{"approved the new budget", "keeps taxes flat", "optimistic forecasts"}, []string{"Home"}},
		{"headings, lists and quotes inside the article", `<article>` + article + `<h2>What changes</h2><ul><li>More buses on weekends</li><li>Two new parks</li></ul>
<blockquote><p>"This budget is a promise kept," the mayor said, to applause from the gallery.</p></blockquote><p>The vote was 7 to 2, and the budget passed.</p></article>`,
			[]string{"What changes", "More buses on weekends", "a promise kept", "The vote was 7 to 2"}, nil},
		{"tail of tags and related links", `<article>` + article + `<p>Tags</p><p><a href="/t/budget">budget</a>, <a href="/t/council">council</a></p><h3>You may also like</h3></article>`,
			articleWords, []string{"Tags", "You may also like"}},
		{"follow and subscribe prompts at the end", `<article>` + article + `<p>Follow us on Twitter and Facebook for more news from city hall.</p><p>Sign up for our daily newsletter.</p></article>`,
			articleWords, []string{"Follow us", "Sign up"}},
		{"a short list ends the article", `<article>` + article + `<p>What the budget pays for:</p><ul><li>buses</li><li>parks</li><li>roofs</li></ul></article>`,
			[]string{"buses", "parks", "roofs"}, nil},
		{"a page with little text still has a body", `<div><p>Short note.</p></div>`, []string{"Short note."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := extract(t, "<html><body>"+tt.page+"</body></html>")
			for _, s := range tt.want {
				if !strings.Contains(got, s) {
					t.Errorf("body lacks %q:\n%s", s, got)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(got, s) {
					t.Errorf("body contains %q:\n%s", s, got)
				}
			}
		})
	}
}

// TestExtractWithoutClean checks that scoring alone, names and all,
// prefers the article to a longer comment section.
func TestExtractWithoutClean(t *testing.T) {
	comment := `<li class="comment"><div class="comment-body"><p>Honestly, this is the worst budget I have seen in years, and I have lived here, paid taxes, and voted in every election for a very long time.</p></div></li>`
	doc := parse(t, `<html><body><article class="post">`+article+`</article><div id="comments" class="comments-area"><ol class="comment-list">`+
		strings.Repeat(comment, 12)+`</ol></div></body></html>`)
	got := joinBlocks(Extract(doc, DefaultRules()))
	if !strings.Contains(got, "keeps taxes flat") || strings.Contains(got, "worst budget") {
		t.Errorf("Extract = %q, want the article without comments", got)
	}
}

func TestExtractEmpty(t *testing.T) {
	for _, page := range []string{"", "<html></html>", "<html><body><script>x()</script></body></html>"} {
		if got := extract(t, page); got != "" {
			t.Errorf("Extract(%q) = %q, want nothing", page, got)
		}
	}
}

// TestDeepNesting builds trees deeper than the HTML parser allows, as a
// caller may, and checks that every walk finishes without recursion (a
// recursive walk would exhaust the stack at this depth) and still finds
// the text. BenchmarkDeepNesting measures that the time is linear in the
// depth (ns per level at 10,000 and 100,000 levels).
func TestDeepNesting(t *testing.T) {
	const depth = 100000
	for _, tag := range []atom.Atom{atom.Div, atom.Span, atom.P} {
		t.Run(tag.String(), func(t *testing.T) {
			doc := &html.Node{Type: html.DocumentNode}
			htmlEl := &html.Node{Type: html.ElementNode, Data: "html", DataAtom: atom.Html}
			body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
			doc.AppendChild(htmlEl)
			htmlEl.AppendChild(body)
			n := body
			for i := 0; i < depth; i++ {
				c := &html.Node{Type: html.ElementNode, Data: tag.String(), DataAtom: tag,
					Attr: []html.Attribute{{Key: "class", Val: "wrap"}}}
				n.AppendChild(c)
				n = c
			}
			n.AppendChild(&html.Node{Type: html.TextNode, Data: "The deepest paragraph of the page, with a comma, and enough words to score."})
			gd := goquery.NewDocumentFromNode(doc)
			r := DefaultRules()
			Clean(gd, r)
			got := joinBlocks(Extract(gd, r))
			if len(Blocks(doc)) != 1 {
				t.Errorf("Blocks found %d blocks, want 1", len(Blocks(doc)))
			}
			if !strings.Contains(got, "deepest paragraph") {
				t.Errorf("body = %q, want the deepest paragraph", got)
			}
		})
	}
}

func TestNames(t *testing.T) {
	w := newNameWords(defaultNegative, defaultPositive, defaultHidden, defaultLayout)
	tests := []struct {
		value string
		want  uint16
	}{
		{"article-share", namesNegative | namesPositive},
		{"content-header", namesNegative | namesPositive},
		{"mostRead", namesNegative},
		{"most_read widget", namesNegative | namesLayout},
		{"elementor-widget-container", namesLayout},
		{"hs_cos_wrapper_meta_field", namesLayout},
		{"related-posts", namesNegative},
		{"col-md-8 hidden-xs", 0},
		{"d-none d-md-block", 0},
		{"field field-label-hidden", 0},
		{"sr-only", namesHidden},
		{"visually-hidden", namesHidden},
		{"hidden", namesHidden},
		{"entry-content clearfix", namesPositive},
		{"headline", 0},
		{"research-group", 0},
		{"adsbygoogle", namesNegative},
		{"div-gpt-ad-1234", namesNegative},
	}
	for _, tt := range tests {
		if got := w.names(tt.value); got != tt.want {
			t.Errorf("names(%q) = %03b, want %03b", tt.value, got, tt.want)
		}
	}
}

// TestDropMatcher checks that the tiered matcher says what the patterns
// say one by one, on short and long texts.
func TestDropMatcher(t *testing.T) {
	r := DefaultRules()
	texts := []string{
		"Tags", "Tags: budget, council", "Tags: " + strings.Repeat("x", 200), "By Reuters", "By the end of the day, the council had voted, and the mayor was pleased.",
		"Nov. 20, 2019, 9:28 AM UTC", "Updated 10:40 a.m.", "2019", "1 Kyle Busch 5040 5 1 17 27", "Page generated in 0.0781 seconds",
		"Keith Bradsher contributed reporting from Hong Kong.", "Keith Bradsher contributed reporting. Then he left, and more text followed.",
		"We use cookies " + strings.Repeat("and more ", 80), "We use cookies " + strings.Repeat("and more ", 20),
		"Copyright © 2019 Press TV. All rights reserved.", "Read more", "Read more about the council and what it decided today in the long meeting",
		strings.Repeat("A long paragraph of prose, with commas, ", 40), "Caption", "Close", "x", "",
		// Past the first three runes, which the gates once stopped at.
		"On the other hand", "On Monday, 3 March", "On Mon", "This website uses cookies", "This week", "We use",
		"1. The council", "1. Jan. 2020", "12 people", "12 pm", "At 10:40", "At the", "Reporting by Jane Doe", "Reported",
	}
	for _, text := range texts {
		want := false
		for _, re := range r.DropText {
			want = want || re.MatchString(text)
		}
		if got := r.Dropped(text); got != want {
			t.Errorf("Dropped(%.40q) = %v, want %v", text, got, want)
		}
	}
}

// droppedCase is a text block and whether the default rules drop it.
type droppedCase struct {
	text string
	drop bool
}

// checkDropped checks DefaultRules().Dropped on each case.
func checkDropped(t *testing.T, cases []droppedCase) {
	t.Helper()
	r := DefaultRules()
	for _, c := range cases {
		if got := r.Dropped(c.text); got != c.drop {
			t.Errorf("Dropped(%q) = %v, want %v", c.text, got, c.drop)
		}
	}
}

// TestConsentLine: the consent line under a sign-up form is dropped; prose
// that starts the same way, without the reader agreeing to anything, stays.
func TestConsentLine(t *testing.T) {
	checkDropped(t, []droppedCase{
		{"By signing up, you agree to receive recurring automated SMS marketing messages at the number provided.", true},
		{"By subscribing to this newsletter, you agree to our terms of service and privacy policy.", true},
		{"By clicking Sign Me Up, you confirm you are 16+ and agree to our Terms of Use.", true},
		{"By clicking Get My Price, you consent to automated calls about your request.", true},
		{"By clicking the icon in the corner, readers open the menu of the app.", false},
		{"By entering the market early, the firm had to accept years of losses.", false},
		{"By continuing the strike, the union agreed to talks on Monday.", false},
	})
}

// TestTableOfContentsTitle: a block that is only the title of a table of
// contents goes, in the languages listed; a heading or a sentence that
// starts with those words stays.
func TestTableOfContentsTitle(t *testing.T) {
	checkDropped(t, []droppedCase{
		{"Table of Contents", true},
		{"table of contents:", true},
		{"In this article", true},
		{"IN THIS GUIDE", true},
		{"Jump to ↓", true},
		{"Jump to section:", true},
		{"On this page", true},
		{"Inhaltsverzeichnis", true},
		{"Sommaire", true},
		{"Índice", true},
		{"Table des matières", true},
		{"Table of contents of the 1911 edition", false},
		{"In this article, we compare ten brokers by market share.", false},
		{"Jump to the conclusion if you are in a hurry", false},
		{"Contents of the box", false},
		{"Inhalt", false}, // a review's plot section
	})
}

// TestCreditLines: an editor's credit, a blog's author-box line and its
// like button go; a sentence that starts the same way stays.
func TestCreditLines(t *testing.T) {
	checkDropped(t, []droppedCase{
		{"Edited by", true},
		{"Reviewed by Dr. Maya Ortiz", true},
		{"Medically reviewed by Sam Lee, MD", true},
		{"Fact-checked by", true},
		{"Latest posts by Autumn Adams (see all)", true},
		{"Like Loading...", true},
		{"Show Caption", true},
		{"You may be interested in the following topics as well:", true},
		{"Edited by a committee of volunteers, the guide has grown for twenty years.", false},
		{"Reviewed by the board in March, the plan was approved.", false},
		{"Latest posts by the council suggest a change of course.", false},
		{"Like loading a dishwasher, packing a car is a puzzle.", false},
	})
}

// TestDropMatcherGates checks the gates (gate.go) against the patterns
// themselves: on texts built at random from the words, dates, names and
// punctuation the default patterns are made of, mixed with prose and in
// random case, Dropped says what trying every pattern says.
func TestDropMatcherGates(t *testing.T) {
	r := DefaultRules()
	words := strings.Fields(`Updated updated PUBLISHED posted modified last first on at Jan. January feb Mar may
		Mon tue Wednesday thu fri sat sun 3 12 2019 3rd 21st 10:40 a.m. PM utc GMT EST pdt bst cet ist
		- / : . , | • · tags Tag topics filed under categories category By by words story written reporting
		additional writing editing compiled translated contributed contributing reporting to this report
		story article staff reports with post wires we use cookies this website site uses sign up subscribe
		to for our the newsletter click here follow like us @ twitter facebook instagram all rights reserved
		copyright (c) © page generated in security key captcha refresh caption close x × advert text size
		toggle hide expand collapse loading... replay menu home next previous back top breaking news more
		more: all... reading time tempo de leitura lesezeit min minute minutes read share this tweet print
		email e-mail related articles stories posts most viewed popular recommended see also from you might
		also leggi anche lesen sie auch lire aussi leia também você pode gostar advertisement sponsored skip
		comments comment leave a reply post join the conversation your name email address send submit
		signing subscribing clicking you i hereby agree consent accept confirm
		table of contents des matières tabla contenido contenidos índice indice Inhaltsverzeichnis sommaire
		inhoudsopgave spis treści in this article guide review page jump section skip a ↓ ▼ ⬇
		edited reviewed fact-checked fact checked medically copyedited copy show caption like loading latest
		posts see all ( ) interested be dr. mr. Dr Prof.
		The council approved budget Tuesday, after debate In statement «Quote» تاریخ انتشار خبر ſubscribe K`)
	rnd := rand.New(rand.NewPCG(1, 2))
	n := 30000
	if raceEnabled {
		n = 2000
	}
	matched := 0
	for range n {
		text := randomLine(rnd, words, 8, 4, strings.ToLower)
		want := false
		for _, re := range r.DropText {
			want = want || re.MatchString(text)
		}
		if got := r.Dropped(text); got != want {
			t.Errorf("Dropped(%q) = %v, want %v", text, got, want)
		}
		if want {
			matched++
		}
	}
	if matched < n/30 {
		t.Errorf("only %d of %d random texts match a pattern, want at least %d", matched, n, n/30)
	}
}

// FuzzDropMatcher checks Dropped against trying every default pattern.
func FuzzDropMatcher(f *testing.F) {
	for _, s := range []string{"Tags: x", "By Reuters", "Nov. 20, 2019, 9:28 AM UTC", "Keith Bradsher contributed reporting.",
		"© 2019 Example", "We use cookies", "The council approved the budget.", "ſubscribe to our newsletter", "x"} {
		f.Add(s)
	}
	r := DefaultRules()
	f.Fuzz(func(t *testing.T, text string) {
		want := false
		for _, re := range r.DropText {
			want = want || re.MatchString(text)
		}
		if got := r.Dropped(text); got != want {
			t.Errorf("Dropped(%q) = %v, want %v", text, got, want)
		}
	})
}

func TestWithHint(t *testing.T) {
	blocks := []Block{{Text: "Short teaser."}}
	hint := "First paragraph of the article, long enough.\n\n  Second   paragraph of the article, also long. \n"
	got := WithHint(blocks, hint)
	if len(got) != 2 || got[0].Text != "First paragraph of the article, long enough." || got[1].Text != "Second paragraph of the article, also long." {
		t.Errorf("WithHint(teaser, body) = %q, want the hint's paragraphs", joinBlocks(got))
	}
	full := []Block{{Text: strings.Repeat("word ", 40)}}
	if got := WithHint(full, "A shorter summary."); len(got) != 1 || got[0].Text != full[0].Text {
		t.Errorf("WithHint(body, summary) = %q, want the body", joinBlocks(got))
	}
	if got := WithHint(blocks, ""); len(got) != 1 {
		t.Errorf("WithHint(teaser, \"\") = %q, want the teaser", joinBlocks(got))
	}
	// Some sites put the article's HTML in articleBody: its blocks are the
	// paragraphs, with entities decoded and no tags.
	markup := "<body><p>First paragraph of the article, long &amp; detailed.</p><p>Second <b>paragraph</b> of the article,<br>and its last line.</p></body>"
	got = WithHint(blocks, markup)
	want := "First paragraph of the article, long & detailed.\nSecond paragraph of the article,\nand its last line.\n"
	if joinBlocks(got) != want {
		t.Errorf("WithHint(teaser, markup) = %q, want %q", joinBlocks(got), want)
	}
	for _, b := range got {
		if b.Node != nil {
			t.Errorf("WithHint(teaser, markup): block %q has a Node, want none", b.Text)
		}
	}
	if got := WithHint(blocks, "Is 3 < 4? A question of arithmetic, asked at length by many people over the years."); len(got) != 1 || got[0].Text == blocks[0].Text {
		t.Errorf("WithHint(teaser, text with <) = %q, want the hint as one paragraph", joinBlocks(got))
	}
}

func TestRulesWithoutDefaults(t *testing.T) {
	// Rules built by hand, not by DefaultRules: compiled on use.
	r := Rules{NegativeNames: []string{"promo"}, DropText: []*regexp.Regexp{regexp.MustCompile(`^Motto$`)}}
	doc := parse(t, `<html><body><div class="promo">Promo box</div>`+article+`<p>Motto</p></body></html>`)
	Clean(doc, r)
	got := joinBlocks(Extract(doc, r))
	if strings.Contains(got, "Promo box") || strings.Contains(got, "Motto") || !strings.Contains(got, "keeps taxes flat") {
		t.Errorf("body = %q", got)
	}
}

func TestDefaultRulesShared(t *testing.T) {
	// DefaultRules shares its slices between calls; an append by one
	// caller must not show in another's, nor must Merge change its input.
	a := DefaultRules()
	n := len(a.NegativeNames)
	a.NegativeNames = append(a.NegativeNames, "mine")
	a.DropText = append(a.DropText, regexp.MustCompile(`^mine$`))
	m := a.Merge([]string{".promo"}, []*regexp.Regexp{regexp.MustCompile(`^merged$`)})
	b := DefaultRules()
	if len(b.NegativeNames) != n || slices.Contains(b.NegativeNames, "mine") {
		t.Errorf("DefaultRules().NegativeNames has %d names (mine: %v), want %d without mine", len(b.NegativeNames), slices.Contains(b.NegativeNames, "mine"), n)
	}
	if b.Dropped("mine") || b.Dropped("merged") || len(b.Remove) != 0 {
		t.Errorf("DefaultRules() changed by a caller's append or Merge: Dropped(mine)=%v Dropped(merged)=%v Remove=%q", b.Dropped("mine"), b.Dropped("merged"), b.Remove)
	}
	if !m.Dropped("merged") || len(m.Remove) != 1 || len(a.Remove) != 0 {
		t.Errorf("Merge: Dropped(merged)=%v Remove=%q, input Remove=%q; want true, [.promo], []", m.Dropped("merged"), m.Remove, a.Remove)
	}
}

// TestResetZeroesTheFirstWalk checks that a walk run again over the same
// memory (a React page's streamed segments revealed) leaves nothing of
// the first walk past the second one's length: scratch.put clears only
// up to the length, and the pool would keep the first walk's nodes.
func TestResetZeroesTheFirstWalk(t *testing.T) {
	page := "<html><body>"
	for i := range 40 {
		page += fmt.Sprintf("<script>var x%d = 1;</script><div><p>Paragraph %d of the first page, long enough to count.</p></div>", i, i)
	}
	big := parse(t, page+"</body></html>")
	small := parse(t, `<html><body><script>var y = 2;</script><p>One short paragraph.</p></body></html>`)
	s := &scratch{names: nameCache{}}
	w := s.walker(blockWalker{keep: true, count: true, drop: true})
	w.run(body(big.Nodes[0]))
	if len(w.dropped) == 0 || len(w.es) < 10 {
		t.Fatalf("first walk: %d dropped, %d elements; want some of each", len(w.dropped), len(w.es))
	}
	w.reset()
	w.run(body(small.Nodes[0]))
	n := len(w.es)
	for i, e := range w.es[n:cap(w.es)] {
		if e != (elem{}) {
			t.Fatalf("element %d past the second walk's %d not zeroed: %+v", n+i, n, e)
		}
	}
	for i, d := range w.dropped[len(w.dropped):cap(w.dropped)] {
		if d != nil {
			t.Fatalf("dropped node %d past the second walk's %d not zeroed", len(w.dropped)+i, len(w.dropped))
		}
	}
}

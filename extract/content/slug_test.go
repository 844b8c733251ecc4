package content

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestSlugID(t *testing.T) {
	for _, c := range []struct {
		id, html string
		want     bool
	}{
		{"1-heading-how-popular-are-meditation-and-mindfulness", "<h2>How popular are meditation and mindfulness?</h2><p>More than ever.</p>", true},
		{"who-shares-the-cost", "Who shares the cost?", true},
		{"h-related-research-on-sleep", "Related research on sleep", true},
		{"most-popular-stories", "<h3>Most popular stories</h3><ul><li><a>One</a></li></ul>", true},
		// ids that name a part of the page, whatever its text
		{"comments", "<h3>Comments</h3>", false},
		{"related-posts", "<h3>Related posts</h3>", false},
		{"related-posts-section-wrapper", "<h3>Related posts</h3>", false},
		{"share-bar-top-fixed", "Share this story on the bar", false},
		// the words are in a script, not in the text
		{"how-popular-are-cats", `<script>var t="how popular are cats"</script><p>Cats.</p>`, false},
		{"how-popular-are-cats", "", false},
	} {
		doc, err := html.Parse(strings.NewReader("<div>" + c.html + "</div>"))
		if err != nil {
			t.Fatal(err)
		}
		div := doc.FirstChild.LastChild.FirstChild // html > body > div
		if got := slugID(c.id, div); got != c.want {
			t.Errorf("slugID(%q, %q) = %v, want %v", c.id, c.html, got, c.want)
		}
	}
}

// TestNamesOfHeadingSlugs checks what such an id leaves of its names: none
// on a heading, layout names on a section.
func TestNamesOfHeadingSlugs(t *testing.T) {
	w := newNameWords(defaultNegative, defaultPositive, defaultHidden, defaultLayout)
	doc, err := html.Parse(strings.NewReader(`<h2 id="who-shares-the-cost">Who shares the cost?</h2><div id="who-shares-the-cost-section"><h2>Who shares the cost?</h2></div><div id="share-this-page">Print</div>`))
	if err != nil {
		t.Fatal(err)
	}
	body := doc.FirstChild.LastChild
	h2, section, bar := body.FirstChild, body.FirstChild.NextSibling, body.LastChild
	if got := w.classify(h2, nil); got&(namesNegative|namesLayout) != 0 {
		t.Errorf("heading with a slug id: bits %b, want no boilerplate or layout name", got)
	}
	if got := w.classify(section, nil); got&namesNegative != 0 || got&namesLayout == 0 {
		t.Errorf("section with a slug id: bits %b, want a layout name and no boilerplate name", got)
	}
	if got := w.classify(bar, nil); got&namesNegative == 0 {
		t.Errorf("share bar: bits %b, want a boilerplate name", got)
	}
}

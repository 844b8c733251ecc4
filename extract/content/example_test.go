package content_test

import (
	"fmt"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsnorm/newsnorm/extract/content"
)

func ExampleExtract() {
	page := `<html><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
  <h1>Council approves the budget</h1>
  <div class="share-bar"><a href="#">Share on Facebook</a></div>
  <p>The city council approved the new budget on Tuesday, after a debate that lasted for hours, with members arguing about transit, housing and the library.</p>
  <p>The mayor said the budget keeps taxes flat while paying for more buses, two new parks, and repairs to the library roof.</p>
  <p>Tags: budget, council</p>
</article>
<div id="comments"><p>First! This budget is a disgrace, and everyone on the council knows it, believe me.</p></div>
</body></html>`
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		panic(err)
	}
	r := content.DefaultRules()
	content.Clean(doc, r)
	for _, b := range content.Extract(doc, r) {
		fmt.Println(b.Text)
	}
	// Output:
	// Council approves the budget
	// The city council approved the new budget on Tuesday, after a debate that lasted for hours, with members arguing about transit, housing and the library.
	// The mayor said the budget keeps taxes flat while paying for more buses, two new parks, and repairs to the library roof.
}

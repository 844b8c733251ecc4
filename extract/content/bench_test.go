package content

import (
	"fmt"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// syntheticPage builds a news page of about size bytes: a header with a
// menu, an article of paragraphs with a share bar and a figure, a sidebar
// of related links, a long comment section and a footer, each wrapped in
// layout <div>s with class names as real pages have them.
func syntheticPage(size int) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><title>Council approves the new budget</title>
<script>var x = 1;</script><style>.a{color:red}</style></head><body class="single post-template">
<div id="page" class="site"><header class="site-header"><nav class="main-menu"><ul>`)
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, `<li class="menu-item"><a href="/section/%d">Section %d</a></li>`, i, i)
	}
	b.WriteString(`</ul></nav></header><div class="container"><div class="row"><main class="col-md-8">
<article class="post hentry"><h1 class="entry-title">Council approves the new budget</h1>
<div class="entry-meta"><span class="byline">By A. Reporter</span> <time>March 3, 2024</time></div>
<div class="entry-content">`)
	para := `The city council approved the budget on Tuesday, after a debate that lasted well into the night, ` +
		`with members arguing over transit, housing, and the cost of the new library, which opens next year. `
	section := 0
	for b.Len() < size*2/5 {
		section++
		fmt.Fprintf(&b, `<h2>Part %d of the debate</h2>`, section)
		for i := 0; i < 6; i++ {
			fmt.Fprintf(&b, `<p>%s<a href="/topic/%d">More on this</a> %s</p>`, para, i, para)
		}
		b.WriteString(`<div class="article-share"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>`)
		b.WriteString(`<figure><img src="x.jpg"><figcaption>Council members vote on the budget (Photo: City)</figcaption></figure>`)
	}
	b.WriteString(`</div></article><div id="comments" class="comments-area"><ol class="comment-list">`)
	for i := 0; b.Len() < size*4/5; i++ {
		fmt.Fprintf(&b, `<li class="comment"><div class="comment-body"><div class="comment-author">Reader %d</div>
<div class="comment-content"><p>I disagree with this budget, because the library, the roads, and the parks all deserve more, and nobody asked us. %s</p></div></div></li>`, i, para)
	}
	b.WriteString(`</ol></div></main><aside class="col-md-4 sidebar"><div class="widget related-posts"><ul>`)
	for i := 0; b.Len() < size*9/10; i++ {
		fmt.Fprintf(&b, `<li><a href="/news/%d">Another story about the council and its many decisions, number %d</a></li>`, i, i)
	}
	b.WriteString(`</ul></div></aside></div></div><footer class="site-footer"><div class="footer-links">`)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, `<a href="/page/%d">Footer link %d</a> `, i, i)
	}
	b.WriteString(`<p>Copyright © 2024 The Daily Example. All rights reserved.</p></div></footer></div></body></html>`)
	return b.String()
}

// BenchmarkExtract measures parsing, Clean and Extract of a ~100 KB page;
// BenchmarkParse is the parsing alone, so the difference is this
// package's share. (Clean changes the document, so every iteration
// parses afresh; stopping the timer around the parse costs more than it
// hides.)
func BenchmarkExtract(b *testing.B) {
	page := syntheticPage(100 << 10)
	r := DefaultRules()
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
		if err != nil {
			b.Fatal(err)
		}
		Clean(doc, r)
		if len(Extract(doc, r)) == 0 {
			b.Fatal("no body")
		}
	}
}

func BenchmarkParse(b *testing.B) {
	page := syntheticPage(100 << 10)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := goquery.NewDocumentFromReader(strings.NewReader(page)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBlocks measures Blocks over a whole parsed page.
func BenchmarkBlocks(b *testing.B) {
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(syntheticPage(100 << 10)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Blocks(doc.Nodes[0])
	}
}

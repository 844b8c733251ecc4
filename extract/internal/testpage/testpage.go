// Package testpage builds synthetic news pages for the benchmarks of
// extract and extract/content: pages of any size with the parts real
// pages have, so that the benchmarks need no data from outside the
// repository.
package testpage

import (
	"fmt"
	"strings"
)

// URL is the address the page of News describes itself at.
const URL = "https://www.dailyexample.com/2024/03/03/council-approves-the-new-budget/"

// News returns a news page of about size bytes: a <head> with the usual
// metadata (title with the site name, Open Graph and article tags,
// canonical link, JSON-LD NewsArticle, an analytics script and a style
// sheet), a header with a menu, an article of paragraphs with a share bar
// and a figure after every section, a long comment section, a sidebar of
// related links and a footer, each wrapped in layout <div>s with class
// names as real pages have them. The article takes about 2/5 of the size.
func News(size int) string {
	var b strings.Builder
	b.Grow(size + 4096)
	b.WriteString(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Council approves the new budget | The Daily Example</title>
<link rel="canonical" href="` + URL + `">
<link rel="stylesheet" href="/static/site.css">
<meta property="og:site_name" content="The Daily Example">
<meta property="og:type" content="article">
<meta property="og:title" content="Council approves the new budget">
<meta property="og:url" content="` + URL + `">
<meta property="og:description" content="The city council approved the budget on Tuesday, after a long debate.">
<meta property="article:published_time" content="2024-03-03T21:40:00-05:00">
<meta property="article:modified_time" content="2024-03-04T08:15:00-05:00">
<meta property="article:section" content="City">
<meta name="author" content="A. Reporter">
<meta name="twitter:card" content="summary_large_image">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Council approves the new budget","datePublished":"2024-03-03T21:40:00-05:00",
"dateModified":"2024-03-04T08:15:00-05:00","author":[{"@type":"Person","name":"A. Reporter"}],
"publisher":{"@type":"Organization","name":"The Daily Example","logo":{"@type":"ImageObject","url":"https://www.dailyexample.com/logo.png"}},
"mainEntityOfPage":{"@type":"WebPage","@id":"` + URL + `"},"articleSection":"City","inLanguage":"en"}</script>
<script>(function(w,d){w.dataLayer=w.dataLayer||[];function g(){dataLayer.push(arguments)}g('js',new Date());`)
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, `g('config','UA-%d',{page_path:location.pathname,section:'city',n:%d});`, 1000+i, i)
	}
	b.WriteString(`})(window,document);</script><style>`)
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, `.c%d{margin:0 auto;padding:%dpx;color:#333;font:16px/1.5 Georgia,serif}`, i, i)
	}
	b.WriteString(`</style></head><body class="single post-template">
<div id="page" class="site"><header class="site-header"><div class="logo"><a href="/"><img src="/logo.png" alt="The Daily Example"></a></div>
<div class="today">Sunday, March 3, 2024</div><nav class="main-menu"><ul>`)
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, `<li class="menu-item"><a href="/section/%d">Section %d</a></li>`, i, i)
	}
	b.WriteString(`</ul></nav></header><div class="container"><div class="row"><main class="col-md-8">
<article class="post hentry"><h1 class="entry-title">Council approves the new budget</h1>
<div class="entry-meta"><span class="byline">By A. Reporter</span> <time class="published" datetime="2024-03-03T21:40:00-05:00">March 3, 2024</time></div>
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

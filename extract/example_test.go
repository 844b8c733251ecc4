package extract_test

import (
	"fmt"
	"time"

	"github.com/newsnorm/newsnorm/extract"
)

func ExampleExtract() {
	page := `<!DOCTYPE html>
<html lang="en">
<head>
<title>Bridge reopens after repairs | The Example Times</title>
<meta property="og:site_name" content="The Example Times">
<meta property="article:published_time" content="2016-12-28T06:12:00+03:30">
<meta property="article:modified_time" content="2016-12-29T10:00:00+03:30">
</head>
<body>
<nav><a href="/">Home</a> <a href="/city">City</a></nav>
<article>
<h1>Bridge reopens after repairs</h1>
<p>The old river bridge reopened to traffic on Wednesday, two months after a lorry struck one of its arches, the city said.</p>
<p>Buses will return to their usual routes from Monday, and a weight limit of 7.5 tonnes now applies.</p>
</article>
<footer>© 2016 The Example Times</footer>
</body>
</html>`
	a, err := extract.Extract(extract.Input{
		HTML:      []byte(page),
		URL:       "https://www.example.com/city/bridge-reopens",
		FetchedAt: time.Date(2016, 12, 28, 9, 0, 0, 0, time.UTC),
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Headline)
	fmt.Println(a.Published.Time.Format(time.RFC3339), a.Published.Precision)
	fmt.Println(a.Sources["headline"], a.Sources["published_at"], a.Sources["body"])
	fmt.Println(a.Body)
	// Output:
	// Bridge reopens after repairs
	// 2016-12-28T02:42:00Z second
	// h1 meta:article:published_time content
	// The old river bridge reopened to traffic on Wednesday, two months after a lorry struck one of its arches, the city said.
	//
	// Buses will return to their usual routes from Monday, and a weight limit of 7.5 tonnes now applies.
}

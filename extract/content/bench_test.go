package content

import (
	"fmt"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsnorm/newsnorm/extract/internal/testpage"
)

// BenchmarkExtract measures parsing, Clean and Extract of a ~100 KB news
// page (internal/testpage); BenchmarkParse is the parsing alone, so the
// difference is this package's share. (Clean changes the document, so every iteration
// parses afresh; stopping the timer around the parse costs more than it
// hides.)
func BenchmarkExtract(b *testing.B) {
	page := testpage.News(100 << 10)
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
	page := testpage.News(100 << 10)
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
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(testpage.News(100 << 10)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		Blocks(doc.Nodes[0])
	}
}

// BenchmarkDeepNesting cleans and extracts one chain of nested divs, at
// two depths: the time per level should not grow with the depth.
func BenchmarkDeepNesting(b *testing.B) {
	for _, depth := range []int{10000, 100000} {
		b.Run(fmt.Sprint(depth), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				doc := &html.Node{Type: html.DocumentNode}
				n := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
				doc.AppendChild(n)
				for i := 0; i < depth; i++ {
					c := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
					n.AppendChild(c)
					n = c
				}
				n.AppendChild(&html.Node{Type: html.TextNode, Data: "The deepest paragraph of the page, with a comma, and enough words to score."})
				gd := goquery.NewDocumentFromNode(doc)
				r := DefaultRules()
				b.StartTimer()
				Clean(gd, r)
				Extract(gd, r)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(depth), "ns/level")
		})
	}
}

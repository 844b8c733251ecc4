package content

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

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

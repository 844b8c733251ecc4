package extract_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/extract"
)

// BenchmarkExtract runs Extract on every fixture page (generic profile),
// and on a large page of many short paragraphs.
func BenchmarkExtract(b *testing.B) {
	srcs, _ := filepath.Glob(filepath.Join("testdata", "*", "source.html"))
	var pages [][]byte
	total := 0
	for _, s := range srcs {
		data, err := os.ReadFile(s)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, data)
		total += len(data)
	}
	fetched := time.Date(2017, 1, 2, 3, 4, 5, 0, time.UTC)
	b.Run("fixtures", func(b *testing.B) {
		b.SetBytes(int64(total))
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range pages {
				if _, err := extract.Extract(extract.Input{HTML: p, URL: "https://www.example.com/a", FetchedAt: fetched}, nil); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	big := []byte("<html><body><article>" + strings.Repeat("<p>Some words of a paragraph, with a comma, and then more words.</p>\n", 5000) + "</article></body></html>")
	b.Run("5000-paragraphs", func(b *testing.B) {
		b.SetBytes(int64(len(big)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := extract.Extract(extract.Input{HTML: big, URL: "https://www.example.com/a", FetchedAt: fetched}, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

package extract_test

import (
	"strings"
	"testing"

	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/extract/internal/testpage"
)

// BenchmarkExtract runs Extract (generic profile) on every fixture page,
// on a synthetic 100 KB news page (see internal/testpage) and on a large
// page of many short paragraphs. BenchmarkStages in stages_bench_test.go
// breaks Extract down into its stages.
func BenchmarkExtract(b *testing.B) {
	pages, total := fixtureInputs(b)
	b.Run("fixtures", func(b *testing.B) {
		b.SetBytes(int64(total))
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			for _, p := range pages {
				if _, err := extract.Extract(extract.Input{HTML: p, URL: "https://www.example.com/a", FetchedAt: benchFetched}, nil); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	synthetic := []byte(testpage.News(100 << 10))
	b.Run("synthetic-100k", func(b *testing.B) {
		b.SetBytes(int64(len(synthetic)))
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := extract.Extract(extract.Input{HTML: synthetic, URL: testpage.URL, FetchedAt: benchFetched}, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	big := []byte("<html><body><article>" + strings.Repeat("<p>Some words of a paragraph, with a comma, and then more words.</p>\n", 5000) + "</article></body></html>")
	b.Run("5000-paragraphs", func(b *testing.B) {
		b.SetBytes(int64(len(big)))
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := extract.Extract(extract.Input{HTML: big, URL: "https://www.example.com/a", FetchedAt: benchFetched}, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}

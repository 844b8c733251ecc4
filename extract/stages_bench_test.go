package extract_test

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/extract/content"
	"github.com/newsnorm/newsnorm/extract/internal/testpage"
	"github.com/newsnorm/newsnorm/internal/testsite"
)

// stagePage is one page of the per-stage benchmarks.
type stagePage struct {
	name string
	in   extract.Input
	prof *extract.Profile // nil: generic
}

// stagePages are a synthetic 100 KB news page (generic profile), two
// fixtures: iran-daily-article with its config.yaml profile, and
// jsonld-graph (generic), and an article page of internal/testsite with
// the iran-daily profile: the small page that the crawl benchmark serves,
// where Extract spends most of the crawler's CPU.
func stagePages(b *testing.B) []stagePage {
	b.Helper()
	pages := []stagePage{{name: "synthetic-100k", in: extract.Input{HTML: []byte(testpage.News(100 << 10)), URL: testpage.URL}}}
	for _, c := range []string{"iran-daily-article", "jsonld-graph"} {
		_, in, prof := loadCase(b, filepath.Join("testdata", c))
		pages = append(pages, stagePage{name: c, in: in, prof: prof})
	}
	return append(pages, testsitePage(b))
}

// testsitePage renders an article of internal/testsite, with the
// iran-daily profile of config.yaml.
func testsitePage(b *testing.B) stagePage {
	b.Helper()
	site := testsite.New(10)
	path := "/News/" + site.IDs()[3] + ".html"
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	if rec.Code != 200 {
		b.Fatalf("testsite %s: status %d", path, rec.Code)
	}
	cfg, err := loadConfig()
	if err != nil {
		b.Fatalf("load config.yaml: %v", err)
	}
	s := cfg.SiteByName("iran-daily")
	if s == nil {
		b.Fatal("site iran-daily not in config.yaml")
	}
	in := extract.Input{HTML: rec.Body.Bytes(), URL: "https://www.iran-daily.com" + path, FetchedAt: benchFetched}
	return stagePage{name: "testsite-article", in: in, prof: s.Profile()}
}

// BenchmarkStages measures Extract's stages one by one on each page:
//
//   - parse: HTML to document (golang.org/x/net/html via goquery);
//   - scan: the walk that collects meta tags, JSON-LD scripts, <time>, <h1>;
//   - jsonld, textblocks: the lazy lookups that fields share (JSON-LD
//     parsing; the page's text blocks, for labelled values); labels: the
//     search for the ID labels ("News ID:"), which builds the text blocks
//     only when the page's raw text may hold one;
//   - headline, id, published: one field's chain on a freshly scanned
//     page, so each includes the shared lookups it triggers;
//   - metadata: all metadata chains in Extract's order, shared work once;
//   - clean: boilerplate removal (content.Clean) on a fresh document;
//   - score: body scoring and filtering (content.Extract) on a cleaned one;
//   - droprepeats: dropping the lines that repeat the metadata;
//   - textnorm: normalising the body and headline;
//   - extract: the whole of Extract, parsing included.
func BenchmarkStages(b *testing.B) {
	for _, pg := range stagePages(b) {
		doc, err := extract.Parse(pg.in.HTML)
		if err != nil {
			b.Fatal(err)
		}
		sp, err := extract.NewStagePage(doc, pg.in, pg.prof)
		if err != nil {
			b.Fatal(err)
		}
		rules := sp.Rules()
		k := sp.Metadata()
		cleaned, _ := extract.Parse(pg.in.HTML)
		content.Clean(cleaned, rules)
		blocks := content.Extract(cleaned, rules)
		body := extract.DropRepeats(append([]content.Block(nil), blocks...), k)
		if len(body) == 0 {
			b.Fatalf("%s: no body", pg.name)
		}
		run := func(stage string, fn func(b *testing.B)) {
			b.Run(pg.name+"/"+stage, func(b *testing.B) {
				b.SetBytes(int64(len(pg.in.HTML)))
				b.ReportAllocs()
				defer reportCPU(b)()
				fn(b)
			})
		}
		run("parse", func(b *testing.B) {
			for b.Loop() {
				if _, err := extract.Parse(pg.in.HTML); err != nil {
					b.Fatal(err)
				}
			}
		})
		run("scan", func(b *testing.B) {
			for b.Loop() {
				sp.Scan()
			}
		})
		run("jsonld", func(b *testing.B) {
			for b.Loop() {
				sp.JSONLD()
			}
		})
		run("textblocks", func(b *testing.B) {
			for b.Loop() {
				sp.TextBlocks()
			}
		})
		run("labels", func(b *testing.B) {
			for b.Loop() {
				sp.Labels()
			}
		})
		run("headline", func(b *testing.B) {
			for b.Loop() {
				sp.Headline()
			}
		})
		run("id", func(b *testing.B) {
			for b.Loop() {
				sp.ID()
			}
		})
		run("published", func(b *testing.B) {
			for b.Loop() {
				sp.Published()
			}
		})
		run("metadata", func(b *testing.B) {
			for b.Loop() {
				sp.Metadata()
			}
		})
		run("clean", func(b *testing.B) {
			docs := freshDocs(b, pg.in.HTML)
			for b.Loop() {
				content.Clean(docs.next(b), rules)
			}
		})
		run("score", func(b *testing.B) {
			for b.Loop() {
				content.Extract(cleaned, rules)
			}
		})
		run("droprepeats", func(b *testing.B) {
			scratch := make([]content.Block, len(blocks))
			for b.Loop() {
				copy(scratch, blocks)
				extract.DropRepeats(scratch, k)
			}
		})
		run("textnorm", func(b *testing.B) {
			for b.Loop() {
				extract.Normalize(body, k.Headline(), "")
			}
		})
		run("extract", func(b *testing.B) {
			for b.Loop() {
				if _, err := extract.Extract(pg.in, pg.prof); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// reportCPU starts measuring the CPU time of the process (all threads,
// so the garbage collector's too) and returns the function that reports
// it per iteration as "cpu-ns/op": on a shared machine it moves less than
// the wall time when other processes compete for the CPUs. A benchmark
// that parses documents with the timer stopped (docBatch) gets none: the
// collection of their garbage would count.
func reportCPU(b *testing.B) func() {
	start, ok := processCPU()
	batched = false
	return func() {
		end, _ := processCPU()
		if ok && !batched && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

// batched is set when the running benchmark used a docBatch (benchmarks
// run one at a time).
var batched bool

// docBatch hands out freshly parsed documents for stages that change the
// document. It parses a batch at a time with the timer stopped, so the
// cost of stopping the timer is spread over the batch.
type docBatch struct {
	html []byte
	docs []*goquery.Document
}

func freshDocs(b *testing.B, html []byte) *docBatch {
	b.Helper()
	return &docBatch{html: html}
}

func (d *docBatch) next(b *testing.B) *goquery.Document {
	if len(d.docs) == 0 {
		b.StopTimer()
		batched = true
		d.docs = make([]*goquery.Document, 16)
		for i := range d.docs {
			doc, err := extract.Parse(d.html)
			if err != nil {
				b.Fatal(err)
			}
			d.docs[i] = doc
		}
		b.StartTimer()
	}
	doc := d.docs[0]
	d.docs = d.docs[1:]
	return doc
}

// fixtureInputs reads every testdata/*/source.html.
func fixtureInputs(b *testing.B) ([][]byte, int) {
	b.Helper()
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
	return pages, total
}

var benchFetched = time.Date(2017, 1, 2, 3, 4, 5, 0, time.UTC)

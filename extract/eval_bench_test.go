package extract_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/internal/charset"
)

// BenchmarkEvalSet runs Extract (generic profile) over the pages of an
// eval set, as bench/extract does: NEWSNORM_BENCH_SET names the set's
// directory (html/*.html.gz or, in dates-headlines-dev, pages/*.html.gz;
// the URLs from truth.jsonl or ground-truth.json), e.g.
// ../shared/eval/wcxb-dev-articles. Skipped when unset, so the test suite
// never reads the eval data.
func BenchmarkEvalSet(b *testing.B) {
	dir := os.Getenv("NEWSNORM_BENCH_SET")
	if dir == "" {
		b.Skip("NEWSNORM_BENCH_SET not set")
	}
	urls := map[string]string{}
	if f, err := os.Open(filepath.Join(dir, "truth.jsonl")); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 64<<20)
		for sc.Scan() {
			var r struct{ ID, URL string }
			if json.Unmarshal(sc.Bytes(), &r) == nil {
				urls[r.ID] = r.URL
			}
		}
		f.Close()
	} else if raw, err := os.ReadFile(filepath.Join(dir, "ground-truth.json")); err == nil {
		var gt map[string]struct{ URL string }
		if json.Unmarshal(raw, &gt) == nil {
			for id, t := range gt {
				urls[id] = t.URL
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "html", "*.html.gz"))
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join(dir, "pages", "*.html.gz"))
	}
	if len(files) == 0 {
		b.Skip("no pages in " + dir)
	}
	var ins []extract.Input
	total := 0
	for _, fn := range files {
		raw, err := os.ReadFile(fn)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			b.Fatal(err)
		}
		h, err := io.ReadAll(zr)
		if err != nil {
			b.Fatal(err)
		}
		h, _, err = charset.Decode(h, "", "")
		if err != nil {
			continue
		}
		id := filepath.Base(fn)
		id = id[:len(id)-len(".html.gz")]
		u := urls[id]
		if u == "" {
			u = "https://www.example.com/" + id
		}
		ins = append(ins, extract.Input{HTML: h, URL: u, FetchedAt: benchFetched})
		total += len(h)
	}
	b.SetBytes(int64(total))
	b.ReportAllocs()
	defer reportCPU(b)()
	for b.Loop() {
		for _, in := range ins {
			extract.Extract(in, nil)
		}
	}
}

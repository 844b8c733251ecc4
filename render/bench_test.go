package render

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/extract"
)

// BenchmarkPages measures pages per second through extraction on the
// JavaScript-built test site: static (the page as fetched, which holds no
// article) against rendered in headless Chromium with 2 and 4 tabs. Every
// page is fetched from the local site first, as the crawler does; the
// rendered pages' scripts fetch their article through the same client.
// Each operation is one page; run with -benchtime=200x for 200 pages:
//
//	go test ./render -run '^$' -bench Pages -benchtime=200x
//
// articles/op is the share of pages that gave a valid article (a
// headline and at least 200 characters of body). Static runs 4 pages at
// a time, rendered twice as many as there are tabs, so the pool is never
// idle.
func BenchmarkPages(b *testing.B) {
	w := newWorld(b)
	run := func(b *testing.B, workers int, one func(ctx context.Context, p Page) ([]byte, string, error)) {
		var next, valid atomic.Int64
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		b.ResetTimer()
		start := time.Now()
		for range workers {
			wg.Go(func() {
				for {
					i := int(next.Add(1))
					if i > b.N {
						return
					}
					p := w.static(b, "/article/"+strconv.Itoa(1000+i)+".html")
					html, u, err := one(context.Background(), p)
					if err != nil {
						errs <- err
						return
					}
					a, err := extract.Extract(extract.Input{HTML: html, URL: u}, nil)
					if err == nil && a.Headline != "" && len(a.Body) >= 200 {
						valid.Add(1)
					}
				}
			})
		}
		wg.Wait()
		elapsed := time.Since(start)
		b.StopTimer()
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
		b.ReportMetric(float64(b.N)/elapsed.Seconds(), "pages/s")
		b.ReportMetric(float64(valid.Load())/float64(b.N), "articles/op")
	}
	b.Run("static", func(b *testing.B) {
		run(b, 4, func(_ context.Context, p Page) ([]byte, string, error) { return p.Body, p.URL, nil })
	})
	for _, tabs := range []int{2, 4} {
		b.Run(fmt.Sprintf("rendered/tabs=%d", tabs), func(b *testing.B) {
			br := newTestBrowser(b, Options{Fetch: w.client.Do, Tabs: tabs})
			if _, err := br.Render(context.Background(), w.static(b, "/article/1.html"), PageOptions{}); err != nil {
				b.Fatalf("warm-up: %v", err)
			}
			run(b, 2*tabs, func(ctx context.Context, p Page) ([]byte, string, error) {
				res, err := br.Render(ctx, p, PageOptions{})
				if err != nil {
					return nil, "", err
				}
				return res.HTML, res.URL, nil
			})
		})
	}
}

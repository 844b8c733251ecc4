// Command dates weighs go-dateparser and go-htmldate, as libraries, against
// newsnorm's own date search on the eval sets with a publish-date truth
// (dates-headlines-dev, wcxb-dev-articles, fundus-publishers):
//
//   - parser: the raw strings newsnorm's chain parsed on each page
//     (Published.Raw), parsed again by extract/timeparse and by
//     go-dateparser (all its locales, the page's fetch time as the
//     reference): the publish day each gives against the truth, and the
//     time per string, by the kind of source the string came from (markup
//     or visible text);
//   - fallback: go-htmldate's extensive search on the pages where
//     newsnorm finds no date: the day it gives there against the truth,
//     and its time per page, beside newsnorm's time per page on all pages.
//
// The day compared is the page's own (the date as printed, or the local
// day in the stated offset), as score_meta.py compares it. Usage, from
// bench/: go run ./dates [-data DIR] [-reps N]. See BENCHMARKS.md, "Dates:
// go-dateparser and go-htmldate as libraries".
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	dps "github.com/markusmobius/go-dateparser"
	htmldate "github.com/markusmobius/go-htmldate"

	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/extract/timeparse"
	"github.com/newsnorm/newsnorm/internal/charset"
)

var sets = []struct{ name, pages string }{
	{"dates-headlines-dev", "pages"},
	{"wcxb-dev-articles", "html"},
	{"fundus-publishers", "html"},
}

type item struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Published string `json:"published"`
	CrawlDate string `json:"crawl_date"`
}

type page struct {
	set, id, url, truth string // truth: the page's publish day
	html                []byte
	fetched             time.Time
}

// found is what newsnorm's chain gave on a page.
type found struct {
	p      *page
	raw    string
	source string
	day    string // the page's own day, "" when nothing was found
}

func main() {
	data := flag.String("data", "../../shared/eval", "eval directory")
	reps := flag.Int("reps", 3, "timed repetitions; the best counts")
	flag.Parse()
	pages, err := load(*data)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dates:", err)
		os.Exit(1)
	}
	fmt.Printf("%d pages with a truth day (%s), %d CPUs, %s\n\n", len(pages), setList(), runtime.NumCPU(), runtime.Version())

	// newsnorm on every page, timed.
	var res []found
	nnTime := best(*reps, func() {
		res = res[:0]
		for _, p := range pages {
			res = append(res, newsnorm(p))
		}
	})

	parserTable(res, *reps)
	fallbackTable(res, nnTime, *reps)
}

func setList() string {
	var names []string
	for _, s := range sets {
		names = append(names, s.name)
	}
	return strings.Join(names, ", ")
}

func newsnorm(p *page) found {
	html, _, err := charset.Decode(p.html, "", "")
	if err != nil {
		return found{p: p}
	}
	a, err := extract.Extract(extract.Input{HTML: html, URL: p.url, FetchedAt: p.fetched}, nil)
	if err != nil || a.Published == nil {
		return found{p: p}
	}
	return found{p: p, raw: a.Published.Raw, source: a.Sources["published_at"], day: pageDay(a.Published)}
}

// pageDay is the page's own day of a found time: the date printed, or the
// day in the offset stated (else UTC).
func pageDay(pub *extract.Published) string {
	if !pub.Local.IsZero() {
		return pub.Local.Format(time.DateOnly)
	}
	return pub.Time.Format(time.DateOnly)
}

// kind groups sources: markup (JSON-LD, meta, microdata, <time>, RDF,
// data-*, script state, URL) or visible text (labels, the heading's
// lines, the byline's date, date-named elements, <title>).
func kind(src string) string {
	switch {
	case strings.HasPrefix(src, "label:"), src == "text:heading", src == "text:byline", src == "class", src == "title":
		return "visible text"
	}
	return "markup"
}

func parserTable(res []found, reps int) {
	type row struct {
		n, ours, theirs, theirsNone int
		raws                        []string
		refs                        []time.Time
	}
	rows := map[string]*row{}
	for _, f := range res {
		if f.raw == "" {
			continue
		}
		k := kind(f.source)
		r := rows[k]
		if r == nil {
			r = &row{}
			rows[k] = r
		}
		r.n++
		r.raws, r.refs = append(r.raws, f.raw), append(r.refs, f.p.fetched)
		if day := timeparseDay(f.raw, f.p.fetched); day == f.p.truth {
			r.ours++
		}
		switch day := dateparserDay(f.raw, f.p.fetched); {
		case day == "":
			r.theirsNone++
		case day == f.p.truth:
			r.theirs++
		}
	}
	fmt.Println("Parser: the strings newsnorm's chain parsed, parsed again by each parser; publish day right against the truth, and time per string.")
	fmt.Println()
	fmt.Println("| source kind | strings | timeparse day | go-dateparser day | go-dateparser no date | timeparse µs/string | go-dateparser µs/string | ratio |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, k := range []string{"markup", "visible text"} {
		r := rows[k]
		if r == nil {
			continue
		}
		ours := best(reps, func() {
			for i, s := range r.raws {
				_, _ = timeparse.Parse(s, timeparse.Options{Now: r.refs[i]})
			}
		})
		theirs := best(reps, func() {
			for i, s := range r.raws {
				_, _ = dps.Parse(&dps.Configuration{CurrentTime: r.refs[i]}, s)
			}
		})
		per := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(r.n) }
		fmt.Printf("| %s | %d | %.3f | %.3f | %d | %.1f | %.1f | %.0f× |\n", k, r.n,
			float64(r.ours)/float64(r.n), float64(r.theirs)/float64(r.n), r.theirsNone,
			per(ours), per(theirs), per(theirs)/per(ours))
	}
	fmt.Println()
}

func timeparseDay(raw string, now time.Time) string {
	r, err := timeparse.Parse(raw, timeparse.Options{Now: now})
	if err != nil {
		return ""
	}
	if !r.Local.IsZero() {
		return r.Local.Format(time.DateOnly)
	}
	return r.Time.Format(time.DateOnly)
}

func dateparserDay(raw string, now time.Time) string {
	d, err := dps.Parse(&dps.Configuration{CurrentTime: now}, raw)
	if err != nil || d.IsZero() {
		return ""
	}
	return d.Time.Format(time.DateOnly)
}

func fallbackTable(res []found, nnTime time.Duration, reps int) {
	var missed []*page
	right := 0
	for _, f := range res {
		switch {
		case f.day == "":
			missed = append(missed, f.p)
		case f.day == f.p.truth:
			right++
		}
	}
	var days []string
	hdTime := best(reps, func() {
		days = days[:0]
		for _, p := range missed {
			days = append(days, htmldateDay(p))
		}
	})
	var hdAll time.Duration
	hdAll = best(1, func() {
		for _, f := range res {
			htmldateDay(f.p)
		}
	})
	hdRight, hdFound := 0, 0
	for i, d := range days {
		if d != "" {
			hdFound++
		}
		if d == missed[i].truth {
			hdRight++
		}
	}
	n := len(res)
	ms := func(d time.Duration, k int) float64 {
		if k == 0 {
			return 0
		}
		return float64(d.Microseconds()) / 1000 / float64(k)
	}
	fmt.Println("Fallback: go-htmldate (extensive, original date) on the pages where newsnorm finds no date.")
	fmt.Println()
	fmt.Println("| | pages | day right | coverage | ms/page |")
	fmt.Println("|---|---|---|---|---|")
	fmt.Printf("| newsnorm alone, all pages | %d | %.3f | %.3f | %.2f |\n", n, float64(right)/float64(n), float64(n-len(missed))/float64(n), ms(nnTime, n))
	fmt.Printf("| go-htmldate alone, all pages | %d | | | %.2f |\n", n, ms(hdAll, n))
	fmt.Printf("| go-htmldate on newsnorm's misses | %d | %d right, %d found | | %.2f |\n", len(missed), hdRight, hdFound, ms(hdTime, len(missed)))
	fmt.Printf("| newsnorm, else go-htmldate | %d | %.3f | %.3f | %.2f |\n", n, float64(right+hdRight)/float64(n),
		float64(n-len(missed)+hdFound)/float64(n), ms(nnTime+hdTime, n))
	fmt.Println()
	var ids []string
	for i, p := range missed {
		ids = append(ids, fmt.Sprintf("%s=%s/%s", p.id, days[i], p.truth))
	}
	sort.Strings(ids)
	fmt.Println("misses (go-htmldate's day / truth):", strings.Join(ids, " "))
}

func htmldateDay(p *page) string {
	r, err := htmldate.FromReader(bytes.NewReader(p.html), htmldate.Options{URL: p.url, UseOriginalDate: true, ExtractTime: true})
	if err != nil || r.IsZero() {
		return ""
	}
	return r.DateTime.Format(time.DateOnly)
}

// best runs fn reps times and returns the shortest wall time.
func best(reps int, fn func()) time.Duration {
	var b time.Duration
	for i := 0; i < reps; i++ {
		t := time.Now()
		fn()
		if d := time.Since(t); i == 0 || d < b {
			b = d
		}
	}
	return b
}

func load(data string) ([]*page, error) {
	var out []*page
	for _, s := range sets {
		f, err := os.Open(filepath.Join(data, s.name, "truth.jsonl"))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 64<<20)
		for line := 1; sc.Scan(); line++ {
			var it item
			if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
				f.Close()
				return nil, fmt.Errorf("%s/truth.jsonl line %d: %w", s.name, line, err)
			}
			if len(it.Published) < 10 {
				continue
			}
			path := filepath.Join(data, s.name, s.pages, it.ID+".html.gz")
			b, err := readGzip(path)
			if err != nil {
				f.Close()
				return nil, err
			}
			fetched := time.Time{}
			if c, err := time.Parse("2006-01-02 15:04:05.999999", it.CrawlDate); err == nil {
				fetched = c
			} else if fi, err := os.Stat(path); err == nil {
				fetched = fi.ModTime().UTC()
			}
			out = append(out, &page{set: s.name, id: it.ID, url: it.URL, truth: it.Published[:10], html: b, fetched: fetched})
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readGzip(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(zr)
}

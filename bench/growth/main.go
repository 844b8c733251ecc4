// Command growth crawls generated sites of growing size (default 1,000,
// 10,000 and 100,000 articles) with the crawl benchmark's harness and
// tools, and reports how time and peak memory grow with the number of
// pages: a Markdown table, growth.csv and a PNG plot. Run it with
// bench/growth.sh; see BENCHMARKS.md, "Growth".
//
// Every run samples the crawler's RSS, so the table can say whether the
// peak is heap (RssAnon) or mapped files (RssFile: the binary, and
// newsnorm's bbolt state file, which bbolt maps into memory).
//
// Exit codes: 0 done, 1 an error (a failed check included), 2 bad flags.
package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/newsnorm/newsnorm/bench/crawl/crawlbench"
)

type options struct {
	sizes, tools          string
	reps, par, depth      int
	bin, work, out, repo  string
	png, profile, fromCSV string
	scrapy, spider        string
}

func main() {
	var o options
	flag.StringVar(&o.sizes, "sizes", "1000,10000,100000", "site sizes (articles), comma-separated")
	flag.StringVar(&o.tools, "tools", "newsnorm-batched,newsnorm,colly", "tools, comma-separated (see bench/crawl -h)")
	flag.IntVar(&o.reps, "reps", 1, "runs per tool and size; medians are reported")
	flag.IntVar(&o.par, "parallelism", 8, "requests in flight, every tool")
	flag.IntVar(&o.depth, "max-depth", 2, "listing hops from the start page")
	flag.StringVar(&o.bin, "bin", "", "directory with newsnorm, benchsite and collybare (built by growth.sh)")
	flag.StringVar(&o.work, "work", "", "directory for the runs' temporary directories (default $TMPDIR)")
	flag.StringVar(&o.out, "out", "", "directory for growth.csv")
	flag.StringVar(&o.repo, "repo", ".", "repository root")
	flag.StringVar(&o.png, "png", "", "write the plot here (default: no plot)")
	flag.StringVar(&o.profile, "profile", "", "profile newsnorm runs into this directory (needs newsnorm-profile in -bin)")
	flag.StringVar(&o.fromCSV, "from-csv", "", "no runs: redraw the plot from this growth.csv")
	flag.StringVar(&o.scrapy, "scrapy", "/usr/bin/scrapy", "the scrapy command (with -tools scrapy)")
	flag.StringVar(&o.spider, "spider", "", "tarnama_spider.py (default under -repo)")
	flag.Parse()
	if flag.NArg() > 0 || o.reps < 1 || o.par < 1 || o.fromCSV == "" && (o.bin == "" || o.out == "") {
		flag.Usage()
		os.Exit(2)
	}
	if o.fromCSV != "" {
		if err := replot(o); err != nil {
			fmt.Fprintln(os.Stderr, "bench/growth:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "bench/growth:", err)
		os.Exit(1)
	}
}

// row is the medians of one tool at one size.
type row struct {
	tool                           string
	n                              int
	wall, pagesPerSec, cpu1000     float64
	peakMiB, anonMiB, fileMiB, cpu float64
}

func run(ctx context.Context, o options) error {
	tools, err := crawlbench.ToolsByName(o.tools)
	if err != nil {
		return err
	}
	var sizes []int
	for _, s := range strings.Split(o.sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("-sizes: bad size %q", s)
		}
		sizes = append(sizes, n)
	}
	o.bin, _ = filepath.Abs(o.bin)
	o.repo, _ = filepath.Abs(o.repo)
	if o.profile != "" {
		o.profile, _ = filepath.Abs(o.profile)
	}
	spider := o.spider
	if spider == "" {
		spider = filepath.Join(o.repo, "bench", "crawl", "scrapy", "tarnama_spider.py")
	}
	b := &crawlbench.Bins{Newsnorm: filepath.Join(o.bin, "newsnorm"), Server: filepath.Join(o.bin, "benchsite"),
		CollyBare: filepath.Join(o.bin, "collybare"), Scrapy: o.scrapy, Spider: spider,
		ProfileDir: o.profile, NewsnormProfile: filepath.Join(o.bin, "newsnorm-profile"),
		ProfileEnv: []string{"NEWSNORM_BENCH_PROFILE_FOR=1h", "NEWSNORM_BENCH_HEAP_EVERY=5s"}}
	var rows []row
	for _, n := range sizes {
		srv, err := crawlbench.StartServer(ctx, b.Server, n, 100)
		if err != nil {
			return err
		}
		tgt := crawlbench.Target{Server: srv, Parallelism: o.par, MaxDepth: o.depth}
		for _, t := range tools {
			var rs []crawlbench.Result
			for rep := 1; rep <= o.reps; rep++ {
				r, err := crawlbench.Run(t, b, tgt, crawlbench.RunOptions{Work: o.work, Rep: rep, SampleEvery: 250 * time.Millisecond})
				if err != nil {
					srv.Close()
					return err
				}
				fmt.Fprintf(os.Stderr, "%7d %-17s run %d: %7.1f s  %7.1f pages/s  peak RSS %6.1f MiB\n",
					n, t.Name, rep, r.Wall.Seconds(), r.PagesPerSec(), crawlbench.PeakRSSMiB(r))
				rs = append(rs, r)
			}
			rows = append(rows, row{tool: t.Name, n: n,
				wall:        crawlbench.Median(rs, crawlbench.WallSeconds),
				pagesPerSec: crawlbench.Median(rs, crawlbench.PagesPerSec),
				cpu1000:     crawlbench.Median(rs, crawlbench.CPUPer1000),
				cpu:         crawlbench.Median(rs, func(r crawlbench.Result) float64 { return r.CPU().Seconds() }),
				peakMiB:     crawlbench.Median(rs, crawlbench.PeakRSSMiB),
				anonMiB:     crawlbench.Median(rs, peakOf(func(s crawlbench.Sample) int64 { return s.RssAnon })),
				fileMiB:     crawlbench.Median(rs, peakOf(func(s crawlbench.Sample) int64 { return s.RssFile })),
			})
		}
		srv.Close()
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	csvPath := filepath.Join(o.out, "growth.csv")
	if err := writeCSV(csvPath, rows); err != nil {
		return err
	}
	report(o, rows, b)
	if o.png != "" {
		return plot(o.png, tools, rows)
	}
	return nil
}

// replot redraws the plot from a growth.csv.
func replot(o options) error {
	f, err := os.Open(o.fromCSV)
	if err != nil {
		return err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return fmt.Errorf("%s: %w", o.fromCSV, err)
	}
	var rows []row
	var tools []*crawlbench.Tool
	seen := map[string]bool{}
	for _, r := range recs[1:] {
		n, _ := strconv.Atoi(r[1])
		wall, _ := strconv.ParseFloat(r[2], 64)
		peak, _ := strconv.ParseFloat(r[6], 64)
		rows = append(rows, row{tool: r[0], n: n, wall: wall, peakMiB: peak})
		if !seen[r[0]] {
			seen[r[0]] = true
			tools = append(tools, &crawlbench.Tool{Name: r[0]})
		}
	}
	if o.png == "" {
		return fmt.Errorf("-from-csv needs -png")
	}
	return plot(o.png, tools, rows)
}

// peakOf is the largest sampled value, in MiB.
func peakOf(f func(crawlbench.Sample) int64) func(crawlbench.Result) float64 {
	return func(r crawlbench.Result) float64 {
		var m int64
		for _, s := range r.Samples {
			m = max(m, f(s))
		}
		return float64(m) / (1 << 20)
	}
}

func writeCSV(path string, rows []row) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"tool", "articles", "wall_s", "pages_per_s", "cpu_s", "cpu_s_per_1000", "peak_rss_mib", "peak_rss_anon_mib", "peak_rss_file_mib"})
	for _, r := range rows {
		_ = w.Write([]string{r.tool, strconv.Itoa(r.n), f2(r.wall), f2(r.pagesPerSec), f2(r.cpu), f2(r.cpu1000), f2(r.peakMiB), f2(r.anonMiB), f2(r.fileMiB)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func f2(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

func report(o options, rows []row, b *crawlbench.Bins) {
	fmt.Printf("Parallelism %d, max_depth %d, delay 0s; median of %d run(s) per cell. Peak RSS from rusage; RssAnon and RssFile are the largest values sampled every 250 ms.\n\n", o.par, o.depth, o.reps)
	fmt.Println("| tool | articles | wall s | pages/s | CPU s per 1,000 pages | peak RSS MiB | peak RssAnon MiB | peak RssFile MiB |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		fmt.Printf("| %s | %d | %.1f | %.0f | %.2f | %.1f | %.1f | %.1f |\n", r.tool, r.n, r.wall, r.pagesPerSec, r.cpu1000, r.peakMiB, r.anonMiB, r.fileMiB)
	}
	fmt.Println()
	// Growth between the smallest and largest size, per tool.
	first, last := map[string]row{}, map[string]row{}
	for _, r := range rows {
		if f, ok := first[r.tool]; !ok || r.n < f.n {
			first[r.tool] = r
		}
		if l, ok := last[r.tool]; !ok || r.n > l.n {
			last[r.tool] = r
		}
	}
	for _, r := range rows {
		f, l := first[r.tool], last[r.tool]
		if r.n != f.n || f.n == l.n {
			continue
		}
		k := float64(l.n) / float64(f.n)
		fmt.Printf("- %s: ×%.0f pages took ×%.1f the time and ×%.1f the CPU; peak RSS ×%.2f (+%.1f MiB, %.1f KiB per 1,000 pages)\n",
			r.tool, k, l.wall/f.wall, l.cpu/f.cpu, l.peakMiB/f.peakMiB, l.peakMiB-f.peakMiB, (l.peakMiB-f.peakMiB)*1024*1000/float64(l.n-f.n))
	}
	fmt.Println("\nMachine:")
	fmt.Println()
	fmt.Print(crawlbench.DescribeMachine(o.repo, b).Markdown())
	fmt.Printf("\nReproduce: `bench/growth.sh -sizes %s -tools %s -reps %d`\n", o.sizes, o.tools, o.reps)
}

// plot draws wall time (log-log, with a linear reference through each
// tool's smallest size) and peak RSS against the number of articles.
func plot(png string, tools []*crawlbench.Tool, rows []row) error {
	var data strings.Builder
	var timePlots, rssPlots []string
	for i, t := range tools {
		var f row
		fmt.Fprintf(&data, "$T%d << EOD\n", i)
		for _, r := range rows {
			if r.tool != t.Name {
				continue
			}
			if f.n == 0 || r.n < f.n {
				f = r
			}
			fmt.Fprintf(&data, "%d %f %f\n", r.n, r.wall, r.peakMiB)
		}
		data.WriteString("EOD\n")
		timePlots = append(timePlots,
			fmt.Sprintf(`$T%d using 1:2 with linespoints lw 2 lc %d pt 7 title "%s"`, i, i+1, t.Name),
			fmt.Sprintf(`%f*x/%d with lines dt 2 lc %d notitle`, f.wall, f.n, i+1))
		rssPlots = append(rssPlots, fmt.Sprintf(`$T%d using 1:3 with linespoints lw 2 lc %d pt 7 title "%s"`, i, i+1, t.Name))
	}
	return crawlbench.Gnuplot(fmt.Sprintf(`%s
set terminal pngcairo size 960,420 font "sans,10"
set output %q
set multiplot layout 1,2 title "Crawl growth: time and peak memory by site size (dashed: linear from the smallest size)"
set logscale xy
set xlabel "articles"
set ylabel "wall seconds"
set key top left
set grid
plot [500:200000] %s
set ylabel "peak RSS MiB (log scale)"
set yrange [10:1000]
plot [500:200000] %s
unset multiplot
`, data.String(), png, strings.Join(timePlots, ", "), strings.Join(rssPlots, ", ")))
}

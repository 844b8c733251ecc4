// Command crawl compares crawl speed, CPU and peak memory of newsnorm,
// bare Colly (the ceiling: same fetching and discovery, no extraction),
// bare Colly parsing each article with goquery (colly-parse: the least
// work of any goquery-based extractor, so the most pages/s one can reach)
// and Scrapy on a generated site of -n articles served on loopback by a
// separate process. Run it with bench/crawl.sh; see BENCHMARKS.md, "Crawl
// speed and memory".
//
// Each tool runs -reps times, the tools taking turns (the starting tool
// rotates each round), each run in a fresh directory (fresh state and
// output). A run counts only when the site served every article exactly
// once and the tool's output holds every article. The report gives
// medians and the newsnorm targets.
//
// Which file holds what:
//   - main.go: flags, the rounds, the report and targets.
//   - benchsite/: the generated site; cmd/benchsite serves it.
//   - cmd/collybare/: the bare Colly crawler (colly, and colly-parse
//     with -parse-articles).
//   - scrapy/tarnama_spider.py: the Scrapy spider.
//   - crawlbench/: the harness shared with bench/growth and bench/backfill.
//
// Exit codes: 0 every target met, 1 an error (a failed check included),
// 2 bad flags, 3 the runs completed but a target was missed.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/newsnorm/newsnorm/bench/crawl/crawlbench"
)

type options struct {
	n, reps, par, depth, perPage int
	tools, bin, work, out, repo  string
	scrapy, spider               string
	profile, profileEnv          string
	keep                         bool
	latency                      time.Duration
}

func main() {
	var o options
	flag.IntVar(&o.n, "n", 20000, "articles on the site (each tool must fetch and write all)")
	flag.IntVar(&o.reps, "reps", 3, "runs per tool; medians are reported")
	flag.IntVar(&o.par, "parallelism", 8, "requests in flight, every tool")
	flag.IntVar(&o.depth, "max-depth", 2, "listing hops from the start page, every tool")
	flag.IntVar(&o.perPage, "per-page", 100, "articles per archive page")
	flag.StringVar(&o.tools, "tools", "newsnorm,newsnorm-batched,colly,colly-parse,scrapy", "tools to run, comma-separated, of: "+strings.Join(crawlbench.ToolNames, ", "))
	flag.StringVar(&o.bin, "bin", "", "directory with newsnorm, benchsite and collybare (built by crawl.sh)")
	flag.StringVar(&o.work, "work", "", "directory for the runs' temporary directories (default $TMPDIR)")
	flag.StringVar(&o.out, "out", "", "directory for crawl-runs.csv (default: no CSV)")
	flag.StringVar(&o.repo, "repo", ".", "repository root, for the commit in the report")
	flag.StringVar(&o.scrapy, "scrapy", "/usr/bin/scrapy", "the scrapy command")
	flag.StringVar(&o.spider, "spider", "", "tarnama_spider.py (default: next to this command's source, via -repo)")
	flag.BoolVar(&o.keep, "keep", false, "keep every run's directory")
	flag.DurationVar(&o.latency, "latency", 0, "the site delays every article response this long")
	flag.StringVar(&o.profile, "profile", "", "profile newsnorm runs into this directory (needs newsnorm-profile in -bin; see crawl/profile.sh)")
	flag.StringVar(&o.profileEnv, "profile-env", "NEWSNORM_BENCH_PROFILE_FOR=10s", "environment of profiled runs, comma-separated (see crawl/profile/profile.go)")
	flag.Parse()
	if flag.NArg() > 0 || o.n < 1 || o.reps < 1 || o.par < 1 || o.bin == "" {
		flag.Usage()
		os.Exit(2)
	}
	code, err := run(context.Background(), o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/crawl:", err)
	}
	os.Exit(code)
}

func run(ctx context.Context, o options) (int, error) {
	tools, err := crawlbench.ToolsByName(o.tools)
	if err != nil {
		return 2, err
	}
	b := bins(o)
	srv, err := crawlbench.StartServer(ctx, b.Server, o.n, o.perPage, "-latency", o.latency.String())
	if err != nil {
		return 1, err
	}
	defer srv.Close()
	tgt := crawlbench.Target{Server: srv, Parallelism: o.par, MaxDepth: o.depth}
	fmt.Fprintf(os.Stderr, "site: %s, %d articles; %d runs of %s\n", srv.URL, o.n, o.reps, o.tools)

	byTool := map[string][]crawlbench.Result{}
	var all []crawlbench.Result
	for rep := 1; rep <= o.reps; rep++ {
		for i := range tools {
			t := tools[(i+rep-1)%len(tools)]
			r, err := crawlbench.Run(t, b, tgt, crawlbench.RunOptions{Work: o.work, Keep: o.keep, Rep: rep})
			if err != nil {
				return 1, err
			}
			fmt.Fprintf(os.Stderr, "%-17s run %d: %6.1f s  %7.1f pages/s  CPU %6.1f s  peak RSS %6.1f MiB  site CPU %5.1f s\n",
				t.Name, rep, r.Wall.Seconds(), r.PagesPerSec(), r.CPU().Seconds(), crawlbench.PeakRSSMiB(r), r.SiteCPU.Seconds())
			byTool[t.Name] = append(byTool[t.Name], r)
			all = append(all, r)
		}
	}
	if o.out != "" {
		if err := os.MkdirAll(o.out, 0o755); err != nil {
			return 1, err
		}
		if err := crawlbench.WriteCSV(filepath.Join(o.out, "crawl-runs.csv"), all); err != nil {
			return 1, err
		}
	}
	missed := report(o, tools, byTool, b)
	if missed {
		return 3, nil
	}
	return 0, nil
}

func bins(o options) *crawlbench.Bins {
	// The children run in their own directories.
	o.bin, _ = filepath.Abs(o.bin)
	o.repo, _ = filepath.Abs(o.repo)
	if o.profile != "" {
		o.profile, _ = filepath.Abs(o.profile)
	}
	spider := o.spider
	if spider == "" {
		spider = filepath.Join(o.repo, "bench", "crawl", "scrapy", "tarnama_spider.py")
	}
	var env []string
	if o.profileEnv != "" {
		env = strings.Split(o.profileEnv, ",")
	}
	return &crawlbench.Bins{
		ProfileDir:      o.profile,
		NewsnormProfile: filepath.Join(o.bin, "newsnorm-profile"),
		ProfileEnv:      env,
		Newsnorm:        filepath.Join(o.bin, "newsnorm"),
		Server:          filepath.Join(o.bin, "benchsite"),
		CollyBare:       filepath.Join(o.bin, "collybare"),
		Scrapy:          o.scrapy,
		Spider:          spider,
	}
}

// report prints the table, the ratios and the targets; it reports whether
// a target was missed.
func report(o options, tools []*crawlbench.Tool, byTool map[string][]crawlbench.Result, b *crawlbench.Bins) bool {
	fmt.Printf("%d articles (plus %d listing pages and the feed), parallelism %d, max_depth %d, article latency %s; median of %d runs (range in brackets).\n\n",
		o.n, byTool[tools[0].Name][0].Site.Listings, o.par, o.depth, o.latency, o.reps)
	fmt.Println("| tool | pages/s | CPU s per 1,000 pages | peak RSS MiB | wall s | site's CPU s per 1,000 pages |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, t := range tools {
		rs := byTool[t.Name]
		fmt.Printf("| %s | %.0f (%s) | %.2f (%s) | %.1f (%s) | %.1f | %.2f |\n", t.Name,
			crawlbench.Median(rs, crawlbench.PagesPerSec), crawlbench.Range(rs, crawlbench.PagesPerSec, "%.0f"),
			crawlbench.Median(rs, crawlbench.CPUPer1000), crawlbench.Range(rs, crawlbench.CPUPer1000, "%.2f"),
			crawlbench.Median(rs, crawlbench.PeakRSSMiB), crawlbench.Range(rs, crawlbench.PeakRSSMiB, "%.1f"),
			crawlbench.Median(rs, crawlbench.WallSeconds), crawlbench.Median(rs, crawlbench.SiteCPU1000))
	}
	fmt.Println()
	for _, t := range tools {
		fmt.Printf("- %s: %s\n", t.Name, t.Note)
	}
	med := func(tool string, f func(crawlbench.Result) float64) (float64, bool) {
		rs, ok := byTool[tool]
		return crawlbench.Median(rs, f), ok
	}
	missed := false
	check := func(ok bool, format string, args ...any) {
		verdict := "PASS"
		if !ok {
			verdict, missed = "FAIL", true
		}
		fmt.Printf("- %s: %s\n", verdict, fmt.Sprintf(format, args...))
	}
	fmt.Println()
	for _, nn := range []string{"newsnorm", "newsnorm-batched"} {
		speed, ok := med(nn, crawlbench.PagesPerSec)
		if !ok {
			continue
		}
		rss, _ := med(nn, crawlbench.PeakRSSMiB)
		cpu, _ := med(nn, crawlbench.CPUPer1000)
		fmt.Printf("Targets, %s:\n\n", nn)
		if s, ok := med("scrapy", crawlbench.PagesPerSec); ok {
			sr, _ := med("scrapy", crawlbench.PeakRSSMiB)
			sc, _ := med("scrapy", crawlbench.CPUPer1000)
			check(speed >= 2*s, "pages/s ×%.2f Scrapy's (target ≥ ×2.0); CPU per page ×%.2f Scrapy's", speed/s, cpu/sc)
			check(rss <= sr/2, "peak RSS %.1f MiB = ×%.2f Scrapy's %.1f MiB (target ≤ ×0.5)", rss, rss/sr, sr)
		}
		if c, ok := med("colly", crawlbench.PagesPerSec); ok {
			cc, _ := med("colly", crawlbench.CPUPer1000)
			check(speed >= 0.8*c, "pages/s %.0f%% of bare Colly's (target ≥ 80%%); CPU per page ×%.2f bare Colly's", 100*speed/c, cpu/cc)
		}
		if p, ok := med("colly-parse", crawlbench.PagesPerSec); ok {
			pc, _ := med("colly-parse", crawlbench.CPUPer1000)
			fmt.Printf("- pages/s %.0f%% of colly-parse's (no target: colly-parse only parses each article: the least work of any goquery extractor); CPU per page ×%.2f colly-parse's\n", 100*speed/p, cpu/pc)
		}
		fmt.Println()
	}
	if p, ok := med("colly-parse", crawlbench.PagesPerSec); ok {
		if c, ok := med("colly", crawlbench.PagesPerSec); ok {
			pc, _ := med("colly-parse", crawlbench.CPUPer1000)
			cc, _ := med("colly", crawlbench.CPUPer1000)
			fmt.Printf("Ceiling of a goquery extractor:\n\n")
			fmt.Printf("- pages/s of colly-parse as %% of colly's: %.0f%%, the most any goquery extractor can reach here; CPU per page ×%.2f bare Colly's\n\n", 100*p/c, pc/cc)
		}
	}
	fmt.Println("Machine:")
	fmt.Println()
	fmt.Print(crawlbench.DescribeMachine(o.repo, b).Markdown())
	lat := ""
	if o.latency > 0 {
		lat = " -latency " + o.latency.String()
	}
	fmt.Printf("\nReproduce: `bench/crawl.sh -n %d -reps %d -parallelism %d -tools %s%s`\n", o.n, o.reps, o.par, strings.Join(toolNames(tools), ","), lat)
	return missed
}

func toolNames(ts []*crawlbench.Tool) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Name)
	}
	return out
}

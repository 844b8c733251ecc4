// Command backfill measures `newsnorm backfill` of -n URLs (default one
// million) against the generated site on loopback: the newsnorm process's
// RSS every -sample (VmRSS, RssAnon and RssFile from /proc/PID/status)
// with the number of articles the site has served by then, its peak RSS
// (rusage) and pages/s. Run it with bench/backfill.sh; see BENCHMARKS.md,
// "Backfill memory".
//
// The URL list is generated into a temporary directory; output and state
// go there too and are deleted afterwards (unless -keep). The run counts
// only when the site served every article exactly once and the output
// holds every article once.
//
// Exit codes: 0 the peak RSS target is met, 1 an error, 2 bad flags,
// 3 the run completed but the target was missed.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/newsnorm/newsnorm/bench/crawl/crawlbench"
	"github.com/newsnorm/newsnorm/internal/testsite"
)

type options struct {
	n, par, fsyncEvery    int
	bin, work, out, repo  string
	sample                time.Duration
	targetMiB             float64
	keep, noPlot, verbose bool
}

func main() {
	var o options
	flag.IntVar(&o.n, "n", 1_000_000, "URLs in the list (distinct articles)")
	flag.IntVar(&o.par, "parallelism", 8, "the site's parallelism (requests in flight)")
	flag.IntVar(&o.fsyncEvery, "fsync-every", 1000, "newsnorm's fsync_every (1 is the product default: one fsync and state transaction per record)")
	flag.StringVar(&o.bin, "bin", "", "directory with newsnorm and benchsite (built by backfill.sh)")
	flag.StringVar(&o.work, "work", "", "directory for the run's temporary directory (default $TMPDIR)")
	flag.StringVar(&o.out, "out", "", "directory for backfill-rss.csv and backfill-rss.png")
	flag.StringVar(&o.repo, "repo", ".", "repository root, for the commit in the report")
	flag.DurationVar(&o.sample, "sample", 500*time.Millisecond, "RSS sampling interval")
	flag.Float64Var(&o.targetMiB, "target-mib", 150, "peak RSS target, MiB")
	flag.BoolVar(&o.keep, "keep", false, "keep the URL list, output and state")
	flag.BoolVar(&o.noPlot, "no-plot", false, "no PNG (no gnuplot needed)")
	flag.Parse()
	if flag.NArg() > 0 || o.n < 1 || o.par < 1 || o.fsyncEvery < 1 || o.bin == "" || o.out == "" {
		flag.Usage()
		os.Exit(2)
	}
	code, err := run(context.Background(), o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/backfill:", err)
	}
	os.Exit(code)
}

func run(ctx context.Context, o options) (int, error) {
	o.bin, _ = filepath.Abs(o.bin)
	b := &crawlbench.Bins{Newsnorm: filepath.Join(o.bin, "newsnorm"), Server: filepath.Join(o.bin, "benchsite")}
	srv, err := crawlbench.StartServer(ctx, b.Server, o.n, 100)
	if err != nil {
		return 1, err
	}
	defer srv.Close()
	dir, err := os.MkdirTemp(o.work, "backfill-*")
	if err != nil {
		return 1, err
	}
	if !o.keep {
		defer os.RemoveAll(dir)
	}
	list := filepath.Join(dir, "urls.txt")
	if err := writeList(list, srv, o.n); err != nil {
		return 1, err
	}
	tgt := crawlbench.Target{Server: srv, Parallelism: o.par, MaxDepth: 2}
	cfg := filepath.Join(dir, "config.yaml")
	extra := fmt.Sprintf("fsync_every: %d\nfsync_interval: 1s\n", o.fsyncEvery)
	if err := os.WriteFile(cfg, []byte(crawlbench.NewsnormConfig(tgt, dir, extra)), 0o644); err != nil {
		return 1, err
	}
	cmd := exec.Command(b.Newsnorm, "backfill", "--config", cfg, "--no-progress", "--log-format", "json",
		"--summary-json", filepath.Join(dir, "summary.json"), list)
	cmd.Dir = dir
	logPath := filepath.Join(dir, "stderr.log")
	logf, err := os.Create(logPath)
	if err != nil {
		return 1, err
	}
	cmd.Stderr = logf
	progress := func() int64 {
		st, err := srv.Stats()
		if err != nil {
			return -1
		}
		return st.Articles
	}
	fmt.Fprintf(os.Stderr, "backfill of %d URLs from %s, sampling RSS every %s\n", o.n, srv.URL, o.sample)
	cpu0, _ := srv.CPU()
	m, err := crawlbench.Measure(cmd, o.sample, progress)
	logf.Close()
	if err != nil {
		return 1, err
	}
	cpu1, _ := srv.CPU()
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return 1, err
	}
	csvPath := filepath.Join(o.out, "backfill-rss.csv")
	if err := crawlbench.WriteSamplesCSV(csvPath, m.Samples); err != nil {
		return 1, err
	}
	st, err := srv.Stats()
	if err != nil {
		return 1, err
	}
	failed := func(err error) (int, error) {
		if !o.keep {
			fmt.Fprintf(os.Stderr, "last log lines:\n%s\n", tailFile(logPath))
		}
		return 1, err
	}
	if m.ExitCode != 0 {
		return failed(fmt.Errorf("newsnorm backfill exit code %d", m.ExitCode))
	}
	if st.Articles != int64(o.n) || st.DistinctArticles != int64(o.n) {
		return failed(fmt.Errorf("the site served %d article pages (%d distinct), want each of %d exactly once", st.Articles, st.DistinctArticles, o.n))
	}
	fmt.Fprintln(os.Stderr, "checking the output...")
	if _, err := crawlbench.CheckRecords(filepath.Join(dir, "out", "tarnama.jsonl"), o.n, "published_at"); err != nil {
		return failed(err)
	}
	outSize := fileSize(filepath.Join(dir, "out", "tarnama.jsonl"))
	stateSize := fileSize(filepath.Join(dir, "state.db"))
	png := filepath.Join(o.out, "backfill-rss.png")
	if !o.noPlot {
		if err := plot(csvPath, png, o); err != nil {
			return 1, err
		}
	}
	peak := float64(m.MaxRSS) / (1 << 20)
	fmt.Printf("`newsnorm backfill` of %d URLs, parallelism %d, delay 0s, fsync_every %d, RSS sampled every %s.\n\n", o.n, o.par, o.fsyncEvery, o.sample)
	fmt.Println("| URLs | wall | pages/s | CPU s per 1,000 pages | peak RSS MiB (rusage) | peak RssAnon MiB | peak RssFile MiB | output | state file |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|")
	var anon, file int64
	for _, s := range m.Samples {
		anon, file = max(anon, s.RssAnon), max(file, s.RssFile)
	}
	fmt.Printf("| %d | %s | %.0f | %.2f | %.1f | %.1f | %.1f | %.2f GB | %.0f MB |\n", o.n, m.Wall.Round(time.Second),
		float64(o.n)/m.Wall.Seconds(), m.CPU().Seconds()*1000/float64(o.n), peak,
		float64(anon)/(1<<20), float64(file)/(1<<20), float64(outSize)/1e9, float64(stateSize)/1e6)
	fmt.Printf("\nThe site used %.1f s of CPU. RSS by progress (the sample nearest each share of the URLs done):\n\n", (cpu1 - cpu0).Seconds())
	fmt.Println("| done | 10% | 20% | 30% | 40% | 50% | 60% | 70% | 80% | 90% | 100% |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|")
	fmt.Print("| VmRSS MiB |")
	for p := 1; p <= 10; p++ {
		fmt.Printf(" %.0f |", float64(at(m.Samples, int64(o.n)*int64(p)/10).VmRSS)/(1<<20))
	}
	fmt.Println()
	verdict := "PASS"
	if peak >= o.targetMiB {
		verdict = "FAIL"
	}
	fmt.Printf("\n- %s: peak RSS %.1f MiB < %.0f MiB for the whole run\n", verdict, peak, o.targetMiB)
	fmt.Printf("\nSamples: %s", csvPath)
	if !o.noPlot {
		fmt.Printf(", plot: %s", png)
	}
	fmt.Println()
	fmt.Println("\nMachine:")
	fmt.Println()
	fmt.Print(crawlbench.DescribeMachine(o.repo, b).Markdown())
	fmt.Printf("\nReproduce: `bench/backfill.sh -n %d -fsync-every %d`\n", o.n, o.fsyncEvery)
	if verdict == "FAIL" {
		return 3, nil
	}
	return 0, nil
}

// writeList writes the URLs of articles 0..n-1 of the site.
func writeList(path string, srv *crawlbench.Server, n int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	first := testsite.New(0).FirstID
	for i := range n {
		fmt.Fprintf(w, "%s/News/%d.html\n", srv.URL, first+i)
	}
	return errors.Join(w.Flush(), f.Close())
}

// at returns the first sample at which done reached want, or the last.
func at(ss []crawlbench.Sample, want int64) crawlbench.Sample {
	for _, s := range ss {
		if s.Progress >= want {
			return s
		}
	}
	if len(ss) == 0 {
		return crawlbench.Sample{}
	}
	return ss[len(ss)-1]
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

func tailFile(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(data[max(len(data)-1500, 0):])
}

// plot draws RSS (VmRSS, RssAnon, RssFile) and URLs done over time.
func plot(csvPath, png string, o options) error {
	return crawlbench.Gnuplot(fmt.Sprintf(`
set terminal pngcairo size 900,480 font "sans,10"
set output %q
set datafile separator ","
set title "newsnorm backfill of %d URLs: resident memory (sampled every %s)"
set xlabel "seconds"
set ylabel "MiB"
set y2label "URLs done (thousands)"
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
set key bottom right opaque box
set grid
plot %q using 1:2 skip 1 with lines lw 2 title "VmRSS", \
     %q using 1:3 skip 1 with lines title "RssAnon (heap, stacks)", \
     %q using 1:4 skip 1 with lines title "RssFile (binary, state mmap)", \
     %q using 1:($5/1000) skip 1 axes x1y2 with lines dt 2 title "URLs done"
`, png, o.n, o.sample, csvPath, csvPath, csvPath, csvPath))
}

package crawlbench

import (
	"bufio"
	"debug/buildinfo"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Median returns the median of f over rs (the mean of the middle two for
// an even count).
func Median(rs []Result, f func(Result) float64) float64 {
	if len(rs) == 0 {
		return 0
	}
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// Range formats the smallest and largest value of f over rs.
func Range(rs []Result, f func(Result) float64, format string) string {
	lo, hi := f(rs[0]), f(rs[0])
	for _, r := range rs[1:] {
		lo, hi = min(lo, f(r)), max(hi, f(r))
	}
	return fmt.Sprintf(format+"–"+format, lo, hi)
}

// Metrics of a result, for Median and Range.
var (
	PagesPerSec = func(r Result) float64 { return r.PagesPerSec() }
	CPUPer1000  = func(r Result) float64 { return r.CPUPer1000() }
	WallSeconds = func(r Result) float64 { return r.Wall.Seconds() }
	PeakRSSMiB  = func(r Result) float64 { return float64(r.MaxRSS) / (1 << 20) }
	SiteCPU1000 = func(r Result) float64 { return r.SiteCPU.Seconds() * 1000 / float64(r.N) }
)

// WriteCSV writes every run: one row each.
func WriteCSV(path string, rs []Result) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	_ = w.Write([]string{"tool", "articles", "rep", "wall_s", "user_s", "sys_s", "peak_rss_mib", "pages_per_s", "cpu_s_per_1000", "site_cpu_s_per_1000",
		"site_articles", "site_listings", "site_feeds", "site_other", "site_connections"})
	for _, r := range rs {
		_ = w.Write([]string{r.Tool, strconv.Itoa(r.N), strconv.Itoa(r.Rep), f3(r.Wall.Seconds()), f3(r.User.Seconds()), f3(r.Sys.Seconds()),
			f3(PeakRSSMiB(r)), f3(r.PagesPerSec()), f3(r.CPUPer1000()), f3(SiteCPU1000(r)),
			strconv.FormatInt(r.Site.Articles, 10), strconv.FormatInt(r.Site.Listings, 10), strconv.FormatInt(r.Site.Feeds, 10), strconv.FormatInt(r.Site.Other, 10), strconv.FormatInt(r.Site.Connections, 10)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WriteSamplesCSV writes RSS samples: seconds, MiB of VmRSS, RssAnon and
// RssFile, and the progress value.
func WriteSamplesCSV(path string, ss []Sample) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "t_s,vmrss_mib,rss_anon_mib,rss_file_mib,progress")
	for _, s := range ss {
		fmt.Fprintf(w, "%.2f,%.1f,%.1f,%.1f,%d\n", s.T.Seconds(), mib(s.VmRSS), mib(s.RssAnon), mib(s.RssFile), s.Progress)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

func f3(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// Gnuplot runs a gnuplot script.
func Gnuplot(script string) error {
	cmd := exec.Command("gnuplot")
	cmd.Stdin = strings.NewReader(script)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("gnuplot: %w: %s", err, out)
	}
	return nil
}

// Machine describes where a benchmark ran.
type Machine struct {
	Date     time.Time
	CPU      string
	NProc    int
	Memory   string
	Kernel   string
	Go       string
	Commit   string
	Versions []string // of the compared tools
}

// DescribeMachine reads /proc and asks git and the tools for versions.
func DescribeMachine(repo string, b *Bins) Machine {
	m := Machine{Date: time.Now().UTC(), NProc: runtime.NumCPU(), Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				kb, _ := strconv.ParseFloat(f[1], 64)
				m.Memory = fmt.Sprintf("%.1f GiB", kb/(1<<20))
			}
		}
	}
	if data, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = "Linux " + strings.TrimSpace(string(data))
	}
	if b != nil && b.Newsnorm != "" {
		// Written by setup.sh when it built the binary.
		if data, err := os.ReadFile(filepath.Join(filepath.Dir(b.Newsnorm), "built-from.txt")); err == nil {
			m.Commit = strings.TrimSpace(string(data))
		}
	}
	if m.Commit == "" {
		m.Commit = strings.TrimSpace(output(repo, "git", "rev-parse", "--short", "HEAD"))
		if dirty := strings.TrimSpace(output(repo, "git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench", ":!BENCHMARKS.md")); dirty != "" {
			m.Commit += " with uncommitted changes outside bench/"
		}
	}
	if b != nil {
		if b.CollyBare != "" {
			if bi, err := buildinfo.ReadFile(b.CollyBare); err == nil {
				for _, d := range bi.Deps {
					if d.Path == "github.com/gocolly/colly/v2" {
						m.Versions = append(m.Versions, "Colly "+d.Version)
					}
				}
			}
		}
		if b.Scrapy != "" {
			if v := strings.TrimSpace(output("", b.Scrapy, "version")); v != "" {
				m.Versions = append(m.Versions, v)
			}
			if v := strings.TrimSpace(output("", "/usr/bin/python3", "--version")); v != "" {
				m.Versions = append(m.Versions, v+" (/usr/bin/python3)")
			}
		}
	}
	return m
}

func output(dir, name string, args ...string) string {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return string(out)
}

// Markdown is the machine as a list.
func (m Machine) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "- Date: %s\n", m.Date.Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "- CPU: %s, `nproc` %d\n", m.CPU, m.NProc)
	fmt.Fprintf(&b, "- Memory: %s\n", m.Memory)
	fmt.Fprintf(&b, "- %s, %s\n", m.Kernel, m.Go)
	fmt.Fprintf(&b, "- newsnorm: commit %s\n", m.Commit)
	if len(m.Versions) > 0 {
		fmt.Fprintf(&b, "- Peers: %s\n", strings.Join(m.Versions, ", "))
	}
	fmt.Fprintf(&b, "- Load average (1, 5, 15 min) at the start: %s; at the end: %s\n", loadAtStart, loadAvg())
	return b.String()
}

// loadAtStart is the load average when the harness started: the machine
// is shared, and other work on it shows in every figure.
var loadAtStart = loadAvg()

func loadAvg() string {
	la, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Join(strings.Fields(string(la))[:3], " ")
}

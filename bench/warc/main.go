// Command warc measures the memory of reading WARC archives: it writes
// WARC files of each -sizes (article pages of the generated site, each
// with an inline script of about 48 KB as real news pages carry, plus a
// request record per response, as wget and Heritrix write, and a revisit
// and a metadata record every tenth page, as CC-NEWS has), then runs
// `newsnorm backfill --from-warc` (state, exactly once) and `newsnorm
// extract --warc` (no state) over each and reports the peak RSS (rusage)
// with the wall time. Memory must not grow with the archive: the target
// is a peak under -target-mib at every size. Run it with bench/warc.sh;
// see BENCHMARKS.md, "Reading WARC archives".
//
// Exit codes: 0 the target is met, 1 an error, 2 bad flags, 3 the runs
// completed but the target was missed.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha1"
	"encoding/base32"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/newsnorm/newsnorm/bench/crawl/crawlbench"
	"github.com/newsnorm/newsnorm/internal/testsite"
)

type options struct {
	sizes               []int64
	gz                  bool
	bin, work, out      string
	repo                string
	targetMiB           float64
	fsyncEvery          int
	keep                bool
	sample              time.Duration
	rawSizes, layoutArg string
}

func main() {
	var o options
	flag.StringVar(&o.rawSizes, "sizes", "256M,1G", "archive sizes to measure, comma-separated (K, M, G suffixes)")
	flag.StringVar(&o.layoutArg, "layout", "gzip", "gzip (one gzip member per record, the usual .warc.gz) or plain")
	flag.StringVar(&o.bin, "bin", "", "directory with newsnorm (built by warc.sh)")
	flag.StringVar(&o.work, "work", "", "directory for the run's temporary directory (default $TMPDIR)")
	flag.StringVar(&o.out, "out", "", "directory for warc.md")
	flag.StringVar(&o.repo, "repo", ".", "repository root, for the commit in the report")
	flag.Float64Var(&o.targetMiB, "target-mib", 150, "peak RSS target, MiB")
	flag.IntVar(&o.fsyncEvery, "fsync-every", 1000, "newsnorm's fsync_every for the backfill")
	flag.DurationVar(&o.sample, "sample", 500*time.Millisecond, "RSS sampling interval (the peak is rusage's)")
	flag.BoolVar(&o.keep, "keep", false, "keep the archives, output and state")
	flag.Parse()
	var err error
	o.sizes, err = parseSizes(o.rawSizes)
	if flag.NArg() > 0 || err != nil || o.bin == "" || (o.layoutArg != "gzip" && o.layoutArg != "plain") {
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench/warc: -sizes:", err)
		}
		flag.Usage()
		os.Exit(2)
	}
	o.gz = o.layoutArg == "gzip"
	code, err := run(o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/warc:", err)
	}
	os.Exit(code)
}

func parseSizes(s string) ([]int64, error) {
	var out []int64
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		mult := int64(1)
		switch {
		case strings.HasSuffix(f, "G"):
			mult, f = 1<<30, strings.TrimSuffix(f, "G")
		case strings.HasSuffix(f, "M"):
			mult, f = 1<<20, strings.TrimSuffix(f, "M")
		case strings.HasSuffix(f, "K"):
			mult, f = 1<<10, strings.TrimSuffix(f, "K")
		}
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("%q is no size", f)
		}
		out = append(out, n*mult)
	}
	return out, nil
}

const base = "http://news.example"

// config is the test site's profile (as the tests' siteConfig) with the
// run's paths.
func config(dir string, fsyncEvery int) string {
	return fmt.Sprintf(`
state: %[1]s/state.db
output: %[1]s/out/{site}.jsonl
rejects: %[1]s/out/rejects.jsonl
failures: %[1]s/out/failures.jsonl
user_agent: "newsnorm-bench/1.0 (+https://github.com/newsnorm/newsnorm)"
fsync_every: %[2]d
fsync_interval: 1s
sites:
  - name: tarnama
    start_urls: ["http://news.example/"]
    article: '^http://news\.example/News/(?P<id>\d+)\.html$'
    fields:
      id: {labels: ["News ID:"], pattern: '^(\d+)'}
      published: {labels: ["Published:"]}
`, dir, fsyncEvery)
}

type result struct {
	command   string
	size      int64
	responses int
	m         crawlbench.Measurement
	written   int
	stateSize int64
}

func run(o options) (int, error) {
	o.bin, _ = filepath.Abs(o.bin)
	newsnorm := filepath.Join(o.bin, "newsnorm")
	dir, err := os.MkdirTemp(o.work, "warc-*")
	if err != nil {
		return 1, err
	}
	if !o.keep {
		defer os.RemoveAll(dir)
	}
	var results []result
	for _, size := range o.sizes {
		name := filepath.Join(dir, fmt.Sprintf("news-%d.warc", size))
		if o.gz {
			name += ".gz"
		}
		fmt.Fprintf(os.Stderr, "writing %s (%d MiB)...\n", name, size>>20)
		responses, err := writeWARC(name, size, o.gz)
		if err != nil {
			return 1, err
		}
		st, err := os.Stat(name)
		if err != nil {
			return 1, err
		}
		for _, command := range []string{"backfill", "extract"} {
			runDir := filepath.Join(dir, fmt.Sprintf("%s-%d", command, size))
			if err := os.MkdirAll(runDir, 0o755); err != nil {
				return 1, err
			}
			cfg := filepath.Join(runDir, "config.yaml")
			if err := os.WriteFile(cfg, []byte(config(runDir, o.fsyncEvery)), 0o644); err != nil {
				return 1, err
			}
			args := []string{"backfill", "--config", cfg, "--no-progress", "--log-format", "json", "--from-warc", name}
			if command == "extract" {
				args = []string{"extract", "--config", cfg, "--log-format", "json", "--warc", "--out", filepath.Join(runDir, "out", "{site}.jsonl"), name}
			}
			cmd := exec.Command(newsnorm, args...)
			logPath := filepath.Join(runDir, "stderr.log")
			logf, err := os.Create(logPath)
			if err != nil {
				return 1, err
			}
			cmd.Stderr = logf
			fmt.Fprintf(os.Stderr, "newsnorm %s over %s...\n", command, filepath.Base(name))
			m, err := crawlbench.Measure(cmd, o.sample, nil)
			logf.Close()
			if err != nil {
				return 1, err
			}
			if m.ExitCode != 0 {
				data, _ := os.ReadFile(logPath)
				return 1, fmt.Errorf("newsnorm %s exit %d:\n%s", command, m.ExitCode, lastLines(data, 5))
			}
			written := countLines(filepath.Join(runDir, "out", "tarnama.jsonl"))
			if written != responses {
				return 1, fmt.Errorf("newsnorm %s wrote %d records for %d article responses", command, written, responses)
			}
			var stateSize int64
			if fi, err := os.Stat(filepath.Join(runDir, "state.db")); err == nil {
				stateSize = fi.Size()
			}
			results = append(results, result{command: command, size: st.Size(), responses: responses, m: m, written: written, stateSize: stateSize})
			os.RemoveAll(filepath.Join(runDir, "out"))
		}
	}
	var b strings.Builder
	layout := "one gzip member per record (.warc.gz)"
	if !o.gz {
		layout = "plain (.warc)"
	}
	b.WriteString("RssAnon is the heap and stacks; RssFile the mapped files: the binary and the state's bbolt mapping, which grows with the records done, not with the archive.\n\n")
	fmt.Fprintf(&b, "WARC files of article pages (about 52 KB of HTML each, with request, revisit and metadata records), %s; fsync_every %d for the backfill.\n\n", layout, o.fsyncEvery)
	b.WriteString("| command | archive | article responses | wall | archive MB/s | CPU s | peak RSS MiB (rusage) | peak RssAnon MiB | peak RssFile MiB | state file |\n|---|---|---|---|---|---|---|---|---|---|\n")
	worst := 0.0
	for _, r := range results {
		peak := float64(r.m.MaxRSS) / (1 << 20)
		worst = max(worst, peak)
		var anon, file int64
		for _, s := range r.m.Samples {
			anon, file = max(anon, s.RssAnon), max(file, s.RssFile)
		}
		state := "none"
		if r.stateSize > 0 {
			state = fmt.Sprintf("%.0f MiB", float64(r.stateSize)/(1<<20))
		}
		fmt.Fprintf(&b, "| %s | %.0f MiB | %d | %.1f s | %.1f | %.1f | %.1f | %.1f | %.1f | %s |\n", cmdName(r.command), float64(r.size)/(1<<20), r.responses,
			r.m.Wall.Seconds(), float64(r.size)/1e6/r.m.Wall.Seconds(), r.m.CPU().Seconds(), peak, float64(anon)/(1<<20), float64(file)/(1<<20), state)
	}
	if len(o.sizes) > 1 {
		b.WriteString("\nPeak RSS at the largest size over the smallest (memory flat with the archive's size: about 1):\n\n")
		for _, c := range []string{"backfill", "extract"} {
			var first, last float64
			for _, r := range results {
				if r.command == c {
					if first == 0 {
						first = float64(r.m.MaxRSS)
					}
					last = float64(r.m.MaxRSS)
				}
			}
			fmt.Fprintf(&b, "- %s: %.2f× for %.0f× the archive\n", cmdName(c), last/first, float64(o.sizes[len(o.sizes)-1])/float64(o.sizes[0]))
		}
	}
	verdict, code := "met", 0
	if worst >= o.targetMiB {
		verdict, code = "MISSED", 3
	}
	fmt.Fprintf(&b, "\n- %s: peak RSS %.1f MiB < %.0f MiB at every size\n\n", verdict, worst, o.targetMiB)
	b.WriteString(crawlbench.DescribeMachine(o.repo, &crawlbench.Bins{Newsnorm: newsnorm}).Markdown())
	fmt.Print(b.String())
	if o.out != "" {
		if err := os.MkdirAll(o.out, 0o755); err != nil {
			return 1, err
		}
		if err := os.WriteFile(filepath.Join(o.out, "warc.md"), []byte(b.String()), 0o644); err != nil {
			return 1, err
		}
	}
	return code, nil
}

func cmdName(c string) string {
	if c == "backfill" {
		return "`backfill --from-warc`"
	}
	return "`extract --warc`"
}

// writeWARC writes article responses until the file reaches size bytes,
// and returns how many it wrote.
func writeWARC(name string, size int64, gz bool) (int, error) {
	f, err := os.Create(name)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	cw := &countWriter{w: bufio.NewWriterSize(f, 1<<20)}
	site := testsite.New(1 << 30)
	rng := rand.New(rand.NewPCG(1, 2))
	pad := make([]byte, 36<<10)
	var zbuf bytes.Buffer
	zw := gzip.NewWriter(&zbuf)
	emit := func(rec []byte) error {
		if !gz {
			_, err := cw.Write(rec)
			return err
		}
		zbuf.Reset()
		zw.Reset(&zbuf)
		zw.Write(rec)
		zw.Close()
		_, err := cw.Write(zbuf.Bytes())
		return err
	}
	n := 0
	for i := 0; cw.n < size; i++ {
		id := strconv.Itoa(site.FirstID + i)
		u := base + "/News/" + id + ".html"
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, httptest.NewRequest("GET", u, nil))
		for j := range pad {
			pad[j] = byte(rng.Uint32())
		}
		html := strings.Replace(rec.Body.String(), "</head>", `<script type="application/json" id="__NEXT_DATA__">"`+base64.StdEncoding.EncodeToString(pad)+`"</script></head>`, 1)
		head := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n", len(html))
		date := time.Date(2016, 12, 28, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second).Format(time.RFC3339)
		recs := [][]byte{
			record("request", u, date, "GET /News/"+id+".html HTTP/1.1\r\nHost: news.example\r\n\r\n", i*4),
			record("response", u, date, head+html, i*4+1),
		}
		if i%10 == 0 {
			recs = append(recs,
				record("metadata", u, date, "fetchTimeMs: 120\r\n", i*4+2),
				record("revisit", u, date, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", i*4+3))
		}
		for _, r := range recs {
			if err := emit(r); err != nil {
				return n, err
			}
		}
		n++
	}
	if err := cw.w.(*bufio.Writer).Flush(); err != nil {
		return n, err
	}
	return n, f.Close()
}

// record is one WARC/1.0 record as wget writes it.
func record(typ, uri, date, block string, i int) []byte {
	sum := sha1.Sum([]byte(block))
	var b bytes.Buffer
	fmt.Fprintf(&b, "WARC/1.0\r\nWARC-Type: %s\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-%012d>\r\nWARC-Target-URI: <%s>\r\nWARC-Date: %s\r\n", typ, i, uri, date)
	if typ == "metadata" || typ == "revisit" {
		fmt.Fprintf(&b, "WARC-Refers-To: <urn:uuid:00000000-0000-0000-0000-%012d>\r\n", i-1-i%4)
	}
	fmt.Fprintf(&b, "WARC-Block-Digest: sha1:%s\r\nContent-Type: application/http\r\nContent-Length: %d\r\n\r\n%s\r\n\r\n",
		base32.StdEncoding.EncodeToString(sum[:]), len(block), block)
	return b.Bytes()
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func countLines(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		n++
	}
	return n
}

func lastLines(data []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

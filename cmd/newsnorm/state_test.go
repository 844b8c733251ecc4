package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

// newsnorm runs the command line in this process and returns its exit
// code, stdout and the error's message.
func newsnorm(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	return exitCode(err, io.Discard), stdout.String(), msg
}

// crawled is a test site crawled once into dir, with extra config lines.
func crawled(t *testing.T, n int, extra string) (site *testsite.Site, dir, cfg string) {
	t.Helper()
	site = testsite.New(n)
	srv := site.Start()
	t.Cleanup(srv.Close)
	dir = t.TempDir()
	cfg = writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir)+extra)
	if code, _, msg := newsnorm(t, "crawl", "--config", cfg); code != exitOK {
		t.Fatalf("first crawl: exit %d: %s", code, msg)
	}
	return site, dir, cfg
}

// ids reads the article IDs of the output files matching pattern (gzip
// too), failing on a torn or bad line.
func ids(t *testing.T, pattern string) []string {
	t.Helper()
	files, _ := filepath.Glob(pattern)
	var out []string
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = fh
		if strings.HasSuffix(f, ".gz") {
			zr, err := gzip.NewReader(fh)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			r = zr
		}
		data, err := io.ReadAll(r)
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(data) > 0 && data[len(data)-1] != '\n' {
			t.Fatalf("%s ends in a torn line", f)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<24)
		for n := 1; sc.Scan(); n++ {
			var rec struct{ ID string }
			if err := json.Unmarshal(sc.Bytes(), &rec); err != nil || rec.ID == "" {
				t.Fatalf("%s:%d: not a record: %q", f, n, sc.Text())
			}
			out = append(out, rec.ID)
		}
	}
	sort.Strings(out)
	return out
}

func wantOnce(t *testing.T, got, want []string) {
	t.Helper()
	w := append([]string(nil), want...)
	sort.Strings(w)
	if strings.Join(got, ",") != strings.Join(w, ",") {
		t.Fatalf("output holds %d records %v, want each of %d exactly once", len(got), got, len(w))
	}
}

// An output file deleted, truncated to half, or a rotated part of it
// deleted: the next run refuses, naming the file and both lengths (it
// used to carry on: the records were gone for good, and a torn half-line
// got glued to the next record); `state repair` forgets what is gone, and
// the run after it fetches exactly that again.
func TestStateRepairAfterDamagedOutput(t *testing.T) {
	for _, tc := range []struct {
		name, extra, file, damage string
	}{
		{"rm", "", "tarnama.jsonl", "rm"},
		{"truncate 50%", "", "tarnama.jsonl", "half"},
		{"gzip, truncate 50%", "", "tarnama.jsonl.gz", "half"},
		{"rotated, rm part 2", "rotate_records: 5\n", "tarnama.0002.jsonl", "rm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			extra := tc.extra
			if strings.HasSuffix(tc.file, ".gz") {
				extra += "output: OUT/out/{site}.jsonl.gz\n"
			}
			site, dir, cfg := crawledWith(t, 20, extra)
			out := filepath.Join(dir, "out", tc.file)
			fi, err := os.Stat(out)
			if err != nil {
				t.Fatal(err)
			}
			pattern := filepath.Join(dir, "out", "tarnama*.jsonl*")
			before := len(ids(t, pattern))
			if tc.damage == "rm" {
				os.Remove(out)
			} else {
				os.Truncate(out, fi.Size()/2)
			}
			code, _, msg := newsnorm(t, "crawl", "--config", cfg)
			want := fmt.Sprintf("%s: missing, the state recorded %d bytes", out, fi.Size())
			if tc.damage == "half" {
				want = fmt.Sprintf("%s: %d bytes, shorter than the %d bytes the state recorded", out, fi.Size()/2, fi.Size())
			}
			if code != exitFailed || !strings.Contains(msg, want) || !strings.Contains(msg, "newsnorm state repair --state "+filepath.Join(dir, "state.db")) {
				t.Fatalf("crawl after the damage: exit %d, %q; want %d and %q with how to repair", code, msg, exitFailed, want)
			}
			t.Logf("refused: %s", msg)
			if code, stdout, msg := newsnorm(t, "state", "check", "--config", cfg); code != exitFailed || !strings.Contains(stdout, out) {
				t.Errorf("state check: exit %d, %s %q; want %d naming %s", code, stdout, msg, exitFailed, out)
			}
			fetched := site.ArticleRequests()
			code, stdout, msg := newsnorm(t, "state", "repair", "--config", cfg)
			if code != exitOK {
				t.Fatalf("state repair: exit %d: %s\n%s", code, msg, stdout)
			}
			kept := len(ids(t, pattern)) // the torn line is cut: the file reads whole
			if code, _, msg := newsnorm(t, "state", "check", "--config", cfg); code != exitOK {
				t.Errorf("state check after repair: exit %d: %s", code, msg)
			}
			if code, _, msg := newsnorm(t, "crawl", "--config", cfg); code != exitOK {
				t.Fatalf("crawl after repair: exit %d: %s", code, msg)
			}
			wantOnce(t, ids(t, pattern), site.IDs())
			if got, lost := site.ArticleRequests()-fetched, before-kept; got != lost || lost == 0 {
				t.Errorf("the crawl after repair fetched %d articles, want exactly the %d that were lost", got, lost)
			}
		})
	}
}

// crawledWith is crawled, where OUT in extra stands for the directory.
func crawledWith(t *testing.T, n int, extra string) (*testsite.Site, string, string) {
	t.Helper()
	site := testsite.New(n)
	srv := site.Start()
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	yaml := siteConfig(srv.URL, dir)
	if strings.Contains(extra, "output:") {
		yaml = strings.Replace(yaml, "output: "+dir+"/out/{site}.jsonl\n", "", 1)
	}
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), yaml+strings.ReplaceAll(extra, "OUT", dir))
	if code, _, msg := newsnorm(t, "crawl", "--config", cfg); code != exitOK {
		t.Fatalf("first crawl: exit %d: %s", code, msg)
	}
	return site, dir, cfg
}

// A state file emptied (0 bytes) or deleted next to outputs that hold
// records: the run refuses (it used to write every record again); `state
// rebuild` rebuilds the done-set from the outputs, and the run after it
// fetches no article and writes nothing twice.
func TestStateRebuildAfterLostState(t *testing.T) {
	for _, loss := range []string{"0 bytes", "deleted"} {
		t.Run(loss, func(t *testing.T) {
			site, dir, cfg := crawled(t, 20, "")
			statePath := filepath.Join(dir, "state.db")
			out := filepath.Join(dir, "out", "tarnama.jsonl")
			if loss == "deleted" {
				os.Remove(statePath)
			} else {
				os.Truncate(statePath, 0)
			}
			code, _, msg := newsnorm(t, "crawl", "--config", cfg)
			if code != exitFailed || !strings.Contains(msg, out+": holds records") || !strings.Contains(msg, "newsnorm state rebuild --state "+statePath+" --from "+out) {
				t.Fatalf("crawl with a lost state: exit %d, %q; want %d naming %s and how to rebuild", code, msg, exitFailed, out)
			}
			t.Logf("refused: %s", msg)
			wantOnce(t, ids(t, out), site.IDs())
			fetched := site.ArticleRequests()
			code, stdout, msg := newsnorm(t, "state", "rebuild", "--config", cfg, "--from", filepath.Join(dir, "out", "*.jsonl"))
			if code != exitOK || !strings.Contains(stdout, out+": 20 records marked done") {
				t.Fatalf("state rebuild: exit %d: %s\n%s", code, msg, stdout)
			}
			if code, _, msg := newsnorm(t, "crawl", "--config", cfg); code != exitOK {
				t.Fatalf("crawl after rebuild: exit %d: %s", code, msg)
			}
			wantOnce(t, ids(t, out), site.IDs())
			if got := site.ArticleRequests() - fetched; got != 0 {
				t.Errorf("the crawl after rebuild fetched %d articles, want none", got)
			}
		})
	}
}

// A fresh start is not refused: no state, and output files that hold no
// record (empty, rejects, failures) next to it.
func TestFreshStartNextToFilesWithoutRecords(t *testing.T) {
	site := testsite.New(5)
	srv := site.Start()
	defer srv.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
	os.MkdirAll(filepath.Join(dir, "out"), 0o755)
	writeFile(t, filepath.Join(dir, "out", "tarnama.jsonl"), "")
	writeFile(t, filepath.Join(dir, "out", "rejects.jsonl"), `{"url":"http://x/1","site":"tarnama","reason":"invalid: body","fetched_at":"2026-01-01T00:00:00Z"}`+"\n")
	writeFile(t, filepath.Join(dir, "out", "failures.jsonl"), `{"url":"http://x/2","reason":"http-status","status":500,"attempts":1,"at":"2026-01-01T00:00:00Z"}`+"\n")
	if code, _, msg := newsnorm(t, "crawl", "--config", cfg); code != exitOK {
		t.Fatalf("fresh crawl: exit %d: %s", code, msg)
	}
	wantOnce(t, ids(t, filepath.Join(dir, "out", "tarnama.jsonl")), site.IDs())
}

// `state forget` makes exactly the articles it names (or all of a site)
// be fetched and written again by the next run.
func TestStateForgetFetchesThoseAgain(t *testing.T) {
	site, dir, cfg := crawled(t, 20, "")
	out := filepath.Join(dir, "out", "tarnama.jsonl")
	fetched := site.ArticleRequests()
	code, stdout, msg := newsnorm(t, "state", "forget", "--config", cfg, "--site", "tarnama", "--id", "174003", "--id", "174011")
	if code != exitOK || !strings.Contains(stdout, "forgot 2 articles") {
		t.Fatalf("state forget --id: exit %d, %q, %s", code, stdout, msg)
	}
	if code, _, msg := newsnorm(t, "crawl", "--config", cfg); code != exitOK {
		t.Fatalf("crawl after forget: exit %d: %s", code, msg)
	}
	if got := site.ArticleRequests() - fetched; got != 2 || site.Requests("/News/174003.html") != 2 || site.Requests("/News/174011.html") != 2 {
		t.Errorf("the crawl after forget fetched %d articles, want exactly 174003 and 174011", got)
	}
	if n := len(ids(t, out)); n != 22 {
		t.Errorf("output holds %d records, want 22 (the old two and their new records)", n)
	}
	// An ID that is not done is an error, and nothing is forgotten.
	if code, _, msg := newsnorm(t, "state", "forget", "--config", cfg, "--site", "tarnama", "--id", "174001", "--id", "999"); code != exitUsage || !strings.Contains(msg, "tarnama/999 is not done") {
		t.Errorf("forget of an ID not done: exit %d, %q", code, msg)
	}
	fetched = site.ArticleRequests()
	if code, stdout, _ := newsnorm(t, "state", "forget", "--config", cfg, "--site", "tarnama", "--all"); code != exitOK || !strings.Contains(stdout, "forgot 20 articles") {
		t.Fatalf("state forget --all: exit %d, %q", code, stdout)
	}
	if code, _, msg := newsnorm(t, "crawl", "--config", cfg); code != exitOK {
		t.Fatalf("crawl after forget --all: exit %d: %s", code, msg)
	}
	if got := site.ArticleRequests() - fetched; got != 20 {
		t.Errorf("the crawl after forget --all fetched %d articles, want 20", got)
	}
	for _, bad := range [][]string{{"--site", "tarnama"}, {"--id", "1"}, {"--site", "tarnama", "--id", "1", "--all"}} {
		if code, _, _ := newsnorm(t, append([]string{"state", "forget", "--config", cfg}, bad...)...); code != exitUsage {
			t.Errorf("state forget %v: exit %d, want %d", bad, code, exitUsage)
		}
	}
}

// stats, ls, export and import on a crawled state.
func TestStateStatsLsExportImport(t *testing.T) {
	_, dir, cfg := crawled(t, 20, "")
	out := filepath.Join(dir, "out", "tarnama.jsonl")
	fi, _ := os.Stat(out)
	code, stdout, msg := newsnorm(t, "state", "stats", "--config", cfg)
	if code != exitOK {
		t.Fatalf("state stats: exit %d: %s", code, msg)
	}
	row := strings.Fields(strings.Split(stdout, "\n")[1])
	if len(row) != 7 || row[0] != "tarnama" || row[1] != "20" || row[3] != out || row[5] != fmt.Sprint(fi.Size()) || row[6] != fmt.Sprint(fi.Size()) {
		t.Errorf("state stats =\n%s\nwant tarnama, 20 articles, %s with %d bytes recorded and on disk", stdout, out, fi.Size())
	}
	code, stdout, msg = newsnorm(t, "state", "ls", "--config", cfg, "--site", "tarnama", "--since", "1h")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != exitOK || len(lines) != 20 {
		t.Fatalf("state ls: exit %d, %d lines, %s", code, len(lines), msg)
	}
	var l struct{ Site, ID, URL, Output, WrittenAt string }
	if err := json.Unmarshal([]byte(lines[0]), &l); err != nil || l.Site != "tarnama" || !strings.HasSuffix(l.URL, "/News/"+l.ID+".html") || l.Output != out {
		t.Errorf("state ls line %q: %+v, %v", lines[0], l, err)
	}
	if _, stdout, _ := newsnorm(t, "state", "ls", "--config", cfg, "--since", "2099-01-01"); stdout != "" {
		t.Errorf("state ls --since in the future listed %q", stdout)
	}
	if _, stdout, _ := newsnorm(t, "state", "ls", "--config", cfg, "--site", "other"); stdout != "" {
		t.Errorf("state ls --site other listed %q", stdout)
	}
	if code, _, _ := newsnorm(t, "state", "ls", "--config", cfg, "--since", "yesterday"); code != exitUsage {
		t.Errorf("state ls --since yesterday: exit %d, want %d", code, exitUsage)
	}
	_, exported, _ := newsnorm(t, "state", "export", "--config", cfg)
	dump := writeFile(t, filepath.Join(dir, "done.jsonl"), exported)
	other := filepath.Join(dir, "other.db")
	if code, stdout, msg := newsnorm(t, "state", "import", "--config", cfg, "--state", other, dump); code != exitOK || !strings.Contains(stdout, "marked 20 articles done") {
		t.Fatalf("state import: exit %d, %q, %s", code, stdout, msg)
	}
	if _, again, _ := newsnorm(t, "state", "export", "--config", cfg, "--state", other); again != exported {
		t.Errorf("export of the imported state differs:\n%s\nwant\n%s", again, exported)
	}
	if code, _, msg := newsnorm(t, "state", "stats", "--config", cfg, "--state", filepath.Join(dir, "none.db")); code != exitUsage || !strings.Contains(msg, "does not exist") {
		t.Errorf("state stats of a missing state: exit %d, %q", code, msg)
	}
	bad := writeFile(t, filepath.Join(dir, "bad.jsonl"), exported+"{not json\n")
	if code, _, msg := newsnorm(t, "state", "import", "--config", cfg, "--state", other, bad); code != exitFailed || !strings.Contains(msg, "bad.jsonl:21") {
		t.Errorf("import of a bad line: exit %d, %q; want it named with its line", code, msg)
	}
}

package pipeline

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/output"
	"github.com/newsnorm/newsnorm/state"
)

// gatedStore is a state store whose Commit waits for a release when
// gated, and which records the output sizes of every commit.
type gatedStore struct {
	state.Store
	mu      sync.Mutex
	gate    chan struct{} // nil: commits go through
	entered chan struct{} // a gated Commit started
	commits [][]state.Done
}

func (g *gatedStore) Commit(ctx context.Context, ds ...state.Done) error {
	g.mu.Lock()
	gate := g.gate
	g.mu.Unlock()
	if gate != nil {
		g.entered <- struct{}{}
		<-gate
	}
	g.mu.Lock()
	g.commits = append(g.commits, append([]state.Done(nil), ds...))
	g.mu.Unlock()
	return g.Store.Commit(ctx, ds...)
}

func (g *gatedStore) hold() {
	g.mu.Lock()
	g.gate, g.entered = make(chan struct{}), make(chan struct{}, 16)
	g.mu.Unlock()
}

func (g *gatedStore) release() {
	g.mu.Lock()
	close(g.gate)
	g.gate = nil
	g.mu.Unlock()
}

// testConfig is a config for one site, tarnama, with its files in dir.
func testConfig(t *testing.T, dir, extra string) *config.Config {
	t.Helper()
	yaml := fmt.Sprintf(`
state: %[1]s/state.db
output: %[1]s/out/{site}.jsonl
rejects: %[1]s/out/rejects.jsonl
failures: %[1]s/out/failures.jsonl
sites:
  - name: tarnama
    article: '^http://x/News/(?P<id>\d+)\.html$'
`, dir) + extra
	cfg, err := config.Parse(strings.NewReader(yaml), filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// testPipeline opens a pipeline on a fresh state and output file with
// fsync_every n, its store gated.
func testPipeline(t *testing.T, n int) (*Pipeline, *gatedStore, string) {
	t.Helper()
	dir := t.TempDir()
	cfg := testConfig(t, dir, fmt.Sprintf("fsync_every: %d\nfsync_interval: 0s\n", n))
	var stdout bytes.Buffer
	p, err := Open(context.Background(), Options{Config: cfg, Stdout: &stdout, Log: discardLogger(), Stop: func(error) {}})
	if err != nil {
		t.Fatal(err)
	}
	g := &gatedStore{Store: p.store}
	p.store = g
	return p, g, filepath.Join(dir, "out", "tarnama.jsonl")
}

func testRecord(i int) *output.Record {
	return &output.Record{ID: fmt.Sprint(i), Site: "tarnama", URL: fmt.Sprintf("http://x/News/%d.html", i),
		Headline: "Headline", Body: "Body of the article", ContentHash: fmt.Sprintf("sha256:%d", i)}
}

// waitBatch waits until the pipeline's unflushed batch holds n records.
func waitBatch(t *testing.T, p *Pipeline, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		p.mu.Lock()
		got := len(p.batch)
		p.mu.Unlock()
		if got == n {
			return
		}
	}
	t.Fatalf("the batch never reached %d records", n)
}

// While a batch is being made durable, workers go on writing the next
// one; the lengths the state records only ever grow, and end at the
// file's length.
func TestFlushDoesNotStopWriters(t *testing.T) {
	p, g, out := testPipeline(t, 2)
	ctx := context.Background()
	g.hold()
	flushed := make(chan struct{})
	go func() {
		p.Commit(ctx, testRecord(1), time.Time{})
		p.Commit(ctx, testRecord(2), time.Time{}) // fills the batch: flushes, held in Commit
		close(flushed)
	}()
	<-g.entered
	// The flush is held; a third record is written all the same.
	wrote := make(chan struct{})
	go func() {
		p.Commit(ctx, testRecord(3), time.Time{})
		close(wrote)
	}()
	select {
	case <-wrote:
	case <-time.After(10 * time.Second):
		t.Fatal("a write waited for the flush of the previous batch")
	}
	// Record 1 is being flushed, not yet done: the same article again is
	// a duplicate, not a second line.
	p.Commit(ctx, testRecord(1), time.Time{})
	if got := p.counts.duplicates.Load(); got != 1 {
		t.Errorf("duplicates = %d, want 1", got)
	}
	if _, ok, _ := g.Lookup(ctx, "tarnama", "1"); ok {
		t.Error("record 1 is done before its batch's commit")
	}
	g.release()
	<-flushed
	if _, ok, _ := g.Lookup(ctx, "tarnama", "3"); ok {
		t.Error("record 3 is done before its batch was flushed")
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	var last int64
	n := 0
	for _, c := range g.commits {
		for _, d := range c {
			if d.Size <= last {
				t.Errorf("recorded size %d after %d: went back", d.Size, last)
			}
			last = d.Size
			n++
		}
	}
	if n != 3 || last != st.Size() {
		t.Errorf("%d records committed, last size %d; want 3 and the file's %d bytes", n, last, st.Size())
	}
}

// With fsync_every 1, a commit returns only when its record is durable
// and marked done; records that arrive during a flush share the next one.
func TestGroupCommitKeepsPerRecordDurability(t *testing.T) {
	p, g, _ := testPipeline(t, 1)
	ctx := context.Background()
	g.hold()
	go p.Commit(ctx, testRecord(0), time.Time{})
	<-g.entered
	const waiting = 7
	var returned atomic.Int32
	var wg sync.WaitGroup
	for i := 1; i <= waiting; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.Commit(ctx, testRecord(i), time.Time{})
			if _, ok, err := g.Lookup(ctx, "tarnama", fmt.Sprint(i)); !ok || err != nil {
				t.Errorf("commit of %d returned before it was done (%v)", i, err)
			}
			returned.Add(1)
		}()
	}
	waitBatch(t, p, waiting)
	if n := returned.Load(); n != 0 {
		t.Fatalf("%d commits returned while their records were not durable", n)
	}
	g.release()
	wg.Wait()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if len(g.commits) != 2 || len(g.commits[1]) != waiting {
		sizes := []int{}
		for _, c := range g.commits {
			sizes = append(sizes, len(c))
		}
		t.Errorf("commits of %v records, want [1 %d]: the waiting records share one", sizes, waiting)
	}
}

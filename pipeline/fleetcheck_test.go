package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/internal/testredis"
	"github.com/newsnorm/newsnorm/state"
)

// A worker that starts while another live worker has written the first
// record of a new file, claimed and not yet committed, does not refuse
// over that file (it refused at random when workers started at once); the
// same file once its worker is gone, the record never done, is named as
// records the state knows nothing of, as before.
func TestFleetCheckSkipsAnotherWorkersRecordInFlight(t *testing.T) {
	addr := testredis.Addr(t)
	prefix := testredis.Prefix(t, addr)
	ctx := context.Background()
	dir := t.TempDir()
	template := filepath.Join(dir, "out", "{site}-{worker}.jsonl")
	open := func(worker string) (*state.Redis, string) {
		u := fmt.Sprintf("redis://%s/0?prefix=%s&lease=2s&outage=5s", addr, prefix)
		s, err := state.OpenRedis(ctx, u, state.RedisOptions{Worker: worker})
		if err != nil {
			t.Fatalf("OpenRedis(%s): %v", worker, err)
		}
		return s, u
	}
	a, _ := open("a")
	aOpen := true
	defer func() {
		if aOpen {
			a.Close()
		}
	}()
	b, bURL := open("b")
	defer b.Close()
	log := discardLogger()

	// a claims article 7 and writes its record: the commit is still to come.
	if ok, err := a.Claim(ctx, "tarnama", "7", ""); !ok || err != nil {
		t.Fatalf("a.Claim = %v, %v", ok, err)
	}
	aFile := filepath.Join(dir, "out", "tarnama-a.jsonl")
	if err := os.MkdirAll(filepath.Dir(aFile), 0o755); err != nil {
		t.Fatal(err)
	}
	line := `{"site":"tarnama","id":"7","url":"http://x/News/7.html","content_hash":"sha256:00","headline":"h"}` + "\n"
	if err := os.WriteFile(aFile, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := verifyOutputs(ctx, b, &fleet{redis: b, log: log}, bURL, template, "b", log); err != nil {
		t.Errorf("b's check with a's record in flight: %v, want none", err)
	}

	// An unclaimed record in a file no state knows is still refused.
	cFile := filepath.Join(dir, "out", "tarnama-c.jsonl")
	if err := os.WriteFile(cFile, []byte(strings.Replace(line, `"7"`, `"8"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	err := verifyOutputs(ctx, b, &fleet{redis: b, log: log}, bURL, template, "b", log)
	var oe *OutputsError
	if !errors.As(err, &oe) || len(oe.Problems) != 1 || oe.Problems[0].File != cFile || oe.Problems[0].Kind != Unknown {
		t.Fatalf("b's check with an unclaimed record in %s: %v, want that file named as unknown", cFile, err)
	}
	os.Remove(cFile)

	// a dies before its commit: its claim outlives it, its lease does not.
	a.Close()
	aOpen = false
	deadline := time.Now().Add(10 * time.Second)
	for {
		alive, err := b.Alive(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if !alive {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a's lease outlived its Close by 10s")
		}
		time.Sleep(50 * time.Millisecond)
	}
	err = verifyOutputs(ctx, b, &fleet{redis: b, log: log}, bURL, template, "b", log)
	if !errors.As(err, &oe) || len(oe.Problems) != 1 || oe.Problems[0].File != aFile || oe.Problems[0].Kind != Unknown {
		t.Errorf("b's check after a died with its record uncommitted: %v, want %s named as unknown", err, aFile)
	}
}

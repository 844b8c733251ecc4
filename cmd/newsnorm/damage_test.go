package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/internal/testdamage"
	"github.com/newsnorm/newsnorm/internal/testsite"
	"github.com/newsnorm/newsnorm/state"
)

// A corrupt state file (truncated, pages zeroed, random bytes) stops the
// run with exit 1 and a message naming the file: no panic (exit 2, the
// usage code), and no output written.
func TestCorruptStateExitsOneNamingTheFile(t *testing.T) {
	site := testsite.New(5)
	srv := site.Start()
	defer srv.Close()
	for _, d := range testdamage.Bolt() {
		t.Run(d.Name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteConfig(srv.URL, dir))
			statePath := filepath.Join(dir, "state.db")
			b, err := state.OpenBolt(statePath)
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < 3000; i += 500 {
				var ds []state.Done
				for j := i; j < i+500; j++ {
					ds = append(ds, state.Done{Site: "tarnama", ID: fmt.Sprint(j), URL: fmt.Sprintf("%s/News/%d.html", srv.URL, j),
						Hash: "sha256:00", At: time.Now()})
				}
				if err := b.Commit(context.Background(), ds...); err != nil {
					t.Fatal(err)
				}
			}
			b.Close()
			d.Apply(t, statePath)
			code, stderr := runCLI(t, "crawl", "--config", cfg)
			if code != exitFailed || !strings.Contains(stderr, statePath) || !strings.Contains(stderr, "corrupt") {
				t.Fatalf("crawl on a damaged state: exit %d, want %d and a message naming %s as corrupt:\n%s", code, exitFailed, statePath, tail(stderr, 3000))
			}
			if strings.Contains(stderr, "panic") {
				t.Errorf("the run panicked:\n%s", tail(stderr, 3000))
			}
			if code, stderr := runCLI(t, "state", "check", "--config", cfg); code != exitFailed || !strings.Contains(stderr, statePath) {
				t.Errorf("state check on a damaged state: exit %d, want %d naming %s:\n%s", code, exitFailed, statePath, tail(stderr, 3000))
			}
		})
	}
}

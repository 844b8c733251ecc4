package state

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// The Store conformance test: one body run against every implementation,
// as litestream's RunWithReplicaClient runs one body against every
// backend. A store that passes it can back a run.
func TestStoreConformance(t *testing.T) {
	for _, tc := range []struct {
		name string
		// grantsAll: one run holds the store, so it grants every claim.
		grantsAll bool
		open      func(t *testing.T) (Store, func() Store)
	}{
		{"bolt", true, func(t *testing.T) (Store, func() Store) {
			path := filepath.Join(t.TempDir(), "state.db")
			open := func() Store {
				b, err := OpenBolt(path)
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			return open(), open
		}},
		{"redis", false, func(t *testing.T) (Store, func() Store) {
			prefix := testPrefix(t)
			open := func() Store { return openTest(t, prefix, "w1", 5*time.Second) }
			return open(), open
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, reopen := tc.open(t)
			storeConformance(t, s, reopen, tc.grantsAll)
		})
		t.Run(tc.name+"/admin", func(t *testing.T) {
			s, reopen := tc.open(t)
			adminConformance(t, s.(Admin), func() Admin { return reopen().(Admin) })
		})
	}
}

func storeConformance(t *testing.T, s Store, reopen func() Store, grantsAll bool) {
	ctx := context.Background()
	// Nothing is known of a new store.
	if _, ok, err := s.Lookup(ctx, "s", "1"); ok || err != nil {
		t.Fatalf("Lookup on a new store = %v, %v; want nothing", ok, err)
	}
	if ok, err := s.IsURLDone(ctx, "http://x/1"); ok || err != nil {
		t.Fatalf("IsURLDone on a new store = %v, %v", ok, err)
	}
	if _, ok, err := s.OutputSize(ctx, "out/s.jsonl"); ok || err != nil {
		t.Fatalf("OutputSize on a new store = %v, %v", ok, err)
	}
	// A claim is granted for an article not done.
	if got, err := s.Claim(ctx, "s", "1", ""); !got || err != nil {
		t.Fatalf("Claim(s, 1) = %v, %v; want granted", got, err)
	}
	if err := s.SetOutputSize(ctx, "out/s.jsonl", 10); err != nil {
		t.Fatal(err)
	}
	published := time.Date(2016, 12, 28, 6, 12, 0, 0, time.UTC)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	err := s.Commit(ctx,
		Done{Site: "s", ID: "1", URL: "http://x/1", Hash: "sha256:a", Output: "out/s.jsonl", Size: 20, At: at, Published: published},
		Done{Site: "s", ID: "2", URL: "http://x/2", Hash: "sha256:b", Output: "out/s.jsonl", Size: 30, At: at},
		Done{Site: "t", ID: "1", Hash: "sha256:c", At: at}, // stdout: no file, no URL
	)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetValidators(ctx, "http://x/", Validators{ETag: `"e1"`, LastModified: "Wed, 28 Dec 2016 06:12:00 GMT"}); err != nil {
		t.Fatal(err)
	}
	check := func(s Store, when string) {
		t.Helper()
		d, ok, err := s.Lookup(ctx, "s", "1")
		if !ok || err != nil || d.URL != "http://x/1" || d.Hash != "sha256:a" || !d.Published.Equal(published) || !d.At.Equal(at) || d.Output != "out/s.jsonl" {
			t.Errorf("%s: Lookup(s, 1) = %+v, %v, %v", when, d, ok, err)
		}
		if _, ok, _ := s.Lookup(ctx, "t", "1"); !ok {
			t.Errorf("%s: Lookup(t, 1) found nothing", when)
		}
		if _, ok, _ := s.Lookup(ctx, "u", "1"); ok {
			t.Errorf("%s: Lookup(u, 1) of another site found it", when)
		}
		for u, want := range map[string]bool{"http://x/1": true, "http://x/2": true, "http://x/3": false} {
			if ok, err := s.IsURLDone(ctx, u); ok != want || err != nil {
				t.Errorf("%s: IsURLDone(%s) = %v, %v; want %v", when, u, ok, err, want)
			}
		}
		// The last size given for a file wins.
		if size, ok, err := s.OutputSize(ctx, "out/s.jsonl"); size != 30 || !ok || err != nil {
			t.Errorf("%s: OutputSize = %d, %v, %v; want 30", when, size, ok, err)
		}
		if v, err := s.Validators(ctx, "http://x/"); err != nil || v.ETag != `"e1"` || v.LastModified == "" {
			t.Errorf("%s: Validators = %+v, %v", when, v, err)
		}
		if v, err := s.Validators(ctx, "http://x/other"); err != nil || v != (Validators{}) {
			t.Errorf("%s: Validators of an unknown URL = %+v, %v", when, v, err)
		}
		// A done article is not claimed again, unless rechecked with
		// other content.
		if got, err := s.Claim(ctx, "s", "1", ""); err != nil || got != grantsAll {
			t.Errorf("%s: Claim of a done article = %v, %v; want %v", when, got, err, grantsAll)
		}
		if got, err := s.Claim(ctx, "s", "1", "sha256:other"); !got || err != nil {
			t.Errorf("%s: Claim of a done article with new content = %v, %v; want granted", when, got, err)
		}
	}
	check(s, "before reopen")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = reopen()
	defer s.Close()
	check(s, "after reopen")
}

// adminConformance is the body for what `newsnorm state` uses: listing,
// marking and forgetting articles, listing and dropping output lengths.
func adminConformance(t *testing.T, s Admin, reopen func() Admin) {
	ctx := context.Background()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	long := strings.Repeat("7", 2000) // an ID long enough to be hashed in the key
	err := s.Commit(ctx,
		Done{Site: "s", ID: "1", URL: "http://x/1", Hash: "h1", Output: "out/s.jsonl", Size: 20, At: at},
		Done{Site: "s", ID: long, URL: "http://x/long", Hash: "h2", Output: "out/s.jsonl", Size: 30, At: at},
		Done{Site: "t", ID: "1", URL: "http://y/1", Hash: "h3", Output: "out/t.jsonl", Size: 5, At: at},
	)
	if err != nil {
		t.Fatal(err)
	}
	// Mark records articles without touching output lengths.
	if err := s.Mark(ctx, Done{Site: "t", ID: "2", URL: "http://y/2", Hash: "h4", Output: "out/t.jsonl", At: at}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.IsURLDone(ctx, "http://y/2"); !ok {
		t.Error("a marked article's URL is not done")
	}
	outs, err := s.Outputs(ctx)
	if err != nil || len(outs) != 2 || outs["out/s.jsonl"] != 30 || outs["out/t.jsonl"] != 5 {
		t.Errorf("Outputs = %v, %v; want out/s.jsonl 30 and out/t.jsonl 5", outs, err)
	}
	scan := func(s Admin) []string {
		var got []string
		err := s.Scan(ctx, func(d Done) error {
			id := d.ID
			if id == long {
				id = "long"
			}
			got = append(got, fmt.Sprintf("%s/%s %s %s %s", d.Site, id, d.URL, d.Hash, d.Output))
			if !d.At.Equal(at) {
				t.Errorf("Scan: %s/%s at %v, want %v", d.Site, id, d.At, at)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(got)
		return got
	}
	want := []string{"s/1 http://x/1 h1 out/s.jsonl", "s/long http://x/long h2 out/s.jsonl", "t/1 http://y/1 h3 out/t.jsonl", "t/2 http://y/2 h4 out/t.jsonl"}
	if got := scan(s); !slices.Equal(got, want) {
		t.Errorf("Scan = %q, want %q", got, want)
	}
	// Forgotten articles are not done, nor their URLs.
	if err := s.Forget(ctx, Done{Site: "s", ID: long}, Done{Site: "t", ID: "1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DropOutput(ctx, "out/t.jsonl"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = reopen()
	defer s.Close()
	for _, k := range [][2]string{{"s", long}, {"t", "1"}} {
		if _, ok, _ := s.Lookup(ctx, k[0], k[1]); ok {
			t.Errorf("Lookup of a forgotten article %s/%.8s found it", k[0], k[1])
		}
	}
	for u, want := range map[string]bool{"http://x/1": true, "http://x/long": false, "http://y/1": false, "http://y/2": true} {
		if ok, _ := s.IsURLDone(ctx, u); ok != want {
			t.Errorf("after Forget: IsURLDone(%s) = %v, want %v", u, ok, want)
		}
	}
	if got := scan(s); !slices.Equal(got, []string{want[0], want[3]}) {
		t.Errorf("Scan after Forget = %q", got)
	}
	if outs, _ := s.Outputs(ctx); len(outs) != 1 || outs["out/s.jsonl"] != 30 {
		t.Errorf("Outputs after DropOutput = %v", outs)
	}
}

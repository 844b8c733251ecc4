package state

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// writeFormat1 writes a state file the way newsnorm wrote it before URL
// keys were hashed (format 1): buckets done (site NUL id -> JSON), urls
// (the URL itself -> site NUL id), outputs (path -> big-endian length) and
// validators (the URL itself -> JSON).
func writeFormat1(t *testing.T, path string, done map[string]doneValue, outputs map[string]int64, validators map[string]Validators) {
	t.Helper()
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		bs := map[string]*bolt.Bucket{}
		for _, name := range []string{"done", "urls", "outputs", "validators"} {
			b, err := tx.CreateBucket([]byte(name))
			if err != nil {
				return err
			}
			bs[name] = b
		}
		for key, dv := range done {
			v, _ := json.Marshal(dv)
			if err := bs["done"].Put([]byte(key), v); err != nil {
				return err
			}
			if err := bs["urls"].Put([]byte(dv.URL), []byte(key)); err != nil {
				return err
			}
		}
		for p, n := range outputs {
			var buf [8]byte
			binary.BigEndian.PutUint64(buf[:], uint64(n))
			if err := bs["outputs"].Put([]byte(p), buf[:]); err != nil {
				return err
			}
		}
		for u, v := range validators {
			raw, _ := json.Marshal(v)
			if err := bs["validators"].Put([]byte(u), raw); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A URL longer than bbolt's 32 KiB key limit is committed and found
// again, and so are its validators and an article ID as long.
func TestBoltLongURLs(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	b, err := OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	long := "http://x/News/7?pad=" + strings.Repeat("a", 64<<10)
	longID := strings.Repeat("9", 40<<10)
	err = b.Commit(ctx,
		Done{Site: "s", ID: "7", URL: long, Hash: "h", Output: "out.jsonl", Size: 10},
		Done{Site: "s", ID: longID, URL: long + "b", Hash: "h2", Output: "out.jsonl", Size: 20},
	)
	if err != nil {
		t.Fatalf("Commit of a 64 KiB URL: %v", err)
	}
	if err := b.SetValidators(ctx, long, Validators{ETag: `"e"`}); err != nil {
		t.Fatalf("SetValidators of a 64 KiB URL: %v", err)
	}
	b.Close()
	b, err = OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, u := range []string{long, long + "b"} {
		if ok, err := b.IsURLDone(ctx, u); !ok || err != nil {
			t.Errorf("IsURLDone(%d-byte URL) = %v, %v; want true", len(u), ok, err)
		}
	}
	if ok, _ := b.IsURLDone(ctx, long+"c"); ok {
		t.Error("IsURLDone of another long URL = true")
	}
	if d, ok, err := b.Lookup(ctx, "s", longID); !ok || err != nil || d.Hash != "h2" || d.ID != longID {
		t.Errorf("Lookup(s, 40 KiB ID) = %v, %v, %v", d.Hash, ok, err)
	}
	if v, err := b.Validators(ctx, long); err != nil || v.ETag != `"e"` {
		t.Errorf("Validators(64 KiB URL) = %+v, %v", v, err)
	}
}

// A state file written in the old format (URLs as keys) opens, and keeps
// every article, URL, output length and validator.
func TestBoltOpensFormat1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	done := map[string]doneValue{}
	for i, u := range []string{"http://x/News/1.html", "http://x/News/2.html", "http://x/a?b=c"} {
		done["s\x00"+string(rune('1'+i))] = doneValue{URL: u, Hash: "sha256:" + u, At: at, Output: "out/s.jsonl"}
	}
	writeFormat1(t, path, done, map[string]int64{"out/s.jsonl": 1234},
		map[string]Validators{"http://x/": {ETag: `"v1"`, LastModified: "Wed, 28 Dec 2016 06:12:00 GMT"}})

	for round := range 2 { // migrated on the first open; the second finds it done
		b, err := OpenBolt(path)
		if err != nil {
			t.Fatalf("open %d: %v", round, err)
		}
		for _, u := range []string{"http://x/News/1.html", "http://x/News/2.html", "http://x/a?b=c"} {
			if ok, err := b.IsURLDone(ctx, u); !ok || err != nil {
				t.Errorf("open %d: IsURLDone(%s) = %v, %v; want true", round, u, ok, err)
			}
		}
		if ok, _ := b.IsURLDone(ctx, "http://x/News/3.html"); ok {
			t.Errorf("open %d: IsURLDone of an unknown URL = true", round)
		}
		if d, ok, err := b.Lookup(ctx, "s", "2"); !ok || err != nil || d.URL != "http://x/News/2.html" || !d.At.Equal(at) {
			t.Errorf("open %d: Lookup(s, 2) = %+v, %v, %v", round, d, ok, err)
		}
		if n, ok, err := b.OutputSize(ctx, "out/s.jsonl"); n != []int64{1234, 2000}[round] || !ok || err != nil {
			t.Errorf("open %d: OutputSize = %d, %v, %v", round, n, ok, err)
		}
		if v, err := b.Validators(ctx, "http://x/"); err != nil || v.ETag != `"v1"` {
			t.Errorf("open %d: Validators = %+v, %v", round, v, err)
		}
		// New commits work next to migrated ones.
		if err := b.Commit(ctx, Done{Site: "s", ID: "9", URL: "http://x/News/9.html", Output: "out/s.jsonl", Size: 2000}); err != nil {
			t.Fatal(err)
		}
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// No key of the file holds a URL any more.
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, bk *bolt.Bucket) error {
			return bk.ForEach(func(k, _ []byte) error {
				if strings.Contains(string(k), "http://") {
					t.Errorf("bucket %s still has a URL key %q", name, k)
				}
				return nil
			})
		})
	})
}

// Package testdamage damages state files the ways disks, people and
// crashes do, for the tests that check newsnorm refuses them by name:
// truncated, pages zeroed, random bytes.
package testdamage

import (
	"math/rand/v2"
	"os"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A Damage rewrites the bbolt file at path.
type Damage struct {
	Name  string
	Apply func(t testing.TB, path string)
}

const pageSize = 4096

// Bolt returns the damages tried on a newsnorm state file (bbolt) of
// well over 64 KiB, whose "done" bucket has pages of its own.
func Bolt() []Damage {
	return []Damage{
		{"truncated to 64 KiB", func(t testing.TB, path string) {
			if err := os.Truncate(path, 64<<10); err != nil {
				t.Fatal(err)
			}
		}},
		{"zeroed pages after the meta pages", func(t testing.TB, path string) {
			rewrite(t, path, func(data []byte) {
				clear(data[2*pageSize:])
			})
		}},
		{"zeroed root page of the done bucket", func(t testing.TB, path string) {
			pg := rootPage(t, path, "done")
			rewrite(t, path, func(data []byte) {
				clear(data[pg*pageSize : (pg+1)*pageSize])
			})
		}},
		{"random bytes over the root page of the done bucket", func(t testing.TB, path string) {
			pg := rootPage(t, path, "done")
			rng := rand.New(rand.NewPCG(1, 2))
			rewrite(t, path, func(data []byte) {
				for i := pg * pageSize; i < (pg+1)*pageSize; i++ {
					data[i] = byte(rng.Uint32())
				}
			})
		}},
		{"random bytes", func(t testing.TB, path string) {
			rng := rand.New(rand.NewPCG(3, 4))
			rewrite(t, path, func(data []byte) {
				for i := range data {
					data[i] = byte(rng.Uint32())
				}
			})
		}},
	}
}

// RootPage is the page the named bucket's tree starts at.
func RootPage(t testing.TB, path, bucket string) int { return rootPage(t, path, bucket) }

func rootPage(t testing.TB, path, bucket string) int {
	t.Helper()
	db, err := bolt.Open(path, 0o644, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pg int
	db.View(func(tx *bolt.Tx) error {
		if b := tx.Bucket([]byte(bucket)); b != nil {
			pg = int(b.Root())
		}
		return nil
	})
	if pg == 0 {
		t.Fatalf("%s: bucket %s has no page of its own (too few entries)", path, bucket)
	}
	return pg
}

func rewrite(t testing.TB, path string, f func([]byte)) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f(data)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

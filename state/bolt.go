package state

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

var (
	bucketDone    = []byte("done")       // site \x00 id -> doneValue JSON
	bucketURLs    = []byte("urls")       // url -> site \x00 id
	bucketOutputs = []byte("outputs")    // path -> uint64 length
	bucketValid   = []byte("validators") // url -> Validators JSON
)

// Bolt is the embedded store: one bbolt file. Opening it takes an
// exclusive lock on the file, so one run at a time holds it; the operating
// system drops the lock when the process dies, so a dead run's lock is
// taken over by the next.
type Bolt struct {
	db *bolt.DB
}

type doneValue struct {
	URL       string    `json:"url"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"`
	Published time.Time `json:"published,omitzero"`
	Output    string    `json:"output,omitempty"`
}

// OpenBolt opens (or creates) the store at path. It returns an error
// wrapping ErrLocked when another process holds it.
func OpenBolt(path string) (*Bolt, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("state %s: %w", path, err)
		}
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 200 * time.Millisecond})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("state %s: %w", path, ErrLocked)
		}
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketDone, bucketURLs, bucketOutputs, bucketValid} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	return &Bolt{db: db}, nil
}

func doneKey(site, id string) []byte { return []byte(site + "\x00" + id) }

// Claim implements Store: one run holds the embedded store, so every
// claim is granted (the pipeline has looked the article up already).
func (b *Bolt) Claim(context.Context, string, string, string) (bool, error) { return true, nil }

// IsURLDone implements Store.
func (b *Bolt) IsURLDone(_ context.Context, url string) (bool, error) {
	var ok bool
	err := b.db.View(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketURLs).Get([]byte(url)) != nil
		return nil
	})
	return ok, err
}

// Lookup implements Store.
func (b *Bolt) Lookup(_ context.Context, site, id string) (Done, bool, error) {
	var d Done
	var ok bool
	err := b.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketDone).Get(doneKey(site, id))
		if v == nil {
			return nil
		}
		var dv doneValue
		if err := json.Unmarshal(v, &dv); err != nil {
			return fmt.Errorf("done record %s/%s: %w", site, id, err)
		}
		ok = true
		d = Done{Site: site, ID: id, URL: dv.URL, Hash: dv.Hash, At: dv.At, Published: dv.Published, Output: dv.Output}
		return nil
	})
	return d, ok, err
}

// Commit implements Store.
func (b *Bolt) Commit(_ context.Context, ds ...Done) error {
	if len(ds) == 0 {
		return nil
	}
	return b.db.Update(func(tx *bolt.Tx) error {
		for _, d := range ds {
			v, err := json.Marshal(doneValue{URL: d.URL, Hash: d.Hash, At: d.At.UTC(), Published: d.Published.UTC(), Output: d.Output})
			if err != nil {
				return err
			}
			key := doneKey(d.Site, d.ID)
			if err := tx.Bucket(bucketDone).Put(key, v); err != nil {
				return err
			}
			if d.URL != "" {
				if err := tx.Bucket(bucketURLs).Put([]byte(d.URL), key); err != nil {
					return err
				}
			}
			if d.Output != "" {
				if err := putSize(tx, d.Output, d.Size); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// Validators implements Store.
func (b *Bolt) Validators(_ context.Context, url string) (Validators, error) {
	var v Validators
	err := b.db.View(func(tx *bolt.Tx) error {
		if raw := tx.Bucket(bucketValid).Get([]byte(url)); raw != nil {
			return json.Unmarshal(raw, &v)
		}
		return nil
	})
	return v, err
}

// SetValidators implements Store.
func (b *Bolt) SetValidators(_ context.Context, url string, v Validators) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketValid).Put([]byte(url), raw) })
}

func putSize(tx *bolt.Tx, path string, size int64) error {
	var buf [8]byte
	binary.BigEndian.PutUint64(buf[:], uint64(size))
	return tx.Bucket(bucketOutputs).Put([]byte(path), buf[:])
}

// OutputSize implements Store.
func (b *Bolt) OutputSize(_ context.Context, path string) (int64, bool, error) {
	var size int64
	var ok bool
	err := b.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketOutputs).Get([]byte(path)); len(v) == 8 {
			size, ok = int64(binary.BigEndian.Uint64(v)), true
		}
		return nil
	})
	return size, ok, err
}

// SetOutputSize implements Store.
func (b *Bolt) SetOutputSize(_ context.Context, path string, size int64) error {
	return b.db.Update(func(tx *bolt.Tx) error { return putSize(tx, path, size) })
}

// Close implements Store.
func (b *Bolt) Close() error { return b.db.Close() }

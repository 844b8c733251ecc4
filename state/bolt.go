package state

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

var (
	bucketDone    = []byte("done")           // doneKey(site, id) -> doneValue JSON
	bucketURLs    = []byte("url_keys")       // urlKey(url) -> doneKey
	bucketOutputs = []byte("outputs")        // path -> uint64 length
	bucketValid   = []byte("validator_keys") // urlKey(url) -> Validators JSON
)

// Bolt is the embedded store: one bbolt file. Opening it takes an
// exclusive lock on the file, so one run at a time holds it; the operating
// system drops the lock when the process dies, so a dead run's lock is
// taken over by the next.
//
// A damaged file is never trusted: opening checks it (bolt_guard.go), and
// a panic of bbolt on a page that is not what it should be is turned into
// a *CorruptError naming the file, after which the store refuses every
// call.
type Bolt struct {
	db   *bolt.DB
	path string
	file *os.File // bbolt's handle on the file, which holds the lock

	mu     sync.Mutex
	broken error // a *CorruptError once the file showed damage
}

type doneValue struct {
	// Site and ID are kept when the key does not hold them (a long ID,
	// whose key is hashed).
	Site      string    `json:"site,omitempty"`
	ID        string    `json:"id,omitempty"`
	URL       string    `json:"url"`
	Hash      string    `json:"hash"`
	At        time.Time `json:"at"`
	Published time.Time `json:"published,omitzero"`
	Output    string    `json:"output,omitempty"`
}

// OpenBolt opens (or creates) the store at path. It returns an error
// wrapping ErrLocked when another process holds it, and a *CorruptError
// when the file is damaged. A file written by an older newsnorm (URLs as
// keys) is brought to the current format first.
func OpenBolt(path string) (*Bolt, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("state %s: %w", path, err)
		}
	}
	b := &Bolt{path: path}
	opts := &bolt.Options{Timeout: 200 * time.Millisecond, OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		b.file = f
		return f, err
	}}
	err := b.guard(func() error {
		db, err := bolt.Open(path, 0o644, opts)
		b.db = db
		return err
	})
	switch {
	case err == nil:
	case errors.Is(err, ErrCorrupt):
		b.Close()
		return nil, err
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("state %s: %w", path, ErrLocked)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum), errors.Is(err, bolterrors.ErrVersionMismatch):
		return nil, &CorruptError{Path: path, Detail: err.Error()}
	default:
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	if err := b.verify(); err != nil {
		b.Close()
		return nil, err
	}
	if err := b.migrate(); err != nil {
		b.Close()
		return nil, b.named(err)
	}
	err = b.update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketDone, bucketURLs, bucketOutputs, bucketValid} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Close()
		return nil, b.named(err)
	}
	return b, nil
}

// named makes err name the state file, unless it does already.
func (b *Bolt) named(err error) error {
	var ce *CorruptError
	if err == nil || errors.As(err, &ce) {
		return err
	}
	return fmt.Errorf("state %s: %w", b.path, err)
}

// Path is the store's file.
func (b *Bolt) Path() string { return b.path }

// Claim implements Store: one run holds the embedded store, so every
// claim is granted (the pipeline has looked the article up already).
func (b *Bolt) Claim(context.Context, string, string, string) (bool, error) { return true, nil }

// IsURLDone implements Store.
func (b *Bolt) IsURLDone(_ context.Context, url string) (bool, error) {
	var ok bool
	err := b.view(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketURLs).Get([]byte(urlKey(url))) != nil
		return nil
	})
	return ok, err
}

// Lookup implements Store.
func (b *Bolt) Lookup(_ context.Context, site, id string) (Done, bool, error) {
	var d Done
	var ok bool
	err := b.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketDone).Get(doneKey(site, id))
		if v == nil {
			return nil
		}
		var dv doneValue
		if err := json.Unmarshal(v, &dv); err != nil {
			return fmt.Errorf("done record %s/%s: %w", site, id, err)
		}
		ok = true
		d = dv.done(site, id)
		return nil
	})
	return d, ok, err
}

func (dv doneValue) done(site, id string) Done {
	return Done{Site: site, ID: id, URL: dv.URL, Hash: dv.Hash, At: dv.At, Published: dv.Published, Output: dv.Output}
}

// value is what the embedded store keeps of d under key.
func value(d Done, key []byte) ([]byte, error) {
	dv := doneValue{URL: d.URL, Hash: d.Hash, At: d.At.UTC(), Published: d.Published.UTC(), Output: d.Output}
	if _, _, hashed := splitDoneKey(key); hashed {
		dv.Site, dv.ID = d.Site, d.ID
	}
	return json.Marshal(dv)
}

// Commit implements Store.
func (b *Bolt) Commit(_ context.Context, ds ...Done) error {
	if len(ds) == 0 {
		return nil
	}
	return b.update(func(tx *bolt.Tx) error {
		for _, d := range ds {
			if err := putDone(tx, d); err != nil {
				return err
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

// putDone marks d done, and its URL.
func putDone(tx *bolt.Tx, d Done) error {
	key := doneKey(d.Site, d.ID)
	v, err := value(d, key)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketDone).Put(key, v); err != nil {
		return err
	}
	if d.URL != "" {
		return tx.Bucket(bucketURLs).Put([]byte(urlKey(d.URL)), key)
	}
	return nil
}

// Validators implements Store.
func (b *Bolt) Validators(_ context.Context, url string) (Validators, error) {
	var v Validators
	err := b.view(func(tx *bolt.Tx) error {
		if raw := tx.Bucket(bucketValid).Get([]byte(urlKey(url))); raw != nil {
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
	return b.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketValid).Put([]byte(urlKey(url)), raw) })
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
	err := b.view(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketOutputs).Get([]byte(path)); len(v) == 8 {
			size, ok = int64(binary.BigEndian.Uint64(v)), true
		}
		return nil
	})
	return size, ok, err
}

// SetOutputSize implements Store.
func (b *Bolt) SetOutputSize(_ context.Context, path string, size int64) error {
	return b.update(func(tx *bolt.Tx) error { return putSize(tx, path, size) })
}

// Close implements Store.
func (b *Bolt) Close() error {
	if b.brokenErr() != nil || b.db == nil {
		b.closeBroken()
		return nil
	}
	return b.db.Close()
}

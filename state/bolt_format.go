package state

import (
	"bytes"
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// The embedded store's file format. Format 1 kept URLs themselves as the
// keys of its buckets "urls" (URL -> done key) and "validators" (URL ->
// JSON), which made a URL over bbolt's 32 KiB key limit fail the commit
// of its whole batch, and every run after it. Format 2 keys both by
// urlKey (buckets "url_keys" and "validator_keys"), and hashes done keys
// longer than maxPlainKey. Opening a format 1 file moves its entries over,
// in transactions of migrateChunk entries (a crash in between leaves
// entries in both buckets, and the next open carries on).

var (
	bucketURLs1  = []byte("urls")
	bucketValid1 = []byte("validators")
)

const migrateChunk = 10000

// migrate brings a format 1 file to format 2; a format 2 file is left as
// it is.
func (b *Bolt) migrate() error {
	err := b.update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(bucketDone)
		if bk == nil {
			return nil
		}
		var long [][]byte
		err := bk.ForEach(func(k, _ []byte) error {
			if len(k) > maxPlainKey && bytes.IndexByte(k, 0) >= 0 {
				long = append(long, bytes.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range long {
			site, id, _ := splitDoneKey(k)
			var dv doneValue
			if err := json.Unmarshal(bk.Get(k), &dv); err != nil {
				return err
			}
			v, err := value(dv.done(site, id), doneKey(site, id))
			if err != nil {
				return err
			}
			if err := bk.Put(doneKey(site, id), v); err != nil {
				return err
			}
			if err := bk.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	rekeyDone := func(v []byte) []byte {
		if site, id, hashed := splitDoneKey(v); !hashed && len(v) > maxPlainKey {
			return doneKey(site, id)
		}
		return bytes.Clone(v)
	}
	for _, m := range []struct {
		from, to []byte
		value    func([]byte) []byte
	}{{bucketURLs1, bucketURLs, rekeyDone}, {bucketValid1, bucketValid, bytes.Clone}} {
		for more := true; more; {
			more = false
			err := b.update(func(tx *bolt.Tx) error {
				from := tx.Bucket(m.from)
				if from == nil {
					return nil
				}
				to, err := tx.CreateBucketIfNotExists(m.to)
				if err != nil {
					return err
				}
				var moved [][]byte
				c := from.Cursor()
				for k, v := c.First(); k != nil && len(moved) < migrateChunk; k, v = c.Next() {
					if err := to.Put([]byte(urlKey(string(k))), m.value(v)); err != nil {
						return err
					}
					moved = append(moved, bytes.Clone(k))
				}
				for _, k := range moved {
					if err := from.Delete(k); err != nil {
						return err
					}
				}
				if len(moved) == migrateChunk {
					more = true
					return nil
				}
				return tx.DeleteBucket(m.from)
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

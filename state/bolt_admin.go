package state

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// The embedded store's side of Admin, and Outputs.

var _ Admin = (*Bolt)(nil)

// Outputs implements Store.
func (b *Bolt) Outputs(context.Context) (map[string]int64, error) {
	out := map[string]int64{}
	err := b.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutputs).ForEach(func(k, v []byte) error {
			if len(v) == 8 {
				out[string(k)] = int64(binary.BigEndian.Uint64(v))
			}
			return nil
		})
	})
	return out, err
}

// Scan implements Admin.
func (b *Bolt) Scan(_ context.Context, fn func(Done) error) error {
	return b.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDone).ForEach(func(k, v []byte) error {
			var dv doneValue
			if err := json.Unmarshal(v, &dv); err != nil {
				return fmt.Errorf("done record %q: %w", k, err)
			}
			site, id, hashed := splitDoneKey(k)
			if hashed {
				site, id = dv.Site, dv.ID
			}
			return fn(dv.done(site, id))
		})
	})
}

// Mark implements Admin.
func (b *Bolt) Mark(_ context.Context, ds ...Done) error {
	if len(ds) == 0 {
		return nil
	}
	return b.update(func(tx *bolt.Tx) error {
		for _, d := range ds {
			if err := putDone(tx, d); err != nil {
				return err
			}
		}
		return nil
	})
}

// Forget implements Admin.
func (b *Bolt) Forget(_ context.Context, ds ...Done) error {
	if len(ds) == 0 {
		return nil
	}
	return b.update(func(tx *bolt.Tx) error {
		done, urls := tx.Bucket(bucketDone), tx.Bucket(bucketURLs)
		for _, d := range ds {
			key := doneKey(d.Site, d.ID)
			u := d.URL
			if v := done.Get(key); v != nil {
				var dv doneValue
				if json.Unmarshal(v, &dv) == nil && dv.URL != "" {
					u = dv.URL
				}
			}
			if err := done.Delete(key); err != nil {
				return err
			}
			if u == "" {
				continue
			}
			// The URL goes with its article, not with another one
			// written from it since.
			if uk := []byte(urlKey(u)); bytes.Equal(urls.Get(uk), key) {
				if err := urls.Delete(uk); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// DropOutput implements Admin.
func (b *Bolt) DropOutput(_ context.Context, path string) error {
	return b.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketOutputs).Delete([]byte(path)) })
}

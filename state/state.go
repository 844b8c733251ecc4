package state

import (
	"context"
	"errors"
	"time"
)

// ErrLocked means another run holds the state.
var ErrLocked = errors.New("state is locked by another run")

// Done is an article that is durably written.
type Done struct {
	Site string
	ID   string
	URL  string
	Hash string // content hash of the written record
	// Output is the file the record went to and Size that file's length
	// with the record in it ("" when written to stdout).
	Output string
	Size   int64
	At     time.Time
}

// Store is the state of the crawl. Implementations are safe for
// concurrent use.
type Store interface {
	// IsDone reports whether the article (site, id) is written.
	IsDone(ctx context.Context, site, id string) (bool, error)
	// IsURLDone reports whether an article was written from this URL.
	IsURLDone(ctx context.Context, url string) (bool, error)
	// Commit records d in one transaction: the article is done, its URL is
	// done, and d.Output is d.Size bytes long.
	Commit(ctx context.Context, d Done) error
	// OutputSize returns the recorded length of an output file.
	OutputSize(ctx context.Context, path string) (int64, bool, error)
	// SetOutputSize records the length of an output file.
	SetOutputSize(ctx context.Context, path string, size int64) error
	// Close releases the store and its lock.
	Close() error
}

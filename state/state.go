package state

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrLocked means another run holds the state.
var ErrLocked = errors.New("state is locked by another run")

// ErrCorrupt means the state file is damaged: it cannot be trusted, and
// nothing more is read from it or written to it.
var ErrCorrupt = errors.New("state file is corrupt")

// CorruptError names a damaged state file and what is wrong with it. It
// matches ErrCorrupt.
type CorruptError struct {
	Path   string
	Detail string
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("state %s is corrupt (%s): restore it from a backup, or move it away and rebuild the done-set from the outputs (newsnorm state rebuild --from FILES)", e.Path, e.Detail)
}

// Is makes a CorruptError match ErrCorrupt.
func (e *CorruptError) Is(target error) bool { return target == ErrCorrupt }

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
	// Published is the article's publish time (zero if unknown), for
	// re-checking recent articles.
	Published time.Time
}

// Validators are what a server said about a page, for conditional
// requests (If-None-Match, If-Modified-Since).
type Validators struct {
	ETag         string
	LastModified string
}

// Store is the state of the crawl. Implementations are safe for
// concurrent use.
type Store interface {
	// IsURLDone reports whether an article was written from this URL.
	IsURLDone(ctx context.Context, url string) (bool, error)
	// Lookup returns what is recorded of a done article.
	Lookup(ctx context.Context, site, id string) (Done, bool, error)
	// Claim reserves the article (site, id) for this worker before it is
	// written: false when it is done (when hash is not "": done with that
	// content hash) or another live worker has claimed it. The embedded
	// store, which one run holds at a time, grants every claim; Commit
	// ends the claims of what it marks done.
	Claim(ctx context.Context, site, id, hash string) (bool, error)
	// Commit records every d in one transaction: each article is done,
	// its URL is done, and each d.Output is d.Size bytes long (the last
	// size given for a file wins).
	Commit(ctx context.Context, ds ...Done) error
	// OutputSize returns the recorded length of an output file.
	OutputSize(ctx context.Context, path string) (int64, bool, error)
	// SetOutputSize records the length of an output file.
	SetOutputSize(ctx context.Context, path string, size int64) error
	// Outputs returns every output file whose length is recorded, with
	// that length (with Redis: this worker's files).
	Outputs(ctx context.Context) (map[string]int64, error)
	// Validators returns the validators saved for a URL.
	Validators(ctx context.Context, url string) (Validators, error)
	// SetValidators saves the validators of a URL.
	SetValidators(ctx context.Context, url string, v Validators) error
	// Close releases the store and its lock.
	Close() error
}

// Admin is what `newsnorm state` needs of a store besides Store: the
// done-set to list and edit, and the recorded output lengths to drop.
type Admin interface {
	Store
	// Scan calls fn with every done article, in no set order (Size is 0:
	// the lengths are per file, see Outputs); an error from fn stops it.
	Scan(ctx context.Context, fn func(Done) error) error
	// Mark records every d as done, and its URL, as Commit does, but
	// records no output length.
	Mark(ctx context.Context, ds ...Done) error
	// Forget makes the articles (d.Site, d.ID) not done, and their URLs,
	// so that the next run fetches them again.
	Forget(ctx context.Context, ds ...Done) error
	// DropOutput forgets the recorded length of an output file.
	DropOutput(ctx context.Context, path string) error
}

package state

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// The done-set as JSON Lines, for `newsnorm state ls`, `export` and
// `import`: one article a line.

// Line is one done article as JSON.
type Line struct {
	Site        string    `json:"site"`
	ID          string    `json:"id"`
	URL         string    `json:"url,omitempty"`
	Hash        string    `json:"content_hash,omitempty"`
	Output      string    `json:"output,omitempty"`
	WrittenAt   time.Time `json:"written_at"`
	PublishedAt time.Time `json:"published_at,omitzero"`
}

// LineOf is d as a Line.
func LineOf(d Done) Line {
	return Line{Site: d.Site, ID: d.ID, URL: d.URL, Hash: d.Hash, Output: d.Output, WrittenAt: d.At.UTC(), PublishedAt: d.Published.UTC()}
}

// Done is the article l describes.
func (l Line) Done() Done {
	return Done{Site: l.Site, ID: l.ID, URL: l.URL, Hash: l.Hash, Output: l.Output, At: l.WrittenAt, Published: l.PublishedAt}
}

// Export writes every done article that keep accepts (all when keep is
// nil) to w as JSON Lines, and returns how many.
func Export(ctx context.Context, s Admin, w io.Writer, keep func(Done) bool) (int, error) {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n := 0
	err := s.Scan(ctx, func(d Done) error {
		if keep != nil && !keep(d) {
			return nil
		}
		n++
		return enc.Encode(LineOf(d))
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// importBatch is how many articles Import marks done in one transaction.
const importBatch = 1000

// Import marks done every article of the JSON Lines in r (as Export
// writes them; name names r in errors), and returns how many. It records
// no output lengths: the files are those of wherever the lines came from.
func Import(ctx context.Context, s Admin, r io.Reader, name string) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var batch []Done
	n := 0
	for line := 1; sc.Scan(); line++ {
		if len(sc.Bytes()) == 0 {
			continue
		}
		var l Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return n, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		if l.Site == "" || l.ID == "" {
			return n, fmt.Errorf("%s:%d: no site or id", name, line)
		}
		batch = append(batch, l.Done())
		if len(batch) == importBatch {
			if err := s.Mark(ctx, batch...); err != nil {
				return n, err
			}
			n += len(batch)
			batch = batch[:0]
		}
	}
	if err := sc.Err(); err != nil {
		return n, fmt.Errorf("%s: %w", name, err)
	}
	if err := s.Mark(ctx, batch...); err != nil {
		return n, err
	}
	return n + len(batch), nil
}

package pipeline

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/extract"
)

// Saved is a page saved to a file (or piped to stdin) for extract.
type Saved struct {
	Name      string // the file, or "stdin"
	Raw       []byte // as read: gunzipped, not yet decoded
	FetchedAt time.Time
}

// ReadSaved reads the page in the file name ("-": stdin), gunzipping it
// when it starts with the gzip magic; its fetched_at is the file's
// modification time (now, for stdin). A file that cannot be opened is an
// ErrUsage.
func ReadSaved(name string, stdin io.Reader) (*Saved, error) {
	s := &Saved{Name: name, FetchedAt: time.Now().UTC()}
	in := stdin
	if name == "-" {
		s.Name = "stdin"
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrUsage, err)
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil {
			s.FetchedAt = st.ModTime().UTC()
		}
		in = f
	}
	br := bufio.NewReader(in)
	var src io.Reader = br
	if head, _ := br.Peek(2); bytes.Equal(head, []byte{0x1f, 0x8b}) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", s.Name, err)
		}
		defer gz.Close()
		src = gz
	}
	raw, err := io.ReadAll(io.LimitReader(src, extract.MaxInput+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", s.Name, err)
	}
	s.Raw = raw
	return s, nil
}

// Extract extracts the saved page as the page at pageURL, with the
// profile of the site that URL resolves to, explaining each field into ex
// when it is not nil.
func (s *Saved) Extract(cfg *config.Config, pageURL string, ex *extract.Explanation) (Target, *Result, error) {
	t := NewResolver(cfg).URL(pageURL, true)
	html, err := Decode(s.Raw, "", t)
	if err != nil {
		return t, nil, fmt.Errorf("decode %s: %w", s.Name, err)
	}
	res := Builder{MinBodyChars: cfg.MinBodyChars}.Build(t, Page{URL: pageURL, HTML: html, FetchedAt: s.FetchedAt, Explain: ex})
	return t, res, nil
}

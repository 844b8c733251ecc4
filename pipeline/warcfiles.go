package pipeline

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/newsnorm/newsnorm/archive"
	"github.com/newsnorm/newsnorm/config"
)

// WARCSelect says which archived responses become articles.
type WARCSelect struct {
	// Sites, when set, are the configured sites whose article URLs are
	// extracted; the others are skipped. Empty: every configured site.
	Sites []string
	// All extracts every HTML response: a configured site's URL with its
	// profile, any other generically.
	All bool
}

// Check validates a selection against the config.
func (s WARCSelect) Check(cfg *config.Config) error {
	if s.All && len(s.Sites) > 0 {
		return fmt.Errorf("%w: --all and --site exclude each other", ErrUsage)
	}
	for _, name := range s.Sites {
		if cfg.SiteByName(name) == nil {
			return fmt.Errorf("%w: --site %q is not in %s", ErrUsage, name, cfg.File())
		}
	}
	return nil
}

// WARCFiles are the WARC files of a run, as a stream: the arguments, or
// with "-" the lines of stdin (one file a line; blank lines and # comments
// ignored), so that `ls *.warc.gz | newsnorm backfill --from-warc -`
// works on any number of files.
type WARCFiles struct {
	args []string
	sc   *bufio.Scanner
	line int
}

// NewWARCFiles checks the arguments: "-" alone, or files that exist and
// are no directories (a usage error names the first that is not).
func NewWARCFiles(args []string, stdin io.Reader) (*WARCFiles, error) {
	switch {
	case len(args) == 0:
		return nil, fmt.Errorf("%w: give WARC files, or - to read their names from stdin", ErrUsage)
	case len(args) == 1 && args[0] == "-":
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		return &WARCFiles{sc: sc}, nil
	}
	for _, f := range args {
		if f == "-" {
			return nil, fmt.Errorf("%w: - (stdin) goes alone, without WARC files", ErrUsage)
		}
		if err := checkWARCFile(f); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrUsage, err)
		}
	}
	return &WARCFiles{args: args}, nil
}

func checkWARCFile(f string) error {
	st, err := os.Stat(f)
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe):
		return fmt.Errorf("warc file %s: %w", f, pe.Err)
	case err != nil:
		return fmt.Errorf("warc file %s: %w", f, err)
	case st.IsDir():
		return fmt.Errorf("warc file %s: is a directory", f)
	}
	return nil
}

// Next returns the next file name; ok is false after the last. A name
// from stdin is not checked here: opening it reports what is wrong.
func (w *WARCFiles) Next() (name string, ok bool) {
	if w.sc == nil {
		if len(w.args) == 0 {
			return "", false
		}
		name, w.args = w.args[0], w.args[1:]
		return name, true
	}
	for w.sc.Scan() {
		w.line++
		if s := strings.TrimSpace(w.sc.Text()); s != "" && !strings.HasPrefix(s, "#") {
			return s, true
		}
	}
	return "", false
}

// Err is the error reading the list from stdin, naming the line.
func (w *WARCFiles) Err() error {
	if w.sc != nil && w.sc.Err() != nil {
		return fmt.Errorf("list of WARC files (stdin), line %d: %w", w.line+1, w.sc.Err())
	}
	return nil
}

// readOptions are the reader's options for a run: skipped records
// counted by reason ("warc-revisit", ...), damage and bad digests
// reported to bad.
func readOptions(count func(reason string), bad func(archive.Skip)) archive.ReadOptions {
	return archive.ReadOptions{OnSkip: func(s archive.Skip) {
		if s.Err != nil {
			bad(s)
			return
		}
		count("warc-" + s.Reason)
	}}
}

package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/newsnorm/newsnorm/archive"
)

// A backfill from WARC files (backfill --from-warc) reads the files one
// after the other, as a stream, and takes every archived response through
// the same path as a fetched page: resolve, build, admit, write, mark
// done (durable.go). Exactly once comes from the state, as in any run: a
// record done is never written again. Resume comes from the progress
// file: each time a batch is durable and marked done, it saves how far
// each file was read (the Position after the last response the batch
// covers) and which files are finished; a run started again passes over
// the finished files and opens the others where the last run stopped.
// The progress file only ever lags the state (it is saved after the
// commit), so a crash between the two costs a few records read again,
// which the state then finds done.

// warcProgress is how far a backfill has read each WARC file.
type warcProgress struct {
	path string // "" = kept in memory only
	mu   sync.Mutex
	// Files are keyed by absolute path.
	Files map[string]*fileProgress `json:"files"`
}

// fileProgress is one file's: the file as it was (a file that changed
// is read again from its start) and where its next record starts.
type fileProgress struct {
	Size    int64            `json:"size"`
	ModTime time.Time        `json:"mtime"`
	Next    archive.Position `json:"next"`
	Done    bool             `json:"done,omitempty"`
}

// loadProgress reads a progress file; a missing one is a fresh start,
// and so is one that cannot be read as JSON (warned about): the file is
// written without fsync, so a power cut can leave it empty, and the state
// keeps the records already done from being written again.
func loadProgress(path string, log *slog.Logger) (*warcProgress, error) {
	p := &warcProgress{path: path, Files: map[string]*fileProgress{}}
	if path == "" {
		return p, nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return p, nil
	}
	if err != nil {
		return nil, fmt.Errorf("warc progress file: %w", err)
	}
	if err := json.Unmarshal(data, p); err != nil {
		log.Warn("warc progress file cannot be read: reading every file from its start (the state keeps records from being written twice)", "file", path, "err", err)
		p.Files = nil
	}
	if p.Files == nil {
		p.Files = map[string]*fileProgress{}
	}
	return p, nil
}

// start returns where to read a file from, or done when it was read to
// its end before.
func (w *warcProgress) start(abs string, st fs.FileInfo) (at archive.Position, done, changed bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	f := w.Files[abs]
	if f != nil && f.Size == st.Size() && f.ModTime.Equal(st.ModTime()) {
		return f.Next, f.Done, false
	}
	w.Files[abs] = &fileProgress{Size: st.Size(), ModTime: st.ModTime()}
	return archive.Position{}, false, f != nil
}

// advance notes that every record of the file before at is taken.
func (w *warcProgress) advance(abs string, at archive.Position, done bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	f := w.Files[abs]
	f.Next, f.Done = at, done
}

// checkpoint is the Pipeline's checkpoint: the progress as it is now,
// saved once the batch is durable.
func (w *warcProgress) checkpoint(fail func(error)) func() func() {
	return func() func() {
		if w.path == "" {
			return nil
		}
		w.mu.Lock()
		data, err := json.Marshal(w)
		w.mu.Unlock()
		return func() {
			if err == nil {
				err = writeProgress(w.path, append(data, '\n'))
			}
			if err != nil {
				fail(fmt.Errorf("warc progress file %s: %w", w.path, err))
			}
		}
	}
}

// writeProgress replaces the progress file by renaming a new one over it,
// without fsync: it is saved at every commit, and a progress file lost to
// a power cut costs re-reading, never a duplicate. A killed process
// loses nothing: the kernel has the data.
func writeProgress(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// BackfillWARC extracts the articles of WARC files into the run's
// output, exactly once, resuming from the progress file: progress, else
// the state file's name + ".warc-progress.json"; with a Redis state and
// no progress file, the state alone keeps records from being written
// twice, and every file is read again. A file that cannot be opened and
// damage in a file are failures: counted, logged, and the run goes on.
func (p *Pipeline) BackfillWARC(ctx context.Context, files *WARCFiles, sel WARCSelect, progress string) error {
	if progress == "" && p.fleet == nil {
		progress = p.cfg.State + ".warc-progress.json"
	}
	p.log.Info("backfill from WARC files started", "progress", progress, "config", p.cfg.File())
	prog, err := loadProgress(progress, p.log)
	if err != nil {
		return err
	}
	p.flushMu.Lock()
	p.checkpoint = prog.checkpoint(p.fail)
	p.flushMu.Unlock()
	for name, ok := files.Next(); ok && ctx.Err() == nil; name, ok = files.Next() {
		p.warcFile(ctx, name, sel, prog)
	}
	if err := files.Err(); err != nil {
		p.warcFailed(err.Error(), "warc-list", err)
	}
	return nil
}

// warcFile takes one file's responses through the pipeline.
func (p *Pipeline) warcFile(ctx context.Context, name string, sel WARCSelect, prog *warcProgress) {
	abs, err := filepath.Abs(name)
	if err == nil {
		err = checkWARCFile(name)
	}
	var st fs.FileInfo
	if err == nil {
		st, err = os.Stat(name)
	}
	if err != nil {
		p.warcFailed(name, "warc-unreadable", err)
		return
	}
	at, done, changed := prog.start(abs, st)
	switch {
	case done:
		p.counts.skipped.add("warc-file-done")
		p.log.Debug("skipped", "file", name, "reason", "read to its end by an earlier run")
		return
	case changed:
		p.log.Warn("WARC file changed since an earlier run read part of it: reading it from its start", "file", name)
	case at != archive.Position{}:
		p.log.Info("resuming WARC file", "file", name, "offset", at.Offset)
	}
	r, err := archive.OpenAt(name, at, readOptions(p.counts.skipped.add, func(s archive.Skip) {
		p.warcFailed(name, "warc-"+s.Reason, s.Err)
	}))
	if err != nil {
		p.warcFailed(name, "warc-unreadable", err)
		return
	}
	defer r.Close()
	for ctx.Err() == nil && p.Err() == nil {
		res, err := r.Next()
		if err == io.EOF {
			prog.advance(abs, archive.Position{Offset: r.Size()}, true)
			return
		}
		if err != nil {
			p.warcFailed(name, "warc-unreadable", err)
			return
		}
		p.warcResponse(ctx, sel, res)
		prog.advance(abs, res.Next, false)
	}
}

// warcResponse takes one archived response through the pipeline.
func (p *Pipeline) warcResponse(ctx context.Context, sel WARCSelect, res *archive.Response) {
	p.stats.Pages.Add(1)
	a := extractArchived(p.resolve, p.build, sel, res, res)
	if a.skip != "" {
		p.counts.skipped.add(a.skip)
		return
	}
	p.stats.Articles.Add(1)
	p.built(ctx, a.t.Site, res.RequestedURI, res.Status, res.Date, a.res, a.reject, a.rendered)
}

// warcFailed counts a file that cannot be read, or damage in one.
func (p *Pipeline) warcFailed(name, reason string, err error) {
	p.counts.failed.Add(1)
	p.counts.failedBy.add(reason)
	p.log.Error("WARC file: skipped what cannot be read", "file", name, "reason", reason, "err", err)
}

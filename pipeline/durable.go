package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/newsnorm/newsnorm/output"
	"github.com/newsnorm/newsnorm/state"
)

// The durability protocol. A record is done when its line is durably in
// its output file and the state says so, with the file's length after it:
//
//  0. open: every output file the state knows, and every file the output
//     template can name, is checked against the state (integrity.go);
//     the run refuses to start when records marked done are gone or
//     records not marked done would be written again.
//  1. open: before the first line goes to a file, the file is checked
//     against the length the state recorded for it and cut back to it
//     (recoverOutput): that drops a torn last line and every record
//     written but never marked done, which the run then fetches and
//     writes again. A file new to the state has its length recorded
//     first, so that what it held before is kept.
//  2. append: the line is written (buffered) and added to the batch, in
//     the order of the file's growth (write).
//  3. flush: every fsync_every records or fsync_interval, the raw archive
//     and the output are fsynced, then one state transaction marks the
//     batch done with the lengths its records reached (flush, durable).
//  4. close: the last batch is flushed, the files closed. After a fatal
//     error nothing more is marked done, and the lines still buffered
//     are dropped, not written out.
//
// A crash at any moment loses nothing (what is marked done is durable) and
// duplicates nothing (what is not marked done is cut off at the next
// open).

// Commit writes rec and marks it done: at once with fsync_every 1, else
// with its batch. published is the article's publish time (zero when
// unknown), kept for rechecks.
func (p *Pipeline) Commit(ctx context.Context, rec *output.Record, published time.Time) {
	line, err := output.Marshal(rec)
	if err != nil {
		p.fail(fmt.Errorf("encode record %s/%s: %w", rec.Site, rec.ID, err))
		return
	}
	if p.write(ctx, rec, line, published) {
		p.flush()
	}
}

// write writes one record's line and adds it to the batch; it reports
// whether the batch is full. A record already written (being written by
// another goroutine, in this run's batches or, unless it changed and is
// rechecked, in the state) or claimed by another worker is counted and not
// written again. The state is asked, and the claim made, outside p.mu.
func (p *Pipeline) write(ctx context.Context, rec *output.Record, line []byte, published time.Time) (full bool) {
	key := rec.Site + "\x00" + rec.ID
	p.mu.Lock()
	switch {
	case p.fatal != nil:
		p.mu.Unlock()
		return false
	case p.pending[key]:
		p.mu.Unlock()
		p.counts.duplicates.Add(1)
		return false
	}
	p.pending[key] = true // reserved: a second copy is a duplicate
	p.mu.Unlock()

	if !p.admit(ctx, rec) {
		p.mu.Lock()
		delete(p.pending, key)
		p.mu.Unlock()
		return false
	}
	err := p.ensureOpen(ctx, rec.Site)

	p.mu.Lock()
	defer p.mu.Unlock()
	if err == nil && p.fatal == nil {
		var path string
		var size int64
		if path, size, err = p.out.WriteLine(rec.Site, line); err == nil {
			d := state.Done{Site: rec.Site, ID: rec.ID, URL: rec.URL, Hash: rec.ContentHash, Size: size, At: time.Now(), Published: published}
			if path != output.Stdout {
				d.Output = path
			}
			p.batch = append(p.batch, d)
			return len(p.batch) >= max(p.every, 1)
		}
	}
	delete(p.pending, key)
	if err != nil {
		p.setFatal(err)
	}
	return false
}

// admit decides whether rec is to be written: not done before (or done
// with other content, on a rechecked site), and claimed for this worker.
func (p *Pipeline) admit(ctx context.Context, rec *output.Record) bool {
	prev, done, err := p.store.Lookup(ctx, rec.Site, rec.ID)
	if err != nil {
		p.fail(stateError(err))
		return false
	}
	rechecked := p.recheck[rec.Site] > 0
	if done {
		switch {
		case !rechecked:
			p.counts.duplicates.Add(1)
			p.log.Debug("already written", "site", rec.Site, "id", rec.ID, "url", rec.URL)
			return false
		case prev.Hash == rec.ContentHash:
			p.counts.unchanged.Add(1)
			return false
		}
		p.log.Info("article changed since it was written; writing it again", "site", rec.Site, "id", rec.ID)
	}
	hash := ""
	if rechecked {
		hash = rec.ContentHash
	}
	got, err := p.store.Claim(ctx, rec.Site, rec.ID, hash)
	switch {
	case err != nil && ctx.Err() != nil:
		return false // cut by the end of the grace period: the next run writes it
	case err != nil:
		p.fail(fmt.Errorf("state: claim %s/%s: %w", rec.Site, rec.ID, err))
		return false
	case !got:
		p.counts.duplicates.Add(1)
	}
	return got
}

// ensureOpen opens the output file of site's records, once, recovering it
// against the state (step 1 of the protocol).
func (p *Pipeline) ensureOpen(ctx context.Context, site string) error {
	base := p.out.Path(site)
	if _, ok := p.opened.Load(base); ok || base == output.Stdout {
		return nil
	}
	p.openMu.Lock()
	defer p.openMu.Unlock()
	if _, ok := p.opened.Load(base); ok {
		return nil
	}
	if err := p.out.Open(site, func(f output.File) (int64, error) { return p.recoverOutput(ctx, f) }); err != nil {
		return err
	}
	p.opened.Store(base, true)
	return nil
}

// recoverOutput is step 1 of the protocol for one file: the length to cut
// it back to.
func (p *Pipeline) recoverOutput(ctx context.Context, f output.File) (int64, error) {
	rec, ok, err := p.store.OutputSize(ctx, f.Path)
	if err != nil {
		return 0, stateError(err)
	}
	if !ok && f.Previous != "" {
		// A part the state never heard of after one it knows: the
		// run that rotated to it died before its first commit.
		if _, known, err := p.store.OutputSize(ctx, f.Previous); err != nil {
			return 0, stateError(err)
		} else if known {
			ok, rec = true, 0
		}
	}
	switch {
	case !ok:
		// A new file to this state: remember where its records start.
		return f.Size, p.store.SetOutputSize(ctx, f.Path, f.Size)
	case f.Size > rec:
		p.log.Warn("output has bytes that were never marked done (torn line or crash before commit); cutting them off",
			"file", f.Path, "bytes", f.Size-rec)
		return rec, nil
	case f.Size < rec:
		// Checked when the run opened (verifyOutputs): cut since.
		return 0, &OutputsError{Problems: []Problem{{File: f.Path, Kind: Truncated, Size: f.Size, Recorded: rec}}, Repair: "newsnorm state repair"}
	}
	return f.Size, nil
}

// flush makes the batch durable and marks it done (step 3). Workers go on
// writing the next batch meanwhile: the batch is taken under p.mu, and the
// fsyncs and the state transaction run without it. A worker that finds a
// flush running waits for it and then flushes what gathered meanwhile
// (group commit), so with fsync_every 1 a record is still durable and
// marked done when Commit returns.
func (p *Pipeline) flush() {
	p.flushMu.Lock()
	defer p.flushMu.Unlock()
	// What the checkpoint covers is in this batch or an earlier one.
	var durableDone func()
	if p.checkpoint != nil {
		durableDone = p.checkpoint()
	}
	p.mu.Lock()
	if len(p.batch) == 0 || p.fatal != nil {
		fatal := p.fatal
		p.mu.Unlock()
		if fatal == nil && durableDone != nil {
			durableDone()
		}
		return
	}
	batch := p.batch
	p.batch = make([]state.Done, 0, cap(batch))
	p.mu.Unlock()

	if err := p.durable(batch); err != nil {
		p.fail(err)
		return
	}
	if durableDone != nil {
		durableDone()
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, d := range batch {
		delete(p.pending, d.Site+"\x00"+d.ID)
		p.counts.written.Add(1)
		p.counts.site(d.Site).written.Add(1)
	}
}

// durable syncs the raw archive and the output, then marks batch done
// with the output lengths its records reached, which the sync covers.
func (p *Pipeline) durable(batch []state.Done) error {
	// The raw responses first: a record marked done has its response
	// durable in the archive.
	if p.archive != nil {
		if err := p.archive.Sync(); err != nil {
			return err
		}
	}
	if err := p.out.Sync(); err != nil {
		return err
	}
	if err := p.store.Commit(context.WithoutCancel(context.Background()), batch...); err != nil {
		return stateError(err)
	}
	return nil
}

// stateError is an error of the store as the run reports it: a corrupt
// state file names itself.
func stateError(err error) error {
	if err == nil || errors.Is(err, state.ErrCorrupt) {
		return err
	}
	return fmt.Errorf("state: %w", err)
}

// tick makes records durable at least every interval.
func (p *Pipeline) tick(interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-p.stopTick:
			return
		case <-t.C:
			p.flush()
		}
	}
}

// Close makes the last records durable (step 4) and closes the writers,
// the archive and the store. It returns the error that stopped the run,
// if one did, or else the first error closing.
func (p *Pipeline) Close() error {
	select {
	case <-p.stopTick:
	default:
		close(p.stopTick)
	}
	p.flush()
	// A run stopped by a fatal error drops the lines it never marked done
	// instead of writing them out, and leaves its failures uncompacted.
	fatal := p.Err()
	closeOut := p.out.Close
	if fatal != nil {
		closeOut = p.out.Abort
	}
	err := errors.Join(p.closeBrowser(), p.closeArchive(), closeOut(), p.rejects.Close(),
		p.failures.close(context.Background(), fatal == nil, p.store.IsURLDone), p.store.Close())
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fatal == nil && err != nil {
		p.fatal = err
	}
	return p.fatal
}

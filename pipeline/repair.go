package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/newsnorm/newsnorm/output"
	"github.com/newsnorm/newsnorm/state"
)

// `newsnorm state check`, `repair` and `rebuild`: the state against its
// output files, record by record.

// fileRecords is what an output file holds, up to a length.
type fileRecords struct {
	present map[string]bool // site NUL id of each record in it
	whole   int64           // the length of its whole lines
	bad     []int           // numbers of the lines that are no record
}

// readRecords reads the records in the first limit bytes of path (all
// with limit < 0), calling each (when not nil) with every one.
func readRecords(path string, limit int64, each func(output.Key)) (fileRecords, error) {
	fr := fileRecords{present: map[string]bool{}}
	var err error
	fr.whole, err = output.ScanFile(path, limit, func(l output.Line) error {
		k, ok := output.ParseKey(l.Data)
		if !ok {
			fr.bad = append(fr.bad, l.N)
			return nil
		}
		fr.present[k.Site+"\x00"+k.ID] = true
		if each != nil {
			each(k)
		}
		return nil
	})
	if err != nil {
		return fr, fmt.Errorf("read output %s: %w", path, err)
	}
	return fr, nil
}

// outputs are the files this state's store knows (own) and those any
// worker's does (all).
func (s *State) outputs(ctx context.Context) (own map[string]int64, all map[string]bool, err error) {
	if own, err = s.Store.Outputs(ctx); err != nil {
		return nil, nil, stateError(err)
	}
	if s.redis != nil {
		if all, err = s.redis.KnownOutputs(ctx); err != nil {
			return nil, nil, stateError(err)
		}
		return own, all, nil
	}
	all = map[string]bool{}
	for p := range own {
		all[p] = true
	}
	return own, all, nil
}

// marked are the done articles of each of the files in own.
func (s *State) marked(ctx context.Context, own map[string]int64) (map[string][]state.Done, error) {
	m := map[string][]state.Done{}
	err := s.Store.Scan(ctx, func(d state.Done) error {
		if _, ok := own[d.Output]; ok {
			m[d.Output] = append(m[d.Output], d)
		}
		return nil
	})
	return m, stateError(err)
}

// absent are the articles of marked not in fr.
func absent(marked []state.Done, fr fileRecords) []state.Done {
	var out []state.Done
	for _, d := range marked {
		if !fr.present[d.Site+"\x00"+d.ID] {
			out = append(out, d)
		}
	}
	return out
}

// CheckReport is what Check found.
type CheckReport struct {
	Files    int // the output files the state knows
	Records  int // the records read in them
	Problems []Problem
}

// Check compares the state with its outputs as a run does when it opens
// (lengths, missing files, files of records the state does not know), and
// reads every file the state knows for the records marked done in it. It
// changes nothing. A corrupt embedded state fails to open, before this.
func (s *State) Check(ctx context.Context) (CheckReport, error) {
	var r CheckReport
	own, all, err := s.outputs(ctx)
	if err != nil {
		return r, err
	}
	r.Files = len(own)
	known, cuts, err := knownOutputs(own)
	if err != nil {
		return r, err
	}
	unknown, parts, err := unknownOutputs(ctx, s.Store, own, all, s.template)
	if err != nil {
		return r, err
	}
	marked, err := s.marked(ctx, own)
	if err != nil {
		return r, err
	}
	for i := range known {
		if known[i].Kind == Missing {
			known[i].N = len(marked[known[i].File])
		}
	}
	r.Problems = append(append(append(known, cuts...), parts...), unknown...)
	for _, path := range sortedPaths(own) {
		fi, err := os.Stat(path)
		if err != nil {
			continue // missing: reported
		}
		limit := min(fi.Size(), own[path])
		fr, err := readRecords(path, limit, nil)
		if err != nil {
			return r, err
		}
		r.Records += len(fr.present)
		if n := len(absent(marked[path], fr)); n > 0 {
			r.Problems = append(r.Problems, Problem{File: path, Kind: Absent, N: n})
		}
		if fr.whole < limit {
			r.Problems = append(r.Problems, Problem{File: path, Kind: TornLine, Size: fr.whole})
		}
		for _, n := range fr.bad {
			r.Problems = append(r.Problems, Problem{File: path, Kind: BadLine, N: n})
		}
	}
	sort.SliceStable(r.Problems, func(i, j int) bool { return r.Problems[i].File < r.Problems[j].File })
	return r, nil
}

func sortedPaths(m map[string]int64) []string {
	out := make([]string, 0, len(m))
	for p := range m {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Repair brings the state in line with its output files (with Redis, this
// worker's), so that the next run can start and fetches again what is
// gone:
//
//   - a missing file: its articles are forgotten and its length dropped;
//     with moved (the file was moved away on purpose), its articles stay
//     done and only its length is dropped;
//   - every other file is cut back to its last whole line within the
//     length the state recorded (a torn tail, and records written but
//     never marked done, go), the articles marked done in it that it no
//     longer holds are forgotten, and its new length is recorded.
//
// Lines that are no record are left where they are, and files of records
// the state does not know are left to Rebuild: both are returned as what
// remains. It returns what it did, one line per change.
func (s *State) Repair(ctx context.Context, moved bool) (did []string, remaining []Problem, err error) {
	own, all, err := s.outputs(ctx)
	if err != nil {
		return nil, nil, err
	}
	marked, err := s.marked(ctx, own)
	if err != nil {
		return nil, nil, err
	}
	for _, path := range sortedPaths(own) {
		rec := own[path]
		fi, err := os.Stat(path)
		if errors.Is(err, os.ErrNotExist) {
			if !moved {
				if err := s.forget(ctx, marked[path]); err != nil {
					return did, nil, err
				}
			}
			if err := s.Store.DropOutput(ctx, path); err != nil {
				return did, nil, stateError(err)
			}
			if moved {
				did = append(did, fmt.Sprintf("%s: missing, moved away: no longer checked; its %d articles stay done", path, len(marked[path])))
			} else {
				did = append(did, fmt.Sprintf("%s: missing: forgot its %d articles (the next run fetches them again)", path, len(marked[path])))
			}
			continue
		}
		if err != nil {
			return did, nil, fmt.Errorf("output %s: %w", path, err)
		}
		limit := min(fi.Size(), rec)
		fr, err := readRecords(path, limit, nil)
		if err != nil {
			return did, nil, err
		}
		if fr.whole < fi.Size() {
			if err := output.CutTail(path, fr.whole); err != nil {
				return did, nil, err
			}
			did = append(did, fmt.Sprintf("%s: cut back from %d to %d bytes, its last whole line", path, fi.Size(), fr.whole))
		}
		gone := absent(marked[path], fr)
		if err := s.forget(ctx, gone); err != nil {
			return did, nil, err
		}
		if len(gone) > 0 {
			did = append(did, fmt.Sprintf("%s: forgot %d articles it no longer holds (the next run fetches them again)", path, len(gone)))
		}
		if fr.whole != rec {
			if err := s.Store.SetOutputSize(ctx, path, fr.whole); err != nil {
				return did, nil, stateError(err)
			}
			did = append(did, fmt.Sprintf("%s: recorded length %d bytes (was %d)", path, fr.whole, rec))
		}
		for _, n := range fr.bad {
			remaining = append(remaining, Problem{File: path, Kind: BadLine, N: n})
		}
	}
	unknown, parts, err := unknownOutputs(ctx, s.Store, own, all, s.template)
	if err != nil {
		return did, nil, err
	}
	for _, p := range parts {
		if err := output.CutTail(p.File, 0); err != nil {
			return did, nil, err
		}
		did = append(did, fmt.Sprintf("%s: a part begun but never committed to: cut to 0 bytes", p.File))
	}
	return did, append(remaining, unknown...), nil
}

func (s *State) forget(ctx context.Context, ds []state.Done) error {
	for i := 0; i < len(ds); i += 1000 {
		if err := s.Store.Forget(ctx, ds[i:min(i+1000, len(ds))]...); err != nil {
			return stateError(err)
		}
	}
	return nil
}

// Rebuild marks done every record in files (JSON Lines written by
// newsnorm, gzip too; each may be a glob pattern), with its site, ID,
// URL, content hash, file and fetch time, cuts a torn tail off each file,
// and records each file's length (with Redis: of this worker's files), so
// that a run next to them writes none of them again. A file is recorded
// under the name the output template gives it, when the template names
// it. It returns what it did, one line per file.
func (s *State) Rebuild(ctx context.Context, files []string) ([]string, error) {
	paths, err := expandFiles(files)
	if err != nil {
		return nil, err
	}
	named, err := output.Glob(s.template, output.Vars{})
	if err != nil {
		return nil, err
	}
	mine := map[string]bool{}
	if s.redis != nil {
		m, err := output.Glob(s.template, output.Vars{Worker: s.worker})
		if err != nil {
			return nil, err
		}
		for _, p := range m {
			mine[p] = true
		}
	}
	var did []string
	for _, path := range paths {
		name, ok := spelling(path, named)
		var batch []state.Done
		var markErr error
		n := 0
		mark := func() {
			if markErr == nil && len(batch) > 0 {
				markErr = stateError(s.Store.Mark(ctx, batch...))
				n += len(batch)
				batch = batch[:0]
			}
		}
		fr, err := readRecords(path, -1, func(k output.Key) {
			batch = append(batch, state.Done{Site: k.Site, ID: k.ID, URL: k.URL, Hash: k.ContentHash, Output: name,
				At: parseTime(k.FetchedAt), Published: parseTime(k.PublishedAt)})
			if len(batch) == 1000 {
				mark()
			}
		})
		mark()
		if err != nil {
			return did, err
		}
		if markErr != nil {
			return did, markErr
		}
		fi, err := os.Stat(path)
		if err != nil {
			return did, err
		}
		line := fmt.Sprintf("%s: %d records marked done", name, n)
		if fr.whole < fi.Size() {
			if err := output.CutTail(path, fr.whole); err != nil {
				return did, err
			}
			line += fmt.Sprintf(", a torn tail of %d bytes cut", fi.Size()-fr.whole)
		}
		if s.redis == nil || mine[name] {
			if err := s.Store.SetOutputSize(ctx, name, fr.whole); err != nil {
				return did, stateError(err)
			}
			line += fmt.Sprintf(", length %d bytes recorded", fr.whole)
		}
		if !ok {
			line += " (a file the output template does not name)"
		}
		if len(fr.bad) > 0 {
			line += fmt.Sprintf(", %d lines that are no record left in place (first: line %d)", len(fr.bad), fr.bad[0])
		}
		did = append(did, line)
	}
	return did, nil
}

// expandFiles expands the glob patterns among files; every file must
// exist.
func expandFiles(files []string) ([]string, error) {
	if len(files) == 0 {
		return nil, fmt.Errorf("%w: no files to rebuild from (--from FILE)", ErrUsage)
	}
	var out []string
	for _, f := range files {
		if strings.ContainsAny(f, "*?[") {
			m, err := filepath.Glob(f)
			if err != nil {
				return nil, fmt.Errorf("%w: --from %q: %w", ErrUsage, f, err)
			}
			if len(m) == 0 {
				return nil, fmt.Errorf("%w: --from %q: no such files", ErrUsage, f)
			}
			out = append(out, m...)
			continue
		}
		if _, err := os.Stat(f); err != nil {
			return nil, fmt.Errorf("%w: --from %s: %w", ErrUsage, f, err)
		}
		out = append(out, f)
	}
	return out, nil
}

// spelling is the name under which a run knows the file at path: the one
// among named (the files the output template names) that is the same
// file, or else path cleaned.
func spelling(path string, named []string) (string, bool) {
	fi, err := os.Stat(path)
	if err == nil {
		for _, n := range named {
			if filepath.Base(n) != filepath.Base(path) {
				continue
			}
			if gi, err := os.Stat(n); err == nil && os.SameFile(fi, gi) {
				return n, true
			}
		}
	}
	return filepath.Clean(path), false
}

// parseTime reads a record's time: RFC 3339, or a date; zero otherwise.
func parseTime(s string) time.Time {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t
	}
	return time.Time{}
}

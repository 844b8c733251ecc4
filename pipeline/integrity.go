package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/newsnorm/newsnorm/output"
	"github.com/newsnorm/newsnorm/state"
)

// Step 0 of the durability protocol, when a run opens: no output file is
// trusted that the state did not see written.
//
//   - Every output file the state knows (with Redis, this worker's) is
//     checked against the length it recorded. Shorter or missing, records
//     the state marks done are gone: the run refuses to start, naming each
//     file and both lengths, and `newsnorm state repair` forgets what is
//     gone so that the next run fetches it again. Longer, it holds
//     records written but never marked done (a crash before the commit):
//     it is cut back, as the first append to it always did, but now for
//     every file, also those this run will not append to (yesterday's
//     {date} file).
//   - Every file the output template can name that the state does not
//     know, and whose first record is not done, holds records a new or
//     lost state would write again: the run refuses (not over the first
//     record of another live worker's new file that it has claimed: it
//     writes before it commits), and `newsnorm state
//     rebuild` rebuilds the done-set from the files. A rotated part after
//     a part the state knows is not that: the run that rotated to it died
//     before its first commit, and it is cut back to nothing.

// ErrOutputsDamaged means output files do not hold what the state
// recorded; an *OutputsError says which and how.
var ErrOutputsDamaged = errors.New("output files do not match the state")

// Kinds of Problem.
const (
	Missing     = "missing"     // a file the state knows is gone
	Truncated   = "truncated"   // shorter than the state recorded
	Uncommitted = "uncommitted" // longer: records written, never marked done (a crash); cut by the next run
	Unknown     = "unknown"     // holds records the state knows nothing of
	Absent      = "absent"      // records marked done in this file are not in it
	TornLine    = "torn"        // the file ends in a torn line within what the state recorded
	BadLine     = "bad line"    // a line that is no record
)

// A Problem is one way an output file disagrees with the state.
type Problem struct {
	File     string
	Kind     string
	Size     int64 // the file's length
	Recorded int64 // the length the state recorded
	N        int   // Absent: how many; BadLine: the line number
}

func (p Problem) String() string {
	switch p.Kind {
	case Missing:
		return fmt.Sprintf("%s: missing, the state recorded %d bytes", p.File, p.Recorded)
	case Truncated:
		return fmt.Sprintf("%s: %d bytes, shorter than the %d bytes the state recorded", p.File, p.Size, p.Recorded)
	case Uncommitted:
		return fmt.Sprintf("%s: %d bytes past the %d the state recorded, written but never marked done (the next run cuts them off)", p.File, p.Size-p.Recorded, p.Recorded)
	case Unknown:
		return fmt.Sprintf("%s: holds records (%d bytes) the state knows nothing of", p.File, p.Size)
	case Absent:
		return fmt.Sprintf("%s: %d records marked done are not in it", p.File, p.N)
	case TornLine:
		return fmt.Sprintf("%s: ends in a torn line after byte %d", p.File, p.Size)
	case BadLine:
		return fmt.Sprintf("%s:%d: not a whole record", p.File, p.N)
	}
	return p.File + ": " + p.Kind
}

// Serious reports whether a run refuses to start over p.
func (p Problem) Serious() bool { return p.Kind != Uncommitted }

// OutputsError is the refusal of a run whose outputs do not match its
// state. It matches ErrOutputsDamaged.
type OutputsError struct {
	Problems []Problem
	// Repair and Rebuild are the commands that fix them, for this state.
	Repair, Rebuild string
}

func (e *OutputsError) Error() string {
	var b strings.Builder
	repair, rebuild := false, false
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if i == 5 {
			fmt.Fprintf(&b, "and %d more", len(e.Problems)-5)
			break
		}
		b.WriteString(p.String())
	}
	var files []string
	for _, p := range e.Problems {
		switch p.Kind {
		case Unknown:
			rebuild = true
			files = append(files, p.File)
		case Missing, Truncated, Absent, TornLine:
			repair = true
		}
	}
	if repair {
		fmt.Fprintf(&b, ". Put the files back, or forget the records that are gone (the next run fetches them again): %s", e.Repair)
	}
	if rebuild {
		fmt.Fprintf(&b, ". A new or lost state would write those records again: rebuild the done-set from them with %s --from %s, or move them away to start afresh", e.Rebuild, strings.Join(files, " --from "))
	}
	return b.String()
}

// Is makes an OutputsError match ErrOutputsDamaged.
func (e *OutputsError) Is(target error) bool { return target == ErrOutputsDamaged }

// stateCommand is the `newsnorm state` command line for this state.
func stateCommand(sub, statePath, worker string) string {
	cmd := "newsnorm state " + sub + " --state " + statePath
	if state.IsRedisURL(statePath) {
		cmd = "newsnorm state " + sub + " --state '" + state.RedactURL(statePath) + "' --worker " + worker
	}
	return cmd
}

// verifyOutputs is step 0 for a run on store: an *OutputsError when
// the run must not start.
func verifyOutputs(ctx context.Context, store state.Store, fleet *fleet, statePath, template, worker string, log *slog.Logger) error {
	var all map[string]bool
	if fleet != nil {
		var err error
		if all, err = fleet.redis.KnownOutputs(ctx); err != nil {
			return stateError(err)
		}
	}
	problems, err := checkOutputs(ctx, store, all, template, log)
	if err != nil || len(problems) == 0 {
		return err
	}
	return &OutputsError{Problems: problems, Repair: stateCommand("repair", statePath, worker), Rebuild: stateCommand("rebuild", statePath, worker)}
}

// checkOutputs is step 0 for a run: it returns the problems that make
// the run refuse to start, and cuts back what needs cutting only when
// there are none. all is the set of files any worker's state knows (nil:
// the store's own).
func checkOutputs(ctx context.Context, store state.Store, all map[string]bool, template string, log *slog.Logger) ([]Problem, error) {
	own, err := store.Outputs(ctx)
	if err != nil {
		return nil, stateError(err)
	}
	if all == nil {
		all = map[string]bool{}
		for p := range own {
			all[p] = true
		}
	}
	problems, cuts, err := knownOutputs(own)
	if err != nil {
		return nil, err
	}
	unknown, parts, err := unknownOutputs(ctx, store, own, all, template)
	if err != nil {
		return nil, err
	}
	problems = append(problems, unknown...)
	if len(problems) > 0 {
		return problems, nil
	}
	for _, c := range cuts {
		log.Warn("output has bytes that were never marked done (torn line or crash before commit); cutting them off",
			"file", c.File, "bytes", c.Size-c.Recorded)
		if err := output.CutTail(c.File, c.Recorded); err != nil {
			return nil, err
		}
	}
	for _, p := range parts {
		log.Warn("output part was started but never committed to (a crash after rotating); cutting it off", "file", p.File, "bytes", p.Size)
		if err := output.CutTail(p.File, 0); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// knownOutputs compares the files the state knows with their recorded
// lengths: the serious problems, and the files to cut back. Two names of
// one file (a relative and an absolute template, a symlink) are one file,
// at the longest length recorded for it.
func knownOutputs(own map[string]int64) (problems, cuts []Problem, err error) {
	paths := make([]string, 0, len(own))
	for p := range own {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	type found struct {
		path string
		fi   os.FileInfo
	}
	var files []found
	for _, p := range paths {
		fi, err := os.Stat(p)
		switch {
		case errors.Is(err, os.ErrNotExist):
			problems = append(problems, Problem{File: p, Kind: Missing, Recorded: own[p]})
			continue
		case err != nil:
			return nil, nil, fmt.Errorf("output %s: %w", p, err)
		}
		files = append(files, found{p, fi})
	}
	for i, f := range files {
		rec, first := own[f.path], true
		for j, g := range files {
			if i != j && filepath.Base(g.path) == filepath.Base(f.path) && os.SameFile(f.fi, g.fi) {
				rec = max(rec, own[g.path])
				first = first && i < j
			}
		}
		if !first {
			continue // the same file under a name already compared
		}
		switch size := f.fi.Size(); {
		case size < rec:
			problems = append(problems, Problem{File: f.path, Kind: Truncated, Size: size, Recorded: rec})
		case size > rec:
			cuts = append(cuts, Problem{File: f.path, Kind: Uncommitted, Size: size, Recorded: rec})
		}
	}
	return problems, cuts, nil
}

// claimChecker is a state that several workers share (Redis): a record
// another live worker has claimed may be written and not yet committed.
type claimChecker interface {
	ClaimedByOther(ctx context.Context, site, id string) (bool, error)
}

var _ claimChecker = (*fleetStore)(nil) // the store a fleet's run checks with

// unknownOutputs looks for files the output template can name that no
// worker's state knows: those holding records not done are problems;
// parts begun after one of this store's own and never committed to are
// to be cut.
func unknownOutputs(ctx context.Context, store state.Store, own map[string]int64, all map[string]bool, template string) (problems, parts []Problem, err error) {
	files, err := output.Glob(template, output.Vars{})
	if err != nil {
		return nil, nil, err
	}
	for _, f := range files {
		if all[f] {
			continue
		}
		fi, err := os.Stat(f)
		if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 {
			continue
		}
		if prev := output.PreviousPart(f); prev != "" && all[prev] {
			if _, mine := own[prev]; mine {
				parts = append(parts, Problem{File: f, Kind: Uncommitted, Size: fi.Size()})
			}
			continue // another worker's, which it has not committed to yet
		}
		k, ok, err := output.FirstKey(f)
		if err != nil {
			return nil, nil, fmt.Errorf("output %s: %w", f, err)
		}
		if !ok {
			continue
		}
		if _, done, err := store.Lookup(ctx, k.Site, k.ID); err != nil {
			return nil, nil, stateError(err)
		} else if done {
			continue
		}
		if c, ok := store.(claimChecker); ok {
			if inFlight, err := c.ClaimedByOther(ctx, k.Site, k.ID); err != nil {
				return nil, nil, stateError(err)
			} else if inFlight {
				continue // another live worker's first record, not committed yet
			}
		}
		problems = append(problems, Problem{File: f, Kind: Unknown, Size: fi.Size()})
	}
	return problems, parts, nil
}

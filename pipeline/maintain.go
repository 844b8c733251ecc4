package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"time"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/state"
)

// The engine of `newsnorm state`: a state opened on its own, to look at
// it (stats, ls, export, check), to edit it (forget, import) and to bring
// it back in line with its outputs (repair, rebuild: repair.go).

// StateOptions open a State.
type StateOptions struct {
	Config *config.Config
	// State and Output override the config's state and output template.
	State, Output string
	// Worker names the worker whose output lengths are used, with a Redis
	// state ("" = hostname-pid, which has none).
	Worker string
	// Create opens a state that does not exist yet (rebuild, import);
	// otherwise a missing embedded state is an error.
	Create bool
	Log    *slog.Logger
}

// State is a state opened for `newsnorm state`.
type State struct {
	Store    state.Admin
	path     string // the state setting
	template string // the output template
	worker   string
	redis    *state.Redis // nil with the embedded store
	log      *slog.Logger
}

// OpenState opens the state of a config, as a run would but with no
// run: nothing is recovered or cut.
func OpenState(ctx context.Context, o StateOptions) (*State, error) {
	s := &State{path: o.State, template: o.Output, worker: WorkerName(o.Worker), log: o.Log}
	if s.path == "" {
		s.path = o.Config.State
	}
	if s.template == "" {
		s.template = o.Config.Output
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if state.IsRedisURL(s.path) {
		password, err := redisPassword()
		if err != nil {
			return nil, err
		}
		r, err := state.OpenRedis(ctx, s.path, state.RedisOptions{Worker: s.worker, Logger: s.log, Password: password})
		if err != nil {
			return nil, err
		}
		s.Store, s.redis = r, r
		return s, nil
	}
	if _, err := os.Stat(s.path); errors.Is(err, os.ErrNotExist) && !o.Create {
		return nil, fmt.Errorf("%w: state %s does not exist", ErrUsage, s.path)
	}
	b, err := state.OpenBolt(s.path)
	if err != nil {
		return nil, err
	}
	s.Store = b
	return s, nil
}

// Close closes the store.
func (s *State) Close() error { return s.Store.Close() }

// Name is the state as the user named it (a Redis URL without its
// password).
func (s *State) Name() string {
	if s.redis != nil {
		return state.RedactURL(s.path) + " (worker " + s.worker + ")"
	}
	return s.path
}

// SiteStats is what the state holds of one site.
type SiteStats struct {
	Site     string
	Articles int
	// LastWritten is when its last article was marked done.
	LastWritten time.Time
	Files       []FileStats
}

// FileStats is one output file of a site's articles.
type FileStats struct {
	Path     string
	Articles int   // of this site, marked done in it
	Recorded int64 // the length the state recorded; -1 when none (another worker's, or dropped)
	Size     int64 // its length on disk; -1 when missing
}

// Stats is the state per site, sorted by site and file.
func (s *State) Stats(ctx context.Context) ([]SiteStats, error) {
	type fileKey struct{ site, path string }
	sites := map[string]*SiteStats{}
	files := map[fileKey]int{}
	err := s.Store.Scan(ctx, func(d state.Done) error {
		st := sites[d.Site]
		if st == nil {
			st = &SiteStats{Site: d.Site}
			sites[d.Site] = st
		}
		st.Articles++
		if d.At.After(st.LastWritten) {
			st.LastWritten = d.At
		}
		files[fileKey{d.Site, d.Output}]++
		return nil
	})
	if err != nil {
		return nil, stateError(err)
	}
	recorded, err := s.Store.Outputs(ctx)
	if err != nil {
		return nil, stateError(err)
	}
	for k, n := range files {
		f := FileStats{Path: k.path, Articles: n, Recorded: -1, Size: -1}
		if k.path == "" {
			f.Path = "-" // written to stdout
		} else {
			if r, ok := recorded[k.path]; ok {
				f.Recorded = r
			}
			if fi, err := os.Stat(k.path); err == nil {
				f.Size = fi.Size()
			}
		}
		sites[k.site].Files = append(sites[k.site].Files, f)
	}
	out := make([]SiteStats, 0, len(sites))
	for _, st := range sites {
		sort.Slice(st.Files, func(i, j int) bool { return st.Files[i].Path < st.Files[j].Path })
		out = append(out, *st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Site < out[j].Site })
	return out, nil
}

// Forget makes articles of site not done, so that the next run fetches
// them again: those of ids, or every one with all. It returns how many
// were done; an ID that is not done is an error naming it, and nothing is
// forgotten then. The records stay in the output files: the next run
// writes new ones after them.
func (s *State) Forget(ctx context.Context, site string, ids []string, all bool) (int, error) {
	var ds []state.Done
	if all {
		err := s.Store.Scan(ctx, func(d state.Done) error {
			if d.Site == site {
				ds = append(ds, d)
			}
			return nil
		})
		if err != nil {
			return 0, stateError(err)
		}
	}
	for _, id := range ids {
		d, ok, err := s.Store.Lookup(ctx, site, id)
		if err != nil {
			return 0, stateError(err)
		}
		if !ok {
			return 0, fmt.Errorf("%w: %s/%s is not done in state %s", ErrUsage, site, id, s.Name())
		}
		ds = append(ds, d)
	}
	for i := 0; i < len(ds); i += 1000 {
		if err := s.Store.Forget(ctx, ds[i:min(i+1000, len(ds))]...); err != nil {
			return i, stateError(err)
		}
	}
	return len(ds), nil
}

// ParseSince reads a --since: RFC 3339, a date (UTC), or a duration back
// from now; "" is the zero time.
func ParseSince(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339, time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q: want RFC 3339, a date (2016-12-28) or a duration (24h)", s)
}

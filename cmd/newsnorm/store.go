package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/output"
	"github.com/newsnorm/newsnorm/state"
)

// fleetFlags name this worker and the run it takes part in. With the
// embedded store only --worker matters (the {worker} placeholder); with a
// redis:// state, every worker of one run passes the same --run-id.
type fleetFlags struct {
	worker string
	runID  string
}

func (f *fleetFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.worker, "worker", "", "this worker's name, for {worker} in output paths and, with a redis state, its claims (default hostname-pid; unique among live workers)")
	fs.StringVar(&f.runID, "run-id", "", "with a redis state: the run this worker joins; every worker of one run passes the same ID (e.g. the scheduled time)")
}

// name is the worker's name: --worker, or hostname-pid.
func (f *fleetFlags) name() string {
	if f.worker != "" {
		return f.worker
	}
	host, _ := os.Hostname()
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}

var runIDPattern = strings.NewReplacer(":", "", " ", "")

// check validates the flags for a state setting.
func (f *fleetFlags) check(statePath string) error {
	if !state.IsRedisURL(statePath) {
		return nil
	}
	switch {
	case f.runID == "":
		return fmt.Errorf("%w: with a redis state, --run-id is required: every worker of one run passes the same ID (e.g. --run-id $(date -u +%%Y%%m%%dT%%H%%M) from cron)", errUsage)
	case runIDPattern.Replace(f.runID) != f.runID:
		return fmt.Errorf("%w: --run-id %q: no spaces or colons", errUsage, f.runID)
	case strings.ContainsAny(f.worker, "|: "):
		return fmt.Errorf("%w: --worker %q: no '|', ':' or spaces", errUsage, f.worker)
	}
	return nil
}

// fleet is a worker's share of a crawl run by many workers through Redis.
type fleet struct {
	redis *state.Redis
	runID string
	log   *slog.Logger
}

// openStore opens the state: the embedded file (one run at a time), or
// the Redis at a redis:// URL (many workers at once). With Redis, every
// output path template must hold {worker}: each worker appends to its own
// files and cuts them back to the lengths recorded under its name.
func openStore(ctx context.Context, cfg *config.Config, statePath, outPath string, fl fleetFlags, log *slog.Logger) (state.Store, *fleet, error) {
	if !state.IsRedisURL(statePath) {
		store, err := state.OpenBolt(statePath)
		return store, nil, err
	}
	if err := fl.check(statePath); err != nil {
		return nil, nil, err
	}
	for key, tmpl := range map[string]string{"output": outPath, "rejects": cfg.Rejects, "failures": cfg.Failures, "warc": cfg.Warc} {
		if tmpl != "" && tmpl != output.Stdout && !strings.Contains(tmpl, "{worker}") {
			return nil, nil, fmt.Errorf("%w: %s %q: with a redis state, workers share nothing but redis, so each needs files of its own: put {worker} in the path", errUsage, key, tmpl)
		}
	}
	// A worker's frontier acks a page before its record is durable, so a
	// dead worker's unflushed batch would wait for the next run: in a
	// fleet, records are durable one by one unless the config says
	// otherwise.
	if !cfg.IsSet("fsync_every") {
		cfg.FsyncEvery = 1
	}
	r, err := state.OpenRedis(ctx, statePath, state.RedisOptions{Worker: fl.name(), Logger: log})
	if err != nil {
		return nil, nil, err
	}
	f := &fleet{redis: r, runID: fl.runID, log: log}
	f.reap(ctx)
	return &fleetStore{Redis: r, f: f}, f, nil
}

// fleetStore is the Redis store of a fleet worker: closing it first cuts
// back what dead workers left.
type fleetStore struct {
	*state.Redis
	f *fleet
}

func (s *fleetStore) Close() error {
	s.f.reap(context.Background())
	return s.Redis.Close()
}

// reap cuts the output files of dead workers that this worker can reach
// (a shared volume, or one machine) back to the lengths recorded for them:
// the records past those lengths were never marked done, and other workers
// write them again once the dead worker's claims end.
func (f *fleet) reap(ctx context.Context) {
	dead, err := f.redis.DeadOutputs(ctx)
	if err != nil {
		f.log.Warn("state: cannot list dead workers' outputs", "err", err)
		return
	}
	for w, files := range dead {
		for path, size := range files {
			fi, err := os.Stat(path)
			if err != nil || !fi.Mode().IsRegular() || fi.Size() <= size {
				continue
			}
			// A worker of the same name may have come back since.
			if alive, err := f.redis.Alive(ctx, w); err != nil || alive {
				continue
			}
			if err := os.Truncate(path, size); err != nil {
				f.log.Warn("cannot cut back a dead worker's output", "worker", w, "file", path, "err", err)
				continue
			}
			f.log.Warn("cut a dead worker's output back to what it marked done", "worker", w, "file", path, "bytes", fi.Size()-size)
		}
	}
}

// crawl is what the workers of a crawl share.
func (f *fleet) crawl() *crawler.Shared {
	if f == nil {
		return nil
	}
	run := f.redis.Run(f.runID, false)
	return &crawler.Shared{
		Frontier: func(q string) crawler.Frontier { return run.Frontier(q) },
		Gates:    f.redis.Gates(),
		Robots:   run.Robots(),
	}
}

// backfill is what the workers of a backfill share: the list is fed to
// one frontier once, and drained by every worker.
func (f *fleet) backfill(resolve func(string) *crawler.Site, feedOnly bool) *crawler.Shared {
	if f == nil {
		return nil
	}
	run := f.redis.Run(f.runID, true)
	return &crawler.Shared{
		Frontier: func(q string) crawler.Frontier { return run.Frontier(q) },
		Gates:    f.redis.Gates(),
		Robots:   run.Robots(),
		Feed:     run.Feed(crawler.BackfillQueue),
		Resolve:  resolve,
		FeedOnly: feedOnly,
	}
}

// claimer is a store shared by several workers: an article is claimed
// before it is written.
type claimer interface {
	Claim(ctx context.Context, site, id, hash string) (bool, error)
}

// claim reserves rec's article for this worker before it is written; false
// when another worker wrote it or is writing it (a duplicate) or the state
// failed. The embedded store needs no claims: one run holds it. p.mu is
// held.
func (p *pipeline) claim(ctx context.Context, rec *output.Record) bool {
	c, ok := p.store.(claimer)
	if !ok {
		return true
	}
	hash := ""
	if p.recheck[rec.Site] > 0 {
		hash = rec.ContentHash
	}
	got, err := c.Claim(ctx, rec.Site, rec.ID, hash)
	switch {
	case err != nil && ctx.Err() != nil:
		return false // cut by the end of the grace period: the next run writes it
	case err != nil:
		p.setFatal(fmt.Errorf("state: claim %s/%s: %w", rec.Site, rec.ID, err))
		return false
	case !got:
		p.duplicates.Add(1)
	}
	return got
}

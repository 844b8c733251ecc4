package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/newsnorm/newsnorm/config"
	"github.com/newsnorm/newsnorm/crawler"
	"github.com/newsnorm/newsnorm/state"
)

// ErrUsage marks an error in what the caller asked for (a bad flag or
// path for the state), as opposed to a failure of the run.
var ErrUsage = errors.New("usage error")

// WorkerName is a worker's name: the given one, or hostname-pid.
func WorkerName(name string) string {
	if name != "" {
		return name
	}
	host, _ := os.Hostname()
	return fmt.Sprintf("%s-%d", host, os.Getpid())
}

// CheckFleet validates the worker name and run ID for a state setting:
// with a Redis state, every worker of one run passes the same run ID.
func CheckFleet(statePath, worker, runID string) error {
	if !state.IsRedisURL(statePath) {
		return nil
	}
	switch {
	case runID == "":
		return fmt.Errorf("%w: with a redis state, --run-id is required: every worker of one run passes the same ID (e.g. --run-id $(date -u +%%Y%%m%%dT%%H%%M) from cron)", ErrUsage)
	case strings.ContainsAny(runID, ": "):
		return fmt.Errorf("%w: --run-id %q: no spaces or colons", ErrUsage, runID)
	case strings.ContainsAny(worker, "|: "):
		return fmt.Errorf("%w: --worker %q: no '|', ':' or spaces", ErrUsage, worker)
	}
	return nil
}

// fleet is a worker's share of a run by many workers through Redis.
type fleet struct {
	redis *state.Redis
	runID string
	log   *slog.Logger
}

// openStore opens the config's state: the embedded file (one run at a
// time), or the Redis at a redis:// URL (many workers at once). With
// Redis, each worker appends to its own files (config.UseState checked
// that every path holds {worker}) and cuts them back to the lengths
// recorded under its name; and the output files dead workers left are cut
// back (reap).
func openStore(ctx context.Context, cfg *config.Config, worker, runID string, log *slog.Logger) (state.Store, *fleet, error) {
	if !state.IsRedisURL(cfg.State) {
		store, err := state.OpenBolt(cfg.State)
		return store, nil, err
	}
	if err := CheckFleet(cfg.State, worker, runID); err != nil {
		return nil, nil, err
	}
	password, err := redisPassword()
	if err != nil {
		return nil, nil, err
	}
	r, err := state.OpenRedis(ctx, cfg.State, state.RedisOptions{Worker: worker, Logger: log, Password: password})
	if err != nil {
		return nil, nil, err
	}
	f := &fleet{redis: r, runID: runID, log: log}
	f.reap(ctx)
	return &fleetStore{Redis: r, f: f}, f, nil
}

// redisPassword is the Redis password from the environment, for a state
// URL that carries none: REDIS_PASSWORD, or the first line of the file
// REDIS_PASSWORD_FILE names (a mounted secret).
func redisPassword() (string, error) {
	if p := os.Getenv("REDIS_PASSWORD"); p != "" {
		return p, nil
	}
	path := os.Getenv("REDIS_PASSWORD_FILE")
	if path == "" {
		return "", nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("%w: REDIS_PASSWORD_FILE: %w", ErrUsage, err)
	}
	first, _, _ := strings.Cut(string(data), "\n")
	return strings.TrimRight(first, "\r"), nil
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

// CrawlShared is what the workers of a crawl share (nil with the embedded
// store).
func (p *Pipeline) CrawlShared() *crawler.Shared {
	if p.fleet == nil {
		return nil
	}
	run := p.fleet.redis.Run(p.fleet.runID, false)
	return &crawler.Shared{
		Frontier: func(q string) crawler.Frontier { return run.Frontier(q) },
		Gates:    p.fleet.redis.Gates(),
		Robots:   run.Robots(),
	}
}

// BackfillShared is what the workers of a backfill share (nil with the
// embedded store): the list is fed to one frontier once, and drained by
// every worker; resolve finds the configured site of a URL another worker
// fed.
func (p *Pipeline) BackfillShared(resolve func(string) *crawler.Site, feedOnly bool) *crawler.Shared {
	if p.fleet == nil {
		return nil
	}
	run := p.fleet.redis.Run(p.fleet.runID, true)
	return &crawler.Shared{
		Frontier: func(q string) crawler.Frontier { return run.Frontier(q) },
		Gates:    p.fleet.redis.Gates(),
		Robots:   run.Robots(),
		Feed:     run.Feed(crawler.BackfillQueue),
		Resolve:  resolve,
		FeedOnly: feedOnly,
	}
}

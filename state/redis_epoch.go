package state

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"
)

// A Redis that restarts without persistence (or is flushed) comes back
// empty: no done-set, no leases, no recorded lengths. A worker must not
// take that for a new crawl. Two guards:
//
//   - the epoch, P:epoch, a token written when the state is first
//     created (by the first worker that opens it): each worker reads it
//     on open, and every commit checks it is still the same, so a worker
//     whose Redis lost its data under it stops with ErrStateLost, marking
//     nothing more done;
//   - on open, the pipeline looks for output files holding records that
//     no worker's state knows (pipeline/integrity.go): what a Redis that
//     lost its data between runs leaves behind.
//
// And a warning when the server does not persist every write.

// ErrStateLost means Redis lost its data (restarted without persistence,
// flushed) while this worker used it: nothing it holds can be trusted.
var ErrStateLost = errors.New("redis lost its data")

// openEpoch reads the state's epoch, writing it when the state is new (or
// from a newsnorm that had none).
func (s *Redis) openEpoch(ctx context.Context) error {
	mine := randomID()
	return s.do(ctx, func(ctx context.Context) error {
		if err := s.c.SetNX(ctx, s.key("epoch"), mine, 0).Err(); err != nil {
			return err
		}
		var err error
		s.epoch, err = s.c.Get(ctx, s.key("epoch")).Result()
		s.created = s.epoch == mine
		return err
	})
}

// Created reports whether this store wrote the state's epoch: the state
// was new (or lost) when it opened.
func (s *Redis) Created() bool { return s.created }

func (s *Redis) stateLost() error {
	return fmt.Errorf("worker %q: %w: the key %s that marks this state is gone (restarted without persistence, or flushed?); refusing to mark anything more done",
		s.worker, ErrStateLost, s.key("epoch"))
}

// Scripts answer NEWSNORM_STATE_LOST when the epoch is not the worker's.
func isStateLost(err error) bool {
	return err != nil && strings.Contains(err.Error(), "NEWSNORM_STATE_LOST")
}

// luaEpoch opens a script that must not run on a state that lost its
// data: KEYS[k] is the epoch key, ARGV[a] the epoch the worker read.
func luaEpoch(k, a int) string {
	return fmt.Sprintf("\nif redis.call('GET', KEYS[%d]) ~= ARGV[%d] then return redis.error_reply('NEWSNORM_STATE_LOST') end\n", k, a)
}

// epochGone reports whether the epoch the worker read is gone.
func (s *Redis) epochGone(ctx context.Context) bool {
	v, err := s.c.Get(ctx, s.key("epoch")).Result()
	return errors.Is(err, redis.Nil) || err == nil && v != s.epoch
}

// warnPersistence warns when the server would lose acknowledged writes on
// a restart: appendonly off (snapshots lose what came after the last).
// A server that refuses CONFIG (a managed one) is not second-guessed.
func (s *Redis) warnPersistence(ctx context.Context, name string) {
	aof, err := s.c.ConfigGet(ctx, "appendonly").Result()
	if err != nil {
		s.log.Debug("redis: cannot read its persistence settings", "err", err)
		return
	}
	if aof["appendonly"] == "yes" {
		return
	}
	save, _ := s.c.ConfigGet(ctx, "save").Result()
	s.log.Warn("redis does not persist every write (appendonly no): a restart loses the done-set; newsnorm then refuses to run rather than write every article again. Set appendonly yes and appendfsync always",
		"redis", name, "appendonly", aof["appendonly"], "save", save["save"])
}

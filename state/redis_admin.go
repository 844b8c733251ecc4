package state

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// The Redis store's side of Admin, and Outputs: the done-set is the
// fleet's, the output lengths this worker's.

var _ Admin = (*Redis)(nil)

// Outputs implements Store: this worker's files.
func (s *Redis) Outputs(ctx context.Context) (map[string]int64, error) {
	return s.outputsOf(ctx, s.worker)
}

func (s *Redis) outputsOf(ctx context.Context, worker string) (map[string]int64, error) {
	var raw map[string]string
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		raw, err = s.c.HGetAll(ctx, s.key("out", worker)).Result()
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(raw))
	for p, v := range raw {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			out[p] = n
		}
	}
	return out, nil
}

// KnownOutputs is every output file whose length any worker has recorded
// (the workers of the last 30 days, see DeadOutputs), by path.
func (s *Redis) KnownOutputs(ctx context.Context) (map[string]bool, error) {
	var workers []string
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		workers, err = s.c.ZRange(ctx, s.key("workers"), 0, -1).Result()
		return err
	})
	if err != nil {
		return nil, err
	}
	workers = append(workers, s.worker)
	known := map[string]bool{}
	err = s.do(ctx, func(ctx context.Context) error {
		p := s.c.Pipeline()
		cmds := make([]*redis.StringSliceCmd, len(workers))
		for i, w := range workers {
			cmds[i] = p.HKeys(ctx, s.key("out", w))
		}
		if _, err := p.Exec(ctx); err != nil {
			return err
		}
		for _, c := range cmds {
			for _, path := range c.Val() {
				known[path] = true
			}
		}
		return nil
	})
	return known, err
}

// Scan implements Admin.
func (s *Redis) Scan(ctx context.Context, fn func(Done) error) error {
	var cursor uint64
	for {
		var kv []string
		err := s.do(ctx, func(ctx context.Context) error {
			var err error
			kv, cursor, err = s.c.HScan(ctx, s.key("done"), cursor, "", 1000).Result()
			return err
		})
		if err != nil {
			return err
		}
		for i := 0; i+1 < len(kv); i += 2 {
			site, id, _ := strings.Cut(kv[i], "\x00")
			var dv doneValue
			if err := json.Unmarshal([]byte(kv[i+1]), &dv); err != nil {
				return fmt.Errorf("done record %s/%s: %w", site, id, err)
			}
			if err := fn(dv.done(site, id)); err != nil {
				return err
			}
		}
		if cursor == 0 {
			return nil
		}
	}
}

// Mark implements Admin.
func (s *Redis) Mark(ctx context.Context, ds ...Done) error {
	if len(ds) == 0 {
		return nil
	}
	return s.do(ctx, func(ctx context.Context) error {
		p := s.c.TxPipeline()
		for _, d := range ds {
			v, err := json.Marshal(doneValue{URL: d.URL, Hash: d.Hash, At: d.At.UTC(), Published: d.Published.UTC(), Output: d.Output})
			if err != nil {
				return err
			}
			p.HSet(ctx, s.key("done"), redisField(d.Site, d.ID), v)
			if d.URL != "" {
				p.SAdd(ctx, s.key("urls"), urlKey(d.URL))
			}
		}
		_, err := p.Exec(ctx)
		return err
	})
}

// Forget implements Admin.
func (s *Redis) Forget(ctx context.Context, ds ...Done) error {
	for _, d := range ds {
		field := redisField(d.Site, d.ID)
		u := d.URL
		var raw string
		err := s.do(ctx, func(ctx context.Context) error {
			var err error
			raw, err = s.c.HGet(ctx, s.key("done"), field).Result()
			return err
		})
		if err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		var dv doneValue
		if raw != "" && json.Unmarshal([]byte(raw), &dv) == nil && dv.URL != "" {
			u = dv.URL
		}
		err = s.do(ctx, func(ctx context.Context) error {
			p := s.c.TxPipeline()
			p.HDel(ctx, s.key("done"), field)
			if u != "" {
				p.SRem(ctx, s.key("urls"), urlKey(u))
			}
			_, err := p.Exec(ctx)
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// DropOutput implements Admin: of this worker's files.
func (s *Redis) DropOutput(ctx context.Context, path string) error {
	return s.do(ctx, func(ctx context.Context) error { return s.c.HDel(ctx, s.key("out", s.worker), path).Err() })
}

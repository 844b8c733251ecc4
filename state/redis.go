package state

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/newsnorm/newsnorm/internal/pause"
)

// ErrLeaseLost means this worker's lease in Redis ended while it was still
// working (Redis was unreachable for longer than the lease, or lost its
// data): other workers may have taken over its pages and articles, so it
// must stop.
var ErrLeaseLost = errors.New("this worker's lease in redis is lost")

// Redis is the shared store: many workers (processes, machines) use one
// Redis at once, each under its own worker name. Next to what Bolt keeps
// (the done-set, the URLs done, HTTP validators, the recorded length of
// each of this worker's output files), it holds the worker's lease: a key
// that lives while the worker renews it. Everything a worker claims (an
// article before it is written, a frontier job, a host slot, the feeding
// of a URL list) is its own while that key lives; once it is gone, other
// workers take them over. Each Lua script that acts for a worker first
// checks that its lease is still its own, so a worker that lost it can no
// longer mark anything done.
//
// Keys, under the prefix P ("newsnorm" unless the URL says prefix=...):
//
//	P:done              hash  site \x00 id -> JSON of the done article
//	P:urls              set   16-byte SHA-256 prefixes of the URLs done
//	P:val               hash  16-byte SHA-256 prefix of a URL -> JSON validators
//	P:claim:site\x00id  string  worker writing the article now
//	P:out:WORKER        hash  output path -> recorded length
//	P:worker:WORKER     string  the worker's lease token (expires)
//	P:workers           zset  worker -> last renewal (ms), for the reaper
//	P:epoch             string  written when the state is created, checked by every commit
//
// and the keys of runs and hosts (see redis_fleet.go).
type Redis struct {
	c      *redis.Client
	prefix string
	worker string
	token  string
	lease  time.Duration
	outage time.Duration
	runTTL time.Duration
	log    *slog.Logger

	epoch   string // the state's epoch, as read on open (redis_epoch.go)
	created bool   // this store wrote it

	mu   sync.Mutex
	lost error // ErrLeaseLost once the lease is gone, ErrStateLost once the data

	stop chan struct{}
	done chan struct{}
}

// RedisOptions configure OpenRedis.
type RedisOptions struct {
	// Worker names this worker; names must be unique among the live
	// workers of one Redis (and prefix).
	Worker string
	Logger *slog.Logger
	// Password is used when the URL carries none, so that no secret need
	// sit in a config file (the pipeline reads it from REDIS_PASSWORD or
	// REDIS_PASSWORD_FILE).
	Password string
}

// Defaults of the settings a redis:// state URL may carry.
const (
	DefaultPrefix = "newsnorm"
	DefaultLease  = 30 * time.Second
	DefaultOutage = time.Minute
	DefaultRunTTL = 24 * time.Hour
	// forgetWorkers is how long a dead worker's output lengths are kept,
	// for a worker of the same name to cut its files back.
	forgetWorkers = 30 * 24 * time.Hour
)

// IsRedisURL reports whether a state setting names a Redis server.
func IsRedisURL(s string) bool {
	return strings.HasPrefix(s, "redis://") || strings.HasPrefix(s, "rediss://") || strings.HasPrefix(s, "unix://")
}

// OpenRedis connects to the Redis at rawURL (redis://[user:pass@]host:port/db)
// and takes the lease of opts.Worker. Besides go-redis's own options, the
// URL may carry prefix= (key prefix), lease= (how long a dead worker's
// claims outlive it), outage= (how long an operation is retried while
// Redis is unreachable) and run_ttl= (how long a run's keys outlive its
// last activity). When a live worker holds the same name, OpenRedis waits
// for its lease, and fails with ErrLocked if it does not end.
func OpenRedis(ctx context.Context, rawURL string, opts RedisOptions) (*Redis, error) {
	s := &Redis{prefix: DefaultPrefix, lease: DefaultLease, outage: DefaultOutage, runTTL: DefaultRunTTL,
		worker: opts.Worker, log: opts.Logger, stop: make(chan struct{}), done: make(chan struct{})}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.worker == "" {
		return nil, fmt.Errorf("state %s: no worker name", RedactURL(rawURL))
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("state %s: %w", RedactURL(rawURL), err)
	}
	q := u.Query()
	for key, dst := range map[string]*time.Duration{"lease": &s.lease, "outage": &s.outage, "run_ttl": &s.runTTL} {
		if v := q.Get(key); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return nil, fmt.Errorf("state %s: %s=%q: not a positive duration", RedactURL(rawURL), key, v)
			}
			*dst = d
		}
		q.Del(key)
	}
	if v := q.Get("prefix"); v != "" {
		s.prefix = v
	}
	q.Del("prefix")
	u.RawQuery = q.Encode()
	ro, err := redis.ParseURL(u.String())
	if err != nil {
		return nil, fmt.Errorf("state %s: %w", RedactURL(rawURL), err)
	}
	if ro.Password == "" {
		ro.Password = opts.Password
	}
	// Retries are ours (see do): they span a restart of the server.
	ro.MaxRetries = -1
	ro.DialTimeout = 2 * time.Second
	ro.ReadTimeout = 5 * time.Second
	ro.WriteTimeout = 5 * time.Second
	ro.DisableIdentity = true
	logOnce.Do(func() { redis.SetLogger(redisLogger{s.log}) })
	s.c = redis.NewClient(ro)
	var b [12]byte
	_, _ = rand.Read(b[:])
	s.token = hex.EncodeToString(b[:])
	if err := s.register(ctx); err != nil {
		s.c.Close()
		return nil, fmt.Errorf("state %s: %w", RedactURL(rawURL), err)
	}
	if err := s.openEpoch(ctx); err != nil {
		s.c.Close()
		return nil, fmt.Errorf("state %s: %w", RedactURL(rawURL), err)
	}
	s.warnPersistence(ctx, RedactURL(rawURL))
	go s.heartbeat()
	return s, nil
}

// go-redis logs through one process-wide logger: to the first store's, at
// debug level (what matters is logged by do and heartbeat).
var logOnce sync.Once

type redisLogger struct{ log *slog.Logger }

func (l redisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.DebugContext(ctx, "go-redis: "+fmt.Sprintf(format, v...))
}

// RedactURL is a state URL with its password hidden.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "redis"
	}
	return u.Redacted()
}

func (s *Redis) key(parts ...string) string { return s.prefix + ":" + strings.Join(parts, ":") }

func (s *Redis) workerKey(w string) string { return s.key("worker", w) }

// Worker is this worker's name.
func (s *Redis) Worker() string { return s.worker }

// Lease is how long a dead worker's claims outlive it.
func (s *Redis) Lease() time.Duration { return s.lease }

// register takes the worker's lease, waiting out a dead namesake's.
func (s *Redis) register(ctx context.Context) error {
	deadline := time.Now().Add(s.lease + time.Second)
	for {
		var ok bool
		err := s.do(ctx, func(ctx context.Context) error {
			var err error
			ok, err = s.c.SetNX(ctx, s.workerKey(s.worker), s.token, s.lease).Result()
			if err == nil && !ok {
				// A retried SET NX that did succeed reads as taken.
				var v string
				v, err = s.c.Get(ctx, s.workerKey(s.worker)).Result()
				ok = v == s.token
				if errors.Is(err, redis.Nil) {
					err = nil
				}
			}
			return err
		})
		if err != nil {
			return err
		}
		if ok {
			return s.do(ctx, func(ctx context.Context) error {
				return s.c.ZAdd(ctx, s.key("workers"), redis.Z{Score: float64(time.Now().UnixMilli()), Member: s.worker}).Err()
			})
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("worker name %q is in use by a live worker: %w", s.worker, ErrLocked)
		}
		if !pause.For(ctx, 200*time.Millisecond) {
			return ctx.Err()
		}
	}
}

var renewScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return 1`)

// heartbeat renews the lease every third of it until Close.
func (s *Redis) heartbeat() {
	defer close(s.done)
	every := max(s.lease/3, 50*time.Millisecond)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), every)
		n, err := renewScript.Run(ctx, s.c, []string{s.workerKey(s.worker), s.key("workers")},
			s.token, s.lease.Milliseconds(), time.Now().UnixMilli(), s.worker).Int()
		cancel()
		switch {
		case err != nil:
			s.log.Warn("redis: cannot renew the worker's lease; retrying", "worker", s.worker, "err", err)
		case n == 0 && s.epochGone(context.Background()):
			s.setLost(s.stateLost())
			s.log.Error("redis lost its data (restarted without persistence, or flushed); stopping", "worker", s.worker)
			return
		case n == 0:
			s.setLost(nil)
			s.log.Error("redis: the worker's lease is lost (redis unreachable for longer than the lease, or restarted without persistence); stopping",
				"worker", s.worker, "lease", s.lease)
			return
		}
	}
}

// setLost stops every later operation with err (nil: the lease is lost).
func (s *Redis) setLost(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		err = fmt.Errorf("worker %q: %w", s.worker, ErrLeaseLost)
	}
	if s.lost == nil {
		s.lost = err
	}
}

func (s *Redis) lostErr() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lost
}

// do runs f, and again while Redis is unreachable (connection errors,
// LOADING after a restart, a replica not yet promoted), for up to the
// outage setting. Every f must be safe to run twice: a reply lost with
// the connection does not tell whether it ran.
func (s *Redis) do(ctx context.Context, f func(context.Context) error) error {
	if err := s.lostErr(); err != nil {
		return err
	}
	var deadline time.Time
	wait := 20 * time.Millisecond
	for {
		err := f(ctx)
		if err == nil || errors.Is(err, redis.Nil) || !transient(err) || ctx.Err() != nil {
			switch {
			case isStateLost(err):
				s.setLost(s.stateLost())
				return s.lostErr()
			case isLeaseLost(err):
				s.setLost(nil)
				return s.lostErr()
			}
			return err
		}
		now := time.Now()
		if deadline.IsZero() {
			deadline = now.Add(s.outage)
			s.log.Warn("redis unreachable; retrying", "err", err, "for", s.outage)
		}
		if now.After(deadline) {
			return fmt.Errorf("redis unreachable for %s: %w", s.outage, err)
		}
		if !pause.For(ctx, wait) {
			return ctx.Err()
		}
		wait = min(2*wait, time.Second)
	}
}

// transient tells errors worth retrying: anything but an answer from a
// working server.
func transient(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var re redis.Error
	if errors.As(err, &re) {
		msg := re.Error()
		for _, p := range []string{"LOADING", "READONLY", "MASTERDOWN", "TRYAGAIN", "BUSY", "CLUSTERDOWN"} {
			if strings.HasPrefix(msg, p) {
				return true
			}
		}
		return false
	}
	return !errors.Is(err, redis.ErrClosed)
}

// Scripts answer "LEASE" as an error when the worker's lease is not its
// own any more.
func isLeaseLost(err error) bool {
	return err != nil && strings.Contains(err.Error(), "NEWSNORM_LEASE_LOST")
}

// luaLease is the opening of every script that acts for a worker: KEYS[1]
// is its lease key, ARGV[1] its token.
const luaLease = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('NEWSNORM_LEASE_LOST') end
`

// IsURLDone implements Store.
func (s *Redis) IsURLDone(ctx context.Context, u string) (bool, error) {
	var ok bool
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		ok, err = s.c.SIsMember(ctx, s.key("urls"), urlKey(u)).Result()
		return err
	})
	return ok, err
}

// Lookup implements Store.
func (s *Redis) Lookup(ctx context.Context, site, id string) (Done, bool, error) {
	var raw string
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		raw, err = s.c.HGet(ctx, s.key("done"), redisField(site, id)).Result()
		return err
	})
	if errors.Is(err, redis.Nil) {
		return Done{}, false, nil
	}
	if err != nil {
		return Done{}, false, err
	}
	var dv doneValue
	if err := json.Unmarshal([]byte(raw), &dv); err != nil {
		return Done{}, false, fmt.Errorf("done record %s/%s: %w", site, id, err)
	}
	return Done{Site: site, ID: id, URL: dv.URL, Hash: dv.Hash, At: dv.At, Published: dv.Published, Output: dv.Output}, true, nil
}

var claimScript = redis.NewScript(luaLease + `
local v = redis.call('HGET', KEYS[2], ARGV[2])
if v then
  if ARGV[3] == '' then return 0 end
  local ok, d = pcall(cjson.decode, v)
  if ok and d.hash == ARGV[3] then return 0 end
end
local owner = redis.call('GET', KEYS[3])
if owner and owner ~= ARGV[4] and redis.call('EXISTS', ARGV[5] .. owner) == 1 then return -1 end
redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[6])
return 1`)

// Claim implements Store: the claim is this worker's while its lease
// lives; Commit ends it.
func (s *Redis) Claim(ctx context.Context, site, id, hash string) (bool, error) {
	field := redisField(site, id)
	var n int
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		n, err = claimScript.Run(ctx, s.c, []string{s.workerKey(s.worker), s.key("done"), s.key("claim", field)},
			s.token, field, hash, s.worker, s.key("worker", ""), time.Hour.Milliseconds()).Int()
		return err
	})
	return n == 1, err
}

var commitScript = redis.NewScript(luaEpoch(5, 3) + luaLease + `
for i = 4, #ARGV, 5 do
  redis.call('HSET', KEYS[2], ARGV[i], ARGV[i+1])
  if ARGV[i+2] ~= '' then redis.call('SADD', KEYS[3], ARGV[i+2]) end
  if ARGV[i+3] ~= '' then redis.call('HSET', KEYS[4], ARGV[i+3], ARGV[i+4]) end
  redis.call('DEL', ARGV[2] .. ARGV[i])
end
return 1`)

// Commit implements Store: in one script, each article is done, its URL
// is done, this worker's output lengths are recorded and its claims end.
// It fails with ErrLeaseLost, marking nothing, when the worker's lease is
// no longer its own, and with ErrStateLost when Redis lost its data since
// the store opened.
func (s *Redis) Commit(ctx context.Context, ds ...Done) error {
	if len(ds) == 0 {
		return nil
	}
	args := []any{s.token, s.key("claim", ""), s.epoch}
	for _, d := range ds {
		v, err := json.Marshal(doneValue{URL: d.URL, Hash: d.Hash, At: d.At.UTC(), Published: d.Published.UTC(), Output: d.Output})
		if err != nil {
			return err
		}
		uh := ""
		if d.URL != "" {
			uh = urlKey(d.URL)
		}
		args = append(args, redisField(d.Site, d.ID), v, uh, d.Output, d.Size)
	}
	keys := []string{s.workerKey(s.worker), s.key("done"), s.key("urls"), s.key("out", s.worker), s.key("epoch")}
	return s.do(ctx, func(ctx context.Context) error { return commitScript.Run(ctx, s.c, keys, args...).Err() })
}

// OutputSize implements Store, for this worker's files.
func (s *Redis) OutputSize(ctx context.Context, path string) (int64, bool, error) {
	var size int64
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		size, err = s.c.HGet(ctx, s.key("out", s.worker), path).Int64()
		return err
	})
	if errors.Is(err, redis.Nil) {
		return 0, false, nil
	}
	return size, err == nil, err
}

// SetOutputSize implements Store.
func (s *Redis) SetOutputSize(ctx context.Context, path string, size int64) error {
	return s.do(ctx, func(ctx context.Context) error { return s.c.HSet(ctx, s.key("out", s.worker), path, size).Err() })
}

// Validators implements Store.
func (s *Redis) Validators(ctx context.Context, u string) (Validators, error) {
	var v Validators
	var raw string
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		raw, err = s.c.HGet(ctx, s.key("val"), urlKey(u)).Result()
		if errors.Is(err, redis.Nil) {
			// Saved by a newsnorm that kept the URL itself as the field.
			raw, err = s.c.HGet(ctx, s.key("val"), u).Result()
		}
		return err
	})
	if errors.Is(err, redis.Nil) {
		return v, nil
	}
	if err != nil {
		return v, err
	}
	return v, json.Unmarshal([]byte(raw), &v)
}

// SetValidators implements Store; empty validators are forgotten. The
// field is the URL's key (its hash), and a field of the URL itself, as an
// older newsnorm saved it, goes.
func (s *Redis) SetValidators(ctx context.Context, u string, v Validators) error {
	var raw []byte
	if v != (Validators{}) {
		var err error
		if raw, err = json.Marshal(v); err != nil {
			return err
		}
	}
	return s.do(ctx, func(ctx context.Context) error {
		p := s.c.TxPipeline()
		p.HDel(ctx, s.key("val"), u)
		if raw == nil {
			p.HDel(ctx, s.key("val"), urlKey(u))
		} else {
			p.HSet(ctx, s.key("val"), urlKey(u), raw)
		}
		_, err := p.Exec(ctx)
		return err
	})
}

// DeadOutputs returns the recorded output lengths of workers other than
// this one whose lease has ended, by worker and path: what a dead worker
// wrote past them was never marked done (it is written again by others),
// so whoever can reach those files should cut them back. Workers dead for
// longer than 30 days are forgotten.
func (s *Redis) DeadOutputs(ctx context.Context) (map[string]map[string]int64, error) {
	var workers []redis.Z
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		workers, err = s.c.ZRangeWithScores(ctx, s.key("workers"), 0, -1).Result()
		return err
	})
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]int64{}
	for _, z := range workers {
		w, _ := z.Member.(string)
		if w == s.worker {
			continue
		}
		var alive int64
		var sizes map[string]string
		err := s.do(ctx, func(ctx context.Context) error {
			var err error
			if alive, err = s.c.Exists(ctx, s.workerKey(w)).Result(); err != nil || alive > 0 {
				return err
			}
			sizes, err = s.c.HGetAll(ctx, s.key("out", w)).Result()
			return err
		})
		if err != nil {
			return nil, err
		}
		if alive > 0 {
			continue
		}
		if time.Since(time.UnixMilli(int64(z.Score))) > forgetWorkers {
			err := s.do(ctx, func(ctx context.Context) error {
				return s.c.ZRem(ctx, s.key("workers"), w).Err()
			})
			if err != nil {
				return nil, err
			}
			// Its output lengths stay: a worker of that name may come back.
			continue
		}
		m := map[string]int64{}
		for p, v := range sizes {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				m[p] = n
			}
		}
		if len(m) > 0 {
			out[w] = m
		}
	}
	return out, nil
}

// ClaimedByOther reports whether another worker that holds a lease has
// claimed the article: it may have written the record and not committed
// it yet (see Claim and Commit).
func (s *Redis) ClaimedByOther(ctx context.Context, site, id string) (bool, error) {
	var owner string
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		owner, err = s.c.Get(ctx, s.key("claim", redisField(site, id))).Result()
		if errors.Is(err, redis.Nil) {
			owner, err = "", nil
		}
		return err
	})
	if err != nil || owner == "" || owner == s.worker {
		return false, err
	}
	return s.Alive(ctx, owner)
}

// Alive reports whether worker holds a lease.
func (s *Redis) Alive(ctx context.Context, worker string) (bool, error) {
	var n int64
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		n, err = s.c.Exists(ctx, s.workerKey(worker)).Result()
		return err
	})
	return n > 0, err
}

var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`)

// Close implements Store: it stops renewing the lease and ends it, so that
// other workers take over at once whatever this one still held.
func (s *Redis) Close() error {
	close(s.stop)
	<-s.done
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := releaseScript.Run(ctx, s.c, []string{s.workerKey(s.worker)}, s.token).Err()
	if s.lostErr() != nil {
		err = nil // nothing to release
	}
	return errors.Join(err, s.c.Close())
}

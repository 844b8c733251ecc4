package state

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/newsnorm/newsnorm/internal/pause"
)

// The shared parts of one crawl, for crawler.Shared: frontiers with their
// seen-sets, the feeding of a URL list, robots.txt files (all per run) and
// the politeness gates of hosts (shared by every run). Keys, under the
// prefix P and the run's ID R:
//
//	P:run:R:q:Q           list  queue Q's jobs, oldest first
//	P:run:R:q:Q:seen      set   16-byte SHA-256 prefixes of the URLs pushed
//	P:run:R:q:Q:leased    hash  job -> worker holding it
//	P:run:R:q:Q:claims:W  hash  claim id -> job, for worker W's claims not yet ended (a retried claim gets the same job)
//	P:run:R:q:Q:dirty     set   pages with a child that failed for now
//	P:run:R:feed          hash  owner (the feeding worker), fed (URLs pushed), done
//	P:run:R:robots:ORIGIN string  a parsed robots.txt; ...:lock the worker fetching it
//	P:gate:HOST           hash  next, last, delay, cd (Crawl-delay): µs, Redis's clock
//	P:gate:HOST:slots     zset  worker|id -> expiry (µs): requests in flight
//
// A run's keys expire run_ttl after they were last written; gates, ten
// minutes after a host was last used.

// RedisRun is one run of a fleet: every worker that opens the same run ID
// shares its frontiers.
type RedisRun struct {
	s   *Redis
	id  string
	fed bool
}

// Run returns the run named id. When fed, its frontiers are fed from a URL
// list (RedisRun.Feed) and are not drained before the feed is complete.
func (s *Redis) Run(id string, fed bool) *RedisRun { return &RedisRun{s: s, id: id, fed: fed} }

func (r *RedisRun) key(parts ...string) string {
	return r.s.key(append([]string{"run", r.id}, parts...)...)
}

// Frontier returns the run's frontier named queue.
func (r *RedisRun) Frontier(queue string) *RedisFrontier {
	f := &RedisFrontier{r: r, base: r.key("q", queue)}
	return f
}

// RedisFrontier is a shared frontier (crawler.Frontier).
type RedisFrontier struct {
	r    *RedisRun
	base string
}

func (f *RedisFrontier) keys() []string {
	s := f.r.s
	return []string{s.workerKey(s.worker), f.base, f.base + ":seen", f.base + ":leased", f.claimsKey(), f.r.key("feed")}
}

// claimsKey is this worker's hash of claim ids and the jobs they got.
// Each call to Claim has its own id, kept across its retries: when Redis
// ran a claim but its answer was lost (a connection cut, a restart), the
// retry gets the same job instead of a second one, which would leave the
// first leased to a live worker that never ends it, and the frontier
// never drained. Ack and Release remove the job's entry.
func (f *RedisFrontier) claimsKey() string {
	return f.base + ":claims:" + f.r.s.worker
}

var pushScript = redis.NewScript(luaLease + `
if redis.call('SADD', KEYS[3], ARGV[2]) == 0 then return 0 end
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('PEXPIRE', KEYS[3], ARGV[4])
return 1`)

// Push implements crawler.Frontier.
func (f *RedisFrontier) Push(ctx context.Context, u string, job []byte) (bool, error) {
	s := f.r.s
	var n int
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		n, err = pushScript.Run(ctx, s.c, f.keys(), s.token, urlKey(u), job, s.runTTL.Milliseconds()).Int()
		return err
	})
	return n == 1, err
}

// claimJobScript answers {1, job} (claimed), {0} (wait) or {-1} (drained).
// When nothing is queued, the jobs of workers whose lease is gone go back
// to the queue first.
var claimJobScript = redis.NewScript(luaLease + `
local again = redis.call('HGET', KEYS[5], ARGV[3])
if again and redis.call('HGET', KEYS[4], again) == ARGV[2] then return {1, again} end
local job = redis.call('LPOP', KEYS[2])
if not job then
  local held = redis.call('HGETALL', KEYS[4])
  for i = 1, #held, 2 do
    if redis.call('EXISTS', ARGV[4] .. held[i + 1]) == 0 then
      redis.call('HDEL', KEYS[4], held[i])
      redis.call('RPUSH', KEYS[2], held[i])
    end
  end
  job = redis.call('LPOP', KEYS[2])
end
if job then
  redis.call('HSET', KEYS[4], job, ARGV[2])
  redis.call('HSET', KEYS[5], ARGV[3], job)
  for i = 2, 5 do redis.call('PEXPIRE', KEYS[i], ARGV[5]) end
  return {1, job}
end
if redis.call('HLEN', KEYS[4]) > 0 then return {0} end
if ARGV[6] == '1' and redis.call('HGET', KEYS[6], 'done') ~= '1' then return {0} end
return {-1}`)

// Claim implements crawler.Frontier. It polls while it waits.
func (f *RedisFrontier) Claim(ctx context.Context) ([]byte, bool, error) {
	fed := "0"
	if f.r.fed {
		fed = "1"
	}
	wait := 10 * time.Millisecond
	for {
		res, err := f.claim(ctx, randomID(), fed)
		if err != nil {
			return nil, false, err
		}
		code, _ := res[0].(int64)
		switch code {
		case 1:
			job, _ := res[1].(string)
			return []byte(job), true, nil
		case -1:
			return nil, false, nil
		}
		if !pause.For(ctx, wait+time.Duration(mrand.Int64N(int64(wait)))) {
			return nil, false, nil
		}
		wait = min(2*wait, 25*time.Millisecond)
	}
}

// claim runs the claim script as the call id; s.do retries it with the
// same id.
func (f *RedisFrontier) claim(ctx context.Context, id, fed string) ([]any, error) {
	s := f.r.s
	var res []any
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		res, err = claimJobScript.Run(ctx, s.c, f.keys(), s.token, s.worker, id, s.key("worker", ""),
			s.runTTL.Milliseconds(), fed).Slice()
		return err
	})
	return res, err
}

var ackScript = redis.NewScript(`
local claims = redis.call('HGETALL', KEYS[3])
for i = 1, #claims, 2 do
  if claims[i + 1] == ARGV[1] then redis.call('HDEL', KEYS[3], claims[i]) end
end
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
if ARGV[3] == '1' then redis.call('LPUSH', KEYS[2], ARGV[1]) end
return 1`)

// Ack implements crawler.Frontier.
func (f *RedisFrontier) Ack(ctx context.Context, job []byte) error { return f.end(ctx, job, false) }

// Release implements crawler.Frontier: the job goes to the front of the
// queue.
func (f *RedisFrontier) Release(ctx context.Context, job []byte) error { return f.end(ctx, job, true) }

func (f *RedisFrontier) end(ctx context.Context, job []byte, requeue bool) error {
	s := f.r.s
	rq := "0"
	if requeue {
		rq = "1"
	}
	return s.do(ctx, func(ctx context.Context) error {
		return ackScript.Run(ctx, s.c, []string{f.base + ":leased", f.base, f.claimsKey()}, job, s.worker, rq).Err()
	})
}

// MarkDirty implements crawler.Frontier.
func (f *RedisFrontier) MarkDirty(ctx context.Context, u string) error {
	s := f.r.s
	return s.do(ctx, func(ctx context.Context) error {
		p := s.c.TxPipeline()
		p.SAdd(ctx, f.base+":dirty", u)
		p.PExpire(ctx, f.base+":dirty", s.runTTL)
		_, err := p.Exec(ctx)
		return err
	})
}

// Dirty implements crawler.Frontier.
func (f *RedisFrontier) Dirty(ctx context.Context, u string) (bool, error) {
	s := f.r.s
	var ok bool
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		ok, err = s.c.SIsMember(ctx, f.base+":dirty", u).Result()
		return err
	})
	return ok, err
}

// Len is how many jobs are queued (not leased).
func (f *RedisFrontier) Len(ctx context.Context) (int64, error) {
	s := f.r.s
	var n int64
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		n, err = s.c.LLen(ctx, f.base).Result()
		return err
	})
	return n, err
}

func randomID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// Feed returns the feed of the run's URL list into the frontier queue
// (crawler.Feed).
func (r *RedisRun) Feed(queue string) *RedisFeed { return &RedisFeed{r: r, f: r.Frontier(queue)} }

// RedisFeed coordinates the feeding of a URL list (crawler.Feed).
type RedisFeed struct {
	r *RedisRun
	f *RedisFrontier
}

var feedStartScript = redis.NewScript(luaLease + `
if redis.call('HGET', KEYS[2], 'done') == '1' then return -1 end
local owner = redis.call('HGET', KEYS[2], 'owner')
if owner and owner ~= ARGV[2] and redis.call('EXISTS', ARGV[3] .. owner) == 1 then return -1 end
redis.call('HSET', KEYS[2], 'owner', ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return tonumber(redis.call('HGET', KEYS[2], 'fed') or '0')`)

// Start implements crawler.Feed.
func (fd *RedisFeed) Start(ctx context.Context) (int64, bool, error) {
	s := fd.r.s
	var n int64
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		n, err = feedStartScript.Run(ctx, s.c, []string{s.workerKey(s.worker), fd.r.key("feed")},
			s.token, s.worker, s.key("worker", ""), s.runTTL.Milliseconds()).Int64()
		return err
	})
	if err != nil || n < 0 {
		return 0, false, err
	}
	return n, true, nil
}

var feedProgressScript = redis.NewScript(luaLease + `
if redis.call('HGET', KEYS[2], 'owner') ~= ARGV[2] then return redis.error_reply('NEWSNORM_LEASE_LOST') end
if ARGV[3] == 'done' then
  redis.call('HSET', KEYS[2], 'done', '1')
else
  redis.call('HSET', KEYS[2], 'fed', ARGV[3])
end
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return redis.call('LLEN', KEYS[3])`)

func (fd *RedisFeed) progress(ctx context.Context, v string) (int64, error) {
	s := fd.r.s
	var n int64
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		n, err = feedProgressScript.Run(ctx, s.c, []string{s.workerKey(s.worker), fd.r.key("feed"), fd.f.base},
			s.token, s.worker, v, s.runTTL.Milliseconds()).Int64()
		return err
	})
	return n, err
}

// Progress implements crawler.Feed.
func (fd *RedisFeed) Progress(ctx context.Context, fed int64) (int64, error) {
	return fd.progress(ctx, fmt.Sprint(fed))
}

// Done implements crawler.Feed.
func (fd *RedisFeed) Done(ctx context.Context) error {
	_, err := fd.progress(ctx, "done")
	return err
}

// Complete implements crawler.Feed.
func (fd *RedisFeed) Complete(ctx context.Context) (bool, error) {
	s := fd.r.s
	var v string
	err := s.do(ctx, func(ctx context.Context) error {
		var err error
		v, err = s.c.HGet(ctx, fd.r.key("feed"), "done").Result()
		return err
	})
	if errors.Is(err, redis.Nil) {
		return false, nil
	}
	return v == "1", err
}

// Robots returns the run's shared robots.txt store (crawler.RobotsStore).
func (r *RedisRun) Robots() *RedisRobots { return &RedisRobots{r: r} }

// RedisRobots shares robots.txt files among the workers of a run.
type RedisRobots struct{ r *RedisRun }

// robotsScript answers {1, data} (stored), {0} (another live worker is
// fetching it: wait) or {2} (fetch it).
var robotsScript = redis.NewScript(luaLease + `
local v = redis.call('GET', KEYS[2])
if v then return {1, v} end
local owner = redis.call('GET', KEYS[3])
if owner and owner ~= ARGV[2] and redis.call('EXISTS', ARGV[3] .. owner) == 1 then return {0} end
redis.call('SET', KEYS[3], ARGV[2], 'PX', ARGV[4])
return {2}`)

var robotsStoreScript = redis.NewScript(`
if ARGV[1] ~= '' then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3]) end
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
return 1`)

// Robots implements crawler.RobotsStore.
func (rr *RedisRobots) Robots(ctx context.Context, origin string, fetch func() ([]byte, bool)) ([]byte, bool, error) {
	s := rr.r.s
	keys := []string{s.workerKey(s.worker), rr.r.key("robots", origin), rr.r.key("robots", origin, "lock")}
	wait := 20 * time.Millisecond
	for {
		var res []any
		err := s.do(ctx, func(ctx context.Context) error {
			var err error
			res, err = robotsScript.Run(ctx, s.c, keys, s.token, s.worker, s.key("worker", ""), s.runTTL.Milliseconds()).Slice()
			return err
		})
		if err != nil {
			return nil, false, err
		}
		switch code, _ := res[0].(int64); code {
		case 1:
			v, _ := res[1].(string)
			return []byte(v), true, nil
		case 2:
			data, ok := fetch()
			if !ok {
				data = nil
			}
			err := s.do(context.WithoutCancel(ctx), func(ctx context.Context) error {
				return robotsStoreScript.Run(ctx, s.c, keys[1:], data, s.worker, s.runTTL.Milliseconds()).Err()
			})
			return data, ok && err == nil, err
		}
		if !pause.For(ctx, wait) {
			return nil, false, nil
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}

// Gates returns the politeness gates of every host (crawler.Gates), shared
// by every worker and run on this Redis.
func (s *Redis) Gates() *RedisGates { return &RedisGates{s: s} }

// RedisGates keep per-host politeness for the whole fleet with the rules
// of the crawler's own (crawler/politeness.go), on Redis's clock:
//
//   - a slot per request in flight, in a sorted set; a host has at most
//     parallelism. A slot is freed when the request ends, when its worker's
//     lease is gone, or ten minutes after it was taken;
//   - the next allowed start: each grant reserves it (or now, when it is
//     past) and moves it on by the delay plus up to 25% jitter, and the
//     worker sleeps until its reserved start. So no two starts are
//     scheduled closer than the delay, across the fleet (on Redis's clock;
//     the requests then leave as promptly as the workers' machines allow),
//     and the rate is the delay's, with no time lost to polling;
//   - 429 and 503 double the delay (at least 500ms, at most 30s) and pause
//     the host for the Retry-After; successes take a quarter of the extra
//     delay off again. A Crawl-delay raises the base delay.
type RedisGates struct{ s *Redis }

// Mirrors of the crawler's limits (crawler/politeness.go).
const (
	minSlowDelay = 500 * time.Millisecond
	maxSlowDelay = 30 * time.Second
	gateTTL      = 10 * time.Minute
	slotMaxAge   = 10 * time.Minute
)

// Times in the gate scripts are microseconds on Redis's clock.
const luaNow = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
`

// acquireScript answers {0, µs} (granted: start in µs) or {1} (all slots
// taken). A grant reserves the next allowed start (now, or later when
// another grant has it) and moves it on by the delay plus jitter.
var acquireScript = redis.NewScript(luaLease + luaNow + `
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
local slots = redis.call('ZRANGE', KEYS[3], 0, -1)
for _, m in ipairs(slots) do
  local w = string.match(m, '^(.*)|[^|]*$')
  if w and redis.call('EXISTS', ARGV[2] .. w) == 0 then redis.call('ZREM', KEYS[3], m) end
end
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[4]) then return {1} end
local g = redis.call('HMGET', KEYS[2], 'next', 'delay', 'cd')
local base = math.max(tonumber(ARGV[5]), tonumber(g[3] or '0'))
local delay = math.max(tonumber(g[2] or '0'), base)
local start = math.max(now, tonumber(g[1] or '0'))
redis.call('HSET', KEYS[2], 'next', start + delay + math.floor(delay * tonumber(ARGV[6])), 'last', start, 'delay', delay)
redis.call('ZADD', KEYS[3], start + tonumber(ARGV[7]), ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[8])
redis.call('PEXPIRE', KEYS[3], ARGV[8])
return {0, start - now}`)

var releaseSlotScript = redis.NewScript(luaNow + `
redis.call('ZREM', KEYS[2], ARGV[1])
local status = tonumber(ARGV[2])
local g = redis.call('HMGET', KEYS[1], 'next', 'delay', 'cd')
if not g[2] then return 0 end
local base = math.max(tonumber(ARGV[4]), tonumber(g[3] or '0'))
local delay = math.max(tonumber(g[2]), base)
if status == 429 or status == 503 then
  delay = math.min(math.max(2 * delay, tonumber(ARGV[5])), math.max(base, tonumber(ARGV[6])))
  local ra = tonumber(ARGV[3])
  if ra > 0 and now + ra > tonumber(g[1] or '0') then redis.call('HSET', KEYS[1], 'next', now + ra) end
elseif status >= 200 and status < 500 and delay > base then
  delay = delay - math.floor((delay - base) / 4)
  if delay - base < 10000 then delay = base end
end
redis.call('HSET', KEYS[1], 'delay', delay)
return 1`)

// Acquire implements crawler.Gates.
func (g *RedisGates) Acquire(ctx context.Context, host string, delay time.Duration, parallelism int) (func(int, time.Duration), error) {
	s := g.s
	keys := []string{s.workerKey(s.worker), s.key("gate", host), s.key("gate", host, "slots")}
	token := s.worker + "|" + randomID()
	base := max(delay, 0).Microseconds()
	poll := 5 * time.Millisecond
	for {
		// The jitter is drawn here: Lua's random numbers are not.
		jitter := mrand.Float64() * 0.25
		var res []any
		err := s.do(ctx, func(ctx context.Context) error {
			var err error
			res, err = acquireScript.Run(ctx, s.c, keys, s.token, s.key("worker", ""), token, max(parallelism, 1),
				base, jitter, slotMaxAge.Microseconds(), gateTTL.Milliseconds()).Slice()
			return err
		})
		if err != nil {
			return nil, err
		}
		if code, _ := res[0].(int64); code == 0 {
			release := func(status int, ra time.Duration) {
				err := s.do(context.Background(), func(ctx context.Context) error {
					return releaseSlotScript.Run(ctx, s.c, keys[1:], token, status, ra.Microseconds(), base,
						minSlowDelay.Microseconds(), maxSlowDelay.Microseconds()).Err()
				})
				if err != nil {
					s.log.Warn("redis: cannot release a host slot; it frees itself later", "host", host, "err", err)
				}
			}
			// Sleep until the reserved start; the slot is held meanwhile.
			wait, _ := res[1].(int64)
			if !pause.For(ctx, time.Duration(wait)*time.Microsecond) {
				release(0, 0)
				return nil, ctx.Err()
			}
			return release, nil
		}
		if !pause.For(ctx, poll+time.Duration(mrand.Int64N(int64(poll)))) {
			return nil, ctx.Err()
		}
		poll = min(2*poll, 50*time.Millisecond)
	}
}

// crawlDelayScript raises the base delay to a Crawl-delay, counted from
// now (the robots.txt has answered), as the crawler's own gate does.
var crawlDelayScript = redis.NewScript(luaNow + `
local cd = tonumber(redis.call('HGET', KEYS[1], 'cd') or '0')
local d = tonumber(ARGV[1])
if d <= cd then return 0 end
redis.call('HSET', KEYS[1], 'cd', d)
local nxt = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
if now + d > nxt then redis.call('HSET', KEYS[1], 'next', now + d) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`)

// CrawlDelay implements crawler.Gates.
func (g *RedisGates) CrawlDelay(ctx context.Context, host string, d time.Duration) error {
	s := g.s
	return s.do(ctx, func(ctx context.Context) error {
		return crawlDelayScript.Run(ctx, s.c, []string{s.key("gate", host)}, d.Microseconds(), gateTTL.Milliseconds()).Err()
	})
}

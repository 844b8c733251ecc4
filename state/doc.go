// Package state remembers what newsnorm has done, across runs: which
// articles are written (the done-set), how long each output file was when
// its last record became durable, and which URLs failed.
//
//   - state.go: the Store and Admin interfaces, Done and the sentinel
//     errors (ErrLocked, ErrCorrupt).
//   - keys.go: keys that never grow with a URL (URLs by hash).
//   - bolt.go: Bolt, the embedded single-file store (bbolt), which also
//     holds the one-run-at-a-time lock; bolt_guard.go: the check of the
//     file on open and the guard that turns bbolt's panics on a damaged
//     file into a CorruptError; bolt_format.go: the migration of files
//     of the older format; bolt_admin.go: listing and editing the
//     done-set.
//   - redis.go: Redis, the store shared by many workers at once: the same
//     done-set, claims of articles before they are written, output lengths
//     per worker, and the worker's lease that all its claims hang on.
//   - redis_epoch.go: the epoch that tells a new state from one Redis
//     lost (restarted without persistence), and the persistence warning;
//     redis_admin.go: listing and editing the done-set.
//   - transfer.go: the done-set as JSON Lines (state ls, export, import).
//   - redis_fleet.go: the shared parts of a crawl on Redis, for
//     crawler.Shared: frontiers with seen-sets and leases, the feeding of a
//     URL list, robots.txt files and per-host politeness gates, as Lua
//     scripts.
//
// The Redis tests need a server: NEWSNORM_TEST_REDIS=host:port
// (scripts/test.sh starts one); without it they skip.
package state

// Package state remembers what newsnorm has done, across runs: which
// articles are written (the done-set), how long each output file was when
// its last record became durable, and which URLs failed.
//
//   - state.go: the Store interface, Done and the sentinel errors.
//   - bolt.go: Bolt, the embedded single-file store (bbolt), which also
//     holds the one-run-at-a-time lock.
package state

package state

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// flushPrefix deletes every key under prefix: what a restart without
// persistence does to this test's part of the server.
func flushPrefix(t *testing.T, s *Redis, prefix string) {
	t.Helper()
	ctx := context.Background()
	keys, err := s.c.Keys(ctx, prefix+":*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) > 0 {
		s.c.Del(ctx, keys...)
	}
}

// A Redis that lost its data under a worker: the next commit fails with
// ErrStateLost (before: with ErrLeaseLost, which says nothing of the
// data), and marks nothing done.
func TestRedisCommitRefusesAStateThatLostItsData(t *testing.T) {
	ctx := context.Background()
	prefix := testPrefix(t)
	a := openTest(t, prefix, "a", 5*time.Second)
	defer a.Close()
	b := openTest(t, prefix, "b", 5*time.Second)
	defer b.Close()
	if !a.Created() || b.Created() {
		t.Errorf("Created = %v, %v; want the first worker only", a.Created(), b.Created())
	}
	if err := a.Commit(ctx, Done{Site: "s", ID: "1", Output: "out-a.jsonl", Size: 10}); err != nil {
		t.Fatal(err)
	}
	flushPrefix(t, a, prefix)
	err := a.Commit(ctx, Done{Site: "s", ID: "2", Output: "out-a.jsonl", Size: 20})
	if !errors.Is(err, ErrStateLost) || !strings.Contains(err.Error(), prefix+":epoch") {
		t.Fatalf("Commit after the data is gone: %v, want ErrStateLost naming the epoch key", err)
	}
	if _, ok, _ := a.Lookup(ctx, "s", "2"); ok {
		t.Error("a commit on a state that lost its data marked the article done")
	}
	// Every later call says the same.
	if _, _, err := a.OutputSize(ctx, "out-a.jsonl"); !errors.Is(err, ErrStateLost) {
		t.Errorf("OutputSize after the loss: %v, want ErrStateLost", err)
	}
	// A worker opening afterwards finds a new state (the pipeline then
	// looks at the outputs).
	c := openTest(t, prefix, "c", 5*time.Second)
	defer c.Close()
	if !c.Created() {
		t.Error("a worker opening a Redis that lost its data does not see a new state")
	}
}

// Opening warns when the server does not persist every write (the test
// server runs with --appendonly no).
func TestRedisWarnsWithoutPersistence(t *testing.T) {
	ctx := context.Background()
	prefix := testPrefix(t)
	var logs bytes.Buffer
	u := fmt.Sprintf("redis://%s/0?prefix=%s&lease=5s", testRedis(t), prefix)
	s, err := OpenRedis(ctx, u, RedisOptions{Worker: "w", Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	aof, err := s.c.ConfigGet(ctx, "appendonly").Result()
	if err != nil {
		t.Skipf("CONFIG GET refused: %v", err)
	}
	warned := strings.Contains(logs.String(), "level=WARN") && strings.Contains(logs.String(), "appendonly yes")
	if want := aof["appendonly"] != "yes"; warned != want {
		t.Errorf("appendonly %s: warned = %v, want %v; logs:\n%s", aof["appendonly"], warned, want, logs.String())
	}
}

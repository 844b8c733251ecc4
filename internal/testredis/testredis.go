// Package testredis gives tests the throwaway redis-server that
// scripts/test.sh starts, and key prefixes of their own on it.
package testredis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"regexp"
	"testing"

	"github.com/redis/go-redis/v9"
)

// Addr returns the host:port of the test server from NEWSNORM_TEST_REDIS,
// skipping the test without one.
func Addr(t testing.TB) string {
	t.Helper()
	addr := os.Getenv("NEWSNORM_TEST_REDIS")
	if addr == "" {
		t.Skip("NEWSNORM_TEST_REDIS is not set (host:port of a throwaway redis-server; scripts/test.sh starts one)")
	}
	return addr
}

var unsafe = regexp.MustCompile(`[^A-Za-z0-9]+`)

// Prefix returns a key prefix of this test alone on the server at addr;
// the keys under it are deleted when the test ends.
func Prefix(t testing.TB, addr string) string {
	t.Helper()
	var b [6]byte
	_, _ = rand.Read(b[:])
	prefix := "t-" + unsafe.ReplaceAllString(t.Name(), "-") + "-" + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		c := redis.NewClient(&redis.Options{Addr: addr})
		defer c.Close()
		ctx := context.Background()
		iter := c.Scan(ctx, 0, prefix+":*", 1000).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
	})
	return prefix
}

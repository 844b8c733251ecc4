package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsnorm/newsnorm/internal/testsite"
)

// What differs between machines comes from the environment: flag >
// environment > config > default.
func TestEnvironmentOverrides(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, filepath.Join(dir, "good.yaml"), siteOnlyConfig("http://127.0.0.1:1"))
	other := writeFile(t, filepath.Join(dir, "other.yaml"), "sites: []\n")
	validate := func(args ...string) (string, error) {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), append([]string{"validate"}, args...), nil, &stdout, &stderr)
		return stdout.String(), err
	}
	t.Setenv("NEWSNORM_CONFIG", good)
	if out, err := validate(); err != nil || !strings.Contains(out, "good.yaml: ok (1 sites)") {
		t.Errorf("NEWSNORM_CONFIG: %q, %v; want good.yaml read", out, err)
	}
	if out, err := validate("--config", other); err != nil || !strings.Contains(out, "other.yaml: ok (0 sites)") {
		t.Errorf("--config over NEWSNORM_CONFIG: %q, %v; want other.yaml read", out, err)
	}
	// NEWSNORM_STATE is the state crawl and validate take.
	bad := writeFile(t, filepath.Join(dir, "bad.yaml"), "failures: out/failures.jsonl\n"+siteOnlyConfig("http://127.0.0.1:1"))
	t.Setenv("NEWSNORM_CONFIG", bad)
	t.Setenv("NEWSNORM_STATE", "redis://127.0.0.1:1/0")
	if _, err := validate(); err == nil || !strings.Contains(err.Error(), `failures: "out/failures.jsonl": with a redis state`) {
		t.Errorf("NEWSNORM_STATE=redis://: %v; want the failures path refused", err)
	}
	if _, err := validate("--state", filepath.Join(dir, "state.db")); err != nil {
		t.Errorf("--state over NEWSNORM_STATE: %v; want the file state, which needs no {worker}", err)
	}
}

// The Redis password comes from REDIS_PASSWORD or REDIS_PASSWORD_FILE, so
// that no secret sits in config.yaml.
func TestRedisPasswordFromTheEnvironment(t *testing.T) {
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("no redis-server on PATH")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	srv := exec.Command(bin, "--bind", "127.0.0.1", "--port", fmt.Sprint(port), "--save", "", "--appendonly", "no", "--requirepass", "s3cret")
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { srv.Process.Kill(); srv.Wait() }()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			break
		} else if time.Now().After(deadline) {
			t.Fatal(err)
		}
	}
	site := testsite.New(3)
	web := site.Start()
	defer web.Close()
	dir := t.TempDir()
	cfg := writeFile(t, filepath.Join(dir, "config.yaml"), siteOnlyConfig(web.URL))
	crawl := func() error {
		var stdout, stderr bytes.Buffer
		return run(context.Background(), []string{"crawl", "--config", cfg, "--out", filepath.Join(dir, "{site}-{worker}.jsonl"),
			"--state", fmt.Sprintf("redis://127.0.0.1:%d/0?outage=1s", port), "--run-id", "R"}, nil, &stdout, &stderr)
	}
	t.Chdir(dir)
	if err := crawl(); err == nil {
		t.Fatal("crawl without the password succeeded")
	}
	secret := writeFile(t, filepath.Join(dir, "secret"), "s3cret\n")
	t.Setenv("REDIS_PASSWORD_FILE", secret)
	if err := crawl(); err != nil {
		t.Fatalf("crawl with REDIS_PASSWORD_FILE: %v", err)
	}
	os.Remove(secret)
	t.Setenv("REDIS_PASSWORD_FILE", "")
	t.Setenv("REDIS_PASSWORD", "s3cret")
	if err := crawl(); err != nil {
		t.Fatalf("crawl with REDIS_PASSWORD: %v", err)
	}
	// newsnorm state reads the same password: stats of what the crawls did.
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"state", "stats", "--config", cfg, "--out", filepath.Join(dir, "{site}-{worker}.jsonl"),
		"--state", fmt.Sprintf("redis://127.0.0.1:%d/0?outage=1s", port)}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("state stats with REDIS_PASSWORD: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "tarnama") {
		t.Errorf("state stats = %q, want the crawled site's row", stdout.String())
	}
}

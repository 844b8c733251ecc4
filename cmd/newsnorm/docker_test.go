package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The Dockerfile builds an image whose newsnorm runs, wherever a Docker
// daemon is available.
func TestDockerImage(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no image build")
	}
	docker, err := exec.LookPath("docker")
	if err != nil {
		t.Skip("no docker command here")
	}
	if out, err := exec.Command(docker, "info").CombinedOutput(); err != nil {
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		t.Skipf("no Docker daemon here (docker info: %v: %s)", err, strings.TrimSpace(lines[len(lines)-1]))
	}
	root, _ := filepath.Abs(filepath.Join("..", ".."))
	tag := "newsnorm-test:" + strings.ToLower(t.Name())
	if out, err := exec.Command(docker, "build", "-t", tag, root).CombinedOutput(); err != nil {
		t.Fatalf("docker build: %v\n%s", err, out)
	}
	defer exec.Command(docker, "rmi", "-f", tag).Run()
	out, err := exec.Command(docker, "run", "--rm", tag, "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "newsnorm ") {
		t.Fatalf("docker run %s version: %v: %s", tag, err, out)
	}
	user, err := exec.Command(docker, "run", "--rm", "--entrypoint", "id", tag, "-u").CombinedOutput()
	if err != nil || strings.TrimSpace(string(user)) == "0" {
		t.Errorf("the image runs as uid %q (%v), want a non-root user", user, err)
	}
}

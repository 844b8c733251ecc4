#!/usr/bin/env bash
# The test command (README: "Run the tests"). Sets up what the tests need on
# a fresh machine, then runs gofmt, go vet and the whole suite with the race
# detector. It installs Debian's redis-server, chromium and wget when they are
# missing (as root, where apt-get exists), starts a throwaway redis-server
# on a free loopback port for the distributed tests, handing its address
# over in NEWSNORM_TEST_REDIS; the render tests use chromium (and skip,
# saying why, where it is missing or cannot start); the test of WARCs
# other tools write runs wget --warc-file (and skips without it).
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null || { echo "test.sh: Go is required (https://go.dev/dl/)" >&2; exit 1; }

missing=""
command -v redis-server >/dev/null || missing="$missing redis-server"
command -v chromium >/dev/null || [ -x /usr/lib/chromium/chromium ] || missing="$missing chromium"
command -v wget >/dev/null || missing="$missing wget"
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "test.sh: installing$missing"
  if ! { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null; }; then
    echo "test.sh: could not install$missing; the tests that need them will skip" >&2
  fi
fi

redis_dir=""
cleanup() {
  if [ -n "$redis_dir" ] && [ -f "$redis_dir/redis.pid" ]; then
    kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null || true
  fi
  [ -n "$redis_dir" ] && rm -rf "$redis_dir"
}
trap cleanup EXIT

if command -v redis-server >/dev/null; then
  redis_dir=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 26379)
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
    --dir "$redis_dir" --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log" >/dev/null
  for _ in $(seq 50); do
    redis-cli -p "$port" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  export NEWSNORM_TEST_REDIS="127.0.0.1:$port"
  echo "test.sh: redis-server on $NEWSNORM_TEST_REDIS"
else
  echo "test.sh: no redis-server; the distributed tests will skip (set NEWSNORM_TEST_REDIS to run them)"
fi

unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './bench/*'))
if [ -n "$unformatted" ]; then
  echo "test.sh: gofmt would change:" $unformatted >&2
  exit 1
fi
go vet ./...
go test -race -count=1 -timeout 30m "$@" ./...

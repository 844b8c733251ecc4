#!/usr/bin/env bash
# The main job (README: "Run it"): build newsnorm and crawl the sites in
# config.yaml, writing records under ./out and state to ./newsnorm.db.
# Extra arguments go to "newsnorm crawl" (e.g. --site iran-daily, --out -).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
command -v go >/dev/null || { echo "run.sh: Go is required (https://go.dev/dl/)" >&2; exit 1; }
mkdir -p bin
go build -buildvcs=auto -o bin/newsnorm ./cmd/newsnorm
exec bin/newsnorm crawl --config config.yaml "$@"

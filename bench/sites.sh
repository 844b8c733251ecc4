#!/usr/bin/env bash
# Peak memory and file descriptors of a crawl of many sites in one config
# (issue 13, item 5): 10,000 sites × 10 articles on loopback by default,
# the newsnorm process limited to 1024 file descriptors. See BENCHMARKS.md,
# "Many sites in one config".
#
# Usage: bench/sites.sh [-sites N] [-articles N] [-nofile N] [-output TEMPLATE] [-extra 'key: value'] [-keep]
# Exit code 3: a target was missed (over 300 MB peak RSS, fd errors, an
# article missing or written twice).
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$bench")
bin="$bench/results/bin"
mkdir -p "$bin"
(cd "$root" && go build -o "$bin/newsnorm" ./cmd/newsnorm)
(cd "$bench" && go build -o "$bin/bench-sites" ./sites)
ulimit -n "$(ulimit -Hn)"
"$bin/bench-sites" -bin "$bin/newsnorm" "$@" | tee "$bench/results/sites.md"

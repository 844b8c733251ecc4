#!/usr/bin/env bash
# Crawl speed, CPU and peak memory of newsnorm, bare Colly and Scrapy on a
# generated Tarnama-layout site of 20,000 articles served on loopback, each
# tool run 3 times, medians and the newsnorm targets in a Markdown report.
#
# Usage: bench/crawl.sh [-n ARTICLES] [-reps N] [-parallelism N] [-tools LIST] [-keep]
# (bench/results/bin/bench-crawl -h lists every flag). See BENCHMARKS.md,
# "Crawl speed and memory".
#
# It builds the real newsnorm binary from ../cmd/newsnorm, the site server
# (crawl/cmd/benchsite) and the bare Colly crawler (crawl/cmd/collybare),
# and installs Debian's python3-scrapy when it is missing (as root).
# The report goes to stdout and bench/results/crawl.md, every run to
# bench/results/crawl-runs.csv. Exit code 3: a target was missed.
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
. "$bench/crawl/setup.sh"
setup_bench scrapy
"$bin/bench-crawl" -bin "$bin" -repo "$root" -out "$bench/results" -work "$work" "$@" | tee "$bench/results/crawl.md"

#!/usr/bin/env bash
# How crawl time and peak memory grow with the site: newsnorm (batched
# durability and the default), and bare Colly, crawling generated sites of
# 1,000, 10,000 and 100,000 articles with the crawl benchmark's harness.
#
# Usage: bench/growth.sh [-sizes LIST] [-tools LIST] [-reps N] [-profile DIR]
# (bench/results/bin/bench-growth -h lists every flag). See BENCHMARKS.md,
# "Growth with the number of pages".
#
# The table goes to stdout and bench/results/growth.md, the medians to
# bench/results/growth.csv, the plot to bench/growth.png (committed: it is
# the figure in BENCHMARKS.md). Installs gnuplot-nox when missing (as root).
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
. "$bench/crawl/setup.sh"
setup_bench gnuplot
"$bin/bench-growth" -bin "$bin" -repo "$root" -out "$bench/results" -work "$work" -png "$bench/growth.png" "$@" | tee "$bench/results/growth.md"

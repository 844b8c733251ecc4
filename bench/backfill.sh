#!/usr/bin/env bash
# Resident memory of `newsnorm backfill` over a list of 1,000,000 article
# URLs served by the generated site on loopback: RSS sampled every 0.5 s
# from /proc/PID/status, peak RSS and pages/s, target peak < 150 MiB.
#
# Usage: bench/backfill.sh [-n URLS] [-fsync-every N] [-parallelism N] [-keep]
# (bench/results/bin/bench-backfill -h lists every flag). See BENCHMARKS.md,
# "Backfill memory".
#
# The URL list, output (about 1 KB per record: 1 GB for a million) and
# state (about 0.9 KB per record) go to a temporary directory under
# $TMPDIR, deleted at the end. The report goes to stdout and
# bench/results/backfill.md, the samples to bench/results/backfill-rss.csv
# and the plot to bench/backfill-rss.png (committed: it is the figure in
# BENCHMARKS.md). Installs gnuplot-nox when missing (as root).
# Exit code 3: the target was missed.
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
. "$bench/crawl/setup.sh"
setup_bench gnuplot
rm -f "$bench/results/backfill-rss.png"
status=0
"$bin/bench-backfill" -bin "$bin" -repo "$root" -out "$bench/results" -work "$work" "$@" | tee "$bench/results/backfill.md" || status=$?
if [ -f "$bench/results/backfill-rss.png" ]; then
	cp "$bench/results/backfill-rss.png" "$bench/backfill-rss.png"
fi
exit $status

#!/usr/bin/env bash
# Resident memory of reading WARC archives: bench/warc writes WARC files
# of 256 MiB and 1 GiB (article pages of the generated site with request,
# revisit and metadata records; one gzip member per record), then runs
# `newsnorm backfill --from-warc` and `newsnorm extract --warc` over each
# and reports peak RSS (rusage) and throughput; target: peak < 150 MiB at
# every size (memory flat with the archive's size).
#
# Usage: bench/warc.sh [-sizes 256M,1G] [-layout gzip|plain] [-keep]
# (bench/results/bin/bench-warc -h lists every flag). See BENCHMARKS.md,
# "Reading WARC archives".
#
# The archives (about 1.3 GB for the default sizes), outputs and states go
# to a temporary directory under $TMPDIR, deleted at the end. The report
# goes to stdout and bench/results/warc.md. Exit code 3: the target was
# missed.
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd)
. "$bench/crawl/setup.sh"
setup_bench
"$bin/bench-warc" -bin "$bin" -repo "$root" -out "$bench/results" -work "$work" "$@"

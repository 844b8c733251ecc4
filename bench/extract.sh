#!/bin/sh
# Measure body-extraction quality, speed and peak memory of newsnorm,
# go-trafilatura and go-readability on the article-extraction-benchmark
# pages, and print a Markdown table with the newsnorm targets.
#
# Usage: bench/extract.sh [-data DIR] [-passes N] [-per-item FILE.tsv] [-show ID]
# The data directory defaults to $NEWSNORM_EVAL_DIR, else ../shared/eval next
# to the repository root. See BENCHMARKS.md, "Extraction quality".
#
# It builds the parent (all extractors) and one child binary per extractor,
# each linking only that extractor, so each child's peak RSS is its own.
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
bin="$bench/results/bench-extract"
mkdir -p "$bench/results"
(
	cd "$bench"
	go build -o "$bin" ./extract
	go build -tags no_trafilatura,no_readability -o "$bin-newsnorm" ./extract
	go build -tags no_newsnorm,no_readability -o "$bin-go-trafilatura" ./extract
	go build -tags no_newsnorm,no_trafilatura -o "$bin-go-readability" ./extract
	go build -tags no_newsnorm,no_trafilatura,no_readability -o "$bin-none" ./extract
)
# Relative paths in the arguments are relative to the caller's directory.
exec "$bin" -out "$bench/results" "$@"

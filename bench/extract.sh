#!/bin/sh
# Measure newsnorm, go-trafilatura, go-readability and go-htmldate side by
# side on the four eval sets (article-extraction-benchmark,
# wcxb-dev-articles, fundus-publishers, dates-headlines-dev): headline
# exact, publish day, ±1 h, body F1, authors F1, date coverage, pages/s and
# peak RSS per set and extractor, in one Markdown table, then the PASS/FAIL
# line of each newsnorm target. Exit status 3 when a target fails.
#
# Usage: bench/extract.sh [-data DIR] [-sets a,b] [-passes N]
#                         [-details DIR] [-per-item FILE.tsv] [-show ID]
# The data directory defaults to $NEWSNORM_EVAL_DIR, else ../shared/eval next
# to the repository root; the scorers are its score_bodies.py and
# score_meta.py (python3). Predictions go to bench/results/<set>/<extractor>.jsonl;
# -details DIR keeps each scorer's per-page output there; -show ID prints
# newsnorm's fields and body next to the truth for one page of any set.
# See BENCHMARKS.md, "Extraction on all four eval sets" (and "Extraction
# quality" for the 181-page benchmark alone).
#
# It builds the parent (all extractors) and one child binary per extractor,
# each linking only that extractor; every extractor runs on every set in a
# child process of its own, so each peak RSS is its own.
set -eu
bench=$(cd "$(dirname "$0")" && pwd)
bin="$bench/results/bench-extract"
mkdir -p "$bench/results"
(
	cd "$bench"
	go build -o "$bin" ./extract
	go build -tags no_trafilatura,no_readability,no_htmldate -o "$bin-newsnorm" ./extract
	go build -tags no_newsnorm,no_readability,no_htmldate -o "$bin-go-trafilatura" ./extract
	go build -tags no_newsnorm,no_trafilatura,no_htmldate -o "$bin-go-readability" ./extract
	go build -tags no_newsnorm,no_trafilatura,no_readability -o "$bin-go-htmldate" ./extract
	go build -tags no_newsnorm,no_trafilatura,no_readability,no_htmldate -o "$bin-none" ./extract
)
# Relative paths in the arguments are relative to the caller's directory.
exec "$bin" -out "$bench/results" "$@"

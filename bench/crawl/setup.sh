# Sourced by bench/crawl.sh, bench/growth.sh, bench/backfill.sh and bench/warc.sh with
# $bench set to the bench directory. setup_bench [scrapy] [gnuplot] puts
# Go on PATH, installs the Debian packages named (when missing, as root),
# and builds into bench/results/bin: newsnorm (from ../cmd/newsnorm, the
# real binary), newsnorm-profile (the same with crawl/profile/profile.go
# compiled in through go build -overlay, for -profile), benchsite,
# collybare and the harnesses. It sets
# $root, $bin and $work (a temporary directory removed on exit).
# BENCH_NO_BUILD=1 reuses the binaries already in bench/results/bin (to run
# the three benchmarks on one build while the tree changes).
root=$(cd "$bench/.." && pwd)
bin="$bench/results/bin"
export PATH="$PATH:/usr/local/go/bin"

need_deb() { # need_deb PACKAGE CHECK-COMMAND...
	pkg=$1
	shift
	if ! "$@" >/dev/null 2>&1; then
		echo "installing $pkg (apt-get)" >&2
		if [ "$(id -u)" != 0 ]; then
			echo "$pkg is missing; run as root or: apt-get install $pkg" >&2
			exit 1
		fi
		apt-get update -qq >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >&2
	fi
}

setup_bench() {
	command -v go >/dev/null || {
		echo "Go is required" >&2
		exit 1
	}
	for want in "$@"; do
		case $want in
		scrapy) need_deb python3-scrapy /usr/bin/python3 -c 'import scrapy' ;;
		gnuplot) need_deb gnuplot-nox sh -c 'command -v gnuplot' ;;
		esac
	done
	mkdir -p "$bin"
	if [ -n "${BENCH_NO_BUILD:-}" ] && [ -x "$bin/newsnorm" ]; then
		echo "BENCH_NO_BUILD: using the binaries in $bin as they are" >&2
	else
		build_bench
	fi
	work=$(mktemp -d "${TMPDIR:-/tmp}/newsnorm-bench.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	trap 'exit 130' INT TERM
}

build_bench() {
	(cd "$root" && go build -o "$bin/newsnorm" ./cmd/newsnorm)
	# What newsnorm was built from, for the reports (BENCH_NO_BUILD runs too).
	(
		cd "$root"
		c=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
		if [ -n "$(git status --porcelain --untracked-files=no -- . ':!bench' ':!BENCHMARKS.md' 2>/dev/null)" ]; then
			c="$c with uncommitted changes outside bench/"
		fi
		echo "$c (built $(date -u '+%Y-%m-%d %H:%M UTC'))"
	) >"$bin/built-from.txt"
	printf '{"Replace":{"%s":"%s"}}\n' "$root/cmd/newsnorm/zz_benchprofile.go" "$bench/crawl/profile/profile.go" >"$bin/overlay.json"
	(cd "$root" && go build -tags benchprofile -overlay "$bin/overlay.json" -o "$bin/newsnorm-profile" ./cmd/newsnorm)
	(
		cd "$bench"
		go build -o "$bin/benchsite" ./crawl/cmd/benchsite
		go build -o "$bin/collybare" ./crawl/cmd/collybare
		go build -o "$bin/bench-crawl" ./crawl
		go build -o "$bin/bench-growth" ./growth
		go build -o "$bin/bench-backfill" ./backfill
		go build -o "$bin/bench-warc" ./warc
	)
}

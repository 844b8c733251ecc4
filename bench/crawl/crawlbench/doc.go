// Package crawlbench is the harness shared by the crawl, growth and
// backfill benchmarks: it starts the generated site (cmd/benchsite) in a
// process of its own, runs one crawler at a time as a child process and
// measures that child alone (wall time, user+system CPU and peak RSS from
// its rusage, RSS sampled from /proc), and checks that every article was
// fetched exactly once and written.
//
//   - server.go: the site process, its counters.
//   - child.go: running a child and measuring it; RSS sampling.
//   - tools.go: the crawlers compared (newsnorm, bare Colly, Scrapy), their
//     configs and how their output is checked.
//   - run.go: one measured, verified run of a tool in a fresh directory.
//   - report.go: medians, Markdown tables, CSV files, gnuplot plots, and
//     the description of the machine.
package crawlbench

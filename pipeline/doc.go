// Package pipeline is newsnorm's engine: it takes a fetched page to a
// durable record, marked done, exactly once.
//
// A page's way, in order:
//
//  1. Resolve (resolve.go): the page's URL, or the crawler's site name,
//     gives a Target: the site its record is filed under, the site's
//     extraction profile (built once, cached), and its forced charset.
//     One Resolver serves crawl, backfill, extract and extract --warc.
//  2. Decode and build (build.go): the bytes become UTF-8 (Decode), and
//     the Builder extracts the article with the target's profile and
//     checks it: a Result holds the record, or the reason it is a
//     reject ("invalid: headline, body", "extract-error: ...").
//  3. Admit (durable.go): a record already done (by site and ID) is a
//     duplicate, unless its site is rechecked and its content changed; a
//     record is claimed for this worker before it is written, so that in
//     a fleet it lands in exactly one worker's output.
//  4. Write, flush, mark done (durable.go): the durability protocol,
//     described at the top of that file. The output file is recovered
//     against the state before its first line, lines are appended and
//     batched, and each batch is fsynced and marked done in one state
//     transaction with the file lengths it reached.
//
// Around that path:
//
//   - integrity.go: step 0 of the protocol, when a run opens: every
//     output file the state knows against its recorded length, and the
//     files the output template names that hold records the state does
//     not know (a lost state); the run refuses to start rather than lose
//     or duplicate records.
//   - maintain.go, repair.go: the engine of `newsnorm state`: a state
//     opened on its own, stats and forget; check, repair and rebuild, the
//     state against its outputs record by record.
//   - pipeline.go: Open (the state store, the writers, recovery), the
//     crawler's hooks (Done before a fetch, Article after it, Failed,
//     Skipped, the validators of conditional requests) and Close.
//   - fleet.go: a Redis state shared by many workers: the checks of
//     worker name, run ID and per-worker paths, the reaping of dead
//     workers' outputs, and the crawler's shared frontier, gates and
//     robots.txt.
//   - archive.go: the raw archive (WARC) hook: every response archived
//     (and every rendered page, as a conversion record of its response),
//     durable before the records it backs are marked done.
//   - fetch.go: one live page through the crawler (extract --fetch);
//     explain.go: extract --explain's output, text or JSON.
//   - dryrun.go: crawl --dry-run, the crawler's discovery with the state
//     read (doneFate, which the crawl's Done hook shares) and no article
//     fetched.
//   - replay.go: an archived response through the same resolver and
//     builder (extractArchived), and extract --warc, the stateless Replay
//     (a response's conversion record, the page as the crawl rendered it,
//     in its place).
//   - render.go: the run's browser (sites with render: browser or auto)
//     and the crawler's Render and Static hooks: a page rendered, its
//     conversion record archived; an auto site's static page rendered
//     only when it gives no valid article.
//   - warcbackfill.go: backfill --from-warc, archived responses through
//     the whole path (admit, write, mark done), with the progress file
//     that resumes each WARC file where the last run stopped;
//     warcfiles.go: the WARC files of a run as a stream (arguments, or
//     names on stdin) and which records are selected (--site, --all).
//   - urllist.go: a backfill's URL list as a stream, and the failures
//     files --retry-failed reads; failures.go: the failures file,
//     compacted to one line per URL with its attempts.
//   - counts.go: the run's counts and its Summary; metrics.go writes it
//     as Prometheus metrics, report.go as the last log line, as JSON and,
//     for `state stats`, as a table.
//   - browser.go: the run's Chromium for sites that render (render/).
//   - prepare.go: what a crawl or backfill checks before its first
//     request, and the sites a crawl crawls; saved.go: a saved page
//     for extract (a file, gzip too, or stdin).
package pipeline

// Package output writes records and rejects as JSON Lines. It knows
// nothing of HTTP or extraction.
//
//   - record.go: Record, the JSON object written per article, and Reject.
//   - jsonl.go: Writer, which appends lines to files named by a path
//     template (or stdout), fsyncs them and reports each file's length
//     after every write so the caller can record it as durable.
//   - path.go: path templates ({site}, {date}, {run}, {worker}) and the
//     sanitising of the names that fill them.
//   - scan.go: reading output files back, line by line (gzip: member by
//     member) up to a torn tail, and the files a template may have named.
package output

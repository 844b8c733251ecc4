// Package archive writes and reads the raw archive: every HTTP exchange a
// crawl makes, kept as WARC 1.1 records, so that articles can be extracted
// again later without the network. It knows nothing of crawling or
// extraction: it is handed exchanges and hands back responses.
//
//   - exchange.go: Exchange, one request and its response, and how it
//     becomes an HTTP/1.1 request and response message.
//   - writer.go: Writer, which appends a request and a response record per
//     exchange (gzip member per record for ".gz" names) to the files a
//     function names, with a warcinfo record each time a file is opened;
//     safe for concurrent use.
//   - reader.go: Reader, which reads the response records of any WARC
//     1.0/1.1 file (newsnorm's or another tool's: wget, Heritrix,
//     Browsertrix, CC-NEWS), plain, gzip per record or one gzip stream,
//     from its start or a Position; revisits, truncated records, bad
//     digests and damage are counted (ReadOptions.OnSkip) and skipped,
//     and reading resumes at the next whole record.
//   - response.go: Response, the HTTP response of a record, and Body,
//     which decodes what another tool stored chunked or compressed.
//   - digest.go: the check of WARC-Block-Digest and WARC-Payload-Digest.
//   - conversion.go: Conversion, a page as a browser rendered it from an
//     archived response, written as a conversion record that names the
//     response in WARC-Refers-To; the Reader's conversions
//     (IncludeConversions) and ConvertedResponses, which finds the
//     responses a file has conversions of.
//
// Records are built and digested with github.com/nlnwa/gowarc/v3. Its
// reader is not used: it empties a WARC-Target-URI in WARC/1.0's angle
// brackets (wget's) when it validates the header, drains a gzip member
// after its first record (so a file that is one gzip stream yields one
// record), and stops at the first damage; this reader does those three.
// The body the crawler has is after transfer and content decoding, so the
// stored response is self-consistent for that decoded body: it has no
// Content-Encoding or Transfer-Encoding header, and its Content-Length is
// the decoded length. WARC-Payload-Digest is the sha1 (base32) of that
// body, as WARC tools expect.
package archive

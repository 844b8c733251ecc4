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
//   - conversion.go: Conversion, a page as a browser rendered it from an
//     archived response, written as a conversion record that names the
//     response in WARC-Refers-To; the Reader's conversions
//     (IncludeConversions) and ConvertedResponses, which finds the
//     responses a file has conversions of.
//   - reader.go: Reader, which reads the response records of a WARC file
//     back (ours or another tool's), checking digests and lengths, and
//     decodes bodies that another tool stored chunked or compressed.
//
// Records are built, digested and read with github.com/nlnwa/gowarc/v3.
// The body the crawler has is after transfer and content decoding, so the
// stored response is self-consistent for that decoded body: it has no
// Content-Encoding or Transfer-Encoding header, and its Content-Length is
// the decoded length. WARC-Payload-Digest is the sha1 (base32) of that
// body, as WARC tools expect.
package archive

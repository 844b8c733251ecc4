package archive

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/gzip"
)

// Sentinel errors of the reader.
var (
	// ErrCorrupt means part of the file is not whole, valid WARC: a torn
	// or bad gzip member, bytes that are no record, a record whose digest
	// or length does not match its content. The reader counts such a
	// record, skips it and reads on from the next record it finds.
	ErrCorrupt = errors.New("corrupt WARC")
	// ErrTooLarge means a body is larger than the limit given to Body.
	ErrTooLarge = errors.New("body too large")
	// ErrEncoding means a body's transfer or content coding cannot be
	// decoded.
	ErrEncoding = errors.New("cannot decode body")
)

// Reasons a record is skipped (Skip.Reason).
const (
	SkipRevisit   = "revisit"    // a revisit record: no payload of its own
	SkipTruncated = "truncated"  // WARC-Truncated: the payload is cut
	SkipTooLarge  = "too-large"  // a block larger than ReadOptions.MaxBlock
	SkipNotHTTP   = "not-http"   // a response whose block is no HTTP response (dns:, ftp:)
	SkipBadDigest = "bad-digest" // WARC-Block-Digest or WARC-Payload-Digest does not match
	SkipBadHeader = "bad-header" // a WARC-Date or status line that cannot be read
	SkipDamaged   = "damaged"    // bytes that are no whole record: a torn gzip member, a wrong length
)

// Skip is a response or revisit record the reader skipped, or damage it
// read past.
type Skip struct {
	Offset    int64  // of the record (its gzip member), or of the damage
	Reason    string // Skip* constant
	TargetURI string // "" when unknown
	Err       error  // for damage and bad digests: wraps ErrCorrupt and names the file
}

// Position is where reading starts in a WARC file: Offset is the byte
// where a gzip member starts (in a plain file, a record); Skip counts the
// decompressed bytes of that member to pass over first (only a file that
// is one gzip stream has records inside a member).
type Position struct {
	Offset int64 `json:"offset"`
	Skip   int64 `json:"skip,omitempty"`
}

// ReadOptions tune a Reader.
type ReadOptions struct {
	// MaxBlock is the largest record block read into memory (default
	// 32 MiB); a larger response is skipped as too-large.
	MaxBlock int64
	// OnSkip, when set, is called for every skipped response or revisit
	// record and every stretch of damage.
	OnSkip func(Skip)
}

const defaultMaxBlock = 32 << 20

// maxHeader bounds the WARC header of one record.
const maxHeader = 1 << 20

var warcMagic = []byte("WARC/1.")

// Reader reads the HTTP response records of one WARC file, WARC/1.0 or
// 1.1, written by newsnorm or another tool: plain, one gzip member per
// record, or one gzip stream for the whole file. Request, metadata,
// resource and warcinfo records are passed over. Revisits, truncated
// records, records with a bad digest and damage (a torn member, a wrong
// Content-Length, bytes that are no record) are counted (ReadOptions.OnSkip)
// and skipped, and reading goes on from the next whole record. Memory is
// one record's block at a time, whatever the file's size.
type Reader struct {
	conversions bool // IncludeConversions
	path        string
	f           *os.File
	size        int64
	opts        ReadOptions
	isGz        bool
	cr          countingReader // f, from base
	base        int64
	raw         *bufio.Reader // over cr
	gz          *gzip.Reader
	gzc         countingReader // gz, within the member
	inner       *bufio.Reader  // the records: raw for a plain file, else over gzc
	// member is the offset of the gzip member being read (gzip files),
	// inMember whether one is open.
	member   int64
	inMember bool
	// held is a record's skip not yet reported because the gzip member
	// holding it is still open: when the member turns out corrupt right
	// after the record (heldEnd), the record is reported once, as damaged,
	// not as a bad digest and then again as damage.
	held    *Skip
	heldEnd Position
	err     error // sticky: an I/O error, or io.EOF
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// Open opens a WARC file to read from its start. A missing file gives an
// error that matches fs.ErrNotExist.
func Open(path string) (*Reader, error) { return OpenAt(path, Position{}, ReadOptions{}) }

// OpenAt opens a WARC file to read from at, a Position a Response gave
// (Next) or the zero Position.
func OpenAt(path string, at Position, opts ReadOptions) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if st.IsDir() {
		f.Close()
		return nil, fmt.Errorf("%s: is a directory", path)
	}
	if opts.MaxBlock <= 0 {
		opts.MaxBlock = defaultMaxBlock
	}
	r := &Reader{path: path, f: f, size: st.Size(), opts: opts}
	var magic [2]byte
	if n, _ := f.ReadAt(magic[:], 0); n == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		r.isGz = true
	}
	if at.Offset < 0 || at.Offset > r.size || at.Skip < 0 {
		f.Close()
		return nil, fmt.Errorf("%s: position %d+%d is outside the file (%d bytes)", path, at.Offset, at.Skip, r.size)
	}
	r.raw = bufio.NewReaderSize(nil, 256<<10)
	if err := r.seek(at); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// Path is the file's name.
func (r *Reader) Path() string { return r.path }

// Size is the file's length in bytes.
func (r *Reader) Size() int64 { return r.size }

// rawPos is the file offset of the next byte raw hands out.
func (r *Reader) rawPos() int64 { return r.base + r.cr.n - int64(r.raw.Buffered()) }

// pos is the Position of the next record.
func (r *Reader) pos() Position {
	if !r.isGz {
		return Position{Offset: r.rawPos()}
	}
	if !r.inMember {
		return Position{Offset: r.rawPos()}
	}
	return Position{Offset: r.member, Skip: r.gzc.n - int64(r.inner.Buffered())}
}

// seek makes at the next record's position.
func (r *Reader) seek(at Position) error {
	if _, err := r.f.Seek(at.Offset, io.SeekStart); err != nil {
		return err
	}
	r.base, r.cr = at.Offset, countingReader{r: r.f}
	r.raw.Reset(&r.cr)
	r.inMember = false
	if !r.isGz {
		r.inner = r.raw
		return nil
	}
	if at.Skip == 0 {
		return nil
	}
	if err := r.openMember(); err != nil {
		return err
	}
	if _, err := io.CopyN(io.Discard, r.inner, at.Skip); err != nil {
		return fmt.Errorf("position %d+%d: %w", at.Offset, at.Skip, err)
	}
	return nil
}

// openMember starts the gzip member at the raw position.
func (r *Reader) openMember() error {
	r.member = r.rawPos()
	var err error
	if r.gz == nil {
		r.gz, err = gzip.NewReader(r.raw)
	} else {
		err = r.gz.Reset(r.raw)
	}
	if err != nil {
		return err
	}
	r.gz.Multistream(false)
	r.gzc = countingReader{r: r.gz}
	if r.inner == nil || r.inner == r.raw {
		r.inner = bufio.NewReaderSize(&r.gzc, 256<<10)
	} else {
		r.inner.Reset(&r.gzc)
	}
	r.inMember = true
	return nil
}

// skip reports a skipped record or damage, after any held one.
func (r *Reader) skip(s Skip) {
	r.flush()
	if r.opts.OnSkip != nil {
		r.opts.OnSkip(s)
	}
}

// skipRecord reports a record skipped for what it holds. Inside a gzip
// member that is still open the report waits for what follows the record
// (see held).
func (r *Reader) skipRecord(s Skip) {
	if !r.isGz || !r.inMember {
		r.skip(s)
		return
	}
	r.flush()
	r.held, r.heldEnd = &s, r.pos()
}

// flush reports the held skip, if any.
func (r *Reader) flush() {
	if s := r.held; s != nil {
		r.held = nil
		r.skip(*s)
	}
}

func (r *Reader) corrupt(offset int64, format string, args ...any) error {
	return fmt.Errorf("%s: record at byte %d: %w: %s", r.path, offset, ErrCorrupt, fmt.Sprintf(format, args...))
}

// Next returns the next HTTP response record, or io.EOF after the last.
// Damage is skipped, not returned: the only errors are those of reading
// the file.
func (r *Reader) Next() (*Response, error) {
	for r.err == nil {
		if r.isGz && !r.inMember {
			if !r.startMember() {
				continue
			}
		}
		start := r.pos()
		rec, err := r.readRecord()
		switch {
		case err == io.EOF && r.isGz:
			// The member ended: is it whole (its CRC and length)?
			r.inMember = false
			if _, err := r.gz.Read(make([]byte, 1)); err != nil && err != io.EOF {
				r.damaged(start, fmt.Errorf("gzip member at byte %d: %w", r.member, err))
			}
			continue
		case err == io.EOF:
			r.err = io.EOF
			continue
		case err != nil:
			r.damaged(start, err)
			continue
		}
		if r.isGz && !r.memberEnds(start) {
			continue
		}
		if res := r.response(rec, start); res != nil {
			r.flush()
			res.Next = r.pos()
			return res, nil
		}
	}
	r.flush()
	return nil, r.err
}

// memberEnds checks, after a record that began its gzip member, that the
// member ends whole there (blank lines after the record allowed): such a
// record is only handed out once its member's checksum is good. A record
// followed by more bytes in its member (a whole-file stream) is handed out
// as it is read.
func (r *Reader) memberEnds(start Position) bool {
	if start.Skip != 0 {
		return true
	}
	var err error
	for {
		var b []byte
		if b, err = r.inner.Peek(1); err != nil || b[0] != '\r' && b[0] != '\n' {
			break
		}
		r.inner.Discard(1)
	}
	switch {
	case err == nil:
		return true // more in this member
	case err == io.EOF:
		r.inMember = false
		return true
	}
	r.damaged(start, fmt.Errorf("gzip member at byte %d: %w", r.member, err))
	return false
}

// startMember opens the gzip member at the raw position, scanning past
// bytes that are none; it reports whether one is open.
func (r *Reader) startMember() bool {
	at := r.rawPos()
	if at >= r.size {
		r.err = io.EOF
		return false
	}
	head, _ := r.raw.Peek(3)
	if !bytes.Equal(head, []byte{0x1f, 0x8b, 0x08}) {
		r.damaged(Position{Offset: at}, errors.New("bytes that are no gzip member"))
		return false
	}
	if err := r.openMember(); err != nil {
		r.damaged(Position{Offset: at}, fmt.Errorf("gzip member at byte %d: %w", at, err))
		return false
	}
	return true
}

// damaged counts the damage at start and moves on to the next record
// found after it: in a gzip file, the next gzip member after a bad one (or,
// inside a good member, the next record in it); in a plain file, the next
// "WARC/1." after start.
//
// Decompression failing right after a record whose skip is held makes that
// record the damage: one report, naming its target.
func (r *Reader) damaged(start Position, cause error) {
	s := Skip{Offset: start.Offset, Reason: SkipDamaged}
	if h := r.held; h != nil && start == r.heldEnd && isGzipError(cause) {
		r.held = nil
		s.Offset, s.TargetURI = h.Offset, h.TargetURI
	}
	switch {
	case errors.Is(cause, ErrCorrupt):
		s.Err = cause
	case s.TargetURI != "":
		s.Err = r.corrupt(s.Offset, "%s: %v", s.TargetURI, cause)
	default:
		s.Err = r.corrupt(s.Offset, "%v", cause)
	}
	r.skip(s)
	gzipBad := r.isGz && (!r.inMember || isGzipError(cause))
	switch {
	case gzipBad:
		r.scanRaw(start.Offset+1, []byte{0x1f, 0x8b, 0x08})
	case r.isGz:
		// The member decompresses but holds a bad record: look for the
		// next record after its start, within the member and after.
		if err := r.seek(Position{Offset: start.Offset, Skip: start.Skip + 1}); err != nil {
			r.scanRaw(start.Offset+1, []byte{0x1f, 0x8b, 0x08})
			return
		}
		r.scanInner()
	default:
		r.scanRaw(start.Offset+1, warcMagic)
	}
}

// isGzipError tells an error of decompression from one of WARC framing.
func isGzipError(err error) bool {
	var fe *framingError
	return !errors.As(err, &fe)
}

// framingError is a record that decompresses but is no whole WARC record.
type framingError struct{ msg string }

func (e *framingError) Error() string { return e.msg }

func framing(format string, args ...any) error {
	return &framingError{msg: fmt.Sprintf(format, args...)}
}

// scanRaw moves the raw reader to the first occurrence of magic at or
// after offset, or to the end of the file.
func (r *Reader) scanRaw(offset int64, magic []byte) {
	if offset >= r.size {
		r.err = io.EOF
		return
	}
	if err := r.seek(Position{Offset: offset}); err != nil {
		r.err = fmt.Errorf("%s: %w", r.path, err)
		return
	}
	if !scan(r.raw, magic) {
		r.err = io.EOF
	}
}

// scanInner moves the decompressed stream of the open member to the next
// "WARC/1."; when the member has none, the next member is read.
func (r *Reader) scanInner() {
	if !scan(r.inner, warcMagic) {
		r.inMember = false
	}
}

// scan discards from br up to the first occurrence of magic; it reports
// whether one was found.
func scan(br *bufio.Reader, magic []byte) bool {
	for {
		buf, err := br.Peek(br.Size())
		if i := bytes.Index(buf, magic); i >= 0 {
			br.Discard(i)
			return true
		}
		if err != nil {
			br.Discard(len(buf))
			return false
		}
		br.Discard(len(buf) - len(magic) + 1)
	}
}

// rawRecord is one record as read: its WARC header and, unless the record
// is of no interest or too large, its block.
type rawRecord struct {
	header   map[string]string // lower-case names
	typ      string
	block    []byte
	tooLarge bool
}

// interesting are the record types whose blocks are read: responses and
// revisits, and conversions when they are asked for.
func (r *Reader) interesting(typ string) bool {
	return typ == "response" || typ == "revisit" || typ == "conversion" && r.conversions
}

// readRecord reads one record from inner: io.EOF at a clean end of the
// stream, a framingError for bytes that are no whole record.
func (r *Reader) readRecord() (*rawRecord, error) {
	br := r.inner
	// Tolerate blank lines between records.
	for {
		b, err := br.Peek(1)
		if err != nil {
			if err == io.EOF {
				return nil, io.EOF
			}
			return nil, err
		}
		if b[0] != '\r' && b[0] != '\n' {
			break
		}
		br.Discard(1)
	}
	line, err := readLine(br)
	if err != nil {
		return nil, eofIsFraming(err, "torn WARC header")
	}
	if !bytes.HasPrefix(line, warcMagic) {
		return nil, framing("no WARC record: %q", truncate(line, 40))
	}
	rec := &rawRecord{header: map[string]string{}}
	var last string
	n := len(line)
	for {
		line, err := readLine(br)
		if err != nil {
			return nil, eofIsFraming(err, "torn WARC header")
		}
		n += len(line)
		if n > maxHeader {
			return nil, framing("WARC header longer than %d bytes", maxHeader)
		}
		if len(line) == 0 {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && last != "" {
			rec.header[last] += " " + string(bytes.TrimSpace(line))
			continue
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return nil, framing("WARC header line without a colon: %q", truncate(line, 40))
		}
		last = strings.ToLower(string(bytes.TrimSpace(name)))
		rec.header[last] = string(bytes.TrimSpace(value))
	}
	length, err := strconv.ParseInt(rec.header["content-length"], 10, 64)
	if err != nil || length < 0 {
		return nil, framing("bad Content-Length %q", rec.header["content-length"])
	}
	rec.typ = strings.ToLower(rec.header["warc-type"])
	if r.interesting(rec.typ) && length <= r.opts.MaxBlock {
		rec.block = make([]byte, length)
		if _, err := io.ReadFull(br, rec.block); err != nil {
			return nil, eofIsFraming(err, fmt.Sprintf("record ends before its %d bytes", length))
		}
	} else {
		rec.tooLarge = r.interesting(rec.typ)
		if n, err := io.CopyN(io.Discard, br, length); err != nil {
			return nil, eofIsFraming(err, fmt.Sprintf("record ends after %d of its %d bytes", n, length))
		}
	}
	end := make([]byte, 4)
	if k, err := io.ReadFull(br, end); err != nil || !bytes.Equal(end, []byte("\r\n\r\n")) {
		if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
			return nil, err
		}
		return nil, framing("record does not end with CRLF CRLF after its %d bytes (got %q): wrong Content-Length?", length, end[:k])
	}
	return rec, nil
}

// eofIsFraming turns an early end of the stream into a framing error;
// other errors (of decompression, of reading) pass.
func eofIsFraming(err error, msg string) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return framing("%s", msg)
	}
	return err
}

// readLine reads one line without its CRLF (or LF).
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		return nil, framing("WARC header line longer than %d bytes", br.Size())
	}
	if err != nil {
		if err == io.EOF && len(line) > 0 {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return bytes.TrimRight(line, "\r\n"), nil
}

func truncate(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// response turns a record into a Response, or reports why it is skipped
// (nil).
func (r *Reader) response(rec *rawRecord, start Position) *Response {
	if !r.interesting(rec.typ) {
		return nil
	}
	target := strings.TrimSpace(strings.Trim(rec.header["warc-target-uri"], "<> \t"))
	if rec.typ == "conversion" {
		return r.conversion(rec, target, start)
	}
	sk := Skip{Offset: start.Offset, TargetURI: target}
	switch {
	case rec.typ == "revisit":
		sk.Reason = SkipRevisit
	case rec.header["warc-truncated"] != "":
		sk.Reason = SkipTruncated
	case rec.tooLarge:
		sk.Reason = SkipTooLarge
	case !bytes.HasPrefix(rec.block, []byte("HTTP/")):
		sk.Reason = SkipNotHTTP
	}
	if sk.Reason != "" {
		r.skipRecord(sk)
		return nil
	}
	res, err := parseResponse(rec, target)
	if err == nil {
		err = checkDigests(rec, res)
		if err != nil {
			sk.Reason = SkipBadDigest
		}
	}
	if err != nil {
		if sk.Reason == "" {
			sk.Reason = SkipBadHeader
		}
		sk.Err = r.corrupt(start.Offset, "%s: %v", target, err)
		r.skipRecord(sk)
		return nil
	}
	res.Offset = start.Offset
	return res
}

// parseDate reads a WARC-Date: RFC 3339, with or without fractions.
func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("WARC-Date %q: want RFC 3339", s)
	}
	return t.UTC(), nil
}

// Close closes the file.
func (r *Reader) Close() error {
	if r.gz != nil {
		r.gz.Close()
	}
	return r.f.Close()
}

package archive

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// Conversion is a page as a browser rendered it from an archived
// response: the DOM serialized as HTML. It is written as a WARC
// conversion record ("an alternative version of another record's
// content", WARC 1.1 §6.7) that names the response in WARC-Refers-To.
type Conversion struct {
	URL          string // the page's URL (the response's WARC-Target-URI)
	RequestedURL string // as requested, when it differs (Newsnorm-Requested-URI)
	// RefersTo is the WARC-Record-ID of the response the page was rendered
	// from (Exchange.ResponseID); "" when it is not in the archive.
	RefersTo    string
	Date        time.Time // when it was rendered
	ContentType string    // default "text/html; charset=utf-8"
	Body        []byte
}

// WriteConversion appends a conversion record for c to the file of site
// and returns the file's path. Errors name the file.
func (w *Writer) WriteConversion(site string, c *Conversion) (string, error) {
	fl, err := w.file(w.pathFor(site))
	if err != nil {
		return "", err
	}
	data, err := encodeConversion(c, fl.infoID, fl.gz)
	if err != nil {
		return fl.path, fmt.Errorf("warc %s: conversion record for %s: %w", fl.path, c.URL, err)
	}
	return fl.path, fl.append(data)
}

func encodeConversion(c *Conversion, infoID string, gz bool) ([]byte, error) {
	ct := c.ContentType
	if ct == "" {
		ct = "text/html; charset=utf-8"
	}
	b := newBuilder(gowarc.Conversion)
	b.AddWarcHeaderTime(gowarc.WarcDate, c.Date)
	b.AddWarcHeader(gowarc.WarcTargetURI, c.URL)
	if infoID != "" {
		b.AddWarcHeader(gowarc.WarcWarcinfoID, "<"+infoID+">")
	}
	if c.RefersTo != "" {
		b.AddWarcHeader(gowarc.WarcRefersTo, "<"+c.RefersTo+">")
	}
	if c.RequestedURL != "" && c.RequestedURL != c.URL {
		b.AddWarcHeader(RequestedURIField, c.RequestedURL)
	}
	b.AddWarcHeader(gowarc.ContentType, ct)
	if _, err := b.Write(c.Body); err != nil {
		b.Close()
		return nil, err
	}
	rec, _, err := b.Build()
	if err != nil {
		return nil, err
	}
	defer rec.Close()
	return marshal(rec, gz)
}

// ConvertedResponses returns the record IDs of the responses that a
// conversion record of the file refers to (pages archived as rendered as
// well), read quickly: no block is parsed and nothing is validated. A
// damaged file gives what came before the damage; Reader reports the
// damage.
func ConvertedResponses(path string) map[string]bool {
	out := map[string]bool{}
	f, err := os.Open(path)
	if err != nil {
		return out
	}
	defer f.Close()
	gowarcMu.Lock()
	r, err := gowarc.NewWarcFileReaderFromStream(f, 0, gowarc.WithSkipParseBlock(), gowarc.WithNoValidation())
	gowarcMu.Unlock()
	if err != nil {
		return out
	}
	defer r.Close()
	for {
		rec, err := r.Next()
		if err != nil || rec.WarcRecord == nil {
			return out
		}
		if rec.WarcRecord.Type() == gowarc.Conversion {
			if id := rec.WarcRecord.WarcHeader().GetId(gowarc.WarcRefersTo); id != "" {
				out[id] = true
			}
		}
		rec.Close()
	}
}

// IncludeConversions makes Next return conversion records too, as
// Responses with Conversion set.
func (r *Reader) IncludeConversions() { r.conversions = true }

// conversion is Next's Response for a conversion record: its block is
// the page as it is, with no HTTP header.
func (r *Reader) conversion(rec *rawRecord, target string, start Position) *Response {
	date, err := parseDate(rec.header["warc-date"])
	if err != nil {
		r.skipRecord(Skip{Offset: start.Offset, Reason: SkipBadHeader, TargetURI: target, Err: r.corrupt(start.Offset, "%s: %v", target, err)})
		return nil
	}
	if rec.tooLarge {
		r.skipRecord(Skip{Offset: start.Offset, Reason: SkipTooLarge, TargetURI: target})
		return nil
	}
	res := &Response{
		RecordID:     strings.Trim(rec.header["warc-record-id"], "<>"),
		TargetURI:    target,
		RequestedURI: strings.Trim(rec.header[strings.ToLower(RequestedURIField)], "<> "),
		Date:         date,
		Status:       200,
		Header:       http.Header{},
		Offset:       start.Offset,
		Conversion:   true,
		RefersTo:     strings.Trim(rec.header["warc-refers-to"], "<> "),
		payload:      rec.block,
	}
	if res.RequestedURI == "" {
		res.RequestedURI = target
	}
	if ct := rec.header["content-type"]; ct != "" {
		res.Header.Set("Content-Type", ct)
	}
	return res
}

package archive

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"net/http/httputil"
	"strings"
)

// checkDigests checks a response record's WARC-Block-Digest against its
// block and its WARC-Payload-Digest against the HTTP body. Tools differ
// on the payload of a chunked response: the bytes as sent or the body
// after decoding; either matches. A digest of an algorithm not known here
// is not checked.
func checkDigests(rec *rawRecord, res *Response) error {
	if d := rec.header["warc-block-digest"]; d != "" {
		if ok, known := digestMatches(d, rec.block); known && !ok {
			return fmt.Errorf("WARC-Block-Digest %s does not match the block", d)
		}
	}
	if d := rec.header["warc-payload-digest"]; d != "" {
		ok, known := digestMatches(d, res.payload)
		if known && !ok && res.chunked {
			if body, err := io.ReadAll(httputil.NewChunkedReader(bytes.NewReader(res.payload))); err == nil {
				ok, _ = digestMatches(d, body)
			}
		}
		if known && !ok {
			return fmt.Errorf("WARC-Payload-Digest %s does not match the payload", d)
		}
	}
	return nil
}

// digestMatches reports whether a labelled digest ("sha1:BASE32...") is
// that of data, and whether its algorithm is known. The value may be
// base32 (the WARC custom), hex or base64, in any case.
func digestMatches(labelled string, data []byte) (ok, known bool) {
	alg, value, found := strings.Cut(strings.TrimSpace(labelled), ":")
	if !found {
		return false, false
	}
	var h hash.Hash
	switch strings.ReplaceAll(strings.ToLower(alg), "-", "") {
	case "sha1":
		h = sha1.New()
	case "sha256":
		h = sha256.New()
	case "sha512":
		h = sha512.New()
	case "md5":
		h = md5.New()
	default:
		return false, false
	}
	h.Write(data)
	sum := h.Sum(nil)
	value = strings.TrimRight(strings.TrimSpace(value), "=")
	for _, enc := range []string{
		strings.TrimRight(base32.StdEncoding.EncodeToString(sum), "="),
		hex.EncodeToString(sum),
	} {
		if strings.EqualFold(value, enc) {
			return true, true
		}
	}
	b64 := strings.TrimRight(base64.StdEncoding.EncodeToString(sum), "=")
	return value == b64 || value == strings.NewReplacer("+", "-", "/", "_").Replace(b64), true
}

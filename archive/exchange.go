package archive

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// Exchange is one HTTP GET request and the response to it, as fetched.
type Exchange struct {
	URL           string // as requested
	FinalURL      string // after redirects; "" when there were none
	RequestHeader http.Header
	Status        int
	Header        http.Header
	Body          []byte // after transfer and content decoding
	FetchedAt     time.Time
	// ResponseID, when set, is the response record's WARC-Record-ID
	// (from NewRecordID); otherwise Write makes one.
	ResponseID string
}

// target is the URL of the request that got this response.
func (x *Exchange) target() string {
	if x.FinalURL != "" {
		return x.FinalURL
	}
	return x.URL
}

// dropped are response headers that describe the bytes on the wire, not
// the decoded body that is stored: they are left out, and Content-Length
// is set to the stored body's length.
var dropped = map[string]bool{"Content-Encoding": true, "Transfer-Encoding": true, "Content-Length": true}

// requestMessage is the HTTP/1.1 GET request for the exchange's target.
func (x *Exchange) requestMessage() ([]byte, error) {
	u, err := url.Parse(x.target())
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("archive %q: not an absolute URL", x.target())
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "GET %s HTTP/1.1\r\nHost: %s\r\n", u.RequestURI(), u.Host)
	if err := x.RequestHeader.WriteSubset(&b, map[string]bool{"Host": true}); err != nil {
		return nil, err
	}
	b.WriteString("\r\n")
	return b.Bytes(), nil
}

// responseMessage is the HTTP/1.1 response with the decoded body.
func (x *Exchange) responseMessage() ([]byte, error) {
	var b bytes.Buffer
	b.Grow(len(x.Body) + 512)
	fmt.Fprintf(&b, "HTTP/1.1 %03d %s\r\n", x.Status, http.StatusText(x.Status))
	if err := x.Header.WriteSubset(&b, dropped); err != nil {
		return nil, err
	}
	b.WriteString("Content-Length: " + strconv.Itoa(len(x.Body)) + "\r\n\r\n")
	b.Write(x.Body)
	return b.Bytes(), nil
}

package output

import (
	"crypto/sha256"
	"encoding/hex"
)

// Record is one article. Field order is the JSON order; it is stable.
type Record struct {
	ID                 string   `json:"id"`
	Site               string   `json:"site"`
	URL                string   `json:"url"`
	PublishedAt        *string  `json:"published_at"`
	PublishedRaw       string   `json:"published_raw,omitempty"`
	PublishedPrecision string   `json:"published_precision,omitempty"`
	PublishedLocal     string   `json:"published_local,omitempty"`
	ModifiedAt         string   `json:"modified_at,omitempty"`
	ModifiedRaw        string   `json:"modified_raw,omitempty"`
	Headline           string   `json:"headline"`
	Body               string   `json:"body"`
	FetchedAt          string   `json:"fetched_at"`
	Language           string   `json:"language,omitempty"`
	Authors            []string `json:"authors,omitempty"`
	Section            string   `json:"section,omitempty"`
	Description        string   `json:"description,omitempty"`
	Image              *Image   `json:"image,omitempty"`
	Tags               []string `json:"tags,omitempty"`
	// IsAccessibleForFree is nil when the page does not say.
	IsAccessibleForFree *bool             `json:"is_accessible_for_free,omitempty"`
	Sources             map[string]string `json:"sources,omitempty"`
	ContentHash         string            `json:"content_hash"`
}

// Image is an article's lead image.
type Image struct {
	URL     string `json:"url"`
	Caption string `json:"caption,omitempty"`
	Credit  string `json:"credit,omitempty"`
}

// ContentHash is the hex SHA-256 of headline and body: equal hashes mean
// the article text did not change.
func ContentHash(headline, body string) string {
	h := sha256.New()
	h.Write([]byte(headline))
	h.Write([]byte{0})
	h.Write([]byte(body))
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// Reject is a page that was fetched but gave no valid article.
type Reject struct {
	URL       string   `json:"url"`
	Site      string   `json:"site"`
	Reason    string   `json:"reason"`
	Fields    []string `json:"fields,omitempty"` // the fields that failed validation
	Status    int      `json:"status,omitempty"`
	FetchedAt string   `json:"fetched_at"`
}

// Failure is a URL that could not be fetched: one line per URL in a
// compacted failures file.
type Failure struct {
	URL    string `json:"url"`
	Site   string `json:"site,omitempty"`
	Reason string `json:"reason"` // the last failure's
	Status int    `json:"status,omitempty"`
	// Attempts counts the requests made for the URL, over all runs.
	Attempts int `json:"attempts"`
	// Runs counts the runs in which it failed.
	Runs int `json:"runs,omitempty"`
	// First and At are when it first and last failed.
	First string `json:"first_at,omitempty"`
	At    string `json:"at"`
}

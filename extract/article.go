package extract

import (
	"errors"
	"time"
)

// Input is one fetched page. HTML must already be UTF-8.
type Input struct {
	HTML      []byte
	URL       string    // the page's URL (after redirects)
	FetchedAt time.Time // reference for relative dates ("2 hours ago")
	// Explain, when set, is filled with how each field was chosen (see
	// Explanation); nil costs nothing.
	Explain *Explanation
}

// Article is what Extract found on a page.
type Article struct {
	ID        string
	URL       string // canonical URL: rel=canonical when it is on the same site, else the page URL
	Headline  string
	Body      string // paragraphs separated by "\n\n"
	Published *Published
	Modified  *Published // the last update the page states; never a publish time
	Language  string     // BCP 47 tag when the page declares one consistent with its text
	Authors   []string   // from JSON-LD or meta tags
	Section   string
	// Description is the standfirst or summary the page gives the article.
	Description string
	// Image is the lead image; nil when the page names none.
	Image *Image
	// Tags are the article's keywords and tags.
	Tags []string
	// IsAccessibleForFree says whether the article can be read without a
	// subscription, as the page states it; nil when it does not say.
	IsAccessibleForFree *bool
	// Sources maps each field ("id", "headline", "published_at", "body", ...)
	// to the candidate that gave it, e.g. "profile", "json-ld", "meta:og:title".
	Sources map[string]string
	// ProfileMisses lists the fields for which the profile had rules that
	// found nothing, so a fallback was used: the sign of a template change.
	ProfileMisses []string
}

// Published is a publish time as found on the page.
type Published struct {
	Time      time.Time // UTC
	Raw       string    // the string it was parsed from
	Precision string    // "second", "minute" or "day"
	Zone      string    // the zone or offset that was applied
	Calendar  string    // "gregorian", "jalali" or "hijri"
	// Local is Time in the offset the page stated, or the site's
	// configured zone: the day and clock a reader of the page saw. Zero
	// for a date without a time, a relative time, or a time without a
	// zone on a site without one configured.
	Local time.Time
}

// Errors that callers branch on.
var (
	// ErrNotHTML means the input could not be parsed as an HTML document.
	ErrNotHTML = errors.New("not an html document")
	// ErrTooLarge means the input exceeds MaxInput.
	ErrTooLarge = errors.New("page too large")
	// ErrTooDeep means the page nests elements deeper than MaxDepth, which
	// the HTML parser refuses (it keeps extraction linear in the input).
	ErrTooDeep = errors.New("page nested too deeply")
)

// MaxInput bounds the HTML that Extract accepts.
const MaxInput = 16 << 20

// MaxDepth is the deepest element nesting Extract accepts: the limit of
// golang.org/x/net/html's parser (512 open elements).
const MaxDepth = 512

package extract

import (
	"regexp"
	"time"

	"github.com/newsnorm/newsnorm/extract/content"
)

// Profile holds one site's extraction rules. The zero value (or nil) means
// generic extraction.
//
// A Profile is read-only once built: Extract never changes it, so one
// profile serves any number of concurrent Extract calls, as long as
// nobody changes it (or the slices, patterns and rules it holds) while
// they run.
type Profile struct {
	Name string
	// Article matches the site's article URLs; a named group "id" gives
	// the article ID.
	Article *regexp.Regexp
	// Location applies to timestamps that name no zone; nil means UTC.
	Location *time.Location
	// DayFirst reads ambiguous numeric dates as day/month, MonthFirst as
	// month/day; with neither, the page's own locale decides (see
	// page.dayFirst).
	DayFirst   bool
	MonthFirst bool

	ID        FieldRule
	Headline  FieldRule
	Published FieldRule
	Body      FieldRule

	// Boilerplate is the full rule set for this site: the defaults plus
	// the site's own additions.
	Boilerplate content.Rules
}

// FieldRule is a profile's rule for one field. The first selector or label
// that yields a value wins.
type FieldRule struct {
	// Selectors are CSS selectors; the text of the first non-empty match
	// is the value (for Body: the matches are the body containers).
	Selectors []string
	// Attr reads this attribute of the match instead of its text.
	Attr string
	// Labels are text labels such as "Published:"; the value is the text
	// that follows the label in the same block.
	Labels []string
	// Pattern, if set, must match the value; its first group (or the whole
	// match) becomes the value.
	Pattern *regexp.Regexp
}

func (r FieldRule) empty() bool { return len(r.Selectors) == 0 && len(r.Labels) == 0 }

// genericProfile is the profile of unconfigured sites, built once (its
// rules are content.DefaultRules, see there) and never changed: Extract
// uses it for a nil profile.
var genericProfile = Profile{Boilerplate: content.DefaultRules()}

// GenericProfile returns the profile used for pages of unconfigured sites:
// a copy the caller may change, whose rules are shared (see
// content.Rules).
func GenericProfile() *Profile {
	p := genericProfile
	return &p
}

package output

import (
	"regexp"
	"strings"
)

// Vars fill a path template.
type Vars struct {
	Site   string // the site's name
	Date   string // the run's start date in UTC, YYYY-MM-DD
	Run    string // the run's ID (its start time, 20161228T061200Z)
	Worker string // the worker's name (hostname-pid)
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Sanitize makes a name safe as one path element: only letters, digits,
// '.', '_' and '-'; no leading dots, so it can never be ".." or hidden.
func Sanitize(name string) string {
	s := unsafeName.ReplaceAllString(name, "_")
	s = strings.TrimLeft(s, ".")
	if s == "" {
		return "_"
	}
	return s
}

// Expand fills the template's placeholders with sanitized values.
func Expand(template string, v Vars) string {
	return strings.NewReplacer(
		"{site}", Sanitize(v.Site),
		"{date}", Sanitize(v.Date),
		"{run}", Sanitize(v.Run),
		"{worker}", Sanitize(v.Worker),
	).Replace(template)
}

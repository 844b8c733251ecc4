package config

import (
	"regexp"

	"github.com/newsnorm/newsnorm/extract"
	"github.com/newsnorm/newsnorm/extract/content"
)

// Profile turns a validated site into its extraction profile.
func (s *Site) Profile() *extract.Profile {
	rule := func(r FieldRule) extract.FieldRule {
		out := extract.FieldRule{Selectors: r.Selectors, Attr: r.Attr, Labels: r.Labels}
		if r.Pattern != "" {
			out.Pattern = regexp.MustCompile(r.Pattern) // checked by Validate
		}
		return out
	}
	return &extract.Profile{
		Name:        s.Name,
		Article:     s.article,
		Location:    s.location,
		DayFirst:    s.DateOrder == "dmy",
		MonthFirst:  s.DateOrder == "mdy",
		ID:          rule(s.Fields.ID),
		Headline:    rule(s.Fields.Headline),
		Published:   rule(s.Fields.Published),
		Body:        rule(s.Fields.Body),
		Boilerplate: content.DefaultRules().Merge(s.Boilerplate.Selectors, s.dropText),
	}
}

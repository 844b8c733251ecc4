package extract

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/newsnorm/newsnorm/extract/timeparse"
)

// The explanations of the fields after the publish time: modified_at and
// authors run their chains again (modifiedChain, authorChain); section,
// description, image, tags and is_accessible_for_free have no chain
// list in fields.go, so their explanations read the same sources in the
// same order as fields.go does (JSON-LD, then the meta keys of its
// lists). TestExplainAgreesWithExtract holds the two to the same winner.

// stopped marks the accepted candidates after the one that ended a chain
// without a value (an update time before the publish time, an image URL
// that is not http): the chain never looked at them.
func stopped(cands []Candidate) {
	for i := range cands {
		if cands[i].ok && cands[i].Verdict == "" {
			cands[i].Verdict = VerdictLater
		}
	}
}

func (p *page) explainModified(opts timeparse.Options, pub *Published) []Candidate {
	var tried []Candidate
	tr := noteTimeReader(opts, &tried)
	var out []Candidate
	ended, dropped := false, false
	for _, cand := range modifiedChain {
		m, src := p.tryTime(cand, "modified", "dateModified", tr, &tried, &out)
		if m == nil {
			continue
		}
		c := Candidate{Source: src, Raw: m.Raw, Value: timeValue(m), ok: true}
		switch {
		case ended: // later in the chain, or after the drop
		case future(m, opts.Now):
			c.Verdict, c.ok = VerdictInvalid, false
			c.Why = "more than 36 hours in the future of fetched_at " + opts.Now.UTC().Format(time.RFC3339)
		case pub != nil && m.Time.Before(pub.Time.Add(-time.Minute)) && !(m.Precision == "day" && sameDay(m, pub)):
			c.Verdict, c.ok = VerdictInvalid, false
			c.Why = "before the publish time " + pub.Time.UTC().Format(time.RFC3339) + ": the page confuses them, no update time is taken"
			ended, dropped = true, true
		default:
			ended = true
		}
		out = append(out, c)
	}
	if dropped {
		stopped(out)
	}
	return out
}

func (p *page) explainAuthors() []Candidate {
	spots := p.authorSpots
	defer func() { p.authorSpots = spots }()
	names := p.siteNames()
	var out []Candidate
	fallback := false
	for _, cand := range authorChain {
		p.authorSpots = nil
		raw, src, weak := cand(p)
		c := Candidate{Source: src, Raw: strings.Join(raw, "; ")}
		if src == "" || len(raw) == 0 {
			c.Source = candidateName(cand, "authors")
			out = append(out, c)
			continue
		}
		all := splitNames(raw, src == "byline" || src == "byline-class")
		var persons, site []string
		for _, n := range all {
			if notPerson(n, names) {
				site = append(site, n)
			} else {
				persons = append(persons, n)
			}
		}
		switch {
		case len(all) == 0:
			c.Verdict, c.Why = VerdictInvalid, "no plausible name"
		case len(persons) > 0 && !weak:
			c.Value, c.ok = strings.Join(persons, "; "), true
			if len(site) > 0 {
				c.Why = "left out as " + notPersonWhy(site, names) + ": " + strings.Join(site, "; ")
			}
		case !fallback:
			// Kept only when no later candidate finds a person.
			c.Value, c.ok, fallback = strings.Join(all, "; "), true, true
			if weak {
				c.Why = "an organisation, not a person: taken only if no later candidate names one"
			} else {
				c.Why = notPersonWhy(all, names) + ": taken only if no later candidate names a person"
			}
		default:
			c.Verdict, c.Why = VerdictPassed, notPersonWhy(all, names)+" or an organisation, after an earlier one"
		}
		out = append(out, c)
	}
	return out
}

// notPersonWhy says what the names that notPerson refused are: "the
// site's own name", "a login name", or both.
func notPersonWhy(refused, siteNames []string) string {
	site, login := false, false
	for _, n := range refused {
		if isSiteName(n, siteNames) {
			site = true
		} else if loginName.MatchString(n) {
			login = true
		}
	}
	switch {
	case login && site:
		return "the site's own name and a login name"
	case login:
		return "a login name"
	}
	return "the site's own name"
}

// explainString explains a text field read from JSON-LD key ldKey, then
// the first meta tag of metaKeys the page has with a value.
func (p *page) explainString(ldKey string, metaKeys []string) []Candidate {
	out := []Candidate{textCandidate("json-ld", p.ldString(ldKey))}
	out[0].Why = ldWhy(out[0], ldKey)
	for _, k := range metaKeys {
		if v, ok := p.meta[k]; ok {
			out = append(out, textCandidate("meta:"+k, v))
		}
	}
	return withMetaNote(out, metaKeys)
}

// textCandidate is a candidate whose value is its raw text with white
// space collapsed.
func textCandidate(src, raw string) Candidate {
	v := collapseSpace(raw)
	return Candidate{Source: src, Raw: raw, Value: v, ok: v != ""}
}

func ldWhy(c Candidate, key string) string {
	if c.Raw == "" {
		return "no " + key + " in the article's JSON-LD"
	}
	return ""
}

// withMetaNote adds, when the page has none of the meta tags a field
// reads, one empty candidate that says which were looked for.
func withMetaNote(out []Candidate, keys []string) []Candidate {
	for _, c := range out {
		if strings.HasPrefix(c.Source, "meta:") {
			return out
		}
	}
	return append(out, Candidate{Source: "meta", Why: "none of " + strings.Join(keys, ", ")})
}

func (p *page) explainSection() []Candidate {
	out := p.explainString("articleSection", []string{"article:section", "parsely-section", "section"})
	// fields.go takes the first of these meta tags the page has, empty
	// or not.
	first := -1
	for i := range out {
		if c := &out[i]; strings.HasPrefix(c.Source, "meta:") {
			if first < 0 {
				first = i
			} else if !out[first].ok && c.ok {
				c.Verdict, c.Why = VerdictLater, "an earlier section tag is on the page, even empty"
			}
		}
	}
	return out
}

func (p *page) explainDescription() []Candidate {
	return p.explainString("description", descriptionMetaKeys)
}

func (p *page) explainImage() []Candidate {
	var out []Candidate
	c := Candidate{Source: "json-ld", Why: "no image in the article's JSON-LD"}
	for _, o := range p.jsonLD() {
		if v, ok := o["image"]; ok {
			if img := p.ldImage(v, 0); img != nil {
				c = p.imageCandidate("json-ld", img)
				break
			}
			c.Why = "an image value with no URL"
		}
	}
	out = append(out, c)
	for _, k := range imageMetaKeys {
		if v, ok := p.meta[k]; ok {
			c := Candidate{Source: "meta:" + k, Raw: v}
			if v = strings.TrimSpace(v); v != "" {
				c = p.imageCandidate("meta:"+k, &Image{URL: v})
			}
			out = append(out, c)
		}
	}
	out = withMetaNote(out, imageMetaKeys)
	// image() stops at the first URL it finds, whether it resolves or not.
	for i := range out {
		if out[i].Raw != "" && !out[i].ok && out[i].Verdict == VerdictInvalid {
			stopped(out[i+1:])
			break
		}
		if out[i].ok {
			break
		}
	}
	return out
}

// imageCandidate resolves an image URL as image() does, with the caption
// and credit of the metadata or of the <figure> that shows it.
func (p *page) imageCandidate(src string, img *Image) Candidate {
	c := Candidate{Source: src, Raw: img.URL}
	u, err := p.url.Parse(img.URL)
	if err != nil || u.Scheme != "http" && u.Scheme != "https" {
		c.Verdict, c.Why = VerdictInvalid, "not an http(s) URL: the image is left empty"
		return c
	}
	c.Value, c.ok = u.String(), true
	caption, credit := img.Caption, img.Credit
	if caption == "" || credit == "" {
		if f := p.figureOf(u.Path); f != nil {
			fc, fcr := figureText(f)
			if caption == "" {
				caption = fc
			}
			if credit == "" {
				credit = fcr
			}
		}
	}
	var why []string
	if caption != "" {
		why = append(why, "caption "+strconv.Quote(truncate(caption, 60)))
	}
	if credit != "" {
		why = append(why, "credit "+strconv.Quote(truncate(credit, 60)))
	}
	c.Why = strings.Join(why, ", ")
	return c
}

func (p *page) explainTags() []Candidate {
	tags := func(src, text string, raw []string) Candidate {
		c := Candidate{Source: src, Raw: text}
		if out := cleanTags(raw); len(out) > 0 {
			c.Value, c.ok = strings.Join(out, ", "), true
			n := 0
			for _, t := range raw {
				if strings.TrimSpace(t) != "" {
					n++
				}
			}
			if len(out) == maxTags {
				c.Why = fmt.Sprintf("the first %d kept", maxTags)
			} else if n > len(out) {
				c.Why = fmt.Sprintf("%d left out: repeats, URLs, longer than 100 characters", n-len(out))
			}
		} else if c.Raw != "" {
			c.Verdict, c.Why = VerdictInvalid, "no tag of at most 100 characters that is not a URL"
		}
		return c
	}
	c := Candidate{Source: "json-ld", Why: "no keywords in the article's JSON-LD"}
	for _, o := range p.jsonLD() {
		var raw []string
		var text string
		switch v := o["keywords"].(type) {
		case string:
			raw, text = strings.Split(v, ","), v
		case []any:
			var ss []string
			for _, e := range v {
				if s := p.ldString1(e); s != "" {
					raw = append(raw, strings.Split(s, ",")...)
					ss = append(ss, strconv.Quote(s))
				}
			}
			text = "[" + strings.Join(ss, ", ") + "]"
		default:
			continue
		}
		if c = tags("json-ld", text, raw); c.ok {
			break
		}
	}
	out := []Candidate{c}
	if len(p.articleTags) > 0 {
		out = append(out, tags("meta:article:tag", strings.Join(p.articleTags, " | "), p.articleTags))
	}
	for _, k := range tagMetaKeys {
		if v, ok := p.meta[k]; ok {
			out = append(out, tags("meta:"+k, v, strings.Split(v, ",")))
		}
	}
	return withMetaNote(out, append([]string{"article:tag"}, tagMetaKeys...))
}

func (p *page) explainFree() []Candidate {
	c := Candidate{Source: "json-ld", Why: "no isAccessibleForFree in the article's JSON-LD"}
	for _, o := range p.jsonLD() {
		v, ok := o["isAccessibleForFree"]
		if !ok {
			continue
		}
		c.Raw, c.Why = fmt.Sprint(v), ""
		if b, ok := ldBool(v); ok {
			c.Value, c.ok = strconv.FormatBool(b), true
			break
		}
		c.Verdict, c.Why = VerdictInvalid, "not true or false"
	}
	out := []Candidate{c}
	const tier = "article:content_tier"
	raw, ok := p.meta[tier]
	if !ok {
		return append(out, Candidate{Source: "meta:" + tier, Why: "not on the page"})
	}
	m := Candidate{Source: "meta:" + tier, Raw: raw}
	switch strings.ToLower(strings.TrimSpace(raw)) {
	case "free":
		m.Value, m.ok = "true", true
	case "locked":
		m.Value, m.ok = "false", true
	case "metered":
		m.Verdict, m.Why = VerdictInvalid, "metered tells neither free nor paywalled"
	default:
		m.Verdict, m.Why = VerdictInvalid, "neither free nor locked"
	}
	return append(out, m)
}

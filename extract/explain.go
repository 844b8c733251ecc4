package extract

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/newsnorm/newsnorm/extract/content"
	"github.com/newsnorm/newsnorm/extract/textnorm"
	"github.com/newsnorm/newsnorm/extract/timeparse"
)

// Explanation is how Extract chose each field (extract --explain): every
// candidate of each chain in order, with its source, raw and normalised
// value and why it won or lost, and for the body, the containers
// considered and each element and block left out with the rule that left
// it out. Set Input.Explain to a new Explanation to have it filled; nil
// (the normal path) records nothing and costs nothing.
//
// The chains are run again for the explanation after Extract has run
// them, candidates after the winner included; the winner is always the
// source Extract took (Article.Sources), so an explanation never tells a
// different story from the record.
type Explanation struct {
	Fields []FieldExplanation `json:"fields"`
	Body   *content.Trace     `json:"body"`
}

// FieldExplanation is one field's chain.
type FieldExplanation struct {
	Field string `json:"field"`
	// Winner is the source of the value Extract took ("" when none).
	Winner     string      `json:"winner"`
	Candidates []Candidate `json:"candidates"`
}

// Verdicts of a Candidate.
const (
	VerdictWon     = "won"
	VerdictEmpty   = "empty"   // the candidate found nothing
	VerdictInvalid = "invalid" // it found a value the field does not accept
	VerdictLater   = "later in the chain"
	VerdictCut     = "cut short"   // a headline ending in an ellipsis, given way to a later one it starts
	VerdictPassed  = "passed over" // accepted, yet the chain took a later one
	VerdictOff     = "off-article region"
)

// Candidate is one candidate of a chain.
type Candidate struct {
	Source  string `json:"source"`
	Raw     string `json:"raw,omitempty"`
	Value   string `json:"value,omitempty"` // normalised
	Verdict string `json:"verdict"`
	Why     string `json:"why,omitempty"`

	ok bool // the field accepts the value
}

// explainFields explains the metadata chains, before the body chain
// changes the document. It leaves the page as it found it: the spots the
// chains mark for dropRepeats are put back.
func (p *page) explainFields(ex *Explanation, a *Article, opts timeparse.Options) {
	spots := len(p.spots)
	defer func() { p.spots = p.spots[:spots] }()
	ex.Fields = append(ex.Fields,
		decide("headline", a.Sources["headline"], p.explainHeadline()),
		decide("id", a.Sources["id"], p.explainID(a.URL)),
		decide("published_at", a.Sources["published_at"], p.explainPublished(opts, a)),
		decide("modified_at", a.Sources["modified_at"], p.explainModified(opts, a.Published)),
		decide("authors", a.Sources["authors"], p.explainAuthors()),
		decide("section", a.Sources["section"], p.explainSection()),
		decide("description", a.Sources["description"], p.explainDescription()),
		decide("image", a.Sources["image"], p.explainImage()),
		decide("tags", a.Sources["tags"], p.explainTags()),
		decide("is_accessible_for_free", a.Sources["is_accessible_for_free"], p.explainFree()))
}

// explainBodyRule notes, before boilerplate removal changes the
// document, what each of the profile's body selectors matches.
func (p *page) explainBodyRule(t *content.Trace) {
	for _, sel := range p.profile.Body.Selectors {
		nodes := p.doc.Find(sel).Nodes
		t.Note("profile body selector %s: %d elements, %d with text", sel, len(nodes), len(withText(nodes)))
	}
}

// decide gives each candidate its verdict: the first accepted one from
// the winning source won, accepted ones before it were cut short, those
// after it are later in the chain.
func decide(field, winner string, cands []Candidate) FieldExplanation {
	won := false
	for i := range cands {
		c := &cands[i]
		switch {
		case c.Verdict != "":
		case !c.ok:
			c.Verdict = VerdictEmpty
		case !won && c.Source == winner:
			c.Verdict, won = VerdictWon, true
		case !won && field == "headline":
			c.Verdict = VerdictCut
		case !won:
			c.Verdict = VerdictPassed
		default:
			c.Verdict = VerdictLater
		}
	}
	return FieldExplanation{Field: field, Winner: winner, Candidates: cands}
}

// candidateName is the name of a chain's candidate function without its
// field prefix: (*page).publishedTimeElement is "time-element".
func candidateName(f any, prefix string) string {
	name := runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
	name = name[strings.LastIndexByte(name, '.')+1:]
	name = strings.TrimSuffix(strings.TrimPrefix(name, prefix), "-fm")
	var b strings.Builder
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 && name[i-1] >= 'a' && name[i-1] <= 'z' {
				b.WriteByte('-')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	if rest, ok := strings.CutPrefix(b.String(), "jsonld"); ok {
		if rest == "" {
			return "json-ld"
		}
		return "json-ld-" + rest // publishedJSONLDAny: json-ld-any
	}
	return b.String()
}

// explainProfile runs a profile rule's selectors and labels one by one;
// accept says whether the field takes a value and gives its normalised
// form.
func (p *page) explainProfile(r FieldRule, accept func(string) (string, string, bool)) []Candidate {
	var out []Candidate
	for _, sel := range r.Selectors {
		one := r
		one.Selectors, one.Labels = []string{sel}, nil
		c := Candidate{Source: "profile:" + sel}
		if v, _, _ := p.selectText(one); v != "" {
			c.Raw = v
			c.Value, c.Why, c.ok = accept(v)
			if !c.ok {
				c.Verdict = VerdictInvalid
			}
		} else {
			c.Why = "no element matches with text"
		}
		out = append(out, c)
	}
	for _, label := range r.Labels {
		c := Candidate{Source: "profile:label:" + label, Why: "label not found in the article's text"}
		p.eachLabelled([]string{label}, true, func(v, _ string, _ content.Block) bool {
			c.Raw = v
			if v = applyPattern(r.Pattern, v); v == "" {
				c.Why = "the rule's pattern does not match"
				return false
			}
			c.Value, c.Why, c.ok = accept(v)
			return c.ok
		})
		if !c.ok && c.Raw != "" {
			c.Verdict = VerdictInvalid
		}
		out = append(out, c)
	}
	return out
}

func (p *page) explainHeadline() []Candidate {
	accept := func(v string) (string, string, bool) {
		v = collapseSpace(v)
		if !plausibleHeadline(v) {
			if v == "" {
				return "", "", false
			}
			return "", "longer than 400 characters", false
		}
		return textnorm.Clean(v, textnorm.Options{}), "", true
	}
	var out []Candidate
	if !p.profile.Headline.empty() {
		out = p.explainProfile(p.profile.Headline, accept)
	}
	seen := false        // an accepted candidate came before
	overHeading := false // the first one gave way to the main heading
	for _, cand := range headlineChain {
		v, src := cand(p)
		c := Candidate{Source: src, Raw: v}
		if src == "" {
			c.Source = candidateName(cand, "headline")
		}
		c.Value, c.Why, c.ok = accept(v)
		first := c.ok && !seen
		seen = seen || c.ok
		// The tag or <title> as the page has it, before the site name
		// was cut off.
		if raw, ok := p.meta[strings.TrimPrefix(src, "meta:")]; ok && strings.HasPrefix(src, "meta:") {
			c.Raw = raw
		} else if src == "title" {
			c.Raw = p.title
		}
		if c.ok && (strings.HasSuffix(c.Value, "…") || strings.HasSuffix(c.Value, "...")) {
			c.Why = "ends in an ellipsis: a later candidate that starts with it wins"
		} else if c.ok && first && p.headingOverMeta(unwrapHeadline(collapseSpace(v)), src) {
			c.Verdict, c.Why = VerdictPassed, "the main heading words it differently and is the article's own headline (see headingOverMeta)"
			overHeading = true
		} else if c.ok && overHeading && src != "h1" {
			c.Verdict = VerdictPassed
		} else if !c.ok && v != "" {
			c.Verdict = VerdictInvalid
		}
		if src == "h1" {
			overHeading = false
		}
		out = append(out, c)
	}
	return out
}

func (p *page) explainID(canonical string) []Candidate {
	accept := func(v string) (string, string, bool) {
		if id := idValue.FindString(normalizeDigits(v)); id != "" {
			return id, "", true
		}
		return "", "not an ID (letters, digits, - and _)", false
	}
	var out []Candidate
	if !p.profile.ID.empty() {
		out = p.explainProfile(p.profile.ID, accept)
	}
	for i, u := range []string{canonical, p.url.String()} {
		if i == 1 && u == canonical {
			break
		}
		c := Candidate{Source: "url", Raw: u}
		switch v := URLID(p.profile.Article, u); {
		case p.profile.Article == nil || p.profile.Article.SubexpIndex("id") < 0:
			c.Why = "the site's article pattern has no id group"
		case v == "":
			c.Why = "the article pattern does not match"
		default:
			c.Value, c.ok = v, true
		}
		out = append(out, c)
	}
	for _, label := range idLabels {
		c := Candidate{Source: "label:" + strings.TrimRight(label, ": ")}
		found := false
		p.eachLabelled([]string{label}, false, func(v, _ string, _ content.Block) bool {
			found = true
			c.Raw = v
			c.Value, c.Why, c.ok = accept(v)
			return c.ok
		})
		if last := out[len(out)-1]; !found || last.Raw == c.Raw && strings.HasPrefix(last.Source, "label:") {
			continue // labels the page does not hold, and one that is the start of the one before, are not listed
		}
		if !c.ok {
			c.Verdict = VerdictInvalid
		}
		out = append(out, c)
	}
	return append(out, Candidate{Source: "url-hash", Raw: canonical, Value: HashID(canonical), ok: true})
}

// timeValue is a time candidate's normalised value: RFC 3339 with its
// precision, zone and calendar.
func timeValue(pub *Published) string {
	v := pub.Time.Format(time.RFC3339) + " (" + pub.Precision
	if pub.Zone != "" {
		v += ", " + pub.Zone
	}
	if pub.Calendar != "" && pub.Calendar != "gregorian" {
		v += ", " + pub.Calendar
	}
	return v + ")"
}

func (p *page) explainPublished(opts timeparse.Options, a *Article) []Candidate {
	var tried []Candidate
	tr := noteTimeReader(opts, &tried)
	value := timeValue
	future := func(c *Candidate, pub *Published) {
		if !opts.Now.IsZero() && pub.Time.After(opts.Now) {
			c.Why = "in the future of fetched_at " + opts.Now.UTC().Format(time.RFC3339)
		}
	}
	var out []Candidate
	if !p.profile.Published.empty() {
		out = p.explainProfile(p.profile.Published, func(v string) (string, string, bool) {
			pub := tr.parse(v)
			if pub == nil {
				pub = tr.find(v)
			}
			if pub == nil {
				return "", "no time in the value", false
			}
			var c Candidate
			future(&c, pub)
			return value(pub), c.Why, true
		})
	}
	for _, cand := range publishedChain {
		pub, src := p.tryTime(cand, "published", "datePublished", tr, &tried, &out)
		if pub == nil {
			continue
		}
		c := Candidate{Source: src, Raw: pub.Raw, Value: value(pub), ok: true}
		future(&c, pub)
		out = append(out, c)
	}
	// A shown date that is earlier than the markup's (shownEarlier): the
	// record's own, not found again.
	if src := a.Sources["published_at"]; strings.HasPrefix(src, "shown:") && a.Published != nil {
		out = append(out, Candidate{Source: src, Raw: a.Published.Raw, Value: value(a.Published), ok: true,
			Why: "the page shows this date, earlier than its markup's"})
	}
	return out
}

// tryTime runs one candidate of a time chain for an explanation: the
// times it tried and could not read go to out as invalid, named after it
// (prefix cut from its name), and when it found nothing and tried nothing,
// why not (whyNoTime, for the microdata property prop). It returns what
// the candidate found.
func (p *page) tryTime(cand timeCandidate, prefix, prop string, tr timeReader, tried, out *[]Candidate) (*Published, string) {
	*tried = (*tried)[:0]
	t, src := cand(p, tr)
	name := candidateName(cand, prefix)
	for _, c := range *tried {
		c.Source = name
		*out = append(*out, c)
	}
	if t == nil && len(*tried) == 0 {
		*out = append(*out, p.whyNoTime(name, prop))
	}
	return t, src
}

// explainRepeats records the blocks dropRepeats took out of the body,
// each with the case of dropRepeats that matched it.
func explainRepeats(t *content.Trace, before, after []content.Block, k known) {
	h := foldText(nil, k.headline, -1)
	sec := foldText(nil, k.section, -1)
	raw := foldText(nil, k.publishedRaw, -1)
	idx := map[*html.Node]int{}
	for i, b := range before {
		if _, ok := idx[b.Node]; !ok && b.Node != nil {
			idx[b.Node] = i
		}
	}
	t.DropBlocks(before, after, func(b content.Block) string {
		f := foldText(nil, b.Text, -1)
		switch {
		case len(f) == 0:
			return "repeat: no letters or digits"
		case len(h) > 0 && bytes.Contains(f, h):
			return "repeat: the headline"
		case len(sec) > 0 && bytes.Equal(f, sec):
			return "repeat: the section"
		case len(raw) >= 10 && (bytes.HasPrefix(f, raw) || bytes.HasSuffix(f, raw)):
			return "repeat: a dateline (the publish time's raw text)"
		case startsWithLabel(b.Text, k.labels):
			return "repeat: a label line (ID, publish or update time)"
		case atSpot(b, k.spots):
			return "repeat: the line the ID or publish time was found in"
		}
		if i, ok := idx[b.Node]; ok && i+1 < len(before) && bytes.HasPrefix(foldText(nil, before[i+1].Text, len(f)), f) {
			return "repeat: a lead the next paragraph starts with"
		}
		return "repeat of the record's metadata"
	})
}

// whyNoTime is a publish-time candidate that found nothing; for the
// <time> and microdata candidates, how many elements were skipped as off
// the article (page header, menus, lists of other articles, comments).
func (p *page) whyNoTime(name, itemprop string) Candidate {
	c := Candidate{Source: name}
	var nodes []*html.Node
	switch name {
	case "time-element":
		nodes = p.times
	case "microdata":
		for _, n := range p.itemprops {
			if hasToken(attr(n, "itemprop"), itemprop) {
				nodes = append(nodes, n)
			}
		}
	}
	off := 0
	for _, n := range nodes {
		if offArticle(n, p.profile.Boilerplate) {
			off++
		}
	}
	if off > 0 {
		c.Why = fmt.Sprintf("%d of %d elements skipped: in off-article regions (page header, menus, lists of other articles, comments)", off, len(nodes))
		if off == len(nodes) {
			c.Verdict = VerdictOff
		}
	}
	return c
}

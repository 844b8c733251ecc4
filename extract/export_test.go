package extract

import (
	"bytes"
	"net/url"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsnorm/newsnorm/extract/content"
	"github.com/newsnorm/newsnorm/extract/timeparse"
)

// This file opens Extract's stages to the per-stage benchmarks in
// stages_bench_test.go (package extract_test, which may load config.yaml).

// StagePage is a parsed and scanned page whose lazy lookups (JSON-LD, the
// page's text blocks, the main heading) have not run yet.
type StagePage struct {
	p    page
	opts timeparse.Options
}

// Parse is Extract's parsing step.
func Parse(html []byte) (*goquery.Document, error) {
	return goquery.NewDocumentFromReader(bytes.NewReader(html))
}

// NewStagePage scans doc, parsed from in.HTML, as Extract does. A nil
// profile means generic.
func NewStagePage(doc *goquery.Document, in Input, prof *Profile) (*StagePage, error) {
	u, err := url.Parse(in.URL)
	if err != nil {
		return nil, err
	}
	if prof == nil {
		prof = GenericProfile()
	}
	s := &StagePage{p: page{doc: doc, url: u, profile: prof, size: len(in.HTML)}}
	s.p.scan()
	s.opts = timeparse.Options{Location: prof.Location, DayFirst: prof.DayFirst}
	return s, nil
}

// Scan is the metadata scan alone.
func (s *StagePage) Scan() {
	q := page{doc: s.p.doc, url: s.p.url, profile: s.p.profile, size: s.p.size}
	q.scan()
}

// fresh returns a copy of the scanned page with nothing computed yet.
func (s *StagePage) fresh() *page {
	q := s.p
	return &q
}

// JSONLD parses the page's JSON-LD and returns how many article objects
// it has.
func (s *StagePage) JSONLD() int { return len(s.fresh().jsonLD()) }

// TextBlocks builds the page's text blocks for label search and returns
// how many there are.
func (s *StagePage) TextBlocks() int { return len(s.fresh().textBlocks()) }

// Labels runs the search for the ID labels alone (the page's raw text,
// then its blocks if a label may be there) and returns whether one has a
// value.
func (s *StagePage) Labels() bool {
	found := false
	s.fresh().eachLabelled(idLabels, false, func(string, string, content.Block) bool { found = true; return true })
	return found
}

// Headline runs the headline chain.
func (s *StagePage) Headline() string {
	h, _, _ := s.fresh().headline()
	return h
}

// ID runs the ID chain.
func (s *StagePage) ID() string {
	q := s.fresh()
	id, _, _ := q.id(q.canonical())
	return id
}

// Published runs the publish-time chain.
func (s *StagePage) Published() *Published {
	pub, _, _ := s.fresh().published(s.opts)
	return pub
}

// Metadata runs every metadata chain in Extract's order (canonical URL,
// language, headline, ID, publish time, authors, section) on one page,
// so shared lazy work is done once; it returns what dropRepeats needs.
func (s *StagePage) Metadata() Known {
	q := s.fresh()
	q.language()
	h, _, _ := q.headline()
	q.id(q.canonical())
	pub, _, _ := q.published(s.opts)
	q.authors()
	raw := ""
	if pub != nil {
		raw = pub.Raw
	}
	sec, _ := q.section()
	return Known{k: known{headline: h, section: sec, publishedRaw: raw, labels: metaLabels(q.profile), spots: q.spots}}
}

// Known is what the metadata chains found, for DropRepeats.
type Known struct{ k known }

// Headline is the headline that Metadata found.
func (k Known) Headline() string { return k.k.headline }

// Rules are the profile's boilerplate rules.
func (s *StagePage) Rules() content.Rules { return s.p.profile.Boilerplate }

// DropRepeats is Extract's dropRepeats.
func DropRepeats(blocks []content.Block, k Known) []content.Block {
	return dropRepeats(blocks, k.k)
}

// Normalize is Extract's text normalisation: it returns the body and
// the headline.
func Normalize(blocks []content.Block, headline, lang string) (string, string) {
	a := &Article{}
	a.normalize(blocks, headline, lang)
	return a.Body, a.Headline
}

// The script keys and their anchors, for TestScriptAnchors.
var (
	ScriptDateKeys        = scriptDateKeys[:]
	ScriptDateAnchors     = scriptDateAnchors[:]
	ScriptModifiedKeys    = scriptModifiedKeys[:]
	ScriptModifiedAnchors = scriptModifiedAnchors[:]
)

// DateName is dateName, for TestDateName.
var DateName = dateName

// UpdateMarks and UpdateLead are updateMarks and updateLead, for
// TestUpdateMarks.
var (
	UpdateMarks = updateMarks
	UpdateLead  = updateLead
)

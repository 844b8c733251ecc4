package content

// Page builders and themes give the containers of articles names that
// also name boilerplate: Elementor wraps every paragraph in an
// "elementor-widget", HubSpot the whole post in a
// "hs_cos_wrapper_meta_field", themes the main column in "skip-content"
// and the article in "paywall". Such words (Rules.LayoutNames) say
// boilerplate only where the content agrees: an element with one that
// holds prose (enough text outside links, few links) counts as unnamed,
// and so do the elements below it with such words, unless they are link
// lists. Names of boilerplate proper (share, related, comments) count
// whatever the element holds.

const (
	// proseText is the text outside links, in bytes, that makes an
	// element with a layout name prose.
	proseText = 200
	// proseLinks is the highest link density of prose.
	proseLinks = 0.25
	// inProseLinks is the highest link density of an element with a
	// layout name below prose for its name to count as none.
	inProseLinks = 0.5
)

// layout settles what a layout name of e says, once its own names and
// what it inherits (flagInProse) are in its flags and its text is
// counted: nothing when it holds prose or sits in prose, which it then
// passes down; boilerplate (namesNegative) otherwise.
func (e *elem) layout() {
	if e.flags&namesLayout == 0 || e.flags&namesNegative != 0 {
		return
	}
	ld := e.linkDensity()
	if e.text-e.links >= proseText && ld <= proseLinks || e.flags&flagInProse != 0 && ld <= inProseLinks {
		e.flags |= flagInProse
		return
	}
	e.flags |= namesNegative
}

// classify gives every element the bits of its class and id names, with
// layout names settled (see layout), and flagInCode. cache may be nil.
func (p *page) classify(cache nameCache) {
	for i := range p.es {
		e := &p.es[i]
		e.flags, e.flagSet = p.words.classify(e.node, cache), true
		if e.parent >= 0 {
			e.flags |= p.es[e.parent].flags & (flagInProse | flagInCode)
		}
		e.flags |= code(e)
		e.layout()
	}
}

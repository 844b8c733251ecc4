package content

import (
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A gate is a cheap test that a text block must pass before a tier of
// DropText patterns is tried on it (see dropMatcher): most blocks are
// prose, and a glance at their first runes ("The", "In ", "«Th", "On the")
// or the lack of a word the patterns need ("contributed", see
// requiredLiterals) rules them out without running a regexp. A gate is
// a necessary condition only: what passes it still meets the patterns.
//
// The first runes are read in categories: runes that no pattern of the
// matcher tells apart share one (say, every letter of a script that no
// pattern names), and ASCII letters count as lower-case. dfa is an
// automaton over the categories of the first gateRunes runes that
// accepts the texts that some prefix of a match of the patterns starts
// (see gateDFA): a regexp pays for every call ("On " may start a date
// line, so a tier of such patterns met most paragraphs that start with
// "On the"), the automaton one table look-up a rune.
type gate struct {
	alpha *alphabet
	dfa   []uint16 // [state*alpha.n+category] -> next state (see gateDFA); nil: no condition on the first runes
	lits  wordSet  // the text must hold one of these words; none: no condition
}

// gateRunes is how many runes of a text a gate looks at, at most: enough
// to tell "On the" from "On Monday", few enough that the prefixes of the
// patterns stay countable (see gateDFA).
const gateRunes = 6

// The states of a gate's automaton that end the reading.
const (
	gateReject = 0 // no match starts so
	gateAccept = 1 // a match may start so, whatever follows
	gateStart  = 2 // the state before the first rune
)

// allows reports whether text may match the gate's patterns.
func (g *gate) allows(text string) bool {
	if g.dfa != nil {
		s := uint16(gateStart)
		for k, i := 0, 0; k < gateRunes && s >= gateStart; k++ {
			var c uint8 // category 0: the end of the text
			if i < len(text) {
				r, size := rune(text[i]), 1
				if r >= utf8.RuneSelf {
					r, size = utf8.DecodeRuneInString(text[i:])
				}
				c = g.alpha.category(r)
				i += size
			}
			s = g.dfa[int(s)*g.alpha.n+int(c)]
		}
		if s == gateReject {
			return false
		}
	}
	return g.lits.words == nil || g.lits.in(text)
}

// alphabet maps runes to categories: runes in the same category are in
// the same character classes and literals of every pattern (ASCII letters
// as lower-case).
type alphabet struct {
	n      int // categories, at most 64; 0 is the end of the text
	ascii  [utf8.RuneSelf]uint8
	bounds []rune  // non-ASCII runes r in [bounds[i], bounds[i+1]) ...
	cats   []uint8 // ... are in category cats[i]
	reps   []rune  // a rune of each category (reps[0] unused)
}

func (a *alphabet) category(r rune) uint8 {
	if r < utf8.RuneSelf {
		return a.ascii[r]
	}
	i := sort.Search(len(a.bounds), func(i int) bool { return a.bounds[i] > r }) - 1
	return a.cats[i]
}

// lowerASCII lower-cases an ASCII letter.
func lowerASCII(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

// newAlphabet builds the categories from the rune sets (pairs of range
// bounds, as in syntax.Regexp.Rune) that the patterns consist of, or
// returns nil when they need more than 64 categories.
func newAlphabet(sets [][]rune) *alphabet {
	// Patterns repeat their letters: each set once will do.
	sets = slices.Clone(sets)
	slices.SortFunc(sets, slices.Compare)
	sets = slices.CompactFunc(sets, slices.Equal)
	// A rune's signature is the sets it is in, a lower-case ASCII letter
	// counting as in a set that holds its upper case.
	sig := func(r rune) string {
		b := make([]byte, (len(sets)+7)/8)
		for i, set := range sets {
			if inSet(set, r) || r >= 'a' && r <= 'z' && inSet(set, r-'a'+'A') {
				b[i/8] |= 1 << (i % 8)
			}
		}
		return string(b)
	}
	a := &alphabet{n: 1, reps: []rune{-1}}
	ids := map[string]uint8{}
	id := func(r rune) uint8 {
		s := sig(r)
		if c, ok := ids[s]; ok {
			return c
		}
		c := uint8(a.n)
		ids[s] = c
		a.reps = append(a.reps, r)
		a.n++
		return c
	}
	for r := rune(0); r < utf8.RuneSelf; r++ {
		if r < 'A' || r > 'Z' {
			a.ascii[r] = id(r)
		}
	}
	for r := 'A'; r <= 'Z'; r++ {
		a.ascii[r] = a.ascii[r+'a'-'A']
	}
	// Non-ASCII runes: the sets' bounds cut the range into intervals
	// whose runes are all in the same sets.
	bounds := []rune{utf8.RuneSelf}
	for _, set := range sets {
		for i := 0; i+1 < len(set); i += 2 {
			for _, b := range [...]rune{set[i], set[i+1] + 1} {
				if b > utf8.RuneSelf && b <= unicode.MaxRune {
					bounds = append(bounds, b)
				}
			}
		}
	}
	slices.Sort(bounds)
	a.bounds = slices.Compact(bounds)
	for _, b := range a.bounds {
		a.cats = append(a.cats, id(b))
	}
	if a.n > 64 {
		return nil
	}
	return a
}

// inSet reports whether r is in a rune set given as pairs of range bounds.
func inSet(set []rune, r rune) bool {
	for i := 0; i+1 < len(set); i += 2 {
		if set[i] <= r && r <= set[i+1] {
			return true
		}
	}
	return false
}

// mask is the set of categories of the runes in a set that newAlphabet
// was built from: a category is all in the set or all out of it.
func (a *alphabet) mask(set []rune) uint64 {
	var m uint64
	for c := 1; c < a.n; c++ {
		r := a.reps[c]
		if inSet(set, r) || r >= 'a' && r <= 'z' && inSet(set, r-'a'+'A') {
			m |= 1 << c
		}
	}
	return m
}

// runeSets returns the rune sets that re consists of: its character
// classes, and its literal runes with their case variants when it ignores
// case.
func runeSets(re *syntax.Regexp, out [][]rune) [][]rune {
	switch re.Op {
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			out = append(out, literalSet(r, re.Flags&syntax.FoldCase != 0))
		}
	case syntax.OpCharClass:
		out = append(out, re.Rune)
	}
	for _, s := range re.Sub {
		out = runeSets(s, out)
	}
	return out
}

// literalSet is the set of runes a literal rune matches.
func literalSet(r rune, fold bool) []rune {
	set := []rune{r, r}
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			set = append(set, f, f)
		}
	}
	return set
}

// prefix is the categories of the first runes of some matches: masks of
// the first n runes; n shorter than the prefixes asked for means that
// those matches end there.
type prefix struct {
	m [gateRunes]uint64
	n int
}

// maxPrefixes bounds the prefixes of one pattern; past it, the pattern
// counts as starting with anything.
const maxPrefixes = 1 << 12

// prefixer computes the prefixes of patterns in an alphabet.
type prefixer struct {
	a   *alphabet
	any uint64 // every category but the end of the text
	// stars remembers the prefixes of x* by x and length: a star inside a
	// counted repeat ((on|at|\d{1,4}|...){0,12}) is asked for the same
	// ones again and again.
	stars map[starKey]starPrefixes
}

type starKey struct {
	x *syntax.Regexp
	k int
}

type starPrefixes struct {
	ps []prefix
	ok bool
}

// prefixes returns the prefixes, up to k runes long, of the matches of re:
// each match starts with one of them. ok is false when there would be too
// many.
func (p *prefixer) prefixes(re *syntax.Regexp, k int) (out []prefix, ok bool) {
	if k == 0 {
		return []prefix{{}}, true
	}
	switch re.Op {
	case syntax.OpNoMatch:
		return nil, true
	case syntax.OpLiteral:
		var pr prefix
		for _, r := range re.Rune[:min(k, len(re.Rune))] {
			pr.m[pr.n] = p.a.mask(literalSet(r, re.Flags&syntax.FoldCase != 0))
			pr.n++
		}
		return []prefix{pr}, true
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return nil, true
		}
		return []prefix{{m: [gateRunes]uint64{p.a.mask(re.Rune)}, n: 1}}, true
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return []prefix{{m: [gateRunes]uint64{p.any}, n: 1}}, true
	case syntax.OpCapture:
		return p.prefixes(re.Sub[0], k)
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			ps, ok := p.prefixes(s, k)
			if !ok {
				return nil, false
			}
			out = append(out, ps...)
		}
		return dedupe(out, k)
	case syntax.OpConcat:
		return p.concat(re.Sub, k)
	case syntax.OpQuest:
		ps, ok := p.prefixes(re.Sub[0], k)
		if !ok {
			return nil, false
		}
		return dedupe(append(ps, prefix{}), k)
	case syntax.OpStar:
		return p.star(re.Sub[0], k)
	case syntax.OpPlus:
		return p.concat([]*syntax.Regexp{re.Sub[0], {Op: syntax.OpStar, Sub: re.Sub[:1]}}, k)
	case syntax.OpRepeat:
		// min copies (more than k add nothing to a prefix of k runes),
		// then any number: a superset of the matches' prefixes.
		subs := make([]*syntax.Regexp, 0, k+1)
		for range min(re.Min, k) {
			subs = append(subs, re.Sub[0])
		}
		if re.Max != re.Min {
			subs = append(subs, &syntax.Regexp{Op: syntax.OpStar, Sub: re.Sub[:1]})
		}
		return p.concat(subs, k)
	}
	// Empty-width assertions (^, $, \b) and the empty match take no rune:
	// as a prefix they are empty, which lets anything follow.
	return []prefix{{}}, true
}

// concat returns the prefixes of the concatenation of subs.
func (p *prefixer) concat(subs []*syntax.Regexp, k int) ([]prefix, bool) {
	cur := []prefix{{}}
	for _, s := range subs {
		var next []prefix
		byLen := map[int][]prefix{}
		for _, pr := range cur {
			if pr.n == k {
				next = append(next, pr)
				continue
			}
			rest, seen := byLen[k-pr.n]
			if !seen {
				var ok bool
				if rest, ok = p.prefixes(s, k-pr.n); !ok {
					return nil, false
				}
				byLen[k-pr.n] = rest
			}
			for _, t := range rest {
				next = append(next, join(pr, t))
			}
			if len(next) > 4*maxPrefixes {
				var ok bool
				if next, ok = dedupe(next, k); !ok {
					return nil, false
				}
			}
		}
		var ok bool
		if cur, ok = dedupe(next, k); !ok {
			return nil, false
		}
	}
	return cur, true
}

// star returns the prefixes of x*, in a slice of the caller's.
func (p *prefixer) star(x *syntax.Regexp, k int) ([]prefix, bool) {
	if k == 0 {
		return []prefix{{}}, true
	}
	key := starKey{x, k}
	r, seen := p.stars[key]
	if !seen {
		r.ps, r.ok = p.starOnce(x, k)
		if p.stars == nil {
			p.stars = map[starKey]starPrefixes{}
		}
		p.stars[key] = r
	}
	return slices.Clone(r.ps), r.ok
}

// starOnce computes star's prefixes.
func (p *prefixer) starOnce(x *syntax.Regexp, k int) ([]prefix, bool) {
	out := []prefix{{}}
	first, ok := p.prefixes(x, k)
	if !ok {
		return nil, false
	}
	for _, pr := range first {
		switch {
		case pr.n == 0:
			// x matched nothing: the star goes on from the same place.
		case pr.n == k:
			out = append(out, pr)
		default:
			rest, ok := p.star(x, k-pr.n)
			if !ok {
				return nil, false
			}
			for _, t := range rest {
				out = append(out, join(pr, t))
			}
		}
	}
	return dedupe(out, k)
}

func join(a, b prefix) prefix {
	for i := 0; i < b.n && a.n < gateRunes; i++ {
		a.m[a.n] = b.m[i]
		a.n++
	}
	return a
}

// dedupe drops repeated prefixes and merges the full ones (k runes long)
// that differ only in their last rune, which allow the same texts; ok is
// false when too many remain.
func dedupe(ps []prefix, k int) ([]prefix, bool) {
	at := make(map[prefix]int, len(ps))
	out := ps[:0]
	for _, pr := range ps {
		key := pr
		if pr.n == k && k > 0 {
			key.m[k-1] = 0
		}
		if i, ok := at[key]; ok {
			out[i].m[k-1] |= pr.m[k-1] // only full prefixes share a key
			continue
		}
		at[key] = len(out)
		out = append(out, pr)
	}
	return out, len(out) <= maxPrefixes
}

// maxGateStates bounds the states of a gate's automaton; a text that
// would need more is let through where they run out.
const maxGateStates = 1 << 10

// gateDFA builds the automaton of a gate (see gate) from the prefixes of
// the matches of its patterns in alphabet a (see longest); nil when a
// prefix is empty, which allows everything. A state is what may follow
// the categories read so far: the rests of the prefixes they fit, each
// rest once, so that the paths into the same rests share a state. A
// category leads to gateAccept where it completes a prefix (the text
// starts as some match does, and what follows it is not the gate's to
// judge), to gateReject where it fits none.
func gateDFA(a *alphabet, ps []prefix) []uint16 {
	rests := map[prefix]int32{} // a rest of a prefix -> its number
	var restOf []prefix         // by number
	rest := func(pr prefix, from int) int32 {
		var r prefix
		r.n = copy(r.m[:], pr.m[from:pr.n])
		id, ok := rests[r]
		if !ok {
			id = int32(len(restOf))
			rests[r] = id
			restOf = append(restOf, r)
		}
		return id
	}
	var start []int32
	for _, pr := range ps {
		if pr.n == 0 {
			return nil
		}
		start = append(start, rest(pr, 0))
	}
	states := [][]int32{gateReject: nil, gateAccept: nil, gateStart: sortedSet(start)}
	dfa := make([]uint16, len(states)*a.n)
	for c := range a.n {
		dfa[gateAccept*a.n+c] = gateAccept // never read: the reading stops there
	}
	ids := map[string]uint16{}
	var key []byte
	var next []int32
	for s := gateStart; s < len(states); s++ {
		for c := range a.n {
			next = next[:0]
			done := false
			for _, i := range states[s] {
				r := restOf[i]
				if r.m[0]&(1<<c) == 0 {
					continue
				}
				if r.n == 1 {
					done = true
					break
				}
				next = append(next, rest(r, 1))
			}
			t := uint16(gateReject)
			switch {
			case done:
				t = gateAccept
			case len(next) > 0:
				next = sortedSet(next)
				key = key[:0]
				for _, i := range next {
					key = append(key, byte(i), byte(i>>8), byte(i>>16), byte(i>>24))
				}
				id, seen := ids[string(key)]
				switch {
				case seen:
					t = id
				case len(states) >= maxGateStates:
					t = gateAccept
				default:
					t = uint16(len(states))
					ids[string(key)] = t
					states = append(states, slices.Clone(next))
					dfa = append(dfa, make([]uint16, a.n)...)
				}
			}
			dfa[s*a.n+c] = t
		}
	}
	return dfa
}

// sortedSet sorts ids and drops the repeats, in place.
func sortedSet(ids []int32) []int32 {
	slices.Sort(ids)
	return slices.Compact(ids)
}

// containsFold reports whether s holds lit (lower-case ASCII) in any case.
// It looks for the least common byte of lit (see anchor), in either case,
// with strings.IndexByte, which skips most of s at machine speed, and
// compares lit around each one found.
func containsFold(s, lit string) bool {
	if len(lit) > len(s) {
		return false
	}
	a := anchor(lit)
	lower, upper := lit[a], lit[a]
	if lower >= 'a' && lower <= 'z' {
		upper -= 'a' - 'A'
	}
	last := len(s) - len(lit) + a // the last place for the anchor
	// The next places of either case at or after i: each is looked for
	// again only once i has passed it, so s is read once per case.
	nextLower, nextUpper := -1, len(s)
	if upper != lower {
		nextUpper = -1
	}
	for i := a; i <= last; {
		if nextLower < i {
			nextLower = indexByteFrom(s, lower, i)
		}
		if nextUpper < i {
			nextUpper = indexByteFrom(s, upper, i)
		}
		k := min(nextLower, nextUpper)
		if k > last {
			return false
		}
		if hasPrefixFoldASCII(s[k-a:], lit) {
			return true
		}
		i = k + 1
	}
	return false
}

// indexByteFrom returns the index of the first c in s at or after i, or
// len(s).
func indexByteFrom(s string, c byte, i int) int {
	if j := strings.IndexByte(s[i:], c); j >= 0 {
		return i + j
	}
	return len(s)
}

// anchor returns the index of the least common byte of lit in text, by
// byteRank.
func anchor(lit string) int {
	best := 0
	for i := 1; i < len(lit); i++ {
		if byteRank[lit[i]] < byteRank[lit[best]] {
			best = i
		}
	}
	return best
}

// byteRank ranks lower-case letters and the space by how common they are
// in (English) text, the space and "e" highest; other bytes rank 0, as
// rare.
var byteRank = func() (r [256]uint8) {
	const common = "zqxjkvbpygfwmucldrhsnioate " // least common first
	for i := range len(common) {
		r[common[i]] = uint8(i + 1)
	}
	return r
}()

// hasPrefixFoldASCII reports whether s starts with lit (lower-case ASCII)
// in any case.
func hasPrefixFoldASCII(s, lit string) bool {
	if len(s) < len(lit) {
		return false
	}
	for j := 0; j < len(lit); j++ {
		c := s[j]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lit[j] {
			return false
		}
	}
	return true
}

// newGate builds the gate of a tier of patterns (parsed, not yet relaxed)
// in alphabet a, or returns nil when it would let everything pass.
func newGate(a *alphabet, trees []*syntax.Regexp) *gate {
	g := &gate{alpha: a}
	if a != nil {
		p := prefixer{a: a, any: (uint64(1)<<a.n - 1) &^ 1}
		if a.n == 64 {
			p.any = ^uint64(1)
		}
		var all []prefix
		for _, t := range trees {
			all = append(all, p.longest(t)...)
		}
		g.dfa = gateDFA(a, all)
	}
	var lits []string
	for _, t := range trees {
		l := requiredLiterals(t, false)
		if l == nil {
			lits = nil
			break
		}
		lits = append(lits, l...)
	}
	g.lits = newWordSet(minimalLiterals(lits))
	if g.dfa == nil && g.lits.words == nil {
		return nil
	}
	return g
}

// longest returns the prefixes of the matches of re, as long as they
// stay countable: a pattern that may start with runs of digits, spaces
// and dates' words has too many of gateRunes runes, but not of fewer. A
// prefix shorter than the rest tells less, but the automaton of a gate
// treats every prefix as what a match may start with (see gateDFA), so
// the patterns of a tier may have prefixes of different lengths.
func (p *prefixer) longest(re *syntax.Regexp) []prefix {
	for k := gateRunes; k > 0; k-- {
		if ps, ok := p.prefixes(re, k); ok {
			return ps
		}
	}
	return []prefix{{}}
}

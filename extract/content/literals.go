package content

import (
	"math/bits"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file derives from a pattern the words that its every match holds
// one of ("subscribe", "newsletter", ...): a text without any of them
// cannot match, and looking for a few words costs far less than a try of
// the regexp at every position of the text. The tiers' gates (gate.go)
// and the patterns not anchored at the start (see dropMatcher) use them,
// and so does the extract package for its patterns over class names (see
// WordGate).

// minLiteral is the shortest literal worth a gate: shorter ones are in
// too many texts to rule much out.
const minLiteral = 3

// enoughLiteral is a literal long enough that longer ones rule out hardly
// more: of two sets whose shortest literals both reach it, the one with
// fewer literals is better, as it costs fewer looks at the text.
const enoughLiteral = 6

// maxExact bounds an exact set of literals, maxClass the runes of a
// character class that counts as one (see literals).
const (
	maxExact = 32
	maxClass = 4
)

// literals is what is known of the matches of a pattern: each holds one
// of lits (lower-case ASCII, in any case), or, when exact, is one of them
// whole. Exact sets let a concatenation join its parts: after
// syntax.Parse factored "more-news|most-read" into
// "mo(?:re-news|st-read)", the parts "mo" and "re-news"/"st-read" say
// little alone, joined they are the words. An exact set may hold short
// literals, even ""; an inexact one is either nil (nothing known) or
// worth a gate (see usable).
type literals struct {
	lits  []string
	exact bool
}

// requiredLiterals returns literals, in lower case, of which every match
// of re holds at least one (in any case), or nil when it knows no such set
// whose literals all have minLiteral bytes.
//
// With ascii set, the literals hold for texts that are all ASCII only:
// there "k" and "s" with (?i) match only ASCII letters, while in other
// texts they also match the Kelvin sign and the long s, which cuts
// "subscribe" down to "cribe".
func requiredLiterals(re *syntax.Regexp, ascii bool) []string {
	l := literalsOf(re, ascii)
	if !usable(l.lits) {
		return nil
	}
	return minimalLiterals(l.lits)
}

// literalsOf returns the literals of re: an alternation needs one of its
// alternatives' literals, so it knows none when one alternative knows
// none; a concatenation needs those of each of its parts, and joins the
// exact sets of consecutive parts.
func literalsOf(re *syntax.Regexp, ascii bool) literals {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return literals{lits: []string{""}, exact: true}
	case syntax.OpLiteral:
		return literalRunes(re, ascii)
	case syntax.OpCharClass:
		return classLiterals(re.Rune, ascii)
	case syntax.OpCapture:
		return literalsOf(re.Sub[0], ascii)
	case syntax.OpQuest:
		if l := literalsOf(re.Sub[0], ascii); l.exact {
			return literals{lits: appendNew(slices.Clone(l.lits), ""), exact: true}
		}
	case syntax.OpPlus:
		return inexact(literalsOf(re.Sub[0], ascii).lits)
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return inexact(literalsOf(re.Sub[0], ascii).lits)
		}
	case syntax.OpAlternate:
		return alternateLiterals(re.Sub, ascii)
	case syntax.OpConcat:
		return concatLiterals(re.Sub, ascii)
	}
	return literals{}
}

// literalRunes returns the literals of a literal: itself when all its
// runes are ASCII that match only ASCII (see asciiOnlyFold), else its
// longest run of such runes.
func literalRunes(re *syntax.Regexp, ascii bool) literals {
	fold := re.Flags&syntax.FoldCase != 0
	lower := func(rs []rune) string {
		b := make([]byte, len(rs))
		for i, r := range rs {
			b[i] = byte(lowerASCII(r))
		}
		return string(b)
	}
	best, start := "", 0
	for i := 0; i <= len(re.Rune); i++ {
		if i < len(re.Rune) && (asciiOnlyFold(re.Rune[i], fold) || ascii && re.Rune[i] < utf8.RuneSelf) {
			continue
		}
		if start == 0 && i == len(re.Rune) {
			return literals{lits: []string{lower(re.Rune)}, exact: true}
		}
		if i-start > len(best) {
			best = lower(re.Rune[start:i])
		}
		start = i + 1
	}
	return inexact([]string{best})
}

// asciiOnlyFold reports whether r is ASCII and, if fold, so are its case
// variants.
func asciiOnlyFold(r rune, fold bool) bool {
	if r >= utf8.RuneSelf {
		return false
	}
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f >= utf8.RuneSelf {
				return false
			}
		}
	}
	return true
}

// classLiterals returns the literals of a character class (pairs of range
// bounds) of a few ASCII characters, in lower case: [-_ ], or [Cc] from a
// factored (?i)"abc|abd". Non-ASCII runes of the class do not count in
// ascii mode: the texts have none.
func classLiterals(ranges []rune, ascii bool) literals {
	var out []string
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		if hi >= utf8.RuneSelf {
			if !ascii {
				return literals{}
			}
			hi = utf8.RuneSelf - 1
		}
		for r := lo; r <= hi; r++ {
			if out = appendNew(out, string(rune(lowerASCII(r)))); len(out) > maxClass {
				return literals{}
			}
		}
	}
	if len(out) == 0 {
		return literals{}
	}
	return literals{lits: out, exact: true}
}

// alternateLiterals returns the literals of an alternation.
func alternateLiterals(subs []*syntax.Regexp, ascii bool) literals {
	var all []string
	exact := true
	for _, s := range subs {
		l := literalsOf(s, ascii)
		if l.lits == nil {
			return literals{}
		}
		for _, lit := range l.lits {
			all = appendNew(all, lit)
		}
		exact = exact && l.exact
	}
	if exact && len(all) <= maxExact {
		return literals{lits: all, exact: true}
	}
	return inexact(all)
}

// concatLiterals returns the literals of a concatenation: all of its
// parts joined when they are exact and their joins few enough, else the
// best set of a part or of a run of exact parts joined.
func concatLiterals(subs []*syntax.Regexp, ascii bool) literals {
	var best literals
	run, exact := []string{""}, true
	for _, s := range subs {
		l := literalsOf(s, ascii)
		if l.exact {
			if joined := product(run, l.lits); joined != nil {
				run = joined
				continue
			}
			best, run, exact = better(best, inexact(run)), l.lits, false
			continue
		}
		best, run, exact = better(better(best, inexact(run)), l), []string{""}, false
	}
	if exact {
		return literals{lits: run, exact: true}
	}
	return better(best, inexact(run))
}

// product returns every a followed by every b, or nil when they are more
// than maxExact.
func product(a, b []string) []string {
	if len(a)*len(b) > maxExact {
		return nil
	}
	out := make([]string, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			out = appendNew(out, x+y)
		}
	}
	return out
}

// inexact returns lits as an inexact set: kept when worth a gate.
func inexact(lits []string) literals {
	if !usable(lits) {
		return literals{}
	}
	return literals{lits: lits}
}

// usable reports whether lits are worth a gate: every literal has at
// least minLiteral bytes.
func usable(lits []string) bool {
	return len(lits) > 0 && shortest(lits) >= minLiteral
}

// better returns the better of two inexact sets: the one whose shortest
// literal is longer, up to enoughLiteral, then the smaller one, then a.
func better(a, b literals) literals {
	switch {
	case b.lits == nil:
		return a
	case a.lits == nil:
		return b
	}
	sa, sb := min(shortest(a.lits), enoughLiteral), min(shortest(b.lits), enoughLiteral)
	if sb > sa || sb == sa && len(b.lits) < len(a.lits) {
		return b
	}
	return a
}

func shortest(lits []string) int {
	n := len(lits[0])
	for _, l := range lits[1:] {
		n = min(n, len(l))
	}
	return n
}

// appendNew appends s to set unless it holds it already.
func appendNew(set []string, s string) []string {
	if slices.Contains(set, s) {
		return set
	}
	return append(set, s)
}

// minimalLiterals drops the repeated literals of a set and those that
// hold another: a text with "follow us" has "follow".
func minimalLiterals(lits []string) []string {
	var out []string
	for i, l := range lits {
		redundant := false
		for j, m := range lits {
			if i != j && strings.Contains(l, m) && (l != m || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			out = append(out, l)
		}
	}
	return out
}

// wordSet looks for any of a few words (lower-case ASCII) in texts, in
// any case. A long text is searched for each word on its own (see
// containsFold), which skips most of it at machine speed; a short one,
// such as a class name, costs less read once, each byte looked up among
// the words' first bytes. The zero value holds no word.
type wordSet struct {
	words []string
	first *[256]uint64 // the words (bits by index) that each byte may start; nil: more than 64 words
}

// shortPerWord is the length per word of the set up to which a text is
// short (see wordSet).
const shortPerWord = 8

func newWordSet(words []string) wordSet {
	w := wordSet{words: words}
	if len(words) == 0 || len(words) > 64 {
		return w
	}
	w.first = new([256]uint64)
	for i, word := range words {
		c := word[0]
		w.first[c] |= 1 << i
		if c >= 'a' && c <= 'z' {
			w.first[c-'a'+'A'] |= 1 << i
		}
	}
	return w
}

// in reports whether s holds one of the words.
func (w wordSet) in(s string) bool {
	if w.first == nil || len(s) > shortPerWord*len(w.words) {
		for _, word := range w.words {
			if containsFold(s, word) {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(s); i++ {
		for m := w.first[s[i]]; m != 0; m &= m - 1 {
			if hasPrefixFoldASCII(s[i:], w.words[bits.TrailingZeros64(m)]) {
				return true
			}
		}
	}
	return false
}

// A WordGate rules out texts that a regexp cannot match, for less than
// the regexp costs: its every match holds one of the gate's words (see
// requiredLiterals), and most texts hold none. The zero value rules out
// nothing.
type WordGate struct {
	words      wordSet // for any text; none: none known
	asciiWords wordSet // for all-ASCII texts, when words is empty
}

// NewWordGate returns the gate of re: its words for any text if it has
// some, else its words for ASCII texts, which most class names are.
func NewWordGate(re *regexp.Regexp) WordGate {
	tree, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return WordGate{}
	}
	if w := requiredLiterals(tree, false); w != nil {
		return WordGate{words: newWordSet(w)}
	}
	return WordGate{asciiWords: newWordSet(requiredLiterals(tree, true))}
}

// Allows reports whether the regexp may match text: false only when it
// cannot.
func (g WordGate) Allows(text string) bool {
	switch {
	case g.words.words != nil:
		return g.words.in(text)
	case g.asciiWords.words != nil && isASCII(text):
		return g.asciiWords.in(text)
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

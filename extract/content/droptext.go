package content

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// dropMatcher matches text blocks against the DropText patterns quickly.
// Most blocks are long paragraphs and most patterns describe short lines,
// so the patterns anchored at the start go into tiers by the longest text
// they can match ("^Tags:.{0,150}$" cannot match 700 characters), and a
// block meets only the tiers it fits. A block that fits a tier must then
// pass its gate (see gate.go): its first runes (up to six) must be able
// to start a match of one of the tier's patterns, and it must hold one of
// the words that their matches need, if they need any. Only then does the
// tier try its quick pattern: its patterns joined into one, with long
// counted repeats such as .{0,150} relaxed to .* (the Go engines pay for
// the states a counted repeat spells out on every call). Only when that
// matches, which is rare, do the tier's own patterns decide.
//
// The other patterns, not anchored at the start, are tried one by one,
// each behind the gate of the words that its matches hold one of (see
// WordGate): a pattern that may match anywhere costs the regexp engines
// a try at every position of the text, and most texts lack its words.
type dropMatcher struct {
	tiers      []dropTier
	other      []*regexp.Regexp
	otherGates []WordGate // otherGates[i] guards other[i]
}

type dropTier struct {
	max   int              // longest match in runes; -1 for unbounded
	gate  *gate            // what a text must pass to meet quick (see gate.go); nil: nothing
	quick *regexp.Regexp   // the relaxed patterns joined
	exact []*regexp.Regexp // the patterns as given
}

// dropTierLimits are the tiers' upper bounds, in runes.
var dropTierLimits = []int{64, 256, 1024}

func newDropMatcher(patterns []*regexp.Regexp) dropMatcher {
	var m dropMatcher
	n := len(dropTierLimits) + 1
	quick := make([][]string, n)
	exact := make([][]*regexp.Regexp, n)
	trees := make([][]*syntax.Regexp, n) // as parsed, for the gates
	var sets [][]rune
	for _, re := range patterns {
		tree, err := syntax.Parse(re.String(), syntax.Perl)
		if err != nil || !startAnchored(tree) {
			m.other = append(m.other, re)
			continue
		}
		sets = runeSets(tree, sets)
		t := len(dropTierLimits) // unbounded
		if n := maxRunes(tree); n >= 0 && endAnchored(tree) {
			for i, limit := range dropTierLimits {
				if n <= limit {
					t = i
					break
				}
			}
		}
		parsed, _ := syntax.Parse(re.String(), syntax.Perl) // relax changes tree
		trees[t] = append(trees[t], parsed)
		quick[t] = append(quick[t], relax(tree).String())
		exact[t] = append(exact[t], re)
	}
	alpha := newAlphabet(sets)
	for i := range quick {
		if len(quick[i]) == 0 {
			continue
		}
		max := -1
		if i < len(dropTierLimits) {
			max = dropTierLimits[i]
		}
		q, err := regexp.Compile("^(?:" + strings.Join(quick[i], "|") + ")")
		if err != nil {
			m.other = append(m.other, exact[i]...)
			continue
		}
		m.tiers = append(m.tiers, dropTier{max: max, gate: newGate(alpha, trees[i]), quick: q, exact: exact[i]})
	}
	m.otherGates = make([]WordGate, len(m.other))
	for i, re := range m.other {
		m.otherGates[i] = NewWordGate(re)
	}
	return m
}

func (m *dropMatcher) match(text string) bool {
	n := -1 // runes in text, counted when needed
	for _, t := range m.tiers {
		if t.max >= 0 && len(text) > t.max {
			if n < 0 {
				n = utf8.RuneCountInString(text)
			}
			if n > t.max {
				continue
			}
		}
		if t.gate != nil && !t.gate.allows(text) || !t.quick.MatchString(text) {
			continue
		}
		for _, re := range t.exact {
			if re.MatchString(text) {
				return true
			}
		}
	}
	for i, re := range m.other {
		if m.otherGates[i].Allows(text) && re.MatchString(text) {
			return true
		}
	}
	return false
}

// relax rewrites re in place so that counted repeats of more than a few
// turn into unbounded ones: x{0,150} into x*, x{2,50} into x{2,}. The
// result matches everything re matches, and maybe more.
func relax(re *syntax.Regexp) *syntax.Regexp {
	for _, s := range re.Sub {
		relax(s)
	}
	if re.Op == syntax.OpRepeat && (re.Max < 0 || re.Max > 4) {
		switch re.Min {
		case 0:
			re.Op = syntax.OpStar
		case 1:
			re.Op = syntax.OpPlus
		default:
			re.Max = -1
		}
	}
	return re
}

// startAnchored reports whether every match of re begins at the start of
// the text.
func startAnchored(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginText:
		return true
	case syntax.OpCapture:
		return startAnchored(re.Sub[0])
	case syntax.OpConcat:
		return len(re.Sub) > 0 && startAnchored(re.Sub[0])
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !startAnchored(s) {
				return false
			}
		}
		return true
	}
	return false
}

// endAnchored reports whether every match of re ends at the end of the text.
func endAnchored(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEndText:
		return true
	case syntax.OpCapture:
		return endAnchored(re.Sub[0])
	case syntax.OpConcat:
		return len(re.Sub) > 0 && endAnchored(re.Sub[len(re.Sub)-1])
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !endAnchored(s) {
				return false
			}
		}
		return true
	}
	return false
}

// maxRunes is the longest text, in runes, that re can match, or -1.
func maxRunes(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return 0
	case syntax.OpLiteral:
		return len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyCharNotNL, syntax.OpAnyChar:
		return 1
	case syntax.OpCapture, syntax.OpQuest:
		return maxRunes(re.Sub[0])
	case syntax.OpRepeat:
		n := maxRunes(re.Sub[0])
		if re.Max < 0 || n < 0 {
			return -1
		}
		return re.Max * n
	case syntax.OpConcat:
		total := 0
		for _, s := range re.Sub {
			n := maxRunes(s)
			if n < 0 {
				return -1
			}
			total += n
		}
		return total
	case syntax.OpAlternate:
		longest := 0
		for _, s := range re.Sub {
			n := maxRunes(s)
			if n < 0 {
				return -1
			}
			longest = max(longest, n)
		}
		return longest
	}
	return -1 // star, plus and anything unknown
}

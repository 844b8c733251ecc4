package content

import (
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

// TestRequiredLiterals checks the literal sets that gate patterns (see
// requiredLiterals), for any text and for ASCII texts.
func TestRequiredLiterals(t *testing.T) {
	cases := []struct {
		pattern     string
		want, ascii []string // nil: no gate
	}{
		{`follow`, []string{"follow"}, []string{"follow"}},
		{`(?i)Follow`, []string{"follow"}, []string{"follow"}},
		// A concatenation takes its best part: a short literal is no gate,
		// and of two long enough, the smaller set is better.
		{`(?i)\bcomments?\b.{0,80}\b(moderat|approv)`, []string{"comment"}, []string{"comment"}},
		{`(?i)\bon\b`, nil, nil},
		// An alternation needs one of its alternatives' literals...
		{`(?i)\b(reached|contact(ed)?|e-?mail)\b.{0,40}@`, []string{"reached", "contact", "email", "e-mail"}, []string{"reached", "contact", "email", "e-mail"}},
		// ... and has none when one alternative has none.
		{`(?i)\b(subscribe|\d+ comments|x)\b`, nil, nil},
		{`(?i)(newsletter|.*)`, nil, nil},
		// With (?i), k matches the Kelvin sign and s the long s, except in
		// ASCII texts: the literal is what lies between them.
		{`(?i)kelvin`, []string{"elvin"}, []string{"kelvin"}},
		{`(?i)newsletters`, []string{"letter"}, []string{"newsletters"}},
		{`Kelvin newsletters`, []string{"kelvin newsletters"}, []string{"kelvin newsletters"}},
		{`(?i)sks`, nil, []string{"sks"}},
		// Parse factors the common prefixes out of alternations
		// ("s(?:ign up|ubscribe)"); exact parts are joined again.
		{`(?i)sign up|subscribe`, []string{"ign up", "cribe"}, []string{"sign up", "subscribe"}},
		{`(?i)top-?bar|top-?menu`, []string{"top-bar", "topbar", "top-menu", "topmenu"}, []string{"top-bar", "topbar", "top-menu", "topmenu"}},
		{`(?i)abc|abd`, []string{"abc", "abd"}, []string{"abc", "abd"}},
		{`(?i)follow (us|him|her)|follow me`, []string{"follow "}, []string{"follow us", "follow him", "follow her", "follow me"}},
		// Word lists between separators, as in class names.
		{`(?i)(^|[-_ ])(nav|navbar|menu)($|[-_ ])`, []string{"nav", "menu"}, []string{"nav", "menu"}},
		{`(?i)(^|[-_ ])(disqus|comments?)($|[-_ ])`, nil, []string{"disqus", "comment"}},
		// Repeats: a literal only where at least one copy is needed.
		{`(?:contact){2,}`, []string{"contact"}, []string{"contact"}},
		{`(?:contact)+`, []string{"contact"}, []string{"contact"}},
		{`(?:contact)*x`, nil, nil},
		{`(?:contact)?x`, nil, nil},
		// A literal that holds another adds nothing to the set.
		{`(?i)(follow us|follow|unfollowed)`, []string{"follow"}, []string{"follow"}},
		// Non-ASCII text gives no literal.
		{`کد خبر`, nil, nil},
	}
	for _, c := range cases {
		tree, err := syntax.Parse(c.pattern, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		for _, ascii := range []bool{false, true} {
			want := c.want
			if ascii {
				want = c.ascii
			}
			if got := requiredLiterals(tree, ascii); !sameSet(got, want) {
				t.Errorf("requiredLiterals(%q, ascii %v) = %q, want %q", c.pattern, ascii, got, want)
			}
		}
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b) && (a == nil) == (b == nil)
}

// TestTailTextGates checks that every default TailText pattern, none of
// them anchored, gets a gate for any text, and that a text holding one of
// a gate's words in any case passes it.
func TestTailTextGates(t *testing.T) {
	m := DefaultRules().compiled.tail
	if len(m.other) != len(defaultTailText) {
		t.Fatalf("%d of %d TailText patterns tried one by one, want all", len(m.other), len(defaultTailText))
	}
	for i, g := range m.otherGates {
		if len(g.words.words) == 0 {
			t.Errorf("TailText %q has no gate", m.other[i])
			continue
		}
		for _, w := range g.words.words {
			for _, text := range []string{w, strings.ToUpper(w), "Xy " + strings.ToUpper(w[:1]) + w[1:] + " z", mixedCase(w), "«" + w + "»"} {
				if !g.Allows(text) {
					t.Errorf("gate of %q refuses %q", m.other[i], text)
				}
			}
		}
		if g.Allows("The council approved the budget on Tuesday.") {
			t.Errorf("gate of %q lets prose through", m.other[i])
		}
	}
}

// TestWordGateASCII checks a gate that knows words for ASCII texts only:
// other texts pass it, since there "s" may be the long s.
func TestWordGateASCII(t *testing.T) {
	g := NewWordGate(regexp.MustCompile(`(?i)(^|[-_ ])(disqus|comments?)($|[-_ ])`))
	for text, want := range map[string]bool{
		"comment-list": true, "DISQUS_thread": true, "post-body": false, "": false,
		"post-body é": true, "ſidebar": true,
	} {
		if got := g.Allows(text); got != want {
			t.Errorf("Allows(%q) = %v, want %v", text, got, want)
		}
	}
}

// mixedCase upper-cases every other letter of s.
// randomLine joins 1 to maxWords words drawn at random, with a space
// between most of them (all but one in spaceOdds), each word as it is, in
// upper case, or as recase gives it.
func randomLine(rnd *rand.Rand, words []string, maxWords, spaceOdds int, recase func(string) string) string {
	var b strings.Builder
	for k := range 1 + rnd.IntN(maxWords) {
		if k > 0 && rnd.IntN(spaceOdds) > 0 {
			b.WriteByte(' ')
		}
		w := words[rnd.IntN(len(words))]
		switch rnd.IntN(4) {
		case 0:
			w = strings.ToUpper(w)
		case 1:
			w = recase(w)
		}
		b.WriteString(w)
	}
	return b.String()
}

func mixedCase(s string) string {
	b := []byte(s)
	for i := 0; i < len(b); i += 2 {
		if b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

// TestTailMatcher checks that the gated matcher says what the TailText
// patterns say one by one, on texts built at random from their words,
// e-mail addresses, prose and the runes that case folding ties to ASCII
// letters (the Kelvin sign, the long s), in random case. A second set of
// patterns, case-sensitive and with factored alternations, gets the same
// check.
func TestTailMatcher(t *testing.T) {
	words := strings.Fields(`subscribe newsletter newsletters sign up follow us him her me them click here
		join our download the app twitter facebook instagram linkedin reached contact contacted email e-mail
		mail comment comments moderated approved approval moderation on at . , : @ news@example.com a.b@c.de
		x@y.z The council approved the budget Tuesday, after debate In statement «Quote» تاریخ انتشار خبر
		ſubscribe ſign newſletter Sign Up FOLLOW Follow Subscribe Newsletters`)
	words = append(words, "\u212alick", "clic\u212a", "\u212aelvin") // the Kelvin sign
	simple := compileAll([]string{`Subscribe|Sign up|Support us`, `(?i)k[a-z]+ here`, `news(letter|room)s?\b`, `\d+ comments?`})
	for _, patterns := range [][]*regexp.Regexp{defaultTailRe, simple} {
		m := newDropMatcher(patterns)
		rnd := rand.New(rand.NewPCG(3, 4))
		n := 20000
		if raceEnabled {
			n = 2000
		}
		matched := 0
		for range n {
			text := randomLine(rnd, words, 10, 5, mixedCase)
			want := false
			for _, re := range patterns {
				want = want || re.MatchString(text)
			}
			if got := m.match(text); got != want {
				t.Errorf("match(%q) = %v, want %v", text, got, want)
			}
			if want {
				matched++
			}
		}
		if matched < n/20 {
			t.Errorf("only %d of %d random texts match a pattern, want at least %d", matched, n, n/20)
		}
	}
}

// TestContainsFold checks containsFold against lower-casing the ASCII
// letters of the text and looking for the literal, on random texts over
// a small alphabet, so that near misses abound.
func TestContainsFold(t *testing.T) {
	const alphabet = "abcABC -é"
	lits := []string{"a", "ab", "abc", "cab", "a b", "b-a", " ", "-", "aaa", "bca ", "abcabc"}
	rnd := rand.New(rand.NewPCG(7, 8))
	lowerASCII := func(s string) string {
		b := []byte(s)
		for i, c := range b {
			if c >= 'A' && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return string(b)
	}
	for range 20000 {
		var b strings.Builder
		for range rnd.IntN(12) {
			b.WriteString(string([]rune(alphabet)[rnd.IntN(len([]rune(alphabet)))]))
		}
		s := b.String()
		lit := lits[rnd.IntN(len(lits))]
		if got, want := containsFold(s, lit), strings.Contains(lowerASCII(s), lit); got != want {
			t.Errorf("containsFold(%q, %q) = %v, want %v", s, lit, got, want)
		}
	}
}

// TestWordSet checks both ways a wordSet reads a text, one word at a
// time in long texts and all at once in short ones, against looking for
// each word in the lower-cased text.
func TestWordSet(t *testing.T) {
	sets := [][]string{{"ab"}, {"ab", "ba", "c a"}, {"abc", "b-", "cc", "aa", " a", "-c", "bcb", "ca"}}
	rnd := rand.New(rand.NewPCG(9, 10))
	for range 20000 {
		words := sets[rnd.IntN(len(sets))]
		var b strings.Builder
		for range rnd.IntN(3 * shortPerWord * len(words)) {
			b.WriteByte("abcABC -"[rnd.IntN(8)])
		}
		s := b.String()
		want := false
		for _, w := range words {
			want = want || strings.Contains(strings.ToLower(s), w)
		}
		if got := newWordSet(words).in(s); got != want {
			t.Errorf("%q in %q = %v, want %v", words, s, got, want)
		}
	}
}

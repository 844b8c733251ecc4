package extract

import (
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file turns the strings that the author candidates find (bylines
// such as "By Jane Doe and John Roe, Reuters", "von Max Muster, dpa",
// "신현주 기자", "Jane Doe (jd)") into a list of names.

// nameSeparators split a byline into names: commas, semicolons, "/",
// and the words for "and" of the languages we meet.
var nameSeparators = regexp.MustCompile(`\s*(?:[,;、/]|\s(?:and|und|&|og|och|et|y|e|en|ve|i|și|и|és|ja|oraz)\s)\s*`)

// bylineCuts end the part of a byline that holds the names: what follows
// is a date, a place or another field ("Jane Doe | 3 May 2024",
// "Jane Doe - Example Team").
var bylineCuts = []string{" | ", " • ", " · ", " ⋅ ", " ● ", " — ", " – ", " - ", "\u00a0|"}

// roleWords are words of a job title; a byline part made of them alone
// ("Staff Writer", "Senior Correspondent") is no name, and a trailing
// one after a name in Korean, Japanese or Chinese ("신현주 기자") is cut.
var roleWords = map[string]bool{
	"staff": true, "writer": true, "writers": true, "reporter": true, "reporters": true, "correspondent": true,
	"editor": true, "contributor": true, "columnist": true, "journalist": true, "senior": true, "chief": true,
	"associate": true, "associated": true, "assistant": true, "contributing": true, "special": true, "freelance": true, "photographer": true,
	"editorial": true, "producer": true, "analyst": true, "political": true, "foreign": true, "national": true,
	"business": true, "science": true, "sports": true, "health": true, "tech": true, "technology": true,
	"international": true, "deputy": true, "managing": true, "executive": true, "news": true, "desk": true,
	"md": true, "m.d.": true, "m.d": true, "phd": true, "ph.d.": true, "ph.d": true, "dvm": true, "rn": true, "mph": true, "msc": true,
	"redakteur": true, "redakteurin": true, "korrespondent": true, "korrespondentin": true, "journaliste": true,
	"rédacteur": true, "rédactrice": true, "envoyé": true, "envoyée": true, "spécial": true, "spéciale": true,
	"corresponsal": true, "periodista": true, "redactor": true, "redactora": true, "reportera": true,
	"founder": true, "co-founder": true, "cofounder": true, "ceo": true, "cto": true, "director": true, "head": true,
	"manager": true, "expert": true, "specialist": true, "consultant": true, "dietitian": true, "nutritionist": true,
	"reviewer": true, "review": true, "editor-in-chief": true, "marketing": true, "of": true, "former": true,
	"ms": true, "rd": true, "fand": true, "cfp": true, "cfa": true, "bsn": true, "psp": true, "cpp": true, "mba": true,
	"ma": true, "ld": true, "lvt": true, "vmd": true, "np": true, "cepf®": true, "faan": true, "facp": true, "cpa": true,
	"기자": true, "특파원": true, "통신원": true, "記者": true, "特派員": true, "编辑": true, "记者": true,
}

// cjkRoleSuffixes follow a name without a space in East Asian bylines.
var cjkRoleSuffixes = []string{"기자", "특파원", "記者", "特派員", "记者"}

// bylineStops end a name when they follow it: date labels and month
// names that a byline runs into ("Jane Doe Updated", "Jane Doe September
// 1st").
var bylineStops = map[string]bool{
	"on": true, "am": true, "le": true, "el": true, "updated": true, "published": true, "posted": true,
	"aktualisiert": true, "veröffentlicht": true, "publié": true, "publicado": true, "stand:": true,
	"january": true, "february": true, "march": true, "april": true, "may": true, "june": true, "july": true,
	"august": true, "september": true, "october": true, "november": true, "december": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true, "januar": true, "februar": true, "märz": true,
	"mai": true, "juni": true, "juli": true, "oktober": true, "dezember": true,
	"mon": true, "tue": true, "wed": true, "thu": true, "fri": true, "sat": true, "sun": true, "monday": true,
	"tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
	"at": true, "in": true, "last": true, "min": true, "mins": true, "minute": true, "minutes": true, "read": true,
}

// notNamesPrefixes open byline parts that name someone else than the
// author (a reviewer, an editor, a photographer) or no one.
var notNamesPrefixes = []string{"reviewed by", "medically reviewed", "fact checked", "fact-checked", "updated by", "edited by",
	"photo", "foto", "bild", "image", "illustration", "video", "read more", "more about", "more from", "see all", "view all",
	"insights from", "follow", "contact", "about the author", "quelle:", "source:", "design:", "code:"}

// bylineLabels are words that label a byline rather than name anyone.
var bylineLabels = map[string]bool{
	"by": true, "written by": true, "author": true, "authors": true, "autor": true, "autorin": true,
	"autoren": true, "auteur": true, "von": true, "par": true, "por": true, "door": true, "text": true,
	"posted by": true, "reviewed by": true, "and": true, "und": true, "&": true, ",": true,
	"article by": true, "recipe by": true, "authored by": true, "words by": true, "story by": true, "guide": true,
}

// notNames are user names that blogs show in place of an author.
var notNames = map[string]bool{"admin": true, "administrator": true, "webmaster": true, "guest": true, "user": true,
	"unknown": true, "sponsored": true, "full bio": true, "bio": true, "the author": true,
	"twitter": true, "facebook": true, "instagram": true, "linkedin": true, "email": true, "e-mail": true,
	"share": true, "print": true, "whatsapp": true, "x": true,
	"recent posts": true, "latest posts": true, "popular posts": true, "related posts": true, "more posts": true,
	"skip to content": true, "skip to main content": true}

// bylineLabel reports whether s only labels a byline ("By", "Author:").
func bylineLabel(s string) bool {
	return bylineLabels[strings.ToLower(strings.TrimRight(s, ": "))]
}

// maxNameWords and maxNameBytes bound one plausible name.
const (
	maxNameWords = 6
	maxNameBytes = 60
)

// splitNames turns bylines into names: without "By", job titles (see
// also dropRoles), dates, e-mail addresses and initials in brackets, and
// without the sections or place after "in", split at commas and "and"
// (an agency after a comma, "Jane Doe, Reuters", is a name of its own),
// in order, each once.
//
// strict, for names read from the page text rather than from metadata,
// also wants each word of a name capitalised (but for particles such as
// "van der"), so that a sentence is no name.
func splitNames(raw []string, strict bool) []string {
	var out []string
	var joined []bool // per name: "and" or "&" joined it to the one before
	seen := map[string]bool{}
	for _, s := range raw {
		if strings.IndexByte(s, '&') >= 0 {
			s = html.UnescapeString(s)
		}
		s = collapseSpace(strings.ReplaceAll(s, "\u00a0", " "))
		if rest, ok := cutBylinePrefix(s, strings.ToLower(s)); ok {
			s = rest
		}
		for _, c := range bylineCuts {
			if i := strings.Index(s, c); i > 0 {
				s = s[:i]
			}
		}
		if otherCredit(s) {
			// "Reviewed by Justin Roe, Trial Attorney at Example & Co":
			// the titles and firms after the name are the reviewer's too.
			continue
		}
		parts := nameSeparators.Split(s, -1)
		seps := nameSeparators.FindAllString(s, -1)
		for i, part := range parts {
			if strings.HasPrefix(part, "in ") {
				break // "TPN, in News, Portugal, Business": sections or a place follow
			}
			name := cleanName(part, len(parts) == 1 && !strict)
			if name == "" || strict && !nameShaped(name) {
				continue
			}
			if k := strings.ToLower(name); !seen[k] {
				seen[k] = true
				out = append(out, name)
				joined = append(joined, i > 0 && !strings.ContainsAny(seps[i-1], ",;、/"))
			}
		}
	}
	return dropRoles(out, joined)
}

// roleHeads end a job title of more words than roleWords knows ("AP Auto
// Writer", "Digital Security Expert").
var roleHeads = map[string]bool{
	"writer": true, "writers": true, "reporter": true, "correspondent": true, "editor": true, "contributor": true,
	"columnist": true, "journalist": true, "expert": true, "specialist": true, "analyst": true, "consultant": true,
	"producer": true, "photographer": true, "strategist": true, "researcher": true,
}

// dropRoles removes from the names of a byline the job titles that come
// with them ("TOM KRISHER" and "AP Auto Writer"; "Brett Cruz, Privacy and
// Digital Security Expert"): a name of two words or more that ends in a
// roleHeads word, when another name is not one; with it goes a one-word
// name that "and" joins to it, the title's first half. joined[i] tells
// whether names[i] followed the name before it after "and" or "&". A
// title alone ("SFist Contributor", "Guardian staff reporter") stays: it
// is all the byline says.
func dropRoles(names []string, joined []bool) []string {
	role := make([]bool, len(names))
	person := false
	for i, n := range names {
		w := strings.Fields(n)
		role[i] = len(w) >= 2 && roleHeads[strings.ToLower(w[len(w)-1])]
		person = person || !role[i]
	}
	if !person {
		return names
	}
	drop := make([]bool, len(names))
	for i := range names {
		if role[i] {
			drop[i] = true
			if i > 0 && joined[i] && len(strings.Fields(names[i-1])) == 1 {
				drop[i-1] = true
			}
		}
	}
	out := names[:0:0]
	for i, n := range names {
		if !drop[i] {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return names
	}
	return out
}

// otherCredits open a byline that credits someone else than the author
// from its start: a reviewer, an editor, a photographer.
var otherCredits = []string{"reviewed by", "medically reviewed", "fact checked", "fact-checked", "updated by", "edited by",
	"photo:", "photos:", "foto:", "fotos:", "bild:", "image:", "illustration:", "video:", "quelle:", "source:", "design:", "code:"}

// otherCredit reports whether byline s starts with one of otherCredits.
func otherCredit(s string) bool {
	ls := strings.ToLower(s)
	for _, pre := range otherCredits {
		if strings.HasPrefix(ls, pre) {
			return true
		}
	}
	return false
}

// cleanName returns the name in one part of a byline, or "" when the
// part holds none. A job title alone ("Staff", "News Desk") is a name
// only when it is all that a metadata byline holds (alone).
func cleanName(part string, alone bool) string {
	lp := strings.ToLower(part)
	for _, pre := range notNamesPrefixes {
		if strings.HasPrefix(lp, pre) {
			return ""
		}
	}
	if strings.HasSuffix(lp, " by") || strings.HasSuffix(lp, " von") || strings.HasSuffix(lp, " par") || strings.HasSuffix(lp, " por") {
		return "" // "Recipe by", "Authored by": the name is the next part
	}
	if i := strings.IndexByte(part, ':'); i >= 0 && !strings.ContainsAny(part[:i], "0123456789") {
		if !bylineLabel(part[:i]) {
			return "" // "Design: Jane Doe", a credit of another kind
		}
		part = part[i+1:]
	}
	words := strings.Fields(part)
	// A date or a time ends the name, as do the words that start one.
	for i, w := range words {
		stop := bylineStops[strings.ToLower(strings.Trim(w, ".,:"))]
		if stop && i == 0 && len(words) > 1 && !bylineStops[strings.ToLower(words[1])] && !strings.ContainsAny(words[1], "0123456789") {
			stop = false // "April Fulton", "Jan Sellner": a name that starts like a date
		}
		if stop || strings.IndexByte(w, '@') >= 0 || dateWord(w) {
			words = words[:i]
			break
		}
	}
	// Initials or a note in brackets after the name: "Jane Doe (jd)".
	if n := len(words); n > 1 && strings.HasSuffix(words[n-1], ")") {
		for j := n - 1; j >= 1; j-- {
			if strings.HasPrefix(words[j], "(") {
				words = words[:j]
				break
			}
		}
	}
	for len(words) > 1 && roleWords[strings.ToLower(words[len(words)-1])] && isCJKWord(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	if len(words) == 1 {
		for _, suf := range cjkRoleSuffixes {
			if w, ok := strings.CutSuffix(words[0], suf); ok && w != "" {
				words[0] = w
			}
		}
	}
	if len(words) == 0 || len(words) > maxNameWords {
		return ""
	}
	allRoles := true
	for _, w := range words {
		if !roleWords[strings.ToLower(strings.Trim(w, ".,"))] {
			allRoles = false
			break
		}
	}
	if allRoles && !alone {
		return ""
	}
	name := strings.TrimFunc(strings.Join(words, " "), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '.' && r != ')'
	})
	if name == "" || len(name) > maxNameBytes || isURL(name) || strings.Contains(name, "www.") || bylineLabel(name) || notNames[strings.ToLower(name)] {
		return ""
	}
	if !strings.ContainsFunc(name, unicode.IsLetter) {
		return ""
	}
	return name
}

// agencies are news agencies, which bylines name after the authors
// ("Jane Doe, dpa"), often in lower case.
var agencies = map[string]bool{"dpa": true, "afp": true, "ap": true, "reuters": true, "apa": true, "sda": true, "ats": true,
	"ansa": true, "efe": true, "epd": true, "kna": true, "sid": true, "dts": true, "ddp": true, "anp": true, "belga": true,
	"ntb": true, "pap": true, "ctk": true, "mti": true, "tass": true, "xinhua": true, "kyodo": true, "yonhap": true,
	"aap": true, "pti": true, "ians": true, "ani": true, "upi": true, "associated press": true, "bloomberg": true}

// nameParticles are the lower-case words that names hold.
var nameParticles = map[string]bool{"van": true, "der": true, "den": true, "de": true, "von": true, "da": true, "di": true,
	"du": true, "la": true, "le": true, "del": true, "dos": true, "das": true, "ten": true, "ter": true, "bin": true,
	"al": true, "el": true, "y": true, "zu": true, "af": true, "st.": true, "the": true, "of": true}

// nameShaped reports whether a name reads as one: its first word starts
// with a capital letter (or is in a script without case), and at most
// one other word, less than half of them, is in lower case but for
// particles ("van der", "the") — "The Currency editors" is a name, "a
// founder of Example" and "not enough time." are not.
func nameShaped(name string) bool {
	if agencies[strings.ToLower(name)] {
		return true
	}
	words := strings.Fields(name)
	lower := 0
	for i, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsLower(r) || nameParticles[w] {
			continue
		}
		if i == 0 {
			return false
		}
		lower++
	}
	return lower <= 1 && 2*lower < len(words)
}

// dateWord reports whether a word of a byline is a date, a time or a
// number ("2024", "04.05.2024", "10:05", "3rd"), which ends the name; a
// word with letters and digits ("BR24", "3i") may be part of one.
func dateWord(w string) bool {
	if !strings.ContainsAny(w, "0123456789") {
		return false
	}
	if strings.IndexByte(w, ':') >= 0 {
		return true
	}
	letters := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters == 0 {
		return true
	}
	l := strings.ToLower(strings.TrimRight(w, ".,"))
	for _, suf := range [...]string{"st", "nd", "rd", "th"} {
		if n, ok := strings.CutSuffix(l, suf); ok && n != "" && strings.Trim(n, "0123456789") == "" {
			return true
		}
	}
	return false
}

func isCJKWord(w string) bool {
	for _, r := range w {
		if r < 0x2e80 {
			return false
		}
	}
	return true
}

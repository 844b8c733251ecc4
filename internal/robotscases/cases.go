// Package robotscases holds robots.txt conformance cases of our own,
// covering the behaviours that Google's reference parser tests
// (google/robotstxt, robots_test.cc) cover, and RFC 9309: groups and the
// merging of groups for the same agent, precedence (longest match, Allow
// on a tie), "*" and "$", percent-encoding, CR / LF / CRLF line endings, a
// byte order mark whole or in part, a missing colon, long lines, records
// that do not end a group, and matching the URL as found as well as its
// canonical form.
//
// The crawler's tests run them against its matcher; bench/robots runs
// them against the robots.txt libraries it was compared with.
package robotscases

import (
	"maps"
	"slices"
	"strings"
)

// Case is one robots.txt, one crawler and one URL.
type Case struct {
	Name    string // unique
	Source  string // the robots_test.cc test, or the RFC section, it follows
	Robots  string
	Agent   string // the crawler's User-Agent product token
	URL     string // absolute, as found on a page (the crawler also checks its canonical form)
	Allowed bool
	// Note says why a case differs from robots_test.cc, when it does.
	Note string
}

// Cases returns every case, in order.
func Cases() []Case {
	var cs []Case
	add := func(source, name, robots, agent string, want map[string]bool, note ...string) {
		for _, u := range slices.Sorted(maps.Keys(want)) {
			c := Case{Name: name + " " + u, Source: source, Robots: robots, Agent: agent, URL: u, Allowed: want[u]}
			if len(note) > 0 {
				c.Note = note[0]
			}
			cs = append(cs, c)
		}
	}
	const foo = "http://foo.bar"

	// System: empty file, empty agent.
	add("GoogleOnly_SystemTest", "empty file", "", "FooBot", map[string]bool{foo + "/": true})
	add("GoogleOnly_SystemTest", "empty agent", "user-agent: FooBot\ndisallow: /\n", "", map[string]bool{foo + "/": true})

	// Line syntax: key: value, unknown keys, missing colon.
	add("ID_LineSyntax_Line", "colon", "user-agent: FooBot\ndisallow: /\n", "FooBot", map[string]bool{foo + "/x/y": false})
	add("ID_LineSyntax_Line", "unknown keys", "foo: FooBot\nbar: /\n", "FooBot", map[string]bool{foo + "/x/y": true})
	add("ID_LineSyntax_Line", "missing colon", "user-agent FooBot\ndisallow /\n", "FooBot", map[string]bool{foo + "/x/y": false})
	add("ID_LineSyntax_Line", "missing colon, three words", "user-agent: FooBot\ndisallow / x\n", "FooBot", map[string]bool{foo + "/x/y": true})

	// Groups: merging for the same agent, rules outside groups ignored.
	const groups = "allow: /foo/bar/\n\nuser-agent: FooBot\ndisallow: /\nallow: /x/\nuser-agent: BarBot\ndisallow: /\nallow: /y/\n\n\nallow: /w/\nuser-agent: BazBot\n\nuser-agent: FooBot\nallow: /z/\ndisallow: /\n"
	add("ID_LineSyntax_Groups", "groups FooBot", groups, "FooBot", map[string]bool{foo + "/x/b": true, foo + "/z/d": true, foo + "/y/c": false, foo + "/foo/bar/": false})
	add("ID_LineSyntax_Groups", "groups BarBot", groups, "BarBot", map[string]bool{foo + "/y/c": true, foo + "/w/a": true, foo + "/z/d": false, foo + "/foo/bar/": false})
	add("ID_LineSyntax_Groups", "groups BazBot", groups, "BazBot", map[string]bool{foo + "/z/d": true, foo + "/foo/bar/": false})

	// Case: keys and agents are case-insensitive, paths are not.
	for _, v := range []struct{ name, robots string }{
		{"upper", "USER-AGENT: FooBot\nALLOW: /x/\nDISALLOW: /\n"},
		{"lower", "user-agent: FooBot\nallow: /x/\ndisallow: /\n"},
		{"camel", "uSeR-aGeNt: FooBot\nAlLoW: /x/\ndIsAlLoW: /\n"},
	} {
		add("ID_REPLineNamesCaseInsensitive", "keys "+v.name, v.robots, "FooBot", map[string]bool{foo + "/x/y": true, foo + "/a/b": false})
	}
	for _, v := range []struct{ name, robots string }{
		{"upper", "User-Agent: FOO BAR\nAllow: /x/\nDisallow: /\n"},
		{"lower", "User-Agent: foo bar\nAllow: /x/\nDisallow: /\n"},
		{"camel", "User-Agent: FoO bAr\nAllow: /x/\nDisallow: /\n"},
	} {
		add("ID_UserAgentValueCaseInsensitive", "agent "+v.name+" as Foo", v.robots, "Foo", map[string]bool{foo + "/x/y": true, foo + "/a/b": false})
		add("ID_UserAgentValueCaseInsensitive", "agent "+v.name+" as foo", v.robots, "foo", map[string]bool{foo + "/x/y": true, foo + "/a/b": false})
	}
	add("GoogleOnly_AcceptUserAgentUpToFirstSpace", "agent up to first space",
		"User-Agent: *\nDisallow: /\nUser-Agent: Foo Bar\nAllow: /x/\nDisallow: /\n", "Foo", map[string]bool{foo + "/x/y": true})
	add("RFC 9309 §2.2.1", "agent with version", "User-agent: FooBot/2.1\nDisallow: /\n", "FooBot", map[string]bool{foo + "/x": false})
	add("ID_AllowDisallow_Value_CaseSensitive", "path lower-case rule", "user-agent: FooBot\ndisallow: /x/\n", "FooBot", map[string]bool{foo + "/x/y": false})
	add("ID_AllowDisallow_Value_CaseSensitive", "path upper-case rule", "user-agent: FooBot\ndisallow: /X/\n", "FooBot", map[string]bool{foo + "/x/y": true})

	// The "*" group, when no group names the agent.
	const global = "user-agent: *\nallow: /\nuser-agent: FooBot\ndisallow: /\n"
	add("ID_GlobalGroups_Secondary", "own group over *", global, "FooBot", map[string]bool{foo + "/x/y": false})
	add("ID_GlobalGroups_Secondary", "* group", global, "BarBot", map[string]bool{foo + "/x/y": true})
	add("ID_GlobalGroups_Secondary", "no group at all", "user-agent: FooBot\nallow: /\nuser-agent: BarBot\ndisallow: /\nuser-agent: BazBot\ndisallow: /\n", "QuxBot", map[string]bool{foo + "/x/y": true})
	add("ID_LongestMatch", "own group ignores *", "User-agent: *\nDisallow: /x/\nUser-agent: FooBot\nDisallow: /y/\n", "FooBot", map[string]bool{foo + "/x/page": true, foo + "/y/page": false})
	add("RFC 9309 §2.2.1", "* groups merged", "User-agent: *\nDisallow: /a/\n\nUser-agent: *\nDisallow: /b/\n", "FooBot", map[string]bool{foo + "/a/1": false, foo + "/b/1": false, foo + "/c/1": true})

	// Precedence: the longest match, Allow on a tie.
	const page = foo + "/x/page.html"
	add("ID_LongestMatch", "longer disallow", "user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/\n", "FooBot", map[string]bool{page: false})
	add("ID_LongestMatch", "longer allow", "user-agent: FooBot\nallow: /x/page.html\ndisallow: /x/\n", "FooBot", map[string]bool{page: true, foo + "/x/": false})
	add("ID_LongestMatch", "empty tie", "user-agent: FooBot\ndisallow: \nallow: \n", "FooBot", map[string]bool{page: true})
	add("ID_LongestMatch", "root tie", "user-agent: FooBot\ndisallow: /\nallow: /\n", "FooBot", map[string]bool{page: true})
	add("ID_LongestMatch", "slash matters", "user-agent: FooBot\ndisallow: /x\nallow: /x/\n", "FooBot", map[string]bool{foo + "/x": false, foo + "/x/": true})
	add("ID_LongestMatch", "same pattern tie", "user-agent: FooBot\ndisallow: /x/page.html\nallow: /x/page.html\n", "FooBot", map[string]bool{page: true})
	add("ID_LongestMatch", "wildcard longer", "user-agent: FooBot\nallow: /page\ndisallow: /*.html\n", "FooBot", map[string]bool{foo + "/page.html": false, foo + "/page": true})
	add("ID_LongestMatch", "allow longer than wildcard", "user-agent: FooBot\nallow: /x/page.\ndisallow: /*.html\n", "FooBot", map[string]bool{page: true, foo + "/x/y.html": false})

	// Percent-encoding.
	add("ID_Encoding", "query with URL", "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar?qux=taz&baz=http://foo.bar?tar&par\n", "FooBot",
		map[string]bool{foo + "/foo/bar?qux=taz&baz=http://foo.bar?tar&par": false},
		"robots_test.cc expects true, of the matcher alone; the crawler requests the canonical form, /foo/bar?baz=http%3A%2F%2Ffoo.bar%3Ftar&par=&qux=taz, which \"Disallow: /\" refuses, and a URL is refused when either form is disallowed")
	add("ID_Encoding", "query with URL, canonical", "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar?baz=\n", "FooBot",
		map[string]bool{foo + "/foo/bar?qux=taz&baz=http://foo.bar?tar&par": false, foo + "/foo/bar?baz=http%3A%2F%2Ffoo.bar%3Ftar&par=&qux=taz": true})
	add("ID_Encoding", "utf-8 rule, escaped URL", "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/ツ\n", "FooBot", map[string]bool{foo + "/foo/bar/%E3%83%84": true})
	add("ID_Encoding", "utf-8 rule, raw URL", "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/ツ\n", "FooBot", map[string]bool{foo + "/foo/bar/ツ": true},
		"robots_test.cc expects false: Google's matcher leaves encoding the URL to its caller; a URL found raw on a page is requested escaped, so both are encoded (RFC 9309 §2.2.2)")
	add("ID_Encoding", "escaped rule, escaped URL", "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%E3%83%84\n", "FooBot", map[string]bool{foo + "/foo/bar/%E3%83%84": true})
	add("ID_Encoding", "escaped rule, raw URL", "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%E3%83%84\n", "FooBot", map[string]bool{foo + "/foo/bar/ツ": true},
		"robots_test.cc expects false, as above")
	add("ID_Encoding", "lower-case escapes", "User-agent: FooBot\nDisallow: /foo/bar/%e3%83%84\n", "FooBot", map[string]bool{foo + "/foo/bar/%E3%83%84": false})
	add("ID_Encoding", "escaped unreserved rule, escaped URL", "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%62%61%7A\n", "FooBot", map[string]bool{foo + "/foo/bar/%62%61%7A": true})
	add("ID_Encoding", "escaped unreserved rule, plain URL", "User-agent: FooBot\nDisallow: /\nAllow: /foo/bar/%62%61%7A\n", "FooBot", map[string]bool{foo + "/foo/bar/baz": true},
		"robots_test.cc expects false (\"should not be relied on\"); RFC 9309 §2.2.2 has escaped unreserved characters decoded before comparison")
	add("RFC 9309 §2.2.2", "escaped reserved stays escaped", "User-agent: FooBot\nDisallow: /a%2Fb\n", "FooBot", map[string]bool{foo + "/a/b": true, foo + "/a%2fb": false})

	// Special characters: "*", "$", "#".
	const star = "User-agent: FooBot\nDisallow: /foo/bar/quz\nAllow: /foo/*/qux\n"
	add("ID_SpecialCharacters", "star", star, "FooBot", map[string]bool{foo + "/foo/bar/quz": false, foo + "/foo/quz": true, foo + "/foo//quz": true, foo + "/foo/bax/quz": true})
	const dollar = "User-agent: FooBot\nDisallow: /foo/bar$\nAllow: /foo/bar/qux\n"
	add("ID_SpecialCharacters", "dollar", dollar, "FooBot", map[string]bool{foo + "/foo/bar": false, foo + "/foo/bar/qux": true, foo + "/foo/bar/": true, foo + "/foo/bar/baz": true})
	const hash = "User-agent: FooBot\n# Disallow: /\nDisallow: /foo/quz#qux\nAllow: /\n"
	add("ID_SpecialCharacters", "comment", hash, "FooBot", map[string]bool{foo + "/foo/bar": true, foo + "/foo/quz": false})
	add("RFC 9309 §2.2.3", "dollar inside", "User-agent: FooBot\nDisallow: /a$b\n", "FooBot", map[string]bool{foo + "/a$b": false, foo + "/a": true})

	// index.html is the directory (Google).
	const index = "User-Agent: *\nAllow: /allowed-slash/index.html\nDisallow: /\n"
	add("GoogleOnly_IndexHTMLisDirectory", "index.html", index, "foobot", map[string]bool{
		"http://foo.com/allowed-slash/": true, "http://foo.com/allowed-slash/index.htm": false,
		"http://foo.com/allowed-slash/index.html": true, "http://foo.com/anyother-url": false})

	// Long lines are cut at 8 × 2083 bytes.
	const maxLine = 2083 * 8
	long := "/x/" + strings.Repeat("a", maxLine-3-len("disallow: ")+1-3)
	add("GoogleOnly_LineTooLong", "long disallow cut", "user-agent: FooBot\ndisallow: "+long+"/qux\n", "FooBot",
		map[string]bool{foo + "/fux": true, foo + long + "/fux": false})
	la := "/x/" + strings.Repeat("a", maxLine-3-len("allow: ")+1-3)
	lb := "/x/" + strings.Repeat("b", maxLine-3-len("allow: ")+1-3)
	add("GoogleOnly_LineTooLong", "long allow cut", "user-agent: FooBot\ndisallow: /\nallow: "+la+"/qux\nallow: "+lb+"/qux\n", "FooBot",
		map[string]bool{foo + "/": false, foo + la + "/qux": true, foo + lb + "/fux": true})
	add("newsnorm", "a line longer than the read buffer", "user-agent: FooBot\nallow: /"+strings.Repeat("z", 600<<10)+"\ndisallow: /private\n", "FooBot",
		map[string]bool{foo + "/private/1": false})

	// Google's documentation examples.
	add("GoogleOnly_DocumentationChecks", "fish", "user-agent: FooBot\ndisallow: /\nallow: /fish\n", "FooBot", map[string]bool{
		foo + "/bar": false, foo + "/fish": true, foo + "/fish.html": true, foo + "/fish/salmon.html": true, foo + "/fishheads": true,
		foo + "/fishheads/yummy.html": true, foo + "/fish.html?id=anything": true, foo + "/Fish.asp": false, foo + "/catfish": false, foo + "/?id=fish": false})
	add("GoogleOnly_DocumentationChecks", "fish star", "user-agent: FooBot\ndisallow: /\nallow: /fish*\n", "FooBot", map[string]bool{
		foo + "/bar": false, foo + "/fish": true, foo + "/fish.html": true, foo + "/fish/salmon.html": true, foo + "/fishheads": true,
		foo + "/fishheads/yummy.html": true, foo + "/fish.html?id=anything": true, foo + "/Fish.bar": false, foo + "/catfish": false, foo + "/?id=fish": false})
	add("GoogleOnly_DocumentationChecks", "fish slash", "user-agent: FooBot\ndisallow: /\nallow: /fish/\n", "FooBot", map[string]bool{
		foo + "/bar": false, foo + "/fish/": true, foo + "/fish/salmon": true, foo + "/fish/?salmon": true, foo + "/fish/salmon.html": true,
		foo + "/fish/?id=anything": true, foo + "/fish": false, foo + "/fish.html": false, foo + "/Fish/Salmon.html": false})
	add("GoogleOnly_DocumentationChecks", "php", "user-agent: FooBot\ndisallow: /\nallow: /*.php\n", "FooBot", map[string]bool{
		foo + "/bar": false, foo + "/filename.php": true, foo + "/folder/filename.php": true, foo + "/folder/filename.php?parameters": true,
		foo + "//folder/any.php.file.html": true, foo + "/filename.php/": true, foo + "/index?f=filename.php/": true,
		foo + "/php/": false, foo + "/index?php": false, foo + "/windows.PHP": false})
	add("GoogleOnly_DocumentationChecks", "php dollar", "user-agent: FooBot\ndisallow: /\nallow: /*.php$\n", "FooBot", map[string]bool{
		foo + "/bar": false, foo + "/filename.php": true, foo + "/folder/filename.php": true, foo + "/filename.php?parameters": false,
		foo + "/filename.php/": false, foo + "/filename.php5": false, foo + "/php/": false, foo + "/filename?php": false,
		foo + "/aaaphpaaa": false, foo + "//windows.PHP": false})
	add("GoogleOnly_DocumentationChecks", "fish star php", "user-agent: FooBot\ndisallow: /\nallow: /fish*.php\n", "FooBot", map[string]bool{
		foo + "/bar": false, foo + "/fish.php": true, foo + "/fishheads/catfish.php?parameters": true, foo + "/Fish.PHP": false})
	add("GoogleOnly_DocumentationChecks", "precedence p", "user-agent: FooBot\nallow: /p\ndisallow: /\n", "FooBot", map[string]bool{"http://example.com/page": true})
	add("GoogleOnly_DocumentationChecks", "precedence folder", "user-agent: FooBot\nallow: /folder\ndisallow: /folder\n", "FooBot", map[string]bool{"http://example.com/folder/page": true})
	add("GoogleOnly_DocumentationChecks", "precedence htm", "user-agent: FooBot\nallow: /page\ndisallow: /*.htm\n", "FooBot", map[string]bool{"http://example.com/page.htm": false})
	add("GoogleOnly_DocumentationChecks", "precedence root dollar", "user-agent: FooBot\nallow: /$\ndisallow: /\n", "FooBot", map[string]bool{"http://example.com/": true, "http://example.com/page.html": false})

	// Line endings: LF, CRLF, CR, none at the end, mixed.
	for _, v := range []struct{ name, robots string }{
		{"LF", "User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /\n"},
		{"CRLF", "User-Agent: foo\r\nAllow: /some/path\r\nUser-Agent: bar\r\n\r\n\r\nDisallow: /\r\n"},
		{"CR", "User-Agent: foo\rAllow: /some/path\rUser-Agent: bar\r\r\rDisallow: /\r"},
		{"no final newline", "User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /"},
		{"mixed", "User-Agent: foo\nAllow: /some/path\r\nUser-Agent: bar\n\r\n\n\rDisallow: /"},
	} {
		add("ID_LinesNumbersAreCountedCorrectly", "line endings "+v.name+" bar", v.robots, "bar", map[string]bool{foo + "/x": false})
		add("ID_LinesNumbersAreCountedCorrectly", "line endings "+v.name+" foo", v.robots, "foo", map[string]bool{foo + "/x": true, foo + "/some/path": true})
	}

	// Byte order marks.
	for _, v := range []struct{ name, bom string }{{"full", "\xEF\xBB\xBF"}, {"two bytes", "\xEF\xBB"}, {"one byte", "\xEF"}} {
		add("ID_UTF8ByteOrderMarkIsSkipped", "BOM "+v.name, v.bom+"User-Agent: foo\nDisallow: /AnyValue\n", "foo", map[string]bool{foo + "/AnyValue": false})
	}
	add("ID_UTF8ByteOrderMarkIsSkipped", "broken BOM", "\xEF\x11\xBFUser-Agent: foo\nDisallow: /AnyValue\n", "foo", map[string]bool{foo + "/AnyValue": true})
	add("ID_UTF8ByteOrderMarkIsSkipped", "BOM in the middle", "User-Agent: foo\n\xEF\xBB\xBFDisallow: /AnyValue\n", "foo", map[string]bool{foo + "/AnyValue": true})

	// Other records do not end a group (RFC 9309 §2.2.4).
	add("RFC 9309 §2.2.4", "crawl-delay inside group", "User-agent: newsnorm\nCrawl-delay: 5\nUser-agent: otherbot\nDisallow: /\n", "newsnorm", map[string]bool{foo + "/a": false})
	add("ID_NonStandardLineExample_Sitemap", "sitemap inside group", "User-agent: newsnorm\nSitemap: http://foo.bar/sitemap.xml\nUser-agent: otherbot\nDisallow: /\n", "newsnorm", map[string]bool{foo + "/a": false})
	add("RFC 9309 §2.2.4", "unknown record inside group", "User-agent: newsnorm\nNoindex: /x\nUser-agent: otherbot\nDisallow: /\n", "newsnorm", map[string]bool{foo + "/a": false})
	add("RFC 9309 §2.2.4", "crawl-delay after rules", "User-agent: newsnorm\nDisallow: /a\nCrawl-delay: 5\nDisallow: /b\n", "newsnorm", map[string]bool{foo + "/b": false, foo + "/c": true})

	// The URL as found and its canonical form: refused if either is
	// disallowed.
	add("newsnorm", "query as found", "User-agent: *\nDisallow: /search?q=\n", "newsnorm", map[string]bool{foo + "/search?q=x&lang=fa": false, foo + "/search?lang=fa": true})
	add("newsnorm", "tracking parameter as found", "User-agent: *\nDisallow: /*utm_source=\n", "newsnorm", map[string]bool{foo + "/a?utm_source=x": false, foo + "/a?b=c": true})
	add("newsnorm", "canonical form", "User-agent: *\nDisallow: /news/?a=1&b=2\n", "newsnorm", map[string]bool{foo + "/news/?b=2&a=1": false})
	add("newsnorm", "default port and case", "User-agent: *\nDisallow: /Private\n", "newsnorm", map[string]bool{"HTTP://FOO.BAR:80/Private/x": false, "HTTP://FOO.BAR:80/private/x": true})
	add("newsnorm", "robots.txt itself", "User-agent: *\nDisallow: /\n", "newsnorm", map[string]bool{foo + "/robots.txt": true})
	return cs
}

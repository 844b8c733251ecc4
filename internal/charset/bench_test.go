package charset

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// benchPage builds a news page of about size bytes: a realistic ASCII head
// (scripts, styles) followed by article paragraphs in the given language.
func benchPage(text string, size int) string {
	t := texts[text]
	var b strings.Builder
	b.WriteString(page(t, ""))
	head := strings.Repeat("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}</script>\n", 60)
	body := "<p>" + t.lead + "</p>\n<p>" + strings.Join(t.paras, "</p>\n<p>") + "</p>\n"
	s := strings.Replace(b.String(), "</head>", head+"</head>", 1)
	var out strings.Builder
	out.WriteString(s[:strings.Index(s, "</article>")])
	for out.Len() < size {
		out.WriteString(body)
	}
	out.WriteString("</article></main></body></html>\n")
	return out.String()
}

func BenchmarkDecode(b *testing.B) {
	utf8Page := []byte(benchPage("fa", 100<<10))
	utf8Meta := []byte(strings.Replace(string(utf8Page), "<head>", `<head><meta charset="utf-8">`, 1))
	asciiPage := []byte(strings.Repeat("<p>The quick brown fox jumps over the lazy dog.</p>\n", 2000))
	cp1256, err := charmap.Windows1256.NewEncoder().Bytes([]byte(strings.ReplaceAll(string(utf8Page), "ی", "ي")))
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name        string
		body        []byte
		contentType string
	}{
		{"utf8-100KB/header", utf8Page, "text/html; charset=utf-8"},
		{"utf8-100KB/meta", utf8Meta, ""},
		{"utf8-100KB/undeclared", utf8Page, ""},
		{"ascii-100KB/undeclared", asciiPage, ""},
		{"windows-1256-100KB/header", cp1256, "text/html; charset=windows-1256"},
		{"windows-1256-100KB/undeclared", cp1256, ""},
		{"windows-1256-100KB/header-lies-utf8", cp1256, "text/html; charset=utf-8"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Decode(c.body, c.contentType, ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRepairMojibake measures the look every page gets (a clean
// 100 KB page in French, whose accented letters all start with the byte
// the look stops at, and one in Persian) and the repair of a
// double-encoded one, each next to Decode of the same clean page: the
// look should cost a small part of the decoding every page gets anyway.
func BenchmarkRepairMojibake(b *testing.B) {
	fr := []byte(benchPage("fr", 100<<10))
	fa := []byte(benchPage("fa", 100<<10))
	bad := []byte(misread(b, string(fr), false))
	for _, c := range []struct {
		name string
		page []byte
		run  func([]byte)
	}{
		{"decode/fr-100KB", fr, func(p []byte) { _, _, _ = Decode(p, "text/html; charset=utf-8", "") }},
		{"look/fr-100KB", fr, func(p []byte) { RepairMojibake(p) }},
		{"look/fa-100KB", fa, func(p []byte) { RepairMojibake(p) }},
		{"repair/fr-100KB-double-encoded", bad, func(p []byte) { RepairMojibake(p) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.page)))
			b.ReportAllocs()
			for b.Loop() {
				c.run(c.page)
			}
		})
	}
}

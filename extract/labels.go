package extract

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/newsnorm/newsnorm/extract/content"
)

// This file holds the search for labelled values in the page text
// ("Published: ...", "News ID: ...") that the ID and publish-time chains
// and profile label rules share.

// labelGap is how far into a long block a label may start: a label deep
// inside a paragraph is prose ("the report was published on ..."), not a
// label.
const labelGap = 200

// eachLabelled calls fn with the text that follows each occurrence of a
// label and the block it is in, trying labels in order and blocks in
// document order, until fn returns true. A label alone in its block takes
// the next block's text. Labels match case-insensitively (ASCII), across the Arabic and Persian
// forms of yeh and kaf (see foldLabel), at word boundaries, and never
// inside related lists, comments, sidebars or page headers (see
// offArticle), so "Last Update:" is no "Date:" and a comment's "Posted on"
// is not the article's.
//
// Most pages hold none of the built-in labels, and a look at the page's
// raw text (see mayHold) tells so for a fraction of the cost of its
// blocks, which are built only for the labels that pass. A site's own
// labels (expected, set true) are on its pages: they go to the blocks
// straight away. The blocks are built only as far as the search goes
// (see page.block): a label near the top of the page spares the walk of
// the rest.
func (p *page) eachLabelled(labels []string, expected bool, fn func(value, label string, at content.Block) bool) {
	var kept, folded []string
	for _, label := range labels {
		if ll := foldLabel(label); ll != "" && strings.IndexByte(ll, '\n') < 0 && (expected || p.mayHold(ll)) {
			kept, folded = append(kept, label), append(folded, ll)
		}
	}
	if len(kept) == 0 {
		return
	}
	for k, ll := range folded {
		label := kept[k]
		for i := 0; ; i++ {
			b, lower, ok := p.block(i)
			if !ok {
				break
			}
			t := lower
			if len(t) > labelGap {
				// Only a label that starts the block counts: no need to
				// search the whole paragraph.
				t = t[:min(len(t), len(ll))]
			}
			for off := 0; off < len(t); {
				j := strings.Index(t[off:], ll)
				if j < 0 {
					break
				}
				idx := off + j
				off = idx + len(ll)
				if !wordBoundary(lower, idx, idx+len(ll)) || modifiedBefore(lower[:idx]) {
					continue
				}
				if offArticle(b.Node, p.profile.Boilerplate) {
					break
				}
				v := strings.TrimLeft(strings.TrimSpace(b.Text[idx+len(ll):]), ":：-–—|· \u00a0")
				if v == "" {
					if next, _, ok := p.block(i + 1); ok {
						v = next.Text
					}
				}
				if v != "" && fn(v, label, b) {
					return
				}
			}
		}
	}
}

// mayHold reports whether some block of the page may hold the folded
// label ll: whether the page's raw text (see content.AppendRawText),
// folded the same way, has its words in a row with only white space
// between them. A block that holds the label passes, so a page that does
// not pass needs no search of its blocks.
func (p *page) mayHold(ll string) bool {
	if !p.rawDone {
		p.rawDone = true
		if len(p.doc.Nodes) > 0 {
			p.rawText = rawTexts.Get().(*rawText)
			p.rawText.read(p.doc.Nodes[0], p.size)
			p.raw = p.rawText.b
		}
		p.rawWords = map[string]bool{}
	}
	// Blocks separate words by one ASCII space, whatever separated them in
	// the page: a label's words are what its spaces separate.
	words := strings.FieldsFunc(ll, func(r rune) bool { return r == ' ' })
	if len(words) == 0 {
		return false
	}
	// Labels share words ("news", "id:"): each is looked for once.
	for _, w := range words {
		has, seen := p.rawWords[w]
		if !seen {
			has = p.rawText != nil && p.rawText.mayContain(w) && bytes.Contains(p.raw, []byte(w))
			p.rawWords[w] = has
		}
		if !has {
			return false
		}
	}
	raw := p.raw
	for {
		i := bytes.Index(raw, []byte(words[0]))
		if i < 0 {
			return false
		}
		rest := raw[i+len(words[0]):]
		ok := true
		for _, w := range words[1:] {
			rest = trimSpaceRun(rest)
			if !bytes.HasPrefix(rest, []byte(w)) {
				ok = false
				break
			}
			rest = rest[len(w):]
		}
		if ok {
			return true
		}
		raw = raw[i+1:]
	}
}

// rawText is the page's raw text folded by foldLabel (see mayHold) and
// the byte trigrams it holds, hashed into a bit set: a word with a
// trigram that is not in the set is not in the text, which spares the
// search of the whole text for most words of most labels. Pages take
// one from rawTexts and give it back at the end of Extract (see
// page.release).
type rawText struct {
	b     []byte
	grams [rawGramBits / 64]uint64
}

// rawGramBits is the size of rawText's trigram set.
const rawGramBits = 1 << 16

var rawTexts = sync.Pool{New: func() any { return new(rawText) }}

// read sets r to the folded raw text of the document at root, size the
// bytes of the page's HTML.
func (r *rawText) read(root *html.Node, size int) {
	if cap(r.b) < size/4 {
		// Text is rarely more than a quarter of a page's HTML.
		r.b = make([]byte, 0, size/4)
	}
	r.b = content.AppendRawText(r.b[:0], root)
	foldLabelBytes(r.b)
	clear(r.grams[:])
	b := r.b
	if len(b) < 3 {
		return
	}
	g := uint32(b[0])<<8 | uint32(b[1])
	for _, c := range b[2:] {
		g = g<<8 | uint32(c)
		h := rawGram(g)
		r.grams[h/64] |= 1 << (h % 64)
	}
}

// rawGram is the bit of rawText's trigram set for the three bytes in the
// low 24 bits of g.
func rawGram(g uint32) uint32 {
	return (g & 0xffffff) * 0x9e3779b1 >> (32 - 16)
}

// mayContain reports whether r's text may hold w: false only when a
// trigram of w is not in the text.
func (r *rawText) mayContain(w string) bool {
	if len(w) < 3 {
		return true
	}
	g := uint32(w[0])<<8 | uint32(w[1])
	for i := 2; i < len(w); i++ {
		g = g<<8 | uint32(w[i])
		h := rawGram(g)
		if r.grams[h/64]&(1<<(h%64)) == 0 {
			return false
		}
	}
	return true
}

// release gives the page's raw text back to rawTexts; the page must not
// use it after.
func (p *page) release() {
	if p.rawText != nil {
		rawTexts.Put(p.rawText)
		p.rawText, p.raw = nil, nil
	}
}

// trimSpaceRun drops the white space that starts b: ASCII white space and
// no-break spaces, what separates the words of a block.
func trimSpaceRun(b []byte) []byte {
	for len(b) > 0 {
		switch {
		case b[0] == ' ' || b[0] >= '\t' && b[0] <= '\r':
			b = b[1:]
		case len(b) > 1 && b[0] == 0xc2 && b[1] == 0xa0:
			b = b[2:]
		default:
			return b
		}
	}
	return b
}

// wordBoundary reports whether s[i:j] is not glued to letters or digits on
// either side (for label ends that are letters).
func wordBoundary(s string, i, j int) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if j < len(s) {
		last, _ := utf8.DecodeLastRuneInString(s[:j])
		r, _ := utf8.DecodeRuneInString(s[j:])
		if unicode.IsLetter(last) && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

// modifiedWords mark a time as an update rather than the publication.
var modifiedWords = []string{
	"updated", "update", "modified", "last edited", "revised", "last changed",
	"aktualisiert", "geändert", "mis à jour", "mise à jour", "modifié", "actualizado", "actualización",
	"aggiornato", "atualizado", "bijgewerkt",
	"به‌روزرسانی", "بروزرسانی", "به روز رسانی", "ویرایش", "تحديث", "تعديل", "آخر تحديث",
}

// modifiedBefore reports whether the text just before a label or a time
// (lower-cased) says that what follows is an update time: "Last updated
// date:", "Updated <time>". Only the text since the last separator or digit
// counts, so in "Updated: 29 Dec | Published: 28 Dec" the second label is
// not an update.
func modifiedBefore(before string) bool {
	const window = 40
	if len(before) > window {
		before = before[len(before)-window:]
	}
	if i := strings.LastIndexAny(before, "|·•,;/()[]0123456789۰۱۲۳۴۵۶۷۸۹"); i >= 0 {
		before = before[i:]
	}
	for _, w := range modifiedWords {
		if strings.Contains(before, w) {
			return true
		}
	}
	return false
}

// foldLabel prepares text for label search without moving any byte: ASCII
// letters are lower-cased, and the Arabic yeh and kaf (U+064A, U+0643),
// which Persian pages from Arabic keyboards and windows-1256 use, become
// the Persian ones (U+06CC, U+06A9), all two bytes in UTF-8. So byte
// offsets in the result are offsets in s.
func foldLabel(s string) string {
	i := 0
	for ; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c == 0xd9 && i+1 < len(s) && (s[i+1] == 0x8a || s[i+1] == 0x83) {
			break
		}
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	foldLabelBytes(b[i:])
	return string(b)
}

// foldLabelBytes is foldLabel in place.
func foldLabelBytes(b []byte) {
	for i, c := range b {
		b[i] = lowerASCII[c]
	}
	for i := bytes.IndexByte(b, 0xd9); i >= 0 && i+1 < len(b); {
		switch b[i+1] {
		case 0x8a: // ي U+064A -> ی U+06CC
			b[i], b[i+1] = 0xdb, 0x8c
		case 0x83: // ك U+0643 -> ک U+06A9
			b[i], b[i+1] = 0xda, 0xa9
		}
		j := bytes.IndexByte(b[i+1:], 0xd9)
		if j < 0 {
			break
		}
		i += 1 + j
	}
}

// lowerASCII maps every byte to itself, but A-Z to a-z.
var lowerASCII = func() (t [256]byte) {
	for i := range t {
		t[i] = byte(i)
		if i >= 'A' && i <= 'Z' {
			t[i] = byte(i) + 'a' - 'A'
		}
	}
	return t
}()

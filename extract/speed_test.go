package extract

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsnorm/newsnorm/extract/content"
)

// TestRawTextTrigrams checks the trigram set of the raw text (see
// rawText): every word the text holds passes mayContain, on every
// fixture page and on random cuts of its text, and a pooled rawText that
// read a long page and then a short one holds the short one's text and
// trigrams only, as a fresh one would.
func TestRawTextTrigrams(t *testing.T) {
	srcs, _ := filepath.Glob(filepath.Join("testdata", "*", "source.html"))
	if len(srcs) < 5 {
		t.Fatalf("%d fixture pages, want at least 5", len(srcs))
	}
	rnd := rand.New(rand.NewPCG(3, 4))
	absent, rejected := 0, 0
	var reused rawText
	for _, src := range srcs {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		p := newTestPage(t, string(data), "https://www.example.com/a")
		var r rawText
		r.read(p.doc.Nodes[0], len(data))
		want := content.AppendRawText(nil, p.doc.Nodes[0])
		foldLabelBytes(want)
		if !bytes.Equal(r.b, want) {
			t.Fatalf("%s: raw text differs from the folded AppendRawText", src)
		}
		reused.read(p.doc.Nodes[0], len(data))
		if !bytes.Equal(reused.b, r.b) || reused.grams != r.grams {
			t.Errorf("%s: a reused rawText differs from a fresh one", src)
		}
		for range 300 {
			if len(r.b) == 0 {
				break
			}
			i := rnd.IntN(len(r.b))
			w := string(r.b[i:min(len(r.b), i+1+rnd.IntN(12))])
			if !r.mayContain(w) {
				t.Errorf("%s: the text holds %q, but mayContain says no", src, w)
			}
		}
		labels := append(append(append([]string{}, idLabels...), publishedLabels...), updatedLabels...)
		for _, l := range labels {
			for _, w := range strings.Fields(foldLabel(l)) {
				has := bytes.Contains(r.b, []byte(w))
				if has && !r.mayContain(w) {
					t.Errorf("%s: the text holds %q, but mayContain says no", src, w)
				}
				if !has && len(w) >= 3 {
					absent++
					if !r.mayContain(w) {
						rejected++
					}
				}
			}
		}
	}
	// The set must be worth its cost: most absent words never meet the
	// search of the text.
	if absent == 0 || rejected*10 < absent*8 {
		t.Errorf("mayContain rejected %d of %d absent label words, want at least 80%%", rejected, absent)
	}
	var r rawText
	if r.mayContain("abc") || !r.mayContain("ab") {
		t.Errorf("empty text: mayContain(abc) = %v, mayContain(ab) = %v; want false, true", r.mayContain("abc"), r.mayContain("ab"))
	}
}

// TestMayNameAuthor checks the gate of namesAuthor against the test
// without it on random class and id names, among them non-ASCII letters
// that lower-case to ASCII ones ("İ", the Kelvin sign).
func TestMayNameAuthor(t *testing.T) {
	plain := func(names string) bool {
		l := strings.ToLower(names)
		return strings.Contains(l, "author") || strings.Contains(l, "byline") || strings.Contains(l, "autor") || strings.Contains(l, "auteur")
	}
	parts := []string{"a", "A", "u", "U", "t", "T", "h", "o", "r", "R", "b", "B", "y", "Y", "l", "L", "i", "İ", "n", "e", "E", "-", "_", " ", "x", "é", "\u212a", "author", "AUTH", "byl", "BYLİNE", "autor", "auteur", "\xff"}
	rnd := rand.New(rand.NewPCG(5, 6))
	passed := 0
	for range 200000 {
		var sb strings.Builder
		for range rnd.IntN(10) {
			sb.WriteString(parts[rnd.IntN(len(parts))])
		}
		s := sb.String()
		if plain(s) && !mayNameAuthor(s) {
			t.Fatalf("mayNameAuthor(%q) = false, but the name holds an author word", s)
		}
		if plain(s) {
			passed++
		}
	}
	if passed < 1000 {
		t.Errorf("only %d random names hold an author word", passed)
	}
	for _, s := range []string{"bylİne", "BYLINE", "post-Author", "c-byline__x"} {
		if !mayNameAuthor(s) {
			t.Errorf("mayNameAuthor(%q) = false, want true", s)
		}
	}
	for _, s := range []string{"post-title", "entry-content", "ab", ""} {
		if mayNameAuthor(s) {
			t.Errorf("mayNameAuthor(%q) = true, want false", s)
		}
	}
}

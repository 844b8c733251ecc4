package charset

import (
	"flag"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
)

var scoreMatrix = flag.Bool("scorematrix", false, "log the sniffer's score for every fixture and candidate (for tuning)")

// sniffDecode runs the sniffer alone on b and decodes b with its choice.
func sniffDecode(t *testing.T, b []byte) (string, string) {
	t.Helper()
	name := newSniffer(b).best()
	enc, _, ok := lookup(name)
	if !ok {
		t.Fatalf("sniffer chose unknown %q", name)
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	return name, string(out)
}

// TestSniffSnippets cuts every sample text into short overlapping snippets
// (titles, teasers, a line of a page) and checks that the sniffer decodes
// most of them correctly. A snippet counts as right when the decoded text
// is exact, even if another encoding name was chosen (German in
// windows-1252 and ISO-8859-2 is the same bytes). Very short snippets can
// be truly ambiguous ("podpoře" and Danish-looking "podpoøe" differ in one
// letter), hence the thresholds.
func TestSniffSnippets(t *testing.T) {
	combos := []struct {
		text string
		enc  encoding.Encoding
	}{
		{"fa", charmap.Windows1256},
		{"ru", charmap.Windows1251},
		{"ru", charmap.KOI8R},
		{"fr", charmap.Windows1252},
		{"de", charmap.Windows1252},
		{"pl", charmap.ISO8859_2},
		{"pl", charmap.Windows1250},
		{"cs", charmap.Windows1250},
		{"cs", charmap.ISO8859_2},
		{"tr", charmap.Windows1254},
		{"ja", japanese.ShiftJIS},
		{"ja", japanese.EUCJP},
		{"zh", simplifiedchinese.GBK},
		{"zh-tw", traditionalchinese.Big5},
		{"ko", korean.EUCKR},
	}
	minShare := map[int]float64{8: 0.7, 16: 0.7, 32: 0.85, 64: 0.9}
	for _, c := range combos {
		tx := texts[c.text]
		all := tx.title + " " + tx.lead + " " + strings.Join(tx.paras, " ")
		if c.enc == charmap.Windows1256 {
			all = strings.ReplaceAll(all, "ی", "ي")
		}
		rs := []rune(all)
		for _, n := range []int{8, 16, 32, 64} {
			t.Run(fmt.Sprintf("%s/%v/%d", c.text, c.enc, n), func(t *testing.T) {
				ok, total := 0, 0
				var bad []string
				for start := 0; start+n <= len(rs); start += n / 2 {
					snip := string(rs[start : start+n])
					b, err := c.enc.NewEncoder().Bytes([]byte(snip))
					if err != nil {
						t.Fatal(err)
					}
					total++
					if countHigh(b) == 0 {
						ok++
						continue
					}
					name, got := sniffDecode(t, b)
					if got == snip {
						ok++
					} else {
						bad = append(bad, name+": "+got)
					}
				}
				if share := float64(ok) / float64(total); share < minShare[n] {
					t.Errorf("%d/%d right (%.0f%%, want >= %.0f%%); wrong: %q", ok, total, 100*share, 100*minShare[n], bad)
				}
			})
		}
	}
}

// TestSniffMoreLanguages covers languages and punctuation that the page
// fixtures do not.
func TestSniffMoreLanguages(t *testing.T) {
	tests := []struct {
		name string
		enc  encoding.Encoding
		text string
	}{
		{"Spanish ¿¡", charmap.Windows1252, "¿Qué pasó ayer en la reunión del Congreso? ¡Nadie lo sabe! El año pasado la situación económica fue difícil."},
		{"Portuguese", charmap.Windows1252, "O governo anunciou ontem que não haverá aumento de impostos. As negociações continuam e a população está preocupada com a inflação."},
		{"Italian", charmap.Windows1252, "Il governo ha approvato la riforma, ma l'opposizione è contraria. Più di mille persone hanno protestato però la città è rimasta calma."},
		{"French punctuation", charmap.Windows1252, "Prix : 25 € — « offre spéciale » jusqu’au 31 décembre… Réservez dès maintenant !"},
		{"Hungarian", charmap.ISO8859_2, "A kormány szerdán bejelentette, hogy a jövő évtől csökkenti az üzemanyag árát. Az ellenzék szerint ez nem elég."},
		{"Romanian", charmap.ISO8859_2, "Guvernul a anunţat că preţurile la energie vor scădea în această iarnă, însă opoziţia critică măsurile şi taxele."},
		{"Arabic", charmap.Windows1256, "أعلنت الحكومة اليوم عن خطة جديدة لدعم الاقتصاد الوطني، وقال وزير المالية إن هذه الإجراءات ستساعد على خفض التضخم."},
		{"Ukrainian", charmap.Windows1251, "Уряд України затвердив нову програму підтримки малого бізнесу, яка діятиме до кінця року."},
		{"Persian with Latin brand names", charmap.Windows1256, "شرکت Apple امروز گوشي جديد iPhone را در تهران معرفي کرد و قيمت آن را اعلام نکرد."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.enc.NewEncoder().Bytes([]byte(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			name, got := sniffDecode(t, b)
			if got != tc.text {
				t.Errorf("sniffed %s, decoded:\n%s", name, got)
			}
		})
	}
}

// TestSniffSampleLargePage checks that on a page larger than the sample,
// evidence from the whole page is collected and characters are not cut.
func TestSniffSampleLargePage(t *testing.T) {
	body := readFixture(t, "zh-gbk-nodecl.html")
	// 112 KB of ASCII, then ~100 KB of article.
	big := []byte(strings.Repeat("<script>var x = 1;</script>\n", 4000))
	for i := 0; i < 100; i++ {
		big = append(big, body...)
	}
	sample, nHigh := makeSample(big, maxSampleHigh)
	if len(sample) > maxSample+1024 || nHigh == 0 || nHigh > maxSampleHigh {
		t.Fatalf("sample: %d bytes, %d non-ASCII", len(sample), nHigh)
	}
	out, name, src, err := DecodeWithSource(big, "", "")
	if err != nil || name != "gbk" || src != "sniff" {
		t.Fatalf("got %s/%s/%v", name, src, err)
	}
	checkOutput(t, out, wordsFor("zh", false), false)
}

func TestSniffScoreMatrix(t *testing.T) {
	if !*scoreMatrix {
		t.Skip("run with -scorematrix -v to print the table")
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%-44s%5s", "", "high")
	for _, c := range candidates {
		fmt.Fprintf(&sb, "%8.8s", c.name)
	}
	sb.WriteString("\n")
	for _, f := range fixtures {
		s := newSniffer(readFixture(t, f.file))
		fmt.Fprintf(&sb, "%-44s%5d", f.file, s.nHigh)
		for _, c := range candidates {
			fmt.Fprintf(&sb, "%8.2f", s.score(c))
		}
		fmt.Fprintf(&sb, "  => %s\n", s.best())
	}
	t.Log("\n" + sb.String())
}

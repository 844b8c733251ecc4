package charset

import (
	"sync"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

type decKind uint8

const (
	kSingle decKind = iota // one byte per character
	kMulti                 // CJK double-byte encodings
	kUTF8
)

// profile selects the CJK weighting.
type profile uint8

const (
	pNone profile = iota // single-byte encodings
	pJa
	pZh
	pKo
	pAny // UTF-8 and declared encodings outside the candidate list
)

type candidate struct {
	name  string
	enc   encoding.Encoding
	kind  decKind
	prof  profile
	table *[128]rune // kSingle: decoding of 0x80..0xFF
	utf8  *utf8Table // kSingle: the same, UTF-8 encoded
	langs []int      // indexes into latinModels; nil means all
	prior float64    // added to the total score (not per byte)
}

func singleByte(name string, cm *charmap.Charmap) *candidate {
	var t [128]rune
	for i := range t {
		t[i] = cm.DecodeByte(byte(0x80 + i))
	}
	return &candidate{name: name, enc: cm, kind: kSingle, table: &t, utf8: makeUTF8Table(&t)}
}

// candidates, in order of preference for ties.
var candidates = []*candidate{
	{name: "utf-8", enc: xunicode.UTF8, kind: kUTF8, prof: pAny},
	withPrior(singleByte("windows-1252", charmap.Windows1252), 0.3),
	singleByte("windows-1256", charmap.Windows1256),
	singleByte("windows-1251", charmap.Windows1251),
	singleByte("koi8-r", charmap.KOI8R),
	singleByte("iso-8859-2", charmap.ISO8859_2),
	singleByte("windows-1250", charmap.Windows1250),
	singleByte("windows-1254", charmap.Windows1254),
	{name: "gbk", enc: simplifiedchinese.GB18030, kind: kMulti, prof: pZh},
	{name: "big5", enc: traditionalchinese.Big5, kind: kMulti, prof: pZh},
	{name: "shift_jis", enc: japanese.ShiftJIS, kind: kMulti, prof: pJa},
	{name: "euc-jp", enc: japanese.EUCJP, kind: kMulti, prof: pJa},
	{name: "euc-kr", enc: korean.EUCKR, kind: kMulti, prof: pKo},
}

// withPrior gives c a small head start (a fraction of one letter) so
// that near-ties go to it. windows-1252 gets one: it is by far the most
// common legacy encoding, and a few accents that fit two Latin alphabets
// equally well are more likely Western European.
func withPrior(c *candidate, p float64) *candidate {
	c.prior = p
	return c
}

// adHoc caches single-byte candidates for declared encodings outside the
// candidate list (their byte tables are reused by convert).
var adHoc sync.Map

// candidateFor returns the candidate for a declared encoding, building an
// ad-hoc one for encodings the sniffer does not try on its own.
func candidateFor(name string, enc encoding.Encoding) *candidate {
	for _, c := range candidates {
		if c.name == name {
			return c
		}
	}
	if cm, ok := enc.(*charmap.Charmap); ok {
		if c, ok := adHoc.Load(name); ok {
			return c.(*candidate)
		}
		c, _ := adHoc.LoadOrStore(name, singleByte(name, cm))
		return c.(*candidate)
	}
	return &candidate{name: name, enc: enc, kind: kMulti, prof: pAny}
}

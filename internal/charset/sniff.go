package charset

import (
	"math"

	"golang.org/x/text/encoding"
)

// The sniffer decodes a sample of the page with every candidate encoding
// and scores how much each result looks like real text. It works on the
// non-ASCII characters only (markup is ASCII in every candidate) and judges
// each one with its two neighbours:
//
//   - letter frequency: common letters of the script score high, rare ones
//     low (sniff_tables.go);
//   - script consistency: a Cyrillic or Arabic letter glued to a Latin
//     letter, or an accented Latin letter with no plain ASCII letter next to
//     it, is typical of a wrong decoding;
//   - case: "ÇáÓáÇã" (an upper-case letter after a lower-case one) is how
//     Persian looks in windows-1252 and KOI8-R looks in windows-1251;
//   - symbols and controls: ³ ± ¤ ˜ box drawing, C1 controls and U+FFFD
//     inside words are strong evidence against a decoding;
//   - for the CJK encodings: kana only count for Japanese, Hangul only for
//     Korean, and ideographs score high only if they are among the frequent
//     ones (a wrong CJK decoding produces rare ideographs).
//
// The score is the sum over non-ASCII characters, weighted by the bytes
// each one consumed, divided by the number of non-ASCII bytes, so all
// candidates are compared on the same scale (roughly -2 to 1.3 per byte).
// Ties go to the earlier candidate in the list.
//
// candidates.go lists the candidates, sample.go picks and decodes the
// sample, classify.go tells what each character is, and score.go scores it.

const (
	maxSample     = 32 << 10 // bytes of the page looked at
	maxSampleHigh = 2 << 10  // non-ASCII bytes that are enough evidence

	// A declared encoding is kept unless the best candidate beats it by
	// more than declMargin per non-ASCII byte and by declMinEvidence in
	// total (so that a page with two accented letters keeps its label).
	declMargin      = 0.3
	declMinEvidence = 4.0
)

// The sniffer first scores a small sample (quickSampleHigh non-ASCII
// bytes) and only moves to the full sample when that is not decisive: the
// winner's lead is under quickLead, or a declared encoding is neither
// clearly fine nor clearly wrong.
const (
	quickSampleHigh = 512
	quickLead       = 0.25
)

type sniffer struct {
	body   []byte
	full   bool // the sample holds all the evidence we will look at
	sample []byte
	nHigh  int
	scores map[string]float64
	runes  []rune
	widths []int8

	bestDone    bool
	bestName    string
	bestScore   float64
	secondScore float64
}

func newSniffer(body []byte) *sniffer {
	infoCacheOnce.Do(buildInfoCache)
	s := &sniffer{body: body, scores: make(map[string]float64, len(candidates))}
	s.sample, s.nHigh = makeSample(body, quickSampleHigh)
	s.full = s.nHigh < quickSampleHigh
	s.runes = make([]rune, 0, len(s.sample))
	s.widths = make([]int8, 0, len(s.sample))
	return s
}

// upgrade switches to the full sample, forgetting the quick scores.
func (s *sniffer) upgrade() {
	if s.full {
		return
	}
	s.full = true
	s.sample, s.nHigh = makeSample(s.body, maxSampleHigh)
	clear(s.scores)
	s.bestDone = false
}

// score returns the (cached) score of decoding the sample with c.
func (s *sniffer) score(c *candidate) float64 {
	if v, ok := s.scores[c.name]; ok {
		return v
	}
	var v float64
	if s.nHigh > 0 {
		s.runes, s.widths = decodeRunes(c, s.sample, s.runes[:0], s.widths[:0])
		v = (scoreRunes(s.runes, s.widths, c) + c.prior) / float64(s.nHigh)
	}
	s.scores[c.name] = v
	return v
}

func (s *sniffer) computeBest() {
	if s.bestDone {
		return
	}
	s.bestDone = true
	s.secondScore = math.Inf(-1)
	for i, c := range candidates {
		v := s.score(c)
		switch {
		case i == 0 || v > s.bestScore:
			if i > 0 {
				s.secondScore = s.bestScore
			}
			s.bestName, s.bestScore = c.name, v
		case v > s.secondScore:
			s.secondScore = v
		}
	}
}

// best returns the name of the best-scoring candidate.
func (s *sniffer) best() string {
	s.computeBest()
	if !s.full && s.bestScore-s.secondScore < quickLead {
		s.upgrade()
		s.computeBest()
	}
	return s.bestName
}

// plausible reports whether a declared encoding decodes the sample about
// as well as the best candidate.
func (s *sniffer) plausible(name string, enc encoding.Encoding) bool {
	c := candidateFor(name, enc)
	s.computeBest()
	if !s.full {
		diff := s.bestScore - s.score(c)
		if diff <= declMargin/2 {
			return true
		}
		if diff <= 2*declMargin {
			s.upgrade()
			s.computeBest()
		} else {
			return false
		}
	}
	diff := s.bestScore - s.score(c)
	return diff <= declMargin || diff*float64(s.nHigh) < declMinEvidence
}

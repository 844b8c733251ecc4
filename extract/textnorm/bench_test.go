package textnorm

import (
	"strings"
	"testing"
)

func BenchmarkClean(b *testing.B) {
	cases := []struct {
		name string
		in   string
		o    Options
	}{
		{"ascii-clean", strings.TrimSpace(strings.Repeat("The government announced a new plan on Monday to support small businesses. ", 8)), Options{}},
		{"ascii-dirty", strings.Repeat("The government  announced\ta new plan &amp; more.\n", 12), Options{}},
		{"persian-clean", strings.TrimSpace(strings.Repeat("به گزارش خبرگزاری ما، دولت برای کاهش تورم برنامه\u200Cهای تازه\u200Cای دارد. ", 6)), Options{Persian: true}},
		{"persian-dirty", strings.Repeat("به گزارش خبرگزاري ما،\u00A0دولت براي كاهش تورم\u200F برنامه\u200Cهاي تازه\u200Cاي دارد.&nbsp; ", 6), Options{Persian: true}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.in)))
			b.ReportAllocs()
			for b.Loop() {
				Clean(c.in, c.o)
			}
		})
	}
}

func BenchmarkParagraphs(b *testing.B) {
	ps := make([]string, 30)
	for i := range ps {
		ps[i] = "به گزارش خبرگزاری ما، دولت برای کاهش تورم برنامه\u200Cهای تازه\u200Cای دارد و کارشناسان آن را بررسی می\u200Cکنند."
	}
	b.ReportAllocs()
	for b.Loop() {
		Paragraphs(ps, Options{Persian: true})
	}
}

package textnorm_test

import (
	"fmt"

	"github.com/newsnorm/newsnorm/extract/textnorm"
)

func ExampleClean() {
	raw := "  Tom&nbsp;&amp; Jerry\u200B  are\tback &#8212; caf\u0065\u0301 \u00ABopen\u00BB  "
	fmt.Printf("%q\n", textnorm.Clean(raw, textnorm.Options{}))

	// Persian: Arabic yeh and kaf are unified, ZWNJ stays, RLM goes.
	fa := "\u200Fمي\u200Cخواهم  كتاب\u00A0بخوانم"
	fmt.Println(textnorm.Clean(fa, textnorm.Options{Persian: true}))
	// Output:
	// "Tom & Jerry are back — café «open»"
	// می‌خواهم کتاب بخوانم
}

func ExampleParagraphs() {
	ps := []string{"  First paragraph. ", "\u00A0", "Second\nparagraph."}
	fmt.Printf("%q\n", textnorm.Paragraphs(ps, textnorm.Options{}))
	// Output:
	// "First paragraph.\n\nSecond paragraph."
}

func ExampleIsPersian() {
	fmt.Println(textnorm.IsPersian("", "fa-IR"))
	fmt.Println(textnorm.IsPersian("گزارش خبرگزاری درباره بودجه سال آینده و برنامه‌های دولت", ""))
	fmt.Println(textnorm.IsPersian("أعلنت الحكومة اليوم عن خطة جديدة لدعم الاقتصاد", ""))
	// Output:
	// true
	// true
	// false
}

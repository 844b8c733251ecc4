package render_test

import (
	"errors"
	"fmt"

	"github.com/newsnorm/newsnorm/render"
)

// A failed render carries a Reason for the crawler to record.
func ExampleReasonOf() {
	err := fmt.Errorf("article 7: %w", &render.Error{
		URL: "https://news.example/7.html", Reason: render.ReasonTimeout,
		Err: errors.New("not settled within 30s"),
	})
	fmt.Println(render.ReasonOf(err))
	fmt.Println(err)
	fmt.Printf("%q\n", render.ReasonOf(errors.New("something else")))
	// Output:
	// render-timeout
	// article 7: render https://news.example/7.html: render-timeout: not settled within 30s
	// ""
}

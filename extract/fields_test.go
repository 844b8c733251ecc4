package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestFigureText(t *testing.T) {
	tests := []struct {
		src, caption, credit string
	}{
		{`<figure><img src="a.jpg"><figcaption>Pier on Sunday. <span class="credit">Photo: Ana Ribeiro</span></figcaption></figure>`, "Pier on Sunday.", "Ana Ribeiro"},
		{`<figure><img src="a.jpg"><figcaption>Pier on Sunday. Foto: dpa</figcaption></figure>`, "Pier on Sunday.", "dpa"},
		{`<figure><img src="a.jpg"><figcaption>Pier on Sunday | © Jane Doe</figcaption></figure>`, "Pier on Sunday", "Jane Doe"},
		{`<figure><img src="a.jpg"><figcaption>Pier on Sunday</figcaption></figure>`, "Pier on Sunday", ""},
		{`<figure><img src="a.jpg"></figure>`, "", ""},
	}
	for _, tt := range tests {
		doc, err := html.Parse(strings.NewReader(tt.src))
		if err != nil {
			t.Fatal(err)
		}
		var fig *html.Node
		walk(doc, func(n *html.Node) bool {
			if n.Type == html.ElementNode && n.Data == "figure" {
				fig = n
			}
			return fig == nil
		})
		if c, cr := figureText(fig); c != tt.caption || cr != tt.credit {
			t.Errorf("figureText(%s) = %q, %q, want %q, %q", tt.src, c, cr, tt.caption, tt.credit)
		}
	}
}

func TestLDBool(t *testing.T) {
	tests := []struct {
		v      any
		want   bool
		wantOK bool
	}{
		{true, true, true},
		{false, false, true},
		{"False", false, true},
		{"https://schema.org/True", true, true},
		{"maybe", false, false},
		{nil, false, false},
	}
	for _, tt := range tests {
		if got, ok := ldBool(tt.v); got != tt.want || ok != tt.wantOK {
			t.Errorf("ldBool(%v) = %v, %v, want %v, %v", tt.v, got, ok, tt.want, tt.wantOK)
		}
	}
}

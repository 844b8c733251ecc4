package charset

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

// The files in testdata/ are generated from the texts below with the
// golang.org/x/text encoders:
//
//	go test ./internal/charset -run TestFixturesUpToDate -update
//
// TestFixturesUpToDate fails if a committed file differs from what the
// generator produces, so the binary fixtures stay reviewable through this
// source.

var update = flag.Bool("update", false, "rewrite testdata fixtures")

type sampleText struct {
	lang, dir    string
	title, lead  string
	paras        []string
	expectWords  []string // words that must appear in a correct decoding
	windows1256Y bool     // windows-1256 has no ی (U+06CC): fixtures in it use ي (U+064A), as real sites do
}

var texts = map[string]sampleText{
	"fa": {
		lang: "fa", dir: "rtl",
		title: "افزایش بودجه پژوهش در سال آینده",
		lead:  "به گزارش خبرگزاری ما، رئیس سازمان برنامه و بودجه روز دوشنبه در نشست خبری گفت که دولت برای کاهش تورم برنامه‌های تازه‌ای دارد.",
		paras: []string{
			"وی افزود: «این برنامه‌ها از ماه آینده آغاز می‌شود و همه دستگاه‌های اجرایی موظف به همکاری هستند.» کارشناسان اقتصادی معتقدند که این اقدامات می‌تواند به ثبات بازار ارز و کالاهای اساسی کمک کند.",
			"به گفته مرکز پژوهش‌های مجلس، اجرای دقیق این طرح نیازمند نظارت جدی است. همچنین گفته شد که بودجه سال آینده با تکیه بر درآمدهای غیرنفتی تنظیم خواهد شد و سهم مالیات در آن افزایش پیدا می‌کند.",
			"چند نماینده مجلس نیز از تأخیر در پرداخت حقوق کارگران و بازنشستگان انتقاد کردند و خواستار پاسخگویی وزیر اقتصاد شدند.",
		},
		expectWords:  []string{"خبرگزاری", "بودجه", "پژوهش", "می‌شود", "کارگران", "«این"},
		windows1256Y: true,
	},
	"ru": {
		lang:  "ru",
		title: "Правительство утвердило план поддержки бизнеса",
		lead:  "Правительство России в понедельник утвердило новый план поддержки малого и среднего бизнеса.",
		paras: []string{
			"Как сообщил министр экономического развития, программа рассчитана на три года и предусматривает снижение налоговой нагрузки для предприятий, работающих в регионах.",
			"По словам экспертов, эти меры помогут сохранить рабочие места и поддержать рост экономики в условиях высокой инфляции. Центральный банк ранее заявил, что ключевая ставка останется без изменений до конца года.",
		},
		expectWords: []string{"Правительство", "поддержки", "экономики", "ключевая", "изменений"},
	},
	"fr": {
		lang:  "fr",
		title: "Énergie : le gouvernement présente sa réforme",
		lead:  "Le gouvernement français a présenté mercredi un nouveau projet de loi sur l’énergie.",
		paras: []string{
			"Selon le ministre de l’Économie, ces mesures permettront de réduire la facture des ménages dès l’hiver prochain. « C’est une réforme très attendue », a déclaré à l’Assemblée nationale la députée, qui a également évoqué la hausse des prix de l’électricité.",
			"Les élus de l’opposition ont critiqué un texte jugé trop coûteux et peu ambitieux — une critique que le ministre a rejetée.",
		},
		expectWords: []string{"présenté", "l’Économie", "ménages", "à", "coûteux", "—"},
	},
	"de": {
		lang:  "de",
		title: "Bundesregierung beschließt Förderung erneuerbarer Energien",
		lead:  "Die Bundesregierung hat am Mittwoch ein neues Gesetz zur Förderung erneuerbarer Energien beschlossen.",
		paras: []string{
			"Nach Angaben des Wirtschaftsministeriums sollen die Maßnahmen die Stromkosten für private Haushalte spürbar senken.",
			"Kritiker äußerten jedoch Zweifel an der Finanzierung und forderten eine gründliche Überprüfung der Pläne durch den Bundestag.",
		},
		expectWords: []string{"Förderung", "Maßnahmen", "äußerten", "Überprüfung", "Pläne"},
	},
	"pl": {
		lang:  "pl",
		title: "Rząd przyjął projekt ustawy o pomocy dla rolników",
		lead:  "Rząd przyjął we wtorek projekt ustawy o wsparciu dla rolników poszkodowanych przez suszę.",
		paras: []string{
			"Według ministra rolnictwa pomoc obejmie ponad sto tysięcy gospodarstw w całym kraju, a pierwsze wypłaty zostaną zrealizowane jeszcze przed końcem października.",
			"Opozycja skrytykowała jednak tempo prac i zażądała szczegółowych wyjaśnień dotyczących źródeł finansowania. Żaden z posłów nie zgłosił poprawek.",
		},
		expectWords: []string{"Rząd", "przyjął", "tysięcy", "października", "zażądała", "źródeł", "Żaden"},
	},
	"cs": {
		lang:  "cs",
		title: "Vláda schválila zákon o podpoře obnovitelných zdrojů",
		lead:  "Vláda ve středu schválila návrh zákona o podpoře obnovitelných zdrojů energie.",
		paras: []string{
			"Podle ministra průmyslu a obchodu by nová pravidla měla snížit ceny elektřiny pro domácnosti už příští rok.",
			"Opozice však kritizuje, že zákon přináší příliš mnoho byrokracie a že jeho dopady na státní rozpočet nejsou dostatečně vyčísleny. Poslanci budou o návrhu hlasovat v září.",
		},
		expectWords: []string{"středu", "průmyslu", "elektřiny", "příští", "rozpočet", "září"},
	},
	"tr": {
		lang:  "tr",
		title: "Hükümet yeni ekonomik paketi açıkladı",
		lead:  "Hükümet, çarşamba günü açıkladığı yeni ekonomik paket ile enflasyonla mücadelede kararlı olduğunu bildirdi.",
		paras: []string{
			"Maliye Bakanı, vergi düzenlemelerinin önümüzdeki aydan itibaren yürürlüğe gireceğini söyledi.",
			"Uzmanlar ise paketin işsizlik oranını düşürmek için yeterli olup olmadığını tartışıyor. İstanbul'da düzenlenen toplantıya iş dünyasının temsilcileri de katıldı.",
		},
		expectWords: []string{"Hükümet", "çarşamba", "açıkladığı", "İstanbul", "işsizlik", "düşürmek"},
	},
	"ja": {
		lang:  "ja",
		title: "政府、新たな経済対策を発表",
		lead:  "政府は月曜日、新しい経済対策を発表しました。",
		paras: []string{
			"首相は記者会見で、物価の上昇に苦しむ家庭を支援するため、電気料金とガス料金の補助を来年の春まで延長すると述べました。",
			"野党はこの対策について、財源の説明が不十分だと批判しています。専門家によると、円安の影響で輸入品の価格が上がり続けており、消費者の生活は厳しい状況が続いているということです。",
		},
		expectWords: []string{"経済対策", "記者会見", "電気料金", "円安", "ということです"},
	},
	"zh": {
		lang:  "zh-CN",
		title: "国务院部署稳定经济增长措施",
		lead:  "国务院总理周三主持召开常务会议，部署进一步稳定经济增长的政策措施。",
		paras: []string{
			"会议指出，当前经济运行总体平稳，但仍面临需求不足、部分企业经营困难等问题。",
			"会议要求各地区各部门加大对中小企业的支持力度，扩大有效投资，促进消费恢复，确保全年经济社会发展目标顺利实现。专家表示，这些措施有助于增强市场信心。",
		},
		expectWords: []string{"国务院", "经济增长", "中小企业", "市场信心"},
	},
	"zh-tw": {
		lang:  "zh-TW",
		title: "行政院推出經濟振興方案",
		lead:  "行政院長週三在立法院報告時表示，政府將推出新的經濟振興方案，協助受到國際景氣衰退影響的產業。",
		paras: []string{
			"他指出，方案內容包括降低企業稅負、擴大公共建設投資以及提供青年就業補助。",
			"在野黨立委則質疑預算來源不明，要求政府提出完整的財政規劃。經濟學者認為，這些措施對於穩定民眾信心有一定幫助。",
		},
		expectWords: []string{"行政院", "經濟振興", "就業補助", "財政規劃"},
	},
	"ko": {
		lang:  "ko",
		title: "정부, 물가 안정 대책 발표",
		lead:  "정부는 수요일 국무회의에서 물가 안정을 위한 새로운 경제 대책을 발표했다.",
		paras: []string{
			"기획재정부 장관은 기자회견에서 서민들의 생활비 부담을 줄이기 위해 전기 요금과 가스 요금 인상을 연말까지 미루기로 했다고 밝혔다.",
			"야당은 이번 대책이 근본적인 해결책이 되지 못한다고 비판했다. 전문가들은 환율 상승으로 수입 물가가 계속 오르고 있어 소비자들의 어려움이 이어질 것이라고 전망했다.",
		},
		expectWords: []string{"정부는", "기획재정부", "생활비", "전망했다"},
	},
	"fa-short": {
		lang: "fa", dir: "rtl",
		title:        "گزارش تازه",
		lead:         "وزیر نفت از افزایش صادرات گاز خبر داد.",
		expectWords:  []string{"صادرات", "گاز"},
		windows1256Y: true,
	},
	"ru-short": {
		lang:        "ru",
		title:       "Новости",
		lead:        "Курс рубля снова вырос после заявления банка.",
		expectWords: []string{"Курс", "рубля"},
	},
}

// fixture describes one file in testdata/.
type fixture struct {
	file string
	text string            // key into texts
	enc  encoding.Encoding // how the bytes are encoded
	decl string            // declaration markup put in <head> (before encoding)
	bom  bool              // prepend the encoding's BOM
}

var fixtures = []fixture{
	{file: "fa-windows-1256-meta-charset.html", text: "fa", enc: charmap.Windows1256, decl: `<meta charset="windows-1256">`},
	{file: "fa-windows-1256-http-equiv.html", text: "fa", enc: charmap.Windows1256, decl: `<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">`},
	{file: "fa-windows-1256-nodecl.html", text: "fa", enc: charmap.Windows1256},
	{file: "fa-windows-1256-unknown-meta.html", text: "fa", enc: charmap.Windows1256, decl: `<meta charset="x-no-such-charset">`},
	{file: "fa-windows-1256-unknown-then-known.html", text: "fa", enc: charmap.Windows1256, decl: `<meta charset="bogus-8"><meta http-equiv="content-type" content="text/html;charset=cp1256">`},
	{file: "fa-windows-1256-meta-says-utf8.html", text: "fa", enc: charmap.Windows1256, decl: `<meta charset="utf-8">`},
	{file: "fa-utf-8-bom.html", text: "fa", enc: xunicode.UTF8, bom: true},
	{file: "fa-utf-16le-bom.html", text: "fa", enc: xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), bom: true},
	{file: "fa-short-windows-1256-nodecl.html", text: "fa-short", enc: charmap.Windows1256},
	{file: "fr-windows-1252-nodecl.html", text: "fr", enc: charmap.Windows1252},
	{file: "fr-utf-8-meta-latin1.html", text: "fr", enc: xunicode.UTF8, decl: `<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">`},
	{file: "de-windows-1252-nodecl.html", text: "de", enc: charmap.Windows1252},
	{file: "ru-koi8-r-http-equiv.html", text: "ru", enc: charmap.KOI8R, decl: `<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=KOI8-R">`},
	{file: "ru-koi8-r-nodecl.html", text: "ru", enc: charmap.KOI8R},
	{file: "ru-windows-1251-nodecl.html", text: "ru", enc: charmap.Windows1251},
	{file: "ru-short-koi8-r-nodecl.html", text: "ru-short", enc: charmap.KOI8R},
	{file: "ru-short-windows-1251-nodecl.html", text: "ru-short", enc: charmap.Windows1251},
	{file: "pl-iso-8859-2-nodecl.html", text: "pl", enc: charmap.ISO8859_2},
	{file: "pl-windows-1250-nodecl.html", text: "pl", enc: charmap.Windows1250},
	{file: "cs-windows-1250-nodecl.html", text: "cs", enc: charmap.Windows1250},
	{file: "cs-iso-8859-2-nodecl.html", text: "cs", enc: charmap.ISO8859_2},
	{file: "tr-windows-1254-nodecl.html", text: "tr", enc: charmap.Windows1254},
	{file: "ja-shift_jis-meta-charset.html", text: "ja", enc: japanese.ShiftJIS, decl: `<meta charset=Shift_JIS>`},
	{file: "ja-shift_jis-nodecl.html", text: "ja", enc: japanese.ShiftJIS},
	{file: "ja-euc-jp-nodecl.html", text: "ja", enc: japanese.EUCJP},
	{file: "zh-gbk-meta-gb2312.html", text: "zh", enc: simplifiedchinese.GBK, decl: `<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />`},
	{file: "zh-gbk-nodecl.html", text: "zh", enc: simplifiedchinese.GBK},
	{file: "zh-tw-big5-nodecl.html", text: "zh-tw", enc: traditionalchinese.Big5},
	{file: "ko-euc-kr-nodecl.html", text: "ko", enc: korean.EUCKR},
}

// page renders a sample text as a news article page. The head carries
// enough ASCII boilerplate (script, style, links) to look like a real page.
func page(t sampleText, decl string) string {
	var b strings.Builder
	dir := ""
	if t.dir != "" {
		dir = ` dir="` + t.dir + `"`
	}
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=%q%s>\n<head>\n", t.lang, dir)
	if decl != "" {
		b.WriteString(decl + "\n")
	}
	b.WriteString(`<meta name="viewport" content="width=device-width, initial-scale=1">
<!-- <meta charset="iso-8859-15"> commented out: must be ignored -->
<link rel="stylesheet" href="/static/css/site.min.css?v=20240101">
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} gtag('js', new Date());</script>
<style>body{font-family:Tahoma,Arial,sans-serif;margin:0} .lead{font-weight:bold}</style>
`)
	fmt.Fprintf(&b, "<title>%s</title>\n</head>\n<body>\n", t.title)
	b.WriteString(`<header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/economy">Economy</a></nav></header>
<main><article>
`)
	fmt.Fprintf(&b, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", t.title, t.lead)
	for _, p := range t.paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	b.WriteString("</article></main>\n<footer>&copy; 2024 Example News Agency</footer>\n</body>\n</html>\n")
	return b.String()
}

func renderFixture(f fixture) ([]byte, error) {
	t, ok := texts[f.text]
	if !ok {
		return nil, fmt.Errorf("no text %q", f.text)
	}
	s := page(t, f.decl)
	if t.windows1256Y && f.enc == charmap.Windows1256 {
		s = strings.ReplaceAll(s, "ی", "ي")
	}
	if f.bom {
		s = "\uFEFF" + s
	}
	// Strict encoder: fails on anything the charset cannot represent, so a
	// fixture never silently contains '?' or entities.
	return f.enc.NewEncoder().Bytes([]byte(s))
}

func readFixture(t testing.TB, file string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatalf("%v (regenerate with: go test ./internal/charset -run TestFixturesUpToDate -update)", err)
	}
	return b
}

func TestFixturesUpToDate(t *testing.T) {
	for _, f := range fixtures {
		want, err := renderFixture(f)
		if err != nil {
			t.Fatalf("%s: %v", f.file, err)
		}
		path := filepath.Join("testdata", f.file)
		if *update {
			if err := os.MkdirAll("testdata", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (run with -update)", f.file, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from its generator (run with -update)", f.file)
		}
	}
}

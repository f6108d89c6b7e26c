package render_test

import (
	"archive/zip"
	"bytes"
	"html"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"jixiao"
	"jixiao/check"
	"jixiao/form"
	"jixiao/internal/realclient"
	"jixiao/internal/synth"
	"jixiao/render"
	"jixiao/render/xlsx"
	"jixiao/scoring"
	"jixiao/templates"
)

// hostile texts that every text field must survive in every format.
var hostile = []struct{ name, text string }{
	{"xml", `<w:t>&amp; "quoted" 'single' ]]> </w:t>`},
	{"formula", "=SUM(A1:A9)"},
	{"plus", "+86 0730-1234567"},
	{"minus", "-8.58 是当年结余"},
	{"at", "@某单位"},
	{"emoji and supplementary CJK", "满意度😀𠀀𪚥"},
	{"rtl", "\u202eتقرير\u202c 报告"},
	{"empty", ""},
	{"spaces", "  前后有空格  "},
	{"newlines", "第一行\n第二行\n\n第四行"},
}

// setTexts sets every text field of v (except IDs and the profile) to s.
func setTexts(v reflect.Value, s string) {
	switch v.Kind() {
	case reflect.Pointer:
		setTexts(v.Elem(), s)
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.Name == "ID" || f.Name == "Profile" || !f.IsExported() {
				continue
			}
			setTexts(v.Field(i), s)
		}
	case reflect.Slice:
		for i := range v.Len() {
			setTexts(v.Index(i), s)
		}
	case reflect.String:
		v.SetString(s)
	}
}

func hostileReport(s string) *jixiao.Report {
	r := synth.Report(11, 2)
	setTexts(reflect.ValueOf(r), s)
	return r
}

// Every format writes every hostile text; the workbook reads it back as text
// (never a formula); the strict validator accepts all files; LibreOffice opens
// them all.
func TestHostileText(t *testing.T) {
	p, err := templates.Profile("")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var files []string
	cases := append(hostile, struct{ name, text string }{"long", strings.Repeat("很长的段落。", 32766/6)})
	for i, h := range cases {
		r := hostileReport(h.text)
		if h.name == "long" { // one 50,000-character paragraph, the rest ordinary
			r = synth.Report(12, 2)
			r.Narrative[0].Paragraphs = []string{h.text}
		}
		s := scoring.Score(p, r)
		for _, format := range []string{"docx", "xlsx"} {
			var buf bytes.Buffer
			if err := render.Formats[format](&buf, form.Print(p, r, s, 0)); err != nil {
				t.Fatalf("%s %s: %v", h.name, format, err)
			}
			name := filepath.Join(dir, "hostile-"+string(rune('a'+i))+"."+format)
			if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, name)
			if format != "xlsx" {
				continue
			}
			back, _, _, err := xlsx.Read(name, buf.Bytes())
			if err != nil {
				t.Fatalf("%s: reading the workbook back: %v", h.name, err)
			}
			// A workbook's cells are read with the spaces around them trimmed.
			if got, want := back.Cover.Unit, strings.TrimSpace(r.Cover.Unit); got != want {
				t.Errorf("%s: unit read back as %q, want %q", h.name, got, want)
			}
			if h.name != "long" && back.Evaluation.Filler != strings.TrimSpace(r.Evaluation.Filler) {
				t.Errorf("%s: filler read back as %q", h.name, back.Evaluation.Filler)
			}
			if h.name == "long" && back.Narrative[0].Paragraphs[0] != h.text {
				t.Errorf("the long paragraph did not survive the workbook")
			}
		}
	}
	if testing.Short() {
		return
	}
	for _, f := range files {
		realclient.Validate(t, f)
	}
	pdfs := realclient.ToPDF(t, dir, files...)
	for _, pdf := range pdfs {
		if len(realclient.PDFPages(t, pdf)) == 0 {
			t.Errorf("%s has no page", pdf)
		}
	}
}

// A 50,000-character paragraph goes into the Word form; check refuses it for
// the Excel form (a cell holds 32,767 characters), and says so.
func TestVeryLongParagraph(t *testing.T) {
	p, _ := templates.Profile("")
	r := synth.Report(12, 2)
	r.Narrative[0].Paragraphs = []string{strings.Repeat("很长的段落。", 50000/6)}
	var buf bytes.Buffer
	if err := render.Formats["docx"](&buf, form.Print(p, r, scoring.Score(p, r), 0)); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "long.docx")
	os.WriteFile(name, buf.Bytes(), 0o644)
	if !testing.Short() {
		realclient.Validate(t, name)
	}
	problems := check.Report(p, r, nil).Problems
	want := "narrative[0].paragraphs[0]：文字长 49998 个字符，超过 Excel 单元格的上限 32767；请分成几段"
	found := false
	for _, pr := range problems {
		found = found || pr.Path+"："+pr.Message == want
	}
	if !found {
		t.Errorf("check does not say %q", want)
	}
}

// Characters that XML 1.0 forbids never reach a file.
func TestControlCharactersDropped(t *testing.T) {
	p, _ := templates.Profile("")
	r := hostileReport("单位\x01\x08\x0b\x1f\ufffe名称")
	s := scoring.Score(p, r)
	for _, format := range []string{"docx", "xlsx"} {
		var buf bytes.Buffer
		if err := render.Formats[format](&buf, form.Print(p, r, s, 0)); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		name := filepath.Join(t.TempDir(), "ctl."+format)
		os.WriteFile(name, buf.Bytes(), 0o644)
		if format == "xlsx" {
			back, _, _, err := xlsx.Read(name, buf.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if back.Cover.Unit != "单位名称" {
				t.Errorf("unit read back as %q", back.Cover.Unit)
			}
		}
		if !testing.Short() {
			realclient.Validate(t, name)
		}
	}
}

// FuzzRoundTrip imports what render wrote: a synthetic report of any seed and
// size, written as a workbook and read back, has the same derived tables, the
// same scores and the same texts (see the round-trip rule in render/xlsx).
func FuzzRoundTrip(f *testing.F) {
	for _, seed := range []uint64{1, 2, 3, 42} {
		f.Add(seed, uint8(seed%7))
	}
	p, _ := templates.Profile("")
	f.Fuzz(func(t *testing.T, seed uint64, n uint8) {
		r := synth.Report(seed, 1+int(n%12))
		var buf bytes.Buffer
		if err := render.Formats["xlsx"](&buf, form.Print(p, r, scoring.Score(p, r), 0)); err != nil {
			t.Fatal(err)
		}
		back, _, _, err := xlsx.Read("fuzz.xlsx", buf.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		type view struct {
			Finance    jixiao.Finance
			Self       string
			Grade      string
			Overview   jixiao.Overview
			Narrative  []jixiao.Section
			Evaluators []jixiao.Evaluator
			Items      []jixiao.SelfScore
		}
		see := func(r *jixiao.Report) []byte {
			f, _ := jixiao.DeriveFinance(r.Finance, nil)
			s := scoring.Score(p, r)
			var b bytes.Buffer
			jixiao.EncodeJSON(&b, view{f, s.Self.String(), s.Grade, r.Overview, r.Narrative, r.Evaluation.Evaluators, r.ScoreSheet.Items})
			return b.Bytes()
		}
		if a, b := see(r), see(back); !bytes.Equal(a, b) {
			t.Fatalf("seed %d n %d: the workbook reads back differently:\n%s\n%s", seed, n, a, b)
		}
	})
}

// The cover variants of the family print in both forms, and the workbook
// reads back.
func TestCoverVariants(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "county.json")
	os.WriteFile(file, []byte(`{"extends": "yueyanglou-2020", "id": "county-2017", "issuer": "岳阳县财政局", "place": "岳阳县",
  "attachment": "附件6", "cover": {"attachment": "附件6", "date_label": "报告期", "no_colon": true, "issuer": "{issuer}　制"}}`), 0o644)
	county, err := templates.Profile(file)
	if err != nil {
		t.Fatal(err)
	}
	p2021, _ := templates.Profile("yueyanglou-2021")
	r := synth.Report(5, 2)
	for _, c := range []struct {
		p          *jixiao.Profile
		want, none []string
	}{
		{p2021, []string{"附件3-1", "报告日期", "：", "岳阳楼区财政局（制）"}, nil},
		{county, []string{"附件6", "报告期", "岳阳县财政局　制"}, []string{"报告日期", "（制）"}},
	} {
		pr := form.Print(c.p, r, nil, 0)
		var doc, book bytes.Buffer
		if err := render.Formats["docx"](&doc, pr); err != nil {
			t.Fatal(err)
		}
		if err := render.Formats["xlsx"](&book, pr); err != nil {
			t.Fatal(err)
		}
		zr, _ := zip.NewReader(bytes.NewReader(doc.Bytes()), int64(doc.Len()))
		f, _ := zr.Open("word/document.xml")
		body, _ := io.ReadAll(f)
		cover := string(body)[:strings.Index(string(body), "一、")]
		for _, w := range c.want {
			if !strings.Contains(cover, w) {
				t.Errorf("%s: the Word cover lacks %q", c.p.ID, w)
			}
		}
		for _, w := range c.none {
			if strings.Contains(cover, w) {
				t.Errorf("%s: the Word cover has %q", c.p.ID, w)
			}
		}
		back, _, ps, err := xlsx.Read("r.xlsx", book.Bytes())
		if err != nil || jixiao.HasErrors(ps) || back.Cover.Unit != r.Cover.Unit {
			t.Errorf("%s: the workbook reads back with %v %v", c.p.ID, err, ps)
		}
	}
}

// The Word and the Excel forms show the same captions, headers, row labels
// and values: both are drawn from one description of the form.
func TestWordAndExcelAgree(t *testing.T) {
	p, _ := templates.Profile("")
	r := synth.Report(21, 3)
	pr := form.Print(p, r, nil, 0)
	var doc, book bytes.Buffer
	if err := render.Formats["docx"](&doc, pr); err != nil {
		t.Fatal(err)
	}
	if err := render.Formats["xlsx"](&book, pr); err != nil {
		t.Fatal(err)
	}
	word := squeezed(t, doc.Bytes(), "word/document.xml")
	excel := squeezed(t, book.Bytes(), "xl/")
	var want []string
	for _, tb := range form.FinanceTables(p) {
		want = append(want, tb.Caption)
		for _, h := range tb.Head {
			want = append(want, h.Text)
		}
	}
	names := []string{}
	for _, u := range pr.Report.Finance.Units {
		names = append(names, u.Name)
	}
	want = append(want, form.RowLabels(names)...)
	for _, o := range append([]jixiao.Org{pr.Report.Finance.Summary}, pr.Report.Finance.Units...) {
		for _, f := range jixiao.OrgFields {
			if n := *f.Get(&o); n.Valid {
				want = append(want, strings.TrimRight(strings.TrimRight(jixiao.Money(n.Value), "0"), "."))
			}
		}
	}
	for i := 1; i <= 5; i++ {
		want = append(want, form.Part(p, i))
	}
	want = append(want, form.ScoreSheetColumns...)
	want = append(want, form.EvaluatorColumns...)
	for _, path := range []string{"performance.qualitative", "performance.qualitative.goals", "performance.total_score", "performance.grade",
		"overview.tasks", "overview.operation"} {
		want = append(want, form.Label(p, path))
	}
	want = append(want, pr.Score.Self.Value.String(), pr.Score.Grade)
	for _, w := range want {
		w = strings.Join(strings.Fields(w), "")
		if !strings.Contains(word, w) {
			t.Errorf("the Word form lacks %q", w)
		}
		if !strings.Contains(excel, w) {
			t.Errorf("the Excel form lacks %q", w)
		}
	}
}

// squeezed is the text of the parts under prefix of a package, without tags
// and white space, each text node on its own line.
func squeezed(t *testing.T, data []byte, prefix string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	tags := regexp.MustCompile(`<[^>]*>`)
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, prefix) || !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		rc, _ := f.Open()
		x, _ := io.ReadAll(rc)
		rc.Close()
		text := html.UnescapeString(tags.ReplaceAllString(strings.ReplaceAll(string(x), "</w:p>", "</w:p>\n"), "\n"))
		for _, line := range strings.Split(text, "\n") {
			b.WriteString(strings.Join(strings.Fields(line), ""))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

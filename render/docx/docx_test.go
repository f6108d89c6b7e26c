package docx

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"jixiao"
	"jixiao/form"
	"jixiao/internal/ooxml"
	"jixiao/internal/realclient"
	"jixiao/internal/synth"
	"jixiao/scoring"
	"jixiao/templates"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// testCase is a report with the profile it is rendered by.
type testCase struct {
	name string
	p    *jixiao.Profile
	r    *jixiao.Report
}

func (c testCase) render(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, form.Print(c.p, c.r, nil, 0)); err != nil {
		t.Fatalf("%s: Write: %v", c.name, err)
	}
	return b.Bytes()
}

func profile(t testing.TB, id string) *jixiao.Profile {
	t.Helper()
	p, err := templates.Profile(id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// freshProfile returns a private copy of a shipped profile, which a test may
// change.
func freshProfile(t testing.TB, id string) *jixiao.Profile {
	t.Helper()
	name := "profiles/" + id + ".json"
	data, err := fs.ReadFile(templates.FS, name)
	if err != nil {
		t.Fatal(err)
	}
	p, err := templates.Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func example(t testing.TB) *jixiao.Report {
	t.Helper()
	r, _, _, err := jixiao.ReadReport(templates.ExampleName, templates.Example())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// large is a synthetic report with many units, targets, evaluators and
// paragraphs, deep narrative sections, and texts with line ends, tabs and XML
// special characters.
func large(t testing.TB) *jixiao.Report {
	t.Helper()
	r := synth.Report(3, 6)
	for i := len(r.Finance.Units); i < 12; i++ {
		r.Finance.Units = append(r.Finance.Units, jixiao.Org{
			Name:   "二级机构" + strconv.Itoa(i),
			Income: jixiao.Income{Total: jixiao.MustNum("12.5"), Other: jixiao.MustNum("12.5")},
		})
	}
	r.Cover.Method, r.Cover.Evaluator = "", ""
	r.Overview.Duties = "第一行职责\n\n　　第二行职责（首行带全角空格）\r\n第三行 A&B <C> \"D\""
	for i := range 9 {
		r.Evaluation.Evaluators = append(r.Evaluation.Evaluators, jixiao.Evaluator{Name: "评价人" + strconv.Itoa(i+1), Title: "科员"})
	}
	r.Evaluation.LeaderDate = jixiao.Date{Year: 2021, Month: 6, Day: 1}
	r.Evaluation.UnitOpinion = "同意。\n请财政部门审核。"
	r.Evaluation.FinanceOpinion = "审核通过。"
	r.Narrative = append(r.Narrative, jixiao.Section{
		Title:      "多级标题",
		Paragraphs: []string{"甲\t乙", "丙\n丁"},
		Sections: []jixiao.Section{{
			Title: "第二级",
			Sections: []jixiao.Section{{
				Title: "第三级",
				Sections: []jixiao.Section{{
					Title:      "第四级",
					Sections:   []jixiao.Section{{Title: "第五级", Paragraphs: []string{"最深一级的段落。"}}},
					Paragraphs: []string{"第四级的段落。"},
				}},
			}},
		}},
	})
	for i := range 11 {
		r.Narrative[len(r.Narrative)-1].Sections = append(r.Narrative[len(r.Narrative)-1].Sections,
			jixiao.Section{Title: "补充小节" + strconv.Itoa(i+1)})
	}
	return r
}

func cases(t testing.TB) []testCase {
	return []testCase{
		{"example", profile(t, "yueyanglou-2020"), example(t)},
		{"example-city", profile(t, "yueyang-city-2020"), example(t)},
		{"synthetic", profile(t, "yueyanglou-2020"), large(t)},
	}
}

// TestGolden compares a readable dump of each document with
// testdata/NAME.golden; go test -update rewrites them.
func TestGolden(t *testing.T) {
	for _, c := range cases(t) {
		t.Run(c.name, func(t *testing.T) {
			got := dump(t, c.render(t))
			file := filepath.Join("testdata", c.name+".golden")
			if *update {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("the document differs from %s (go test -update rewrites it):\n%s", file, diff(string(want), got))
			}
		})
	}
}

// diff shows the first lines where want and got differ.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return fmt.Sprintf("line %d:\nwant %s\ngot  %s", i+1, wl, gl)
		}
	}
	return ""
}

func TestDeterministic(t *testing.T) {
	for _, c := range cases(t) {
		a, b := c.render(t), c.render(t)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renderings differ", c.name)
		}
	}
}

// TestParts checks the package: every part in order, with fixed time stamps,
// the core properties, and the fixed parts as templates.Docx holds them.
func TestParts(t *testing.T) {
	c := cases(t)[0]
	zr := open(t, c.render(t))
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(ooxml.Modified) {
			t.Errorf("%s: ooxml.Modified %v, want %v", f.Name, f.Modified, ooxml.Modified)
		}
	}
	if !slices.Equal(names, partNames) {
		t.Errorf("parts:\n got %q\nwant %q", names, partNames)
	}
	var embedded []string
	err := fs.WalkDir(templates.Docx, "docx", func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			embedded = append(embedded, strings.TrimPrefix(path, "docx/"))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range embedded {
		want, err := fs.ReadFile(templates.Docx, "docx/"+name)
		if err != nil {
			t.Fatal(err)
		}
		if got := readPart(t, zr, name); !bytes.Equal(got, want) {
			t.Errorf("%s differs from templates.Docx", name)
		}
	}
	if len(embedded)+3 != len(partNames) {
		t.Errorf("templates.Docx holds %q; the package should be those plus the document, core.xml and the header", embedded)
	}

	var core struct {
		Title   string `xml:"title"`
		Subject string `xml:"subject"`
	}
	if err := xml.Unmarshal(readPart(t, zr, "docProps/core.xml"), &core); err != nil {
		t.Fatal(err)
	}
	if want := "岳阳楼区2020年度部门（单位）整体支出绩效评价自评报告"; core.Title != want {
		t.Errorf("title %q, want %q", core.Title, want)
	}
	if core.Subject != c.r.Cover.Unit {
		t.Errorf("subject %q, want %q", core.Subject, c.r.Cover.Unit)
	}
}

// TestText checks how texts reach the document: XML special characters
// escaped, characters XML 1.0 forbids dropped, line ends made paragraphs, the
// defaults of the cover, blank amounts and dates.
func TestText(t *testing.T) {
	r := example(t)
	r.Cover.Unit = "A&B <单位> \"甲\" 'x'\x01\x7f\u0085\ufffe\xff"
	r.Cover.Method, r.Cover.Evaluator, r.Cover.Date = "", "", jixiao.Date{}
	r.Overview.Duties = "一行\r\n二行\r三行\n\n  　四行　"
	r.Overview.Tasks = []string{"任务\n分行"}
	r.Evaluation.Filler = "张三\t"
	p := profile(t, "")
	var b bytes.Buffer
	if err := Write(&b, form.Print(p, r, nil, 0)); err != nil {
		t.Fatal(err)
	}
	zr := open(t, b.Bytes())
	doc := readPart(t, zr, "word/document.xml")
	for _, bad := range []string{"\x01", "\x7f", "\u0085", "\ufffe", "\xff"} {
		if bytes.Contains(doc, []byte(bad)) {
			t.Errorf("document.xml holds %q", bad)
		}
	}
	got := dump(t, b.Bytes())
	for _, want := range []string{
		"| A&B <单位> \"甲\" 'x' {bottom}",
		"| 部门（单位）绩效自评 {bottom}",
		"| 部门（单位）评价组 {bottom}",
		"| 　　　　年　　月　　日 {bottom}",
		"| 一行 {gridSpan=3}\n      ¶ 二行\n      ¶ 三行\n      ¶ 四行",
		"| 任务1：任务↵分行 {gridSpan=3}",
		"P[Normal/仿宋_GB2312/28] 填报人（签名）：张三→联系电话：8208775",
	} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("the document lacks the line %q", want)
		}
	}
	if !strings.Contains(string(doc), "A&amp;B &lt;单位&gt;") {
		t.Error("special characters are not escaped")
	}
	if err := xml.Unmarshal(doc, new(node)); err != nil {
		t.Errorf("document.xml is not well-formed: %v", err)
	}
}

// FuzzText puts arbitrary text into the report: the document and its core
// properties stay well-formed XML.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "甲", "A&B <C> \"D\"", "\x00\x1f\x7f\u0085\ufffe\uffff", "\xff\xfe", "a\r\nb\rc\n\nd\te", " 　 ", "]]>"} {
		f.Add(s)
	}
	p := profile(f, "")
	base := example(f)
	f.Fuzz(func(t *testing.T, s string) {
		r := *base
		r.Cover.Unit, r.Overview.Duties, r.Evaluation.Filler = s, s, s
		r.Overview.Tasks = []string{s}
		r.Narrative = []jixiao.Section{{Title: s, Paragraphs: []string{s}}}
		var b bytes.Buffer
		if err := Write(&b, form.Print(p, &r, nil, 0)); err != nil {
			t.Fatal(err)
		}
		zr := open(t, b.Bytes())
		for _, name := range []string{"word/document.xml", "docProps/core.xml"} {
			if err := xml.Unmarshal(readPart(t, zr, name), new(node)); err != nil {
				t.Errorf("%s is not well-formed for %q: %v", name, s, err)
			}
		}
	})
}

func TestWriteErrors(t *testing.T) {
	p, r := profile(t, ""), example(t)
	s := scoring.Score(p, r)
	other := scoring.Score(p, r)
	other.Items = other.Items[1:]
	city := freshProfile(t, "yueyang-city-2020")
	city.Tree[0].Children[0].Items[0].ID = "renamed"
	errWrite := errors.New("disk full")
	tests := []struct {
		name string
		w    io.Writer
		p    *jixiao.Profile
		r    *jixiao.Report
		s    *scoring.Result
		want string
		is   error
	}{
		{name: "no profile", w: io.Discard, r: r, s: s, want: "docx: the printed report, its profile and scores are required"},
		{name: "no report", w: io.Discard, p: p, s: s, want: "docx: the printed report, its profile and scores are required"},
		{name: "no scores", w: io.Discard, p: p, r: r, want: "docx: the printed report, its profile and scores are required"},
		{name: "fewer scores", w: io.Discard, p: p, r: r, s: other, want: "docx: the scores have 22 items, profile yueyanglou-2020 has 23"},
		{name: "scores of another profile", w: io.Discard, p: city, r: r, s: s, want: `docx: score 0 is not for item "renamed" of profile yueyang-city-2020`},
		{name: "writer fails", w: failWriter{errWrite}, p: p, r: r, s: s, is: errWrite},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var pr *form.Printed
			if tt.p != nil || tt.r != nil || tt.s != nil {
				pr = &form.Printed{Profile: tt.p, Report: tt.r, Score: tt.s}
			}
			err := Write(tt.w, pr)
			switch {
			case err == nil:
				t.Fatal("no error")
			case tt.is != nil && !errors.Is(err, tt.is):
				t.Errorf("error %v, want one wrapping %v", err, tt.is)
			case tt.want != "" && err.Error() != tt.want:
				t.Errorf("error\n got %s\nwant %s", err, tt.want)
			}
		})
	}
}

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func TestNumber(t *testing.T) {
	tests := []struct {
		depth, n int
		want     string
	}{
		{0, 1, "一、"}, {0, 10, "十、"}, {0, 11, "十一、"}, {0, 20, "二十、"}, {0, 21, "二十一、"},
		{0, 100, "一百、"}, {0, 105, "一百零五、"}, {0, 110, "一百一十、"}, {0, 1001, "一千零一、"},
		{1, 3, "（三）"}, {1, 12, "（十二）"}, {2, 7, "7."}, {3, 2, "（2）"},
		{4, 1, "①"}, {4, 20, "⑳"}, {4, 21, "（21）"},
	}
	for _, tt := range tests {
		if got := form.Number(tt.depth, tt.n); got != tt.want {
			t.Errorf("number(%d, %d) = %q, want %q", tt.depth, tt.n, got, tt.want)
		}
	}
}

// TestScoreSheetMerges renders a profile with the criteria of its first item
// marked CriteriaAbove (nothing above: printed as is), criteria on an item
// merged into the one above (both texts kept), and a shared-points group.
func TestScoreSheetMerges(t *testing.T) {
	p := freshProfile(t, "yueyanglou-2020")
	items := p.Tree[0].Children[0].Items
	items[0].CriteriaAbove = true
	items[1].CriteriaAbove = true
	r := example(t)
	var b bytes.Buffer
	if err := Write(&b, form.Print(p, r, nil, 0)); err != nil {
		t.Fatal(err)
	}
	got := dump(t, b.Bytes())
	sheet := got[strings.LastIndex(got, "TABLE"):]
	for _, want := range []string{
		"| 财政供养人员↵控制率\n    | " + items[0].Criteria + " {vMerge=restart}\n      ¶ " + strings.ReplaceAll(items[1].Criteria, "\n", "\n      ¶ ") + "\n",
		"| “三公经费”↵变动率\n    |  {vMerge=continue}\n",
		"| 经济效益\n    | ",
		"| 社会效益\n    |  {vMerge=continue}\n    |  {vMerge=continue}\n    |  {vMerge=continue}\n    |  {vMerge=continue}\n",
		"| 总分 {b, gridSpan=4}\n    | 100\n    | 95\n",
	} {
		if !strings.Contains(sheet, want) {
			t.Errorf("the score sheet lacks\n%s\nin\n%s", want, sheet)
		}
	}
}

func open(t testing.TB, data []byte) *zip.Reader {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

func readPart(t testing.TB, zr *zip.Reader, name string) []byte {
	t.Helper()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// node is any XML element.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Nodes   []node     `xml:",any"`
	Text    string     `xml:",chardata"`
}

func (n *node) child(local string) *node {
	if n == nil {
		return nil
	}
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == local {
			return &n.Nodes[i]
		}
	}
	return nil
}

func (n *node) attr(local string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// dump returns a readable outline of a document's body: each paragraph as
// P[style/font/b/size] text, each table with its grid, rows and cells with
// their spans and merges (a cell's further paragraphs on lines of their own,
// marked ¶), each section break with its page setup. A line break shows as ↵,
// a tab as →.
func dump(t testing.TB, data []byte) string {
	t.Helper()
	var doc node
	if err := xml.Unmarshal(readPart(t, open(t, data), "word/document.xml"), &doc); err != nil {
		t.Fatal(err)
	}
	styles = readStyleSheet(t, readPart(t, open(t, data), "word/styles.xml"))
	var b strings.Builder
	body := doc.child("body")
	for i := range body.Nodes {
		n := &body.Nodes[i]
		switch n.XMLName.Local {
		case "p":
			dumpPara(&b, n)
			if s := n.child("pPr").child("sectPr"); s != nil {
				dumpSect(&b, s)
			}
		case "tbl":
			dumpTable(&b, n)
		case "sectPr":
			dumpSect(&b, n)
		}
	}
	return b.String()
}

func dumpPara(b *strings.Builder, p *node) {
	ppr := p.child("pPr")
	style := ppr.child("pStyle").attr("val")
	format := []string{style}
	if r := p.child("r"); r != nil {
		format = append(format, runFormat(r, style)...)
	}
	fmt.Fprintf(b, "P[%s]", strings.Join(format, "/"))
	for _, flag := range []string{"pageBreakBefore", "keepNext"} {
		if ppr.child(flag) != nil {
			b.WriteString(" " + flag)
		}
	}
	jc := ppr.child("jc").attr("val")
	if base := styles[style].base; jc == "" && (base == "TableText" || base == "SheetText") {
		jc = styles[style].jc // the alignment of a style derived for table cells
	}
	if jc != "" {
		b.WriteString(" " + jc)
	}
	fmt.Fprintf(b, " %s\n", paraText(p))
}

// runFormat is a run's font, bold and size: its own, or its paragraph
// style's (styles.xml) where it has none.
func runFormat(r *node, style string) []string {
	rpr := r.child("rPr")
	if rpr == nil {
		sf := styles.facts(style)
		f := []string{sf.font}
		if sf.bold {
			f = append(f, "b")
		}
		return append(f, sf.size)
	}
	f := []string{rpr.child("rFonts").attr("eastAsia")}
	if rpr.child("b") != nil {
		f = append(f, "b")
	}
	return append(f, rpr.child("sz").attr("val"))
}

// styleFacts are what a paragraph style gives: font, bold, size, alignment.
type styleFacts struct {
	base, font, size, jc string
	bold                 bool
}

// styleSheet holds the paragraph styles of styles.xml by ID, and the defaults.
type styleSheet map[string]styleFacts

// styles is the style sheet of the document being dumped.
var styles styleSheet

func readStyleSheet(t testing.TB, data []byte) styleSheet {
	t.Helper()
	var root node
	if err := xml.Unmarshal(data, &root); err != nil {
		t.Fatal(err)
	}
	ss := styleSheet{}
	def := root.child("docDefaults").child("rPrDefault").child("rPr")
	ss[""] = styleFacts{font: def.child("rFonts").attr("eastAsia"), size: def.child("sz").attr("val")}
	for i := range root.Nodes {
		n := &root.Nodes[i]
		if n.XMLName.Local != "style" || n.attr("type") != "paragraph" {
			continue
		}
		rpr := n.child("rPr")
		ss[n.attr("styleId")] = styleFacts{base: n.child("basedOn").attr("val"), font: rpr.child("rFonts").attr("eastAsia"),
			size: rpr.child("sz").attr("val"), jc: n.child("pPr").child("jc").attr("val"), bold: rpr.child("b") != nil}
	}
	return ss
}

// facts resolves a style through the styles it is based on.
func (ss styleSheet) facts(id string) styleFacts {
	var chain []styleFacts
	for seen := 0; id != "" && seen < 10; seen++ {
		sf, ok := ss[id]
		if !ok {
			break
		}
		chain = append(chain, sf)
		id = sf.base
	}
	out := ss[""]
	for i := len(chain) - 1; i >= 0; i-- {
		c := chain[i]
		if c.font != "" {
			out.font = c.font
		}
		if c.size != "" {
			out.size = c.size
		}
		if c.jc != "" {
			out.jc = c.jc
		}
		out.bold = out.bold || c.bold
	}
	return out
}

func paraText(p *node) string {
	var b strings.Builder
	for _, r := range p.Nodes {
		if r.XMLName.Local != "r" {
			continue
		}
		for _, c := range r.Nodes {
			switch c.XMLName.Local {
			case "t":
				b.WriteString(c.Text)
			case "br":
				b.WriteString("↵")
			case "tab":
				b.WriteString("→")
			}
		}
	}
	return b.String()
}

func dumpTable(b *strings.Builder, tbl *node) {
	var grid []string
	for _, c := range tbl.child("tblGrid").Nodes {
		grid = append(grid, c.attr("w"))
	}
	borders := "borders"
	if tbl.child("tblPr").child("tblBorders") == nil && tbl.child("tblPr").child("tblStyle").attr("val") != "FormTable" {
		borders = "no borders"
	}
	fmt.Fprintf(b, "TABLE grid=%s %s %s\n", strings.Join(grid, ","), tbl.child("tblPr").child("tblLayout").attr("type"), borders)
	for _, tr := range tbl.Nodes {
		if tr.XMLName.Local != "tr" {
			continue
		}
		b.WriteString("  ROW")
		trpr := tr.child("trPr")
		for _, flag := range []string{"tblHeader", "cantSplit"} {
			if trpr != nil && trpr.child(flag) != nil {
				b.WriteString(" " + flag)
			}
		}
		if h := trpr.child("trHeight").attr("val"); h != "" {
			b.WriteString(" h=" + h)
		}
		if tc := tr.child("tc"); tc.child("p").child("pPr").child("keepNext") != nil {
			b.WriteString(" keepNext")
		}
		b.WriteString("\n")
		for _, tc := range tr.Nodes {
			if tc.XMLName.Local != "tc" {
				continue
			}
			var texts, attrs []string
			bold := true
			for i := range tc.Nodes {
				p := &tc.Nodes[i]
				if p.XMLName.Local != "p" {
					continue
				}
				texts = append(texts, paraText(p))
				if r := p.child("r"); r != nil && !slices.Contains(runFormat(r, p.child("pPr").child("pStyle").attr("val")), "b") {
					bold = false
				}
			}
			tcpr := tc.child("tcPr")
			if bold && strings.Join(texts, "") != "" {
				attrs = append(attrs, "b")
			}
			if s := tcpr.child("gridSpan").attr("val"); s != "" {
				attrs = append(attrs, "gridSpan="+s)
			}
			if m := tcpr.child("vMerge"); m != nil {
				v := m.attr("val")
				if v == "" {
					v = "continue"
				}
				attrs = append(attrs, "vMerge="+v)
			}
			if tcpr.child("tcBorders").child("bottom") != nil {
				attrs = append(attrs, "bottom")
			}
			if tcpr.child("vAlign").attr("val") == "top" {
				attrs = append(attrs, "top")
			}
			if len(texts) == 0 {
				texts = []string{"(no paragraph)"}
			}
			line := "    | " + texts[0]
			if len(attrs) > 0 {
				line += " {" + strings.Join(attrs, ", ") + "}"
			}
			b.WriteString(line + "\n")
			for _, t := range texts[1:] {
				b.WriteString("      ¶ " + t + "\n")
			}
		}
	}
}

func dumpSect(b *strings.Builder, s *node) {
	sz, mar := s.child("pgSz"), s.child("pgMar")
	orient := sz.attr("orient")
	if orient == "" {
		orient = "portrait"
	}
	var footers []string
	for _, n := range s.Nodes {
		if n.XMLName.Local == "footerReference" {
			footers = append(footers, n.attr("type"))
		}
	}
	fmt.Fprintf(b, "=== SECTION %s %sx%s margins top=%s right=%s bottom=%s left=%s footer=%s footers=%s",
		orient, sz.attr("w"), sz.attr("h"), mar.attr("top"), mar.attr("right"), mar.attr("bottom"), mar.attr("left"),
		mar.attr("footer"), strings.Join(footers, ","))
	if s.child("titlePg") != nil {
		b.WriteString(" titlePg")
	}
	b.WriteString(" ===\n")
}

// write renders each case into dir and returns the file names.
func write(t *testing.T, dir string, cs ...testCase) []string {
	t.Helper()
	var files []string
	for _, c := range cs {
		f := filepath.Join(dir, c.name+".docx")
		if err := os.WriteFile(f, c.render(t), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

// TestValidate runs the strict Open XML validator on every golden document.
func TestValidate(t *testing.T) {
	realclient.Validator(t)
	for _, f := range write(t, t.TempDir(), cases(t)...) {
		realclient.Validate(t, f)
	}
}

// TestLibreOffice converts the example to PDF and checks the pages: the cover
// alone on page 1, the score sheet on landscape pages with its header on each,
// every label and value of the input in the text.
func TestLibreOffice(t *testing.T) {
	realclient.Soffice(t)
	realclient.Poppler(t, "pdfinfo")
	dir := t.TempDir()
	cs := cases(t)[:2]
	pdfs := realclient.ToPDF(t, dir, write(t, dir, cs...)...)
	for i, c := range cs {
		t.Run(c.name, func(t *testing.T) {
			pdf := pdfs[i]
			pages := pdfPages(t, pdf)
			sizes := realclient.PDFPages(t, pdf)
			if len(pages) != len(sizes) || len(pages) < 3 {
				t.Fatalf("%d pages of text, %d page sizes", len(pages), len(sizes))
			}

			cover := pages[0]
			for _, want := range append(c.p.TitleLines(c.r.Cover.Year), c.r.Cover.Unit, "预算编码", c.r.Cover.BudgetCode, c.p.Issuer+"（制）") {
				if !cover.has(want) {
					t.Errorf("page 1 lacks %q: %s", want, cover.text)
				}
			}
			for _, not := range []string{"基本概况", "联系人", c.r.Overview.Contact} {
				if strings.Contains(cover.text, not) {
					t.Errorf("page 1 holds %q of part 一: %s", not, cover.text)
				}
			}

			first := -1 // first page of the score sheet
			for j, pg := range pages {
				if pg.has(c.p.SheetTitle) && pg.has("一级指标") {
					first = j
					break
				}
			}
			if first < 1 {
				t.Fatal("no page holds the score sheet")
			}
			if !strings.HasPrefix(pages[first].text, strip(c.p.Attachment)) {
				t.Errorf("the score sheet's first page does not begin with %q: %s", c.p.Attachment, pages[first].text)
			}
			for j, s := range sizes {
				if want := j >= first; s.Landscape() != want {
					t.Errorf("page %d: %v × %v, landscape %v, want %v", j+1, s.W, s.H, s.Landscape(), want)
				}
				if j >= first && !pages[j].has("一级指标") {
					t.Errorf("landscape page %d lacks the score sheet's header: %s", j+1, pages[j].text)
				}
				if j > 0 && !strings.Contains(pages[j].text, "—"+strconv.Itoa(j+1)+"—") {
					t.Errorf("page %d lacks its number — %d —", j+1, j+1)
				}
			}
			if len(sizes)-first < 2 {
				t.Errorf("the score sheet takes %d page(s); the test wants it to run over two", len(sizes)-first)
			}

			all := &pdfText{text: hangs.Replace(realclient.PDFText(t, pdf))}
			for _, pg := range pages {
				all.add(pg.frags...)
			}
			for _, want := range inputTexts(c.p, c.r, scoring.Score(c.p, c.r)) {
				if !all.has(want) {
					t.Errorf("the PDF lacks %q", want)
				}
			}
		})
	}
}

// pdfText is the text of a PDF or of a page: all of it without white space,
// and its fragments, the runs of text between white space that pdftotext
// -layout prints. Table cells side by side share printed lines, so a text that
// wraps in a cell is found as a sequence of fragments.
type pdfText struct {
	text    string
	frags   []string
	byFirst map[rune][]string
}

func (p *pdfText) add(frags ...string) {
	if p.byFirst == nil {
		p.byFirst = map[rune][]string{}
	}
	for _, f := range frags {
		r, _ := utf8.DecodeRuneInString(f)
		p.frags = append(p.frags, f)
		p.byFirst[r] = append(p.byFirst[r], f)
	}
}

// pdfPages returns the text of each page of a PDF.
func pdfPages(t *testing.T, pdf string) []*pdfText {
	t.Helper()
	out, err := exec.Command(realclient.Poppler(t, "pdftotext"), "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", pdf, err)
	}
	var pages []*pdfText
	for _, page := range strings.Split(string(out), "\f") {
		if strings.TrimSpace(page) == "" {
			continue
		}
		p := &pdfText{text: hangs.Replace(strip(page))}
		p.add(strings.Fields(hangs.Replace(page))...)
		pages = append(pages, p)
	}
	return pages
}

// has reports whether s, white space aside, is in the text: whole, or (when
// longer than four characters) as a sequence of fragments, the first of which
// may begin and the last end inside a fragment.
func (p *pdfText) has(s string) bool {
	s = hangs.Replace(strip(s))
	if strings.Contains(p.text, s) {
		return true
	}
	if utf8.RuneCountInString(s) <= 4 {
		return false
	}
	reach := make([]bool, len(s)+1)
	first, _ := utf8.DecodeRuneInString(s)
	for _, f := range p.frags {
		for j := strings.IndexRune(f, first); j >= 0; {
			rest := f[j:]
			switch {
			case strings.HasPrefix(s, rest):
				reach[len(rest)] = true
			case strings.HasPrefix(rest, s):
				return true
			}
			k := strings.IndexRune(rest[utf8.RuneLen(first):], first)
			if k < 0 {
				break
			}
			j += utf8.RuneLen(first) + k
		}
	}
	for pos := 1; pos < len(s); pos++ {
		if !reach[pos] {
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[pos:])
		for _, f := range p.byFirst[r] {
			switch {
			case strings.HasPrefix(s[pos:], f):
				reach[pos+len(f)] = true
			case strings.HasPrefix(f, s[pos:]):
				return true
			}
		}
	}
	return reach[len(s)]
}

// strip removes white space.
func strip(s string) string { return strings.Join(strings.Fields(s), "") }

// hangs are the punctuation marks that may hang at the end of a line, which
// LibreOffice then leaves out of the PDF.
var hangs = strings.NewReplacer("、", "", "，", "", "。", "", "；", "", "：", "")

// inputTexts lists every label and value the document must show for a report.
func inputTexts(p *jixiao.Profile, r *jixiao.Report, s *scoring.Result) []string {
	var out []string
	add := func(ss ...string) {
		for _, s := range ss {
			for _, line := range strings.Split(s, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					out = append(out, line)
				}
			}
		}
	}
	unit := p.Unit
	c := &r.Cover
	add(p.TitleLines(c.Year)...)
	add(form.UnitNameLabel(p), c.Unit, "预算编码", c.BudgetCode, "评价方式", c.Method, "评价机构", c.Evaluator, "报告日期", c.Date.String(), p.Issuer+"（制）")

	o := &r.Overview
	add("一、"+unit+"基本概况", "联系人", o.Contact, "联络电话", o.Phone, "人员编制", o.Authorized.String(), "实有人数", o.Actual.String(),
		"职能职责概述", o.Duties, "年度主要工作内容", "年度"+unit+"总体运行情况及取得的成绩")
	for i, task := range o.Tasks {
		add("任务" + strconv.Itoa(i+1) + "：" + task)
	}
	var sections func(ss []jixiao.Section, depth int)
	sections = func(ss []jixiao.Section, depth int) {
		for i, sec := range ss {
			add(form.Number(depth, i+1) + sec.Title)
			add(sec.Paragraphs...)
			sections(sec.Sections, depth+1)
		}
	}
	sections(o.Operation, 0)

	add("二、"+unit+"收支情况", "年度收入情况（万元）", unit+"年度支出和结余情况（万元）", "“三公经费”情况（万元）", "固定资产情况（万元）",
		"机构名称", "其中：", "收入合计", "上年结转", "公共财政拨款", "政府基金拨款", "纳入专户管理的非税收入拨款", "其他收入",
		"支出合计", "基本支出", "人员支出", "公用支出", "项目支出", "结余", "当年结余", "累计结余",
		"三公经费合计", "公务接待费", "公务用车运维费", "公务用车购置费", "因公出国费",
		"固定资产合计", "在用固定资产", "出租固定资产", "其他", jixiao.SummaryName)
	fin, _ := jixiao.DeriveFinance(r.Finance, nil)
	for i, u := range fin.Units {
		add(jixiao.UnitLabel(i, u.Name))
	}
	for _, u := range append([]jixiao.Org{fin.Summary}, fin.Units...) {
		for _, f := range jixiao.OrgFields {
			if n := *f.Get(&u); n.Valid {
				add(jixiao.Money(n.Value))
			}
		}
	}

	pf := &r.Performance
	add("三、"+unit+"整体支出绩效自评情况", "整体支出绩效定性目标及实施计划完成情况", "预期目标", "实际完成", pf.Qualitative.Achieved,
		"整体支出绩效定量目标及实施计划完成情况", "评价内容", "绩效目标", "完成情况",
		"绩效自评综合得分", s.Self.String()+"分", "评价等次", s.Grade)
	for i, g := range pf.Qualitative.Goals {
		add("目标" + strconv.Itoa(i+1) + "：" + g)
	}
	for _, g := range pf.Quantitative {
		add(g.Name, "（"+g.Note+"）")
		for _, ind := range g.Indicators {
			add(ind.Name)
			for _, tg := range ind.Targets {
				add(tg.Goal, tg.Result)
			}
		}
	}

	e := &r.Evaluation
	add("四、评价人员", "姓名", "职务/职称", "单位", "签字", "评价组组长（签字）：", unit+"意见：", unit+"负责人（签章）：",
		"财政部门归口业务科室意见：", "财政部门归口业务科室负责人（签章）：", e.UnitOpinion, e.FinanceOpinion,
		"填报人（签名）："+e.Filler, "联系电话："+e.FillerPhone)
	for _, v := range e.Evaluators {
		add(v.Name, v.Title, v.Org)
	}

	add("五、评价报告综述（文字部分）")
	sections(r.Narrative, 0)

	add(p.Attachment, p.SheetTitle, "一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分", "扣分原因和其他说明", "总分", p.Total().String())
	for i, l1 := range p.Tree {
		add(l1.Name, "（"+p.Points(i, -1).String()+"分）")
		for j, l2 := range l1.Children {
			add(l2.Name, "（"+p.Points(i, j).String()+"分）")
		}
	}
	for _, it := range s.Items {
		add(it.Item.Rows()...)
		add(it.Item.Criteria, it.Item.Points.String(), it.Self.String(), it.Reason)
	}
	return out
}

// TestPythonDocx reads the example back with python-docx: two sections of the
// right orientation, the score sheet's merged cells, the eastAsia font of
// every run, the page number in both sections' footers.
func TestPythonDocx(t *testing.T) {
	realclient.Python(t, "docx")
	c := cases(t)[0]
	file := write(t, t.TempDir(), c)[0]
	const script = `
import json, sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
out = {"sections": [], "footers": [], "runs": 0, "runs_without_east_asia": []}
for s in d.sections:
    out["sections"].append("landscape" if s.orientation == docx.enum.section.WD_ORIENT.LANDSCAPE else "portrait")
    out["footers"].append(s.footer._element.xml)
def runs(paragraphs):
    for p in paragraphs:
        for r in p.runs:
            out["runs"] += 1
            f = r._element.rPr.rFonts if r._element.rPr is not None else None
            style = p.style
            while (f is None or not f.get(qn("w:eastAsia"))) and style is not None:
                rpr = style.element.rPr
                f = rpr.rFonts if rpr is not None else None
                style = style.base_style
            if f is None or not f.get(qn("w:eastAsia")):
                f = d.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr") + "/" + qn("w:rFonts"))
            if f is None or not f.get(qn("w:eastAsia")):
                out["runs_without_east_asia"].append(r.text)
runs(d.paragraphs)
for t in d.tables:
    for row in t.rows:
        for cell in row.cells:
            runs(cell.paragraphs)
sheet = d.tables[-1]
cells = sheet._cells
out["sheet_grid"] = [len(sheet.rows), len(sheet.columns)]
out["sheet_cells"] = len(cells)
out["sheet_distinct"] = len(set(c._tc for c in cells))
out["sheet_header"] = [c.text for c in sheet.rows[0].cells]
json.dump(out, sys.stdout, ensure_ascii=False)
`
	var got struct {
		Sections            []string
		Footers             []string
		Runs                int
		RunsWithoutEastAsia []string `json:"runs_without_east_asia"`
		SheetGrid           [2]int   `json:"sheet_grid"`
		SheetCells          int      `json:"sheet_cells"`
		SheetDistinct       int      `json:"sheet_distinct"`
		SheetHeader         []string `json:"sheet_header"`
	}
	out := realclient.RunPython(t, script, []string{file}, "docx")
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if want := []string{"portrait", "landscape"}; !slices.Equal(got.Sections, want) {
		t.Errorf("sections %q, want %q", got.Sections, want)
	}
	for i, f := range got.Footers {
		if !strings.Contains(f, "PAGE") || !strings.Contains(f, `w:fldCharType="begin"`) {
			t.Errorf("the footer of section %d has no PAGE field:\n%s", i+1, f)
		}
	}
	if got.Runs < 100 || len(got.RunsWithoutEastAsia) > 0 {
		t.Errorf("%d runs, %d without an eastAsia font: %q", got.Runs, len(got.RunsWithoutEastAsia), got.RunsWithoutEastAsia)
	}
	for i, h := range got.SheetHeader { // a label broken onto two lines
		got.SheetHeader[i] = strings.ReplaceAll(h, "\n", "")
	}
	if want := []string{"一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分", "扣分原因和其他说明"}; !slices.Equal(got.SheetHeader, want) {
		t.Errorf("score sheet header %q, want %q", got.SheetHeader, want)
	}

	// The grid and the cells the merges leave, counted from the profile.
	rows, distinct := 2, 7+4 // header, total (总分 spans four columns)
	for i, l1 := range c.p.Tree {
		distinct++ // 一级
		for j, l2 := range l1.Children {
			distinct++ // 二级
			for k, it := range l2.Items {
				n := len(it.Rows())
				rows += n
				distinct += n + 3 // 三级 per row; 分值, 自评得分, 扣分原因 once
				if !it.CriteriaAbove || i == 0 && j == 0 && k == 0 {
					distinct++ // 评分标准
				}
			}
		}
	}
	if want := [2]int{rows, 7}; got.SheetGrid != want {
		t.Errorf("score sheet grid %v, want %v", got.SheetGrid, want)
	}
	if got.SheetCells != rows*7 || got.SheetDistinct != distinct {
		t.Errorf("score sheet: %d grid cells, %d distinct; want %d, %d", got.SheetCells, got.SheetDistinct, rows*7, distinct)
	}
}

// BenchmarkRenderDocx renders the example: go test -bench RenderDocx -benchmem ./render/docx/
func BenchmarkRenderDocx(b *testing.B) {
	p := profile(b, "")
	r := example(b)
	s := scoring.Score(p, r)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := Write(&buf, form.Print(p, r, s, 0)); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

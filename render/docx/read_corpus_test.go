package docx

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"jixiao"
	"jixiao/form"
	"jixiao/internal/ooxml"
	"jixiao/internal/realclient"
)

// corpusFile is a Word file of the reader's corpus, labelled by what made
// it. testdata/read/NAME.txt holds the dump of what Read makes of it.
type corpusFile struct {
	name, maker string
	data        func(testing.TB) []byte
}

// written is the Word file Write makes of a report.
func written(p func(testing.TB) *jixiao.Profile, r func(testing.TB) *jixiao.Report) func(testing.TB) []byte {
	return func(t testing.TB) []byte {
		pr, rp := p(t), r(t)
		var b bytes.Buffer
		if err := Write(&b, form.Print(pr, rp, nil, 0)); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
}

func fixture(name string) func(testing.TB) []byte {
	return func(t testing.TB) []byte {
		data, err := os.ReadFile(filepath.Join("testdata", "read", name))
		if err != nil {
			t.Fatalf("%v (go test -run TestReadLibreOffice -update makes it, with LibreOffice installed)", err)
		}
		return data
	}
}

func defaultProfile(t testing.TB) *jixiao.Profile { return profile(t, "") }
func cityProfile(t testing.TB) *jixiao.Profile    { return profile(t, "yueyang-city-2020") }

var corpus = []corpusFile{
	{"jixiao-example", "docx.Write of the shipped example, default profile", written(defaultProfile, example)},
	{"jixiao-example-city", "docx.Write of the shipped example, profile yueyang-city-2020", written(cityProfile, example)},
	{"jixiao-synthetic", "docx.Write of a synthetic report (internal/synth, with many units, evaluators and sections)", written(defaultProfile, large)},
	{"handmade", "built in code to look typed by hand in Word (corpus_test.go: handmadeBody)", handmade},
	{"libreoffice-7.4-example", "jixiao-example re-saved by LibreOffice 7.4.7.2 (soffice --headless --convert-to docx)", fixture("libreoffice-7.4-example.docx")},
	{"libreoffice-7.4-handmade", "handmade re-saved by LibreOffice 7.4.7.2 (soffice --headless --convert-to docx)", fixture("libreoffice-7.4-handmade.docx")},
}

// TestReadCorpus compares the dump of each file of the corpus with
// testdata/read/NAME.txt; go test -update rewrites them.
func TestReadCorpus(t *testing.T) {
	for _, c := range corpus {
		t.Run(c.name, func(t *testing.T) {
			got := readDoc(t, c.data(t)).Dump()
			file := filepath.Join("testdata", "read", c.name+".txt")
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
				t.Errorf("%s (%s) reads differently from %s (go test -update rewrites it):\n%s", c.name, c.maker, file, diff(string(want), got))
			}
		})
	}
}

// The tool's own output reads back with the form's merges: 机构名称 spans
// the header rows of each 收支 table, 其中： the columns of the items under
// it, the score sheet's 一级 and 二级 cells the rows of their items; each
// text is in one cell, so that the 分值 of the items add up to the points of
// their parents and to 100 (python-docx, which repeats a merged cell's text
// on every row, gets 130).
func TestReadOwnOutput(t *testing.T) {
	for _, c := range corpus[:3] {
		t.Run(c.name, func(t *testing.T) {
			d := readDoc(t, c.data(t))
			var finance []*Table
			for _, tb := range d.Tables {
				if tb.Find("机构名称") != nil {
					finance = append(finance, tb)
				}
			}
			if len(finance) != 4 {
				t.Fatalf("%d tables with 机构名称", len(finance))
			}
			for _, tb := range finance {
				name := tb.Find("机构名称")
				if name.Row != 1 || name.Col != 1 || name.RowSpan != tb.HeaderRows() || name.RowSpan < 2 || name.ColSpan != 1 {
					t.Errorf("表%d: 机构名称 at %d,%d spans %d×%d, header rows %d", tb.Index, name.Row, name.Col, name.RowSpan, name.ColSpan, tb.HeaderRows())
				}
				for _, cell := range tb.Cells {
					if cell.Label() != "其中:" {
						continue
					}
					// The cells under 其中： divide its columns among them.
					under := map[*Cell]bool{}
					for col := cell.Col; col < cell.Col+cell.ColSpan; col++ {
						u := tb.At(cell.Row+1, col)
						if u == nil || u == cell || u.Text == "" || u.Col < cell.Col || u.Col+u.ColSpan > cell.Col+cell.ColSpan {
							t.Errorf("%s: column %d under 其中： is %+v", cell.Place(), col, u)
						}
						under[u] = true
					}
					if cell.ColSpan < 2 || len(under) < 2 {
						t.Errorf("%s: 其中： spans %d columns, over %d cells", cell.Place(), cell.ColSpan, len(under))
					}
				}
				for _, row := range tb.Rows[:tb.HeaderRows()] {
					if row.Cells[0] != name {
						t.Errorf("表%d: a header row without 机构名称", tb.Index)
					}
				}
			}
			if income := finance[0]; income.Find("其中：").ColSpan != 5 || income.Find("其中：").Row != 1 {
				t.Errorf("the income table's 其中： spans %d columns", income.Find("其中：").ColSpan)
			}
			checkScoreSheet(t, d)
		})
	}
}

// points reads a number of points: 5, or the N of （N分）.
var pointsRe = regexp.MustCompile(`^(?:.*（)?([0-9.]+)分?）?$`)

func points(t *testing.T, c *Cell) float64 {
	t.Helper()
	lines := strings.Split(c.Text, "\n")
	m := pointsRe.FindStringSubmatch(lines[len(lines)-1])
	if m == nil {
		t.Fatalf("%s: no points in %q", c.Place(), c.Text)
	}
	f, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// checkScoreSheet checks that the score sheet's 一级 and 二级 cells span the
// rows whose 分值 add up to their points, and the 分值 to 100.
func checkScoreSheet(t *testing.T, d *Document) {
	var sheet *Table
	for _, tb := range d.Tables {
		if tb.Find("一级指标") != nil {
			sheet = tb
		}
	}
	if sheet == nil {
		t.Fatal("no score sheet")
	}
	col := sheet.Find("分值").Col
	last := len(sheet.Rows)
	total := sheet.At(last, 1)
	if total.Label() != "总分" || points(t, sheet.At(last, col)) != 100 {
		t.Fatalf("the last row is %q %q", total.Text, sheet.At(last, col).Text)
	}
	// sum adds the 分值 of the distinct cells in rows [from, to).
	sum := func(from, to int) float64 {
		seen := map[*Cell]bool{}
		s := 0.0
		for r := from; r < to; r++ {
			if c := sheet.At(r, col); !seen[c] {
				seen[c] = true
				s += points(t, c)
			}
		}
		return s
	}
	if got := sum(sheet.HeaderRows()+1, last); got != 100 {
		t.Errorf("the 分值 add up to %v", got)
	}
	for _, level := range []int{1, 2} {
		for _, c := range sheet.Cells {
			if c.Col != level || c.Row <= sheet.HeaderRows() || c.Row == last {
				continue
			}
			if got := sum(c.Row, c.Row+c.RowSpan); got != points(t, c) {
				t.Errorf("%s %q spans %d rows whose 分值 add up to %v", c.Place(), c.Text, c.RowSpan, got)
			}
		}
	}
}

// The hand-made report reads with every quirk resolved: labels found whatever
// their spaces, breaks and brackets; values whole; a split table stitchable.
func TestReadHandmade(t *testing.T) {
	d := readDoc(t, handmade(t))
	form := d.Tables[0]
	if h := form.At(1, 1); h.ColSpan != form.Cols || h.Text != "一、部门（单位）基本概况" || h.Paragraphs()[0].Outline != 2 {
		t.Errorf("the part heading row: %+v", h)
	}
	for label, want := range map[string]string{"联系人": "傅颖", "联络电话": "13800000000", "人员编制": "6", "实有人数": "10"} {
		c := form.Find(label)
		if c == nil {
			t.Errorf("no %s", label)
			continue
		}
		if got := form.At(c.Row, c.Col+c.ColSpan).Text; got != want {
			t.Errorf("%s: %q, want %q", label, got, want)
		}
	}
	if c := form.Find("年度主要工作内容"); c == nil || form.At(c.Row, 2).Paragraphs()[1].Text != "完成业务下放的及时培训与指导" {
		t.Error("年度主要工作内容")
	}
	income := d.Tables[1]
	if income.Cell != form.At(7, 1) || income.Find("其中：") == nil || income.At(3, 2).Text != "307.47万元" || income.At(3, 7).Text != "１８１．２４" {
		t.Errorf("the nested income table: %+v", income.Cell)
	}
	if d.Tables[2].Find("预期目标") == nil {
		t.Error("the table in a content control")
	}
	people := d.Tables[3]
	if people.Find("姓名") == nil || people.Find("签字") == nil || len(people.Rows) != 5 || people.At(5, 1) != nil {
		t.Errorf("the evaluators: %d rows", len(people.Rows))
	}
	// The two halves of the score sheet: the same header, a page break
	// between them, the second's 一级 repeated and its 二级 blank.
	a, b := d.Tables[4], d.Tables[5]
	if !sameRow(a, b, 1) || a.HeaderRows() != 1 || b.HeaderRows() != 1 || a.Cols != b.Cols {
		t.Error("the score sheet's halves have different headers")
	}
	between := blocksBetween(d, a, b)
	if len(between) != 1 || !between[0].PageBreak || between[0].Text != "" {
		t.Errorf("between the halves: %+v", between)
	}
	if b.At(2, 1).Text != a.At(5, 1).Text || b.At(2, 2).Text != "" {
		t.Error("the second half's 一级 and 二级")
	}
	if got := b.At(4, 5).Text + "/" + b.At(4, 6).Text; got != "24/19" {
		t.Errorf("the totals by field: %s", got)
	}
	all := d.Dump()
	for _, absent := range []string{"李四", "旧位置", "SUM", "文本框中的字", "DATE"} {
		if strings.Contains(all, absent) {
			t.Errorf("%q read", absent)
		}
	}
	if strings.Count(all, "评价组组长（签字）：") != 2 || people.At(4, 1).Text != "评价组组长（签字）：" { // once as text, once hidden
		t.Error("the legacy merge")
	}
	if d.Images != 1 || d.TextBoxes != 1 {
		t.Errorf("%d images, %d text boxes", d.Images, d.TextBoxes)
	}
}

// sameRow reports whether row r of a and b read the same, label by label.
func sameRow(a, b *Table, r int) bool {
	if r > len(a.Rows) || r > len(b.Rows) || a.Cols != b.Cols {
		return false
	}
	for c := 1; c <= a.Cols; c++ {
		if (a.At(r, c) == nil) != (b.At(r, c) == nil) || a.At(r, c) != nil && a.At(r, c).Label() != b.At(r, c).Label() {
			return false
		}
	}
	return true
}

// blocksBetween returns the paragraphs between two tables of the body.
func blocksBetween(d *Document, a, b *Table) []*Paragraph {
	var out []*Paragraph
	in := false
	for _, bl := range d.Blocks {
		switch {
		case bl.Table == a:
			in = true
		case bl.Table == b:
			return out
		case in && bl.Para != nil:
			out = append(out, bl.Para)
		}
	}
	return nil
}

// content is what a document says, without its styles: the text of each
// paragraph and, for each table, each cell with its place and spans.
func content(d *Document) []string {
	var out []string
	var blocks func([]Block, string)
	blocks = func(bs []Block, indent string) {
		for _, b := range bs {
			if b.Para != nil {
				out = append(out, indent+"P "+shown.Replace(b.Para.Text))
				continue
			}
			out = append(out, fmt.Sprintf("%sTABLE %d×%d", indent, len(b.Table.Rows), b.Table.Cols))
			for _, c := range b.Table.Cells {
				out = append(out, fmt.Sprintf("%s  [%d,%d %d×%d] %s", indent, c.Row, c.Col, c.RowSpan, c.ColSpan, shown.Replace(c.Text)))
				if c.Hidden != "" {
					out = append(out, indent+"    hidden "+shown.Replace(c.Hidden))
				}
				for _, nb := range c.Blocks {
					if nb.Table != nil {
						blocks([]Block{nb}, indent+"    ")
					}
				}
			}
		}
	}
	blocks(d.Blocks, "")
	return out
}

// lineDiff lists the lines only in a (-) and only in b (+), in order.
func lineDiff(a, b []string) []string {
	n, m := len(a), len(b)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []string
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] > lcs[i+1][j]):
			out = append(out, "+ "+b[j])
			j++
		default:
			out = append(out, "- "+a[i])
			i++
		}
	}
	return out
}

// soffice converts files to a format in outDir with LibreOffice, in one call
// with a private profile.
func soffice(t *testing.T, format, outDir string, files ...string) {
	t.Helper()
	prog := realclient.Soffice(t)
	work := t.TempDir()
	args := append([]string{"-env:UserInstallation=file://" + filepath.Join(work, "profile"), "--headless",
		"--convert-to", format, "--outdir", outDir}, files...)
	cmd := exec.Command(prog, args...)
	cmd.Env = append(os.Environ(), "HOME="+work)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
}

// TestReadLibreOffice re-saves the tool's output and the hand-made report with
// LibreOffice and reads them back: the same content, but for what LibreOffice
// itself changes (listed below). It also has LibreOffice save the hand-made
// report as .doc and .odt, which are refused with their messages. go test -update stores the re-saves of the corpus in
// testdata/read.
func TestReadLibreOffice(t *testing.T) {
	realclient.Soffice(t)
	dir, out := t.TempDir(), t.TempDir()
	sources := []corpusFile{corpus[0], corpus[2], corpus[3]}
	var files []string
	for _, c := range sources {
		f := filepath.Join(dir, c.name+".docx")
		if err := os.WriteFile(f, c.data(t), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	soffice(t, "docx", out, files...)
	// What LibreOffice 7.4 changes in the hand-made report: it repeats the
	// first cell's text of a table wrapped in a content control, turns the
	// legacy horizontal merge into a span holding both cells' paragraphs,
	// and fills w:gridBefore and w:gridAfter with empty cells.
	known := map[string][]string{
		"handmade": {
			"-   [1,1 1×1] 预期目标",
			"+   [1,1 1×1] 预期目标预期目标预期目标预期目标",
			"-   [4,1 1×2] 评价组组长（签字）：",
			"-     hidden 评价组组长（签字）：",
			"+   [4,1 1×2] 评价组组长（签字）：↵评价组组长（签字）：",
			"+   [5,1 1×1] ",
			"+   [5,4 1×1] ",
		},
	}
	for i, c := range sources {
		t.Run(c.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(out, c.name+".docx"))
			if err != nil {
				t.Fatal(err)
			}
			resaved := readDoc(t, data)
			got := lineDiff(content(readDoc(t, c.data(t))), content(resaved))
			if strings.Join(got, "\n") != strings.Join(known[c.name], "\n") {
				t.Errorf("re-saved by LibreOffice, %s reads with these differences:\n%s\nwant\n%s",
					c.name, strings.Join(got, "\n"), strings.Join(known[c.name], "\n"))
			}
			if i != 1 && *update { // the synthetic report's re-save is not kept
				if err := os.WriteFile(filepath.Join("testdata", "read", "libreoffice-7.4-"+strings.TrimPrefix(c.name, "jixiao-")+".docx"), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	// The other formats LibreOffice writes (one call each, so two of them).
	for _, f := range []struct{ format, want string }{
		{"doc", "这是 Word 97-2003 文档（.doc）或 WPS 文字文档（.wps），不是 .docx"},
		{"odt", "这是OpenDocument 文本（.odt），不是 .docx"},
	} {
		t.Run(f.format, func(t *testing.T) {
			soffice(t, f.format, out, files[2])
			data, err := os.ReadFile(filepath.Join(out, "handmade."+f.format))
			if err != nil {
				t.Fatal(err)
			}
			_, err = Read("报告.docx", data)
			if p := problemOf(t, err); p.Code != jixiao.CodeFile || !strings.HasPrefix(p.Message, f.want) {
				t.Errorf("%s: %s %s", f.format, p.Code, p.Message)
			}
		})
	}
}

// The hand-made report is valid under the strict validator: its quirks are
// those Word writes, not errors.
func TestHandmadeValid(t *testing.T) {
	file := filepath.Join(t.TempDir(), "handmade.docx")
	if err := os.WriteFile(file, handmade(t), 0o644); err != nil {
		t.Fatal(err)
	}
	realclient.Validate(t, file)
}

// The grid agrees with python-docx's on the tool's own output (python-docx
// repeats a merged cell on every grid position it covers, as At does), and
// so do the body's paragraphs.
func TestReadAgreesWithPythonDocx(t *testing.T) {
	realclient.Python(t, "docx")
	const script = `
import json, sys, docx
d = docx.Document(sys.argv[1])
out = {"paragraphs": [p.text for p in d.paragraphs],
       "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]}
json.dump(out, sys.stdout, ensure_ascii=False)
`
	for _, c := range corpus[:3] {
		t.Run(c.name, func(t *testing.T) {
			data := c.data(t)
			file := filepath.Join(t.TempDir(), c.name+".docx")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			var py struct {
				Paragraphs []string
				Tables     [][][]string
			}
			if err := json.Unmarshal([]byte(realclient.RunPython(t, script, []string{file}, "docx")), &py); err != nil {
				t.Fatal(err)
			}
			d := readDoc(t, data)
			var paras []string
			var tables [][][]string
			for _, b := range d.Blocks {
				if b.Para != nil {
					paras = append(paras, b.Para.Text)
					continue
				}
				var grid [][]string
				for r := range b.Table.Rows {
					var row []string
					for col := 1; col <= b.Table.Cols; col++ {
						row = append(row, b.Table.At(r+1, col).Text)
					}
					grid = append(grid, row)
				}
				tables = append(tables, grid)
			}
			if got, want := fmt.Sprint(paras), fmt.Sprint(py.Paragraphs); got != want {
				t.Errorf("paragraphs differ:\n%s", strings.Join(lineDiff(py.Paragraphs, paras), "\n"))
			}
			if len(tables) != len(py.Tables) {
				t.Fatalf("%d tables, python-docx %d", len(tables), len(py.Tables))
			}
			for i := range tables {
				if got, want := fmt.Sprintf("%q", tables[i]), fmt.Sprintf("%q", py.Tables[i]); got != want {
					t.Errorf("表%d differs:\ngot  %s\nwant %s", i+1, got, want)
				}
			}
		})
	}
}

// The codes Read's problems may carry.
var readCodes = map[string]bool{jixiao.CodeFile: true, jixiao.CodeSyntax: true}

// maxMessage bounds the characters of a problem's message.
const maxMessage = 200

// FuzzRead: Read never panics; its error is an *jixiao.InputError with one
// problem of a documented code and a short message; what it builds is
// bounded by its input: no more text than the package unzips to, no more
// paragraphs, cells and tables than its XML has tags, no more grid
// positions than MaxGrid.
// allocBound is the most a reader may allocate for a file: a constant factor
// of its size and of what it may unzip to, never what its content repeats
// (amplification).
func allocBound(data []byte) uint64 { return 64*uint64(len(data)) + 2*uint64(limits.Unzipped) }

func FuzzRead(f *testing.F) {
	for _, c := range corpus {
		f.Add(c.data(f))
	}
	for _, body := range []string{
		para("", run("甲"), field(" PAGE ", "1")),
		ttable([]int{1000, 1000}, trow(repeat, tcell(1000, restart, para("", run("甲"))), tcell(1000, "")),
			trow("", tcell(1000, cont, para("", run("甲"))), tcell(1000, `<w:hMerge/>`))),
		`<w:sdt><w:sdtContent>` + ttable([]int{1}, trow(`<w:gridBefore w:val="2"/>`, tcell(1, span(3)))) + `</w:sdtContent></w:sdt>`,
		para("", `<mc:AlternateContent><mc:Choice>`+run("a")+`</mc:Choice><mc:Fallback>`+run("b")+`</mc:Fallback></mc:AlternateContent>`),
	} {
		f.Add(docxOf(f, body))
	}
	f.Add(ole("WordDocument"))
	f.Add([]byte("PK\x03\x04"))
	f.Add(bombDocx(f, 1<<16, 100))
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		d, err := Read("fuzz.docx", data)
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > allocBound(data) {
			t.Fatalf("%d bytes allocated reading %d bytes", alloc, len(data))
		}
		if err != nil {
			var ie *jixiao.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if d != nil || len(ie.Problems) != 1 {
				t.Fatalf("a document and an error, or %d problems", len(ie.Problems))
			}
			p := ie.Problems[0]
			if !readCodes[p.Code] || p.Severity != jixiao.Error || p.Message == "" || utf8.RuneCountInString(p.Message) > maxMessage {
				t.Fatalf("problem %+v", p)
			}
			return
		}
		pkg, err := ooxml.Open(data, limits)
		if err != nil {
			t.Fatalf("read, but does not open: %v", err)
		}
		unzipped, tags := 0, 0
		for _, name := range pkg.Names() {
			part, err := pkg.Part(name)
			if err != nil {
				continue
			}
			unzipped += len(part)
			tags += bytes.Count(part, []byte("<"))
		}
		text, paras, cells, grid := 0, 0, 0, 0
		var count func([]Block)
		count = func(bs []Block) {
			for _, b := range bs {
				if b.Para != nil {
					text += len(b.Para.Text)
					paras++
					continue
				}
				grid += len(b.Table.Rows) * b.Table.Cols
				for _, c := range b.Table.Cells {
					cells++
					text += len(c.Hidden)
					count(c.Blocks)
				}
			}
		}
		count(d.Blocks)
		if text > unzipped || paras+cells+len(d.Tables) > tags || grid > MaxGrid {
			t.Fatalf("%d bytes of text, %d paragraphs, %d cells, %d tables, %d grid positions from %d bytes and %d tags",
				text, paras, cells, len(d.Tables), grid, unzipped, tags)
		}
	})
}

// FuzzReadXML fuzzes the body's XML directly, past the zip's checksums that
// stop most of FuzzRead's mutations: the parser never panics, its errors are
// malformed XML or limits, and what it builds is bounded by its input.
func FuzzReadXML(f *testing.F) {
	for _, c := range corpus[:4] {
		pkg, err := ooxml.Open(c.data(f), limits)
		if err != nil {
			f.Fatal(err)
		}
		xml, err := pkg.Part("word/document.xml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(xml)
	}
	f.Add([]byte(`<w:document ` + wordNS + `><w:body>` + handmadeBody() + `</w:body></w:document>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		styles, _ := parseStyles([]byte(stylesXML))
		d, err := parse(data, styles)
		if err != nil {
			var se *ooxml.SyntaxError
			var le *limitError
			if !errors.As(err, &se) && !errors.As(err, &le) && err.Error() != "没有正文（w:body）" {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if utf8.RuneCountInString(err.Error()) > maxMessage {
				t.Fatalf("message %q", err)
			}
			return
		}
		text, blocks := 0, 0
		var count func([]Block)
		count = func(bs []Block) {
			for _, b := range bs {
				blocks++
				if b.Para != nil {
					text += len(b.Para.Text)
					continue
				}
				for _, c := range b.Table.Cells {
					blocks++
					text += len(c.Hidden)
					count(c.Blocks)
				}
			}
		}
		count(d.Blocks)
		if text > len(data) || blocks > bytes.Count(data, []byte("<")) {
			t.Fatalf("%d bytes of text and %d blocks and cells from %d bytes", text, blocks, len(data))
		}
	})
}

// What Read allocates is a small multiple of what the document unzips to.
func TestReadAllocation(t *testing.T) {
	for _, c := range corpus[:4] {
		data := c.data(t)
		pkg, err := ooxml.Open(data, limits)
		if err != nil {
			t.Fatal(err)
		}
		xml, err := pkg.Part("word/document.xml")
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		readDoc(t, data)
		runtime.ReadMemStats(&after)
		if got, bound := after.TotalAlloc-before.TotalAlloc, uint64(4*len(xml)+len(data)+1<<20); got > bound {
			t.Errorf("%s: %d bytes allocated for %d bytes of XML", c.name, got, len(xml))
		}
	}
}

// BenchmarkRead reads the shipped example (about 20 pages):
// go test -run XXX -bench Read -benchmem ./render/docx
func BenchmarkRead(b *testing.B) {
	data := corpus[0].data(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read("example.docx", data); err != nil {
			b.Fatal(err)
		}
	}
}

package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"jixiao/form"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// rawNumber is a number cell written as the given text (excelize
// SetCellDefault), as a spreadsheet program stores it.
type rawNumber string

// exampleBook is the report workbook of the shipped example, with the shape
// of its grid.
func exampleBook(t testing.TB) (*jixiao.Profile, []byte, shape) {
	t.Helper()
	p, r := example(t)
	sh, err := shapeOf(form.Print(p, r, nil, 0).Report)
	if err != nil {
		t.Fatal(err)
	}
	return p, writeReport(t, p, r), sh
}

// setPaths changes the cells bound to paths.
func setPaths(t testing.TB, p *jixiao.Profile, sh shape, data []byte, values map[string]any, more ...func(*excelize.File)) []byte {
	t.Helper()
	cells := map[string]any{}
	var raw [][2]string
	for path, v := range values {
		sheet, cell := cellOf(t, p, sh, path)
		if n, ok := v.(rawNumber); ok {
			raw = append(raw, [2]string{sheet + "!" + cell, string(n)})
			continue
		}
		cells[sheet+"!"+cell] = v
	}
	more = append(more, func(f *excelize.File) {
		for _, r := range raw {
			sheet, cell, _ := strings.Cut(r[0], "!")
			if err := f.SetCellDefault(sheet, cell, r[1]); err != nil {
				t.Fatal(err)
			}
		}
	})
	return edit(t, data, cells, more...)
}

// problems formats the problems of an error, or of the warnings.
func problems(t testing.TB, file string, warnings []jixiao.Problem, err error) []string {
	t.Helper()
	ps := warnings
	if err != nil {
		var ie *jixiao.InputError
		if !errors.As(err, &ie) {
			t.Fatalf("the error is a %T, not an *jixiao.InputError: %v", err, err)
		}
		ps = ie.Problems
	}
	var out []string
	for _, p := range ps {
		out = append(out, p.Format(file))
	}
	return out
}

// Each kind of bad value gives its problem, with the cell, the label, what
// was expected and what was found; all of them at once, sorted by place.
func TestReadBadValues(t *testing.T) {
	p, data, sh := exampleBook(t)
	cases := []struct {
		name   string
		values map[string]any
		want   []string
	}{
		{"thousands separator misplaced", map[string]any{"finance.units[1].income.total": "12,3.4"},
			[]string{`填报表.xlsx: 收支情况!C8（收入合计，万元）：错误：应为最多两位小数的数字（千位分隔符位置不对），实际为 "12,3.4"`}},
		{"not a number", map[string]any{"finance.units[1].income.carry_over": "一百"},
			[]string{`填报表.xlsx: 收支情况!D8（上年结转，万元）：错误：应为最多两位小数的数字，实际为 "一百"`}},
		{"three decimals", map[string]any{"finance.units[0].spending.project": rawNumber("1.234")},
			[]string{`填报表.xlsx: 收支情况!G16（项目支出，万元）：错误：应为最多两位小数的数字，实际为 "1.234"`}},
		{"another unit", map[string]any{"finance.units[2].assets.total": "12.5元"},
			[]string{`填报表.xlsx: 收支情况!C34（固定资产合计，万元）：错误：应为最多两位小数的数字（单位只能是万元），实际为 "12.5元"`}},
		{"exponent typed as text", map[string]any{"finance.units[1].three_public.abroad": "1e3"},
			[]string{`填报表.xlsx: 收支情况!G25（因公出国费，万元）：错误：应为最多两位小数的数字（不接受科学计数法），实际为 "1e3"`}},
		{"fractional staff", map[string]any{"overview.actual_staff": rawNumber("6.5")},
			[]string{`填报表.xlsx: 基本概况!D3（实有人数，人）：错误：应为整数，实际为 "6.5"`}},
		{"score in words", map[string]any{"score_sheet.items[1].score": "满分"},
			[]string{`填报表.xlsx: 评分表!F5（自评得分，分）：错误：应为最多两位小数的数字，实际为 "满分"`}},
		{"year in characters", map[string]any{"cover.year": "二〇二〇"}, nil},
		{"year in words", map[string]any{"cover.year": "去年"},
			[]string{`填报表.xlsx: 封面!C5（年度）：错误：应为四位数的年份，如 2020，实际为 "去年"`}},
		{"no such day", map[string]any{"cover.report_date": "2021年2月30日"},
			[]string{`填报表.xlsx: 封面!C10（报告日期）：错误：应为日期，如 2021年6月27日、2021-06-27、2021.6.27、20210627 或 二〇二一年六月二十七日，实际为 "2021年2月30日"（没有这一天）`}},
		{"a date that is no date", map[string]any{"evaluation.unit_date": "下周"},
			[]string{`填报表.xlsx: 评价人员!D11（部门（单位）负责人签章日期）：错误：应为日期，如 2021年6月27日、2021-06-27、2021.6.27、20210627 或 二〇二一年六月二十七日，实际为 "下周"`}},
		{"checklist points", map[string]any{"basis.checklists[0].met": "①和③"},
			[]string{`填报表.xlsx: 基础数据!B15（符合的要点）：错误：应为符合的要点编号，如 ①②③ 或 1、2、3；都不符合填 无，实际为 "①和③"`}},
		{"all at once, sorted by place", map[string]any{
			"score_sheet.items[0].score":    "x",
			"finance.units[0].income.total": "y",
			"cover.year":                    "z",
		}, []string{
			`填报表.xlsx: 封面!C5（年度）：错误：应为四位数的年份，如 2020，实际为 "z"`,
			`填报表.xlsx: 收支情况!C7（收入合计，万元）：错误：应为最多两位小数的数字，实际为 "y"`,
			`填报表.xlsx: 评分表!F4（自评得分，分）：错误：应为最多两位小数的数字，实际为 "x"`,
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, _, warnings, err := Read("填报表.xlsx", setPaths(t, p, sh, data, c.values))
			got := problems(t, "填报表.xlsx", warnings, err)
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
			if err == nil && r == nil {
				t.Error("no report")
			}
		})
	}
}

// Control characters, which a spreadsheet program stores as _x0001_, are
// removed with a warning.
func TestReadControlCharacters(t *testing.T) {
	_, data, _ := exampleBook(t)
	data = rewritePart(t, data, "xl/worksheets/sheet2.xml", "傅颖", "傅_x0001_颖_x001F_")
	r, _, warnings, err := Read("填报表.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	want := `填报表.xlsx: 基本概况!B2（联系人）：警告：删除了 2 个不可打印的控制字符`
	if got := strings.Join(problems(t, "填报表.xlsx", warnings, nil), "\n"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if r.Overview.Contact != "傅颖" {
		t.Errorf("contact read as %q", r.Overview.Contact)
	}
}

// rewritePart replaces text in one part of a workbook.
func rewritePart(t testing.TB, data []byte, part, old, new string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(t, err)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		must(t, err)
		var content bytes.Buffer
		_, err = content.ReadFrom(rc)
		must(t, err)
		c := content.Bytes()
		if f.Name == part {
			found = bytes.Contains(c, []byte(old))
			c = bytes.ReplaceAll(c, []byte(old), []byte(new))
		}
		w, err := zw.Create(f.Name)
		must(t, err)
		_, err = w.Write(c)
		must(t, err)
	}
	must(t, zw.Close())
	if !found {
		t.Fatalf("%s does not hold %q", part, old)
	}
	return b.Bytes()
}

// A formula typed into an input cell reads as its value when the workbook
// holds it (Excel, WPS and LibreOffice save it), and is reported when it does
// not (openpyxl and excelize do not compute).
func TestReadFormulaInInput(t *testing.T) {
	p, data, sh := exampleBook(t)
	sheet, cell := cellOf(t, p, sh, "finance.units[1].income.total")
	withFormula := edit(t, data, nil, func(f *excelize.File) {
		must(t, f.SetCellValue(sheet, cell, nil))
		must(t, f.SetCellFormula(sheet, cell, "100+20"))
	})
	_, _, ps, err := Read("填报表.xlsx", withFormula)
	want := `填报表.xlsx: 收支情况!C8（收入合计，万元）：错误：这里是一个公式，但工作簿中没有它的计算结果：请直接填写内容，或在 Excel、WPS 中打开并保存后再导入`
	if got := strings.Join(problems(t, "填报表.xlsx", ps, err), "\n"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	r, _, _, err := Read("填报表.xlsx", rewritePart(t, withFormula, "xl/worksheets/sheet3.xml", "<f>100+20</f>", "<f>100+20</f><v>120</v>"))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Finance.Units[1].Income.Total; got.Value.String() != "120" {
		t.Errorf("read %v", got)
	}
}

// A bad heading level in a headed text.
func TestReadBadHeading(t *testing.T) {
	_, data, _ := exampleBook(t)
	_, _, ps, err := Read("填报表.xlsx", edit(t, data, map[string]any{"评价报告综述!A2": "四级标题"}))
	want := `填报表.xlsx: 评价报告综述!A2（五、评价报告综述（文字部分））：错误：应为 一级标题、二级标题、三级标题 或留空（正文段落），实际为 "四级标题"`
	if got := strings.Join(problems(t, "填报表.xlsx", ps, err), "\n"); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// What people type, and what spreadsheet programs store, reads as meant.
func TestReadLenient(t *testing.T) {
	p, data, sh := exampleBook(t)
	percent := func(f *excelize.File) {
		sheet, cell := cellOf(t, p, sh, "basis.satisfaction")
		id, err := f.NewStyle(&excelize.Style{NumFmt: 10})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellStyle(sheet, cell, cell, id); err != nil {
			t.Fatal(err)
		}
	}
	in := setPaths(t, p, sh, data, map[string]any{
		"finance.units[1].income.total":          " 1,234.50 ",
		"finance.units[1].income.carry_over":     "１２．５",
		"finance.units[1].income.public_finance": "12.5万元",
		"finance.units[1].income.other":          rawNumber("8.1999999999999993"),
		"finance.units[1].income.gov_fund":       rawNumber("1E-2"),
		"overview.actual_staff":                  "10人",
		"basis.satisfaction":                     0.9, // typed as 90% into a percent cell
		"cover.year":                             "2020年",
		"cover.report_date":                      "2021 年 6 月 25 日",
		"evaluation.unit_date":                   rawNumber("44374"),
		"evaluation.finance_date":                "　　年　　月　　日",
		"basis.checklists[0].met":                "3、1，2",
		"basis.checklists[2].met":                "无",
		"cover.unit":                             "=HYPERLINK(\"x\")",
		"overview.contact":                       "  傅颖\r\n",
	}, percent)
	r, _, warnings, err := Read("填报表.xlsx", in)
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings %v", warnings)
	}
	u := r.Finance.Units[1].Income
	for _, c := range []struct {
		got  jixiao.Number
		want string
	}{
		{u.Total, "1234.5"}, {u.CarryOver, "12.5"}, {u.PublicFinance, "12.5"}, {u.Other, "8.2"}, {u.GovFund, "0.01"},
		{r.Overview.Actual, "10"}, {r.Basis.Satisfaction, "90"},
	} {
		if !c.got.Valid || c.got.Value.String() != c.want {
			t.Errorf("read %v, want %s", c.got, c.want)
		}
	}
	if r.Cover.Year != 2020 || r.Cover.Date != (jixiao.Date{Year: 2021, Month: 6, Day: 25}) ||
		r.Evaluation.UnitDate != (jixiao.Date{Year: 2021, Month: 6, Day: 27}) || !r.Evaluation.FinanceDate.IsZero() {
		t.Errorf("year and dates: %d %v %v %v", r.Cover.Year, r.Cover.Date, r.Evaluation.UnitDate, r.Evaluation.FinanceDate)
	}
	if c := r.Basis.Checklists; len(c) != 2 || c[0].ID != "budget_rules" || len(c[0].Met) != 3 || c[0].Met[0] != 1 ||
		c[1].ID != "disclosure" || len(c[1].Met) != 0 {
		t.Errorf("checklists %+v", c)
	}
	if r.Cover.Unit != `=HYPERLINK("x")` || r.Overview.Contact != "傅颖" {
		t.Errorf("texts %q %q", r.Cover.Unit, r.Overview.Contact)
	}
}

// Content that the form's cells do not hold is never dropped without a
// word: each such cell gets a warning naming it and quoting its start.
func TestReadStrayContent(t *testing.T) {
	_, data, _ := exampleBook(t)
	p, _ := example(t)
	tmpl := writeTemplate(t, p, TemplateOptions{})
	cases := []struct {
		name string
		book []byte
		edit func(*excelize.File)
		want []string
	}{
		{"outside the form", data, func(f *excelize.File) {
			must(t, f.SetCellStr("收支情况", "K3", "备注"))
			must(t, f.SetCellStr("收支情况", "A10", "漏填了一个很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长的说明"))
		}, []string{
			`填报表.xlsx: 收支情况!K3：警告：表格之外的内容 "备注" 不会被导入：请填在表格内；行数不够时，在表格中插入行，或用 jixiao template 生成行数更多的模板`,
			`填报表.xlsx: 收支情况!A10：警告：这一栏是序号，填写的 "漏填了一个很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很"…（共 48 字） 不会被导入：请填在同一行浅黄色的单元格中`,
		}},
		{"inside a merged cell", data, func(f *excelize.File) {
			must(t, f.UnmergeCell("基本概况", "B4", "D4"))
			must(t, f.SetCellStr("基本概况", "C4", "补充的职责"))
		}, []string{
			`填报表.xlsx: 基本概况!C4：警告：这个单元格属于合并单元格 B4:D4，只读取 B4：这里填写的 "补充的职责" 不会被导入`,
		}},
		{"over a formula of the template", tmpl, func(f *excelize.File) {
			must(t, f.SetCellValue("收支情况", "C6", 100))
		}, []string{
			`填报表.xlsx: 收支情况!C6：警告：这里由公式自动计算，填写的 "100" 不会被导入（导入时一律重新计算）`,
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, ps, err := Read("填报表.xlsx", edit(t, c.book, nil, c.edit))
			var got []string
			for _, p := range problems(t, "填报表.xlsx", ps, err) {
				if strings.Contains(p, "不会被导入") {
					got = append(got, p)
				}
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// A workbook whose layout was altered is refused, not misread.
func TestReadAltered(t *testing.T) {
	p, data, sh := exampleBook(t)
	cases := []struct {
		name string
		edit func(*excelize.File)
		want string
	}{
		{"a row inserted into fixed rows", func(f *excelize.File) { must(t, f.InsertRows("基本概况", 3, 1)) },
			`填报表.xlsx: 基本概况!A3：错误：表格结构与生成时不同：这里应为 "人员编制"，实际为 ""（是否插入、删除或移动了行、列？请在未改动结构的表格中填写）`},
		{"a row inserted into the score sheet", func(f *excelize.File) { must(t, f.InsertRows("评分表", 5, 1)) },
			`填报表.xlsx: 评分表!C5：错误：表格结构与生成时不同：这里应为 "“三公经费”变动率"，实际为 ""（是否插入、删除或移动了行、列？请在未改动结构的表格中填写）`},
		{"a label changed", func(f *excelize.File) { must(t, f.SetCellStr("评分表", "C4", "人员控制率")) },
			`填报表.xlsx: 评分表!C4：错误：表格结构与生成时不同：这里应为 "财政供养人员控制率"，实际为 "人员控制率"（是否插入、删除或移动了行、列？请在未改动结构的表格中填写）`},

		{"a sheet renamed", func(f *excelize.File) { must(t, f.SetSheetName("收支情况", "收支")) },
			`填报表.xlsx：错误：缺少工作表 “收支情况”（是否改了名或删除了？工作簿中现有 “封面”、“基本概况”、“收支”、“绩效自评”、“评价人员”、“评价报告综述”、“评分表”、“基础数据”）`},
		{"a sheet deleted", func(f *excelize.File) { must(t, f.DeleteSheet("评价人员")) },
			`填报表.xlsx：错误：缺少工作表 “评价人员”（是否改了名或删除了？工作簿中现有 “封面”、“基本概况”、“收支情况”、“绩效自评”、“评价报告综述”、“评分表”、“基础数据”）`},
		{"the hidden sheet deleted", func(f *excelize.File) { must(t, f.DeleteSheet(metaSheet)) },
			`填报表.xlsx：错误：这个工作簿不是用 jixiao 生成的报告或填报模板（缺少隐藏的工作表 _jixiao）：请在 jixiao template 生成的模板中填写`},
		{"another format version", func(f *excelize.File) { must(t, f.SetCellStr(metaSheet, "B1", "2")) },
			`填报表.xlsx：错误：这个工作簿由另一版本的 jixiao 生成（格式版本为 "2"，本程序读取的是 "1"）：请用本程序的 jixiao template 生成模板重新填写`},
		{"the hidden sheet damaged", func(f *excelize.File) { must(t, f.SetCellStr(metaSheet, "B4", `{"units":0}`)) },
			`填报表.xlsx：错误：隐藏的工作表 _jixiao 中的结构信息已损坏：行数 0 超出范围（1 到 2000）：请在 jixiao template 生成的模板中重新填写`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, _, err := Read("填报表.xlsx", edit(t, data, nil, c.edit))
			if got := strings.Join(problems(t, "填报表.xlsx", nil, err), "\n"); got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
	_ = p
	_ = sh
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// zipOf makes a zip of the given parts.
func zipOf(t testing.TB, parts map[string][]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, data := range parts {
		w, err := zw.Create(name)
		must(t, err)
		_, err = w.Write(data)
		must(t, err)
	}
	must(t, zw.Close())
	return b.Bytes()
}

// utf16le is how OLE compound files name their streams.
func utf16le(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}

var ole = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Files that are no workbook Read can take say what they are.
func TestReadBadFiles(t *testing.T) {
	_, good, _ := exampleBook(t)
	var encrypted bytes.Buffer
	f, err := excelize.OpenReader(bytes.NewReader(good))
	must(t, err)
	must(t, f.Write(&encrypted, excelize.Options{Password: "secret"}))
	lying := func() []byte { // declares 100 bytes, holds 20 MB
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		var z bytes.Buffer
		fw, _ := zw.Create("tmp")
		_ = fw
		zw2 := zip.NewWriter(&z)
		w, _ := zw2.Create("x")
		w.Write(make([]byte, 20<<20))
		zw2.Close()
		zr, _ := zip.NewReader(bytes.NewReader(z.Bytes()), int64(z.Len()))
		raw, _ := zr.File[0].OpenRaw()
		var comp bytes.Buffer
		comp.ReadFrom(raw)
		b.Reset()
		zw = zip.NewWriter(&b)
		for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
			w, _ := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: zr.File[0].CRC32,
				CompressedSize64: uint64(comp.Len()), UncompressedSize64: 100})
			w.Write(comp.Bytes())
		}
		zw.Close()
		return b.Bytes()
	}()
	cases := []struct {
		name string
		data []byte
		code string
		want string
	}{
		{"empty", nil, jixiao.CodeFile, "文件是空的"},
		{"text", []byte("姓名,金额\n张三,12\n"), jixiao.CodeFile, "不是 Excel 工作簿（.xlsx）：文件内容无法识别"},
		{"json", []byte(`{"cover": {}}`), jixiao.CodeFile, "这是 JSON 文本，不是 Excel 工作簿（.xlsx）；JSON 格式的报告不用导入，可以直接检查和生成"},
		{"html", []byte("<html><table></table></html>"), jixiao.CodeFile, "这是网页或 XML 文件（可能是“另存为网页”或 XML 表格），不是 Excel 工作簿（.xlsx）"},
		{"pdf", []byte("%PDF-1.7\n"), jixiao.CodeFile, "这是 PDF 文件，不是 Excel 工作簿（.xlsx）"},
		{"encrypted", encrypted.Bytes(), jixiao.CodeFile, "工作簿设置了打开密码（已加密），无法读取：请在 Excel 或 WPS 中清除打开密码后另存为 .xlsx 再导入"},
		{"xls", append(append(append([]byte{}, ole...), make([]byte, 512)...), utf16le("Workbook")...), jixiao.CodeFile,
			"这是旧版 Excel 97-2003 工作簿（.xls），请在 Excel 或 WPS 中另存为 .xlsx 后再导入"},
		{"doc", append(append(append([]byte{}, ole...), make([]byte, 512)...), utf16le("WordDocument")...), jixiao.CodeFile,
			"这是 Word 97-2003 文档（.doc），不是 Excel 工作簿（.xlsx）"},
		{"docx", zipOf(t, map[string][]byte{"[Content_Types].xml": nil, "word/document.xml": nil}), jixiao.CodeFile,
			"这是 Word 文档（.docx），不是 Excel 工作簿（.xlsx）"},
		{"ods", zipOf(t, map[string][]byte{"mimetype": []byte("application/vnd.oasis.opendocument.spreadsheet"), "content.xml": nil}),
			jixiao.CodeFile, "这是 OpenDocument 文件（如 .ods），请在 WPS、Excel 或 LibreOffice 中另存为 .xlsx 后再导入"},
		{"a zip of something else", zipOf(t, map[string][]byte{"a.txt": nil}), jixiao.CodeFile, "不是 Excel 工作簿（.xlsx）：压缩包中没有工作簿"},
		{"truncated", good[:len(good)/2], jixiao.CodeSyntax, "文件已损坏，无法作为 .xlsx 工作簿打开（不是有效的压缩包）"},
		{"a part too large", zipOf(t, map[string][]byte{"[Content_Types].xml": nil, "xl/workbook.xml": make([]byte, 17<<20)}),
			jixiao.CodeFile, "工作簿的部件 xl/workbook.xml 解压后过大（17 MB，最多 16 MB）"},
		{"too large unzipped", zipOf(t, map[string][]byte{"[Content_Types].xml": nil, "xl/workbook.xml": nil,
			"a": make([]byte, 16<<20), "b": make([]byte, 16<<20), "c": make([]byte, 16<<20), "d": make([]byte, 16<<20), "e": make([]byte, 1)}),
			jixiao.CodeFile, "工作簿解压后过大（67108865 字节，最多 67108864 字节，即 64 MB）"},
		{"a zip lying about its sizes", lying, jixiao.CodeSyntax, "工作簿的部件 xl/workbook.xml 无法解压（不是有效的压缩包）"},
		{"too large", append([]byte("PK\x03\x04"), make([]byte, MaxFileSize)...), jixiao.CodeFile,
			"文件过大（33554436 字节，最多 33554432 字节，即 32 MB）"},
		{"a workbook of another program", func() []byte {
			var b bytes.Buffer
			must(t, excelize.NewFile().Write(&b))
			return b.Bytes()
		}(), jixiao.CodeSyntax, "这个工作簿不是用 jixiao 生成的报告或填报模板（缺少隐藏的工作表 _jixiao）：请在 jixiao template 生成的模板中填写"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, _, err := Read("填报表.xlsx", c.data)
			var ie *jixiao.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v", err)
			}
			if len(ie.Problems) != 1 || ie.Problems[0].Code != c.code || ie.Problems[0].Message != c.want {
				t.Errorf("got %+v\nwant %s: %s", ie.Problems, c.code, c.want)
			}
		})
	}
}

// 总分 and 绩效自评综合得分 read as the workbook shows them: a total typed over
// the template's formula is the unit's statement (and check compares it),
// the formula's last value where the saving program stored one, or else
// what the formula computes.
func TestReadStatedTotals(t *testing.T) {
	p, _ := example(t)
	r := corrected(t)
	sh, err := shapeOf(r)
	must(t, err)
	b := build(p, sh)
	total := b.scoreTotal.sheet.name + "!" + b.scoreTotal.name()
	filled := writeReport(t, p, r)
	for _, c := range []struct {
		name string
		book []byte
		want string
	}{
		{"the report workbook: as printed", filled, "95"},
		{"a total typed over it", edit(t, filled, map[string]any{total: 97}), "97"},
		{"the template, blank", writeTemplate(t, p, TemplateOptions{}), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, _, ps, err := Read("报告.xlsx", c.book)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				if strings.Contains(p.Message, "不会被导入") {
					t.Errorf("warning: %s", p.Format("报告.xlsx"))
				}
			}
			if s := got.ScoreSheet.Total.String(); s != c.want {
				t.Errorf("总分 read as %q, want %q", s, c.want)
			}
		})
	}
}

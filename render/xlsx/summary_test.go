package xlsx_test

import (
	"archive/zip"
	"bytes"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jixiao"
	"jixiao/internal/realclient"
	"jixiao/render/xlsx"
)

// summaryOf returns a summary of n units (every third without a stated
// total, every fifth with errors) with their intake rows and problems.
func summaryOf(n int, department bool) *xlsx.Summary {
	var units []jixiao.UnitSummary
	var problems []jixiao.UnitProblem
	var intake []jixiao.IntakeRow
	t := &jixiao.Totals{}
	for i := range n {
		u := jixiao.UnitSummary{File: "收到的报告/二级/单位" + strings.Repeat("很长的名字", i%4) + ".xlsx", Code: "0" + string(rune('1'+i%9)) + "2001",
			Unit: "岳阳楼区某某单位" + strings.Repeat("服务中心", i%3), Year: 2021, Income: jixiao.MustNum("307.47"),
			Spending: jixiao.MustNum("1316.05"), ThreePublic: jixiao.MustNum("0.29"), Self: jixiao.MustNum("98.3"),
			Suggested: jixiao.MustNum("90.15"), Grade: "优", SuggestedGrade: "优"}
		if i%3 != 0 {
			u.Stated = jixiao.MustNum("99.15")
		}
		if department {
			u.Department = "区人社局"
		}
		if i%5 == 0 {
			u.Errors = 2
			problems = append(problems, jixiao.UnitProblem{Code: u.Code, Unit: u.Unit, File: u.File, Problem: jixiao.Problem{
				Code: jixiao.CodeSum, Place: jixiao.Place{Sheet: "收支情况", Line: 7, Col: 4}, Label: "收入合计，万元",
				Message: "应为 -8.58（收入合计 307.47 − 支出合计 316.05），实际为 8.58" + strings.Repeat("，很长的说明", i%7)}})
		}
		t.Add(u)
		units = append(units, u)
		intake = append(intake, jixiao.IntakeRow{Code: u.Code, Unit: u.Unit, File: u.File, Status: jixiao.IntakeCounted})
	}
	intake = append(intake, jixiao.IntakeRow{File: "收到的报告/城管局.xls", Status: jixiao.IntakeUnreadable,
		Note: "这是旧版 Excel 97-2003 工作簿（.xls），不能读取：请在 Excel 或 WPS 中打开，另存为 .xlsx（Excel 工作簿）后重新报送"})
	return &xlsx.Summary{
		Title: "岳阳楼区2021年度部门整体支出绩效自评汇总表", Note: "收到文件 4 个", Grades: t.GradeNames(nil), Department: department,
		Totals: t, Units: slices.Values(units), Intake: slices.Values(intake), NIntake: len(intake),
		Problems: slices.Values(problems), NProblems: len(problems),
	}
}

func writeSummary(t *testing.T, s *xlsx.Summary) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := xlsx.WriteSummary(&b, s); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The same summary gives the same bytes; the sequences must yield the rows
// announced.
func TestSummaryDeterministic(t *testing.T) {
	a, b := writeSummary(t, summaryOf(7, false)), writeSummary(t, summaryOf(7, false))
	if !bytes.Equal(a, b) {
		t.Error("two writes of one summary differ")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	if zr.File[0].Name != "[Content_Types].xml" {
		t.Errorf("first part %s", zr.File[0].Name)
	}
	s := summaryOf(3, false)
	s.NProblems++
	if err := xlsx.WriteSummary(&bytes.Buffer{}, s); err == nil || !strings.Contains(err.Error(), "announced") {
		t.Errorf("one problem fewer than announced: %v", err)
	}
	s = summaryOf(3, false)
	s.Units = iter.Seq[jixiao.UnitSummary](func(func(jixiao.UnitSummary) bool) {})
	if err := xlsx.WriteSummary(&bytes.Buffer{}, s); err == nil {
		t.Error("no units while 3 are announced: no error")
	}
}

// The summary workbook passes the strict validator; openpyxl reads its
// titles, page header, the 年度 column, number formats, row heights that fit
// wrapped text, and two charts.
func TestSummaryReadBack(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 12} {
		book := filepath.Join(dir, "汇总表.xlsx")
		if err := os.WriteFile(book, writeSummary(t, summaryOf(n, n > 0)), 0o644); err != nil {
			t.Fatal(err)
		}
		realclient.Validate(t, book)
		got := realclient.RunPython(t, `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(wb.sheetnames)
ws = wb["汇总表"]
print(ws["A1"].value)
print(ws.oddHeader.center.text)
print([c.value for c in ws[2]])
print(ws.freeze_panes, ws.auto_filter.ref, ws.max_row, ws.page_setup.orientation, ws.print_title_rows)
if ws.max_row > 3:
    print(ws["B3"].value, ws["E3"].value, ws["F3"].number_format, ws["J3"].number_format, ws["J3"].value)
    tall = max(ws.row_dimensions[r].height for r in range(3, ws.max_row))
    print(ws.row_dimensions[3].height >= 19, tall > 19)
print(ws.cell(ws.max_row, 3).value)
print(len(wb["图表"]._charts))
p = wb["问题清单"]
print([c.value for c in p[2]])
i = wb["报送情况"]
print(i["A2"].value, [c.value for c in i[3]])
`, []string{book}, "openpyxl")
		want := `['汇总表', '报送情况', '问题清单', '图表']
岳阳楼区2021年度部门整体支出绩效自评汇总表
岳阳楼区2021年度部门整体支出绩效自评汇总表
['序号', '预算编码', '单位名称', '年度', '收入合计\n（万元）', '支出合计\n（万元）', '三公经费\n（万元）', '填报总分', '重新计算的自评总分', '按评分标准建议总分', '评价等次', '建议等次', '错误', '警告', '文件']
A3 $A$2:$O$3 3 landscape $1:$2
合计（0 个单位）
2
['预算编码', '单位名称', '文件', '位置', '字段', '严重程度', '类别', '问题']
收到文件 4 个 ['预算编码', '单位名称', '主管部门', '文件', '状态', '说明']
`
		if n > 0 {
			want = `['汇总表', '报送情况', '问题清单', '图表']
岳阳楼区2021年度部门整体支出绩效自评汇总表
岳阳楼区2021年度部门整体支出绩效自评汇总表
['序号', '预算编码', '单位名称', '主管部门', '年度', '收入合计\n（万元）', '支出合计\n（万元）', '三公经费\n（万元）', '填报总分', '重新计算的自评总分', '按评分标准建议总分', '评价等次', '建议等次', '错误', '警告', '文件']
A3 $A$2:$P$14 15 landscape $1:$2
012001 2021 #,##0.00 0.00 98.3
True True
合计（12 个单位）
2
['预算编码', '单位名称', '文件', '位置', '字段', '严重程度', '类别', '问题']
收到文件 4 个 ['预算编码', '单位名称', '主管部门', '文件', '状态', '说明']
`
		}
		if got != want {
			t.Errorf("%d units: got\n%s\nwant\n%s", n, got, want)
		}
	}
}

// BenchmarkWriteSummary writes the summary workbook of 1,000 units per
// iteration.
func BenchmarkWriteSummary(b *testing.B) {
	s := summaryOf(1000, true)
	b.ReportAllocs()
	for b.Loop() {
		if err := xlsx.WriteSummary(io.Discard, s); err != nil {
			b.Fatal(err)
		}
	}
}

// Every sheet of the summary workbook, 图表 too, prints the title at the
// head of each page and 第 N 页，共 M 页 at its foot.
func TestSummaryHeaderFooter(t *testing.T) {
	s := summaryOf(3, false)
	data := writeSummary(t, s)
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	sheets := 0
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
			continue
		}
		sheets++
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		part, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"<oddHeader>&amp;C" + s.Title + "</oddHeader>", "<oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter>"} {
			if !strings.Contains(string(part), want) {
				t.Errorf("%s lacks %s", f.Name, want)
			}
		}
	}
	if sheets != 4 {
		t.Errorf("%d sheets", sheets)
	}
}

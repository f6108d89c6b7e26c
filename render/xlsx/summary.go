package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"iter"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
)

// Sheets of the bundle's summary workbook.
const (
	SummarySheet  = "汇总表"
	ProblemsSheet = "问题清单"
	ChartsSheet   = "图表"
)

var summaryHeader = []string{"序号", "预算编码", "单位名称", "收入合计（万元）", "支出合计（万元）", "三公经费（万元）",
	"填报总分", "自评总分（重新计算）", "按评分标准建议总分", "评价等次", "错误", "警告", "文件"}

var problemsHeader = []string{"预算编码", "单位名称", "文件", "位置", "严重程度", "类别", "路径", "字段", "问题"}

// WriteSummary writes the finance bureau's summary workbook of a bundle: the
// sheet 汇总表 with one row per unit in the given order and a totals row
// (frozen header, filters, print-ready), the sheet 问题清单 with every problem,
// and the sheet 图表 with two native charts: units per 评价等次, and the stated
// total against the recomputed total per unit. n and np are the numbers of
// units and problems the sequences yield; rows are streamed, so memory does not
// grow with them.
func WriteSummary(w io.Writer, n int, units iter.Seq[jixiao.UnitSummary], np int, problems iter.Seq[jixiao.UnitProblem]) error {
	f := excelize.NewFile()
	defer f.Close()
	// The first sheet is the default Sheet1 renamed: deleting it or setting the
	// active sheet later would parse the streamed sheets back into memory.
	if err := f.SetSheetName("Sheet1", SummarySheet); err != nil {
		return err
	}
	sw := &summaryWriter{f: f}
	grades := sw.units(n, units)
	sw.problems(np, problems)
	sw.charts(n, grades)
	if sw.err != nil {
		return sw.err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: "部门整体支出绩效自评汇总表", Creator: "jixiao",
		LastModifiedBy: "jixiao", Language: "zh-CN", Created: docTime, Modified: docTime}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return err
	}
	data, err := sortContentTypes(buf.Bytes())
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// sortContentTypes rewrites the package with its parts sorted by name and the
// Default elements of [Content_Types].xml in order: excelize writes both in map
// order (the image types of a workbook with charts too), which would make the
// bytes differ from run to run. Parts other than [Content_Types].xml are copied
// still compressed.
func sortContentTypes(data []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	defaults := regexp.MustCompile(`<Default [^>]*></Default>`)
	files := slices.Clone(zr.File) // excelize writes its parts in map order too
	slices.SortFunc(files, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	for _, zf := range files {
		if zf.Name != "[Content_Types].xml" { // copied as it is, still compressed
			raw, err := zf.OpenRaw()
			if err != nil {
				return nil, err
			}
			hdr := zf.FileHeader
			w, err := zw.CreateRaw(&hdr)
			if err != nil {
				return nil, err
			}
			if _, err := io.Copy(w, raw); err != nil {
				return nil, err
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		part, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		found := defaults.FindAll(part, -1)
		slices.SortFunc(found, bytes.Compare)
		i := 0
		part = defaults.ReplaceAllFunc(part, func([]byte) []byte { i++; return found[i-1] })
		hdr := zf.FileHeader
		w, err := zw.CreateHeader(&hdr)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(part); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

type summaryWriter struct {
	f   *excelize.File
	err error
}

func (sw *summaryWriter) do(err error) {
	if sw.err == nil && err != nil {
		sw.err = err
	}
}

func (sw *summaryWriter) style(s *excelize.Style) int {
	id, err := sw.f.NewStyle(s)
	sw.do(err)
	return id
}

var summaryBorder = []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
	{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}

func (sw *summaryWriter) set(sheet string, col, row int, v any) {
	sw.do(sw.f.SetCellValue(sheet, jixiao.CellName(col, row), v))
}

// setText writes a string as text, never as a formula (a name may start with =).
func (sw *summaryWriter) setText(sheet string, col, row int, s string) {
	sw.do(sw.f.SetCellStr(sheet, jixiao.CellName(col, row), s))
}

// num is a decimal as a cell value: a number, or nil for a blank cell.
func num(n jixiao.Number) any {
	if !n.Valid {
		return nil
	}
	v, _ := n.Value.Float64() // a cell holds an IEEE double; two decimals survive display exactly
	return v
}

func colName(c int) string {
	name, _ := excelize.ColumnNumberToName(c)
	return name
}

// stream opens a sheet for streaming with its title, header, widths, frozen
// header, filter over rows data rows and print setup; the big sheets are
// streamed so that the memory of a bundle does not grow with its units.
func (sw *summaryWriter) stream(sheet, title string, header []string, rows int, widths []float64) *excelize.StreamWriter {
	f := sw.f
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		_, err := f.NewSheet(sheet)
		sw.do(err)
	}
	last := jixiao.CellName(len(header), 2+max(rows, 1))
	sw.do(f.AutoFilter(sheet, "A2:"+last, nil))
	sw.do(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: "'" + sheet + "'!$1:$2"}))
	size, orient, fitW, fitH, yes := 9, "landscape", 1, 0, true
	sw.do(f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH}))
	sw.do(f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}))
	sw.do(f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: `&C第 &P 页，共 &N 页`}))
	st, err := f.NewStreamWriter(sheet)
	sw.do(err)
	if err != nil {
		return nil
	}
	for i, w := range widths {
		sw.do(st.SetColWidth(i+1, i+1, w))
	}
	sw.do(st.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}))
	titleStyle := sw.style(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "黑体", Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	sw.do(st.SetRow("A1", []any{excelize.Cell{StyleID: titleStyle, Value: title}}, excelize.RowOpts{Height: 30}))
	sw.do(st.MergeCell("A1", jixiao.CellName(len(header), 1)))
	head := sw.style(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "宋体", Size: 11}, Border: summaryBorder,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	cells := make([]any, len(header))
	for i, h := range header {
		cells[i] = excelize.Cell{StyleID: head, Value: h}
	}
	sw.do(st.SetRow("A2", cells, excelize.RowOpts{Height: 32}))
	return st
}

// units writes the 汇总表 rows and returns the number of units per grade.
func (sw *summaryWriter) units(n int, units iter.Seq[jixiao.UnitSummary]) map[string]int {
	grades := map[string]int{}
	st := sw.stream(SummarySheet, "部门整体支出绩效自评汇总表", summaryHeader, n+1,
		[]float64{6, 10, 30, 13, 13, 12, 9, 11, 11, 8, 6, 6, 36})
	if st == nil {
		return grades
	}
	font := &excelize.Font{Family: "宋体", Size: 10.5}
	text := sw.style(&excelize.Style{Font: font, Border: summaryBorder, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	count := sw.style(&excelize.Style{Font: font, Border: summaryBorder, Alignment: &excelize.Alignment{Vertical: "center"}})
	money := sw.style(&excelize.Style{Font: font, Border: summaryBorder, NumFmt: 2, Alignment: &excelize.Alignment{Vertical: "center"}})
	score := sw.style(&excelize.Style{Font: font, Border: summaryBorder, CustomNumFmt: ptr("0.##"),
		Alignment: &excelize.Alignment{Vertical: "center", Horizontal: "right"}})
	bold := &excelize.Font{Family: "宋体", Size: 10.5, Bold: true}
	totalText := sw.style(&excelize.Style{Font: bold, Border: summaryBorder, Alignment: &excelize.Alignment{Vertical: "center"}})
	totalMoney := sw.style(&excelize.Style{Font: bold, Border: summaryBorder, NumFmt: 2, Alignment: &excelize.Alignment{Vertical: "center"}})
	sums := make([]decimal.Decimal, 3)
	errs, warns := 0, 0
	row := make([]any, len(summaryHeader))
	i := 0
	for u := range units {
		if i == n {
			break
		}
		grades[u.Grade]++
		row[0] = excelize.Cell{StyleID: count, Value: i + 1}
		row[1] = excelize.Cell{StyleID: text, Value: u.Code}
		row[2] = excelize.Cell{StyleID: text, Value: u.Unit}
		for j, n := range []jixiao.Number{u.Income, u.Spending, u.ThreePublic} {
			row[3+j] = excelize.Cell{StyleID: money, Value: num(n)}
			sums[j] = sums[j].Add(n.Or(decimal.Zero))
		}
		row[6] = excelize.Cell{StyleID: score, Value: num(u.Stated)}
		row[7] = excelize.Cell{StyleID: score, Value: num(u.Self)}
		row[8] = excelize.Cell{StyleID: score, Value: num(u.Suggested)}
		row[9] = excelize.Cell{StyleID: text, Value: u.Grade}
		row[10] = excelize.Cell{StyleID: count, Value: u.Errors}
		row[11] = excelize.Cell{StyleID: count, Value: u.Warnings}
		row[12] = excelize.Cell{StyleID: text, Value: u.File}
		sw.do(st.SetRow(jixiao.CellName(1, 3+i), row))
		errs += u.Errors
		warns += u.Warnings
		i++
	}
	last := 3 + i
	total := []any{excelize.Cell{StyleID: totalText, Value: "合计（" + strconv.Itoa(i) + " 个单位）"},
		excelize.Cell{StyleID: totalText}, excelize.Cell{StyleID: totalText}}
	for _, s := range sums {
		total = append(total, excelize.Cell{StyleID: totalMoney, Value: num(jixiao.Num(s))})
	}
	for range 4 {
		total = append(total, excelize.Cell{StyleID: totalText})
	}
	total = append(total, excelize.Cell{StyleID: totalText, Value: errs}, excelize.Cell{StyleID: totalText, Value: warns},
		excelize.Cell{StyleID: totalText})
	sw.do(st.SetRow(jixiao.CellName(1, last), total))
	sw.do(st.MergeCell(jixiao.CellName(1, last), jixiao.CellName(3, last)))
	sw.do(st.Flush())
	return grades
}

func (sw *summaryWriter) problems(n int, problems iter.Seq[jixiao.UnitProblem]) {
	st := sw.stream(ProblemsSheet, "问题清单", problemsHeader, n, []float64{10, 24, 30, 12, 8, 11, 30, 20, 60})
	if st == nil {
		return
	}
	text := sw.style(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10.5}, Border: summaryBorder,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	row := make([]any, len(problemsHeader))
	i := 0
	for p := range problems {
		if i == n {
			break
		}
		for j, v := range []string{p.Code, p.Unit, p.File, p.Place.String(), p.Severity.String(), p.Problem.Code, p.Path, p.Label, p.Message} {
			row[j] = excelize.Cell{StyleID: text, Value: v}
		}
		sw.do(st.SetRow(jixiao.CellName(1, 3+i), row))
		i++
	}
	sw.do(st.Flush())
}

func (sw *summaryWriter) charts(n int, counts map[string]int) {
	const sheet = ChartsSheet
	_, err := sw.f.NewSheet(sheet)
	sw.do(err)
	sw.setText(sheet, 1, 1, "评价等次分布与得分对比")
	sw.do(sw.f.SetCellStyle(sheet, "A1", "A1", sw.style(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "黑体", Size: 16}})))
	sw.do(sw.f.SetRowHeight(sheet, 1, 30))
	head := sw.style(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "宋体", Size: 11}, Border: summaryBorder,
		Alignment: &excelize.Alignment{Horizontal: "center"}})
	body := sw.style(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 11}, Border: summaryBorder,
		Alignment: &excelize.Alignment{Horizontal: "center"}})
	sw.setText(sheet, 1, 3, "评价等次")
	sw.setText(sheet, 2, 3, "单位数")
	sw.do(sw.f.SetCellStyle(sheet, "A3", "B3", head))
	grades := []string{"优", "良", "中", "差"}
	for g := range counts {
		if g != "" && !contains(grades, g) {
			grades = append(grades, g) // a profile's own grade names
		}
	}
	if counts[""] > 0 {
		grades = append(grades, "无法评价")
		counts["无法评价"] = counts[""]
	}
	for i, g := range grades {
		sw.setText(sheet, 1, 4+i, g)
		sw.set(sheet, 2, 4+i, counts[g])
	}
	last := 3 + len(grades)
	sw.do(sw.f.SetCellStyle(sheet, "A4", jixiao.CellName(2, last), body))
	sw.do(sw.f.SetColWidth(sheet, "A", "B", 12))
	sw.do(sw.f.AddChart(sheet, "D3", &excelize.Chart{
		Type: excelize.Col,
		Series: []excelize.ChartSeries{{Name: "'" + sheet + "'!$B$3",
			Categories: fmt.Sprintf("'%s'!$A$4:$A$%d", sheet, last), Values: fmt.Sprintf("'%s'!$B$4:$B$%d", sheet, last)}},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "各评价等次单位数"}}},
		Legend:    excelize.ChartLegend{Position: "none"},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		Dimension: excelize.ChartDimension{Width: 480, Height: 290},
	}))
	if n == 0 {
		return
	}
	end := 2 + n
	height := uint(max(320, min(20*n+120, 4000)))
	src := "'" + SummarySheet + "'!"
	sw.do(sw.f.AddChart(sheet, "D19", &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{
			{Name: src + "$G$2", Categories: fmt.Sprintf("%s$C$3:$C$%d", src, end), Values: fmt.Sprintf("%s$G$3:$G$%d", src, end)},
			{Name: src + "$H$2", Categories: fmt.Sprintf("%s$C$3:$C$%d", src, end), Values: fmt.Sprintf("%s$H$3:$H$%d", src, end)},
		},
		Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "填报总分与重新计算总分"}}},
		Legend:    excelize.ChartLegend{Position: "top"},
		XAxis:     excelize.ChartAxis{ReverseOrder: true},
		Dimension: excelize.ChartDimension{Width: 720, Height: height},
	}))
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func ptr[T any](v T) *T { return &v }

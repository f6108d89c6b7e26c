package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
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

// The parts of the summary workbook's big sheets: excelize names a workbook's
// sheets by the order they are made, and WriteSummary makes these first.
const (
	summaryPart  = "xl/worksheets/sheet1.xml"
	problemsPart = "xl/worksheets/sheet2.xml"
)

var summaryHeader = []string{"序号", "预算编码", "单位名称", "收入合计（万元）", "支出合计（万元）", "三公经费（万元）",
	"填报总分", "自评总分（重新计算）", "按评分标准建议总分", "评价等次", "错误", "警告", "文件"}

// WriteSummary writes the finance bureau's summary workbook of a bundle: the
// sheet 汇总表 with one row per unit in the given order and a totals row
// (frozen header, filters, print-ready), the sheet 问题清单 with every problem,
// and the sheet 图表 with two native charts: units per 评价等次, and the stated
// total against the recomputed total per unit. n and np are the numbers of
// units and problems the sequences yield.
//
// excelize makes the workbook with everything but the data rows; the rows are
// then written straight into the two sheets' parts as the sequences yield them,
// so that memory does not grow with the number of units (excelize's own
// StreamWriter keeps up to 16 MB a sheet in memory).
func WriteSummary(w io.Writer, n int, units iter.Seq[jixiao.UnitSummary], np int, problems iter.Seq[jixiao.UnitProblem]) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SummarySheet); err != nil {
		return err
	}
	sw := &summaryWriter{f: f}
	totals := summaryTotals(n, units)
	sw.units(n, totals)
	sw.problems(np)
	sw.charts(n, totals.grades)
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
	rows := map[string]func(io.Writer) error{
		summaryPart:  func(w io.Writer) error { return sw.unitRows(w, n, units) },
		problemsPart: func(w io.Writer) error { return sw.problemRows(w, np, problems) },
	}
	// Where the rows go: before the totals row of 汇总表, at the end of 问题清单.
	at := map[string]string{summaryPart: `<row r="` + strconv.Itoa(n+3) + `"`, problemsPart: `</sheetData>`}
	return repack(w, buf.Bytes(), rows, at)
}

// repack rewrites the package with its parts sorted by name, the Default
// elements of [Content_Types].xml in order (excelize writes both in map order,
// which would make the bytes differ from run to run), and the rows of the big
// sheets written into their parts. Other parts are copied still compressed.
func repack(w io.Writer, data []byte, rows map[string]func(io.Writer) error, at map[string]string) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	defaults := regexp.MustCompile(`<Default [^>]*></Default>`)
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	for _, zf := range files {
		write := rows[zf.Name]
		if zf.Name != "[Content_Types].xml" && write == nil { // copied as it is, still compressed
			raw, err := zf.OpenRaw()
			if err != nil {
				return err
			}
			hdr := zf.FileHeader
			pw, err := zw.CreateRaw(&hdr)
			if err != nil {
				return err
			}
			if _, err := io.Copy(pw, raw); err != nil {
				return err
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		part, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		hdr := zip.FileHeader{Name: zf.Name, Method: zip.Deflate}
		hdr.SetMode(0o644)
		hdr.Modified = zf.Modified
		pw, err := zw.CreateHeader(&hdr)
		if err != nil {
			return err
		}
		if write == nil {
			found := defaults.FindAll(part, -1)
			slices.SortFunc(found, bytes.Compare)
			i := 0
			part = defaults.ReplaceAllFunc(part, func([]byte) []byte { i++; return found[i-1] })
			if _, err := pw.Write(part); err != nil {
				return err
			}
			continue
		}
		cut := bytes.Index(part, []byte(at[zf.Name]))
		if cut < 0 {
			return fmt.Errorf("xlsx: no %s in %s", at[zf.Name], zf.Name)
		}
		if _, err := pw.Write(part[:cut]); err != nil {
			return err
		}
		if err := write(pw); err != nil {
			return err
		}
		if _, err := pw.Write(part[cut:]); err != nil {
			return err
		}
	}
	return zw.Close()
}

type summaryWriter struct {
	f   *excelize.File
	err error
	// styles of the data rows
	text, count, money, score, wrap int
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

func colName(c int) string {
	name, _ := excelize.ColumnNumberToName(c)
	return name
}

// sheet sets up a big sheet: title, header, widths, frozen header, a filter
// over rows data rows, print setup.
func (sw *summaryWriter) sheet(sheet, title string, header []string, rows int, widths []float64) {
	f := sw.f
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		_, err := f.NewSheet(sheet)
		sw.do(err)
	}
	sw.setText(sheet, 1, 1, title)
	sw.do(f.MergeCell(sheet, "A1", jixiao.CellName(len(header), 1)))
	sw.do(f.SetCellStyle(sheet, "A1", "A1", sw.style(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "黑体", Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})))
	sw.do(f.SetRowHeight(sheet, 1, 30))
	head := sw.style(&excelize.Style{Font: &excelize.Font{Bold: true, Family: "宋体", Size: 11}, Border: summaryBorder,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	for i, h := range header {
		sw.setText(sheet, i+1, 2, h)
		sw.do(f.SetColWidth(sheet, colName(i+1), colName(i+1), widths[i]))
	}
	sw.do(f.SetCellStyle(sheet, "A2", jixiao.CellName(len(header), 2), head))
	sw.do(f.SetRowHeight(sheet, 2, 32))
	sw.do(f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}))
	sw.do(f.AutoFilter(sheet, "A2:"+jixiao.CellName(len(header), 2+max(rows, 1)), nil))
	sw.do(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: "'" + sheet + "'!$1:$2"}))
	size, orient, fitW, fitH, yes := 9, "landscape", 1, 0, true
	sw.do(f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH}))
	sw.do(f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}))
	sw.do(f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: `&C第 &P 页，共 &N 页`}))
}

// totals are what the totals row and the charts need, from a first pass.
type totals struct {
	sums             [3]decimal.Decimal
	units            int
	errors, warnings int
	grades           map[string]int
}

func summaryTotals(n int, units iter.Seq[jixiao.UnitSummary]) totals {
	t := totals{grades: map[string]int{}}
	for u := range units {
		if t.units == n {
			break
		}
		for j, v := range []jixiao.Number{u.Income, u.Spending, u.ThreePublic} {
			t.sums[j] = t.sums[j].Add(v.Or(decimal.Zero))
		}
		t.errors += u.Errors
		t.warnings += u.Warnings
		t.grades[u.Grade]++
		t.units++
	}
	return t
}

// units sets up 汇总表 with its totals row; unitRows writes the rows between.
func (sw *summaryWriter) units(n int, t totals) {
	const sheet = SummarySheet
	sw.sheet(sheet, "部门整体支出绩效自评汇总表", summaryHeader, n+1, []float64{6, 10, 30, 13, 13, 12, 9, 11, 11, 8, 6, 6, 36})
	font := &excelize.Font{Family: "宋体", Size: 10.5}
	sw.text = sw.style(&excelize.Style{Font: font, Border: summaryBorder, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	sw.count = sw.style(&excelize.Style{Font: font, Border: summaryBorder, Alignment: &excelize.Alignment{Vertical: "center"}})
	sw.money = sw.style(&excelize.Style{Font: font, Border: summaryBorder, NumFmt: 2, Alignment: &excelize.Alignment{Vertical: "center"}})
	sw.score = sw.style(&excelize.Style{Font: font, Border: summaryBorder, CustomNumFmt: ptr("0.##"),
		Alignment: &excelize.Alignment{Vertical: "center", Horizontal: "right"}})
	bold := &excelize.Font{Family: "宋体", Size: 10.5, Bold: true}
	totalText := sw.style(&excelize.Style{Font: bold, Border: summaryBorder, Alignment: &excelize.Alignment{Vertical: "center"}})
	totalMoney := sw.style(&excelize.Style{Font: bold, Border: summaryBorder, NumFmt: 2, Alignment: &excelize.Alignment{Vertical: "center"}})
	row := n + 3
	sw.setText(sheet, 1, row, "合计（"+strconv.Itoa(t.units)+" 个单位）")
	for j, s := range t.sums {
		f, _ := s.Float64()
		sw.set(sheet, 4+j, row, f)
	}
	sw.set(sheet, 11, row, t.errors)
	sw.set(sheet, 12, row, t.warnings)
	sw.do(sw.f.SetCellStyle(sheet, jixiao.CellName(1, row), jixiao.CellName(13, row), totalText))
	sw.do(sw.f.SetCellStyle(sheet, jixiao.CellName(4, row), jixiao.CellName(6, row), totalMoney))
	sw.do(sw.f.MergeCell(sheet, jixiao.CellName(1, row), jixiao.CellName(3, row)))
}

// rowWriter writes the XML of data rows.
type rowWriter struct {
	w   io.Writer
	buf []byte
	row int
	col int
}

func (rw *rowWriter) start(row int) {
	rw.row, rw.col = row, 0
	rw.buf = append(rw.buf[:0], `<row r="`...)
	rw.buf = strconv.AppendInt(rw.buf, int64(row), 10)
	rw.buf = append(rw.buf, `">`...)
}

func (rw *rowWriter) cell(style int) {
	rw.col++
	rw.buf = append(rw.buf, `<c r="`...)
	rw.buf = append(rw.buf, jixiao.CellName(rw.col, rw.row)...)
	rw.buf = append(rw.buf, `" s="`...)
	rw.buf = strconv.AppendInt(rw.buf, int64(style), 10)
	rw.buf = append(rw.buf, '"')
}

// text writes an inline string, escaped, without the characters XML forbids.
func (rw *rowWriter) text(style int, s string) {
	rw.cell(style)
	if s == "" {
		rw.buf = append(rw.buf, `/>`...)
		return
	}
	s, _ = jixiao.CleanText(s)
	s = cellCut(s)
	rw.buf = append(rw.buf, ` t="inlineStr"><is><t xml:space="preserve">`...)
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s)) // never fails on a bytes.Buffer
	rw.buf = append(rw.buf, b.Bytes()...)
	rw.buf = append(rw.buf, `</t></is></c>`...)
}

// number writes a number exactly as its decimal text, or an empty cell.
func (rw *rowWriter) number(style int, n jixiao.Number) {
	rw.cell(style)
	if !n.Valid {
		rw.buf = append(rw.buf, `/>`...)
		return
	}
	rw.buf = append(rw.buf, `><v>`...)
	rw.buf = append(rw.buf, n.Value.String()...)
	rw.buf = append(rw.buf, `</v></c>`...)
}

func (rw *rowWriter) int(style, v int) { rw.number(style, jixiao.Num(decimal.NewFromInt(int64(v)))) }

func (rw *rowWriter) end() error {
	rw.buf = append(rw.buf, `</row>`...)
	_, err := rw.w.Write(rw.buf)
	return err
}

func (sw *summaryWriter) unitRows(w io.Writer, n int, units iter.Seq[jixiao.UnitSummary]) error {
	rw := &rowWriter{w: w}
	i := 0
	for u := range units {
		if i == n {
			break
		}
		rw.start(3 + i)
		rw.int(sw.count, i+1)
		rw.text(sw.text, u.Code)
		rw.text(sw.text, u.Unit)
		rw.number(sw.money, u.Income)
		rw.number(sw.money, u.Spending)
		rw.number(sw.money, u.ThreePublic)
		rw.number(sw.score, u.Stated)
		rw.number(sw.score, u.Self)
		rw.number(sw.score, u.Suggested)
		rw.text(sw.text, u.Grade)
		rw.int(sw.count, u.Errors)
		rw.int(sw.count, u.Warnings)
		rw.text(sw.text, u.File)
		if err := rw.end(); err != nil {
			return err
		}
		i++
	}
	if i != n {
		return fmt.Errorf("xlsx: %d units, %d announced", i, n)
	}
	return nil
}

// problems sets up 问题清单; problemRows writes its rows.
func (sw *summaryWriter) problems(np int) {
	sw.sheet(ProblemsSheet, "问题清单", jixiao.ProblemColumns, np, []float64{10, 24, 30, 12, 8, 11, 30, 20, 60})
	sw.wrap = sw.style(&excelize.Style{Font: &excelize.Font{Family: "宋体", Size: 10.5}, Border: summaryBorder,
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
}

func (sw *summaryWriter) problemRows(w io.Writer, np int, problems iter.Seq[jixiao.UnitProblem]) error {
	rw := &rowWriter{w: w}
	i := 0
	for p := range problems {
		if i == np {
			break
		}
		rw.start(3 + i)
		for _, v := range p.Row() {
			rw.text(sw.wrap, v)
		}
		if err := rw.end(); err != nil {
			return err
		}
		i++
	}
	if i != np {
		return fmt.Errorf("xlsx: %d problems, %d announced", i, np)
	}
	return nil
}

func (sw *summaryWriter) charts(n int, counts map[string]int) {
	const sheet = ChartsSheet
	_, err := sw.f.NewSheet(sheet)
	sw.do(err)
	size, orient, fitW, fitH, yes := 9, "landscape", 1, 0, true
	sw.do(sw.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH}))
	sw.do(sw.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}))
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

// cutNote ends a text cut to what an Excel cell holds.
const cutNote = "…（超过 Excel 单元格的上限，全文见 bundle.json）"

// cellCut cuts s to what an Excel cell holds (32,767 UTF-16 units), ending
// it with cutNote.
func cellCut(s string) string {
	if utf16Len(s) <= excelize.TotalCellChars {
		return s
	}
	room := excelize.TotalCellChars - utf16Len(cutNote)
	n := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > room {
			return s[:i] + cutNote
		}
		n += w
	}
	return s
}

package xlsx

import (
	"fmt"
	"io"
	"iter"
	"strconv"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// Sheets of the bundle's summary workbook.
const (
	SummarySheet  = "汇总表"
	IntakeSheet   = "报送情况"
	ProblemsSheet = "问题清单"
	ChartsSheet   = "图表"
)

// Summary is what the finance bureau's summary workbook of a bundle shows. The
// rows come from sequences, read once each as the workbook is written, so
// that memory does not grow with the number of units; each sequence yields
// exactly the number of rows announced.
type Summary struct {
	// Title is the workbook's title, printed on every page:
	// 岳阳楼区2021年度部门整体支出绩效自评汇总表.
	Title string
	// Note is a line under the title of 报送情况: what came in, in numbers.
	Note string
	// Grades are the 评价等次 to count, in order ("" for units without one):
	// Totals.GradeNames.
	Grades []string
	// Department shows the column 主管部门 (the units have one from the roster).
	Department bool
	// Totals are the counted units' totals (the 合计 row and the charts).
	Totals *jixiao.Totals

	Units     iter.Seq[jixiao.UnitSummary] // Totals.Units rows, in order
	Intake    iter.Seq[jixiao.IntakeRow]
	NIntake   int
	Problems  iter.Seq[jixiao.UnitProblem]
	NProblems int
}

// colKind is how a column shows its values.
type colKind uint8

const (
	colText   colKind = iota // text, left, wrapped
	colCentre                // short text, centred (a code, a grade)
	colCount                 // a whole number
	colMoney                 // 万元: #,##0.00
	colScore                 // 分: 0.00
)

// column is one column of a summary sheet: its header, width (in the widths
// of a digit), how it shows its values, the value of a row, and the value of
// the totals row (nil: blank).
type sumColumn[T any] struct {
	header  string
	width   float64
	colKind colKind
	value   func(*T) any // string, int, jixiao.Number or decimal.Decimal
	total   func(*jixiao.Totals) any
}

// unitRow is a row of 汇总表: its number and the unit.
type unitRow struct {
	n int
	u jixiao.UnitSummary
}

// unitColumns are the columns of 汇总表.
func unitColumns(department bool) []sumColumn[unitRow] {
	cols := []sumColumn[unitRow]{
		{header: "序号", width: 5, colKind: colCount, value: func(r *unitRow) any { return r.n }},
		{header: "预算编码", width: 10, colKind: colCentre, value: func(r *unitRow) any { return r.u.Code }},
		{header: "单位名称", width: 24, colKind: colText, value: func(r *unitRow) any { return r.u.Unit },
			total: func(t *jixiao.Totals) any { return "合计（" + strconv.Itoa(t.Units) + " 个单位）" }},
	}
	if department {
		cols = append(cols, sumColumn[unitRow]{header: "主管部门", width: 14, colKind: colText,
			value: func(r *unitRow) any { return r.u.Department }})
	}
	return append(cols, []sumColumn[unitRow]{
		{header: "年度", width: 6, colKind: colCount, value: func(r *unitRow) any { return year(r.u.Year) }},
		{header: "收入合计\n（万元）", width: 12, colKind: colMoney, value: func(r *unitRow) any { return r.u.Income },
			total: func(t *jixiao.Totals) any { return t.Income }},
		{header: "支出合计\n（万元）", width: 12, colKind: colMoney, value: func(r *unitRow) any { return r.u.Spending },
			total: func(t *jixiao.Totals) any { return t.Spending }},
		{header: "三公经费\n（万元）", width: 11, colKind: colMoney, value: func(r *unitRow) any { return r.u.ThreePublic },
			total: func(t *jixiao.Totals) any { return t.ThreePublic }},
		{header: "填报总分", width: 8, colKind: colScore, value: func(r *unitRow) any { return r.u.Stated }},
		{header: "重新计算的自评总分", width: 9, colKind: colScore, value: func(r *unitRow) any { return r.u.Self }},
		{header: "按评分标准建议总分", width: 9, colKind: colScore, value: func(r *unitRow) any { return r.u.Suggested }},
		{header: "评价等次", width: 6, colKind: colCentre, value: func(r *unitRow) any { return r.u.Grade }},
		{header: "建议等次", width: 6, colKind: colCentre, value: func(r *unitRow) any { return r.u.SuggestedGrade }},
		{header: "错误", width: 5, colKind: colCount, value: func(r *unitRow) any { return r.u.Errors },
			total: func(t *jixiao.Totals) any { return t.Errors }},
		{header: "警告", width: 5, colKind: colCount, value: func(r *unitRow) any { return r.u.Warnings },
			total: func(t *jixiao.Totals) any { return t.Warnings }},
		{header: "文件", width: 28, colKind: colText, value: func(r *unitRow) any { return r.u.File }},
	}...)
}

// year is a year for a cell: blank when not filled in.
func year(y int) any {
	if y == 0 {
		return ""
	}
	return y
}

// intakeColumns are the columns of 报送情况, under jixiao.IntakeColumns.
var intakeColumns = textColumns(jixiao.IntakeColumns, []float64{10, 24, 14, 32, 9, 56},
	[]colKind{colCentre, colText, colText, colText, colCentre, colText},
	func(r *jixiao.IntakeRow) []string { return r.Row() })

// problemColumns are the columns of 问题清单, under jixiao.ProblemColumns.
var problemColumns = textColumns(jixiao.ProblemColumns, []float64{10, 20, 30, 14, 16, 6, 11, 52},
	[]colKind{colCentre, colText, colText, colText, colText, colCentre, colText, colText},
	func(p *jixiao.UnitProblem) []string { return p.Row() })

// textColumns makes the columns of a sheet of texts, each row's cells given
// by row.
func textColumns[T any](headers []string, widths []float64, kinds []colKind, row func(*T) []string) []sumColumn[T] {
	if len(widths) != len(headers) || len(kinds) != len(headers) {
		panic("xlsx: a column table's widths and kinds do not match its headers")
	}
	cols := make([]sumColumn[T], len(headers))
	for i, h := range headers {
		cols[i] = sumColumn[T]{header: h, width: widths[i], colKind: kinds[i], value: func(r *T) any { return row(r)[i] }}
	}
	return cols
}

// WriteSummary writes the finance bureau's summary workbook of a bundle:
//
//   - 汇总表: a row per counted unit in the given order, and a 合计 row;
//   - 报送情况: every file that came in and every unit of the roster, with
//     what became of it;
//   - 问题清单: every problem;
//   - 图表: two native charts, units per 评价等次 (by the self total and by
//     the suggested total) and units per class of difference (the stated
//     total less the recomputed one, the self total less the suggested one),
//     readable whatever the number of units.
//
// Every sheet has its title, a frozen header with filters, row heights that
// fit wrapped text, and prints on landscape A4 pages as wide as the table,
// the title in the page header and 第 N 页，共 M 页 at the foot. The same
// summary gives the same bytes.
func WriteSummary(w io.Writer, s *Summary) error {
	if s == nil || s.Totals == nil || s.Units == nil || s.Intake == nil || s.Problems == nil {
		return fmt.Errorf("xlsx: a summary needs its totals and rows")
	}
	b, err := newSumBook()
	if err != nil {
		return err
	}
	defer b.f.Close()
	units := newSumSheet(b, SummarySheet, s.Title, "", unitColumns(s.Department), s.Totals.Units, true)
	intake := newSumSheet(b, IntakeSheet, s.Title+"：报送情况", s.Note, intakeColumns, s.NIntake, false)
	problems := newSumSheet(b, ProblemsSheet, s.Title+"：问题清单", "", problemColumns, s.NProblems, false)
	for _, sh := range []interface{ setUp(string) error }{units, intake, problems} {
		if err := sh.setUp(s.Title); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	if err := b.charts(s); err != nil {
		return fmt.Errorf("xlsx: %s: %w", ChartsSheet, err)
	}
	if err := b.f.SetDocProps(&excelize.DocProperties{Title: s.Title, Creator: "jixiao", LastModifiedBy: "jixiao",
		Language: "zh-CN", Created: docTime, Modified: docTime}); err != nil {
		return err
	}
	b.f.SetActiveSheet(0)
	rows := map[string]func(io.Writer) error{
		SummarySheet: func(w io.Writer) error {
			n := 0
			err := units.write(w, func(yield func(*unitRow) bool) {
				for u := range s.Units {
					n++
					if !yield(&unitRow{n: n, u: u}) {
						return
					}
				}
			}, s.Totals)
			return err
		},
		IntakeSheet:   func(w io.Writer) error { return intake.write(w, pointers(s.Intake), nil) },
		ProblemsSheet: func(w io.Writer) error { return problems.write(w, pointers(s.Problems), nil) },
	}
	return b.pack(w, rows)
}

// pointers yields pointers to the values of seq.
func pointers[T any](seq iter.Seq[T]) iter.Seq[*T] {
	return func(yield func(*T) bool) {
		for v := range seq {
			if !yield(&v) {
				return
			}
		}
	}
}

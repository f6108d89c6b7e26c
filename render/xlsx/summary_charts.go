package xlsx

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// chartTable is a small table of the 图表 sheet and the chart drawn from it:
// a column of categories and a column of counts per series. The chart's
// ranges are computed from where the table is.
type chartTable struct {
	title      string   // the chart's title
	header     []string // the category column's header, then each series'
	categories []string
	counts     [][]int // per series, per category
}

// ungraded names the units without a grade (their score sheet is not
// complete).
const ungraded = "未评定"

// charts writes the 图表 sheet: the tables the charts count, and the charts.
func (b *sumBook) charts(s *Summary) error {
	const sheet = ChartsSheet
	f := b.f
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	if err := landscape(f, sheet, 1); err != nil {
		return err
	}
	if err := headerFooter(f, sheet, s.Title); err != nil {
		return err
	}
	t := s.Totals
	grades := chartTable{title: "各评价等次的单位数",
		header: []string{"评价等次", "按重新计算的自评总分", "按评分标准建议总分"}, counts: make([][]int, 2)}
	for _, g := range s.Grades {
		name := g
		if g == "" {
			name = ungraded
		}
		grades.categories = append(grades.categories, name)
		grades.counts[0] = append(grades.counts[0], t.Grades[g])
		grades.counts[1] = append(grades.counts[1], t.SuggestedGrades[g])
	}
	diffs := chartTable{title: "总分之差的分布（单位数）",
		header:     []string{"总分之差", "填报总分 − 重新计算的自评总分", "自评总分 − 按评分标准建议总分"},
		categories: jixiao.DiffClasses, counts: [][]int{t.StatedDiff, t.SuggestedDiff}}
	if len(diffs.counts[0]) == 0 { // no unit
		diffs.counts = [][]int{make([]int, len(jixiao.DiffClasses)), make([]int, len(jixiao.DiffClasses))}
	}

	if err := f.SetCellStr(sheet, "A1", "评价等次与总分之差（"+strconv.Itoa(t.Units)+" 个单位）"); err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", "A1", b.titleLeft); err != nil {
		return err
	}
	if err := f.SetRowHeight(sheet, 1, 30); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", "A", 14); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "B", "C", 16); err != nil {
		return err
	}
	row := 3
	for i, ct := range []chartTable{grades, diffs} {
		at := "E" + strconv.Itoa(3+i*22)
		end, err := b.chart(ct, row, at)
		if err != nil {
			return err
		}
		row = max(end+2, 3+(i+1)*22)
	}
	return nil
}

// chart writes a table with its header at row and draws its chart at cell
// at; it returns the table's last row.
func (b *sumBook) chart(ct chartTable, row int, at string) (int, error) {
	const sheet = ChartsSheet
	f := b.f
	height := 0.0
	for j, h := range ct.header {
		if err := f.SetCellStr(sheet, jixiao.CellName(j+1, row), h); err != nil {
			return 0, err
		}
		height = max(height, textHeight(h, []float64{14, 16, 16}[j], summaryFont))
	}
	if err := f.SetCellStyle(sheet, jixiao.CellName(1, row), jixiao.CellName(len(ct.header), row), b.head); err != nil {
		return 0, err
	}
	if err := f.SetRowHeight(sheet, row, height); err != nil {
		return 0, err
	}
	for i, c := range ct.categories {
		r := row + 1 + i
		if err := f.SetCellStr(sheet, jixiao.CellName(1, r), c); err != nil {
			return 0, err
		}
		for j := range ct.counts {
			if err := f.SetCellInt(sheet, jixiao.CellName(j+2, r), int64(ct.counts[j][i])); err != nil {
				return 0, err
			}
		}
	}
	last := row + len(ct.categories)
	if err := f.SetCellStyle(sheet, jixiao.CellName(1, row+1), jixiao.CellName(1, last), b.body[colCentre]); err != nil {
		return 0, err
	}
	if err := f.SetCellStyle(sheet, jixiao.CellName(2, row+1), jixiao.CellName(len(ct.header), last), b.body[colCount]); err != nil {
		return 0, err
	}
	ref := func(col, r int) string { return "'" + sheet + "'!$" + colLetters(col) + "$" + strconv.Itoa(r) }
	var series []excelize.ChartSeries
	for j := range ct.counts {
		series = append(series, excelize.ChartSeries{Name: ref(j+2, row),
			Categories: ref(1, row+1) + ":" + fmt.Sprintf("$A$%d", last),
			Values:     ref(j+2, row+1) + ":" + fmt.Sprintf("$%s$%d", colLetters(j+2), last)})
	}
	dark := excelize.Font{Color: "000000", Size: 10, Family: fontBody}
	err := f.AddChart(sheet, at, &excelize.Chart{
		Type:   excelize.Col,
		Series: series,
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: ct.title,
			Font: &excelize.Font{Bold: true, Size: 12, Color: "000000", Family: fontBody}}}},
		Legend:    excelize.ChartLegend{Position: "top"},
		PlotArea:  excelize.ChartPlotArea{ShowVal: true},
		XAxis:     excelize.ChartAxis{Font: dark},
		YAxis:     excelize.ChartAxis{Font: dark, MajorGridLines: true},
		Dimension: excelize.ChartDimension{Width: 720, Height: 400},
	})
	return last, err
}

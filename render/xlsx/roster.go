package xlsx

import (
	"bytes"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// The finance bureau's roster of units (名单) is a plain table, in a workbook
// of its own or in one it exports from elsewhere: this file reads the rows of
// such a workbook and writes the empty roster to fill in.

// Table is a sheet's rows as text, as the spreadsheet shows them (a code
// formatted 000000 reads 012001).
type Table struct {
	Sheet string
	Index int        // 0-based position of the sheet in the workbook
	Rows  [][]string // the sheet's rows from row 1, each cut after its last cell
}

// ReadTables returns the visible sheets of a workbook, each cut to its
// first maxRows rows. The workbook's parts are bounded as Read bounds them.
func ReadTables(data []byte, maxRows int) ([]Table, error) {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return nil, errNotWorkbook
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzippedPart})
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var tables []Table
	for i, name := range f.GetSheetList() {
		if visible, err := f.GetSheetVisible(name); err != nil || !visible {
			continue
		}
		rows, err := f.Rows(name)
		if err != nil {
			return nil, err
		}
		t := Table{Sheet: name, Index: i}
		for len(t.Rows) < maxRows && rows.Next() {
			cols, err := rows.Columns()
			if err != nil {
				rows.Close()
				return nil, err
			}
			t.Rows = append(t.Rows, cols)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return tables, nil
}

// errNotWorkbook is the error of ReadTables for a file that is no .xlsx.
var errNotWorkbook = fmt.Errorf("不是 Excel 工作簿（.xlsx）")

// RosterSheet is the sheet of the roster workbook RosterTemplate writes.
const RosterSheet = "名单"

// RosterTemplate writes an empty roster to fill in: the sheet 名单 with the
// header 预算编码, 单位名称, 主管部门, its code column formatted as text (so
// that 012001 keeps its zero), and a sheet that says how to fill it in.
func RosterTemplate(w io.Writer, header []string, guide []string) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(newSortedZip)
	if err := rosterTemplate(f, header, guide); err != nil {
		return fmt.Errorf("无法生成名单模板：%w", err)
	}
	_, err := f.WriteTo(w)
	return err
}

func rosterTemplate(f *excelize.File, header, guide []string) error {
	if err := f.SetSheetName("Sheet1", RosterSheet); err != nil {
		return err
	}
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Family: fontBody, Size: 11}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: fontBody, Size: 11}, Border: border, NumFmt: 49})
	if err != nil {
		return err
	}
	widths := []float64{14, 40, 24}
	for i, h := range header {
		cell := jixiao.CellName(i+1, 1)
		if err := f.SetCellStr(RosterSheet, cell, h); err != nil {
			return err
		}
		col := colLetters(i + 1)
		if err := f.SetColWidth(RosterSheet, col, col, widths[min(i, len(widths)-1)]); err != nil {
			return err
		}
		if err := f.SetColStyle(RosterSheet, col, text); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(RosterSheet, "A1", jixiao.CellName(len(header), 1), head); err != nil {
		return err
	}
	if err := f.SetPanes(RosterSheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	const guideSheet = "填写说明"
	if _, err := f.NewSheet(guideSheet); err != nil {
		return err
	}
	if err := f.SetColWidth(guideSheet, "A", "A", 100); err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: fontBody, Size: 11},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	for i, line := range guide {
		cell := jixiao.CellName(1, i+1)
		if err := f.SetCellStr(guideSheet, cell, line); err != nil {
			return err
		}
		if err := f.SetCellStyle(guideSheet, cell, cell, wrap); err != nil {
			return err
		}
		if err := f.SetRowHeight(guideSheet, i+1, textHeight(line, 100, 11)+4); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return f.SetDocProps(&excelize.DocProperties{Title: "应报送单位名单", Creator: "jixiao", LastModifiedBy: "jixiao",
		Language: "zh-CN", Created: docTime, Modified: docTime})
}

// colLetters returns the letters of a 1-based column (3 → C).
func colLetters(col int) string {
	name, _ := excelize.ColumnNumberToName(col)
	return name
}

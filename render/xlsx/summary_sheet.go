package xlsx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"iter"
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
)

// This file sets up the summary's sheets with excelize (title, header,
// widths, filters, print setup) and writes their data rows as XML straight
// into the sheets' parts, from one column table per sheet.

// summaryFont is the font size of the summary's tables.
const summaryFont = 10.5

// sumBook is the summary workbook being made: the excelize file holding all but
// the data rows, its styles, and the parts it writes.
type sumBook struct {
	f     *excelize.File
	parts *partCapture
	// Styles.
	title, titleLeft, subtitle, head int
	body, bold                       [colScore + 1]int
}

func newSumBook() (*sumBook, error) {
	b := &sumBook{f: excelize.NewFile(), parts: &partCapture{parts: map[string]*bytes.Buffer{}}}
	b.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return b.parts })
	if err := b.f.SetSheetName("Sheet1", SummarySheet); err != nil {
		b.f.Close()
		return nil, err
	}
	if err := b.styles(); err != nil {
		b.f.Close()
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	return b, nil
}

var thinBorder = []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
	{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}

// styles makes the summary's styles.
func (b *sumBook) styles() error {
	type def struct {
		id    *int
		style *excelize.Style
	}
	defs := []def{
		{&b.title, &excelize.Style{Font: &excelize.Font{Bold: true, Family: fontHeading, Size: 16},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&b.titleLeft, &excelize.Style{Font: &excelize.Font{Bold: true, Family: fontHeading, Size: 16},
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}}},
		{&b.subtitle, &excelize.Style{Font: &excelize.Font{Family: fontBody, Size: summaryFont},
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}}},
		{&b.head, &excelize.Style{Font: &excelize.Font{Bold: true, Family: fontBody, Size: summaryFont}, Border: thinBorder,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
	}
	for k := range colScore + 1 {
		for _, bold := range []bool{false, true} {
			s := &excelize.Style{Font: &excelize.Font{Family: fontBody, Size: summaryFont, Bold: bold}, Border: thinBorder,
				Alignment: &excelize.Alignment{Vertical: "center"}}
			switch k {
			case colText:
				s.Alignment.WrapText = true
			case colCentre:
				s.Alignment.Horizontal = "center"
			case colCount:
				s.NumFmt = 1 // 0
			case colMoney:
				s.CustomNumFmt = ptr("#,##0.00")
			case colScore:
				s.CustomNumFmt = ptr("0.00")
			}
			id := &b.body[k]
			if bold {
				id = &b.bold[k]
			}
			defs = append(defs, def{id, s})
		}
	}
	for _, d := range defs {
		id, err := b.f.NewStyle(d.style)
		if err != nil {
			return err
		}
		*d.id = id
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// sumSheet is one of the summary's big sheets: its title, the column table and
// the number of data rows; totals adds a 合计 row.
type sumSheet[T any] struct {
	b               *sumBook
	name            string
	title, subtitle string
	cols            []sumColumn[T]
	rows            int
	totals          bool
	head            int // the header's row
}

func newSumSheet[T any](b *sumBook, name, title, subtitle string, cols []sumColumn[T], rows int, totals bool) *sumSheet[T] {
	head := 2
	if subtitle != "" {
		head = 3
	}
	return &sumSheet[T]{b: b, name: name, title: title, subtitle: subtitle, cols: cols, rows: rows, totals: totals, head: head}
}

// width is the sheet's width, in the widths of a digit.
func (s *sumSheet[T]) width() float64 {
	w := 0.0
	for _, c := range s.cols {
		w += c.width
	}
	return w
}

// setUp makes the sheet with everything but its data rows: title, subtitle,
// header, widths, frozen header, filters over the data rows, and the print
// setup (landscape A4 as wide as the table, header repeated, pageHeader at
// the top of every page, page numbers at the foot).
func (s *sumSheet[T]) setUp(pageHeader string) error {
	f, name := s.b.f, s.name
	if idx, err := f.GetSheetIndex(name); err != nil {
		return err
	} else if idx < 0 {
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
	}
	last := len(s.cols)
	lines := []struct {
		row   int
		text  string
		style int
		ht    float64
	}{{1, s.title, s.b.title, 30}}
	if s.subtitle != "" {
		lines = append(lines, struct {
			row   int
			text  string
			style int
			ht    float64
		}{2, s.subtitle, s.b.subtitle, max(20, textHeight(s.subtitle, s.width(), summaryFont))})
	}
	for _, l := range lines {
		cell := jixiao.CellName(1, l.row)
		if err := f.SetCellStr(name, cell, l.text); err != nil {
			return err
		}
		if err := f.MergeCell(name, cell, jixiao.CellName(last, l.row)); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, cell, cell, l.style); err != nil {
			return err
		}
		if err := f.SetRowHeight(name, l.row, l.ht); err != nil {
			return err
		}
	}
	height := 0.0
	for i, c := range s.cols {
		if err := f.SetCellStr(name, jixiao.CellName(i+1, s.head), c.header); err != nil {
			return err
		}
		col := colLetters(i + 1)
		if err := f.SetColWidth(name, col, col, c.width); err != nil {
			return err
		}
		height = max(height, textHeight(c.header, c.width, summaryFont))
	}
	if err := f.SetCellStyle(name, jixiao.CellName(1, s.head), jixiao.CellName(last, s.head), s.b.head); err != nil {
		return err
	}
	if err := f.SetRowHeight(name, s.head, max(height, 20)); err != nil {
		return err
	}
	top := jixiao.CellName(1, s.head+1)
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: s.head, TopLeftCell: top, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if err := f.AutoFilter(name, jixiao.CellName(1, s.head)+":"+jixiao.CellName(last, s.head+max(s.rows, 1)), nil); err != nil {
		return err
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: name,
		RefersTo: "'" + name + "'!$1:$" + strconv.Itoa(s.head)}); err != nil {
		return err
	}
	if err := landscape(f, name, 0); err != nil {
		return err
	}
	return headerFooter(f, name, pageHeader)
}

// headerFooter prints the workbook's title at the head of each page of a
// sheet and 第 N 页，共 M 页 at its foot.
func headerFooter(f *excelize.File, sheet, title string) error {
	return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&C" + strings.ReplaceAll(title, "&", "&&"), OddFooter: "&C第 &P 页，共 &N 页"})
}

// landscape prints a sheet on landscape A4 pages as wide as its content, on
// at most tall pages (0: as many as it takes).
func landscape(f *excelize.File, sheet string, tall int) error {
	size, orient, fitW, fitH, yes := 9, "landscape", 1, tall, true
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH}); err != nil {
		return err
	}
	return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes})
}

// write writes the sheet's data rows, then its 合计 row from t, as the XML
// of the sheet's part.
func (s *sumSheet[T]) write(w io.Writer, rows iter.Seq[*T], t *jixiao.Totals) error {
	rw := &rowWriter{w: w, cols: len(s.cols)}
	n := 0
	var err error
	for r := range rows {
		if n == s.rows {
			return fmt.Errorf("xlsx: %s: more than the %d rows announced", s.name, s.rows)
		}
		rw.start(s.head + 1 + n)
		for _, c := range s.cols {
			rw.value(s.b.body[c.colKind], c.colKind, c.width, c.value(r))
		}
		if err = rw.end(); err != nil {
			return err
		}
		n++
	}
	if n != s.rows {
		return fmt.Errorf("xlsx: %s: %d rows, %d announced", s.name, n, s.rows)
	}
	if !s.totals || t == nil {
		return nil
	}
	rw.start(s.head + 1 + n)
	for _, c := range s.cols {
		var v any
		if c.total != nil {
			v = c.total(t)
		}
		rw.value(s.b.bold[c.colKind], c.colKind, c.width, v)
	}
	return rw.end()
}

// rowWriter writes the XML of one row at a time: each cell with its style,
// the row as high as its tallest wrapped text.
type rowWriter struct {
	w      io.Writer
	cols   int
	buf    []byte
	cells  []byte
	row    int
	col    int
	height float64
	esc    bytes.Buffer
}

func (rw *rowWriter) start(row int) {
	rw.row, rw.col, rw.height = row, 0, lineHeight
	rw.cells = rw.cells[:0]
}

// lineHeight is the height of a row of one line.
var lineHeight = textHeight("中", 10, summaryFont)

func (rw *rowWriter) cell(style int) {
	rw.col++
	rw.cells = append(rw.cells, `<c r="`...)
	rw.cells = append(rw.cells, jixiao.CellName(rw.col, rw.row)...)
	rw.cells = append(rw.cells, `" s="`...)
	rw.cells = strconv.AppendInt(rw.cells, int64(style), 10)
	rw.cells = append(rw.cells, '"')
}

// value writes one cell: a text as an inline string (never a formula), a
// number exactly as its decimal text, nothing for a blank.
func (rw *rowWriter) value(style int, k colKind, width float64, v any) {
	rw.cell(style)
	switch v := v.(type) {
	case string:
		if v == "" {
			break
		}
		v, _ = jixiao.CleanText(v)
		v = cellCut(v)
		if k == colText {
			rw.height = max(rw.height, wrappedHeight(v, width, summaryFont))
		}
		rw.cells = append(rw.cells, ` t="inlineStr"><is><t xml:space="preserve">`...)
		rw.esc.Reset()
		xml.EscapeText(&rw.esc, []byte(v)) // never fails on a bytes.Buffer
		rw.cells = append(rw.cells, rw.esc.Bytes()...)
		rw.cells = append(rw.cells, `</t></is></c>`...)
		return
	case int:
		rw.number(strconv.Itoa(v))
		return
	case decimal.Decimal:
		rw.number(v.String())
		return
	case jixiao.Number:
		if v.Valid {
			rw.number(v.Value.String())
			return
		}
	}
	rw.cells = append(rw.cells, `/>`...)
}

func (rw *rowWriter) number(s string) {
	rw.cells = append(rw.cells, `><v>`...)
	rw.cells = append(rw.cells, s...)
	rw.cells = append(rw.cells, `</v></c>`...)
}

func (rw *rowWriter) end() error {
	rw.buf = append(rw.buf[:0], `<row r="`...)
	rw.buf = strconv.AppendInt(rw.buf, int64(rw.row), 10)
	rw.buf = append(rw.buf, `" ht="`...)
	rw.buf = strconv.AppendFloat(rw.buf, rw.height, 'f', 1, 64)
	rw.buf = append(rw.buf, `" customHeight="1">`...)
	rw.buf = append(rw.buf, rw.cells...)
	rw.buf = append(rw.buf, `</row>`...)
	_, err := rw.w.Write(rw.buf)
	return err
}

// wrappedHeight is the row height in points that text needs in a cell
// widthUnits wide, wrapped as spreadsheet programs wrap it: a line breaks
// after a Chinese character, a space or a path separator, and inside a
// Latin word only when the word is longer than the line (a file path breaks
// at its slashes, so its lines are shorter than the cell).
func wrappedHeight(text string, widthUnits, size float64) float64 {
	if text == "" {
		return 0
	}
	em := size * 96 / 72 // px
	avail := max(widthUnits*pxPerUnit-cellPadding, em)
	n := 0
	for line := range strings.SplitSeq(text, "\n") {
		lines, used, word := 1, 0.0, 0.0
		put := func(w float64) { // a piece that cannot be broken
			switch {
			case used+w <= avail:
				used += w
			case w <= avail:
				lines++
				used = w
			default: // longer than a line: broken anywhere
				lines += int(math.Ceil((used+w)/avail)) - 1
				used = math.Mod(used+w, avail)
			}
		}
		for _, r := range line {
			w := em * 0.52 // Latin letters and digits, most narrower than a digit
			if wide(r) {
				w = em * 1.03
			}
			word += w
			if wide(r) || strings.ContainsRune(" /\\-_,;、，；", r) {
				put(word)
				word = 0
			}
		}
		put(word)
		n += lines
	}
	return min(maxRowPts, float64(n)*size*lineSpacing+rowPadding)
}

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

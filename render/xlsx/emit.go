package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/form"
)

// emit writes the workbook. guide, when not nil, is the 填写说明 sheet's text.
func (w *writer) emit(out io.Writer, m meta, guide []string) error {
	var sheets []bookSheet
	if guide != nil {
		sheets = append(sheets, bookSheet{name: sheetGuide})
	}
	for _, s := range w.b.sheets {
		sheets = append(sheets, bookSheet{name: s.name, titles: s.titles})
	}
	sheets = append(sheets, bookSheet{name: metaSheet, hidden: true})
	title := w.b.p.Unit + "整体支出绩效评价自评报告"
	if w.tmpl {
		title += "（填报模板）"
	}
	fixed, err := fixedParts()
	if err != nil {
		return err
	}
	z := newZipParts()
	defer z.wait()
	z.add("[Content_Types].xml", contentTypesPart(len(sheets)))
	z.addPart(fixed["_rels/.rels"])
	z.addPart(fixed["docProps/app.xml"])
	z.add("docProps/core.xml", corePart(title))
	z.add("xl/workbook.xml", workbookXML(sheets, w.tmpl))
	z.add("xl/_rels/workbook.xml.rels", workbookRelsPart(len(sheets)))
	z.addPart(stylesPart(w.tmpl))
	z.addPart(fixed["xl/theme/theme1.xml"])
	n := 0
	if guide != nil {
		z.add(sheetPartName(n), w.guideSheet(guide))
		n++
	}
	for _, s := range w.b.sheets {
		data, err := w.gridSheet(s, n == 0)
		if err != nil {
			return fmt.Errorf("无法生成 Excel 工作簿：%s: %w", s.name, err)
		}
		z.add(sheetPartName(n), data)
		n++
	}
	data, err := w.metaSheet(m)
	if err != nil {
		return fmt.Errorf("无法生成 Excel 工作簿：%w", err)
	}
	z.add(sheetPartName(n), data)
	return z.write(out)
}

// cellValue converts a value to a cell: text, a number, or nothing.
func cellValue(v any) (cellKind, string, error) {
	switch v := v.(type) {
	case nil:
		return cellBlank, "", nil
	case string:
		if v == "" {
			return cellBlank, "", nil
		}
		return cellText, v, nil
	case decimal.Decimal:
		// Amounts have at most 14 significant digits: a float64 prints them
		// exactly ("307.47").
		return cellNumber, strconv.FormatFloat(v.InexactFloat64(), 'f', -1, 64), nil
	case jixiao.Number:
		if !v.Valid {
			return cellBlank, "", nil
		}
		return cellValue(v.Value)
	case int:
		return cellNumber, strconv.Itoa(v), nil
	case float64:
		return cellNumber, strconv.FormatFloat(v, 'f', -1, 64), nil
	case jixiao.Date:
		if v.IsZero() {
			return cellBlank, "", nil
		}
		return cellNumber, strconv.Itoa(dateSerial(v)), nil
	}
	return 0, "", fmt.Errorf("cannot write a %T", v)
}

// gridSheet writes a sheet of the grid; selected makes it the sheet shown on
// opening.
func (w *writer) gridSheet(s *sheet, selected bool) ([]byte, error) {
	// First the cells' styles and values, and the heights their text needs.
	type out struct {
		c    *cell
		cell xcell
	}
	outs := make([]out, len(s.cells))
	need := map[int]float64{}
	type span struct {
		first, last int
		h           float64
	}
	var spans []span
	for i, c := range s.cells {
		st := c.style
		if o, ok := w.over[c]; ok {
			st = o
		}
		t := tintNone
		if w.tmpl {
			switch {
			case c.role == roleInput && !c.field.locked:
				t = tintInput
			case c.role == roleDerived:
				t = tintDerived
			}
		}
		var v any
		o := xcell{style: styleID(st, t, w.tmpl)}
		switch c.role {
		case roleLabel:
			switch {
			case c.isNum:
				n, err := strconv.ParseFloat(c.text, 64)
				if err != nil {
					return nil, err
				}
				v = n
			case wraps(st) && st != stCriteria && !c.note && utf8.RuneCountInString(c.text) <= 30:
				v = wrapLabel(c.text, s, c, st)
			default:
				v = c.text
			}
		case roleInput:
			v = w.vals[c]
		case roleDerived:
			if w.tmpl {
				o.kind, o.text = cellFormula, c.formula
			} else {
				v = c.value(w.printed)
			}
		}
		text, _ := v.(string)
		if o.kind == 0 {
			var err error
			if o.kind, o.text, err = cellValue(v); err != nil {
				return nil, err
			}
		}
		outs[i] = out{c, o}
		h := 0.0
		if wraps(st) {
			width := 0.0
			for col := c.col; col <= c.lastCol(); col++ {
				width += s.widths[col-1]
			}
			h = textHeight(text, width, fontSize(st))
		}
		if w.tmpl && c.role == roleInput && c.field.kind == kindLong && c.rows == 1 {
			h = max(h, 30)
		}
		if c.rows == 1 {
			need[c.row] = max(need[c.row], h)
		} else if h > 0 {
			spans = append(spans, span{c.row, c.lastRow(), h})
		}
	}
	heights := map[int]float64{}
	for r := 1; r <= s.last; r++ {
		heights[r] = max(s.minHeight[r], need[r], defaultRowPts)
	}
	for _, sp := range spans {
		sum := 0.0
		for r := sp.first; r <= sp.last; r++ {
			sum += heights[r]
		}
		if sum < sp.h {
			add := (sp.h - sum) / float64(sp.last-sp.first+1)
			for r := sp.first; r <= sp.last; r++ {
				heights[r] += add
			}
		}
	}
	for r := 1; r <= s.last; r++ {
		heights[r] = min(maxRowPts, roundHeight(heights[r]))
	}
	// Then the pages: every break is set, so that a label spanning rows on two
	// pages can be printed on both.
	breaks := pageBreaks(s, heights, append(s.keep, w.keep[s]...))
	// grid holds, by row and column, the cells written: a merged cell's
	// style is on each of its cells, so that its borders print.
	ncols := len(s.widths)
	grid := make([]xcell, s.last*ncols)
	var merges [][4]int
	put := func(o xcell, row, col, last, lastCol int) {
		for r := row; r <= last; r++ {
			for c := col; c <= lastCol; c++ {
				grid[(r-1)*ncols+c-1] = xcell{style: o.style, kind: cellBlank}
			}
		}
		grid[(row-1)*ncols+col-1] = o
		if last > row || lastCol > col {
			merges = append(merges, [4]int{col, row, lastCol, last})
		}
	}
	for _, o := range outs {
		c := o.c
		first := c.row
		if c.role == roleLabel && c.rows > 1 { // a label split by a page break is printed on each page
			for _, br := range breaks {
				if br > first && br <= c.lastRow() {
					put(o.cell, first, c.col, br-1, c.lastCol())
					first = br
				}
			}
		}
		put(o.cell, first, c.col, c.lastRow(), c.lastCol())
	}
	ws := newWorksheet(selected, true, ncols, s.last, s.widths)
	for r := 1; r <= s.last; r++ {
		ws.startRow(r, heights[r])
		for c, x := range grid[(r-1)*ncols : r*ncols] {
			if x.kind != cellNone && (x.kind != cellBlank || x.style != 0) {
				ws.cell(c+1, x)
			}
		}
	}
	ws.endRows()
	if w.tmpl {
		// Rows may be inserted and deleted: the reader finds the rows of every
		// variable part wherever they are (align.go).
		ws.protect("selectLockedCells", "selectUnlockedCells", "formatRows", "formatColumns", "insertRows", "deleteRows")
	}
	ws.merge(merges)
	if w.tmpl {
		w.validate(s, ws)
	}
	ws.page(s.landscape, s.name == sheetCover, w.draft)
	ws.breaks(breaks)
	return ws.bytes(), nil
}

// pageBreaks returns the rows before which a page breaks: where a page is
// full, and earlier where a range of keep would otherwise be cut (when it
// fits on one page). It follows the printed height of the rows at the scale
// that fits the sheet to the page width, as Excel and WPS compute it (a
// column unit of 宋体 11 pt is 8 px); LibreOffice puts within 3 % as many rows
// on a page, and the estimate keeps 5 % in reserve, so that the programs
// never break a page before these breaks.
func pageBreaks(s *sheet, heights map[int]float64, keep [][2]int) []int {
	if s.name == sheetCover {
		return nil
	}
	paperW, paperH := a4Short-marginLeft-marginRight, a4Long-marginTop-marginBottom
	if s.landscape {
		paperW, paperH = a4Long-2*marginLandscape, a4Short-2*marginLandscape
	}
	width := 0.0
	for _, w := range s.widths {
		width += (w*pxPerUnit + 5) * 0.75 // Excel: a unit is 8 px, plus 5 px of padding
	}
	scale := min(1, paperW*ptPerMM/width)
	capacity := paperH*ptPerMM/scale*0.95 - 12 // room for rounding and a footer's overlap
	for r := s.titles[0]; r > 0 && r <= s.titles[1]; r++ {
		capacity -= heights[r]
	}
	starts := map[int]int{}
	for _, k := range keep {
		starts[k[0]] = max(starts[k[0]], k[1])
	}
	var breaks []int
	used := 0.0
	for r := 1; r <= s.last; r++ {
		if last, ok := starts[r]; ok && used > 0 {
			block := 0.0
			for i := r; i <= min(last, s.last); i++ {
				block += heights[i]
			}
			if used+block > capacity && block <= capacity {
				breaks = append(breaks, r)
				used = 0
			}
		}
		if used > 0 && used+heights[r] > capacity {
			breaks = append(breaks, r)
			used = 0
		}
		used += heights[r]
	}
	return breaks
}

// defaultRowPts is the height of a row without an explicit one.
const defaultRowPts = 14.25

func roundHeight(h float64) float64 { return float64(int(h*4+0.999)) / 4 }

// guideSheet writes the 填写说明 sheet, the first of the template.
func (w *writer) guideSheet(lines []string) []byte {
	title, body, head := styleID(stGuideTitle, tintNone, true), styleID(stGuide, tintNone, true), styleID(stHeading, tintNone, true)
	// Text in column B beside a narrow column A: LibreOffice does not scale a
	// sheet of a single column to the page width.
	ws := newWorksheet(true, true, 2, len(lines), []float64{2, 96})
	for i, line := range lines {
		id, h := body, textHeight(line, 96, 11)
		if r := []rune(line); i == 0 {
			id, h = title, 36
		} else if len(r) > 2 && strings.ContainsRune("一二三四五六七八九", r[0]) && r[1] == '、' {
			id, h = head, 26
		}
		ws.startRow(i+1, roundHeight(h))
		ws.cell(1, xcell{style: id, kind: cellBlank})
		ws.cell(2, xcell{style: id, kind: cellText, text: line})
	}
	ws.endRows()
	ws.protect("selectLockedCells", "selectUnlockedCells")
	ws.page(false, false, w.draft)
	return ws.bytes()
}

// metaSheet writes the hidden sheet.
func (w *writer) metaSheet(m meta) ([]byte, error) {
	rows, err := m.rows()
	if err != nil {
		return nil, err
	}
	last, ok := profileRows.lookup(m.Profile)
	if !ok {
		row, err := profileRow(m.Profile)
		if err != nil {
			return nil, err
		}
		ws := &worksheet{}
		ws.startRow(len(rows)+1, 0)
		for j, v := range row {
			ws.cell(j+1, xcell{kind: cellText, text: v})
		}
		ws.endRow()
		last = xmlRow{ws.b, len(row)}
		profileRows.store(m.Profile, last)
	}
	cols := last.cells
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	ws := newWorksheet(false, false, cols, len(rows)+1, nil)
	for i, r := range rows {
		ws.startRow(i+1, 0)
		for j, v := range r {
			ws.cell(j+1, xcell{kind: cellText, text: v})
		}
	}
	ws.endRow()
	ws.b = append(ws.b, last.xml...)
	ws.endRows()
	if w.tmpl {
		ws.protect()
	}
	return ws.bytes(), nil
}

// xmlRow is a row as written, and the number of its cells.
type xmlRow struct {
	xml   []byte
	cells int
}

// profileRows caches the hidden sheet's profile row by profile: encoding a
// profile costs more than the rest of the sheet. A profile is never modified
// (templates.Profile).
var profileRows cache[*jixiao.Profile, xmlRow]

// wrapLabel breaks a short label as the published form does (form.Wrap), for
// the width of its cell: no line of a lone character.
func wrapLabel(text string, s *sheet, c *cell, st style) string {
	width := 0.0
	for col := c.col; col <= c.lastCol(); col++ {
		width += s.widths[col-1]
	}
	em := fontSize(st) * 96 / 72
	perLine := int((width*pxPerUnit - cellPadding) / 1.03 / (em / 2))
	return strings.Join(form.Wrap(text, perLine), "\n")
}

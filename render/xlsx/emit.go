package xlsx

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"jixiao/form"
	"jixiao/internal/ooxml"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
)

// The workbook is written sheet by sheet with excelize's StreamWriter, which
// writes each row once (the cell-by-cell API costs several times more), into a
// zip whose entries are sorted, so that the same input gives the same bytes.

// docTime is the creation and modification time of every workbook: the
// workbook carries no time of writing.
const docTime = "2000-01-01T00:00:00Z"

// emit writes the workbook. guide, when not nil, is the 填写说明 sheet's text.
func (w *writer) emit(out io.Writer, m meta, guide []string) error {
	f := excelize.NewFile()
	f.SetZipWriter(newSortedZip)
	w.f, w.styles.f = f, f
	if err := w.emitAll(m, guide); err != nil {
		return fmt.Errorf("无法生成 Excel 工作簿：%w", err)
	}
	_, err := f.WriteTo(out)
	return err
}

func (w *writer) emitAll(m meta, guide []string) error {
	f := w.f
	if err := f.SetDefaultFont(fontBody); err != nil {
		return err
	}
	var names []string
	if guide != nil {
		names = append(names, sheetGuide)
	}
	for _, s := range w.b.sheets {
		names = append(names, s.name)
	}
	names = append(names, metaSheet)
	if err := f.SetSheetName("Sheet1", names[0]); err != nil {
		return err
	}
	for _, n := range names[1:] {
		if _, err := f.NewSheet(n); err != nil {
			return err
		}
	}
	// Workbook-wide settings that visit every sheet come before any sheet is
	// streamed.
	f.SetActiveSheet(0)
	if err := f.SetSheetVisible(metaSheet, false, true); err != nil {
		return err
	}
	if guide != nil {
		if err := w.emitGuide(guide); err != nil {
			return err
		}
	}
	for _, s := range w.b.sheets {
		if err := w.emitSheet(s); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	if err := w.emitMeta(m); err != nil {
		return err
	}
	if w.tmpl {
		full := true
		if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full}); err != nil {
			return err
		}
		if err := f.ProtectWorkbook(&excelize.WorkbookProtectionOptions{LockStructure: true}); err != nil {
			return err
		}
	}
	title := w.b.p.Unit + "整体支出绩效评价自评报告"
	if w.tmpl {
		title += "（填报模板）"
	}
	return f.SetDocProps(&excelize.DocProperties{
		Title: title, Creator: "jixiao", LastModifiedBy: "jixiao", Language: "zh-CN",
		Created: docTime, Modified: docTime,
	})
}

// cellValue converts a value for the StreamWriter: text, a number, or nil.
func cellValue(v any) (any, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string:
		if v == "" {
			return nil, nil
		}
		return v, nil
	case decimal.Decimal:
		// Amounts have at most 14 significant digits: a float64 prints them
		// exactly ("307.47").
		return v.InexactFloat64(), nil
	case jixiao.Number:
		if !v.Valid {
			return nil, nil
		}
		return v.Value.InexactFloat64(), nil
	case int, float64:
		return v, nil
	case jixiao.Date:
		if v.IsZero() {
			return nil, nil
		}
		return dateSerial(v), nil
	}
	return nil, fmt.Errorf("cannot write a %T", v)
}

func (w *writer) emitSheet(s *sheet) error {
	f := w.f
	// First the cells' styles and values, and the heights their text needs.
	type out struct {
		c    *cell
		cell excelize.Cell
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
		id, err := w.styles.id(st, t)
		if err != nil {
			return err
		}
		var v any
		o := excelize.Cell{StyleID: id}
		switch c.role {
		case roleLabel:
			switch {
			case c.isNum:
				n, err := strconv.ParseFloat(c.text, 64)
				if err != nil {
					return err
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
				o.Formula = c.formula
			} else {
				v = c.value(w.printed)
			}
		}
		text, _ := v.(string)
		if o.Value, err = cellValue(v); err != nil {
			return err
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
	for _, r := range breaks {
		if err := f.InsertPageBreak(s.name, "A"+strconv.Itoa(r)); err != nil {
			return err
		}
	}
	if err := w.pageSetup(s.name, s.landscape, s.titles, s.name == sheetCover); err != nil {
		return err
	}
	if w.tmpl {
		if err := w.validate(s); err != nil {
			return err
		}
		// Rows may be inserted and deleted: the reader finds the rows of every
		// variable part wherever they are (align.go).
		if err := f.ProtectSheet(s.name, &excelize.SheetProtectionOptions{
			SelectLockedCells: true, SelectUnlockedCells: true, FormatRows: true, FormatColumns: true,
			InsertRows: true, DeleteRows: true,
		}); err != nil {
			return err
		}
	}
	// grid holds, by row, a *excelize.Cell for each cell written (pointers
	// into store: no allocation per cell), nil for the others.
	ncols := len(s.widths)
	store := make([]excelize.Cell, s.last*ncols)
	grid := make([][]any, s.last)
	for i := range grid {
		grid[i] = make([]any, ncols)
	}
	var merges [][2]string
	put := func(o excelize.Cell, row, col, last, lastCol int) {
		for r := row; r <= last; r++ {
			for c := col; c <= lastCol; c++ {
				store[(r-1)*ncols+c-1] = excelize.Cell{StyleID: o.StyleID}
				grid[r-1][c-1] = &store[(r-1)*ncols+c-1]
			}
		}
		store[(row-1)*ncols+col-1] = o
		if last > row || lastCol > col {
			merges = append(merges, [2]string{jixiao.CellName(col, row), jixiao.CellName(lastCol, last)})
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
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	for i, width := range s.widths {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return err
		}
	}
	for r := 1; r <= s.last; r++ {
		if err := sw.SetRow("A"+strconv.Itoa(r), grid[r-1], excelize.RowOpts{Height: heights[r]}); err != nil {
			return err
		}
	}
	for _, m := range merges {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// Paper and margins, in millimetres.
const (
	a4Short, a4Long         = 210.0, 297.0
	marginTop, marginBottom = 37.0, 35.0 // GB/T 9704, portrait pages
	marginLeft, marginRight = 28.0, 26.0
	marginLandscape         = 20.0 // every side of the landscape score sheet
	ptPerMM                 = 72 / 25.4
)

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

func heightOr(h map[int]float64, r int) float64 {
	if v, ok := h[r]; ok {
		return v
	}
	return defaultRowPts
}

func roundHeight(h float64) float64 { return float64(int(h*4+0.999)) / 4 }

// pageSetup makes a sheet print on A4, fitted to the page width, with page
// numbers in the footer and the table header repeated on every page.
func (w *writer) pageSetup(name string, landscape bool, titles [2]int, onePage bool) error {
	f := w.f
	yes := true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	size, orient, fitW, fitH := 9, "portrait", 1, 0
	if landscape {
		orient = "landscape"
	}
	if onePage {
		fitH = 1
	}
	if err := f.SetPageLayout(name, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &fitW, FitToHeight: &fitH}); err != nil {
		return err
	}
	top, bottom, left, right := marginTop, marginBottom, marginLeft, marginRight
	if landscape {
		top, bottom, left, right = marginLandscape, marginLandscape, marginLandscape, marginLandscape
	}
	mm := func(v float64) *float64 { v /= 25.4; return &v }
	if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{
		Top: mm(top), Bottom: mm(bottom), Left: mm(left), Right: mm(right),
		Header: mm(10), Footer: mm(min(bottom-10, 20)), Horizontally: &yes,
	}); err != nil {
		return err
	}
	hf := &excelize.HeaderFooterOptions{OddFooter: `&C&"宋体"&11第 &P 页，共 &N 页`}
	if w.draft != "" {
		hf.OddHeader = `&C&"黑体"&B&14&KC00000` + strings.ReplaceAll(w.draft, "&", "&&")
	}
	if err := f.SetHeaderFooter(name, hf); err != nil {
		return err
	}
	if titles[0] > 0 {
		return f.SetDefinedName(&excelize.DefinedName{
			Name:     "_xlnm.Print_Titles",
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", name, titles[0], titles[1]),
			Scope:    name,
		})
	}
	return nil
}

func (w *writer) emitGuide(lines []string) error {
	f := w.f
	title, err := w.styles.id(stGuideTitle, tintNone)
	if err != nil {
		return err
	}
	body, err := w.styles.id(stGuide, tintNone)
	if err != nil {
		return err
	}
	head, err := w.styles.id(stHeading, tintNone)
	if err != nil {
		return err
	}
	if err := w.pageSetup(sheetGuide, false, [2]int{}, false); err != nil {
		return err
	}
	if err := f.ProtectSheet(sheetGuide, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true}); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheetGuide)
	if err != nil {
		return err
	}
	// Text in column B beside a narrow column A: LibreOffice does not scale a
	// sheet of a single column to the page width.
	if err := sw.SetColWidth(1, 1, 2); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, 96); err != nil {
		return err
	}
	for i, line := range lines {
		id, h := body, textHeight(line, 96, 11)
		if r := []rune(line); i == 0 {
			id, h = title, 36
		} else if len(r) > 2 && strings.ContainsRune("一二三四五六七八九", r[0]) && r[1] == '、' {
			id, h = head, 26
		}
		row := []any{excelize.Cell{StyleID: id}, excelize.Cell{StyleID: id, Value: line}}
		if err := sw.SetRow("A"+strconv.Itoa(i+1), row, excelize.RowOpts{Height: roundHeight(h)}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func (w *writer) emitMeta(m meta) error {
	rows, err := m.rows()
	if err != nil {
		return err
	}
	if w.tmpl {
		if err := w.f.ProtectSheet(metaSheet, &excelize.SheetProtectionOptions{}); err != nil {
			return err
		}
	}
	sw, err := w.f.NewStreamWriter(metaSheet)
	if err != nil {
		return err
	}
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		if err := sw.SetRow("A"+strconv.Itoa(i+1), vals); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// sortedZip is an excelize.ZipWriter that writes its entries sorted by name
// ([Content_Types].xml first), compressed with a fast deflate level.
type sortedZip struct {
	out     io.Writer
	entries map[string]*bytes.Buffer
}

func newSortedZip(out io.Writer) excelize.ZipWriter {
	return &sortedZip{out: out, entries: map[string]*bytes.Buffer{}}
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	b := new(bytes.Buffer)
	z.entries[name] = b
	return b, nil
}

func (z *sortedZip) AddFS(fs.FS) error { return errors.New("xlsx: AddFS is not supported") }

func (z *sortedZip) Close() error {
	names := make([]string, 0, len(z.entries))
	for n := range z.entries {
		names = append(names, n)
	}
	rank := func(n string) int {
		switch n {
		case "[Content_Types].xml":
			return 0
		case "_rels/.rels":
			return 1
		}
		return 2
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b)) })
	// Deflate the parts on every core, then write them in order.
	parts := make([]ooxml.Part, len(names))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(names)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				parts[i] = ooxml.Compress(names[i], z.entries[names[i]].Bytes())
			}
		}()
	}
	for i := range names {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	zw := ooxml.NewWriter(z.out)
	for _, p := range parts {
		if err := zw.AddPart(p); err != nil {
			return err
		}
	}
	return zw.Close()
}

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

package xlsx

import (
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/scoring"
)

// Write writes the report workbook of r: one sheet per part of the form,
// print-ready, with the derived values (the sum row 局机关及二级机构汇总, each
// total whose parts are filled, 当年结余, 总分, 绩效自评综合得分 and 评价等次)
// computed by jixiao.DeriveFinance and s, never copied from stated input. A
// nil s is computed with scoring.Score. The same input gives the same bytes.
func Write(w io.Writer, p *jixiao.Profile, r *jixiao.Report, s *scoring.Result) error {
	if s == nil {
		s = scoring.Score(p, r)
	}
	pr := printed(p, r, s)
	sh, err := shapeOf(pr)
	if err != nil {
		return fmt.Errorf("无法写入 Excel 报告：%w", err)
	}
	wr := newWriter(build(p, sh), false)
	if err := wr.fill(pr); err != nil {
		return err
	}
	return wr.emit(w, meta{Kind: "report", Shape: sh, Profile: p}, nil)
}

// printed is the report as the workbook prints it: the four tables with every
// derivable amount derived, the totals and grade from the scores, and the
// cover's defaults filled in.
func printed(p *jixiao.Profile, r *jixiao.Report, s *scoring.Result) *jixiao.Report {
	pr := *r
	pr.Profile = p.ID
	pr.Finance, _ = jixiao.DeriveFinance(r.Finance)
	pr.Performance.TotalScore = jixiao.Num(s.Self)
	pr.Performance.Grade = s.Grade
	pr.ScoreSheet.Total = jixiao.Num(s.Self)
	if strings.TrimSpace(pr.Cover.Method) == "" {
		pr.Cover.Method = defaultMethod(p)
	}
	if strings.TrimSpace(pr.Cover.Evaluator) == "" {
		pr.Cover.Evaluator = defaultEvaluator(p)
	}
	return &pr
}

// writer puts a grid into an excelize workbook.
type writer struct {
	b      *book
	tmpl   bool
	f      *excelize.File
	styles styles
	// vals are the values of input cells; over replaces a cell's style (the
	// headings of a headed text).
	vals map[*cell]any
	over map[*cell]style
	// printed is the report the report workbook shows (Write only).
	printed *jixiao.Report
}

func newWriter(b *book, tmpl bool) *writer {
	return &writer{b: b, tmpl: tmpl, vals: map[*cell]any{}, over: map[*cell]style{}}
}

// fill takes the input cells' values from the printed report.
func (w *writer) fill(pr *jixiao.Report) error {
	w.printed = pr
	root := reflect.ValueOf(pr).Elem()
	for _, f := range w.b.fields {
		if err := w.put(f, root, f.path); err != nil {
			return err
		}
	}
	for _, l := range w.b.lists {
		if err := w.fillList(l, root, ""); err != nil {
			return err
		}
	}
	return nil
}

func (w *writer) fillList(l *list, root reflect.Value, parent string) error {
	path := parent + l.path
	v, _, ok := resolve(root, path, false)
	if !ok {
		return nil
	}
	if l.sections {
		rows, err := flatten(v.Interface().([]jixiao.Section))
		if err != nil {
			return fmt.Errorf("无法写入 Excel 报告：%s%w", path, err)
		}
		for i, r := range rows {
			k, t := l.slots[i].fields[0].cell, l.slots[i].fields[1].cell
			if r.level > 0 {
				w.vals[k] = r.number
				w.over[t] = stLongBold
				if t.style == stPara { // the narrative sheet, without borders
					w.over[k] = stHead1 + style(r.level-1)
					w.over[t] = w.over[k]
				}
			}
			if err := w.text(t, path+r.path, r.text); err != nil {
				return err
			}
		}
		return nil
	}
	for i, sl := range l.slots {
		idx := i
		if sl.id != "" {
			idx = indexOfID(v, sl.id)
		}
		if idx < 0 || idx >= v.Len() {
			continue
		}
		el := index(path, idx)
		for _, f := range sl.fields {
			if err := w.put(f, root, el+f.path); err != nil {
				return err
			}
		}
		for _, nl := range sl.lists {
			if err := w.fillList(nl, root, el); err != nil {
				return err
			}
		}
	}
	return nil
}

// indexOfID returns the index of the first element of a slice of structs
// whose "id" is id, or -1.
func indexOfID(v reflect.Value, id string) int {
	for i := range v.Len() {
		if el, _, _ := resolve(v.Index(i), "id", false); el.String() == id {
			return i
		}
	}
	return -1
}

// put sets an input cell's value from the report value at path.
func (w *writer) put(f *field, root reflect.Value, path string) error {
	v, _, ok := resolve(root, path, false)
	if !ok {
		return nil
	}
	c := f.cell
	switch f.kind {
	case kindGroup:
		g := v.Interface().(jixiao.TargetGroup)
		text := g.Name
		if g.Note != "" {
			text += "\n（" + g.Note + "）"
		}
		return w.text(c, path, text)
	case kindMet:
		w.vals[c] = metText(v.Interface().([]int))
	case kindNumber:
		if n := v.Interface().(jixiao.Number); n.Valid {
			w.vals[c] = n.Value
		}
	case kindYear:
		if y := v.Interface().(int); y != 0 {
			w.vals[c] = y
		}
	case kindDate, kindDateLine:
		d := v.Interface().(jixiao.Date)
		switch {
		case !d.IsZero():
			w.vals[c] = d
		case f.kind == kindDateLine:
			w.vals[c] = blankDate
		}
	default:
		return w.text(c, path, v.String())
	}
	return nil
}

// blankDate is the date line left for the pen.
const blankDate = "　　年　　月　　日"

// text sets a text value, refusing one longer than a cell holds.
func (w *writer) text(c *cell, path, s string) error {
	s, _ = jixiao.CleanText(s)
	if n := utf16Len(s); n > excelize.TotalCellChars {
		return fmt.Errorf("无法写入 %s（%s）：文字长 %d 个字符，超过 Excel 单元格的上限 %d", path, jixiao.Label(path), n, excelize.TotalCellChars)
	}
	if s != "" {
		w.vals[c] = s
	}
	return nil
}

// circled are the numbers of checklist points as the form prints them.
var circled = []rune("①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")

// metText prints met checklist points: ①③, or 无 when none is met.
func metText(met []int) string {
	if len(met) == 0 {
		return "无"
	}
	var b strings.Builder
	for i, n := range met {
		if n >= 1 && n <= len(circled) {
			b.WriteRune(circled[n-1])
		} else {
			if i > 0 {
				b.WriteString("、")
			}
			b.WriteString(strconv.Itoa(n))
			if i < len(met)-1 {
				b.WriteString("、")
			}
		}
	}
	return b.String()
}

// excelEpoch is day 0 of Excel's 1900 date system (as it counts after 1900-03-01).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

func dateSerial(d jixiao.Date) int {
	t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	return int(t.Sub(excelEpoch).Hours() / 24)
}

// Fixed document properties: the workbook carries no time of writing.
const docTime = "2000-01-01T00:00:00Z"

// emit writes the workbook. guide, when not nil, is the 填写说明 sheet's text.
func (w *writer) emit(out io.Writer, m meta, guide []string) error {
	f := excelize.NewFile()
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
	names := []string{}
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
	f.SetActiveSheet(0)
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

// setValue writes a value into a cell.
func (w *writer) setValue(sheet, name string, v any) error {
	switch v := v.(type) {
	case nil:
		return nil
	case string:
		if v == "" {
			return nil
		}
		return w.f.SetCellStr(sheet, name, v)
	case decimal.Decimal:
		return w.f.SetCellDefault(sheet, name, v.String())
	case jixiao.Number:
		if !v.Valid {
			return nil
		}
		return w.f.SetCellDefault(sheet, name, v.Value.String())
	case int:
		return w.f.SetCellInt(sheet, name, int64(v))
	case jixiao.Date:
		if v.IsZero() {
			return nil
		}
		return w.f.SetCellInt(sheet, name, int64(dateSerial(v)))
	}
	return fmt.Errorf("cannot write a %T", v)
}

func (w *writer) emitSheet(s *sheet) error {
	f := w.f
	for i, width := range s.widths {
		col := jixiao.CellName(i+1, 1)
		col = col[:len(col)-1]
		if err := f.SetColWidth(s.name, col, col, width); err != nil {
			return err
		}
	}
	need := map[int]float64{}
	type span struct {
		first, last int
		h           float64
	}
	var spans []span
	for _, c := range s.cells {
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
		tl, br := c.name(), jixiao.CellName(c.lastCol(), c.lastRow())
		if c.rows > 1 || c.cols > 1 {
			if err := f.MergeCell(s.name, tl, br); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(s.name, tl, br, id); err != nil {
			return err
		}
		var text string
		switch c.role {
		case roleLabel:
			text = c.text
			if c.isNum {
				err = f.SetCellDefault(s.name, tl, c.text)
			} else if c.text != "" {
				err = f.SetCellStr(s.name, tl, c.text)
			}
		case roleInput:
			v := w.vals[c]
			if s, ok := v.(string); ok {
				text = s
			}
			err = w.setValue(s.name, tl, v)
		case roleDerived:
			if w.tmpl {
				err = f.SetCellFormula(s.name, tl, c.formula)
			} else {
				v := c.value(w.pr())
				if s, ok := v.(string); ok {
					text = s
				}
				err = w.setValue(s.name, tl, v)
			}
		}
		if err != nil {
			return err
		}
		h := 0.0
		if styleDef(st).Alignment != nil && styleDef(st).Alignment.WrapText {
			width := 0.0
			for col := c.col; col <= c.lastCol() && col <= len(s.widths); col++ {
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
		if h := max(s.minHeight[r], need[r]); h > 0 {
			heights[r] = h
		}
	}
	for _, sp := range spans {
		sum := 0.0
		for r := sp.first; r <= sp.last; r++ {
			sum += heightOr(heights, r)
		}
		if sum < sp.h {
			add := (sp.h - sum) / float64(sp.last-sp.first+1)
			for r := sp.first; r <= sp.last; r++ {
				heights[r] = heightOr(heights, r) + add
			}
		}
	}
	for r := 1; r <= s.last; r++ {
		if h, ok := heights[r]; ok {
			if err := f.SetRowHeight(s.name, r, min(maxRowPts, roundHeight(h))); err != nil {
				return err
			}
		}
	}
	if w.tmpl {
		if err := w.validate(s); err != nil {
			return err
		}
		if err := f.ProtectSheet(s.name, &excelize.SheetProtectionOptions{
			SelectLockedCells: true, SelectUnlockedCells: true, FormatRows: true, FormatColumns: true,
		}); err != nil {
			return err
		}
	}
	return w.pageSetup(s.name, s.landscape, s.titles, s.name == sheetCover)
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

// pr returns the printed report (Write only).
func (w *writer) pr() *jixiao.Report { return w.printed }

func (w *writer) pageSetup(name string, landscape bool, titles [2]int, onePage bool) error {
	f := w.f
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
	yes := true
	if err := f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	// GB/T 9704 margins for portrait pages (37, 35, 28, 26 mm); narrower for
	// the landscape score sheet.
	top, bottom, left, right := 37.0, 35.0, 28.0, 26.0
	if landscape {
		top, bottom, left, right = 20, 20, 20, 20
	}
	mm := func(v float64) *float64 { v /= 25.4; return &v }
	if err := f.SetPageMargins(name, &excelize.PageLayoutMarginsOptions{
		Top: mm(top), Bottom: mm(bottom), Left: mm(left), Right: mm(right),
		Header: mm(10), Footer: mm(min(bottom-10, 20)), Horizontally: &yes,
	}); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(name, &excelize.HeaderFooterOptions{OddFooter: `&C&"宋体"&11第 &P 页，共 &N 页`}); err != nil {
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

func (w *writer) emitMeta(m meta) error {
	rows, err := m.rows()
	if err != nil {
		return err
	}
	for i, r := range rows {
		for j, v := range r {
			if err := w.f.SetCellStr(metaSheet, jixiao.CellName(j+1, i+1), v); err != nil {
				return err
			}
		}
	}
	if w.tmpl {
		if err := w.f.ProtectSheet(metaSheet, &excelize.SheetProtectionOptions{}); err != nil {
			return err
		}
	}
	return w.f.SetSheetVisible(metaSheet, false, true)
}

package xlsx

import (
	"cmp"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"jixiao"
	"jixiao/form"
)

// Write writes the report workbook of the printed report pr (form.Print): one
// sheet per part of the form, print-ready, with the derived values (the sum
// row 局机关及二级机构汇总, each total whose parts are filled, 当年结余, 总分,
// 绩效自评综合得分 and 评价等次) as pr prints them, never copied from stated
// input. A draft says so in the page header of every sheet. The same input
// gives the same bytes.
func Write(w io.Writer, pr *form.Printed) error {
	sh, err := shapeOf(pr.Report)
	if err != nil {
		return fmt.Errorf("无法写入 Excel 报告：%w", err)
	}
	wr := newWriter(build(pr.Profile, sh), false)
	wr.draft = pr.DraftNotice()
	if err := wr.fill(pr.Report); err != nil {
		return err
	}
	return wr.emit(w, meta{Kind: "report", Shape: sh, Profile: pr.Profile}, nil)
}

// writer puts a grid into a workbook.
type writer struct {
	b    *book
	tmpl bool
	// vals are the values of input cells; over replaces a cell's style (the
	// headings of a headed text).
	vals map[*cell]any
	over map[*cell]style
	// keep adds row ranges to print on one page (a heading and its first
	// paragraph).
	keep map[*sheet][][2]int
	// printed is the report the report workbook shows (Write only).
	printed *jixiao.Report
	// draft is the notice in the page header of a draft, "" for none.
	draft string
}

func newWriter(b *book, tmpl bool) *writer {
	return &writer{b: b, tmpl: tmpl, vals: map[*cell]any{}, over: map[*cell]style{}, keep: map[*sheet][][2]int{}}
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
		if w.tmpl { // a template offers its outline instead (prefill)
			return nil
		}
		rows, err := flatten(v.Interface().([]jixiao.Section))
		if err != nil {
			return fmt.Errorf("无法写入 Excel 报告：%s：%w", jixiao.Label(path), err)
		}
		for i, r := range rows {
			k, t := l.slots[i].fields[0].cell, l.slots[i].fields[1].cell
			if r.level > 0 {
				w.keep[k.sheet] = append(w.keep[k.sheet], [2]int{k.row, k.row + 1})
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

// TextError is the error of a text longer than an Excel cell holds: the
// workbook cannot be written (the report's other documents can).
type TextError struct {
	Path string // the JSON path of the text
	Len  int    // its length in UTF-16 units, as Excel counts
}

// Error names the text by its label as the form prints it, never by its
// JSON path.
func (e *TextError) Error() string {
	name := cmp.Or(jixiao.FormLabel(e.Path), jixiao.PathText(e.Path), "一段文字")
	return fmt.Sprintf("无法写入 %s：文字长 %d 个字符，超过 Excel 单元格的上限 %d", name, e.Len, maxCellChars)
}

// text sets a text value, refusing one longer than a cell holds.
func (w *writer) text(c *cell, path, s string) error {
	s, _ = jixiao.CleanText(s)
	if n := utf16Len(s); n > maxCellChars {
		return &TextError{Path: path, Len: n}
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

package xlsx

import (
	"reflect"
	"strconv"

	"jixiao"
)

// The grid is the one table of cell positions. build lays out every sheet
// for a profile and a shape (how many rows each variable part has): the
// labels printed on the form, the input cells bound to the report's values by
// JSON path, and the derived cells (sums, totals, 当年结余) that the workbook
// shows but the reader never reads. Write fills the grid with a report,
// Template with prompts, validation and formulas, and Read takes the values
// back from the same cells; so a value's sheet!cell is written down once, here
// and in sheets.go.

var reportType = reflect.TypeFor[jixiao.Report]()

// role says what a cell of the grid is.
type role uint8

const (
	roleLabel   role = iota // text of the form; the reader checks it is still there
	roleInput               // a value of the report; the reader reads it
	roleDerived             // computed: a value (Write) or a formula (Template); never read
)

// kind says how an input cell's text maps to a value of the report.
type kind uint8

const (
	kindText     kind = iota // string
	kindLong                 // string of several lines (wrapped, taller rows)
	kindNumber               // jixiao.Number in the field's unit (万元, 分, 人, %, 个, 例)
	kindDate                 // jixiao.Date
	kindDateLine             // jixiao.Date on a signature line: blank prints 年　月　日
	kindYear                 // int year
	kindGrade                // string, one of the profile's grades
	kindHeading              // level of a row of headed text: 一级标题 …, or 一、 （一） 1.
	kindGroup                // jixiao.TargetGroup's name and note in one cell
	kindMet                  // jixiao.Checklist's met points: ①②③ or 无
	kindCode                 // string kept as text even when it looks like a number (预算编码, phone)
)

// cell is one cell of a sheet, or the top-left cell of a merged range.
type cell struct {
	sheet      *sheet
	row, col   int // 1-based
	rows, cols int // span; 1 for a single cell
	role       role
	style      style
	// text is a label's text. A label that is a number (分值) sets isNum; a
	// note (an explanation, not part of the form's structure) sets note and
	// is not checked by the reader, so that its wording may change without
	// making older workbooks unreadable.
	text  string
	isNum bool
	note  bool
	// slot marks a label inside the rows of a variable part (任务1, 1、, 目标1):
	// numbering that a row inserted by hand does not have; not checked.
	slot bool
	// field is an input's binding; nil for labels and derived cells.
	field *field
	// formula is a derived cell's formula in the template (without "="), value
	// its value in the report workbook, computed from the printed report.
	formula string
	value   func(pr *jixiao.Report) any
}

func (c *cell) name() string { return jixiao.CellName(c.col, c.row) }

func (c *cell) lastRow() int { return c.row + c.rows - 1 }
func (c *cell) lastCol() int { return c.col + c.cols - 1 }

// field binds an input cell to a value of the report.
type field struct {
	cell *cell
	kind kind
	// path is the value's JSON path: absolute for a fixed field
	// (overview.contact), relative to its list element for a field of a list
	// (".income.total"; "" for a list of strings).
	path string
	// min and max bound a number in the template's validation ("" for none).
	min, max string
	// prefill is the template's initial text; locked keeps the cell locked in
	// the template (the standard names of the 定量目标 groups).
	prefill string
	locked  bool
}

// list is a variable part of the form: one slot per element, of which the
// reader keeps those with anything filled in, in order.
type list struct {
	path string // relative to the parent element (or absolute at the top)
	// sections marks rows of headed text (jixiao.Section trees): each slot
	// holds a kindHeading field and a kindLong field.
	sections bool
	// keep keeps every element, filled or not (the score items: one per item
	// of the profile, so that check points at the empty 自评得分 cell).
	keep  bool
	slots []*slot
}

// slot is one element of a list: its cells and its nested lists.
type slot struct {
	fields []*field
	lists  []*list
	// id is a constant "id" field of the element (score items, checklists).
	id string
	// anchor is the cell a problem about the whole element points at.
	anchor *cell
}

// sheet is one worksheet of the grid.
type sheet struct {
	name      string
	widths    []float64       // column widths, A first
	minHeight map[int]float64 // rows that need at least this height, in points
	cells     []*cell
	last      int // last row used
	landscape bool
	titles    [2]int // rows repeated at the top of each printed page; 0 for none
	// keep are row ranges to print on one page when they fit on one.
	keep [][2]int
	// runs are the rows of the variable parts, in order: the reader finds
	// them between the fixed rows around them, however many rows a unit
	// inserted or deleted.
	runs []run
}

// run is the rows of a variable part of a sheet.
type run struct {
	key         string // tasks, operation, units/0 … units/3, goals, targets, evaluators, narrative
	first, last int
}

// addRun records rows first to last as the variable part key.
func (s *sheet) addRun(key string, first, last int) {
	if last >= first { // a part without rows (no 定量目标 group) has nothing to find
		s.runs = append(s.runs, run{key, first, last})
	}
}

// book is the grid of a whole workbook.
type book struct {
	p      *jixiao.Profile
	shape  shape
	sheets []*sheet
	fields []*field // fixed fields, outside any list
	lists  []*list  // top-level lists
	// cells the template's formulas refer to.
	scoreTotal *cell // 评分表 总分
	totalScore *cell // 绩效自评综合得分
	year       *cell // 封面 年度
}

func (b *book) newSheet(name string, widths ...float64) *sheet {
	s := &sheet{name: name, widths: widths, minHeight: map[int]float64{}}
	b.sheets = append(b.sheets, s)
	return s
}

func (s *sheet) add(c *cell) *cell {
	if c.rows == 0 {
		c.rows = 1
	}
	if c.cols == 0 {
		c.cols = 1
	}
	c.sheet = s
	s.cells = append(s.cells, c)
	s.last = max(s.last, c.lastRow())
	return c
}

// label puts a label spanning rows × cols at row, col.
func (s *sheet) label(row, col, rows, cols int, text string, st style) *cell {
	return s.add(&cell{row: row, col: col, rows: rows, cols: cols, role: roleLabel, style: st, text: text})
}

// number puts a label that is a number (分值).
func (s *sheet) number(row, col, rows, cols int, text string, st style) *cell {
	c := s.label(row, col, rows, cols, text, st)
	c.isNum = true
	return c
}

// slotLabel puts the numbering label of a row of a variable part.
func (s *sheet) slotLabel(row, col int, text string, st style) *cell {
	c := s.label(row, col, 1, 1, text, st)
	c.slot = true
	return c
}

// note puts an explanation in a cell.
func (s *sheet) note(row, col int, text string) *cell {
	c := s.label(row, col, 1, 1, text, stCriteria)
	c.note = true
	return c
}

// input puts an input cell bound to path.
func (s *sheet) input(row, col, rows, cols int, k kind, path string, st style) *field {
	f := &field{kind: k, path: path}
	f.cell = s.add(&cell{row: row, col: col, rows: rows, cols: cols, role: roleInput, style: st, field: f})
	return f
}

// derived puts a derived cell.
func (s *sheet) derived(row, col, rows, cols int, st style, formula string, value func(*jixiao.Report) any) *cell {
	return s.add(&cell{row: row, col: col, rows: rows, cols: cols, role: roleDerived, style: st, formula: formula, value: value})
}

// keepTogether asks to print rows first to last on one page.
func (s *sheet) keepTogether(first, last int) { s.keep = append(s.keep, [2]int{first, last}) }

// height asks for at least h points for row.
func (s *sheet) height(row int, h float64) { s.minHeight[row] = max(s.minHeight[row], h) }

// ref is an absolute reference to a cell of any sheet, for formulas.
func ref(c *cell) string { return "'" + c.sheet.name + "'!" + absName(c.col, c.row) }

func absName(col, row int) string {
	name := jixiao.CellName(col, row)
	i := 0
	for i < len(name) && name[i] >= 'A' {
		i++
	}
	return "$" + name[:i] + "$" + name[i:]
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

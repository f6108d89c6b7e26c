package form

import (
	"strconv"
	"strings"
	"sync"

	"jixiao"
)

// The printed form described as data: the Word writer, the workbook writer
// and reader, and the Word reader all take the form's captions, headers,
// columns and labels from here, so that a caption changed here changes
// every one of them.

// HeadCell is a cell of a table's header: its text and its place in the
// header's grid (0-based; column 0 is the row labels' column), with its spans.
type HeadCell struct {
	Text       string
	Row, Col   int
	Rows, Cols int
}

// Column is a data column of a table: the value of each row at Path, a path
// within the row (income.total within an jixiao.Org).
type Column struct {
	Path  string
	Label string
}

// RowAxis says what a table's rows are.
type RowAxis int

const (
	// OrgRows: the sum row 局机关及二级机构汇总, then one row per organisation
	// (1、局机关, 2、二级机构1 …), each a jixiao.Org. The sum row is derived.
	OrgRows RowAxis = iota
	// Later Hunan forms replace these tables by a 基础数据表 whose rows are
	// budget lines and whose columns are 上年决算数 / 本年预算数 / 本年决算数,
	// with 「其中」 rows that are a part, not a partition, of their total: such
	// a table would be a RowAxis of its own, with Column paths relative to
	// the line. Nothing of it is built.
)

// Table is one table of the form.
type Table struct {
	ID      string // income, spending, three_public, assets
	Caption string // 年度收入情况（万元）
	Rows    RowAxis
	// Head is the header; HeadRows its height. Its column 0 holds the label
	// of the rows' labels (机构名称), columns 1… the data columns.
	Head     []HeadCell
	HeadRows int
	Columns  []Column
}

// Labels of the tables that are not a field's label.
const (
	OrgNameLabel = "机构名称"
	OfWhichLabel = "其中："
	SurplusLabel = "结余"
)

// financeTables memoises FinanceTables by the profile's word for the unit,
// the only thing they depend on.
var financeTables sync.Map // string → []Table

// FinanceTables are the four tables of 二、部门（单位）收支情况, in order. The
// tables returned must not be modified.
func FinanceTables(p *jixiao.Profile) []Table {
	if v, ok := financeTables.Load(p.Unit); ok {
		return v.([]Table)
	}
	t := financeTablesOf(p)
	if len(p.Unit) < 64 {
		financeTables.Store(p.Unit, t)
	}
	return t
}

func financeTablesOf(p *jixiao.Profile) []Table {
	cols := func(paths ...string) []Column {
		out := make([]Column, len(paths))
		for i, path := range paths {
			out[i] = Column{Path: path, Label: ColumnLabel(path)}
		}
		return out
	}
	// simple is a table whose header is 机构名称 | 合计 | 其中：(parts) [| tail]:
	// the total and a tail column span both header rows.
	simple := func(id, caption string, parts int, c []Column, tail int) Table {
		t := Table{ID: id, Caption: caption, HeadRows: 2, Columns: c}
		t.Head = append(t.Head, HeadCell{OrgNameLabel, 0, 0, 2, 1}, HeadCell{c[0].Label, 0, 1, 2, 1},
			HeadCell{OfWhichLabel, 0, 2, 1, parts})
		for i := range parts {
			t.Head = append(t.Head, HeadCell{c[1+i].Label, 1, 2 + i, 1, 1})
		}
		for i := range tail {
			j := 1 + parts + i
			t.Head = append(t.Head, HeadCell{c[j].Label, 0, 1 + j, 2, 1})
		}
		return t
	}
	income := simple("income", "年度收入情况（万元）", 5,
		cols("income.total", "income.carry_over", "income.public_finance", "income.gov_fund", "income.non_tax", "income.other"), 0)
	spending := Table{ID: "spending", Caption: p.Unit + "年度支出和结余情况（万元）", HeadRows: 3,
		Columns: cols("spending.total", "spending.basic", "spending.personnel", "spending.public_use", "spending.project",
			"spending.surplus_year", "spending.surplus_total")}
	c := spending.Columns
	spending.Head = []HeadCell{
		{OrgNameLabel, 0, 0, 3, 1}, {c[0].Label, 0, 1, 3, 1}, {OfWhichLabel, 0, 2, 1, 4}, {SurplusLabel, 0, 6, 1, 2},
		{c[1].Label, 1, 2, 2, 1}, {OfWhichLabel, 1, 3, 1, 2}, {c[4].Label, 1, 5, 2, 1}, {c[5].Label, 1, 6, 2, 1}, {c[6].Label, 1, 7, 2, 1},
		{c[2].Label, 2, 3, 1, 1}, {c[3].Label, 2, 4, 1, 1},
	}
	three := simple("three_public", "“三公经费”情况（万元）", 4,
		cols("three_public.total", "three_public.reception", "three_public.vehicle_running", "three_public.vehicle_purchase", "three_public.abroad"), 0)
	assets := simple("assets", "固定资产情况（万元）", 2, cols("assets.total", "assets.in_use", "assets.leased", "assets.other"), 1)
	return []Table{income, spending, three, assets}
}

// ColumnLabel is an amount column's label as the form prints it, without its
// unit: 收入合计.
func ColumnLabel(path string) string { return jixiao.FormLabel("finance.summary." + path) }

// Covering returns the header cell that covers (row, col), and whether it
// starts there.
func (t *Table) Covering(row, col int) (HeadCell, bool) {
	for _, h := range t.Head {
		if row >= h.Row && row < h.Row+h.Rows && col >= h.Col && col < h.Col+h.Cols {
			return h, h.Row == row && h.Col == col
		}
	}
	return HeadCell{}, false
}

// RowLabels are the labels of an OrgRows table's rows: the sum row, then
// 1、局机关, 2、二级机构1 … for the organisations named.
func RowLabels(names []string) []string {
	out := []string{jixiao.SummaryName}
	for i, n := range names {
		out = append(out, jixiao.UnitLabel(i, n))
	}
	return out
}

// Label is the label a field prints with on the form of profile p, without
// its unit: the model's label, with 部门（单位） the profile's word for the unit.
func Label(p *jixiao.Profile, path string) string {
	l := jixiao.FormLabel(path)
	if p.Unit != "" && p.Unit != "部门（单位）" {
		l = strings.ReplaceAll(l, "部门（单位）", p.Unit)
	}
	return l
}

// Part is the heading of part n (1 to 5) of the report: 一、部门（单位）基本概况 ….
func Part(p *jixiao.Profile, n int) string {
	paths := [...]string{"", "overview", "finance", "performance", "evaluation", "narrative"}
	return Label(p, paths[n])
}

// ScoreSheetColumns are the columns of the score sheet (附件3-2).
var ScoreSheetColumns = []string{"一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分", "扣分原因和其他说明"}

// EvaluatorColumns are the columns of the table of 四、评价人员; the last, 签字,
// is left for the pen.
var EvaluatorColumns = []string{"姓名", "职务/职称", "单位", "签字"}

// Number returns the number of the n-th heading (from 1) at a depth (from 0):
// 一、 （一） 1. （1）, then ① … and （n） beyond ⑳.
func Number(depth, n int) string {
	switch depth {
	case 0:
		return Chinese(n) + "、"
	case 1:
		return "（" + Chinese(n) + "）"
	case 2:
		return strconv.Itoa(n) + "."
	case 3:
		return "（" + strconv.Itoa(n) + "）"
	}
	if n <= 20 {
		return string(rune('①' + n - 1))
	}
	return "（" + strconv.Itoa(n) + "）"
}

// Chinese writes n (1 to 9999) in Chinese numerals as headings count: 一, 十,
// 十一, 二十一, 一百零五; other numbers in digits.
func Chinese(n int) string {
	const digits = "零一二三四五六七八九"
	digit := func(i int) string { return digits[i*3 : i*3+3] }
	if n <= 0 || n >= 10000 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	units := [...]string{"千", "百", "十", ""}
	pow := [...]int{1000, 100, 10, 1}
	zero := false
	for i, p := range pow {
		q := n / p % 10
		switch {
		case q == 0:
			zero = b.Len() > 0
		default:
			if zero {
				b.WriteString("零")
				zero = false
			}
			if !(q == 1 && p == 10 && b.Len() == 0) {
				b.WriteString(digit(q))
			}
			b.WriteString(units[i])
		}
	}
	return b.String()
}

// EarlierLabels are the spellings of the form's labels that earlier versions
// printed, by the label version that last printed each: a workbook printed
// then still reads (its labels are checked against the spellings of its
// version). A label changed in a new version gets an entry here, with the
// version before the change.
var EarlierLabels = map[string][]Earlier{}

// Earlier is a label as versions up to Version printed it.
type Earlier struct {
	Version int
	Text    string
}

// LabelAccepts reports whether text, found in a workbook printed with label
// version v, is the label now printed as label.
func LabelAccepts(label, text string, v int) bool {
	if text == label {
		return true
	}
	for _, e := range EarlierLabels[label] {
		if v <= e.Version && text == e.Text {
			return true
		}
	}
	return false
}

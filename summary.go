package jixiao

import (
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
)

// This file is the finance bureau's view of many reports: a unit's row of the
// summary table, a line of the problem list, a line of the intake list, the
// totals tallied once over the rows, and the feedback sheet sent back to a
// unit.

// Problem codes of a bundle's intake: what is found comparing the reports
// with each other and with the roster of units (名单). Code strings are
// stable.
const (
	CodeReplaced    = "replaced"      // a report superseded by a newer one of the same unit
	CodeYear        = "year"          // a report of another year than the bundle's
	CodeMissing     = "missing"       // a unit of the roster that sent no report
	CodeNotOnRoster = "not_on_roster" // a report whose 预算编码 is not on the roster
	CodeName        = "name"          // names or codes that disagree (roster and report, or two reports)
)

// categories are the problem codes in words, for the people who read the
// problem list (machine codes stay in bundle.json).
var categories = map[string]string{
	CodeSyntax:       "文件格式不对",
	CodeUnknownField: "表式之外的内容",
	CodeDuplicate:    "重复",
	CodeType:         "值的种类不对",
	CodeFormat:       "数字或日期读不出",
	CodeRequired:     "必填项为空",
	CodeRange:        "不可能的值",
	CodeSum:          "合计不符",
	CodeScoreTotal:   "总分不符",
	CodeGrade:        "评价等次不符",
	CodeRule:         "与评分标准不符",
	CodeUnscorable:   "无法按规则计分",
	CodeText:         "文字已清理",
	CodeProfile:      "表式",
	CodeFile:         "文件",
	CodeOmitted:      "未列出的问题",
	CodeReplaced:     "重复报送",
	CodeYear:         "年度不符",
	CodeMissing:      "未报送",
	CodeNotOnRoster:  "名单外",
	CodeName:         "名称或编码不符",
}

// Category returns a problem code in words (合计不符 for sum); an unknown
// code as it is.
func Category(code string) string {
	if c, ok := categories[code]; ok {
		return c
	}
	return code
}

// PlaceText returns a place for people: 收支情况 D7 in a workbook, 表3 第5行
// 第2列 or 第12段 in a Word document, 第 79 行第 27 列 in a JSON file, ""
// when unknown.
func PlaceText(p Place) string {
	switch {
	case p.Sheet != "":
		return p.Sheet + " " + CellName(p.Col, p.Line)
	case p.Table > 0 || p.Para > 0:
		return p.String()
	case p.Line > 0 && p.Col > 0:
		return "第 " + strconv.Itoa(p.Line) + " 行第 " + strconv.Itoa(p.Col) + " 列"
	case p.Line > 0:
		return "第 " + strconv.Itoa(p.Line) + " 行"
	}
	return ""
}

// UnitSummary is one unit's row of the finance bureau's summary table (汇总表).
// Amounts are the derived values of the sum row (局机关及二级机构汇总).
type UnitSummary struct {
	File       string // the input file, as given or found
	Code       string // 预算编码
	Unit       string // 部门(单位)名称
	Department string // 主管部门, from the roster; "" without one
	Year       int    // 年度 as the report gives it; 0 when blank
	Profile    string // the ID of the profile that scored it

	Income      Number // 收入合计
	Spending    Number // 支出合计
	ThreePublic Number // 三公经费合计

	Stated    Number // 总分 as stated on the score sheet (or 综合得分)
	Self      Number // the sum of the self scores
	Suggested Number // the total by the rules where they can score
	// Grade is the 评价等次 Self earns, SuggestedGrade the one Suggested would
	// earn; "" when that total is blank.
	Grade          string
	SuggestedGrade string

	Errors   int
	Warnings int
	Outputs  []string // the files written for the unit, relative to the bundle
}

// Summarize returns the summary row of a checked report; sum is its sum row
// 局机关及二级机构汇总 as derived.
func Summarize(file string, r *Report, sum Org, self, suggested Number, grade string, problems []Problem) UnitSummary {
	u := UnitSummary{File: file, Grade: grade, Self: self, Suggested: suggested}
	u.Errors, u.Warnings = Count(problems)
	if r == nil {
		u.Self, u.Suggested, u.Grade = Number{}, Number{}, ""
		return u
	}
	u.Code, u.Unit, u.Year, u.Profile = r.Cover.BudgetCode, r.Cover.Unit, r.Cover.Year, r.Profile
	u.Income, u.Spending, u.ThreePublic = sum.Income.Total, sum.Spending.Total, sum.ThreePublic.Total
	u.Stated = r.ScoreSheet.Total
	if !u.Stated.Valid {
		u.Stated = r.Performance.TotalScore
	}
	return u
}

// UnitProblem is one line of the bundle's problem list (问题清单).
type UnitProblem struct {
	Code string // 预算编码 of the unit, "" when the file could not be read
	Unit string // unit name
	File string
	Problem
}

// ProblemColumns are the columns of the problem list, in the CSV file and in
// the summary workbook alike: all for people (the JSON path and the machine
// code of each problem are in bundle.json).
var ProblemColumns = []string{"预算编码", "单位名称", "文件", "位置", "字段", "严重程度", "类别", "问题"}

// Row returns the problem's cells under ProblemColumns.
func (p UnitProblem) Row() []string {
	place := PlaceText(p.Place)
	if place == "" && p.Path != "" { // the place in words, never a JSON path
		place = PathText(p.Path)
	}
	return []string{p.Code, p.Unit, p.File, place, p.Label, p.Severity.String(), Category(p.Problem.Code), p.Message}
}

// Intake statuses: what became of a file found in a bundle's inputs, or of a
// unit of the roster. The strings are stable (bundle.json); StatusText gives
// them in words.
const (
	IntakeCounted    = "counted"    // read, and counted in the summary
	IntakeReplaced   = "replaced"   // read, superseded by a newer report of the same unit
	IntakeOtherYear  = "other_year" // read, of another year: not counted
	IntakeUnreadable = "unreadable" // a report that could not be read (a kind the tool does not read, a broken file)
	IntakeNotReport  = "not_report" // not a report (a scan, a picture, an archive …): not read
	IntakeSkipped    = "skipped"    // a bundle, a link to a folder, a device: not read
	IntakeMissing    = "missing"    // a unit of the roster that sent no report
)

var statusTexts = map[string]string{
	IntakeCounted:    "计入汇总",
	IntakeReplaced:   "已被替换",
	IntakeOtherYear:  "年度不符",
	IntakeUnreadable: "无法读取",
	IntakeNotReport:  "不是报告",
	IntakeSkipped:    "已跳过",
	IntakeMissing:    "未报送",
}

// StatusText returns an intake status in words (计入汇总 for counted).
func StatusText(status string) string {
	if s, ok := statusTexts[status]; ok {
		return s
	}
	return status
}

// IntakeRow is one line of a bundle's intake list (报送情况): a file found in
// the inputs, or a unit of the roster that sent none.
type IntakeRow struct {
	Code       string // 预算编码, from the report or the roster
	Unit       string // 单位名称
	Department string // 主管部门, from the roster
	File       string // the file; for a unit that sent none, ""
	Status     string // Intake…
	Note       string // why, and what to do, in words
}

// IntakeColumns are the columns of the intake list.
var IntakeColumns = []string{"预算编码", "单位名称", "主管部门", "文件", "状态", "说明"}

// Row returns the intake line's cells under IntakeColumns.
func (r IntakeRow) Row() []string {
	return []string{r.Code, r.Unit, r.Department, r.File, StatusText(r.Status), r.Note}
}

// DiffClasses name the classes of a difference between two totals (the
// stated total less the recomputed one, the self total less the suggested
// one) that the summary counts; the last class is for a difference that
// cannot be taken because a total is blank.
var DiffClasses = []string{"少 5 分及以上", "少 1～5 分", "少不足 1 分", "相同", "多不足 1 分", "多 1～5 分", "多 5 分及以上", "无法比较"}

var (
	one  = decimal.NewFromInt(1)
	five = decimal.NewFromInt(5)
)

// DiffClass returns the index in DiffClasses of the difference a − b.
func DiffClass(a, b Number) int {
	if !a.Valid || !b.Valid {
		return len(DiffClasses) - 1
	}
	d := a.Value.Sub(b.Value)
	abs := d.Abs()
	var k int
	switch {
	case abs.IsZero():
		return 3
	case abs.LessThan(one):
		k = 0
	case abs.LessThan(five):
		k = 1
	default:
		k = 2
	}
	if d.IsNegative() {
		return 2 - k
	}
	return 4 + k
}

// Totals are what a summary shows beyond its rows, tallied once over the
// counted units (Add) and used alike by the summary workbook, the manifest
// and the screen.
type Totals struct {
	Units           int // units counted
	UnitsWithErrors int // of which with at least one error
	Errors          int // errors of the counted units
	Warnings        int // warnings of the counted units

	// Sums of the units' 收入合计, 支出合计 and 三公经费 (blanks count as
	// nothing).
	Income, Spending, ThreePublic decimal.Decimal

	// Grades and SuggestedGrades count the units per 评价等次 by their self
	// total and by the suggested total; "" counts the units without one.
	Grades          map[string]int
	SuggestedGrades map[string]int

	// StatedDiff counts the units by DiffClass(Stated, Self), SuggestedDiff
	// by DiffClass(Self, Suggested).
	StatedDiff    []int
	SuggestedDiff []int
}

// Add counts a unit.
func (t *Totals) Add(u UnitSummary) {
	if t.Grades == nil {
		t.Grades, t.SuggestedGrades = map[string]int{}, map[string]int{}
		t.StatedDiff, t.SuggestedDiff = make([]int, len(DiffClasses)), make([]int, len(DiffClasses))
	}
	t.Units++
	if u.Errors > 0 {
		t.UnitsWithErrors++
	}
	t.Errors += u.Errors
	t.Warnings += u.Warnings
	t.Income = t.Income.Add(u.Income.Or(decimal.Zero))
	t.Spending = t.Spending.Add(u.Spending.Or(decimal.Zero))
	t.ThreePublic = t.ThreePublic.Add(u.ThreePublic.Or(decimal.Zero))
	t.Grades[u.Grade]++
	t.SuggestedGrades[u.SuggestedGrade]++
	t.StatedDiff[DiffClass(u.Stated, u.Self)]++
	t.SuggestedDiff[DiffClass(u.Self, u.Suggested)]++
}

// GradeNames returns the grades to show, in order: those of the profile
// (优, 良, 中, 差), then any other a unit has, then "" when some unit has
// none.
func (t *Totals) GradeNames(profile []Grade) []string {
	var names []string
	seen := map[string]bool{}
	for _, g := range profile {
		names = append(names, g.Name)
		seen[g.Name] = true
	}
	var other []string
	for _, m := range []map[string]int{t.Grades, t.SuggestedGrades} {
		for g := range m {
			if g != "" && !seen[g] {
				seen[g] = true
				other = append(other, g)
			}
		}
	}
	slices.Sort(other)
	names = append(names, other...)
	if t.Grades[""] > 0 || t.SuggestedGrades[""] > 0 {
		names = append(names, "")
	}
	return names
}

// Feedback is the sheet the finance bureau sends back to a unit about its
// report (反馈单): its problems with the place of each, and the score sheet
// item by item as the unit scored it and as the rules score it.
type Feedback struct {
	Title  []string // the title, one string per line
	Issuer string   // 岳阳楼区财政局
	Unit   string   // 部门(单位)名称
	Code   string   // 预算编码
	File   string   // the file the report came in
	// Others are the unit's other files, not used (an older report, one of
	// another year).
	Others []string
	Year   int // the report's 年度
	// BundleYear is the year the bureau is collecting; a report of another
	// year is not counted (Counted false).
	BundleYear int
	Counted    bool
	Date       Date // 报告日期

	Problems []Problem // sorted by place
	Items    []FeedbackItem

	Points    Number // the points of the whole sheet (100)
	Stated    Number // 总分 as stated
	Self      Number // the sum of the self scores
	Suggested Number // the total by the rules
	// Grade is the 评价等次 of Self, SuggestedGrade that of Suggested.
	Grade, SuggestedGrade string
}

// FeedbackItem is one item of the score sheet on a feedback sheet.
type FeedbackItem struct {
	Name   string // 三级指标 (the members of a shared-points group joined by 、)
	Points Number // 分值
	Self   Number // 自评得分
	Reason string // 扣分原因和其他说明, as the unit wrote it
	// Manual is true for an item the unit scores alone (no rule).
	Manual bool
	Rule   Number // the score by the rule, when it can score the item
	Basis  string // the data the rule used
	// Unscorable says why the rule cannot score the item.
	Unscorable string
}

// Errors returns the number of errors among the feedback's problems.
func (f *Feedback) Errors() int { e, _ := Count(f.Problems); return e }

// Warnings returns the number of warnings among the feedback's problems.
func (f *Feedback) Warnings() int { _, w := Count(f.Problems); return w }

package jixiao

// UnitSummary is one unit's row of the finance bureau's summary table (汇总表).
// Amounts are the derived values of the sum row (局机关及二级机构汇总).
type UnitSummary struct {
	File        string // the input file, as given or found
	Code        string // 预算编码
	Unit        string // 部门(单位)名称
	Income      Number // 收入合计
	Spending    Number // 支出合计
	ThreePublic Number // 三公经费合计
	Stated      Number // 总分 as stated on the score sheet (or 综合得分)
	Self        Number // the sum of the self scores
	Suggested   Number // the total by the rules where they can score
	Grade       string // 评价等次 from Self
	Errors      int
	Warnings    int
	Outputs     []string // the files written for the unit, relative to the bundle
}

// UnitProblem is one line of the bundle's problem list (问题清单).
type UnitProblem struct {
	Code string // 预算编码 of the unit, "" when the file could not be read
	Unit string // unit name
	File string
	Problem
}

// ProblemColumns are the columns of the problem list, in the CSV file and in
// the summary workbook alike.
var ProblemColumns = []string{"预算编码", "单位名称", "文件", "位置", "严重程度", "类别", "路径", "字段", "问题"}

// Row returns the problem's cells under ProblemColumns.
func (p UnitProblem) Row() []string {
	return []string{p.Code, p.Unit, p.File, p.Place.String(), p.Severity.String(), p.Problem.Code, p.Path, p.Label, p.Message}
}

// Summarize returns the summary row of a checked report; sum is its sum row
// 局机关及二级机构汇总 as derived.
func Summarize(file string, r *Report, sum Org, self, suggested Number, grade string, problems []Problem) UnitSummary {
	u := UnitSummary{File: file, Grade: grade, Self: self, Suggested: suggested}
	u.Errors, u.Warnings = Count(problems)
	if r == nil {
		u.Self, u.Suggested = Number{}, Number{}
		return u
	}
	u.Code, u.Unit = r.Cover.BudgetCode, r.Cover.Unit
	u.Income, u.Spending, u.ThreePublic = sum.Income.Total, sum.Spending.Total, sum.ThreePublic.Total
	u.Stated = r.ScoreSheet.Total
	if !u.Stated.Valid {
		u.Stated = r.Performance.TotalScore
	}
	return u
}

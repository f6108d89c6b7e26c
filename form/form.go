// Package form describes the official form as the renderers print it. Printed
// is a report as the form shows it, computed once and passed to every
// renderer, so that the Word and Excel forms always agree: the 收支 tables with
// every derivable amount derived, the totals and the grade from the scores
// (blank until the score sheet is complete), the cover's defaults, and no
// numbers typed before the texts the form numbers itself.
package form

import (
	"strconv"
	"strings"

	"jixiao"
	"jixiao/scoring"
)

// Printed is a report as the form prints it.
type Printed struct {
	Profile *jixiao.Profile
	// Report is the report as printed. It shares nothing mutable with the
	// report Print was given.
	Report *jixiao.Report
	Score  *scoring.Result
	// Errors is how many errors checking the report found. A report with
	// errors prints as a draft: every page says so.
	Errors int
}

// Draft reports whether the report prints as a draft.
func (p *Printed) Draft() bool { return p.Errors > 0 }

// DraftNotice is what every page of a draft says.
func (p *Printed) DraftNotice() string {
	if !p.Draft() {
		return ""
	}
	return "草稿：本报告有 " + strconv.Itoa(p.Errors) + " 处错误，不能直接提交"
}

// Print returns the report r of profile p, scored by s (scoring.Score(p, r);
// nil: computed here), as the form prints it. errors is the number of errors
// checking it found (0 when unknown or none).
func Print(p *jixiao.Profile, r *jixiao.Report, s *scoring.Result, errors int) *Printed {
	if s == nil {
		s = scoring.Score(p, r)
	}
	pr := *r
	pr.Profile = p.ID
	pr.Finance = s.Finance
	pr.Performance.TotalScore = s.Self
	pr.Performance.Grade = s.Grade
	pr.ScoreSheet.Total = s.Self
	if strings.TrimSpace(pr.Cover.Method) == "" {
		pr.Cover.Method = DefaultMethod(p)
	}
	if strings.TrimSpace(pr.Cover.Evaluator) == "" {
		pr.Cover.Evaluator = DefaultEvaluator(p)
	}
	// Copies of what Tidy changes, then tidied: the numbers typed before
	// tasks, goals and headings go.
	pr.Overview.Tasks = append([]string(nil), r.Overview.Tasks...)
	pr.Performance.Qualitative.Goals = append([]string(nil), r.Performance.Qualitative.Goals...)
	pr.Overview.Operation = copySections(r.Overview.Operation)
	pr.Narrative = copySections(r.Narrative)
	jixiao.Tidy(&pr)
	return &Printed{Profile: p, Report: &pr, Score: s, Errors: errors}
}

func copySections(ss []jixiao.Section) []jixiao.Section {
	if ss == nil {
		return nil
	}
	out := make([]jixiao.Section, len(ss))
	for i, s := range ss {
		out[i] = jixiao.Section{Title: s.Title, Paragraphs: s.Paragraphs, Sections: copySections(s.Sections)}
	}
	return out
}

// DefaultMethod and DefaultEvaluator are what the cover prints when a report
// leaves 评价方式 and 评价机构 empty: 部门（单位）绩效自评, 部门（单位）评价组.
func DefaultMethod(p *jixiao.Profile) string    { return p.Unit + "绩效自评" }
func DefaultEvaluator(p *jixiao.Profile) string { return p.Unit + "评价组" }

// UnitNameLabel is the cover's label of the unit's name, with the half-width
// brackets the form prints there: 部门(单位)名称.
func UnitNameLabel(p *jixiao.Profile) string {
	return strings.NewReplacer("（", "(", "）", ")").Replace(p.Unit) + "名称"
}

// FileStem is the name a unit expects its rendered report to have, without
// extension: <单位名称>_<年度>年度部门整体支出绩效自评报告. The caller makes it
// safe for the file system (disk.Name).
func FileStem(r *jixiao.Report) string {
	unit := strings.TrimSpace(r.Cover.Unit)
	if unit == "" {
		unit = "未填单位名称"
	}
	year := ""
	if r.Cover.Year != 0 {
		year = strconv.Itoa(r.Cover.Year) + "年度"
	}
	return unit + "_" + year + "部门整体支出绩效自评报告"
}

// Field is a label of the form and the JSON path of the value beside it.
type Field struct {
	Label, Path string
}

// CoverFields are the particulars on the cover, in order: 部门(单位)名称,
// 预算编码, 评价方式, 评价机构, 报告日期 (or 报告期).
func CoverFields(p *jixiao.Profile) []Field {
	return []Field{
		{UnitNameLabel(p), "cover.unit"},
		{"预算编码", "cover.budget_code"},
		{"评价方式", "cover.method"},
		{"评价机构", "cover.evaluator"},
		{p.DateLabel(), "cover.report_date"},
	}
}

// CoverColon is what follows a cover label: a full-width colon, or nothing on
// forms whose labels have none.
func CoverColon(p *jixiao.Profile) string {
	if p.Cover.NoColon {
		return ""
	}
	return "："
}

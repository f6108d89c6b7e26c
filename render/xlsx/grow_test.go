package xlsx

import (
	"jixiao/form"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
)

// A unit whose rows run out inserts rows inside a block, as one does in
// Excel, or deletes spare ones: every block still imports, in order, and every
// value's cell is reported where it now is.
func TestGrowingWorkbook(t *testing.T) {
	p, _ := example(t)
	tmpl := writeTemplate(t, p, TemplateOptions{Tasks: 2, Goals: 2, Targets: 2, Evaluators: 2, Units: 2, Operation: 2, Paragraphs: 1})
	sh, _ := templateShapeOf(t, p, TemplateOptions{Tasks: 2, Goals: 2, Targets: 2, Evaluators: 2, Units: 2, Operation: 2, Paragraphs: 1})
	cell := func(path string) (string, int, int) {
		sheet, name := cellOf(t, p, sh, path)
		col, row, err := excelize.CellNameToCoordinates(name)
		must(t, err)
		return sheet, col, row
	}
	_, taskCol, taskRow := cell("overview.tasks[1]")
	_, goalCol, goalRow := cell("performance.qualitative.goals[1]")
	_, evCol, evRow := cell("evaluation.evaluators[1].name")
	_, unitCol, unitRow := cell("finance.units[1].name")
	_, incomeCol, _ := cell("finance.units[1].income.total")
	_, tgtCol, tgtRow := cell("performance.quantitative[0].indicators[1].targets[1].goal")
	set := func(f *excelize.File, sheet string, col, row int, v any) {
		name, _ := excelize.CoordinatesToCellName(col, row)
		must(t, f.SetCellValue(sheet, name, v))
	}
	book := edit(t, tmpl, nil, func(f *excelize.File) {
		// Bottom-up, so that the rows found above stay where they are.
		must(t, f.InsertRows(sheetEvaluation, evRow, 2))
		for i, name := range []string{"甲", "乙", "丙", "丁"} {
			set(f, sheetEvaluation, evCol, evRow-1+i, name)
		}
		must(t, f.InsertRows(sheetPerformance, tgtRow, 1)) // inside the indicator's rows
		set(f, sheetPerformance, tgtCol+1, tgtRow-1, "第一个目标")
		set(f, sheetPerformance, tgtCol+1, tgtRow, "插入的目标")
		set(f, sheetPerformance, tgtCol+1, tgtRow+1, "原有的目标")
		must(t, f.InsertRows(sheetPerformance, goalRow, 1))
		for i, g := range []string{"目标甲", "插入的目标乙", "目标丙"} {
			set(f, sheetPerformance, goalCol, goalRow-1+i, g)
		}
		// A unit inserted into the first 收支 table only.
		must(t, f.InsertRows(sheetFinance, unitRow, 1))
		set(f, sheetFinance, unitCol, unitRow-1, "局机关")
		set(f, sheetFinance, unitCol, unitRow, "新增的二级机构")
		set(f, sheetFinance, incomeCol, unitRow, 12.5)
		set(f, sheetFinance, unitCol, unitRow+1, "二级机构1")
		set(f, sheetFinance, incomeCol, unitRow+1, 7)
		must(t, f.InsertRows(sheetOverview, taskRow, 3))
		for i, task := range []string{"任务一", "插入的任务二", "插入的任务三", "插入的任务四", "任务五"} {
			set(f, sheetOverview, taskCol, taskRow-1+i, task)
		}
	})
	r, src, problems, err := Read("填报表.xlsx", book)
	if err != nil {
		t.Fatal(err)
	}
	for _, pr := range problems {
		if pr.Code == jixiao.CodeUnknownField || pr.Code == jixiao.CodeSyntax {
			t.Errorf("%s", pr.Format("填报表.xlsx"))
		}
	}
	if got := strings.Join(r.Overview.Tasks, "/"); got != "任务一/插入的任务二/插入的任务三/插入的任务四/任务五" {
		t.Errorf("tasks %s", got)
	}
	if got := src.Place("overview.tasks[4]").String(); got != sheetOverview+"!"+jixiao.CellName(taskCol, taskRow+3) {
		t.Errorf("the fifth task is at %s", got)
	}
	if got := strings.Join(r.Performance.Qualitative.Goals, "/"); got != "目标甲/插入的目标乙/目标丙" {
		t.Errorf("goals %s", got)
	}
	var names []string
	for _, ev := range r.Evaluation.Evaluators {
		names = append(names, ev.Name)
	}
	if got := strings.Join(names, "/"); got != "甲/乙/丙/丁" {
		t.Errorf("evaluators %s", got)
	}
	ind := r.Performance.Quantitative[0].Indicators[1]
	if len(ind.Targets) != 3 || ind.Targets[0].Result != "第一个目标" || ind.Targets[1].Result != "插入的目标" || ind.Targets[2].Result != "原有的目标" {
		t.Errorf("targets of %s: %+v", ind.Name, ind.Targets)
	}
	u := r.Finance.Units
	if len(u) != 3 || u[1].Name != "新增的二级机构" || u[1].Income.Total.Value.String() != "12.5" || u[2].Name != "二级机构1" {
		t.Errorf("units %+v", u)
	}
	if got := src.Place("finance.units[2].income.total").String(); got != sheetFinance+"!"+jixiao.CellName(incomeCol, unitRow+1) {
		t.Errorf("二级机构1's income is at %s", got)
	}
	// Spare rows deleted (on an unprotected sheet) still import.
	book = edit(t, tmpl, nil, func(f *excelize.File) {
		must(t, f.UnprotectSheet(sheetOverview))
		must(t, f.RemoveRow(sheetOverview, taskRow))
		set(f, sheetOverview, taskCol, taskRow-1, "只剩一个任务")
	})
	r, _, _, err = Read("填报表.xlsx", book)
	if err != nil || len(r.Overview.Tasks) != 1 || r.Overview.Tasks[0] != "只剩一个任务" {
		t.Errorf("after a deleted row: %v %q", err, r.Overview.Tasks)
	}
}

// In the tables after the first, a row belongs to the unit it names, where
// it names one; the others fill the remaining units in order.
func TestByName(t *testing.T) {
	names := []string{"局机关", "新增", "二级机构1"}
	text := map[int]string{10: "局机关", 11: "二级机构1", 12: ""}
	got := byName([]int{10, 11, 12}, names, func(a int) string { return text[a] })
	if strconv.Itoa(got[0])+","+strconv.Itoa(got[1])+","+strconv.Itoa(got[2]) != "10,12,11" {
		t.Errorf("byName = %v", got)
	}
}

func templateShapeOf(t testing.TB, p *jixiao.Profile, o TemplateOptions) (shape, TemplateOptions) {
	t.Helper()
	_, sh, oo, err := templateGrid(p, o)
	if err != nil {
		t.Fatal(err)
	}
	return sh, oo
}

// Workbooks printed by an earlier version (testdata/v1: made on 2026-11-27,
// before the label version existed) still read.
func TestEarlierWorkbooks(t *testing.T) {
	for _, tt := range []struct {
		file string
		ok   func(r *jixiao.Report) bool
	}{
		{"testdata/v1/template-2026-11-27.xlsx", func(r *jixiao.Report) bool {
			return r.Cover.Year == 2021 && r.Cover.Unit == "某单位" && r.Cover.BudgetCode == "123456"
		}},
		{"testdata/v1/report-2026-11-27.xlsx", func(r *jixiao.Report) bool {
			return r.Cover.Unit == "岳阳楼区人力资源和社会保障网络信息服务中心" && len(r.Finance.Units) == 3 &&
				r.Finance.Units[1].Income.Total.Value.String() == "307.47" && len(r.Narrative) > 0 && len(r.ScoreSheet.Items) == 23
		}},
	} {
		data, err := os.ReadFile(tt.file)
		must(t, err)
		r, _, problems, err := Read(tt.file, data)
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		for _, p := range problems {
			if p.Code == jixiao.CodeSyntax || p.Code == jixiao.CodeUnknownField {
				t.Errorf("%s: %s", tt.file, p.Format(tt.file))
			}
		}
		if !tt.ok(r) {
			t.Errorf("%s reads as %+v", tt.file, r.Cover)
		}
	}
}

// A label renamed in a new version still reads in a workbook of the version
// before, and only there (form.EarlierLabels).
func TestLabelVersions(t *testing.T) {
	form.EarlierLabels["联络电话"] = []form.Earlier{{Version: 1, Text: "联系电话"}}
	defer delete(form.EarlierLabels, "联络电话")
	p, _ := example(t)
	tmpl := writeTemplate(t, p, TemplateOptions{})
	for _, tt := range []struct {
		version string
		ok      bool
	}{{"1", true}, {"2", false}} {
		book := edit(t, tmpl, map[string]any{sheetOverview + "!C2": "联系电话", metaSheet + "!B3": tt.version})
		_, _, _, err := Read("填报表.xlsx", book)
		if (err == nil) != tt.ok {
			t.Errorf("labels version %s: %v", tt.version, err)
		}
	}
}

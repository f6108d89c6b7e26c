package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"jixiao"
	"jixiao/input"
	"jixiao/internal/handmade"
	"jixiao/templates"
)

// template --from starts this year's fill-in workbook from last year's
// report, whatever its format: what carries over is filled in, everything
// else is blank, and last year's 三公经费 is this year's 上年三公经费.
func TestTemplateFrom(t *testing.T) {
	dir := t.TempDir()
	example := "../../testdata/reports/yueyanglou-2020-hrss.json"
	if _, errOut, code := runCmd(t, "render", "-o", dir, "--format", "xlsx", example); code != 1 {
		t.Fatalf("render: exit %d\n%s", code, errOut)
	}
	rendered, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	r, _, _, err := jixiao.ReadReport(templates.ExampleName, templates.Example())
	if err != nil {
		t.Fatal(err)
	}
	p, _ := templates.Profile("")
	r.Basis = jixiao.Basis{}
	word := filepath.Join(dir, "去年的报告.docx")
	if err := os.WriteFile(word, handmade.Report(p, r), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, from := range []string{example, rendered[0], word} {
		t.Run(filepath.Ext(from), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "2021填报表.xlsx")
			stdout, errOut, code := runCmd(t, "template", "--from", from, "-o", out)
			if code != 0 || !strings.Contains(stdout, "2021 年度，沿用") {
				t.Fatalf("exit %d\n%s%s", code, stdout, errOut)
			}
			c := input.Read(out, "")
			n := c.Report
			if n == nil {
				t.Fatalf("the template does not import:\n%v", c.Problems)
			}
			o := n.Overview
			checks := []struct {
				what string
				ok   bool
			}{
				{"year", n.Cover.Year == 2021},
				{"unit and code", n.Cover.Unit == r.Cover.Unit && n.Cover.BudgetCode == "200002"},
				{"report date blank", n.Cover.Date.IsZero()},
				{"contact and duties", o.Contact == "傅颖" && strings.HasPrefix(o.Duties, "负责全区人力资源")},
				{"staff counts blank", !o.Authorized.Valid && !o.Actual.Valid},
				{"tasks", len(o.Tasks) == 4 && o.Tasks[0] == "保障全区107个社区公共网络服务平台的稳定运行"},
				{"operation blank", len(o.Operation) == 0},
				{"organisations", len(n.Finance.Units) == 3 && n.Finance.Units[1].Name == "二级机构1" && !n.Finance.Units[1].Income.Total.Valid},
				{"goals", len(n.Performance.Qualitative.Goals) == 4 && n.Performance.Qualitative.Achieved == ""},
				{"targets without results", n.Performance.Quantitative[0].Indicators[0].Targets[0].Goal == "四期期刊印制" &&
					n.Performance.Quantitative[0].Indicators[0].Targets[0].Result == ""},
				{"scores blank", !n.Performance.TotalScore.Valid && n.Performance.Grade == "" && !n.ScoreSheet.Total.Valid && !slices.ContainsFunc(
					n.ScoreSheet.Items, func(s jixiao.SelfScore) bool { return s.Score.Valid || s.Reason != "" })},
				{"evaluators", len(n.Evaluation.Evaluators) == 3 && n.Evaluation.Filler == "潘红艳"},
				{"outline without text", len(n.Narrative) == 6 && n.Narrative[0].Sections[0].Title == "部门（单位）基本情况" &&
					len(n.Narrative[0].Sections[0].Paragraphs) == 0},
				{"上年三公经费", n.Basis.ThreePublicLastYear.Equal(jixiao.MustNum("0.29"))},
			}
			for _, c := range checks {
				if !c.ok {
					t.Errorf("%s not carried over as it should be", c.what)
				}
			}
		})
	}
	// --year says otherwise; the input is never written over.
	out := filepath.Join(dir, "t.xlsx")
	if stdout, _, code := runCmd(t, "template", "--from", example, "--year", "2023", "-o", out); code != 0 || !strings.Contains(stdout, "2023 年度") {
		t.Errorf("--year: exit %d\n%s", code, stdout)
	}
	if _, errOut, code := runCmd(t, "template", "--from", rendered[0], "-o", rendered[0], "--force"); code != 2 {
		t.Errorf("template over its input: exit %d\n%s", code, errOut)
	}
	if _, errOut, code := runCmd(t, "template", "--from", filepath.Join(dir, "没有.docx"), "-o", filepath.Join(dir, "x.xlsx")); code != 1 ||
		!strings.Contains(errOut, "文件不存在") {
		t.Errorf("missing input: exit %d\n%s", code, errOut)
	}
}

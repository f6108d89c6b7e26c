package check_test

import (
	"os"
	"strings"
	"testing"

	"jixiao"
	"jixiao/check"
	"jixiao/internal/synth"
	"jixiao/templates"
)

const examplePath = "../testdata/reports/yueyanglou-2020-hrss.json"

func readExample(t *testing.T) (*jixiao.Report, *jixiao.Source) {
	t.Helper()
	data, err := os.ReadFile(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	r, src, _, err := jixiao.ReadReport("example.json", data)
	if err != nil {
		t.Fatal(err)
	}
	return r, src
}

func run(t *testing.T, profile string, r *jixiao.Report, src *jixiao.Source) []string {
	t.Helper()
	p, err := templates.Profile(profile)
	if err != nil {
		t.Fatal(err)
	}
	problems := check.Report(p, r, nil).Problems
	src.Locate(problems)
	lines := make([]string, len(problems))
	for i, pr := range problems {
		lines[i] = pr.Format("example.json")
	}
	return lines
}

// The published report's inconsistencies, each with the correct value.
func TestExampleFindsEveryInconsistency(t *testing.T) {
	r, src := readExample(t)
	want := []string{
		"example.json:79:27 finance.units[1].spending.surplus_year（当年结余，万元）：错误：应为 -8.58（收入合计 307.47 − 支出合计 316.05），实际为 8.58",
		"example.json:196:20 performance.total_score（绩效自评综合得分，分）：错误：应为 95（评分表各项自评得分之和），实际为 97",
		"example.json:278:18 score_sheet.items[0].score（自评得分，分）：警告：财政供养人员控制率：按评分标准应得 0 分（实有人数 10 ÷ 人员编制 6 = 166.67%），自评 3 分",
		// 项目支出 is blank but 支出合计 = 基本支出 316.05: it is 0, and the ratio cannot be computed.
		"example.json:287:18 score_sheet.items[2].score（自评得分，分）：警告：重点支出安排率：项目支出为 0，比率无法计算，无法按规则计分，保留自评 5 分",
		"example.json:289:7 score_sheet.items[3].reason（扣分原因和其他说明）：警告：预算调整率：扣了 3 分，但没有填写扣分原因",
		"example.json:367:18 score_sheet.items[22].score（自评得分，分）：警告：社会公众或服务对象满意度：按评分标准应得 3 分（满意度 90%），自评 5 分",
		"example.json:370:14 score_sheet.total（总分，分）：错误：应为 95（各项自评得分之和），实际为 97",
	}
	for _, profile := range []string{"yueyanglou-2020", "yueyang-city-2020"} {
		if got := run(t, profile, r, src); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: got\n%s\nwant\n%s", profile, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// Every sum of the four tables, in a unit row and in the sum row.
func TestTableSums(t *testing.T) {
	n := jixiao.MustNum
	tests := []struct {
		name string
		edit func(f *jixiao.Finance)
		want []string
	}{
		{"consistent", func(f *jixiao.Finance) {}, nil},
		{"收入合计", func(f *jixiao.Finance) { f.Units[0].Income.Total = n("100") }, []string{
			"finance.units[0].income.total：应为 110.00（上年结转 10.00 + 公共财政拨款 60.00 + 政府基金拨款 0.00 + 纳入专户管理的非税收入拨款 0.00 + 其他收入 40.00），实际为 100.00"}},
		{"基本支出", func(f *jixiao.Finance) { f.Units[0].Spending.Basic = n("80.01") }, []string{
			"finance.units[0].spending.basic：应为 80.00（人员支出 50.00 + 公用支出 30.00），实际为 80.01"}},
		{"支出合计", func(f *jixiao.Finance) { f.Units[0].Spending.Total = n("80") }, []string{
			"finance.units[0].spending.total：应为 100.00（基本支出 80.00 + 项目支出 20.00），实际为 80.00"}},
		{"当年结余", func(f *jixiao.Finance) { f.Units[0].Spending.SurplusYear = n("-10") }, []string{
			"finance.units[0].spending.surplus_year：应为 10.00（收入合计 110.00 − 支出合计 100.00），实际为 -10.00"}},
		{"三公经费合计", func(f *jixiao.Finance) { f.Units[0].ThreePublic.Total = n("3") }, []string{
			"finance.units[0].three_public.total：应为 2.50（公务接待费 1.00 + 公务用车运维费 1.50 + 公务用车购置费 0.00 + 因公出国费 0.00），实际为 3.00"}},
		{"固定资产合计", func(f *jixiao.Finance) { f.Units[0].Assets.Total, f.Units[0].Assets.Leased = n("100"), n("0") }, []string{
			"finance.units[0].assets.total：应为 95.00（在用固定资产 90.00 + 出租固定资产 0.00 + 其他 5.00），实际为 100.00"}},
		// The one blank part of a stated total is what the total leaves, said
		// when it is not 0; two blank parts count as 0.
		{"one blank part", func(f *jixiao.Finance) { f.Units[0].Assets.Total = n("100") }, []string{
			"finance.units[0].assets.leased：没有填写，按差额推算为 5.00（固定资产合计 100.00 − 在用固定资产 90.00 − 其他 5.00）；不是这样的，请填写本格并核对合计"}},
		{"blank parts at two levels", func(f *jixiao.Finance) {
			f.Units[0].Spending = jixiao.Spending{Total: n("11"), Basic: n("10"), Personnel: n("4")}
			f.Units[0].Income.Total, f.Units[0].Income.Other, f.Units[0].Spending.SurplusYear = n("81"), n("11"), n("70")
		}, []string{
			"finance.units[0].spending.public_use：没有填写，按差额推算为 6.00（基本支出 10.00 − 人员支出 4.00）；不是这样的，请填写本格并核对合计",
			"finance.units[0].spending.project：没有填写，按差额推算为 1.00（支出合计 11.00 − 基本支出 10.00）；不是这样的，请填写本格并核对合计"}},
		{"a blank part under a total of its parts", func(f *jixiao.Finance) {
			f.Units[0].Spending = jixiao.Spending{Total: n("101"), Personnel: n("50"), PublicUse: n("30")}
			f.Units[0].Spending.SurplusYear = n("9")
		}, []string{
			"finance.units[0].spending.project：没有填写，按差额推算为 21.00（支出合计 101.00 − 基本支出 80.00）；不是这样的，请填写本格并核对合计"}},
		{"parts above the total", func(f *jixiao.Finance) {
			f.Units[0].Spending.Project, f.Units[0].Spending.Total, f.Units[0].Spending.SurplusYear = jixiao.Number{}, n("70"), n("40")
		}, []string{
			"finance.units[0].spending.total：应为 80.00（基本支出 80.00 + 项目支出 0.00），实际为 70.00",
			"finance.units[0].spending.surplus_year：应为 30.00（收入合计 110.00 − 支出合计 80.00），实际为 40.00"}},
		{"汇总 row", func(f *jixiao.Finance) { f.Summary.Income.Total = n("200") }, []string{
			"finance.summary.income.total：应为 220.00（各机构之和：1、局机关 110.00 + 2、二级机构1 110.00），实际为 200.00"}},
		{"汇总 row right", func(f *jixiao.Finance) { f.Summary.Spending.SurplusYear = n("20") }, nil},
		{"negative amount", func(f *jixiao.Finance) { f.Units[1].Assets.Other = n("-5"); f.Units[1].Assets.InUse = n("100") }, []string{
			"finance.units[1].assets.other：金额不能为负数，实际为 -5.00"}},
		{"only totals filled", func(f *jixiao.Finance) {
			f.Units[1] = jixiao.Org{Name: "二级机构1"}
			f.Units[1].Income.Total = n("7")
		}, nil},
		{"only the sum row", func(f *jixiao.Finance) {
			f.Units = []jixiao.Org{{Name: "局机关"}}
			f.Summary.Income.Total, f.Summary.Income.Other = n("5"), n("4")
			f.Summary.Spending.Total, f.Summary.ThreePublic.Total, f.Summary.Assets.Total = n("1"), n("0"), n("0")
		}, []string{"finance.summary.income.total：应为 4.00（上年结转 0.00 + 公共财政拨款 0.00 + 政府基金拨款 0.00 + 纳入专户管理的非税收入拨款 0.00 + 其他收入 4.00），实际为 5.00"}},
		{"a blank part of a stated total is derived", func(f *jixiao.Finance) {
			f.Units[0].Spending.Project, f.Units[0].Spending.Total, f.Units[0].Spending.SurplusYear = jixiao.Number{}, n("80"), n("30")
		}, nil},
		{"a part of a derived total stays blank", func(f *jixiao.Finance) {
			f.Units[0].Spending.Project, f.Units[0].Spending.Total, f.Units[0].Spending.SurplusYear = jixiao.Number{}, jixiao.Number{}, n("30")
		}, nil},
		{"nothing filled", func(f *jixiao.Finance) {
			f.Units = []jixiao.Org{{Name: "局机关"}}
		}, []string{
			"finance.units[0].income.total：各机构的“收入合计”都没有填写（也无法由明细推算）；没有的请填 0",
			"finance.units[0].spending.total：各机构的“支出合计”都没有填写（也无法由明细推算）；没有的请填 0",
			"finance.units[0].three_public.total：“三公经费合计”一栏全部为空：没有的请填 0，以免被当作漏填",
			"finance.units[0].assets.total：“固定资产合计”一栏全部为空：没有的请填 0，以免被当作漏填",
		}},
		{"typed in 元", func(f *jixiao.Finance) {
			f.Units[1].Income.Total, f.Units[1].Income.Other, f.Units[1].Spending.SurplusYear = n("9800000"), n("9799930"), jixiao.Number{}
		}, []string{
			"finance.units[1].income.total：金额 9800000.00 万元（980.00 亿元）对一个 59 人的单位显得过大：是否按“元”填写了？表中金额以万元为单位（9800000.00 元 = 980.00 万元），请核对",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := synth.Report(1, 1)
			unit := jixiao.Org{Name: "局机关"}
			unit.Income.CarryOver, unit.Income.PublicFinance, unit.Income.Other, unit.Income.Total = n("10"), n("60"), n("40"), n("110")
			unit.Spending.Personnel, unit.Spending.PublicUse, unit.Spending.Basic = n("50"), n("30"), n("80")
			unit.Spending.Project, unit.Spending.Total, unit.Spending.SurplusYear = n("20"), n("100"), n("10")
			unit.ThreePublic.Reception, unit.ThreePublic.VehicleRunning, unit.ThreePublic.Total = n("1"), n("1.5"), n("2.5")
			unit.Assets.InUse, unit.Assets.Other, unit.Assets.Total = n("90"), n("5"), n("95")
			second := unit
			second.Name = "二级机构1"
			r.Finance = jixiao.Finance{Units: []jixiao.Org{unit, second}}
			tt.edit(&r.Finance)
			p, _ := templates.Profile("")
			problems := check.Report(p, r, nil).Problems
			var got []string
			for _, pr := range problems {
				if strings.HasPrefix(pr.Path, "finance.") {
					got = append(got, pr.Path+"："+pr.Message)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// DeriveFinance fills the sum row and the totals a unit left out.
func TestDeriveFinance(t *testing.T) {
	r, _ := readExample(t)
	f, how := jixiao.DeriveFinance(r.Finance, nil)
	for _, tt := range []struct {
		got  jixiao.Number
		want string
	}{
		{f.Summary.Income.Total, "307.47"},
		{f.Summary.Income.PublicFinance, "126.23"},
		{f.Summary.Spending.SurplusYear, "-8.58"},
		{f.Units[1].Spending.SurplusYear, "-8.58"},
		{f.Summary.Assets.InUse, "666.27"},
		{f.Summary.Income.CarryOver, ""},
		{f.Units[0].Income.Total, ""},
	} {
		if tt.got.String() != tt.want {
			t.Errorf("got %q, want %q", tt.got.String(), tt.want)
		}
	}
	if f.Summary.Name != jixiao.SummaryName {
		t.Errorf("summary name %q", f.Summary.Name)
	}
	if got := how["finance.summary.spending.surplus_year"].Formula; got != "各机构之和：2、二级机构1 -8.58" {
		t.Errorf("formula %q", got)
	}
}

// Scores, grade, required fields and impossible values.
func TestReportProblems(t *testing.T) {
	tests := []struct {
		name string
		edit func(r *jixiao.Report)
		want []string
	}{
		{"clean", func(r *jixiao.Report) {}, nil},
		{"wrong grade", func(r *jixiao.Report) { r.Performance.Grade = "良" }, []string{
			"performance.grade：错误：应为 \"优\"（综合得分 100，优 ≥ 90，良 ≥ 80，中 ≥ 60，差 ≥ 0），实际为 \"良\""}},
		{"score above points", func(r *jixiao.Report) {
			r.ScoreSheet.Items[0].Score = jixiao.MustNum("6")
			r.ScoreSheet.Total, r.Performance.TotalScore = jixiao.MustNum("101"), jixiao.MustNum("101")
		}, []string{
			"score_sheet.items[0].score：错误：财政供养人员控制率：自评得分应在 0 到分值 5 之间，实际为 6"}},
		{"missing and unknown items", func(r *jixiao.Report) {
			r.ScoreSheet.Items[1].ID = "three_public"
			r.ScoreSheet.Items = r.ScoreSheet.Items[:22]
		}, []string{
			// The sheet is not complete: its total is not checked (check.Result.Unchecked says so).
			"score_sheet.items：错误：缺少指标 \"three_public_change\"（“三公经费”变动率，分值 5）的自评得分",
			"score_sheet.items：错误：缺少指标 \"satisfaction\"（社会公众或服务对象满意度，分值 5）的自评得分",
			"score_sheet.items[1].id：错误：表式 yueyanglou-2020 的评分表没有指标 \"three_public\"（是否应为 three_public_change、three_public_control？）",
		}},
		{"required", func(r *jixiao.Report) {
			r.Cover.Unit, r.Overview.Actual, r.Evaluation.Filler = " ", jixiao.Number{}, ""
			r.Overview.Tasks = append(r.Overview.Tasks, "")
		}, []string{
			"cover.unit：错误：不能为空",
			"evaluation.filler：错误：不能为空",
			"overview.actual_staff：错误：不能为空",
			"overview.tasks[4]：错误：不能为空",
		}},
		{"impossible values", func(r *jixiao.Report) {
			r.Cover.Year = 1999
			r.Basis.Satisfaction = jixiao.MustNum("120")
			r.Cover.Date = jixiao.Date{Year: 1999, Month: 6, Day: 1}
		}, []string{
			"basis.satisfaction：错误：满意度应在 0% 到 100% 之间，实际为 120%",
			"cover.report_date：警告：报告日期 1999年6月1日 不在 1999 年度结束之后",
			"cover.year：错误：应为 2000 到 2100 之间的年份，实际为 1999",
		}},
		{"zero denominator is reported", func(r *jixiao.Report) { r.Overview.Authorized = jixiao.MustNum("0") }, []string{
			"score_sheet.items[0].score：警告：财政供养人员控制率：人员编制为 0，比率无法计算，无法按规则计分（实有人数 4，人员编制 0），保留自评 5 分"}},
		{"three-level sections only", func(r *jixiao.Report) {
			r.Narrative[0].Sections = []jixiao.Section{{Title: "a", Sections: []jixiao.Section{{Title: "b", Sections: []jixiao.Section{{Title: "c", Sections: []jixiao.Section{{Title: "d"}}}}}}}}
		}, []string{"narrative[0].sections[0].sections[0].sections：错误：标题最多三级（一、 （一） 1.）"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := synth.Report(3, 1)
			for i := range r.ScoreSheet.Items {
				r.ScoreSheet.Items[i].Score, r.ScoreSheet.Items[i].Reason = jixiao.Num(itemPoints(t, r.ScoreSheet.Items[i].ID).Value), ""
			}
			r.ScoreSheet.Total, r.Performance.TotalScore, r.Performance.Grade = jixiao.MustNum("100"), jixiao.MustNum("100"), "优"
			r.Overview.Actual, r.Overview.Authorized = jixiao.MustNum("4"), jixiao.MustNum("5")
			unit := jixiao.Org{Name: "局机关"}
			unit.Income.PublicFinance, unit.Spending.Personnel, unit.Spending.Project = jixiao.MustNum("10"), jixiao.MustNum("8"), jixiao.MustNum("2")
			unit.ThreePublic.Total, unit.Assets.Total, unit.Assets.InUse = jixiao.MustNum("0"), jixiao.MustNum("5"), jixiao.MustNum("5")
			r.Finance = jixiao.Finance{Units: []jixiao.Org{unit}}
			tt.edit(r)
			p, _ := templates.Profile("")
			problems := check.Report(p, r, nil).Problems
			jixiao.SortProblems(problems)
			var got []string
			for _, pr := range problems {
				got = append(got, pr.Path+"："+pr.Severity.String()+"："+pr.Message)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func itemPoints(t *testing.T, id string) jixiao.Number {
	p, _ := templates.Profile("")
	for _, ref := range p.Items() {
		if ref.Item.ID == id {
			return ref.Item.Points
		}
	}
	t.Fatalf("no item %s", id)
	return jixiao.Number{}
}

// Headed texts: only the first section may lack a title (paragraphs before
// the first heading); an untitled section later, or a sub-heading without a
// heading above it, is an error naming it.
func TestSectionTitles(t *testing.T) {
	p, _ := templates.Profile("")
	for _, tt := range []struct {
		name string
		ss   []jixiao.Section
		want []string
	}{
		{"an introduction before the first heading", []jixiao.Section{{Paragraphs: []string{"前言"}}, {Title: "概况"}}, nil},
		{"paragraphs without a title later", []jixiao.Section{{Title: "概况"}, {Paragraphs: []string{"正文"}}}, []string{
			"narrative[1].title：这几段文字没有标题：请写上标题（编号自动生成，只写标题文字），或把它们并入上一节"}},
		{"a sub-heading before any heading", []jixiao.Section{{Sections: []jixiao.Section{{Title: "基本支出"}}}}, []string{
			"narrative[0].title：二级标题之前没有一级标题：请先写上一级的标题"}},
		{"an empty section", []jixiao.Section{{Title: "概况"}, {}}, []string{"narrative[1]：这一节既无标题也无内容"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := synth.Report(3, 1)
			r.Narrative = tt.ss
			var got []string
			for _, pr := range check.Report(p, r, nil).Problems {
				if strings.HasPrefix(pr.Path, "narrative") {
					got = append(got, pr.Path+"："+pr.Message)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

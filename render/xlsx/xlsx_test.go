package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/check"
	"jixiao/form"
	"jixiao/internal/ooxml"
	"jixiao/scoring"
)

// rich is a synthetic report that fills every field the grid has, with
// values that test the edges: formula-like texts, several lines, a negative
// 累计结余, the largest amount, zeros, dates, three heading levels, a section
// without a title, checklists.
func rich(t testing.TB, p *jixiao.Profile) *jixiao.Report {
	t.Helper()
	r := synthetic(p, 99, 3)
	r.Cover.Method, r.Cover.Evaluator = "第三方评价", "某会计师事务所"
	r.Overview.Duties = "=SUM(A1:A9)\n+1 第二行\n-2 第三行\n@第四行"
	r.Overview.Tasks = append(r.Overview.Tasks, "+86 热线", "-")
	r.Finance.Units[0].Spending.SurplusTotal = jixiao.MustNum("-12.34")
	r.Finance.Units[0].Assets = jixiao.Assets{Total: jixiao.MustNum("999999999999.99"), InUse: jixiao.MustNum("999999999999.99")}
	r.Finance.Units = append(r.Finance.Units, jixiao.Org{Name: "只填合计的机构", Income: jixiao.Income{Total: jixiao.MustNum("0")}})
	r.Performance.Quantitative[0].Note = ""
	r.Performance.Quantitative[1].Indicators[0].Targets = append(r.Performance.Quantitative[1].Indicators[0].Targets,
		jixiao.Target{Goal: "只有目标"})
	r.Evaluation.LeaderDate = jixiao.Date{Year: 2021, Month: 6, Day: 1}
	r.Evaluation.UnitOpinion = "同意。\n情况属实。"
	r.Evaluation.UnitDate = jixiao.Date{Year: 2021, Month: 6, Day: 2}
	r.Evaluation.FinanceOpinion = "审核通过"
	r.Evaluation.FinanceDate = jixiao.Date{Year: 2021, Month: 12, Day: 31}
	r.Narrative = append([]jixiao.Section{{Paragraphs: []string{"没有标题的一节。"}}}, r.Narrative...)
	r.Narrative = append(r.Narrative, jixiao.Section{Title: "三级标题", Sections: []jixiao.Section{{
		Title: "第二级", Sections: []jixiao.Section{{Title: "第三级", Paragraphs: []string{"第三级的段落。"}}, {Title: "无段落的第三级"}},
	}}})
	r.Overview.Operation = append(r.Overview.Operation, jixiao.Section{Title: "", Paragraphs: []string{"无标题"}})
	r.ScoreSheet.Items[0].Reason = "=1+1"
	b := &r.Basis
	for i, f := range basisFields {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		n := jixiao.Num(decimal.NewFromInt(int64(10 + i)))
		v, _, _ := resolve(reflect.ValueOf(r).Elem(), "basis."+name, false)
		v.Set(reflect.ValueOf(n))
	}
	b.Satisfaction = jixiao.MustNum("92.5")
	for _, ref := range p.Items() {
		switch r := ref.Item.Rule; {
		case r.Kind == jixiao.RuleChecklist && len(b.Checklists)%2 == 0:
			b.Checklists = append(b.Checklists, jixiao.Checklist{ID: ref.Item.ID, Met: []int{1, 3}})
		case r.Kind == jixiao.RuleChecklist:
			b.Checklists = append(b.Checklists, jixiao.Checklist{ID: ref.Item.ID})
		case r.Kind == jixiao.RulePerCount && r.Count == "violations":
			b.Checklists = append(b.Checklists, jixiao.Checklist{ID: ref.Item.ID, Violations: jixiao.MustNum("2")})
		}
	}
	return r
}

// The same input gives the same bytes.
func TestDeterministic(t *testing.T) {
	p, r := example(t)
	if a, b := writeReport(t, p, r), writeReport(t, p, r); !bytes.Equal(a, b) {
		t.Error("two report workbooks of the same report differ")
	}
	if a, b := writeTemplate(t, p, TemplateOptions{}), writeTemplate(t, p, TemplateOptions{}); !bytes.Equal(a, b) {
		t.Error("two templates differ")
	}
}

// Report → workbook → report gives back the report as the workbook shows it.
func TestRoundTrip(t *testing.T) {
	def, city := profile(t, "yueyanglou-2020"), profile(t, "yueyang-city-2020")
	_, ex := example(t)
	cases := []struct {
		name string
		p    *jixiao.Profile
		r    *jixiao.Report
	}{
		{"example", def, ex},
		{"corrected", def, corrected(t)},
		{"example in the city's form", city, ex},
		{"rich", def, rich(t, def)},
		{"rich city", city, rich(t, city)},
		{"empty", def, &jixiao.Report{}},
	}
	for seed := range uint64(24) {
		p := def
		if seed%3 == 2 {
			p = city
		}
		cases = append(cases, struct {
			name string
			p    *jixiao.Profile
			r    *jixiao.Report
		}{fmt.Sprintf("synthetic %d", seed), p, synthetic(p, seed, 1+int(seed%9))})
	}
	for _, c := range cases {
		got, src, warnings, err := Read(c.name+".xlsx", writeReport(t, c.p, c.r))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(warnings) > 0 {
			t.Errorf("%s: warnings %v", c.name, warnings)
		}
		sameReport(t, c.name, got, imported(t, c.p, c.r))
		if len(src.Places) == 0 {
			t.Errorf("%s: no places", c.name)
		}
	}
}

// A consistent report derives and scores the same after the round trip, and
// checks without errors.
func TestRoundTripConsistent(t *testing.T) {
	for _, id := range []string{"yueyanglou-2020", "yueyang-city-2020"} {
		p := profile(t, id)
		for seed := range uint64(10) {
			r := synthetic(p, seed, 1+int(seed%6))
			back, src, _, err := Read("s.xlsx", writeReport(t, p, r))
			if err != nil {
				t.Fatal(err)
			}
			f1, _ := jixiao.DeriveFinance(r.Finance, nil)
			f2, _ := jixiao.DeriveFinance(back.Finance, nil)
			if a, b := encodeAny(t, f1), encodeAny(t, f2); a != b {
				t.Errorf("%s %d: the tables derive differently:\n%s", id, seed, diff(a, b))
			}
			s1, s2 := scoring.Score(p, r), scoring.Score(p, back)
			if !s1.Self.Equal(s2.Self) || s1.Grade != s2.Grade || !s1.Suggested.Equal(s2.Suggested) {
				t.Errorf("%s %d: scores %s %s, read back %s %s", id, seed, s1.Self, s1.Grade, s2.Self, s2.Grade)
			}
			problems := check.Report(p, back, nil).Problems
			src.Locate(problems)
			for _, pr := range problems {
				if pr.Severity == jixiao.Error {
					t.Errorf("%s %d: %s", id, seed, pr.Format("s.xlsx"))
				}
			}
		}
	}
}

func encodeAny(t testing.TB, v any) string {
	var b bytes.Buffer
	if err := jixiao.EncodeJSON(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The Source points each value at its cell, so that check's problems name
// cells.
func TestPlaces(t *testing.T) {
	p, r := example(t)
	_, src, _, err := Read("填报表.xlsx", writeReport(t, p, r))
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{
		"cover.unit":                              "封面!C6",
		"overview.actual_staff":                   "基本概况!D3",
		"overview.tasks[3]":                       "基本概况!C8",
		"overview.operation[1].paragraphs[0]":     "基本概况!C12",
		"finance.units":                           "收支情况!B7",
		"finance.units[1].income.total":           "收支情况!C8",
		"finance.units[1].spending.total":         "收支情况!C17",
		"finance.units[1].assets.in_use":          "收支情况!D33",
		"performance.quantitative[0].note":        "绩效自评!B8",
		"performance.quantitative[1].indicators":  "绩效自评!C14",
		"performance.grade":                       "绩效自评!C19",
		"evaluation.evaluators[2].org":            "评价人员!C5",
		"narrative[3].paragraphs[1]":              "评价报告综述!B14",
		"score_sheet.items[22].score":             "评分表!F28",
		"basis.satisfaction":                      "基础数据!B13",
		"performance.qualitative.goals[0]":        "绩效自评!C3",
		"finance.units[1].three_public.reception": "收支情况!D25",
	} {
		if got := src.Place(path).String(); got != want {
			t.Errorf("%s is at %s, want %s", path, got, want)
		}
	}
	// A check problem, located by the Source, names the cell.
	problems := check.Report(p, mustRead(t, "填报表.xlsx", writeReport(t, p, r), src), nil).Problems
	src.Locate(problems)
	var lines []string
	for _, pr := range problems {
		lines = append(lines, pr.Format("填报表.xlsx"))
	}
	want := "填报表.xlsx: 评分表!F4（自评得分，分）：警告：财政供养人员控制率：按评分标准应得 0 分（实有人数 10 ÷ 人员编制 6 = 166.67%），自评 3 分"
	if !strings.Contains(strings.Join(lines, "\n"), want) {
		t.Errorf("check's problems do not include\n%s\ngot:\n%s", want, strings.Join(lines, "\n"))
	}
}

func mustRead(t testing.TB, name string, data []byte, _ *jixiao.Source) *jixiao.Report {
	t.Helper()
	r, _, _, err := Read(name, data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// A blank template reads as the form's prefilled names and nothing else; check
// then points at the empty cells the form requires.
func TestReadBlankTemplate(t *testing.T) {
	p := profile(t, "")
	r, src, warnings, err := Read("模板.xlsx", writeTemplate(t, p, TemplateOptions{Year: 2021, Unit: "某单位"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings: %v", warnings)
	}
	if r.Cover.Year != 2021 || r.Cover.Unit != "某单位" || r.Cover.Method != "部门（单位）绩效自评" {
		t.Errorf("cover %+v", r.Cover)
	}
	if len(r.Finance.Units) != 1 || r.Finance.Units[0].Name != "局机关" {
		t.Errorf("units %+v", r.Finance.Units)
	}
	if g := r.Performance.Quantitative; len(g) != 2 || g[0].Name != "产出目标" || !strings.HasPrefix(g[0].Note, "部门工作实绩") ||
		len(g[1].Indicators) != 4 || g[1].Indicators[3].Name != "社会公众或服务对象满意度" || len(g[1].Indicators[3].Targets) != 0 {
		t.Errorf("targets %+v", g)
	}
	if len(r.Narrative) != 6 || r.Narrative[0].Title != "部门（单位）概况" || len(r.Narrative[0].Sections) != 2 {
		t.Errorf("narrative %+v", r.Narrative)
	}
	problems := check.Report(p, r, nil).Problems
	src.Locate(problems)
	found := map[string]bool{}
	for _, pr := range problems {
		found[pr.Format("模板.xlsx")] = true
	}
	for _, want := range []string{
		"模板.xlsx: 基本概况!B2（联系人）：错误：不能为空",
		"模板.xlsx: 基本概况!C5（年度主要工作内容）：错误：不能为空",
		"模板.xlsx: 绩效自评!D14（绩效目标）：错误：不能为空（没有目标时填一行 无）",
		"模板.xlsx: 评分表!F5（自评得分，分）：错误：“三公经费”变动率：自评得分不能为空",
	} {
		if !found[want] {
			t.Errorf("check does not say %s", want)
		}
	}
}

// The template's spare rows follow the options, and options too large for
// the reader are refused.
func TestTemplateOptions(t *testing.T) {
	p := profile(t, "")
	data := writeTemplate(t, p, TemplateOptions{Units: 3, Tasks: 2, Operation: 4, Goals: 5, Targets: 1, Evaluators: 2, Paragraphs: 1,
		Groups: []jixiao.TargetGroup{{Name: "产出目标", Indicators: []jixiao.TargetIndicator{{Name: "数量指标"}}}}})
	z, err := ooxml.Open(data, limits)
	must(t, err)
	pk, err := openPkg(z)
	must(t, err)
	var ms pkgSheet
	for _, s := range pk.sheets {
		if s.name == metaSheet {
			ms = s
		}
	}
	cells, err := pk.cells(ms)
	if err != nil {
		t.Fatal(err)
	}
	m, err := parseMeta(cells.rows(), decodeProfile)
	if err != nil {
		t.Fatal(err)
	}
	want := shape{Units: 3, Tasks: 2, Operation: 4, Goals: 5, Targets: [][]int{{1}}, Evaluators: 2, Narrative: 18}
	if fmt.Sprint(m.Shape) != fmt.Sprint(want) {
		t.Errorf("shape %+v, want %+v", m.Shape, want)
	}
	if err := Template(&bytes.Buffer{}, p, TemplateOptions{Units: maxRows + 1}); err == nil {
		t.Error("a template of too many rows was written")
	}
	if got := writeTemplate(t, p, TemplateOptions{Units: 1}); len(got) == 0 {
		t.Error("no template")
	}
}

// Write refuses what a workbook cannot hold, and says so.
func TestWriteRefuses(t *testing.T) {
	p := profile(t, "")
	r := synthetic(p, 1, 1)
	r.Narrative[0].Paragraphs = []string{strings.Repeat("长", 32768)}
	err := Write(&bytes.Buffer{}, form.Print(p, r, nil, 0))
	var te *TextError
	if !errors.As(err, &te) || te.Path != "narrative[0].paragraphs[0]" || te.Len != 32768 ||
		err.Error() != "无法写入 段落：文字长 32768 个字符，超过 Excel 单元格的上限 32767" {
		t.Errorf("a text too long for a cell: %v", err) // the label, never the JSON path: people read it
	}
	r = synthetic(p, 1, 1)
	r.Narrative[0].Sections = []jixiao.Section{{Title: "二", Sections: []jixiao.Section{{Title: "三", Sections: []jixiao.Section{{Title: "四"}}}}}}
	want := "无法写入 Excel 报告：五、评价报告综述（文字部分）：标题 一、（一）1. 之下还有一级标题：标题最多 3 级（一、 （一） 1.）" // words, never the JSON path
	if err := Write(&bytes.Buffer{}, form.Print(p, r, nil, 0)); err == nil || err.Error() != want {
		t.Errorf("headings four levels deep: %v", err)
	}
}

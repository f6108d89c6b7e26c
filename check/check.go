// Package check validates a report against its form profile: required fields,
// impossible values, every sum of the four 收支 tables, the stated score totals
// and grade, and each self score against its range and its rule. It is the one
// place where validation lives; it returns every problem, not the first.
package check

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/scoring"
)

// Report checks r by p. It returns the scores and every problem found, each
// with its JSON path and label; the caller locates them in the input (Source)
// and sorts them.
func Report(p *jixiao.Profile, r *jixiao.Report) (*scoring.Result, []jixiao.Problem) {
	c := &checker{p: p, r: r}
	res := scoring.Score(p, r)
	c.cover()
	c.overview()
	c.finance()
	c.performance(res)
	c.evaluation()
	c.sections("narrative", r.Narrative, 1)
	if len(r.Narrative) == 0 {
		c.required("narrative")
	}
	c.scoreSheet(res)
	c.basis()
	c.textLengths(reflect.ValueOf(r).Elem(), "")
	return res, c.problems
}

// MaxText is the longest text a field may hold: the limit of an Excel cell, so
// that the Word and Excel forms always agree.
const MaxText = 32767

// textLengths reports every text longer than MaxText characters.
func (c *checker) textLengths(v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "" || name == "-" {
				continue
			}
			sub := name
			if path != "" {
				sub = path + "." + name
			}
			c.textLengths(v.Field(i), sub)
		}
	case reflect.Slice:
		for i := range v.Len() {
			c.textLengths(v.Index(i), path+"["+strconv.Itoa(i)+"]")
		}
	case reflect.String:
		if n := utf8.RuneCountInString(v.String()); n > MaxText {
			c.add(jixiao.Error, jixiao.CodeRange, path,
				fmt.Sprintf("文字长 %d 个字符，超过 Excel 单元格的上限 %d；请分成几段", n, MaxText))
		}
	}
}

type checker struct {
	p        *jixiao.Profile
	r        *jixiao.Report
	problems []jixiao.Problem
}

func (c *checker) add(sev jixiao.Severity, code, path, msg string) {
	c.problems = append(c.problems, jixiao.Problem{Severity: sev, Code: code, Path: path, Label: jixiao.Label(path), Message: msg})
}

func (c *checker) required(path string) {
	c.add(jixiao.Error, jixiao.CodeRequired, path, "不能为空")
}

func (c *checker) text(path, s string) {
	if strings.TrimSpace(s) == "" {
		c.required(path)
	}
}

func (c *checker) texts(path string, list []string) {
	if len(list) == 0 {
		c.required(path)
	}
	for i, s := range list {
		c.text(path+"["+strconv.Itoa(i)+"]", s)
	}
}

func (c *checker) cover() {
	cv := &c.r.Cover
	if cv.Year == 0 {
		c.required("cover.year")
	} else if cv.Year < 2000 || cv.Year > 2100 {
		c.add(jixiao.Error, jixiao.CodeRange, "cover.year", fmt.Sprintf("应为 2000 到 2100 之间的年份，实际为 %d", cv.Year))
	}
	c.text("cover.unit", cv.Unit)
	c.text("cover.budget_code", cv.BudgetCode)
	if cv.Date.IsZero() {
		c.required("cover.report_date")
	} else if cv.Year != 0 && cv.Date.Year <= cv.Year {
		c.add(jixiao.Warning, jixiao.CodeRange, "cover.report_date",
			fmt.Sprintf("报告日期 %s 不在 %d 年度结束之后", cv.Date, cv.Year))
	}
}

func (c *checker) overview() {
	o := &c.r.Overview
	c.text("overview.contact", o.Contact)
	c.text("overview.phone", o.Phone)
	c.text("overview.duties", o.Duties)
	c.texts("overview.tasks", o.Tasks)
	for path, n := range map[string]jixiao.Number{"overview.authorized_staff": o.Authorized, "overview.actual_staff": o.Actual} {
		switch {
		case !n.Valid:
			c.required(path)
		case n.Value.IsNegative():
			c.add(jixiao.Error, jixiao.CodeRange, path, "人数不能为负数，实际为 "+n.Value.String())
		}
	}
	c.sections("overview.operation", o.Operation, 1)
	if len(o.Operation) == 0 {
		c.required("overview.operation")
	}
}

// sections checks headed texts; the renderer numbers three levels.
func (c *checker) sections(path string, ss []jixiao.Section, level int) {
	for i, s := range ss {
		sp := path + "[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(s.Title) == "" && len(s.Paragraphs) == 0 && len(s.Sections) == 0 {
			c.add(jixiao.Error, jixiao.CodeRequired, sp, "这一节既无标题也无内容")
		}
		if len(s.Sections) > 0 && level == 3 {
			c.add(jixiao.Error, jixiao.CodeRange, sp+".sections", "标题最多三级（一、 （一） 1.）")
			continue
		}
		c.sections(sp+".sections", s.Sections, level+1)
	}
}

func (c *checker) finance() {
	f := &c.r.Finance
	if len(f.Units) == 0 {
		c.add(jixiao.Error, jixiao.CodeRequired, "finance.units", "至少需要一个机构行（如 局机关）")
	}
	names := map[string]int{}
	for i, u := range f.Units {
		path := "finance.units[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(u.Name) == "" {
			c.required(path + ".name")
		} else if j, dup := names[u.Name]; dup {
			c.add(jixiao.Warning, jixiao.CodeDuplicate, path+".name",
				fmt.Sprintf("机构名称 %q 与第 %d 行相同", u.Name, j+1))
		} else {
			names[u.Name] = i
		}
	}
	_, how := jixiao.DeriveFinance(*f)
	row := func(prefix string, stated *jixiao.Org) {
		for _, col := range jixiao.OrgFields {
			path := prefix + "." + col.Path
			n := *col.Get(stated)
			if !n.Valid {
				continue
			}
			if !col.Signed && n.Value.IsNegative() {
				c.add(jixiao.Error, jixiao.CodeRange, path, "金额不能为负数，实际为 "+jixiao.Money(n.Value))
			}
			if d, ok := how[path]; ok && !d.Value.Value.Equal(n.Value) {
				c.add(jixiao.Error, jixiao.CodeSum, path, fmt.Sprintf("应为 %s（%s），实际为 %s",
					jixiao.Money(d.Value.Value), d.Formula, jixiao.Money(n.Value)))
			}
		}
	}
	for i := range f.Units {
		row("finance.units["+strconv.Itoa(i)+"]", &f.Units[i])
	}
	row("finance.summary", &f.Summary)
}

func (c *checker) performance(res *scoring.Result) {
	pf := &c.r.Performance
	c.texts("performance.qualitative.goals", pf.Qualitative.Goals)
	c.text("performance.qualitative.achieved", pf.Qualitative.Achieved)
	if len(pf.Quantitative) == 0 {
		c.required("performance.quantitative")
	}
	for i, g := range pf.Quantitative {
		gp := "performance.quantitative[" + strconv.Itoa(i) + "]"
		c.text(gp+".name", g.Name)
		if len(g.Indicators) == 0 {
			c.required(gp + ".indicators")
		}
		for j, ind := range g.Indicators {
			ip := gp + ".indicators[" + strconv.Itoa(j) + "]"
			c.text(ip+".name", ind.Name)
			if len(ind.Targets) == 0 {
				c.add(jixiao.Error, jixiao.CodeRequired, ip+".targets", "不能为空（没有目标时填一行 无）")
			}
			for k, t := range ind.Targets {
				c.text(ip+".targets["+strconv.Itoa(k)+"].goal", t.Goal)
			}
		}
	}
	if pf.TotalScore.Valid && !pf.TotalScore.Value.Equal(res.Self) {
		c.add(jixiao.Error, jixiao.CodeScoreTotal, "performance.total_score",
			fmt.Sprintf("应为 %s（评分表各项自评得分之和），实际为 %s", res.Self, pf.TotalScore.Value))
	}
	if pf.Grade != "" && pf.Grade != res.Grade {
		c.add(jixiao.Error, jixiao.CodeGrade, "performance.grade",
			fmt.Sprintf("应为 %q（综合得分 %s，%s），实际为 %q", res.Grade, res.Self, c.gradeRule(), pf.Grade))
	}
}

// gradeRule describes the grade bounds: 优 ≥ 90，良 ≥ 80 ….
func (c *checker) gradeRule() string {
	var parts []string
	for _, g := range c.p.Grades {
		parts = append(parts, g.Name+" ≥ "+g.Min.Value.String())
	}
	return strings.Join(parts, "，")
}

func (c *checker) evaluation() {
	e := &c.r.Evaluation
	if len(e.Evaluators) == 0 {
		c.required("evaluation.evaluators")
	}
	for i, ev := range e.Evaluators {
		c.text("evaluation.evaluators["+strconv.Itoa(i)+"].name", ev.Name)
	}
	c.text("evaluation.filler", e.Filler)
	c.text("evaluation.filler_phone", e.FillerPhone)
}

func (c *checker) scoreSheet(res *scoring.Result) {
	items := map[string]*jixiao.Item{}
	for _, ref := range c.p.Items() {
		items[ref.Item.ID] = ref.Item
	}
	seen := map[string]int{}
	for i, s := range c.r.ScoreSheet.Items {
		path := "score_sheet.items[" + strconv.Itoa(i) + "]"
		if _, ok := items[s.ID]; !ok {
			c.add(jixiao.Error, jixiao.CodeUnknownField, path+".id",
				fmt.Sprintf("表式 %s 的评分表没有指标 %q%s", c.p.ID, s.ID, suggestID(c.p, s.ID)))
			continue
		}
		if j, dup := seen[s.ID]; dup {
			c.add(jixiao.Error, jixiao.CodeDuplicate, path+".id", fmt.Sprintf("指标 %q 已在第 %d 项填过", s.ID, j+1))
		}
		seen[s.ID] = i
	}
	for _, it := range res.Items {
		name := it.Item.Title()
		if it.Index < 0 {
			c.add(jixiao.Error, jixiao.CodeRequired, "score_sheet.items",
				fmt.Sprintf("缺少指标 %q（%s，分值 %s）的自评得分", it.Item.ID, name, it.Item.Points.Value))
			continue
		}
		path := "score_sheet.items[" + strconv.Itoa(it.Index) + "]"
		switch {
		case !it.Self.Valid:
			c.add(jixiao.Error, jixiao.CodeRequired, path+".score", name+"：自评得分不能为空")
			continue
		case it.Self.Value.IsNegative() || it.Self.Value.GreaterThan(it.Item.Points.Value):
			c.add(jixiao.Error, jixiao.CodeRange, path+".score",
				fmt.Sprintf("%s：自评得分应在 0 到分值 %s 之间，实际为 %s", name, it.Item.Points.Value, it.Self.Value))
			continue
		}
		if it.Self.Value.LessThan(it.Item.Points.Value) && strings.TrimSpace(it.Reason) == "" {
			c.add(jixiao.Warning, jixiao.CodeRequired, path+".reason",
				fmt.Sprintf("%s：扣了 %s 分，但没有填写扣分原因", name, it.Item.Points.Value.Sub(it.Self.Value)))
		}
		switch {
		case it.Rule.Valid && !it.Rule.Value.Equal(it.Self.Value):
			c.add(jixiao.Warning, jixiao.CodeRule, path+".score",
				fmt.Sprintf("%s：按评分标准应得 %s 分（%s），自评 %s 分", name, it.Rule.Value, it.Basis, it.Self.Value))
		case it.Unscorable != "" && !it.Missing:
			msg := name + "：" + it.Unscorable
			if it.Basis != "" {
				msg += "（" + it.Basis + "）"
			}
			c.add(jixiao.Warning, jixiao.CodeUnscorable, path+".score", msg+"，保留自评 "+it.Self.Value.String()+" 分")
		}
	}
	if t := c.r.ScoreSheet.Total; t.Valid && !t.Value.Equal(res.Self) {
		c.add(jixiao.Error, jixiao.CodeScoreTotal, "score_sheet.total",
			fmt.Sprintf("应为 %s（各项自评得分之和），实际为 %s", res.Self, t.Value))
	}
}

func suggestID(p *jixiao.Profile, id string) string {
	var ids []string
	for _, ref := range p.Items() {
		if strings.Contains(ref.Item.ID, id) || strings.Contains(id, ref.Item.ID) {
			ids = append(ids, ref.Item.ID)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return "（是否应为 " + strings.Join(ids, "、") + "？）"
}

func (c *checker) basis() {
	b := &c.r.Basis
	money := map[string]jixiao.Number{
		"basis.three_public_last_year": b.ThreePublicLastYear, "basis.three_public_budget": b.ThreePublicBudget,
		"basis.budget": b.Budget, "basis.budget_adjustment": b.BudgetAdjustment,
		"basis.key_project_spending": b.KeyProjectSpending, "basis.late_projects": b.LateProjects,
		"basis.procurement_budget": b.ProcurementBudget, "basis.procurement_actual": b.ProcurementActual,
		"basis.card_paid": b.CardPaid, "basis.card_due": b.CardDue, "basis.satisfaction": b.Satisfaction,
	}
	for path, n := range money {
		if n.Valid && n.Value.IsNegative() {
			c.add(jixiao.Error, jixiao.CodeRange, path, "不能为负数，实际为 "+n.Value.String())
		}
	}
	if s := b.Satisfaction; s.Valid && s.Value.GreaterThan(decimal.NewFromInt(100)) {
		c.add(jixiao.Error, jixiao.CodeRange, "basis.satisfaction", "满意度应在 0% 到 100% 之间，实际为 "+s.Value.String()+"%")
	}
	items := map[string]*jixiao.Item{}
	for _, ref := range c.p.Items() {
		items[ref.Item.ID] = ref.Item
	}
	seen := map[string]bool{}
	for i, cl := range b.Checklists {
		path := "basis.checklists[" + strconv.Itoa(i) + "]"
		it, ok := items[cl.ID]
		switch {
		case !ok:
			c.add(jixiao.Error, jixiao.CodeUnknownField, path+".id", fmt.Sprintf("表式 %s 的评分表没有指标 %q", c.p.ID, cl.ID))
			continue
		case it.Rule.Kind != jixiao.RuleChecklist && !(it.Rule.Kind == jixiao.RulePerCount && it.Rule.Count == "violations"):
			c.add(jixiao.Error, jixiao.CodeRange, path+".id", fmt.Sprintf("指标 %q（%s）不是清单类指标", cl.ID, it.Title()))
			continue
		case seen[cl.ID]:
			c.add(jixiao.Error, jixiao.CodeDuplicate, path+".id", fmt.Sprintf("指标 %q 填了两次", cl.ID))
		}
		seen[cl.ID] = true
		if it.Rule.Kind == jixiao.RuleChecklist {
			for j, n := range cl.Met {
				if n < 1 || n > len(it.Rule.Points) {
					c.add(jixiao.Error, jixiao.CodeRange, path+".met["+strconv.Itoa(j)+"]",
						fmt.Sprintf("%s 只有 %d 个要点，实际为 %d", it.Title(), len(it.Rule.Points), n))
				}
			}
		} else if cl.Violations.Valid && cl.Violations.Value.IsNegative() {
			c.add(jixiao.Error, jixiao.CodeRange, path+".violations", "不能为负数")
		}
	}
}

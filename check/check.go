// Package check validates a report against its form profile: required fields,
// impossible values, every sum of the four 收支 tables, the stated score totals
// and grade, and each self score against its range and its rule. It is the one
// place where validation lives; it returns every problem, not the first.
package check

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/scoring"
)

// Result is what checking a report found.
type Result struct {
	Score *scoring.Result
	// Problems are the problems found while reading (read) and by the checks,
	// each with its JSON path and label; the caller locates them in the input
	// (Source) and sorts them.
	Problems []jixiao.Problem
	// Unchecked names, in order, the checks that could not be made because a
	// value they need could not be read, or the score sheet is not complete:
	// 收入合计（2、二级机构1）, 总分和评价等次.
	Unchecked []string
}

// Report checks r by p. read are the problems found while reading r: a value
// that could not be read (an error of code type or format) is taken as not
// filled in, is not reported again as missing, and the checks that need it are
// not made but listed in Unchecked.
func Report(p *jixiao.Profile, r *jixiao.Report, read []jixiao.Problem) *Result {
	c := &checker{p: p, r: r, unreadable: map[string]bool{}}
	c.problems = append(c.problems, read...)
	for _, pr := range read {
		if pr.Severity == jixiao.Error && (pr.Code == jixiao.CodeType || pr.Code == jixiao.CodeFormat) && pr.Path != "" {
			c.unreadable[pr.Path] = true
		}
	}
	derived, how := jixiao.DeriveFinance(r.Finance, c.unreadable)
	c.how = how
	res := scoring.ScoreTables(p, r, derived)
	c.score = res
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
	return &Result{Score: res, Problems: c.problems, Unchecked: c.unchecked}
}

// MaxText is the longest text a field may hold (jixiao.MaxText).
const MaxText = jixiao.MaxText

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
	p          *jixiao.Profile
	r          *jixiao.Report
	problems   []jixiao.Problem
	unreadable map[string]bool // paths of values that could not be read
	unchecked  []string
	how        map[string]jixiao.Derivation // how each derived amount of the tables was derived
	unknown    map[string]bool              // amounts of the tables that cannot be known (jixiao.Uncertain)
	score      *scoring.Result
}

func (c *checker) skipped(what string) {
	if !slices.Contains(c.unchecked, what) {
		c.unchecked = append(c.unchecked, what)
	}
}

func (c *checker) add(sev jixiao.Severity, code, path, msg string) {
	c.problems = append(c.problems, jixiao.Problem{Severity: sev, Code: code, Path: path, Label: jixiao.Label(path), Message: msg})
}

func (c *checker) required(path string) {
	if !c.unreadable[path] {
		c.add(jixiao.Error, jixiao.CodeRequired, path, "不能为空")
	}
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

// sections checks headed texts; the renderer numbers three levels. Only the
// first section may lack a title, and only when it is paragraphs alone (an
// introduction before the first heading): any other untitled section would
// print as a bare number, and a sub-heading before any heading has no parent.
func (c *checker) sections(path string, ss []jixiao.Section, level int) {
	for i, s := range ss {
		sp := path + "[" + strconv.Itoa(i) + "]"
		untitled := strings.TrimSpace(s.Title) == ""
		switch {
		case untitled && len(s.Paragraphs) == 0 && len(s.Sections) == 0:
			c.add(jixiao.Error, jixiao.CodeRequired, sp, "这一节既无标题也无内容")
		case untitled && len(s.Sections) > 0:
			c.add(jixiao.Error, jixiao.CodeRequired, sp+".title",
				fmt.Sprintf("%s之前没有%s：请先写上一级的标题", levelName(level+1), levelName(level)))
		case untitled && (i > 0 || level > 1):
			c.add(jixiao.Error, jixiao.CodeRequired, sp+".title",
				"这几段文字没有标题：请写上标题（编号自动生成，只写标题文字），或把它们并入上一节")
		}
		if len(s.Sections) > 0 && level == 3 {
			c.add(jixiao.Error, jixiao.CodeRange, sp+".sections", "标题最多三级（一、 （一） 1.）")
			continue
		}
		c.sections(sp+".sections", s.Sections, level+1)
	}
}

// levelName names a heading level as the workbook offers it: 一级标题 ….
func levelName(level int) string {
	return [...]string{"", "一级标题", "二级标题", "三级标题", "四级标题"}[min(level, 4)]
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
				fmt.Sprintf("机构名称 %s 与第 %d 行相同", jixiao.Quote(u.Name), j+1))
		} else {
			names[u.Name] = i
		}
	}
	how := c.how
	// A stated total is not compared when a part it is made of cannot be
	// known (a value that could not be read, or a total made of one).
	known := jixiao.Uncertain(*f, c.unreadable)
	c.unknown = known
	uncertain := map[string]bool{}
	rowUncertain := func(prefix string) {
		for _, rule := range jixiao.SumRules {
			if jixiao.DependsOn(prefix, rule, known) {
				uncertain[prefix+"."+rule.Total] = true
			}
		}
	}
	for i := range f.Units {
		rowUncertain("finance.units[" + strconv.Itoa(i) + "]")
	}
	for _, col := range jixiao.OrgFields {
		for i := range f.Units {
			if known["finance.units["+strconv.Itoa(i)+"]."+col.Path] {
				uncertain["finance.summary."+col.Path] = true
			}
		}
	}
	rowUncertain("finance.summary")
	row := func(prefix, name string, stated *jixiao.Org) {
		for _, col := range jixiao.OrgFields {
			path := prefix + "." + col.Path
			n := *col.Get(stated)
			if d, ok := how[path]; !n.Valid && ok && d.Part && !d.Value.Value.IsZero() && !uncertain[path] {
				c.add(jixiao.Warning, jixiao.CodeSum, path, fmt.Sprintf("没有填写，按差额推算为 %s（%s）；不是这样的，请填写本格并核对合计",
					jixiao.Money(d.Value.Value), d.Formula))
			}
			if !n.Valid {
				continue
			}
			if !col.Signed && n.Value.IsNegative() {
				c.add(jixiao.Error, jixiao.CodeRange, path, "金额不能为负数，实际为 "+jixiao.Money(n.Value))
			}
			d, ok := how[path]
			switch {
			case uncertain[path]:
				c.skipped(strings.TrimSuffix(jixiao.Label(path), "，万元") + "（" + jixiao.Short(name) + "）")
			case ok && !d.Value.Value.Equal(n.Value):
				c.add(jixiao.Error, jixiao.CodeSum, path, fmt.Sprintf("应为 %s（%s），实际为 %s",
					jixiao.Money(d.Value.Value), d.Formula, jixiao.Money(n.Value)))
			}
		}
	}
	for i := range f.Units {
		row("finance.units["+strconv.Itoa(i)+"]", jixiao.UnitLabel(i, f.Units[i].Name), &f.Units[i])
	}
	row("finance.summary", jixiao.SummaryName, &f.Summary)
	c.financeRequired(&c.score.Finance)
	c.yuan(f)
}

// financeRequired reports the tables the sum row leaves blank once everything
// derivable is derived: 收入合计 and 支出合计 are required; a blank 三公经费 or
// 固定资产 table is worth a warning (a unit without any fills in 0).
func (c *checker) financeRequired(derived *jixiao.Finance) {
	if len(c.r.Finance.Units) == 0 {
		return
	}
	for _, t := range []struct {
		col string
		sev jixiao.Severity
	}{{"income.total", jixiao.Error}, {"spending.total", jixiao.Error}, {"three_public.total", jixiao.Warning}, {"assets.total", jixiao.Warning}} {
		if jixiao.OrgFieldByPath(t.col).Get(&derived.Summary).Valid {
			continue
		}
		path := "finance.units[0]." + t.col
		if c.unknown["finance.summary."+t.col] {
			continue // blank because a value could not be read
		}
		label := strings.TrimSuffix(jixiao.Label(path), "，万元")
		msg := "各机构的“" + label + "”都没有填写（也无法由明细推算）；没有的请填 0"
		if t.sev == jixiao.Warning {
			msg = "“" + label + "”一栏全部为空：没有的请填 0，以免被当作漏填"
		}
		c.add(t.sev, jixiao.CodeRequired, path, msg)
	}
}

// Amounts are in 万元. One far too large for the unit's size was most likely
// typed in 元: above yuanLimit 万元 (100 亿元) or yuanPerPerson 万元 (2 亿元) a
// head.
var (
	yuanLimit     = decimal.NewFromInt(1_000_000)
	yuanPerPerson = decimal.NewFromInt(20_000)
	tenThousand   = decimal.NewFromInt(10_000)
)

// yuan warns, once per row, about an amount that looks typed in 元.
func (c *checker) yuan(f *jixiao.Finance) {
	staff := decimal.Max(c.r.Overview.Actual.Or(decimal.Zero), c.r.Overview.Authorized.Or(decimal.Zero))
	limit := yuanLimit
	if staff.IsPositive() {
		limit = decimal.Min(limit, yuanPerPerson.Mul(staff))
	}
	check := func(path string, n jixiao.Number) bool {
		if !n.Valid || n.Value.Abs().LessThanOrEqual(limit) {
			return false
		}
		size := ""
		if staff.IsPositive() {
			size = "对一个 " + staff.String() + " 人的单位"
		}
		c.add(jixiao.Warning, jixiao.CodeRange, path, fmt.Sprintf(
			"金额 %s 万元（%s 亿元）%s显得过大：是否按“元”填写了？表中金额以万元为单位（%s 元 = %s 万元），请核对",
			jixiao.Money(n.Value), jixiao.Money(n.Value.Div(tenThousand)), size,
			jixiao.Money(n.Value), jixiao.Money(n.Value.Div(tenThousand))))
		return true
	}
	rows := []*jixiao.Org{&f.Summary}
	prefixes := []string{"finance.summary"}
	for i := range f.Units {
		rows = append(rows, &f.Units[i])
		prefixes = append(prefixes, "finance.units["+strconv.Itoa(i)+"]")
	}
	for i, o := range rows {
		for _, col := range jixiao.OrgFields {
			if check(prefixes[i]+"."+col.Path, *col.Get(o)) {
				break
			}
		}
	}
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
	if !res.Self.Valid {
		if pf.TotalScore.Valid || pf.Grade != "" || c.r.ScoreSheet.Total.Valid {
			c.skipped(fmt.Sprintf("总分和评价等次（评分表 %d 项中有 %d 项没有可用的自评得分）", len(res.Items), len(res.Items)-res.Filled))
		}
		return
	}
	if pf.TotalScore.Valid && !pf.TotalScore.Value.Equal(res.Self.Value) {
		c.add(jixiao.Error, jixiao.CodeScoreTotal, "performance.total_score",
			fmt.Sprintf("应为 %s（评分表各项自评得分之和），实际为 %s", res.Self.Value, pf.TotalScore.Value))
	}
	if pf.Grade != "" && pf.Grade != res.Grade {
		c.add(jixiao.Error, jixiao.CodeGrade, "performance.grade",
			fmt.Sprintf("应为 %s（综合得分 %s，%s），实际为 %s", jixiao.Quote(res.Grade), res.Self.Value, c.gradeRule(), jixiao.Quote(pf.Grade)))
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
				fmt.Sprintf("表式 %s 的评分表没有指标 %s%s", c.p.ID, jixiao.Quote(s.ID), suggestID(c.p, s.ID)))
			continue
		}
		if j, dup := seen[s.ID]; dup {
			c.add(jixiao.Error, jixiao.CodeDuplicate, path+".id", fmt.Sprintf("指标 %s 已在第 %d 项填过", jixiao.Quote(s.ID), j+1))
		}
		seen[s.ID] = i
	}
	for _, it := range res.Items {
		name := it.Item.Title()
		if it.Index < 0 {
			c.add(jixiao.Error, jixiao.CodeRequired, "score_sheet.items",
				fmt.Sprintf("缺少指标 %s（%s，分值 %s）的自评得分", jixiao.Quote(it.Item.ID), name, it.Item.Points.Value))
			continue
		}
		path := "score_sheet.items[" + strconv.Itoa(it.Index) + "]"
		switch {
		case !it.Self.Valid:
			if !c.unreadable[path+".score"] {
				c.add(jixiao.Error, jixiao.CodeRequired, path+".score", name+"：自评得分不能为空")
			}
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
	if t := c.r.ScoreSheet.Total; t.Valid && res.Self.Valid && !t.Value.Equal(res.Self.Value) {
		c.add(jixiao.Error, jixiao.CodeScoreTotal, "score_sheet.total",
			fmt.Sprintf("应为 %s（各项自评得分之和），实际为 %s", res.Self.Value, t.Value))
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
			c.add(jixiao.Error, jixiao.CodeUnknownField, path+".id", fmt.Sprintf("表式 %s 的评分表没有指标 %s", c.p.ID, jixiao.Quote(cl.ID)))
			continue
		case it.Rule.Kind != jixiao.RuleChecklist && !(it.Rule.Kind == jixiao.RulePerCount && it.Rule.Count == "violations"):
			c.add(jixiao.Error, jixiao.CodeRange, path+".id", fmt.Sprintf("指标 %s（%s）不是清单类指标", jixiao.Quote(cl.ID), it.Title()))
			continue
		case seen[cl.ID]:
			c.add(jixiao.Error, jixiao.CodeDuplicate, path+".id", fmt.Sprintf("指标 %s 填了两次", jixiao.Quote(cl.ID)))
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

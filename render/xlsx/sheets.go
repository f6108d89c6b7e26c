package xlsx

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/form"
)

// Sheet names, in the order of the form. The template puts 填写说明 first;
// the hidden sheet metaSheet comes last.
const (
	sheetGuide       = "填写说明"
	sheetCover       = "封面"
	sheetOverview    = "基本概况"
	sheetFinance     = "收支情况"
	sheetPerformance = "绩效自评"
	sheetEvaluation  = "评价人员"
	sheetNarrative   = "评价报告综述"
	sheetScore       = "评分表"
	sheetBasis       = "基础数据"
)

// build lays out the grid of profile p with the variable parts sized by sh.
func build(p *jixiao.Profile, sh shape) *book {
	b := &book{p: p, shape: sh}
	b.cover()
	b.overview()
	b.finance()
	b.performance()
	b.evaluation()
	b.narrative()
	b.scoreSheet()
	b.basis()
	b.totalScore.formula = ref(b.scoreTotal)
	return b
}

func (b *book) fix(f *field) *field {
	b.fields = append(b.fields, f)
	return f
}

func newList(path string, n int) *list {
	l := &list{path: path, slots: make([]*slot, n)}
	for i := range l.slots {
		l.slots[i] = &slot{}
	}
	return l
}

// valueAt returns the value at path of the printed report: a jixiao.Number,
// a string or an int; nil when the path is past the end of a list.
func valueAt(path string) func(*jixiao.Report) any {
	return func(pr *jixiao.Report) any {
		v, _, ok := resolve(reflect.ValueOf(pr).Elem(), path, false)
		if !ok {
			return nil
		}
		return v.Interface()
	}
}

// stringLiteral quotes s for a formula.
func stringLiteral(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func (b *book) cover() {
	p := b.p
	s := b.newSheet(sheetCover, 8, 24, 44, 8)
	s.height(1, 60)
	if a := p.Cover.Attachment; a != "" { // the report attached to a notice: 附件3-1
		s.label(1, 1, 1, 2, a, stAttachment)
	}
	row := 2
	yearRow := row + len(p.Title) + 1
	yearRef := absName(3, yearRow)
	for _, line := range p.Title {
		text := strings.ReplaceAll(line, "{place}", p.Place)
		if parts := strings.Split(text, "{year}"); len(parts) > 1 {
			lits := make([]string, len(parts))
			for i, part := range parts {
				lits[i] = stringLiteral(part)
			}
			formula := strings.Join(lits, `&IF(`+yearRef+`="",`+stringLiteral(jixiao.BlankYear)+`,`+yearRef+`)&`)
			s.derived(row, 1, 1, 4, stTitle, formula, func(pr *jixiao.Report) any {
				year := jixiao.BlankYear
				if pr.Cover.Year != 0 {
					year = strconv.Itoa(pr.Cover.Year)
				}
				return strings.ReplaceAll(text, "{year}", year)
			})
		} else {
			s.label(row, 1, 1, 4, text, stTitle)
		}
		s.height(row, 40)
		row++
	}
	s.height(row, 110)
	row++
	type coverField struct {
		label string
		kind  kind
		path  string
		st    style
	}
	colon := form.CoverColon(p)
	fields := []coverField{{"年　　度" + colon, kindYear, "cover.year", stCoverYear}}
	for _, f := range form.CoverFields(p) {
		cf := coverField{f.Label + colon, kindText, f.Path, stCoverValue}
		switch f.Path {
		case "cover.budget_code":
			cf.label, cf.kind = "预 算 编 码"+colon, kindCode
		case "cover.report_date":
			cf.kind, cf.st = kindDate, stCoverDate
		}
		fields = append(fields, cf)
	}
	for _, f := range fields {
		s.label(row, 2, 1, 1, f.label, stCoverLabel)
		in := b.fix(s.input(row, 3, 1, 1, f.kind, f.path, f.st))
		switch f.path {
		case "cover.year":
			b.year = in.cell
			in.min, in.max = "2000", "2100"
		case "cover.method":
			in.prefill = form.DefaultMethod(p)
		case "cover.evaluator":
			in.prefill = form.DefaultEvaluator(p)
		}
		s.height(row, 36)
		row++
	}
	s.height(row, 150)
	s.label(row+1, 1, 1, 4, p.IssuerLine(), stIssuer)
	s.height(row+1, 30)
}

func (b *book) overview() {
	l := func(path string) string { return form.Label(b.p, "overview."+path) }
	s := b.newSheet(sheetOverview, 16, 14, 16, 42)
	s.label(1, 1, 1, 4, form.Part(b.p, 1), stHeading)
	s.height(1, 30)
	s.label(2, 1, 1, 1, l("contact"), stLabel)
	b.fix(s.input(2, 2, 1, 1, kindText, "overview.contact", stTextCenter))
	s.label(2, 3, 1, 1, l("phone"), stLabel)
	b.fix(s.input(2, 4, 1, 1, kindCode, "overview.phone", stTextCenter))
	s.label(3, 1, 1, 1, l("authorized_staff"), stLabel)
	b.fix(s.input(3, 2, 1, 1, kindNumber, "overview.authorized_staff", stCount)).min = "0"
	s.label(3, 3, 1, 1, l("actual_staff"), stLabel)
	b.fix(s.input(3, 4, 1, 1, kindNumber, "overview.actual_staff", stCount)).min = "0"
	s.height(2, 24)
	s.height(3, 24)
	s.label(4, 1, 1, 1, l("duties"), stLabel)
	b.fix(s.input(4, 2, 1, 3, kindLong, "overview.duties", stLong))
	s.height(4, 40)

	row := 5
	tasks := newList("overview.tasks", b.shape.Tasks)
	b.lists = append(b.lists, tasks)
	s.label(row, 1, len(tasks.slots), 1, l("tasks"), stLabel)
	s.keepTogether(row, row+len(tasks.slots)-1)
	s.addRun("tasks", row, row+len(tasks.slots)-1)
	for i, sl := range tasks.slots {
		s.slotLabel(row, 2, "任务"+strconv.Itoa(i+1), stLabel)
		f := s.input(row, 3, 1, 2, kindLong, "", stLong)
		sl.fields, sl.anchor = []*field{f}, f.cell
		s.height(row, 22)
		row++
	}
	op := newList("overview.operation", b.shape.Operation)
	op.sections = true
	b.lists = append(b.lists, op)
	s.label(row, 1, len(op.slots), 1, l("operation"), stLabel)
	s.addRun("operation", row, row+len(op.slots)-1)
	for _, sl := range op.slots {
		k := s.input(row, 2, 1, 1, kindHeading, "", stTextCenter)
		t := s.input(row, 3, 1, 2, kindLong, "", stLong)
		sl.fields, sl.anchor = []*field{k, t}, t.cell
		s.height(row, 22)
		row++
	}
}

func (b *book) finance() {
	s := b.newSheet(sheetFinance, 5, 16, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5, 10.5)
	s.label(1, 1, 1, 9, form.Part(b.p, 2), stHeading)
	s.height(1, 30)
	units := newList("finance.units", b.shape.Units)
	b.lists = append(b.lists, units)
	// A table's column j of the form is column j+2 of the sheet (C…); its
	// column 0, the rows' labels, is A:B (the number 1、 and the name).
	sheetCol := func(c int) int {
		if c == 0 {
			return 1
		}
		return c + 2
	}
	row := 3
	var names, incomeTotals []*cell // of the first table, by unit
	for ti, t := range form.FinanceTables(b.p) {
		last := 2 + len(t.Columns)
		s.keepTogether(row, row+t.HeadRows+1+len(units.slots))
		s.label(row, 1, 1, last, t.Caption, stHead)
		s.height(row, 24)
		row++
		for _, h := range t.Head {
			cols := h.Cols
			if h.Col == 0 {
				cols++
			}
			s.label(row+h.Row, sheetCol(h.Col), h.Rows, cols, h.Text, stHead)
		}
		row += t.HeadRows
		sum, first := row, row+1
		s.label(sum, 1, 1, 2, jixiao.SummaryName, stLabel)
		s.addRun("units/"+strconv.Itoa(ti), first, first+len(units.slots)-1)
		s.height(sum, 22)
		for j, c := range t.Columns {
			col := 3 + j
			rng := jixiao.CellName(col, first) + ":" + jixiao.CellName(col, first+len(units.slots)-1)
			s.derived(sum, col, 1, 1, stMoneySum, `IF(COUNT(`+rng+`)=0,"",SUM(`+rng+`))`, valueAt("finance.summary."+c.Path))
		}
		for i, sl := range units.slots {
			r := first + i
			el := index("finance.units", i)
			s.slotLabel(r, 1, strconv.Itoa(i+1)+"、", stLabel)
			s.height(r, 22)
			if ti == 0 {
				f := s.input(r, 2, 1, 1, kindText, ".name", stTextCenter)
				sl.fields, sl.anchor = append(sl.fields, f), f.cell
				names = append(names, f.cell)
			} else {
				n := absName(2, names[i].row)
				s.derived(r, 2, 1, 1, stTextCenter, `IF(`+n+`="","",`+n+`)`, valueAt(el+".name"))
			}
			for j, c := range t.Columns {
				col := 3 + j
				if c.Path == "spending.surplus_year" {
					in, out := absName(3, incomeTotals[i].row), absName(3, r)
					s.derived(r, col, 1, 1, stMoney, `IF(OR(`+in+`="",`+out+`=""),"",`+in+`-`+out+`)`, valueAt(el+"."+c.Path))
					continue
				}
				f := s.input(r, col, 1, 1, kindNumber, "."+c.Path, stMoney)
				if !jixiao.OrgFieldByPath(c.Path).Signed {
					f.min = "0"
				}
				sl.fields = append(sl.fields, f)
				if c.Path == "income.total" {
					incomeTotals = append(incomeTotals, f.cell)
				}
			}
		}
		row = first + len(units.slots) + 1
	}
}

// The standard 定量目标 groups of the form, which the template offers.
var standardTargets = []jixiao.TargetGroup{
	{Name: "产出目标", Note: "部门工作实绩，包含上级部门和区委区政府布置的重点工作、实事任务等，根据部门实际进行调整细化",
		Indicators: []jixiao.TargetIndicator{{Name: "质量指标"}, {Name: "数量指标"}, {Name: "时效指标"}, {Name: "成本指标"}}},
	{Name: "效益目标", Note: "预期实现的效益",
		Indicators: []jixiao.TargetIndicator{{Name: "社会效益"}, {Name: "经济效益"}, {Name: "生态效益"}, {Name: "社会公众或服务对象满意度"}}},
}

func (b *book) performance() {
	l := func(path string) string { return form.Label(b.p, "performance."+path) }
	s := b.newSheet(sheetPerformance, 14, 16, 14, 34, 22)
	s.label(1, 1, 1, 5, form.Part(b.p, 3), stHeading)
	s.height(1, 30)
	row := 2
	goals := newList("performance.qualitative.goals", b.shape.Goals)
	b.lists = append(b.lists, goals)
	s.label(row, 1, len(goals.slots)+1, 1, l("qualitative"), stLabel)
	s.keepTogether(row, row+len(goals.slots))
	s.label(row, 2, 1, 3, l("qualitative.goals"), stHead)
	s.label(row, 5, 1, 1, l("qualitative.achieved"), stHead)
	s.height(row, 22)
	b.fix(s.input(row+1, 5, len(goals.slots), 1, kindLong, "performance.qualitative.achieved", stLong))
	row++
	s.addRun("goals", row, row+len(goals.slots)-1)
	for i, sl := range goals.slots {
		s.slotLabel(row, 2, "目标"+strconv.Itoa(i+1), stLabel)
		f := s.input(row, 3, 1, 2, kindLong, "", stLong)
		sl.fields, sl.anchor = []*field{f}, f.cell
		s.height(row, 22)
		row++
	}
	rows := 0
	for _, g := range b.shape.Targets {
		for _, n := range g {
			rows += n
		}
	}
	s.label(row, 1, rows+1, 1, l("quantitative"), stLabel)
	s.label(row, 2, 1, 2, l("quantitative[0].name"), stHead)
	s.label(row, 4, 1, 1, l("quantitative[0].indicators[0].targets[0].goal"), stHead)
	s.label(row, 5, 1, 1, l("quantitative[0].indicators[0].targets[0].result"), stHead)
	s.height(row, 22)
	row++
	groups := newList("performance.quantitative", len(b.shape.Targets))
	b.lists = append(b.lists, groups)
	s.addRun("targets", row, row+rows-1)
	for gi, g := range b.shape.Targets {
		gs := groups.slots[gi]
		grows := 0
		for _, n := range g {
			grows += n
		}
		first := row
		if gi == 0 {
			first-- // with the header
		}
		s.keepTogether(first, row+grows-1)
		gf := s.input(row, 2, grows, 1, kindGroup, "", stTextCenter)
		gs.fields, gs.anchor = []*field{gf}, gf.cell
		inds := newList(".indicators", len(g))
		gs.lists = []*list{inds}
		for ii, n := range g {
			is := inds.slots[ii]
			nf := s.input(row, 3, n, 1, kindText, ".name", stTextCenter)
			is.fields, is.anchor = []*field{nf}, nf.cell
			targets := newList(".targets", n)
			is.lists = []*list{targets}
			for _, ts := range targets.slots {
				goal := s.input(row, 4, 1, 1, kindLong, ".goal", stText)
				result := s.input(row, 5, 1, 1, kindText, ".result", stTextCenter)
				ts.fields, ts.anchor = []*field{goal, result}, goal.cell
				s.height(row, 22)
				row++
			}
		}
	}
	s.keepTogether(row, row+1)
	s.label(row, 1, 1, 2, l("total_score"), stLabel)
	b.totalScore = s.derived(row, 3, 1, 3, stScoreTotal, "", valueAt("performance.total_score"))
	s.height(row, 24)
	row++
	s.label(row, 1, 1, 2, l("grade"), stLabel)
	b.fix(s.input(row, 3, 1, 3, kindGrade, "performance.grade", stTextCenter))
	s.height(row, 24)
}

func (b *book) evaluation() {
	u := b.p.Unit
	s := b.newSheet(sheetEvaluation, 16, 18, 32, 18)
	s.label(1, 1, 1, 4, form.Part(b.p, 4), stHeading)
	s.height(1, 30)
	for i, h := range form.EvaluatorColumns {
		s.label(2, 1+i, 1, 1, h, stHead)
	}
	s.height(2, 22)
	s.titles = [2]int{2, 2}
	row := 3
	ev := newList("evaluation.evaluators", b.shape.Evaluators)
	b.lists = append(b.lists, ev)
	s.addRun("evaluators", row, row+len(ev.slots)-1)
	for _, sl := range ev.slots {
		name := s.input(row, 1, 1, 1, kindText, ".name", stTextCenter)
		title := s.input(row, 2, 1, 1, kindText, ".title", stTextCenter)
		org := s.input(row, 3, 1, 1, kindText, ".org", stTextCenter)
		s.label(row, 4, 1, 1, "", stBlank)
		sl.fields, sl.anchor = []*field{name, title, org}, name.cell
		s.height(row, 26)
		row++
	}
	signature := func(title, signer, opinion, date string) {
		s.label(row, 1, 1, 4, title, stLabelTop)
		s.height(row, 24)
		row++
		if opinion != "" {
			b.fix(s.input(row, 1, 1, 4, kindLong, opinion, stLong))
			s.height(row, 50)
			row++
		}
		if signer != "" {
			s.label(row, 1, 1, 3, signer, stLabelRight)
			s.label(row, 4, 1, 1, "", stBlank)
			s.height(row, 36)
			row++
		}
		s.label(row, 1, 1, 3, "日期：", stLabelRight)
		b.fix(s.input(row, 4, 1, 1, kindDateLine, date, stDate))
		s.height(row, 24)
		row++
	}
	s.keepTogether(row, row+10)
	signature("评价组组长（签字）：", "", "", "evaluation.leader_date")
	s.height(row-2, 48)
	signature(u+"意见：", u+"负责人（签章）：", "evaluation.unit_opinion", "evaluation.unit_date")
	signature("财政部门归口业务科室意见：", "财政部门归口业务科室负责人（签章）：", "evaluation.finance_opinion", "evaluation.finance_date")
	s.label(row, 1, 1, 1, "填报人（签名）：", stLabelRight)
	b.fix(s.input(row, 2, 1, 1, kindText, "evaluation.filler", stTextCenter))
	s.label(row, 3, 1, 1, "联系电话：", stLabelRight)
	b.fix(s.input(row, 4, 1, 1, kindCode, "evaluation.filler_phone", stTextCenter))
	s.height(row, 26)
}

func (b *book) narrative() {
	s := b.newSheet(sheetNarrative, 10, 84)
	s.label(1, 1, 1, 2, form.Part(b.p, 5), stHeading)
	s.height(1, 30)
	l := newList("narrative", b.shape.Narrative)
	l.sections = true
	b.lists = append(b.lists, l)
	s.addRun("narrative", 2, 2+len(l.slots)-1)
	for i, sl := range l.slots {
		k := s.input(2+i, 1, 1, 1, kindHeading, "", stPara)
		t := s.input(2+i, 2, 1, 1, kindLong, "", stPara)
		sl.fields, sl.anchor = []*field{k, t}, t.cell
		s.height(2+i, 18)
	}
}

func (b *book) scoreSheet() {
	p := b.p
	s := b.newSheet(sheetScore, 9, 11, 18, 56, 7, 9, 24)
	s.landscape = true
	s.label(1, 1, 1, 2, p.Attachment, stAttachment)
	s.height(1, 24)
	s.label(2, 1, 1, 7, p.SheetTitle, stSheetTitle)
	s.height(2, 36)
	for i, h := range form.ScoreSheetColumns {
		s.label(3, 1+i, 1, 1, h, stHead)
	}
	s.height(3, 30)
	s.titles = [2]int{3, 3}
	items := newList("score_sheet.items", 0)
	items.keep = true
	b.lists = append(b.lists, items)
	row := 4
	rowsOf := func(items []jixiao.Item) int {
		n := 0
		for i := range items {
			n += len(items[i].Rows())
		}
		return n
	}
	for i, l1 := range p.Tree {
		n1 := 0
		for _, l2 := range l1.Children {
			n1 += rowsOf(l2.Items)
		}
		s.label(row, 1, n1, 1, l1.Name+"\n（"+p.Points(i, -1).String()+"分）", stLabel)
		for j, l2 := range l1.Children {
			s.label(row, 2, rowsOf(l2.Items), 1, l2.Name+"\n（"+p.Points(i, j).String()+"分）", stLabel)
			for k := range l2.Items {
				it := &l2.Items[k]
				n := len(it.Rows())
				for m, name := range it.Rows() {
					s.label(row+m, 3, 1, 1, name, stLabel)
					s.height(row+m, 22)
				}
				if !it.CriteriaAbove || k == 0 {
					run := n
					for _, next := range l2.Items[k+1:] {
						if !next.CriteriaAbove {
							break
						}
						run += len(next.Rows())
					}
					s.label(row, 4, run, 1, it.Criteria, stCriteria)
					if run > 1 { // a criteria text shared by several rows stays on one page
						s.keepTogether(row, row+run-1)
					}
				}
				s.number(row, 5, n, 1, it.Points.Value.String(), stScore)
				score := s.input(row, 6, n, 1, kindNumber, ".score", stScore)
				score.min, score.max = "0", it.Points.Value.String()
				reason := s.input(row, 7, n, 1, kindLong, ".reason", stText)
				items.slots = append(items.slots, &slot{id: it.ID, fields: []*field{score, reason}, anchor: score.cell})
				row += n
			}
		}
	}
	s.label(row, 1, 1, 4, "总  分", stHead)
	s.number(row, 5, 1, 1, p.Total().String(), stScore)
	// The total shows once every item is scored: a partial sum is never a total.
	rng := jixiao.CellName(6, 4) + ":" + jixiao.CellName(6, max(4, row-1))
	b.scoreTotal = s.derived(row, 6, 1, 1, stScore, "IF(COUNT("+rng+")="+strconv.Itoa(len(items.slots))+",SUM("+rng+"),\"\")",
		valueAt("score_sheet.total"))
	s.label(row, 7, 1, 1, "", stBlank)
	s.height(row, 26)
}

// basisFields are the numbers of jixiao.Basis, in order.
var basisFields = func() []reflect.StructField {
	var fs []reflect.StructField
	t := reflect.TypeFor[jixiao.Basis]()
	for i := range t.NumField() {
		if f := t.Field(i); f.Type == reflect.TypeFor[jixiao.Number]() {
			fs = append(fs, f)
		}
	}
	return fs
}()

// uses maps a rule variable to the titles of the items whose rules use it.
func uses(p *jixiao.Profile) map[string][]string {
	m := map[string][]string{}
	for _, ref := range p.Items() {
		r := &ref.Item.Rule
		seen := map[string]bool{}
		for _, v := range []string{r.Measure.Var, r.Measure.Num, r.Measure.Den, r.Count} {
			seen[v] = true
		}
		for _, bands := range [][]jixiao.Band{r.AtLeast, r.AtMost} {
			for _, b := range bands {
				seen[b.BoundVar] = true
			}
		}
		for v := range seen {
			if v != "" {
				m[v] = append(m[v], ref.Item.Title())
			}
		}
	}
	for v, titles := range m { // p.Items is ordered; map iteration of seen is not
		m[v] = sortedByProfile(p, titles)
	}
	return m
}

func sortedByProfile(p *jixiao.Profile, titles []string) []string {
	var out []string
	for _, ref := range p.Items() {
		for _, t := range titles {
			if t == ref.Item.Title() {
				out = append(out, t)
				break
			}
		}
	}
	return out
}

func (b *book) basis() {
	p := b.p
	s := b.newSheet(sheetBasis, 30, 14, 8, 52)
	s.label(1, 1, 1, 4, "评分基础数据", stHeading)
	s.height(1, 30)
	for i, h := range []string{"项目", "数值", "单位", "说明"} {
		s.label(2, 1+i, 1, 1, h, stHead)
	}
	s.height(2, 22)
	s.titles = [2]int{2, 2}
	use := uses(p)
	row := 3
	for _, sf := range basisFields {
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		unit := sf.Tag.Get("unit")
		s.label(row, 1, 1, 1, sf.Tag.Get("label"), stLabel)
		st := stMoney
		if unit == "个" {
			st = stCount
		}
		f := b.fix(s.input(row, 2, 1, 1, kindNumber, "basis."+name, st))
		f.min = "0"
		if unit == "%" {
			f.max = "100"
		}
		s.label(row, 3, 1, 1, unit, stLabel)
		note := "本表式不使用"
		if t := use[name]; len(t) > 0 {
			note = "用于：" + strings.Join(t, "、")
		}
		s.note(row, 4, note)
		s.height(row, 22)
		row++
	}
	checklists := newList("basis.checklists", 0)
	b.lists = append(b.lists, checklists)
	header := false
	for _, ref := range p.Items() {
		it := ref.Item
		r := &it.Rule
		met := r.Kind == jixiao.RuleChecklist
		if !met && !(r.Kind == jixiao.RulePerCount && r.Count == "violations") {
			continue
		}
		if !header {
			s.keepTogether(row, row+1)
			s.label(row, 1, 1, 1, "清单类指标", stHead)
			s.label(row, 2, 1, 2, "填写", stHead)
			s.label(row, 4, 1, 1, "说明", stHead)
			s.height(row, 22)
			row++
			header = true
		}
		s.label(row, 1, 1, 1, it.Title()+"（"+p.Tree[ref.L1].Children[ref.L2].Name+"）", stLabel)
		var f *field
		var note string
		if met {
			f = s.input(row, 2, 1, 2, kindMet, ".met", stTextCenter)
			note = fmt.Sprintf("符合的要点编号，如 %s（共 %d 个要点）；都不符合填 无", string(circled[:min(3, len(r.Points))]), len(r.Points))
		} else {
			f = s.input(row, 2, 1, 1, kindNumber, ".violations", stCount)
			f.min = "0"
			s.label(row, 3, 1, 1, "例", stLabel)
			note = "不符合要求的情况数，每例扣 " + r.Per.Value.String() + " 分"
		}
		s.note(row, 4, note)
		checklists.slots = append(checklists.slots, &slot{id: it.ID, fields: []*field{f}, anchor: f.cell})
		s.height(row, 22)
		row++
	}
}

package handmade

import (
	"strconv"
	"strings"

	"jixiao"
	"jixiao/form"
)

// Report is the report r of profile p as a unit types it in Word from the
// bureau's template, following the published 2020 report: every value as r
// states it (a blank stays blank, a wrong total stays wrong), in the layout
// people make by hand rather than the one jixiao writes:
//
//   - the cover as paragraphs (部门(单位)名称：…, 预 算 编 码：…), the title's
//     runs split around the year;
//   - parts 一 and 二 as rows of one big form table holding their headings,
//     the four 收支 tables nested in it, their headers merged (收入, 支出) or
//     typed with blank cells under a label (三公, 固定资产);
//   - amounts typed in several ways: 307.47, 307.47万元, 1,234.50, full-width
//     digits; a head-count corrected with tracked changes;
//   - the 定量目标 table split in two at a page break, the header and the
//     group repeated; a group merged down its rows, another typed on its
//     first row and left blank below;
//   - 评价等次 as ticked boxes (☑优 □良 …);
//   - the narrative's headings typed with their numbers, some in a heading
//     style and some not;
//   - the score sheet split in two at a page break, the header repeated,
//     一级 repeated and 二级 left blank in the second table, and the 分值 and
//     自评得分 of a shared-points group on different rows, as published.
func Report(p *jixiao.Profile, r *jixiao.Report) []byte { return Package(ReportBody(p, r)) }

// ReportBody is the body (the content of w:body) of Report, for variants
// made by editing it.
func ReportBody(p *jixiao.Profile, r *jixiao.Report) string {
	var b strings.Builder
	cover(&b, p, r)
	bigTable(&b, p, r)
	performance(&b, p, r)
	evaluation(&b, p, r)
	narrative(&b, p, r)
	scoreSheet(&b, p, r)
	b.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" ` +
		`w:header="851" w:footer="992" w:gutter="0"/><w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="312"/></w:sectPr>`)
	return b.String()
}

const (
	heading1 = `<w:pStyle w:val="1"/>`
	heading2 = `<w:pStyle w:val="2"/>`
	indent   = `<w:ind w:firstLineChars="200" w:firstLine="640"/>`
)

// texts are a text's paragraphs, one per line.
func texts(pPr, s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		out = append(out, Para(pPr, Text(l)))
	}
	return out
}

func pageBreak() string { return Para("", `<w:r><w:br w:type="page"/></w:r>`) }

func cover(b *strings.Builder, p *jixiao.Profile, r *jixiao.Report) {
	if a := p.Cover.Attachment; a != "" {
		b.WriteString(Para("", Text(a)))
	}
	title := `<w:jc w:val="center"/><w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:sz w:val="44"/></w:rPr>`
	for i, line := range p.TitleLines(r.Cover.Year) {
		year := strconv.Itoa(r.Cover.Year)
		if i == 0 && r.Cover.Year != 0 && strings.Contains(line, year) {
			before, after, _ := strings.Cut(line, year)
			b.WriteString(Para(title, Text(before), `<w:proofErr w:type="gramStart"/>`, Text(year), `<w:proofErr w:type="gramEnd"/>`, Text(after)))
			continue
		}
		b.WriteString(Para(title, Text(line)))
	}
	b.WriteString(Para(""))
	values := map[string]string{"cover.unit": r.Cover.Unit, "cover.budget_code": r.Cover.BudgetCode,
		"cover.method": r.Cover.Method, "cover.evaluator": r.Cover.Evaluator, "cover.report_date": r.Cover.Date.String()}
	for _, f := range form.CoverFields(p) {
		label := f.Label
		if f.Path == "cover.budget_code" {
			label = strings.Join(strings.Split(label, ""), " ") // 预 算 编 码
		}
		v := values[f.Path]
		if f.Path == "cover.report_date" && v == "" {
			v = "　　年　　月　　日"
		}
		b.WriteString(Para("", Text(label+"："), `<w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t xml:space="preserve">  `+escape(v)+`  </w:t></w:r>`))
	}
	b.WriteString(Para(Center, Text(p.IssuerLine())))
	b.WriteString(pageBreak())
}

// typed writes an amount as units type it, in the i-th of four ways.
func typed(n jixiao.Number, i int) string {
	if !n.Valid {
		return ""
	}
	s := n.Value.String()
	if n.Value.IsNegative() {
		return s
	}
	switch i % 4 {
	case 1:
		return s + "万元"
	case 2:
		whole, frac, _ := strings.Cut(n.Value.StringFixed(2), ".")
		for j := len(whole) - 3; j > 0; j -= 3 {
			whole = whole[:j] + "," + whole[j:]
		}
		return whole + "." + frac
	case 3:
		return strings.Map(func(r rune) rune {
			switch {
			case r >= '0' && r <= '9':
				return r - '0' + '０'
			case r == '.':
				return '．'
			}
			return r
		}, s)
	}
	return s
}

func bigTable(b *strings.Builder, p *jixiao.Profile, r *jixiao.Report) {
	o := &r.Overview
	l := func(path string) string { return form.Label(p, "overview."+path) }
	wide := []int{1800, 2622, 1800, 2623}
	box := func(content ...string) string { return Row("", Cell(8845, Span(4), content...)) }
	pair := func(a, av, c, cv string) string {
		return Row("", Cell(1800, "", Para(Center, Bold(spaced(a)))), Cell(2622, "", Para(Center, av)),
			Cell(1800, "", Para(Center, Bold(c))), Cell(2623, "", Para(Center, cv)))
	}
	labelled := func(label string, paras ...string) string {
		if len(paras) == 0 {
			paras = []string{Para("")}
		}
		return Row("", Cell(1800, "", Para(Center, label)), Cell(7045, Span(3), paras...))
	}
	rows := []string{
		box(Para(heading2, Bold(form.Part(p, 1)))),
		pair(l("contact"), Text(o.Contact), l("phone"), Text(o.Phone)),
		// The head-count corrected with tracked changes.
		pair(l("authorized_staff"), Text(o.Authorized.String()), l("actual_staff"),
			`<w:del w:id="1" w:author="张三" w:date="2021-06-20T10:00:00Z"><w:r><w:delText>99</w:delText></w:r></w:del>`+
				`<w:ins w:id="2" w:author="张三" w:date="2021-06-20T10:00:00Z">`+Text(o.Actual.String())+`</w:ins>`),
		labelled(Bold(l("duties")), texts(indent, o.Duties)...),
	}
	var tasks []string
	for i, t := range o.Tasks {
		tasks = append(tasks, Para("", Text("任务"+strconv.Itoa(i+1)+"："+t)))
	}
	first, rest, _ := strings.Cut(l("tasks"), "工作")
	rows = append(rows, labelled(Bold(first)+`<w:r><w:rPr><w:b/></w:rPr><w:br/></w:r>`+Bold("工作"+rest), tasks...))
	rows = append(rows, labelled(Bold(l("operation")), headed(r.Overview.Operation, 0, false)...))
	rows = append(rows, box(Para(heading2, Bold(form.Part(p, 2)))))
	for ti, t := range form.FinanceTables(p) {
		rows = append(rows, box(Para(Center, Bold(t.Caption)), financeTable(&t, &r.Finance, ti < 2), Para("")))
	}
	b.WriteString(Table(wide, rows...))
}

// spaced writes a short label with spaces between its characters, as the
// published form prints 联 系 人.
func spaced(s string) string {
	if len([]rune(s)) != 3 {
		return s
	}
	return strings.Join(strings.Split(s, ""), " ")
}

// financeTable writes a 收支 table: its header merged down (merged) or with
// blank cells under a label spanning rows, then the sum row and a row per
// organisation.
func financeTable(t *form.Table, f *jixiao.Finance, merged bool) string {
	const name = 1500
	width := 6800 / len(t.Columns)
	grid := []int{name}
	for range t.Columns {
		grid = append(grid, width)
	}
	var rows []string
	for hr := range t.HeadRows {
		var cells []string
		for c := 0; c <= len(t.Columns); {
			h, origin := t.Covering(hr, c)
			w := width * h.Cols
			if c == 0 {
				w = name
			}
			spanPr := ""
			if h.Cols > 1 {
				spanPr = Span(h.Cols)
			}
			switch {
			case origin && merged && h.Rows > 1:
				cells = append(cells, Cell(w, spanPr+Restart, Para(Center, Bold(h.Text))))
			case origin:
				cells = append(cells, Cell(w, spanPr, Para(Center, Bold(h.Text))))
			case merged:
				cells = append(cells, Cell(w, spanPr+Cont))
			default:
				cells = append(cells, Cell(w, spanPr))
			}
			c += max(h.Cols, 1)
		}
		rows = append(rows, Row(Repeat, cells...))
	}
	orgs := append([]jixiao.Org{f.Summary}, f.Units...)
	for i, o := range orgs {
		label := jixiao.SummaryName
		if i > 0 {
			label = jixiao.UnitLabel(i-1, o.Name)
		}
		cells := []string{Cell(name, "", Para("", Text(label)))}
		for ci, c := range t.Columns {
			v := typed(*jixiao.OrgFieldByPath(c.Path).Get(&o), i+ci)
			if v == "" {
				cells = append(cells, Cell(width, ""))
			} else {
				cells = append(cells, Cell(width, "", Para(Center, Text(v))))
			}
		}
		rows = append(rows, Row("", cells...))
	}
	return Table(grid, rows...)
}

// headed writes headed texts with their numbers typed: in a cell as plain
// paragraphs, in the body the first level in a heading style and the
// others plain.
func headed(ss []jixiao.Section, depth int, body bool) []string {
	var out []string
	n := 0
	for _, s := range ss {
		if s.Title != "" {
			n++
			pPr := ""
			if body && depth == 0 {
				pPr = heading2
			}
			out = append(out, Para(pPr, Text(form.Number(depth, n)+s.Title)))
		}
		for _, para := range s.Paragraphs {
			out = append(out, texts(indent, para)...)
		}
		out = append(out, headed(s.Sections, depth+1, body)...)
	}
	return out
}

func performance(b *strings.Builder, p *jixiao.Profile, r *jixiao.Report) {
	pf := &r.Performance
	l := func(path string) string { return form.Label(p, "performance."+path) }
	b.WriteString(Para(heading1, Text(form.Part(p, 3))))
	grid := []int{1300, 1500, 1300, 3045, 1700}
	label := func(w int, pr, s string) string { return Cell(w, pr, Para(Center, Bold(s))) }
	var goals []string
	for i, g := range pf.Qualitative.Goals {
		goals = append(goals, Para("", Text("目标"+strconv.Itoa(i+1)+"："+g)))
	}
	if len(goals) == 0 {
		goals = []string{Para("")}
	}
	qHead := Row(Repeat, label(1300, Restart, l("quantitative")), label(2800, Span(2), l("quantitative[0].name")),
		label(3045, "", l("quantitative[0].indicators[0].targets[0].goal")), label(1700, "", l("quantitative[0].indicators[0].targets[0].result")))
	first := []string{
		Row("", label(1300, Restart, l("qualitative")), label(5845, Span(3), l("qualitative.goals")), label(1700, "", l("qualitative.achieved"))),
		Row("", Cell(1300, Cont), Cell(5845, Span(3), goals...), Cell(1700, "", texts(Center, pf.Qualitative.Achieved)...)),
		qHead,
	}
	rows := &first
	var second []string
	for gi, g := range pf.Quantitative {
		groupText := append(texts(Center, g.Name), Para(Center, Text("（"+g.Note+"）")))
		if g.Note == "" {
			groupText = texts(Center, g.Name)
		}
		firstRow := true
		for ii, ind := range g.Indicators {
			if gi == 0 && ii == 1 && len(g.Indicators) > 1 { // split here: a new page, the header and the group repeated
				rows = &second
				*rows = append(*rows, qHead)
				firstRow = true
			}
			targets := ind.Targets
			if len(targets) == 0 {
				targets = []jixiao.Target{{}}
			}
			for k, t := range targets {
				var gcell, icell string
				switch {
				case firstRow && gi == 0:
					gcell = Cell(1500, Restart, groupText...)
				case firstRow:
					gcell = Cell(1500, "", groupText...)
				case gi == 0:
					gcell = Cell(1500, Cont)
				default:
					gcell = Cell(1500, "")
				}
				firstRow = false
				if k == 0 {
					icell = Cell(1300, Restart, Para(Center, Text(ind.Name)))
				} else {
					icell = Cell(1300, Cont)
				}
				*rows = append(*rows, Row("", Cell(1300, Cont), gcell, icell,
					Cell(3045, "", texts("", t.Goal)...), Cell(1700, "", texts(Center, t.Result)...)))
			}
		}
	}
	total := ""
	if pf.TotalScore.Valid {
		total = pf.TotalScore.Value.String() + "分"
	}
	var boxes []string
	for _, g := range p.Grades {
		mark := "□"
		if g.Name == pf.Grade {
			mark = "☑"
		}
		boxes = append(boxes, mark+g.Name)
	}
	tail := []string{
		Row("", label(2800, Span(2), l("total_score")), Cell(6045, Span(3), Para(Center, Text(total)))),
		Row("", label(2800, Span(2), l("grade")), Cell(6045, Span(3), Para(Center, Text(strings.Join(boxes, "　"))))),
	}
	if second == nil {
		b.WriteString(Table(grid, append(first, tail...)...))
		return
	}
	b.WriteString(Table(grid, first...))
	b.WriteString(pageBreak())
	b.WriteString(Table(grid, append(second, tail...)...))
}

func evaluation(b *strings.Builder, p *jixiao.Profile, r *jixiao.Report) {
	e := &r.Evaluation
	unit := p.Unit
	b.WriteString(Para(heading1, Text(form.Part(p, 4))))
	grid := []int{1800, 2000, 3045, 2000}
	head := []string{"姓　名", "职务/职称", "单　位", "签　字"}
	var cells []string
	for i, h := range head {
		cells = append(cells, Cell(grid[i], "", Para(Center, Bold(h))))
	}
	rows := []string{Row(Repeat, cells...)}
	for _, v := range e.Evaluators {
		rows = append(rows, Row("", Cell(1800, "", Para(Center, Text(v.Name))), Cell(2000, "", Para(Center, Text(v.Title))),
			Cell(3045, "", Para(Center, Text(v.Org))), Cell(2000, "")))
	}
	for range 2 {
		rows = append(rows, Row("", Cell(1800, ""), Cell(2000, ""), Cell(3045, ""), Cell(2000, "")))
	}
	date := func(d jixiao.Date) string {
		if d.IsZero() {
			return "年　　月　　日"
		}
		return d.String()
	}
	right := `<w:jc w:val="right"/>`
	block := func(title, opinion, sign string, d jixiao.Date) string {
		paras := []string{Para("", Bold(title))}
		if opinion != "" {
			paras = append(paras, texts(indent, opinion)...)
		}
		paras = append(paras, Para(""), Para(""))
		if sign != "" {
			paras = append(paras, Para(`<w:ind w:left="3600"/>`, Text(sign)))
		}
		return Row("", Cell(8845, Span(4), append(paras, Para(right, Text(date(d))))...))
	}
	rows = append(rows,
		block("评价组组长（签字）：", "", "", e.LeaderDate),
		block(unit+"意见：", e.UnitOpinion, unit+"负责人（签章）：", e.UnitDate),
		block("财政部门归口业务科室意见：", e.FinanceOpinion, "财政部门归口业务科室负责人（签章）：", e.FinanceDate))
	b.WriteString(Table(grid, rows...))
	b.WriteString(Para("", Text("填报人（签名）："+e.Filler+"                    联系电话："+e.FillerPhone)))
}

func narrative(b *strings.Builder, p *jixiao.Profile, r *jixiao.Report) {
	b.WriteString(Para(heading1, Text(form.Part(p, 5))))
	for _, s := range headed(r.Narrative, 0, true) {
		b.WriteString(s)
	}
}

func scoreSheet(b *strings.Builder, p *jixiao.Profile, r *jixiao.Report) {
	b.WriteString(Para(`<w:pageBreakBefore/>`, `<w:r><w:rPr><w:rFonts w:eastAsia="黑体" w:hint="eastAsia"/></w:rPr><w:t>`+escape(p.Attachment)+`</w:t></w:r>`))
	b.WriteString(Para(Center, Text(p.SheetTitle)))
	grid := []int{1200, 1400, 1900, 2045, 700, 800, 800}
	var head []string
	for i, h := range form.ScoreSheetColumns {
		head = append(head, Cell(grid[i], "", Para(Center, Bold(h))))
	}
	self := map[string]jixiao.SelfScore{}
	for _, s := range r.ScoreSheet.Items {
		self[s.ID] = s
	}
	refs := p.Items()
	split := len(refs) / 2
	first := []string{Row(Repeat, head...)}
	second := []string{Row(Repeat, head...)}
	rows := &first
	restartRows := true
	for k, ref := range refs {
		if k == split {
			rows, restartRows = &second, true
		}
		it := ref.Item
		l1 := k == 0 || refs[k-1].L1 != ref.L1
		l2 := l1 || refs[k-1].L2 != ref.L2
		s := self[it.ID]
		score := ""
		if s.Score.Valid {
			score = s.Score.Value.String()
		}
		for m, name := range it.Rows() {
			var c1, c2 string
			switch {
			case m == 0 && (l1 || restartRows):
				c1 = Cell(1200, Restart, Para(Center, Text(p.Tree[ref.L1].Name+"（"+p.Points(ref.L1, -1).String()+"分）")))
			default:
				c1 = Cell(1200, Cont)
			}
			switch {
			case m == 0 && l2:
				c2 = Cell(1400, Restart, Para(Center, Text(p.Tree[ref.L1].Children[ref.L2].Name)),
					Para(Center, Text("（"+p.Points(ref.L1, ref.L2).String()+"分）")))
			case m == 0 && restartRows: // the second table: 二级 left blank
				c2 = Cell(1400, "")
			default:
				c2 = Cell(1400, Cont)
			}
			restartRows = false
			criteria := Cell(2045, Cont)
			if m == 0 && !it.CriteriaAbove {
				criteria = Cell(2045, Restart, texts("", it.Criteria)...)
			}
			// A group's 分值 on its first row, its 自评得分 and reason on the second.
			scoreRow := m == min(1, len(it.Rows())-1)
			points, selfCell, reason := Cell(700, ""), Cell(800, ""), Cell(800, "")
			if m == 0 {
				points = Cell(700, "", Para(Center, Text(it.Points.String())))
			}
			if scoreRow {
				if score != "" {
					selfCell = Cell(800, "", Para(Center, Text(score)))
				}
				if s.Reason != "" {
					reason = Cell(800, "", texts("", s.Reason)...)
				}
			}
			*rows = append(*rows, Row("", c1, c2, Cell(1900, "", Para(Center, Text(name))), criteria, points, selfCell, reason))
		}
	}
	total := ""
	if r.ScoreSheet.Total.Valid {
		total = r.ScoreSheet.Total.Value.String()
	}
	second = append(second, Row("", Cell(6545, Span(4), Para(Center, Bold("总 分"))),
		Cell(700, "", Para(Center, Text(p.Total().String()))), Cell(800, "", Para(Center, Text(total))), Cell(800, "")))
	b.WriteString(Table(grid, first...))
	b.WriteString(pageBreak())
	b.WriteString(Table(grid, second...))
}

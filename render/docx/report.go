package docx

import (
	"strconv"
	"strings"

	"jixiao"
	"jixiao/form"
	"jixiao/scoring"
)

// Run formats.
var (
	body      = rfmt{font: fontFang, size: size3}
	heading   = rfmt{font: fontHei, size: size3}
	titleRun  = rfmt{font: fontTitle, size: size2}
	cellText  = rfmt{font: fontFang, size: sizeSmall4}
	cellLabel = rfmt{font: fontFang, size: sizeSmall4, bold: true}
	caption   = rfmt{font: fontFang, size: size4, bold: true}
)

// Paragraph formats.
var (
	centred   = pfmt{style: "TableText"}
	cellLeft  = pfmt{style: "TableText", jc: "left"}
	cellBlock = pfmt{style: "TableText", jc: "both", firstLine: 2 * sizeSmall4 * 10}
)

// Row heights, twips.
const (
	rowHeight = 454 // 8 mm
	signRow   = 567 // 10 mm, room for a signature
)

// render writes the whole document body into d.
func render(d *doc, pr *form.Printed) {
	p, r, s := pr.Profile, pr.Report, pr.Score
	unit := p.Unit
	if unit == "" {
		unit = "部门（单位）"
	}
	portrait := sect{titlePage: true}
	cover(d, p, r)
	overview(d, p, r)
	finance(d, p, &r.Finance)
	performance(d, p, r, s)
	evaluation(d, p, r, unit)
	d.para(pfmt{style: "Heading1"}, heading, form.Part(p, 5))
	sections(d, r.Narrative, 0, false)
	d.endSection(portrait)
	scoreSheet(d, p, s)
	d.finish(sect{landscape: true})
}

// cover writes page 1: the title, the unit's particulars and the issuer at
// the foot. The space above the issuer is what the page leaves, estimated
// from the lines the title and the particulars take.
func cover(d *doc, p *jixiao.Profile, r *jixiao.Report) {
	const (
		before     = 1600 // above the title
		titleLine  = 720
		afterTitle = 1500
		fieldLine  = 560
		fieldRow   = 680
		safety     = 300
	)
	used := before
	if a := p.Cover.Attachment; a != "" { // the report attached to a notice: 附件3-1
		d.para(pfmt{style: "Normal", jc: "left"}, rfmt{font: fontHei, size: size3}, a)
		used += bodyLine
	}
	title := p.TitleLines(r.Cover.Year)
	perLine := halfEms(textWidth+170, size2)
	for i, line := range title {
		pf := pfmt{style: "Title"}
		if i == 0 {
			pf.before = before
		}
		if i == len(title)-1 {
			pf.after = afterTitle
		}
		d.para(pf, titleRun, line)
		used += lines(line, perLine) * titleLine
	}
	used += afterTitle

	date := r.Cover.Date.String()
	if date == "" {
		date = blankDate
	}
	var fields [][2]string
	for _, f := range form.CoverFields(p) {
		v := map[string]string{"cover.unit": r.Cover.Unit, "cover.budget_code": r.Cover.BudgetCode,
			"cover.method": r.Cover.Method, "cover.evaluator": r.Cover.Evaluator, "cover.report_date": date}[f.Path]
		fields = append(fields, [2]string{f.Label, v})
	}
	label := 0
	for _, f := range fields {
		label = max(label, width(f[0]))
	}
	grid := []int{label*size3*5 + 200, 500, 0}
	grid[2] = min(textWidth-grid[0]-grid[1], 4900)
	label3 := rfmt{font: fontFang, size: size3}
	d.table(grid, false)
	for _, f := range fields {
		d.row(trfmt{cantSplit: true, height: fieldRow})
		d.cell(cfmt{})
		d.para(pfmt{style: "TableText", line: fieldLine, jc: "distribute"}, label3, f[0])
		d.endCell()
		d.cell(cfmt{})
		d.para(pfmt{style: "TableText", line: fieldLine}, label3, form.CoverColon(p))
		d.endCell()
		d.cell(cfmt{bottom: true})
		value := pfmt{style: "TableText", line: fieldLine, jc: "left"}
		if f[1] == blankDate {
			d.para(value, label3, "　　　　"+blankDate) // room for the year
		} else {
			d.paras(value, label3, f[1], true)
		}
		d.endCell()
		d.endRow()
		used += max(fieldRow, lines(f[1], halfEms(grid[2], size3))*fieldLine+56)
	}
	d.endTable()
	d.para(pfmt{style: "Normal", before: max(textHeight-used-fieldLine-safety, 240), line: fieldLine, jc: "center"},
		rfmt{font: fontFang, size: size3}, p.IssuerLine())
}

// blankDate is the date line left for the pen.
const blankDate = "年　　月　　日"

// overview writes part 一: the unit's particulars, duties, tasks and its year.
func overview(d *doc, p *jixiao.Profile, r *jixiao.Report) {
	o := &r.Overview
	d.para(pfmt{style: "Heading1", pageBreak: true}, heading, form.Part(p, 1))
	grid := []int{1700, 2722, 1700, 2723}
	d.table(grid, true)
	l := func(path string) string { return form.Label(p, "overview."+path) }
	pairs := [...][4]string{
		{l("contact"), o.Contact, l("phone"), o.Phone},
		{l("authorized_staff"), o.Authorized.String(), l("actual_staff"), o.Actual.String()},
	}
	for _, pr := range pairs {
		d.row(trfmt{cantSplit: true, height: rowHeight})
		for i, t := range pr {
			if i%2 == 0 {
				labelCell(d, cfmt{}, centred, cellLabel, t)
			} else {
				textCell(d, cfmt{}, centred, cellText, t)
			}
		}
		d.endRow()
	}
	wide := grid[1] + grid[2] + grid[3]
	labelled := func(label string, content func(), text int) {
		d.row(trfmt{cantSplit: text < 12*halfEms(wide, sizeSmall4), height: rowHeight})
		labelCell(d, cfmt{}, centred, cellLabel, label)
		d.cell(cfmt{span: 3})
		content()
		d.endCell()
		d.endRow()
	}
	labelled(l("duties"), func() { d.paras(cellBlock, cellText, o.Duties, false) }, width(o.Duties))
	n := 0
	for _, t := range o.Tasks {
		n += width(t)
	}
	labelled(l("tasks"), func() {
		for i, t := range o.Tasks {
			d.para(cellLeft, cellText, "任务"+strconv.Itoa(i+1)+"："+trimSpace(t))
		}
	}, n)
	labelled(l("operation"), func() { sections(d, o.Operation, 0, true) }, 1<<30)
	d.endTable()
}

// sections writes headed texts, numbering the headings 一、 （一） 1. （1）
// by depth: in the body as headings in 黑体, 楷体 and 仿宋; in a table cell
// in the cell's size. A section without a title (the paragraphs before the
// first heading) prints its paragraphs alone and takes no number.
func sections(d *doc, ss []jixiao.Section, depth int, inCell bool) {
	n := 0
	for _, s := range ss {
		if t := trimSpace(s.Title); t != "" {
			n++
			title := form.Number(depth, n) + t
			if inCell {
				f := cellText
				f.font = [...]string{fontHei, fontKai, fontFang, fontFang}[min(depth, 3)]
				d.para(pfmt{style: "TableText", jc: "both", firstLine: 2 * sizeSmall4 * 10, keepNext: true}, f, title)
			} else {
				f := body
				f.font = [...]string{fontHei, fontKai, fontFang, fontFang}[min(depth, 3)]
				d.para(pfmt{style: "Heading" + strconv.Itoa(min(depth, 3)+2)}, f, title)
			}
		}
		for _, t := range s.Paragraphs {
			if inCell {
				d.paras(cellBlock, cellText, t, false)
			} else {
				d.paras(pfmt{style: "BodyText"}, body, t, false)
			}
		}
		sections(d, s.Sections, depth+1, inCell)
	}
}

// textCell writes a cell holding text, one paragraph per line.
func textCell(d *doc, c cfmt, p pfmt, f rfmt, s string) {
	d.cell(c)
	d.paras(p, f, s, false)
	d.endCell()
}

// labelCell writes a cell holding a label of the form, broken into lines as
// the published form breaks it (form.Wrap): never a lone character on a line.
func labelCell(d *doc, c cfmt, p pfmt, f rfmt, s string) {
	d.cell(c)
	d.para(p, f, strings.Join(form.Wrap(s, halfEms(d.cellWidth, f.size)), "\n"))
	d.endCell()
}

// finance writes part 二: the four tables of 收支情况 (form.FinanceTables),
// each with the sum row and a row per unit.
func finance(d *doc, p *jixiao.Profile, fin *jixiao.Finance) {
	d.para(pfmt{style: "Heading1"}, heading, form.Part(p, 2))
	rows := make([]*jixiao.Org, 0, len(fin.Units)+1)
	rows = append(rows, &fin.Summary)
	names := make([]string, len(fin.Units))
	for i := range fin.Units {
		rows = append(rows, &fin.Units[i])
		names[i] = fin.Units[i].Name
	}
	labels := form.RowLabels(names)
	const name = 1700
	for _, t := range form.FinanceTables(p) {
		d.para(pfmt{style: "TableCaption"}, caption, t.Caption)
		grid := make([]int, len(t.Columns)+1)
		grid[0] = name
		rest := textWidth - name
		for i := range t.Columns {
			grid[i+1] = rest / len(t.Columns)
			if i == 0 {
				grid[i+1] += rest % len(t.Columns)
			}
		}
		d.table(grid, true)
		header(d, &t, sheetLabel)
		for i, o := range rows {
			// The sum row stays with the header above it.
			d.row(trfmt{cantSplit: true, keepNext: i == 0, height: rowHeight})
			textCell(d, cfmt{}, cellLeft, sheetText, labels[i])
			for _, c := range t.Columns {
				textCell(d, cfmt{}, centred, sheetText, money(*jixiao.OrgFieldByPath(c.Path).Get(o)))
			}
			d.endRow()
		}
		d.endTable()
	}
}

// header writes a table's header rows from its grid (form.Table.Head):
// repeated on every page the table runs over, kept with what follows, a cell
// spanning columns as one cell, one spanning rows merged down.
func header(d *doc, t *form.Table, f rfmt) {
	for r := range t.HeadRows {
		d.row(trfmt{header: true, cantSplit: true, keepNext: true, height: rowHeight})
		for c := 0; c <= len(t.Columns); {
			h, origin := t.Covering(r, c)
			switch {
			case origin:
				merge := mergeNone
				if h.Rows > 1 {
					merge = mergeRestart
				}
				labelCell(d, cfmt{span: h.Cols, merge: merge}, centred, f, h.Text)
			case h.Cols > 0: // the rows below a cell spanning rows
				d.cell(cfmt{span: h.Cols, merge: mergeContinue})
				d.endCell()
			default:
				d.cell(cfmt{})
				d.endCell()
				h.Cols = 1
			}
			c += h.Cols
		}
		d.endRow()
	}
}

// money formats an amount in 万元, or "" when not filled in.
func money(n jixiao.Number) string {
	if !n.Valid {
		return ""
	}
	return jixiao.Money(n.Value)
}

// performance writes part 三: the 定性 and 定量 targets, the total score and
// the grade, in one table of five columns.
func performance(d *doc, p *jixiao.Profile, r *jixiao.Report, s *scoring.Result) {
	pf := &r.Performance
	l := func(path string) string { return form.Label(p, "performance."+path) }
	d.para(pfmt{style: "Heading1"}, heading, form.Part(p, 3))
	grid := []int{1300, 1500, 1300, 3045, 1700}
	d.table(grid, true)

	// 定性目标: its label spans both rows, which stay on one page.
	d.row(trfmt{cantSplit: true, keepNext: true, height: rowHeight})
	labelCell(d, cfmt{merge: mergeRestart}, centred, cellLabel, l("qualitative"))
	textCell(d, cfmt{span: 3}, centred, cellLabel, l("qualitative.goals"))
	textCell(d, cfmt{}, centred, cellLabel, l("qualitative.achieved"))
	d.endRow()
	d.row(trfmt{cantSplit: len(pf.Qualitative.Goals) < 12, height: rowHeight})
	d.cell(cfmt{merge: mergeContinue})
	d.endCell()
	d.cell(cfmt{span: 3})
	for i, g := range pf.Qualitative.Goals {
		d.para(cellLeft, cellText, "目标"+strconv.Itoa(i+1)+"："+trimSpace(g))
	}
	d.endCell()
	textCell(d, cfmt{}, centred, cellText, pf.Qualitative.Achieved)
	d.endRow()

	// 定量目标: the header stays with the first row.
	d.row(trfmt{cantSplit: true, keepNext: true, height: rowHeight})
	labelCell(d, cfmt{merge: mergeRestart}, centred, cellLabel, l("quantitative"))
	textCell(d, cfmt{span: 2}, centred, cellLabel, l("quantitative[0].name"))
	textCell(d, cfmt{}, centred, cellLabel, l("quantitative[0].indicators[0].targets[0].goal"))
	textCell(d, cfmt{}, centred, cellLabel, l("quantitative[0].indicators[0].targets[0].result"))
	d.endRow()
	for _, g := range pf.Quantitative {
		first := true
		inds := g.Indicators
		if len(inds) == 0 {
			inds = []jixiao.TargetIndicator{{}}
		}
		for _, ind := range inds {
			targets := ind.Targets
			if len(targets) == 0 {
				targets = []jixiao.Target{{}}
			}
			for k, t := range targets {
				d.row(trfmt{cantSplit: true, height: rowHeight})
				d.cell(cfmt{merge: mergeContinue})
				d.endCell()
				if first {
					d.cell(cfmt{merge: mergeRestart})
					d.paras(centred, cellText, g.Name, false)
					if note := trimSpace(g.Note); note != "" {
						d.paras(centred, cellText, "（"+note+"）", false)
					}
					d.endCell()
					first = false
				} else {
					d.cell(cfmt{merge: mergeContinue})
					d.endCell()
				}
				if k == 0 {
					labelCell(d, cfmt{merge: mergeRestart}, centred, cellText, ind.Name)
				} else {
					d.cell(cfmt{merge: mergeContinue})
					d.endCell()
				}
				textCell(d, cfmt{}, cellLeft, cellText, t.Goal)
				textCell(d, cfmt{}, centred, cellText, t.Result)
				d.endRow()
			}
		}
	}

	d.row(trfmt{cantSplit: true, height: rowHeight})
	textCell(d, cfmt{span: 2}, centred, cellLabel, l("total_score"))
	total := ""
	if s.Self.Valid {
		total = s.Self.Value.String() + "分"
	}
	textCell(d, cfmt{span: 3}, centred, cellText, total)
	d.endRow()
	d.row(trfmt{cantSplit: true, height: rowHeight})
	textCell(d, cfmt{span: 2}, centred, cellLabel, l("grade"))
	textCell(d, cfmt{span: 3}, centred, cellText, s.Grade)
	d.endRow()
	d.endTable()
}

// evaluation writes part 四: the evaluators with room to sign, the signature
// blocks, and the person who filled the form in.
func evaluation(d *doc, p *jixiao.Profile, r *jixiao.Report, unit string) {
	e := &r.Evaluation
	d.para(pfmt{style: "Heading1"}, heading, form.Part(p, 4))
	grid := []int{1800, 2000, 3045, 2000}
	d.table(grid, true)
	// No repeated header: it would stand above a signature block.
	d.row(trfmt{cantSplit: true, height: rowHeight})
	for _, h := range form.EvaluatorColumns {
		textCell(d, cfmt{}, centred, cellLabel, h)
	}
	d.endRow()
	for _, v := range e.Evaluators {
		d.row(trfmt{cantSplit: true, height: signRow})
		textCell(d, cfmt{}, centred, cellText, v.Name)
		textCell(d, cfmt{}, centred, cellText, v.Title)
		textCell(d, cfmt{}, centred, cellText, v.Org)
		textCell(d, cfmt{}, centred, cellText, "")
		d.endRow()
	}
	for range max(1, 3-len(e.Evaluators)) {
		d.row(trfmt{cantSplit: true, height: signRow})
		for range grid {
			d.cell(cfmt{})
			d.endCell()
		}
		d.endRow()
	}

	signer := pfmt{style: "TableText", jc: "left", left: 3600, before: 120}
	dateLine := pfmt{style: "TableText", jc: "right", right: 480, before: 120, after: 120}
	dateOf := func(dt jixiao.Date) string {
		if dt.IsZero() {
			return blankDate
		}
		return dt.String()
	}
	block := func(title, opinion, sign string, date jixiao.Date) {
		d.row(trfmt{cantSplit: width(opinion) < 600})
		d.cell(cfmt{span: 4, top: true})
		d.para(pfmt{style: "TableText", jc: "left", before: 120}, cellLabel, title)
		d.paras(cellBlock, cellText, opinion, false)
		for range 3 {
			d.para(cellLeft, cellText, "")
		}
		if sign != "" {
			d.para(signer, cellText, sign)
		}
		d.para(dateLine, cellText, dateOf(date))
		d.endCell()
		d.endRow()
	}
	block("评价组组长（签字）：", "", "", e.LeaderDate)
	block(unit+"意见：", e.UnitOpinion, unit+"负责人（签章）：", e.UnitDate)
	block("财政部门归口业务科室意见：", e.FinanceOpinion, "财政部门归口业务科室负责人（签章）：", e.FinanceDate)
	d.endTable()
	d.para(pfmt{style: "Normal", tab: 4800, before: 240, after: 240, line: 480}, rfmt{font: fontFang, size: size4},
		"填报人（签名）："+trimSpace(e.Filler)+"\t联系电话："+trimSpace(e.FillerPhone))
}

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
	overview(d, r, unit)
	finance(d, &r.Finance, unit)
	performance(d, r, s, unit)
	evaluation(d, r, unit)
	d.para(pfmt{style: "Heading1"}, heading, "五、评价报告综述（文字部分）")
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
func overview(d *doc, r *jixiao.Report, unit string) {
	o := &r.Overview
	d.para(pfmt{style: "Heading1", pageBreak: true}, heading, "一、"+unit+"基本概况")
	grid := []int{1700, 2722, 1700, 2723}
	d.table(grid, true)
	pairs := [...][4]string{
		{"联系人", o.Contact, "联络电话", o.Phone},
		{"人员编制", o.Authorized.String(), "实有人数", o.Actual.String()},
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
	labelled("职能职责概述", func() { d.paras(cellBlock, cellText, o.Duties, false) }, width(o.Duties))
	n := 0
	for _, t := range o.Tasks {
		n += width(t)
	}
	labelled("年度主要工作内容", func() {
		for i, t := range o.Tasks {
			d.para(cellLeft, cellText, "任务"+strconv.Itoa(i+1)+"："+trimSpace(t))
		}
	}, n)
	labelled("年度"+unit+"总体运行情况及取得的成绩", func() { sections(d, o.Operation, 0, true) }, 1<<30)
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
			title := number(depth, n) + t
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

// number returns the number of the n-th heading at a depth: 一、 （一） 1. （1）,
// then ① … and （n） beyond ⑳.
func number(depth, n int) string {
	switch depth {
	case 0:
		return chinese(n) + "、"
	case 1:
		return "（" + chinese(n) + "）"
	case 2:
		return strconv.Itoa(n) + "."
	case 3:
		return "（" + strconv.Itoa(n) + "）"
	}
	if n <= 20 {
		return string(rune('①' + n - 1))
	}
	return "（" + strconv.Itoa(n) + "）"
}

// chinese writes n (≥ 1) in Chinese numerals as headings count: 一, 十, 十一,
// 二十一, 一百零五.
func chinese(n int) string {
	const digits = "零一二三四五六七八九"
	digit := func(i int) string { return digits[i*3 : i*3+3] }
	if n <= 0 || n >= 10000 {
		return strconv.Itoa(n)
	}
	var b strings.Builder
	units := [...]string{"千", "百", "十", ""}
	pow := [...]int{1000, 100, 10, 1}
	zero := false
	for i, p := range pow {
		q := n / p % 10
		switch {
		case q == 0:
			zero = b.Len() > 0
		default:
			if zero {
				b.WriteString("零")
				zero = false
			}
			if !(q == 1 && p == 10 && b.Len() == 0) {
				b.WriteString(digit(q))
			}
			b.WriteString(units[i])
		}
	}
	return b.String()
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

// finance writes part 二: the four tables of 收支情况, each with the sum row
// and a row per unit.
func finance(d *doc, fin *jixiao.Finance, unit string) {
	d.para(pfmt{style: "Heading1"}, heading, "二、"+unit+"收支情况")
	rows := make([]*jixiao.Org, 0, len(fin.Units)+1)
	rows = append(rows, &fin.Summary)
	for i := range fin.Units {
		rows = append(rows, &fin.Units[i])
	}
	labels := make([]string, len(rows))
	labels[0] = jixiao.SummaryName
	for i := range fin.Units {
		labels[i+1] = jixiao.UnitLabel(i, fin.Units[i].Name)
	}

	const name = 1700
	h := func(text string) hcell { return hcell{text: text} }
	tables := []struct {
		caption string
		header  [][]hcell
		fields  []string
	}{
		{"年度收入情况（万元）", [][]hcell{
			{{text: "机构名称", merge: mergeRestart}, {text: "收入合计", merge: mergeRestart}, {text: "其中：", span: 5}},
			{{merge: mergeContinue}, {merge: mergeContinue}, h("上年结转"), h("公共财政拨款"), h("政府基金拨款"), h("纳入专户管理的非税收入拨款"), h("其他收入")},
		}, []string{"income.total", "income.carry_over", "income.public_finance", "income.gov_fund", "income.non_tax", "income.other"}},
		{unit + "年度支出和结余情况（万元）", [][]hcell{
			{{text: "机构名称", merge: mergeRestart}, {text: "支出合计", merge: mergeRestart}, {text: "其中：", span: 4}, {text: "结余", span: 2}},
			{{merge: mergeContinue}, {merge: mergeContinue}, {text: "基本支出", merge: mergeRestart}, {text: "其中：", span: 2},
				{text: "项目支出", merge: mergeRestart}, {text: "当年结余", merge: mergeRestart}, {text: "累计结余", merge: mergeRestart}},
			{{merge: mergeContinue}, {merge: mergeContinue}, {merge: mergeContinue}, h("人员支出"), h("公用支出"),
				{merge: mergeContinue}, {merge: mergeContinue}, {merge: mergeContinue}},
		}, []string{"spending.total", "spending.basic", "spending.personnel", "spending.public_use", "spending.project", "spending.surplus_year", "spending.surplus_total"}},
		{"三公经费情况（万元）", [][]hcell{
			{{text: "机构名称", merge: mergeRestart}, {text: "三公经费合计", merge: mergeRestart}, {text: "其中：", span: 4}},
			{{merge: mergeContinue}, {merge: mergeContinue}, h("公务接待费"), h("公务用车运维费"), h("公务用车购置费"), h("因公出国费")},
		}, []string{"three_public.total", "three_public.reception", "three_public.vehicle_running", "three_public.vehicle_purchase", "three_public.abroad"}},
		{"固定资产情况（万元）", [][]hcell{
			{{text: "机构名称", merge: mergeRestart}, {text: "固定资产合计", merge: mergeRestart}, {text: "其中：", span: 2}, {text: "其他", merge: mergeRestart}},
			{{merge: mergeContinue}, {merge: mergeContinue}, h("在用固定资产"), h("出租固定资产"), {merge: mergeContinue}},
		}, []string{"assets.total", "assets.in_use", "assets.leased", "assets.other"}},
	}
	for _, t := range tables {
		d.para(pfmt{style: "TableCaption"}, caption, t.caption)
		grid := make([]int, len(t.fields)+1)
		grid[0] = name
		rest := textWidth - name
		for i := range t.fields {
			grid[i+1] = rest / len(t.fields)
			if i == 0 {
				grid[i+1] += rest % len(t.fields)
			}
		}
		d.table(grid, true)
		header(d, t.header, sheetLabel)
		for i, o := range rows {
			// The sum row stays with the header above it.
			d.row(trfmt{cantSplit: true, keepNext: i == 0, height: rowHeight})
			textCell(d, cfmt{}, cellLeft, sheetText, labels[i])
			for _, path := range t.fields {
				textCell(d, cfmt{}, centred, sheetText, money(*jixiao.OrgFieldByPath(path).Get(o)))
			}
			d.endRow()
		}
		d.endTable()
	}
}

// hcell is a cell of a header row.
type hcell struct {
	text  string
	span  int
	merge int
}

// header writes header rows, repeated on every page the table runs over.
func header(d *doc, rows [][]hcell, f rfmt) {
	for _, r := range rows {
		d.row(trfmt{header: true, cantSplit: true, keepNext: true, height: rowHeight})
		for _, c := range r {
			labelCell(d, cfmt{span: c.span, merge: c.merge}, centred, f, c.text)
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
func performance(d *doc, r *jixiao.Report, s *scoring.Result, unit string) {
	pf := &r.Performance
	d.para(pfmt{style: "Heading1"}, heading, "三、"+unit+"整体支出绩效自评情况")
	grid := []int{1300, 1500, 1300, 3045, 1700}
	d.table(grid, true)

	// 定性目标: its label spans both rows, which stay on one page.
	d.row(trfmt{cantSplit: true, keepNext: true, height: rowHeight})
	labelCell(d, cfmt{merge: mergeRestart}, centred, cellLabel, "整体支出绩效定性目标及实施计划完成情况")
	textCell(d, cfmt{span: 3}, centred, cellLabel, "预期目标")
	textCell(d, cfmt{}, centred, cellLabel, "实际完成")
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
	labelCell(d, cfmt{merge: mergeRestart}, centred, cellLabel, "整体支出绩效定量目标及实施计划完成情况")
	textCell(d, cfmt{span: 2}, centred, cellLabel, "评价内容")
	textCell(d, cfmt{}, centred, cellLabel, "绩效目标")
	textCell(d, cfmt{}, centred, cellLabel, "完成情况")
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
	textCell(d, cfmt{span: 2}, centred, cellLabel, "绩效自评综合得分")
	total := ""
	if s.Self.Valid {
		total = s.Self.Value.String() + "分"
	}
	textCell(d, cfmt{span: 3}, centred, cellText, total)
	d.endRow()
	d.row(trfmt{cantSplit: true, height: rowHeight})
	textCell(d, cfmt{span: 2}, centred, cellLabel, "评价等次")
	textCell(d, cfmt{span: 3}, centred, cellText, s.Grade)
	d.endRow()
	d.endTable()
}

// evaluation writes part 四: the evaluators with room to sign, the signature
// blocks, and the person who filled the form in.
func evaluation(d *doc, r *jixiao.Report, unit string) {
	e := &r.Evaluation
	d.para(pfmt{style: "Heading1"}, heading, "四、评价人员")
	grid := []int{1800, 2000, 3045, 2000}
	d.table(grid, true)
	// No repeated header: it would stand above a signature block.
	d.row(trfmt{cantSplit: true, height: rowHeight})
	for _, h := range [...]string{"姓名", "职务/职称", "单位", "签字"} {
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

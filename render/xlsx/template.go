package xlsx

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/ooxml"
)

// TemplateOptions sizes and prefills the fill-in template. Every field is
// optional; the zero value gives the defaults stated per field.
type TemplateOptions struct {
	// Year is the 评价年度, prefilled and shown in the cover title; 0 leaves
	// it to the unit.
	Year int
	// Unit and BudgetCode prefill 部门(单位)名称 and 预算编码.
	Unit, BudgetCode string

	// Spare rows of the variable parts; the reader takes the rows filled in.
	Units      int // rows of each 收支 table (1、局机关 and the 二级机构); 0 means 8
	Tasks      int // 年度主要工作内容: 任务 rows; 0 means 10
	Operation  int // 年度总体运行情况及取得的成绩: heading and paragraph rows; 0 means 20
	Goals      int // 定性目标: 目标 rows; 0 means 10
	Targets    int // 定量目标: rows of each indicator; 0 means 3
	Evaluators int // 评价人员 rows; 0 means 8
	Paragraphs int // 评价报告综述: blank rows under each heading of the outline; 0 means 3

	// Groups are the 定量目标 groups and their indicators, as printed (names
	// and notes; targets are ignored). Nil means the profile's Targets, or
	// when it has none the form's: 产出目标 (质量,
	// 数量, 时效, 成本指标) and 效益目标 (社会, 经济, 生态效益, 社会公众或服务
	// 对象满意度).
	Groups []jixiao.TargetGroup
	// Outline is the outline of 评价报告综述 offered (headings, with one
	// level of sub-headings); nil means the profile's, or the form's.
	Outline []jixiao.Section
	// Values, when set, prefills every input cell whose value it holds
	// (last year's report carried over, form.NextYear); its headed texts
	// are not written (the outline is Outline).
	Values *jixiao.Report
}

// Defaults of TemplateOptions.
const (
	defaultUnits      = 8
	defaultTasks      = 10
	defaultOperation  = 20
	defaultGoals      = 10
	defaultTargets    = 3
	defaultEvaluators = 8
	defaultParagraphs = 3
)

func (o TemplateOptions) withDefaults() TemplateOptions {
	or := func(n *int, d int) {
		if *n <= 0 {
			*n = d
		}
	}
	or(&o.Units, defaultUnits)
	or(&o.Tasks, defaultTasks)
	or(&o.Operation, defaultOperation)
	or(&o.Goals, defaultGoals)
	or(&o.Targets, defaultTargets)
	or(&o.Evaluators, defaultEvaluators)
	or(&o.Paragraphs, defaultParagraphs)
	if o.Groups == nil {
		o.Groups = standardTargets
	}
	return o
}

// outlineRow is a heading of the 评价报告综述 outline the template offers.
type outlineRow struct {
	level int
	title string
	leaf  bool // blank paragraph rows follow
}

// outline is the outline of 五、评价报告综述 the template offers: the
// profile's, or the form's standard one.
func outline(p *jixiao.Profile, o TemplateOptions) []outlineRow {
	sections := p.Outline
	if o.Outline != nil {
		sections = o.Outline
	}
	if len(sections) > 0 {
		var rows []outlineRow
		for _, s := range sections {
			rows = append(rows, outlineRow{1, s.Title, len(s.Sections) == 0})
			for _, sub := range s.Sections {
				rows = append(rows, outlineRow{2, sub.Title, true})
			}
		}
		return rows
	}
	u := p.Unit
	return []outlineRow{
		{1, u + "概况", false},
		{2, u + "基本情况", true},
		{2, u + "整体支出规模、使用方向和主要内容、涉及范围等", true},
		{1, u + "整体支出管理及使用情况", false},
		{2, "基本支出", true},
		{2, "项目支出", true},
		{1, u + "专项组织实施情况", true},
		{1, u + "整体支出绩效情况", true},
		{1, "存在的主要问题", true},
		{1, "改进措施和有关建议", true},
	}
}

// Template writes the blank fill-in workbook for a unit: the grid of the
// report workbook with its labels locked, input cells unlocked and tinted
// light yellow, drop-downs and number validation with Chinese messages, live
// formulas for the sums and the running score (which Read ignores and
// recomputes), spare rows in each variable part, and an instructions sheet
// 填写说明 first. The sheets are protected without a password.
func Template(w io.Writer, p *jixiao.Profile, opts TemplateOptions) error {
	b, sh, o, err := templateGrid(p, opts)
	if err != nil {
		return err
	}
	wr := newWriter(b, true)
	wr.prefill(o)
	if o.Values != nil {
		if err := wr.fill(o.Values); err != nil {
			return err
		}
	}
	return wr.emit(w, meta{Kind: "template", Shape: sh, Profile: p}, guide(p, o))
}

// templateGrid lays out the template's grid.
func templateGrid(p *jixiao.Profile, opts TemplateOptions) (*book, shape, TemplateOptions, error) {
	if opts.Groups == nil && len(p.Targets) > 0 {
		opts.Groups = p.Targets
	}
	o := opts.withDefaults()
	narrative := 0
	for _, r := range outline(p, o) {
		narrative++
		if r.leaf {
			narrative += o.Paragraphs
		}
	}
	sh := shape{Units: o.Units, Tasks: o.Tasks, Operation: o.Operation, Goals: o.Goals,
		Evaluators: o.Evaluators, Narrative: narrative}
	for _, g := range o.Groups {
		inds := make([]int, max(1, len(g.Indicators)))
		for i := range inds {
			inds[i] = o.Targets
		}
		sh.Targets = append(sh.Targets, inds)
	}
	if err := sh.check(); err != nil {
		return nil, sh, o, fmt.Errorf("无法生成填报模板：%w", err)
	}
	return build(p, sh), sh, o, nil
}

// prefill puts the template's initial values: the options' cover fields, the
// cover's defaults, 局机关, the 定量目标 groups (locked) and the outline of
// 评价报告综述.
func (wr *writer) prefill(o TemplateOptions) {
	b := wr.b
	for _, f := range b.fields {
		switch {
		case f.path == "cover.year" && o.Year != 0:
			wr.vals[f.cell] = o.Year
		case f.path == "cover.unit":
			wr.vals[f.cell] = o.Unit
		case f.path == "cover.budget_code":
			wr.vals[f.cell] = o.BudgetCode
		case f.prefill != "":
			wr.vals[f.cell] = f.prefill
		}
	}
	for _, l := range b.lists {
		switch l.path {
		case "finance.units":
			wr.vals[l.slots[0].fields[0].cell] = "局机关"
		case "performance.quantitative":
			for gi, g := range o.Groups {
				gf := l.slots[gi].fields[0]
				gf.locked = true
				text := g.Name
				if g.Note != "" {
					text += "\n（" + g.Note + "）"
				}
				wr.vals[gf.cell] = text
				for ii, ind := range g.Indicators {
					nf := l.slots[gi].lists[0].slots[ii].fields[0]
					nf.locked = true
					wr.vals[nf.cell] = ind.Name
				}
			}
		case "narrative":
			i := 0
			for _, r := range outline(b.p, o) {
				sl := l.slots[i]
				wr.vals[sl.fields[0].cell] = headingKinds[r.level-1]
				wr.vals[sl.fields[1].cell] = r.title
				wr.over[sl.fields[0].cell] = stHead1 + style(r.level-1)
				wr.over[sl.fields[1].cell] = stHead1 + style(r.level-1)
				i++
				if r.leaf {
					i += o.Paragraphs
				}
			}
		}
	}
}

// guide is the text of 填写说明, one paragraph per row.
func guide(p *jixiao.Profile, o TemplateOptions) []string {
	u := p.Unit
	n := strconv.Itoa
	return []string{
		p.Place + u + "整体支出绩效评价自评报告 填报模板",
		"一、怎样填写",
		"1. 只在浅黄色的单元格里填写；白色单元格是表格原有的文字，灰色单元格由公式自动计算，都不能修改。",
		"2. 各工作表依次对应报告的各部分：封面、基本概况（一）、收支情况（二）、绩效自评（三）、评价人员（四）、评价报告综述（五）、评分表（" + p.Attachment + "）和基础数据。",
		"3. 金额以万元为单位，最多两位小数，直接填数字（如 307.47），不带“万元”。",
		"4. 合计行“" + jixiao.SummaryName + "”、各机构的“当年结余”、评分表的“总分”和“绩效自评综合得分”由公式自动计算；导入时也会重新计算，不读取这些单元格。",
		"5. 评分表的“自评得分”应在 0 到该项分值之间；扣了分的，请在“扣分原因和其他说明”中写明原因。“评价等次”从下拉列表中选择。",
		"6. 日期可填 2021-6-27、2021年6月27日 或 二〇二一年六月二十七日。",
		"7. 一个单元格里要分段时，按 Alt+Enter（WPS 同样）换行，每行是一段。",
		"二、可变行数",
		"下列部分预留了空行，填多少行就导入多少行，空行会被忽略，不必删除：",
		"· 收支情况：每张表 " + n(o.Units) + " 个机构行（第 1 行为局机关，其后为各二级机构；四张表的机构名称只在第一张表填写）；",
		"· 基本概况：任务 " + n(o.Tasks) + " 行，年度总体运行情况及取得的成绩 " + n(o.Operation) + " 行；",
		"· 绩效自评：定性目标 " + n(o.Goals) + " 行，定量目标每个指标 " + n(o.Targets) + " 行（没有目标的指标填一行“无”）；",
		"· 评价人员：" + n(o.Evaluators) + " 行；",
		"· 评价报告综述：已列出标准提纲，每个标题下预留 " + n(o.Paragraphs) + " 行。",
		"行数不够时，在这部分的行中间插入行（选中一行，右键“插入”），在新行的浅黄色单元格里填写即可，读取时会按新的行数读取；不要在表格的第一行之上或最后一行之下插入。收支情况的四张表各自插入，机构名称只填在第一张表中。多余的空行可以留着，也可以删除。也可以加大行数重新生成模板。",
		"三、分段文字",
		"“年度总体运行情况及取得的成绩”和“评价报告综述”每行一段。每行前面的小格选择标题层级（一级标题、二级标题、三级标题），正文段落留空；标题编号（一、（一）1.）在生成报告时自动加上，不要自己输入。",
		"四、基础数据",
		"“基础数据”表中的数据用于按评分标准核算得分（如三公经费预算数、政府采购金额、满意度），能填的尽量填写。清单类指标填写符合的要点编号，如 ①②③；都不符合填“无”。",
		"五、导入与检查",
		"填好后保存为 .xlsx（不要改工作表名称，不要设置打开密码）。然后任选一种方法：把这个文件拖到 jixiao 程序的图标上，或双击 jixiao 程序打开网页、在网页上上传这个文件。工具会逐项检查，列出有问题的单元格（例如 收支情况!D7），并生成正式表式的 Word 和 Excel 文件；有错误时生成的是草稿。",
	}
}

// dvRule is one data validation of the template.
type dvRule struct {
	typ          string // whole, decimal, date, list or none
	f1, f2       string // the bounds (between) of whole, decimal and date
	list         string // comma-separated choices
	errMsg       string
	prompt       string
	promptHeader string
}

// ruleFor returns the validation of an input cell; ok false for none.
func (w *writer) ruleFor(f *field, path string) (dvRule, bool) {
	switch f.kind {
	case kindNumber:
		unit := unitOf(path)
		lo, hi := f.min, f.max
		switch unit {
		case "人", "个", "例":
			return dvRule{typ: "whole", f1: or(lo, "0"), f2: or(hi, "999999"), errMsg: "请填写不小于 0 的整数（单位：" + unit + "）。"}, true
		case "分":
			return dvRule{typ: "decimal", f1: lo, f2: hi, errMsg: "自评得分应为 " + lo + " 到 " + hi + " 之间的数字（分值 " + hi + " 分），最多两位小数。"}, true
		case "%":
			return dvRule{typ: "decimal", f1: or(lo, "0"), f2: or(hi, "100"), errMsg: "请填写 0 到 100 之间的数字（单位：%，不带百分号），最多两位小数。"}, true
		}
		msg := "请填写金额（万元）：最多两位小数的数字，不带单位。"
		if lo == "" {
			lo = "-999999999999.99"
		} else {
			msg = "请填写金额（万元）：不小于 0、最多两位小数的数字，不带单位。"
		}
		return dvRule{typ: "decimal", f1: lo, f2: or(hi, "999999999999.99"), errMsg: msg}, true
	case kindYear:
		return dvRule{typ: "whole", f1: f.min, f2: f.max, errMsg: "请填写四位数的年份，如 2020。"}, true
	case kindDate, kindDateLine:
		return dvRule{typ: "date",
			f1:     strconv.Itoa(dateSerial(jixiao.Date{Year: 2000, Month: 1, Day: 1})),
			f2:     strconv.Itoa(dateSerial(jixiao.Date{Year: 2099, Month: 12, Day: 31})),
			errMsg: "请填写日期，如 2021-6-27 或 2021年6月27日。"}, true
	case kindGrade:
		var names []string
		for _, g := range w.b.p.Grades {
			if strings.ContainsAny(g.Name, `,"`) { // a drop-down list cannot hold it
				return dvRule{}, false
			}
			names = append(names, g.Name)
		}
		return dvRule{typ: "list", list: strings.Join(names, ","),
			errMsg: "请从下拉列表中选择评价等次：" + strings.Join(names, "、") + "。"}, true
	case kindHeading:
		return dvRule{typ: "list", list: strings.Join(headingKinds, ","),
			errMsg:       "请选择 " + strings.Join(headingKinds, "、") + "；正文段落留空。",
			promptHeader: "标题层级", prompt: "标题行选择层级，正文段落留空。编号自动生成。"}, true
	case kindMet:
		return dvRule{typ: "none", promptHeader: "符合的要点", prompt: "填写符合的要点编号，如 ①②③ 或 1、2、3；都不符合填 无。"}, true
	}
	return dvRule{}, false
}

func or(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// validate writes the data validations of a sheet's input cells, one per
// rule with all its cells.
func (w *writer) validate(s *sheet, ws *worksheet) {
	var order []dvRule
	refs := map[dvRule][]byte{}
	w.b.each(func(f *field, path string) {
		if f.cell.sheet != s || f.locked {
			return
		}
		r, ok := w.ruleFor(f, path)
		if !ok {
			return
		}
		ref, seen := refs[r]
		if !seen {
			order = append(order, r)
		} else {
			ref = append(ref, ' ')
		}
		refs[r] = appendRef(ref, f.cell.col, f.cell.row)
	})
	if len(order) == 0 {
		return
	}
	ws.raw(`<dataValidations count="`)
	ws.int(len(order))
	ws.raw(`">`)
	attr := func(name, value string) {
		ws.raw(` ` + name + `="`)
		ws.b = ooxml.AppendText(ws.b, value)
		ws.b = append(ws.b, '"')
	}
	for _, r := range order {
		ws.raw(`<dataValidation type="` + r.typ + `"`)
		if r.f1 != "" {
			ws.raw(` operator="between"`)
		}
		ws.raw(` allowBlank="1"`)
		if r.prompt != "" {
			ws.raw(` showInputMessage="1"`)
		}
		if r.errMsg != "" {
			ws.raw(` showErrorMessage="1" errorStyle="stop"`)
			attr("errorTitle", "输入有误")
			attr("error", r.errMsg)
		}
		if r.prompt != "" {
			attr("promptTitle", r.promptHeader)
			attr("prompt", r.prompt)
		}
		ws.raw(` sqref="`)
		ws.b = append(ws.b, refs[r]...)
		ws.raw(`">`)
		formula := func(n int, f string) {
			ws.raw(`<formula` + strconv.Itoa(n) + `>`)
			ws.b = ooxml.AppendText(ws.b, f)
			ws.raw(`</formula` + strconv.Itoa(n) + `>`)
		}
		switch {
		case r.list != "": // a list of choices is a string; its quotes need no escape
			ws.raw(`<formula1>"`)
			ws.b = ooxml.AppendText(ws.b, r.list)
			ws.raw(`"</formula1>`)
		case r.f1 != "":
			formula(1, r.f1)
			formula(2, r.f2)
		}
		ws.raw(`</dataValidation>`)
	}
	ws.raw(`</dataValidations>`)
}

// each calls fn for every field of the grid with its JSON path, list
// elements numbered by slot.
func (b *book) each(fn func(f *field, path string)) {
	for _, f := range b.fields {
		fn(f, f.path)
	}
	var walk func(ls []*list, parent string)
	walk = func(ls []*list, parent string) {
		for _, l := range ls {
			for i, sl := range l.slots {
				el := index(parent+l.path, i)
				for _, f := range sl.fields {
					if l.sections {
						fn(f, parent+l.path)
					} else {
						fn(f, el+f.path)
					}
				}
				walk(sl.lists, el)
			}
		}
	}
	walk(b.lists, "")
}

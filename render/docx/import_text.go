package docx

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"jixiao"
	"jixiao/form"
)

// The cover, the labelled values (联系人 | 傅颖, 报告日期：2021年6月27日) and the
// headed texts.

var yearInTitle = regexp.MustCompile(`([0-9]{4})年度`)

// cover reads the year from the title and marks the cover's own lines (the
// title, the attachment label, the issuer) as the form's.
func (im *importer) cover(parts [6]int) {
	p := im.p
	end := len(im.lines)
	for _, at := range parts[1:] {
		if at >= 0 {
			end = min(end, at)
			break
		}
	}
	noDigits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return -1
			}
			return r
		}, s)
	}
	own := map[string]bool{key(p.IssuerLine()): true}
	if a := p.Cover.Attachment; a != "" {
		own[key(a)] = true
	}
	titles := map[string]bool{}
	all := ""
	for _, t := range p.TitleLines(2000) {
		titles[noDigits(key(t))] = true
		all += noDigits(key(t))
	}
	titles[all] = true
	for i := range end {
		l := &im.lines[i]
		if l.para == nil {
			continue
		}
		k := paraKey(l.para)
		switch {
		case k == "":
		case own[k]:
			im.usedPara[l.para] = true
		case titles[noDigits(k)]:
			im.usedPara[l.para] = true
			if m := yearInTitle.FindStringSubmatch(k); m != nil && im.r.Cover.Year == 0 {
				y, _ := jixiao.ParseYear(m[1])
				im.r.Cover.Year = y
				im.places["cover.year"] = im.paraPlace(l)
				im.places["cover"] = im.paraPlace(l)
			}
		}
	}
}

// value is a labelled value as found: the cell holding it, or the text after
// a label and its colon in a paragraph (cell nil).
type value struct {
	text string
	cell *Cell
	at   jixiao.Place
}

// labelField is a labelled value of the form: its path, its labels (the form's
// and other spellings units use), and how it is read.
type labelField struct {
	path   string
	labels []string
	set    func(v value)
}

func (im *importer) fieldList() []labelField {
	p, r := im.p, &im.r
	text := func(dst *string, path string) func(value) {
		return func(v value) { im.setText(dst, path, v.text, v.at) }
	}
	number := func(dst *jixiao.Number, path string) func(value) {
		return func(v value) { im.setNumber(dst, path, v.text, v.at) }
	}
	l := func(path string, more ...string) []string { return append([]string{form.Label(p, path)}, more...) }
	return []labelField{
		{"cover.unit", []string{form.UnitNameLabel(p), "单位名称", "部门名称"}, text(&r.Cover.Unit, "cover.unit")},
		{"cover.budget_code", l("cover.budget_code"), text(&r.Cover.BudgetCode, "cover.budget_code")},
		{"cover.method", l("cover.method"), text(&r.Cover.Method, "cover.method")},
		{"cover.evaluator", l("cover.evaluator"), text(&r.Cover.Evaluator, "cover.evaluator")},
		{"cover.report_date", []string{p.DateLabel(), "报告日期", "报告期"},
			func(v value) { im.setDate(&r.Cover.Date, "cover.report_date", v.text, v.at) }},
		{"overview.contact", l("overview.contact"), text(&r.Overview.Contact, "overview.contact")},
		{"overview.phone", l("overview.phone"), text(&r.Overview.Phone, "overview.phone")},
		{"overview.authorized_staff", l("overview.authorized_staff"), number(&r.Overview.Authorized, "overview.authorized_staff")},
		{"overview.actual_staff", l("overview.actual_staff"), number(&r.Overview.Actual, "overview.actual_staff")},
		{"overview.duties", l("overview.duties"), func(v value) {
			im.setText(&r.Overview.Duties, "overview.duties", strings.Join(textLines(v.text), "\n"), v.at)
		}},
		{"overview.tasks", l("overview.tasks"), func(v value) {
			im.places["overview.tasks"] = v.at
			for _, s := range textLines(v.text) {
				path := index("overview.tasks", len(r.Overview.Tasks))
				bare, _ := jixiao.BareItem("任务", s)
				im.places[path] = v.at
				r.Overview.Tasks = append(r.Overview.Tasks, im.text(bare, path, v.at))
			}
		}},
		{"overview.operation", l("overview.operation"), func(v value) {
			im.places["overview.operation"] = v.at
			var paras []*Paragraph
			if v.cell != nil {
				paras = v.cell.Paragraphs()
			} else {
				paras = []*Paragraph{{Text: v.text}}
			}
			r.Overview.Operation = form.Unflatten(im.headed(paras, func(*Paragraph) jixiao.Place { return v.at }), "overview.operation", im.places)
		}},
		{"performance.total_score", l("performance.total_score"), number(&r.Performance.TotalScore, "performance.total_score")},
		{"performance.grade", l("performance.grade"), func(v value) {
			im.setText(&r.Performance.Grade, "performance.grade", im.grade(v.text), v.at)
		}},
		{"evaluation.filler", []string{"填报人（签名）", "填报人"}, text(&r.Evaluation.Filler, "evaluation.filler")},
		{"evaluation.filler_phone", l("evaluation.filler_phone"), text(&r.Evaluation.FillerPhone, "evaluation.filler_phone")},
	}
}

// labelPatterns memoises looseLabel's patterns, unanchored.
var labelPatterns sync.Map // label → *regexp.Regexp

func labelPattern(label string) *regexp.Regexp {
	if re, ok := labelPatterns.Load(label); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile(strings.TrimPrefix(looseLabelOf(label).String(), `^[\s\x{3000}]*`))
	labelPatterns.Store(label, re)
	return re
}

// labelMatch is a label and its colon found in a text.
type labelMatch struct {
	field      int
	start, end int
}

// labelled finds the labels followed by a colon in s, the first at its
// start: 填报人（签名）：潘红艳→联系电话：8208775. None when s does not start
// with one.
func labelled(s string, fields []labelField) []labelMatch {
	if !strings.ContainsAny(s, ":：") {
		return nil
	}
	var ms []labelMatch
	for fi, f := range fields {
		for _, label := range f.labels {
			for _, m := range labelPattern(label).FindAllStringIndex(s, -1) {
				if m[0] > 0 {
					r, _ := utf8.DecodeLastRuneInString(s[:m[0]])
					if !unicode.IsSpace(r) && !strings.ContainsRune("；;，,。", r) {
						continue
					}
				}
				ms = append(ms, labelMatch{fi, m[0], m[1]})
			}
		}
	}
	slices.SortFunc(ms, func(a, b labelMatch) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return b.end - a.end
	})
	var out []labelMatch
	for _, m := range ms {
		if len(out) > 0 && m.start < out[len(out)-1].end {
			continue
		}
		out = append(out, m)
	}
	if len(out) == 0 || strings.TrimSpace(s[:out[0].start]) != "" {
		return nil
	}
	return out
}

// fields reads the labelled values: a label in a cell and its value in the
// next (skipping a cell holding only a colon), or a label and a colon
// followed by the value, in a cell or a paragraph. The first of each wins.
func (im *importer) fields() {
	fields := im.fieldList()
	exact := map[string]int{}
	for fi, f := range fields {
		for _, l := range f.labels {
			exact[key(l)] = fi
		}
	}
	done := make([]bool, len(fields))
	set := func(fi int, v value) {
		if done[fi] {
			return
		}
		done[fi] = true
		fields[fi].set(v)
	}
	inline := func(s string, ms []labelMatch, at jixiao.Place, next *Cell) {
		for j, m := range ms {
			end := len(s)
			if j+1 < len(ms) {
				end = ms[j+1].start
			}
			v := strings.TrimFunc(s[m.end:end], unicode.IsSpace)
			if v == "" && j == len(ms)-1 && next != nil {
				im.use(next)
				set(m.field, value{next.Text, next, im.cellPlace(next)})
				continue
			}
			set(m.field, value{v, nil, at})
		}
	}
	for i := range im.lines {
		if im.inNarrative(i) {
			continue
		}
		l := &im.lines[i]
		if l.para != nil {
			if im.usedPara[l.para] || l.para.Cell != nil && im.used[l.para.Cell] {
				continue
			}
			if ms := labelled(l.para.Text, fields); ms != nil {
				im.usedPara[l.para] = true
				inline(l.para.Text, ms, im.paraPlace(l), nil)
			}
			continue
		}
		for ci := 0; ci < len(l.cells); ci++ {
			c := l.cells[ci]
			if !begins(c, l.row) || im.used[c] {
				continue
			}
			var next *Cell
			for _, n := range l.cells[ci+1:] {
				if k := cellKey(n); k == "" && strings.TrimSpace(n.Text) != "" {
					im.use(n) // a colon alone
					continue
				}
				if begins(n, l.row) && !im.used[n] {
					next = n
				}
				break
			}
			if fi, ok := exact[cellKey(c)]; ok && !done[fi] {
				im.use(c)
				if next != nil {
					im.use(next)
					set(fi, value{next.Text, next, im.cellPlace(next)})
					ci++
				}
				continue
			}
			if ms := labelled(c.Text, fields); ms != nil {
				im.use(c)
				inline(c.Text, ms, im.cellPlace(c), next)
			}
		}
	}
}

// grade reads 评价等次 as typed (优) or as ticked boxes (☑优 □良 □中 □差).
func (im *importer) grade(s string) string {
	const ticked = "☑☒■√✓✔▣⊠"
	const boxes = "□◻☐▢◽"
	if !strings.ContainsAny(s, ticked+boxes) {
		return s
	}
	var out []string
	for _, g := range im.p.Grades {
		for i := strings.Index(s, g.Name); i >= 0; {
			before := strings.TrimRightFunc(s[:i], unicode.IsSpace)
			if r, _ := utf8.DecodeLastRuneInString(before); strings.ContainsRune(ticked, r) {
				out = append(out, g.Name)
				break
			}
			j := strings.Index(s[i+len(g.Name):], g.Name)
			if j < 0 {
				break
			}
			i += len(g.Name) + j
		}
	}
	return strings.Join(out, "、")
}

// headed reads paragraphs as headed text: a paragraph that starts with a
// heading number (一、 （一） 1.) and reads as a heading (in a heading style,
// or short and not ending a sentence) is a heading of that level, its
// number left out (the form numbers headings itself); a paragraph in a
// heading style without a number is a heading of its outline level. Every
// line of a paragraph broken by line breaks is a paragraph.
func (im *importer) headed(paras []*Paragraph, place func(*Paragraph) jixiao.Place) []form.TextLine {
	base := 0
	for _, p := range paras {
		if p.Outline > 0 && (base == 0 || p.Outline < base) {
			base = p.Outline
		}
	}
	var out []form.TextLine
	for _, p := range paras {
		at := place(p)
		for i, s := range textLines(p.Text) {
			outline := 0
			if i == 0 {
				outline = p.Outline
			}
			level := 0
			if depth, ok := jixiao.HeadingDepth(s); ok && (outline > 0 || short(s)) {
				level = depth + 1
				s, _ = jixiao.BareTitle(s)
			} else if outline > 0 && short(s) {
				level = outline - base + 1
			}
			out = append(out, form.TextLine{Level: level, Text: im.text(s, "", at), At: at})
		}
	}
	return out
}

// short reports whether a text reads as a heading: at most 60 characters,
// not ending a sentence.
func short(s string) bool {
	s = strings.TrimSpace(s)
	r, _ := utf8.DecodeLastRuneInString(s)
	return utf8.RuneCountInString(s) <= 60 && !strings.ContainsRune("。；;！!？?…", r)
}

// narrativeText reads 五、评价报告综述: the paragraphs from its heading to the
// score sheet. A table there is not read.
func (im *importer) narrativeText(parts [6]int) {
	if parts[5] < 0 {
		return
	}
	im.places["narrative"] = im.paraPlace(&im.lines[parts[5]])
	var paras []*Paragraph
	at := map[*Paragraph]jixiao.Place{}
	warned := map[*Table]bool{}
	for i := im.narrative[0]; i < im.narrative[1]; i++ {
		l := &im.lines[i]
		if l.para != nil {
			if strings.TrimSpace(l.para.Text) != "" {
				paras = append(paras, l.para)
				at[l.para] = im.paraPlace(l)
			}
			im.usedPara[l.para] = true
			continue
		}
		im.use(l.cells...)
		if !warned[l.table] {
			warned[l.table] = true
			im.problem(jixiao.Warning, jixiao.CodeUnknownField, "", im.cellPlace(l.cells[0]), fmt.Sprintf(
				"%s中的表格（表%d）没有导入：综述只导入文字段落，请把表格的内容写成文字", form.Part(im.p, 5), l.table.Index))
		}
	}
	im.r.Narrative = form.Unflatten(im.headed(paras, func(p *Paragraph) jixiao.Place { return at[p] }), "narrative", im.places)
}

// leftOver warns of every text not read: content that is not part of the
// form. Pictures and text boxes are not read either.
func (im *importer) leftOver() {
	for i := range im.lines {
		if im.inNarrative(i) {
			continue
		}
		l := &im.lines[i]
		if l.para != nil {
			if im.usedPara[l.para] || l.para.Cell != nil && im.used[l.para.Cell] || strings.TrimSpace(l.para.Text) == "" {
				continue
			}
			im.problem(jixiao.Warning, jixiao.CodeUnknownField, "", im.paraPlace(l),
				"表式之外的文字 "+jixiao.Quote(strings.TrimSpace(l.para.Text))+" 没有导入")
			continue
		}
		for _, c := range l.cells {
			if !begins(c, l.row) || im.used[c] || strings.TrimSpace(c.Text) == "" {
				continue
			}
			im.problem(jixiao.Warning, jixiao.CodeUnknownField, "", im.cellPlace(c),
				"表格中多出的内容 "+jixiao.Quote(strings.TrimSpace(c.Text))+" 不是表式的栏目，没有导入")
		}
	}
	if n := im.d.Images; n > 0 {
		im.problem(jixiao.Warning, jixiao.CodeUnknownField, "", jixiao.Place{}, fmt.Sprintf("文档中有 %d 张图片，图片中的内容不会导入", n))
	}
	if n := im.d.TextBoxes; n > 0 {
		im.problem(jixiao.Warning, jixiao.CodeUnknownField, "", jixiao.Place{}, fmt.Sprintf("文档中有 %d 个文本框，文本框中的文字不会导入", n))
	}
}

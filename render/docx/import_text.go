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
			im.setText(&r.Performance.Grade, "performance.grade", im.grade(v.text, v.at), v.at)
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

// Marks of 评价等次: a tick (checked), an empty box or empty brackets
// (unchecked). A cross alone (✗ ×) is not read either way: units use it for
// “this one” as well as for “not this one”.
const (
	checkedMarks   = "☑☒■√✓✔▣⊠●◉✅"
	uncheckedMarks = "□◻☐▢◽○◯"
	crossMarks     = "✗✘×╳"
	gradeSeps      = "、，,;；/|｜:："
)

// gradeToken is a grade's name or a mark in the text of 评价等次.
type gradeToken struct {
	name       string // the grade's name; "" for a mark
	checked    bool   // a mark that ticks
	start, end int
}

// grade reads 评价等次 as typed (优) or as marks beside the grades' names,
// before (☑优 □良, √优) or after them (优√ 良 中 差, 优■ 良□, 优（√） 良（ ）),
// spaces and brackets allowed. One ticked grade is the grade; no tick and
// one grade typed alone beside the boxes is that grade; boxes left blank are
// no grade. Anything else (two ticks, a cross, other words among the marks)
// is warned of at the cell and left blank, never guessed.
func (im *importer) grade(s string, at jixiao.Place) string {
	toks, ok, cross := gradeTokens(s, im.p.Grades)
	marks := 0
	for _, t := range toks {
		if t.name == "" {
			marks++
		}
	}
	if marks == 0 && !cross {
		return s // as typed
	}
	if g, ok2 := pickGrade(toks); ok && ok2 {
		return g
	}
	var names []string
	for _, g := range im.p.Grades {
		names = append(names, "□"+g.Name)
	}
	if len(names) > 0 {
		names[0] = "☑" + strings.TrimPrefix(names[0], "□")
	}
	im.problem(jixiao.Warning, jixiao.CodeFormat, "performance.grade", at, fmt.Sprintf(
		"读不出勾选的是哪一个等次：%s，评价等次没有导入；请只勾选一项（如 %s）或只写等次",
		jixiao.Quote(strings.TrimSpace(s)), strings.Join(names, " ")))
	return ""
}

// gradeTokens lists the grades' names and the marks in s; ok is false when
// s holds anything else but spaces and separators, cross when it holds a
// cross.
func gradeTokens(s string, grades []jixiao.Grade) (toks []gradeToken, ok, cross bool) {
	ok = true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) || strings.ContainsRune(gradeSeps, r) {
			i += n
			continue
		}
		best := ""
		for _, g := range grades {
			if g.Name != "" && strings.HasPrefix(s[i:], g.Name) && len(g.Name) > len(best) {
				best = g.Name
			}
		}
		switch {
		case best != "":
			toks = append(toks, gradeToken{name: best, start: i, end: i + len(best)})
			i += len(best)
			continue
		case strings.ContainsRune(checkedMarks, r), strings.ContainsRune(uncheckedMarks, r):
			toks = append(toks, gradeToken{checked: strings.ContainsRune(checkedMarks, r), start: i, end: i + n})
			i += n
			continue
		case strings.ContainsRune(crossMarks, r):
			cross = true
		case strings.ContainsRune("（([【〔", r):
			if end, checked, isMark := bracketMark(s[i+n:]); isMark {
				toks = append(toks, gradeToken{checked: checked, start: i, end: i + n + end})
				i += n + end
				continue
			}
		}
		ok = false
		i += n
	}
	return toks, ok, cross
}

// bracketMark reads a bracketed mark after its opening bracket: （√） or
// （ ）; end is the length taken, the closing bracket included.
func bracketMark(s string) (end int, checked, ok bool) {
	marks := 0
	for i, r := range s {
		switch {
		case strings.ContainsRune("）)]】〕", r):
			return i + utf8.RuneLen(r), checked, marks <= 1
		case unicode.IsSpace(r):
		case strings.ContainsRune(checkedMarks, r):
			marks++
			checked = true
		case strings.ContainsRune(uncheckedMarks, r):
			marks++
		default:
			return 0, false, false
		}
	}
	return 0, false, false
}

// pickGrade works out the grade the tokens tick. The marks stand before
// their names when the text starts with a mark, after them when it ends
// with one; otherwise by which side the marks touch (优√ 良), and after
// them when they touch neither. ok is false when the marks cannot be told
// apart or tick more or less than one grade.
func pickGrade(toks []gradeToken) (string, bool) {
	if len(toks) == 0 {
		return "", true
	}
	isMark := func(i int) bool { return i >= 0 && i < len(toks) && toks[i].name == "" }
	first, last := isMark(0), isMark(len(toks)-1)
	before := false // marks before their names
	switch {
	case first && last:
		return "", false
	case first:
		before = true
	case last:
	default:
		votes := map[bool]int{}
		for i, t := range toks {
			if t.name != "" {
				continue
			}
			left := i > 0 && toks[i-1].end == t.start
			right := i+1 < len(toks) && toks[i+1].start == t.end
			if left != right {
				votes[right]++
			}
		}
		if votes[true] > 0 && votes[false] > 0 {
			return "", false
		}
		before = votes[true] > 0
	}
	attached := map[int]bool{}
	ticked := map[string]bool{}
	count := map[string]int{}
	for i, t := range toks {
		if t.name != "" {
			count[t.name]++
			continue
		}
		j := i - 1
		if before {
			j = i + 1
		}
		if j < 0 || j >= len(toks) || isMark(j) || attached[j] {
			if t.checked {
				return "", false
			}
			continue
		}
		attached[j] = true
		if t.checked {
			ticked[toks[j].name] = true
		}
	}
	// A grade typed alone: one not beside a mark, and when the marks tick
	// one grade, one whose name is also beside a mark (the box left as
	// printed, the grade typed after the boxes).
	var alone []string
	for i, t := range toks {
		if t.name != "" && !attached[i] && (len(ticked) == 0 || count[t.name] > 1) {
			alone = append(alone, t.name)
		}
	}
	chosen := map[string]bool{}
	for n := range ticked {
		chosen[n] = true
	}
	for _, n := range alone {
		chosen[n] = true
	}
	switch {
	case len(chosen) == 1:
		for n := range chosen {
			return n, true
		}
	case len(chosen) == 0 && len(ticked) == 0:
		return "", true // the boxes left blank
	}
	return "", false
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

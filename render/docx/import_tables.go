package docx

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"jixiao"
	"jixiao/form"
)

// The tables of the form, each found by its header's labels.

// rowsOf returns the lines of the rows of table t from line i on: the lines
// of t's rows that follow, nested tables' lines skipped.
func (im *importer) rowsOf(i int) []*line {
	t := im.lines[i].table
	var out []*line
	for j := i; j < len(im.lines); j++ {
		l := &im.lines[j]
		switch {
		case l.table == t:
			out = append(out, l)
		case l.para != nil && l.para.Cell != nil && l.para.Cell.Table == t:
			// a box of t: part of it, but no row of a table
		case l.table != nil && nestedIn(l.table, t):
		default:
			return out
		}
	}
	return out
}

// nestedIn reports whether table a is nested, at any depth, in table b.
func nestedIn(a, b *Table) bool {
	for c := a.Cell; c != nil; c = c.Table.Cell {
		if c.Table == b {
			return true
		}
	}
	return false
}

// cellWith returns the first cell of a row line that begins on it and whose
// key is k.
func cellWith(l *line, k string) *Cell {
	for _, c := range l.cells {
		if begins(c, l.row) && cellKey(c) == k {
			return c
		}
	}
	return nil
}

func (im *importer) use(cs ...*Cell) {
	for _, c := range cs {
		if c != nil {
			im.used[c] = true
		}
	}
}

// missing reports a table of the form that is not in the document.
func (im *importer) missing(name string, labels []string) {
	im.problem(jixiao.Error, jixiao.CodeSyntax, "", jixiao.Place{}, fmt.Sprintf(
		"没有找到表格 %s（表头应有 %s）：表格被删除了，或者表头改得认不出来；请按表式填写", jixiao.Quote(name), strings.Join(labels, "、")))
}

// ---- 二、收支情况 ----

// finance reads the four 收支 tables. A table is told by the columns its
// header names (收入合计 …), its caption being optional; one split in two at
// a page break, its header repeated, reads as one. The organisations are
// the rows of the first table read, matched by name in the others.
func (im *importer) finance() {
	tables := form.FinanceTables(im.p)
	headerKeys := map[string]bool{key(form.OrgNameLabel): true}
	captions := map[string]int{}
	for ti, t := range tables {
		captions[key(t.Caption)] = ti
		for _, h := range t.Head {
			headerKeys[key(h.Text)] = true
		}
	}
	fin := &im.r.Finance
	unitAt := map[string]int{}  // key of a unit's name → its index
	filled := map[[2]int]bool{} // table, row (0 the sum row, i+1 unit i) read
	found := make([]bool, len(tables))
	// Where each unit was named: by form table, its place; and each form
	// table's units in order, to match renamed ones by their row.
	named := map[int]map[int]jixiao.Place{}
	var read []int           // the form tables read, in order
	tableNo := map[int]int{} // form table → its number in the document (表N)
	unitsOf := map[int][]int{}
	for i := range im.lines {
		if im.inNarrative(i) {
			continue
		}
		l := &im.lines[i]
		if l.para != nil {
			if _, ok := captions[paraKey(l.para)]; ok {
				im.usedPara[l.para] = true
				im.use(l.para.Cell)
			}
			continue
		}
		nameHead := cellWith(l, labelKey(form.OrgNameLabel))
		if nameHead == nil {
			continue
		}
		rows := im.rowsOf(i)
		head := 1
		for head < len(rows) && head < 4 {
			r := rows[head]
			if r.cells[0] != nameHead && cellKey(r.cells[0]) != "" {
				break
			}
			// A header row holds labels of the form, and may hold a label
			// of an extra column (备注 typed under 其中： in a cell of its own).
			labels := false
			for _, c := range r.cells {
				if begins(c, r.row) && headerKeys[cellKey(c)] {
					labels = true
				}
			}
			if !labels {
				break
			}
			head++
		}
		// The leaf label of each grid column: the lowest label above it.
		t := l.table
		leaves := map[string]*Cell{}
		var order []string
		for col := 1; col <= t.Cols; col++ {
			if col >= nameHead.Col && col < nameHead.Col+nameHead.ColSpan {
				continue
			}
			for h := head - 1; h >= 0; h-- {
				c := t.At(rows[h].row, col)
				k := cellKey(c)
				if k != "" && k != labelKey(form.OfWhichLabel) {
					if _, ok := leaves[k]; !ok {
						leaves[k] = c
						order = append(order, k)
					}
					break
				}
			}
		}
		for h := range head {
			im.use(rows[h].cells...)
		}
		best, bestN := -1, 0
		for ti, ft := range tables {
			n := 0
			for _, c := range ft.Columns {
				if leaves[labelKey(c.Label)] != nil {
					n++
				}
			}
			if n > bestN {
				best, bestN = ti, n
			}
		}
		if best < 0 {
			im.problem(jixiao.Warning, jixiao.CodeUnknownField, "", im.cellPlace(nameHead),
				"这张表格的表头（"+strings.Join(order, "、")+"）不是收支情况的四张表格之一，没有导入")
			continue
		}
		ft := &tables[best]
		var lost []string
		cols := make([]*Cell, len(ft.Columns))
		for ci, c := range ft.Columns {
			if cols[ci] = leaves[labelKey(c.Label)]; cols[ci] == nil {
				lost = append(lost, c.Label)
			}
		}
		if len(lost) > 0 {
			im.problem(jixiao.Error, jixiao.CodeSyntax, "", im.cellPlace(nameHead), fmt.Sprintf(
				"表格 %s 的表头中找不到 %s：表头应为 %s", jixiao.Quote(ft.Caption), strings.Join(lost, "、"), headLabels(ft)))
			found[best] = true
			continue
		}
		for _, k := range order {
			if !columnOf(ft, k) {
				im.extraColumn(ft.Caption, leaves[k])
			}
		}
		found[best] = true
		if _, ok := tableNo[best]; !ok {
			tableNo[best] = t.Index
			read = append(read, best)
		}
		if _, ok := im.places["finance"]; !ok {
			im.places["finance"] = im.cellPlace(nameHead)
		}
		for _, r := range rows[head:] {
			if cellWith(r, labelKey(form.OrgNameLabel)) != nil {
				break // the header of the next part of a split table, read on its own
			}
			nameCell := t.At(r.row, nameHead.Col)
			name := ""
			if begins(nameCell, r.row) {
				name = nameCell.Text
			}
			blank := strings.TrimSpace(name) == ""
			for _, c := range cols {
				if v := t.At(r.row, c.Col); begins(v, r.row) && strings.TrimSpace(v.Text) != "" {
					blank = false
				}
			}
			im.use(r.cells...)
			if blank {
				continue
			}
			var org *jixiao.Org
			var prefix string
			row := 0
			switch k := key(name); {
			case k == key(jixiao.SummaryName) || strings.Contains(k, "汇总") || k == "合计" || k == "总计":
				org, prefix = &fin.Summary, "finance.summary"
			default:
				bare, _ := jixiao.BareItem("", strings.TrimSpace(name))
				bare = strings.TrimSpace(bare)
				idx, ok := unitAt[key(bare)]
				if !ok || key(bare) == "" {
					idx = len(fin.Units)
					fin.Units = append(fin.Units, jixiao.Org{})
					if key(bare) != "" {
						unitAt[key(bare)] = idx
					}
					prefix = index("finance.units", idx)
					if idx == 0 {
						im.places["finance.units"] = im.cellPlace(nameCell)
					}
					im.places[prefix] = im.cellPlace(nameCell)
					im.setText(&fin.Units[idx].Name, prefix+".name", bare, im.cellPlace(nameCell))
				}
				org, prefix, row = &fin.Units[idx], index("finance.units", idx), idx+1
			}
			if filled[[2]int{best, row}] {
				im.problem(jixiao.Warning, jixiao.CodeDuplicate, "", im.cellPlace(nameCell), fmt.Sprintf(
					"表格 %s 中 %s 这一行重复出现，只导入了第一行", jixiao.Quote(ft.Caption), jixiao.Quote(strings.TrimSpace(name))))
				continue
			}
			filled[[2]int{best, row}] = true
			if prefix == "finance.summary" {
				im.places[prefix] = im.cellPlace(nameCell)
			} else {
				if named[row-1] == nil {
					named[row-1] = map[int]jixiao.Place{}
				}
				named[row-1][best] = im.cellPlace(nameCell)
				unitsOf[best] = append(unitsOf[best], row-1)
			}
			for ci, c := range ft.Columns {
				v := t.At(r.row, cols[ci].Col)
				if !begins(v, r.row) {
					continue
				}
				im.setNumber(jixiao.OrgFieldByPath(c.Path).Get(org), prefix+"."+c.Path, v.Text, im.cellPlace(v))
			}
		}
	}
	for ti, ok := range found {
		if !ok {
			im.missing(tables[ti].Caption, append([]string{form.OrgNameLabel}, columnLabels(&tables[ti])...))
		}
	}
	im.unmatchedUnits(read, tableNo, named, unitsOf)
}

// unmatchedUnits warns of each organisation named in some of the 收支
// tables read and not in the others: the tables' rows are matched to units
// by name, so a name typed differently in one table (renamed, mistyped)
// reads as two units. The warning is at the organisation's first row, and
// names the organisation on the same row of the other tables.
func (im *importer) unmatchedUnits(read []int, tableNo map[int]int, named map[int]map[int]jixiao.Place, unitsOf map[int][]int) {
	fin := &im.r.Finance
	no := func(tis []int) string {
		var out []string
		for _, ti := range tis {
			out = append(out, "表"+strconv.Itoa(tableNo[ti]))
		}
		return strings.Join(out, "、")
	}
	for u := range fin.Units {
		var in, out []int
		for _, ti := range read {
			if _, ok := named[u][ti]; ok {
				in = append(in, ti)
			} else {
				out = append(out, ti)
			}
		}
		if len(in) == 0 || len(out) == 0 || fin.Units[u].Name == "" {
			continue
		}
		first := named[u][in[0]]
		msg := fmt.Sprintf("机构 %s 只在%s中，%s中没有这个名称：各表按机构名称对应，名称不一致的读成了不同的机构；请在各表中写同一个名称",
			jixiao.Quote(fin.Units[u].Name), no(in), no(out))
		// The organisation on the same row of the first table without it.
		if k := slices.Index(unitsOf[in[0]], u); k >= 0 && k < len(unitsOf[out[0]]) {
			if v := unitsOf[out[0]][k]; v != u {
				if _, both := named[v][in[0]]; !both {
					msg += fmt.Sprintf("（%s同一行是 %s）", no(out[:1]), jixiao.Quote(fin.Units[v].Name))
				}
			}
		}
		im.problem(jixiao.Warning, jixiao.CodeUnknownField, index("finance.units", u)+".name", first, msg)
	}
}

// extraColumn warns of a column of a table that is not the form's: its
// header cell c.
func (im *importer) extraColumn(caption string, c *Cell) {
	im.problem(jixiao.Warning, jixiao.CodeUnknownField, "", im.cellPlace(c), fmt.Sprintf(
		"表格 %s 中多出一列 %s，不是表式的栏目，这一列没有导入", jixiao.Quote(caption), jixiao.Quote(strings.TrimSpace(c.Text))))
}

// extraColumns warns of each column of a header row l that is not the
// form's: a cell with text that is none of the known header cells. It
// returns whether a cell of a row below lies in a column either read or
// warned of (by the grid column it begins at); the other cells are left
// for leftOver to warn of when they hold text.
func (im *importer) extraColumns(l *line, caption string, known ...*Cell) func(*Cell) bool {
	var spans [][2]int // grid columns [from, to)
	isKnown := map[*Cell]bool{}
	for _, c := range known {
		isKnown[c] = c != nil
	}
	for _, c := range l.cells {
		if !begins(c, l.row) {
			continue
		}
		switch {
		case isKnown[c]:
		case strings.TrimSpace(c.Text) != "":
			im.extraColumn(caption, c)
		default:
			continue
		}
		spans = append(spans, [2]int{c.Col, c.Col + c.ColSpan})
	}
	return func(c *Cell) bool {
		for _, sp := range spans {
			if c.Col >= sp[0] && c.Col < sp[1] {
				return true
			}
		}
		return false
	}
}

func columnOf(t *form.Table, k string) bool {
	for _, c := range t.Columns {
		if labelKey(c.Label) == k {
			return true
		}
	}
	return false
}

func columnLabels(t *form.Table) []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Label
	}
	return out
}

// headLabels lists a table's header as it reads: 机构名称、收入合计、其中：上年结转、…
func headLabels(t *form.Table) string {
	var out []string
	for _, h := range t.Head {
		out = append(out, h.Text)
	}
	return strings.Join(out, "、")
}

// ---- 三、整体支出绩效自评情况 ----

// qualitative reads the 定性目标: the row under the header 预期目标 | 实际完成.
func (im *importer) qualitative() {
	p := im.p
	goalsKey, achKey := key(form.Label(p, "performance.qualitative.goals")), key(form.Label(p, "performance.qualitative.achieved"))
	for i := range im.lines {
		l := &im.lines[i]
		if l.table == nil || im.inNarrative(i) {
			continue
		}
		g, a := cellWith(l, goalsKey), cellWith(l, achKey)
		if g == nil || a == nil {
			continue
		}
		im.use(g, a, cellWith(l, key(form.Label(p, "performance.qualitative"))))
		q := &im.r.Performance.Qualitative
		im.places["performance.qualitative"] = im.cellPlace(g)
		rows := im.rowsOf(i)
		if len(rows) < 2 {
			return
		}
		r := rows[1]
		if c := l.table.At(r.row, g.Col); begins(c, r.row) {
			im.use(c)
			at := im.cellPlace(c)
			im.places["performance.qualitative.goals"] = at
			for _, s := range textLines(c.Text) {
				path := index("performance.qualitative.goals", len(q.Goals))
				bare, _ := jixiao.BareItem("目标", s)
				im.places[path] = at
				q.Goals = append(q.Goals, im.text(bare, path, at))
			}
		}
		if c := l.table.At(r.row, a.Col); begins(c, r.row) {
			im.use(c)
			im.setText(&q.Achieved, "performance.qualitative.achieved", c.Text, im.cellPlace(c))
		}
		return
	}
	im.missing(form.Label(p, "performance.qualitative"), []string{form.Label(p, "performance.qualitative.goals"),
		form.Label(p, "performance.qualitative.achieved")})
}

// quantitative reads the 定量目标: the rows under the header 评价内容 | 绩效目标
// | 完成情况, a group (产出目标) and an indicator (质量指标) merged down their
// rows or typed on the first and left blank below, until 绩效自评综合得分.
func (im *importer) quantitative() {
	p := im.p
	const path = "performance.quantitative"
	contentKey := key(form.Label(p, path+"[0].name"))
	goalKey := key(form.Label(p, path+"[0].indicators[0].targets[0].goal"))
	resultKey := key(form.Label(p, path+"[0].indicators[0].targets[0].result"))
	stop := map[string]bool{key(form.Label(p, "performance.total_score")): true, key(form.Label(p, "performance.grade")): true}
	q := &im.r.Performance.Quantitative
	var group *jixiao.TargetGroup
	var ind *jixiao.TargetIndicator
	var groupPath, indPath string
	found := false
	for i := range im.lines {
		l := &im.lines[i]
		if l.table == nil || im.inNarrative(i) {
			continue
		}
		content, goal, result := cellWith(l, contentKey), cellWith(l, goalKey), cellWith(l, resultKey)
		if content == nil || goal == nil || result == nil {
			continue
		}
		if !found {
			im.places[path] = im.cellPlace(content)
		}
		found = true
		im.use(l.cells...)
		t := l.table
		groupCol, indCol := content.Col, 0
		if content.Col+1 < goal.Col {
			indCol = content.Col + 1
		}
	rows:
		for _, r := range im.rowsOf(i)[1:] {
			for _, c := range r.cells {
				if stop[cellKey(c)] {
					break rows
				}
			}
			if cellWith(r, contentKey) != nil {
				break // a repeated header: read on its own
			}
			im.use(r.cells...)
			g := t.At(r.row, groupCol)
			if begins(g, r.row) && cellKey(g) != "" && (group == nil || groupKey(g.Text) != groupKey(group.Name)) {
				lines := textLines(g.Text)
				name, note := strings.TrimSpace(lines[0]), strings.TrimSpace(strings.Join(lines[1:], "\n"))
				if strings.HasPrefix(note, "（") && strings.HasSuffix(note, "）") || strings.HasPrefix(note, "(") && strings.HasSuffix(note, ")") {
					note = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(note, "（"), "("), "）"), ")"))
				}
				groupPath = index(path, len(*q))
				*q = append(*q, jixiao.TargetGroup{})
				group, ind = &(*q)[len(*q)-1], nil
				at := im.cellPlace(g)
				im.places[groupPath] = at
				im.setText(&group.Name, groupPath+".name", name, at)
				if note != "" {
					im.setText(&group.Note, groupPath+".note", note, at)
				}
			}
			var ic *Cell
			if indCol > 0 {
				ic = t.At(r.row, indCol)
			}
			gc, rc := t.At(r.row, goal.Col), t.At(r.row, result.Col)
			goalText, resultText := "", ""
			if begins(gc, r.row) {
				goalText = gc.Text
			}
			if begins(rc, r.row) {
				resultText = rc.Text
			}
			newInd := begins(ic, r.row) && cellKey(ic) != "" && (ind == nil || key(ic.Text) != key(ind.Name))
			if !newInd && strings.TrimSpace(goalText) == "" && strings.TrimSpace(resultText) == "" {
				continue
			}
			if group == nil { // targets before any group
				groupPath = index(path, len(*q))
				*q = append(*q, jixiao.TargetGroup{})
				group, ind = &(*q)[len(*q)-1], nil
				im.places[groupPath] = im.cellPlace(r.cells[0])
			}
			if newInd || ind == nil {
				indPath = index(groupPath+".indicators", len(group.Indicators))
				group.Indicators = append(group.Indicators, jixiao.TargetIndicator{})
				ind = &group.Indicators[len(group.Indicators)-1]
				if ic != nil {
					im.places[indPath] = im.cellPlace(ic)
					if newInd { // a label broken into lines as the form breaks it
						im.setText(&ind.Name, indPath+".name", strings.Join(textLines(ic.Text), ""), im.cellPlace(ic))
					}
				} else {
					im.places[indPath] = im.cellPlace(r.cells[0])
				}
			}
			if strings.TrimSpace(goalText) == "" && strings.TrimSpace(resultText) == "" {
				continue
			}
			tp := index(indPath+".targets", len(ind.Targets))
			ind.Targets = append(ind.Targets, jixiao.Target{})
			tg := &ind.Targets[len(ind.Targets)-1]
			im.places[tp] = im.cellPlace(gc)
			im.setText(&tg.Goal, tp+".goal", goalText, im.cellPlace(gc))
			if rc != nil {
				im.setText(&tg.Result, tp+".result", resultText, im.cellPlace(rc))
			}
		}
	}
	if !found {
		im.missing(form.Label(p, path), []string{form.Label(p, path+"[0].name"),
			form.Label(p, path+"[0].indicators[0].targets[0].goal"), form.Label(p, path+"[0].indicators[0].targets[0].result")})
	}
}

// groupKey is a group's name as compared: its first line.
func groupKey(s string) string {
	first, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return key(first)
}

// ---- 四、评价人员 ----

// evaluators reads the rows under the header 姓名 | 职务/职称 | 单位 | 签字, until
// the signature blocks.
func (im *importer) evaluators() {
	p := im.p
	const path = "evaluation.evaluators"
	nameKey, titleKey, orgKey := key(form.Label(p, path+"[0].name")), key(form.Label(p, path+"[0].title")), key(form.Label(p, path+"[0].org"))
	ev := &im.r.Evaluation.Evaluators
	found := false
	for i := range im.lines {
		l := &im.lines[i]
		if l.table == nil || im.inNarrative(i) {
			continue
		}
		nc, tc, oc := cellWith(l, nameKey), cellWith(l, titleKey), cellWith(l, orgKey)
		if nc == nil || tc == nil || oc == nil {
			continue
		}
		if !found {
			im.places[path] = im.cellPlace(nc)
		}
		found = true
		sc := cellWith(l, key(form.EvaluatorColumns[3]))
		im.use(l.cells...)
		read := im.extraColumns(l, form.Part(p, 4), nc, tc, oc, sc)
		t := l.table
		for _, r := range im.rowsOf(i)[1:] {
			if cellWith(r, nameKey) != nil {
				break
			}
			if k := cellKey(r.cells[0]); strings.HasPrefix(k, key("评价组组长")) || strings.Contains(k, "意见") ||
				strings.HasPrefix(k, key("填报人")) || len(r.cells) < 3 {
				break
			}
			cell := func(col int) (string, *Cell) {
				c := t.At(r.row, col)
				if !begins(c, r.row) {
					return "", c
				}
				return c.Text, c
			}
			name, ncell := cell(nc.Col)
			title, tcell := cell(tc.Col)
			org, ocell := cell(oc.Col)
			if sc != nil {
				if sign, scell := cell(sc.Col); strings.TrimSpace(sign) != "" {
					im.notOfForm(im.cellPlace(scell), "签字栏（留给本人手写签名）", sign)
				}
			}
			for _, c := range r.cells {
				if read(c) {
					im.use(c)
				}
			}
			if strings.TrimSpace(name+title+org) == "" {
				continue
			}
			ep := index(path, len(*ev))
			*ev = append(*ev, jixiao.Evaluator{})
			e := &(*ev)[len(*ev)-1]
			im.places[ep] = im.cellPlace(ncell)
			im.setText(&e.Name, ep+".name", name, im.cellPlace(ncell))
			im.setText(&e.Title, ep+".title", title, im.cellPlace(tcell))
			im.setText(&e.Org, ep+".org", org, im.cellPlace(ocell))
		}
	}
	if !found {
		im.missing(form.Part(p, 4), form.EvaluatorColumns)
	}
}

// signatures reads the signature blocks of 四、评价人员: the date of
// 评价组组长（签字）, the opinions of the unit and the finance office and
// their dates.
func (im *importer) signatures() {
	p := im.p
	unit := p.Unit
	if unit == "" {
		unit = "部门（单位）"
	}
	e := &im.r.Evaluation
	blocks := []struct {
		label, signer string
		opinion       *string
		opinionPath   string
		date          *jixiao.Date
		datePath      string
	}{
		{"评价组组长（签字）", "", nil, "", &e.LeaderDate, "evaluation.leader_date"},
		{unit + "意见", unit + "负责人（签章）", &e.UnitOpinion, "evaluation.unit_opinion", &e.UnitDate, "evaluation.unit_date"},
		{"财政部门归口业务科室意见", "财政部门归口业务科室负责人（签章）", &e.FinanceOpinion, "evaluation.finance_opinion", &e.FinanceDate, "evaluation.finance_date"},
	}
	done := make([]bool, len(blocks))
	for i := range im.lines {
		if im.inNarrative(i) {
			continue
		}
		l := &im.lines[i]
		var cells []*Cell
		switch {
		case l.para != nil && l.para.Cell != nil && l.para == firstPara(l.para.Cell):
			cells = []*Cell{l.para.Cell}
		case l.table != nil:
			for _, c := range l.cells {
				if begins(c, l.row) {
					cells = append(cells, c)
				}
			}
		}
		for ci, c := range cells {
			paras := textLines(c.Text)
			if len(paras) == 0 {
				continue
			}
			first := key(paras[0])
			for bi, b := range blocks {
				if done[bi] || !strings.HasPrefix(first, labelKey(b.label)) {
					continue
				}
				m := looseLabel(b.label).FindStringIndex(paras[0] + "：")
				if m == nil {
					continue
				}
				done[bi] = true
				im.use(c)
				for _, pl := range c.Paragraphs() {
					im.usedPara[pl] = true
				}
				at := im.cellPlace(c)
				rest := []string{strings.TrimSpace(paras[0][min(m[1], len(paras[0])):])}
				rest = append(rest, paras[1:]...)
				var opinion []string
				date := ""
				for _, s := range rest {
					k := key(s)
					switch {
					case k == "":
					case b.signer != "" && strings.HasPrefix(k, labelKey(b.signer)):
						switch d := strings.TrimSpace(s[len(looseMatch(b.signer, s)):]); {
						case d == "":
						case dateLike(key(d)):
							date = d
						default:
							im.notOfForm(at, strings.TrimSuffix(b.signer, "（签章）")+"签章栏（留给签名和盖章）", d)
						}
					case dateLike(k):
						date = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "日期："), "日期:")
					default:
						opinion = append(opinion, s)
					}
				}
				// A date beside the block, in the same row: 日期：… | ….
				if date == "" && l.table != nil {
					for _, d := range cells[ci+1:] {
						if k := cellKey(d); strings.HasPrefix(k, "日期") {
							im.use(d)
							date = strings.TrimSpace(strings.TrimPrefix(k, "日期"))
							if date == "" {
								if next := nextCell(l, d); next != nil {
									im.use(next)
									date = next.Text
								}
							}
						}
					}
				}
				if b.opinion != nil {
					im.setText(b.opinion, b.opinionPath, strings.Join(opinion, "\n"), at)
				} else if len(opinion) > 0 {
					im.notOfForm(at, "评价组组长签字栏", strings.Join(opinion, "\n"))
				}
				im.setDate(b.date, b.datePath, date, at)
			}
		}
	}
}

// notOfForm warns of text typed into a printed part of the form (a
// signature column, the row of 总分): it is not imported.
func (im *importer) notOfForm(at jixiao.Place, where, text string) {
	im.problem(jixiao.Warning, jixiao.CodeUnknownField, "", at,
		where+"中的文字 "+jixiao.Quote(strings.TrimSpace(text))+" 不是表式的内容，没有导入")
}

// looseMatch returns the part of s that the label (then an optional colon)
// takes.
func looseMatch(label, s string) string {
	m := looseLabel(label).FindStringIndex(s + "：")
	if m == nil {
		return ""
	}
	return s[:min(m[1], len(s))]
}

// dateLike reports whether a key reads as a date line: 年 月 日 with or
// without numbers, or 日期.
func dateLike(k string) bool {
	k = strings.TrimPrefix(k, "日期")
	if k == "" {
		return false
	}
	if _, err := jixiao.ParseDate(k); err == nil {
		return true
	}
	return strings.Trim(k, "年月日_") == "" && strings.Contains(k, "年")
}

// firstPara is a cell's first paragraph.
func firstPara(c *Cell) *Paragraph {
	for _, b := range c.Blocks {
		if b.Para != nil {
			return b.Para
		}
	}
	return nil
}

// nextCell is the cell after c on its row line.
func nextCell(l *line, c *Cell) *Cell {
	for i, d := range l.cells {
		if d == c && i+1 < len(l.cells) {
			return l.cells[i+1]
		}
	}
	return nil
}

// ---- 评分表 ----

// scoreColumns finds the score sheet's header in a row: the column of each
// of its labels found (form.ScoreSheetColumns, by index); ok when 三级指标 and
// 自评得分 are among them.
func scoreColumns(l *line) (map[int]*Cell, bool) {
	if l.table == nil {
		return nil, false
	}
	cols := map[int]*Cell{}
	for i, h := range form.ScoreSheetColumns {
		if c := cellWith(l, labelKey(h)); c != nil {
			cols[i] = c
		}
	}
	return cols, cols[colName] != nil && cols[colSelf] != nil
}

// The columns of the score sheet, as indexes of form.ScoreSheetColumns.
const (
	colL1 = iota
	colL2
	colName
	colCriteria
	colPoints
	colSelf
	colReason
)

var pointsSuffix = regexp.MustCompile(`\([0-9.]+分\)$`)

// scoreSheet reads the score sheet: each row's 三级指标 matched to an item of
// the profile by name (within its 二级指标 where names repeat), its 自评得分
// and 扣分原因; a shared-points group's score may sit on any of its rows.
// The sheet may be split into several tables, the header repeated.
func (im *importer) scoreSheet() {
	p := im.p
	refs := p.Items()
	type rowRef struct {
		k  int    // item
		l2 string // key of its 二级指标
	}
	byName := map[string][]rowRef{}
	for k, ref := range refs {
		for _, n := range ref.Item.Rows() {
			byName[key(n)] = append(byName[key(n)], rowRef{k, key(p.Tree[ref.L1].Children[ref.L2].Name)})
		}
	}
	type agg struct {
		name         *Cell
		self, reason []*Cell
		rows         map[string]bool
	}
	items := make([]agg, len(refs))
	found := false
	curL2 := ""
	var total *Cell
	for i := range im.lines {
		l := &im.lines[i]
		if im.inNarrative(i) {
			continue
		}
		cols, ok := scoreColumns(l)
		if !ok {
			continue
		}
		if !found {
			// The sheet as a whole: where an item missing from it is placed.
			whole := jixiao.Place{Table: l.table.Index, SheetIndex: im.order[cols[colName]]}
			im.places["score_sheet"], im.places["score_sheet.items"] = whole, whole
		}
		found = true
		im.use(l.cells...)
		known := make([]*Cell, 0, len(cols))
		for _, c := range cols {
			known = append(known, c)
		}
		read := im.extraColumns(l, p.SheetTitle, known...)
		t := l.table
		at := func(r *line, col int) *Cell {
			h := cols[col]
			if h == nil {
				return nil
			}
			c := t.At(r.row, h.Col)
			if c == nil || c.Row > r.row {
				return nil
			}
			return c
		}
		for _, r := range im.rowsOf(i)[1:] {
			if _, ok := scoreColumns(r); ok {
				break
			}
			for _, c := range r.cells {
				if read(c) {
					im.use(c)
				}
			}
			if k := cellKey(r.cells[0]); k == "总分" || k == "合计" {
				total = at(r, colSelf)
				for _, c := range r.cells[1:] {
					if begins(c, r.row) && c != total && c != at(r, colPoints) && read(c) && strings.TrimSpace(c.Text) != "" {
						im.notOfForm(im.cellPlace(c), "评分表总分一行", c.Text)
					}
				}
				continue
			}
			if l2 := at(r, colL2); begins(l2, r.row) && cellKey(l2) != "" {
				curL2 = pointsSuffix.ReplaceAllString(cellKey(l2), "")
			}
			name := at(r, colName)
			nk := cellKey(name)
			if !begins(name, r.row) || nk == "" {
				continue
			}
			cands := byName[nk]
			pick := -1
			for _, cnd := range cands {
				if items[cnd.k].rows[nk] {
					continue
				}
				if cnd.l2 == curL2 {
					pick = cnd.k
					break
				}
				if pick < 0 {
					pick = cnd.k
				}
			}
			if pick < 0 {
				msg := "评分表中的指标 " + jixiao.Quote(strings.TrimSpace(name.Text)) + " 不是表式 " + p.ID + " 的指标，这一行没有导入"
				if len(cands) > 0 {
					msg = "评分表中的指标 " + jixiao.Quote(strings.TrimSpace(name.Text)) + " 重复出现，只导入了第一行"
				}
				im.problem(jixiao.Warning, jixiao.CodeUnknownField, "", im.cellPlace(name), msg)
				continue
			}
			a := &items[pick]
			if a.rows == nil {
				a.rows = map[string]bool{}
				a.name = name
			}
			a.rows[nk] = true
			if c := at(r, colSelf); c != nil && !contains(a.self, c) {
				a.self = append(a.self, c)
			}
			if c := at(r, colReason); c != nil && !contains(a.reason, c) {
				a.reason = append(a.reason, c)
			}
			if c := at(r, colPoints); begins(c, r.row) && strings.TrimSpace(c.Text) != "" {
				im.statedPoints(refs[pick].Item, c)
			}
			if c := at(r, colCriteria); begins(c, r.row) && strings.TrimSpace(c.Text) != "" {
				im.statedCriteria(refs[pick].Item, c)
			}
		}
	}
	if !found {
		im.missing(p.SheetTitle, form.ScoreSheetColumns)
		return
	}
	s := &im.r.ScoreSheet
	for k, a := range items {
		if a.rows == nil {
			continue
		}
		path := index("score_sheet.items", len(s.Items))
		s.Items = append(s.Items, jixiao.SelfScore{ID: refs[k].Item.ID})
		it := &s.Items[len(s.Items)-1]
		at := im.cellPlace(a.name)
		im.places[path], im.places[path+".id"] = at, at
		var filled []*Cell
		for _, c := range a.self {
			if strings.TrimSpace(c.Text) != "" {
				filled = append(filled, c)
			}
		}
		switch {
		case len(filled) == 0 && len(a.self) > 0:
			im.places[path+".score"] = im.cellPlace(a.self[0])
		case len(filled) == 0:
		default:
			im.setNumber(&it.Score, path+".score", filled[0].Text, im.cellPlace(filled[0]))
			for _, c := range filled[1:] {
				im.problem(jixiao.Error, jixiao.CodeDuplicate, path+".score", im.cellPlace(c), fmt.Sprintf(
					"%s：共用分值的一组指标只填一个自评得分，这里又填了 %s", refs[k].Item.Title(), jixiao.Quote(strings.TrimSpace(c.Text))))
			}
		}
		var reasons []string
		for _, c := range a.reason {
			if strings.TrimSpace(c.Text) != "" {
				reasons = append(reasons, c.Text)
				if _, ok := im.places[path+".reason"]; !ok {
					im.places[path+".reason"] = im.cellPlace(c)
				}
			}
		}
		if _, ok := im.places[path+".reason"]; !ok && len(a.reason) > 0 {
			im.places[path+".reason"] = im.cellPlace(a.reason[0])
		}
		if len(reasons) > 0 {
			it.Reason = im.text(strings.Join(reasons, "\n"), path+".reason", im.places[path+".reason"])
		}
	}
	if total != nil {
		im.setNumber(&s.Total, "score_sheet.total", total.Text, im.cellPlace(total))
	}
}

func contains(cs []*Cell, c *Cell) bool {
	for _, d := range cs {
		if d == c {
			return true
		}
	}
	return false
}

// statedPoints warns when the 分值 a row states is not the profile's.
func (im *importer) statedPoints(it *jixiao.Item, c *Cell) {
	d, err := jixiao.ParseNumber(strings.TrimFunc(c.Text, unicode.IsSpace), "分")
	if err == nil && d.Equal(it.Points.Value) {
		return
	}
	im.problem(jixiao.Warning, jixiao.CodeRule, "", im.cellPlace(c), fmt.Sprintf(
		"%s 的分值在表式 %s 中是 %s 分，这里写的是 %s：按表式的分值计分", it.Title(), im.p.ID, it.Points.Value, jixiao.Quote(strings.TrimSpace(c.Text))))
}

// statedCriteria warns when the 评分标准 a row states is not the profile's,
// compared loosely (criteriaKey).
func (im *importer) statedCriteria(it *jixiao.Item, c *Cell) {
	if criteriaKey(c.Text) == criteriaKey(it.Criteria) {
		return
	}
	im.problem(jixiao.Warning, jixiao.CodeRule, "", im.cellPlace(c), fmt.Sprintf(
		"%s 的评分标准与表式 %s 不同，这里写的是 %s：按表式的标准计分", it.Title(), im.p.ID, jixiao.Quote(strings.TrimSpace(c.Text))))
}

// criteriaKey is a 评分标准 as compared: white space and line breaks
// removed, punctuation of either width read alike (，, 。. ：: ≦≤ －—-).
func criteriaKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '。':
			return '.'
		case '、':
			return ','
		case '“', '”', '＂':
			return '"'
		case '‘', '’':
			return '\''
		case '≦':
			return '≤'
		case '≧':
			return '≥'
		case '—', '–', '−', '‐', '‑', '～', '〜':
			return '-'
		}
		return r
	}, Normalize(s))
}

package docx

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"jixiao"
	"jixiao/form"
)

// This file reads a report of the official form from a Word document: the
// tool's own output, a report typed by hand in Word or WPS from the bureau's
// template, or either re-saved by another program. The parts of the form are
// found by their labels (form's description of the printed form), never by
// position or count: a heading may be a paragraph or a row of a big form
// table, a table may be split by hand at a page break with its header
// repeated, merged cells may be merged or typed apart.

// ReadReport reads the report in a Word document (.docx). profiles are the
// profiles the document may follow, the default first: the one whose title,
// cover and score sheet it matches best lays it out, and the report names it
// (r.Profile).
//
// Every value is kept as the document states it, derived ones too (the sum
// row, 当年结余, 总分), so that checking the report finds every inconsistency
// of the document. The Source maps each value's JSON path to its place
// (表3 第5行 第2列, 第12段). A value that cannot be read is reported with code
// jixiao.CodeFormat and left out; content that is not part of the form is a
// warning (CodeUnknownField) and is not imported. The error is an
// *jixiao.InputError naming file when the document as a whole cannot be
// read: not a .docx (a .doc, a .wps …), damaged, over the limits, not the
// form, or a table of the form missing or with headers changed beyond
// recognition (CodeFile, CodeSyntax).
func ReadReport(file string, data []byte, profiles []*jixiao.Profile) (*jixiao.Report, *jixiao.Source, []jixiao.Problem, error) {
	d, err := Read(file, data)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(profiles) == 0 {
		panic("docx: ReadReport needs a profile")
	}
	im := newImporter(d)
	im.p = im.detect(profiles)
	r := im.read()
	var fatal []jixiao.Problem
	for _, p := range im.problems {
		if p.Severity == jixiao.Error && (p.Code == jixiao.CodeSyntax || p.Code == jixiao.CodeFile) {
			fatal = append(fatal, p)
		}
	}
	if len(fatal) > 0 {
		jixiao.SortProblems(fatal)
		return nil, nil, nil, &jixiao.InputError{File: file, Problems: jixiao.Limit(fatal)}
	}
	jixiao.SortProblems(im.problems)
	return r, &jixiao.Source{File: file, Places: im.places}, im.problems, nil
}

// line is one line of the document as the form is read: a paragraph (of the
// body, or of a cell that spans its table's row, such as a part heading
// inside a big form table), or a row of a table with its cells.
type line struct {
	para  *Paragraph
	table *Table
	row   int     // 1-based row of table
	cells []*Cell // the row's cells, each once, left to right
	n     int     // the paragraph's number among the body's paragraphs with text, 0 in a cell
	order int     // index in the lines, to sort places by
}

type importer struct {
	d     *Document
	p     *jixiao.Profile
	lines []line
	// order is the index of the line where each cell begins.
	order map[*Cell]int
	// used marks what has been read (or recognised as the form's own text);
	// what is left is content not part of the form.
	used     map[*Cell]bool
	usedPara map[*Paragraph]bool
	r        jixiao.Report
	places   map[string]jixiao.Place
	problems []jixiao.Problem
	// narrative is the range of lines of 五、评价报告综述 [from, to).
	narrative [2]int
}

func newImporter(d *Document) *importer {
	im := &importer{d: d, order: map[*Cell]int{}, used: map[*Cell]bool{}, usedPara: map[*Paragraph]bool{},
		places: map[string]jixiao.Place{}}
	n := 0
	im.flatten(d.Blocks, &n)
	return im
}

// flatten lists the lines of blocks. A table row of a single cell is a box:
// its paragraphs and nested tables are lines of their own.
func (im *importer) flatten(blocks []Block, n *int) {
	for _, b := range blocks {
		if p := b.Para; p != nil {
			l := line{para: p, order: len(im.lines)}
			if p.Cell == nil && strings.TrimSpace(p.Text) != "" {
				*n++
				l.n = *n
			}
			im.lines = append(im.lines, l)
			continue
		}
		t := b.Table
		for r := range t.Rows {
			var cells []*Cell
			for _, c := range t.Rows[r].Cells {
				if c != nil && (len(cells) == 0 || cells[len(cells)-1] != c) {
					cells = append(cells, c)
				}
			}
			for _, c := range cells {
				if _, ok := im.order[c]; !ok {
					im.order[c] = len(im.lines)
				}
			}
			switch {
			case len(cells) == 0:
			case len(cells) == 1 && cells[0].Row == r+1:
				im.flatten(cells[0].Blocks, n)
			case len(cells) == 1: // the rows below a box merged down
			default:
				im.lines = append(im.lines, line{table: t, row: r + 1, cells: cells, order: len(im.lines)})
				for _, c := range cells {
					if c.Row == r+1 {
						for _, cb := range c.Blocks {
							if cb.Table != nil {
								im.flatten([]Block{cb}, n)
							}
						}
					}
				}
			}
		}
	}
}

// cellPlace is the place of a cell.
func (im *importer) cellPlace(c *Cell) jixiao.Place {
	return jixiao.Place{Table: c.Table.Index, Line: c.Row, Col: c.Col, SheetIndex: im.order[c]}
}

// paraPlace is the place of a paragraph line: its cell's, or its number.
func (im *importer) paraPlace(l *line) jixiao.Place {
	if c := l.para.Cell; c != nil {
		return im.cellPlace(c)
	}
	return jixiao.Place{Para: l.n, SheetIndex: l.order}
}

func (im *importer) problem(sev jixiao.Severity, code, path string, at jixiao.Place, msg string) {
	label := ""
	if path != "" {
		label = jixiao.Label(path)
	}
	im.problems = append(im.problems, jixiao.Problem{Severity: sev, Code: code, Path: path, Place: at, Label: label, Message: msg})
}

// key is a text normalised for comparison with a label of the form: white
// space and line breaks removed, full-width forms folded (Normalize), quotes
// and a trailing colon dropped, and 部门（单位） read as 部门 (forms of the
// family use either).
func key(s string) string {
	s = Normalize(s)
	s = strings.Map(func(r rune) rune {
		switch r {
		case '“', '”', '"', '‘', '’', '\'', '「', '」', '《', '》':
			return -1
		}
		return r
	}, s)
	s = strings.TrimRight(s, ":")
	return strings.ReplaceAll(s, "(单位)", "")
}

// labelKeys memoises the keys of the form's labels, the same for every
// document.
var labelKeys sync.Map // label → key

// labelKey is key of a label of the form (not of a document's text).
func labelKey(label string) string {
	if k, ok := labelKeys.Load(label); ok {
		return k.(string)
	}
	k := key(label)
	labelKeys.Store(label, k)
	return k
}

// cellKey is the key of a cell's text, "" for none.
func cellKey(c *Cell) string {
	if c == nil {
		return ""
	}
	if !c.keyed {
		c.key, c.keyed = key(c.Text), true
	}
	return c.key
}

// maxLabel is the longest text, in bytes, that may be a label, a heading
// or a caption of the form; a longer paragraph is body text.
const maxLabel = 600

// paraKey is the key of a paragraph's text; "" for a paragraph too long to
// be a label.
func paraKey(p *Paragraph) string {
	if !p.keyed {
		if len(p.Text) <= maxLabel {
			p.key = key(p.Text)
		}
		p.keyed = true
	}
	return p.key
}

// begins reports whether the cell begins on row r of its table.
func begins(c *Cell, r int) bool { return c != nil && c.Row == r }

// detect picks the profile the document follows: the one whose title, cover
// labels, attachment label and score sheet items it shows most of; the first
// on a tie.
func (im *importer) detect(profiles []*jixiao.Profile) *jixiao.Profile {
	if len(profiles) == 1 {
		return profiles[0]
	}
	keys := map[string]bool{}
	noDigits := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return -1
			}
			return r
		}, s)
	}
	for _, l := range im.lines {
		switch {
		case l.para != nil:
			k := paraKey(l.para)
			if k == "" {
				continue
			}
			keys[k] = true
			keys[noDigits(k)] = true
			if label, _, ok := strings.Cut(Normalize(l.para.Text), ":"); ok {
				keys[key(label)] = true
			}
		default:
			for _, c := range l.cells {
				keys[cellKey(c)] = true
			}
		}
	}
	best, bestScore := profiles[0], -1<<30
	for _, p := range profiles {
		score := 0
		for _, t := range p.TitleLines(2000) {
			if keys[noDigits(labelKey(t))] {
				score += 3
			}
		}
		if keys[labelKey(p.IssuerLine())] {
			score++
		}
		if keys[labelKey(p.Attachment)] {
			score++
		}
		if a := p.Cover.Attachment; a != "" {
			if keys[labelKey(a)] {
				score += 2
			} else {
				score -= 2
			}
		}
		if keys[labelKey(p.DateLabel())] {
			score++
		}
		names, found := 0, 0
		for _, ref := range p.Items() {
			for _, n := range ref.Item.Rows() {
				names++
				if keys[labelKey(n)] {
					found++
				}
			}
		}
		if names > 0 {
			score += 10 * found / names
		}
		if score > bestScore {
			best, bestScore = p, score
		}
	}
	return best
}

// read reads the report: the tables of the form first, then the labelled
// values, the headed texts, and what is left as content not of the form.
func (im *importer) read() *jixiao.Report {
	p := im.p
	im.r.Profile = p.ID
	if len(im.d.Tables) == 0 {
		msg := "没有找到表格：这不是" + im.formName() + "（表格应在文档中，而不是图片或 PDF）"
		if im.d.Images > 0 {
			msg = fmt.Sprintf("文档中没有表格，只有 %d 张图片：报告的表格似乎是粘贴的图片，无法读取；请使用 Word 或 WPS 表格填写的报告原文件", im.d.Images)
		}
		im.problem(jixiao.Error, jixiao.CodeFile, "", jixiao.Place{}, msg)
		return nil
	}
	parts := im.parts()
	if parts[1] < 0 && parts[2] < 0 && parts[3] < 0 && parts[5] < 0 && !im.hasScoreHeader() {
		im.problem(jixiao.Error, jixiao.CodeFile, "", jixiao.Place{}, "没有找到表式的各部分（"+
			form.Part(p, 1)+"、"+form.Part(p, 2)+"……）和评分表：这不是"+im.formName())
		return nil
	}
	im.cover(parts)
	im.finance()
	im.qualitative()
	im.quantitative()
	im.evaluators()
	im.scoreSheet()
	im.signatures()
	im.fields()
	im.narrativeText(parts)
	im.leftOver()
	return &im.r
}

// formName is what the document should be: 岳阳楼区部门（单位）整体支出绩效评价自评报告.
func (im *importer) formName() string {
	return strings.ReplaceAll(strings.Join(im.p.TitleLines(0), ""), "　　年度", "")
}

// parts finds the lines of the parts' headings (parts[1] … parts[5], -1 for
// a heading not found) and marks them read; the narrative runs from part 五's
// heading to the score sheet.
func (im *importer) parts() [6]int {
	var at [6]int
	for n := range at {
		at[n] = -1
	}
	want := map[string]int{}
	for n := 1; n <= 5; n++ {
		bare, _ := jixiao.BareTitle(form.Part(im.p, n))
		want[key(bare)] = n
	}
	last := -1
	for i := range im.lines {
		l := &im.lines[i]
		if l.para == nil {
			continue
		}
		k := paraKey(l.para)
		if k == "" {
			continue
		}
		bare, _ := jixiao.BareTitle(l.para.Text)
		if k == labelKey(im.p.Attachment) || k == labelKey(im.p.SheetTitle) {
			im.usedPara[l.para] = true
		}
		if n, ok := want[key(bare)]; ok && at[n] < 0 && i > last {
			at[n], last = i, i
			im.usedPara[l.para] = true
			if l.para.Cell != nil {
				im.used[l.para.Cell] = true
			}
		}
	}
	from, to := at[5], len(im.lines)
	if from >= 0 {
		for i := from + 1; i < len(im.lines); i++ {
			if im.sheetStarts(&im.lines[i]) {
				to = i
				break
			}
		}
		im.narrative = [2]int{from + 1, to}
	}
	return at
}

// sheetStarts reports whether a line begins the score sheet: its attachment
// label (附件3-2), its title, or its header row.
func (im *importer) sheetStarts(l *line) bool {
	if l.para != nil {
		k := paraKey(l.para)
		return k != "" && (k == labelKey(im.p.Attachment) || k == labelKey(im.p.SheetTitle))
	}
	_, ok := scoreColumns(l)
	return ok
}

func (im *importer) inNarrative(i int) bool { return i >= im.narrative[0] && i < im.narrative[1] }

func (im *importer) hasScoreHeader() bool {
	for i := range im.lines {
		if _, ok := scoreColumns(&im.lines[i]); ok {
			return true
		}
	}
	return false
}

// text cleans a text as read: control characters removed (with a warning),
// white space around trimmed.
func (im *importer) text(s, path string, at jixiao.Place) string {
	clean, removed := jixiao.CleanText(s)
	if removed > 0 {
		im.problem(jixiao.Warning, jixiao.CodeText, path, at, fmt.Sprintf("删除了 %d 个不可打印的控制字符", removed))
	}
	return strings.TrimFunc(clean, unicode.IsSpace)
}

// setText sets a text field from a cell's or a paragraph's text.
func (im *importer) setText(dst *string, path, s string, at jixiao.Place) {
	im.places[path] = at
	*dst = im.text(s, path, at)
}

// setNumber sets an amount, a head-count or a score from its text; a text
// that is not a number is reported and left out.
func (im *importer) setNumber(dst *jixiao.Number, path, s string, at jixiao.Place) {
	im.places[path] = at
	t := strings.TrimFunc(s, unicode.IsSpace)
	if t == "" {
		return
	}
	d, err := jixiao.ParseNumber(t, unitOf(path))
	if err != nil {
		expected := err.Error()
		if ne, ok := err.(*jixiao.NumberError); ok {
			expected = ne.Expected()
		}
		im.problem(jixiao.Error, jixiao.CodeFormat, path, at, expected+"，实际为 "+jixiao.Quote(t))
		return
	}
	*dst = jixiao.Num(d)
}

// setDate sets a date from its text; the blank date line 年　月　日 is no date.
func (im *importer) setDate(dst *jixiao.Date, path, s string, at jixiao.Place) {
	im.places[path] = at
	t := strings.TrimFunc(s, unicode.IsSpace)
	if strings.Trim(Normalize(t), "年月日_") == "" {
		return
	}
	d, err := jixiao.ParseDate(t)
	if err != nil {
		im.problem(jixiao.Error, jixiao.CodeFormat, path, at, err.Error())
		return
	}
	*dst = d
}

// unitOf is the unit the form states for the value at path: 万元 for the
// amounts, 人 for head-counts, 分 for scores.
func unitOf(path string) string {
	switch {
	case strings.HasPrefix(path, "finance."):
		return "万元"
	case strings.HasPrefix(path, "overview."):
		return "人"
	}
	return "分"
}

// lines of a text: its paragraphs and line breaks, blank ones left out.
func textLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimFunc(l, unicode.IsSpace) != "" {
			out = append(out, l)
		}
	}
	return out
}

// looseLabels memoises looseLabel.
var looseLabels sync.Map // label → *regexp.Regexp

// looseLabel matches a label as typed at the start of a text: white space
// anywhere in it, either width of bracket, then a colon.
func looseLabel(label string) *regexp.Regexp {
	if re, ok := looseLabels.Load(label); ok {
		return re.(*regexp.Regexp)
	}
	re := looseLabelOf(label)
	looseLabels.Store(label, re)
	return re
}

func looseLabelOf(label string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^[\s\x{3000}]*`)
	for i, r := range Normalize(label) {
		if i > 0 {
			b.WriteString(`[\s\x{3000}]*`)
		}
		switch r {
		case '(':
			b.WriteString(`[（(]`)
		case ')':
			b.WriteString(`[）)]`)
		default:
			if r < utf8.RuneSelf {
				b.WriteString(regexp.QuoteMeta(string(r)))
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteString(`[\s\x{3000}]*[:：]`)
	return regexp.MustCompile(b.String())
}

// index appends an index to a path.
func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

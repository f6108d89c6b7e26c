package xlsx

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"jixiao"
	"jixiao/form"
	"jixiao/internal/ooxml"
	"jixiao/internal/sizes"
	"jixiao/scoring"

	"github.com/shopspring/decimal"
)

// Limits on a workbook to import.
const (
	// MaxFileSize is the largest workbook Read accepts, in bytes (a filled
	// template is well under 1 MB).
	MaxFileSize = 32 << 20
	// maxUnzipped and maxUnzippedPart bound the workbook's parts once
	// unzipped, all together and each; a zip bomb is refused before any part
	// is inflated.
	maxUnzipped     = 64 << 20
	maxUnzippedPart = 16 << 20
	maxZipEntries   = 10000
	maxProfileItems = 500
)

// Read imports a workbook written by Write or a filled-in Template. It finds
// the grid from the workbook's hidden sheet, checks that the form's labels are
// where the grid puts them, and reads every input cell; sums, totals and
// formulas are not read (check recomputes them).
//
// The Source maps each value's JSON path to its cell (收支情况!D7) and holds
// the profile the workbook was laid out by. A value that cannot be read is
// reported with code jixiao.CodeFormat and left out, and the rest is read; so
// are the warnings: CodeText (control characters removed) and CodeUnknownField
// (content outside the form's cells, which is not imported). The error is an
// *jixiao.InputError naming file when the workbook as a whole cannot be read,
// with the codes CodeFile (not a workbook, encrypted, too large) and
// CodeSyntax (damaged file, missing or renamed sheet, altered layout).
func Read(file string, data []byte) (*jixiao.Report, *jixiao.Source, []jixiao.Problem, error) {
	fail := func(code, msg string) (*jixiao.Report, *jixiao.Source, []jixiao.Problem, error) {
		return nil, nil, nil, &jixiao.InputError{File: file, Problems: []jixiao.Problem{{Code: code, Message: msg}}}
	}
	if code, msg := sniff(data); msg != "" {
		return fail(code, msg)
	}
	z, err := ooxml.Open(data, limits)
	if err != nil {
		return fail(openProblem(err))
	}
	if msg := notWorkbook(z); msg != "" {
		return fail(jixiao.CodeFile, msg)
	}
	p, err := openPkg(z)
	if err != nil {
		return fail(jixiao.CodeSyntax, err.Error())
	}
	rd := &reader{p: p, file: file, places: make(map[string]jixiao.Place, 512), cells: map[*sheet]sheetCells{}}
	r, err := rd.read()
	if err != nil {
		return nil, nil, nil, err
	}
	var fatal []jixiao.Problem
	for _, p := range rd.problems {
		if p.Severity == jixiao.Error && (p.Code == jixiao.CodeSyntax || p.Code == jixiao.CodeFile) {
			fatal = append(fatal, p)
		}
	}
	if len(fatal) > 0 {
		jixiao.SortProblems(fatal)
		return nil, nil, nil, &jixiao.InputError{File: file, Problems: fatal}
	}
	jixiao.SortProblems(rd.problems)
	return r, &jixiao.Source{File: file, Places: rd.places, Layout: rd.b.p}, rd.problems, nil
}

// sniff tells what kind of file data is when it is not a zip, and refuses a
// file too large.
func sniff(data []byte) (code, msg string) {
	switch {
	case len(data) == 0:
		return jixiao.CodeFile, "文件是空的"
	case len(data) > MaxFileSize:
		return jixiao.CodeFile, "文件过大（" + sizes.Limit(int64(len(data)), MaxFileSize) + "）"
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		utf16 := func(s string) []byte {
			var b []byte
			for _, r := range s {
				b = append(b, byte(r), 0)
			}
			return b
		}
		switch {
		case bytes.Contains(data, utf16("EncryptedPackage")) || bytes.Contains(data, utf16("EncryptionInfo")):
			return jixiao.CodeFile, "工作簿设置了打开密码（已加密），无法读取：请在 Excel 或 WPS 中清除打开密码后另存为 .xlsx 再导入"
		case bytes.Contains(data, utf16("Workbook")) || bytes.Contains(data, utf16("Book")):
			return jixiao.CodeFile, "这是旧版 Excel 97-2003 工作簿（.xls），请在 Excel 或 WPS 中另存为 .xlsx 后再导入"
		case bytes.Contains(data, utf16("WordDocument")):
			return jixiao.CodeFile, "这是 Word 97-2003 文档（.doc），不是 Excel 工作簿（.xlsx）"
		}
		return jixiao.CodeFile, "这是 Office 97-2003 格式的文件，不是 Excel 工作簿（.xlsx）：如是旧版 Excel 工作簿，请在 Excel 或 WPS 中另存为 .xlsx 后再导入"
	case bytes.HasPrefix(data, []byte("%PDF")):
		return jixiao.CodeFile, "这是 PDF 文件，不是 Excel 工作簿（.xlsx）"
	case !bytes.HasPrefix(data, []byte("PK\x03\x04")) && !bytes.HasPrefix(data, []byte("PK\x05\x06")):
		trimmed := bytes.TrimLeft(data, "\xef\xbb\xbf \t\r\n")
		if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
			return jixiao.CodeFile, "这是 JSON 文本，不是 Excel 工作簿（.xlsx）；JSON 格式的报告不用导入，可以直接检查和生成"
		}
		if len(trimmed) > 0 && trimmed[0] == '<' {
			return jixiao.CodeFile, "这是网页或 XML 文件（可能是“另存为网页”或 XML 表格），不是 Excel 工作簿（.xlsx）"
		}
		return jixiao.CodeFile, "不是 Excel 工作簿（.xlsx）：文件内容无法识别"
	}
	return "", ""
}

// reader reads one workbook.
type reader struct {
	p        *pkg
	file     string
	b        *book
	index    map[string]int        // sheet name → position in the workbook
	cells    map[*sheet]sheetCells // cells of each sheet of the grid
	broken   map[*sheet]bool       // sheets missing or altered: not read
	root     reflect.Value
	places   map[string]jixiao.Place
	problems []jixiao.Problem
	kind     string // of the workbook: "report" or "template"
	labels   int    // the label version it was printed with
	// rows maps a sheet's rows of the grid to the rows as found (align.go);
	// extra are the cells as found on rows no row of the grid maps to.
	rows  map[*sheet][]int
	extra map[*sheet][][2]int
	found map[*sheet]sheetCells // the cells as found
}

func (rd *reader) fail(code, msg string) error {
	return &jixiao.InputError{File: rd.file, Problems: []jixiao.Problem{{Code: code, Message: msg}}}
}

func (rd *reader) read() (*jixiao.Report, error) {
	rd.index = map[string]int{}
	byName := map[string]pkgSheet{}
	for i, s := range rd.p.sheets {
		rd.index[s.name] = i
		byName[s.name] = s
	}
	ms, ok := byName[metaSheet]
	if !ok {
		return nil, rd.fail(jixiao.CodeSyntax, "这个工作簿不是用 jixiao 生成的报告或填报模板（缺少隐藏的工作表 "+metaSheet+
			"）：请在 jixiao template 生成的模板中填写")
	}
	// The hidden sheet gives the grid the workbook was written with, which
	// finds the variable parts; the grid of the shape they have now reads
	// them (align.go). The other sheets and the styles are read meanwhile.
	var read []pkgSheet
	for _, s := range rd.p.sheets {
		if s.name != metaSheet && s.name != sheetGuide {
			read = append(read, s)
		}
	}
	var (
		m       meta
		written *book
		metaErr error
		found   = make([]sheetCells, len(read))
		errs    = make([]error, len(read))
	)
	parallel(len(read)+2, func(i int) {
		switch {
		case i == len(read)+1: // the number formats, which numericText may need
			rd.p.isPercent(0)
			return
		case i > 0:
			found[i-1], errs[i-1] = rd.p.cells(read[i-1])
			return
		}
		if m, metaErr = rd.meta(ms); metaErr == nil {
			written = readGrid(m.Profile, m.Shape)
		}
	})
	if metaErr != nil {
		return nil, metaErr
	}
	rd.kind, rd.labels = m.Kind, m.Labels
	actual := map[string]sheetCells{}
	als := map[string]alignment{}
	var missing []string
	for _, s := range written.sheets {
		i := slices.IndexFunc(read, func(ps pkgSheet) bool { return ps.name == s.name })
		if i < 0 {
			missing = append(missing, "“"+s.name+"”")
			continue
		}
		if errs[i] != nil {
			rd.problem(jixiao.Error, jixiao.CodeSyntax, "", jixiao.Place{}, errs[i].Error())
			continue
		}
		cells := found[i]
		actual[s.name] = cells
		if len(s.runs) > 0 {
			if al, ok := alignSheet(s, cells); ok {
				als[s.name] = al
			}
		}
	}
	sh := grownShape(m.Shape, als, actual)
	if err := sh.check(); err != nil {
		return nil, rd.fail(jixiao.CodeRange, "表格的行数超出限制（"+err.Error()+"）")
	}
	rd.b = readGrid(m.Profile, sh)
	rd.broken = map[*sheet]bool{}
	rd.rows = map[*sheet][]int{}
	rd.extra = map[*sheet][][2]int{}
	rd.found = map[*sheet]sheetCells{}
	for _, s := range rd.b.sheets {
		cells, ok := actual[s.name]
		if !ok {
			rd.broken[s] = true
			continue
		}
		rd.found[s] = cells
		if al, ok := als[s.name]; ok {
			m := rowMap(s, al, cells)
			rd.rows[s], rd.cells[s], rd.extra[s] = m, virtual(cells, m), unmapped(cells, m)
		} else {
			rd.cells[s] = cells
		}
		rd.verify(s)
	}
	if len(missing) > 0 {
		var have []string
		for _, s := range rd.p.sheets {
			if s.name != metaSheet && s.name != sheetGuide {
				have = append(have, "“"+s.name+"”")
			}
		}
		rd.problem(jixiao.Error, jixiao.CodeSyntax, "", jixiao.Place{},
			"缺少工作表 "+strings.Join(missing, "、")+"（是否改了名或删除了？工作簿中现有 "+strings.Join(have, "、")+"）")
	}
	var r jixiao.Report
	r.Profile = m.Profile.ID
	rd.root = reflect.ValueOf(&r).Elem()
	for _, f := range rd.b.fields {
		if !rd.broken[f.cell.sheet] {
			rd.readField(f, f.path)
		}
	}
	for _, l := range rd.b.lists {
		rd.readList(l, "")
	}
	rd.statedTotals(&r)
	return &r, nil
}

// statedTotals reads 总分 and 绩效自评综合得分 as the workbook shows them,
// so that what a unit hands in can be compared with what is recomputed: a
// number typed there, or the value its formula last computed where the
// saving program stored one, or else the value the formula would compute
// (the sum of the self scores once every item is scored, as in the
// template).
func (rd *reader) statedTotals(r *jixiao.Report) {
	for _, t := range []struct {
		c    *cell
		path string
		dst  *jixiao.Number
	}{{rd.b.scoreTotal, "score_sheet.total", &r.ScoreSheet.Total}, {rd.b.totalScore, "performance.total_score", &r.Performance.TotalScore}} {
		if t.c == nil || rd.broken[t.c.sheet] {
			continue
		}
		rc := rd.rawCell(t.c)
		at := rd.place(t.c)
		text := strings.TrimFunc(rc.text, unicode.IsSpace)
		switch {
		case text != "":
			d, err := jixiao.ParseNumber(rd.numericText(t.c, text, "分"), "分")
			if err != nil {
				if !rc.formula { // a formula's error (#REF!) is no statement
					rd.problem(jixiao.Error, jixiao.CodeFormat, t.path, at, "应为数字，实际为 "+jixiao.Quote(text))
				}
				continue
			}
			*t.dst = jixiao.Num(d)
		case rc.formula:
			sum := decimal.Zero
			complete := len(r.ScoreSheet.Items) > 0
			for _, it := range r.ScoreSheet.Items {
				complete = complete && it.Score.Valid
				sum = sum.Add(it.Score.Value)
			}
			if !complete {
				continue
			}
			*t.dst = jixiao.Num(sum)
		default:
			continue
		}
		rd.places[t.path] = at
	}
}

// meta reads the hidden sheet.
func (rd *reader) meta(ms pkgSheet) (meta, error) {
	mc, err := rd.p.cells(ms)
	if err != nil {
		return meta{}, rd.fail(jixiao.CodeSyntax, err.Error())
	}
	m, err := parseMeta(mc.rows(), decodeProfile)
	var ev errVersion
	if errors.As(err, &ev) {
		return m, rd.fail(jixiao.CodeSyntax, "这个工作簿由另一版本的 jixiao 生成（"+ev.Error()+"）：请用本程序的 jixiao template 生成模板重新填写")
	}
	if err != nil {
		return m, rd.fail(jixiao.CodeSyntax, "隐藏的工作表 "+metaSheet+" 中的"+err.Error()+"：请在 jixiao template 生成的模板中重新填写")
	}
	return m, nil
}

// rows returns the cells as rows of text, from row 1 and column 1.
func (sc sheetCells) rows() [][]string {
	var out [][]string
	for pos, c := range sc {
		r, col := pos[0], pos[1]
		if r > 1000 || col > 100 {
			continue
		}
		for len(out) < r {
			out = append(out, nil)
		}
		for len(out[r-1]) < col {
			out[r-1] = append(out[r-1], "")
		}
		out[r-1][col-1] = c.text
	}
	return out
}

// profiles caches decoded profiles by their text: a batch of workbooks of one
// profile decodes it once. Profiles are never modified.
var profiles cache[string, *jixiao.Profile]

// grids caches the grids Read builds by profile and shape: the workbooks of a
// batch filled in from one template share them. Read never modifies a grid.
var grids cache[gridKey, *book]

type gridKey struct {
	p     *jixiao.Profile
	shape string // fmt.Sprint of the shape
}

// readGrid returns the grid of profile p sized by sh.
func readGrid(p *jixiao.Profile, sh shape) *book {
	key := gridKey{p, fmt.Sprint(sh)}
	b, ok := grids.lookup(key)
	if !ok {
		b = build(p, sh)
		grids.store(key, b)
	}
	return b
}

// decodeProfile decodes and checks the profile the hidden sheet holds.
func decodeProfile(data []byte) (*jixiao.Profile, error) {
	if p, ok := profiles.lookup(string(data)); ok {
		return p, nil
	}
	p, err := decodeProfileText(data)
	if err != nil {
		return nil, err
	}
	profiles.store(string(data), p)
	return p, nil
}

func decodeProfileText(data []byte) (*jixiao.Profile, error) {
	var p jixiao.Profile
	if _, _, err := jixiao.DecodeJSON(metaSheet, data, &p); err != nil {
		return nil, err
	}
	if ps := scoring.CheckProfile(&p); len(ps) > 0 {
		return nil, errors.New(ps[0].Where() + "：" + ps[0].Message)
	}
	if n := len(p.Items()); n > maxProfileItems {
		return nil, fmt.Errorf("评分表有 %d 项，最多 %d 项", n, maxProfileItems)
	}
	return &p, nil
}

func (rd *reader) place(c *cell) jixiao.Place {
	return jixiao.Place{Sheet: c.sheet.name, SheetIndex: rd.index[c.sheet.name], Line: rd.actualRow(c.sheet, c.row), Col: c.col}
}

func (rd *reader) problem(sev jixiao.Severity, code, path string, at jixiao.Place, msg string) {
	label := ""
	if path != "" {
		label = jixiao.Label(path)
	}
	rd.problems = append(rd.problems, jixiao.Problem{Severity: sev, Code: code, Path: path, Place: at, Label: label, Message: msg})
}

// raw returns the text of a cell as read.
func (rd *reader) raw(s *sheet, row, col int) string { return rd.cells[s][[2]int{row, col}].text }

// squeeze is s without its white space.
func squeeze(s string) string {
	if !strings.ContainsFunc(s, unicode.IsSpace) {
		return s
	}
	return strings.Join(strings.Fields(s), "")
}

// sameSqueezed reports whether squeeze(a) == squeeze(b), without making them.
func sameSqueezed(a, b string) bool {
	if a == b {
		return true
	}
	i, j := 0, 0
	for {
		i, j = skipSpace(a, i), skipSpace(b, j)
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i] != b[j] {
			return false
		}
		i++
		j++
	}
}

// skipSpace returns the index of the first byte from i on that does not
// begin white space.
func skipSpace(s string, i int) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if !asciiSpace[c] {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			return i
		}
		i += n
	}
	return i
}

var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// noDigits is s squeezed, without its digits.
func noDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return -1
		}
		return r
	}, squeeze(s))
}

// verify checks that the labels of sheet s are where the grid puts them, and
// that nothing is written outside the grid. The labels' texts are part of
// the format (metaVersion): a workbook written by an earlier version must
// keep reading, which TestCorpus checks. A sheet whose labels moved is
// marked broken and not read: its values would land in the wrong fields.
func (rd *reader) verify(s *sheet) {
	inRun := func(row int) bool {
		for _, ru := range s.runs {
			if row >= ru.first && row <= ru.last {
				return true
			}
		}
		return false
	}
	for _, c := range s.cells {
		if c.role != roleLabel || c.text == "" || c.note || c.slot || inRun(c.row) {
			continue
		}
		got := rd.raw(s, c.row, c.col)
		if !sameSqueezed(c.text, got) && !form.LabelAccepts(squeeze(c.text), squeeze(got), rd.labels) {
			rd.problem(jixiao.Error, jixiao.CodeSyntax, "", rd.place(c),
				fmt.Sprintf("表格结构与生成时不同：这里应为 %s，实际为 %s（是否插入、删除或移动了行、列？请在未改动结构的表格中填写）",
					jixiao.Quote(c.text), jixiao.Quote(got)))
			rd.broken[s] = true
			return
		}
	}
	// Every cell outside the form's cells gets a warning: its content is not
	// imported. So does a cell inside a merged cell but not its first (an
	// unmerged C6:D6 with text typed into D6), and a cell of the template
	// that a formula computes but which holds a typed value.
	type at struct {
		c      *cell
		origin bool
	}
	n := 0
	for _, c := range s.cells {
		n += c.rows * c.cols
	}
	layout := make(map[[2]int]at, n)
	for _, c := range s.cells {
		for r := c.row; r <= c.lastRow(); r++ {
			for col := c.col; col <= c.lastCol(); col++ {
				layout[[2]int{r, col}] = at{c, r == c.row && col == c.col}
			}
		}
	}
	var stray [][2]int
	for pos, rc := range rd.cells[s] {
		if strings.TrimSpace(rc.text) == "" && !rc.formula {
			continue
		}
		a, ok := layout[pos]
		switch {
		case ok && a.c.role == roleLabel && (sameSqueezed(rc.text, a.c.text) || sameSqueezed(rc.text, "")):
			continue // a label, or one spanning a page break printed on each page
		case ok && a.c.slot && noDigits(rc.text) == noDigits(a.c.text):
			continue // the numbering of a row that rows inserted above have moved (任务2 on the row of 任务5)
		case ok && a.origin && a.c.role == roleLabel && !a.c.slot && !inRun(a.c.row):
			continue // a label of a fixed row: checked above
		case ok && a.origin && a.c.role != roleLabel && (a.c.role != roleDerived || rd.kind != "template" || rc.formula):
			continue
		case ok && a.origin && (a.c == rd.b.scoreTotal || a.c == rd.b.totalScore):
			continue // a total typed over its formula: read as stated (statedTotals)
		}
		stray = append(stray, pos)
	}
	// Cells on rows as found that no row of the grid reads are outside it.
	extra := map[[2]int]bool{}
	for _, pos := range rd.extra[s] {
		v := [2]int{-pos[0], pos[1]} // kept apart from the grid's rows
		stray = append(stray, v)
		extra[v] = true
	}
	actual := func(pos [2]int) [2]int {
		if extra[pos] {
			return [2]int{-pos[0], pos[1]}
		}
		return [2]int{rd.actualRow(s, pos[0]), pos[1]}
	}
	slices.SortFunc(stray, func(a, b [2]int) int {
		a, b = actual(a), actual(b)
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
	})
	for _, pos := range stray {
		at := actual(pos)
		place := jixiao.Place{Sheet: s.name, SheetIndex: rd.index[s.name], Line: at[0], Col: at[1]}
		var found string
		if extra[pos] {
			found = jixiao.Quote(rd.actualText(s, at))
		} else {
			found = jixiao.Quote(rd.raw(s, pos[0], pos[1]))
		}
		var msg string
		a, ok := layout[pos]
		if extra[pos] {
			ok = false
		}
		switch {
		case !ok:
			msg = "表格之外的内容 " + found + " 不会被导入：请填在表格内；行数不够时，在表格中插入行，或用 jixiao template 生成行数更多的模板"
		case a.c.role == roleLabel && a.c.slot:
			msg = "这一栏是序号，填写的 " + found + " 不会被导入：请填在同一行浅黄色的单元格中"
		case a.c.role == roleLabel:
			msg = "这里是表格原有的文字（" + jixiao.Quote(a.c.text) + "），填写的 " + found + " 不会被导入：请填在旁边浅黄色的单元格中"
		case !a.origin:
			msg = fmt.Sprintf("这个单元格属于合并单元格 %s:%s，只读取 %s：这里填写的 %s 不会被导入", a.c.name(),
				jixiao.CellName(a.c.lastCol(), a.c.lastRow()), a.c.name(), found)
		default:
			msg = "这里由公式自动计算，填写的 " + found + " 不会被导入（导入时一律重新计算）"
		}
		rd.problem(jixiao.Warning, jixiao.CodeUnknownField, "", place, msg)
	}
}

// actualText is the text of a cell as found, at its row and column there.
func (rd *reader) actualText(s *sheet, at [2]int) string { return rd.found[s][at].text }

// cellText is an input cell's text as read.
func (rd *reader) cellText(c *cell) string { return rd.raw(c.sheet, c.row, c.col) }

// rawCell is a grid cell as read.
func (rd *reader) rawCell(c *cell) rawCell { return rd.cells[c.sheet][[2]int{c.row, c.col}] }

// emptySlot reports whether nothing is filled in a list element.
func (rd *reader) emptySlot(sl *slot) bool {
	for _, f := range sl.fields {
		if strings.TrimFunc(rd.cellText(f.cell), unicode.IsSpace) != "" || rd.rawCell(f.cell).formula {
			return false
		}
	}
	for _, l := range sl.lists {
		for _, sub := range l.slots {
			if !rd.emptySlot(sub) {
				return false
			}
		}
	}
	return true
}

// readList reads the elements of a list that have anything filled in,
// numbering them in order.
func (rd *reader) readList(l *list, parent string) {
	path := parent + l.path
	if len(l.slots) == 0 || rd.broken[l.slots[0].anchor.sheet] {
		return
	}
	rd.places[path] = rd.place(l.slots[0].anchor)
	if l.sections {
		rd.readSections(l, path)
		return
	}
	n := 0
	for _, sl := range l.slots {
		if !l.keep && rd.emptySlot(sl) {
			continue
		}
		el := index(path, n)
		if n == 0 {
			rd.places[path] = rd.place(sl.anchor)
		}
		n++
		rd.places[el] = rd.place(sl.anchor)
		if sl.id != "" {
			v, _, _ := resolve(rd.root, el+".id", true)
			v.SetString(sl.id)
			rd.places[el+".id"] = rd.place(sl.anchor)
		}
		if len(sl.fields) == 1 && sl.fields[0].path == "" { // a list of strings
			resolve(rd.root, el, true)
		}
		for _, f := range sl.fields {
			rd.readField(f, el+f.path)
		}
		for _, sub := range sl.lists {
			rd.readList(sub, el)
		}
	}
}

func (rd *reader) readSections(l *list, path string) {
	var rows []form.TextLine
	for _, sl := range l.slots {
		k, t := sl.fields[0].cell, sl.fields[1].cell
		head, text := rd.cellText(k), rd.cellText(t)
		if strings.TrimFunc(head, unicode.IsSpace) == "" && strings.TrimFunc(text, unicode.IsSpace) == "" {
			continue
		}
		level, ok := headingLevel(head)
		if !ok {
			rd.problem(jixiao.Error, jixiao.CodeFormat, path, rd.place(k),
				"应为 "+strings.Join(headingKinds, "、")+" 或留空（正文段落），实际为 "+jixiao.Quote(head))
			continue
		}
		rows = append(rows, form.TextLine{Level: level, Text: rd.text(text, path, rd.place(t)), At: rd.place(t)})
	}
	ss := form.Unflatten(rows, path, rd.places)
	v, _, _ := resolve(rd.root, path, true)
	v.Set(reflect.ValueOf(ss))
}

// text cleans a text as read: control characters removed (with a warning),
// white space around trimmed.
func (rd *reader) text(s, path string, at jixiao.Place) string {
	clean, removed := jixiao.CleanText(s)
	if removed > 0 {
		rd.problem(jixiao.Warning, jixiao.CodeText, path, at, fmt.Sprintf("删除了 %d 个不可打印的控制字符", removed))
	}
	return strings.TrimFunc(clean, unicode.IsSpace)
}

// readField reads one input cell into the report at path.
func (rd *reader) readField(f *field, path string) {
	c := f.cell
	at := rd.place(c)
	rd.places[path] = at
	raw := rd.cellText(c)
	s := strings.TrimFunc(raw, unicode.IsSpace)
	bad := func(expected string) {
		rd.problem(jixiao.Error, jixiao.CodeFormat, path, at, expected+"，实际为 "+jixiao.Quote(raw))
	}
	set := func(v any) {
		dst, _, _ := resolve(rd.root, path, true)
		dst.Set(reflect.ValueOf(v))
	}
	if rd.rawCell(c).cut {
		rd.problem(jixiao.Error, jixiao.CodeRange, path, at, fmt.Sprintf("文字超过 Excel 单元格的上限 %d 个字符，只读取了前 %d 个字符", jixiao.MaxText, jixiao.MaxText))
	}
	if s == "" {
		if rd.rawCell(c).formula {
			rd.problem(jixiao.Error, jixiao.CodeFormat, path, at,
				"这里是一个公式，但工作簿中没有它的计算结果：请直接填写内容，或在 Excel、WPS 中打开并保存后再导入")
		}
		return
	}
	switch f.kind {
	case kindNumber:
		unit := unitOf(path)
		text := rd.numericText(c, s, unit)
		d, err := jixiao.ParseNumber(text, unit)
		var ne *jixiao.NumberError
		if errors.As(err, &ne) {
			bad(ne.Expected())
			return
		}
		set(jixiao.Num(d))
	case kindYear:
		y, ok := jixiao.ParseYear(s)
		if !ok || y < 1000 || y > 9999 {
			bad("应为四位数的年份，如 2020")
			return
		}
		set(y)
	case kindDate, kindDateLine:
		if strings.Trim(squeeze(s), "年月日_") == "" {
			return // the blank date line 年　月　日
		}
		// A date cell holds a day number (Excel's serial) when the program
		// recognised the date as typed; a number such as 2022.0315 or
		// 20220315 is a date typed without separators, read as it reads.
		if serial, err := strconv.ParseFloat(s, 64); err == nil && rd.rawCell(c).num && serial >= minSerial && serial < maxSerial {
			d, _ := fromSerial(serial)
			set(d)
			return
		}
		d, err := jixiao.ParseDate(s)
		if err != nil {
			rd.problem(jixiao.Error, jixiao.CodeFormat, path, at, err.Error())
			return
		}
		set(d)
	case kindGroup:
		text := rd.text(raw, path, at)
		name, note, _ := strings.Cut(text, "\n")
		note = strings.TrimFunc(note, unicode.IsSpace)
		if strings.HasPrefix(note, "（") && strings.HasSuffix(note, "）") {
			note = strings.TrimSuffix(strings.TrimPrefix(note, "（"), "）")
		}
		set(jixiao.TargetGroup{Name: strings.TrimFunc(name, unicode.IsSpace), Note: note})
		rd.places[path+".name"] = at
		rd.places[path+".note"] = at
	case kindMet:
		met, ok := parseMet(s)
		if !ok {
			bad("应为符合的要点编号，如 ①②③ 或 1、2、3；都不符合填 无")
			return
		}
		set(met)
	default:
		set(rd.text(raw, path, at))
	}
}

var floatText = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)

// The day numbers of 2000-01-01 and 2100-01-01 in Excel's 1900 date system: a
// number cell of a date field between them is a date the program recognised;
// another number (2022.0315 read as a day number would be 1905-07-14) is read
// as the text it shows.
const (
	minSerial = 36526
	maxSerial = 73051
)

// numericText returns the text of a number cell for ParseNumber. A number
// stored by a spreadsheet program may carry binary noise (8.1999999999999993
// for 8.2) or an exponent (1E-3): it is read as the 15 significant digits
// the program shows. A percentage typed as 90% is stored as 0.9 with a
// percent format: it is read as 90 in a % field.
func (rd *reader) numericText(c *cell, s, unit string) string {
	rc := rd.rawCell(c)
	if !rc.num || !floatText.MatchString(s) {
		return s // text typed by a person: read as typed
	}
	noisy := strings.ContainsAny(s, "eE") || significantDigits(s) > 15
	percent := unit == "%" && rd.p.isPercent(rc.style)
	if !noisy && !percent {
		return s
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		return s
	}
	if percent {
		v *= 100
	}
	v, _ = strconv.ParseFloat(strconv.FormatFloat(v, 'g', 15, 64), 64)
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// significantDigits counts the digits of a number's mantissa from the first
// that is not 0.
func significantDigits(s string) int {
	mant, _, _ := strings.Cut(strings.ToLower(s), "e")
	n := 0
	for _, c := range []byte(mant) {
		if c >= '1' && c <= '9' || c == '0' && n > 0 {
			n++
		}
	}
	return n
}

// fromSerial converts an Excel date serial (1900 date system) to a date.
func fromSerial(serial float64) (jixiao.Date, bool) {
	if serial < 1 || serial >= 2958466 {
		return jixiao.Date{}, false
	}
	t := excelEpoch.Add(time.Duration(math.Floor(serial)) * 24 * time.Hour)
	return jixiao.Date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}, true
}

// parseMet reads checklist points met: ①②③, 1、2、3, 1,3 or 无.
func parseMet(s string) ([]int, bool) {
	s = squeeze(s)
	if s == "无" || s == "没有" {
		return []int{}, true
	}
	var met []int
	seen := map[int]bool{}
	add := func(n int) bool {
		if n < 1 || n > 99 {
			return false
		}
		if !seen[n] {
			seen[n] = true
			met = append(met, n)
		}
		return true
	}
	num := -1
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9' || r >= '０' && r <= '９':
			d := int(r - '0')
			if r >= '０' {
				d = int(r - '０')
			}
			if num < 0 {
				num = 0
			}
			num = num*10 + d
			if num > 99 {
				return nil, false
			}
			continue
		}
		if num >= 0 {
			if !add(num) {
				return nil, false
			}
			num = -1
		}
		switch {
		case r >= '①' && r <= '⑳':
			add(int(r-'①') + 1)
		case strings.ContainsRune("、,，;；/ ", r):
		default:
			return nil, false
		}
	}
	if num >= 0 && !add(num) {
		return nil, false
	}
	slices.Sort(met)
	return met, len(met) > 0
}

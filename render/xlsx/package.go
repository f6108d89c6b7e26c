package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"jixiao"
	"jixiao/internal/ooxml"
	"jixiao/internal/sizes"
)

// The reader takes the few parts of an .xlsx package it needs (the workbook,
// its relationships, the shared strings, the styles and the worksheets)
// through internal/ooxml, and scans their cells directly: the values, not a
// document model. excelize's own reader builds the whole model with
// encoding/xml and takes several times longer than the rest of the import
// together. The package's limits are checked on the sizes the zip declares
// before anything is inflated and again on the bytes inflated.

// limits bound the workbook Read opens.
var limits = ooxml.Limits{File: MaxFileSize, Unzipped: maxUnzipped, Part: maxUnzippedPart, Entries: maxZipEntries}

// pkg is an opened .xlsx package. Its sheets' cells may be read
// concurrently.
type pkg struct {
	mu      sync.Mutex // held while a part inflates
	zip     *ooxml.Package
	sheets  []pkgSheet // in workbook order
	shared  []string
	styles  string // path of the styles part
	percent []bool // by cell style index: shows its number as a percentage; nil until needed
}

// pkgSheet is a sheet as the workbook lists it.
type pkgSheet struct {
	name, state, path string
}

// errPart is a part that cannot be read; its message is Chinese.
type errPart struct{ msg string }

func (e errPart) Error() string { return e.msg }

func partErr(format string, args ...any) error { return errPart{fmt.Sprintf(format, args...)} }

// openProblem is the problem of a file ooxml.Open refuses: CodeFile for a
// refusal for size, CodeSyntax for a damaged zip.
func openProblem(err error) (code, msg string) {
	var le *ooxml.LimitError
	if !errors.As(err, &le) {
		return jixiao.CodeSyntax, "文件已损坏，无法作为 .xlsx 工作簿打开（" + zipError(err) + "）"
	}
	switch le.Limit {
	case "Entries":
		return jixiao.CodeFile, fmt.Sprintf("压缩包内有 %d 个部件，不像正常的工作簿", le.Size)
	case "Part":
		return jixiao.CodeFile, fmt.Sprintf("工作簿的部件 %s 解压后过大（%s）", ooxml.Clip(le.Part), sizes.Limit(le.Size, le.Max))
	case "Unzipped":
		return jixiao.CodeFile, "工作簿解压后过大（" + sizes.Limit(le.Size, le.Max) + "）"
	}
	return jixiao.CodeFile, "文件过大（" + sizes.Limit(le.Size, le.Max) + "）"
}

// notWorkbook says what else an opened zip is, or "" for a workbook.
func notWorkbook(z *ooxml.Package) string {
	switch {
	case z.Has("word/document.xml"):
		return "这是 Word 文档（.docx），不是 Excel 工作簿（.xlsx）"
	case z.Has("ppt/presentation.xml"):
		return "这是 PowerPoint 演示文稿（.pptx），不是 Excel 工作簿（.xlsx）"
	case z.Has("content.xml") || z.Has("mimetype"):
		return "这是 OpenDocument 文件（如 .ods），请在 WPS、Excel 或 LibreOffice 中另存为 .xlsx 后再导入"
	}
	for _, name := range z.Names() {
		if strings.HasPrefix(strings.ToLower(name), "xl/") && z.Has("[Content_Types].xml") {
			return ""
		}
	}
	return "不是 Excel 工作簿（.xlsx）：压缩包中没有工作簿"
}

// openPkg reads the package's workbook and shared strings.
func openPkg(z *ooxml.Package) (*pkg, error) {
	p := &pkg{zip: z}
	wbPath := "xl/workbook.xml"
	if rels, err := z.Rels(""); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				wbPath = r.Target
			}
		}
	}
	wb, err := p.part(wbPath)
	if err != nil {
		return nil, err
	}
	rels, err := p.rels(wbPath)
	if err != nil {
		return nil, err
	}
	byID := map[string]string{}
	for _, r := range rels {
		byID[r.ID] = r.Target
		switch {
		case strings.HasSuffix(r.Type, "/sharedStrings"):
			sst, err := p.part(r.Target)
			if err != nil {
				return nil, err
			}
			if p.shared, err = sharedStrings(sst); err != nil {
				return nil, partErr("工作簿的共享字符串已损坏（%v）", err)
			}
		case strings.HasSuffix(r.Type, "/styles"):
			p.styles = r.Target
		}
	}
	sc := ooxml.NewScanner(wb)
	for {
		t, err := sc.Next()
		if err != nil {
			return nil, partErr("工作簿结构已损坏（%v）", err)
		}
		if t.Kind == ooxml.EOF {
			break
		}
		if !isStart(t) || t.Name != "sheet" {
			continue
		}
		s := pkgSheet{name: t.Attr("name"), state: t.Attr("state")}
		if id := t.Attr("id"); id != "" {
			s.path = byID[id]
		}
		p.sheets = append(p.sheets, s)
	}
	return p, nil
}

// parallel calls fn(0) … fn(n-1) on every core and returns when all have
// returned. A panic of fn is raised again in the caller.
func parallel(n int, fn func(i int)) {
	var (
		wg     sync.WaitGroup
		next   = make(chan int, n)
		mu     sync.Mutex
		raised any
	)
	for i := range n {
		next <- i
	}
	close(next)
	for range min(n, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			defer func() {
				if p := recover(); p != nil {
					mu.Lock()
					raised = p
					mu.Unlock()
				}
			}()
			for i := range next {
				fn(i)
			}
		})
	}
	wg.Wait()
	if raised != nil {
		panic(raised)
	}
}

// isStart reports whether a token starts an element: a start tag or an
// empty one.
func isStart(t ooxml.Token) bool { return t.Kind == ooxml.StartTag || t.Kind == ooxml.EmptyTag }

// part inflates a part, within the limits.
func (p *pkg) part(name string) ([]byte, error) {
	p.mu.Lock()
	data, err := p.zip.Part(name)
	p.mu.Unlock()
	if err != nil {
		return nil, partError(name, err)
	}
	return data, nil
}

// partError words the error of a part that cannot be inflated.
func partError(name string, err error) error {
	var le *ooxml.LimitError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return partErr("工作簿缺少部件 %s", jixiao.Short(name))
	case errors.As(err, &le) && le.Limit == "Part":
		return partErr("工作簿的部件 %s 解压后超过 %s", jixiao.Short(name), sizes.Text(le.Max))
	case le != nil:
		return partErr("工作簿解压后超过 %s", sizes.Text(le.Max))
	}
	return partErr("工作簿的部件 %s 无法解压（%s）", jixiao.Short(name), zipError(err))
}

// rels reads the relationships of a part, which must have them.
func (p *pkg) rels(part string) ([]ooxml.Rel, error) {
	name := ooxml.RelsName(part)
	if !p.zip.Has(name) {
		return nil, partError(name, fs.ErrNotExist)
	}
	rels, err := p.zip.Rels(part)
	var se *ooxml.SyntaxError
	switch {
	case errors.As(err, &se):
		return nil, partErr("工作簿的关系部件 %s 已损坏（%v）", jixiao.Short(name), se)
	case err != nil:
		return nil, partError(name, err)
	}
	return rels, nil
}

// rawCell is a cell as read: its text, whether it holds a number, and its
// style.
type rawCell struct {
	text    string
	num     bool
	style   int
	formula bool // the cell holds a formula (its text is the value last computed, if any)
	cut     bool // the text was longer than a cell holds and was cut
}

// maxCellBytes is the most bytes a cell's text can take: jixiao.MaxText
// characters of up to four bytes.
const maxCellBytes = 4 * jixiao.MaxText

// cutText cuts s to at most n characters.
func cutText(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// sheetCells are the cells of a worksheet that hold anything, by position.
type sheetCells map[[2]int]rawCell // {row, col}, 1-based

// maxCells bounds the cells read from one worksheet.
const maxCells = 200000

// cells reads a worksheet's cells.
func (p *pkg) cells(s pkgSheet) (sheetCells, error) {
	if s.path == "" {
		return nil, partErr("工作表“%s”在工作簿中没有对应的部件", jixiao.Short(s.name))
	}
	data, err := p.part(s.path)
	if err != nil {
		return nil, err
	}
	out := make(sheetCells, min(bytes.Count(data, []byte("<c ")), maxCells))
	sc := ooxml.NewScanner(data)
	row, col := 0, 0
	bad := func(err error) (sheetCells, error) {
		return nil, partErr("工作表“%s”已损坏（%v）", jixiao.Short(s.name), err)
	}
	for {
		t, err := sc.Next()
		if err != nil {
			return bad(err)
		}
		switch {
		case t.Kind == ooxml.EOF:
			return out, nil
		case !isStart(t):
			continue
		case t.Name == "row":
			if r := t.Attr("r"); r != "" {
				n, err := strconv.Atoi(r)
				if err != nil || n < 1 || n > 1048576 {
					return bad(fmt.Errorf("行号 %s", jixiao.Quote(r)))
				}
				row = n
			} else {
				row++
			}
			col = 0
		case t.Name == "c":
			if r := t.Attr("r"); r != "" {
				c, rr, ok := parseRef(r)
				if !ok {
					return bad(fmt.Errorf("单元格位置 %s", jixiao.Quote(r)))
				}
				col, row = c, rr
			} else {
				col++
			}
			typ, style := t.Attr("t"), 0
			if st := t.Attr("s"); st != "" {
				if style, err = strconv.Atoi(st); err != nil || style < 0 {
					return bad(fmt.Errorf("样式 %s", jixiao.Quote(st)))
				}
			}
			if t.Kind == ooxml.EmptyTag {
				continue
			}
			v, is, formula, err := cellContent(sc)
			if err != nil {
				return bad(err)
			}
			c := rawCell{style: style, formula: formula}
			switch typ {
			case "s":
				i, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil || i < 0 || i >= len(p.shared) {
					return bad(fmt.Errorf("共享字符串序号 %s", jixiao.Quote(v)))
				}
				c.text = p.shared[i]
			case "inlineStr":
				c.text = unescapeOOXML(is)
			case "str", "e":
				c.text = unescapeOOXML(v)
			case "b":
				c.text = map[string]string{"1": "TRUE", "0": "FALSE"}[strings.TrimSpace(v)]
			case "d": // an ISO 8601 date: keep the date
				c.text, _, _ = strings.Cut(strings.TrimSpace(v), "T")
			default:
				c.text, c.num = strings.TrimSpace(v), true
			}
			if c.text == "" && !c.formula {
				continue
			}
			if len(c.text) > maxCellBytes { // no spreadsheet program writes that: cut before anything reads it
				c.text, c.cut = cutText(c.text, jixiao.MaxText), true
			}
			if len(out) >= maxCells {
				return bad(fmt.Errorf("超过 %d 个单元格", maxCells))
			}
			out[[2]int{row, col}] = c
		}
	}
}

// isPercent reports whether cell style xf shows its number as a percentage.
func (p *pkg) isPercent(xf int) bool {
	if p.percent == nil {
		p.percent = []bool{}
		if data, err := p.part(p.styles); err == nil {
			p.percent = percentStyles(data)
		}
	}
	return xf >= 0 && xf < len(p.percent) && p.percent[xf]
}

// percentStyles lists, by cell style, whether its number format is a
// percentage (built-in 9 and 10, or a format code with %).
func percentStyles(data []byte) []bool {
	custom := map[string]bool{}
	var out []bool
	inXfs := false
	sc := ooxml.NewScanner(data)
	for {
		t, err := sc.Next()
		if err != nil || t.Kind == ooxml.EOF {
			return out
		}
		switch {
		case t.Name == "numFmt" && isStart(t):
			custom[t.Attr("numFmtId")] = strings.Contains(t.Attr("formatCode"), "%")
		case t.Name == "cellXfs":
			inXfs = t.Kind == ooxml.StartTag
		case t.Name == "xf" && inXfs && isStart(t):
			id := t.Attr("numFmtId")
			out = append(out, id == "9" || id == "10" || custom[id])
		}
	}
}

// parseRef reads an A1 reference.
func parseRef(ref string) (col, row int, ok bool) {
	ref = strings.ToUpper(ref)
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
		if col > 16384 {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	if err != nil || row < 1 || row > 1048576 || ref[i] == '+' || ref[i] == '-' {
		return 0, 0, false
	}
	return col, row, true
}

// sharedStrings reads the shared string table: the text of each <si>, its
// runs joined, without phonetic runs (<rPh>).
func sharedStrings(data []byte) ([]string, error) {
	var out []string
	sc := ooxml.NewScanner(data)
	for {
		t, err := sc.Next()
		if err != nil {
			return nil, err
		}
		switch {
		case t.Kind == ooxml.EOF:
			return out, nil
		case t.Name != "si":
		case t.Kind == ooxml.EmptyTag:
			out = append(out, "")
		case t.Kind == ooxml.StartTag:
			text, err := richText(sc)
			if err != nil {
				return nil, err
			}
			out = append(out, unescapeOOXML(text))
		}
	}
}

// cellContent reads the content of a <c> up to its end: the text of <v>,
// the text of an inline string <is>, and whether it has a formula <f>.
func cellContent(sc *ooxml.Scanner) (v, is string, formula bool, err error) {
	depth := sc.Depth()
	for {
		t, err := sc.Next()
		if err != nil {
			return "", "", false, err
		}
		switch {
		case t.Kind == ooxml.EndTag && sc.Depth() < depth:
			return v, is, formula, nil
		case t.Kind == ooxml.StartTag && t.Name == "v":
			if v, err = textOf(sc); err != nil {
				return "", "", false, err
			}
		case t.Name == "f" && isStart(t):
			formula = true
			if t.Kind == ooxml.StartTag {
				if err = sc.Skip(); err != nil {
					return "", "", false, err
				}
			}
		case t.Kind == ooxml.StartTag && t.Name == "is":
			if is, err = richText(sc); err != nil {
				return "", "", false, err
			}
		}
	}
}

// textOf returns the text up to the end of the element whose start tag was
// the last token.
func textOf(sc *ooxml.Scanner) (string, error) {
	var text pieces
	depth := sc.Depth()
	for {
		t, err := sc.Next()
		if err != nil {
			return "", err
		}
		switch {
		case t.Kind == ooxml.CharData:
			text.add(string(t.Text))
		case t.Kind == ooxml.EndTag && sc.Depth() < depth:
			return text.String(), nil
		}
	}
}

// richText returns the text of the <t> elements up to the end of the element
// whose start tag was the last token, skipping phonetic runs.
func richText(sc *ooxml.Scanner) (string, error) {
	var text pieces
	depth := sc.Depth()
	for {
		t, err := sc.Next()
		if err != nil {
			return "", err
		}
		switch {
		case t.Kind == ooxml.EndTag && sc.Depth() < depth:
			return text.String(), nil
		case t.Kind == ooxml.StartTag && t.Name == "t":
			s, err := textOf(sc)
			if err != nil {
				return "", err
			}
			text.add(s)
		case t.Kind == ooxml.StartTag && t.Name == "rPh":
			if err := sc.Skip(); err != nil {
				return "", err
			}
		}
	}
}

// pieces joins the pieces of a text, which is mostly one piece: it copies
// them into a buffer from the second on, in linear time.
type pieces struct {
	first string
	buf   []byte
	n     int
}

func (p *pieces) add(s string) {
	switch p.n {
	case 0:
		p.first = s
	case 1:
		p.buf = append(append(p.buf, p.first...), s...)
	default:
		p.buf = append(p.buf, s...)
	}
	p.n++
}

func (p *pieces) String() string {
	if p.n > 1 {
		return string(p.buf)
	}
	return p.first
}

// unescapeOOXML decodes the _xHHHH_ escapes spreadsheet programs write for
// characters XML cannot carry (_x0001_) and for a literal "_x" (_x005F_);
// appendCellText writes them.
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || i+7 > len(s) || s[i+6] != '_' {
			if i < 0 {
				b.WriteString(s)
				return b.String()
			}
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		n, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
		if err != nil {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteRune(rune(n))
		s = s[i+7:]
	}
}

// zipError says in Chinese what is wrong with a damaged zip.
func zipError(err error) string {
	switch {
	case errors.Is(err, zip.ErrFormat):
		return "不是有效的压缩包"
	case errors.Is(err, zip.ErrChecksum):
		return "校验和不符，内容已损坏"
	case errors.Is(err, zip.ErrAlgorithm):
		return "使用了不支持的压缩方法"
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "文件不完整"
	}
	return "压缩包结构错误"
}

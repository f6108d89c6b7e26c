package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao"
)

// The reader takes the few parts of an .xlsx package it needs (the workbook,
// its relationships, the shared strings, the styles and the worksheets) and
// scans their cells directly: the values, not a document model. excelize's
// own reader builds the whole model with encoding/xml and takes several times
// longer than the rest of the import together. The same limits as excelize's
// Options{UnzipSizeLimit, UnzipXMLSizeLimit} apply, checked on the sizes the
// zip declares before anything is inflated and again on the bytes inflated.

// pkg is an opened .xlsx package.
type pkg struct {
	files    map[string]*zip.File
	inflated int64
	sheets   []pkgSheet // in workbook order
	shared   []string
	styles   string // path of the styles part
	percent  []bool // by cell style index: shows its number as a percentage; nil until needed
}

// pkgSheet is a sheet as the workbook lists it.
type pkgSheet struct {
	name, state, path string
}

// errPart is a part that cannot be read; its message is Chinese.
type errPart struct{ msg string }

func (e errPart) Error() string { return e.msg }

func partErr(format string, args ...any) error { return errPart{fmt.Sprintf(format, args...)} }

// openPkg opens the package and reads its workbook and shared strings. sniff
// has checked the zip and its declared sizes.
func openPkg(data []byte) (*pkg, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, partErr("文件已损坏，无法作为 .xlsx 工作簿打开（%s）", zipError(err))
	}
	p := &pkg{files: map[string]*zip.File{}}
	for _, f := range zr.File {
		p.files[strings.TrimPrefix(f.Name, "/")] = f
	}
	wbPath := "xl/workbook.xml"
	if rels, err := p.rels("_rels/.rels"); err == nil {
		for _, r := range rels {
			if strings.HasSuffix(r.typ, "/officeDocument") {
				wbPath = r.target
			}
		}
	}
	wb, err := p.part(wbPath)
	if err != nil {
		return nil, err
	}
	rels, err := p.rels(relsOf(wbPath))
	if err != nil {
		return nil, err
	}
	byID := map[string]string{}
	for _, r := range rels {
		byID[r.id] = r.target
		switch {
		case strings.HasSuffix(r.typ, "/sharedStrings"):
			sst, err := p.part(r.target)
			if err != nil {
				return nil, err
			}
			if p.shared, err = sharedStrings(sst); err != nil {
				return nil, partErr("工作簿的共享字符串已损坏（%v）", err)
			}
		case strings.HasSuffix(r.typ, "/styles"):
			p.styles = r.target
		}
	}
	sc := scanner{data: wb}
	for {
		t, err := sc.next()
		if err != nil {
			return nil, partErr("工作簿结构已损坏（%v）", err)
		}
		if t.kind == tagEOF {
			break
		}
		if t.kind == tagEnd || t.name != "sheet" {
			continue
		}
		s := pkgSheet{name: t.attr("name"), state: t.attr("state")}
		if id := t.attr("id"); id != "" {
			s.path = byID[id]
		}
		p.sheets = append(p.sheets, s)
	}
	return p, nil
}

// part inflates a part, within the limits.
func (p *pkg) part(name string) ([]byte, error) {
	f, ok := p.files[name]
	if !ok {
		return nil, partErr("工作簿缺少部件 %s", jixiao.Short(name))
	}
	rc, err := f.Open()
	if err != nil {
		return nil, partErr("工作簿的部件 %s 无法解压（%s）", jixiao.Short(name), zipError(err))
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxUnzippedPart+1))
	if err != nil {
		return nil, partErr("工作簿的部件 %s 无法解压（%s）", jixiao.Short(name), zipError(err))
	}
	if len(data) > maxUnzippedPart {
		return nil, partErr("工作簿的部件 %s 解压后超过 %d 字节", jixiao.Short(name), maxUnzippedPart)
	}
	if p.inflated += int64(len(data)); p.inflated > maxUnzipped {
		return nil, partErr("工作簿解压后超过 %d 字节", maxUnzipped)
	}
	return data, nil
}

// relsOf is the relationships part of a part.
func relsOf(part string) string {
	dir, file := path.Split(part)
	return dir + "_rels/" + file + ".rels"
}

type rel struct{ id, typ, target string }

// rels reads a relationships part; targets are resolved to part names.
func (p *pkg) rels(name string) ([]rel, error) {
	data, err := p.part(name)
	if err != nil {
		return nil, err
	}
	base := path.Dir(path.Dir(name)) // the folder of the part the rels belong to
	var out []rel
	sc := scanner{data: data}
	for {
		t, err := sc.next()
		if err != nil {
			return nil, partErr("工作簿的关系部件 %s 已损坏（%v）", jixiao.Short(name), err)
		}
		if t.kind == tagEOF {
			return out, nil
		}
		if t.kind == tagEnd || t.name != "Relationship" || t.attr("TargetMode") == "External" {
			continue
		}
		target := t.attr("Target")
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(target, "/")
		} else {
			target = path.Join(base, target)
		}
		out = append(out, rel{id: t.attr("Id"), typ: t.attr("Type"), target: path.Clean(target)})
	}
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
	out := sheetCells{}
	sc := scanner{data: data}
	row, col := 0, 0
	bad := func(err error) (sheetCells, error) {
		return nil, partErr("工作表“%s”已损坏（%v）", jixiao.Short(s.name), err)
	}
	for {
		t, err := sc.next()
		if err != nil {
			return bad(err)
		}
		switch {
		case t.kind == tagEOF:
			return out, nil
		case t.kind == tagEnd:
			continue
		case t.name == "row":
			if r := t.attr("r"); r != "" {
				n, err := strconv.Atoi(r)
				if err != nil || n < 1 || n > 1048576 {
					return bad(fmt.Errorf("行号 %s", jixiao.Quote(r)))
				}
				row = n
			} else {
				row++
			}
			col = 0
		case t.name == "c":
			if r := t.attr("r"); r != "" {
				c, rr, ok := parseRef(r)
				if !ok {
					return bad(fmt.Errorf("单元格位置 %s", jixiao.Quote(r)))
				}
				col, row = c, rr
			} else {
				col++
			}
			typ, style := t.attr("t"), 0
			if st := t.attr("s"); st != "" {
				if style, err = strconv.Atoi(st); err != nil || style < 0 {
					return bad(fmt.Errorf("样式 %s", jixiao.Quote(st)))
				}
			}
			if t.kind == tagEmpty {
				continue
			}
			v, is, formula, err := sc.cellContent()
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
	sc := scanner{data: data}
	for {
		t, err := sc.next()
		if err != nil || t.kind == tagEOF {
			return out
		}
		switch {
		case t.name == "numFmt" && t.kind != tagEnd:
			custom[t.attr("numFmtId")] = strings.Contains(t.attr("formatCode"), "%")
		case t.name == "cellXfs":
			inXfs = t.kind == tagStart
		case t.name == "xf" && inXfs && t.kind != tagEnd:
			id := t.attr("numFmtId")
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
	sc := scanner{data: data}
	for {
		t, err := sc.next()
		if err != nil {
			return nil, err
		}
		if t.kind == tagEOF {
			return out, nil
		}
		if t.name != "si" || t.kind == tagEnd {
			continue
		}
		if t.kind == tagEmpty {
			out = append(out, "")
			continue
		}
		text, err := sc.richText("si")
		if err != nil {
			return nil, err
		}
		out = append(out, unescapeOOXML(text))
	}
}

// The scanner reads the tags of a part and the text between them. It knows
// XML's syntax (comments, processing instructions, CDATA, entities, either
// quote) but no schema or namespace: names are compared without their prefix.

type tagKind uint8

const (
	tagStart tagKind = iota
	tagEnd
	tagEmpty // <x/>
	tagEOF
)

type tag struct {
	kind  tagKind
	name  string // local name
	attrs []byte // raw
}

// attr returns the unescaped value of the attribute with the local name.
func (t tag) attr(local string) string {
	a := t.attrs
	for len(a) > 0 {
		a = bytes.TrimLeft(a, " \t\r\n")
		eq := bytes.IndexByte(a, '=')
		if eq < 0 {
			return ""
		}
		name := string(bytes.TrimSpace(a[:eq]))
		a = bytes.TrimLeft(a[eq+1:], " \t\r\n")
		if len(a) == 0 || a[0] != '"' && a[0] != '\'' {
			return ""
		}
		end := bytes.IndexByte(a[1:], a[0])
		if end < 0 {
			return ""
		}
		value := a[1 : end+1]
		a = a[end+2:]
		if i := strings.IndexByte(name, ':'); i >= 0 {
			if name[:i] == "xmlns" {
				continue
			}
			name = name[i+1:]
		}
		if name == local {
			s, _ := unescapeXML(value)
			return s
		}
	}
	return ""
}

type scanner struct {
	data []byte
	pos  int
	text []byte // text before the last tag, raw (entities not decoded)
}

var errSyntax = errors.New("XML 语法错误")

// next returns the next tag; the text before it is in sc.text.
func (sc *scanner) next() (tag, error) {
	sc.text = sc.text[:0]
	for {
		i := bytes.IndexByte(sc.data[sc.pos:], '<')
		if i < 0 {
			sc.text = append(sc.text, sc.data[sc.pos:]...)
			sc.pos = len(sc.data)
			return tag{kind: tagEOF}, nil
		}
		sc.text = append(sc.text, sc.data[sc.pos:sc.pos+i]...)
		sc.pos += i
		rest := sc.data[sc.pos:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			end := bytes.Index(rest, []byte("-->"))
			if end < 0 {
				return tag{}, errSyntax
			}
			sc.pos += end + 3
			continue
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			end := bytes.Index(rest, []byte("]]>"))
			if end < 0 {
				return tag{}, errSyntax
			}
			// Keep CDATA as text, escaped so that unescaping gives it back.
			sc.text = appendEscaped(sc.text, rest[9:end])
			sc.pos += end + 3
			continue
		case bytes.HasPrefix(rest, []byte("<?")):
			end := bytes.Index(rest, []byte("?>"))
			if end < 0 {
				return tag{}, errSyntax
			}
			sc.pos += end + 2
			continue
		case bytes.HasPrefix(rest, []byte("<!")):
			end := bytes.IndexByte(rest, '>')
			if end < 0 {
				return tag{}, errSyntax
			}
			sc.pos += end + 1
			continue
		}
		end := tagEnd0(rest)
		if end < 0 {
			return tag{}, errSyntax
		}
		body := rest[1:end]
		sc.pos += end + 1
		t := tag{kind: tagStart}
		if len(body) > 0 && body[0] == '/' {
			t.kind, body = tagEnd, body[1:]
		} else if len(body) > 0 && body[len(body)-1] == '/' {
			t.kind, body = tagEmpty, body[:len(body)-1]
		}
		n := bytes.IndexAny(body, " \t\r\n")
		if n < 0 {
			n = len(body)
		}
		name := body[:n]
		if len(name) == 0 {
			return tag{}, errSyntax
		}
		if c := bytes.IndexByte(name, ':'); c >= 0 {
			name = name[c+1:]
		}
		t.name, t.attrs = string(name), body[n:]
		return t, nil
	}
}

// tagEnd0 returns the index of the '>' closing the tag that starts data,
// skipping quoted attribute values; -1 if none.
func tagEnd0(data []byte) int {
	var quote byte
	for i := 1; i < len(data); i++ {
		c := data[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	return -1
}

func appendEscaped(dst, s []byte) []byte {
	for _, c := range s {
		switch c {
		case '&':
			dst = append(dst, "&amp;"...)
		case '<':
			dst = append(dst, "&lt;"...)
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// cellContent reads the content of a <c> up to its end: the text of <v>,
// the text of an inline string <is>, and whether it has a formula <f>.
func (sc *scanner) cellContent() (v, is string, formula bool, err error) {
	for {
		t, err := sc.next()
		if err != nil {
			return "", "", false, err
		}
		switch {
		case t.kind == tagEOF:
			return "", "", false, errSyntax
		case t.kind == tagEnd && t.name == "c":
			return v, is, formula, nil
		case t.kind == tagStart && t.name == "v":
			if v, err = sc.textUntil("v"); err != nil {
				return "", "", false, err
			}
		case t.name == "f" && t.kind != tagEnd:
			formula = true
			if t.kind == tagStart {
				if _, err = sc.textUntil("f"); err != nil {
					return "", "", false, err
				}
			}
		case t.kind == tagStart && t.name == "is":
			if is, err = sc.richText("is"); err != nil {
				return "", "", false, err
			}
		}
	}
}

// textUntil returns the decoded text up to the end tag of name.
func (sc *scanner) textUntil(name string) (string, error) {
	var b strings.Builder
	for {
		t, err := sc.next()
		if err != nil {
			return "", err
		}
		s, err := unescapeXML(sc.text)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
		switch {
		case t.kind == tagEOF:
			return "", errSyntax
		case t.kind == tagEnd && t.name == name:
			return b.String(), nil
		}
	}
}

// richText returns the text of the <t> elements up to the end tag of name,
// skipping phonetic runs.
func (sc *scanner) richText(name string) (string, error) {
	var b strings.Builder
	for {
		t, err := sc.next()
		if err != nil {
			return "", err
		}
		switch {
		case t.kind == tagEOF:
			return "", errSyntax
		case t.kind == tagEnd && t.name == name:
			return b.String(), nil
		case t.kind == tagStart && t.name == "t":
			s, err := sc.textUntil("t")
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		case t.kind == tagStart && t.name == "rPh":
			if _, err := sc.textUntil("rPh"); err != nil {
				return "", err
			}
		}
	}
}

// unescapeXML decodes XML's entities and character references.
func unescapeXML(s []byte) (string, error) {
	if bytes.IndexByte(s, '&') < 0 {
		if !utf8.Valid(s) {
			return "", errors.New("不是 UTF-8 文本")
		}
		return string(s), nil
	}
	var b strings.Builder
	for len(s) > 0 {
		i := bytes.IndexByte(s, '&')
		if i < 0 {
			b.Write(s)
			break
		}
		b.Write(s[:i])
		s = s[i:]
		end := bytes.IndexByte(s, ';')
		if end < 0 || end > 12 {
			return "", errSyntax
		}
		ent := string(s[1:end])
		s = s[end+1:]
		switch ent {
		case "lt":
			b.WriteByte('<')
		case "gt":
			b.WriteByte('>')
		case "amp":
			b.WriteByte('&')
		case "quot":
			b.WriteByte('"')
		case "apos":
			b.WriteByte('\'')
		default:
			var n uint64
			var err error
			switch {
			case strings.HasPrefix(ent, "#x"):
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			case strings.HasPrefix(ent, "#"):
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				err = errSyntax
			}
			if err != nil || n > utf8.MaxRune {
				return "", errSyntax
			}
			b.WriteRune(rune(n))
		}
	}
	if !utf8.ValidString(b.String()) {
		return "", errors.New("不是 UTF-8 文本")
	}
	return b.String(), nil
}

// unescapeOOXML decodes the _xHHHH_ escapes spreadsheet programs write for
// characters XML cannot carry (_x0001_) and for a literal "_x" (_x005F_).
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

package docx

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"jixiao"
	"jixiao/internal/ooxml"
	"jixiao/internal/sizes"
)

// This file is the Word reader's model and its entry point. The reader is the
// writer's counterpart but not its inverse: it reads any .docx (Word's, WPS's,
// LibreOffice's, this package's) into the body's blocks in order, paragraphs
// with their text and tables with their merges expanded into a grid. Knowing
// which table is which part of the form is the job of the code above it.

// Limits on a document to read, far above any real report (the shipped
// example has 9 tables, 85 rows, 364 cells and 466 paragraphs, the longest
// cell 1,169 characters). Beyond them Read refuses the file.
const (
	MaxFileSize       = 32 << 20 // bytes of the .docx file
	MaxBlocks         = 100000   // paragraphs and tables of the body
	MaxParagraphs     = 200000   // paragraphs, in cells included
	MaxTables         = 10000    // tables, nested ones included
	MaxTableDepth     = 16       // tables nested in a cell of a table …
	MaxRows           = 10000    // rows of one table
	MaxCols           = 256      // grid columns of one table (Word allows 63)
	MaxCells          = 200000   // cells of all tables
	MaxGrid           = 1 << 20  // grid positions (rows × columns) of all tables
	MaxCellParagraphs = 5000     // paragraphs of one cell
	MaxCellChars      = 100000   // characters of one cell's text
)

// limits are the package's limits: the sizes of the zip, checked before
// inflating.
var limits = ooxml.Limits{File: MaxFileSize, Unzipped: 64 << 20, Part: 16 << 20, Entries: 10000}

// Document is the body of a Word document as read. Its parts point at each
// other (a cell at its table, a paragraph at its cell); the back pointers are
// left out of JSON, so that a Document encodes.
type Document struct {
	Blocks []Block // the body's paragraphs and tables, in order
	// Tables lists every table, nested ones included, in the order they
	// begin: Tables[i].Index is i+1.
	Tables []*Table
	// Images counts the pictures, drawings and embedded objects of the body;
	// TextBoxes the text boxes and shapes holding text (whose text is not
	// read). A form pasted as pictures has images and no tables.
	Images, TextBoxes int
}

// Block is a paragraph or a table: exactly one of the two is set.
type Block struct {
	Para  *Paragraph
	Table *Table
}

// Paragraph is one paragraph: its text and what tells a heading or a list
// item from body text.
type Paragraph struct {
	// Text is the text as shown: runs joined, line breaks as "\n", tabs as
	// "\t"; deleted text, field instructions and text boxes left out.
	Text      string
	Style     string // style ID (w:pStyle), "" for the default style
	StyleName string // the style's name in the document's styles ("heading 1"), "" when unknown
	// Outline is the outline level, 1 to 9 (1 for 标题 1), set on the
	// paragraph or inherited from its style; 0 for body text.
	Outline int
	// NumID is the numbering instance of a list item (w:numPr/w:numId), set
	// on the paragraph or inherited from its style; 0 when not numbered.
	// NumLevel is its level, 0 for the first (w:ilvl).
	NumID, NumLevel int
	// PageBreak is set when the paragraph starts on a new page
	// (w:pageBreakBefore) or holds a page break. SectionBreak is set when it
	// ends a section whose successor starts on a new page (w:sectPr in its
	// properties, of any type but continuous): a table split by hand may be
	// split by either.
	PageBreak, SectionBreak bool
	// Images and TextBoxes count what the paragraph anchors: pictures,
	// drawings, embedded objects; text boxes and shapes with text.
	Images, TextBoxes int
	Cell              *Cell `json:"-"` // the cell holding the paragraph; nil in the body

	key   string // Text as compared with the form's labels (paraKey)
	keyed bool
}

// Table is a table with its merges expanded: every grid position points at
// the cell that covers it.
type Table struct {
	// Index is the table's number, 1-based, in the order tables begin in the
	// document, nested ones included: the 3 of 「表3」.
	Index int
	Rows  []Row
	Cols  int     // grid columns
	Cells []*Cell // every cell once, in reading order (by origin row, then column)
	Cell  *Cell   `json:"-"` // the cell holding a nested table; nil in the body
	// Images and TextBoxes count those of the table's paragraphs, nested
	// tables included.
	Images, TextBoxes int
}

// Row is a row of a table's grid.
type Row struct {
	// Header is set for a row repeated at the top of every page
	// (w:tblHeader). A table split by hand repeats its header row as a row
	// of the second part, with or without the flag (LibreOffice drops it
	// from nested tables): compare the rows' labels.
	Header bool
	// Cells has one entry per grid column: Cells[c-1] is the cell covering
	// column c, which may begin on a row above or a column to the left; nil
	// where the row has no cell (w:gridBefore, w:gridAfter, a short row).
	// (Encoded as JSON, a merged cell repeats at every position it covers.)
	Cells []*Cell
}

// Cell is a table cell, merged or not.
type Cell struct {
	Table            *Table `json:"-"`
	Row, Col         int    // 1-based grid position of its top left corner
	RowSpan, ColSpan int    // grid rows and columns covered, at least 1
	// Text is the text of the cell's paragraphs joined by "\n" (nested
	// tables' text is in their own cells).
	Text   string
	Blocks []Block // the cell's paragraphs and nested tables, in order
	// Hidden is the text of the cells merged into this one (the continuing
	// cells of w:vMerge and w:hMerge), which Word does not show; a program
	// that repeats a merged cell's text in every part of it leaves it there.
	// It is not part of Text.
	Hidden string

	key   string // Text as compared with the form's labels (cellKey)
	keyed bool
}

// At returns the cell covering the 1-based grid position, or nil.
func (t *Table) At(row, col int) *Cell {
	if row < 1 || row > len(t.Rows) || col < 1 || col > t.Cols {
		return nil
	}
	return t.Rows[row-1].Cells[col-1]
}

// HeaderRows is the number of leading rows repeated on every page.
func (t *Table) HeaderRows() int {
	n := 0
	for n < len(t.Rows) && t.Rows[n].Header {
		n++
	}
	return n
}

// Find returns the first cell, in reading order, whose label is label
// (compared after Normalize), or nil.
func (t *Table) Find(label string) *Cell {
	want := Normalize(label)
	for _, c := range t.Cells {
		if c.Label() == want {
			return c
		}
	}
	return nil
}

// Label is the cell's text normalised for comparison with a label printed on
// the form.
func (c *Cell) Label() string { return Normalize(c.Text) }

// Place names the cell for a message, by its table and its top left
// corner: 「表3 第5行 第2列」.
func (c *Cell) Place() string {
	return "表" + strconv.Itoa(c.Table.Index) + " 第" + strconv.Itoa(c.Row) + "行 第" + strconv.Itoa(c.Col) + "列"
}

// Paragraphs returns the cell's paragraphs (not those of nested tables).
func (c *Cell) Paragraphs() []*Paragraph {
	var out []*Paragraph
	for _, b := range c.Blocks {
		if b.Para != nil {
			out = append(out, b.Para)
		}
	}
	return out
}

// Read reads the body of a Word document (.docx, also .docm, .dotx) made by
// Word, WPS, LibreOffice or any other program.
//
// Its errors are an *jixiao.InputError naming file, with one problem of code
// jixiao.CodeFile (not a .docx — a .doc or .wps, an encrypted document, a
// workbook, a PDF … — or larger than the limits above) or jixiao.CodeSyntax
// (a damaged file). Nothing is returned half-read.
func Read(file string, data []byte) (*Document, error) {
	fail := func(code, msg string) (*Document, error) {
		return nil, &jixiao.InputError{File: file, Problems: []jixiao.Problem{{Code: code, Message: msg}}}
	}
	if code, msg := sniff(data); msg != "" {
		return fail(code, msg)
	}
	p, err := ooxml.Open(data, limits)
	if err != nil {
		return fail(packageProblem(err))
	}
	main, code, msg := mainPart(p)
	if msg != "" {
		return fail(code, msg)
	}
	styles, err := readStyles(p, main)
	if err != nil {
		return fail(packageProblem(err))
	}
	xml, err := p.Part(main)
	if err != nil {
		return fail(packageProblem(err))
	}
	d, err := parse(xml, styles)
	if err != nil {
		var le *limitError
		if errors.As(err, &le) {
			return fail(jixiao.CodeFile, le.msg)
		}
		if errors.Is(err, ooxml.ErrTooLarge) {
			return fail(jixiao.CodeFile, "文档正文 "+clipName(main)+" 无法读取："+err.Error())
		}
		return fail(jixiao.CodeSyntax, "文档正文 "+clipName(main)+" 已损坏："+err.Error())
	}
	return d, nil
}

// packageProblem is the problem of a package that cannot be read: CodeFile
// for a refusal for size, CodeSyntax for damage.
func packageProblem(err error) (code, msg string) {
	if errors.Is(err, ooxml.ErrTooLarge) {
		return jixiao.CodeFile, "文件过大，无法读取：" + err.Error()
	}
	return jixiao.CodeSyntax, "文件已损坏，无法作为 .docx 文档打开：" + err.Error()
}

// limitError is content beyond the reader's limits.
type limitError struct{ msg string }

func (e *limitError) Error() string { return e.msg }

func overLimit(format string, args ...any) error {
	return &limitError{fmt.Sprintf(format, args...)}
}

// sniff tells what kind of file data is when it is not a zip that Read can
// open, and refuses a file too large.
func sniff(data []byte) (code, msg string) {
	const saveAs = "：请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再读取"
	switch {
	case len(data) == 0:
		return jixiao.CodeFile, "文件是空的"
	case len(data) > MaxFileSize:
		return jixiao.CodeFile, "文件过大（" + sizes.Limit(int64(len(data)), MaxFileSize) + "）"
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		// An OLE compound file: its directory names its streams in UTF-16.
		has := func(name string) bool {
			b := make([]byte, 0, 2*len(name))
			for _, r := range name {
				b = append(b, byte(r), 0)
			}
			return bytes.Contains(data, b)
		}
		switch {
		case has("EncryptedPackage") || has("EncryptionInfo"):
			return jixiao.CodeFile, "文档设置了打开密码（已加密），无法读取：请在 Word 或 WPS 中取消打开密码后另存为 .docx 再读取"
		case has("WordDocument"):
			// WPS's own .wps is Word's binary format with extensions: the
			// two cannot be told apart from the content.
			return jixiao.CodeFile, "这是 Word 97-2003 文档（.doc）或 WPS 文字文档（.wps），不是 .docx" + saveAs
		case has("Workbook") || has("Book"):
			return jixiao.CodeFile, "这是 Excel 97-2003 工作簿（.xls），不是 Word 文档（.docx）"
		case has("PowerPoint Document"):
			return jixiao.CodeFile, "这是 PowerPoint 97-2003 演示文稿（.ppt），不是 Word 文档（.docx）"
		case has("CONTENTS") || has("MatOST"):
			return jixiao.CodeFile, "这是旧版 Microsoft Works 文档（.wps），不是 .docx" + saveAs
		}
		return jixiao.CodeFile, "这是 Office 97-2003 格式的文件，不是 Word 文档（.docx）" + saveAs
	case bytes.HasPrefix(data, []byte("%PDF")):
		return jixiao.CodeFile, "这是 PDF 文件，不是 Word 文档（.docx）：请使用报告的 Word 原文件"
	case bytes.HasPrefix(data, []byte(`{\rtf`)):
		return jixiao.CodeFile, "这是 RTF 文档，不是 .docx" + saveAs
	case !bytes.HasPrefix(data, []byte("PK\x03\x04")) && !bytes.HasPrefix(data, []byte("PK\x05\x06")):
		head := bytes.TrimLeft(data[:min(len(data), 4096)], "\xef\xbb\xbf \t\r\n")
		switch {
		case len(head) > 0 && (head[0] == '{' || head[0] == '['):
			return jixiao.CodeFile, "这是 JSON 文本，不是 Word 文档（.docx）；JSON 格式的报告请直接用 jixiao check 检查"
		case bytes.HasPrefix(head, []byte("MIME-Version:")):
			return jixiao.CodeFile, "这是“单个文件网页”（.mht），不是 .docx" + saveAs
		case bytes.Contains(head, []byte("Word.Document")) || bytes.Contains(head, []byte("w:wordDocument")) ||
			bytes.Contains(head, []byte("pkg:package")):
			return jixiao.CodeFile, "这是“Word XML 文档”（.xml），不是 .docx" + saveAs
		case len(head) > 0 && head[0] == '<':
			return jixiao.CodeFile, "这是网页或 XML 文件（可能是“另存为网页”），不是 .docx" + saveAs
		}
		return jixiao.CodeFile, "不是 Word 文档（.docx）：文件内容无法识别"
	}
	return "", ""
}

// Relationship types, by their last segment (transitional and strict OOXML
// share it).
const (
	relOfficeDocument = "/officeDocument"
	relStyles         = "/styles"
)

// mainPart finds the main document part, or says what else the package is.
func mainPart(p *ooxml.Package) (name, code, msg string) {
	rels, err := p.Rels("")
	if err != nil {
		code, msg := packageProblem(err)
		return "", code, msg
	}
	for _, r := range rels {
		if strings.HasSuffix(r.Type, relOfficeDocument) && p.Has(r.Target) {
			name = r.Target
			break
		}
	}
	if name == "" && p.Has("word/document.xml") {
		name = "word/document.xml"
	}
	if name != "" && !strings.HasPrefix(strings.ToLower(name), "xl/") && !strings.HasPrefix(strings.ToLower(name), "ppt/") {
		return name, "", ""
	}
	switch {
	case p.Has("xl/workbook.xml") || strings.HasPrefix(strings.ToLower(name), "xl/"):
		return "", jixiao.CodeFile, "这是 Excel 工作簿（.xlsx），不是 Word 文档（.docx）"
	case p.Has("ppt/presentation.xml") || strings.HasPrefix(strings.ToLower(name), "ppt/"):
		return "", jixiao.CodeFile, "这是 PowerPoint 演示文稿（.pptx），不是 Word 文档（.docx）"
	case p.Has("mimetype") || p.Has("content.xml"):
		kind := "OpenDocument 文件"
		if m, err := p.Part("mimetype"); err == nil {
			switch strings.TrimSpace(string(m[:min(len(m), 100)])) {
			case "application/vnd.oasis.opendocument.text":
				kind = "OpenDocument 文本（.odt）"
			case "application/vnd.oasis.opendocument.spreadsheet":
				kind = "OpenDocument 表格（.ods）"
			}
		}
		return "", jixiao.CodeFile, "这是" + kind + "，不是 .docx：请在 WPS、Word 或 LibreOffice 中另存为“Word 文档（*.docx）”后再读取"
	}
	return "", jixiao.CodeFile, "不是 Word 文档（.docx）：压缩包中没有 word/document.xml"
}

// clipName shortens a part name taken from the file for a message.
func clipName(name string) string { return ooxml.Clip(name) }

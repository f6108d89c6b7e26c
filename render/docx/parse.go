package docx

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"jixiao/internal/ooxml"
)

// The parser walks document.xml once with the pull scanner. Each element is
// handled by the context it appears in (block content, a paragraph's
// content, a table, a row, a cell); an element a context does not know is
// transparent: its content is read as if in its place. That keeps the text
// real files hide in wrappers — tracked insertions, hyperlinks, content
// controls, smart tags, custom XML, simple fields, and whatever a later Word
// adds — while the elements that hold no body text (properties, deletions,
// field instructions, drawings and text boxes) are skipped by name.

// pstyle is what a paragraph inherits from its style.
type pstyle struct {
	name, basedOn   string
	outline         int // 1–9; 0 for body text
	outlineSet      bool
	numID, numLevel int
	numSet          bool
}

// maxStyles bounds the styles kept; maxBasedOn the chain of styles followed.
const (
	maxStyles  = 10000
	maxBasedOn = 16
)

// readStyles reads the paragraph styles of the main part, if it has any.
func readStyles(p *ooxml.Package, main string) (map[string]*pstyle, error) {
	rels, err := p.Rels(main)
	if err != nil {
		return nil, err
	}
	name := ""
	for _, r := range rels {
		if strings.HasSuffix(r.Type, relStyles) && p.Has(r.Target) {
			name = r.Target
			break
		}
	}
	if name == "" {
		return nil, nil
	}
	data, err := p.Part(name)
	if err != nil {
		return nil, err
	}
	styles, err := parseStyles(data)
	if err != nil {
		return nil, fmt.Errorf("样式部件 %s 已损坏：%w", clipName(name), err)
	}
	return styles, nil
}

func parseStyles(data []byte) (map[string]*pstyle, error) {
	out := map[string]*pstyle{}
	sc := ooxml.NewScanner(data)
	var cur *pstyle
	depth := 0
	for {
		t, err := sc.Next()
		if err != nil {
			return nil, err
		}
		switch t.Kind {
		case ooxml.EOF:
			return out, nil
		case ooxml.EndTag:
			if cur != nil && sc.Depth() < depth {
				cur = nil
			}
			continue
		case ooxml.CharData:
			continue
		}
		if t.Name == "style" && t.Kind == ooxml.StartTag {
			if typ := t.Attr("type"); typ != "" && typ != "paragraph" {
				if err := sc.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			cur, depth = &pstyle{}, sc.Depth()
			if id := t.Attr("styleId"); out[id] == nil && len(out) < maxStyles {
				out[id] = cur
			}
			continue
		}
		if cur == nil {
			continue
		}
		switch t.Name {
		case "rPr", "pPrChange", "rPrChange", "tblPr", "trPr", "tcPr", "tblStylePr":
			if t.Kind == ooxml.StartTag {
				if err := sc.Skip(); err != nil {
					return nil, err
				}
			}
		case "name":
			cur.name = t.Attr("val")
		case "basedOn":
			cur.basedOn = t.Attr("val")
		case "outlineLvl":
			cur.outline, cur.outlineSet = outlineLevel(t)
		case "numId":
			cur.numID, cur.numSet = atoi(t.Attr("val")), true
		case "ilvl":
			cur.numLevel = atoi(t.Attr("val"))
		}
	}
}

// outlineLevel reads w:outlineLvl: 0–8 are levels 1–9, 9 is body text.
func outlineLevel(t ooxml.Token) (int, bool) {
	n, err := strconv.Atoi(t.Attr("val"))
	if err != nil || n < 0 || n > 9 {
		return 0, false
	}
	if n == 9 {
		return 0, true
	}
	return n + 1, true
}

// atoi reads a small non-negative number; anything else is 0.
func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return 0
	}
	return min(n, 1<<20)
}

// onOff reads a toggle (w:tblHeader, w:pageBreakBefore): present means on
// unless its value says off.
func onOff(t ooxml.Token) bool {
	switch t.Attr("val") {
	case "0", "false", "off", "none":
		return false
	}
	return true
}

// Merge states of a cell (w:vMerge, w:hMerge).
const (
	noMerge = iota
	restartMerge
	continueMerge
)

func mergeState(t ooxml.Token) int {
	if t.Attr("val") == "restart" {
		return restartMerge
	}
	return continueMerge
}

// grid lays out the cells of one table as its rows are read.
type grid struct {
	t        *Table
	gridCols int    // w:gridCol count
	headers  []bool // w:tblHeader of each row kept
	width    int    // widest row, in grid columns
	row      int    // number of the current row, 1-based
	col      int    // grid column of the next cell of the row, 1-based
	after    int    // w:gridAfter of the current row
	placed   int    // cells placed in the current row
	header   bool
	deleted  bool    // the current row is a tracked deletion
	above    []*Cell // the cells covering each column of the row above
	cur      []*Cell // … and of the current row so far
	last     *Cell   // the last cell placed in the current row
	inCell   bool    // the current cell is placed (its w:tcPr is read)
	span     int     // w:gridSpan of the current cell
	vmerge   int     // w:vMerge of the current cell
	hmerge   int     // w:hMerge of the current cell
	hidden   map[*Cell]*hiddenText
}

// hiddenText is the text of the continuing cells merged into a cell.
type hiddenText struct {
	b     []byte
	chars int
}

// cover records that c covers span columns from col in the current row.
func (g *grid) cover(col, span int, c *Cell) {
	for len(g.cur) < col-1+span {
		g.cur = append(g.cur, nil)
	}
	for i := col - 1; i < col-1+span; i++ {
		g.cur[i] = c
	}
}

// reader reads the body of one document.
type reader struct {
	sc     *ooxml.Scanner
	styles map[string]*pstyle
	doc    *Document

	blocks *[]Block    // where the next block goes
	cell   *Cell       // the cell being read; nil in the body
	hidden *hiddenText // reading a continuing merged cell: its text goes here
	g      *grid       // the table being read
	tables []*Table    // the tables being read, outermost first

	// The paragraph being read.
	text          []byte
	pageBreak     bool          // a page break waits for the text after it
	runFont       map[byte]rune // the symbol font of the current run, if any
	pp            paraProps
	images, boxes int
	fields        []bool // open complex fields: true while in the instruction
	instr         int    // open fields in their instruction part
	overflow      int    // fields opened beyond maxFields

	paras, cells, gridSize int // counts against the limits
	cellParas, cellChars   int // of rd.cell
}

// paraProps are a paragraph's own properties (w:pPr).
type paraProps struct {
	style           string
	outline         int
	outlineSet      bool
	numID, numLevel int
	numSet          bool
	pageBreak       bool
	sectionBreak    bool
}

// maxFields bounds the nesting of complex fields tracked.
const maxFields = 64

// parse reads document.xml.
func parse(data []byte, styles map[string]*pstyle) (*Document, error) {
	rd := &reader{sc: ooxml.NewScanner(data), styles: styles, doc: &Document{}}
	rd.blocks = &rd.doc.Blocks
	found := false
	for {
		t, err := rd.sc.Next()
		if err != nil {
			return nil, err
		}
		if t.Kind == ooxml.EOF {
			break
		}
		if t.Name == "body" && !found && (t.Kind == ooxml.StartTag || t.Kind == ooxml.EmptyTag) {
			found = true
			if err := rd.content(t, rd.block); err != nil {
				return nil, err
			}
		}
	}
	if !found {
		return nil, errors.New("没有正文（w:body）")
	}
	return rd.doc, nil
}

// content reads the content of the element whose start tag t is, calling f
// for each element in it (transparent ones included, see above).
func (rd *reader) content(t ooxml.Token, f func(ooxml.Token) error) error {
	if t.Kind != ooxml.StartTag {
		return nil
	}
	depth := rd.sc.Depth()
	for {
		t, err := rd.sc.Next()
		if err != nil {
			return err
		}
		switch t.Kind {
		case ooxml.EndTag:
			if rd.sc.Depth() < depth {
				return nil
			}
		case ooxml.StartTag, ooxml.EmptyTag:
			if err := f(t); err != nil {
				return err
			}
		case ooxml.EOF: // the scanner reports the elements left open
			return nil
		}
	}
}

// skip skips the content of the element whose start tag t is.
func (rd *reader) skip(t ooxml.Token) error {
	if t.Kind != ooxml.StartTag {
		return nil
	}
	return rd.sc.Skip()
}

// direct reports whether t, just read, is a child of the element at depth.
func (rd *reader) direct(t ooxml.Token, depth int) bool {
	if t.Kind == ooxml.StartTag {
		return rd.sc.Depth() == depth+1
	}
	return rd.sc.Depth() == depth
}

// alternate reads markup compatibility's alternatives: the first Choice (or
// the Fallback when there is none), never two of them.
func (rd *reader) alternate(t ooxml.Token, f func(ooxml.Token) error) error {
	if t.Kind != ooxml.StartTag {
		return nil
	}
	depth := rd.sc.Depth()
	taken := false
	return rd.content(t, func(c ooxml.Token) error {
		if !rd.direct(c, depth) {
			return f(c)
		}
		if (c.Name == "Choice" || c.Name == "Fallback") && !taken {
			taken = true
			return nil // read in place
		}
		return rd.skip(c)
	})
}

// block handles an element of block content: the body, a cell, a content
// control around paragraphs and tables.
func (rd *reader) block(t ooxml.Token) error {
	switch t.Name {
	case "p":
		return rd.paragraph(t)
	case "tbl":
		return rd.table(t)
	case "AlternateContent":
		return rd.alternate(t, rd.block)
	case "sectPr", "sdtPr", "sdtEndPr", "customXmlPr", "del", "moveFrom", "pPr", "rPr",
		"tblPr", "trPr", "tcPr", "drawing", "pict", "object", "txbxContent":
		return rd.skip(t)
	}
	return nil
}

// paragraph reads a w:p.
func (rd *reader) paragraph(t ooxml.Token) error {
	rd.text, rd.pp, rd.images, rd.boxes, rd.pageBreak, rd.runFont = rd.text[:0], paraProps{}, 0, 0, false, nil
	rd.fields, rd.instr, rd.overflow = rd.fields[:0], 0, 0
	if err := rd.content(t, rd.inline); err != nil {
		return err
	}
	if rd.hidden != nil {
		if len(rd.text) > 0 {
			if len(rd.hidden.b) > 0 {
				rd.hidden.b = append(rd.hidden.b, '\n')
			}
			rd.hidden.b = append(rd.hidden.b, rd.text...)
		}
		return nil
	}
	if rd.paras++; rd.paras > MaxParagraphs {
		return overLimit("文档中的段落超过 %d 个", MaxParagraphs)
	}
	p := &Paragraph{
		Text: string(rd.text), Style: rd.pp.style, Outline: rd.pp.outline,
		NumID: rd.pp.numID, NumLevel: rd.pp.numLevel, PageBreak: rd.pp.pageBreak, SectionBreak: rd.pp.sectionBreak,
		Images: rd.images, TextBoxes: rd.boxes, Cell: rd.cell,
	}
	rd.inherit(p)
	if rd.cell != nil {
		if rd.cellParas++; rd.cellParas > MaxCellParagraphs {
			return overLimit("%s：单元格中的段落超过 %d 个", rd.cell.Place(), MaxCellParagraphs)
		}
	} else if len(rd.doc.Blocks) >= MaxBlocks {
		return overLimit("文档正文的段落和表格超过 %d 个", MaxBlocks)
	}
	*rd.blocks = append(*rd.blocks, Block{Para: p})
	rd.doc.Images += p.Images
	rd.doc.TextBoxes += p.TextBoxes
	for _, t := range rd.tables {
		t.Images += p.Images
		t.TextBoxes += p.TextBoxes
	}
	return nil
}

// inherit completes a paragraph's properties from its style and the styles
// it is based on.
func (rd *reader) inherit(p *Paragraph) {
	s := rd.styles[p.Style]
	if p.Style == "" || s == nil {
		return
	}
	p.StyleName = s.name
	outlineSet, numSet := rd.pp.outlineSet, rd.pp.numSet
	for i := 0; s != nil && i < maxBasedOn && !(outlineSet && numSet); i++ {
		if !outlineSet && s.outlineSet {
			p.Outline, outlineSet = s.outline, true
		}
		if !numSet && s.numSet {
			p.NumID, p.NumLevel, numSet = s.numID, s.numLevel, true
		}
		s = rd.styles[s.basedOn]
	}
}

// pPr handles an element of a paragraph's properties.
func (rd *reader) pPr(t ooxml.Token) error {
	switch t.Name {
	case "pStyle":
		rd.pp.style = t.Attr("val")
	case "outlineLvl":
		rd.pp.outline, rd.pp.outlineSet = outlineLevel(t)
	case "numId":
		rd.pp.numID, rd.pp.numSet = atoi(t.Attr("val")), true
	case "ilvl":
		rd.pp.numLevel = atoi(t.Attr("val"))
	case "pageBreakBefore":
		rd.pp.pageBreak = onOff(t)
	case "sectPr":
		rd.pp.sectionBreak = true
		return rd.content(t, rd.sectPr)
	case "rPr", "pPrChange", "tabs":
		return rd.skip(t)
	}
	return nil
}

// sectPr handles an element of the properties of a section that a paragraph
// ends.
func (rd *reader) sectPr(t ooxml.Token) error {
	switch t.Name {
	case "type":
		rd.pp.sectionBreak = t.Attr("val") != "continuous"
	case "sectPrChange", "headerReference", "footerReference":
		return rd.skip(t)
	}
	return nil
}

// inline handles an element of a paragraph's content, at any depth.
func (rd *reader) inline(t ooxml.Token) error {
	switch t.Name {
	case "pPr":
		return rd.content(t, rd.pPr)
	case "r":
		rd.runFont = nil
		return nil // read in place
	case "rPr":
		return rd.content(t, rd.rPr)
	case "t":
		return rd.textOf(t)
	case "tab", "ptab":
		rd.add("\t")
	case "br", "cr":
		switch t.Attr("type") {
		case "page", "column":
			// A line break between the text before and after, none at either
			// end of the paragraph.
			rd.pp.pageBreak = rd.pp.pageBreak || t.Attr("type") == "page"
			rd.pageBreak = rd.instr == 0
		default:
			rd.add("\n")
		}
	case "noBreakHyphen":
		rd.add("-")
	case "sym":
		rd.sym(t)
	case "fldChar":
		rd.fldChar(t.Attr("fldCharType"))
	case "drawing", "pict", "object":
		return rd.drawing(t)
	case "AlternateContent":
		return rd.alternate(t, rd.inline)
	case "del", "moveFrom", "instrText", "delText", "delInstrText", "sdtPr", "sdtEndPr",
		"customXmlPr", "smartTagPr", "rt", "rubyPr", "fldData", "txbxContent", "sectPr",
		"tblPr", "trPr", "tcPr":
		return rd.skip(t)
	default:
		return nil // softHyphen, bookmarks, proofErr … are empty; containers are read in place
	}
	return rd.skip(t)
}

// rPr handles an element of a run's properties: a symbol font changes the
// meaning of the run's characters.
func (rd *reader) rPr(t ooxml.Token) error {
	switch t.Name {
	case "rFonts":
		for _, a := range [...]string{"ascii", "hAnsi", "eastAsia", "cs"} {
			if f := symbols[strings.ToLower(strings.TrimSpace(t.Attr(a)))]; f != nil {
				rd.runFont = f
			}
		}
	case "rPrChange":
		return rd.skip(t)
	}
	return nil
}

// textOf reads the text of a w:t.
func (rd *reader) textOf(t ooxml.Token) error {
	if t.Kind != ooxml.StartTag {
		return nil
	}
	depth := rd.sc.Depth()
	for {
		t, err := rd.sc.Next()
		if err != nil {
			return err
		}
		switch t.Kind {
		case ooxml.CharData:
			if err := rd.addBytes(t.Text); err != nil {
				return err
			}
		case ooxml.StartTag:
			if err := rd.sc.Skip(); err != nil {
				return err
			}
		case ooxml.EndTag:
			if rd.sc.Depth() < depth {
				return nil
			}
		case ooxml.EOF:
			return nil
		}
	}
}

// add appends text to the paragraph (a tab, a line break, a symbol: never
// over a limit alone).
func (rd *reader) add(s string) {
	if rd.instr == 0 {
		rd.breakLine()
		rd.text = append(rd.text, s...)
	}
}

// breakLine writes the line break of a page break when text follows it.
func (rd *reader) breakLine() {
	if rd.pageBreak {
		rd.pageBreak = false
		if len(rd.text) > 0 {
			rd.text = append(rd.text, '\n')
		}
	}
}

// addBytes appends text to the paragraph, unless it is a field's instruction,
// within the limit of a cell's text.
func (rd *reader) addBytes(b []byte) error {
	if rd.instr > 0 || len(b) == 0 {
		return nil
	}
	switch {
	case rd.hidden != nil:
		if rd.hidden.chars += utf8.RuneCount(b); rd.hidden.chars > MaxCellChars {
			return overLimit("表%d：合并单元格中的文字超过 %d 字", rd.g.t.Index, MaxCellChars)
		}
	case rd.cell != nil:
		if rd.cellChars += utf8.RuneCount(b); rd.cellChars > MaxCellChars {
			return overLimit("%s：单元格的文字超过 %d 字", rd.cell.Place(), MaxCellChars)
		}
	}
	rd.breakLine()
	if rd.runFont == nil {
		rd.text = append(rd.text, b...)
		return nil
	}
	// A symbol font's characters, as LibreOffice writes them: U+F020–U+F0FF.
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		switch {
		case r < 0xF000 || r > 0xF0FF:
			rd.text = append(rd.text, b[:n]...)
		case rd.runFont[byte(r-0xF000)] != 0:
			rd.text = utf8.AppendRune(rd.text, rd.runFont[byte(r-0xF000)])
		}
		b = b[n:]
	}
	return nil
}

// fldChar follows complex fields: the text between begin and separate is the
// field's instruction (dropped), between separate and end its result (kept).
func (rd *reader) fldChar(typ string) {
	n := len(rd.fields)
	switch typ {
	case "begin":
		if n < maxFields {
			rd.fields = append(rd.fields, true)
		} else {
			rd.overflow++
		}
		rd.instr++
	case "separate":
		if rd.overflow == 0 && n > 0 && rd.fields[n-1] {
			rd.fields[n-1] = false
			rd.instr--
		}
	case "end":
		switch {
		case rd.overflow > 0:
			rd.overflow--
			rd.instr--
		case n > 0:
			if rd.fields[n-1] {
				rd.instr--
			}
			rd.fields = rd.fields[:n-1]
		}
	}
}

// drawing counts a picture, drawing or embedded object, or a text box when it
// holds text; its content is not body text.
func (rd *reader) drawing(t ooxml.Token) error {
	box := false
	if t.Kind == ooxml.StartTag {
		depth := rd.sc.Depth()
		for {
			t, err := rd.sc.Next()
			if err != nil {
				return err
			}
			if t.Kind == ooxml.EndTag && rd.sc.Depth() < depth || t.Kind == ooxml.EOF {
				break
			}
			if t.Name == "txbxContent" || t.Name == "textbox" {
				box = true
			}
		}
	}
	if box {
		rd.boxes++
	} else {
		rd.images++
	}
	return nil
}

// symbols maps the characters of symbol fonts that forms use (check boxes,
// check marks, bullets, ≤ and ≥) to Unicode, by font name in lower case.
var symbols = map[string]map[byte]rune{
	"wingdings": {0x6C: '●', 0x6E: '■', 0x6F: '□', 0x71: '❑', 0x9F: '•', 0xA1: '○', 0xA8: '◻',
		0xFB: '✗', 0xFC: '✓', 0xFD: '☒', 0xFE: '☑'},
	"wingdings 2": {0x50: '✓', 0x52: '☑', 0x53: '☒', 0x54: '☒', 0x95: '•', 0x96: '●', 0xA3: '⬜'},
	"symbol":      {0xA3: '≤', 0xB0: '°', 0xB1: '±', 0xB3: '≥', 0xB4: '×', 0xB7: '•', 0xB8: '÷', 0xD6: '√'},
}

// sym appends the character of a w:sym when it is known: a character of a
// symbol font above, or a character of an ordinary font.
func (rd *reader) sym(t ooxml.Token) {
	n, err := strconv.ParseUint(strings.TrimSpace(t.Attr("char")), 16, 32)
	if err != nil {
		return
	}
	font := symbols[strings.ToLower(strings.TrimSpace(t.Attr("font")))]
	pua := n >= 0xF000 && n <= 0xF0FF // a symbol font's character, as Word writes it
	if pua {
		n -= 0xF000
	}
	switch {
	case pua && font == nil: // a font not known here
	case font != nil:
		if r, ok := font[byte(n)]; ok && n < 0x100 {
			rd.add(string(r))
		}
	case n >= 0x20 && n != 0x7F && !(n >= 0x80 && n < 0xA0) && (n < 0xD800 || n > 0xF8FF && n <= 0x10FFFF) && n != 0xFFFE && n != 0xFFFF:
		rd.add(string(rune(n)))
	}
}

// table reads a w:tbl.
func (rd *reader) table(t ooxml.Token) error {
	if rd.hidden != nil {
		return rd.skip(t) // a table in a continuing merged cell: not shown
	}
	switch {
	case len(rd.tables) >= MaxTableDepth:
		return overLimit("表格嵌套超过 %d 层", MaxTableDepth)
	case len(rd.doc.Tables) >= MaxTables:
		return overLimit("文档中的表格超过 %d 个", MaxTables)
	case rd.cell == nil && len(rd.doc.Blocks) >= MaxBlocks:
		return overLimit("文档正文的段落和表格超过 %d 个", MaxBlocks)
	}
	tb := &Table{Index: len(rd.doc.Tables) + 1, Cell: rd.cell}
	rd.doc.Tables = append(rd.doc.Tables, tb)
	*rd.blocks = append(*rd.blocks, Block{Table: tb})
	g := &grid{t: tb}
	outer, cell, blocks, paras, chars := rd.g, rd.cell, rd.blocks, rd.cellParas, rd.cellChars
	rd.g = g
	rd.tables = append(rd.tables, tb)
	err := rd.content(t, rd.tableChild)
	rd.tables = rd.tables[:len(rd.tables)-1]
	rd.g, rd.cell, rd.blocks, rd.cellParas, rd.cellChars = outer, cell, blocks, paras, chars
	if err != nil {
		return err
	}
	return rd.finish(g)
}

// tableChild handles an element of a table's content.
func (rd *reader) tableChild(t ooxml.Token) error {
	switch t.Name {
	case "tr":
		return rd.row(t)
	case "tblGrid":
		return rd.content(t, rd.gridChild)
	case "AlternateContent":
		return rd.alternate(t, rd.tableChild)
	case "tblPr", "sdtPr", "sdtEndPr", "customXmlPr", "del", "moveFrom", "p", "tbl", "tc":
		return rd.skip(t) // the last three are misplaced: not part of the grid
	}
	return nil
}

func (rd *reader) gridChild(t ooxml.Token) error {
	switch t.Name {
	case "gridCol":
		if rd.g.gridCols++; rd.g.gridCols > MaxCols {
			return overLimit("表%d 超过 %d 列", rd.g.t.Index, MaxCols)
		}
	case "tblGridChange":
		return rd.skip(t)
	}
	return nil
}

// row reads a w:tr.
func (rd *reader) row(t ooxml.Token) error {
	g := rd.g
	if g.row >= MaxRows {
		return overLimit("表%d 超过 %d 行", g.t.Index, MaxRows)
	}
	g.row++
	g.col, g.after, g.placed, g.header, g.deleted, g.last = 1, 0, 0, false, false, nil
	g.cur = g.cur[:0]
	if err := rd.content(t, rd.rowChild); err != nil {
		return err
	}
	if g.deleted { // a row deleted with changes tracked is not shown
		g.row--
		return nil
	}
	g.width = max(g.width, g.col-1+g.after)
	if g.width > MaxCols {
		return overLimit("表%d 第%d行 超过 %d 列", g.t.Index, g.row, MaxCols)
	}
	g.headers = append(g.headers, g.header)
	g.above, g.cur = g.cur, g.above
	return nil
}

// rowChild handles an element of a row's content.
func (rd *reader) rowChild(t ooxml.Token) error {
	switch t.Name {
	case "trPr":
		return rd.content(t, rd.trPr)
	case "tc":
		if rd.g.deleted {
			return rd.skip(t)
		}
		return rd.tableCell(t)
	case "AlternateContent":
		return rd.alternate(t, rd.rowChild)
	case "tblPrEx", "sdtPr", "sdtEndPr", "customXmlPr", "del", "moveFrom", "p", "tbl", "tr":
		return rd.skip(t)
	}
	return nil
}

// trPr handles an element of a row's properties.
func (rd *reader) trPr(t ooxml.Token) error {
	g := rd.g
	switch t.Name {
	case "gridBefore":
		if g.placed == 0 {
			n := atoi(t.Attr("val"))
			if n > MaxCols {
				return overLimit("表%d 第%d行 超过 %d 列", g.t.Index, g.row, MaxCols)
			}
			g.col = 1 + n
			g.cover(1, n, nil)
		}
	case "gridAfter":
		g.after = min(atoi(t.Attr("val")), MaxCols+1)
	case "tblHeader":
		g.header = onOff(t)
	case "del":
		g.deleted = g.placed == 0
	case "trPrChange":
		return rd.skip(t)
	}
	return nil
}

// tableCell reads a w:tc.
func (rd *reader) tableCell(t ooxml.Token) error {
	g := rd.g
	cell, blocks, hidden, paras, chars := rd.cell, rd.blocks, rd.hidden, rd.cellParas, rd.cellChars
	g.inCell, g.span, g.vmerge, g.hmerge = false, 1, noMerge, noMerge
	err := rd.content(t, rd.cellChild)
	if err == nil && !g.inCell {
		err = rd.place()
	}
	if err == nil && rd.hidden == nil {
		rd.cell.Text = joinText(rd.cell.Blocks)
	}
	rd.cell, rd.blocks, rd.hidden, rd.cellParas, rd.cellChars = cell, blocks, hidden, paras, chars
	return err
}

// cellChild handles an element of a cell's content: its properties first,
// then blocks.
func (rd *reader) cellChild(t ooxml.Token) error {
	if !rd.g.inCell {
		if t.Name == "tcPr" {
			return rd.content(t, rd.tcPr)
		}
		if err := rd.place(); err != nil {
			return err
		}
	}
	return rd.block(t)
}

// tcPr handles an element of a cell's properties.
func (rd *reader) tcPr(t ooxml.Token) error {
	g := rd.g
	switch t.Name {
	case "gridSpan":
		g.span = max(1, min(atoi(t.Attr("val")), MaxCols+1))
	case "vMerge":
		g.vmerge = mergeState(t)
	case "hMerge":
		g.hmerge = mergeState(t)
	case "tcPrChange":
		return rd.skip(t)
	}
	return nil
}

// place puts the current cell on the grid: merged into the cell above
// (w:vMerge continuing it) or to its left (w:hMerge), or as a new cell. The
// content of a merged cell is not shown by Word: it goes to the origin's
// Hidden text.
func (rd *reader) place() error {
	g := rd.g
	g.inCell = true
	col, span := g.col, g.span
	if col-1+span > MaxCols {
		return overLimit("表%d 第%d行 超过 %d 列", g.t.Index, g.row, MaxCols)
	}
	g.col += span
	g.placed++
	if g.vmerge == continueMerge && col-1 < len(g.above) {
		if c := g.above[col-1]; c != nil && c.Col == col && c.ColSpan == span && c.Row+c.RowSpan == g.row {
			c.RowSpan++
			g.cover(col, span, c)
			g.last = c
			rd.hide(c)
			return nil
		}
	}
	if g.hmerge == continueMerge && g.last != nil && g.last.Row == g.row && g.last.RowSpan == 1 && g.last.Col+g.last.ColSpan == col {
		g.last.ColSpan += span
		g.cover(col, span, g.last)
		rd.hide(g.last)
		return nil
	}
	if rd.cells++; rd.cells > MaxCells {
		return overLimit("文档中表格的单元格超过 %d 个", MaxCells)
	}
	c := &Cell{Table: g.t, Row: g.row, Col: col, RowSpan: 1, ColSpan: span}
	g.t.Cells = append(g.t.Cells, c)
	g.cover(col, span, c)
	g.last = c
	rd.cell, rd.blocks, rd.cellParas, rd.cellChars = c, &c.Blocks, 0, 0
	return nil
}

// hide sends the current cell's content to the hidden text of c.
func (rd *reader) hide(c *Cell) {
	g := rd.g
	if g.hidden == nil {
		g.hidden = map[*Cell]*hiddenText{}
	}
	h := g.hidden[c]
	if h == nil {
		h = &hiddenText{}
		g.hidden[c] = h
	}
	rd.hidden = h
}

// finish builds the table's grid once its rows are read.
func (rd *reader) finish(g *grid) error {
	t := g.t
	rows, cols := g.row, max(g.gridCols, g.width)
	if rd.gridSize += rows * cols; rd.gridSize > MaxGrid {
		return overLimit("文档中表格的网格位置超过 %d 个", MaxGrid)
	}
	t.Cols = cols
	flat := make([]*Cell, rows*cols)
	t.Rows = make([]Row, rows)
	for i := range t.Rows {
		t.Rows[i] = Row{Header: g.headers[i], Cells: flat[i*cols : (i+1)*cols : (i+1)*cols]}
	}
	for _, c := range t.Cells {
		for r := c.Row; r < c.Row+c.RowSpan; r++ {
			for k := c.Col; k < c.Col+c.ColSpan; k++ {
				t.Rows[r-1].Cells[k-1] = c
			}
		}
	}
	for c, h := range g.hidden {
		c.Hidden = string(h.b)
	}
	return nil
}

// joinText joins the text of the paragraphs among blocks with "\n".
func joinText(blocks []Block) string {
	var only *Paragraph
	n, k := 0, 0
	for _, b := range blocks {
		if b.Para != nil {
			only = b.Para
			n += len(b.Para.Text) + 1
			k++
		}
	}
	if k <= 1 {
		if only == nil {
			return ""
		}
		return only.Text
	}
	var s strings.Builder
	s.Grow(n)
	first := true
	for _, b := range blocks {
		if b.Para == nil {
			continue
		}
		if !first {
			s.WriteByte('\n')
		}
		first = false
		s.WriteString(b.Para.Text)
	}
	return s.String()
}

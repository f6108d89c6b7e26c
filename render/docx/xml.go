package docx

import (
	"jixiao/internal/ooxml"
	"strconv"
	"strings"
)

// This file is the small WordprocessingML writer the renderer uses: paragraphs,
// runs, tables and sections, appended as escaped text to one buffer. Child
// elements are written in the order the schema (ECMA-376 Part 1) fixes for
// w:pPr, w:rPr, w:tblPr, w:trPr, w:tcPr and w:sectPr.

// Font sizes in half-points (w:sz), by their Chinese names.
const (
	size2      = 44 // 二号
	size3      = 32 // 三号
	size4      = 28 // 四号
	sizeSmall4 = 24 // 小四
	size5      = 21 // 五号
)

// Fonts, by the names Chinese Word installations know.
const (
	fontFang  = "仿宋_GB2312"
	fontKai   = "楷体_GB2312"
	fontHei   = "黑体"
	fontTitle = "方正小标宋简体"
)

// Page geometry in twips (1/20 pt; 1 mm = 56.7 twips).
const (
	a4Short = 11906
	a4Long  = 16838

	// Portrait margins of GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm,
	// right 26 mm; the text block is 156 × 225 mm.
	marTop, marBottom, marLeft, marRight = 2098, 1984, 1587, 1474
	textWidth                            = a4Short - marLeft - marRight // 8845
	textHeight                           = a4Long - marTop - marBottom  // 12756
	// The page number sits 7 mm under the text block.
	footerPortrait = 1304

	// Landscape margins: 25 mm top and bottom, 30 mm left and right.
	lmarTop, lmarBottom, lmarSide = 1417, 1417, 1701
	landWidth                     = a4Long - 2*lmarSide // 13436
	footerLandscape               = 850

	// Body text: 三号 on a fixed 29 pt line, 22 lines to the text block.
	bodyLine   = 579
	bodyIndent = 640 // two characters of 三号
)

// rfmt is the formatting of a run.
type rfmt struct {
	font string
	size int // half-points
	bold bool
}

// pfmt is the formatting of a paragraph beyond its style. Zero fields are left
// to the style.
type pfmt struct {
	style     string
	keepNext  bool
	pageBreak bool
	tab       int // a left tab stop, twips
	before    int // spacing before, twips
	after     int // spacing after, twips
	line      int // exact line spacing, twips
	left      int // indentation, twips
	right     int
	firstLine int
	jc        string // left, center, right, both, distribute
}

// Vertical merge states of a table cell.
const (
	mergeNone = iota
	mergeRestart
	mergeContinue
)

// cfmt is the formatting of a table cell.
type cfmt struct {
	span   int  // grid columns spanned; 0 means 1
	merge  int  // mergeNone, mergeRestart or mergeContinue
	top    bool // align the content to the top instead of the centre
	bottom bool // draw the bottom border (in a table without borders)
}

// row options.
type trfmt struct {
	header    bool // repeat on every page
	cantSplit bool // keep on one page
	keepNext  bool // keep on the page of the next row
	height    int  // minimum height, twips
}

// sect is the page setup of a section.
type sect struct {
	landscape bool
	titlePage bool // the first page has its own (empty) footer
}

// doc accumulates the XML of word/document.xml.
type doc struct {
	b []byte
	// lastPPr is the offset of "</w:pPr>" in the last top-level paragraph, or
	// -1 when the last top-level block is a table.
	lastPPr int
	// Table state: nesting depth, grid of the current table, grid column of
	// the next cell, paragraphs in the current cell.
	depth     int
	keepRow   bool // the current row is kept with the next
	grid      []int
	col       int
	cellParas int
	cellWidth int // of the current cell, twips
}

func newDoc(b []byte) *doc {
	d := &doc{b: b[:0], lastPPr: -1}
	d.raw(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	return d
}

func (d *doc) raw(s string) { d.b = append(d.b, s...) }

func (d *doc) int(n int) { d.b = strconv.AppendInt(d.b, int64(n), 10) }

// intAttr writes ` name="n"` when n is positive.
func (d *doc) intAttr(name string, n int) {
	if n > 0 {
		d.raw(name + `="`)
		d.int(n)
		d.raw(`"`)
	}
}

// val writes ` w:val="n"/>` closing an empty element.
func (d *doc) val(n int) {
	d.raw(` w:val="`)
	d.int(n)
	d.raw(`"/>`)
}

// text appends s escaped for XML (ooxml.AppendText).
func (d *doc) text(s string) { d.b = ooxml.AppendText(d.b, s) }

// rPr writes the run properties: the font for every script (w:eastAsia
// included), bold, size.
func (d *doc) rPr(f rfmt) {
	d.raw(`<w:rPr><w:rFonts w:ascii="`)
	d.raw(f.font)
	d.raw(`" w:hAnsi="`)
	d.raw(f.font)
	d.raw(`" w:eastAsia="`)
	d.raw(f.font)
	d.raw(`" w:cs="`)
	d.raw(f.font)
	d.raw(`"/>`)
	if f.bold {
		d.raw(`<w:b/><w:bCs/>`)
	}
	d.raw(`<w:sz`)
	d.val(f.size)
	d.raw(`<w:szCs`)
	d.val(f.size)
	d.raw(`</w:rPr>`)
}

// styleRun is the run format each paragraph style gives its text
// (templates/docx/word/styles.xml): a run of that format in a paragraph of
// that style is written without run properties, which keeps document.xml
// small.
var styleRun = map[string]rfmt{
	"Normal": {fontFang, size3, false}, "BodyText": {fontFang, size3, false},
	"Heading1": {fontHei, size3, false}, "Heading2": {fontHei, size3, false}, "Heading3": {fontKai, size3, false},
	"Heading4": {fontFang, size3, false}, "Heading5": {fontFang, size3, false},
	"Title": {fontTitle, size2, false}, "TableCaption": {fontFang, size4, true},
	"TableText": {fontFang, sizeSmall4, false}, "TableLabel": {fontFang, sizeSmall4, true},
	"SheetText": {fontFang, size5, false}, "SheetLabel": {fontFang, size5, true}, "CoverText": {fontFang, size3, false},
	"TableLeft": {fontFang, sizeSmall4, false}, "TableBlock": {fontFang, sizeSmall4, false},
	"SheetLeft": {fontFang, size5, false}, "SheetBlock": {fontFang, size5, false},
}

// derived are the styles based on TableText (styles.xml), by the run format,
// alignment and first-line indent they give.
var derived = map[derivedKey]string{
	{rfmt{fontFang, sizeSmall4, true}, "", 0}:        "TableLabel",
	{rfmt{fontFang, size5, false}, "", 0}:            "SheetText",
	{rfmt{fontFang, size5, true}, "", 0}:             "SheetLabel",
	{rfmt{fontFang, size3, false}, "", 0}:            "CoverText",
	{rfmt{fontFang, sizeSmall4, false}, "left", 0}:   "TableLeft",
	{rfmt{fontFang, sizeSmall4, false}, "both", 480}: "TableBlock",
	{rfmt{fontFang, size5, false}, "left", 0}:        "SheetLeft",
	{rfmt{fontFang, size5, false}, "both", 0}:        "SheetBlock",
}

type derivedKey struct {
	f         rfmt
	jc        string
	firstLine int
}

// styleFor returns the paragraph format p takes for runs of format f: a
// style that gives f (and p's alignment and indent, which it then leaves to
// the style), and whether the runs need no properties of their own.
func styleFor(p pfmt, f rfmt) (pfmt, bool) {
	if p.style == "TableText" {
		if alt, ok := derived[derivedKey{f, p.jc, p.firstLine}]; ok {
			p.style, p.jc, p.firstLine = alt, "", 0
			return p, true
		}
		if alt, ok := derived[derivedKey{f, "", 0}]; ok {
			p.style = alt
			return p, true
		}
	}
	return p, styleRun[p.style] == f
}

// pPr writes the paragraph properties (in schema order) and, for an empty
// paragraph whose style does not give f, the formatting of its mark, which
// sets its height.
func (d *doc) pPr(p pfmt, f rfmt, empty bool) {
	d.raw(`<w:pPr>`)
	if p.style != "" {
		d.raw(`<w:pStyle w:val="`)
		d.raw(p.style)
		d.raw(`"/>`)
	}
	if p.keepNext || d.depth > 0 && d.keepRow {
		d.raw(`<w:keepNext/>`)
	}
	if p.pageBreak {
		d.raw(`<w:pageBreakBefore/>`)
	}
	if p.tab > 0 {
		d.raw(`<w:tabs><w:tab w:val="left" w:pos="`)
		d.int(p.tab)
		d.raw(`"/></w:tabs>`)
	}
	if p.before > 0 || p.after > 0 || p.line > 0 {
		d.raw(`<w:spacing`)
		d.intAttr(" w:before", p.before)
		d.intAttr(" w:after", p.after)
		if p.line > 0 {
			d.raw(` w:line="`)
			d.int(p.line)
			d.raw(`" w:lineRule="exact"`)
		}
		d.raw(`/>`)
	}
	if p.left > 0 || p.right > 0 || p.firstLine > 0 {
		d.raw(`<w:ind`)
		d.intAttr(" w:left", p.left)
		d.intAttr(" w:right", p.right)
		d.intAttr(" w:firstLine", p.firstLine)
		d.raw(`/>`)
	}
	if p.jc != "" {
		d.raw(`<w:jc w:val="`)
		d.raw(p.jc)
		d.raw(`"/>`)
	}
	if empty && styleRun[p.style] != f {
		d.rPr(f)
	}
	if d.depth == 0 {
		d.lastPPr = len(d.b)
	}
	d.raw(`</w:pPr>`)
}

// para writes one paragraph holding text in one run; a line end in the text
// becomes a line break, a tab a tab.
func (d *doc) para(p pfmt, f rfmt, s string) {
	p, styled := styleFor(p, f)
	d.raw(`<w:p>`)
	d.pPr(p, f, s == "")
	if s != "" {
		d.raw(`<w:r>`)
		if !styled {
			d.rPr(f)
		}
		for i := 0; ; i++ {
			line, rest, more := cutLine(s)
			if i > 0 {
				d.raw(`<w:br/>`)
			}
			for j := 0; ; j++ {
				seg, after, tab := strings.Cut(line, "\t")
				if j > 0 {
					d.raw(`<w:tab/>`)
				}
				if seg != "" {
					if seg[0] == ' ' || seg[len(seg)-1] == ' ' {
						d.raw(`<w:t xml:space="preserve">`)
					} else {
						d.raw(`<w:t>`)
					}
					d.text(seg)
					d.raw(`</w:t>`)
				}
				if !tab {
					break
				}
				line = after
			}
			if !more {
				break
			}
			s = rest
		}
		d.raw(`</w:r>`)
	}
	d.raw(`</w:p>`)
	if d.depth > 0 {
		d.cellParas++
	}
}

// paras writes each line of s as a paragraph, trimmed of surrounding white
// space; blank lines are skipped. It writes one empty paragraph when s is
// blank and keepEmpty is set.
func (d *doc) paras(p pfmt, f rfmt, s string, keepEmpty bool) {
	wrote := false
	for {
		line, rest, more := cutLine(s)
		if line = trimSpace(line); line != "" {
			d.para(p, f, line)
			wrote = true
		}
		if !more {
			break
		}
		s = rest
	}
	if !wrote && keepEmpty {
		d.para(p, f, "")
	}
}

// cutLine splits s at its first line end (\n, \r\n or \r).
func cutLine(s string) (line, rest string, found bool) {
	i := strings.IndexAny(s, "\r\n")
	if i < 0 {
		return s, "", false
	}
	if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
		return s[:i], s[i+2:], true
	}
	return s[:i], s[i+1:], true
}

// trimSpace trims white space, the ideographic space included.
func trimSpace(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\u3000' || r == '\u00a0'
	})
}

// table starts a table of fixed layout whose columns have the given widths;
// a bordered table has single lines around and between all cells.
func (d *doc) table(grid []int, bordered bool) {
	if d.depth == 0 {
		d.lastPPr = -1
	}
	d.depth++
	d.grid = grid
	total := 0
	for _, w := range grid {
		total += w
	}
	// The table styles (styles.xml) give the borders, the cell margins and
	// the cells' vertical centring; the grid gives the columns' widths.
	if bordered {
		d.raw(`<w:tbl><w:tblPr><w:tblStyle w:val="FormTable"/><w:tblW w:w="`)
	} else {
		d.raw(`<w:tbl><w:tblPr><w:tblStyle w:val="PlainTable"/><w:tblW w:w="`)
	}
	d.int(total)
	d.raw(`" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
	for _, w := range grid {
		d.raw(`<w:gridCol w:w="`)
		d.int(w)
		d.raw(`"/>`)
	}
	d.raw(`</w:tblGrid>`)
}

func (d *doc) endTable() {
	d.raw(`</w:tbl>`)
	d.depth--
}

func (d *doc) row(f trfmt) {
	d.col = 0
	d.keepRow = f.keepNext
	d.raw(`<w:tr>`)
	if f.header || f.cantSplit || f.height > 0 {
		d.raw(`<w:trPr>`)
		if f.cantSplit {
			d.raw(`<w:cantSplit/>`)
		}
		if f.height > 0 {
			d.raw(`<w:trHeight w:val="`)
			d.int(f.height)
			d.raw(`" w:hRule="atLeast"/>`)
		}
		if f.header {
			d.raw(`<w:tblHeader/>`)
		}
		d.raw(`</w:trPr>`)
	}
}

func (d *doc) endRow() {
	d.raw(`</w:tr>`)
	d.keepRow = false
}

// cell starts the next cell of the row; its width is that of the grid columns
// it spans.
func (d *doc) cell(f cfmt) {
	span := max(f.span, 1)
	width := 0
	for i := d.col; i < d.col+span && i < len(d.grid); i++ {
		width += d.grid[i]
	}
	d.col += span
	d.cellParas = 0
	d.cellWidth = width
	if span == 1 && f.merge == mergeNone && !f.bottom && !f.top {
		d.raw(`<w:tc>`)
		return
	}
	d.raw(`<w:tc><w:tcPr>`)
	if span > 1 {
		d.raw(`<w:gridSpan`)
		d.val(span)
	}
	switch f.merge {
	case mergeRestart:
		d.raw(`<w:vMerge w:val="restart"/>`)
	case mergeContinue:
		d.raw(`<w:vMerge/>`)
	}
	if f.bottom {
		d.raw(`<w:tcBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="000000"/></w:tcBorders>`)
	}
	if f.top {
		d.raw(`<w:vAlign w:val="top"/>`)
	}
	d.raw(`</w:tcPr>`)
}

// endCell closes the cell, giving it the empty paragraph the schema requires
// when it has none.
func (d *doc) endCell() {
	if d.cellParas == 0 {
		if d.keepRow {
			d.raw(`<w:p><w:pPr><w:pStyle w:val="TableText"/><w:keepNext/></w:pPr></w:p>`)
		} else {
			d.raw(`<w:p><w:pPr><w:pStyle w:val="TableText"/></w:pPr></w:p>`)
		}
	}
	d.raw(`</w:tc>`)
}

// sectPr writes a section's properties.
func (d *doc) sectPr(s sect) {
	d.raw(`<w:sectPr><w:headerReference w:type="default" r:id="rId7"/>`)
	if s.titlePage {
		d.raw(`<w:headerReference w:type="first" r:id="rId7"/>`)
	}
	if s.landscape {
		d.raw(`<w:footerReference w:type="default" r:id="rId6"/>` +
			`<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>` +
			`<w:pgMar w:top="1417" w:right="1701" w:bottom="1417" w:left="1701" w:header="851" w:footer="850" w:gutter="0"/>`)
	} else {
		d.raw(`<w:footerReference w:type="default" r:id="rId4"/>`)
		if s.titlePage {
			d.raw(`<w:footerReference w:type="first" r:id="rId5"/>`)
		}
		d.raw(`<w:pgSz w:w="11906" w:h="16838"/>` +
			`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1304" w:gutter="0"/>`)
	}
	d.raw(`<w:pgNumType w:fmt="decimal"/><w:cols w:space="425"/>`)
	if s.titlePage {
		d.raw(`<w:titlePg/>`)
	}
	d.raw(`</w:sectPr>`)
}

// endSection ends a section that is not the last: its properties go into the
// last paragraph, or into an empty one when the section ends with a table.
func (d *doc) endSection(s sect) {
	if d.lastPPr < 0 {
		d.raw(`<w:p><w:pPr>`)
		d.lastPPr = len(d.b)
		d.raw(`</w:pPr></w:p>`)
	}
	tail := string(d.b[d.lastPPr:])
	d.b = d.b[:d.lastPPr]
	d.sectPr(s)
	d.raw(tail)
	d.lastPPr = -1
}

// finish ends the last section and the document.
func (d *doc) finish(s sect) []byte {
	d.sectPr(s)
	d.raw(`</w:body></w:document>`)
	return d.b
}

// width estimates the width of s in half-ems: 1 for Latin letters and digits,
// 2 for Chinese characters and full-width punctuation.
func width(s string) int {
	n := 0
	for _, r := range s {
		if r < 0x2000 {
			n++
		} else {
			n += 2
		}
	}
	return n
}

// lines estimates how many lines s takes in a column of cols half-ems.
func lines(s string, cols int) int {
	cols = max(cols, 2)
	n := 0
	for {
		line, rest, more := cutLine(s)
		n += max(1, (width(line)+cols-1)/cols)
		if !more {
			return n
		}
		s = rest
	}
}

// halfEms is how many half-ems of a font size (half-points) fit in a width in
// twips, less the cell margins.
func halfEms(twips, size int) int { return (twips - 170) * 2 / (size * 10) }

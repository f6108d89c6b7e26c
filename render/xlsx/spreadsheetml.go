package xlsx

import (
	"fmt"
	"io"
	"io/fs"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"jixiao/internal/ooxml"
	"jixiao/templates"
)

// The writer writes the SpreadsheetML package itself: the worksheets from
// the grid, the workbook with its sheets and print titles, and parts that are
// the same in every workbook (the styles; the relationships of the package,
// the application's properties and the theme, from templates.Xlsx), made and
// compressed once. The parts are
// compressed on every core as they are made and written in a fixed order.

const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain    = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgRel  = "http://schemas.openxmlformats.org/package/2006/relationships"
	ctPrefix  = "application/vnd.openxmlformats-officedocument."
)

// maxCellChars is the most text a cell holds, in UTF-16 units.
const maxCellChars = 32767

// docTime is the creation and modification time of every workbook: the
// workbook carries no time of writing.
const docTime = "2000-01-01T00:00:00Z"

// worksheet is a worksheet part being written. The schema fixes the order of
// its elements, which is the order of the calls: newWorksheet; row and its
// cells, row by row; endRows; then whichever of protect, merge, validation,
// page and breaks the sheet has, in that order; and bytes.
type worksheet struct {
	b      []byte
	row    int // the row open, 0 for none
	merges int // merged ranges written, for their count
}

// newWorksheet starts a worksheet of the given column widths whose cells
// span lastCol × lastRow; selected makes it the sheet shown on opening,
// fitToPage scales it to the page setup's width.
func newWorksheet(selected, fitToPage bool, lastCol, lastRow int, widths []float64) *worksheet {
	ws := &worksheet{b: make([]byte, 0, 16<<10)}
	ws.raw(xmlHeader + `<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">`)
	if fitToPage {
		ws.raw(`<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`)
	}
	ws.raw(`<dimension ref="A1`)
	if lastCol > 0 && lastRow > 0 && lastCol+lastRow > 2 {
		ws.b = append(ws.b, ':')
		ws.b = appendRef(ws.b, lastCol, lastRow)
	}
	ws.raw(`"/><sheetViews><sheetView`)
	if selected {
		ws.raw(` tabSelected="1"`)
	}
	ws.raw(` workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
	if len(widths) > 0 {
		ws.raw(`<cols>`)
		for i, w := range widths {
			ws.raw(`<col min="`)
			ws.int(i + 1)
			ws.raw(`" max="`)
			ws.int(i + 1)
			ws.raw(`" width="`)
			ws.b = strconv.AppendFloat(ws.b, w, 'f', -1, 64)
			ws.raw(`" customWidth="1"/>`)
		}
		ws.raw(`</cols>`)
	}
	ws.raw(`<sheetData>`)
	return ws
}

func (ws *worksheet) raw(s string) { ws.b = append(ws.b, s...) }
func (ws *worksheet) int(n int)    { ws.b = strconv.AppendInt(ws.b, int64(n), 10) }

// row starts row r, of the height in points (0 for the default).
func (ws *worksheet) startRow(r int, height float64) {
	ws.endRow()
	ws.row = r
	ws.raw(`<row r="`)
	ws.int(r)
	if height > 0 {
		ws.raw(`" ht="`)
		ws.b = strconv.AppendFloat(ws.b, height, 'f', -1, 64)
		ws.raw(`" customHeight="1`)
	}
	ws.raw(`">`)
}

func (ws *worksheet) endRow() {
	if ws.row > 0 {
		ws.raw(`</row>`)
		ws.row = 0
	}
}

// cellKind is what a cell holds.
type cellKind uint8

const (
	cellNone    cellKind = iota // not written
	cellBlank                   // a style only
	cellText                    // an inline string
	cellNumber                  // a number, as written
	cellFormula                 // a formula without its value
)

// xcell is a cell to write: its style (styleID) and its content.
type xcell struct {
	style int
	kind  cellKind
	text  string // the text, the number or the formula
}

// cell writes a cell of the open row in column col.
func (ws *worksheet) cell(col int, c xcell) {
	ws.raw(`<c r="`)
	ws.b = appendRef(ws.b, col, ws.row)
	ws.b = append(ws.b, '"')
	if c.style != 0 {
		ws.raw(` s="`)
		ws.int(c.style)
		ws.b = append(ws.b, '"')
	}
	switch c.kind {
	case cellText:
		ws.raw(` t="inlineStr"><is><t`)
		if s := c.text; s != "" && (strings.ContainsAny(s[:1], " \t\n\r") || strings.ContainsAny(s[len(s)-1:], " \t\n\r")) {
			ws.raw(` xml:space="preserve"`)
		}
		ws.b = append(ws.b, '>')
		ws.b = appendCellText(ws.b, c.text)
		ws.raw(`</t></is></c>`)
	case cellNumber:
		ws.raw(`><v>`)
		ws.raw(c.text)
		ws.raw(`</v></c>`)
	case cellFormula:
		ws.raw(` t="str"><f>`)
		ws.b = ooxml.AppendCharData(ws.b, c.text)
		ws.raw(`</f></c>`)
	default:
		ws.raw(`/>`)
	}
}

// appendCellText appends a cell's text escaped for XML, and a literal _xHHHH_
// escaped as _x005F_xHHHH_, so that spreadsheet programs, which read _xHHHH_
// as the character U+HHHH (unescapeOOXML), show it as it is. U+0085, which
// XML carries and ooxml.AppendCharData drops, is kept as a reference.
func appendCellText(dst []byte, s string) []byte {
	for {
		i := strings.Index(s, "_x")
		nel := strings.IndexRune(s, '\u0085')
		if i < 0 && nel < 0 {
			return ooxml.AppendCharData(dst, s)
		}
		if nel >= 0 && (i < 0 || nel < i) {
			dst = ooxml.AppendCharData(dst, s[:nel])
			dst = append(dst, "&#133;"...)
			s = s[nel+len("\u0085"):]
			continue
		}
		dst = ooxml.AppendCharData(dst, s[:i])
		if isEscape(s[i:]) {
			dst = append(dst, "_x005F"...)
		}
		dst = append(dst, "_x"...)
		s = s[i+2:]
	}
}

// isEscape reports whether s begins with _xHHHH_.
func isEscape(s string) bool {
	if len(s) < 7 || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// endRows ends the sheet's rows.
func (ws *worksheet) endRows() {
	ws.endRow()
	ws.raw(`</sheetData>`)
}

// protections are the actions sheet protection governs, in the schema's
// order; protect writes each (a reader may take a missing one as allowed).
var protections = []string{"objects", "scenarios", "formatCells", "formatColumns", "formatRows", "insertColumns",
	"insertRows", "insertHyperlinks", "deleteColumns", "deleteRows", "selectLockedCells", "sort", "autoFilter",
	"pivotTables", "selectUnlockedCells"}

// protect protects the sheet without a password, allowing the actions named.
func (ws *worksheet) protect(allowed ...string) {
	ws.raw(`<sheetProtection sheet="1"`)
	for _, p := range protections {
		ws.raw(` ` + p + `="`)
		if slices.Contains(allowed, p) {
			ws.raw(`0"`)
		} else {
			ws.raw(`1"`)
		}
	}
	ws.raw(`/>`)
}

// merge merges the cells of each range {col, row, lastCol, lastRow}.
func (ws *worksheet) merge(ranges [][4]int) {
	if len(ranges) == 0 {
		return
	}
	ws.raw(`<mergeCells count="`)
	ws.int(len(ranges))
	ws.raw(`">`)
	for _, r := range ranges {
		ws.raw(`<mergeCell ref="`)
		ws.b = appendRef(ws.b, r[0], r[1])
		ws.b = append(ws.b, ':')
		ws.b = appendRef(ws.b, r[2], r[3])
		ws.raw(`"/>`)
	}
	ws.raw(`</mergeCells>`)
}

// Paper and margins, in millimetres.
const (
	a4Short, a4Long         = 210.0, 297.0
	marginTop, marginBottom = 37.0, 35.0 // GB/T 9704, portrait pages
	marginLeft, marginRight = 28.0, 26.0
	marginLandscape         = 20.0 // every side of the landscape score sheet
	ptPerMM                 = 72 / 25.4
)

// page makes the sheet print on A4, fitted to the page width (and height,
// onePage), centred, with page numbers in the footer and the notice draft
// ("" for none) in the header. The rows repeated on every page are the
// workbook's print titles (workbookXML).
func (ws *worksheet) page(landscape, onePage bool, draft string) {
	top, bottom, left, right := marginTop, marginBottom, marginLeft, marginRight
	orient := "portrait"
	if landscape {
		top, bottom, left, right = marginLandscape, marginLandscape, marginLandscape, marginLandscape
		orient = "landscape"
	}
	inch := func(attr string, mm float64) {
		ws.raw(` ` + attr + `="`)
		ws.b = strconv.AppendFloat(ws.b, mm/25.4, 'f', -1, 64)
		ws.b = append(ws.b, '"')
	}
	ws.raw(`<printOptions horizontalCentered="1"/><pageMargins`)
	inch("left", left)
	inch("right", right)
	inch("top", top)
	inch("bottom", bottom)
	inch("header", 10)
	inch("footer", min(bottom-10, 20))
	ws.raw(`/><pageSetup paperSize="9" orientation="` + orient + `" fitToWidth="1" fitToHeight="`)
	if onePage {
		ws.raw(`1"/>`)
	} else {
		ws.raw(`0"/>`)
	}
	ws.raw(`<headerFooter>`)
	if draft != "" {
		ws.raw(`<oddHeader>`)
		ws.b = ooxml.AppendText(ws.b, `&C&"黑体"&B&14&KC00000`+strings.ReplaceAll(draft, "&", "&&"))
		ws.raw(`</oddHeader>`)
	}
	ws.raw(`<oddFooter>&amp;C&amp;"宋体"&amp;11第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>`)
}

// breaks breaks the page before each of rows.
func (ws *worksheet) breaks(rows []int) {
	if len(rows) == 0 {
		return
	}
	ws.raw(`<rowBreaks count="`)
	ws.int(len(rows))
	ws.raw(`" manualBreakCount="`)
	ws.int(len(rows))
	ws.raw(`">`)
	for _, r := range rows {
		ws.raw(`<brk id="`)
		ws.int(r - 1)
		ws.raw(`" max="16383" man="1"/>`)
	}
	ws.raw(`</rowBreaks>`)
}

// bytes ends the part.
func (ws *worksheet) bytes() []byte {
	ws.raw(`</worksheet>`)
	return ws.b
}

// appendRef appends the A1 reference of a cell.
func appendRef(dst []byte, col, row int) []byte {
	var letters [4]byte
	i := len(letters)
	for col > 0 {
		col--
		i--
		letters[i] = byte('A' + col%26)
		col /= 26
	}
	dst = append(dst, letters[i:]...)
	return strconv.AppendInt(dst, int64(row), 10)
}

// bookSheet is a sheet as the workbook lists it.
type bookSheet struct {
	name   string
	hidden bool   // very hidden: no program's menu shows it
	titles [2]int // rows printed at the top of every page; 0 for none
}

// workbookXML is xl/workbook.xml. The template's formulas are computed when
// it is opened, and its sheets cannot be added, removed or renamed.
func workbookXML(sheets []bookSheet, tmpl bool) []byte {
	b := []byte(xmlHeader + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><workbookPr/>`)
	if tmpl {
		b = append(b, `<workbookProtection lockStructure="1"/>`...)
	}
	b = append(b, `<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="14805" windowHeight="8010"/></bookViews><sheets>`...)
	for i, s := range sheets {
		b = append(b, `<sheet name="`...)
		b = ooxml.AppendText(b, s.name)
		b = append(b, `" sheetId="`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		if s.hidden {
			b = append(b, `" state="veryHidden`...)
		}
		b = append(b, `" r:id="rId`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `"/>`...)
	}
	b = append(b, `</sheets>`...)
	names := false
	for i, s := range sheets {
		if s.titles[0] == 0 {
			continue
		}
		if !names {
			b = append(b, `<definedNames>`...)
			names = true
		}
		b = append(b, `<definedName name="_xlnm.Print_Titles" localSheetId="`...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, `">`...)
		b = ooxml.AppendText(b, "'"+strings.ReplaceAll(s.name, "'", "''")+"'!$"+strconv.Itoa(s.titles[0])+":$"+strconv.Itoa(s.titles[1]))
		b = append(b, `</definedName>`...)
	}
	if names {
		b = append(b, `</definedNames>`...)
	}
	b = append(b, `<calcPr calcId="122211"`...)
	if tmpl {
		b = append(b, ` fullCalcOnLoad="1"`...)
	}
	return append(b, `/></workbook>`...)
}

// sheetPartName is the part of the i-th sheet (from 0).
func sheetPartName(i int) string { return "xl/worksheets/sheet" + strconv.Itoa(i+1) + ".xml" }

// contentTypesPart is [Content_Types].xml of a workbook of n sheets.
func contentTypesPart(n int) []byte {
	b := []byte(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="` + ctPrefix + `spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="` + ctPrefix + `spreadsheetml.styles+xml"/>` +
		`<Override PartName="/xl/theme/theme1.xml" ContentType="` + ctPrefix + `theme+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="` + ctPrefix + `extended-properties+xml"/>`)
	for i := range n {
		b = append(b, `<Override PartName="/`...)
		b = append(b, sheetPartName(i)...)
		b = append(b, `" ContentType="`+ctPrefix+`spreadsheetml.worksheet+xml"/>`...)
	}
	return append(b, `</Types>`...)
}

// workbookRelsPart is xl/_rels/workbook.xml.rels of a workbook of n sheets:
// rId1 … rIdn are the sheets, then the styles and the theme.
func workbookRelsPart(n int) []byte {
	b := []byte(xmlHeader + `<Relationships xmlns="` + nsPkgRel + `">`)
	for i := range n {
		b = append(b, `<Relationship Id="rId`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `" Type="`+nsRel+`/worksheet" Target="worksheets/sheet`...)
		b = strconv.AppendInt(b, int64(i+1), 10)
		b = append(b, `.xml"/>`...)
	}
	b = append(b, `<Relationship Id="rId`...)
	b = strconv.AppendInt(b, int64(n+1), 10)
	b = append(b, `" Type="`+nsRel+`/styles" Target="styles.xml"/><Relationship Id="rId`...)
	b = strconv.AppendInt(b, int64(n+2), 10)
	return append(b, `" Type="`+nsRel+`/theme" Target="theme/theme1.xml"/></Relationships>`...)
}

// corePart is docProps/core.xml.
func corePart(title string) []byte {
	b := []byte(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`)
	b = ooxml.AppendText(b, title)
	return append(b, `</dc:title><dc:creator>jixiao</dc:creator><cp:lastModifiedBy>jixiao</cp:lastModifiedBy>`+
		`<dc:language>zh-CN</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">`+docTime+`</dcterms:created>`+
		`<dcterms:modified xsi:type="dcterms:W3CDTF">`+docTime+`</dcterms:modified></cp:coreProperties>`...)
}

// fixedNames are the parts of every workbook that do not depend on it,
// from templates.Xlsx.
var fixedNames = []string{"_rels/.rels", "docProps/app.xml", "xl/theme/theme1.xml"}

// fixedParts are the fixedNames' parts, compressed once.
var fixedParts = sync.OnceValues(func() (map[string]ooxml.Part, error) {
	parts := map[string]ooxml.Part{}
	for _, name := range fixedNames {
		data, err := fs.ReadFile(templates.Xlsx, "xlsx/"+name)
		if err != nil {
			return nil, fmt.Errorf("xlsx: fixed part missing: %w", err)
		}
		parts[name] = ooxml.Compress(name, data)
	}
	return parts, nil
})

// zipParts compresses a package's parts on every core as they are added and
// writes them in the order they were added.
type zipParts struct {
	parts []*ooxml.Part
	wg    sync.WaitGroup
	sem   chan struct{}
}

func newZipParts() *zipParts {
	return &zipParts{sem: make(chan struct{}, runtime.GOMAXPROCS(0))}
}

// add compresses a part in the background.
func (z *zipParts) add(name string, data []byte) {
	p := new(ooxml.Part)
	z.parts = append(z.parts, p)
	z.sem <- struct{}{}
	z.wg.Add(1)
	go func() {
		defer func() { <-z.sem; z.wg.Done() }()
		*p = ooxml.Compress(name, data)
	}()
}

// addPart adds a part compressed already.
func (z *zipParts) addPart(p ooxml.Part) { z.parts = append(z.parts, &p) }

// wait waits for the parts being compressed.
func (z *zipParts) wait() { z.wg.Wait() }

// write writes the package.
func (z *zipParts) write(out io.Writer) error {
	z.wait()
	zw := ooxml.NewWriter(out)
	for _, p := range z.parts {
		if err := zw.AddPart(*p); err != nil {
			return err
		}
	}
	return zw.Close()
}

// Package handmade builds Word documents as people make them in Word or WPS,
// for tests and the synthetic bundle: WordprocessingML pieces as Word writes
// them (runs, paragraphs, cells, merged cells, tables), a minimal package
// around a body, and (Report) a whole self-evaluation report typed by hand
// from the bureau's template.
package handmade

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"image"
	"image/png"
	"strconv"
	"strings"
)

// Namespaces of a Word 2010+ document.
const WordNS = `xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
	`xmlns:o="urn:schemas-microsoft-com:office:office" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ` +
	`xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" ` +
	`xmlns:v="urn:schemas-microsoft-com:vml" ` +
	`xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ` +
	`xmlns:w10="urn:schemas-microsoft-com:office:word" ` +
	`xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" ` +
	`xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ` +
	`xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ` +
	`xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" ` +
	`mc:Ignorable="w14"`

// StylesXML are the styles of a document typed in a Chinese Word: Normal is
// "a", the headings "1" and "2" (named "heading 1" and "heading 2"), a list
// style numbered by numbering instance 1.
const StylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="仿宋_GB2312" w:hAnsi="Times New Roman"/>` +
	`<w:sz w:val="32"/></w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/><w:next w:val="a"/>` +
	`<w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="1"/><w:next w:val="a"/>` +
	`<w:qFormat/><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:rFonts w:eastAsia="楷体_GB2312"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="List Paragraph"/><w:basedOn w:val="a"/>` +
	`<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:ind w:firstLineChars="200" w:firstLine="420"/></w:pPr></w:style>` +
	`<w:style w:type="character" w:default="1" w:styleId="a0"><w:name w:val="Default Paragraph Font"/></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="a1"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>` +
	`<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>` +
	`<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="table" w:styleId="a4"><w:name w:val="Table Grid"/><w:basedOn w:val="a1"/><w:tblPr><w:tblBorders>` +
	`<w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/>` +
	`<w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/>` +
	`<w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/>` +
	`</w:tblBorders></w:tblPr></w:style></w:styles>`

// numberingXML numbers list items 1. 2. 3. (instance 1).
const numberingXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0">` +
	`<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>` +
	`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`

// onePixel is a 1×1 picture.
func onePixel() string {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		panic(err)
	}
	return b.String()
}

// Package returns a Word package whose body is body (the content of
// w:body), with the styles and numbering above, a picture (rId10) and an
// external hyperlink (rId9). Further parts, as name and content pairs,
// replace or add parts; an empty content removes a part.
func Package(body string, parts ...string) []byte {
	files := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
			`<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>` +
			`</Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`</Relationships>`,
		"word/_rels/document.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>` +
			`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="tel:13800000000" TargetMode="External"/>` +
			`<Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>` +
			`</Relationships>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<w:document ` + WordNS + `><w:body>` + body + `</w:body></w:document>`,
		"word/styles.xml":       StylesXML,
		"word/numbering.xml":    numberingXML,
		"word/media/image1.png": onePixel(),
	}
	order := []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels",
		"word/styles.xml", "word/numbering.xml", "word/media/image1.png"}
	for i := 0; i+1 < len(parts); i += 2 {
		if _, ok := files[parts[i]]; !ok {
			order = append(order, parts[i])
		}
		files[parts[i]] = parts[i+1]
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range order {
		if files[name] == "" {
			continue
		}
		w, err := zw.Create(name)
		if err != nil {
			panic(err)
		}
		if _, err := w.Write([]byte(files[name])); err != nil {
			panic(err)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// Pieces of WordprocessingML, as Word writes them.

// Run is a run of text, its spaces kept; text is XML as it stands (entity
// and character references kept).
func Run(text string) string {
	return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

// Text is a run of plain text, escaped.
func Text(text string) string { return Run(escape(text)) }

func escape(s string) string {
	var b strings.Builder
	if err := xml.EscapeText(&b, []byte(s)); err != nil {
		panic(err)
	}
	return b.String()
}

// Bold is a bold run, as Word writes a label typed and made bold.
func Bold(text string) string {
	return `<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:b/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

// Para is a paragraph with properties (a w:pPr's content) and content.
func Para(pPr string, content ...string) string {
	p := `<w:p w:rsidR="00C3185B" w:rsidRDefault="00C3185B">`
	if pPr != "" {
		p += `<w:pPr>` + pPr + `</w:pPr>`
	}
	return p + strings.Join(content, "") + `</w:p>`
}

// Cell is a cell of the given width with properties (after w:tcW) and
// paragraphs; an empty cell gets the paragraph the schema requires.
func Cell(width int, tcPr string, paras ...string) string {
	if len(paras) == 0 {
		paras = []string{Para("")}
	}
	return `<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(width) + `" w:type="dxa"/>` + tcPr + `</w:tcPr>` + strings.Join(paras, "") + `</w:tc>`
}

// Row is a row with properties (a w:trPr's content) and cells.
func Row(trPr string, cells ...string) string {
	r := `<w:tr w:rsidR="00C3185B" w:rsidTr="00C3185B">`
	if trPr != "" {
		r += `<w:trPr>` + trPr + `</w:trPr>`
	}
	return r + strings.Join(cells, "") + `</w:tr>`
}

// Table is a bordered table with the grid's column widths and rows.
func Table(grid []int, rows ...string) string {
	total := 0
	g := `<w:tblGrid>`
	for _, w := range grid {
		total += w
		g += `<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`
	}
	return `<w:tbl><w:tblPr><w:tblStyle w:val="a4"/><w:tblW w:w="` + strconv.Itoa(total) + `" w:type="dxa"/>` +
		`<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>` +
		`</w:tblPr>` + g + `</w:tblGrid>` + strings.Join(rows, "") + `</w:tbl>`
}

// Span is a cell's w:gridSpan; Restart and Cont its w:vMerge.
func Span(n int) string { return `<w:gridSpan w:val="` + strconv.Itoa(n) + `"/>` }

// Properties: a cell merged with the one above it, a centred paragraph, a
// header row repeated on each page.
const (
	Restart = `<w:vMerge w:val="restart"/>`
	Cont    = `<w:vMerge/>`
	Center  = `<w:jc w:val="center"/>`
	Repeat  = `<w:tblHeader/>`
)

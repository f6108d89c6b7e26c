// Package docx writes a report as a Word document (.docx): the self-evaluation
// report 《部门（单位）整体支出绩效评价自评报告》 with its cover, parts 一 to 五,
// and the score sheet (附件3-2) in a landscape section.
//
// The writer is the project's own: the document body is generated here, the
// fixed parts (styles, settings, fonts, footers with the page number) come from
// templates.Docx. Output is deterministic: the same input gives the same bytes.
package docx

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"

	"jixiao"
	"jixiao/form"
	"jixiao/internal/ooxml"
	"jixiao/templates"
)

// Write writes the printed report pr (form.Print) as a .docx file to w.
//
// The 收支 tables, the score sheet, 绩效自评综合得分 and 评价等次 print pr as
// it is. A draft (a report with errors) says so in the header of every page.
// Write reads no clock, environment or file: the same input gives the same
// bytes.
func Write(w io.Writer, pr *form.Printed) error {
	if pr == nil || pr.Profile == nil || pr.Report == nil || pr.Score == nil {
		return errors.New("docx: the printed report, its profile and scores are required")
	}
	p, s := pr.Profile, pr.Score
	refs := p.Items()
	if len(s.Items) != len(refs) {
		return fmt.Errorf("docx: the scores have %d items, profile %s has %d", len(s.Items), p.ID, len(refs))
	}
	for i, ref := range refs {
		if s.Items[i].Item == nil || s.Items[i].Item.ID != ref.Item.ID {
			return fmt.Errorf("docx: score %d is not for item %q of profile %s", i, ref.Item.ID, p.ID)
		}
	}
	buf := bufPool.Get().(*[]byte)
	defer bufPool.Put(buf)
	d := newDoc(*buf)
	render(d, pr)
	body := d.b
	*buf = body

	return writePackage(w, body, coreXML(p, pr.Report), headerXML(pr.DraftNotice()))
}

// writePackage writes a document's package: its body (document.xml), core
// properties and page header, and the fixed parts.
func writePackage(w io.Writer, body, core, header []byte) error {
	fixed, err := fixedParts()
	if err != nil {
		return err
	}
	zw := ooxml.NewWriter(w)
	for i, name := range partNames {
		var err error
		switch name {
		case "word/document.xml":
			err = zw.Add(name, body)
		case "docProps/core.xml":
			err = zw.Add(name, core)
		case "word/header1.xml":
			err = zw.Add(name, header)
		default:
			err = zw.AddPart(fixed[i]) // compressed once, copied as is
		}
		if err != nil {
			return fmt.Errorf("docx: cannot write %s: %w", name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docx: cannot write: %w", err)
	}
	return nil
}

// partNames are the files of the package in the order they are written. The
// document and its core properties are generated; the rest is templates.Docx.
var partNames = []string{
	"[Content_Types].xml",
	"_rels/.rels",
	"docProps/core.xml",
	"docProps/app.xml",
	"word/document.xml",
	"word/_rels/document.xml.rels",
	"word/styles.xml",
	"word/settings.xml",
	"word/fontTable.xml",
	"word/footer1.xml",
	"word/footer2.xml",
	"word/footer3.xml",
	"word/header1.xml",
}

// fixedParts are the parts that are the same in every document, compressed
// once, by their index in partNames (the generated ones are left empty).
var fixedParts = sync.OnceValues(func() ([]ooxml.Part, error) {
	parts := make([]ooxml.Part, len(partNames))
	for i, name := range partNames {
		if name == "word/document.xml" || name == "docProps/core.xml" || name == "word/header1.xml" {
			continue
		}
		data, err := fs.ReadFile(templates.Docx, "docx/"+name)
		if err != nil {
			return nil, fmt.Errorf("docx: fixed part missing: %w", err)
		}
		parts[i] = ooxml.Compress(name, data)
	}
	return parts, nil
})

// coreXML returns the core properties: the report's title and, as subject,
// the unit's name.
func coreXML(p *jixiao.Profile, r *jixiao.Report) []byte {
	d := &doc{}
	d.raw(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`)
	d.text(strings.Join(p.TitleLines(r.Cover.Year), ""))
	d.raw(`</dc:title><dc:subject>`)
	d.text(r.Cover.Unit)
	d.raw(`</dc:subject></cp:coreProperties>`)
	return d.b
}

// headerXML returns the page header of every page: the draft notice, in red,
// or nothing.
func headerXML(notice string) []byte {
	d := &doc{}
	d.raw(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:p><w:pPr><w:pStyle w:val="Header"/>`)
	if notice != "" {
		d.raw(`<w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="黑体" w:hAnsi="黑体" w:eastAsia="黑体" w:cs="黑体"/>` +
			`<w:b/><w:color w:val="C00000"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr><w:t>`)
		d.text(notice)
		d.raw(`</w:t></w:r></w:p></w:hdr>`)
	} else {
		d.raw(`</w:pPr></w:p></w:hdr>`)
	}
	return d.b
}

// bufPool recycles the buffer of document.xml.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 256<<10); return &b }}

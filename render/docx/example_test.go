package docx_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"log"

	"jixiao"
	"jixiao/form"
	"jixiao/render/docx"
	"jixiao/templates"
)

// Write the shipped example as a Word document and list the package's parts.
func ExampleWrite() {
	r, _, _, err := jixiao.ReadReport(templates.ExampleName, templates.Example())
	if err != nil {
		log.Fatal(err)
	}
	p, err := templates.Profile(r.Profile)
	if err != nil {
		log.Fatal(err)
	}
	var b bytes.Buffer
	if err := docx.Write(&b, form.Print(p, r, nil, 0)); err != nil {
		log.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range zr.File {
		fmt.Println(f.Name)
	}
	// Output:
	// [Content_Types].xml
	// _rels/.rels
	// docProps/core.xml
	// docProps/app.xml
	// word/document.xml
	// word/_rels/document.xml.rels
	// word/styles.xml
	// word/settings.xml
	// word/fontTable.xml
	// word/footer1.xml
	// word/footer2.xml
	// word/footer3.xml
	// word/header1.xml
}

// Read a Word report back, find the income table by a label of its header
// and read a value below it.
func ExampleRead() {
	r, _, _, err := jixiao.ReadReport(templates.ExampleName, templates.Example())
	if err != nil {
		log.Fatal(err)
	}
	p, err := templates.Profile(r.Profile)
	if err != nil {
		log.Fatal(err)
	}
	var b bytes.Buffer
	if err := docx.Write(&b, form.Print(p, r, nil, 0)); err != nil {
		log.Fatal(err)
	}
	d, err := docx.Read("报告.docx", b.Bytes())
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range d.Tables {
		name, total := t.Find("机构名称"), t.Find("收入合计")
		if name == nil || total == nil {
			continue
		}
		fmt.Printf("%s %s: %d rows × %d columns\n", name.Place(), name.Text, name.RowSpan, name.ColSpan)
		sum := t.At(t.HeaderRows()+1, total.Col)
		fmt.Printf("%s %s: %s\n", sum.Place(), t.At(sum.Row, 1).Text, sum.Text)
		break
	}
	_, err = docx.Read("报告.doc", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t\x00"))
	fmt.Println(err)
	// Output:
	// 表3 第1行 第1列 机构名称: 2 rows × 1 columns
	// 表3 第3行 第2列 局机关及二级机构汇总: 307.47
	// 报告.doc：错误：这是 Word 97-2003 文档（.doc）或 WPS 文字文档（.wps），不是 .docx：请在 Word 或 WPS 中打开，另存为“Word 文档（*.docx）”后再读取
}

// Labels compare after Normalize, whatever their spaces, line breaks and
// bracket widths.
func ExampleNormalize() {
	fmt.Println(docx.Normalize("姓　名"), docx.Normalize("年度主要\n工作内容"), docx.Normalize("部门（单位）名称") == docx.Normalize("部门(单位)名称"))
	// Output: 姓名 年度主要工作内容 true
}

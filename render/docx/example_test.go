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

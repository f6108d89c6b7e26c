// Package render names the output formats: each is a pure function from a
// profile, a report and its scores to the bytes of a document.
package render

import (
	"bytes"
	"fmt"
	"io"
	"iter"

	"jixiao"
	"jixiao/form"
	"jixiao/render/docx"
	"jixiao/render/xlsx"
)

// Func writes one document of a printed report.
type Func func(w io.Writer, pr *form.Printed) error

// Formats are the document formats by file extension.
var Formats = map[string]Func{
	"docx": docx.Write,
	"xlsx": xlsx.Write,
}

// All renders a report in each of formats, all before any is written, so that
// a report gets all its documents or none. The error names the format.
func All(formats []string, pr *form.Printed) ([][]byte, error) {
	docs := make([][]byte, len(formats))
	for i, f := range formats {
		render := Formats[f]
		if render == nil {
			return nil, fmt.Errorf("没有格式 %q", f)
		}
		var buf bytes.Buffer
		if err := render(&buf, pr); err != nil {
			return nil, fmt.Errorf("无法生成 %s：%w", f, err)
		}
		docs[i] = buf.Bytes()
	}
	return docs, nil
}

// Summary writes the finance bureau's summary workbook of a bundle: n units
// and np problems, read from their sequences as it goes.
func Summary(w io.Writer, n int, units iter.Seq[jixiao.UnitSummary], np int, problems iter.Seq[jixiao.UnitProblem]) error {
	return xlsx.WriteSummary(w, n, units, np, problems)
}

// Package render names the output formats: each is a pure function from a
// profile, a report and its scores to the bytes of a document.
package render

import (
	"bytes"
	"fmt"
	"io"

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

// Summary writes the finance bureau's summary workbook of a bundle, reading
// its rows from their sequences as it goes.
func Summary(w io.Writer, s *xlsx.Summary) error { return xlsx.WriteSummary(w, s) }

// Feedback writes the feedback sheet the finance bureau sends back to a unit.
func Feedback(w io.Writer, fb *jixiao.Feedback) error { return docx.Feedback(w, fb) }

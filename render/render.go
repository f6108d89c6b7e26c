// Package render names the output formats: each is a pure function from a
// profile, a report and its scores to the bytes of a document.
package render

import (
	"io"

	"jixiao"
	"jixiao/render/docx"
	"jixiao/render/xlsx"
	"jixiao/scoring"
)

// Func writes one document of a report.
type Func func(w io.Writer, p *jixiao.Profile, r *jixiao.Report, s *scoring.Result) error

// Formats are the document formats by file extension.
var Formats = map[string]Func{
	"docx": docx.Write,
	"xlsx": xlsx.Write,
}

// Summary writes the finance bureau's summary workbook of a bundle.
func Summary(w io.Writer, units []jixiao.UnitSummary, problems []jixiao.UnitProblem) error {
	return xlsx.WriteSummary(w, units, problems)
}

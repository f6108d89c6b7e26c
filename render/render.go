// Package render names the output formats: each is a pure function from a
// profile, a report and its scores to the bytes of a document.
package render

import (
	"io"
	"iter"

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

// Summary writes the finance bureau's summary workbook of a bundle: n units
// and np problems, read from their sequences as it goes.
func Summary(w io.Writer, n int, units iter.Seq[jixiao.UnitSummary], np int, problems iter.Seq[jixiao.UnitProblem]) error {
	return xlsx.WriteSummary(w, n, units, np, problems)
}

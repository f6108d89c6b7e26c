package web

// This file is the one place where the web application meets the rest of the
// tool (input, render, templates, bundle, render/pdf): every report a browser
// sends goes through the same readers and limits as on the command line.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"jixiao"
	"jixiao/bundle"
	"jixiao/disk"
	"jixiao/form"
	"jixiao/input"
	"jixiao/render"
	"jixiao/render/pdf"
	"jixiao/render/xlsx"
	"jixiao/templates"
)

// maxReport is the largest report file the readers accept, in bytes.
var maxReport = int64(max(jixiao.MaxJSONSize, xlsx.MaxFileSize))

// defaultProfile is the profile of a report that names none.
const defaultProfile = templates.DefaultProfile

// profiles are the shipped form profiles, the only ones a browser may choose.
func profiles() []*jixiao.Profile { return templates.Profiles() }

// shipped reports whether name is the ID of a shipped profile.
func shipped(name string) bool {
	for _, p := range profiles() {
		if p.ID == name {
			return true
		}
	}
	return false
}

func shippedIDs() string {
	var ids []string
	for _, p := range profiles() {
		ids = append(ids, p.ID)
	}
	return strings.Join(ids, "、")
}

// readReport reads, checks and scores a report file as the command line does
// (input.Read): the profile a report names must be a shipped one, so that a
// report from a browser never makes the server open a file of its choosing.
// profile, when not "", is a shipped ID the user chose.
func readReport(file, profile string) input.Checked { return input.Read(file, profile) }

// renderReport renders a checked report in one format ("docx", "xlsx"). A
// report with errors comes out as the draft the renderer marks.
func renderReport(format string, c input.Checked) ([]byte, error) {
	docs, err := render.All([]string{format}, c.Printed())
	if err != nil {
		return nil, err
	}
	return docs[0], nil
}

// reportJSON is the report as JSON, to be posted back for a download.
func reportJSON(r *jixiao.Report) (string, error) {
	var b strings.Builder
	err := jixiao.EncodeJSON(&b, r)
	return b.String(), err
}

// blankWorkbook writes the fill-in workbook of a shipped profile.
func blankWorkbook(w io.Writer, profile string, year int, unit, code string) error {
	p, err := templates.Profile(profile)
	if err != nil {
		return err
	}
	return xlsx.Template(w, p, xlsx.TemplateOptions{Year: year, Unit: unit, BudgetCode: code})
}

// nextYearWorkbook writes the fill-in workbook for the year after (or
// year, when not 0) last year's checked report c: what carries over is
// filled in (xlsx.TemplateOptions.From).
func nextYearWorkbook(w io.Writer, c input.Checked, year int) (int, error) {
	o := xlsx.TemplateOptions{Year: year}
	o.From(c.Report, c.Score)
	return o.Year, xlsx.Template(w, c.Profile, o)
}

// havePDF reports whether LibreOffice is installed to make PDF files.
func havePDF() bool {
	_, err := pdf.Find()
	return err == nil
}

func bundleRun(ctx context.Context, files []string, base, out, profile string, withPDF bool, version string,
	progress func(done, total, withErrors int), pdfProgress func(done, total int, left time.Duration)) (*bundle.Result, error) {
	formats := []string{"docx", "xlsx"}
	if withPDF {
		formats = append(formats, "pdf")
	}
	return bundle.Run(ctx, files, bundle.Options{Out: out, Jobs: runtime.NumCPU(), Formats: formats, Profile: profile,
		Version: version, Progress: progress, PDFProgress: pdfProgress, Base: base})
}

// bundleManifest reads bundle.json of a bundle folder: counts, grades, units.
func bundleManifest(dir string) (*bundle.Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, bundle.ManifestName))
	if err != nil {
		return nil, err
	}
	var m bundle.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s：%w", bundle.ManifestName, err)
	}
	return &m, nil
}

// ReportName is the base name of the documents of a report: the unit's name
// and the year, made safe as a file name on every system (form.FileStem),
// e.g. 岳阳楼区人力资源和社会保障网络信息服务中心_2020年度部门整体支出绩效自评报告.
func ReportName(r *jixiao.Report) string { return disk.Name(form.FileStem(r), "") }

// viewOf is the view of a checked report, named name.
func viewOf(c input.Checked, name string) input.View { return c.View(name) }

// partTitle names the part of the form a JSON path belongs to (finance… →
// 二、部门（单位）收支情况), for grouping the problems of a JSON report.
func partTitle(path string) string {
	top, _, _ := strings.Cut(path, ".")
	top, _, _ = strings.Cut(top, "[")
	if top == "" {
		return "文件"
	}
	if l := jixiao.Label(top); l != "" {
		return l
	}
	return top
}

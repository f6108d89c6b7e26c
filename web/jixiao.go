package web

// This file is the one place where the web application meets the rest of the
// tool (input, render, templates, bundle, render/pdf): every report a browser
// sends goes through the same readers and limits as on the command line.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
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
	"jixiao/roster"
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

// ignored reports whether a folder's walk leaves out a file or folder of
// this name without a word (bundle.Ignored): uploads are taken as the
// command line takes the files it finds in a folder.
func ignored(name string) bool { return bundle.Ignored(name) }

// maxNameBytes is the longest file name, in bytes, a saved upload may have.
const maxNameBytes = disk.MaxNameBytes

// cutBytes cuts s to at most n bytes at a character boundary.
func cutBytes(s string, n int) string { return disk.Cut(s, n) }

// havePDF reports whether LibreOffice is installed to make PDF files.
func havePDF() bool {
	_, err := pdf.Find()
	return err == nil
}

// bundleJob is what a bundle is made of: the uploads, as saved and as sent,
// and the choices of the form.
type bundleJob struct {
	in      string            // the folder of the uploads, walked as the command line walks a folder
	names   map[string]string // the names as sent of the uploads whose saved names differ, by path
	notRead []skipped         // the zip entries not unpacked
	profile string
	year    int       // 0: the year most reports give
	roster  savedFile // path "": none
	withPDF bool
	version string
}

// bundleRun makes the bundle of a job in out: the folder of the uploads is
// the one input, so that each file is taken as a file found in a folder
// (bundle.Collect: by its kind, hidden and lock files left out, never read
// as JSON for want of a known extension); the zip entries not unpacked are
// accounted for like the files it does not read (bundle.Options.NotRead).
func bundleRun(ctx context.Context, j bundleJob, out string,
	progress func(done, total, withErrors int), pdfProgress func(done, total int, left time.Duration)) (*bundle.Result, error) {
	formats := []string{"docx", "xlsx"}
	if j.withPDF {
		formats = append(formats, "pdf")
	}
	names := maps.Clone(j.names)
	if names == nil {
		names = map[string]string{}
	}
	var notRead []bundle.WalkProblem
	for i, sk := range j.notRead {
		// Never a file: a key for its name only, under a hidden folder no upload can make.
		file := filepath.Join(j.in, ".skipped", strconv.Itoa(i+1))
		names[file] = sk.Name
		p := bundle.WalkProblem{File: file, Status: jixiao.IntakeSkipped,
			Problem: jixiao.Problem{Severity: jixiao.Error, Code: jixiao.CodeFile, Message: sk.Reason}}
		if sk.unreadable {
			if k := input.KindOf(sk.Name); k.Read || k.Report {
				p.Status = jixiao.IntakeUnreadable
			} else {
				p.Status, p.Severity = jixiao.IntakeNotReport, jixiao.Warning
			}
		}
		notRead = append(notRead, p)
	}
	if j.roster.path != "" {
		names[j.roster.path] = j.roster.sent
	}
	return bundle.Run(ctx, []string{j.in}, bundle.Options{Out: out, Jobs: runtime.NumCPU(), Formats: formats, Profile: j.profile,
		Year: j.year, Roster: j.roster.path, Version: j.version, Progress: progress, PDFProgress: pdfProgress, Base: j.in,
		Names: names, NotRead: notRead})
}

// checkRoster reads an uploaded roster as the bundle will (roster.Read),
// naming it as it was sent: nil, or what is wrong with it, in Chinese (every
// problem of a roster that is read but wrong, each with its place).
func checkRoster(f savedFile) error {
	data, err := disk.Read(f.path, roster.MaxSize)
	if err != nil {
		var se *disk.SizeError
		if errors.As(err, &se) {
			return fmt.Errorf("名单 %s：%s", f.sent, se.Error())
		}
		return fmt.Errorf("无法读取名单 %s：%w", f.sent, disk.Chinese(err))
	}
	_, err = roster.Parse(f.sent, data)
	var ie *jixiao.InputError
	if errors.As(err, &ie) {
		return fmt.Errorf("名单 %s 有误：\n%w", f.sent, err)
	}
	return err
}

// readable reports whether a file of this name is read as a report (by its
// kind: .json, .xlsx, .docx).
func readable(name string) bool { return input.Readable(name) }

// notReadable says why a file of this name is not read as a report.
func notReadable(name string) string { return input.KindOf(name).Why(name) }

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

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
	"sync"

	"github.com/shopspring/decimal"

	"jixiao"
	"jixiao/bundle"
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

// readReport reads, checks and scores a report file as the command line does,
// with one difference: the profile a report names must be a shipped one. On the
// command line a report may name a profile file (.json) on the disk; a report
// from a browser must never make the server open a file of its choosing (nor,
// on Windows, a \\server\share path). profile, when not "", is a shipped ID the
// user chose.
func readReport(file, profile string) input.Checked {
	if profile != "" {
		return input.Read(file, profile)
	}
	c := input.Read(file, templates.DefaultProfile)
	if c.Report == nil {
		return c
	}
	switch named := c.Report.Profile; {
	case named == "" || named == templates.DefaultProfile:
		return c
	case shipped(named):
		return input.Read(file, named)
	default:
		return input.Checked{File: file, Problems: []jixiao.Problem{{Code: jixiao.CodeProfile, Path: "profile",
			Label:   jixiao.Label("profile"),
			Message: fmt.Sprintf("没有表式 %q（网页上可用：%s；表式文件只能在命令行中用 --profile 给出）", named, shippedIDs())}}}
	}
}

// namedProfiles returns the files among files whose report names a profile
// that is not shipped (see readReport), reading them on all CPUs.
func namedProfiles(ctx context.Context, files []string, progress func(done int)) []string {
	var (
		mu   sync.Mutex
		bad  []string
		done int
		wg   sync.WaitGroup
	)
	next := make(chan string)
	for range min(runtime.NumCPU(), max(len(files), 1)) {
		wg.Go(func() {
			for f := range next {
				c := input.Read(f, templates.DefaultProfile)
				mu.Lock()
				if c.Report != nil && c.Report.Profile != "" && !shipped(c.Report.Profile) {
					bad = append(bad, f)
				}
				done++
				progress(done)
				mu.Unlock()
			}
		})
	}
	for _, f := range files {
		if ctx.Err() != nil {
			break
		}
		next <- f
	}
	close(next)
	wg.Wait()
	return bad
}

// renderReport renders a checked report in one format ("docx", "xlsx"). A
// report with errors comes out as the draft the renderer marks.
func renderReport(format string, c input.Checked) ([]byte, error) {
	docs, err := render.All([]string{format}, c.Profile, c.Report, c.Score)
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

// havePDF reports whether LibreOffice is installed to make PDF files.
func havePDF() bool {
	_, err := pdf.Find()
	return err == nil
}

// toPDF converts the Word file docx to dir/<its name>.pdf with LibreOffice and
// returns the PDF's path.
func toPDF(ctx context.Context, dir, docx string) (string, error) {
	if err := pdf.Convert(ctx, dir, []string{docx}); err != nil {
		return "", err
	}
	return filepath.Join(dir, strings.TrimSuffix(filepath.Base(docx), filepath.Ext(docx))+".pdf"), nil
}

// bundleRun builds the bureau's bundle of files into out.
func bundleRun(ctx context.Context, files []string, out, profile string, withPDF bool, version string, progress func(done, total, withErrors int)) (*bundle.Result, error) {
	formats := []string{"docx", "xlsx"}
	if withPDF {
		formats = append(formats, "pdf")
	}
	return bundle.Run(ctx, files, bundle.Options{Out: out, Jobs: runtime.NumCPU(), Formats: formats, Profile: profile,
		Version: version, Progress: progress})
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
// and the year, made safe as a file name on every system, e.g.
// 岳阳楼区人力资源和社会保障网络信息服务中心_2020年度部门整体支出绩效自评报告. fallback
// is used when the report names no unit.
func ReportName(r *jixiao.Report, fallback string) string {
	title := "部门整体支出绩效自评报告"
	if r.Cover.Year != 0 {
		title = fmt.Sprintf("%d年度%s", r.Cover.Year, title)
	}
	unit := strings.TrimSpace(r.Cover.Unit)
	if unit == "" {
		unit = fallback
	}
	return bundle.FileName(unit, title)
}

// View is the result of checking one report, in the shape `jixiao check --json`
// prints.
type View struct {
	File     string        `json:"file"`
	Profile  string        `json:"profile,omitempty"`
	Errors   int           `json:"errors"`
	Warnings int           `json:"warnings"`
	Problems []ProblemView `json:"problems"`
	Score    *ScoreView    `json:"score"`
}

// ProblemView is one problem with its place as text (收支情况!D7, 79:27).
type ProblemView struct {
	jixiao.Problem
	Place string `json:"place,omitempty"`
}

// ScoreView is the score summary: stated, recomputed, by the rules, grades.
type ScoreView struct {
	Stated         *decimal.Decimal `json:"stated"`
	Self           decimal.Decimal  `json:"self"`
	Suggested      decimal.Decimal  `json:"suggested"`
	Grade          string           `json:"grade"`
	SuggestedGrade string           `json:"suggested_grade"`
	Items          []ItemView       `json:"items"`
}

// ItemView is one item of the score sheet.
type ItemView struct {
	ID         string           `json:"id"`
	Name       string           `json:"name"`
	Points     decimal.Decimal  `json:"points"`
	Self       *decimal.Decimal `json:"self"`
	Rule       *decimal.Decimal `json:"rule"`
	Basis      string           `json:"basis,omitempty"`
	Unscorable string           `json:"unscorable,omitempty"`
}

// Differs reports whether the rules give the item another score than the unit.
func (it ItemView) Differs() bool {
	return it.Self != nil && it.Rule != nil && !it.Self.Equal(*it.Rule)
}

func number(n jixiao.Number) *decimal.Decimal {
	if !n.Valid {
		return nil
	}
	return &n.Value
}

// viewOf is the view of a checked report, named name.
func viewOf(c input.Checked, name string) View {
	v := View{File: name, Problems: []ProblemView{}}
	for _, p := range c.Problems {
		v.Problems = append(v.Problems, ProblemView{Problem: p, Place: p.Place.String()})
	}
	v.Errors, v.Warnings = jixiao.Count(c.Problems)
	if c.Score == nil {
		return v
	}
	v.Profile = c.Profile.ID
	s := c.Score
	stated := c.Report.ScoreSheet.Total
	if !stated.Valid {
		stated = c.Report.Performance.TotalScore
	}
	v.Score = &ScoreView{Stated: number(stated), Self: s.Self, Suggested: s.Suggested, Grade: s.Grade,
		SuggestedGrade: s.SuggestedGrade, Items: make([]ItemView, len(s.Items))}
	for i, it := range s.Items {
		v.Score.Items[i] = ItemView{ID: it.Item.ID, Name: it.Item.Title(), Points: it.Item.Points.Value,
			Self: number(it.Self), Rule: number(it.Rule), Basis: it.Basis, Unscorable: it.Unscorable}
	}
	return v
}

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

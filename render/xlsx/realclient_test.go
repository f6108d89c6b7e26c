package xlsx

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"jixiao"
	"jixiao/check"
	"jixiao/form"
	"jixiao/internal/realclient"
)

// The strict Open XML validator accepts the report workbooks and the
// template.
func TestValidator(t *testing.T) {
	if testing.Short() {
		t.Skip("real clients")
	}
	p, r := example(t)
	city := profile(t, "yueyang-city-2020")
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"example.xlsx":  writeReport(t, p, r),
		"rich.xlsx":     writeReport(t, city, rich(t, city)),
		"template.xlsx": writeTemplate(t, p, TemplateOptions{Year: 2020}),
		"city.xlsx":     writeTemplate(t, city, TemplateOptions{}),
	} {
		file := filepath.Join(dir, name)
		must(t, os.WriteFile(file, data, 0o644))
		realclient.Validate(t, file)
	}
}

// LibreOffice prints the workbooks on A4 pages: portrait, and landscape for
// the score sheet.
func TestPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("real clients")
	}
	p, r := example(t)
	dir := t.TempDir()
	files := []string{filepath.Join(dir, "report.xlsx"), filepath.Join(dir, "template.xlsx")}
	must(t, os.WriteFile(files[0], writeReport(t, p, r), 0o644))
	must(t, os.WriteFile(files[1], writeTemplate(t, p, TemplateOptions{Year: 2020}), 0o644))
	pdfs := realclient.ToPDF(t, dir, files...)
	for i, want := range []struct {
		pages     int
		landscape string // the pages in landscape, 1-based
		first     string // text on the first page
	}{
		{11, "8 9 10", "岳阳楼区2020年度部门（单位）整体支出绩效评价自评报告"},
		{15, "12 13 14", "岳阳楼区部门（单位）整体支出绩效评价自评报告填报模板"},
	} {
		sizes := realclient.PDFPages(t, pdfs[i])
		texts := realclient.PDFPageText(t, pdfs[i])
		var land []string
		for j, s := range sizes {
			if s.W < 590 || s.W > 845 || s.H < 590 || s.H > 845 {
				t.Errorf("%s page %d is %gx%g pt, not A4", pdfs[i], j+1, s.W, s.H)
			}
			if s.Landscape() {
				land = append(land, fmt.Sprint(j+1))
				if j < len(texts) && !strings.Contains(texts[j], "一级指标") {
					t.Errorf("%s: landscape page %d is not the score sheet", pdfs[i], j+1)
				}
			}
		}
		if len(sizes) != want.pages || strings.Join(land, " ") != want.landscape {
			t.Errorf("%s: %d pages, landscape %q; want %d pages, landscape %q", pdfs[i], len(sizes), strings.Join(land, " "), want.pages, want.landscape)
		}
		if len(texts) == 0 || !strings.Contains(texts[0], want.first) {
			t.Errorf("%s: the first page does not read %s", pdfs[i], want.first)
		}
	}
	// Every page numbers itself in the footer.
	texts := realclient.PDFPageText(t, pdfs[0])
	for j, text := range texts {
		if want := fmt.Sprintf("第%d页，共%d页", j+1, len(texts)); !strings.Contains(text, want) {
			t.Errorf("page %d has no footer %s", j+1, want)
		}
	}
}

// fillScript fills a workbook from a plan with openpyxl, as a person's
// spreadsheet program would: numbers as numbers, dates as dates, text as
// text, and every other input cell emptied.
const fillScript = `
import datetime, json, sys
import openpyxl
src, plan, out = sys.argv[1:4]
wb = openpyxl.load_workbook(src)
for e in json.load(open(plan, encoding="utf-8")):
    v = e["value"]
    if e["type"] == "date":
        v = datetime.datetime.strptime(v, "%Y-%m-%d")
    elif e["type"] == "number":
        v = float(v) if "." in v else int(v)
    elif e["type"] == "empty":
        v = None
    wb[e["sheet"]][e["cell"]] = v
wb.save(out)
`

// planEntry is one cell the fill script sets.
type planEntry struct {
	Sheet string `json:"sheet"`
	Cell  string `json:"cell"`
	Type  string `json:"type"` // text, number, date, empty
	Value string `json:"value"`
}

// fillPlan places the printed report r in the template's input cells, the
// way the report workbook does, with heading levels in the template's words.
func fillPlan(t testing.TB, p *jixiao.Profile, o TemplateOptions, r *jixiao.Report) []planEntry {
	t.Helper()
	b, _, _, err := templateGrid(p, o)
	must(t, err)
	wr := newWriter(b, false)
	must(t, wr.fill(form.Print(p, r, nil, 0).Report))
	var plan []planEntry
	b.each(func(f *field, _ string) {
		e := planEntry{Sheet: f.cell.sheet.name, Cell: f.cell.name(), Type: "empty"}
		switch v := wr.vals[f.cell].(type) {
		case string:
			e.Type, e.Value = "text", v
			if f.kind == kindHeading {
				level, _ := headingLevel(v)
				e.Value = headingKinds[level-1]
			}
		case int:
			e.Type, e.Value = "number", fmt.Sprint(v)
		case jixiao.Date:
			e.Type, e.Value = "date", fmt.Sprintf("%04d-%02d-%02d", v.Year, v.Month, v.Day)
		case nil:
		default:
			e.Type, e.Value = "number", fmt.Sprint(v)
		}
		if e.Type == "empty" && f.locked {
			return
		}
		plan = append(plan, e)
	})
	return plan
}

// A template filled in by openpyxl imports as the report it was filled
// with, and checks without errors (the synthetic self scores draw the
// checker's warnings where a rule scores otherwise); re-saved by
// LibreOffice, it imports identically.
func TestTemplateFilledByOtherPrograms(t *testing.T) {
	if testing.Short() {
		t.Skip("real clients")
	}
	dir := t.TempDir()
	for _, c := range []struct {
		id   string
		seed uint64
	}{{"yueyanglou-2020", 3}, {"yueyang-city-2020", 5}} {
		p := profile(t, c.id)
		r := synthetic(p, c.seed, 3)
		o := TemplateOptions{Operation: 40, Paragraphs: 8}
		template := filepath.Join(dir, c.id+"-template.xlsx")
		must(t, os.WriteFile(template, writeTemplate(t, p, o), 0o644))
		plan, err := json.Marshal(fillPlan(t, p, o, r))
		must(t, err)
		planFile := filepath.Join(dir, c.id+"-plan.json")
		must(t, os.WriteFile(planFile, plan, 0o644))
		filled := filepath.Join(dir, c.id+".xlsx")
		realclient.RunPython(t, fillScript, []string{template, planFile, filled}, "openpyxl")

		data, err := os.ReadFile(filled)
		must(t, err)
		got, src, warnings, err := Read(filepath.Base(filled), data)
		if err != nil {
			t.Fatalf("%s: %v", c.id, err)
		}
		if len(warnings) > 0 {
			t.Errorf("%s: warnings %v", c.id, warnings)
		}
		sameReport(t, c.id+" filled by openpyxl", got, imported(t, p, r))
		problems := check.Report(p, got, nil).Problems
		src.Locate(problems)
		for _, pr := range problems {
			if pr.Severity == jixiao.Error || pr.Code != jixiao.CodeRule {
				t.Errorf("%s: %s", c.id, pr.Format(filepath.Base(filled)))
			}
		}

		resaved := resave(t, filled)
		data, err = os.ReadFile(resaved)
		must(t, err)
		again, src2, _, err := Read(filepath.Base(filled), data)
		if err != nil {
			t.Fatalf("%s re-saved by LibreOffice: %v", c.id, err)
		}
		sameReport(t, c.id+" re-saved by LibreOffice", again, got)
		if !reflect.DeepEqual(src2.Places, src.Places) {
			t.Errorf("%s: the places differ after LibreOffice re-saved the workbook", c.id)
		}
		if *update && c.id == "yueyanglou-2020" { // keep the files these programs made, for TestCorpus and FuzzRead
			for name, file := range map[string]string{"openpyxl-filled": filled, "libreoffice-resaved": resaved} {
				data, err := os.ReadFile(file)
				must(t, err)
				must(t, os.WriteFile(filepath.Join("testdata", name+".xlsx"), data, 0o644))
				must(t, os.WriteFile(filepath.Join("testdata", name+".json"), []byte(encode(t, got)), 0o644))
			}
		}
	}
}

// resave opens a workbook in LibreOffice and saves it as .xlsx in another
// folder, with a private profile.
func resave(t testing.TB, file string) string {
	t.Helper()
	soffice := realclient.Soffice(t)
	out, work := t.TempDir(), t.TempDir()
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(work, "profile"),
		"--headless", "--convert-to", "xlsx", "--outdir", out, file)
	cmd.Env = append(os.Environ(), "HOME="+work)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	name := filepath.Join(out, filepath.Base(file))
	if _, err := os.Stat(name); err != nil {
		t.Fatalf("LibreOffice wrote no %s", name)
	}
	return name
}

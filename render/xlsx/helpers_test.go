package xlsx

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/form"
	"jixiao/internal/synth"
	"jixiao/scoring"
	"jixiao/templates"
)

// profile returns a shipped profile.
func profile(t testing.TB, id string) *jixiao.Profile {
	t.Helper()
	p, err := templates.Profile(id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// readJSON decodes a report file.
func readJSON(t testing.TB, file string, data []byte) *jixiao.Report {
	t.Helper()
	r, _, _, err := jixiao.ReadReport(file, data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// example returns the default profile and the shipped example report.
func example(t testing.TB) (*jixiao.Profile, *jixiao.Report) {
	t.Helper()
	return profile(t, ""), readJSON(t, templates.ExampleName, templates.Example())
}

// corrected returns the shipped example with its stated values corrected.
func corrected(t testing.TB) *jixiao.Report {
	t.Helper()
	data, err := os.ReadFile("../../testdata/reports/yueyanglou-2020-hrss-corrected.json")
	if err != nil {
		t.Fatal(err)
	}
	return readJSON(t, "corrected.json", data)
}

// writeReport writes the report workbook of r.
func writeReport(t testing.TB, p *jixiao.Profile, r *jixiao.Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, form.Print(p, r, nil, 0)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// writeTemplate writes a template.
func writeTemplate(t testing.TB, p *jixiao.Profile, o TemplateOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Template(&b, p, o); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// encode is a report's JSON.
func encode(t testing.TB, r *jixiao.Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := jixiao.EncodeJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// clone copies a report through its JSON.
func clone(t testing.TB, r *jixiao.Report) *jixiao.Report {
	t.Helper()
	return readJSON(t, "clone.json", []byte(encode(t, r)))
}

// imported is what Read gives back for the report workbook of r: r as the
// workbook shows it, by the rule of the package documentation (Round trip).
// It is written here independently of the writer.
func imported(t testing.TB, p *jixiao.Profile, r *jixiao.Report) *jixiao.Report {
	t.Helper()
	want := clone(t, r)
	s := scoring.Score(p, r)
	want.Profile = p.ID
	fin, _ := jixiao.DeriveFinance(want.Finance, nil)
	want.Finance = jixiao.Finance{}
	for _, u := range fin.Units {
		u.Spending.SurplusYear = jixiao.Number{}
		if !u.IsZero() {
			want.Finance.Units = append(want.Finance.Units, u)
		}
	}
	// The totals read as the workbook shows them: the sum once every item
	// is scored.
	want.Performance.TotalScore = s.Self
	want.Performance.Grade = s.Grade
	want.ScoreSheet.Total = s.Self
	if want.Cover.Method == "" {
		want.Cover.Method = p.Unit + "绩效自评"
	}
	if want.Cover.Evaluator == "" {
		want.Cover.Evaluator = p.Unit + "评价组"
	}
	var items []jixiao.SelfScore
	var checklists []jixiao.Checklist
	for _, ref := range p.Items() {
		item := jixiao.SelfScore{ID: ref.Item.ID}
		for _, it := range want.ScoreSheet.Items {
			if it.ID == ref.Item.ID {
				item = it
				break
			}
		}
		items = append(items, item)
		for _, c := range want.Basis.Checklists {
			if c.ID == ref.Item.ID {
				checklists = append(checklists, c)
				break
			}
		}
	}
	want.ScoreSheet.Items = items
	want.Basis.Checklists = checklists
	return want
}

// sameReport fails the test when two reports differ, showing the first lines
// that differ.
func sameReport(t testing.TB, name string, got, want *jixiao.Report) {
	t.Helper()
	if g, w := encode(t, got), encode(t, want); g != w {
		t.Errorf("%s: the report read back differs:\n%s", name, diff(w, g))
	}
}

// diff shows the lines of got that differ from want, with their line numbers.
func diff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < max(len(wl), len(gl)) && n < 20; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "line %d:\n  want %s\n  got  %s\n", i+1, w, g)
			n++
		}
	}
	return b.String()
}

// synthetic returns a synthetic report of profile p.
func synthetic(p *jixiao.Profile, seed uint64, n int) *jixiao.Report {
	return synth.ReportFor(p, seed, n)
}

// cellOf returns the sheet and cell of the input bound to path in the grid
// of profile p sized by sh.
func cellOf(t testing.TB, p *jixiao.Profile, sh shape, path string) (string, string) {
	t.Helper()
	var sheet, name string
	build(p, sh).each(func(f *field, fp string) {
		if fp == path && name == "" {
			sheet, name = f.cell.sheet.name, f.cell.name()
		}
	})
	if name == "" {
		t.Fatalf("no input cell for %s", path)
	}
	return sheet, name
}

// edit changes cells of a workbook with excelize: keys are sheet!cell, values
// what excelize writes (a string is written as text).
func edit(t testing.TB, data []byte, cells map[string]any, more ...func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for ref, v := range cells {
		sheet, cell, _ := strings.Cut(ref, "!")
		var err error
		if s, ok := v.(string); ok {
			err = f.SetCellStr(sheet, cell, s)
		} else {
			err = f.SetCellValue(sheet, cell, v)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, fn := range more {
		fn(f)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

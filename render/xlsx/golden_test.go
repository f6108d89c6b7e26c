package xlsx

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The workbooks' structure is compared with readable dumps in
// testdata/NAME.golden; go test -update rewrites them.
func TestGolden(t *testing.T) {
	p, r := example(t)
	city := profile(t, "yueyang-city-2020")
	cases := []struct {
		name string
		data []byte
	}{
		{"example", writeReport(t, p, r)},
		{"rich-city", writeReport(t, city, rich(t, city))},
		{"template", writeTemplate(t, p, TemplateOptions{Year: 2020})},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := dump(t, c.data)
			file := filepath.Join("testdata", c.name+".golden")
			if *update {
				must(t, os.MkdirAll("testdata", 0o755))
				must(t, os.WriteFile(file, []byte(got), 0o644))
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if string(want) != got {
				t.Errorf("the workbook differs from %s (go test -update rewrites it):\n%s", file, diff(string(want), got))
			}
		})
	}
}

// The workbooks other programs made (testdata/*.xlsx, kept by go test
// -update when those programs are installed) import as recorded in the .json
// beside each.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.xlsx"))
	must(t, err)
	if len(files) == 0 {
		t.Skip("no workbooks in testdata")
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		must(t, err)
		r, _, warnings, err := Read(filepath.Base(file), data)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if len(warnings) > 0 {
			t.Errorf("%s: warnings %v", file, warnings)
		}
		if *update {
			must(t, os.WriteFile(strings.TrimSuffix(file, ".xlsx")+".json", []byte(encode(t, r)), 0o644))
		}
		want, err := os.ReadFile(strings.TrimSuffix(file, ".xlsx") + ".json")
		must(t, err)
		if got := encode(t, r); got != string(want) {
			t.Errorf("%s imports differently:\n%s", file, diff(string(want), got))
		}
	}
}

// dump describes a workbook: per sheet its state, page setup, protection,
// column widths, row heights, merges and validations, then every cell that
// holds a value or a formula or is open for input, with its number format,
// font, fill and protection when they are not the defaults.
func dump(t testing.TB, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	must(t, err)
	defer f.Close()
	var b strings.Builder
	props, err := f.GetDocProps()
	must(t, err)
	fmt.Fprintf(&b, "workbook %q by %s, %s\n", props.Title, props.Creator, props.Created)
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		names[dn.Scope] += dn.Name + "=" + dn.RefersTo + " "
	}
	for _, sheet := range f.GetSheetList() {
		visible, err := f.GetSheetVisible(sheet)
		must(t, err)
		fmt.Fprintf(&b, "\n== %s", sheet)
		if !visible {
			b.WriteString(" (hidden)")
		}
		b.WriteString("\n")
		if sheet == metaSheet {
			rows, err := f.GetRows(sheet)
			must(t, err)
			for _, r := range rows {
				if r[0] == "profile" {
					fmt.Fprintf(&b, "profile: %d parts\n", len(r)-1)
				} else {
					fmt.Fprintf(&b, "%s\n", strings.Join(r, " "))
				}
			}
			continue
		}
		pl, err := f.GetPageLayout(sheet)
		must(t, err)
		fmt.Fprintf(&b, "page: size %d %s, fit %d×%d", *pl.Size, *pl.Orientation, *pl.FitToWidth, *pl.FitToHeight)
		if n := strings.TrimSpace(names[sheet]); n != "" {
			b.WriteString("; " + n)
		}
		b.WriteString("\n")
		hf, err := f.GetHeaderFooter(sheet)
		must(t, err)
		fmt.Fprintf(&b, "footer: %s\n", hf.OddFooter)
		if prot, err := f.GetSheetProtection(sheet); err == nil && prot.SelectUnlockedCells {
			b.WriteString("protected, no password")
			if prot.InsertRows && prot.DeleteRows {
				b.WriteString(", rows may be inserted and deleted")
			}
			b.WriteString("\n")
		}
		cols, err := f.GetCols(sheet)
		must(t, err)
		b.WriteString("widths:")
		for i := range max(len(cols), 4) {
			name, _ := excelize.ColumnNumberToName(i + 1)
			w, err := f.GetColWidth(sheet, name)
			must(t, err)
			fmt.Fprintf(&b, " %s=%g", name, w)
		}
		b.WriteString("\n")
		rows, err := f.GetRows(sheet)
		must(t, err)
		b.WriteString("heights:")
		for r := 1; r <= len(rows)+1; r++ {
			h, err := f.GetRowHeight(sheet, r)
			must(t, err)
			if h != defaultRowPts && h != 15 {
				fmt.Fprintf(&b, " %d=%g", r, h)
			}
		}
		b.WriteString("\n")
		merges, err := f.GetMergeCells(sheet)
		must(t, err)
		var ms []string
		for _, m := range merges {
			ms = append(ms, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		if len(ms) > 0 {
			fmt.Fprintf(&b, "merged: %s\n", strings.Join(ms, " "))
		}
		dvs, err := f.GetDataValidations(sheet)
		must(t, err)
		for _, dv := range dvs {
			fmt.Fprintf(&b, "validation %s: %s %s %s %s", dv.Sqref, dv.Type, dv.Operator, dv.Formula1, dv.Formula2)
			if dv.Error != nil {
				fmt.Fprintf(&b, " error %q", *dv.Error)
			}
			if dv.Prompt != nil {
				fmt.Fprintf(&b, " prompt %q", *dv.Prompt)
			}
			b.WriteString("\n")
		}
		covered := map[string]bool{}
		for _, m := range merges {
			c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
			c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
			for r := r1; r <= r2; r++ {
				for c := c1; c <= c2; c++ {
					if r != r1 || c != c1 {
						name, _ := excelize.CoordinatesToCellName(c, r)
						covered[name] = true
					}
				}
			}
		}
		width := max(len(cols), 1)
		for r := 1; r <= len(rows); r++ {
			for c := 1; c <= width+2; c++ {
				name, _ := excelize.CoordinatesToCellName(c, r)
				if covered[name] {
					continue
				}
				if line := cellLine(t, f, sheet, name); line != "" {
					fmt.Fprintf(&b, "%s %s\n", name, line)
				}
			}
		}
	}
	return b.String()
}

// cellLine describes one cell, or returns "" for an empty cell with the
// default protection.
func cellLine(t testing.TB, f *excelize.File, sheet, name string) string {
	v, err := f.GetCellValue(sheet, name, excelize.Options{RawCellValue: true})
	must(t, err)
	formula, err := f.GetCellFormula(sheet, name)
	must(t, err)
	id, err := f.GetCellStyle(sheet, name)
	must(t, err)
	st, err := f.GetStyle(id)
	must(t, err)
	unlocked := st.Protection != nil && !st.Protection.Locked
	if v == "" && formula == "" && !unlocked {
		return ""
	}
	var notes []string
	switch {
	case st.CustomNumFmt != nil:
		notes = append(notes, "fmt "+*st.CustomNumFmt)
	case st.NumFmt == 49:
		notes = append(notes, "fmt @")
	case st.NumFmt != 0:
		notes = append(notes, "fmt "+strconv.Itoa(st.NumFmt))
	}
	if fn := st.Font; fn != nil && (fn.Family != fontBody || fn.Size != 11 || fn.Bold) {
		font := fn.Family + " " + strconv.FormatFloat(fn.Size, 'f', -1, 64)
		if fn.Bold {
			font += " bold"
		}
		notes = append(notes, font)
	}
	if len(st.Fill.Color) > 0 {
		notes = append(notes, "fill "+st.Fill.Color[0])
	}
	if unlocked {
		notes = append(notes, "unlocked")
	}
	var out string
	switch {
	case formula != "":
		out = "=" + formula
	case v == "":
		out = "(empty)"
	default:
		typ, err := f.GetCellType(sheet, name)
		must(t, err)
		if typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber {
			out = v
		} else {
			out = strconv.Quote(v)
		}
	}
	if len(notes) > 0 {
		out += "  [" + strings.Join(notes, ", ") + "]"
	}
	return out
}

package xlsx

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"jixiao"
)

// The codes Read's problems may carry.
var readCodes = map[string]bool{
	jixiao.CodeFile: true, jixiao.CodeSyntax: true, jixiao.CodeFormat: true, jixiao.CodeUnknownField: true,
}

// Read never panics; it returns a report, or an *jixiao.InputError whose
// problems carry the documented codes; its warnings are about text.
func FuzzRead(f *testing.F) {
	p, r := example(f)
	city := profile(f, "yueyang-city-2020")
	f.Add(writeReport(f, p, r))
	f.Add(writeReport(f, city, rich(f, city)))
	f.Add(writeReport(f, p, synthetic(p, 7, 5)))
	f.Add(writeTemplate(f, p, TemplateOptions{Units: 2, Tasks: 1, Operation: 1, Goals: 1, Targets: 1, Evaluators: 1, Paragraphs: 1}))
	files, _ := filepath.Glob(filepath.Join("testdata", "*.xlsx"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		must(f, err)
		f.Add(data)
	}
	f.Add([]byte("PK\x03\x04"))
	f.Add(zipOf(f, map[string][]byte{"[Content_Types].xml": nil, "xl/workbook.xml": []byte(`<workbook><sheets><sheet name="_jixiao" r:id="rId1"/></sheets></workbook>`)}))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, src, warnings, err := Read("fuzz.xlsx", data)
		if err != nil {
			var ie *jixiao.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if len(ie.Problems) == 0 {
				t.Fatal("an InputError without problems")
			}
			for _, p := range ie.Problems {
				if !readCodes[p.Code] || p.Severity != jixiao.Error || p.Message == "" {
					t.Fatalf("problem %+v", p)
				}
			}
			return
		}
		if r == nil || src == nil {
			t.Fatal("no report and no error")
		}
		for _, w := range warnings {
			if w.Code != jixiao.CodeText || w.Severity != jixiao.Warning {
				t.Fatalf("warning %+v", w)
			}
		}
	})
}

package xlsx

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"jixiao"
)

// The codes Read's problems may carry.
var readCodes = map[string]bool{
	jixiao.CodeFile: true, jixiao.CodeSyntax: true, jixiao.CodeFormat: true, jixiao.CodeUnknownField: true,
	jixiao.CodeRange: true, jixiao.CodeText: true,
}

// Read never panics; it returns a report, or an *jixiao.InputError whose
// problems carry the documented codes; every message is short; what it
// allocates is bounded by a constant factor of what the workbook unzips to.
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
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		r, src, problems, err := Read("fuzz.xlsx", data)
		runtime.ReadMemStats(&after)
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64*uint64(len(data))+2*maxUnzipped {
			t.Fatalf("%d bytes allocated reading %d bytes", alloc, len(data))
		}
		if err != nil {
			var ie *jixiao.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if len(ie.Problems) == 0 {
				t.Fatal("an InputError without problems")
			}
			for _, p := range ie.Problems {
				if !readCodes[p.Code] || p.Severity != jixiao.Error || p.Message == "" || len(p.Message) > jixiao.MaxMessage {
					t.Fatalf("problem %+v", p)
				}
			}
			return
		}
		if r == nil || src == nil {
			t.Fatal("no report and no error")
		}
		for _, p := range problems {
			if !readCodes[p.Code] || p.Message == "" || len(p.Message) > jixiao.MaxMessage {
				t.Fatalf("problem %+v", p)
			}
		}
	})
}

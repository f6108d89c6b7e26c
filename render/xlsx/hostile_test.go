package xlsx

import (
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/check"
)

// A small workbook whose every input cell shows one long shared string: the
// string is held once, each message quotes a short prefix of it, the list of
// problems is bounded, and reading and checking it allocates a few times its
// unzipped size, not its cells times its length.
func TestSharedStringAmplification(t *testing.T) {
	p, _ := example(t)
	tmpl := writeTemplate(t, p, TemplateOptions{})
	sh, _ := templateShape(t, p)
	long := strings.Repeat("长", jixiao.MaxText)
	n := 0
	book := edit(t, tmpl, nil, func(f *excelize.File) {
		build(p, sh).each(func(fd *field, _ string) {
			if fd.locked {
				return
			}
			must(t, f.SetCellStr(fd.cell.sheet.name, fd.cell.name(), long))
			n++
		})
	})
	if n < 400 || len(book) > 200<<10 {
		t.Fatalf("%d cells, %d bytes", n, len(book))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r, _, problems, err := Read("填报表.xlsx", book)
	if err != nil {
		t.Fatal(err)
	}
	res := check.Report(p, r, problems)
	listed := jixiao.Limit(res.Problems)
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%d cells of %d characters: %d KB allocated", n, jixiao.MaxText, alloc>>10)
	if alloc > 64<<20 {
		t.Errorf("reading and checking %d bytes allocated %d MB", len(book), alloc>>20)
	}
	if len(listed) > jixiao.MaxProblems {
		t.Errorf("%d problems listed", len(listed))
	}
	total := 0
	for _, pr := range listed {
		if len(pr.Message) > jixiao.MaxMessage {
			t.Errorf("a message of %d bytes: %.200s", len(pr.Message), pr.Message)
		}
		total += len(pr.Message)
	}
	if total > jixiao.MaxProblems*jixiao.MaxMessage {
		t.Errorf("%d bytes of messages", total)
	}
}

// templateShape is the shape of the default template of p.
func templateShape(t testing.TB, p *jixiao.Profile) (shape, TemplateOptions) {
	t.Helper()
	_, sh, o, err := templateGrid(p, TemplateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return sh, o
}

// A text longer than an Excel cell holds is cut in the summary workbook, with
// a note that bundle.json has it whole.
func TestSummaryCellCut(t *testing.T) {
	for _, s := range []string{strings.Repeat("长", 40000), strings.Repeat("𠀀", 20000), "短"} {
		got := cellCut(s)
		if utf16Len(got) > excelize.TotalCellChars {
			t.Errorf("cut to %d UTF-16 units", utf16Len(got))
		}
		if len(s) > 10 && !strings.HasSuffix(got, cutNote) || len(s) < 10 && got != s {
			t.Errorf("cut %q…", got[:min(len(got), 12)])
		}
	}
}

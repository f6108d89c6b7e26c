package pdf_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	pdfcpu "github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"jixiao/internal/realclient"
	"jixiao/render/pdf"
)

// convert converts Word files to PDFs in a new folder and returns them in order.
func convert(t *testing.T, in []string) []string {
	t.Helper()
	out := t.TempDir()
	files := make([]pdf.File, len(in))
	pdfs := make([]string, len(in))
	for i, f := range in {
		pdfs[i] = filepath.Join(out, strings.TrimSuffix(filepath.Base(f), ".docx")+".pdf")
		files[i] = pdf.File{In: f, Out: pdfs[i]}
	}
	if err := pdf.ConvertAll(context.Background(), files, pdf.Options{Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	return pdfs
}

// outline is a readable dump of a PDF's bookmarks: one line per bookmark,
// indented by depth, with its page.
func outline(t *testing.T, file string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	bms, err := api.Bookmarks(bytes.NewReader(data), model.NewDefaultConfiguration())
	if err != nil {
		t.Fatalf("pdfcpu cannot read the bookmarks of %s: %v", file, err)
	}
	var b strings.Builder
	var dump func([]pdfcpu.Bookmark, int)
	dump = func(bms []pdfcpu.Bookmark, depth int) {
		for _, bm := range bms {
			b.WriteString(strings.Repeat("  ", depth) + bm.Title + " p" + strconv.Itoa(bm.PageFrom) + "\n")
			dump(bm.Kids, depth+1)
		}
	}
	dump(bms, 0)
	return b.String()
}

func mode(t *testing.T, file string) os.FileMode {
	t.Helper()
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode().Perm()
}

// poppler runs a poppler tool and fails on any complaint it prints.
func poppler(t *testing.T, tool string, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(realclient.Poppler(t, tool), args...)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("%s %v: %v\n%s", tool, args, err, stderr.String())
	}
	return string(out)
}

func TestMerge(t *testing.T) {
	realclient.Soffice(t)
	privateTemp(t)
	in := t.TempDir()
	docs := append([]string{writeExample(t, in, "example.docx")}, writeSynth(t, in, 3)...)
	pdfs := convert(t, docs)
	pages := make([]int, len(pdfs))
	for i, p := range pdfs {
		pages[i] = len(realclient.PDFPages(t, p))
	}
	parts := []pdf.Part{
		{Title: "汇总表", File: pdfs[0]},
		{Title: "100001 岳阳楼区第1服务中心", Parts: []pdf.Part{
			{Title: "自评报告", File: pdfs[1]},
			{Title: "反馈单", File: pdfs[2]},
		}},
		{Title: "100002 岳阳楼区第2事务中心", File: pdfs[3], Parts: []pdf.Part{
			{Title: "反馈单", File: pdfs[0]},
		}},
	}
	out := filepath.Join(t.TempDir(), "汇总册.pdf")
	if err := pdf.Merge(context.Background(), out, parts, pdf.MergeOptions{Title: "岳阳楼区2020年度汇总册"}); err != nil {
		t.Fatal(err)
	}

	// The volume gets the permissions any new file of the user's gets.
	probe := filepath.Join(t.TempDir(), "probe")
	if f, err := os.Create(probe); err != nil {
		t.Fatal(err)
	} else if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if a, b := mode(t, out), mode(t, probe); a != b {
		t.Errorf("volume mode %v, a new file's %v", a, b)
	}

	info := poppler(t, "pdfinfo", out)
	for _, want := range []string{"Title:           岳阳楼区2020年度汇总册", "CreationDate:    Sat Jan  1 00:00:00 2000 UTC",
		"Pages:           " + strconv.Itoa(pages[0]+pages[1]+pages[2]+pages[3]+pages[0])} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	starts := []int{1, 1 + pages[0], 1 + pages[0] + pages[1], 1 + pages[0] + pages[1] + pages[2], 1 + pages[0] + pages[1] + pages[2] + pages[3]}
	want := "汇总表 p1\n" +
		"100001 岳阳楼区第1服务中心 p" + strconv.Itoa(starts[1]) + "\n" +
		"  自评报告 p" + strconv.Itoa(starts[1]) + "\n" +
		"  反馈单 p" + strconv.Itoa(starts[2]) + "\n" +
		"100002 岳阳楼区第2事务中心 p" + strconv.Itoa(starts[3]) + "\n" +
		"  反馈单 p" + strconv.Itoa(starts[4]) + "\n"
	if got := outline(t, out); got != want {
		t.Errorf("bookmarks:\n%s\nwant:\n%s", got, want)
	}
	merged := realclient.PDFPageText(t, out)
	for i, f := range []string{pdfs[0], pdfs[1], pdfs[2], pdfs[3], pdfs[0]} {
		if got, want := merged[starts[i]-1], realclient.PDFPageText(t, f)[0]; got != want {
			t.Errorf("page %d is not the first page of %s:\n%.200s\nwant\n%.200s", starts[i], f, got, want)
		}
	}
	poppler(t, "pdftotext", out, os.DevNull)
	if err := api.ValidateFile(out, model.NewDefaultConfiguration()); err != nil {
		t.Errorf("pdfcpu rejects the volume: %v", err)
	}

	// The same parts, converted again by a new LibreOffice (whose PDFs carry
	// their own time stamps), give the same bytes.
	again := convert(t, docs)
	parts2 := []pdf.Part{
		{Title: "汇总表", File: again[0]},
		{Title: "100001 岳阳楼区第1服务中心", Parts: []pdf.Part{{Title: "自评报告", File: again[1]}, {Title: "反馈单", File: again[2]}}},
		{Title: "100002 岳阳楼区第2事务中心", File: again[3], Parts: []pdf.Part{{Title: "反馈单", File: again[0]}}},
	}
	out2 := filepath.Join(t.TempDir(), "汇总册.pdf")
	if err := pdf.Merge(context.Background(), out2, parts2, pdf.MergeOptions{Title: "岳阳楼区2020年度汇总册"}); err != nil {
		t.Fatal(err)
	}
	a, errA := os.ReadFile(out)
	b, errB := os.ReadFile(out2)
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("merging the same parts twice gave different bytes (%d and %d bytes)", len(a), len(b))
	}

	// A date of the caller's.
	out3 := filepath.Join(t.TempDir(), "dated.pdf")
	if err := pdf.Merge(context.Background(), out3, parts[:1], pdf.MergeOptions{Date: time.Date(2021, 6, 27, 9, 30, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	if info := poppler(t, "pdfinfo", out3); !strings.Contains(info, "CreationDate:    Sun Jun 27 09:30:00 2021 UTC") {
		t.Errorf("pdfinfo of a dated volume:\n%s", info)
	}
}

func TestMergeBadParts(t *testing.T) {
	dir := t.TempDir()
	notPDF := writeFile(t, filepath.Join(dir, "x.pdf"), []byte("%PDF-1.4\nthis is not a PDF"))
	tests := []struct {
		name  string
		parts []pdf.Part
		want  string
	}{
		{"nothing", nil, "汇总册没有任何 PDF 文件"},
		{"no title", []pdf.Part{{File: notPDF}}, "汇总册的第 1 项没有书签标题"},
		{"nested without title", []pdf.Part{{Title: "a", Parts: []pdf.Part{{Title: "b", File: notPDF}, {File: notPDF}}}}, "汇总册的第 1.2 项没有书签标题"},
		{"heading without pages", []pdf.Part{{Title: "a", File: notPDF}, {Title: "空"}}, "汇总册的第 2 项「空」没有任何页"},
		{"missing file", []pdf.Part{{Title: "a", File: filepath.Join(dir, "none.pdf")}}, "cannot read " + filepath.Join(dir, "none.pdf")},
		{"not a PDF", []pdf.Part{{Title: "a", File: notPDF}}, notPDF + " 不是可读的 PDF 文件"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "v.pdf")
			err := pdf.Merge(context.Background(), out, tt.parts, pdf.MergeOptions{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Merge error = %v, want %q", err, tt.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s written despite the error", out)
			}
			left, err := filepath.Glob(filepath.Join(filepath.Dir(out), ".*"))
			if err != nil || len(left) != 0 {
				t.Errorf("temporary files left: %v (%v)", left, err)
			}
		})
	}
}

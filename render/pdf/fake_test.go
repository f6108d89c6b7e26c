package pdf_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"jixiao/render/pdf"
)

// TestMain makes the test binary a fake LibreOffice when JIXIAO_PDF_HELPER is
// "fakeoffice" (before the testing flags are parsed: LibreOffice's are not
// Go flags).
func TestMain(m *testing.M) {
	if os.Getenv("JIXIAO_PDF_HELPER") == "fakeoffice" {
		os.Exit(fakeOffice(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// fakeOffice behaves like soffice --convert-to pdf, by the content of each
// input: "good" is converted, "bad" cannot be loaded, "crash" crashes while
// its PDF is half written, "hang" hangs. Its first run on a profile asks to be
// restarted (exit 81), as LibreOffice does.
func fakeOffice(args []string) int {
	var outdir, profile string
	var files []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--outdir":
			i++
			outdir = args[i]
		case a == "--convert-to":
			i++
		case strings.HasPrefix(a, "-env:UserInstallation="):
			u, err := url.Parse(strings.TrimPrefix(a, "-env:UserInstallation="))
			if err != nil {
				return 2
			}
			profile = u.Path
		case strings.HasPrefix(a, "-"):
		default:
			files = append(files, a)
		}
	}
	marker := filepath.Join(profile, "user", "fake-initialised")
	if _, err := os.Stat(marker); err != nil {
		if err := os.WriteFile(marker, nil, 0o600); err != nil {
			return 3
		}
		return 81
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return 4
		}
		out := filepath.Join(outdir, strings.TrimSuffix(f, filepath.Ext(f))+".pdf")
		kind := strings.TrimSpace(string(data))
		if kind == "bad" {
			fmt.Fprintln(os.Stderr, "Error: source file could not be loaded")
			continue
		}
		fmt.Printf("convert %s -> %s using filter : writer_pdf_Export\n", filepath.Join(profile, "in", f), out)
		body := "%PDF-1.4\n" + strings.Repeat("% padding to look like a real file\n", 4)
		switch kind {
		case "crash":
			if err := os.WriteFile(out, []byte(body), 0o600); err != nil {
				return 5
			}
			return 134
		case "hang":
			time.Sleep(time.Hour)
		}
		if err := os.WriteFile(out, []byte(body+"%%EOF\n"), 0o600); err != nil {
			return 6
		}
	}
	return 0
}

// TestConvertFailures follows files that cannot be loaded, that crash
// LibreOffice and that hang it, with a fake LibreOffice.
func TestConvertFailures(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake LibreOffice is the test binary, run with LibreOffice's arguments")
	}
	tmp := privateTemp(t)
	t.Setenv("JIXIAO_PDF_HELPER", "fakeoffice")
	in, out := t.TempDir(), t.TempDir()
	kinds := []string{"good", "bad", "good", "crash", "good", "hang", "good"}
	var files []pdf.File
	for i, k := range kinds {
		name := fmt.Sprintf("%d-%s", i, k)
		files = append(files, pdf.File{In: writeFile(t, filepath.Join(in, name+".docx"), []byte(k)), Out: filepath.Join(out, name+".pdf")})
	}
	var done []string
	err := pdf.ConvertAll(context.Background(), files, pdf.Options{
		Program: os.Args[0], Jobs: 1, FileTimeout: time.Second,
		Progress: func(p pdf.Progress) {
			done = append(done, filepath.Base(p.File.In))
		},
	})
	fes := fileErrors(err)
	var got []string
	for _, fe := range fes {
		got = append(got, filepath.Base(fe.File)+": "+fe.Reason)
	}
	want := []string{
		"1-bad.docx: LibreOffice 无法打开此文件",
		"3-crash.docx: LibreOffice 处理此文件时两次异常退出",
		"5-hang.docx: LibreOffice 处理此文件超过 1s，已停止",
	}
	if !slices.Equal(got, want) {
		t.Errorf("failures:\n%s\nwant:\n%s\n(error %v)", strings.Join(got, "\n"), strings.Join(want, "\n"), err)
	}
	wantDone := []string{"0-good.docx", "1-bad.docx", "2-good.docx", "3-crash.docx", "4-good.docx", "5-hang.docx", "6-good.docx"}
	if !slices.Equal(done, wantDone) {
		t.Errorf("progress order %v, want %v", done, wantDone)
	}
	for i, k := range kinds {
		_, err := os.Stat(files[i].Out)
		if (k == "good") != (err == nil) {
			t.Errorf("%s: output exists = %v", files[i].Out, err == nil)
		}
	}
	if pids := waitGone(filepath.Join(tmp, pdf.ProfilePrefix), 2*time.Second); runtime.GOOS == "linux" && len(pids) != 0 {
		t.Errorf("fake LibreOffice processes %v left", pids)
	}
	if left := leftovers(t, tmp); len(left) != 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}
}

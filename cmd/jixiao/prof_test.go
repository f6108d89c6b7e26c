package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/disk"
)

// inTemp runs a test in a new empty folder and returns the example report's
// absolute path.
func inTemp(t *testing.T) string {
	t.Helper()
	ex, err := filepath.Abs(example)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	return ex
}

func writeFile(t *testing.T, name, text string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// A --profile that cannot be loaded is said once, with its place in the
// profile file, and the last line blames the profile, not the report.
func TestProfileNotLoaded(t *testing.T) {
	ex := inTemp(t)
	writeFile(t, "a.json", `{"extends": "b.json", "id": "a"}`)
	writeFile(t, "b.json", `{"extends": "a.json", "id": "b"}`)
	for _, tt := range []struct {
		args []string
		last string
	}{
		{[]string{"render", "--profile", "a.json", "-o", "out", ex}, "jixiao render：无法载入表式 a.json，没有生成任何文件"},
		{[]string{"check", "--profile", "a.json", ex}, "jixiao check：无法载入表式 a.json，没有检查任何报告"},
		{[]string{"template", "--profile", "a.json"}, "jixiao template：无法载入表式 a.json，没有生成填报表"},
	} {
		out, errOut, code := runCmd(t, tt.args...)
		want := "a.json:1:13 extends（基于表式）：错误：表式相互基于形成循环：a.json → b.json → a.json\n" + tt.last + "\n"
		if code != 1 || out != "" || errOut != want {
			t.Errorf("%s: exit %d\nstdout %q\nstderr %q\nwant   %q", tt.args[0], code, out, errOut, want)
		}
	}
	if _, err := os.Stat("out"); err == nil {
		t.Error("render made its folder")
	}
}

// template, import, example and roster-template make the folders their -o
// goes in, as render does; a folder that cannot be made is said in Chinese,
// naming it.
func TestOutputFolders(t *testing.T) {
	inTemp(t)
	for _, args := range [][]string{
		{"template", "-o", "v2/nodir/t.xlsx"},
		{"import", "-o", "nodir/x.json", "v2/nodir/t.xlsx"},
		{"example", "-o", "a/b/e.json"},
		{"roster-template", "-o", "c/名单.xlsx"},
	} {
		if _, errOut, code := runCmd(t, args...); code > 1 || !disk.IsRegular(args[2]) {
			t.Errorf("%s: exit %d, %s", args[0], code, errOut)
		}
	}
	writeFile(t, "plain", "x")
	_, errOut, code := runCmd(t, "example", "-o", "plain/sub/e.json")
	if want := "jixiao example：无法创建文件夹 plain/sub：路径中有一部分是文件而不是文件夹\n"; code != 1 || errOut != want {
		t.Errorf("exit %d: %q, want %q", code, errOut, want)
	}
}

// render's -o is a folder: its refusal never suggests another file name, and
// an -o that is a file, or reads like one (out.docx), is a usage error.
func TestRenderOutputFolder(t *testing.T) {
	ex := inTemp(t)
	if _, errOut, code := runCmd(t, "render", "--format", "docx", ex); code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	_, errOut, code := runCmd(t, "render", "--format", "docx", ex)
	if code != 2 || !strings.Contains(errOut, "已存在：加 --force 替换它，或用 -o 写到别的文件夹\n") {
		t.Errorf("render refusal: exit %d: %s", code, errOut)
	}
	runCmd(t, "template")
	_, errOut, code = runCmd(t, "template")
	if code != 2 || !strings.Contains(errOut, "填报表.xlsx 已存在：加 --force 替换它，或用 -o 写到别的文件夹或文件名\n") {
		t.Errorf("template refusal: exit %d: %s", code, errOut)
	}
	writeFile(t, "x.docx", "x")
	for _, tt := range []struct{ out, want string }{
		{"x.docx", "jixiao render：-o 应为文件夹（生成的文件按单位名称命名），x.docx 是一个文件\n"},
		{"out.docx", "jixiao render：-o 应为文件夹（生成的文件按单位名称命名），实际为 \"out.docx\"：请给一个文件夹，如 -o 生成\n"},
	} {
		_, errOut, code := runCmd(t, "render", "-o", tt.out, ex)
		if code != 2 || !strings.HasPrefix(errOut, tt.want) {
			t.Errorf("-o %s: exit %d: %q", tt.out, code, errOut)
		}
	}
	if disk.Exists("out.docx") {
		t.Error("render made a folder out.docx")
	}
}

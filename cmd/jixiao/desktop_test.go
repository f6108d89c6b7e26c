package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const exampleDoc = "岳阳楼区人力资源和社会保障网络信息服务中心_2020年度部门整体支出绩效自评报告"

func TestDrop(t *testing.T) {
	stubDesktop(t, false, getOK(t))
	dir := t.TempDir()
	in := filepath.Join(dir, "填报 表.json")
	data := readExample(t)
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCmd(t, in)
	if code != 1 { // the example has errors
		t.Errorf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"检查 " + in + "\n",
		"  79:27 finance.units[1].spending.surplus_year（2、二级机构1 当年结余，万元）：错误：应为 -8.58（收入合计 307.47 − 支出合计 316.05），实际为 8.58\n",
		"  表式 yueyanglou-2020；自评总分 填报 97，重新计算 95，评价等次 优；按评分标准建议 90（优），其中 11 项缺少基础数据、1 项无法按规则计算，沿用自评；错误 3 个，警告 4 个\n",
		"  已生成 " + filepath.Join(dir, exampleDoc+".docx") + "\n",
		"  已生成 " + filepath.Join(dir, exampleDoc+".xlsx") + "\n",
		"有错误：生成的文件标为草稿",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "按回车键") {
		t.Errorf("waits for Enter in a terminal")
	}
	// Dropped again: new names, nothing replaced.
	out, _, _ = runCmd(t, in)
	if !strings.Contains(out, filepath.Join(dir, exampleDoc+"（2）.docx")) {
		t.Errorf("second drop:\n%s", out)
	}
	if got, err := os.ReadFile(in); err != nil || !bytes.Equal(got, data) {
		t.Errorf("the input changed: %v", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 5 {
		t.Errorf("%d files in the folder, want 5", len(entries))
	}
	// A workbook named as its output is not replaced either.
	wb := filepath.Join(dir, exampleDoc+".xlsx")
	before, err := os.ReadFile(wb)
	if err != nil {
		t.Fatal(err)
	}
	out, _, _ = runCmd(t, wb)
	if !strings.Contains(out, filepath.Join(dir, exampleDoc+"（3）.xlsx")) {
		t.Errorf("drop of an output:\n%s", out)
	}
	if after, err := os.ReadFile(wb); err != nil || !bytes.Equal(before, after) {
		t.Errorf("the dropped workbook changed")
	}
}

func TestDropWindow(t *testing.T) {
	stubDesktop(t, true, getOK(t))
	old := stdin
	t.Cleanup(func() { stdin = old })
	stdin = strings.NewReader("\n")
	dir := t.TempDir()
	bad := filepath.Join(dir, "旧表.xls")
	if err := os.WriteFile(bad, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1W\x00o\x00r\x00k\x00b\x00o\x00o\x00k\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := runCmd(t, bad, dir)
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{"这是旧版 Excel 97-2003 工作簿", "无法读取，没有生成文件", "这是一个文件夹", "按回车键关闭本窗口"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 1 {
		t.Errorf("files written beside an unreadable input: %v %v", entries, err)
	}
}

func TestIsDrop(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "a.json")
	if err := os.WriteFile(f, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if err := os.WriteFile("check", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{nil, false},
		{[]string{f}, true},
		{[]string{f, dir}, true},
		{[]string{f, filepath.Join(dir, "missing.json")}, false},
		{[]string{"check", f}, false}, // a command, although a file "check" exists
		{[]string{"--help"}, false},
		{[]string{"help"}, false},
		{[]string{"rendr", f}, false},
	} {
		if got := isDrop(tc.args); got != tc.want {
			t.Errorf("isDrop(%q) = %v", tc.args, got)
		}
	}
}

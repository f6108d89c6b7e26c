package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/internal/realclient"
	"jixiao/templates"
)

const example = "../../testdata/reports/yueyanglou-2020-hrss.json"

func runCmd(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestCheckExample(t *testing.T) {
	out, _, code := runCmd(t, "check", example)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		example + ":79:27 finance.units[1].spending.surplus_year（2、二级机构1 当年结余，万元）：错误：应为 -8.58（收入合计 307.47 − 支出合计 316.05），实际为 8.58",
		example + ":370:14 score_sheet.total（总分，分）：错误：应为 95（各项自评得分之和），实际为 97",
		example + "：表式 yueyanglou-2020；自评总分 填报 97，重新计算 95，评价等次 优；按评分标准建议 90（优），其中 11 项缺少基础数据、1 项无法按规则计算，沿用自评；错误 3 个，警告 4 个",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestCheckJSON(t *testing.T) {
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.json")
	data, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	// Correct the published mistakes: the report then has no error.
	fixed := strings.NewReplacer(`"surplus_year": 8.58`, `"surplus_year": -8.58`,
		`"total_score": 97`, `"total_score": 95`, `"total": 97`, `"total": 95`).Replace(string(data))
	if err := os.WriteFile(clean, []byte(fixed), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := runCmd(t, "check", "--json", clean)
	if code != 0 {
		t.Errorf("exit %d, want 0:\n%s", code, out)
	}
	var one struct {
		File     string
		Errors   int
		Warnings int
		Problems []struct{ Severity, Code, Path, Place, Message string }
		Score    struct {
			Self, Suggested json.Number
			Grade           string
			Items           []struct{ ID string }
		}
	}
	if err := json.Unmarshal([]byte(out), &one); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if one.File != clean || one.Errors != 0 || one.Warnings != 4 || one.Score.Self != "95" || one.Score.Grade != "优" || len(one.Score.Items) != 23 {
		t.Errorf("unexpected: %+v", one)
	}
	if p := one.Problems[0]; p.Severity != "warning" || p.Code != "rule" || p.Place != "278:18" || p.Path != "score_sheet.items[0].score" {
		t.Errorf("first problem %+v", p)
	}
	out, _, code = runCmd(t, "check", "--json", clean, example, filepath.Join(dir, "missing.json"))
	var many []struct {
		File     string
		Errors   int
		Problems []struct{ Message string }
	}
	if err := json.Unmarshal([]byte(out), &many); err != nil || len(many) != 3 || code != 1 {
		t.Fatalf("exit %d, %v\n%s", code, err, out)
	}
	if many[1].Errors != 3 || many[2].Problems[0].Message != "文件不存在" {
		t.Errorf("unexpected: %+v", many)
	}
}

func TestCheckBadFiles(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte("{\"cover\": {\"year\": \"明年\"}}"), 0o644)
	out, _, code := runCmd(t, "check", bad, dir, filepath.Join(dir, "none.json"))
	// The unreadable year is reported, and every other check still runs.
	for _, want := range []string{
		bad + ":1:20 cover.year（年度）：错误：应为整数，实际为 \"明年\"\n",
		bad + ":1:11 cover.unit（部门(单位)名称）：错误：不能为空\n",
		bad + "：表式 yueyanglou-2020；评分表 23 项中已填 0 项，填完后才计算总分和评价等次；错误 42 个，警告 0 个\n",
		dir + "：错误：这是一个文件夹，不是报告文件\n" + dir + "：无法检查，错误 1 个\n",
		filepath.Join(dir, "none.json") + "：错误：文件不存在\n" + filepath.Join(dir, "none.json") + "：无法检查，错误 1 个\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "cover.year（年度）：错误：不能为空") || code != 1 {
		t.Errorf("exit %d; the unreadable year is also reported as missing:\n%s", code, out)
	}
	out, errOut, code := runCmd(t, "check", "--profile", "nowhere", example)
	if code != 1 || out != "" || !strings.Contains(errOut, "没有表式 \"nowhere\"") || !strings.HasSuffix(errOut, "jixiao check：无法载入表式 nowhere，没有检查任何报告\n") {
		t.Errorf("exit %d:\n%s%s", code, out, errOut)
	}
	out, _, code = runCmd(t, "check", "--profile", "yueyang-city-2020", example)
	if code != 1 || !strings.Contains(out, "表式 yueyang-city-2020") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{}, 2, "命令："},
		{[]string{"--help"}, 0, "命令："},
		{[]string{"frobnicate"}, 2, "没有命令 \"frobnicate\"\n试试：jixiao --help"},
		{[]string{"check"}, 2, "需要至少一个报告文件\n试试：jixiao check --help"},
		{[]string{"check", "--bogus", "x"}, 2, "没有选项 --bogus\n试试：jixiao check --help"},
		{[]string{"bundle", "--jobs", "x", "y"}, 2, "选项 --jobs 应为整数，实际为 \"x\""},
		{[]string{"render", "-o"}, 2, "选项 -o 需要一个值"},
		{[]string{"--version"}, 0, "jixiao "},
		{[]string{"check", "--help"}, 0, "用法：\n  jixiao check [--json] [--profile 表式] 报告…"},
		{[]string{"example", "extra"}, 2, "不需要参数"},
		{[]string{"profiles", "-h"}, 0, "列出内置表式"},
	} {
		out, errOut, code := runCmd(t, tt.args...)
		if code != tt.code || !strings.Contains(out+errOut, tt.out) {
			t.Errorf("%v: exit %d\n%s%s\nwant exit %d with %q", tt.args, code, out, errOut, tt.code, tt.out)
		}
	}
}

func TestExampleAndProfiles(t *testing.T) {
	out, _, code := runCmd(t, "example")
	if code != 0 || out != string(templates.Example()) {
		t.Errorf("example: exit %d", code)
	}
	file := filepath.Join(t.TempDir(), "例子 报告.json")
	if _, _, code := runCmd(t, "example", "-o", file); code != 0 {
		t.Fatalf("example -o: exit %d", code)
	}
	if data, err := os.ReadFile(file); err != nil || string(data) != out {
		t.Errorf("example -o wrote %d bytes, %v", len(data), err)
	}
	out, _, code = runCmd(t, "profiles")
	if code != 0 || !strings.Contains(out, "yueyanglou-2020（默认）") || !strings.Contains(out, "岳阳市财政局（制）  附件：附件1") ||
		!strings.Contains(out, "yueyanglou-2021  岳阳楼区财政局 2021 年度表式（附件3-1、附件3-2）") {
		t.Errorf("profiles: exit %d\n%s", code, out)
	}
}

func TestRenderImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	out, errOut, code := runCmd(t, "render", "-o", filepath.Join(dir, "输出 文件夹"), example)
	if code != 1 { // the published report has errors: drafts are written, the exit says so
		t.Fatalf("render: exit %d\n%s%s", code, out, errOut)
	}
	stem := filepath.Join(dir, "输出 文件夹", "岳阳楼区人力资源和社会保障网络信息服务中心_2020年度部门整体支出绩效自评报告")
	if want := "已生成 " + stem + ".docx、" + stem + ".xlsx（草稿，不能直接提交：错误 3 个，警告 4 个）\n"; out != want {
		t.Errorf("render output\n%s\nwant\n%s", out, want)
	}
	for _, ext := range []string{".docx", ".xlsx"} {
		if st, err := os.Stat(stem + ext); err != nil || st.Mode().Perm()&0o444 != 0o444 {
			t.Errorf("%s: %v %v", stem+ext, st, err)
		}
	}
	// Problems go to stderr; the documents carry the computed values.
	if !strings.Contains(errOut, "应为 -8.58") {
		t.Errorf("render stderr lacks the problems:\n%s", errOut)
	}
	book := stem + ".xlsx"
	back := filepath.Join(dir, "back.json")
	if _, errOut, code := runCmd(t, "import", "-o", back, book); code != 0 {
		t.Fatalf("import: exit %d\n%s", code, errOut)
	}
	out, _, code = runCmd(t, "check", back)
	if code != 0 || !strings.Contains(out, "重新计算 95，评价等次 优") {
		t.Errorf("check of the imported report: exit %d\n%s", code, out)
	}
	// --strict refuses a report with errors.
	if out, _, code := runCmd(t, "render", "--strict", "-o", filepath.Join(dir, "strict"), example); code != 1 || !strings.Contains(out, "有 3 个错误，未生成（--strict）") {
		t.Errorf("render --strict: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "strict")); err == nil {
		t.Error("render --strict made its output folder")
	}
	if _, errOut, code := runCmd(t, "render", "--format", "odt", example); code != 2 || !strings.Contains(errOut, "没有格式 \"odt\"（可用：docx、xlsx、pdf）") {
		t.Errorf("render --format odt: exit %d\n%s", code, errOut)
	}
	if _, errOut, code := runCmd(t, "import", example); code != 1 || !strings.Contains(errOut, "这是 JSON 报告，不用导入") {
		t.Errorf("import of JSON: exit %d\n%s", code, errOut)
	}
}

func TestTemplateCommand(t *testing.T) {
	file := filepath.Join(t.TempDir(), "填报表.xlsx")
	out, errOut, code := runCmd(t, "template", "-o", file, "--year", "2021", "--unit", "某单位", "--code", "123456")
	if code != 0 || !strings.Contains(out, "已生成 "+file) {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	// The blank form imports; what is missing is reported by cell.
	_, errOut, _ = runCmd(t, "import", "-o", filepath.Join(t.TempDir(), "x.json"), file)
	if !strings.Contains(errOut, "基本概况!B2（联系人）：错误：不能为空") {
		t.Errorf("import of the blank form:\n%s", errOut)
	}
	if _, errOut, code := runCmd(t, "template", "--year", "20"); code != 2 || !strings.Contains(errOut, "--year 应为") {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}

// An output place that cannot be written gets a clear message, a non-zero
// exit and no partial file.
func TestUnwritableOutput(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	os.WriteFile(file, []byte("x"), 0o644)
	if _, errOut, code := runCmd(t, "render", "-o", file, example); code != 2 || !strings.Contains(errOut, "-o 应为文件夹（生成的文件按单位名称命名），"+file+" 是一个文件") || strings.Contains(errOut, "已存在") {
		t.Errorf("render into a file: exit %d\n%s", code, errOut)
	}
	if _, errOut, code := runCmd(t, "example", "-o", filepath.Join(file, "x.json")); code != 1 || !strings.Contains(errOut, "无法写入 "+filepath.Join(file, "x.json")) {
		t.Errorf("example into a file's child: exit %d\n%s", code, errOut)
	}
	if _, errOut, code := runCmd(t, "bundle", "-o", filepath.Join(file, "b"), example); code != 1 || !strings.Contains(errOut, "jixiao bundle：") {
		t.Errorf("bundle under a file: exit %d\n%s", code, errOut)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

// render --format pdf converts the Word form with LibreOffice: a draft's
// PDF says so on every page.
func TestRenderPDF(t *testing.T) {
	realclient.Soffice(t)
	dir := t.TempDir()
	out, errOut, code := runCmd(t, "render", "--format", "pdf", "-o", dir, "../../testdata/reports/yueyanglou-2020-hrss.json")
	if code != 1 || !strings.Contains(out, ".pdf（草稿") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 1 || filepath.Ext(files[0]) != ".pdf" {
		t.Fatalf("files %v", files)
	}
	pages := realclient.PDFPages(t, files[0])
	text := realclient.PDFText(t, files[0])
	if len(pages) < 8 || strings.Count(text, "草稿") < len(pages) || !strings.Contains(text, "部门整体支出绩效评价评分表") {
		t.Errorf("%d pages, %d draft notices:\n%.300s", len(pages), strings.Count(text, "草稿"), text)
	}
}

package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao"
	"jixiao/templates"
)

// chdir runs the test in dir, as a user who cd's into their folder.
func chdir(t *testing.T, dir string) {
	t.Helper()
	old, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chdir(old) })
}

// A filled workbook, as a unit keeps it in its folder.
func filledWorkbook(t *testing.T, dir string) string {
	t.Helper()
	book := filepath.Join(dir, "填报表.xlsx")
	if _, errOut, code := runCmd(t, "template", "-o", book, "--year", "2021", "--unit", "岳阳楼区某中心", "--code", "300001"); code != 0 {
		t.Fatalf("template: %s", errOut)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SetCellStr("基本概况", "B2", "张三"); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	return book
}

func sheetList(t *testing.T, file string) []string {
	t.Helper()
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return f.GetSheetList()
}

// A unit runs render on its filled workbook in its own folder, again and
// again: the workbook is never touched, the outputs get the names a unit
// expects, a second run refuses to replace them unless --force.
func TestRenderInOwnFolder(t *testing.T) {
	dir := t.TempDir()
	book := filledWorkbook(t, dir)
	before, _ := os.ReadFile(book)
	chdir(t, dir)
	out, errOut, code := runCmd(t, "render", "填报表.xlsx")
	if code != 1 { // the partly filled workbook has errors: drafts
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	stem := "岳阳楼区某中心_2021年度部门整体支出绩效自评报告"
	if !strings.Contains(out, "已生成 "+stem+".docx、"+stem+".xlsx（草稿，不能直接提交") {
		t.Errorf("render said\n%s", out)
	}
	for i := range 3 {
		after, _ := os.ReadFile(book)
		if !bytes.Equal(before, after) {
			t.Fatalf("run %d changed the filled workbook", i+1)
		}
		if got := sheetList(t, book); got[0] != "填写说明" {
			t.Fatalf("the workbook lost its 填写说明: %v", got)
		}
		_, errOut, code = runCmd(t, "render", "填报表.xlsx")
		if code != 2 || !strings.Contains(errOut, stem+".docx 已存在：加 --force 替换它") || !strings.Contains(errOut, "没有写出任何文件") {
			t.Errorf("second run: exit %d\n%s", code, errOut)
		}
	}
	if _, _, code := runCmd(t, "render", "--force", "填报表.xlsx"); code != 1 {
		t.Errorf("render --force: exit %d", code)
	}
	after, _ := os.ReadFile(book)
	if !bytes.Equal(before, after) {
		t.Error("render --force changed the filled workbook")
	}
	// Rendering a report workbook that carries the output's own name:
	// the input is never written over, even with --force.
	if _, errOut, code := runCmd(t, "render", "--force", "--format", "xlsx", stem+".xlsx"); code != 2 || !strings.Contains(errOut, "是这次要读取的输入文件，不会被覆盖") {
		t.Errorf("render over its input: exit %d\n%s", code, errOut)
	}
}

// template, import and example never replace a file without --force, and
// import never writes over its input.
func TestNoSilentReplace(t *testing.T) {
	dir := t.TempDir()
	book := filledWorkbook(t, dir)
	before, _ := os.ReadFile(book)
	chdir(t, dir)
	if _, errOut, code := runCmd(t, "template"); code != 2 || !strings.Contains(errOut, "填报表.xlsx 已存在") {
		t.Errorf("template over a filled workbook: exit %d\n%s", code, errOut)
	}
	if _, errOut, code := runCmd(t, "import", "-o", "填报表.xlsx", "填报表.xlsx"); code != 2 || !strings.Contains(errOut, "是这次要读取的输入文件") {
		t.Errorf("import over its input: exit %d\n%s", code, errOut)
	}
	if _, errOut, code := runCmd(t, "import", "--force", "-o", "./填报表.xlsx", "填报表.xlsx"); code != 2 || !strings.Contains(errOut, "是这次要读取的输入文件") {
		t.Errorf("import --force over its input: exit %d\n%s", code, errOut)
	}
	after, _ := os.ReadFile(book)
	if !bytes.Equal(before, after) {
		t.Fatal("the filled workbook was changed")
	}
	os.WriteFile("填报表.json", []byte("mine"), 0o644)
	if _, errOut, code := runCmd(t, "import", "填报表.xlsx"); code != 2 || !strings.Contains(errOut, "填报表.json 已存在") {
		t.Errorf("import over an existing JSON: exit %d\n%s", code, errOut)
	}
	if data, _ := os.ReadFile("填报表.json"); string(data) != "mine" {
		t.Error("import replaced 填报表.json")
	}
	if _, errOut, code := runCmd(t, "example", "-o", "填报表.json"); code != 2 || !strings.Contains(errOut, "已存在") {
		t.Errorf("example over an existing file: exit %d\n%s", code, errOut)
	}
	if _, _, code := runCmd(t, "example", "--force", "-o", "填报表.json"); code != 0 {
		t.Errorf("example --force: exit %d", code)
	}
}

// bundle --force never removes what the tool did not make, nor writes into
// its input.
func TestBundleNeverEatsInputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	report := filepath.Join(in, "a.json")
	os.WriteFile(report, templates.Example(), 0o644)
	chdir(t, dir)
	for _, args := range [][]string{
		{"bundle", "--force", "-o", "in", "in"},
		{"bundle", "--force", "-o", "in/汇总包", "in"},
		{"bundle", "--force", "-o", ".", "in"},
	} {
		_, errOut, code := runCmd(t, args...)
		if code != 2 || !strings.Contains(errOut, "试试：jixiao bundle --help") {
			t.Errorf("%v: exit %d\n%s", args, code, errOut)
		}
		if _, err := os.Stat(report); err != nil {
			t.Fatalf("%v removed the input", args)
		}
	}
	os.MkdirAll("mine", 0o755)
	os.WriteFile("mine/keep.txt", []byte("x"), 0o644)
	if _, errOut, code := runCmd(t, "bundle", "--force", "-o", "mine", "in"); code != 2 || !strings.Contains(errOut, "不是 jixiao 生成的汇总包") {
		t.Errorf("--force over a folder of the user: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat("mine/keep.txt"); err != nil {
		t.Fatal("--force removed a folder the tool did not make")
	}
}

// docText returns the text of a .docx's body and header.
func docText(t *testing.T, file string) (body, header string) {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	read := func(name string) string {
		f, err := zr.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		return string(b)
	}
	return read("word/document.xml"), read("word/header1.xml")
}

// What nobody filled in prints blank: a report with only its cover and 基本概况
// has no total, no grade and no year made up.
func TestNothingInvented(t *testing.T) {
	dir := t.TempDir()
	r := jixiao.Report{}
	r.Cover.Unit, r.Cover.BudgetCode = "某中心", "300001"
	r.Overview.Contact, r.Overview.Tasks = "张三", []string{"任务1：任务1：保障平台运行"}
	r.Narrative = []jixiao.Section{{Title: "一、（一）部门概况", Paragraphs: []string{"正文"}}}
	var b bytes.Buffer
	jixiao.EncodeJSON(&b, &r)
	file := filepath.Join(dir, "partial.json")
	os.WriteFile(file, b.Bytes(), 0o644)
	out, errOut, code := runCmd(t, "render", "-o", dir, file)
	if code != 1 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	docx := filepath.Join(dir, "某中心_部门整体支出绩效自评报告.docx")
	body, header := docText(t, docx)
	for _, bad := range []string{">0分<", ">差<", "岳阳楼区0年度", "任务1：任务1：", "一、一、", "（一）部门概况"} {
		if strings.Contains(body, bad) {
			t.Errorf("the Word file prints %q", bad)
		}
	}
	for _, want := range []string{"岳阳楼区　　年度部门（单位）整体支出", "任务1：保障平台运行", "一、部门概况"} {
		if !strings.Contains(body, want) {
			t.Errorf("the Word file lacks %q", want)
		}
	}
	if !strings.Contains(header, "草稿：本报告有") || !strings.Contains(header, "处错误，不能直接提交") {
		t.Errorf("the draft's header: %s", header)
	}
	if !strings.Contains(errOut, "删除了手工输入的编号 \"任务1：任务1：\"") {
		t.Errorf("no warning about the typed numbers:\n%s", errOut)
	}
	// The workbook: no 0 total, no 差; imported back, the grade stays blank.
	book := filepath.Join(dir, "某中心_部门整体支出绩效自评报告.xlsx")
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	for _, sheet := range []string{"绩效自评", "评分表"} {
		rows, _ := f.GetRows(sheet)
		for _, row := range rows {
			for _, v := range row {
				if v == "差" || v == "0分" {
					t.Errorf("%s prints %q", sheet, v)
				}
			}
		}
	}
	f.Close()
	back := filepath.Join(dir, "back.json")
	runCmd(t, "import", "-o", back, book)
	data, _ := os.ReadFile(back)
	if strings.Contains(string(data), `"grade"`) || strings.Contains(string(data), `"total_score"`) {
		t.Errorf("the imported report states a grade or a total:\n%s", data)
	}
	// A complete, clean report has no draft header.
	clean := "../../testdata/reports/yueyanglou-2020-hrss-corrected.json"
	if out, errOut, code := runCmd(t, "render", "-o", filepath.Join(dir, "clean"), "--format", "docx", clean); code != 0 {
		t.Fatalf("clean: exit %d\n%s%s", code, out, errOut)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "clean", "*.docx"))
	if len(matches) != 1 {
		t.Fatalf("clean outputs %v", matches)
	}
	if _, header := docText(t, matches[0]); strings.Contains(header, "草稿") {
		t.Errorf("a clean report prints as a draft: %s", header)
	}
}

// Every help is Chinese throughout and ends with examples.
func TestHelpInChinese(t *testing.T) {
	for _, c := range commands {
		out, _, code := runCmd(t, c.name, "--help")
		if code != 0 {
			t.Errorf("%s --help: exit %d", c.name, code)
		}
		for _, english := range []string{" string", " int ", "(default", "[=true", "--help   help", "help for"} {
			if strings.Contains(out, english) {
				t.Errorf("%s --help contains %q:\n%s", c.name, english, out)
			}
		}
		if !strings.Contains(out, "例子：\n  jixiao "+c.name) {
			t.Errorf("%s --help has no example:\n%s", c.name, out)
		}
	}
	if out, _, code := runCmd(t, "--version"); code != 0 || !strings.HasPrefix(out, "jixiao ") || strings.Contains(out, "(devel)") {
		t.Errorf("--version: exit %d %q", code, out)
	}
}

// A workbook made from a profile file is read with the same --profile; a
// submitted workbook never chooses its own rules.
func TestProfileFileWorkbook(t *testing.T) {
	dir := t.TempDir()
	prof := filepath.Join(dir, "我县2022.json")
	data := strings.Replace(string(mustRead(t, "../../templates/profiles/yueyanglou-2020.json")), `"id": "yueyanglou-2020"`, `"id": "wo-xian-2022"`, 1)
	data = strings.Replace(data, `"per_point": 0.5`, `"per_point": 1`, 1) // its own rules
	os.WriteFile(prof, []byte(data), 0o644)
	book := filepath.Join(dir, "填报表.xlsx")
	if _, errOut, code := runCmd(t, "template", "--profile", prof, "-o", book); code != 0 {
		t.Fatalf("template: %s", errOut)
	}
	_, errOut, code := runCmd(t, "import", "-o", filepath.Join(dir, "a.json"), book)
	if code != 1 || !strings.Contains(errOut, `这个工作簿按表式 "wo-xian-2022" 生成，它不是内置表式：请用 --profile 指定该表式的文件`) {
		t.Errorf("import without --profile: exit %d\n%s", code, errOut)
	}
	_, errOut, _ = runCmd(t, "import", "--profile", prof, "-o", filepath.Join(dir, "b.json"), book)
	if strings.Contains(errOut, "表式") && strings.Contains(errOut, "不是内置表式") {
		t.Errorf("import --profile:\n%s", errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "b.json")); err != nil {
		t.Errorf("import --profile wrote nothing: %v", err)
	}
	out, _, _ := runCmd(t, "check", "--profile", prof, book)
	if !strings.Contains(out, "表式 wo-xian-2022") {
		t.Errorf("check --profile:\n%s", out)
	}
	// Scored by another profile than the one the workbook carries: said so.
	out, _, _ = runCmd(t, "check", "--profile", "yueyang-city-2020", book)
	if !strings.Contains(out, "工作簿中保存的评分表（表式 wo-xian-2022）与用来计分的表式 yueyang-city-2020 不同：按表式 yueyang-city-2020 计分") {
		t.Errorf("check with another profile:\n%s", out)
	}
}

func mustRead(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao"
	"jixiao/roster"
	"jixiao/templates"
)

// roster-template writes an empty roster that bundle --roster reads; it
// never replaces a file without --force.
func TestRosterTemplate(t *testing.T) {
	dir := t.TempDir()
	chdir(t, dir)
	var out, errOut bytes.Buffer
	if code := runRosterTemplate(nil, &out, &errOut); code != 0 || !strings.Contains(out.String(), "已生成 名单.xlsx") {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
	if r, err := roster.Read("名单.xlsx"); err != nil || len(r.Units) != 0 {
		t.Errorf("the template reads as %v, %v", r, err)
	}
	errOut.Reset()
	if code := runRosterTemplate(nil, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "名单.xlsx 已存在") {
		t.Errorf("over an existing roster: exit %d\n%s", code, errOut.String())
	}
	if code := runRosterTemplate([]string{"-o", "名单.csv"}, &out, &errOut); code != 0 {
		t.Errorf("CSV: exit %d", code)
	}
	if data, _ := os.ReadFile("名单.csv"); string(data) != "\ufeff预算编码,单位名称,主管部门\r\n" {
		t.Errorf("名单.csv: %q", data)
	}
	errOut.Reset()
	if code := runRosterTemplate([]string{"-o", "名单.txt"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "试试：jixiao roster-template --help") {
		t.Errorf("a .txt roster: exit %d\n%s", code, errOut.String())
	}
	out.Reset()
	if code := runRosterTemplate([]string{"--help"}, &out, &errOut); code != 0 || !strings.Contains(out.String(), "jixiao bundle --roster") {
		t.Errorf("--help: exit %d\n%s", code, out.String())
	}
}

// bundle with a roster says on screen what must be done: the files not read
// and the units that have not reported; exit 1 as something is wrong.
func TestBundleRoster(t *testing.T) {
	dir := t.TempDir()
	chdir(t, dir)
	os.MkdirAll("收到的报告", 0o755)
	os.WriteFile("收到的报告/人社信息中心.json", templates.Example(), 0o644)
	os.WriteFile("收到的报告/城管局.xls", []byte{0xD0, 0xCF, 0x11, 0xE0}, 0o644)
	os.WriteFile("名单.csv", []byte("预算编码,单位名称\n200002,岳阳楼区人力资源和社会保障网络信息服务中心\n100001,岳阳楼区城市管理局\n"), 0o644)
	out, errOut, code := runCmd(t, "bundle", "-o", "汇总包", "--roster", "名单.csv", "收到的报告")
	for _, want := range []string{
		"需要处理：\n  无法读取 1 个：\n",
		"\n    收到的报告/城管局.xls：错误：这是旧版 Excel 97-2003 工作簿（.xls），不能读取：请在 Excel 或 WPS 中打开，另存为 .xlsx（Excel 工作簿）后重新报送\n",
		"\n  未报送 1 个：\n    100001 岳阳楼区城市管理局：名单中的单位，没有收到报告\n",
		"已写出 汇总包：2020 年度，收到文件 2 个，计入汇总 1 个单位（1 个有错误），未读取 1 个；名单 2 个单位，未报送 1 个，名单外 0 个；错误 5 个，警告 4 个（见 汇总包/问题清单.csv）\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s%s", want, out, errOut)
		}
	}
	if code != 1 {
		t.Errorf("exit %d", code)
	}
	if _, err := os.Stat(filepath.Join("汇总包", "反馈", "200002_岳阳楼区人力资源和社会保障网络信息服务中心_反馈单.docx")); err != nil {
		t.Error(err)
	}
	// A roster with problems: all of them, and nothing written.
	os.WriteFile("坏名单.csv", []byte("预算编码,单位名称\n1,甲\n1,乙\n"), 0o644)
	_, errOut, code = runCmd(t, "bundle", "-o", "另一个", "--roster", "坏名单.csv", "收到的报告")
	if code != 1 || !strings.Contains(errOut, "名单 坏名单.csv 有误，未写出任何文件：\n坏名单.csv:3:1（预算编码）：错误：预算编码 \"1\" 与第 2 行第 1 列的 \"甲\" 重复") {
		t.Errorf("a bad roster: exit %d\n%s", code, errOut)
	}
	// No report at all.
	os.MkdirAll("空", 0o755)
	_, errOut, code = runCmd(t, "bundle", "-o", "第三个", "空")
	if code != 1 || !strings.Contains(errOut, "没有找到可以读取的报告") {
		t.Errorf("an empty folder: exit %d\n%s", code, errOut)
	}
	for _, name := range []string{"另一个", "第三个"} {
		if _, err := os.Stat(name); err == nil {
			t.Errorf("%s was written", name)
		}
	}
	_, errOut, code = runCmd(t, "bundle", "--year", "99", "收到的报告")
	if code != 2 || !strings.Contains(errOut, "--year 应为 2000 到 2100 之间的年份") {
		t.Errorf("--year 99: exit %d\n%s", code, errOut)
	}
}

// bundle writes into an empty folder as it is; a folder of other files
// (-o . among them) is refused without suggesting --force, which would not
// help; a bundle with a file of the user's is not replaced even with --force.
func TestBundleDestination(t *testing.T) {
	dir := t.TempDir()
	chdir(t, dir)
	os.MkdirAll("收到的报告", 0o755)
	os.WriteFile("收到的报告/人社信息中心.json", templates.Example(), 0o644)
	os.Mkdir("emptyout", 0o755)
	if _, errOut, code := runCmd(t, "bundle", "-o", "emptyout", "收到的报告"); code != 1 {
		t.Errorf("into an empty folder: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join("emptyout", "bundle.json")); err != nil {
		t.Error(err)
	}
	os.MkdirAll("别的/文件夹", 0o755)
	os.WriteFile("别的/文件夹/其他.txt", []byte("x"), 0o644)
	for _, args := range [][]string{{"-o", "别的/文件夹"}, {"--force", "-o", "别的/文件夹"}} {
		_, errOut, code := runCmd(t, append(append([]string{"bundle"}, args...), "收到的报告")...)
		if code != 2 || !strings.Contains(errOut, "不是 jixiao 生成的汇总包") || strings.Contains(errOut, "加 --force") {
			t.Errorf("%v: exit %d\n%s", args, code, errOut)
		}
	}
	chdir(t, "别的/文件夹")
	_, errOut, code := runCmd(t, "bundle", "-o", ".", "../../收到的报告")
	if code != 2 || !strings.Contains(errOut, "不是 jixiao 生成的汇总包") || strings.Contains(errOut, "加 --force") {
		t.Errorf("-o . among other files: exit %d\n%s", code, errOut)
	}
	chdir(t, dir)
	os.WriteFile("emptyout/我的说明.txt", []byte("mine"), 0o644)
	_, errOut, code = runCmd(t, "bundle", "--force", "-o", "emptyout", "收到的报告")
	if code != 2 || !strings.Contains(errOut, "我的说明.txt") {
		t.Errorf("--force over a file of the user's: exit %d\n%s", code, errOut)
	}
	if _, err := os.Stat("emptyout/我的说明.txt"); err != nil {
		t.Error(err)
	}
}

// 需要处理 lists one line per file or unit, however many problems each has,
// every kind even when one kind has many, and says how many more a kind
// has when it is cut: 60 reports of another year (each with several
// problems) do not crowd out the unit of the roster that has not reported.
func TestBundleAttention(t *testing.T) {
	dir := t.TempDir()
	chdir(t, dir)
	r, _, _, err := jixiao.ReadReport("example.json", templates.Example())
	if err != nil {
		t.Fatal(err)
	}
	put := func(name string, code string, year int) {
		r.Cover.BudgetCode, r.Cover.Year = code, year
		var b bytes.Buffer
		if err := jixiao.EncodeJSON(&b, r); err != nil {
			t.Fatal(err)
		}
		os.MkdirAll("收到的报告", 0o755)
		if err := os.WriteFile(filepath.Join("收到的报告", name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 60 {
		put(fmt.Sprintf("旧%02d.json", i), fmt.Sprintf("3000%02d", i), 2019)
	}
	put("本年.json", "200002", 2020)
	os.WriteFile("收到的报告/城管局.xls", []byte{0xD0, 0xCF, 0x11, 0xE0}, 0o644)
	os.WriteFile("名单.csv", []byte("预算编码,单位名称\n200002,岳阳楼区人力资源和社会保障网络信息服务中心\n100001,岳阳楼区城市管理局\n"), 0o644)
	out, errOut, code := runCmd(t, "bundle", "-o", "汇总包", "--year", "2020", "--roster", "名单.csv", "收到的报告")
	if code != 1 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	head, _, _ := strings.Cut(out, "已写出")
	lines := strings.Split(strings.TrimSuffix(head, "\n"), "\n")
	entries := 0
	for _, l := range lines[1:] {
		if strings.HasPrefix(l, "    ") && !strings.HasPrefix(l, "    ……") {
			entries++
		}
	}
	if entries > 50 {
		t.Errorf("%d entries", entries)
	}
	for _, want := range []string{
		"需要处理：\n  无法读取 1 个：\n    收到的报告/城管局.xls：错误：这是旧版 Excel",
		"\n  年度不符 60 个：\n    收到的报告/旧00.json",
		"错误：报告年度为 2019，本次汇总的是 2020 年度：未计入汇总；请核对封面的年度（另有 ",
		"\n  未报送 1 个：\n    100001 岳阳楼区城市管理局：名单中的单位，没有收到报告\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	shown := strings.Count(out, "收到的报告/旧")
	if more := fmt.Sprintf("    ……另有 %d 项，见 汇总包/问题清单.csv\n", 60-shown); shown >= 60 || !strings.Contains(out, more) {
		t.Errorf("%d of 60 shown; the output lacks %q:\n%s", shown, more, out)
	}
	if n := strings.Count(out, "旧00.json"); n != 1 {
		t.Errorf("旧00.json on %d lines:\n%s", n, out)
	}
}

package bundle_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"jixiao"
	"jixiao/bundle"
	"jixiao/form"
	"jixiao/internal/realclient"
	"jixiao/render/docx"
	"jixiao/render/xlsx"
	"jixiao/templates"
)

// unitReport is a synthetic report of 2021 (reported 2022) of a unit.
func unitReport(seed uint64, code, name string, year int) *jixiao.Report {
	r := report(seed, 1+int(seed%3))
	r.Cover.BudgetCode, r.Cover.Unit, r.Cover.Year = code, name, year
	r.Cover.Date = jixiao.Date{Year: year + 1, Month: 6, Day: 27}
	return r
}

func jsonOf(t *testing.T, r *jixiao.Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jixiao.EncodeJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// workbookOf returns a report as the workbook a unit sends: the report
// workbook, which imports as the report.
func workbookOf(t *testing.T, r *jixiao.Report) []byte {
	t.Helper()
	p, err := templates.Profile("")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := xlsx.Write(&b, form.Print(p, r, nil, 0)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func write(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// mixedFolder makes the folder a bureau gets: good and broken workbooks,
// JSON, an .xls, a .docx, a scan, a resubmission, a report of another year,
// a unit not on the roster, and a roster (GBK CSV, as Excel saves it) with
// units that sent nothing, a code that lost its leading zero and another
// name.
func mixedFolder(t *testing.T) (in, rosterFile string) {
	dir := t.TempDir()
	in = filepath.Join(dir, "收到的报告")
	first := unitReport(1, "100001", "岳阳楼区城市管理局", 2021)
	write(t, filepath.Join(in, "城管局.xlsx"), workbookOf(t, first))
	again := unitReport(1, "100001", "岳阳楼区城市管理局", 2021)
	again.Overview.Contact = "改过的联系人"
	write(t, filepath.Join(in, "城管局（修改后）.xlsx"), workbookOf(t, again))
	write(t, filepath.Join(in, "教育局.json"), jsonOf(t, unitReport(2, "100002", "岳阳楼区教育局", 2021)))
	good := workbookOf(t, unitReport(3, "100003", "岳阳楼区卫生健康局", 2021))
	write(t, filepath.Join(in, "卫健局.xlsx"), good[:len(good)/2])
	write(t, filepath.Join(in, "财政所.xls"), append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...))
	write(t, filepath.Join(in, "文旅局.docx"), []byte("PK\x03\x04 not really a Word file"))
	write(t, filepath.Join(in, "盖章页扫描件.pdf"), []byte("%PDF-1.4\n"))
	write(t, filepath.Join(in, "二级", "交通局.json"), jsonOf(t, unitReport(5, "100005", "岳阳楼区交通运输局", 2020)))
	write(t, filepath.Join(in, "农业局.json"), jsonOf(t, unitReport(6, "012001", "岳阳楼区农业农村局", 2021)))
	write(t, filepath.Join(in, "水利局.json"), jsonOf(t, unitReport(7, "100007", "岳阳楼区水利局", 2021)))
	write(t, filepath.Join(in, "Thumbs.db"), []byte("x"))
	write(t, filepath.Join(in, ".隐藏.json"), []byte("{"))
	csvText := "预算编码,单位名称,主管部门\r\n100001,岳阳楼区城市管理局,区城管局\r\n100002,岳阳楼区教育局,区教育局\r\n" +
		"100003,岳阳楼区卫生健康局,区卫健局\r\n100004,岳阳楼区财政局某所,区财政局\r\n100005,岳阳楼区交通运输局,区交通局\r\n" +
		"12001,岳阳楼区农业局,区农业局\r\n100009,岳阳楼区民政局,区民政局\r\n"
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(csvText)
	if err != nil {
		t.Fatal(err)
	}
	rosterFile = filepath.Join(dir, "名单.csv")
	write(t, rosterFile, []byte(gbk))
	return in, rosterFile
}

// A bureau's mixed folder and roster: every file and every unit of the
// roster is accounted for, in 报送情况, 问题清单, bundle.json and the
// result; a unit is counted once, by its newest report; the report of 2020
// is left out of the 2021 bundle; each unit taken gets its feedback sheet.
func TestBundleIntake(t *testing.T) {
	in, rosterFile := mixedFolder(t)
	out := filepath.Join(filepath.Dir(in), "汇总包")
	res, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out, Roster: rosterFile, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	want := bundle.ManifestCounts{Units: 4, Files: 10, Replaced: 1, OtherYear: 1, NotRead: 4, Expected: 7, Missing: 3,
		NotOnRoster: 1, NameMismatch: 1}
	got := res.Counts
	got.Errors, got.Warnings, got.UnitsWithErrors = 0, 0, 0
	if got != want || res.Year != 2021 || !res.Written {
		t.Errorf("counts %+v, year %d\nwant %+v", res.Counts, res.Year, want)
	}
	if keep := os.Getenv("JIXIAO_KEEP_BUNDLE"); keep != "" { // to look at it
		if err := os.CopyFS(keep, os.DirFS(out)); err != nil {
			t.Error(err)
		}
	}
	files := tree(t, out)
	var m bundle.Manifest
	if err := json.Unmarshal(files["bundle.json"], &m); err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, e := range m.Intake {
		key := filepath.Base(e.File)
		if e.File == "" {
			key = e.Code
		}
		status[key] = e.Status
	}
	for key, want := range map[string]string{
		"城管局.xlsx": "replaced", "城管局（修改后）.xlsx": "counted", "教育局.json": "counted", "卫健局.xlsx": "unreadable",
		"财政所.xls": "unreadable", "文旅局.docx": "unreadable", "盖章页扫描件.pdf": "not_report", "交通局.json": "other_year",
		"农业局.json": "counted", "水利局.json": "counted", "100003": "missing", "100004": "missing", "100009": "missing",
	} {
		if status[key] != want {
			t.Errorf("%s: status %q, want %q", key, status[key], want)
		}
	}
	if len(m.Intake) != 13 || len(m.Units) != 4 || m.Roster == nil || m.Year != 2021 {
		t.Errorf("%d intake entries, %d units, roster %v, year %d", len(m.Intake), len(m.Units), m.Roster, m.Year)
	}
	for _, u := range m.Units {
		if u.Code == "012001" && u.Department != "区农业局" {
			t.Errorf("the roster's 主管部门 is not on the unit: %+v", u)
		}
	}
	var docs, feedback []string
	for name := range files {
		switch filepath.Dir(name) {
		case "报告":
			docs = append(docs, name)
		case "反馈":
			feedback = append(feedback, filepath.Base(name))
		}
	}
	if len(docs) != 8 || len(feedback) != 5 {
		t.Errorf("报告 %v, 反馈 %v: want 4 units × 2 documents and 5 feedback sheets (4 counted, 1 of 2020)", docs, feedback)
	}

	csvData := string(files["问题清单.csv"])
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvData, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, row := range rows {
		lines = append(lines, strings.Join(row, ","))
	}
	text := strings.Join(lines, "\n")
	for _, want := range []string{
		"财政所.xls,,,错误,文件,这是旧版 Excel 97-2003 工作簿（.xls），不能读取：请在 Excel 或 WPS 中打开，另存为 .xlsx（Excel 工作簿）后重新报送",
		"文旅局.docx,,,错误,文件格式不对,文件已损坏，无法作为 .docx 文档打开",
		"盖章页扫描件.pdf,,,警告,文件,PDF 文件（.pdf）不是报告，未读取",
		"本单位（预算编码 100001）另有报告 ", "报告日期相同，其文件名标明是修改后的版本：按它汇总，本文件未采用",
		"报告年度为 2020，本次汇总的是 2021 年度：未计入汇总；请核对封面的年度",
		"名单中的预算编码是 12001，少了开头的 0", "名单中预算编码 12001 的单位名称为 \"岳阳楼区农业局\"，报告中为 \"岳阳楼区农业农村局\"",
		"预算编码 \"100007\" 不在名单 ", "名单.csv,第 8 行第 1 列,预算编码,错误,未报送,名单中的单位，没有收到报告",
		`="012001"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("问题清单.csv lacks %q", want)
		}
	}
	for _, english := range []string{"zip:", "not a valid", "no such file", "permission denied", "EOF", "unexpected"} {
		if strings.Contains(text, english) {
			t.Errorf("问题清单.csv has library text %q", english)
		}
	}
	for _, row := range rows[1:] {
		if len(row) != len(jixiao.ProblemColumns) || row[6] == "" || strings.ContainsAny(row[6], "abcdefghijklmnopqrstuvwxyz_") {
			t.Errorf("a row without a Chinese category: %q", row)
		}
	}
	// On screen: what the bureau must act on.
	var attention []string
	for _, g := range res.Attention {
		for _, p := range g.Entries {
			attention = append(attention, g.Title+" "+p.File+" "+p.Code+" "+p.Message)
		}
	}
	joined := strings.Join(attention, "\n")
	for _, want := range []string{"财政所.xls", "文旅局.docx", "卫健局.xlsx", "盖章页扫描件.pdf", "交通局.json", "100003", "100004", "100009",
		"已被替换 ", "名单外 ", "名称或编码需核对 "} {
		if !strings.Contains(joined, want) {
			t.Errorf("the result does not call attention to %s:\n%s", want, joined)
		}
	}

	book := filepath.Join(out, bundle.SummaryName)
	realclient.Validate(t, book)
	py := realclient.RunPython(t, `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["汇总表"]
print(ws["A1"].value, ws.max_row, [ws.cell(r, 2).value for r in range(3, ws.max_row)])
print(ws["D2"].value, ws["D3"].value, ws["E3"].value, ws.cell(ws.max_row, 3).value)
i = wb["报送情况"]
print(i["A2"].value)
print(sorted(set(i.cell(r, 5).value for r in range(4, i.max_row + 1))))
`, []string{book}, "openpyxl")
	wantPy := "岳阳楼区2021年度部门整体支出绩效自评汇总表 7 ['012001', '100001', '100002', '100007']\n" +
		"主管部门 区农业局 2021 合计（4 个单位）\n" +
		"收到文件 10 个：计入汇总 4 个单位，被同一单位较新的报告替换 1 个，年度不符 1 个，未读取 4 个。名单中应报送 7 个单位，未报送 3 个，名单外 1 个；名称或编码需核对的单位 1 个。\n" +
		"['不是报告', '已被替换', '年度不符', '无法读取', '未报送', '计入汇总']\n"
	if py != wantPy {
		t.Errorf("汇总表.xlsx:\n%s\nwant\n%s", py, wantPy)
	}
}

// --year takes the year asked for: the other years are left out.
func TestBundleYear(t *testing.T) {
	in, _ := mixedFolder(t)
	out := filepath.Join(filepath.Dir(in), "2020")
	res, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out, Year: 2020, Formats: []string{"docx"}})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Counts; c.Units != 1 || c.OtherYear != 4 || c.Replaced != 1 || res.Year != 2020 {
		t.Errorf("counts %+v, year %d", c, res.Year)
	}
	if _, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out, Year: 1999}); !errors.Is(err, bundle.ErrUsage) {
		t.Errorf("--year 1999: %v", err)
	}
}

// No report at all is an error and writes nothing; so is a roster with
// problems, each listed.
func TestBundleNothingToDo(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	write(t, filepath.Join(in, "城管局.xls"), []byte{0xD0, 0xCF, 0x11, 0xE0})
	out := filepath.Join(dir, "out")
	_, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out})
	if !errors.Is(err, bundle.ErrNoReports) || !strings.Contains(err.Error(), "城管局.xls：错误：这是旧版 Excel 97-2003 工作簿（.xls），不能读取：请在 Excel 或 WPS 中打开，另存为 .xlsx") {
		t.Errorf("a folder of .xls only: %v", err)
	}
	empty := filepath.Join(dir, "empty")
	os.MkdirAll(empty, 0o755)
	if _, err := bundle.Run(context.Background(), []string{empty}, bundle.Options{Out: out}); !errors.Is(err, bundle.ErrNoReports) {
		t.Errorf("an empty folder: %v", err)
	}
	write(t, filepath.Join(in, "a.json"), jsonOf(t, unitReport(1, "100001", "甲", 2021)))
	bad := filepath.Join(dir, "名单.csv")
	write(t, bad, []byte("说明：2021 年名单\n预算编码,单位名称\n100001,甲\n100001,乙\n100002,\n,丙\n"))
	_, err = bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out, Roster: bad})
	var ie *jixiao.InputError
	if !errors.As(err, &ie) || len(ie.Problems) != 3 {
		t.Fatalf("a roster with problems: %v", err)
	}
	for _, want := range []string{
		"名单.csv:4:1（预算编码）：错误：预算编码 \"100001\" 与第 3 行第 1 列的 \"甲\" 重复",
		"名单.csv:5:2（单位名称）：错误：不能为空（预算编码 \"100002\"）",
		"名单.csv:6:1（预算编码）：错误：不能为空（单位 \"丙\"）",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the roster's problems lack %q:\n%v", want, err)
		}
	}
	if _, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out, Roster: filepath.Join(dir, "没有.csv")}); !errors.Is(err, bundle.ErrUsage) {
		t.Errorf("a missing roster: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 { // in, empty, 名单.csv and nothing else
		t.Errorf("left behind: %v", entries)
	}
}

// The year of a report of another year is placed where the file has it: the
// cell of a workbook, the table cell of a Word report, the line of JSON;
// 问题清单 never shows a JSON path.
func TestBundleYearPlace(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	p, err := templates.Profile("")
	if err != nil {
		t.Fatal(err)
	}
	var word bytes.Buffer
	if err := docx.Write(&word, form.Print(p, unitReport(3, "100003", "岳阳楼区卫生健康局", 2020), nil, 0)); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(in, "本年.json"), jsonOf(t, unitReport(1, "100001", "岳阳楼区城市管理局", 2021)))
	write(t, filepath.Join(in, "本年2.json"), jsonOf(t, unitReport(4, "100004", "岳阳楼区财政局", 2021)))
	write(t, filepath.Join(in, "旧.xlsx"), workbookOf(t, unitReport(2, "100002", "岳阳楼区教育局", 2020)))
	write(t, filepath.Join(in, "旧.docx"), word.Bytes())
	write(t, filepath.Join(in, "旧.json"), jsonOf(t, unitReport(5, "100005", "岳阳楼区交通运输局", 2020)))
	out := filepath.Join(dir, "out")
	res, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out, Year: 2021, Formats: []string{"docx"}})
	if err != nil || res.Counts.OtherYear != 3 {
		t.Fatalf("%v %+v", err, res)
	}
	data, err := os.ReadFile(filepath.Join(out, bundle.ProblemsName))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	places := map[string]string{}
	for _, row := range rows {
		if row[6] == "年度不符" {
			places[filepath.Base(row[2])] = row[3]
		}
	}
	want := map[string]*regexp.Regexp{
		"旧.xlsx": regexp.MustCompile(`^封面 [A-Z]+\d+$`),
		"旧.docx": regexp.MustCompile(`^(表\d+ 第\d+行 第\d+列|第\d+段)$`),
		"旧.json": regexp.MustCompile(`^第 \d+ 行第 \d+ 列$`),
	}
	for name, re := range want {
		if !re.MatchString(places[name]) {
			t.Errorf("%s: the year's place %q, want %v", name, places[name], re)
		}
	}
	// No place known: the place in words.
	if got := (jixiao.UnitProblem{Problem: jixiao.Problem{Path: "cover.year"}}).Row()[3]; got != "封面 年度" {
		t.Errorf("no place: %q", got)
	}
	for _, g := range res.Attention {
		for _, a := range g.Entries {
			if a.Place.IsZero() {
				t.Errorf("%s: not placed: %+v", g.Title, a)
			}
		}
	}
}

// A text longer than an Excel cell holds (check reports it) leaves out only
// the unit's workbook: its Word report (a draft) and feedback are written,
// and 问题清单 names the text by its label and its place, never its JSON path.
func TestBundleTextTooLong(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	long := unitReport(1, "100001", "岳阳楼区城市管理局", 2021)
	long.Overview.Duties = strings.Repeat("职", 40000)
	write(t, filepath.Join(in, "长.json"), jsonOf(t, long))
	write(t, filepath.Join(in, "短.json"), jsonOf(t, unitReport(2, "100002", "岳阳楼区教育局", 2021)))
	out := filepath.Join(dir, "out")
	res, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out})
	if err != nil || res.Counts.Units != 2 || res.Counts.UnitsWithErrors != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	files := tree(t, out)
	for name, want := range map[string]bool{
		"报告/100001_岳阳楼区城市管理局.docx": true, "报告/100001_岳阳楼区城市管理局.xlsx": false,
		"报告/100002_岳阳楼区教育局.docx": true, "报告/100002_岳阳楼区教育局.xlsx": true,
		"反馈/100001_岳阳楼区城市管理局_反馈单.docx": true,
	} {
		if _, ok := files[filepath.FromSlash(name)]; ok != want {
			t.Errorf("%s written: %v, want %v", name, ok, want)
		}
	}
	csvText := string(files[bundle.ProblemsName])
	if strings.Contains(csvText, "overview.duties") {
		t.Errorf("问题清单.csv shows a JSON path:\n%s", csvText)
	}
	var row []string
	rows, _ := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvText, "\ufeff"))).ReadAll()
	for _, r := range rows {
		if strings.Contains(r[7], "无法生成本单位的 .xlsx 文件") {
			row = r
		}
	}
	if row == nil || row[4] != "职能职责概述" || !regexp.MustCompile(`^第 \d+ 行第 \d+ 列$`).MatchString(row[3]) ||
		!strings.Contains(row[7], "无法写入 职能职责概述：文字长 40000 个字符，超过 Excel 单元格的上限 32767；其他格式的文件照常生成") {
		t.Errorf("the workbook's problem: %q", row)
	}
	var m bundle.Manifest
	if err := json.Unmarshal(files[bundle.ManifestName], &m); err != nil {
		t.Fatal(err)
	}
	for _, u := range m.Units {
		if u.Code == "100001" && !slices.Equal(u.Outputs, []string{"报告/100001_岳阳楼区城市管理局.docx", "反馈/100001_岳阳楼区城市管理局_反馈单.docx"}) {
			t.Errorf("outputs %q", u.Outputs)
		}
	}
}

package input_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"jixiao/input"
)

var update = flag.Bool("update", false, "rewrite the .want files of testdata/bad")

func format(c input.Checked, name string) string {
	var b strings.Builder
	for _, p := range c.Problems {
		b.WriteString(p.Format(name))
		b.WriteByte('\n')
	}
	return b.String()
}

// Every file of testdata/bad (JSON, workbooks, and files that are neither)
// gets exactly the problems of its .want file.
func TestBadCorpus(t *testing.T) {
	all, err := filepath.Glob("../testdata/bad/*")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range all {
		if !strings.HasSuffix(f, ".want") {
			files = append(files, f)
		}
	}
	if len(files) < 30 {
		t.Fatalf("only %d bad inputs", len(files))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			c := input.Read(f, "")
			got := strings.ReplaceAll(format(c, f), f, name)
			want := f + ".want"
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			data, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(data) {
				t.Errorf("got\n%s\nwant\n%s", got, data)
			}
			if got == "" {
				t.Error("a bad input gave no problem")
			}
		})
	}
}

// The corrected example is clean: no error, only the rule warnings.
func TestCorrectedExample(t *testing.T) {
	c := input.Read("../testdata/reports/yueyanglou-2020-hrss-corrected.json", "")
	for _, p := range c.Problems {
		if p.Severity.String() == "错误" {
			t.Errorf("%s", p.Format("corrected"))
		}
	}
	if c.Score.Self.String() != "95" || c.Score.Grade != "优" {
		t.Errorf("score %s %s", c.Score.Self, c.Score.Grade)
	}
}

// Files that are not reports.
func TestFileProblems(t *testing.T) {
	dir := t.TempDir()
	unreadable := filepath.Join(dir, "locked.json")
	os.WriteFile(unreadable, []byte("{}"), 0o000)
	big := filepath.Join(dir, "big.json")
	f, _ := os.Create(big)
	f.Truncate(17 << 20)
	f.Close()
	tests := []struct{ file, want string }{
		{filepath.Join(dir, "missing.json"), "错误：文件不存在"},
		{dir, "错误：这是一个文件夹，不是报告文件"},
		{big, "错误：文件过大（17 MB，最多 4 MB）"},
	}
	if os.Geteuid() != 0 { // root reads anything
		tests = append(tests, struct{ file, want string }{unreadable, "错误：无法读取："})
	}
	for _, tt := range tests {
		got := format(input.Read(tt.file, ""), "f")
		if !strings.Contains(got, tt.want) || strings.Count(got, "\n") != 1 {
			t.Errorf("%s: got %q, want %q", tt.file, got, tt.want)
		}
	}
}

// One unreadable value hides no other check: it is reported, taken as not
// filled in, and the checks that need it are listed as not made.
func TestEveryProblemAtOnce(t *testing.T) {
	data, err := os.ReadFile("../testdata/reports/yueyanglou-2020-hrss.json")
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for _, r := range [][2]string{
		{`"unit": "岳阳楼区人力资源和社会保障网络信息服务中心"`, `"unit": ""`},
		{`"year": 2020`, `"year": "2020"`},
		{`"budget_code": "200002"`, `"budget_code": 200002`},
		{`"public_finance": 126.23`, `"public_finance": "一百二十六"`},
		{`"id": "staff_control",
        "score": 3`, `"id": "staff_control",
        "score": 7`},
	} {
		if !strings.Contains(s, r[0]) {
			t.Fatalf("the example lacks %s", r[0])
		}
		s = strings.Replace(s, r[0], r[1], 1)
	}
	file := filepath.Join(t.TempDir(), "r.json")
	os.WriteFile(file, []byte(s), 0o644)
	c := input.Read(file, "")
	got := format(c, "r.json")
	for _, want := range []string{
		`cover.unit（部门(单位)名称）：错误：不能为空`,
		`finance.units[1].income.public_finance（2、二级机构1 公共财政拨款，万元）：错误：应为最多两位小数的数字，实际为 "一百二十六"`,
		`finance.units[1].spending.surplus_year（2、二级机构1 当年结余，万元）：错误：应为 -8.58`,
		`score_sheet.items[0].score（自评得分，分）：错误：财政供养人员控制率：自评得分应在 0 到分值 5 之间，实际为 7`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("lacks %s in\n%s", want, got)
		}
	}
	for _, not := range []string{"cover.year", "cover.budget_code", "income.total（收入合计，万元）：错误"} {
		if strings.Contains(got, not) {
			t.Errorf("reports %s:\n%s", not, got)
		}
	}
	if c.Report.Cover.Year != 2020 || c.Report.Cover.BudgetCode != "200002" {
		t.Errorf("year %d code %q", c.Report.Cover.Year, c.Report.Cover.BudgetCode)
	}
	if strings.Join(c.Unchecked, "、") != "收入合计（2、二级机构1）" {
		t.Errorf("unchecked %q", c.Unchecked)
	}
}

// The profile that scores a report is chosen by whoever runs the command: a
// report cannot name a file as its rules; a profile file's mistakes name it.
func TestProfileChoice(t *testing.T) {
	dir := t.TempDir()
	data, _ := os.ReadFile("../testdata/reports/yueyanglou-2020-hrss.json")
	withPath := strings.Replace(string(data), `"profile": "yueyanglou-2020"`, `"profile": "../rules/lenient.json"`, 1)
	file := filepath.Join(dir, "r.json")
	os.WriteFile(file, []byte(withPath), 0o644)
	got := format(input.Read(file, ""), "r.json")
	if !strings.Contains(got, `profile（表式）：错误：报告中的 profile 只能是内置表式的编号（yueyang-city-2020、yueyanglou-2020、yueyanglou-2021），实际为 "../rules/lenient.json"：表式文件请在命令行用 --profile 指定`) {
		t.Errorf("a report naming a profile file:\n%s", got)
	}
	bad := filepath.Join(dir, "bad-profile.json")
	os.WriteFile(bad, []byte(`{"id": "x", "nmae": "y"}`), 0o644)
	got = format(input.Read("../testdata/reports/yueyanglou-2020-hrss.json", bad), "r.json")
	if !strings.Contains(got, "r.json：错误：表式文件 "+bad+":1:13 nmae 有误：没有这个字段 \"nmae\"（是否应为 \"name\"？）") {
		t.Errorf("a typo in a profile file:\n%s", got)
	}
}

// A report that names a profile no shipped profile has, as a report imported
// with a profile file does, is told to add --profile.
func TestProfileOfAFile(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../testdata/reports/yueyanglou-2020-hrss.json")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "r.json")
	os.WriteFile(file, []byte(strings.Replace(string(data), `"profile": "yueyanglou-2020"`, `"profile": "mycounty-2022"`, 1)), 0o644)
	got := format(input.Read(file, ""), "r.json")
	want := `r.json:2:14 profile（表式）：错误：没有表式 "mycounty-2022"（可用：yueyang-city-2020、yueyanglou-2020、yueyanglou-2021）；如这是表式文件的 id（用 --profile 表式文件导入的报告），请加 --profile 表式文件.json` + "\n"
	if got != want {
		t.Errorf("got\n%swant\n%s", got, want)
	}
}

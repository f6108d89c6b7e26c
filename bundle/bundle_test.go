package bundle_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"jixiao"
	"jixiao/bundle"
	"jixiao/input"
	"jixiao/internal/realclient"
	"jixiao/internal/synth"
)

// report is a synthetic report of 2020, reported in 2021, the year of the
// shipped example.
func report(seed uint64, n int) *jixiao.Report {
	r := synth.Report(seed, n)
	r.Cover.Year = 2020
	r.Cover.Date.Year = 2021
	return r
}

// units writes n synthetic reports of 2020 into dir/units (and one into a
// nested folder) and returns the input folder.
func units(t testing.TB, dir string, n int) string {
	t.Helper()
	in := filepath.Join(dir, "units")
	for i := range n {
		sub := in
		if i%3 == 0 {
			sub = filepath.Join(in, "二级")
		}
		os.MkdirAll(sub, 0o755)
		var b bytes.Buffer
		if err := jixiao.EncodeJSON(&b, report(uint64(100+i), 1+i%5)); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, "u"+string(rune('a'+i))+".json"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return in
}

func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// The bundle of the shipped reports (the example and its corrected version:
// one unit) and generated units: one row per unit that agrees with check,
// documents and a feedback sheet named from the code and the unit, the same
// bytes whatever the number of workers.
func TestBundle(t *testing.T) {
	dir := t.TempDir()
	in := units(t, dir, 7)
	inputs := []string{"../testdata/reports", in, "../testdata/bad/truncated.json"}
	var bytesByJobs []map[string][]byte
	for _, jobs := range []int{1, 4} {
		out := filepath.Join(dir, "bundle", "jobs"+string(rune('0'+jobs)))
		res, err := bundle.Run(context.Background(), inputs, bundle.Options{Out: out, Jobs: jobs, Version: "test"})
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Counts; !res.Written || c.Units != 8 || c.UnitsWithErrors != 0 || c.Replaced != 1 || c.NotRead != 1 || c.Files != 10 || res.Year != 2020 {
			t.Fatalf("written %v, counts %+v", res.Written, res.Counts)
		}
		bytesByJobs = append(bytesByJobs, tree(t, out))
		if jobs != 1 {
			continue
		}
		files := tree(t, out)
		var m bundle.Manifest
		if err := json.Unmarshal(files["bundle.json"], &m); err != nil {
			t.Fatal(err)
		}
		for _, u := range m.Units {
			c := input.Read(u.File, "")
			errs, warns := 0, 0
			for _, p := range c.Problems {
				if p.Severity == jixiao.Error {
					errs++
				} else {
					warns++
				}
			}
			if u.Errors != errs || u.Warnings < warns {
				t.Errorf("%s: bundle %d errors %d warnings, check %d %d", u.File, u.Errors, u.Warnings, errs, warns)
			}
			if c.Score != nil && (u.Self != c.Score.Self.String() || u.Grade != c.Score.Grade) {
				t.Errorf("%s: bundle %v %s, check %s %s", u.File, u.Self, u.Grade, c.Score.Self, c.Score.Grade)
			}
			if c.Report != nil { // the amounts of 汇总表
				s := jixiao.Summarize(u.File, c.Report, c.Score.Finance.Summary, c.Score.Self, c.Score.Suggested, c.Score.Grade, c.Problems)
				got := [3]string{u.Income, u.Spending, u.ThreePublic}
				if want := [3]string{s.Income.String(), s.Spending.String(), s.ThreePublic.String()}; got != want || got[0] == "" {
					t.Errorf("%s: amounts %q, want %q", u.File, got, want)
				}
			}
			if c.Report != nil && len(u.Outputs) != 3 {
				t.Errorf("%s: outputs %v", u.File, u.Outputs)
			}
		}
		if !slices.IsSortedFunc(m.Units, func(a, b bundle.ManifestUnit) int { return strings.Compare(a.Code, b.Code) }) {
			t.Error("units not sorted by code")
		}
		for _, name := range []string{"汇总表.xlsx", "问题清单.csv", "bundle.json",
			filepath.Join("报告", "200002_岳阳楼区人力资源和社会保障网络信息服务中心.docx"),
			filepath.Join("报告", "200002_岳阳楼区人力资源和社会保障网络信息服务中心.xlsx"),
			filepath.Join("反馈", "200002_岳阳楼区人力资源和社会保障网络信息服务中心_反馈单.docx")} {
			if files[name] == nil {
				t.Errorf("bundle lacks %s", name)
			}
		}
		csv := string(files["问题清单.csv"])
		if !strings.HasPrefix(csv, "\ufeff预算编码,单位名称,文件,位置,字段,严重程度,类别,问题\r\n") || strings.Contains(csv, "应为 -8.58") ||
			!strings.Contains(csv, "truncated.json") || !strings.Contains(csv, `"=""200002""",岳阳楼区人力资源和社会保障网络信息服务中心,../testdata/reports/yueyanglou-2020-hrss.json,,,警告,重复报送,`) {
			t.Errorf("问题清单.csv:\n%.600s", csv)
		}
		if m.Counts != res.Counts || len(m.Inputs) != 10 || len(m.Outputs) != 3*8+2 || len(m.Intake) != 10 || m.Version != "test" || m.Year != 2020 {
			t.Errorf("manifest counts %+v, %d inputs, %d outputs, %d intake", m.Counts, len(m.Inputs), len(m.Outputs), len(m.Intake))
		}
	}
	a, b := bytesByJobs[0], bytesByJobs[1]
	if len(a) != len(b) {
		t.Fatalf("%d files with 1 job, %d with 4", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between --jobs 1 and --jobs 4", name)
		}
	}
}

// An existing bundle is replaced only with Force; a folder of other files
// never, even with Force; --strict writes nothing when a unit has errors; no
// temporary folder is left behind.
func TestBundleReplaceAndStrict(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "汇总包")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "old.txt"), []byte("old"), 0o644)
	ex := "../testdata/reports/yueyanglou-2020-hrss.json"
	// A folder that is not a bundle is never replaced, even with Force, and
	// the message does not suggest Force.
	for _, force := range []bool{false, true} {
		_, err := bundle.Run(context.Background(), []string{ex}, bundle.Options{Out: out, Force: force})
		if !errors.Is(err, bundle.ErrUsage) || !strings.Contains(err.Error(), "不是 jixiao 生成的汇总包") ||
			!strings.Contains(err.Error(), "请用 -o 指定另一个文件夹，或先把它清空") || strings.Contains(err.Error(), "--force") {
			t.Errorf("force %v over a folder that is not a bundle: %v", force, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "old.txt")); err != nil {
		t.Fatal("--force removed a folder the tool did not make")
	}
	os.RemoveAll(out)
	first := units(t, dir, 1)
	if _, err := bundle.Run(context.Background(), []string{first}, bundle.Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	before := tree(t, out)
	if _, err := bundle.Run(context.Background(), []string{ex}, bundle.Options{Out: out}); !errors.Is(err, bundle.ErrExists) ||
		!strings.Contains(err.Error(), "加 --force 替换") {
		t.Errorf("an existing bundle: %v", err)
	}
	res, err := bundle.Run(context.Background(), []string{ex}, bundle.Options{Out: out, Force: true, Strict: true})
	if err != nil || res.Written || res.Counts.UnitsWithErrors != 1 || len(res.Errors) != 3 {
		t.Fatalf("strict: %v %+v", err, res)
	}
	if !reflect.DeepEqual(tree(t, out), before) {
		t.Error("--strict replaced the old bundle")
	}
	if _, err := bundle.Run(context.Background(), []string{ex}, bundle.Options{Out: out, Force: true}); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 { // the bundle and the units
		t.Errorf("left beside the bundle: %v", entries)
	}
}

// --force replaces a bundle only when everything in it is what the tool
// made: a file the user added, or a file of the bundle changed since, makes
// it refuse (naming them) and remove nothing. bundle.json and the tool's own
// hidden temporary files are the tool's.
func TestBundleForceForeign(t *testing.T) {
	dir := t.TempDir()
	in := units(t, dir, 2)
	out := filepath.Join(dir, "out")
	run := func() error {
		_, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out, Force: true})
		return err
	}
	if err := run(); err != nil {
		t.Fatal(err)
	}
	mine := []string{"我的说明.txt", filepath.Join("反馈", "手工批注.docx")}
	for _, name := range mine {
		os.WriteFile(filepath.Join(out, name), []byte("mine"), 0o644)
	}
	os.MkdirAll(filepath.Join(out, "报告", "新建文件夹"), 0o755)
	err := run()
	if !errors.Is(err, bundle.ErrForeign) {
		t.Fatalf("--force over added files: %v", err)
	}
	for _, want := range []string{"我的说明.txt", "反馈/手工批注.docx", "报告/新建文件夹/", "共 3 个", "不会删除", "移到汇总包之外", "-o 指定另一个文件夹"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal lacks %q: %v", want, err)
		}
	}
	for _, name := range mine {
		if data, err := os.ReadFile(filepath.Join(out, name)); err != nil || string(data) != "mine" {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, name := range mine {
		os.Remove(filepath.Join(out, name))
	}
	os.Remove(filepath.Join(out, "报告", "新建文件夹"))
	// A file of the bundle changed since.
	os.WriteFile(filepath.Join(out, bundle.SummaryName), []byte("批注过的汇总表"), 0o644)
	if err := run(); !errors.Is(err, bundle.ErrForeign) || !strings.Contains(err.Error(), bundle.SummaryName+"（生成后被修改过）") {
		t.Fatalf("--force over a changed file: %v", err)
	}
	os.Remove(filepath.Join(out, bundle.SummaryName))
	// A hidden temporary file of the tool's is its own.
	os.WriteFile(filepath.Join(out, ".x."+strconv.Itoa(deadPid(t))+".0badf00d.jixiao-tmp"), nil, 0o644)
	if err := run(); err != nil {
		t.Fatalf("--force over the tool's files only: %v", err)
	}
	if !bundle.IsBundle(out) {
		t.Error("not replaced")
	}
}

// An existing empty folder is taken as the destination, without --force.
func TestBundleEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	in := units(t, dir, 1)
	out := filepath.Join(dir, "emptyout")
	os.Mkdir(out, 0o755)
	res, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out})
	if err != nil || !res.Written || !bundle.IsBundle(out) {
		t.Fatalf("into an empty folder: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("left beside the bundle: %v", entries)
	}
}

// A bundle is never written over or inside its inputs, nor inputs inside it;
// a bundle inside an input folder is not read as units.
func TestBundlePlaces(t *testing.T) {
	dir := t.TempDir()
	in := units(t, dir, 2)
	for _, tt := range []struct {
		name   string
		inputs []string
		out    string
		want   string
	}{
		{"output is the input folder", []string{in}, in, "在输入"},
		{"output inside the input folder", []string{in}, filepath.Join(in, "汇总包"), "在输入"},
		{"output is the current folder holding the input", []string{in}, dir, "在汇总包"},
		{"missing input", []string{filepath.Join(dir, "没有")}, filepath.Join(dir, "b"), "不存在"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := bundle.Run(context.Background(), tt.inputs, bundle.Options{Out: tt.out, Force: true})
			if !errors.Is(err, bundle.ErrUsage) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want a usage error saying %q", err, tt.want)
			}
		})
	}
	// A bundle left inside the input folder (made by hand or an old version)
	// is skipped with a warning, not read as units.
	inner := filepath.Join(dir, "first")
	if _, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: inner}); err != nil {
		t.Fatal(err)
	}
	moved := filepath.Join(in, "first")
	if err := os.Rename(inner, moved); err != nil {
		t.Fatal(err)
	}
	res, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: filepath.Join(dir, "second")})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Counts; c.Units != 2 || c.Files != 3 || c.NotRead != 1 || c.Warnings == 0 { // 2 units and the skipped bundle
		t.Errorf("counts %+v", res.Counts)
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "second", bundle.ProblemsName))
	if !strings.Contains(string(csv), "这是 jixiao 生成的汇总包，其中的文件不作为报告读入") {
		t.Errorf("the skipped bundle is not listed:\n%s", csv)
	}
}

// An interrupted run leaves nothing; the temporary folder of a killed run is
// removed by the next run.
func TestBundleInterrupted(t *testing.T) {
	dir := t.TempDir()
	in := units(t, dir, 6)
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithCancel(context.Background())
	_, err := bundle.Run(ctx, []string{in}, bundle.Options{Out: out, Jobs: 1, Progress: func(done, total, _ int) {
		if done == 2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	stale := filepath.Join(dir, ".out."+strconv.Itoa(deadPid(t))+".0badf00d.jixiao-tmp")
	os.MkdirAll(filepath.Join(stale, "报告"), 0o755)
	if _, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the stale temporary folder is still there")
	}
}

// Hostile and colliding unit names make safe, distinct file names.
func TestBundleNames(t *testing.T) {
	for _, tt := range []struct{ code, unit, want string }{
		{"200002", "岳阳楼区某中心", "200002_岳阳楼区某中心"},
		{"../..", "../../etc/passwd", "_.._.._.._etc_passwd"},
		{"", "CON", "_CON"},
		{"a:b", "x*y?z\"<>|", "a_b_x_y_z____"},
		{" ", " . ", "未命名"},
		{"1", "单位\x00\x1f名", "1_单位__名"},
		{"1", strings.Repeat("长", 200), "1_" + strings.Repeat("长", 67)}, // 203 bytes: room for （2） and .docx within 255
	} {
		if got := bundle.FileName(tt.code, tt.unit); got != tt.want {
			t.Errorf("FileName(%q, %q) = %q, want %q", tt.code, tt.unit, got, tt.want)
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	// Different codes that make one file name (a unit is counted once by its
	// code: two reports of one code are one unit).
	for i, cu := range [][2]string{{"00:1", "../evil"}, {"00/1", "../evil"}, {"002", "CON"}, {"003", "同名"}} {
		r := report(uint64(i), 1)
		r.Cover.BudgetCode, r.Cover.Unit = cu[0], cu[1]
		var b bytes.Buffer
		jixiao.EncodeJSON(&b, r)
		os.WriteFile(filepath.Join(in, string(rune('a'+i))+".json"), b.Bytes(), 0o644)
	}
	os.Symlink(in, filepath.Join(in, "loop")) // a symbolic link loop is not followed
	out := filepath.Join(dir, "out")
	res, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out, Formats: []string{"docx"}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rel := range tree(t, filepath.Join(out, "报告")) {
		names = append(names, rel)
	}
	slices.Sort(names)
	want := []string{"002_CON.docx", "003_同名.docx", "00_1_.._evil.docx", "00_1_.._evil（2）.docx"}
	if !slices.Equal(names, want) {
		t.Errorf("names %q, want %q", names, want)
	}
	if res.Counts.Warnings < 1 || !strings.Contains(string(tree(t, out)["问题清单.csv"]), "文件名改为 00_1_.._evil（2）") {
		t.Error("the clash is not reported")
	}
}

// --format pdf makes one PDF per unit through LibreOffice.
func TestBundlePDF(t *testing.T) {
	realclient.Soffice(t)
	dir := t.TempDir()
	in := units(t, dir, 3)
	out := filepath.Join(dir, "out")
	if _, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: out, Formats: []string{"pdf"}}); err != nil {
		t.Fatal(err)
	}
	files := tree(t, filepath.Join(out, "报告"))
	if len(files) != 3 {
		t.Fatalf("files %v", len(files))
	}
	for name, data := range files {
		if filepath.Ext(name) != ".pdf" || !bytes.HasPrefix(data, []byte("%PDF")) {
			t.Errorf("%s is not a PDF", name)
		}
	}
	var m bundle.Manifest
	if err := json.Unmarshal(tree(t, out)["bundle.json"], &m); err != nil {
		t.Fatal(err)
	}
	for _, u := range m.Units {
		if len(u.Outputs) != 3 || filepath.Ext(u.Outputs[0]) != ".pdf" || !strings.HasSuffix(u.Outputs[1], "_反馈单.docx") ||
			!strings.HasSuffix(u.Outputs[2], "_反馈单.pdf") {
			t.Errorf("outputs %v", u.Outputs)
		}
	}
	// The printable volume: the summary table, then each unit's report and
	// feedback sheet, with a bookmark for each.
	volume := filepath.Join(out, bundle.VolumeName)
	pages := len(realclient.PDFPages(t, volume))
	sum := 0
	for name := range files {
		sum += len(realclient.PDFPages(t, filepath.Join(out, "报告", name)))
	}
	for name := range tree(t, filepath.Join(out, "反馈")) {
		if filepath.Ext(name) == ".pdf" {
			sum += len(realclient.PDFPages(t, filepath.Join(out, "反馈", name)))
		}
	}
	if pages <= sum {
		t.Errorf("%s has %d pages, the reports and feedback sheets %d: where is the summary table?", bundle.VolumeName, pages, sum)
	}
	text := realclient.PDFText(t, volume)
	for _, want := range []string{"部门整体支出绩效自评汇总表", "反馈单", "评分表"} {
		if !strings.Contains(text, want) {
			t.Errorf("%s lacks %q", bundle.VolumeName, want)
		}
	}
	found := false
	for _, o := range m.Outputs {
		found = found || o.Path == bundle.VolumeName
	}
	if !found {
		t.Errorf("bundle.json does not list %s", bundle.VolumeName)
	}
}

// The summary workbook passes the strict validator, and openpyxl reads its
// sheets, frozen header, filter, totals and charts.
func TestSummaryWorkbook(t *testing.T) {
	dir := t.TempDir()
	in := units(t, dir, 5)
	out := filepath.Join(dir, "out")
	if _, err := bundle.Run(context.Background(), []string{in, "../testdata/reports"}, bundle.Options{Out: out, Formats: []string{"xlsx"}}); err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(out, "汇总表.xlsx")
	realclient.Validate(t, book)
	got := realclient.RunPython(t, `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(wb.sheetnames)
ws = wb["汇总表"]
print(ws["A1"].value, "|", ws.oddHeader.center.text)
print(ws.freeze_panes, ws.auto_filter.ref, ws.max_row, ws.page_setup.orientation)
print(ws["C2"].value, ws["D2"].value, ws["D3"].value, ws["C9"].value, ws["M9"].value, ws["I3"].number_format)
print(len(wb["图表"]._charts), wb["报送情况"].max_row)
`, []string{book}, "openpyxl")
	want := "['汇总表', '报送情况', '问题清单', '图表']\n岳阳楼区2020年度部门整体支出绩效自评汇总表 | 岳阳楼区2020年度部门整体支出绩效自评汇总表\n" +
		"A3 $A$2:$O$8 9 landscape\n单位名称 年度 2020 合计（6 个单位） 0 0.00\n2 10\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// BenchmarkBundle builds the bundle of 100 synthetic units (JIXIAO_BENCH_UNITS) (docx + xlsx +
// summary) per iteration; see docs/benchmarks.md for whole runs of 1,000 and
// 5,000 units with cmd/synth.
func BenchmarkBundle(b *testing.B) {
	dir := b.TempDir()
	in := filepath.Join(dir, "in")
	os.MkdirAll(in, 0o755)
	n := 100
	if s := os.Getenv("JIXIAO_BENCH_UNITS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	for i := range n {
		var buf bytes.Buffer
		jixiao.EncodeJSON(&buf, report(uint64(i), 1+i%6))
		os.WriteFile(filepath.Join(in, fmt.Sprintf("%06d.json", i)), buf.Bytes(), 0o644)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bundle.Run(context.Background(), []string{in}, bundle.Options{Out: filepath.Join(dir, "out"), Force: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// deadPid returns the pid of a process that has exited.
func deadPid(t *testing.T) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}
